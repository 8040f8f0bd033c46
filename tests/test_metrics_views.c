/* Views: streams renamed and described, attributes reduced to a view's
   keys or rid of its excluded keys, aggregations changed (drop, sum, last value, explicit buckets with
   other boundaries, exponential), a per-stream cardinality limit;
   wildcard selectors, several views selecting one instrument (a stream
   each), views that match
   nothing, observable instruments; meter name, version and schema URL
   selectors; the warnings for conflicting stream names and views that
   select nothing. */
#define _GNU_SOURCE
#include <string.h>
#include <time.h>
#include "test_log.h"
#define OTEL_WARN_INTERVAL_MS 1
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include "test_metrics_util.h"

typedef struct { int found; otel_metric_info mi; otel_metric_point p; size_t nattrs; otel_attr a[16]; } point;
/* the (first) point of stream `name` */
static point find(const char *name) {
    point f;
    memset(&f, 0, sizeof f);
    otel_metric_iter it = {0, 0, 0};
    while (otel_metrics_next(&it, &f.mi, &f.p)) {
        if (strcmp(f.mi.name, name) != 0) continue;
        f.nattrs = otel_metric_point_attrs(&f.p, f.a, 16);
        f.found = 1;
        return f;
    }
    return f;
}
TEST(rename_describe_and_wildcards) {
    static const otel_view v[] = {
        {.instrument_name = "http.server.request.duration", .name = "http.latency", .description = "renamed"},
        {.instrument_name = "db.*", .name = "ignored.name", .description = "a db metric"},   /* wildcard: name ignored */
        {.instrument_name = "queue.?", .instrument_kind = OTEL_INSTRUMENT_GAUGE, .description = "one letter"},
        {.instrument_name = "no.such.instrument", .aggregation = OTEL_AGGREGATION_DROP},      /* matches nothing */
    };
    tm_init_views(v, 4);
    otel_instrument *h = otel_histogram_create("http.server.request.duration", "s", "orig", NULL, 0);
    otel_instrument *d1 = otel_counter_create("db.calls", "{call}", "orig");
    otel_instrument *d2 = otel_counter_create("DB.rows", "{row}", "orig");
    otel_instrument *q1 = otel_gauge_create("queue.a", "{item}", "orig");
    otel_instrument *q2 = otel_gauge_create("queue.ab", "{item}", "orig");
    otel_instrument *q3 = otel_counter_create("queue.b", "{item}", "orig");    /* kind does not match */
    CHECK(h && d1 && d2 && q1 && q2 && q3);
    CHECK(otel_histogram_create("http.server.request.duration", "s", "orig", NULL, 0) == h);  /* same handle */
    otel_histogram_record(h, 0.5, NULL, 0);
    otel_counter_add(d1, 1, NULL, 0); otel_counter_add(d2, 2, NULL, 0);
    otel_gauge_set(q1, 1, NULL, 0); otel_gauge_set(q2, 2, NULL, 0); otel_counter_add(q3, 3, NULL, 0);
    otel_metrics_collect();
    CHECK_EQ_INT(tm_points_of("http.server.request.duration"), 0);
    point p = find("http.latency");
    CHECK(p.found && strcmp(p.mi.description, "renamed") == 0 && p.p.count == 1 && p.mi.kind == OTEL_INSTRUMENT_HISTOGRAM);
    CHECK_EQ_INT(tm_points_of("ignored.name"), 0);
    p = find("db.calls");
    CHECK(p.found && strcmp(p.mi.description, "a db metric") == 0 && p.p.as_int == 1);
    p = find("DB.rows");
    CHECK(p.found && strcmp(p.mi.description, "a db metric") == 0 && p.p.as_int == 2);
    p = find("queue.a");
    CHECK(p.found && strcmp(p.mi.description, "one letter") == 0);
    p = find("queue.ab");
    CHECK(p.found && strcmp(p.mi.description, "orig") == 0);
    p = find("queue.b");
    CHECK(p.found && strcmp(p.mi.description, "orig") == 0 && p.p.as_int == 3);
    tu_shutdown();
}

