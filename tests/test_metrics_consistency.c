/* A delta collection reads each explicit-bucket histogram point
   consistently: while threads record the same value, every collected point
   has sum == count * value, min == max == value, and nothing is lost or
   counted twice across collections. Half the threads record without
   attributes (the fast path), half with one. An exponential histogram of
   4 buckets a side records values over a wide range meanwhile (scaling
   down while other threads record): its points' buckets add up to their
   counts, and every recording is in one point. (Before, a recording racing a
   collection could put its bucket in one point and its sum in the next.) */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>

#define THREADS 4
#ifdef TSAN
#define PER_THREAD 20000
#else
#define PER_THREAD 200000
#endif
static otel_instrument *g_hist, *g_exp;
static int g_go;
static void *recorder(void *arg) {
    size_t n = (size_t)(intptr_t)arg & 1;
    while (!__atomic_load_n(&g_go, __ATOMIC_ACQUIRE)) {}
    otel_attr a = OTEL_ATTR_STR("route", "/same");
    for (int i = 0; i < PER_THREAD; i++) {
        otel_histogram_record(g_hist, 3.0, n ? &a : NULL, n);
        otel_histogram_record(g_exp, (double)(1 << (i % 24)) * (1.0 + (double)(intptr_t)arg / 8), n ? &a : NULL, n);
    }
    return NULL;
}
/* one collection: checks each point, returns the count it took (and the
   exponential histogram's in *exp) */
static uint64_t collect_and_check(int *bad, uint64_t *exp) {
    otel_metrics_collect();
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    uint64_t total = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        if (strcmp(mi.name, "consistent.exp") == 0) {
            uint64_t inb = p.zero_count;
            for (size_t i = 0; i < p.positive_count; i++) inb += p.positive[i];
            if (inb != p.count || p.negative_count || (p.count && !(p.min >= 1 && p.max < (double)(1 << 24) * 2))) (*bad)++;
            *exp += p.count;
            continue;
        }
        if (strcmp(mi.name, "consistent.hist") != 0) continue;
        uint64_t inb = 0;
        for (size_t i = 0; i < p.bucket_count; i++) inb += p.bucket_counts[i];
        if (p.sum != 3.0 * (double)p.count || inb != p.count || (p.count && (p.min != 3.0 || p.max != 3.0))) {
            if (*bad < 5) fprintf(stderr, "inconsistent point: count %llu sum %g min %g max %g\n",
                                  (unsigned long long)p.count, p.sum, p.min, p.max);
            (*bad)++;
        }
        total += p.count;
    }
    return total;
}

TEST(delta_points_are_consistent) {
    otel_config c;
    tu_config(&c);
    c.metric_temporality = OTEL_TEMPORALITY_DELTA;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    g_hist = otel_histogram_create("consistent.hist", "ms", "", NULL, 0);
    g_exp = otel_histogram_create_exponential("consistent.exp", "ms", "", 4, 20);
    CHECK(g_hist != NULL && g_exp != NULL);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, recorder, (void *)(intptr_t)i);
    __atomic_store_n(&g_go, 1, __ATOMIC_RELEASE);
    int bad = 0, collections = 0;
    uint64_t total = 0, exp = 0;
    while (total < (uint64_t)THREADS * PER_THREAD && collections < 1000000) {
        total += collect_and_check(&bad, &exp);
        collections++;
    }
    for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
    total += collect_and_check(&bad, &exp);
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(exp, (uint64_t)THREADS * PER_THREAD);
    CHECK_EQ_INT(total, (uint64_t)THREADS * PER_THREAD);   /* every recording in exactly one point */
    CHECK(collections > 1);
    tu_shutdown();
}

int main(void) {
    RUN(delta_points_are_consistent);
    return test_summary("metrics_consistency");
}
