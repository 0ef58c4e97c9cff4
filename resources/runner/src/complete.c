/*
 * The complete request. What the engine gets is made safe for a lab (no cloud, no telemetry, prompts that fit its
 * context), and its completion JSON is read as Cactus v1.14 writes it, which is not always strict JSON.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cactus_ffi.h"
#include "platform.h"
#include "reply.h"
#include "requests.h"
#include "runner_state.h"

#pragma weak cactus_tokenize

/* v1.14's max_tokens when the options do not say. */
#define ENGINE_DEFAULT_MAX_TOKENS 100

/* Learned from results: the engine's prefill_tokens minus the runner's estimate (the chat template's tokens).
   Until a result has shown it, an allowance of TEMPLATE_ALLOWANCE tokens (a chat template's role markers). */
#define TEMPLATE_ALLOWANCE 32
static size_t g_template_tokens = TEMPLATE_ALLOWANCE;
static int g_template_seen;

typedef struct {
    double first_ms; /* boot-clock time of the first token, -1 before it */
    jbuf text;       /* the streamed tokens, kept in case the final reply comes back cut */
    size_t count;
} stream_state;

static void on_token(const char *token, uint32_t token_id, void *user_data) {
    (void)token_id;
    stream_state *s = user_data;
    if (s->first_ms < 0) s->first_ms = boot_ms();
    if (token) jb_raw(&s->text, token, strlen(token));
    s->count++;
}

static size_t count_tokens(const char *text) {
    size_t n = 0;
    if (!cactus_tokenize || cactus_tokenize(g_model, text, NULL, 0, &n) != 0) return 0;
    return n;
}

static size_t count_tokens_n(const char *text, size_t len) {
    char *copy = malloc(len + 1);
    if (!copy) return 0;
    memcpy(copy, text, len);
    copy[len] = '\0';
    size_t n = count_tokens(copy);
    free(copy);
    return n;
}

/*
 * The messages as the engine gets them, and an estimate of their tokens (the text of every message, without the
 * chat template: a lower bound of the formatted prompt; 0 when the engine cannot tokenize). Message `cut` (or none
 * when it is >= count) has its content replaced by its first cut_len bytes.
 */
static size_t render_messages(jbuf *out, const json_value *messages, size_t cut, size_t cut_len) {
    jbuf all;
    jb_init(&all);
    jb_raw(out, "[", 1);
    for (size_t i = 0; i < messages->count; i++) {
        const json_value *m = messages->items[i];
        const json_value *c = json_get(m, "content");
        if (i) jb_raw(out, ",", 1);
        if (i != cut) jb_value(out, m);
        else {
            jb_raw(out, "{", 1);
            for (size_t k = 0; k < m->count; k++) {
                jb_sep(out);
                jb_str(out, m->keys[k], m->key_lens[k]);
                jb_raw(out, ":", 1);
                if (m->items[k] == c) jb_str(out, c->str, cut_len); /* the member json_get names (last of duplicates) */
                else jb_value(out, m->items[k]);
            }
            jb_raw(out, "}", 1);
        }
        if (!c || c->type != JSON_STRING) continue;
        size_t len = i == cut ? cut_len : strlen(c->str); /* a NUL inside ends the text, as it does for the engine */
        jb_raw(&all, c->str, len);
        jb_raw(&all, "\n", 1);
    }
    jb_raw(out, "]", 1);
    size_t n = all.oom ? 0 : count_tokens(all.buf ? all.buf : "");
    jb_free(&all);
    return n;
}

/* Backs up to the start of a UTF-8 character so a cut never splits one. */
static size_t utf8_floor(const char *s, size_t n) {
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return n;
}

/*
 * The options the engine sees. v1.14 reads each option by searching the text for the first "key", so the lab's
 * own settings go first and the request's copies of them are dropped: a request cannot turn them back on.
 * auto_handoff:false is what stops v1.14's cloud handoff (it ignores CACTUS_DISABLE_CLOUD_HANDOFF);
 * telemetry_enabled is parsed but unused by v1.14 (CACTUS_NO_CLOUD_TELE is what counts) and kept for newer ones.
 */
