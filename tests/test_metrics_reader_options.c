/* A metric reader's own options (otel_config.metric_reader_options):
   its default aggregation by instrument kind, used where no view sets one,
   and its cardinality limit, under a view's; readers that differ each see
   their own stream of the same instruments. */
#define _GNU_SOURCE
#include <string.h>
#include "test_log.h"
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>

/* the point of stream `name` without attributes in the last collection (0: none) */
static int get(const char *name, otel_metric_info *mi, otel_metric_point *p) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info i2;
    otel_metric_point p2;
    int found = 0;
    while (otel_metrics_next(&it, &i2, &p2))
        if (strcmp(i2.name, name) == 0) { *mi = i2; *p = p2; found++; }
    return found;
}
static int64_t g_obs;
static void observe(otel_observer *o, void *u) { (void)u; otel_observe(o, NULL, g_obs, NULL, 0); }

static void init_readers(const otel_metric_reader_options *opts, size_t n, int histogram_default,
                         const otel_view *views, size_t nviews) {
    static const int readers[] = {OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_CUMULATIVE};
    otel_config c;
    tu_config(&c);
    c.metric_readers = readers; c.metric_reader_count = n;
    c.metric_reader_options = opts; c.metric_reader_option_count = n;
    c.metric_histogram_aggregation = histogram_default;
    c.views = views; c.view_count = nviews;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
}

