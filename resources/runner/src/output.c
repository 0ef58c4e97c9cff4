#include "output.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

static pthread_mutex_t g_out_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_int g_broken;

/* write(2) in a loop: no stdio buffering, so a line is out as soon as this returns. */
static int write_all(const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int out_line(const char *line, size_t len) {
    if (atomic_load(&g_broken)) return -1;
    pthread_mutex_lock(&g_out_mu);
    int rc = write_all(line, len);
    if (rc == 0) rc = write_all("\n", 1);
    pthread_mutex_unlock(&g_out_mu);
    if (rc != 0) atomic_store(&g_broken, 1);
    return rc;
}

int out_broken(void) { return atomic_load(&g_broken); }
