/* The embed, score, ping and sampler requests. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aurora_sim_ext.h"
#include "cactus_ffi.h"
#include "platform.h"
#include "reply.h"
#include "requests.h"
#include "runner_state.h"
#include "sampler.h"

/* Optional entry points: NULL at run time when the linked engine does not export them. */
#pragma weak cactus_tokenize
#pragma weak cactus_score_window
#pragma weak cactus_embed
#pragma weak aurora_sim_set_score_options

#define MAX_EMBED_DIM 16384
#define MAX_SCORE_TOKENS 65536
#define MAX_CONTINUATIONS 64

void handle_embed(const json_value *req, const json_value *id) {
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
    /* the embedding pass may leave state in the KV cache that the engine's prefix check does not know of */
    cactus_reset(g_model);
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

uint32_t *runner_tokenize(const char *text, size_t *n, char *msg, size_t msglen) {
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

void handle_score(const json_value *req, const json_value *id) {
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
    pt = runner_tokenize(prompt->str, &np, msg, sizeof msg);
    for (size_t i = 0; pt && i < conts->count && !msg[0]; i++) {
        const json_value *c = conts->items[i];
        char *full = malloc(prompt->len + c->len + 1);
        if (!full) { snprintf(msg, sizeof msg, "score: out of memory"); break; }
        memcpy(full, prompt->str, prompt->len);
        memcpy(full + prompt->len, c->str, c->len + 1);
        size_t nf = 0;
        uint32_t *ft = runner_tokenize(full, &nf, msg, sizeof msg);
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
    /* v1.14's cactus_score_window resets the KV cache but not the processed-token count: without this, the next
       complete could take its prompt for a continuation of a cache that is gone */
    cactus_reset(g_model);
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

void handle_ping(const json_value *id) {
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

void handle_sampler(const json_value *req, const json_value *id) {
    const json_value *hz = json_get(req, "hz");
    if (!hz || hz->type != JSON_NUMBER || !isfinite(hz->num) || hz->num < 0 || hz->num > 1000) {
        emit_error(id, "sampler: \"hz\" must be a number from 0 (off) to 1000", 0);
        return;
    }
    sampler_set_hz(hz->num);
    emit_simple("sampler", id, "hz", hz->num);
}
