/* bench/count/spans.c - a fixed load of spans for instruction counts under
   valgrind (bench/count/spans.sh, `make bench-count`): counts that repeat
   exactly, for comparing two versions of the hot path on a noisy machine.

   usage: spans MODE [N]     MODE: literal | copied | unsampled | attrs8

   N spans (100000), each begin + an integer and a 13-byte string attribute
   + end (attrs8: eight attributes, as bench_core's line). The thread itself
   collects and releases every 256 spans: the producer's instructions are
   those under produce(), the consumer's those under consume(). */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char route[32] = "/api/v1/items";   /* not a literal: copied */
static int mode;
enum { LITERAL, COPIED, UNSAMPLED, ATTRS8 };

static __attribute__((noinline)) void produce(void) {
    otel_span *s = otel_span_begin("request", OTEL_SPAN_KIND_SERVER);
    if (mode == ATTRS8) {
        otel_span_set_int(s, "a1", 1);
        otel_span_set_int(s, "a2", 2);
        otel_span_set_double(s, "a3", 3.0);
        otel_span_set_bool(s, "a4", 1);
        otel_span_set_str(s, "a5", "five");
        otel_span_set_str(s, "a6", "/api/v1/items");
        otel_span_set_int(s, "a7", 7);
        otel_span_set_str(s, "a8", "GET");
    } else {
        otel_span_set_int(s, "http.response.status_code", 200);
        if (mode == COPIED) otel_span_set_str(s, "http.route", route);
        else otel_span_set_str(s, "http.route", "/api/v1/items");
    }
    otel_span_end(s);
}
static __attribute__((noinline)) void consume(void) {
    otel_span_data *got[512];
    size_t k;
    while ((k = otel_collect(got, 512)) > 0) otel_release(got, k);
}
static size_t idle(void *u, int reason, uint64_t deadline) { (void)u; (void)reason; (void)deadline; return 0; }

int main(int argc, char **argv) {
    const char *m = argc > 1 ? argv[1] : "literal";
    mode = !strcmp(m, "copied") ? COPIED : !strcmp(m, "unsampled") ? UNSAMPLED : !strcmp(m, "attrs8") ? ATTRS8 : LITERAL;
    int n = argc > 2 ? atoi(argv[2]) : 100000;
    otel_processor proc = { idle, NULL, NULL, 1000 };
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.processor = &proc;   /* (the background thread leaves the spans alone) */
    if (mode == UNSAMPLED) cfg.sampler = OTEL_SAMPLER_ALWAYS_OFF;
    cfg.arena_size = 4u << 20;
    cfg.arena = aligned_alloc(64, cfg.arena_size);
    if (otel_init(&cfg) != OTEL_OK) return 1;
    for (int i = 0; i < n; i++) {
        if ((i & 255) == 0) consume();
        produce();
    }
    consume();
    otel_stats st;
    otel_stats_get(&st);
    otel_shutdown(1000);
    if (st.spans_dropped) { fprintf(stderr, "spans dropped: the counts would not be the hot path's\n"); return 1; }
    return 0;
}
