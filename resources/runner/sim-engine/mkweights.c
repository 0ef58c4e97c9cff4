/* Writes a deterministic dummy .weights file for the simulated engine: mkweights OUT MODEL_ID KB */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weights_format.h"

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: mkweights OUT MODEL_ID KB\n"); return 2; }
    long kb = strtol(argv[3], NULL, 10);
    if (kb < 1 || kb > 1024) { fprintf(stderr, "KB must be 1..1024\n"); return 2; }
    size_t payload = (size_t)kb * 1024;
    unsigned char *buf = calloc(1, SIMW_MAGIC_LEN + 4 + payload + 8);
    if (!buf) return 1;
    memcpy(buf, SIMW_MAGIC, SIMW_MAGIC_LEN);
    simw_put_u32(buf + SIMW_MAGIC_LEN, (uint32_t)payload);
    unsigned char *p = buf + SIMW_MAGIC_LEN + 4;
    strncpy((char *)p, argv[2], SIMW_ID_LEN - 1);
    uint64_t x = simw_fnv1a((const unsigned char *)argv[2], strlen(argv[2]));
    for (size_t i = SIMW_ID_LEN; i < payload; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        p[i] = (unsigned char)(x >> 56);
    }
    simw_put_u64(p + payload, simw_fnv1a(p, payload));
    FILE *f = fopen(argv[1], "wb");
    if (!f) { perror(argv[1]); return 1; }
    size_t total = SIMW_MAGIC_LEN + 4 + payload + 8;
    if (fwrite(buf, 1, total, f) != total || fclose(f) != 0) { perror(argv[1]); return 1; }
    free(buf);
    return 0;
}
