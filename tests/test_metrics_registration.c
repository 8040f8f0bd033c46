/* Registering instruments: the same name in another case is the same
   instrument (the first-seen name), with another kind it is a second
   stream that still carries the first-seen name (warned); a view with the
   match-all selector "*" selects every instrument; instruments created from
   several threads at once (also under ThreadSanitizer) each exist once,
   with every recording counted. */
#define _GNU_SOURCE
#include <string.h>
#include <pthread.h>
#include <time.h>
#include "test_log.h"
#define OTEL_WARN_INTERVAL_MS 1
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include "test_metrics_util.h"

TEST(duplicates_keep_the_first_seen_name) {
    tm_init_views(NULL, 0);
    g_log[0] = 0;
    otel_instrument *a = otel_counter_create("Jobs.Done", "{job}", "first");
    otel_instrument *b = otel_counter_create("jobs.done", "{job}", "second");   /* the same instrument */
    CHECK(a && a == b);
    otel_instrument *g = otel_gauge_create("JOBS.DONE", "{job}", "a gauge");    /* another kind: a second stream */
    CHECK(g && g != a);
    CHECK(strstr(g_log, "registered again with another kind or unit") != NULL);
    otel_counter_add(a, 2, NULL, 0);
    otel_counter_add(b, 3, NULL, 0);
    otel_gauge_set(g, 7, NULL, 0);
    otel_metrics_collect();
    CHECK_EQ_INT(tm_points_of("jobs.done"), 0);
    CHECK_EQ_INT(tm_points_of("JOBS.DONE"), 0);
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int seen = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        if (strcmp(mi.name, "Jobs.Done") != 0) continue;
        if (mi.kind == OTEL_INSTRUMENT_COUNTER) { CHECK(p.as_int == 5 && strcmp(mi.description, "first") == 0); seen |= 1; }
        if (mi.kind == OTEL_INSTRUMENT_GAUGE) { CHECK(p.as_int == 7); seen |= 2; }
    }
    CHECK_EQ_INT(seen, 3);
    tu_shutdown();
}

TEST(match_all_view) {
    static const char *const keep[] = {"kept"};
    static const otel_view v[] = {{.instrument_name = "*", .attribute_keys = keep, .attribute_key_count = 1,
                                   .description = "every one"}};
    tm_init_views(v, 1);
    g_log[0] = 0;
    otel_instrument *c = otel_counter_create("a.counter", "1", "orig");
    otel_instrument *h = otel_histogram_create("Some.Histogram", "ms", "orig", NULL, 0);
    otel_instrument *g = otel_gauge_create("x", "1", "orig");
    otel_meter m = otel_meter_get("another.meter", "1.0", NULL);
    otel_instrument *u = otel_meter_instrument_create(m, OTEL_INSTRUMENT_UPDOWN_COUNTER, 0, "z_9", "1", "orig", NULL, 0);
    CHECK(c && h && g && u);
    otel_attr a[2] = {OTEL_ATTR_STR("kept", "yes"), OTEL_ATTR_INT("dropped", 1)};
    otel_counter_add(c, 1, a, 2);
    otel_histogram_record(h, 1.5, a, 2);
    otel_gauge_set(g, 2, a, 2);
    otel_counter_add(u, -3, a, 2);
    otel_metrics_collect();
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int n = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        otel_attr got[4];
        size_t k = otel_metric_point_attrs(&p, got, 4);
        CHECK(strcmp(mi.description, "every one") == 0);
        CHECK(k == 1 && strcmp(got[0].key, "kept") == 0);
        n++;
    }
    CHECK_EQ_INT(n, 4);
    tu_shutdown();
    CHECK(strstr(g_log, "selected no instrument") == NULL);
}

/* 8 threads create the same 16 instruments (names in either case) and
   record into each */
