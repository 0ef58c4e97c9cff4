/* The JSON parser: strict RFC 8259 for requests; the engine mode also takes what Cactus v1.14 writes. */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p, *end, *start;
    char *err;
    size_t errlen;
    int failed;
    json_repairs *repairs; /* non-NULL: engine mode */
} parser;

static void fail(parser *ps, const char *fmt, ...) {
    if (ps->failed) return;
    ps->failed = 1;
    if (!ps->err || ps->errlen == 0) return;
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(ps->err, ps->errlen, "%s at byte %zu", msg, (size_t)(ps->p - ps->start));
}

static void skip_ws(parser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static json_value *new_value(parser *ps, json_type t) {
    json_value *v = calloc(1, sizeof *v);
    if (!v) fail(ps, "out of memory");
    else v->type = t;
    return v;
}

size_t json_utf8_seq(const unsigned char *s, size_t avail) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else return 0;
    if (avail < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
    if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
    return n;
}

int json_utf8_valid(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = json_utf8_seq(u + i, len - i);
        if (!n) return 0;
        i += n;
    }
    return 1;
}

static int hex4(parser *ps, uint32_t *out) {
    if (ps->end - ps->p < 4) { fail(ps, "truncated \\u escape"); return 0; }
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = ps->p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
        else { fail(ps, "bad hex digit in \\u escape"); return 0; }
    }
    ps->p += 4;
    *out = v;
    return 1;
}

static size_t put_utf8(char *o, uint32_t cp) {
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Parses a string starting at the opening quote. The decoded text is never longer than the source. */
static char *parse_string(parser *ps, size_t *out_len) {
    ps->p++; /* opening quote */
    const char *s = ps->p;
    /* find the raw extent first to size the output */
    size_t cap = 0;
    {
        const char *q = s;
        while (q < ps->end && *q != '"') { if (*q == '\\' && q + 1 < ps->end) q++; q++; }
        /* engine mode may turn one invalid byte into the 3 bytes of U+FFFD */
        cap = (size_t)(q - s) * (ps->repairs ? 3 : 1) + 1;
    }
    char *out = malloc(cap);
    if (!out) { fail(ps, "out of memory"); return NULL; }
    size_t n = 0;
    for (;;) {
        if (ps->p >= ps->end) { fail(ps, "unterminated string"); break; }
        unsigned char c = (unsigned char)*ps->p;
        if (c == '"') { ps->p++; out[n] = '\0'; *out_len = n; return out; }
        if (c < 0x20) {
            if (!ps->repairs) { fail(ps, "raw control character in string"); break; }
            ps->repairs->control_chars++; /* a real character, only written unescaped: kept as it is */
            out[n++] = (char)c;
            ps->p++;
            continue;
        }
        if (c == '\\') {
            ps->p++;
            if (ps->p >= ps->end) { fail(ps, "unterminated escape"); break; }
            char e = *ps->p++;
            switch (e) {
            case '"': out[n++] = '"'; break;
            case '\\': out[n++] = '\\'; break;
            case '/': out[n++] = '/'; break;
            case 'b': out[n++] = '\b'; break;
            case 'f': out[n++] = '\f'; break;
            case 'n': out[n++] = '\n'; break;
            case 'r': out[n++] = '\r'; break;
            case 't': out[n++] = '\t'; break;
            case 'u': {
                uint32_t cp;
                if (!hex4(ps, &cp)) goto bad;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t lo;
                    if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u') { fail(ps, "lone high surrogate"); goto bad; }
                    ps->p += 2;
                    if (!hex4(ps, &lo)) goto bad;
                    if (lo < 0xDC00 || lo > 0xDFFF) { fail(ps, "high surrogate not followed by low surrogate"); goto bad; }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    fail(ps, "lone low surrogate");
                    goto bad;
                }
                n += put_utf8(out + n, cp); /* \uXXXX is 6 source bytes, at most 4 out; pairs 12 -> 4 */
                break;
            }
            default: fail(ps, "bad escape \\%c", e >= 0x20 && e < 0x7f ? e : '?'); goto bad;
            }
            continue;
        }
        if (c < 0x80) { out[n++] = (char)c; ps->p++; continue; }
        size_t k = json_utf8_seq((const unsigned char *)ps->p, (size_t)(ps->end - ps->p));
        if (!k) {
            if (!ps->repairs) { fail(ps, "invalid UTF-8 in string"); break; }
            ps->repairs->invalid_utf8++;
            memcpy(out + n, "\xEF\xBF\xBD", 3); /* U+FFFD for each invalid byte, as the writer does */
            n += 3;
            ps->p++;
            continue;
        }
        memcpy(out + n, ps->p, k);
        n += k;
        ps->p += k;
    }
bad:
    free(out);
    return NULL;
}

