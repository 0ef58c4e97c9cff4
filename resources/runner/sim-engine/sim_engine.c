/*
 * libcactus_sim.so: a simulated Cactus engine implementing the runner's Cactus C API (include/cactus_ffi.h).
 *
 * Used by the lab's virtual phones. It is realistic rather than a stub:
 *  - a performance model (load time, prefill / decode tokens per second, RAM) set from the model's config.txt,
 *    scaled by AURORA_SIM_DEVICE_SPEED, and run as REAL single-threaded CPU work for the modelled duration
 *    (compressed by AURORA_SIM_TIME_SCALE); every figure it reports is the measured duration of that work;
 *  - deterministic text, and multiple-choice answers from an item-response model (ability vs difficulty);
 *  - embeddings (hashed bag of words), a reversible byte tokenizer and log-likelihood scoring;
 *  - fault injection: crash_after / AURORA_SIM_CRASH_AFTER aborts the process in the middle of a request.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../include/aurora_sim_ext.h"
#include "../include/cactus_ffi.h"
#include "../src/json.h"
#include "v114_reply.h"
#include "weights_format.h"

#ifndef AURORA_CACTUS_VERSION
#define AURORA_CACTUS_VERSION "unknown"
#endif
#define SIM_VERSION "1.0.0"

/* ------------------------------------------------------------------ utilities */

static char g_last_error[2048];
static int g_log_level = 2;

static void set_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_last_error, sizeof g_last_error, fmt, ap);
    va_end(ap);
    if (g_log_level <= 3) fprintf(stderr, "[cactus-sim] error: %s\n", g_last_error);
}

static void clear_error(void) { g_last_error[0] = '\0'; }

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static uint64_t mix64(uint64_t z) {
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t hash_bytes(const void *p, size_t n, uint64_t seed) {
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL ^ mix64(seed);
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 1099511628211ULL; }
    return mix64(h);
}

static uint64_t hash_str(const char *s, uint64_t seed) { return hash_bytes(s, strlen(s), seed); }

/* uniform in [0, 1) */
static double unit01(uint64_t h) { return (double)(mix64(h) >> 11) * (1.0 / 9007199254740992.0); }

/* approximately standard normal (Irwin-Hall with 4 terms, rescaled) */
static double normalish(uint64_t h) {
    double s = 0;
    for (int i = 0; i < 4; i++) s += unit01(h + (uint64_t)i * 0x632BE59BD9B4E019ULL);
    return (s - 2.0) * sqrt(3.0);
}

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

/* Real arithmetic on this thread until the monotonic clock reaches deadline (or *stop is set). */
static volatile double g_sink;
static void burn_until(double deadline, atomic_int *stop) {
    double x = g_sink + 1.000001, y = 0.999999;
    while (now_ms() < deadline) {
        for (int i = 0; i < 2048; i++) { x = x * y + 1e-9; y = y * 1.0000001 - 1e-10; }
        if (stop && atomic_load(stop)) break;
    }
    g_sink = x + y;
}

/* ------------------------------------------------------------------ tokenizer (reversible)
 * A token is a word piece of at most 4 bytes (a leading space attaches to a word), a single punctuation
 * byte, or a single whitespace byte. Its id packs its bytes little-endian, so token ids decode back to text
 * exactly (~3.5 characters per token on English text).
 */
static int is_word(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80; }

/* Writes up to cap ids; returns the total number of tokens. */
static size_t sim_tokenize(const char *s, size_t n, uint32_t *out, size_t cap) {
    size_t count = 0, i = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (i < n) {
        size_t st = i;
        if (u[i] == ' ' && i + 1 < n && is_word(u[i + 1])) i++;
        if (is_word(u[i])) { while (i < n && is_word(u[i]) && i - st < 4) i++; }
        else i++;
        if (count < cap && out) {
            uint32_t id = 0;
            for (size_t k = st; k < i; k++) id |= (uint32_t)u[k] << (8 * (k - st));
            out[count] = id;
        }
        count++;
    }
    return count;
}

static size_t token_text(uint32_t id, char *out) { /* out: 5 bytes */
    size_t n = 0;
    while (n < 4 && ((id >> (8 * n)) & 0xFF)) { out[n] = (char)((id >> (8 * n)) & 0xFF); n++; }
    out[n] = '\0';
    return n;
}

/* Byte length of the first k tokens of s. */
static size_t token_prefix_bytes(const char *s, size_t n, size_t k) {
    size_t count = 0, i = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (i < n && count < k) {
        size_t st = i;
        if (u[i] == ' ' && i + 1 < n && is_word(u[i + 1])) i++;
        if (is_word(u[i])) { while (i < n && is_word(u[i]) && i - st < 4) i++; }
        else i++;
        count++;
    }
    return i;
}

static char *detokenize(const uint32_t *t, size_t n) {
    char *s = malloc(n * 4 + 1);
    if (!s) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) o += token_text(t[i], s + o);
    s[o] = '\0';
    return s;
}

