/* tests/test_core_util.h - helpers shared by the core tests (tests/test_*.c).
 *
 * Include after otel.h (with OTEL_IMPLEMENTATION) and test.h. Most tests use
 * tu_init(): no environment, and a processor whose poll does nothing, so the
 * test thread itself is the only consumer and reads spans with tu_collect(). */
#ifndef OTEL_TEST_CORE_UTIL_H
#define OTEL_TEST_CORE_UTIL_H

/* TSAN is defined when building under ThreadSanitizer (gcc or clang) */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define TSAN 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TU_UNUSED __attribute__((unused))

static TU_UNUSED size_t tu_null_poll(void *user, int reason, uint64_t deadline) {
    (void)user; (void)reason; (void)deadline;
    return 0;
}
static const otel_processor tu_null_processor = { tu_null_poll, NULL, NULL, 1000, NULL };

static TU_UNUSED void tu_config(otel_config *c) {
    memset(c, 0, sizeof *c);
    c->ignore_env = 1;
    c->processor = &tu_null_processor;
}

#define TU_MAX 4096
static otel_span_data *tu_spans[TU_MAX];
static size_t tu_n;

/* release what the last tu_collect() took */
static TU_UNUSED void tu_release(void) {
    if (tu_n) otel_release(tu_spans, tu_n);
    tu_n = 0;
}
/* take every completed span (up to TU_MAX; the rest are released unread) */
static TU_UNUSED size_t tu_collect(void) {
    tu_release();
    size_t k;
    while (tu_n < TU_MAX && (k = otel_collect(tu_spans + tu_n, TU_MAX - tu_n)) > 0) tu_n += k;
    otel_span_data *more[256];
    while ((k = otel_collect(more, 256)) > 0) otel_release(more, k);
    return tu_n;
}
/* collect and release everything; returns how many */
static TU_UNUSED size_t tu_drain(void) {
    size_t total = 0, k;
    otel_span_data *got[256];
    tu_release();
    while ((k = otel_collect(got, 256)) > 0) { otel_release(got, k); total += k; }
    return total;
}

static TU_UNUSED int tu_init_cfg(otel_config *c) {
    int rc = otel_init(c);
    tu_n = 0;
    return rc;
}
static TU_UNUSED int tu_init(void) {
    otel_config c;
    tu_config(&c);
    return tu_init_cfg(&c);
}
static TU_UNUSED void tu_shutdown(void) {
    tu_drain();
    otel_shutdown(1000);
}

/* A span "explicit" with start and end times given at the edge of 64 bits,
   and the check that they read back exactly (after a collect) */
#define TU_EXPLICIT_START 0xfffffffffffff000ull
#define TU_EXPLICIT_END 0xfffffffffffffff0ull
static TU_UNUSED void tu_explicit_span(void) {
    otel_span_args a;
    memset(&a, 0, sizeof a);
    a.name = "explicit";
    a.start_ns = TU_EXPLICIT_START;
    otel_span_end_at(otel_span_begin_ex(&a), TU_EXPLICIT_END);
}
static TU_UNUSED otel_span_info tu_info(const otel_span_data *d) {
    otel_span_info in;
    otel_span_data_info(d, &in);
    return in;
}
/* a collected span by name (first match), NULL if none */
static TU_UNUSED otel_span_data *tu_find(const char *name) {
    for (size_t i = 0; i < tu_n; i++) {
        otel_span_info in = tu_info(tu_spans[i]);
        if (in.name_len == strlen(name) && memcmp(in.name, name, in.name_len) == 0) return tu_spans[i];
    }
    return NULL;
}
/* the span attribute with this key (items of type `type`), 1 if found */
static TU_UNUSED int tu_item_attr(const otel_span_data *d, int type, const char *key, otel_attr *out) {
    otel_iter it = {NULL, 0};
    otel_item item;
    int found = 0;
    while (otel_span_data_next(d, &it, &item))
        if (item.type == type && item.attr.key && strcmp(item.attr.key, key) == 0) { *out = item.attr; found = 1; }
    return found;
}
static TU_UNUSED int tu_attr(const otel_span_data *d, const char *key, otel_attr *out) {
    return tu_item_attr(d, OTEL_ITEM_ATTR, key, out);
}
/* string value of a span attribute as a NUL-terminated copy in a static buffer ("<missing>"/"<not a string>") */
static TU_UNUSED const char *tu_str_of(const otel_attr *a, int found) {
    static char buf[8][1024];
    static int k;
    char *b = buf[k++ & 7];
    if (!found) return "<missing>";
    if (a->type != OTEL_TYPE_STRING) return "<not a string>";
    size_t n = a->v.str.len < 1023 ? a->v.str.len : 1023;
    memcpy(b, a->v.str.ptr, n);
    b[n] = 0;
    return b;
}
/* s with bytes outside printable ASCII as \xNN, so failures print as text */
static TU_UNUSED const char *tu_esc(const char *s) {
    static char buf[8][2048];
    static int k;
    char *b = buf[k++ & 7];
    size_t o = 0;
    for (; *s && o < sizeof buf[0] - 5; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c < 0x7f) b[o++] = (char)c;
        else o += (size_t)snprintf(b + o, 5, "\\x%02x", c);
    }
    b[o] = 0;
    return b;
}
static TU_UNUSED const char *tu_str(const otel_span_data *d, const char *key) {
    otel_attr a;
    int f = d ? tu_attr(d, key, &a) : 0;
    return tu_str_of(&a, f);
}
static TU_UNUSED const char *tu_event_str(const otel_span_data *d, const char *key) {
    otel_attr a;
    int f = d ? tu_item_attr(d, OTEL_ITEM_EVENT_ATTR, key, &a) : 0;
    return tu_str_of(&a, f);
}
static TU_UNUSED const char *tu_link_str(const otel_span_data *d, const char *key) {
    otel_attr a;
    int f = d ? tu_item_attr(d, OTEL_ITEM_LINK_ATTR, key, &a) : 0;
    return tu_str_of(&a, f);
}
/* the n-th item of a type (0-based), 1 if found */
static TU_UNUSED int tu_nth_item(const otel_span_data *d, int type, int n, otel_item *out) {
    otel_iter it = {NULL, 0};
    while (otel_span_data_next(d, &it, out))
        if (out->type == type && n-- == 0) return 1;
    return 0;
}
static TU_UNUSED uint64_t tu_id64(const uint8_t *p) { uint64_t x; memcpy(&x, p, 8); return x; }