TEST(attribute_keys_kept) {
    static const char *const keep[] = {"http.route", "http.method"};
    static const otel_view v[] = {{.instrument_name = "requests", .attribute_keys = keep, .attribute_key_count = 2}};
    tm_init_views(v, 1);
    otel_instrument *c = otel_counter_create("requests", "{request}", "");
    for (int i = 0; i < 10; i++) {
        otel_attr a[3] = {OTEL_ATTR_STR("http.route", "/a"), OTEL_ATTR_INT("client.port", 40000 + i), OTEL_ATTR_STR("http.method", "GET")};
        otel_counter_add(c, 1, a, 3);
    }
    otel_attr b = OTEL_ATTR_INT("client.port", 1);
    otel_counter_add(c, 5, &b, 1);               /* no kept key: the empty set */
    otel_metrics_collect();
    CHECK_EQ_INT(tm_points_of("requests"), 2);
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point pt;
    int seen = 0;
    while (otel_metrics_next(&it, &mi, &pt)) {
        otel_attr a[16];
        size_t n = otel_metric_point_attrs(&pt, a, 16);
        if (n == 2) {
            CHECK(pt.as_int == 10);
            for (size_t i = 0; i < n; i++) CHECK(strcmp(a[i].key, "client.port") != 0);
            seen |= 1;
        } else if (n == 0) {
            CHECK(pt.as_int == 5);
            seen |= 2;
        }
    }
    CHECK_EQ_INT(seen, 3);
    tu_shutdown();
}

/* the attribute keys advice (otel_instrument_create_ex): the keys kept when
   no view sets attribute keys; a view's attribute keys win */
static size_t tv_point(const char *name, const char *key, const char *val, otel_metric_point *out, size_t *nattrs) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    size_t found = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        if (strcmp(mi.name, name) != 0) continue;
        otel_attr a[16];
        size_t n = otel_metric_point_attrs(&p, a, 16), i = 0;
        while (key && i < n && !(strcmp(a[i].key, key) == 0 && a[i].v.str.len == strlen(val) && !memcmp(a[i].v.str.ptr, val, a[i].v.str.len))) i++;
        if (key && i == n) continue;
        if (!key && n) continue;
        found++; *out = p; *nattrs = n;
    }
    return found;
}
TEST(advisory_attribute_keys) {
    static const char *const advice[] = {"http.route"}, *const viewk[] = {"client.port"};
    static const double bounds[] = {1, 2};
    static const otel_view v[] = {{.instrument_name = "advised.viewed", .attribute_keys = viewk, .attribute_key_count = 1}};
    tm_init_views(v, 1);
    otel_meter lib = otel_meter_get("lib.advised", NULL, NULL);
    otel_instrument_args a = {.meter = lib, .kind = OTEL_INSTRUMENT_COUNTER, .name = "advised", .unit = "1",
                              .attribute_keys = advice, .attribute_key_count = 1};
    otel_instrument *c = otel_instrument_create_ex(&a);
    CHECK(c != NULL && otel_instrument_create_ex(&a) == c);   /* the same again: the same instrument */
    a.name = "advised.viewed";
    otel_instrument *cv = otel_instrument_create_ex(&a);
    a.name = "advised.none"; a.attribute_key_count = 0;        /* an empty list: no attribute kept */
    otel_instrument *c0 = otel_instrument_create_ex(&a);
    otel_instrument_args h = {.kind = OTEL_INSTRUMENT_HISTOGRAM, .is_double = 1, .name = "advised.latency", .unit = "s",
                              .bounds = bounds, .bound_count = 2, .attribute_keys = advice, .attribute_key_count = 1};
    otel_instrument *hl = otel_instrument_create_ex(&h);
    otel_instrument_args bad = {.kind = (otel_instrument_kind)9, .name = "advised.bad"};
    g_log[0] = 0;
    CHECK(otel_instrument_create_ex(&bad) == NULL && otel_instrument_create_ex(NULL) == NULL);
    CHECK(strstr(g_log, "unknown kind") != NULL);
    CHECK(c && cv && c0 && hl);
    for (int i = 0; i < 6; i++) {
        otel_attr at[2] = {OTEL_ATTR_STR("http.route", i % 2 ? "/b" : "/a"), OTEL_ATTR_STR("client.port", i < 3 ? "1" : "2")};
        otel_counter_add(c, 1, at, 2);
        otel_counter_add(cv, 10, at, 2);
        otel_counter_add(c0, 100, at, 2);
        otel_histogram_record(hl, 1.5, at, 2);
    }
    otel_counter_add(c, 7, NULL, 0);
    otel_metrics_collect();
    otel_metric_point p;
    size_t n = 0;
    CHECK_EQ_INT(tm_points_of("advised"), 3);                  /* /a, /b and no attributes */
    CHECK(tv_point("advised", "http.route", "/a", &p, &n) == 1 && n == 1 && p.as_int == 3);
    CHECK(tv_point("advised", "http.route", "/b", &p, &n) == 1 && n == 1 && p.as_int == 3);
    CHECK(tv_point("advised", NULL, NULL, &p, &n) == 1 && p.as_int == 7);
    CHECK_EQ_INT(tm_points_of("advised.viewed"), 2);           /* the view's keys, not the advice */
    CHECK(tv_point("advised.viewed", "client.port", "1", &p, &n) == 1 && n == 1 && p.as_int == 30);
    CHECK(tv_point("advised.none", NULL, NULL, &p, &n) == 1 && p.as_int == 600 && tm_points_of("advised.none") == 1);
    CHECK(tv_point("advised.latency", "http.route", "/a", &p, &n) == 1 && n == 1 && p.count == 3 && p.bucket_count == 3 &&
          p.bucket_counts[1] == 3);
    tu_shutdown();
}

