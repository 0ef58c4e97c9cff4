#include "line_reader.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int lr_next(line_reader *r, char **line, size_t *len) {
    int discarding = 0;
    size_t discarded = 0;
    for (;;) {
        char *nl = r->end > r->start ? memchr(r->buf + r->start, '\n', r->end - r->start) : NULL;
        if (nl) {
            size_t l = (size_t)(nl - (r->buf + r->start));
            char *s = r->buf + r->start;
            r->start += l + 1;
            if (discarding) { *len = discarded + l; return LR_TOO_LONG; }
            if (l > r->max_line) { *len = l; return LR_TOO_LONG; }
            if (l > 0 && s[l - 1] == '\r') l--;
            s[l] = '\0';
            *line = s;
            *len = l;
            return LR_LINE;
        }
        size_t pending = r->end - r->start;
        if (pending > r->max_line) { /* no newline within the limit: drop what we have, keep dropping */
            discarding = 1;
            discarded += pending;
            r->start = r->end = 0;
            pending = 0;
        }
        if (r->eof) {
            if (discarding) { *len = discarded; return LR_TOO_LONG; }
            if (pending == 0) return LR_EOF;
            /* last line without a trailing newline */
            char *s = r->buf + r->start;
            s[pending] = '\0';
            r->start = r->end;
            *line = s;
            *len = pending;
            return LR_LINE;
        }
        if (r->start > 0) {
            memmove(r->buf, r->buf + r->start, pending);
            r->start = 0;
            r->end = pending;
        }
        ssize_t n = read(STDIN_FILENO, r->buf + r->end, r->cap - 1 - r->end);
        if (n < 0) {
            if (errno == EINTR) {
                if (r->interrupt && atomic_load(r->interrupt)) return LR_INTR;
                continue;
            }
            return LR_ERROR;
        }
        if (n == 0) r->eof = 1;
        r->end += (size_t)n;
    }
}
