#include "sampler.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "platform.h"

#define N_FIELDS 4
static const char *const FIELD_NAMES[N_FIELDS] = {"current", "voltage", "charge_counter", "temp"};
static const char *const FIELD_FILES[N_FIELDS] = {"current_now", "voltage_now", "charge_counter", "temp"};

static char g_paths[N_FIELDS][4096];
static pthread_t g_thread;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv;
static double g_hz;
static int g_quit, g_started;
static void (*g_tick)(void);

/* Reads one integer file: open/pread(0)/close each time, so sysfs re-evaluates and a file replaced by
   rename (virtual phones) is seen. No allocation. Returns 0 and *out on success, else an errno-ish code. */
static int read_int(const char *path, long long *out) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno ? errno : EIO;
    char buf[64];
    ssize_t n;
    do n = pread(fd, buf, sizeof buf - 1, 0);
    while (n < 0 && errno == EINTR);
    int err = n < 0 ? errno : 0;
    close(fd);
    if (n < 0) return err ? err : EIO;
    buf[n] = '\0';
    char *p = buf;
    while (*p == ' ' || *p == '\t') p++;
    char *end;
    errno = 0;
    long long v = strtoll(p, &end, 10);
    if (end == p || errno) return EINVAL;
    while (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t') end++;
    if (*end) return EINVAL;
    *out = v;
    return 0;
}

static void append_field(char *line, size_t cap, size_t *len, const char *name, int ok, long long v) {
    int n = ok ? snprintf(line + *len, cap - *len, ",\"%s\":%lld", name, v)
               : snprintf(line + *len, cap - *len, ",\"%s\":null", name);
    if (n > 0 && (size_t)n < cap - *len) *len += (size_t)n;
}

static void take_sample(unsigned *warned) {
    char line[256];
    double t = boot_ms();
    size_t len = (size_t)snprintf(line, sizeof line, "{\"type\":\"sample\",\"t_ms\":%.3f", t);
    unsigned failed = 0;
    int errs[N_FIELDS] = {0};
    for (int i = 0; i < N_FIELDS; i++) {
        long long v = 0;
        errs[i] = read_int(g_paths[i], &v);
        if (errs[i]) failed |= 1u << i;
        append_field(line, sizeof line, &len, FIELD_NAMES[i], errs[i] == 0, v);
    }
    if (len + 1 < sizeof line) { line[len++] = '}'; line[len] = '\0'; }
    unsigned fresh = failed & ~*warned;
    if (fresh) {
        /* one warning line naming every field that just became unreadable (rare: no hot-path cost) */
        char w[2048];
        size_t wl = (size_t)snprintf(w, sizeof w, "{\"type\":\"warning\",\"warning\":\"power source unreadable; field(s) will be null\",\"t_ms\":%.3f,\"fields\":[", t);
        int first = 1;
        for (int i = 0; i < N_FIELDS && wl < sizeof w; i++)
            if (fresh & (1u << i)) {
                int n = snprintf(w + wl, sizeof w - wl, "%s{\"field\":\"%s\",\"file\":\"%s\",\"reason\":\"%s\"}",
                                 first ? "" : ",", FIELD_NAMES[i], FIELD_FILES[i],
                                 errs[i] == EINVAL ? "not an integer" : strerror(errs[i]));
                if (n > 0) wl += (size_t)n;
                first = 0;
            }
        if (wl + 3 < sizeof w) {
            memcpy(w + wl, "]}", 3);
            out_line(w, wl + 2);
        }
        *warned |= fresh;
    }
    out_line(line, len);
}

static void add_ms(struct timespec *ts, double ms) {
    long long ns = ts->tv_nsec + (long long)(ms * 1e6);
    ts->tv_sec += (time_t)(ns / 1000000000LL);
    ts->tv_nsec = (long)(ns % 1000000000LL);
}

static int ts_before(const struct timespec *a, const struct timespec *b) {
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void *sampler_main(void *arg) {
    (void)arg;
    unsigned warned = 0;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    double cur_hz = -1;
    pthread_mutex_lock(&g_mu);
    while (!g_quit) {
        double hz = g_hz;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (hz != cur_hz) { next = now; cur_hz = hz; } /* rate changed: sample now, then on the new grid */
        if (hz > 0 && !ts_before(&now, &next)) {
            pthread_mutex_unlock(&g_mu);
            take_sample(&warned);
            pthread_mutex_lock(&g_mu);
            add_ms(&next, 1000.0 / hz);
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (ts_before(&next, &now)) { next = now; add_ms(&next, 1000.0 / hz); } /* fell behind: skip, don't burst */
            continue;
        }
        struct timespec wake = now;
        add_ms(&wake, 100.0);
        if (hz > 0 && ts_before(&next, &wake)) wake = next;
        pthread_cond_timedwait(&g_cv, &g_mu, &wake);
        if (g_tick) {
            pthread_mutex_unlock(&g_mu);
            g_tick();
            pthread_mutex_lock(&g_mu);
        }
    }
    pthread_mutex_unlock(&g_mu);
    return NULL;
}

int sampler_start(double hz, const char *power_dir, void (*tick)(void)) {
    for (int i = 0; i < N_FIELDS; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", power_dir, FIELD_FILES[i]);
        if (!device_path(p, g_paths[i], sizeof g_paths[i])) g_paths[i][0] = '\0';
    }
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g_cv, &ca);
    pthread_condattr_destroy(&ca);
    g_hz = hz;
    g_tick = tick;
    g_quit = 0;
    /* the sampler never takes process signals (SIGTERM goes to the request loop) */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&g_thread, NULL, sampler_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc == 0) g_started = 1;
    return rc;
}

void sampler_set_hz(double hz) {
    pthread_mutex_lock(&g_mu);
    g_hz = hz > 0 ? hz : 0;
    pthread_cond_signal(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

double sampler_get_hz(void) {
    pthread_mutex_lock(&g_mu);
    double hz = g_hz;
    pthread_mutex_unlock(&g_mu);
    return hz;
}

void sampler_stop(void) {
    if (!g_started) return;
    pthread_mutex_lock(&g_mu);
    g_quit = 1;
    pthread_cond_signal(&g_cv);
    pthread_mutex_unlock(&g_mu);
    pthread_join(g_thread, NULL);
    g_started = 0;
}