TEST(excluded_attribute_keys) {
    static const char *const drop[] = {"client.port", "user.id"};
    static const char *const keep[] = {"http.route", "client.port"};
    static const otel_view v[] = {
        {.instrument_name = "excl.requests", .excluded_attribute_keys = drop, .excluded_attribute_key_count = 2},
        {.instrument_name = "excl.both", .attribute_keys = keep, .attribute_key_count = 2,   /* allowed, then excluded */
         .excluded_attribute_keys = drop, .excluded_attribute_key_count = 2},
    };
    tm_init_views(v, 2);
    otel_instrument *c = otel_counter_create("excl.requests", "{request}", "");
    otel_instrument *h = otel_histogram_create("excl.both", "s", "", NULL, 0);
    for (int i = 0; i < 10; i++) {
        otel_attr a[4] = {OTEL_ATTR_STR("http.route", "/a"), OTEL_ATTR_INT("client.port", 40000 + i),
                          OTEL_ATTR_STR("http.method", "GET"), OTEL_ATTR_INT("user.id", i)};
        otel_counter_add(c, 1, a, 4);
        otel_histogram_record(h, 0.5, a, 4);
    }
    otel_metrics_collect();
    CHECK_EQ_INT(tm_points_of("excl.requests"), 1);   /* the excluded keys varied: one series */
    point p = find("excl.requests");
    CHECK(p.found && p.p.as_int == 10 && p.nattrs == 2);
    for (size_t i = 0; i < p.nattrs; i++)
        CHECK(strcmp(p.a[i].key, "http.route") == 0 || strcmp(p.a[i].key, "http.method") == 0);
    CHECK_EQ_INT(tm_points_of("excl.both"), 1);
    p = find("excl.both");
    CHECK(p.found && p.p.count == 10 && p.nattrs == 1 && strcmp(p.a[0].key, "http.route") == 0);
    tu_shutdown();
}

