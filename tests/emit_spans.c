/* emit_spans.c - a traced program for the conformance and fault tests in
   tests/node/conformance.js. It exports with the settings in its
   environment (OTEL_EXPORTER_OTLP_*), and prints one JSON line with what it
   produced, so the test can compare it with what the receiver decoded.
     emit_spans full        every span field, attribute type, event, link, status
     emit_spans load N      N spans from 2 threads; worst begin/end latency
     emit_spans sizes       spans of under 128 bytes, under 16 KiB and over, twice
     emit_spans hooks       a user sampler and ID generator (sampler_hooks_check.js)
     emit_spans arrays      int, double and bool array attributes on a span, an
                            event and a link; one too large (dropped); and
                            otel_span_record_exception with a stack trace
     emit_spans procs N     the environment's processors beside the in-memory
                            exporter (exporters_check.js) */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

static void hex(const uint8_t *p, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", p[i]);
}
static void print_ctx(const char *label, const otel_span_context *cp, int comma) {
    otel_span_context c = *cp;
    char t[33], sp[17];
    hex(c.trace_id, 16, t);
    hex(c.span_id, 8, sp);
    printf("%s\"%s\":{\"traceId\":\"%s\",\"spanId\":\"%s\"}", comma ? "," : "", label, t, sp);
}
static void print_stats(int comma) {
    otel_stats st;
    otel_stats_get(&st);
    printf("%s\"stats\":{\"started\":%llu,\"exported\":%llu,\"exportDropped\":%llu,\"exportFailed\":%llu,"
           "\"arenaDropped\":%llu,\"retries\":%llu,\"pending\":%llu}", comma ? "," : "",
           (unsigned long long)st.spans_started, (unsigned long long)st.spans_exported,
           (unsigned long long)st.spans_export_dropped, (unsigned long long)st.spans_export_failed,
           (unsigned long long)st.spans_dropped, (unsigned long long)st.export_retries,
           (unsigned long long)otel_pending());
}