/* ------------------------------------------------------------------ model */

typedef struct {
    char model_id[128];
    char path[4096];
    double params_m, size_mb, load_ms, prefill_tps, decode_tps, ram_mb, ability;
    long embedding_dim;
    int can_embed, can_score, vision;
    uint64_t seed;
    long crash_after;
    double speed, time_scale;
    long n_requests;
    atomic_int stop;
    char score_key; /* 'A'..'D' or 0: from aurora_sim_set_score_options */
    char score_subject[128];
    void *ballast;
} sim_model;

/* Published-figure defaults (LFM2-1.2B INT8, 722 MB: 240 prefill / 46 decode tok/s on a Galaxy S24 Ultra class
   phone = speed 1.0); smaller models are faster roughly as memory traffic shrinks. */
static void defaults_from_size(sim_model *m, int have[]) {
    double r = 722.0 / (m->size_mb > 1 ? m->size_mb : 1);
    if (!have[0]) m->prefill_tps = 240.0 * pow(r, 0.7);
    if (!have[1]) m->decode_tps = 46.0 * pow(r, 0.7);
    if (!have[2]) m->load_ms = 120.0 + 0.9 * m->size_mb;
    if (!have[3]) m->ram_mb = 25.0 + 0.25 * m->size_mb;
    if (!have[4]) m->ability = -3.0 + 3.3 * log(m->params_m / 270.0) / log(1700.0 / 270.0);
}

static int parse_double(const char *v, double *out) {
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (end == v || *end || errno || !isfinite(d)) return 0;
    *out = d;
    return 1;
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = '\0';
    return s;
}

static int read_config(sim_model *m, const char *dir) {
    char path[4200];
    snprintf(path, sizeof path, "%s/config.txt", dir);
    FILE *f = fopen(path, "r");
    if (!f) { set_error("model folder %s has no readable config.txt (%s)", dir, strerror(errno)); return 0; }
    /* keys the simulation understands; others (a real Cactus config has many) are ignored */
    int have[5] = {0};
    int have_size = 0, have_params = 0;
    char line[1024];
    int lineno = 0, ok = 1;
    while (ok && fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) { set_error("config.txt line %d: line too long", lineno); ok = 0; break; }
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) { set_error("config.txt line %d: expected key=value, got \"%.80s\"", lineno, s); ok = 0; break; }
        *eq = '\0';
        char *k = trim(s), *v = trim(eq + 1);
        double d = 0;
        struct { const char *key; double *dst; int *flag; double lo, hi; } nums[] = {
            {"params_m", &m->params_m, &have_params, 1, 1e6},
            {"size_mb", &m->size_mb, &have_size, 0.001, 1e6},
            {"prefill_tps", &m->prefill_tps, &have[0], 0.01, 1e6},
            {"decode_tps", &m->decode_tps, &have[1], 0.01, 1e6},
            {"load_ms", &m->load_ms, &have[2], 0, 1e7},
            {"ram_mb", &m->ram_mb, &have[3], 0, 1e6},
            {"ability", &m->ability, &have[4], -20, 20},
        };
        int matched = 0;
        for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
            if (strcmp(k, nums[i].key) == 0) {
                matched = 1;
                if (!parse_double(v, &d) || d < nums[i].lo || d > nums[i].hi) {
                    set_error("config.txt line %d: bad value for %s: \"%.60s\" (want a number in %g..%g)", lineno, k, v, nums[i].lo, nums[i].hi);
                    ok = 0;
                } else { *nums[i].dst = d; *nums[i].flag = 1; }
            }
        if (matched) continue;
        if (strcmp(k, "model_id") == 0) snprintf(m->model_id, sizeof m->model_id, "%s", v);
        else if (strcmp(k, "embedding_dim") == 0 || strcmp(k, "can_embed") == 0 || strcmp(k, "can_score") == 0 ||
                 strcmp(k, "vision") == 0 || strcmp(k, "crash_after") == 0 || strcmp(k, "seed") == 0) {
            char *end;
            errno = 0;
            unsigned long long u = strtoull(v, &end, 10);
            if (end == v || *end || errno || *v == '-') {
                set_error("config.txt line %d: bad value for %s: \"%.60s\" (want a non-negative integer)", lineno, k, v);
                ok = 0;
            } else if (strcmp(k, "embedding_dim") == 0) {
                if (u < 8 || u > 8192) { set_error("config.txt line %d: embedding_dim must be 8..8192", lineno); ok = 0; }
                else m->embedding_dim = (long)u;
            } else if (strcmp(k, "seed") == 0) m->seed = u;
            else if (strcmp(k, "crash_after") == 0) m->crash_after = (long)u;
            else if (u > 1) { set_error("config.txt line %d: %s must be 0 or 1", lineno, k); ok = 0; }
            else if (strcmp(k, "can_embed") == 0) m->can_embed = (int)u;
            else if (strcmp(k, "can_score") == 0) m->can_score = (int)u;
            else m->vision = (int)u;
        }
    }
    fclose(f);
    if (!ok) return 0;
    if (!have_size && !have_params) { set_error("config.txt: needs size_mb or params_m"); return 0; }
    if (!have_size) m->size_mb = m->params_m * 0.62;
    if (!have_params) m->params_m = m->size_mb / 0.62;
    defaults_from_size(m, have);
    return 1;
}