static json_value *parse_value(parser *ps, int depth);

static int push_item(parser *ps, json_value *arr, json_value *item, char *key, size_t key_len, size_t *cap) {
    if (arr->count == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        json_value **ni = realloc(arr->items, nc * sizeof *ni);
        if (!ni) { fail(ps, "out of memory"); return 0; }
        arr->items = ni;
        if (arr->type == JSON_OBJECT) {
            char **nk = realloc(arr->keys, nc * sizeof *nk);
            if (!nk) { fail(ps, "out of memory"); return 0; }
            arr->keys = nk;
            size_t *nl = realloc(arr->key_lens, nc * sizeof *nl);
            if (!nl) { fail(ps, "out of memory"); return 0; }
            arr->key_lens = nl;
        }
        *cap = nc;
    }
    arr->items[arr->count] = item;
    if (arr->type == JSON_OBJECT) { arr->keys[arr->count] = key; arr->key_lens[arr->count] = key_len; }
    arr->count++;
    return 1;
}

static json_value *parse_number(parser *ps) {
    const char *s = ps->p;
    const char *q = s;
    if (q < ps->end && *q == '-') q++;
    if (q >= ps->end) { fail(ps, "bad number"); return NULL; }
    if (*q == '0') q++;
    else if (*q >= '1' && *q <= '9') { while (q < ps->end && *q >= '0' && *q <= '9') q++; }
    else { fail(ps, "bad number"); return NULL; }
    if (q < ps->end && *q == '.') {
        q++;
        if (q >= ps->end || *q < '0' || *q > '9') { ps->p = q; fail(ps, "bad number fraction"); return NULL; }
        while (q < ps->end && *q >= '0' && *q <= '9') q++;
    }
    if (q < ps->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < ps->end && (*q == '+' || *q == '-')) q++;
        if (q >= ps->end || *q < '0' || *q > '9') { ps->p = q; fail(ps, "bad number exponent"); return NULL; }
        while (q < ps->end && *q >= '0' && *q <= '9') q++;
    }
    size_t n = (size_t)(q - s);
    if (n > 400) { fail(ps, "number too long"); return NULL; }
    json_value *v = new_value(ps, JSON_NUMBER);
    if (!v) return NULL;
    v->str = malloc(n + 1);
    if (!v->str) { free(v); fail(ps, "out of memory"); return NULL; }
    memcpy(v->str, s, n);
    v->str[n] = '\0';
    v->len = n;
    v->num = strtod(v->str, NULL); /* the C locale: the runner never calls setlocale */
    ps->p = q;
    return v;
}

static int match_lit(parser *ps, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, lit, n) != 0) return 0;
    ps->p += n;
    return 1;
}

