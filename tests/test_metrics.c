/* Metrics and log records in the core: exact totals from 8 threads while
   another thread collects, overflow when the series table or an
   instrument's cardinality limit is full, attribute limits, redaction,
   instrument validation, gauges, and log records read back through the
   consumer interface. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include "test_metrics_util.h"
#include <math.h>
#include <pthread.h>
#ifndef TSAN
#define TSAN 0
#endif

/* one point of the last collection, by instrument name and an attribute */
typedef struct { int found; otel_metric_info mi; otel_metric_point p; otel_attr attrs[16]; size_t nattrs; } found_point;
static found_point find_point(const char *name, const char *key, const char *str_value) {
    found_point f;
    memset(&f, 0, sizeof f);
    otel_metric_iter it = {0, 0, 0};
    while (otel_metrics_next(&it, &f.mi, &f.p)) {
        if (strcmp(f.mi.name, name) != 0) continue;
        f.nattrs = otel_metric_point_attrs(&f.p, f.attrs, 16);
        if (!key) { f.found = 1; return f; }
        for (size_t i = 0; i < f.nattrs; i++)
            if (strcmp(f.attrs[i].key, key) == 0 &&
                (!str_value || (f.attrs[i].type == OTEL_TYPE_STRING && strlen(str_value) == f.attrs[i].v.str.len &&
                                memcmp(f.attrs[i].v.str.ptr, str_value, f.attrs[i].v.str.len) == 0))) {
                f.found = 1;
                return f;
            }
    }
    f.found = 0;
    return f;
}

/* ---- 8 threads, exact totals, delta collections running meanwhile ---- */
#define NTHREADS 8
#define PER_THREAD (TSAN ? 20000 : 200000)
static otel_instrument *g_ctr, *g_dctr, *g_hist;
static int g_go, g_done;
static void *adder(void *arg) {
    long id = (long)arg;
    otel_attr a[2] = {OTEL_ATTR_STR("shared", "yes"), OTEL_ATTR_INT("k", 1)};
    otel_attr mine = OTEL_ATTR_INT("thread", id);
    while (!__atomic_load_n(&g_go, __ATOMIC_ACQUIRE)) {}
    for (int i = 0; i < PER_THREAD; i++) {
        otel_counter_add(g_ctr, 1, a, 2);
        otel_counter_add_double(g_dctr, 0.5, &mine, 1);
        otel_histogram_record(g_hist, (double)(i % 100), a, 2);
    }
    __atomic_fetch_add(&g_done, 1, __ATOMIC_RELEASE);
    return NULL;
}
TEST(eight_threads_exact_totals) {
    otel_config c;
    tu_config(&c);
    c.metric_temporality = OTEL_TEMPORALITY_DELTA;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    g_ctr = otel_counter_create("t.count", "1", "");
    g_dctr = otel_counter_create_double("t.dcount", "1", "");
    g_hist = otel_histogram_create("t.hist", "ms", "", NULL, 0);
    CHECK(g_ctr && g_dctr && g_hist);
    pthread_t th[NTHREADS];
    g_go = 0; g_done = 0;
    for (long i = 0; i < NTHREADS; i++) pthread_create(&th[i], NULL, adder, (void *)i);
    __atomic_store_n(&g_go, 1, __ATOMIC_RELEASE);
    /* delta collections while the threads add: the deltas must sum to the total */
    int64_t total = 0;
    uint64_t hcount = 0, buckets = 0;
    double hsum = 0, dsum = 0;
    for (int round = 0;; round++) {
        int done = __atomic_load_n(&g_done, __ATOMIC_ACQUIRE) == NTHREADS;
        otel_metrics_collect();
        found_point f = find_point("t.count", NULL, NULL);
        if (f.found) total += f.p.as_int;
        otel_metric_iter it = {0, 0, 0};
        otel_metric_info mi;
        otel_metric_point p;
        while (otel_metrics_next(&it, &mi, &p)) {
            if (strcmp(mi.name, "t.hist") == 0) {
                hcount += p.count; hsum += p.sum;
                for (size_t b = 0; b < p.bucket_count; b++) buckets += p.bucket_counts[b];
            }
            if (strcmp(mi.name, "t.dcount") == 0) dsum += p.as_double;
        }
        if (done) break;
    }
    for (int i = 0; i < NTHREADS; i++) pthread_join(th[i], NULL);
    otel_metrics_collect();
    found_point f = find_point("t.count", NULL, NULL);
    if (f.found) total += f.p.as_int;
    CHECK_EQ_INT(total, (int64_t)NTHREADS * PER_THREAD);
    CHECK_EQ_INT(hcount, (uint64_t)NTHREADS * PER_THREAD);
    CHECK_EQ_INT(buckets, hcount);
    /* each thread records 0..99 in turn: sum = PER_THREAD/100 * 4950 per thread */
    CHECK(fabs(hsum - (double)NTHREADS * (PER_THREAD / 100) * 4950.0) < 1e-6 * hsum);
    CHECK(fabs(dsum - (double)NTHREADS * PER_THREAD * 0.5) < 1e-9 * dsum);
    /* one series per thread for the double counter, plus the shared ones */
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.metric_series, 2 + NTHREADS);
    CHECK_EQ_INT(st.metric_overflow_recordings, 0);
    tu_shutdown();
}

