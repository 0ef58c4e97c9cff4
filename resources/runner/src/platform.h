/* Clock, paths and process facts, with the virtual-phone overrides (AURORA_DEVICE_ROOT, AURORA_BOOT_EPOCH_MS). */
#ifndef AURORA_PLATFORM_H
#define AURORA_PLATFORM_H

#include <stddef.h>

/* Reads the environment once; call before any other function here. */
void platform_init(void);

/* Milliseconds since the (possibly virtual) phone booted: CLOCK_BOOTTIME, or CLOCK_REALTIME - AURORA_BOOT_EPOCH_MS. */
double boot_ms(void);

/* Monotonic milliseconds, for measuring durations. */
double mono_ms(void);

/* Prefixes absolute paths with AURORA_DEVICE_ROOT (except /proc/self...). Returns 0 if it does not fit. */
int device_path(const char *path, char *out, size_t outlen);

/* 1 when AURORA_DEVICE_ROOT / AURORA_BOOT_EPOCH_MS are set. */
int platform_is_virtual_root(void);
int platform_is_virtual_clock(void);

/* Resident set size of this process in MB (VmRSS of /proc/self/status), or -1. */
double rss_mb(void);

#endif