TEST(aggregations) {
    static const double b2[] = {1, 10};
    static const otel_view v[] = {
        {.instrument_name = "dropped", .aggregation = OTEL_AGGREGATION_DROP},
        {.instrument_name = "hist.as.sum", .aggregation = OTEL_AGGREGATION_SUM},
        {.instrument_name = "counter.as.last", .aggregation = OTEL_AGGREGATION_LAST_VALUE},
        {.instrument_name = "rebucket", .aggregation = OTEL_AGGREGATION_EXPLICIT, .bounds = b2, .bound_count = 2},
        {.instrument_name = "counter.as.hist", .aggregation = OTEL_AGGREGATION_EXPLICIT, .bounds = b2, .bound_count = 2},
        {.instrument_name = "expo", .aggregation = OTEL_AGGREGATION_EXPONENTIAL, .exp_max_size = 4, .exp_max_scale = 3},
        {.instrument_name = "obs.dropped", .aggregation = OTEL_AGGREGATION_DROP},
        {.instrument_name = "gauge.as.sum", .aggregation = OTEL_AGGREGATION_SUM},
    };
    tm_init_views(v, 8);
    otel_instrument *dr = otel_counter_create("dropped", "", "");
    otel_instrument *hs = otel_histogram_create("hist.as.sum", "s", "", NULL, 0);
    otel_instrument *cl = otel_counter_create("counter.as.last", "", "");
    otel_instrument *rb = otel_histogram_create("rebucket", "ms", "", NULL, 0);
    otel_instrument *ch = otel_counter_create("counter.as.hist", "", "");
    otel_instrument *ex = otel_histogram_create("expo", "ms", "", NULL, 0);
    otel_instrument *gs = otel_gauge_create_double("gauge.as.sum", "", "");
    CHECK(dr && hs && cl && rb && ch && ex && gs);
    uint64_t d0 = tm_dropped();
    otel_counter_add(dr, 7, NULL, 0);
    CHECK_EQ_INT(tm_dropped(), d0);                  /* a dropped stream is not a dropped recording */
    otel_histogram_record(hs, 1.5, NULL, 0); otel_histogram_record(hs, 2.5, NULL, 0);
    otel_counter_add(cl, 3, NULL, 0); otel_counter_add(cl, 4, NULL, 0);
    otel_counter_add(cl, -1, NULL, 0);            /* still a counter: negative ignored */
    CHECK_EQ_INT(tm_dropped(), d0 + 1);
    otel_histogram_record(rb, 0.5, NULL, 0); otel_histogram_record(rb, 5, NULL, 0); otel_histogram_record(rb, 50, NULL, 0);
    otel_histogram_record(rb, 60, NULL, 0);
    otel_counter_add(ch, 2, NULL, 0); otel_counter_add(ch, 20, NULL, 0);
    for (int i = 1; i <= 100; i++) otel_histogram_record(ex, i, NULL, 0);
    otel_gauge_set_double(gs, 1.5, NULL, 0); otel_gauge_set_double(gs, 2.0, NULL, 0);
    otel_metrics_collect();
    CHECK_EQ_INT(tm_points_of("dropped"), 0);
    point p = find("hist.as.sum");
    CHECK(p.found && p.mi.kind == OTEL_INSTRUMENT_COUNTER && p.mi.monotonic && p.mi.is_double && p.p.as_double == 4.0);
    p = find("counter.as.last");
    CHECK(p.found && p.mi.kind == OTEL_INSTRUMENT_GAUGE && p.p.as_int == 4);
    p = find("rebucket");
    CHECK(p.found && p.mi.bound_count == 2 && p.p.bucket_count == 3 && p.p.count == 4);
    CHECK(p.p.bucket_counts[0] == 1 && p.p.bucket_counts[1] == 1 && p.p.bucket_counts[2] == 2 && p.p.sum == 115.5);
    p = find("counter.as.hist");
    CHECK(p.found && p.mi.kind == OTEL_INSTRUMENT_HISTOGRAM && p.p.count == 2 && p.p.sum == 22 && p.p.min == 2 && p.p.max == 20);
    CHECK(p.p.bucket_counts[0] == 0 && p.p.bucket_counts[1] == 1 && p.p.bucket_counts[2] == 1);
    p = find("expo");
    CHECK(p.found && p.mi.exponential && p.p.count == 100 && p.p.positive_count <= 4 && p.p.scale <= 3);
    p = find("gauge.as.sum");
    CHECK(p.found && p.mi.kind == OTEL_INSTRUMENT_UPDOWN_COUNTER && !p.mi.monotonic && p.p.as_double == 3.5);
    tu_shutdown();
}