TEST(cumulative_min_max_and_buckets) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    static const double b[] = {10, 20};
    otel_instrument *h = otel_histogram_create("c.hist", "ms", "", b, 2);
    otel_histogram_record(h, 15, NULL, 0);
    otel_histogram_record(h, 10, NULL, 0);     /* a boundary belongs to the bucket below it */
    otel_metrics_collect();
    found_point f = find_point("c.hist", NULL, NULL);
    CHECK(f.found);
    CHECK_EQ_INT(f.p.count, 2);
    CHECK_EQ_INT(f.p.bucket_counts[0], 1);
    CHECK_EQ_INT(f.p.bucket_counts[1], 1);
    CHECK_EQ_INT(f.p.bucket_counts[2], 0);
    otel_histogram_record(h, 25, NULL, 0);
    otel_histogram_record(h, -3, NULL, 0);
    otel_histogram_record(h, NAN, NULL, 0);    /* refused */
    otel_metrics_collect();
    found_point g = find_point("c.hist", NULL, NULL);
    CHECK_EQ_INT(g.p.count, 4);
    CHECK(g.p.min == -3 && g.p.max == 25 && g.p.sum == 47);
    CHECK_EQ_INT(g.p.bucket_counts[0], 2);
    CHECK_EQ_INT(g.p.bucket_counts[2], 1);
    CHECK(g.p.start_ns == f.p.start_ns && g.p.time_ns > f.p.time_ns);
    CHECK(g.mi.temporality == OTEL_TEMPORALITY_CUMULATIVE);
    tu_shutdown();
}

TEST(cardinality_limit_and_overflow) {
    otel_config c;
    tu_config(&c);
    c.metric_cardinality_limit = 4;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_instrument *m = otel_counter_create("o.count", "1", "");
    tu_capture_begin();
    for (int i = 0; i < 10; i++) {
        otel_attr a = OTEL_ATTR_INT("user", i);
        otel_counter_add(m, 1, &a, 1);
        otel_counter_add(m, 1, &a, 1);
    }
    (void)tu_capture_end();
    otel_metrics_collect();
    CHECK_EQ_INT(tm_points_of("o.count"), 5);       /* 4 series and the overflow series */
    found_point ov = find_point("o.count", "otel.metric.overflow", NULL);
    CHECK(ov.found);
    CHECK_EQ_INT(ov.p.as_int, 12);
    CHECK_EQ_INT(ov.nattrs, 1);
    CHECK(ov.attrs[0].type == OTEL_TYPE_BOOL && ov.attrs[0].v.b);
    /* an existing series still gets its own recordings */
    otel_attr a0 = OTEL_ATTR_INT("user", 0);
    otel_counter_add(m, 5, &a0, 1);
    otel_metrics_collect();
    int64_t total = 0;
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    while (otel_metrics_next(&it, &mi, &p)) if (strcmp(mi.name, "o.count") == 0) total += p.as_int;
    CHECK_EQ_INT(total, 25);                         /* nothing lost */
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.metric_overflow_recordings, 12);
    tu_shutdown();
}

TEST(series_table_full) {
    otel_config c;
    tu_config(&c);
    c.metric_series = 32;                            /* a small table: a few hundred bytes a series */
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_instrument *m = otel_counter_create("full.count", "1", "");
    tu_capture_begin();
    for (int i = 0; i < 1000; i++) {
        otel_attr a = OTEL_ATTR_INT("id", i);
        otel_counter_add(m, 1, &a, 1);
    }
    (void)tu_capture_end();
    otel_metrics_collect();
    int64_t total = 0;
    size_t points = 0;
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    while (otel_metrics_next(&it, &mi, &p)) { total += p.as_int; points++; }
    CHECK_EQ_INT(total, 1000);
    CHECK(points > 1 && points < 1000);
    CHECK(find_point("full.count", "otel.metric.overflow", NULL).found);
    tu_shutdown();
}