static void engine_options(jbuf *opts, const json_value *options) {
    jb_cstr(opts, "{\"auto_handoff\":false,\"telemetry_enabled\":false");
    if (options && options->type == JSON_OBJECT)
        for (size_t i = 0; i < options->count; i++) {
            if (strcmp(options->keys[i], "telemetry_enabled") == 0 || strcmp(options->keys[i], "auto_handoff") == 0 ||
                strcmp(options->keys[i], "aurora_on_overflow") == 0)
                continue;
            jb_sep(opts);
            jb_str(opts, options->keys[i], options->key_lens[i]);
            jb_raw(opts, ":", 1);
            jb_value(opts, options->items[i]);
        }
    jb_raw(opts, "}", 1);
}

static int check_request(const json_value *req, const json_value *id) {
    const json_value *messages = json_get(req, "messages");
    if (!messages || messages->type != JSON_ARRAY || messages->count == 0) {
        emit_error(id, "complete: \"messages\" must be a non-empty array of {\"role\",\"content\"}", 0);
        return 0;
    }
    for (size_t i = 0; i < messages->count; i++) {
        const json_value *m = messages->items[i];
        if (m->type != JSON_OBJECT || !json_get_str(m, "role") || !json_get(m, "content")) {
            emit_error(id, "complete: each message needs a string \"role\" and a \"content\"", 0);
            return 0;
        }
    }
    const json_value *options = json_get(req, "options");
    if (options && options->type != JSON_OBJECT && options->type != JSON_NULL) {
        emit_error(id, "complete: \"options\" must be an object", 0);
        return 0;
    }
    const json_value *mt = options ? json_get(options, "max_tokens") : NULL;
    if (mt && (mt->type != JSON_NUMBER || !(mt->num >= 1) || mt->num > 1e9 || mt->num != (double)(long long)mt->num)) {
        emit_error(id, "complete: \"options.max_tokens\" must be a whole number from 1", 0);
        return 0;
    }
    const json_value *tools = json_get(req, "tools");
    if (tools && tools->type != JSON_ARRAY && tools->type != JSON_NULL) {
        emit_error(id, "complete: \"tools\" must be an array", 0);
        return 0;
    }
    return 1;
}

typedef struct {
    size_t before, after; /* estimated prompt tokens; after == before when nothing was cut */
} truncation;

/*
 * v1.14 slides its KV window over the prompt's start, without a word, when prompt + generated tokens pass its
 * context. So a prompt that cannot fit is refused, or, when the request asks (options.aurora_on_overflow =
 * "truncate": warm-up prompts), its last message with text is cut at the end until it fits.
 * Returns 0 after replying with the refusal.
 */
static int fit_context(jbuf *msgs, const json_value *messages, const json_value *id, size_t max_tokens, int truncate,
                       truncation *tr) {
    size_t est = render_messages(msgs, messages, (size_t)-1, 0);
    tr->before = tr->after = est;
    if (!g_context_tokens || !est || est + g_template_tokens + max_tokens <= g_context_tokens) return 1;
    size_t last = messages->count;
    for (size_t i = messages->count; i-- > 0;) {
        const json_value *c = json_get(messages->items[i], "content");
        if (c && c->type == JSON_STRING && c->len) { last = i; break; }
    }
    if (truncate && last < messages->count && max_tokens + g_template_tokens < g_context_tokens) {
        const char *text = json_get(messages->items[last], "content")->str;
        size_t len = strlen(text);
        for (int attempt = 0; attempt < 6 && len > 0; attempt++) {
            size_t over = est + g_template_tokens + max_tokens - g_context_tokens;
            size_t mine = count_tokens_n(text, len) + 1;
            double keep = mine > over ? (double)(mine - over) / (double)mine : 0;
            len = utf8_floor(text, (size_t)((double)len * keep * 0.95));
            jb_reset(msgs);
            est = render_messages(msgs, messages, last, len);
            if (est + g_template_tokens + max_tokens <= g_context_tokens) {
                tr->after = est;
                return 1;
            }
        }
    }
    char msg[400], extra[160];
    size_t prompt = tr->before + g_template_tokens;
    snprintf(msg, sizeof msg,
             "complete: refused before running: the prompt is about %zu tokens and max_tokens is %zu, together more than "
             "the engine's context of %zu tokens (Cactus " AURORA_CACTUS_VERSION " fixes it in cactus_init); shorten "
             "the prompt or lower max_tokens",
             prompt, max_tokens, g_context_tokens);
    snprintf(extra, sizeof extra, ",\"code\":\"context_exceeded\",\"prompt_tokens\":%zu,\"max_tokens\":%zu,\"context_tokens\":%zu",
             prompt, max_tokens, g_context_tokens);
    emit_error_ex(id, msg, 0, extra);
    return 0;
}

