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
#include "line_reader.h"
#include "output.h"
#include "platform.h"
#include "reply.h"
#include "requests.h"
#include "runner_state.h"
#include "sampler.h"

#ifndef AURORA_RUNNER_VERSION
#define AURORA_RUNNER_VERSION "0.1.0"
#endif
#ifndef AURORA_CACTUS_VERSION
#define AURORA_CACTUS_VERSION "unknown"
#endif

#ifndef AURORA_CONTEXT_TOKENS
#define AURORA_CONTEXT_TOKENS 512 /* Cactus v1.14: DEFAULT_CONTEXT_SIZE in cactus_init */
#endif

/* Optional entry points: NULL at run time when the linked engine does not export them. */
#pragma weak cactus_tokenize
#pragma weak cactus_score_window
#pragma weak aurora_sim_engine_version

#define DEFAULT_MAX_LINE (1024 * 1024)

atomic_int g_term;
atomic_int g_busy;
atomic_int g_stop_sent;
cactus_model_t g_model;
char *g_resp;
size_t g_context_tokens = AURORA_CONTEXT_TOKENS;

/* ------------------------------------------------------------------ signals */

static void on_signal(int sig) {
    (void)sig;
    atomic_store(&g_term, 1);
}

/*
 * Runs on the sampler thread at least every 100 ms: turns a SIGTERM during a long engine call into cactus_stop.
 * Sent again on every tick while the call runs, because cactus_complete clears its stop flag on entry: a stop
 * that lands just before that would otherwise be lost.
 */
static void sampler_tick(void) {
    if (atomic_load(&g_term) && atomic_load(&g_busy) && g_model) {
        atomic_store(&g_stop_sent, 1);
        cactus_stop(g_model);
    }
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
            "  --context-tokens N the engine's context window; longer prompts are refused. Default %d (Cactus %s),\n"
            "                     0 (no check) with the simulated engine\n"
            "Reads JSON-lines requests on stdin, writes JSON-lines on stdout. See README.md.\n",
            DEFAULT_MAX_LINE, AURORA_CONTEXT_TOKENS, AURORA_CACTUS_VERSION);
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
    double hz = 20, max_line = DEFAULT_MAX_LINE, log_level = 3, context = -1;
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
        else if (strcmp(a, "--context-tokens") == 0) { if (!parse_num(v, 0, 1e7, &context) || context != (double)(long long)context) fatal_usage("--context-tokens must be a whole number 0..10000000"); }
        else fatal_usage("unknown option (see --help)");
        i++;
    }
    if (!model_arg) fatal_usage("--model DIR is required");
    /* The simulated engine does not model v1.14's context window: no check unless asked for. */
    g_context_tokens = context >= 0 ? (size_t)context : aurora_sim_engine_version ? 0 : AURORA_CONTEXT_TOKENS;

    /* Lab measurements never talk to the cloud: set before the engine initialises. v1.14 reads
       CACTUS_NO_CLOUD_TELE (telemetry) in cactus_init; CACTUS_DISABLE_CLOUD_HANDOFF is for newer engines (v1.14's
       handoff is turned off per request, see complete.c). Without a key no cloud request can be made either. */
    setenv("CACTUS_NO_CLOUD_TELE", "1", 1);
    setenv("CACTUS_DISABLE_CLOUD_HANDOFF", "1", 1);
    unsetenv("CACTUS_CLOUD_KEY");
    unsetenv("CACTUS_CLOUD_API_KEY");
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
    lr.interrupt = &g_term;
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
        jb_key(&b, "context_tokens");
        jb_int(&b, (long long)g_context_tokens);
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
