#include "platform.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char g_root[4096];
static size_t g_root_len;
static int g_have_epoch;
static double g_epoch_ms;

void platform_init(void) {
    const char *root = getenv("AURORA_DEVICE_ROOT");
    if (root && *root) {
        size_t n = strlen(root);
        while (n > 1 && root[n - 1] == '/') n--; /* "/x/" -> "/x"; "/" stays "/" */
        if (n == 1 && root[0] == '/') n = 0;      /* root "/" is the real root: no prefix */
        if (n < sizeof g_root) {
            memcpy(g_root, root, n);
            g_root[n] = '\0';
            g_root_len = n;
        }
    }
    const char *epoch = getenv("AURORA_BOOT_EPOCH_MS");
    if (epoch && *epoch) {
        char *end;
        double v = strtod(epoch, &end);
        if (end != epoch && *end == '\0') { g_have_epoch = 1; g_epoch_ms = v; }
    }
}

static double clock_ms(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

double boot_ms(void) {
    if (g_have_epoch) return clock_ms(CLOCK_REALTIME) - g_epoch_ms;
    return clock_ms(CLOCK_BOOTTIME);
}

double mono_ms(void) { return clock_ms(CLOCK_MONOTONIC); }

int platform_is_virtual_root(void) { return g_root_len > 0; }
int platform_is_virtual_clock(void) { return g_have_epoch; }

int device_path(const char *path, char *out, size_t outlen) {
    size_t pl = strlen(path);
    int prefix = g_root_len > 0 && path[0] == '/' &&
                 !(strncmp(path, "/proc/self", 10) == 0 && (path[10] == '/' || path[10] == '\0'));
    size_t need = (prefix ? g_root_len : 0) + pl + 1;
    if (need > outlen) return 0;
    size_t o = 0;
    if (prefix) { memcpy(out, g_root, g_root_len); o = g_root_len; }
    memcpy(out + o, path, pl + 1);
    return 1;
}

double rss_mb(void) {
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = '\0';
    const char *p = strstr(buf, "VmRSS:");
    if (!p) return -1;
    long kb = strtol(p + 6, NULL, 10);
    return (double)kb / 1024.0;
}
