/* bench/count/spans.c - a fixed load of spans for instruction counts under
   valgrind (bench/count/spans.sh, `make bench-count`): counts that repeat
   exactly, for comparing two versions of the hot path on a noisy machine.

   usage: spans MODE [N]     MODE: literal | copied | unsampled | ratio | nested | attrs8 | tracer | full

   N spans (100000), each begin + an integer and a 13-byte string attribute
   + end (attrs8: eight attributes, as bench_core's line; unsampled: the
   always_off sampler; ratio: every root sampled out by its trace id, as
   under parentbased_traceidratio with a small ratio; nested: the same
   sampler, a root with a child with a grandchild, the span of bench_span2
   at the bottom, counted per trace of three spans; tracer: literal's span
   begun on a named tracer; full: literal's span with the arena full, so
   every one is dropped, and nothing collected). The thread itself
   collects and releases every 256 spans: the producer's instructions are
   those under produce_<mode>(), the consumer's those under consume(). */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_spans.h"   /* (the spans bench_core.c times) */

static int mode;
enum { LITERAL, COPIED, UNSAMPLED, RATIO, NESTED, ATTRS8, TRACER, FULL };

/* one span of the mode's kind (a function per mode, so that the count is
   the span's own and not a test of the mode) */
static __attribute__((noinline)) void produce_literal(void) { bench_span2(); }
static __attribute__((noinline)) void produce_copied(void) { bench_span2_copied(); }
static __attribute__((noinline)) void produce_attrs8(void) { bench_span8(); }
static __attribute__((noinline)) void produce_tracer(void) { bench_span2_tracer(); }
static __attribute__((noinline)) void produce_nested(void) {
    otel_span *r = otel_span_begin("handle", OTEL_SPAN_KIND_SERVER);
    otel_span *c = otel_span_begin("step", OTEL_SPAN_KIND_INTERNAL);
    bench_span2();
    otel_span_end(c);
    otel_span_end(r);
}
static void produce(void) {
    if (mode == ATTRS8) produce_attrs8();
    else if (mode == NESTED) produce_nested();
    else if (mode == COPIED) produce_copied();
    else if (mode == TRACER) produce_tracer();
    else produce_literal();
}
static __attribute__((noinline)) void consume(void) {
    otel_span_data *got[512];
    size_t k;
    while ((k = otel_collect(got, 512)) > 0) otel_release(got, k);
}
static size_t idle(void *u, int reason, uint64_t deadline) { (void)u; (void)reason; (void)deadline; return 0; }

int main(int argc, char **argv) {
    const char *m = argc > 1 ? argv[1] : "literal";
    mode = !strcmp(m, "copied") ? COPIED : !strcmp(m, "unsampled") ? UNSAMPLED : !strcmp(m, "ratio") ? RATIO : !strcmp(m, "nested") ? NESTED : !strcmp(m, "attrs8") ? ATTRS8 : !strcmp(m, "tracer") ? TRACER : !strcmp(m, "full") ? FULL : LITERAL;
    int n = argc > 2 ? atoi(argv[2]) : 100000;
    otel_processor proc = { idle, NULL, NULL, 1000, NULL };
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.processor = &proc;   /* (the background thread leaves the spans alone) */
    if (mode == UNSAMPLED) cfg.sampler = OTEL_SAMPLER_ALWAYS_OFF;
    if (mode == RATIO || mode == NESTED) { cfg.sampler = OTEL_SAMPLER_PARENTBASED_TRACEIDRATIO; cfg.sampler_arg = 0.0; }
    cfg.arena_size = 4u << 20;
    cfg.arena = aligned_alloc(64, cfg.arena_size);
    if (otel_init(&cfg) != OTEL_OK) return 1;
    bench_tracer = otel_tracer_get("bench.lib", "1.0", NULL);
    if (mode == FULL) {   /* the arena filled first (outside produce_literal), then n spans dropped */
        for (;;) {
            otel_span *s = otel_span_begin("fill", OTEL_SPAN_KIND_INTERNAL);
            int rec = otel_span_is_recording(s);
            otel_span_end(s);
            if (!rec) break;
        }
        for (int i = 0; i < n; i++) produce_literal();
        otel_shutdown(1000);
        return 0;
    }
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
