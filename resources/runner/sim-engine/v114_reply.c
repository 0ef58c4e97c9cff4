/* Replies written the way Cactus v1.14 writes them, so the lab meets the same bytes on virtual phones. */
#include "v114_reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* As v1.14 does: strcpy into the buffer (a NUL inside the text ends the copy there), return the full length. */
int v114_write_response(char *buf, size_t cap, const jbuf *b, char *err, size_t errlen) {
    if (b->oom) { snprintf(err, errlen, "out of memory"); return -1; }
    if (b->len + 1 > cap) { snprintf(err, errlen, "response buffer too small (%zu bytes needed)", b->len + 1); if (cap) buf[0] = '\0'; return -1; }
    size_t n = strlen(b->buf);
    memcpy(buf, b->buf, n + 1);
    return (int)b->len;
}

/* A string the way v1.14's escape_json_string writes it: only " \\ \n \r \t escaped, every other byte raw. */
static void v114_bytes(jbuf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') jb_raw(b, "\\\"", 2);
        else if (c == '\\') jb_raw(b, "\\\\", 2);
        else if (c == '\n') jb_raw(b, "\\n", 2);
        else if (c == '\r') jb_raw(b, "\\r", 2);
        else if (c == '\t') jb_raw(b, "\\t", 2);
        else jb_raw(b, &c, 1);
    }
}

/* The reply, plus options.aurora_sim_raw_tail_hex decoded and appended raw (tests: v1.14's byte patterns). */
void v114_response_string(jbuf *b, const char *reply, size_t n, const char *tail_hex) {
    if (!tail_hex) { jb_str(b, reply, n); return; }
    jb_raw(b, "\"", 1);
    v114_bytes(b, reply, n);
    for (size_t i = 0; tail_hex[i] && tail_hex[i + 1]; i += 2) {
        char pair[3] = {tail_hex[i], tail_hex[i + 1], 0};
        char byte = (char)strtol(pair, NULL, 16);
        v114_bytes(b, &byte, 1);
    }
    jb_raw(b, "\"", 1);
}