/* Reads every *.weights file (real I/O) and checks the simulated format. Returns total bytes or -1. */
static long long check_weights(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) { set_error("model folder %s cannot be opened (%s)", dir, strerror(errno)); return -1; }
    struct dirent *e;
    long long total = 0;
    int files = 0;
    while ((e = readdir(d))) {
        size_t nl = strlen(e->d_name);
        if (nl < 8 || strcmp(e->d_name + nl - 8, ".weights") != 0) continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) { set_error("weights file %s cannot be read (%s)", path, strerror(errno)); closedir(d); return -1; }
        unsigned char *buf = NULL;
        size_t n = 0, cap = 0;
        for (;;) {
            if (n == cap) {
                cap = cap ? cap * 2 : 65536;
                unsigned char *nb = realloc(buf, cap);
                if (!nb) break;
                buf = nb;
            }
            size_t r = fread(buf + n, 1, cap - n, f);
            n += r;
            if (r == 0) break;
        }
        fclose(f);
        const char *problem = NULL;
        if (n == 0) problem = "is empty";
        else if (n >= SIMW_MAGIC_LEN && memcmp(buf, SIMW_MAGIC, SIMW_MAGIC_LEN) == 0) {
            uint32_t pl = n >= SIMW_MAGIC_LEN + 4 ? simw_get_u32(buf + SIMW_MAGIC_LEN) : 0;
            if (n != (size_t)SIMW_MAGIC_LEN + 4 + pl + 8) problem = "is truncated or has trailing bytes (corrupt)";
            else if (simw_fnv1a(buf + SIMW_MAGIC_LEN + 4, pl) != simw_get_u64(buf + SIMW_MAGIC_LEN + 4 + pl))
                problem = "fails its checksum (corrupt)";
        }
        free(buf);
        if (problem) { set_error("weights file %s %s", path, problem); closedir(d); return -1; }
        total += (long long)n;
        files++;
    }
    closedir(d);
    if (!files) { set_error("model folder %s has no .weights files", dir); return -1; }
    return total;
}

static double env_num(const char *name, double dflt, double lo, double hi) {
    const char *v = getenv(name);
    double d;
    if (!v || !*v || !parse_double(v, &d) || d < lo || d > hi) return dflt;
    return d;
}

CACTUS_FFI_EXPORT cactus_model_t cactus_init(const char *model_path, const char *corpus_dir, bool cache_index) {
    (void)corpus_dir;
    (void)cache_index;
    clear_error();
    double t0 = now_ms();
    if (!model_path || !*model_path) { set_error("cactus_init: model_path is empty"); return NULL; }
    struct stat st;
    if (stat(model_path, &st) != 0) { set_error("model folder %s does not exist (%s)", model_path, strerror(errno)); return NULL; }
    if (!S_ISDIR(st.st_mode)) { set_error("model path %s is not a folder", model_path); return NULL; }
    sim_model *m = calloc(1, sizeof *m);
    if (!m) { set_error("cactus_init: out of memory"); return NULL; }
    snprintf(m->path, sizeof m->path, "%s", model_path);
    const char *base = strrchr(model_path, '/');
    snprintf(m->model_id, sizeof m->model_id, "%s", base && base[1] ? base + 1 : model_path);
    m->embedding_dim = 1024;
    m->can_embed = 1;
    m->can_score = 1;
    if (!read_config(m, model_path) || check_weights(model_path) < 0) { free(m); return NULL; }
    if (!m->seed) m->seed = hash_str(m->model_id, 0x5EED);
    m->speed = env_num("AURORA_SIM_DEVICE_SPEED", 1.0, 0.01, 100);
    m->time_scale = env_num("AURORA_SIM_TIME_SCALE", 1.0, 0.0001, 100);
    double crash = env_num("AURORA_SIM_CRASH_AFTER", -1, 0, 1e12);
    if (crash >= 0) m->crash_after = (long)crash;
    /* optional real memory ballast, to make the host process's RSS follow the model (default off) */
    double rss_scale = env_num("AURORA_SIM_RSS_SCALE", 0, 0, 1);
    if (rss_scale > 0) {
        size_t bytes = (size_t)(m->ram_mb * rss_scale * 1024 * 1024);
        m->ballast = malloc(bytes);
        if (m->ballast) memset(m->ballast, 0x5A, bytes);
    }
    if (!getenv("CACTUS_NO_CLOUD_TELE") && g_log_level <= 2)
        fprintf(stderr, "[cactus-sim] warning: CACTUS_NO_CLOUD_TELE is not set; a real engine would send telemetry\n");
    /* load work: the modelled load time on this device, as real CPU work */
    burn_until(t0 + m->load_ms / m->speed * m->time_scale, NULL);
    if (g_log_level <= 1)
        fprintf(stderr, "[cactus-sim] loaded %s (%.0f MB, ability %.2f) in %.1f ms\n", m->model_id, m->size_mb, m->ability, now_ms() - t0);
    return m;
}

