/* Observable instruments: callbacks run at collection time, readings of
   counters (totals, turned into deltas), up-down counters and gauges, one
   callback for several instruments, unregistering (also from inside the
   callback, and while another thread collects), and what is ignored:
   readings outside the callback, on another instrument, NaN, infinity,
   negative counter readings, synchronous calls on an observable one. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include "test_metrics_util.h"
#include <math.h>
#include <pthread.h>

typedef struct { int found; otel_metric_info mi; otel_metric_point p; } point;
/* the point of instrument `name` whose attribute `key` (if given) is the integer v */
static point find(const char *name, const char *key, int64_t v) {
    point f;
    memset(&f, 0, sizeof f);
    otel_metric_iter it = {0, 0, 0};
    while (otel_metrics_next(&it, &f.mi, &f.p)) {
        if (strcmp(f.mi.name, name) != 0) continue;
        otel_attr a[16];
        size_t n = otel_metric_point_attrs(&f.p, a, 16);
        if (!key) { f.found = 1; return f; }
        for (size_t i = 0; i < n; i++)
            if (strcmp(a[i].key, key) == 0 && a[i].type == OTEL_TYPE_INT && a[i].v.i == v) { f.found = 1; return f; }
    }
    f.found = 0;
    return f;
}

static int64_t g_total;
static int g_calls;
static void faults_cb(otel_observer *o, void *user) {
    (void)user;
    g_calls++;
    g_total += 10;
    otel_attr a = OTEL_ATTR_INT("cpu", 0);
    otel_observe(o, NULL, g_total, &a, 1);          /* NULL: the callback's only instrument */
}

static void init_with(int temporality) {
    otel_config c;
    tu_config(&c);
    c.metric_temporality = temporality;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    g_total = 0; g_calls = 0;
}

TEST(counter_cumulative_and_delta) {
    for (int round = 0; round < 2; round++) {
        int delta = round == 1;
        init_with(delta ? OTEL_TEMPORALITY_DELTA : OTEL_TEMPORALITY_CUMULATIVE);
        otel_instrument *m = otel_observable_counter_create("proc.faults", "{fault}", "Page faults", faults_cb, NULL);
        CHECK(m != NULL);
        CHECK_EQ_INT(g_calls, 0);                    /* nothing runs before a collection */
        CHECK_EQ_INT(otel_metrics_collect(), 1);
        CHECK_EQ_INT(g_calls, 1);
        point f = find("proc.faults", "cpu", 0);
        CHECK(f.found && f.p.as_int == 10 && f.mi.kind == OTEL_INSTRUMENT_COUNTER && f.mi.monotonic && f.mi.observable);
        CHECK_EQ_INT(f.mi.temporality, delta ? OTEL_TEMPORALITY_DELTA : OTEL_TEMPORALITY_CUMULATIVE);
        uint64_t start1 = f.p.start_ns, time1 = f.p.time_ns;
        otel_metrics_collect();
        f = find("proc.faults", "cpu", 0);
        CHECK(f.found && f.p.as_int == (delta ? 10 : 20));
        if (delta) CHECK(f.p.start_ns == time1);
        else CHECK(f.p.start_ns == start1);
        tu_shutdown();
    }
}