TEST(default_aggregation_by_instrument_kind) {
    static const double bounds[] = {1, 10};
    otel_metric_reader_options o[2];
    memset(o, 0, sizeof o);
    /* reader 0: the defaults (histograms exponential, as the environment
       variable would make them); reader 1: its own for every kind */
    o[1].aggregation.counter = OTEL_AGGREGATION_EXPLICIT;
    o[1].aggregation.updown_counter = OTEL_AGGREGATION_LAST_VALUE;
    o[1].aggregation.histogram = OTEL_AGGREGATION_EXPLICIT;
    o[1].aggregation.gauge = OTEL_AGGREGATION_DROP;
    o[1].aggregation.observable_counter = OTEL_AGGREGATION_DROP;
    o[1].aggregation.observable_gauge = OTEL_AGGREGATION_SUM;
    static const otel_view views[] = {{.instrument_name = "k.viewed", .aggregation = OTEL_AGGREGATION_SUM}};
    init_readers(o, 2, OTEL_HISTOGRAM_EXPONENTIAL, views, 1);
    otel_instrument *ctr = otel_counter_create("k.count", "1", "");
    otel_instrument *ud = otel_updown_counter_create("k.updown", "1", "");
    otel_instrument *h = otel_histogram_create("k.hist", "ms", "", bounds, 2);
    otel_instrument *v = otel_histogram_create("k.viewed", "ms", "", bounds, 2);
    otel_instrument *g = otel_gauge_create("k.gauge", "1", "");
    otel_instrument *oc = otel_observable_counter_create("k.obs", "1", "", observe, NULL);
    otel_instrument *og = otel_observable_gauge_create("k.obsgauge", "1", "", observe, NULL);
    CHECK(ctr && ud && h && v && g && oc && og);
    CHECK(otel_counter_create("k.count", "1", "") == ctr);   /* still one handle */
    otel_counter_add(ctr, 5, NULL, 0);
    otel_counter_add(ctr, 20, NULL, 0);
    otel_counter_add(ud, 3, NULL, 0);
    otel_counter_add(ud, -1, NULL, 0);
    otel_histogram_record(h, 0.5, NULL, 0);
    otel_histogram_record(h, 5, NULL, 0);
    otel_histogram_record(v, 7, NULL, 0);
    otel_gauge_set(g, 9, NULL, 0);
    g_obs = 4;
    otel_metric_info mi;
    otel_metric_point p;

    CHECK(otel_metrics_collect_reader(0) > 0);
    CHECK_EQ_INT(get("k.count", &mi, &p), 1); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_COUNTER); CHECK_EQ_INT(p.as_int, 25);
    CHECK_EQ_INT(get("k.updown", &mi, &p), 1); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_UPDOWN_COUNTER); CHECK_EQ_INT(p.as_int, 2);
    CHECK_EQ_INT(get("k.hist", &mi, &p), 1); CHECK(mi.exponential); CHECK_EQ_INT(p.count, 2);
    CHECK_EQ_INT(get("k.viewed", &mi, &p), 1); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_COUNTER); CHECK(p.as_double == 7);
    CHECK_EQ_INT(get("k.gauge", &mi, &p), 1); CHECK_EQ_INT(p.as_int, 9);
    CHECK_EQ_INT(get("k.obs", &mi, &p), 1); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_COUNTER); CHECK_EQ_INT(p.as_int, 4);
    CHECK_EQ_INT(get("k.obsgauge", &mi, &p), 1); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_GAUGE); CHECK_EQ_INT(p.as_int, 4);

    CHECK(otel_metrics_collect_reader(1) > 0);
    /* counter as an explicit histogram of its increments (the default boundaries) */
    CHECK_EQ_INT(get("k.count", &mi, &p), 1); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_HISTOGRAM); CHECK(!mi.exponential);
    CHECK_EQ_INT(mi.bound_count, 15); CHECK_EQ_INT(p.count, 2); CHECK(p.sum == 25); CHECK(p.min == 5); CHECK(p.max == 20);
    CHECK_EQ_INT(p.bucket_counts[1], 1); CHECK_EQ_INT(p.bucket_counts[3], 1);
    /* up-down counter as the last value recorded */
    CHECK_EQ_INT(get("k.updown", &mi, &p), 1); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_GAUGE); CHECK_EQ_INT(p.as_int, -1);
    /* histogram: explicit with the instrument's own boundaries */
    CHECK_EQ_INT(get("k.hist", &mi, &p), 1); CHECK(!mi.exponential); CHECK_EQ_INT(mi.bound_count, 2);
    CHECK_EQ_INT(p.count, 2); CHECK_EQ_INT(p.bucket_counts[0], 1); CHECK_EQ_INT(p.bucket_counts[1], 1);
    /* a view's aggregation wins over the reader's */
    CHECK_EQ_INT(get("k.viewed", &mi, &p), 1); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_COUNTER); CHECK(p.as_double == 7);
    CHECK_EQ_INT(get("k.gauge", &mi, &p), 0);       /* dropped */
    CHECK_EQ_INT(get("k.obs", &mi, &p), 0);         /* dropped */
    CHECK_EQ_INT(get("k.obsgauge", &mi, &p), 1); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_UPDOWN_COUNTER); CHECK_EQ_INT(p.as_int, 4);

    /* both keep counting on their own */
    otel_counter_add(ctr, 1, NULL, 0);
    g_obs = 6;
    CHECK(otel_metrics_collect_reader(0) > 0);
    CHECK(get("k.count", &mi, &p)); CHECK_EQ_INT(p.as_int, 26);
    CHECK(get("k.obsgauge", &mi, &p)); CHECK_EQ_INT(p.as_int, 6);
    CHECK(otel_metrics_collect_reader(1) > 0);
    CHECK(get("k.count", &mi, &p)); CHECK_EQ_INT(p.count, 3); CHECK(p.sum == 26); CHECK_EQ_INT(p.bucket_counts[1], 2);
    otel_shutdown(100);
}

TEST(readers_that_agree_share_one_stream) {
    otel_metric_reader_options o[2];
    memset(o, 0, sizeof o);
    o[0].aggregation.histogram = o[1].aggregation.histogram = OTEL_AGGREGATION_EXPONENTIAL;
    o[1].aggregation.gauge = OTEL_AGGREGATION_DROP;
    init_readers(o, 2, 0, NULL, 0);
    otel_instrument *h = otel_histogram_create("s.hist", "ms", "", NULL, 0);
    otel_instrument *g = otel_gauge_create("s.gauge", "1", "");
    otel_instrument *e = otel_histogram_create_exponential("s.exp", "ms", "", 8, 4);   /* keeps its own size and scale */
    CHECK(h && g && e);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.metric_instruments, 3);   /* no entry of its own for either reader */
    otel_histogram_record(h, 3, NULL, 0);
    otel_gauge_set(g, 1, NULL, 0);
    otel_metric_info mi;
    otel_metric_point p;
    CHECK(otel_metrics_collect_reader(0) > 0);
    CHECK(get("s.hist", &mi, &p) && mi.exponential); CHECK(get("s.gauge", &mi, &p));
    CHECK(otel_metrics_collect_reader(1) > 0);
    CHECK(get("s.hist", &mi, &p) && mi.exponential); CHECK(!get("s.gauge", &mi, &p));
    otel_shutdown(100);
}

