#include "reply.h"

#include "cactus_ffi.h"
#include "output.h"
#include "platform.h"

void emit(jbuf *b) {
    if (b->oom) {
        static const char oom[] = "{\"type\":\"error\",\"id\":null,\"error\":\"runner out of memory writing a reply\",\"engine_error\":null}";
        out_line(oom, sizeof oom - 1);
        return;
    }
    out_line(b->buf, b->len);
}

const char *engine_last_error(void) {
    const char *e = cactus_get_last_error();
    return e && *e ? e : NULL;
}

void emit_error_ex(const json_value *id, const char *msg, int with_engine_error, const char *extra) {
    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"type\":\"error\"");
    jb_key(&b, "id");
    jb_value(&b, id);
    jb_key(&b, "error");
    jb_cstr_q(&b, msg);
    jb_key(&b, "engine_error");
    jb_cstr_q(&b, with_engine_error ? engine_last_error() : NULL);
    if (extra) jb_cstr(&b, extra);
    jb_key(&b, "t_ms");
    jb_fixed(&b, boot_ms(), 3);
    jb_raw(&b, "}", 1);
    emit(&b);
    jb_free(&b);
}

void emit_error(const json_value *id, const char *msg, int with_engine_error) {
    emit_error_ex(id, msg, with_engine_error, NULL);
}

void emit_simple(const char *type, const json_value *id, const char *extra_key, double extra) {
    jbuf b;
    jb_init(&b);
    jb_cstr(&b, "{\"type\":");
    jb_cstr_q(&b, type);
    if (id) { jb_key(&b, "id"); jb_value(&b, id); }
    if (extra_key) { jb_key(&b, extra_key); jb_num(&b, extra); }
    jb_key(&b, "t_ms");
    jb_fixed(&b, boot_ms(), 3);
    jb_raw(&b, "}", 1);
    emit(&b);
    jb_free(&b);
}