/* one callback, three instruments, two attribute sets, a repeated reading */
static otel_instrument *g_pool, *g_queue, *g_mem, *g_sync;
static otel_callback *g_batch;
static otel_observer *g_kept;
static int g_batch_calls, g_self_unregister;
static void batch_cb(otel_observer *o, void *user) {
    g_batch_calls++;
    CHECK(user == &g_batch_calls);
    otel_attr a = OTEL_ATTR_INT("q", 1), b = OTEL_ATTR_INT("q", 2);
    otel_observe_double(o, g_pool, 2.5, NULL, 0);
    otel_observe(o, g_queue, 99, &a, 1);
    otel_observe(o, g_queue, 4, &a, 1);              /* the last reading of a set wins */
    otel_observe(o, g_queue, 6, &b, 1);
    otel_observe_double(o, g_mem, 1024.5, NULL, 0);
    otel_observe(o, g_mem, 7, &a, 1);                /* an int reading of a double gauge */
    /* ignored: */
    otel_observe(o, g_sync, 1, NULL, 0);             /* not this callback's instrument */
    otel_observe(o, NULL, 1, NULL, 0);               /* NULL with several instruments */
    otel_observe_double(o, g_mem, NAN, &b, 1);
    otel_observe_double(o, g_pool, INFINITY, &b, 1);
    otel_observe_double(o, g_pool, -INFINITY, &b, 1);
    g_kept = o;
    if (g_self_unregister) CHECK_EQ_INT(otel_callback_unregister(g_batch), OTEL_OK);
}
TEST(batch_callback_and_unregister) {
    init_with(OTEL_TEMPORALITY_CUMULATIVE);
    g_pool = otel_observable_updown_counter_create_double("pool.size", "{conn}", "", NULL, NULL);
    g_queue = otel_observable_gauge_create("queue.length", "{item}", "", NULL, NULL);
    g_mem = otel_observable_gauge_create_double("mem.usage", "By", "", NULL, NULL);
    g_sync = otel_counter_create("sync.count", "1", "");
    otel_instrument *list[3] = {g_pool, g_queue, g_mem};
    g_batch_calls = 0; g_self_unregister = 0;
    g_batch = otel_callback_register(batch_cb, &g_batch_calls, list, 3);
    CHECK(g_batch != NULL);
    uint64_t d0 = tm_dropped();
    otel_metrics_collect();
    CHECK_EQ_INT(g_batch_calls, 1);
    CHECK_EQ_INT(tm_dropped() - d0, 5);
    point p = find("pool.size", NULL, 0);
    CHECK(p.found && p.p.as_double == 2.5 && p.mi.kind == OTEL_INSTRUMENT_UPDOWN_COUNTER && !p.mi.monotonic &&
          p.mi.temporality == OTEL_TEMPORALITY_CUMULATIVE);
    CHECK_EQ_INT(tm_points_of("pool.size"), 1);         /* the infinite readings made no series */
    CHECK(find("queue.length", "q", 1).found && find("queue.length", "q", 1).p.as_int == 4);
    CHECK(find("queue.length", "q", 2).found && find("queue.length", "q", 2).p.as_int == 6);
    CHECK_EQ_INT(find("queue.length", "q", 1).mi.temporality, 0);
    CHECK(find("mem.usage", "q", 1).found && find("mem.usage", "q", 1).p.as_double == 7.0);
    CHECK_EQ_INT(tm_points_of("mem.usage"), 2);         /* the NaN reading made no point */
    CHECK_EQ_INT(tm_points_of("sync.count"), 0);
    /* the observer outside its callback: ignored */
    d0 = tm_dropped();
    otel_observe(g_kept, g_queue, 1000, NULL, 0);
    otel_observe(NULL, g_queue, 1000, NULL, 0);
    CHECK_EQ_INT(tm_dropped() - d0, 2);
    /* synchronous calls on observable instruments: ignored */
    otel_counter_add_double(g_pool, 1, NULL, 0);
    otel_gauge_set(g_queue, 1, NULL, 0);
    CHECK_EQ_INT(tm_dropped() - d0, 4);
    /* observable instruments only */
    CHECK(otel_callback_register(batch_cb, NULL, &g_sync, 1) == NULL);
    /* the callback unregisters itself: it ran this once, never again */
    g_self_unregister = 1;
    otel_metrics_collect();
    CHECK_EQ_INT(g_batch_calls, 2);
    CHECK_EQ_INT(otel_callback_unregister(g_batch), OTEL_ERR_INVALID);   /* already */
    CHECK_EQ_INT(otel_metrics_collect(), 0);         /* no readings: nothing reported */
    CHECK_EQ_INT(g_batch_calls, 2);
    CHECK_EQ_INT(tm_points_of("queue.length"), 0);
    tu_shutdown();
}

/* unregistering from another thread while the collector runs callbacks:
   once unregister returns, the callback never runs again */
