/*
 * The simulated engine's dummy .weights format (deterministic, a few KB):
 *   "AURSIMW1" | u32 LE payload length | payload (64-byte NUL-padded model id, then LCG bytes) | u64 LE FNV-1a(payload)
 * Files without the magic are treated as opaque (accepted as long as they are not empty).
 */
#ifndef AURORA_SIM_WEIGHTS_FORMAT_H
#define AURORA_SIM_WEIGHTS_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define SIMW_MAGIC "AURSIMW1"
#define SIMW_MAGIC_LEN 8
#define SIMW_ID_LEN 64

static inline uint64_t simw_fnv1a(const unsigned char *p, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 1099511628211ULL; }
    return h;
}

static inline uint32_t simw_get_u32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t simw_get_u64(const unsigned char *p) {
    return (uint64_t)simw_get_u32(p) | ((uint64_t)simw_get_u32(p + 4) << 32);
}

static inline void simw_put_u32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static inline void simw_put_u64(unsigned char *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

#endif
