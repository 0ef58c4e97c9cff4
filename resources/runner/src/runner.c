/*
 * aurora-runner: loads one Cactus model, keeps it loaded, and answers JSON-lines requests on stdin with
 * JSON-lines on stdout, while a sampler thread writes fuel-gauge samples on the same stream and clock.
 * See ../README.md for the protocol.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aurora_sim_ext.h"
#include "cactus_ffi.h"
#include "json.h"
#include "output.h"
#include "platform.h"
#include "sampler.h"

#ifndef AURORA_RUNNER_VERSION
#define AURORA_RUNNER_VERSION "0.1.0"
#endif
#ifndef AURORA_CACTUS_VERSION
#define AURORA_CACTUS_VERSION "unknown"
#endif

/* Optional entry points: NULL at run time when the linked engine does not export them. */
#pragma weak cactus_tokenize
#pragma weak cactus_score_window
#pragma weak cactus_embed
#pragma weak aurora_sim_engine_version
#pragma weak aurora_sim_set_score_options

#define DEFAULT_MAX_LINE (1024 * 1024)
#define RESPONSE_BUFFER (256 * 1024)
#define MAX_EMBED_DIM 16384
#define MAX_SCORE_TOKENS 65536
#define MAX_CONTINUATIONS 64

static atomic_int g_term;        /* SIGTERM / SIGINT / SIGHUP seen */
static atomic_int g_busy;        /* an engine call is running */
static atomic_int g_stop_sent;   /* cactus_stop already asked for this call */
static cactus_model_t g_model;
static char *g_resp;             /* engine response buffer, allocated once */

/* ------------------------------------------------------------------ output helpers */

static void emit(jbuf *b) {
    if (b->oom) {
        static const char oom[] = "{\"type\":\"error\",\"id\":null,\"error\":\"runner out of memory writing a reply\",\"engine_error\":null}";
        out_line(oom, sizeof oom - 1);
        return;
    }
    out_line(b->buf, b->len);
}

static const char *engine_last_error(void) {
    const char *e = cactus_get_last_error();
    return e && *e ? e : NULL;
}

/* {"type":"error","id":..,"error":"..","engine_error":..} */
static void emit_error(const json_value *id, const char *msg, int with_engine_error) {
    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"type\":\"error\"");
    jb_key(&b, "id");
    jb_value(&b, id);
    jb_key(&b, "error");
    jb_cstr_q(&b, msg);
    jb_key(&b, "engine_error");
    jb_cstr_q(&b, with_engine_error ? engine_last_error() : NULL);
    jb_key(&b, "t_ms");
    jb_fixed(&b, boot_ms(), 3);
    jb_raw(&b, "}", 1);
    emit(&b);
    jb_free(&b);
}

static void emit_simple(const char *type, const json_value *id, const char *extra_key, double extra) {
    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"type\":");
    jb_cstr_q(&b, type);
    if (id) { jb_key(&b, "id"); jb_value(&b, id); }
    if (extra_key) { jb_key(&b, extra_key); jb_num(&b, extra); }
    jb_key(&b, "t_ms");
    jb_fixed(&b, boot_ms(), 3);
    jb_raw(&b, "}", 1);
    emit(&b);
    jb_free(&b);
}

/* ------------------------------------------------------------------ signals */

static void on_signal(int sig) {
    (void)sig;
    atomic_store(&g_term, 1);
}

/* Runs on the sampler thread at least every 100 ms: turns a SIGTERM during a long engine call into cactus_stop. */
static void sampler_tick(void) {
    if (atomic_load(&g_term) && atomic_load(&g_busy) && !atomic_exchange(&g_stop_sent, 1) && g_model)
        cactus_stop(g_model);
}

/* ------------------------------------------------------------------ line reader */

typedef struct {
    char *buf;
    size_t cap, start, end;
    size_t max_line;
    int eof;
} line_reader;

enum { LR_LINE = 1, LR_EOF = 0, LR_INTR = -1, LR_TOO_LONG = 2, LR_ERROR = -2 };