static int g_obs_calls;
static void obs_cb(otel_observer *o, void *user) {
    (void)user;
    g_obs_calls++;
    otel_observe(o, NULL, 42, NULL, 0);
}
TEST(observable_instruments) {
    static const otel_view v[] = {
        {.instrument_name = "obs.dropped", .aggregation = OTEL_AGGREGATION_DROP},
        {.instrument_name = "obs.renamed", .name = "obs.new", .aggregation = OTEL_AGGREGATION_SUM},  /* aggregation ignored */
    };
    tm_init_views(v, 2);
    uint64_t d0 = tm_dropped();
    CHECK(otel_observable_gauge_create("obs.dropped", "", "", obs_cb, NULL) != NULL);
    CHECK(otel_observable_gauge_create("obs.renamed", "", "", obs_cb, NULL) != NULL);
    otel_metrics_collect();
    CHECK_EQ_INT(g_obs_calls, 2);
    CHECK_EQ_INT(tm_points_of("obs.dropped"), 0);
    point p = find("obs.new");
    CHECK(p.found && p.mi.kind == OTEL_INSTRUMENT_GAUGE && p.mi.observable && p.p.as_int == 42);
    CHECK_EQ_INT(tm_dropped(), d0);
    tu_shutdown();
}

TEST(cardinality_limit) {
    static const otel_view v[] = {{.instrument_name = "limited", .cardinality_limit = 3}};
    tm_init_views(v, 1);
    otel_instrument *c = otel_counter_create("limited", "", "");
    for (int i = 0; i < 10; i++) {
        otel_attr a = OTEL_ATTR_INT("shard", i);
        otel_counter_add(c, 1, &a, 1);
    }
    otel_metrics_collect();
    /* three sets of their own (as metric_cardinality_limit counts), then
       the overflow series */
    CHECK_EQ_INT(tm_points_of("limited"), 4);
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point pt;
    int64_t total = 0, over = 0;
    while (otel_metrics_next(&it, &mi, &pt)) {
        if (strcmp(mi.name, "limited") != 0) continue;
        otel_attr a[4];
        size_t k = otel_metric_point_attrs(&pt, a, 4);
        total += pt.as_int;
        if (k == 1 && strcmp(a[0].key, "otel.metric.overflow") == 0) over = pt.as_int;
        else CHECK(k == 1 && strcmp(a[0].key, "shard") == 0);
    }
    CHECK_EQ_INT(total, 10);
    CHECK_EQ_INT(over, 7);
    tu_shutdown();
}

/* the total of stream `name`'s points (sums: the value; histograms: the sum) and how many */
static double stream_total(const char *name, int *points) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    double t = 0;
    *points = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        if (strcmp(mi.name, name) != 0) continue;
        (*points)++;
        t += mi.kind == OTEL_INSTRUMENT_HISTOGRAM ? p.sum : mi.is_double ? p.as_double : (double)p.as_int;
    }
    return t;
}
/* every view selecting an instrument makes a stream of its own: one
   histogram gives a histogram, a sum and a histogram by route alone */