#define THREADS 8
#define NAMES 16
#define ADDS 500
static otel_instrument *g_seen[THREADS][NAMES];
static void *creator(void *arg) {
    int t = (int)(intptr_t)arg;
    static const char *const names[NAMES] = {"c.0", "c.1", "c.2", "c.3", "c.4", "c.5", "c.6", "c.7",
                                             "c.8", "c.9", "c.10", "c.11", "c.12", "c.13", "c.14", "c.15"};
    static const char *const upper[NAMES] = {"C.0", "C.1", "C.2", "C.3", "C.4", "C.5", "C.6", "C.7",
                                             "C.8", "C.9", "C.10", "C.11", "C.12", "C.13", "C.14", "C.15"};
    for (int k = 0; k < NAMES; k++) {
        int i = (k + t) % NAMES;   /* each thread in its own order */
        otel_instrument *m = otel_counter_create(t & 1 ? upper[i] : names[i], "1", "");
        g_seen[t][i] = m;
        for (int j = 0; j < ADDS; j++) otel_counter_add(m, 1, NULL, 0);
    }
    return NULL;
}
TEST(instruments_created_concurrently) {
    tm_init_views(NULL, 0);
    pthread_t th[THREADS];
    for (int t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, creator, (void *)(intptr_t)t);
    for (int t = 0; t < THREADS; t++) pthread_join(th[t], NULL);
    for (int i = 0; i < NAMES; i++) {
        CHECK(g_seen[0][i] != NULL);
        for (int t = 1; t < THREADS; t++) CHECK(g_seen[t][i] == g_seen[0][i]);
        for (int j = 0; j < i; j++) CHECK(g_seen[0][j] != g_seen[0][i]);
    }
    otel_metrics_collect();
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int streams = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        CHECK(p.as_int == THREADS * ADDS);
        streams++;
    }
    CHECK_EQ_INT(streams, NAMES);
    tu_shutdown();
}

/* descriptions: any text of up to 1023 characters is kept as it is (here
   1023 two-byte characters); a longer one, or one that is not UTF-8, is
   warned about and cut at a character boundary */
static void tr_pause(void) { struct timespec ts = {0, 2000000}; nanosleep(&ts, NULL); }   /* past the warnings' interval */
static const char *tr_desc_of(const char *name) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    while (otel_metrics_next(&it, &mi, &p)) if (strcmp(mi.name, name) == 0) return mi.description;
    return NULL;
}
TEST(description_syntax) {
    static char full[1023 * 2 + 1], over[1100 * 2 + 1], bmp4[1030 * 4 + 1];
    for (int i = 0; i < 1023; i++) memcpy(full + 2 * i, "\xc3\xa9", 2);            /* é */
    for (int i = 0; i < 1100; i++) memcpy(over + 2 * i, "\xc3\xa9", 2);
    for (int i = 0; i < 1030; i++) memcpy(bmp4 + 4 * i, "\xf0\x9f\x93\x88", 4);   /* beyond the BMP: kept too */
    static const char *const bad[] = {"ok \xff then", "ok \xc3", "ok \xe0\x80\x80 overlong", "ok \xed\xa0\x80 surrogate",
                                      "ok \xf4\x90\x80\x80 too big"};
    tm_init_views(NULL, 0);
    g_log[0] = 0;
    otel_instrument *f = otel_counter_create("desc.full", "1", full), *o = otel_counter_create("desc.over", "1", over);
    tr_pause();
    otel_instrument *e = otel_counter_create("desc.emoji", "1", bmp4), *plain = otel_counter_create("desc.plain", "1", "plain – text");
    CHECK(f && o && e && plain);
    CHECK(strstr(g_log, "desc.full") == NULL && strstr(g_log, "desc.plain") == NULL);
    CHECK(strstr(g_log, "'desc.over': description over 1023 characters; cut to 2046 bytes") != NULL);
    CHECK(strstr(g_log, "'desc.emoji': description over 1023 characters; cut to 4092 bytes") != NULL);
    otel_instrument *b[5];
    static const char *const bn[] = {"desc.bad0", "desc.bad1", "desc.bad2", "desc.bad3", "desc.bad4"};
    for (int i = 0; i < 5; i++) { tr_pause(); b[i] = otel_counter_create(bn[i], "1", bad[i]); otel_counter_add(b[i], 1, NULL, 0); }
    CHECK(strstr(g_log, "'desc.bad0': description not valid UTF-8; cut to 3 bytes") != NULL);
    CHECK(otel_counter_create("desc.over", "1", over) == o);   /* the same again: the same one */
    otel_counter_add(f, 1, NULL, 0); otel_counter_add(o, 1, NULL, 0); otel_counter_add(e, 1, NULL, 0); otel_counter_add(plain, 1, NULL, 0);
    otel_metrics_collect();
    CHECK(tr_desc_of("desc.full") == full);                    /* kept as given, not copied */
    const char *d = tr_desc_of("desc.over");
    CHECK(d && strlen(d) == 2046 && memcmp(d, over, 2046) == 0);
    d = tr_desc_of("desc.emoji");
    CHECK(d && strlen(d) == 4092 && memcmp(d, bmp4, 4092) == 0);
    CHECK_STR(tr_desc_of("desc.plain"), "plain – text");
    for (int i = 0; i < 5; i++) CHECK_STR(tr_desc_of(bn[i]), "ok ");
    tu_shutdown();
}