TEST(invalid_aggregation_warned_default_kept) {
    otel_metric_reader_options o;
    memset(&o, 0, sizeof o);
    o.aggregation.observable_counter = OTEL_AGGREGATION_EXPLICIT;   /* not for observable instruments */
    o.aggregation.gauge = 99;
    g_log[0] = 0;
    init_readers(&o, 1, 0, NULL, 0);
    CHECK(strstr(g_log, "is not one for") != NULL);   /* (the second warning: within the rate limit) */
    g_obs = 3;
    otel_instrument *oc = otel_observable_counter_create("i.obs", "1", "", observe, NULL);
    otel_instrument *g = otel_gauge_create("i.gauge", "1", "");
    otel_gauge_set(g, 2, NULL, 0);
    otel_metric_info mi;
    otel_metric_point p;
    CHECK(oc && otel_metrics_collect_reader(0) > 0);
    CHECK(get("i.obs", &mi, &p)); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_COUNTER); CHECK_EQ_INT(p.as_int, 3);
    CHECK(get("i.gauge", &mi, &p)); CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_GAUGE); CHECK_EQ_INT(p.as_int, 2);
    otel_shutdown(100);
}

/* series of stream `name` in the last collection; *overflow: its overflow series' value */
static size_t series_of(const char *name, int64_t *overflow) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    size_t n = 0;
    *overflow = 0;
    while (otel_metrics_next(&it, &mi, &p)) {
        if (strcmp(mi.name, name) != 0) continue;
        otel_attr a[4];
        size_t na = otel_metric_point_attrs(&p, a, 4);
        if (na == 1 && strcmp(a[0].key, "otel.metric.overflow") == 0) *overflow = p.as_int;
        else n++;
    }
    return n;
}

TEST(cardinality_limit_per_reader) {
    otel_metric_reader_options o[3];
    memset(o, 0, sizeof o);
    o[0].cardinality_limit = 2;   /* reader 1: the SDK's (2000); reader 2: 4 */
    o[2].cardinality_limit = 4;
    static const otel_view views[] = {{.instrument_name = "c.viewed", .cardinality_limit = 3}};
    init_readers(o, 3, 0, views, 1);
    otel_instrument *c = otel_counter_create("c.count", "1", "");
    otel_instrument *v = otel_counter_create("c.viewed", "1", "");
    CHECK(c && v);
    for (int i = 0; i < 6; i++) {
        otel_attr a = OTEL_ATTR_INT("shard", i);
        otel_counter_add(c, 1, &a, 1);
        otel_counter_add(v, 1, &a, 1);
    }
    int64_t over;
    CHECK(otel_metrics_collect_reader(0) > 0);
    CHECK_EQ_INT(series_of("c.count", &over), 2); CHECK_EQ_INT(over, 4);
    CHECK_EQ_INT(series_of("c.viewed", &over), 3); CHECK_EQ_INT(over, 3);   /* the view's limit wins */
    CHECK(otel_metrics_collect_reader(1) > 0);
    CHECK_EQ_INT(series_of("c.count", &over), 6); CHECK_EQ_INT(over, 0);
    CHECK_EQ_INT(series_of("c.viewed", &over), 3); CHECK_EQ_INT(over, 3);
    CHECK(otel_metrics_collect_reader(2) > 0);
    CHECK_EQ_INT(series_of("c.count", &over), 4); CHECK_EQ_INT(over, 2);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.metric_instruments, 4);   /* c.count: three limits, three entries; c.viewed: one */
    otel_shutdown(100);
}


/* several views of one instrument, and readers whose defaults differ: each
   view's stream, as each reader takes it (4 entries for 2 x 2) */