TEST(several_views_per_instrument) {
    static const char *const route[] = {"route"};
    static const double b[] = {100};
    static const otel_view v[] = {
        {.instrument_name = "lat"},                                                   /* the instrument's own stream */
        {.instrument_name = "lat", .name = "lat.total", .aggregation = OTEL_AGGREGATION_SUM},
        {.instrument_name = "l*", .attribute_keys = route, .attribute_key_count = 1, .description = "by route"},  /* a second 'lat' */
        {.instrument_name = "lat", .name = "lat.coarse", .aggregation = OTEL_AGGREGATION_EXPLICIT, .bounds = b, .bound_count = 1},
        {.instrument_name = "cnt", .name = "cnt.gone", .aggregation = OTEL_AGGREGATION_DROP},
        {.instrument_name = "cnt", .name = "cnt.by_route", .attribute_keys = route, .attribute_key_count = 1},
        {.instrument_name = "obs", .name = "obs.a"},
        {.instrument_name = "obs", .name = "obs.b", .description = "second"},
    };
    tm_init_views(v, sizeof v / sizeof *v);
    g_log[0] = 0;
    otel_instrument *h = otel_histogram_create("lat", "ms", "latency", NULL, 0);
    CHECK(h != NULL);
    CHECK(strstr(g_log, "two views make streams named 'lat'") != NULL);   /* views 0 and 2: a conflict, both exported */
    CHECK(otel_histogram_create("lat", "ms", "latency", NULL, 0) == h);   /* the same handle again */
    otel_instrument *c = otel_counter_create("cnt", "1", "");
    static const char *const routes[] = {"/a", "/b", "/a", "/c"};
    for (int i = 0; i < 4; i++) {
        otel_attr a[2] = {OTEL_ATTR_STR("route", routes[i]), OTEL_ATTR_INT("port", 5000 + i)};
        otel_histogram_record(h, 50.0 * (i + 1), a, 2);   /* 50 100 150 200 */
        otel_counter_add(c, i + 1, a, 2);
    }
    otel_histogram_record(h, 1, NULL, 0);
    otel_counter_add(c, 10, NULL, 0);
    otel_counter_add(c, -1, NULL, 0);   /* negative on a counter: ignored in every stream */
    CHECK(otel_observable_counter_create("obs", "1", "", obs_cb, NULL) != NULL);
    otel_metrics_collect();
    int n;
    /* 'lat' twice: the full attribute sets (4 + none) and by route (3 + none) */
    CHECK_EQ_INT((int)stream_total("lat", &n), 2 * 501);
    CHECK_EQ_INT(n, 5 + 4);
    CHECK_EQ_INT((int)stream_total("lat.total", &n), 501);
    CHECK_EQ_INT(n, 5);
    point p = find("lat.total");
    CHECK(p.found && p.mi.kind == OTEL_INSTRUMENT_COUNTER && p.mi.monotonic && p.mi.is_double);
    p = find("lat.coarse");
    CHECK(p.found && p.mi.kind == OTEL_INSTRUMENT_HISTOGRAM && p.mi.bound_count == 1 && p.p.bucket_count == 2);
    otel_metric_iter it = {0, 0, 0};
    int routes_seen = 0, full_seen = 0;
    while (otel_metrics_next(&it, &p.mi, &p.p)) {
        if (strcmp(p.mi.name, "lat") != 0) continue;
        size_t k = otel_metric_point_attrs(&p.p, p.a, 16);
        if (strcmp(p.mi.description, "by route") == 0) {
            CHECK(k <= 1);
            if (k == 1 && strcmp(p.a[0].key, "route") == 0 && strcmp(p.a[0].v.str.ptr, "/a") == 0)
                { CHECK(p.p.count == 2 && p.p.sum == 200); routes_seen++; }
        } else {
            CHECK(strcmp(p.mi.description, "latency") == 0 && p.mi.bound_count == 15);
            full_seen += k == 2;
        }
    }
    CHECK_EQ_INT(routes_seen, 1);
    CHECK_EQ_INT(full_seen, 4);
    CHECK_EQ_INT(tm_points_of("cnt.gone"), 0);
    CHECK_EQ_INT(tm_points_of("cnt"), 0);   /* every view renamed or dropped it */
    CHECK_EQ_INT((int)stream_total("cnt.by_route", &n), 20);
    CHECK_EQ_INT(n, 4);   /* /a /b /c and none */
    p = find("obs.a");
    CHECK(p.found && p.mi.observable && p.p.as_int == 42);
    p = find("obs.b");
    CHECK(p.found && p.mi.observable && p.p.as_int == 42 && strcmp(p.mi.description, "second") == 0);
    tu_shutdown();
}