TEST(attribute_limit_order_and_duplicates) {
    otel_config c;
    tu_config(&c);
    c.metric_attribute_limit = 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_instrument *m = otel_counter_create("a.count", "1", "");
    otel_attr three[3] = {OTEL_ATTR_STR("b", "2"), OTEL_ATTR_STR("a", "1"), OTEL_ATTR_STR("c", "3")};
    otel_counter_add(m, 1, three, 3);
    otel_attr dup[3] = {OTEL_ATTR_STR("a", "x"), OTEL_ATTR_STR("a", "1"), OTEL_ATTR_STR("b", "2")};
    otel_counter_add(m, 1, dup, 3);                 /* the later "a" wins: the same set */
    otel_metrics_collect();
    CHECK_EQ_INT(tm_points_of("a.count"), 1);
    found_point f = find_point("a.count", "a", "1");
    CHECK(f.found);
    CHECK_EQ_INT(f.p.as_int, 2);
    CHECK_EQ_INT(f.nattrs, 2);
    CHECK_STR(f.attrs[0].key, "a");                 /* stored in key order */
    CHECK_STR(f.attrs[1].key, "b");
    otel_stats st;
    otel_stats_get(&st);
    CHECK(st.attributes_dropped >= 1);
    tu_shutdown();
}

/* array values of every kind are metric attributes: the same values make
   one series, other values another (bools read as 0/1, a buffer changed in
   place is seen), read back whole; an array past the fixed room of a
   recording (2 KiB of values) is dropped and counted, the rest kept */
TEST(array_attributes) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_instrument *m = otel_counter_create("arr.count", "1", "");
    int64_t ints[] = {1, 2};
    static const double dbls[] = {0.5, -1};
    static const int bools[] = {7, 0, 1}, bools01[] = {1, 0, 1};
    static const char *const strs[] = {"x", "yz"};
    otel_attr a[5] = {OTEL_ATTR_STR("k", "v"), OTEL_ATTR_INT_ARRAY("ints", ints, 2), OTEL_ATTR_STR_ARRAY("strs", strs, 2),
                      OTEL_ATTR_DOUBLE_ARRAY("dbls", dbls, 2), OTEL_ATTR_BOOL_ARRAY("bools", bools, 3)};
    otel_stats before, after;
    otel_stats_get(&before);
    otel_counter_add(m, 5, a, 5);
    a[4] = OTEL_ATTR_BOOL_ARRAY("bools", bools01, 3);   /* the same values as bools */
    otel_counter_add(m, 1, a, 5);
    otel_counter_add(m, 1, a, 5);
    ints[1] = 3;                                        /* the same buffer, another value: another series */
    otel_counter_add(m, 10, a, 5);
    otel_stats_get(&after);
    CHECK_EQ_INT(after.attributes_dropped - before.attributes_dropped, 0);
    otel_metrics_collect();
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int seen = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        if (strcmp(mi.name, "arr.count") != 0 || p.attribute_count != 5) continue;
        otel_attr r[8];
        CHECK_EQ_INT(otel_metric_point_attrs(&p, r, 8), 5);
        for (size_t i = 0; i < 5; i++) {
            if (strcmp(r[i].key, "ints") == 0) {
                CHECK(r[i].type == OTEL_TYPE_INT_ARRAY && r[i].v.ints.count == 2 && r[i].v.ints.items[0] == 1);
                CHECK_EQ_INT(p.as_int, r[i].v.ints.items[1] == 2 ? 7 : 10);
                seen++;
            } else if (strcmp(r[i].key, "strs") == 0) {
                CHECK(r[i].type == OTEL_TYPE_STRING_ARRAY && r[i].v.strs.count == 2);
                CHECK(memcmp(r[i].v.strs.packed, "\1\0\0\0x\0\2\0\0\0yz\0", 13) == 0);
            } else if (strcmp(r[i].key, "dbls") == 0) {
                CHECK(r[i].type == OTEL_TYPE_DOUBLE_ARRAY && r[i].v.doubles.count == 2 && r[i].v.doubles.items[1] == -1);
            } else if (strcmp(r[i].key, "bools") == 0) {
                CHECK(r[i].type == OTEL_TYPE_BOOL_ARRAY && r[i].v.bools.count == 3 && r[i].v.bools.items[0] == 1 &&
                      r[i].v.bools.items[1] == 0);
            }
        }
    }
    CHECK_EQ_INT(seen, 2);
    /* 300 ints (2400 bytes) do not fit: that attribute dropped, counted */
    static int64_t big[300];
    otel_attr b[2] = {OTEL_ATTR_STR("k", "big"), OTEL_ATTR_INT_ARRAY("big", big, 300)};
    otel_stats_get(&before);
    otel_counter_add(m, 2, b, 2);
    otel_stats_get(&after);
    CHECK_EQ_INT(after.attributes_dropped - before.attributes_dropped, 1);
    otel_metrics_collect();
    found_point f = find_point("arr.count", "k", "big");
    CHECK(f.found && f.nattrs == 1 && f.p.as_int == 2);
    tu_shutdown();
}