CACTUS_FFI_EXPORT void cactus_destroy(cactus_model_t model) {
    sim_model *m = model;
    if (!m) return;
    free(m->ballast);
    free(m);
}

CACTUS_FFI_EXPORT void cactus_reset(cactus_model_t model) {
    sim_model *m = model;
    if (m) atomic_store(&m->stop, 0);
}

CACTUS_FFI_EXPORT void cactus_stop(cactus_model_t model) {
    sim_model *m = model;
    if (m) atomic_store(&m->stop, 1);
}

CACTUS_FFI_EXPORT const char *cactus_get_last_error(void) { return g_last_error; }

CACTUS_FFI_EXPORT void cactus_log_set_level(int level) { g_log_level = level; }

CACTUS_FFI_EXPORT const char *aurora_sim_engine_version(void) {
    return "cactus-sim/" SIM_VERSION " (api " AURORA_CACTUS_VERSION ")";
}

/* ------------------------------------------------------------------ multiple choice + item response */

/* Finds choices labelled A-D at line starts ("A.", "A)", "(A)", "A:"). Returns 1 when all four are present,
   with *canon_len = the end of the line holding the last label (the question's canonical extent). */
static int find_choices(const char *t, size_t n, size_t *canon_len) {
    int found = 0;
    size_t end_of_d = 0;
    size_t i = 0;
    while (i < n) {
        size_t ls = i, le = i;
        while (le < n && t[le] != '\n') le++;
        size_t k = ls;
        while (k < le && (t[k] == ' ' || t[k] == '\t')) k++;
        int paren = k < le && t[k] == '(';
        if (paren) k++;
        if (k + 1 < le && t[k] >= 'A' && t[k] <= 'D') {
            char sep = t[k + 1];
            if ((paren && sep == ')') || (!paren && (sep == '.' || sep == ')' || sep == ':'))) {
                found |= 1 << (t[k] - 'A');
                if (t[k] == 'D') end_of_d = le;
            }
        }
        i = le + 1;
    }
    if (found != 15) return 0;
    *canon_len = end_of_d;
    return 1;
}

static uint64_t canon_hash(const char *t, size_t n) {
    /* whitespace-insensitive, so formatting differences do not change the question's identity */
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        h ^= c;
        h *= 1099511628211ULL;
    }
    return mix64(h);
}

