/* bench/ab/variant.c - one version of otel.h for the in-process A/B
   comparison (bench/ab/ab.sh). Built once per version, with every symbol
   but the entry point hidden and then made local, so that several versions,
   each with its own globals and thread state, link into one program.

   AB_HEADER: the version's otel.h; AB_ENTRY: the entry point's name. */
#define OTEL_IMPLEMENTATION
#include AB_HEADER
#include <stdlib.h>
#include <string.h>
#include "bench.h"
#include "bench_spans.h"

static size_t idle(void *u, int reason, uint64_t deadline) { (void)u; (void)reason; (void)deadline; return 0; }
static otel_processor proc = { idle, NULL, NULL, 1000 };   /* (the background thread leaves spans alone) */

/* ns per span for n spans: batches of 256, released between them (untimed) */
static __attribute__((noinline)) double spans(int n) {
    otel_span_data *got[512];
    double t = 0;
    for (int done = 0; done < n; done += 256) {
        double t0 = now_s();
        for (int i = 0; i < 256; i++) bench_span2();
        t += now_s() - t0;
        size_t k;
        while ((k = otel_collect(got, 512)) > 0) otel_release(got, k);
    }
    return t * 1e9 / n;
}

/* op 0: init for a mode (0 sampled, 1 unsampled: always_off, 2 sampled
   out by the trace id); op 1: time n spans */
__attribute__((visibility("default"))) double AB_ENTRY(int op, int arg) {
    if (op == 1) return spans(arg);
    static otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.processor = &proc;
    cfg.sampler = arg == 1 ? OTEL_SAMPLER_ALWAYS_OFF : arg == 2 ? OTEL_SAMPLER_PARENTBASED_TRACEIDRATIO : OTEL_SAMPLER_ALWAYS_ON;
    cfg.sampler_arg = 0.0;
    cfg.arena_size = (size_t)16 << 20;
    cfg.arena = aligned_alloc(64, cfg.arena_size);
    if (!cfg.arena) return -1;
    memset(cfg.arena, 0, cfg.arena_size);   /* (pages faulted in before timing) */
    return otel_init(&cfg) == OTEL_OK ? 0 : -1;
}
