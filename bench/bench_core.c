/* bench_core.c - cost of the span hot path, beside the cost of two clock
   reads measured in the same run. Medians of repeated runs; see bench/README.md.
   Targets: sampled span <= 1.5x two clock reads (<= 30 ns with a TSC clock
   source), unsampled <= 5 ns, 2 threads >= 1.8x the 1-thread rate.
   The sampled and unsampled figures are also printed by phase: on a core
   of its own, or on one the host shares with another hardware thread
   (bench.h probes which before and after each run); the targets are read
   on the first.

   The sampled lines time the instrumented thread alone, as the clock
   reads are timed: spans in batches of 256, the thread itself releasing
   each batch between them (untimed), so its blocks come back warm from its
   own cache. One more line times the same span with the consumer
   releasing on the other core meanwhile (a busy program's steady state):
   there every block a span writes was last touched by the other core, and
   the thread wakes the consumer every 512 spans. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"
#include "bench_spans.h"

#define REPS 15
#define N 200000
/* spans per thread in a scaling run: 2 x 20000 spans write about 10 MB of
   blocks, which stay in the cache from run to run (flushed and reused). With
   N per thread every run writes 200 MB of memory no run touched before, and
   the figure is the machine's memory bandwidth, not the producers' scaling. */
#define NT 20000


static volatile uint64_t sink;
static volatile int timing;   /* the consumer leaves spans alone while set */
/* one consumer at a time: the background thread's poll, or this thread
   between its timed batches (a poll may have begun before timing was set) */
static pthread_mutex_t consumer = PTHREAD_MUTEX_INITIALIZER;
static void op_clocks(void) { sink += OTEL_CLOCK_NS(); sink += OTEL_CLOCK_NS(); }
static void op_span(void) { bench_span2(); }
/* the same with a string value that is not a literal */
static void op_span_copied(void) { bench_span2_copied(); }
static void op_span8(void) { bench_span8(); }
/* the span of op_span begun on a named tracer */
static void op_span_tracer(void) { bench_span2_tracer(); }

/* ns per op on this thread alone: batches of 256, released between them */
static double run_own(void (*op)(void), int n) {
    otel_span_data *got[512];
    double t = 0;
    timing = 1;
    for (int done = 0; done < n; done += 256) {
        double t0 = now_s();
        for (int i = 0; i < 256; i++) op();
        t += now_s() - t0;
        size_t k;
        pthread_mutex_lock(&consumer);
        while ((k = otel_collect(got, 512)) > 0) otel_release(got, k);
        pthread_mutex_unlock(&consumer);
    }
    timing = 0;
    return t * 1e9 / n;
}
/* ns per op for one thread */
static double run(void (*op)(void), int n) {
    double t0 = now_s();
    for (int i = 0; i < n; i++) op();
    return (now_s() - t0) * 1e9 / n;
}
/* ns per span with the span's calls inline in the loop, as in instrumented
   code: no call per span (run() makes one through a pointer, as for the
   clock reads, which the ratios need) */
static __attribute__((noinline)) double run_inline_span2(int n) {
    double t0 = now_s();
    for (int i = 0; i < n; i++) bench_span2();
    return (now_s() - t0) * 1e9 / n;
}

static pthread_barrier_t bar;
static double thread_secs[2];
static void *thr(void *arg) {
    int id = (int)(intptr_t)arg;
    pthread_barrier_wait(&bar);
    double t0 = now_s();
    for (int i = 0; i < NT; i++) op_span();
    thread_secs[id] = now_s() - t0;
    return NULL;
}
/* spans per second with k threads, each doing NT spans */
static double rate_threads(int k) {
    pthread_t t[2];
    pthread_barrier_init(&bar, NULL, (unsigned)k);
    for (int i = 0; i < k; i++) pthread_create(&t[i], NULL, thr, (void *)(intptr_t)i);
    for (int i = 0; i < k; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&bar);
    double worst = 0;
    for (int i = 0; i < k; i++) if (thread_secs[i] > worst) worst = thread_secs[i];
    return (double)k * NT / worst;
}

/* While the thread-scaling runs are timed, the consumer stays idle (the
   arena holds a whole run), so the figures are the producers' own; flushes
   between runs release it all. */
static size_t discard(void *u, int reason, uint64_t deadline) {
    (void)u; (void)deadline;
    if (timing && reason == OTEL_POLL_TIMER) return 0;
    otel_span_data *got[512];
    size_t n;
    pthread_mutex_lock(&consumer);
    while ((n = otel_collect(got, 512)) > 0) otel_release(got, n);
    pthread_mutex_unlock(&consumer);
    return 0;
}

