/* The JSON writer: a growable buffer; strings are escaped so the output is always strict JSON. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jb_init(jbuf *b) { memset(b, 0, sizeof *b); }
void jb_free(jbuf *b) { free(b->buf); memset(b, 0, sizeof *b); }
void jb_reset(jbuf *b) { b->len = 0; b->oom = 0; if (b->buf) b->buf[0] = '\0'; }

static int jb_reserve(jbuf *b, size_t extra) {
    if (b->oom) return 0;
    if (b->len + extra + 1 <= b->cap) return 1;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < b->len + extra + 1) nc *= 2;
    char *nb = realloc(b->buf, nc);
    if (!nb) { b->oom = 1; return 0; }
    b->buf = nb;
    b->cap = nc;
    return 1;
}

void jb_raw(jbuf *b, const char *s, size_t n) {
    if (!jb_reserve(b, n)) return;
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

void jb_cstr(jbuf *b, const char *s) { jb_raw(b, s, strlen(s)); }

void jb_str(jbuf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    if (!jb_reserve(b, n + 2)) return;
    jb_raw(b, "\"", 1);
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0; /* run: start of a stretch copied verbatim */
    while (i < n) {
        unsigned char c = u[i];
        const char *esc = NULL;
        char tmp[8];
        size_t skip = 1;
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c == '\b') esc = "\\b";
        else if (c == '\f') esc = "\\f";
        else if (c < 0x20 || c == 0x7f) {
            tmp[0] = '\\'; tmp[1] = 'u'; tmp[2] = '0'; tmp[3] = '0';
            tmp[4] = hex[c >> 4]; tmp[5] = hex[c & 15]; tmp[6] = '\0';
            esc = tmp;
        } else if (c >= 0x80) {
            size_t k = json_utf8_seq(u + i, n - i);
            if (k) { i += k; continue; }
            esc = "\xEF\xBF\xBD"; /* U+FFFD for each invalid byte */
        } else { i++; continue; }
        jb_raw(b, s + run, i - run);
        jb_cstr(b, esc);
        i += skip;
        run = i;
    }
    jb_raw(b, s + run, i - run);
    jb_raw(b, "\"", 1);
}

void jb_cstr_q(jbuf *b, const char *s) {
    if (!s) jb_cstr(b, "null");
    else jb_str(b, s, strlen(s));
}

void jb_num(jbuf *b, double v) {
    if (!isfinite(v)) { jb_cstr(b, "null"); return; }
    char tmp[40];
    if (v == (double)(long long)v && fabs(v) < 1e15) snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    else snprintf(tmp, sizeof tmp, "%.10g", v);
    jb_cstr(b, tmp);
}

void jb_fixed(jbuf *b, double v, int decimals) {
    if (!isfinite(v)) { jb_cstr(b, "null"); return; }
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
    jb_cstr(b, tmp);
}

void jb_int(jbuf *b, long long v) {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", v);
    jb_cstr(b, tmp);
}

void jb_value(jbuf *b, const json_value *v) {
    if (!v) { jb_cstr(b, "null"); return; }
    switch (v->type) {
    case JSON_NULL: jb_cstr(b, "null"); break;
    case JSON_TRUE: jb_cstr(b, "true"); break;
    case JSON_FALSE: jb_cstr(b, "false"); break;
    case JSON_NUMBER: jb_raw(b, v->str, v->len); break;
    case JSON_STRING: jb_str(b, v->str, v->len); break;
    case JSON_ARRAY:
        jb_raw(b, "[", 1);
        for (size_t i = 0; i < v->count; i++) { if (i) jb_raw(b, ",", 1); jb_value(b, v->items[i]); }
        jb_raw(b, "]", 1);
        break;
    case JSON_OBJECT:
        jb_raw(b, "{", 1);
        for (size_t i = 0; i < v->count; i++) {
            if (i) jb_raw(b, ",", 1);
            jb_str(b, v->keys[i], v->key_lens[i]);
            jb_raw(b, ":", 1);
            jb_value(b, v->items[i]);
        }
        jb_raw(b, "}", 1);
        break;
    }
}

void jb_sep(jbuf *b) {
    if (b->len && b->buf[b->len - 1] != '{' && b->buf[b->len - 1] != '[' && b->buf[b->len - 1] != ':')
        jb_raw(b, ",", 1);
}

void jb_key(jbuf *b, const char *key) {
    jb_sep(b);
    jb_cstr_q(b, key);
    jb_raw(b, ":", 1);
}