struct vr_sum { int points, kind; int64_t total; uint64_t count; double sum; };
static struct vr_sum vr_of(const char *name) {
    struct vr_sum r = {0, -1, 0, 0, 0};
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    while (otel_metrics_next(&it, &mi, &p))
        if (strcmp(mi.name, name) == 0) { r.points++; r.kind = mi.kind; r.total += p.as_int; r.count += p.count; r.sum += p.sum; }
    return r;
}
TEST(several_views_and_readers_that_differ) {
    otel_metric_reader_options o[2];
    memset(o, 0, sizeof o);
    o[1].aggregation.counter = OTEL_AGGREGATION_EXPLICIT;   /* reader 1: counters as histograms */
    static const char *const route[] = {"route"};
    static const otel_view views[] = {
        {.instrument_name = "vr.count", .name = "vr.by_route", .attribute_keys = route, .attribute_key_count = 1},
        {.instrument_name = "vr.count", .name = "vr.total", .attribute_keys = route, .attribute_key_count = 0}};
    init_readers(o, 2, 0, views, 2);
    otel_instrument *c = otel_counter_create("vr.count", "1", "");
    CHECK(c);
    static const char *const routes[] = {"/a", "/b", "/c"};
    for (int i = 0; i < 3; i++) {
        otel_attr a[2] = {OTEL_ATTR_STR("route", routes[i]), OTEL_ATTR_INT("shard", i)};
        otel_counter_add(c, i + 1, a, 2);
    }
    otel_counter_add(c, 10, NULL, 0);
    CHECK(otel_metrics_collect_reader(0) > 0);
    struct vr_sum br = vr_of("vr.by_route"), t = vr_of("vr.total");
    CHECK_EQ_INT(br.kind, OTEL_INSTRUMENT_COUNTER); CHECK_EQ_INT(br.points, 4); CHECK_EQ_INT(br.total, 16);
    CHECK_EQ_INT(t.kind, OTEL_INSTRUMENT_COUNTER); CHECK_EQ_INT(t.points, 1); CHECK_EQ_INT(t.total, 16);
    CHECK_EQ_INT(vr_of("vr.count").points, 0);   /* the views' streams only */
    CHECK(otel_metrics_collect_reader(1) > 0);
    br = vr_of("vr.by_route"); t = vr_of("vr.total");
    CHECK_EQ_INT(br.kind, OTEL_INSTRUMENT_HISTOGRAM); CHECK_EQ_INT(br.points, 4); CHECK_EQ_INT((int)br.count, 4);
    CHECK(br.sum == 16.0);
    CHECK_EQ_INT(t.kind, OTEL_INSTRUMENT_HISTOGRAM); CHECK_EQ_INT(t.points, 1); CHECK_EQ_INT((int)t.count, 4);
    CHECK(t.sum == 16.0);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.metric_instruments, 4);
    otel_shutdown(100);
}


/* a filter: f.drop dropped, f.part judged by point (route=/secret dropped), the rest kept */
static int g_tested;
static int test_metric(void *u, const otel_metric_info *mi) {
    (void)u;
    g_tested++;
    if (strcmp(mi->name, "f.drop") == 0 || strcmp(mi->name, "ext.hidden") == 0) return OTEL_METRIC_DROP;
    return strcmp(mi->name, "f.part") == 0 || strcmp(mi->name, "ext.jobs") == 0 ? OTEL_METRIC_ACCEPT_PARTIAL : OTEL_METRIC_ACCEPT;
}
static int test_attributes(void *u, const otel_metric_info *mi, const otel_attr *a, size_t n) {
    (void)u; (void)mi;
    for (size_t i = 0; i < n; i++)
        if (a[i].type == OTEL_TYPE_STRING && strcmp(a[i].key, "route") == 0 && strcmp(a[i].v.str.ptr, "/secret") == 0)
            return OTEL_METRIC_DROP;
    return OTEL_METRIC_ACCEPT;
}
static const otel_metric_filter g_filter = {test_metric, test_attributes, NULL};
/* points of stream `name` in the last collection, and the sum of their values */
static size_t points_of(const char *name, int64_t *sum) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    size_t n = 0;
    *sum = 0;
    while (otel_metrics_next(&it, &mi, &p))
        if (strcmp(mi.name, name) == 0) { n++; *sum += p.as_int; }
    return n;
}

