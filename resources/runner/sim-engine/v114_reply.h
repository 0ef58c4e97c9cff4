/* Replies written the way Cactus v1.14 writes them (see ../README.md, "Replies like v1.14's"). */
#ifndef AURORA_V114_REPLY_H
#define AURORA_V114_REPLY_H

#include <stddef.h>

#include "../src/json.h"

/* strcpy semantics: a NUL inside b ends the copy; returns b's full length, or -1 with a message in err. */
int v114_write_response(char *buf, size_t cap, const jbuf *b, char *err, size_t errlen);
/* The reply as a JSON string; tail_hex (may be NULL) is decoded and appended raw, escaped as v1.14 escapes. */
void v114_response_string(jbuf *b, const char *reply, size_t n, const char *tail_hex);

#endif
