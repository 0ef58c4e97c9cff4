/* Writing reply lines: errors, simple acknowledgements, and any jbuf as one stdout line. */
#ifndef AURORA_REPLY_H
#define AURORA_REPLY_H

#include "json.h"

/* Writes b as one line (a fixed out-of-memory error line if b ran out of memory). */
void emit(jbuf *b);
/* cactus_get_last_error(), or NULL when empty. */
const char *engine_last_error(void);
/* {"type":"error","id":..,"error":"..","engine_error":..|null,"t_ms":..}; extra (may be NULL) is raw JSON members
   (",\"code\":..") added before t_ms. */
void emit_error_ex(const json_value *id, const char *msg, int with_engine_error, const char *extra);
void emit_error(const json_value *id, const char *msg, int with_engine_error);
/* {"type":type,"id":..,extra_key:extra,"t_ms":..}; id and extra_key may be NULL. */
void emit_simple(const char *type, const json_value *id, const char *extra_key, double extra);

#endif