static double subject_offset(const char *subject) {
    if (!subject || !*subject) return 0;
    char s[128];
    size_t n = 0;
    for (; subject[n] && n < sizeof s - 1; n++) {
        char c = subject[n];
        s[n] = (char)(c == ' ' || c == '-' ? '_' : (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
    s[n] = '\0';
    static const char *const hard[] = {"abstract_algebra", "college_mathematics", "college_physics", "formal_logic",
                                       "high_school_mathematics", "professional_law", "econometrics", "machine_learning",
                                       "college_chemistry", "high_school_physics", "moral_scenarios", "virology", "math"};
    static const char *const easy[] = {"marketing", "high_school_geography", "sociology", "us_foreign_policy",
                                       "high_school_government_and_politics", "world_religions", "management",
                                       "high_school_psychology", "miscellaneous"};
    for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++) if (strcmp(s, hard[i]) == 0) return 0.8;
    for (size_t i = 0; i < sizeof easy / sizeof easy[0]; i++) if (strcmp(s, easy[i]) == 0) return -0.6;
    return (unit01(hash_str(s, 0x5AB)) - 0.5) * 0.6;
}

static char parse_key(const char *k) {
    if (!k) return 0;
    while (*k == ' ' || *k == '(') k++;
    char c = *k;
    if (c >= 'a' && c <= 'd') c = (char)(c - 'a' + 'A');
    return c >= 'A' && c <= 'D' ? c : 0;
}

/* The letter this model picks: with a key, correct with P = 0.25 + 0.75 * sigmoid(ability - difficulty),
   else a uniformly chosen wrong letter; without a key, a deterministic guess. */
static char irt_choice(const sim_model *m, uint64_t q, char key, const char *subject) {
    if (!key) return (char)('A' + (int)(mix64(q ^ m->seed ^ 0x9E55ULL) % 4));
    double difficulty = 0.5 + normalish(q ^ 0xD1FFULL) + subject_offset(subject);
    double p = 0.25 + 0.75 * sigmoid(m->ability - difficulty);
    if (unit01(q ^ m->seed ^ 0xC0EEC7ULL) < p) return key;
    int w = (int)(mix64(q ^ m->seed ^ 0x3A0BULL) % 3);
    char others[3];
    int o = 0;
    for (char c = 'A'; c <= 'D'; c++) if (c != key) others[o++] = c;
    return others[w];
}

static void mc_reply(char *out, size_t cap, char letter, uint64_t h) {
    int v = (int)(mix64(h ^ 0xF0F0ULL) % 100);
    char lower = (char)(letter - 'A' + 'a');
    if (v < 35) snprintf(out, cap, "The answer is %c.", letter);
    else if (v < 55) snprintf(out, cap, "%c", letter);
    else if (v < 69) snprintf(out, cap, "Answer: (%c)", lower);
    else if (v < 79) snprintf(out, cap, "%c.", letter);
    else if (v < 89) snprintf(out, cap, "The correct answer is (%c).", letter);
    else if (v < 97) snprintf(out, cap, "**%c**", letter);
    else { /* the small rate of replies a parser cannot use */
        static const char *const unparsable[] = {"I cannot determine the answer from the information given.",
                                                 "Both of the middle options seem plausible to me.",
                                                 "Let me think about this step by step"};
        snprintf(out, cap, "%s", unparsable[mix64(h ^ 0xBADULL) % 3]);
        return;
    }
    if (unit01(h ^ 0xE7ULL) < 0.3) {
        size_t l = strlen(out);
        snprintf(out + l, cap - l, " This is because the other options do not satisfy the conditions stated in the question.");
    }
}

static void free_text(char *out, size_t cap, uint64_t h) {
    static const char *const words[] = {"the", "model", "runs", "on", "device", "with", "low", "latency", "and", "a",
                                        "small", "memory", "footprint", "which", "makes", "it", "useful", "for",
                                        "private", "assistants", "energy", "matters", "phones", "battery", "when",
                                        "prompts", "are", "short", "answers", "can", "be", "generated", "quickly",
                                        "in", "practice", "this", "depends", "of", "hardware", "quantized", "weights",
                                        "help", "decode", "speed", "however", "context", "length", "also", "affects",
                                        "prefill", "time", "users", "notice", "first", "token", "delay", "most"};
    size_t nw = sizeof words / sizeof words[0];
    size_t target = 60 + (size_t)(mix64(h) % 400); /* characters */
    size_t o = 0;
    uint64_t x = h;
    int start = 1;
    size_t in_sentence = 0, sentence_len = 6 + (size_t)(mix64(x) % 9);
    while (o + 20 < cap && o < target) {
        x = mix64(x + 1);
        const char *w = words[x % nw];
        int n = snprintf(out + o, cap - o, "%s%c%s", o ? " " : "", start ? (char)(w[0] - 'a' + 'A') : w[0], w + 1);
        if (n < 0) break;
        o += (size_t)n;
        start = 0;
        if (++in_sentence >= sentence_len) {
            out[o++] = '.';
            out[o] = '\0';
            start = 1;
            in_sentence = 0;
            sentence_len = 6 + (size_t)(mix64(x ^ 7) % 9);
        }
    }
    if (!start && o + 1 < cap) { out[o++] = '.'; out[o] = '\0'; }
}

/* ------------------------------------------------------------------ complete */

static int write_response(char *buf, size_t cap, jbuf *b) {
    char err[160];
    int rc = v114_write_response(buf, cap, b, err, sizeof err);
    if (rc < 0) set_error("%s", err);
    return rc;
}

static int error_response(const sim_model *m, char *buf, size_t cap, const char *msg) {
    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"success\":false,\"error\":");
    jb_cstr_q(&b, msg);
    jb_cstr(&b, ",\"cloud_handoff\":false,\"response\":null,\"function_calls\":[],\"confidence\":0.0,"
                "\"time_to_first_token_ms\":0.0,\"total_time_ms\":0.0,\"prefill_tps\":0.0,\"decode_tps\":0.0,"
                "\"ram_usage_mb\":");
    jb_fixed(&b, m ? m->ram_mb : 0, 2);
    jb_cstr(&b, ",\"prefill_tokens\":0,\"decode_tokens\":0,\"total_tokens\":0}");
    set_error("%s", msg);
    if (buf && cap && b.len + 1 <= cap) memcpy(buf, b.buf, b.len + 1);
    jb_free(&b);
    return -1;
}

static double jitter(uint64_t h) { return 1.0 + 0.06 * (unit01(h) - 0.5); } /* +-3% run-to-run variation */

CACTUS_FFI_EXPORT int cactus_complete(cactus_model_t model, const char *messages_json, char *response_buffer,
                                      size_t buffer_size, const char *options_json, const char *tools_json,
                                      cactus_token_callback callback, void *user_data
#ifndef CACTUS_COMPLETE_8ARGS
                                      ,
                                      const uint8_t *pcm_buffer, size_t pcm_buffer_size
#endif
) {
#ifndef CACTUS_COMPLETE_8ARGS
    (void)pcm_buffer;
    (void)pcm_buffer_size;
#endif
    double t0 = now_ms();
    sim_model *m = model;
    clear_error();
    if (!m || !messages_json || !response_buffer || buffer_size == 0) { set_error("Invalid parameters"); return -1; }
    atomic_store(&m->stop, 0);

    char perr[200], msg[400];
    json_value *msgs = json_parse(messages_json, strlen(messages_json), perr, sizeof perr);
    if (!msgs || msgs->type != JSON_ARRAY || msgs->count == 0) {
        snprintf(msg, sizeof msg, "invalid messages_json: %s", msgs ? "expected a non-empty array" : perr);
        json_free(msgs);
        return error_response(m, response_buffer, buffer_size, msg);
    }
    json_value *opts = NULL;
    if (options_json && *options_json) {
        opts = json_parse(options_json, strlen(options_json), perr, sizeof perr);
        if (!opts || opts->type != JSON_OBJECT) {
            snprintf(msg, sizeof msg, "invalid options_json: %s", opts ? "expected an object" : perr);
            json_free(msgs);
            json_free(opts);
            return error_response(m, response_buffer, buffer_size, msg);
        }
    }
    if (json_get_bool(opts, "telemetry_enabled", 1) && !getenv("CACTUS_NO_CLOUD_TELE") && g_log_level <= 2)
        fprintf(stderr, "[cactus-sim] warning: telemetry is enabled for this request\n");

    /* the prompt as a chat template would render it, and its token count */
    jbuf prompt;
    jb_init(&prompt);
    const char *last_user = NULL;
    long images = 0;
    for (size_t i = 0; i < msgs->count; i++) {
        const json_value *mm = msgs->items[i];
        const char *role = json_get_str(mm, "role");
        const char *content = json_get_str(mm, "content");
        if (!role || !content) {
            jb_free(&prompt);
            json_free(msgs);
            json_free(opts);
            return error_response(m, response_buffer, buffer_size, "invalid messages_json: each message needs string role and content");
        }
        const json_value *imgs = json_get(mm, "images");
        if (imgs && imgs->type == JSON_ARRAY) images += (long)imgs->count;
        jb_cstr(&prompt, "<|im_start|>");
        jb_cstr(&prompt, role);
        jb_cstr(&prompt, "\n");
        jb_cstr(&prompt, content);
        jb_cstr(&prompt, "<|im_end|>\n");
        if (strcmp(role, "user") == 0) last_user = content;
    }
    jb_cstr(&prompt, "<|im_start|>assistant\n");
    if (images && !m->vision) {
        jb_free(&prompt);
        json_free(msgs);
        json_free(opts);
        snprintf(msg, sizeof msg, "model %s does not support images", m->model_id);
        return error_response(m, response_buffer, buffer_size, msg);
    }
    if (tools_json && *tools_json) jb_cstr(&prompt, tools_json); /* tools are part of the prompt */
    size_t prefill_tokens = sim_tokenize(prompt.buf, prompt.len, NULL, 0) + (size_t)images * 256;
    uint64_t ph = hash_bytes(prompt.buf, prompt.len, m->seed);

    double max_tokens = json_get_num(opts, "max_tokens", 100);
    if (!(max_tokens >= 1)) max_tokens = 1;
    if (max_tokens > 8192) max_tokens = 8192;
    char key = parse_key(json_get_str(opts, "aurora_answer_key"));
    const char *subject = json_get_str(opts, "aurora_subject");

    /* the reply */
    char reply[4096];
    size_t canon = 0;
    if (last_user && find_choices(last_user, strlen(last_user), &canon)) {
        uint64_t q = canon_hash(last_user, canon);
        mc_reply(reply, sizeof reply, irt_choice(m, q, key, subject), q ^ m->seed);
    } else {
        free_text(reply, sizeof reply, ph);
    }
    size_t rlen = strlen(reply);
    size_t ntok = sim_tokenize(reply, rlen, NULL, 0);
    if (ntok > (size_t)max_tokens) {
        ntok = (size_t)max_tokens;
        rlen = token_prefix_bytes(reply, strlen(reply), ntok);
        reply[rlen] = '\0';
    }
    if (ntok == 0) { ntok = 1; snprintf(reply, sizeof reply, "."); rlen = 1; }
    uint32_t toks[4096];
    size_t nt = sim_tokenize(reply, rlen, toks, sizeof toks / sizeof toks[0]);
    if (nt > sizeof toks / sizeof toks[0]) nt = sizeof toks / sizeof toks[0];
    ntok = nt;

    m->n_requests++;
    int crash = m->crash_after > 0 && m->n_requests > m->crash_after;

    /* prefill: real work for the modelled time; the first token comes out of it */
    double scale = m->time_scale / m->speed;
    uint64_t jh = mix64((uint64_t)m->n_requests ^ m->seed ^ (uint64_t)(t0 * 1000));
    double prefill_ms = (double)prefill_tokens / m->prefill_tps * 1000.0 * scale * jitter(jh);
    double token_ms = 1000.0 / m->decode_tps * scale * jitter(jh ^ 1);
    burn_until(t0 + prefill_ms, &m->stop);
    double t_first = now_ms();
    char ttext[5];
    size_t emitted = 0, out_bytes = 0;
    for (size_t i = 0; i < ntok; i++) {
        if (i > 0) burn_until(t_first + (double)i * token_ms, &m->stop);
        if (crash && i >= ntok / 2) {
            fprintf(stderr, "[cactus-sim] simulated engine crash (crash_after=%ld) during request %ld\n", m->crash_after, m->n_requests);
            fflush(stderr);
            abort();
        }
        if (i > 0 && atomic_load(&m->stop)) break;
        out_bytes += token_text(toks[i], ttext);
        emitted++;
        if (callback) callback(ttext, toks[i], user_data);
    }
    if (crash) abort(); /* single-token reply */
    reply[out_bytes] = '\0';
    double t_end = now_ms();
    double ttft = t_first - t0, total = t_end - t0;
    double decode_tps = emitted > 1 && total > ttft ? (double)(emitted - 1) / ((total - ttft) / 1000.0) : 0.0;
    double prefill_tps = ttft > 0 ? (double)prefill_tokens / (ttft / 1000.0) : 0.0;
    double kv_mb = (double)(prefill_tokens + emitted) * 0.004 * m->params_m / 450.0;

    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"success\":true,\"error\":null,\"cloud_handoff\":false,\"response\":");
    v114_response_string(&b, reply, out_bytes, json_get_str(opts, "aurora_sim_raw_tail_hex"));
    jb_cstr(&b, ",\"function_calls\":[],\"confidence\":");
    jb_fixed(&b, 0.55 + 0.4 * unit01(ph ^ 0xC0F), 4);
    jb_cstr(&b, ",\"time_to_first_token_ms\":");
    jb_fixed(&b, ttft, 3);
    jb_cstr(&b, ",\"total_time_ms\":");
    jb_fixed(&b, total, 3);
    jb_cstr(&b, ",\"prefill_tps\":");
    jb_fixed(&b, prefill_tps, 3);
    jb_cstr(&b, ",\"decode_tps\":");
    jb_fixed(&b, decode_tps, 3);
    jb_cstr(&b, ",\"ram_usage_mb\":");
    jb_fixed(&b, m->ram_mb + kv_mb, 2);
    jb_cstr(&b, ",\"prefill_tokens\":");
    jb_int(&b, (long long)prefill_tokens);
    jb_cstr(&b, ",\"decode_tokens\":");
    jb_int(&b, (long long)emitted);
    jb_cstr(&b, ",\"total_tokens\":");
    jb_int(&b, (long long)(prefill_tokens + emitted));
    jb_cstr(&b, "}");
    int rc = write_response(response_buffer, buffer_size, &b);
    jb_free(&b);
    jb_free(&prompt);
    json_free(msgs);
    json_free(opts);
    return rc;
}

