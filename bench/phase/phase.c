/* bench/phase/phase.c - what bench.h's probe of a shared core sees, for
   bench/README.md's account of the machine's two phases (make bench-phase).

   For SECONDS (argument 1, default 60): the probe, 200,000 unsampled spans
   inline in a loop, the probe again, over and over. Prints the histogram
   of the probe's ratios (two peaks where the host at times shares the
   core), and the spans' median time in the runs of each phase. Then the
   same probe with this program's own second thread idle, spinning, or
   writing memory on the other CPU, in turns: if the machine's own load
   made the slow phase, these would differ. */
#define _GNU_SOURCE
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"
#include "bench_spans.h"

#define MAX_RUNS 200000
static double probe_after[MAX_RUNS], span_ns[MAX_RUNS];
static int phase[MAX_RUNS];

static __attribute__((noinline)) double unsampled_loop(int n) {
    double t0 = now_s();
    for (int i = 0; i < n; i++) bench_span2();
    return (now_s() - t0) * 1e9 / n;
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}
static volatile int load_kind, load_stop;   /* 0 idle, 1 spin, 2 write memory */
static void *load(void *arg) {
    char *buf = arg;
    pin(1);
    unsigned long a = 0;
    while (!load_stop) {
        if (load_kind == 1) for (int i = 0; i < 100000; i++) __asm__ volatile("" : "+r"(a));
        else if (load_kind == 2) memset(buf, (int)a++, 16 << 20);
    }
    return NULL;
}
/* probes with the other CPU doing each kind of load in turn, 100 ms at a
   time, so that the host's own changes of phase weigh on all three alike */
static void probe_with_load(double secs) {
    static const char *what[] = { "idle", "spinning", "writing 16 MB over and over" };
    double sum[3] = { 0 };
    int n[3] = { 0 }, shared[3] = { 0 };
    double end = now_s() + secs;
    while (now_s() < end)
        for (int kind = 0; kind < 3; kind++) {
            load_kind = kind;
            double turn_end = now_s() + 0.1;
            while (now_s() < turn_end) {
                double r = bench_core_share();
                sum[kind] += r;
                shared[kind] += r > BENCH_SHARED_RATIO;
                n[kind]++;
            }
        }
    for (int kind = 0; kind < 3; kind++)
        printf("  other CPU %-28s probe %.3f on average, %5.1f %% of %d probes say shared\n", what[kind],
               sum[kind] / n[kind], 100.0 * shared[kind] / n[kind], n[kind]);
}

int main(int argc, char **argv) {
    double secs = argc > 1 ? atof(argv[1]) : 60;
    if (bench_core_share() < 0) { printf("no probe for this architecture\n"); return 0; }
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.sampler = OTEL_SAMPLER_ALWAYS_OFF;
    otel_init(&cfg);
    int n = 0;
    double end = now_s() + secs;
    while (n < MAX_RUNS && now_s() < end) {
        int before = bench_core_shared();
        span_ns[n] = unsampled_loop(200000);
        probe_after[n] = bench_core_share();
        phase[n] = bench_phase(before, probe_after[n] > BENCH_SHARED_RATIO);
        n++;
    }
    otel_shutdown(100);

    printf("the probe after each of %d runs of 200,000 unsampled spans (inline), %.0f s:\n", n, secs);
    int bins[40] = { 0 };
    for (int i = 0; i < n; i++) {
        int b = (int)(probe_after[i] / 0.02);
        bins[b < 0 ? 0 : b > 39 ? 39 : b]++;
    }
    for (int b = 0; b < 40; b++) {
        if (bins[b] * 200 < n) continue;   /* (bins under 0.5 % left out) */
        int bar = (int)(60.0 * bins[b] / n + 0.5);
        printf("  %.2f - %.2f %6d  %.*s\n", b * 0.02, b * 0.02 + 0.02, bins[b], bar > 0 ? bar : 1,
               "############################################################");
    }
    /* (each phase's times gathered apart: more runs than median_in_phase takes) */
    static double own_ns[MAX_RUNS], shared_ns[MAX_RUNS];
    int n_own = 0, n_shared = 0;
    for (int i = 0; i < n; i++) {
        if (phase[i] == 0) own_ns[n_own++] = span_ns[i];
        if (phase[i] == 1) shared_ns[n_shared++] = span_ns[i];
    }
    double own = n_own ? median(own_ns, n_own) : 0, shared = n_shared ? median(shared_ns, n_shared) : 0;
    printf("  unsampled span, median: %.2f ns in %d runs on a core of its own, %.2f ns in %d on a shared one"
           " (%d changed in between)\n", own, n_own, shared, n_shared, n - n_own - n_shared);

    printf("the probe alone on CPU 0, while this program's other thread on CPU 1 is:\n");
    pin(0);
    char *buf = malloc(16 << 20);
    pthread_t th;
    pthread_create(&th, NULL, load, buf);
    probe_with_load(secs / 4 < 3 ? 3 : secs / 4);
    load_stop = 1;
    pthread_join(th, NULL);
    free(buf);
    return 0;
}
