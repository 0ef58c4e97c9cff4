/*
 * The static build's stand-in for libcurl (Debian has no static libcurl dependencies for arm64: gssapi, ldap and
 * the TLS stack are shared-only). Cactus calls libcurl only for telemetry uploads and cloud handoff; a lab build
 * must do neither, so every entry point fails as "could not initialise" and nothing is ever sent.
 * The prototypes follow curl/curl.h (CURLcode, CURLoption and CURLINFO are C enums, i.e. int, in its ABI).
 */
#include <stddef.h>

struct curl_slist;

enum { AURORA_CURLE_FAILED_INIT = 2 };

int curl_global_init(long flags);
void curl_global_cleanup(void);
void *curl_easy_init(void);
int curl_easy_setopt(void *curl, int option, ...);
int curl_easy_perform(void *curl);
int curl_easy_getinfo(void *curl, int info, ...);
void curl_easy_cleanup(void *curl);
const char *curl_easy_strerror(int code);
struct curl_slist *curl_slist_append(struct curl_slist *list, const char *s);
void curl_slist_free_all(struct curl_slist *list);

int curl_global_init(long flags) {
    (void)flags;
    return AURORA_CURLE_FAILED_INIT;
}
void curl_global_cleanup(void) {}
void *curl_easy_init(void) { return NULL; }
int curl_easy_setopt(void *curl, int option, ...) {
    (void)curl;
    (void)option;
    return AURORA_CURLE_FAILED_INIT;
}
int curl_easy_perform(void *curl) {
    (void)curl;
    return AURORA_CURLE_FAILED_INIT;
}
int curl_easy_getinfo(void *curl, int info, ...) {
    (void)curl;
    (void)info;
    return AURORA_CURLE_FAILED_INIT;
}
void curl_easy_cleanup(void *curl) { (void)curl; }
const char *curl_easy_strerror(int code) {
    (void)code;
    return "network disabled: this is the Aurora Lab static build, it has no network code";
}
struct curl_slist *curl_slist_append(struct curl_slist *list, const char *s) {
    (void)s;
    return list;
}
void curl_slist_free_all(struct curl_slist *list) { (void)list; }
