/* Request lines from stdin, with a length limit: an over-long line is consumed and reported, never buffered whole. */
#ifndef AURORA_LINE_READER_H
#define AURORA_LINE_READER_H

#include <stdatomic.h>
#include <stddef.h>

typedef struct {
    char *buf;
    size_t cap, start, end;
    size_t max_line;
    int eof;
    atomic_int *interrupt; /* read() failing with EINTR while *interrupt is set ends the wait (LR_INTR) */
} line_reader;

enum { LR_LINE = 1, LR_EOF = 0, LR_INTR = -1, LR_TOO_LONG = 2, LR_ERROR = -2 };

/* Next line (without '\n' / "\r\n") in *line,*len, NUL-terminated in place. An over-long line is consumed and
   reported as LR_TOO_LONG with its length in *len. */
int lr_next(line_reader *r, char **line, size_t *len);

#endif
