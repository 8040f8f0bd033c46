/* bench/bench.h - timing helpers shared by the benchmarks. */
#ifndef OTEL_BENCH_H
#define OTEL_BENCH_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
/* the median of n samples (sorts them) */
static double median(double *v, int n) { qsort(v, (size_t)n, sizeof *v, cmp_d); return v[n / 2]; }

/* Whether the physical core under this thread is running another hardware
   thread at the moment: on a shared machine the host's sibling thread of
   this virtual CPU, which the guest cannot see (lscpu says one thread a
   core). A chain of dependent additions runs at one a cycle whatever the
   sibling does; independent chains are bound by how many instructions the
   core issues a cycle, which two threads split. So the ratio of the two
   loops' times (12 additions each) is about 0.27 on a core of its own and
   about 0.46 on a shared one here (two clear peaks over 20,000 probes),
   whatever the clock rate, and a loop of short instructions (an unsampled
   span) takes about 1.8 times as long in the second case. Both loops are
   written out in assembly, so that the ratio does not move with the
   compiler's code. About 3 ms; -1 where there is no such loop for the
   architecture. */
#define BENCH_SHARED_RATIO 0.36
static __attribute__((noinline)) double bench_core_share(void) {
#if defined(__x86_64__)
    /* in eight turns of each, so that a change of the clock rate while it
       runs (right after a loop of clock reads, say) weighs on both alike */
    double dep = 0, indep = 0;
    unsigned long a = 0, b = 0, c = 0, d = 0, e = 0, f = 0;
    for (int turn = 0; turn < 8; turn++) {
        unsigned long n = 1 << 15;
        double t0 = now_s();
        __asm__ volatile(
            "1:\n\t"
            "add $1,%1\n\tadd $1,%1\n\tadd $1,%1\n\tadd $1,%1\n\t"
            "add $1,%1\n\tadd $1,%1\n\tadd $1,%1\n\tadd $1,%1\n\t"
            "add $1,%1\n\tadd $1,%1\n\tadd $1,%1\n\tadd $1,%1\n\t"
            "dec %0\n\tjnz 1b"
            : "+r"(n), "+r"(a));
        double t1 = now_s();
        n = 1 << 15;
        __asm__ volatile(
            "1:\n\t"
            "add $1,%1\n\tadd $1,%2\n\tadd $1,%3\n\tadd $1,%4\n\tadd $1,%5\n\tadd $1,%6\n\t"
            "add $1,%1\n\tadd $1,%2\n\tadd $1,%3\n\tadd $1,%4\n\tadd $1,%5\n\tadd $1,%6\n\t"
            "dec %0\n\tjnz 1b"
            : "+r"(n), "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e), "+r"(f));
        double t2 = now_s();
        dep += t1 - t0;
        indep += t2 - t1;
    }
    return indep / dep;
#else
    return -1;
#endif
}
/* 1 if the core is shared (above), 0 if it is this thread's own, -1 if
   unknown */
static inline int bench_core_shared(void) {
    double r = bench_core_share();
    return r < 0 ? -1 : r > BENCH_SHARED_RATIO;
}
/* The phase of a measurement from the probe before and after it: 0 own
   core, 1 shared, -1 unknown or changed in between (counted in neither). */
static inline int bench_phase(int before, int after) { return before == after ? before : -1; }
/* The median of those of v[0..n) whose phase is `want` (v left as it is;
   the first 256 such, enough for a benchmark's repetitions); *count gets
   how many were taken, 0 when none (the result is then 0). */
static inline double median_in_phase(const double *v, const int *phase, int n, int want, int *count) {
    double w[256];
    int k = 0;
    for (int i = 0; i < n && k < 256; i++) if (phase[i] == want) w[k++] = v[i];
    *count = k;
    return k ? median(w, k) : 0;
}
/* a figure's medians over the runs on a core of its own and on a shared
   one, printed below the figure ("-" for a phase with no run) */
static inline void print_phases(double own, int n_own, double shared, int n_shared, const char *unit) {
    char a[16] = "-", b[16] = "-";
    int places = unit[0] == 'x' ? 2 : 1;
    if (n_own) snprintf(a, sizeof a, "%.*f%s", places, own, unit);
    if (n_shared) snprintf(b, sizeof b, "%.*f%s", places, shared, unit);
    printf("        on a core of its own: %s, on a shared core: %s\n", a, b);
}

#endif
