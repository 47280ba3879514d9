// libcurl for the Curl module (its only importer). curl_easy_setopt and curl_easy_getinfo
// are variadic, so each argument type gets a fixed-argument wrapper. Prefix: hf_curl_.
#ifndef HF_CCURL_SHIM_H
#define HF_CCURL_SHIM_H
#include <curl/curl.h>

typedef size_t (*hf_curl_data_callback)(char *, size_t, size_t, void *);

static inline CURLcode hf_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode hf_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode hf_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode hf_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode hf_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode hf_curl_setopt_callback(CURL *h, CURLoption o, hf_curl_data_callback f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode hf_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }

// Progress callback (about once a second, and as data moves): returning non-zero aborts the
// transfer, which is how a blocking request is cut short when its task is cancelled.
typedef int (*hf_curl_xferinfo_callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t);
static inline CURLcode hf_curl_setopt_xferinfo(CURL *h, hf_curl_xferinfo_callback f) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f);
}
#endif
