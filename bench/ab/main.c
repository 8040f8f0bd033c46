/* bench/ab/main.c - times the versions linked in (ab_versions.h, written
   by bench/ab/ab.sh) in turn, round after round, in one process: each
   round gives every version the same phase of a noisy machine, so the
   ratio of two versions within a round is steady even when the times of
   whole runs are not. Prints each version's median time and its median
   ratio to the first version. */
#define _POSIX_C_SOURCE 200809L   /* (clock_gettime, in bench.h) */
#include <stdio.h>
#include <stdlib.h>
#include "bench.h"
#include "ab_versions.h"   /* AB_N, ab_fn[], ab_name[] */

#define MAXR 1000
static double t[AB_N][MAXR], ratio[AB_N][MAXR];

int main(int argc, char **argv) {
    int mode = argc > 1 ? atoi(argv[1]) : 1, rounds = argc > 2 ? atoi(argv[2]) : 60, n = 200000;
    if (rounds < 1 || rounds > MAXR) rounds = 60;
    for (int v = 0; v < AB_N; v++)
        if (ab_fn[v](0, mode) != 0) { fprintf(stderr, "ab: %s: init failed\n", ab_name[v]); return 1; }
    for (int v = 0; v < AB_N; v++) ab_fn[v](1, n);   /* warm up */
    for (int r = 0; r < rounds; r++)
        for (int v = 0; v < AB_N; v++) t[v][r] = ab_fn[v](1, n);
    for (int v = 0; v < AB_N; v++)
        for (int r = 0; r < rounds; r++) ratio[v][r] = t[v][r] / t[0][r];
    static const char *what[] = {"sampled span", "unsampled span (always_off)", "unsampled span (sampled out by its trace id)"};
    printf("%s, begin + 2 attributes + end: %d rounds x %d spans, versions interleaved\n", what[mode < 0 || mode > 2 ? 0 : mode], rounds, n);
    for (int v = 0; v < AB_N; v++) {
        double m = median(ratio[v], rounds), tm = median(t[v], rounds);
        printf("  %-12s %8.2f ns  (quartiles %.2f - %.2f)  %.3fx %s\n", ab_name[v], tm, t[v][rounds / 4], t[v][3 * rounds / 4], m, ab_name[0]);
    }
    return 0;
}