static json_value *parse_value(parser *ps, int depth) {
    if (depth > JSON_MAX_DEPTH) { fail(ps, "nesting deeper than %d", JSON_MAX_DEPTH); return NULL; }
    skip_ws(ps);
    if (ps->p >= ps->end) { fail(ps, "unexpected end of input"); return NULL; }
    char c = *ps->p;
    if (c == '{' || c == '[') {
        int is_obj = c == '{';
        json_value *v = new_value(ps, is_obj ? JSON_OBJECT : JSON_ARRAY);
        if (!v) return NULL;
        size_t cap = 0;
        ps->p++;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == (is_obj ? '}' : ']')) { ps->p++; return v; }
        for (;;) {
            char *key = NULL;
            size_t key_len = 0;
            skip_ws(ps);
            if (is_obj) {
                if (ps->p >= ps->end || *ps->p != '"') { fail(ps, "expected string key"); break; }
                key = parse_string(ps, &key_len);
                if (!key) break;
                skip_ws(ps);
                if (ps->p >= ps->end || *ps->p != ':') { free(key); fail(ps, "expected ':'"); break; }
                ps->p++;
            }
            json_value *item = parse_value(ps, depth + 1);
            if (!item) { free(key); break; }
            if (!push_item(ps, v, item, key, key_len, &cap)) { json_free(item); free(key); break; }
            skip_ws(ps);
            if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
            if (ps->p < ps->end && *ps->p == (is_obj ? '}' : ']')) { ps->p++; return v; }
            fail(ps, is_obj ? "expected ',' or '}'" : "expected ',' or ']'");
            break;
        }
        json_free(v);
        return NULL;
    }
    if (c == '"') {
        size_t n;
        char *s = parse_string(ps, &n);
        if (!s) return NULL;
        json_value *v = new_value(ps, JSON_STRING);
        if (!v) { free(s); return NULL; }
        v->str = s;
        v->len = n;
        return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number(ps);
    if (match_lit(ps, "true")) return new_value(ps, JSON_TRUE);
    if (match_lit(ps, "false")) return new_value(ps, JSON_FALSE);
    if (match_lit(ps, "null")) return new_value(ps, JSON_NULL);
    if ((unsigned char)c >= 0x80 && !json_utf8_seq((const unsigned char *)ps->p, (size_t)(ps->end - ps->p)))
        fail(ps, "invalid UTF-8");
    else
        fail(ps, "unexpected character '%c'", c >= 0x20 && c < 0x7f ? c : '?');
    return NULL;
}

static json_value *parse_all(const char *text, size_t len, char *err, size_t errlen, json_repairs *repairs) {
    parser ps = {text, text + len, text, err, errlen, 0, repairs};
    if (err && errlen) err[0] = '\0';
    json_value *v = parse_value(&ps, 0);
    if (!v) return NULL;
    skip_ws(&ps);
    if (ps.p != ps.end) {
        fail(&ps, "trailing characters after JSON value");
        json_free(v);
        return NULL;
    }
    return v;
}

json_value *json_parse(const char *text, size_t len, char *err, size_t errlen) {
    return parse_all(text, len, err, errlen, NULL);
}

json_value *json_parse_engine(const char *text, size_t len, char *err, size_t errlen, json_repairs *repairs) {
    json_repairs local = {0, 0};
    json_repairs *r = repairs ? repairs : &local;
    r->invalid_utf8 = r->control_chars = 0;
    return parse_all(text, len, err, errlen, r);
}

void json_free(json_value *v) {
    if (!v) return;
    for (size_t i = 0; i < v->count; i++) {
        json_free(v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->key_lens);
    free(v->str);
    free(v);
}

const json_value *json_get(const json_value *obj, const char *key) {
    if (!obj || obj->type != JSON_OBJECT) return NULL;
    size_t kl = strlen(key);
    for (size_t i = obj->count; i-- > 0;)
        if (obj->key_lens[i] == kl && memcmp(obj->keys[i], key, kl) == 0) return obj->items[i];
    return NULL;
}

const char *json_get_str(const json_value *obj, const char *key) {
    const json_value *v = json_get(obj, key);
    return v && v->type == JSON_STRING ? v->str : NULL;
}

double json_get_num(const json_value *obj, const char *key, double dflt) {
    const json_value *v = json_get(obj, key);
    return v && v->type == JSON_NUMBER ? v->num : dflt;
}

int json_get_bool(const json_value *obj, const char *key, int dflt) {
    const json_value *v = json_get(obj, key);
    if (!v) return dflt;
    if (v->type == JSON_TRUE) return 1;
    if (v->type == JSON_FALSE) return 0;
    return dflt;
}