/* Next line (without '\n' / "\r\n") in *line,*len. An over-long line is consumed and reported as LR_TOO_LONG. */
static int lr_next(line_reader *r, char **line, size_t *len) {
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
                if (atomic_load(&g_term)) return LR_INTR;
                continue;
            }
            return LR_ERROR;
        }
        if (n == 0) r->eof = 1;
        r->end += (size_t)n;
    }
}

/* ------------------------------------------------------------------ requests */

static void on_token(const char *token, uint32_t token_id, void *user_data) {
    (void)token;
    (void)token_id;
    double *first = user_data;
    if (*first < 0) *first = boot_ms();
}

/* Copies a member of the engine's response into the result if present. */
static void copy_field(jbuf *b, const json_value *resp, const char *key) {
    const json_value *v = json_get(resp, key);
    if (!v) return;
    jb_key(b, key);
    jb_value(b, v);
}

static void handle_complete(const json_value *req, const json_value *id) {
    const json_value *messages = json_get(req, "messages");
    if (!messages || messages->type != JSON_ARRAY || messages->count == 0) {
        emit_error(id, "complete: \"messages\" must be a non-empty array of {\"role\",\"content\"}", 0);
        return;
    }
    for (size_t i = 0; i < messages->count; i++) {
        const json_value *m = messages->items[i];
        if (m->type != JSON_OBJECT || !json_get_str(m, "role") || !json_get(m, "content")) {
            emit_error(id, "complete: each message needs a string \"role\" and a \"content\"", 0);
            return;
        }
    }
    const json_value *options = json_get(req, "options");
    if (options && options->type != JSON_OBJECT && options->type != JSON_NULL) {
        emit_error(id, "complete: \"options\" must be an object", 0);
        return;
    }
    const json_value *tools = json_get(req, "tools");
    if (tools && tools->type != JSON_ARRAY && tools->type != JSON_NULL) {
        emit_error(id, "complete: \"tools\" must be an array", 0);
        return;
    }

    jbuf msgs, opts, tls;
    jb_init(&msgs);
    jb_init(&opts);
    jb_init(&tls);
    jb_value(&msgs, messages);
    /* the request's options, with telemetry forced off (lab measurements never phone home) */
    jb_raw(&opts, "{", 1);
    if (options && options->type == JSON_OBJECT)
        for (size_t i = 0; i < options->count; i++) {
            if (strcmp(options->keys[i], "telemetry_enabled") == 0) continue;
            jb_sep(&opts);
            jb_str(&opts, options->keys[i], options->key_lens[i]);
            jb_raw(&opts, ":", 1);
            jb_value(&opts, options->items[i]);
        }
    jb_key(&opts, "telemetry_enabled");
    jb_cstr(&opts, "false");
    jb_raw(&opts, "}", 1);
    if (tools && tools->type == JSON_ARRAY) jb_value(&tls, tools);
    if (msgs.oom || opts.oom || tls.oom) {
        emit_error(id, "complete: runner out of memory", 0);
        goto done;
    }

    double t_first = -1;
    g_resp[0] = '\0';
    atomic_store(&g_stop_sent, 0);
    atomic_store(&g_busy, 1);
    double t_start = boot_ms();
    int rc = cactus_complete(g_model, msgs.buf, g_resp, RESPONSE_BUFFER, opts.buf, tls.len ? tls.buf : NULL, on_token,
                             &t_first
#ifndef CACTUS_COMPLETE_8ARGS
                             ,
                             NULL, 0
#endif
    );
    double t_end = boot_ms();
    atomic_store(&g_busy, 0);

    g_resp[RESPONSE_BUFFER - 1] = '\0';
    char perr[160];
    json_value *resp = g_resp[0] ? json_parse(g_resp, strlen(g_resp), perr, sizeof perr) : NULL;
    int success = resp && resp->type == JSON_OBJECT && json_get_bool(resp, "success", 0);
    if (rc < 0 || !success) {
        char msg[1200];
        const char *eerr = resp ? json_get_str(resp, "error") : NULL;
        if (eerr) snprintf(msg, sizeof msg, "cactus_complete failed (rc=%d): %.1000s", rc, eerr);
        else if (!resp && g_resp[0]) snprintf(msg, sizeof msg, "cactus_complete (rc=%d) returned unparsable JSON: %s", rc, perr);
        else snprintf(msg, sizeof msg, "cactus_complete failed (rc=%d)", rc);
        emit_error(id, msg, 1);
        json_free(resp);
        goto done;
    }

    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"type\":\"result\"");
    jb_key(&b, "id");
    jb_value(&b, id);
    jb_key(&b, "ok");
    jb_cstr(&b, "true");
    jb_key(&b, "t_start_ms");
    jb_fixed(&b, t_start, 3);
    jb_key(&b, "t_end_ms");
    jb_fixed(&b, t_end, 3);
    jb_key(&b, "t_first_token_ms");
    if (t_first >= 0) jb_fixed(&b, t_first, 3);
    else jb_cstr(&b, "null");
    static const char *const fields[] = {"time_to_first_token_ms", "prefill_tps", "decode_tps", "tokens_per_second",
                                         "prefill_tokens", "decode_tokens", "total_tokens", "total_time_ms",
                                         "ram_usage_mb", "confidence", "cloud_handoff", "function_calls",
                                         "thinking", "response"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) copy_field(&b, resp, fields[i]);
    if (atomic_load(&g_stop_sent)) { jb_key(&b, "stopped"); jb_cstr(&b, "true"); }
    jb_raw(&b, "}", 1);
    emit(&b);
    jb_free(&b);
    json_free(resp);