static int drop_internal(void *user, const otel_attr *a) {
    (void)user;
    return strcmp(a->key, "internal.id") == 0 ? OTEL_FILTER_DROP : OTEL_FILTER_KEEP;
}
TEST(metric_attributes_redacted) {
    otel_config c;
    tu_config(&c);
    c.filter = drop_internal;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_instrument *m = otel_counter_create("r.count", "1", "");
    otel_attr s1[2] = {OTEL_ATTR_STR("api_key", "sk-abcdefghijklmnopqrstuvwx"), OTEL_ATTR_STR("url", "https://bob:pw@host/x")};
    otel_attr s2[2] = {OTEL_ATTR_STR("api_key", "another-secret"), OTEL_ATTR_STR("url", "https://bob:pw@host/x")};
    otel_counter_add(m, 1, s1, 2);
    otel_counter_add(m, 1, s2, 2);                  /* both secrets become the same series */
    otel_attr f1[2] = {OTEL_ATTR_STR("route", "/x"), OTEL_ATTR_INT("internal.id", 7)};
    otel_counter_add(m, 1, f1, 2);
    otel_metrics_collect();
    found_point f = find_point("r.count", "api_key", "[REDACTED]");
    CHECK(f.found);
    CHECK_EQ_INT(f.p.as_int, 2);
    found_point u = find_point("r.count", "url", "https://REDACTED:REDACTED@host/x");
    CHECK(u.found);
    found_point d = find_point("r.count", "route", "/x");
    CHECK(d.found && d.nattrs == 1);
    CHECK_EQ_INT(tm_points_of("r.count"), 2);
    tu_shutdown();
}

TEST(instruments_validated) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    tu_capture_begin();
    CHECK(otel_counter_create("1abc", "1", "") == NULL);
    CHECK(otel_counter_create("", "1", "") == NULL);
    CHECK(otel_counter_create("has space", "1", "") == NULL);
    CHECK(otel_counter_create("ok", "\xc3\xa9", "") == NULL);   /* units are ASCII */
    static const double bad[] = {5, 1};
    CHECK(otel_histogram_create("h.bad", "1", "", bad, 2) == NULL);
    char longname[300];
    memset(longname, 'a', 256); longname[256] = 0;
    CHECK(otel_counter_create(longname, "1", "") == NULL);
    longname[255] = 0;
    CHECK(otel_counter_create(longname, "1", "") != NULL);
    CHECK(otel_instrument_name_valid("gen_ai.client/token-usage.v2"));
    otel_instrument *a = otel_counter_create("same", "1", "");
    CHECK(a != NULL);
    CHECK(otel_counter_create("SAME", "1", "") == a);           /* names are case-insensitive */
    otel_instrument *h = otel_histogram_create("same", "1", "", NULL, 0);
    CHECK(h != NULL && h != a);                                 /* another kind: both kept, warned */
    otel_counter_add(a, -1, NULL, 0);                          /* refused */
    otel_histogram_record(a, 1, NULL, 0);                      /* the wrong function: refused */
    otel_counter_add(NULL, 1, NULL, 0);                        /* a no-op handle */
    (void)tu_capture_end();
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.metric_recordings_dropped, 2);
    tu_shutdown();
}

