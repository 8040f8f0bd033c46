/* bench_tail.c - tail sampling and span-derived metrics (docs/tail-sampling.md).
   1. A sampled span on the producer thread, the background thread taking
      and releasing spans as they come: tail sampling off (always_on) and on
      (1% baseline), in turns; the ratio of the medians.
   2. The consumer's work per span, on this thread (a processor that does
      nothing): draining 1024 ended traces of 8 spans, plain, with span
      metrics, with tail sampling (decisions at each root): with a 100%
      baseline, where every span is held, judged, marked and still handed
      out (the decision's whole cost), and with a 1% baseline, where most
      are released unseen (cheaper than handing them out); the differences
      per span. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "bench.h"
#include <string.h>

enum { REPS = 15, SPANS = 20000, TRACES = 1024, PER = 8 };
static unsigned char arena[16u << 20] __attribute__((aligned(64)));

static size_t discard(void *u, int reason, uint64_t deadline) {
    (void)u; (void)reason; (void)deadline;
    otel_span_data *got[512];
    size_t n;
    while ((n = otel_collect(got, 512)) > 0) otel_release(got, n);
    return 0;
}
static size_t idle(void *u, int reason, uint64_t deadline) { (void)u; (void)reason; (void)deadline; return 0; }

static void setup(int tail, double ratio, int metrics, const otel_processor *p) {
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.arena = arena; c.arena_size = sizeof arena;
    c.processor = p;
    c.sampler = tail ? OTEL_SAMPLER_TAIL : OTEL_SAMPLER_ALWAYS_ON;
    c.sampler_arg = ratio;
    c.tail_policies[0].type = OTEL_TAIL_ERROR;
    c.tail_policies[1].type = OTEL_TAIL_LATENCY; c.tail_policies[1].value = 1000;
    c.span_metrics = metrics ? 1 : -1;
    otel_init(&c);
}

/* ns per span: a root and 7 children, 2 attributes each */
static double produce(int n) {
    double t0 = now_s();
    for (int i = 0; i < n; i += PER) {
        otel_span *r = otel_span_begin("request", OTEL_SPAN_KIND_SERVER);
        otel_span_set_int(r, "i", i);
        for (int k = 1; k < PER; k++) {
            otel_span *s = otel_span_begin("step", OTEL_SPAN_KIND_INTERNAL);
            otel_span_set_int(s, "k", k);
            otel_span_set_bool(s, "ok", 1);
            otel_span_end(s);
        }
        otel_span_end(r);
    }
    return (now_s() - t0) * 1e9 / n;
}

/* ns per span to take and release TRACES x PER ended spans */
static double drain(int tail, double ratio, int metrics) {
    static const otel_processor p = {idle, NULL, NULL, 100000, NULL};
    setup(tail, ratio, metrics, &p);
    produce(TRACES * PER);
    otel_span_data *got[512];
    size_t n, total = 0;
    double t0 = now_s();
    while ((n = otel_collect(got, 512)) > 0) { otel_release(got, n); total += n; }
    double t = (now_s() - t0) * 1e9 / (TRACES * PER);
    otel_shutdown(100);
    (void)total;
    return t;
}

int main(void) {
    static const otel_processor bg = {discard, NULL, NULL, 5, NULL};
    double off[REPS], on[REPS], plain[REPS], met[REPS], tl[REPS], all[REPS];
    for (int r = 0; r < REPS; r++) {
        setup(0, 0.01, 0, &bg); produce(2000); off[r] = produce(SPANS); otel_shutdown(1000);
        setup(1, 0.01, 0, &bg); produce(2000); on[r] = produce(SPANS); otel_shutdown(1000);
        plain[r] = drain(0, 0.01, 0);
        met[r] = drain(0, 0.01, 1);
        all[r] = drain(1, 1.0, 0);
        tl[r] = drain(1, 0.01, 0);
    }
    double a = median(off, REPS), b = median(on, REPS), p = median(plain, REPS), m = median(met, REPS), t = median(tl, REPS),
           k = median(all, REPS);
    printf("tail sampling and span metrics (median of %d runs)\n", REPS);
    printf("  %-52s %8.1f ns\n", "sampled span, tail sampling off (always_on)", a);
    printf("  %-52s %8.1f ns  %.2fx off  (target <= 1.3x)\n", "sampled span, tail sampling on (1% baseline)", b, b / a);
    printf("  %-52s %8.1f ns\n", "consumer: take and release a span (baseline)", p);
    printf("  %-52s %8.1f ns  +%.1f ns  (target <= 15 ns)\n", "consumer: with span metrics", m, m - p);
    printf("  %-52s %8.1f ns  %+.1f ns  (target <= 50 ns)\n", "consumer: tail decisions, 8-span traces, all kept", k, k - p);
    printf("  %-52s %8.1f ns  %+.1f ns\n", "consumer: tail decisions, 8-span traces, 1% kept", t, t - p);
    return 0;
}
