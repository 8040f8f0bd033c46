/* Several metric readers on the same instruments (otel_config.metric_readers,
   otel_metrics_collect_reader): a cumulative and a delta reader each see
   their own correct values, the lowmemory preference follows the
   specification's table, and delta histogram points stay consistent while
   threads record and two readers collect in turn. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>

/* the point of stream `name` (one series) in reader r's new collection */
static int get(unsigned r, const char *name, otel_metric_info *mi, otel_metric_point *p) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info i2;
    otel_metric_point p2;
    int found = 0;
    (void)r;
    while (otel_metrics_next(&it, &i2, &p2))
        if (strcmp(i2.name, name) == 0) { *mi = i2; *p = p2; found++; }
    return found;
}
static int64_t g_obs;
static void observe(otel_observer *o, void *u) { (void)u; otel_observe(o, NULL, g_obs, NULL, 0); }

TEST(cumulative_and_delta_readers_see_their_own_values) {
    static const int readers[] = {OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_DELTA};
    static const double bounds[] = {1, 10};
    otel_config c;
    tu_config(&c);
    c.metric_readers = readers; c.metric_reader_count = 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_instrument *ctr = otel_counter_create("r.count", "1", "");
    otel_instrument *ud = otel_updown_counter_create("r.updown", "1", "");
    otel_instrument *h = otel_histogram_create("r.hist", "ms", "", bounds, 2);
    otel_instrument *e = otel_histogram_create_exponential("r.exp", "ms", "", 8, 20);
    otel_instrument *g = otel_gauge_create("r.gauge", "1", "");
    otel_instrument *oc = otel_observable_counter_create("r.obs", "1", "", observe, NULL);
    CHECK(ctr && ud && h && e && g && oc);
    otel_metric_info mi;
    otel_metric_point p;

    /* round 1: the delta reader first */
    otel_counter_add(ctr, 5, NULL, 0);
    otel_counter_add(ud, 3, NULL, 0);
    otel_histogram_record(h, 0.5, NULL, 0);
    otel_histogram_record(h, 5, NULL, 0);
    otel_histogram_record(e, 1, NULL, 0);
    otel_histogram_record(e, 2, NULL, 0);
    otel_histogram_record(e, 4, NULL, 0);
    otel_gauge_set(g, 7, NULL, 0);
    g_obs = 10;
    CHECK(otel_metrics_collect_reader(1) > 0);
    CHECK(get(1, "r.count", &mi, &p)); CHECK_EQ_INT(p.as_int, 5); CHECK_EQ_INT(mi.temporality, OTEL_TEMPORALITY_DELTA);
    CHECK(get(1, "r.updown", &mi, &p)); CHECK_EQ_INT(p.as_int, 3); CHECK_EQ_INT(mi.temporality, OTEL_TEMPORALITY_CUMULATIVE);
    CHECK(get(1, "r.hist", &mi, &p)); CHECK_EQ_INT(p.count, 2); CHECK(p.sum == 5.5); CHECK(p.min == 0.5); CHECK(p.max == 5);
    CHECK_EQ_INT(p.bucket_counts[0], 1); CHECK_EQ_INT(p.bucket_counts[1], 1); CHECK_EQ_INT(p.bucket_counts[2], 0);
    CHECK(get(1, "r.exp", &mi, &p)); CHECK_EQ_INT(p.count, 3); CHECK(p.sum == 7); CHECK(p.min == 1); CHECK(p.max == 4);
    CHECK(get(1, "r.gauge", &mi, &p)); CHECK_EQ_INT(p.as_int, 7);
    CHECK(get(1, "r.obs", &mi, &p)); CHECK_EQ_INT(p.as_int, 10); CHECK_EQ_INT(mi.temporality, OTEL_TEMPORALITY_DELTA);
    uint64_t t1 = p.time_ns;

    /* round 2: the cumulative reader sees both rounds */
    otel_counter_add(ctr, 2, NULL, 0);
    otel_counter_add(ud, -1, NULL, 0);
    otel_histogram_record(h, 20, NULL, 0);
    otel_histogram_record(e, 1024, NULL, 0);   /* 10 octaves: scales the 8 buckets down */
    g_obs = 15;
    CHECK(otel_metrics_collect_reader(0) > 0);
    CHECK(get(0, "r.count", &mi, &p)); CHECK_EQ_INT(p.as_int, 7); CHECK_EQ_INT(mi.temporality, OTEL_TEMPORALITY_CUMULATIVE);
    CHECK(get(0, "r.updown", &mi, &p)); CHECK_EQ_INT(p.as_int, 2);
    CHECK(get(0, "r.hist", &mi, &p)); CHECK_EQ_INT(p.count, 3); CHECK(p.sum == 25.5); CHECK(p.min == 0.5); CHECK(p.max == 20);
    CHECK_EQ_INT(p.bucket_counts[0], 1); CHECK_EQ_INT(p.bucket_counts[1], 1); CHECK_EQ_INT(p.bucket_counts[2], 1);
    CHECK(get(0, "r.exp", &mi, &p)); CHECK_EQ_INT(p.count, 4); CHECK(p.sum == 1031); CHECK(p.min == 1); CHECK(p.max == 1024);
    uint64_t inb = 0;
    for (size_t i = 0; i < p.positive_count; i++) inb += p.positive[i];
    CHECK_EQ_INT(inb, 4);
    CHECK(p.positive_count <= 8);
    CHECK(get(0, "r.gauge", &mi, &p)); CHECK_EQ_INT(p.as_int, 7);
    CHECK(get(0, "r.obs", &mi, &p)); CHECK_EQ_INT(p.as_int, 15); CHECK_EQ_INT(mi.temporality, OTEL_TEMPORALITY_CUMULATIVE);

    /* round 3: the delta reader gets what came since its own last collection */
    otel_counter_add(ctr, 1, NULL, 0);
    otel_histogram_record(h, 2, NULL, 0);
    CHECK(otel_metrics_collect_reader(1) > 0);
    CHECK(get(1, "r.count", &mi, &p)); CHECK_EQ_INT(p.as_int, 3);
    CHECK_EQ_INT(p.start_ns, t1);   /* where this reader's last point ended, not the other reader's */
    CHECK(get(1, "r.hist", &mi, &p)); CHECK_EQ_INT(p.count, 2); CHECK(p.sum == 22); CHECK(p.min == 2); CHECK(p.max == 20);
    CHECK_EQ_INT(p.start_ns, t1);
    CHECK_EQ_INT(p.bucket_counts[0], 0); CHECK_EQ_INT(p.bucket_counts[1], 1); CHECK_EQ_INT(p.bucket_counts[2], 1);
    CHECK(get(1, "r.exp", &mi, &p)); CHECK_EQ_INT(p.count, 1); CHECK(p.sum == 1024); CHECK(p.min == 1024); CHECK(p.max == 1024);
    CHECK_EQ_INT(get(1, "r.gauge", &mi, &p), 0);   /* not set since this reader's last collection */
    CHECK(get(1, "r.obs", &mi, &p)); CHECK_EQ_INT(p.as_int, 5);
    CHECK(get(1, "r.updown", &mi, &p)); CHECK_EQ_INT(p.as_int, 2);
    /* again at once: nothing new for the delta reader but the observation */
    otel_metrics_collect_reader(1);
    CHECK_EQ_INT(get(1, "r.count", &mi, &p), 0);
    CHECK_EQ_INT(get(1, "r.hist", &mi, &p), 0);
    CHECK(get(1, "r.obs", &mi, &p)); CHECK_EQ_INT(p.as_int, 0);
    /* and the cumulative reader has everything */
    otel_metrics_collect_reader(0);
    CHECK(get(0, "r.count", &mi, &p)); CHECK_EQ_INT(p.as_int, 8);
    CHECK(get(0, "r.hist", &mi, &p)); CHECK_EQ_INT(p.count, 4); CHECK(p.sum == 27.5); CHECK(p.min == 0.5); CHECK(p.max == 20);
    CHECK(get(0, "r.exp", &mi, &p)); CHECK_EQ_INT(p.count, 4);
    /* otel_metrics_collect is reader 0's */
    otel_counter_add(ctr, 1, NULL, 0);
    otel_metrics_collect();
    CHECK(get(0, "r.count", &mi, &p)); CHECK_EQ_INT(p.as_int, 9);
    /* the delta reader twice in a row: the second point starts at the first's time */
    otel_counter_add(ctr, 1, NULL, 0);
    otel_metrics_collect_reader(1);
    CHECK(get(1, "r.count", &mi, &p)); CHECK_EQ_INT(p.as_int, 2);
    uint64_t t2 = p.time_ns;
    otel_counter_add(ctr, 4, NULL, 0);
    otel_metrics_collect_reader(1);
    CHECK(get(1, "r.count", &mi, &p)); CHECK_EQ_INT(p.as_int, 4); CHECK_EQ_INT(p.start_ns, t2);
    CHECK_EQ_INT(otel_metrics_collect_reader(2), 0);   /* no such reader */
    tu_shutdown();
}

