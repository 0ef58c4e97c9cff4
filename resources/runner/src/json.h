/* A small, strict JSON (RFC 8259) parser and writer. No global state; thread-safe. */
#ifndef AURORA_JSON_H
#define AURORA_JSON_H

#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 64

typedef enum { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value json_value;
struct json_value {
    json_type type;
    double num;          /* JSON_NUMBER */
    char *str;           /* JSON_STRING: decoded UTF-8 (NUL-terminated; may hold \0, len is authoritative);
                            JSON_NUMBER: the literal text as written */
    size_t len;
    json_value **items;  /* JSON_ARRAY / JSON_OBJECT values */
    char **keys;         /* JSON_OBJECT keys (decoded, NUL-terminated) */
    size_t *key_lens;
    size_t count;
};

/* Parses exactly one JSON value (surrounding whitespace allowed). NULL on error, with a message in err. */
json_value *json_parse(const char *text, size_t len, char *err, size_t errlen);
void json_free(json_value *v);

/* Object member by key (last one wins on duplicates), or NULL. */
const json_value *json_get(const json_value *obj, const char *key);
/* Convenience: string member (NULL if absent / not a string), number member (dflt if absent / not a number). */
const char *json_get_str(const json_value *obj, const char *key);
double json_get_num(const json_value *obj, const char *key, double dflt);
int json_get_bool(const json_value *obj, const char *key, int dflt);

/*
 * Engine mode, for the completion JSON of Cactus v1.14, whose escaper only escapes " \\ \n \r \t: inside strings
 * a raw control byte is kept as the character it is, and each byte of invalid UTF-8 (e.g. a character cut at
 * max_tokens) becomes U+FFFD. Everything else is as strict as json_parse. *repairs (may be NULL) counts both.
 */
typedef struct {
    size_t invalid_utf8;  /* bytes replaced by U+FFFD */
    size_t control_chars; /* raw control bytes accepted */
} json_repairs;
json_value *json_parse_engine(const char *text, size_t len, char *err, size_t errlen, json_repairs *repairs);

/* Length of the valid UTF-8 sequence at s (1..4; avail bytes readable), or 0 if it is invalid. */
size_t json_utf8_seq(const unsigned char *s, size_t avail);

/* Is s[0..len) valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF)? */
int json_utf8_valid(const char *s, size_t len);

/* Growable output buffer. On allocation failure it sets oom and drops further output. */
typedef struct {
    char *buf;
    size_t len, cap;
    int oom;
} jbuf;

void jb_init(jbuf *b);
void jb_free(jbuf *b);
void jb_reset(jbuf *b);
void jb_raw(jbuf *b, const char *s, size_t n);
void jb_cstr(jbuf *b, const char *s);          /* raw text */
void jb_str(jbuf *b, const char *s, size_t n); /* quoted + escaped; invalid UTF-8 becomes U+FFFD */
void jb_cstr_q(jbuf *b, const char *s);        /* quoted + escaped C string; NULL writes null */
void jb_num(jbuf *b, double v);                /* NaN/Inf write null */
void jb_fixed(jbuf *b, double v, int decimals);
void jb_int(jbuf *b, long long v);
void jb_value(jbuf *b, const json_value *v);   /* re-serialises a parsed value (NULL writes null) */
/* Object helpers: write a comma if needed, then "key": */
void jb_key(jbuf *b, const char *key);
/* Array helper: a comma if needed. */
void jb_sep(jbuf *b);

#endif