done:
    jb_free(&msgs);
    jb_free(&opts);
    jb_free(&tls);
}

static void handle_embed(const json_value *req, const json_value *id) {
    const json_value *text = json_get(req, "text");
    if (!text || text->type != JSON_STRING) { emit_error(id, "embed: \"text\" must be a string", 0); return; }
    if (strlen(text->str) != text->len) { emit_error(id, "embed: \"text\" must not contain NUL characters", 0); return; }
    if (!cactus_embed) { emit_error(id, "embed: the engine does not export cactus_embed", 0); return; }
    int normalize = json_get_bool(req, "normalize", 1);
    static float vec[MAX_EMBED_DIM];
    size_t dim = 0;
    atomic_store(&g_busy, 1);
    double t_start = boot_ms();
    int rc = cactus_embed(g_model, text->str, vec, sizeof vec, &dim, normalize != 0);
    double t_end = boot_ms();
    atomic_store(&g_busy, 0);
    if (rc < 0 || dim == 0 || dim > MAX_EMBED_DIM) {
        char msg[96];
        snprintf(msg, sizeof msg, "cactus_embed failed (rc=%d, dim=%zu)", rc, dim);
        emit_error(id, msg, 1);
        return;
    }
    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"type\":\"embedding\"");
    jb_key(&b, "id");
    jb_value(&b, id);
    jb_key(&b, "t_start_ms");
    jb_fixed(&b, t_start, 3);
    jb_key(&b, "t_end_ms");
    jb_fixed(&b, t_end, 3);
    jb_key(&b, "dim");
    jb_int(&b, (long long)dim);
    jb_key(&b, "vector");
    jb_raw(&b, "[", 1);
    for (size_t i = 0; i < dim; i++) {
        char tmp[32];
        int n = isfinite(vec[i]) ? snprintf(tmp, sizeof tmp, "%s%.7g", i ? "," : "", (double)vec[i])
                                 : snprintf(tmp, sizeof tmp, "%snull", i ? "," : "");
        jb_raw(&b, tmp, (size_t)n);
    }
    jb_raw(&b, "]}", 2);
    emit(&b);
    jb_free(&b);
}

