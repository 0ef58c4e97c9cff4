/*
 * The subset of the Cactus C API (cactus/ffi/cactus_ffi.h) that the Aurora runner uses.
 *
 * Declared exactly as in the engine version pinned in ../CACTUS_VERSION (v1.14): cactus_complete takes
 * 10 arguments (pcm_buffer, pcm_buffer_size were added after the 8-argument form). To build against an
 * older engine whose cactus_complete has only 8 arguments, compile with -DCACTUS_COMPLETE_8ARGS
 * (make android CACTUS_COMPLETE_ARGS=8). Always check the pinned engine's own header: the API has
 * changed several times, and a mismatched prototype is undefined behaviour, not a link error.
 *
 * The simulated engine (../sim-engine) implements these same declarations.
 */
/* Its own include guard (not upstream's CACTUS_FFI_H), so `make api-check` can include both headers in one
   translation unit and let the compiler compare every prototype. */
#ifndef AURORA_CACTUS_FFI_H
#define AURORA_CACTUS_FFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef CACTUS_FFI_EXPORT
#if defined(__GNUC__) && __GNUC__ >= 4
#define CACTUS_FFI_EXPORT __attribute__((visibility("default")))
#else
#define CACTUS_FFI_EXPORT
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef void *cactus_model_t;

typedef void (*cactus_token_callback)(const char *token, uint32_t token_id, void *user_data);

/* Returns NULL on failure; the reason is in cactus_get_last_error(). */
CACTUS_FFI_EXPORT cactus_model_t cactus_init(const char *model_path,
                                             const char *corpus_dir, /* NULL: no RAG corpus */
                                             bool cache_index);

CACTUS_FFI_EXPORT void cactus_destroy(cactus_model_t model);
CACTUS_FFI_EXPORT void cactus_reset(cactus_model_t model);
/* Asks a running cactus_complete (on another thread) to stop generating. */
CACTUS_FFI_EXPORT void cactus_stop(cactus_model_t model);

/* Returns the number of bytes written to response_buffer, negative on error. */
CACTUS_FFI_EXPORT int cactus_complete(cactus_model_t model,
                                      const char *messages_json,
                                      char *response_buffer,
                                      size_t buffer_size,
                                      const char *options_json,      /* optional */
                                      const char *tools_json,        /* optional */
                                      cactus_token_callback callback, /* optional */
                                      void *user_data                 /* optional */
#ifndef CACTUS_COMPLETE_8ARGS
                                      ,
                                      const uint8_t *pcm_buffer, /* optional: NULL */
                                      size_t pcm_buffer_size     /* 0 when not used */
#endif
);

/* 0 on success; -1 bad parameters; -2 token_buffer too small (out_token_len still set). */
CACTUS_FFI_EXPORT int cactus_tokenize(cactus_model_t model,
                                      const char *text,
                                      uint32_t *token_buffer,
                                      size_t token_buffer_len,
                                      size_t *out_token_len);

/* Log-likelihood of tokens[start, end): writes {"success":true,"logprob":-12.3,"tokens":4}. */
CACTUS_FFI_EXPORT int cactus_score_window(cactus_model_t model,
                                          const uint32_t *tokens,
                                          size_t token_len,
                                          size_t start,
                                          size_t end,
                                          size_t context,
                                          char *response_buffer,
                                          size_t buffer_size);

/* buffer_size is in BYTES; *embedding_dim receives the vector length. */
CACTUS_FFI_EXPORT int cactus_embed(cactus_model_t model,
                                   const char *text,
                                   float *embeddings_buffer,
                                   size_t buffer_size,
                                   size_t *embedding_dim,
                                   bool normalize);

CACTUS_FFI_EXPORT const char *cactus_get_last_error(void);

/* level: 0=DEBUG, 1=INFO, 2=WARN (default), 3=ERROR, 4=NONE */
CACTUS_FFI_EXPORT void cactus_log_set_level(int level);

#ifdef __cplusplus
}
#endif

#endif /* AURORA_CACTUS_FFI_H */