TEST(lowmemory_follows_the_table) {
    static const int readers[] = {OTEL_TEMPORALITY_LOWMEMORY, OTEL_TEMPORALITY_DELTA};
    otel_config c;
    tu_config(&c);
    c.metric_readers = readers; c.metric_reader_count = 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_instrument *ctr = otel_counter_create("l.count", "1", "");
    otel_instrument *h = otel_histogram_create("l.hist", "1", "", NULL, 0);
    otel_instrument *ud = otel_updown_counter_create("l.updown", "1", "");
    otel_instrument *oc = otel_observable_counter_create("l.obs", "1", "", observe, NULL);
    otel_instrument *ou = otel_observable_updown_counter_create("l.obsud", "1", "", observe, NULL);
    otel_counter_add(ctr, 1, NULL, 0); otel_histogram_record(h, 1, NULL, 0); otel_counter_add(ud, 1, NULL, 0);
    CHECK(ctr && h && ud && oc && ou);
    g_obs = 4;
    otel_metric_info mi;
    otel_metric_point p;
    static const struct { const char *name; int low, delta; } want[] = {
        {"l.count", OTEL_TEMPORALITY_DELTA, OTEL_TEMPORALITY_DELTA},
        {"l.hist", OTEL_TEMPORALITY_DELTA, OTEL_TEMPORALITY_DELTA},
        {"l.updown", OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_CUMULATIVE},
        {"l.obs", OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_DELTA},
        {"l.obsud", OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_CUMULATIVE},
    };
    otel_metrics_collect_reader(0);
    for (size_t i = 0; i < 5; i++) { CHECK(get(0, want[i].name, &mi, &p)); CHECK_EQ_INT(mi.temporality, want[i].low); }
    otel_metrics_collect_reader(1);
    for (size_t i = 0; i < 5; i++) { CHECK(get(1, want[i].name, &mi, &p)); CHECK_EQ_INT(mi.temporality, want[i].delta); }
    tu_shutdown();
}

