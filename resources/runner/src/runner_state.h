/* State shared by the request loop, the request handlers and the sampler thread's tick. */
#ifndef AURORA_RUNNER_STATE_H
#define AURORA_RUNNER_STATE_H

#include <stdatomic.h>
#include <stddef.h>

#include "cactus_ffi.h"

#define RESPONSE_BUFFER (256 * 1024)

extern atomic_int g_term;      /* SIGTERM / SIGINT / SIGHUP seen */
extern atomic_int g_busy;      /* an engine call is running */
extern atomic_int g_stop_sent; /* cactus_stop was asked for the running call */
extern cactus_model_t g_model;
extern char *g_resp;           /* engine response buffer (RESPONSE_BUFFER bytes), allocated once */
/* The engine's context window in tokens (v1.14 fixes 512 in cactus_init): prompts that do not fit are refused. */
extern size_t g_context_tokens;

#endif