TEST(gauges_and_updown) {
    otel_config c;
    tu_config(&c);
    c.metric_temporality = OTEL_TEMPORALITY_DELTA;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_instrument *g = otel_gauge_create("g", "1", "");
    otel_instrument *u = otel_updown_counter_create("u", "1", "");
    otel_gauge_set(g, 5, NULL, 0);
    otel_gauge_set(g, 7, NULL, 0);
    otel_counter_add(u, 3, NULL, 0);
    otel_counter_add(u, -5, NULL, 0);
    otel_metrics_collect();
    found_point f = find_point("g", NULL, NULL);
    CHECK(f.found && f.p.as_int == 7 && f.mi.temporality == 0);
    found_point v = find_point("u", NULL, NULL);
    CHECK(v.found && v.p.as_int == -2 && v.mi.temporality == OTEL_TEMPORALITY_CUMULATIVE && !v.mi.monotonic);
    otel_metrics_collect();                                     /* the gauge did not move: not reported */
    CHECK(!find_point("g", NULL, NULL).found);
    CHECK(find_point("u", NULL, NULL).found);                   /* cumulative: still reported */
    tu_shutdown();
}

TEST(named_meters) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    tu_capture_begin();
    otel_meter m = otel_meter_get("lib.a", "1.2", "https://opentelemetry.io/schemas/1.37.0");
    CHECK(m != NULL && strcmp(m->name, "lib.a") == 0 && m->index == 1);
    CHECK(otel_meter_get("lib.a", "1.2", "https://opentelemetry.io/schemas/1.37.0") == m);   /* the same three: the same meter */
    otel_meter m2 = otel_meter_get("lib.a", "1.3", NULL);                                    /* another version: another one */
    CHECK(m2 != NULL && m2 != m);
    otel_instrument *d = otel_counter_create("hits", "1", "");
    otel_instrument *a = otel_meter_instrument_create(m, OTEL_INSTRUMENT_COUNTER, 0, "hits", "1", "", NULL, 0);
    CHECK(a != NULL && a != d);                                   /* one name in two meters: two instruments */
    CHECK(otel_meter_instrument_create(m, OTEL_INSTRUMENT_COUNTER, 0, "hits", "1", "", NULL, 0) == a);
    CHECK(otel_meter_instrument_create(NULL, OTEL_INSTRUMENT_COUNTER, 0, "hits", "1", "", NULL, 0) == d);
    CHECK(otel_meter_instrument_create(m, (otel_instrument_kind)9, 0, "bad.kind", "1", "", NULL, 0) == NULL);
    otel_instrument *h = otel_meter_instrument_create(m2, OTEL_INSTRUMENT_HISTOGRAM, 1, "lat", "s", "", NULL, 0);
    CHECK(h != NULL);
    otel_counter_add(d, 1, NULL, 0);
    otel_counter_add(a, 2, NULL, 0);
    otel_histogram_record(h, 0.5, NULL, 0);
    otel_meter nameless = otel_meter_get(NULL, NULL, NULL);      /* no name: warned, a working meter named "" */
    CHECK(nameless && nameless->index == 3 && strcmp(nameless->name, "") == 0 && otel_meter_get("", NULL, NULL) == nameless);
    otel_instrument *nc = otel_meter_instrument_create(nameless, OTEL_INSTRUMENT_COUNTER, 0, "hits", "1", "", NULL, 0);
    CHECK(nc && nc != d && nc != a);
    otel_counter_add(nc, 3, NULL, 0);
    for (int i = 0; i < 6; i++) otel_meter_get(i % 2 ? "many.b" : "many.a", i < 3 ? "1" : "2", NULL);   /* 4 meters */
    CHECK(otel_meter_get("many.a", "1", NULL)->index == 4 && otel_meter_get("many.a", "2", NULL)->index == 7);   /* the last entry */
    otel_meter over = otel_meter_get("one.too.many", NULL, NULL);    /* the table (8) is full: the default meter */
    (void)tu_capture_end();
    CHECK(over != NULL && over->index == 0 && strcmp(over->name, "otel.h") == 0);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.meters_dropped, 1);
    otel_metrics_collect();
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int seen = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        if (mi.kind == OTEL_INSTRUMENT_COUNTER && p.as_int == 1) { CHECK(mi.scope->index == 0 && strcmp(mi.scope->name, "otel.h") == 0); seen |= 1; }
        if (mi.kind == OTEL_INSTRUMENT_COUNTER && p.as_int == 2) { CHECK(mi.scope == m && strcmp(mi.scope->version, "1.2") == 0); seen |= 2; }
        if (mi.kind == OTEL_INSTRUMENT_HISTOGRAM) { CHECK(mi.scope == m2 && mi.scope->schema_url == NULL); seen |= 4; }
        if (mi.kind == OTEL_INSTRUMENT_COUNTER && p.as_int == 3) { CHECK(mi.scope == nameless && !strcmp(mi.scope->name, "")); seen |= 8; }
    }
    CHECK_EQ_INT(seen, 15);
    tu_shutdown();
    CHECK_EQ_INT(tu_init(), OTEL_OK);                          /* a new init: the table starts again */
    CHECK(otel_meter_get("lib.b", NULL, NULL)->index == 1);
    tu_shutdown();
}