/* Tokenizes text into a malloc'd array. Returns NULL (and sets msg) on failure. */
static uint32_t *tokenize(const char *text, size_t *n, char *msg, size_t msglen) {
    size_t need = 0;
    int rc = cactus_tokenize(g_model, text, NULL, 0, &need);
    if (rc != 0 && rc != -2) { snprintf(msg, msglen, "cactus_tokenize failed (rc=%d)", rc); return NULL; }
    if (need > MAX_SCORE_TOKENS) { snprintf(msg, msglen, "score: text is %zu tokens, over the limit %d", need, MAX_SCORE_TOKENS); return NULL; }
    uint32_t *t = malloc((need ? need : 1) * sizeof *t);
    if (!t) { snprintf(msg, msglen, "score: out of memory"); return NULL; }
    rc = cactus_tokenize(g_model, text, t, need ? need : 1, n);
    if (rc != 0) { free(t); snprintf(msg, msglen, "cactus_tokenize failed (rc=%d)", rc); return NULL; }
    return t;
}

static void handle_score(const json_value *req, const json_value *id) {
    const json_value *prompt = json_get(req, "prompt");
    const json_value *conts = json_get(req, "continuations");
    if (!prompt || prompt->type != JSON_STRING || strlen(prompt->str) != prompt->len) {
        emit_error(id, "score: \"prompt\" must be a string", 0);
        return;
    }
    if (!conts || conts->type != JSON_ARRAY || conts->count == 0 || conts->count > MAX_CONTINUATIONS) {
        emit_error(id, "score: \"continuations\" must be a non-empty array of strings (at most 64)", 0);
        return;
    }
    for (size_t i = 0; i < conts->count; i++)
        if (conts->items[i]->type != JSON_STRING || conts->items[i]->len == 0 ||
            strlen(conts->items[i]->str) != conts->items[i]->len) {
            emit_error(id, "score: each continuation must be a non-empty string", 0);
            return;
        }
    if (!cactus_tokenize || !cactus_score_window) {
        emit_error(id, "score: this Cactus engine can't score (no cactus_tokenize / cactus_score_window)", 0);
        return;
    }
    const json_value *options = json_get(req, "options");
    jbuf ob;
    jb_init(&ob);
    if (options && options->type == JSON_OBJECT) jb_value(&ob, options);
    if (aurora_sim_set_score_options) aurora_sim_set_score_options(g_model, ob.len ? ob.buf : NULL);

    double logprobs[MAX_CONTINUATIONS];
    long long ntoks[MAX_CONTINUATIONS];
    char msg[600];
    msg[0] = '\0';
    int engine_err = 0;
    size_t np = 0;
    uint32_t *pt = NULL;
    atomic_store(&g_busy, 1);
    double t_start = boot_ms();
    pt = tokenize(prompt->str, &np, msg, sizeof msg);
    for (size_t i = 0; pt && i < conts->count && !msg[0]; i++) {
        const json_value *c = conts->items[i];
        char *full = malloc(prompt->len + c->len + 1);
        if (!full) { snprintf(msg, sizeof msg, "score: out of memory"); break; }
        memcpy(full, prompt->str, prompt->len);
        memcpy(full + prompt->len, c->str, c->len + 1);
        size_t nf = 0;
        uint32_t *ft = tokenize(full, &nf, msg, sizeof msg);
        free(full);
        if (!ft) { engine_err = 1; break; }
        /* the continuation is tokens [np, nf); tokenizers may merge across the boundary, so start at the first
           token that differs from the prompt's own tokens */
        size_t start = 0;
        while (start < np && start < nf && ft[start] == pt[start]) start++;
        if (start >= nf) start = nf - 1;
        if (start == 0 && nf > 1) start = 1; /* the first token has no context to be scored against */
        g_resp[0] = '\0';
        int rc = cactus_score_window(g_model, ft, nf, start, nf, nf, g_resp, RESPONSE_BUFFER);
        free(ft);
        g_resp[RESPONSE_BUFFER - 1] = '\0';
        json_value *r = g_resp[0] ? json_parse(g_resp, strlen(g_resp), NULL, 0) : NULL;
        if (rc < 0 || !r || !json_get_bool(r, "success", 0) || !json_get(r, "logprob")) {
            const char *e = r ? json_get_str(r, "error") : NULL;
            snprintf(msg, sizeof msg, "score: this Cactus engine can't score this model (cactus_score_window rc=%d%s%.400s)",
                     rc, e ? ": " : "", e ? e : "");
            engine_err = 1;
            json_free(r);
            break;
        }
        logprobs[i] = json_get_num(r, "logprob", NAN);
        ntoks[i] = (long long)json_get_num(r, "tokens", (double)(nf - start));
        json_free(r);
    }
    double t_end = boot_ms();
    atomic_store(&g_busy, 0);
    if (!pt) engine_err = 1;
    free(pt);
    if (aurora_sim_set_score_options) aurora_sim_set_score_options(g_model, NULL);
    jb_free(&ob);
    if (msg[0]) { emit_error(id, msg, engine_err); return; }

    size_t best = 0;
    for (size_t i = 1; i < conts->count; i++)
        if (logprobs[i] > logprobs[best]) best = i;
    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"type\":\"scores\"");
    jb_key(&b, "id");
    jb_value(&b, id);
    jb_key(&b, "t_start_ms");
    jb_fixed(&b, t_start, 3);
    jb_key(&b, "t_end_ms");
    jb_fixed(&b, t_end, 3);
    jb_key(&b, "prompt_tokens");
    jb_int(&b, (long long)np);
    jb_key(&b, "logprobs");
    jb_raw(&b, "[", 1);
    for (size_t i = 0; i < conts->count; i++) { jb_sep(&b); jb_num(&b, logprobs[i]); }
    jb_raw(&b, "]", 1);
    jb_key(&b, "tokens");
    jb_raw(&b, "[", 1);
    for (size_t i = 0; i < conts->count; i++) { jb_sep(&b); jb_int(&b, ntoks[i]); }
    jb_raw(&b, "]", 1);
    jb_key(&b, "best");
    jb_int(&b, (long long)best);
    jb_raw(&b, "}", 1);
    emit(&b);
    jb_free(&b);
}

