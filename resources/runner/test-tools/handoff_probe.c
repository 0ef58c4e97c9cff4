/*
 * Test probe, the positive control of the runner's "no cloud handoff" guarantee: calls the engine directly with the
 * options given on the command line (the runner never lets a request do this) and prints the engine's reply.
 *   handoff_probe MODEL_DIR OPTIONS_JSON
 */
#include <stdio.h>
#include <stdlib.h>

#include "../include/cactus_ffi.h"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: handoff_probe MODEL_DIR OPTIONS_JSON\n");
        return 2;
    }
    cactus_model_t m = cactus_init(argv[1], NULL, false);
    if (!m) {
        fprintf(stderr, "cactus_init failed: %s\n", cactus_get_last_error());
        return 2;
    }
    static char resp[1 << 16];
    int rc = cactus_complete(m, "[{\"role\":\"user\",\"content\":\"Say hello.\"}]", resp, sizeof resp, argv[2], NULL, NULL, NULL
#ifndef CACTUS_COMPLETE_8ARGS
                             ,
                             NULL, 0
#endif
    );
    printf("%s\n", resp);
    cactus_destroy(m);
    return rc < 0 ? 1 : 0;
}