/* the value of a resource attribute, or NULL */
static TU_UNUSED const otel_attr *tu_resource(const char *key) {
    const otel_attr *r;
    size_t n = otel_resource_attrs(&r);
    for (size_t i = 0; i < n; i++) if (strcmp(r[i].key, key) == 0) return &r[i];
    return NULL;
}

static TU_UNUSED void tu_clear_env(void) {
    static const char *const vars[] = {
        "OTEL_SDK_DISABLED", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER",
        "OTEL_TRACES_SAMPLER_ARG", "OTEL_TRACES_EXPORTER", "OTEL_ATTRIBUTE_COUNT_LIMIT",
        "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
        "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "OTEL_SPAN_EVENT_COUNT_LIMIT", "OTEL_SPAN_LINK_COUNT_LIMIT",
        "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "TRACEPARENT", "TRACESTATE",
        "OTEL_H_REDACT", "OTEL_H_REDACT_KEYS", "OTEL_H_ALLOW_KEYS"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) unsetenv(vars[i]);
}

/* stderr into a temporary file between tu_capture_begin() and _end() */
static TU_UNUSED int tu_saved_stderr = -1;
static TU_UNUSED FILE *tu_capture_file;
static TU_UNUSED void tu_capture_begin(void) {
    fflush(stderr);
    tu_capture_file = tmpfile();
    tu_saved_stderr = dup(2);
    dup2(fileno(tu_capture_file), 2);
}
/* returns what was written, in a static buffer */
static TU_UNUSED const char *tu_capture_end(void) {
    static char buf[65536];
    fflush(stderr);
    dup2(tu_saved_stderr, 2);
    close(tu_saved_stderr);
    rewind(tu_capture_file);
    size_t n = fread(buf, 1, sizeof buf - 1, tu_capture_file);
    buf[n] = 0;
    fclose(tu_capture_file);
    return buf;
}
/* number of lines in s that start with prefix */
static TU_UNUSED int tu_count_lines(const char *s, const char *prefix) {
    int n = 0;
    size_t pl = strlen(prefix);
    for (const char *p = s; *p;) {
        if (strncmp(p, prefix, pl) == 0) n++;
        const char *e = strchr(p, '\n');
        if (!e) break;
        p = e + 1;
    }
    return n;
}
/* number of lines containing both prefix at the start and needle anywhere */
static TU_UNUSED int tu_count_warn(const char *s, const char *needle) {
    int n = 0;
    for (const char *p = s; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (strncmp(p, "otel: ", 6) == 0) {
            char line[1024];
            size_t k = len < sizeof line - 1 ? len : sizeof line - 1;
            memcpy(line, p, k); line[k] = 0;
            if (strstr(line, needle)) n++;
        }
        if (!e) break;
        p = e + 1;
    }
    return n;
}
#endif