/* ------------------------------------------------------------------ tokenize / score / embed */

CACTUS_FFI_EXPORT int cactus_tokenize(cactus_model_t model, const char *text, uint32_t *token_buffer,
                                      size_t token_buffer_len, size_t *out_token_len) {
    clear_error();
    if (!model || !text || !out_token_len) { set_error("Invalid parameters"); return -1; }
    size_t n = sim_tokenize(text, strlen(text), token_buffer, token_buffer ? token_buffer_len : 0);
    *out_token_len = n;
    if (!token_buffer || token_buffer_len == 0) return 0;
    if (token_buffer_len < n) return -2;
    return 0;
}

CACTUS_FFI_EXPORT void aurora_sim_set_score_options(cactus_model_t model, const char *options_json) {
    sim_model *m = model;
    if (!m) return;
    m->score_key = 0;
    m->score_subject[0] = '\0';
    if (!options_json) return;
    json_value *o = json_parse(options_json, strlen(options_json), NULL, 0);
    m->score_key = parse_key(json_get_str(o, "aurora_answer_key"));
    const char *s = json_get_str(o, "aurora_subject");
    if (s) snprintf(m->score_subject, sizeof m->score_subject, "%s", s);
    json_free(o);
}

/* "C", " C", "(C)", " (C)", "C." ... -> 'C'; else 0 */
static char letter_of(const char *s) {
    while (*s == ' ' || *s == '(' || *s == '\n') s++;
    char c = *s;
    if (c < 'A' || c > 'D') return 0;
    s++;
    while (*s == ')' || *s == '.' || *s == ' ') s++;
    return *s ? 0 : c;
}