TEST(log_records_through_the_consumer) {
    otel_config c;
    tu_config(&c);
    c.log_attribute_count_limit = 3;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span *s = otel_span_begin("outer", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context ctx = otel_span_get_context(s);
    otel_attr a[4] = {OTEL_ATTR_STR("k1", "v"), OTEL_ATTR_STR("password", "hunter2"), OTEL_ATTR_INT("k3", 3), OTEL_ATTR_INT("k4", 4)};
    otel_event("thing.happened", OTEL_SEVERITY_ERROR, "failed with Bearer abcdefghijk", a, 4);
    otel_span_end(s);
    otel_log(OTEL_SEVERITY_INFO, "after", NULL, 0);
    CHECK_EQ_INT(tu_collect(), 3);
    int logs = 0, spans = 0;
    for (size_t i = 0; i < tu_n; i++) {
        if (otel_record_type(tu_spans[i]) == OTEL_RECORD_SPAN) { spans++; continue; }
        logs++;
        otel_log_info in;
        otel_log_data_info(tu_spans[i], &in);
        if (in.event_name) {
            CHECK(in.event_name_len == 14 && memcmp(in.event_name, "thing.happened", 14) == 0);
            CHECK_EQ_INT(in.severity, OTEL_SEVERITY_ERROR);
            CHECK_STR(in.severity_text, "ERROR");
            CHECK(in.body_len == strlen("failed with Bearer [REDACTED]") && memcmp(in.body, "failed with Bearer [REDACTED]", in.body_len) == 0);
            CHECK(in.has_context && memcmp(in.context.span_id, ctx.span_id, 8) == 0 && memcmp(in.context.trace_id, ctx.trace_id, 16) == 0);
            CHECK_EQ_INT(in.attribute_count, 3);
            CHECK_EQ_INT(in.dropped_attributes, 1);
            CHECK_STR(tu_str(tu_spans[i], "password"), "[REDACTED]");
            CHECK(in.time_ns > 0 && in.observed_ns >= in.time_ns);
        } else {
            CHECK(!in.has_context);
            CHECK_STR(in.severity_text, "INFO");
        }
    }
    CHECK_EQ_INT(logs, 2);
    CHECK_EQ_INT(spans, 1);
    tu_release();
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.logs_emitted, 2);
    CHECK_EQ_INT(st.spans_released, 1);
    CHECK_EQ_INT(otel_pending(), 0);
    tu_shutdown();
}

TEST(log_records_when_the_arena_is_full) {
    static unsigned char small[64 * 512] __attribute__((aligned(64)));
    otel_config c;
    tu_config(&c);
    c.arena = small;
    c.arena_size = sizeof small;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    tu_capture_begin();
    for (int i = 0; i < 200; i++) otel_log(OTEL_SEVERITY_INFO, "x", NULL, 0);
    (void)tu_capture_end();
    otel_stats st;
    otel_stats_get(&st);
    CHECK(st.logs_dropped > 0);
    CHECK_EQ_INT(st.logs_emitted + st.logs_dropped, 200);
    CHECK_EQ_INT(tu_drain(), st.logs_emitted);
    otel_log(OTEL_SEVERITY_INFO, "room again", NULL, 0);        /* recovers */
    otel_stats_get(&st);
    CHECK_EQ_INT(otel_pending(), 1);
    tu_shutdown();
}

