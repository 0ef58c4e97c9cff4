/* The request handlers (protocol in ../README.md). Each writes exactly one reply line. */
#ifndef AURORA_REQUESTS_H
#define AURORA_REQUESTS_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

void handle_complete(const json_value *req, const json_value *id);
void handle_embed(const json_value *req, const json_value *id);
void handle_score(const json_value *req, const json_value *id);
void handle_ping(const json_value *id);
void handle_sampler(const json_value *req, const json_value *id);

/* Tokenizes text into a malloc'd array (NULL with a message in msg on failure). */
uint32_t *runner_tokenize(const char *text, size_t *n, char *msg, size_t msglen);

#endif