TEST(meter_selectors_and_conflicts) {
    static const otel_view v[] = {
        {.meter_name = "billing", .instrument_name = "requests", .name = "billing.requests"},
        {.meter_name = "billing", .meter_version = "2.0", .description = "v2 only"},
        {.meter_schema_url = "https://opentelemetry.io/schemas/1.30.0", .aggregation = OTEL_AGGREGATION_DROP},
        {.meter_name = "nobody", .aggregation = OTEL_AGGREGATION_DROP},                 /* selects nothing */
        {.meter_name = "otel.h", .instrument_name = "orders", .name = "requests"},     /* the default meter's */
        {.instrument_unit = "By", .description = "in bytes"},                          /* the unit selector */
    };
    tm_init_views(v, 6);
    g_log[0] = 0;
    otel_meter b1 = otel_meter_get("billing", "1.0", NULL), b2 = otel_meter_get("billing", "2.0", NULL);
    otel_meter sh = otel_meter_get("shipping", NULL, "https://opentelemetry.io/schemas/1.30.0");
    otel_instrument *req = otel_meter_instrument_create(b1, OTEL_INSTRUMENT_COUNTER, 0, "requests", "1", "orig", NULL, 0);
    otel_instrument *inv1 = otel_meter_instrument_create(b1, OTEL_INSTRUMENT_COUNTER, 0, "invoices", "1", "orig", NULL, 0);
    otel_instrument *inv2 = otel_meter_instrument_create(b2, OTEL_INSTRUMENT_COUNTER, 0, "invoices", "1", "orig", NULL, 0);
    otel_instrument *par = otel_meter_instrument_create(sh, OTEL_INSTRUMENT_COUNTER, 0, "parcels", "1", "orig", NULL, 0);
    otel_instrument *par0 = otel_counter_create("parcels", "1", "orig");
    otel_instrument *dreq = otel_counter_create("requests", "1", "orig");
    CHECK(strstr(g_log, "both make stream") == NULL);
    otel_instrument *ord = otel_counter_create("orders", "1", "orig");
    CHECK(strstr(g_log, "instruments 'requests' and 'orders' both make stream 'requests'") != NULL);
    otel_instrument *by = otel_counter_create("sent", "By", "orig"), *kb = otel_counter_create("sent.kb", "KBy", "orig");
    CHECK(req && inv1 && inv2 && par && par0 && dreq && ord && by && kb);
    otel_counter_add(by, 1, NULL, 0); otel_counter_add(kb, 1, NULL, 0);
    otel_counter_add(req, 1, NULL, 0); otel_counter_add(inv1, 2, NULL, 0); otel_counter_add(inv2, 3, NULL, 0);
    otel_counter_add(par, 4, NULL, 0); otel_counter_add(par0, 5, NULL, 0);
    otel_counter_add(dreq, 6, NULL, 0); otel_counter_add(ord, 7, NULL, 0);
    otel_metrics_collect();
    point p = find("sent");
    CHECK(p.found && strcmp(p.mi.description, "in bytes") == 0);
    p = find("sent.kb");
    CHECK(p.found && strcmp(p.mi.description, "orig") == 0);
    p = find("billing.requests");
    CHECK(p.found && p.p.as_int == 1 && strcmp(p.mi.scope->version, "1.0") == 0);
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point pt;
    int inv_seen = 0, par_seen = 0, req_seen = 0;
    while (otel_metrics_next(&it, &mi, &pt)) {
        if (strcmp(mi.name, "invoices") == 0) {   /* the version selector: only billing 2.0's */
            inv_seen++;
            if (strcmp(mi.scope->version, "2.0") == 0) CHECK(pt.as_int == 3 && strcmp(mi.description, "v2 only") == 0);
            else CHECK(pt.as_int == 2 && strcmp(mi.description, "orig") == 0);
        }
        if (strcmp(mi.name, "parcels") == 0) {    /* the schema selector dropped shipping's */
            par_seen++;
            CHECK(pt.as_int == 5 && mi.scope->index == 0);
        }
        if (strcmp(mi.name, "requests") == 0) {   /* the conflict: both exported */
            req_seen++;
            CHECK(pt.as_int == 6 || pt.as_int == 7);
        }
    }
    CHECK_EQ_INT(inv_seen, 2);
    CHECK_EQ_INT(par_seen, 1);
    CHECK_EQ_INT(req_seen, 2);
    CHECK(strstr(g_log, "selected no instrument") == NULL);
    struct timespec ts = {0, 5000000L};   /* past the rate limit (1 ms here) of the last test's shutdown warning */
    nanosleep(&ts, NULL);
    tu_shutdown();
    CHECK(strstr(g_log, "view 3 (instrument '*', meter 'nobody') selected no instrument") != NULL);
    CHECK(strstr(g_log, "view 0 ") == NULL && strstr(g_log, "view 4 ") == NULL);
}

int main(void) {
    RUN(rename_describe_and_wildcards);
    RUN(attribute_keys_kept);
    RUN(excluded_attribute_keys);
    RUN(advisory_attribute_keys);
    RUN(aggregations);
    RUN(observable_instruments);
    RUN(cardinality_limit);
    RUN(several_views_per_instrument);
    RUN(meter_selectors_and_conflicts);
    return test_summary("metrics_views");
}