TEST(session_helpers) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_session s;
    otel_attr sa[2] = {OTEL_ATTR_STR("session.id", "abc"), OTEL_ATTR_STR("model", "m1")};
    otel_session_init(&s, sa, 2, 0);
    otel_session_set(&s, otel_attr_str("model", "m2"));          /* replaced */
    CHECK_EQ_INT(s.attr_count, 2);
    otel_attr mine = OTEL_ATTR_STR("model", "m3");
    s.event_prefix = "";                                          /* no prefix */
    otel_session_event(&s, "pick", 0, NULL, &mine, 1);            /* the event's own wins */
    otel_tool_call ls = {"ls", "c1", "{}", 0, "Bearer abcdefghijkl secret output", NULL, NULL};
    otel_session_tool_result(&s, NULL, &ls);
    CHECK_EQ_INT(tu_collect(), 3);   /* two events and the tool call's span */
    for (size_t i = 0; i < tu_n; i++) {
        if (otel_record_type(tu_spans[i]) != OTEL_RECORD_LOG) continue;
        otel_log_info in;
        otel_log_data_info(tu_spans[i], &in);
        CHECK_STR(tu_str(tu_spans[i], "session.id"), "abc");
        if (in.event_name_len == 4) {
            CHECK_STR(tu_str(tu_spans[i], "model"), "m3");
            CHECK_STR(tu_str(tu_spans[i], "event.name"), "pick");
            CHECK_EQ_INT(in.attribute_count, 4);   /* event.name, event.timestamp, session.id, model */
            CHECK_EQ_INT(in.severity, OTEL_SEVERITY_INFO);
        } else {
            CHECK_STR(tu_str(tu_spans[i], "output"), "[REDACTED]");
            CHECK_STR(tu_str(tu_spans[i], "success"), "false");
        }
    }
    tu_release();
    tu_shutdown();
}

/* The operator's opt-ins, read once at init: with OTEL_H_LOG_PROMPTS and
   OTEL_H_LOG_TOOL_OUTPUT true a session without flags keeps the texts
   (secrets inside still redacted); ignored when the environment is. */
TEST(session_opt_in_from_env) {
    setenv("OTEL_H_LOG_PROMPTS", "true", 1);
    setenv("OTEL_H_LOG_TOOL_OUTPUT", "TRUE", 1);
    for (int ignore = 0; ignore < 2; ignore++) {
        otel_config c;
        tu_config(&c);
        c.ignore_env = ignore;
        CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
        otel_session s;
        otel_session_init(&s, NULL, 0, 0);
        otel_session_user_prompt(&s, "summarise the report");
        otel_tool_call ls = {"ls", "c1", "{}", 1, "listing: Bearer abcdefghijkl", NULL, NULL};
        otel_session_tool_result(&s, NULL, &ls);
        CHECK_EQ_INT(tu_collect(), 3);   /* two events and the tool call's span */
        for (size_t i = 0; i < tu_n; i++) {
            otel_attr a;
            if (otel_record_type(tu_spans[i]) != OTEL_RECORD_LOG) continue;
            if (tu_attr(tu_spans[i], "prompt", &a))
                CHECK_STR(tu_str(tu_spans[i], "prompt"), ignore ? "[REDACTED]" : "summarise the report");
            else
                CHECK_STR(tu_str(tu_spans[i], "output"), ignore ? "[REDACTED]" : "listing: Bearer [REDACTED]");
        }
        tu_shutdown();
    }
    unsetenv("OTEL_H_LOG_PROMPTS");
    unsetenv("OTEL_H_LOG_TOOL_OUTPUT");
}

/* recordings without attributes take a fast path once their series exists:
   the same totals, and the checks (kind, sign, NaN, shutdown, a stale
   handle after a new init) still apply */