static int full(void) {
    const uint64_t T0 = 1700000000000000000ull;
    otel_span_args a;
    memset(&a, 0, sizeof a);
    a.name = "root";
    a.kind = OTEL_SPAN_KIND_SERVER;
    a.start_ns = T0;
    otel_span *root = otel_span_begin_ex(&a);
    otel_span_set_str(root, "str", "h\xc3\xa9llo \"quoted\"\n");
    otel_span_set_int(root, "int", -1234567890123LL);
    otel_span_set_double(root, "double", 0.125);
    otel_span_set_bool(root, "bool", 1);
    const char *arr[] = {"x", "yz", ""};
    otel_span_set_str_array(root, "strs", arr, 3);
    otel_span_set_int(root, "replaced", 1);
    otel_span_set_int(root, "replaced", 2);
    otel_span_set_str(root, "password", "hunter2");
    otel_span_set_str(root, "url.full", "https://bob:secret@example.com/x?q=1");

    otel_span_args ca;
    memset(&ca, 0, sizeof ca);
    ca.name = "child";
    ca.kind = OTEL_SPAN_KIND_CLIENT;
    ca.start_ns = T0 + 100;
    otel_span *child = otel_span_begin_ex(&ca);
    otel_attr ev[2] = {otel_attr_str("ev.str", "v"), otel_attr_int("ev.int", 7)};
    otel_span_add_event_at(child, "evt", T0 + 1000, ev, 2);
    otel_span_context rc = otel_span_get_context(root);
    otel_attr la[1] = {otel_attr_bool("link.bool", 0)};
    otel_span_context linked;
    otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=abc,other=x", &linked);
    otel_span_add_link(child, &linked, la, 1);
    otel_span_add_link(child, &rc, NULL, 0);
    otel_span_record_error(child, "io_error", "disk full");
    otel_span_context child_ctx_early = otel_span_get_context(child);
    otel_span_end_at(child, T0 + 5000);

    /* every kind */
    static const char *const kn[] = {"k.internal", "k.server", "k.client", "k.producer", "k.consumer"};
    for (int k = 1; k <= 5; k++) {
        otel_span *s = otel_span_begin(kn[k - 1], (otel_span_kind)k);
        otel_span_set_status(s, OTEL_STATUS_OK, "ignored with ok");
        otel_span_end(s);
    }
    /* over the limits set by the test: OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT=8,
       OTEL_SPAN_EVENT_COUNT_LIMIT=2, OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT=2 */
    otel_span *lim = otel_span_begin("limits", OTEL_SPAN_KIND_INTERNAL);
    static const char *const keys[] = {"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"};
    for (int i = 0; i < 10; i++) otel_span_set_int(lim, keys[i], i);
    otel_attr ev3[3] = {otel_attr_int("e0", 0), otel_attr_int("e1", 1), otel_attr_int("e2", 2)};
    for (int i = 0; i < 3; i++) otel_span_add_event(lim, "e", ev3, 3);
    otel_span_end(lim);
    /* contexts are read before their spans end: a handle is valid until then */
    otel_span_context root_ctx = otel_span_get_context(root), child_ctx = child_ctx_early;
    otel_span_end_at(root, T0 + 9000);

    /* a span continuing a remote parent, with tracestate */
    otel_span_context remote;
    otel_context_extract("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "congo=t61rcWkgMzE", &remote);
    otel_span *cont = otel_span_begin_with_parent("continued", OTEL_SPAN_KIND_SERVER, &remote);
    otel_span_context cont_ctx = otel_span_get_context(cont);
    otel_span_end(cont);

    int rc2 = otel_flush(5000);
    printf("{\"flush\":%d,", rc2);
    print_ctx("root", &root_ctx, 0);
    print_ctx("child", &child_ctx, 1);
    print_ctx("continued", &cont_ctx, 1);
    printf(",\"t0\":\"%llu\"", (unsigned long long)T0);
    print_stats(1);
    printf("}\n");
    return 0;
}

static int load_n;
static uint64_t worst_ns[2];
static uint64_t mono(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
static void *producer(void *arg) {
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < load_n / 2; i++) {
        uint64_t t0 = mono();
        otel_span *s = otel_span_begin("unit", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_int(s, "i", i);
        otel_span_end(s);
        uint64_t d = mono() - t0;
        if (d > worst_ns[id]) worst_ns[id] = d;
        if (i % 100 == 99) { struct timespec ts = {0, 1000000}; nanosleep(&ts, NULL); }  /* 100 spans a ms */
    }
    return NULL;
}
static int load(int n) {
    load_n = n;
    pthread_t t[2];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, producer, (void *)(intptr_t)i);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    const char *wait = getenv("EMIT_FLUSH_MS");
    int rc = otel_shutdown(wait ? atoi(wait) : 10000);
    uint64_t w = worst_ns[0] > worst_ns[1] ? worst_ns[0] : worst_ns[1];
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("{\"shutdown\":%d,\"worstLatencyUs\":%llu,\"maxRssKb\":%ld,", rc, (unsigned long long)(w / 1000), ru.ru_maxrss);
    print_stats(0);
    printf("}\n");
    return 0;
}

/* spans of every encoded size class: under 128 bytes, under 16 KiB, over */
static int sizes(void) {
    static char value[400];
    memset(value, 'v', sizeof value - 1);
    static const int counts[] = {0, 8, 60};
    static const char *const keys[] = {
        "k00", "k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08", "k09", "k10", "k11", "k12", "k13", "k14",
        "k15", "k16", "k17", "k18", "k19", "k20", "k21", "k22", "k23", "k24", "k25", "k26", "k27", "k28", "k29",
        "k30", "k31", "k32", "k33", "k34", "k35", "k36", "k37", "k38", "k39", "k40", "k41", "k42", "k43", "k44",
        "k45", "k46", "k47", "k48", "k49", "k50", "k51", "k52", "k53", "k54", "k55", "k56", "k57", "k58", "k59"};
    for (int round = 0; round < 2; round++)
        for (int c = 0; c < 3; c++) {
            otel_span *s = otel_span_begin(c == 0 ? "small" : c == 1 ? "medium" : "large", OTEL_SPAN_KIND_INTERNAL);
            for (int i = 0; i < counts[c]; i++) otel_span_set_str(s, keys[i], value);
            otel_span_end(s);
        }
    int rc = otel_flush(5000);
    printf("{\"flush\":%d,", rc);
    print_stats(0);
    printf("}\n");
    return 0;
}

/* hooks: a user sampler and ID generator (tests/node/sampler_hooks_check.js):
   spans named "drop" dropped, "record" recorded only, a begin_ex span with
   keep=false at creation dropped, the rest sampled; a root's tracestate
   "hooks=root", "kept" adds "kid=1" in front; ids 0xab.. / 0xcd.. */
static int hk_tid, hk_sid;
static void hk_trace_id(void *u, uint8_t id[16]) { (void)u; memset(id, 0xab, 16); id[15] = (uint8_t)++hk_tid; }
static void hk_span_id(void *u, uint8_t id[8]) { (void)u; memset(id, 0xcd, 8); id[7] = (uint8_t)++hk_sid; }
static int hk_sampler(void *u, otel_sampling_params *p) {
    (void)u;
    if (strcmp(p->name, "drop") == 0) return OTEL_SAMPLING_DROP;
    for (size_t i = 0; i < p->attr_count; i++)
        if (strcmp(p->attrs[i].key, "keep") == 0 && p->attrs[i].type == OTEL_TYPE_BOOL && !p->attrs[i].v.b) return OTEL_SAMPLING_DROP;
    if (!p->parent) { strcpy(p->tracestate, "hooks=root"); p->tracestate_len = 10; }
    else if (strcmp(p->name, "kept") == 0) { memcpy(p->tracestate, "kid=1,", 6); memcpy(p->tracestate + 6, p->parent->tracestate, p->parent->tracestate_len);
        p->tracestate_len = 6 + p->parent->tracestate_len; }
    return strcmp(p->name, "record") == 0 ? OTEL_SAMPLING_RECORD_ONLY : OTEL_SAMPLING_RECORD_AND_SAMPLE;
}
static int hooks(void) {
    otel_config c;
    memset(&c, 0, sizeof c);
    c.sampler_fn = hk_sampler; c.trace_id_fn = hk_trace_id; c.span_id_fn = hk_span_id;
    if (otel_init(&c) != OTEL_OK) return 2;
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_SERVER);
    otel_span_context rc = otel_span_get_context(root);
    otel_span *kept = otel_span_begin("kept", OTEL_SPAN_KIND_CLIENT);
    otel_span_context kc = otel_span_get_context(kept);
    otel_span_end(kept);
    otel_span_end(otel_span_begin("drop", OTEL_SPAN_KIND_INTERNAL));
    otel_span *rec = otel_span_begin("record", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_int(rec, "n", 1);
    otel_span_end(rec);
    otel_attr no[1] = { OTEL_ATTR_BOOL("keep", 0) };
    otel_span_args a;
    memset(&a, 0, sizeof a);
    a.name = "by attribute"; a.attrs = no; a.attr_count = 1;
    otel_span_end(otel_span_begin_ex(&a));
    otel_span_end(root);
    printf("{");
    print_ctx("root", &rc, 0);
    print_ctx("kept", &kc, 1);
    printf(",\"keptTracestate\":\"%.*s\"", (int)kc.tracestate_len, kc.tracestate);
    print_stats(1);
    printf("}\n");
    otel_shutdown(5000);
    return 0;
}
static int arrays(void) {
    static const int64_t ints[] = {-1, 0, 9007199254740993LL, INT64_MIN};
    static const double dbls[] = {0.5, -2.25, 1e300};
    static const int bools[] = {1, 0, 5};
    static int64_t big[200];   /* 1600 bytes: more than a block holds */
    static const char *const strs[] = {"a", "b"};
    otel_span *s = otel_span_begin("arrays", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_int_array(s, "ints", ints, 4);
    otel_span_set_double_array(s, "doubles", dbls, 3);
    otel_span_set_bool_array(s, "bools", bools, 3);
    otel_span_set_int_array(s, "too.big", big, 200);
    otel_attr more[2] = {OTEL_ATTR_INT_ARRAY("attrs.ints", ints, 2), OTEL_ATTR_STR_ARRAY("attrs.strs", strs, 2)};
    otel_span_set_attrs(s, more, 2);
    otel_attr ev[2] = {OTEL_ATTR_BOOL_ARRAY("ev.bools", bools, 2), OTEL_ATTR_DOUBLE_ARRAY("ev.doubles", dbls, 1)};
    otel_span_add_event(s, "evt", ev, 2);
    otel_span_context rc = otel_span_get_context(s);
    otel_span *c = otel_span_begin("exc", OTEL_SPAN_KIND_INTERNAL);
    otel_attr la[1] = {otel_attr_int_array("link.ints", ints + 1, 2)};
    otel_span_add_link(c, &rc, la, 1);
    otel_attr ex[2] = {OTEL_ATTR_BOOL("exception.escaped", 1), OTEL_ATTR_STR("code.function.name", "parse")};
    otel_span_record_exception(c, "ValueError", "bad value", "parse at x.c:10\nmain at x.c:20", ex, 2);
    otel_span_end(c);
    otel_span_end(s);
    int rc2 = otel_flush(5000);
    printf("{\"flush\":%d,", rc2);
    print_stats(0);
    printf("}\n");
    return 0;
}

/* the processors of the environment and the in-memory exporter at once
   (exporters_check.js): N spans, a counter and a log record; prints
   "RESULT {...}" with the span ids made and those the in-memory exporter
   kept (the console printer, when named, writes to stdout too) */
static int procs(int n) {
    static const otel_processor *list[2];
    list[0] = otel_env_processor();
    list[1] = otel_memory_processor();
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.processors = list;
    cfg.processor_count = 2;
    if (otel_init(&cfg) != OTEL_OK) return 2;
    static char made[1024][17];
    if (n > 1024) n = 1024;
    for (int i = 0; i < n; i++) {
        otel_span *s = otel_span_begin("procs span", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_int(s, "i", i);
        otel_span_context c = otel_span_get_context(s);
        hex(c.span_id, 8, made[i]);
        otel_span_end(s);
    }
    otel_counter_add(otel_counter_create("procs.count", NULL, NULL), 1, NULL, 0);
    otel_log(OTEL_SEVERITY_INFO, "procs log line", NULL, 0);
    const char *wait = getenv("EMIT_FLUSH_MS");
    int rc = otel_flush(wait ? atoi(wait) : 5000);
    static const otel_span_data *kept[1024];
    size_t m = otel_memory_records(OTEL_RECORD_SPAN, kept, 1024);
    printf("RESULT {\"flush\":%d,\"made\":[", rc);
    for (int i = 0; i < n; i++) printf("%s\"%s\"", i ? "," : "", made[i]);
    printf("],\"memory\":[");
    for (size_t i = 0; i < m; i++) {
        otel_span_info si;
        char id[17];
        otel_span_data_info(kept[i], &si);
        hex(si.context.span_id, 8, id);
        printf("%s\"%s\"", i ? "," : "", id);
    }
    printf("],");
    print_stats(0);
    printf("}\n");
    fflush(stdout);
    otel_shutdown(wait ? atoi(wait) : 5000);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "hooks") == 0) return hooks();
    if (argc > 2 && strcmp(argv[1], "procs") == 0) return procs(atoi(argv[2]));
    if (otel_init(NULL) != OTEL_OK) return 2;
    if (argc > 1 && strcmp(argv[1], "sizes") == 0) { sizes(); otel_shutdown(5000); return 0; }
    if (argc > 1 && strcmp(argv[1], "full") == 0) { full(); otel_shutdown(5000); return 0; }
    if (argc > 1 && strcmp(argv[1], "arrays") == 0) { arrays(); otel_shutdown(5000); return 0; }
    if (argc > 2 && strcmp(argv[1], "load") == 0) return load(atoi(argv[2]));
    fprintf(stderr, "usage: emit_spans full | load N\n");
    return 2;
}