TEST(filter_on_the_sdks_instruments) {
    otel_metric_reader_options o[2];
    memset(o, 0, sizeof o);
    o[0].filter = &g_filter;
    init_readers(o, 2, 0, NULL, 0);
    otel_instrument *keep = otel_counter_create("f.keep", "1", "");
    otel_instrument *drop = otel_counter_create("f.drop", "1", "");
    otel_instrument *part = otel_counter_create("f.part", "1", "");
    otel_attr pub = OTEL_ATTR_STR("route", "/public"), sec = OTEL_ATTR_STR("route", "/secret");
    otel_counter_add(keep, 1, NULL, 0);
    otel_counter_add(drop, 2, NULL, 0);
    otel_counter_add(part, 3, &pub, 1);
    otel_counter_add(part, 4, &sec, 1);
    int64_t sum;
    g_tested = 0;
    CHECK_EQ_INT(otel_metrics_collect_reader(0), 2);   /* f.keep, f.part route=/public */
    CHECK_EQ_INT(g_tested, 3);                         /* once a metric */
    CHECK_EQ_INT(points_of("f.keep", &sum), 1); CHECK_EQ_INT(sum, 1);
    CHECK_EQ_INT(points_of("f.drop", &sum), 0);
    CHECK_EQ_INT(points_of("f.part", &sum), 1); CHECK_EQ_INT(sum, 3);
    /* the other reader, without a filter, sees every point */
    CHECK_EQ_INT(otel_metrics_collect_reader(1), 4);
    CHECK_EQ_INT(points_of("f.drop", &sum), 1); CHECK_EQ_INT(sum, 2);
    CHECK_EQ_INT(points_of("f.part", &sum), 2); CHECK_EQ_INT(sum, 7);
    otel_shutdown(100);
}

/* a producer: a bridge's sums, a histogram and a gauge */
static int g_produced[10], g_outside;
static otel_metric_sink *g_kept;
static void produce(otel_metric_sink *sink, void *user) {
    (void)user;
    g_kept = sink;
    static const double hb[] = {1, 2};
    static const uint64_t hc[] = {1, 0, 2};
    otel_metric_info mi;
    otel_metric_point p;
    memset(&mi, 0, sizeof mi); memset(&p, 0, sizeof p);
    char name[16], qa[4] = "a", qb[4] = "b";   /* texts that do not outlive the call: copied */
    strcpy(name, "ext.jobs");
    mi.name = name; mi.unit = "{job}"; mi.kind = OTEL_INSTRUMENT_COUNTER; mi.monotonic = 1;
    mi.temporality = OTEL_TEMPORALITY_CUMULATIVE;
    otel_attr a = otel_attr_str("queue", qa);
    p.as_int = 5;
    g_produced[0] = otel_produce(sink, &mi, &p, &a, 1);
    a = otel_attr_str("queue", qb);
    p.as_int = 7;
    g_produced[1] = otel_produce(sink, &mi, &p, &a, 1);
    a = otel_attr_str("route", "/secret");                 /* the filter's partial verdict drops it */
    g_produced[2] = otel_produce(sink, &mi, &p, &a, 1);
    strcpy(name, "XXXXXXXX");
    otel_metric_info hi = {0};
    hi.name = "ext.size"; hi.unit = "By"; hi.kind = OTEL_INSTRUMENT_HISTOGRAM; hi.is_double = 1;
    hi.temporality = OTEL_TEMPORALITY_DELTA; hi.bounds = hb; hi.bound_count = 2;
    otel_metric_point hp = {0};
    hp.count = 3; hp.sum = 6.5; hp.min = 0.5; hp.max = 3; hp.bucket_counts = hc;
    otel_attr ha[2] = {OTEL_ATTR_INT("shard", 3), OTEL_ATTR_BOOL("hot", 1)};
    g_produced[3] = otel_produce(sink, &hi, &hp, ha, 2);
    otel_metric_info gi = {0};
    gi.name = "ext.hidden"; gi.kind = OTEL_INSTRUMENT_GAUGE;
    g_produced[4] = otel_metric_sink_test(sink, &gi);
    g_produced[5] = otel_produce(sink, &gi, &p, NULL, 0);
    gi.name = "bad name"; 
    g_produced[6] = otel_produce(sink, &gi, &p, NULL, 0);
    gi.name = "ext.temp"; gi.is_double = 1;
    p.as_double = 21.5;
    g_produced[7] = otel_produce(sink, &gi, &p, NULL, 0);
    /* an exponential histogram: its buckets copied */
    static const uint64_t pos[] = {1, 2}, neg[] = {4};
    otel_metric_info ei = {0};
    ei.name = "ext.exp"; ei.kind = OTEL_INSTRUMENT_HISTOGRAM; ei.exponential = 1; ei.is_double = 1;
    otel_metric_point ep = {0};
    ep.count = 7; ep.scale = 3; ep.positive_offset = -1; ep.positive = pos; ep.positive_count = 2;
    ep.negative = neg; ep.negative_count = 1; ep.zero_count = 0;
    g_produced[8] = otel_produce(sink, &ei, &ep, NULL, 0);
    ei.kind = OTEL_INSTRUMENT_GAUGE;   /* exponential, not a histogram */
    g_produced[9] = otel_produce(sink, &ei, &ep, NULL, 0);
}
static const otel_metric_producer g_producer = {produce, NULL};

