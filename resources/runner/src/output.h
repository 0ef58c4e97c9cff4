/* The single stdout stream shared by the request loop and the sampler: whole lines, never interleaved. */
#ifndef AURORA_OUTPUT_H
#define AURORA_OUTPUT_H

#include <stddef.h>

/* Writes line + '\n' atomically with respect to other out_line calls, and flushes. -1 if stdout is gone. */
int out_line(const char *line, size_t len);
/* 1 once a write to stdout has failed (the reader went away). */
int out_broken(void);

#endif