static void handle_ping(const json_value *id) {
    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"type\":\"pong\"");
    jb_key(&b, "id");
    jb_value(&b, id);
    jb_key(&b, "t_ms");
    jb_fixed(&b, boot_ms(), 3);
    jb_key(&b, "rss_mb");
    jb_fixed(&b, rss_mb(), 2);
    jb_key(&b, "sample_hz");
    jb_num(&b, sampler_get_hz());
    jb_raw(&b, "}", 1);
    emit(&b);
    jb_free(&b);
}

static void handle_sampler(const json_value *req, const json_value *id) {
    const json_value *hz = json_get(req, "hz");
    if (!hz || hz->type != JSON_NUMBER || !isfinite(hz->num) || hz->num < 0 || hz->num > 1000) {
        emit_error(id, "sampler: \"hz\" must be a number from 0 (off) to 1000", 0);
        return;
    }
    sampler_set_hz(hz->num);
    emit_simple("sampler", id, "hz", hz->num);
}

/* Returns 1 when the runner should quit. */
static int handle_line(const char *line, size_t len) {
    char err[200];
    json_value *req = json_parse(line, len, err, sizeof err);
    if (!req) {
        char msg[260];
        snprintf(msg, sizeof msg, "malformed request: not JSON (%s)", err);
        emit_error(NULL, msg, 0);
        return 0;
    }
    int quit = 0;
    const json_value *id = json_get(req, "id");
    const char *type = req->type == JSON_OBJECT ? json_get_str(req, "type") : NULL;
    if (req->type != JSON_OBJECT) emit_error(NULL, "malformed request: expected a JSON object", 0);
    else if (!type) emit_error(id, "malformed request: missing string \"type\"", 0);
    else if (strcmp(type, "complete") == 0) handle_complete(req, id);
    else if (strcmp(type, "embed") == 0) handle_embed(req, id);
    else if (strcmp(type, "score") == 0) handle_score(req, id);
    else if (strcmp(type, "ping") == 0) handle_ping(id);
    else if (strcmp(type, "sampler") == 0) handle_sampler(req, id);
    else if (strcmp(type, "reset") == 0) { cactus_reset(g_model); emit_simple("reset", id, NULL, 0); }
    else if (strcmp(type, "quit") == 0) quit = 1;
    else {
        char msg[160];
        snprintf(msg, sizeof msg, "malformed request: unknown type \"%.60s\"", type);
        emit_error(id, msg, 0);
    }
    json_free(req);
    return quit;
}