TEST(too_many_readers_are_cut) {
    static const int readers[OTEL_MAX_METRIC_READERS + 2] = {OTEL_TEMPORALITY_CUMULATIVE};
    otel_config c;
    tu_config(&c);
    c.metric_readers = readers; c.metric_reader_count = OTEL_MAX_METRIC_READERS + 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_instrument *ctr = otel_counter_create("t.count", "1", "");
    otel_counter_add(ctr, 1, NULL, 0);
    CHECK_EQ_INT(otel_metrics_collect_reader(OTEL_MAX_METRIC_READERS - 1), 1);
    CHECK_EQ_INT(otel_metrics_collect_reader(OTEL_MAX_METRIC_READERS), 0);
    tu_shutdown();
}

/* threads record while a cumulative and two delta readers collect in turn:
   every point consistent, each delta reader's points add up to every
   recording once, the cumulative reader ends with all of them */
#define THREADS 4
#define PER_THREAD 20000
static otel_instrument *g_hist, *g_ctr;
static int g_go;
static void *recorder(void *arg) {
    (void)arg;
    while (!__atomic_load_n(&g_go, __ATOMIC_ACQUIRE)) {}
    otel_attr a = OTEL_ATTR_STR("route", "/same");
    for (int i = 0; i < PER_THREAD; i++) {
        otel_histogram_record(g_hist, 3.0, &a, 1);
        otel_counter_add(g_ctr, 1, &a, 1);
    }
    return NULL;
}
static void take(unsigned r, int *bad, uint64_t *hist_total, int64_t *ctr_total) {
    otel_metrics_collect_reader(r);
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    while (otel_metrics_next(&it, &mi, &p)) {
        if (strcmp(mi.name, "race.count") == 0) { *ctr_total = r ? *ctr_total + p.as_int : p.as_int; continue; }
        if (strcmp(mi.name, "race.hist") != 0) continue;
        uint64_t inb = 0;
        for (size_t i = 0; i < p.bucket_count; i++) inb += p.bucket_counts[i];
        if (p.sum != 3.0 * (double)p.count || inb != p.count || (p.count && (p.min != 3.0 || p.max != 3.0))) {
            if (*bad < 5) fprintf(stderr, "reader %u: inconsistent point: count %llu sum %g min %g max %g\n", r,
                                  (unsigned long long)p.count, p.sum, p.min, p.max);
            (*bad)++;
        }
        if (r && p.start_ns > p.time_ns) (*bad)++;
        *hist_total = r ? *hist_total + p.count : p.count;
    }
}
TEST(readers_collect_while_threads_record) {
    static const int readers[] = {OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_DELTA, OTEL_TEMPORALITY_DELTA};
    otel_config c;
    tu_config(&c);
    c.metric_readers = readers; c.metric_reader_count = 3;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    g_hist = otel_histogram_create("race.hist", "ms", "", NULL, 0);
    g_ctr = otel_counter_create("race.count", "1", "");
    CHECK(g_hist && g_ctr);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, recorder, NULL);
    __atomic_store_n(&g_go, 1, __ATOMIC_RELEASE);
    int bad = 0;
    uint64_t h[3] = {0, 0, 0}, last_cum = 0;
    int64_t n[3] = {0, 0, 0};
    const uint64_t all = (uint64_t)THREADS * PER_THREAD;
    for (unsigned round = 0; h[0] < all && round < 1000000; round++) {
        unsigned r = round % 3 == 0 ? 0 : round % 3 == 1 ? 1 : (round / 3) % 2 ? 2 : 1;   /* reader 2 less often */
        take(r, &bad, &h[r], &n[r]);
        if (h[0] < last_cum) bad++;   /* cumulative never goes back */
        last_cum = h[0];
    }
    for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
    for (unsigned r = 0; r < 3; r++) take(r, &bad, &h[r], &n[r]);
    CHECK_EQ_INT(bad, 0);
    for (unsigned r = 0; r < 3; r++) {
        CHECK_EQ_INT(h[r], all);
        CHECK_EQ_INT(n[r], (int64_t)all);
    }
    tu_shutdown();
}

int main(void) {
    RUN(cumulative_and_delta_readers_see_their_own_values);
    RUN(lowmemory_follows_the_table);
    RUN(too_many_readers_are_cut);
    RUN(readers_collect_while_threads_record);
    return test_summary("metrics_readers");
}