CACTUS_FFI_EXPORT int cactus_score_window(cactus_model_t model, const uint32_t *tokens, size_t token_len, size_t start,
                                          size_t end, size_t context, char *response_buffer, size_t buffer_size) {
    double t0 = now_ms();
    sim_model *m = model;
    clear_error();
    (void)context;
    if (!m || !tokens || token_len == 0 || !response_buffer || buffer_size == 0) { set_error("Invalid parameters"); return -1; }
    if (!m->can_score) {
        char msg[256];
        snprintf(msg, sizeof msg, "model %s does not support log-likelihood scoring", m->model_id);
        jbuf b;
        jb_init(&b);
        jb_cstr(&b, "{\"success\":false,\"error\":");
        jb_cstr_q(&b, msg);
        jb_cstr(&b, "}");
        if (b.len + 1 <= buffer_size) memcpy(response_buffer, b.buf, b.len + 1);
        jb_free(&b);
        set_error("%s", msg);
        return -1;
    }
    if (start >= end || end > token_len) { set_error("score window [%zu, %zu) outside 0..%zu", start, end, token_len); return -1; }
    /* a forward pass over the whole window */
    burn_until(t0 + (double)end / m->prefill_tps * 1000.0 * m->time_scale / m->speed, NULL);
    char *prompt = detokenize(tokens, start);
    char *cont = detokenize(tokens + start, end - start);
    if (!prompt || !cont) { free(prompt); free(cont); set_error("out of memory"); return -1; }
    double lp = 0;
    size_t canon = 0;
    char letter = letter_of(cont);
    if (letter && find_choices(prompt, strlen(prompt), &canon)) {
        uint64_t q = canon_hash(prompt, canon);
        char chosen = irt_choice(m, q, m->score_key, m->score_subject);
        double u = unit01(q ^ m->seed ^ (uint64_t)letter);
        lp = letter == chosen ? -0.15 - 0.35 * u : -1.6 - 2.4 * u;
    } else {
        double mean = 2.6 - 0.3 * m->ability; /* bigger models: lower perplexity */
        for (size_t i = start; i < end; i++) {
            uint64_t h = mix64(((uint64_t)tokens[i] << 32) ^ (i ? tokens[i - 1] : 0) ^ m->seed);
            lp -= mean * (0.3 + 1.4 * unit01(h));
        }
    }
    free(prompt);
    free(cont);
    char out[128];
    int n = snprintf(out, sizeof out, "{\"success\":true,\"logprob\":%.10g,\"tokens\":%zu}", lp, end - start);
    if ((size_t)n + 1 > buffer_size) { set_error("Response buffer too small"); return -1; }
    memcpy(response_buffer, out, (size_t)n + 1);
    return n;
}