/* The meter configurator: a disabled meter's instruments (also one created
   while it is disabled) record and export nothing, their callbacks do not
   run, nothing counts as dropped; enabled again, the cumulative sums go on
   from where they were. Under ThreadSanitizer: threads record (with and
   without attributes) while the meter is switched off and on. */
static int g_calls;
static void tr_observe(otel_observer *o, void *user) { (void)user; g_calls++; otel_observe(o, NULL, 5, NULL, 0); }
/* the value of stream name's point without attributes (or with attrs), -1: none */
static int64_t tr_value(const char *name, size_t nattrs) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int64_t v = -1;
    while (otel_metrics_next(&it, &mi, &p))
        if (strcmp(mi.name, name) == 0 && p.attribute_count == nattrs) v = mi.kind == OTEL_INSTRUMENT_HISTOGRAM ? (int64_t)p.count : p.as_int;
    return v;
}
static otel_instrument *g_tc;
static int g_stop;
static void *toggled_recorder(void *arg) {
    otel_attr a = OTEL_ATTR_INT("worker", (intptr_t)arg);
    while (!__atomic_load_n(&g_stop, __ATOMIC_RELAXED)) { otel_counter_add(g_tc, 1, NULL, 0); otel_counter_add(g_tc, 1, &a, 1); }
    return NULL;
}
TEST(meter_enabled_at_run_time) {
    tm_init_views(NULL, 0);
    otel_meter lib = otel_meter_get("lib.toggled", NULL, NULL);
    otel_instrument *c = otel_meter_instrument_create(lib, OTEL_INSTRUMENT_COUNTER, 0, "t.count", "1", "", NULL, 0);
    otel_instrument *h = otel_meter_instrument_create(lib, OTEL_INSTRUMENT_HISTOGRAM, 1, "t.hist", "s", "", NULL, 0);
    otel_instrument *d = otel_counter_create("t.default", "1", "");
    otel_instrument *g = otel_observable_gauge_create("t.gauge", "1", "", NULL, NULL);
    CHECK(c && h && d && g);
    otel_instrument *gl = otel_meter_instrument_create(lib, OTEL_INSTRUMENT_GAUGE, 0, "t.lgauge", "1", "", NULL, 0);
    CHECK(otel_callback_register(tr_observe, NULL, &g, 1) != NULL);
    otel_attr a = OTEL_ATTR_STR("k", "v");
    otel_counter_add(c, 1, NULL, 0); otel_counter_add(c, 2, &a, 1); otel_histogram_record(h, 0.5, NULL, 0); otel_gauge_set(gl, 4, NULL, 0);
    otel_metrics_collect();
    CHECK(tr_value("t.count", 0) == 1 && tr_value("t.count", 1) == 2 && tr_value("t.hist", 0) == 1 && tr_value("t.lgauge", 0) == 4);
    uint64_t dropped = tm_dropped();
    CHECK_EQ_INT(otel_meter_set_enabled(lib, 0), OTEL_OK);
    otel_instrument *later = otel_meter_instrument_create(lib, OTEL_INSTRUMENT_COUNTER, 0, "t.later", "1", "", NULL, 0);
    CHECK(later != NULL);
    for (int i = 0; i < 3; i++) {   /* the fast path (no attributes) and the full one */
        otel_counter_add(c, 10, NULL, 0); otel_counter_add(c, 10, &a, 1); otel_counter_add(later, 1, NULL, 0);
        otel_histogram_record(h, 0.5, NULL, 0); otel_gauge_set(gl, 9, NULL, 0);
    }
    otel_counter_add(d, 7, NULL, 0);
    otel_metrics_collect();
    CHECK(tr_value("t.count", 0) == -1 && tr_value("t.count", 1) == -1 && tr_value("t.hist", 0) == -1 && tr_value("t.later", 0) == -1);
    CHECK(tr_value("t.lgauge", 0) == -1 && tr_value("t.default", 0) == 7);   /* the default meter's: on */
    CHECK(tm_dropped() == dropped);                                            /* a no-op, not a drop */
    CHECK_EQ_INT(g_calls, 2);                                                  /* the default meter's callback ran */
    CHECK_EQ_INT(otel_meter_set_enabled(NULL, 0), OTEL_OK);                    /* the default meter off: its callback too */
    otel_metrics_collect();
    CHECK(tr_value("t.default", 0) == -1 && tr_value("t.gauge", 0) == -1);
    CHECK_EQ_INT(g_calls, 2);
    CHECK_EQ_INT(otel_meter_set_enabled(NULL, 1), OTEL_OK);
    CHECK_EQ_INT(otel_meter_set_enabled(lib, 1), OTEL_OK);
    otel_counter_add(c, 100, NULL, 0); otel_counter_add(c, 100, &a, 1); otel_counter_add(later, 1, NULL, 0);
    otel_histogram_record(h, 0.5, NULL, 0);
    otel_metrics_collect();
    CHECK(tr_value("t.count", 0) == 101 && tr_value("t.count", 1) == 102 && tr_value("t.hist", 0) == 2 && tr_value("t.later", 0) == 1);
    CHECK(tr_value("t.gauge", 0) == 5 && g_calls == 3 && tr_value("t.default", 0) == 7 && tr_value("t.lgauge", 0) == 4);
    otel_scope fake;
    memset(&fake, 0, sizeof fake);
    CHECK_EQ_INT(otel_meter_set_enabled(&fake, 0), OTEL_ERR_INVALID);
    /* threads record while the meter goes off and on */
    g_tc = c;
    pthread_t th[4];
    for (int t = 0; t < 4; t++) pthread_create(&th[t], NULL, toggled_recorder, (void *)(intptr_t)t);
    for (int i = 0; i < 2000; i++) otel_meter_set_enabled(lib, i & 1);
    __atomic_store_n(&g_stop, 1, __ATOMIC_RELAXED);
    for (int t = 0; t < 4; t++) pthread_join(th[t], NULL);
    otel_metrics_collect();
    int64_t total = tr_value("t.count", 0);
    CHECK(total >= 101);
    CHECK_EQ_INT(otel_meter_set_enabled(lib, 0), OTEL_OK);   /* off: nothing lands, fast path or not */
    for (int i = 0; i < 5; i++) otel_counter_add(c, 1, NULL, 0);
    CHECK_EQ_INT(otel_meter_set_enabled(lib, 1), OTEL_OK);
    otel_metrics_collect();
    CHECK(tr_value("t.count", 0) == total);
    otel_counter_add(c, 1, NULL, 0); otel_counter_add(c, 1, NULL, 0);   /* on: the fast path again */
    otel_metrics_collect();
    CHECK(tr_value("t.count", 0) == total + 2);
    tu_shutdown();
    CHECK_EQ_INT(tu_init(), OTEL_OK);                       /* a new init: every meter enabled */
    otel_instrument *c2 = otel_meter_instrument_create(otel_meter_get("lib.toggled", NULL, NULL), OTEL_INSTRUMENT_COUNTER, 0,
                                                       "t.count", "1", "", NULL, 0);
    otel_counter_add(c2, 3, NULL, 0);
    otel_metrics_collect();
    CHECK(tr_value("t.count", 0) == 3);
    tu_shutdown();
}

int main(void) {
    RUN(duplicates_keep_the_first_seen_name);
    RUN(match_all_view);
    RUN(instruments_created_concurrently);
    RUN(description_syntax);
    RUN(meter_enabled_at_run_time);
    return test_summary("metrics_registration");
}