TEST(no_attribute_fast_path) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_instrument *c = otel_counter_create("f.count", "1", "");
    otel_instrument *d = otel_counter_create_double("f.dcount", "1", "");
    otel_instrument *u = otel_updown_counter_create("f.updown", "1", "");
    otel_instrument *h = otel_histogram_create("f.hist", "ms", "", NULL, 0);
    otel_instrument *g = otel_gauge_create("f.gauge", "1", "");
    otel_attr a = OTEL_ATTR_STR("k", "v");
    for (int i = 0; i < 1000; i++) {
        otel_counter_add(c, 1, NULL, 0);
        otel_counter_add_double(d, 0.5, NULL, 0);
        otel_counter_add(u, i & 1 ? 1 : -2, NULL, 0);
        otel_histogram_record(h, (double)(i % 20), NULL, 0);
        otel_gauge_set(g, i, NULL, 0);
    }
    otel_counter_add(c, 5, &a, 1);                 /* another series */
    uint64_t dropped = tm_dropped();
    otel_counter_add(c, -1, NULL, 0);              /* negative on a counter */
    otel_counter_add_double(d, -1, NULL, 0);
    otel_counter_add_double(d, NAN, NULL, 0);
    otel_histogram_record(h, NAN, NULL, 0);
    otel_counter_add(h, 1, NULL, 0);               /* the wrong function */
    otel_histogram_record(c, 1, NULL, 0);
    otel_gauge_set(c, 1, NULL, 0);
    CHECK_EQ_INT(tm_dropped() - dropped, 7);
    otel_counter_add(d, 2, NULL, 0);               /* an int into a double counter: converted */
    otel_metrics_collect();
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int seen = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        if (p.attribute_count) { CHECK(strcmp(mi.name, "f.count") == 0 && p.as_int == 5); continue; }
        seen++;
        if (!strcmp(mi.name, "f.count")) CHECK_EQ_INT(p.as_int, 1000);
        else if (!strcmp(mi.name, "f.dcount")) CHECK(p.as_double == 502.0);
        else if (!strcmp(mi.name, "f.updown")) CHECK_EQ_INT(p.as_int, -500);
        else if (!strcmp(mi.name, "f.gauge")) CHECK_EQ_INT(p.as_int, 999);
        else if (!strcmp(mi.name, "f.hist")) {
            CHECK_EQ_INT(p.count, 1000);
            CHECK(p.sum == 50.0 * 190 && p.min == 0 && p.max == 19);
            CHECK_EQ_INT(p.bucket_counts[0], 50);     /* 0 */
            CHECK_EQ_INT(p.bucket_counts[1], 250);    /* 1..5 */
            CHECK_EQ_INT(p.bucket_counts[2], 250);    /* 6..10 */
            CHECK_EQ_INT(p.bucket_counts[3], 450);    /* 11..19 */
        } else seen += 100;
    }
    CHECK_EQ_INT(seen, 5);
    tu_shutdown();
    otel_counter_add(c, 1, NULL, 0);               /* after shutdown: nothing, no crash */
    otel_histogram_record(h, 1, NULL, 0);
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_instrument *h2 = otel_histogram_create("f.new", "ms", "", NULL, 0);
    CHECK(h2 == c);                                /* the same slot, another instrument */
    otel_counter_add(c, 1, NULL, 0);               /* the old handle: the wrong kind now */
    otel_histogram_record(h2, 1, NULL, 0);
    otel_metrics_collect();
    found_point f = find_point("f.new", NULL, NULL);
    CHECK(f.found && f.p.count == 1);
    tu_shutdown();
}

/* a buffer reused with new text: the per-thread cache compares the bytes,
   so each text gets its own series, whatever its length and wherever it
   differs (NUL-terminated and with a length: the same series) */
TEST(reused_buffer_new_text) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_instrument *c = otel_counter_create("r.count", "1", "");
    char buf[32];
    int series = 0;
    for (size_t len = 1; len <= 20; len++) {
        size_t at[3] = {0, len / 2, len - 1};
        for (int k = 0; k < 3; k++) {
            memset(buf, 'a', len);
            buf[len] = 0;
            buf[at[k]] = (char)('b' + k);
            otel_attr a = OTEL_ATTR_STR("s", buf);
            otel_attr b = a;
            b.v.str.len = len;
            for (int rep = 0; rep < 3; rep++) { otel_counter_add(c, 1, &a, 1); otel_counter_add(c, 1, &b, 1); }
        }
    }
    otel_metrics_collect();
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int bad = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        if (strcmp(mi.name, "r.count") != 0) continue;
        series++;
        bad += p.as_int != 6;
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(series, 20 * 3);                  /* 'b', 'c', 'd' at three places: three texts a length */
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.metric_series, (uint64_t)series);
    tu_shutdown();
}

int main(void) {
    tu_clear_env();
    RUN(eight_threads_exact_totals);
    RUN(cumulative_min_max_and_buckets);
    RUN(cardinality_limit_and_overflow);
    RUN(series_table_full);
    RUN(attribute_limit_order_and_duplicates);
    RUN(array_attributes);
    RUN(metric_attributes_redacted);
    RUN(instruments_validated);
    RUN(gauges_and_updown);
    RUN(no_attribute_fast_path);
    RUN(reused_buffer_new_text);
    RUN(named_meters);
    RUN(log_records_through_the_consumer);
    RUN(log_records_when_the_arena_is_full);
    RUN(session_helpers);
    RUN(session_opt_in_from_env);
    return test_summary("metrics");
}
