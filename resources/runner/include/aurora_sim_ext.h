/*
 * Extensions exported ONLY by the simulated engine (libcactus_sim.so). The runner declares them weak:
 * against a real Cactus library they resolve to NULL and are never called.
 */
#ifndef AURORA_SIM_EXT_H
#define AURORA_SIM_EXT_H

#include "cactus_ffi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "cactus-sim/<version> (api <pinned cactus version>)". */
CACTUS_FFI_EXPORT const char *aurora_sim_engine_version(void);

/*
 * Request options (JSON object text, or NULL to clear) for the next cactus_score_window calls:
 * cactus_score_window has no options argument, so the answer key / subject used by the simulated
 * item-response model reach it this way.
 */
CACTUS_FFI_EXPORT void aurora_sim_set_score_options(cactus_model_t model, const char *options_json);

#ifdef __cplusplus
}
#endif

#endif