int main(void) {
    otel_processor proc = { discard, NULL, NULL, 5, NULL };
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.processor = &proc;
    /* an arena that holds a whole run, so the figures are the producers'
       cost alone, never the cost of dropping */
    cfg.arena_size = (size_t)2 * N * 2 * OTEL_BLOCK_SIZE;
    cfg.arena = aligned_alloc(64, cfg.arena_size);
    memset(cfg.arena, 0, cfg.arena_size);   /* fault the pages in before timing */
    double conc[REPS], clk[REPS], span[REPS], spant[REPS], spanc[REPS], span8[REPS], uns[REPS], unsi[REPS], unr[REPS], r1[REPS], r2[REPS];
    /* each run's phase: its own core or one shared with the host's other
       hardware thread (bench.h), probed before and after it */
    int ph_s[REPS], ph_u[REPS];

    otel_init(&cfg);
    bench_tracer = otel_tracer_get("bench.lib", "1.0", NULL);
    for (int i = 0; i < 50000; i++) op_span();  /* warm up */
    otel_flush(1000);
    for (int r = 0; r < REPS; r++) {
        /* one thread, the consumer releasing on the other core as in a real
           program: blocks are reused while still warm */
        int before = bench_core_shared();
        clk[r] = run(op_clocks, N);
        span[r] = run_own(op_span, N);
        ph_s[r] = bench_phase(before, bench_core_shared());
        spant[r] = run_own(op_span_tracer, N);
        spanc[r] = run_own(op_span_copied, N);
        span8[r] = run_own(op_span8, N);
        conc[r] = run(op_span, N);   /* the consumer releasing on the other core meanwhile */
        otel_flush(1000);
        /* scaling: the consumer stays idle so it does not take a core */
        timing = 1;
        r1[r] = rate_threads(1);
        otel_flush(1000);
        r2[r] = rate_threads(2);
        timing = 0;
        otel_flush(1000);
    }
    otel_stats st;
    otel_stats_get(&st);
    otel_shutdown(1000);

    cfg.sampler = OTEL_SAMPLER_ALWAYS_OFF;
    otel_init(&cfg);
    for (int r = 0; r < REPS; r++) {
        int before = bench_core_shared();
        uns[r] = run(op_span, N);
        unsi[r] = run_inline_span2(N);
        ph_u[r] = bench_phase(before, bench_core_shared());
    }
    otel_shutdown(1000);
    /* what production sampling mostly sees: roots sampled out by their
       trace id (a ratio so small that none is kept) */
    cfg.sampler = OTEL_SAMPLER_PARENTBASED_TRACEIDRATIO;
    cfg.sampler_arg = 0.0;
    otel_init(&cfg);
    for (int r = 0; r < REPS; r++) unr[r] = run(op_span, N);
    otel_shutdown(1000);

    /* by phase, before median() sorts the arrays */
    int n_own, n_shared, nu_own, nu_shared;
    double s_own = median_in_phase(span, ph_s, REPS, 0, &n_own) / median_in_phase(clk, ph_s, REPS, 0, &n_own);
    double s_shared = median_in_phase(span, ph_s, REPS, 1, &n_shared) / median_in_phase(clk, ph_s, REPS, 1, &n_shared);
    double u_own = median_in_phase(uns, ph_u, REPS, 0, &nu_own), u_shared = median_in_phase(uns, ph_u, REPS, 1, &nu_shared);
    double ui_own = median_in_phase(unsi, ph_u, REPS, 0, &nu_own), ui_shared = median_in_phase(unsi, ph_u, REPS, 1, &nu_shared);
    double cc = median(conc, REPS);
    double c = median(clk, REPS), s = median(span, REPS), st_ = median(spant, REPS), sc = median(spanc, REPS), s8 = median(span8, REPS), u = median(uns, REPS), ui = median(unsi, REPS), ur = median(unr, REPS);
    double a = median(r1, REPS), b = median(r2, REPS);
    printf("core hot path (median of %d runs x %d ops)\n", REPS, N);
    printf("  runs on a core of its own / shared with another hardware thread: %d / %d sampled, %d / %d unsampled\n",
           n_own, n_shared, nu_own, nu_shared);
    printf("  %-44s %8.1f ns\n", "two clock reads (baseline)", c);
    printf("  %-44s %8.1f ns  %.2fx clocks  (target <= 1.5x)\n", "sampled span: begin + 2 attributes + end", s, s / c);
    print_phases(s_own, n_own, s_shared, n_shared, "x");
    printf("  %-44s %8.1f ns  %.2fx clocks  %.2fx the default tracer's\n", "  the same, on a named tracer", st_, st_ / c, st_ / s);
    printf("  %-44s %8.1f ns  %.2fx clocks\n", "  the same, string value not a literal", sc, sc / c);
    printf("  %-44s %8.1f ns  %.2fx clocks\n", "  the same, consumer busy on the other core", cc, cc / c);
    printf("  %-44s %8.1f ns  %.2fx clocks\n", "sampled span with 8 attributes", s8, s8 / c);
    /* median() sorted uns[]: its ends are the fastest and slowest run, which
       show the machine's quiet and busy phases */
    printf("  %-44s %8.1f ns  (target <= 5 ns; runs %.1f - %.1f)\n", "unsampled span: begin + 2 attributes + end", u,
           uns[0], uns[REPS - 1]);
    print_phases(u_own, nu_own, u_shared, nu_shared, " ns");
    printf("  %-44s %8.1f ns  (runs %.1f - %.1f)\n", "  the same, inline (no call per span)", ui, unsi[0], unsi[REPS - 1]);
    print_phases(ui_own, nu_own, ui_shared, nu_shared, " ns");
    printf("  %-44s %8.1f ns\n", "  the same, sampled out by its trace id", ur);
    printf("  %-44s %8.2f M/s  (runs of %d spans a thread)\n", "sampled spans, 1 thread", a / 1e6, NT);
    printf("  %-44s %8.2f M/s  %.2fx 1 thread  (target >= 1.8x)\n", "sampled spans, 2 threads", b / 1e6, b / a);
    printf("  spans dropped for a full arena during the run: %llu of %llu\n",
           (unsigned long long)st.spans_dropped, (unsigned long long)(st.spans_started + st.spans_dropped));
    return 0;
}