TEST(producers_report_through_their_reader) {
    otel_metric_reader_options o[2];
    memset(o, 0, sizeof o);
    o[0].filter = &g_filter;
    o[0].producers = &g_producer; o[0].producer_count = 1;
    init_readers(o, 2, 0, NULL, 0);
    otel_instrument *keep = otel_counter_create("f.keep", "1", "");
    otel_counter_add(keep, 1, NULL, 0);
    CHECK_EQ_INT(otel_metrics_collect_reader(0), 6);   /* f.keep, two ext.jobs, ext.size, ext.temp, ext.exp */
    CHECK_EQ_INT(g_produced[8], OTEL_OK); CHECK_EQ_INT(g_produced[9], OTEL_ERR_INVALID);
    CHECK_EQ_INT(g_produced[0], OTEL_OK); CHECK_EQ_INT(g_produced[1], OTEL_OK);
    CHECK_EQ_INT(g_produced[2], OTEL_METRIC_DROP); CHECK_EQ_INT(g_produced[3], OTEL_OK);
    CHECK_EQ_INT(g_produced[4], OTEL_METRIC_DROP); CHECK_EQ_INT(g_produced[5], OTEL_METRIC_DROP);
    CHECK_EQ_INT(g_produced[6], OTEL_ERR_INVALID); CHECK_EQ_INT(g_produced[7], OTEL_OK);
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    const char *names[8];
    const double *bounds[8];
    int64_t ints[8];
    otel_attr attrs[8][4];
    size_t na[8], k = 0;
    otel_metric_point hp;
    memset(&hp, 0, sizeof hp);
    while (k < 8 && otel_metrics_next(&it, &mi, &p)) {
        names[k] = mi.name; bounds[k] = mi.bounds; ints[k] = p.as_int;
        na[k] = otel_metric_point_attrs(&p, attrs[k], 4);
        if (strcmp(mi.name, "ext.size") == 0) {
            hp = p;
            CHECK_EQ_INT(mi.bound_count, 2); CHECK(mi.bounds[1] == 2); CHECK_EQ_INT(mi.temporality, OTEL_TEMPORALITY_DELTA);
            CHECK(mi.scope && strcmp(mi.scope->name, "otel.h") == 0);
        }
        if (strcmp(mi.name, "ext.temp") == 0) CHECK(p.as_double == 21.5);
        if (strcmp(mi.name, "ext.exp") == 0)
            CHECK(mi.exponential && p.count == 7 && p.scale == 3 && p.positive_offset == -1 && p.positive_count == 2 &&
                  p.positive[1] == 2 && p.negative_count == 1 && p.negative[0] == 4 && p.bucket_counts == NULL);
        CHECK(p.time_ns != 0);
        k++;
    }
    CHECK_EQ_INT(k, 6);
    CHECK(strcmp(names[0], "f.keep") == 0);
    CHECK(strcmp(names[1], "ext.jobs") == 0 && strcmp(names[2], "ext.jobs") == 0);   /* copied: not the XXXX */
    CHECK(bounds[1] == bounds[2] && bounds[2] != bounds[3]);                          /* one metric, then the next */
    CHECK_EQ_INT(ints[1], 5); CHECK_EQ_INT(ints[2], 7);
    CHECK(na[1] == 1 && strcmp(attrs[1][0].key, "queue") == 0 && strcmp(attrs[1][0].v.str.ptr, "a") == 0);
    CHECK(na[2] == 1 && strcmp(attrs[2][0].v.str.ptr, "b") == 0);
    CHECK(na[3] == 2 && attrs[3][0].v.i == 3 && attrs[3][1].type == OTEL_TYPE_BOOL && attrs[3][1].v.b);
    CHECK(hp.count == 3 && hp.bucket_count == 3 && hp.bucket_counts[2] == 2 && hp.sum == 6.5);
    CHECK(strcmp(names[4], "ext.temp") == 0);
    /* outside produce: refused */
    g_outside = otel_produce(g_kept, &mi, &p, NULL, 0);
    CHECK_EQ_INT(g_outside, OTEL_ERR_INVALID);
    /* the other reader has no producers */
    CHECK_EQ_INT(otel_metrics_collect_reader(1), 1);
    CHECK_EQ_INT(otel_metrics_collect_reader(0), 6);   /* asked again at each collection */
    otel_shutdown(100);
}