CACTUS_FFI_EXPORT int cactus_embed(cactus_model_t model, const char *text, float *embeddings_buffer, size_t buffer_size,
                                   size_t *embedding_dim, bool normalize) {
    double t0 = now_ms();
    sim_model *m = model;
    clear_error();
    if (!m || !text || !embeddings_buffer || !embedding_dim) { set_error("Invalid parameters"); return -1; }
    if (!m->can_embed) { set_error("model %s does not support embeddings", m->model_id); return -1; }
    size_t dim = (size_t)m->embedding_dim;
    if (buffer_size < dim * sizeof(float)) { set_error("embedding buffer too small: need %zu bytes", dim * sizeof(float)); return -1; }
    size_t n = strlen(text);
    burn_until(t0 + (double)sim_tokenize(text, n, NULL, 0) / m->prefill_tps * 1000.0 * m->time_scale / m->speed, NULL);
    memset(embeddings_buffer, 0, dim * sizeof(float));
    /* hashed bag of lower-cased words and word bigrams */
    uint64_t prev = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && !is_word((unsigned char)text[i])) i++;
        if (i >= n) break;
        char w[64];
        size_t wl = 0;
        while (i < n && is_word((unsigned char)text[i])) {
            char c = text[i++];
            if (wl < sizeof w - 1) w[wl++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        uint64_t h = hash_bytes(w, wl, m->seed);
        embeddings_buffer[h % dim] += (h >> 63) ? 1.0f : -1.0f;
        if (prev) {
            uint64_t hb = mix64(h ^ (prev * 31));
            embeddings_buffer[hb % dim] += (hb >> 63) ? 0.5f : -0.5f;
        }
        prev = h;
    }
    if (normalize) {
        double s = 0;
        for (size_t k = 0; k < dim; k++) s += (double)embeddings_buffer[k] * embeddings_buffer[k];
        if (s > 0) {
            float inv = (float)(1.0 / sqrt(s));
            for (size_t k = 0; k < dim; k++) embeddings_buffer[k] *= inv;
        }
    }
    *embedding_dim = dim;
    return (int)dim;
}
