/*
 * Test probe for the runner's JSON reader (src/json_parse.c): reads one document on stdin, parses it strictly
 * (default) or in engine mode (--engine), and prints one line: {"ok":true,"repairs":{..},"value":<re-written>}
 * or {"ok":false,"error":".."}. The writer re-escapes, so the line is always strict JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/json.h"

int main(int argc, char **argv) {
    int engine = argc > 1 && strcmp(argv[1], "--engine") == 0;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, stdin)) > 0) {
        len += n;
        if (len == cap) buf = realloc(buf, cap *= 2);
    }
    if (!buf) return 1;
    char err[200];
    json_repairs rep = {0, 0};
    json_value *v = engine ? json_parse_engine(buf, len, err, sizeof err, &rep) : json_parse(buf, len, err, sizeof err);
    jbuf b;
    jb_init(&b);
    if (!v) {
        jb_cstr(&b, "{\"ok\":false,\"error\":");
        jb_cstr_q(&b, err);
    } else {
        jb_cstr(&b, "{\"ok\":true,\"repairs\":{\"invalid_utf8\":");
        jb_int(&b, (long long)rep.invalid_utf8);
        jb_cstr(&b, ",\"control_chars\":");
        jb_int(&b, (long long)rep.control_chars);
        jb_cstr(&b, "},\"value\":");
        jb_value(&b, v);
    }
    jb_raw(&b, "}\n", 2);
    fwrite(b.buf, 1, b.len, stdout);
    jb_free(&b);
    json_free(v);
    free(buf);
    return 0;
}