/* a producer with more than the buffer holds: the rest refused, counted */
static int g_full, g_ok;
static void produce_many(otel_metric_sink *sink, void *user) {
    (void)user;
    otel_metric_info mi = {0};
    otel_metric_point p = {0};
    mi.name = "ext.many"; mi.kind = OTEL_INSTRUMENT_GAUGE;
    g_full = g_ok = 0;
    for (int i = 0; i < 10000; i++) {
        otel_attr a = OTEL_ATTR_INT("i", i);
        p.as_int = i;
        int rc = otel_produce(sink, &mi, &p, &a, 1);
        g_ok += rc == OTEL_OK; g_full += rc == OTEL_ERR_FULL;
    }
}
TEST(producer_buffer_full) {
    static const otel_metric_producer pm = {produce_many, NULL};
    otel_metric_reader_options o;
    memset(&o, 0, sizeof o);
    o.producers = &pm; o.producer_count = 1;
    init_readers(&o, 1, 0, NULL, 0);
    size_t n = otel_metrics_collect_reader(0);
    CHECK(g_ok > 10 && g_full > 0 && g_ok + g_full == 10000);
    CHECK_EQ_INT(n, (size_t)g_ok);
    int64_t sum;
    CHECK_EQ_INT(points_of("ext.many", &sum), (size_t)g_ok);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.metric_recordings_dropped, (uint64_t)g_full);
    otel_shutdown(100);
}

/* threads recording into an instrument with two entries (the readers'
   aggregations differ) while both readers collect: every recording lands
   once in each */
static otel_instrument *g_tc;
static void *recorder(void *arg) {
    otel_attr a = OTEL_ATTR_INT("t", (int64_t)(intptr_t)arg);
    for (int i = 0; i < 20000; i++) otel_counter_add(g_tc, 1, i & 1 ? &a : NULL, i & 1);
    return NULL;
}
TEST(threads_record_into_both_streams) {
    otel_metric_reader_options o[2];
    memset(o, 0, sizeof o);
    o[1].aggregation.counter = OTEL_AGGREGATION_EXPLICIT;
    static const int readers[] = {OTEL_TEMPORALITY_DELTA, OTEL_TEMPORALITY_DELTA};
    otel_config c;
    tu_config(&c);
    c.metric_readers = readers; c.metric_reader_count = 2;
    c.metric_reader_options = o; c.metric_reader_option_count = 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    g_tc = otel_counter_create("t.count", "1", "");
    pthread_t th[4];
    for (intptr_t i = 0; i < 4; i++) pthread_create(&th[i], NULL, recorder, (void *)i);
    int64_t sum0 = 0;
    uint64_t count1 = 0;
    for (int round = 0; round < 40; round++) {
        for (unsigned r = 0; r < 2; r++) {
            otel_metrics_collect_reader(r);
            otel_metric_iter it = {0, 0, 0};
            otel_metric_info mi;
            otel_metric_point p;
            while (otel_metrics_next(&it, &mi, &p)) {
                if (r == 0) { CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_COUNTER); sum0 += p.as_int; }
                else { CHECK_EQ_INT(mi.kind, OTEL_INSTRUMENT_HISTOGRAM); count1 += p.count; }
            }
        }
        if (round == 20) for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    }
    CHECK_EQ_INT(sum0, 80000);
    CHECK_EQ_INT(count1, 80000);
    otel_shutdown(100);
}

int main(void) {
    RUN(default_aggregation_by_instrument_kind);
    RUN(readers_that_agree_share_one_stream);
    RUN(invalid_aggregation_warned_default_kept);
    RUN(cardinality_limit_per_reader);
    RUN(several_views_and_readers_that_differ);
    RUN(filter_on_the_sdks_instruments);
    RUN(producers_report_through_their_reader);
    RUN(producer_buffer_full);
    RUN(threads_record_into_both_streams);
    return test_summary("metrics_reader_options");
}