/* ------------------------------------------------------------------ main */

static void usage(FILE *f) {
    fprintf(f,
            "usage: aurora-runner --model DIR [--sample-hz N] [--power-dir DIR] [--max-line BYTES]\n"
            "  --model DIR        Cactus model folder (config.txt + .weights), given to cactus_init\n"
            "  --sample-hz N      fuel-gauge sampling rate, default 20; 0 = off (change later with a sampler request)\n"
            "  --power-dir DIR    power supply folder, default /sys/class/power_supply/battery\n"
            "  --max-line BYTES   longest accepted request line, default %d\n"
            "  --log-level N      cactus_log_set_level (0 debug .. 4 none), default 3\n"
            "Reads JSON-lines requests on stdin, writes JSON-lines on stdout. See README.md.\n",
            DEFAULT_MAX_LINE);
}

static void fatal_usage(const char *msg) {
    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"type\":\"error\",\"id\":null,\"error\":");
    jb_cstr_q(&b, msg);
    jb_cstr(&b, ",\"engine_error\":null}");
    emit(&b);
    jb_free(&b);
    usage(stderr);
    exit(2);
}

static int parse_num(const char *s, double lo, double hi, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}

int main(int argc, char **argv) {
    const char *model_arg = NULL;
    const char *power_dir = "/sys/class/power_supply/battery";
    double hz = 20, max_line = DEFAULT_MAX_LINE, log_level = 3;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); return 0; }
        if (strcmp(a, "--version") == 0) { printf("aurora-runner %s (cactus api %s)\n", AURORA_RUNNER_VERSION, AURORA_CACTUS_VERSION); return 0; }
        if (!v) fatal_usage("missing value after an option");
        if (strcmp(a, "--model") == 0) model_arg = v;
        else if (strcmp(a, "--power-dir") == 0) power_dir = v;
        else if (strcmp(a, "--sample-hz") == 0) { if (!parse_num(v, 0, 1000, &hz)) fatal_usage("--sample-hz must be 0..1000"); }
        else if (strcmp(a, "--max-line") == 0) { if (!parse_num(v, 64, 256.0 * 1024 * 1024, &max_line)) fatal_usage("--max-line must be 64..268435456"); }
        else if (strcmp(a, "--log-level") == 0) { if (!parse_num(v, 0, 4, &log_level)) fatal_usage("--log-level must be 0..4"); }
        else fatal_usage("unknown option (see --help)");
        i++;
    }
    if (!model_arg) fatal_usage("--model DIR is required");

    /* Lab measurements never talk to the cloud: set before the engine initialises. */
    setenv("CACTUS_NO_CLOUD_TELE", "1", 1);
    setenv("CACTUS_DISABLE_CLOUD_HANDOFF", "1", 1);
    platform_init();
    double t_boot = boot_ms();

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: a blocking read() returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    g_resp = malloc(RESPONSE_BUFFER);
    line_reader lr = {0};
    lr.max_line = (size_t)max_line;
    lr.cap = lr.max_line + 65536;
    lr.buf = malloc(lr.cap);
    if (!g_resp || !lr.buf) fatal_usage("out of memory");

    char model_path[4096];
    if (!device_path(model_arg, model_path, sizeof model_path)) fatal_usage("--model path too long");

    /* the sampler starts before the load, so the power of loading is on record too */
    if (sampler_start(hz, power_dir, sampler_tick) != 0) fatal_usage("could not start the sampler thread");

    cactus_log_set_level((int)log_level);
    double t_load0 = boot_ms();
    double m0 = mono_ms();
    g_model = cactus_init(model_path, NULL, false);
    double load_ms = mono_ms() - m0;
    double t_load1 = boot_ms();
    if (!g_model) {
        char msg[4300];
        snprintf(msg, sizeof msg, "cactus_init failed for %s", model_path);
        emit_error(NULL, msg, 1);
        sampler_stop();
        return 2;
    }

    {
        jbuf b;
        jb_init(&b);
        jb_cstr(&b, "{\"type\":\"ready\"");
        jb_key(&b, "load_ms");
        jb_fixed(&b, load_ms, 3);
        jb_key(&b, "rss_mb");
        jb_fixed(&b, rss_mb(), 2);
        jb_key(&b, "engine");
        if (aurora_sim_engine_version) jb_cstr_q(&b, aurora_sim_engine_version());
        else jb_cstr_q(&b, "cactus/" AURORA_CACTUS_VERSION);
        jb_key(&b, "simulated");
        jb_cstr(&b, aurora_sim_engine_version ? "true" : "false");
        jb_key(&b, "cactus_api");
        jb_cstr_q(&b, AURORA_CACTUS_VERSION);
        jb_key(&b, "runner");
        jb_cstr_q(&b, AURORA_RUNNER_VERSION);
        jb_key(&b, "model");
        jb_cstr_q(&b, model_arg);
        jb_key(&b, "can_score");
        jb_cstr(&b, cactus_tokenize && cactus_score_window ? "true" : "false");
        jb_key(&b, "t_load_start_ms");
        jb_fixed(&b, t_load0, 3);
        jb_key(&b, "t_load_end_ms");
        jb_fixed(&b, t_load1, 3);
        jb_key(&b, "t_boot_ms");
        jb_fixed(&b, boot_ms(), 3);
        jb_key(&b, "t_process_start_ms");
        jb_fixed(&b, t_boot, 3);
        jb_key(&b, "clock");
        jb_cstr_q(&b, platform_is_virtual_clock() ? "AURORA_BOOT_EPOCH_MS" : "CLOCK_BOOTTIME");
        jb_key(&b, "sample_hz");
        jb_num(&b, hz);
        jb_key(&b, "pid");
        jb_int(&b, (long long)getpid());
        jb_raw(&b, "}", 1);
        emit(&b);
        jb_free(&b);
    }

    const char *reason = "eof";
    for (;;) {
        if (atomic_load(&g_term)) { reason = "signal"; break; }
        if (out_broken()) { reason = "stdout closed"; break; }
        char *line;
        size_t len;
        int r = lr_next(&lr, &line, &len);
        if (r == LR_EOF) break;
        if (r == LR_INTR) { reason = "signal"; break; }
        if (r == LR_ERROR) { reason = "stdin error"; break; }
        if (r == LR_TOO_LONG) {
            char msg[160];
            snprintf(msg, sizeof msg, "malformed request: line of %zu bytes is longer than the limit %zu", len, lr.max_line);
            emit_error(NULL, msg, 0);
            continue;
        }
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == len) continue; /* blank line */
        if (handle_line(line, len)) { reason = "quit"; break; }
    }

    sampler_stop();
    cactus_destroy(g_model);
    g_model = NULL;
    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"type\":\"bye\"");
    jb_key(&b, "reason");
    jb_cstr_q(&b, reason);
    jb_key(&b, "t_ms");
    jb_fixed(&b, boot_ms(), 3);
    jb_raw(&b, "}", 1);
    emit(&b);
    jb_free(&b);
    free(lr.buf);
    free(g_resp);
    return 0;
}