static int g_stop, g_after;
static int g_running;
static otel_instrument *g_spin;
static void spin_cb(otel_observer *o, void *user) {
    int *unregistered = (int *)user;
    if (__atomic_load_n(unregistered, __ATOMIC_ACQUIRE)) __atomic_fetch_add(&g_after, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&g_running, 1, __ATOMIC_RELAXED);
    otel_observe(o, NULL, 1, NULL, 0);
}
static void *collector(void *arg) {
    (void)arg;
    while (!__atomic_load_n(&g_stop, __ATOMIC_ACQUIRE)) otel_metrics_collect();
    return NULL;
}
TEST(unregister_while_collecting) {
    init_with(OTEL_TEMPORALITY_CUMULATIVE);
    g_spin = otel_observable_gauge_create("spin", "1", "", NULL, NULL);
    static int flags[200];
    g_stop = 0; g_after = 0; g_running = 0;
    pthread_t th;
    pthread_create(&th, NULL, collector, NULL);
    for (int i = 0; i < 200; i++) {
        otel_callback *cb = otel_callback_register(spin_cb, &flags[i], &g_spin, 1);
        CHECK(cb != NULL);
        while (__atomic_load_n(&g_running, __ATOMIC_RELAXED) < i + 1) {}
        CHECK_EQ_INT(otel_callback_unregister(cb), OTEL_OK);
        __atomic_store_n(&flags[i], 1, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&g_stop, 1, __ATOMIC_RELEASE);
    pthread_join(th, NULL);
    CHECK_EQ_INT(g_after, 0);
    tu_shutdown();
}

/* more attribute sets than the cardinality limit: the overflow series */
static void many_cb(otel_observer *o, void *user) {
    (void)user;
    for (int i = 0; i < 1000; i++) {
        otel_attr a = OTEL_ATTR_INT("i", i);
        otel_observe(o, NULL, i, &a, 1);
    }
}
TEST(cardinality_limit_and_many_series) {
    otel_config c;
    tu_config(&c);
    c.metric_cardinality_limit = 100;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    CHECK(otel_observable_counter_create("many", "1", "", many_cb, NULL) != NULL);
    CHECK_EQ_INT(otel_metrics_collect(), 101);        /* 100 series and the overflow one */
    point f = find("many", "i", 5);
    CHECK(f.found && f.p.as_int == 5);
    /* the overflow series of a counter: the sum of the readings it took in */
    point ov = find("many", NULL, 0);
    otel_metric_iter it = {0, 0, 0};
    int64_t rest = 0;
    while (otel_metrics_next(&it, &ov.mi, &ov.p)) {
        otel_attr a[2];
        if (otel_metric_point_attrs(&ov.p, a, 2) == 1 && strcmp(a[0].key, "otel.metric.overflow") == 0) rest = ov.p.as_int;
    }
    CHECK_EQ_INT(rest, (100 + 999) * 900 / 2);
    tu_shutdown();
    tu_config(&c);
    c.metric_series = 2048;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    CHECK(otel_observable_counter_create("many", "1", "", many_cb, NULL) != NULL);
    CHECK_EQ_INT(otel_metrics_collect(), 1000);
    CHECK_EQ_INT(otel_metrics_collect(), 1000);
    CHECK(find("many", "i", 999).p.as_int == 999);
    tu_shutdown();
}

/* a reading that went down on a counter: a reset, the delta is the reading */
static int64_t g_seq[3] = {50, 80, 30};
static int g_step;
static void reset_cb(otel_observer *o, void *user) { (void)user; otel_observe(o, NULL, g_seq[g_step++ % 3], NULL, 0); }
static void negative_cb(otel_observer *o, void *user) { (void)user; otel_observe_double(o, NULL, -1.0, NULL, 0); }
TEST(delta_counter_reset_and_negative) {
    init_with(OTEL_TEMPORALITY_DELTA);
    g_step = 0;
    otel_observable_counter_create("resets", "1", "", reset_cb, NULL);
    otel_observable_counter_create_double("neg", "1", "", negative_cb, NULL);
    otel_observable_updown_counter_create("ud", "1", "", reset_cb, NULL);
    otel_metrics_collect();
    CHECK_EQ_INT(find("resets", NULL, 0).p.as_int, 50);
    CHECK_EQ_INT(find("ud", NULL, 0).p.as_int, 80);   /* cumulative even when delta is preferred */
    CHECK_EQ_INT(find("ud", NULL, 0).mi.temporality, OTEL_TEMPORALITY_CUMULATIVE);
    CHECK(!find("neg", NULL, 0).found);
    otel_metrics_collect();
    CHECK_EQ_INT(find("resets", NULL, 0).p.as_int, 30);
    CHECK_EQ_INT(find("ud", NULL, 0).p.as_int, 50);
    tu_shutdown();
}

int main(void) {
    tu_clear_env();
    RUN(counter_cumulative_and_delta);
    RUN(batch_callback_and_unregister);
    RUN(unregister_while_collecting);
    RUN(cardinality_limit_and_many_series);
    RUN(delta_counter_reset_and_negative);
    return test_summary("metrics_observable");
}