static void result_head(jbuf *b, const json_value *id, double t_start, double t_end, double t_first) {
    jb_cstr(b, "{\"type\":\"result\"");
    jb_key(b, "id");
    jb_value(b, id);
    jb_key(b, "ok");
    jb_cstr(b, "true");
    jb_key(b, "t_start_ms");
    jb_fixed(b, t_start, 3);
    jb_key(b, "t_end_ms");
    jb_fixed(b, t_end, 3);
    jb_key(b, "t_first_token_ms");
    if (t_first >= 0) jb_fixed(b, t_first, 3);
    else jb_cstr(b, "null");
}

static void repairs_field(jbuf *b, int repaired, size_t bad_utf8, size_t controls, int cut_at_nul) {
    if (!bad_utf8 && !controls && !cut_at_nul) return;
    /* repaired: the response text is not byte for byte what the engine produced */
    jb_key(b, "repaired");
    jb_cstr(b, repaired ? "true" : "false");
    jb_key(b, "repairs");
    jb_cstr(b, "{\"invalid_utf8_bytes\":");
    jb_int(b, (long long)bad_utf8);
    jb_cstr(b, ",\"raw_control_chars\":");
    jb_int(b, (long long)controls);
    jb_cstr(b, ",\"cut_at_nul\":");
    jb_cstr(b, cut_at_nul ? "true" : "false");
    jb_raw(b, "}", 1);
}

static size_t count_invalid_utf8(const char *s, size_t n) {
    size_t bad = 0;
    for (size_t i = 0; i < n;) {
        size_t k = json_utf8_seq((const unsigned char *)s + i, n - i);
        if (k) i += k;
        else { bad++; i++; }
    }
    return bad;
}

/*
 * v1.14 copies its reply with strcpy, so a NUL byte in the generated text (a byte-level token) ends it there: the
 * figures after the text are lost. The text itself is rebuilt from the streamed tokens; no figure is made up.
 */
static void emit_cut_result(const json_value *id, double t_start, double t_end, stream_state *st) {
    const char *txt = st->text.buf ? st->text.buf : "";
    jbuf b;
    jb_init(&b);
    result_head(&b, id, t_start, t_end, st->first_ms);
    jb_key(&b, "cloud_handoff");
    jb_cstr(&b, strstr(g_resp, "\"cloud_handoff\":true") ? "true" : "false");
    jb_key(&b, "figures_missing");
    jb_cstr_q(&b, "the engine's reply was cut at a NUL byte in the generated text (Cactus v1.14 copies it with strcpy); "
                  "its figures were after the text");
    jb_key(&b, "streamed_tokens");
    jb_int(&b, (long long)st->count);
    repairs_field(&b, 1, count_invalid_utf8(txt, st->text.len), 0, 1);
    jb_key(&b, "response");
    jb_str(&b, txt, st->text.len);
    if (atomic_load(&g_stop_sent)) { jb_key(&b, "stopped"); jb_cstr(&b, "true"); }
    jb_raw(&b, "}", 1);
    emit(&b);
    jb_free(&b);
}

static void copy_field(jbuf *b, const json_value *resp, const char *key) {
    const json_value *v = json_get(resp, key);
    if (!v) return;
    jb_key(b, key);
    jb_value(b, v);
}

static void emit_result(const json_value *id, const json_value *resp, double t_start, double t_end, double t_first,
                        const json_repairs *rep, const truncation *tr) {
    jbuf b;
    jb_init(&b);
    result_head(&b, id, t_start, t_end, t_first);
    static const char *const fields[] = {"time_to_first_token_ms", "prefill_tps", "decode_tps", "tokens_per_second",
                                         "prefill_tokens", "decode_tokens", "total_tokens", "total_time_ms",
                                         "ram_usage_mb", "confidence", "cloud_handoff", "function_calls",
                                         "thinking", "response"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) copy_field(&b, resp, fields[i]);
    repairs_field(&b, rep->invalid_utf8 > 0, rep->invalid_utf8, rep->control_chars, 0);
    if (tr->after != tr->before) {
        jb_key(&b, "truncated");
        jb_cstr(&b, "{\"prompt_tokens_before\":");
        jb_int(&b, (long long)(tr->before + g_template_tokens));
        jb_cstr(&b, ",\"prompt_tokens_after\":");
        jb_int(&b, (long long)(tr->after + g_template_tokens));
        jb_raw(&b, "}", 1);
    }
    size_t est = tr->after;
    double prefill = json_get_num(resp, "prefill_tokens", -1), decode = json_get_num(resp, "decode_tokens", 0);
    if (prefill > 0 && est > 0 && prefill >= (double)est) {
        size_t t = (size_t)(prefill - (double)est);
        if (!g_template_seen || t > g_template_tokens) g_template_tokens = t;
        g_template_seen = 1;
    }
    if (g_context_tokens && prefill > 0 && prefill + decode > (double)g_context_tokens) {
        jb_key(&b, "context_overflow"); /* the engine's window slid over the prompt's start while generating */
        jb_cstr(&b, "true");
    }
    if (atomic_load(&g_stop_sent)) { jb_key(&b, "stopped"); jb_cstr(&b, "true"); }
    jb_raw(&b, "}", 1);
    emit(&b);
    jb_free(&b);
}

void handle_complete(const json_value *req, const json_value *id) {
    if (!check_request(req, id)) return;
    const json_value *messages = json_get(req, "messages");
    const json_value *options = json_get(req, "options");
    const json_value *tools = json_get(req, "tools");
    const json_value *mt = options ? json_get(options, "max_tokens") : NULL;
    size_t max_tokens = mt ? (size_t)mt->num : ENGINE_DEFAULT_MAX_TOKENS;
    const char *overflow = options ? json_get_str(options, "aurora_on_overflow") : NULL;

    jbuf msgs, opts, tls;
    jb_init(&msgs);
    jb_init(&opts);
    jb_init(&tls);
    stream_state st = {-1, {0}, 0};
    jb_init(&st.text);
    truncation tr;
    if (!fit_context(&msgs, messages, id, max_tokens, overflow && strcmp(overflow, "truncate") == 0, &tr)) goto done;
    engine_options(&opts, options);
    if (tools && tools->type == JSON_ARRAY) jb_value(&tls, tools);
    if (msgs.oom || opts.oom || tls.oom) {
        emit_error(id, "complete: runner out of memory", 0);
        goto done;
    }
    if (atomic_load(&g_term)) {
        /* a stop sent now would be lost: cactus_complete clears its stop flag on entry */
        emit_error(id, "complete: not started, the runner is stopping (signal)", 0);
        goto done;
    }

    memset(g_resp, 0, 64);
    atomic_store(&g_stop_sent, 0);
    atomic_store(&g_busy, 1);
    double t_start = boot_ms();
    int rc = cactus_complete(g_model, msgs.buf, g_resp, RESPONSE_BUFFER, opts.buf, tls.len ? tls.buf : NULL, on_token, &st
#ifndef CACTUS_COMPLETE_8ARGS
                             ,
                             NULL, 0
#endif
    );
    double t_end = boot_ms();
    atomic_store(&g_busy, 0);

    g_resp[RESPONSE_BUFFER - 1] = '\0';
    size_t got = strlen(g_resp);
    if (rc > 0 && (size_t)rc > got && (size_t)rc < RESPONSE_BUFFER && strstr(g_resp, "\"success\":true")) {
        emit_cut_result(id, t_start, t_end, &st);
        goto done;
    }
    char perr[160];
    json_repairs rep = {0, 0};
    json_value *resp = got ? json_parse_engine(g_resp, got, perr, sizeof perr, &rep) : NULL;
    int success = resp && resp->type == JSON_OBJECT && json_get_bool(resp, "success", 0);
    if (rc < 0 || !success) {
        char msg[1200];
        const char *eerr = resp ? json_get_str(resp, "error") : NULL;
        if (eerr) snprintf(msg, sizeof msg, "cactus_complete failed (rc=%d): %.1000s", rc, eerr);
        else if (!resp && got) snprintf(msg, sizeof msg, "cactus_complete (rc=%d) returned unparsable JSON: %s", rc, perr);
        else snprintf(msg, sizeof msg, "cactus_complete failed (rc=%d)", rc);
        emit_error(id, msg, 1);
    } else {
        emit_result(id, resp, t_start, t_end, st.first_ms, &rep, &tr);
    }
    json_free(resp);
done:
    jb_free(&st.text);
    jb_free(&msgs);
    jb_free(&opts);
    jb_free(&tls);
}
