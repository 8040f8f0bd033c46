/* Exemplars: the filters (trace_based, always_on, always_off), one cell
   per explicit bucket, the span's ids, cells emptied once read, and whole
   exemplars (never a value of one thread with the span of another) while
   threads record and another thread reads; the attributes a view filtered
   out kept with the exemplar; a reservoir chosen by a view (none, simple of
   k, aligned) or one's own. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>
#ifndef TSAN
#define TSAN 0
#endif

typedef struct { int found; otel_metric_info mi; otel_metric_point p; } point;
static point find(const char *name) {
    point f;
    memset(&f, 0, sizeof f);
    otel_metric_iter it = {0, 0, 0};
    while (otel_metrics_next(&it, &f.mi, &f.p))
        if (strcmp(f.mi.name, name) == 0) { f.found = 1; return f; }
    return f;
}
static void init_filter(int filter) {
    otel_config c;
    tu_config(&c);
    c.metric_exemplar_filter = filter;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
}

TEST(trace_based) {
    init_filter(0);   /* the default */
    otel_instrument *c = otel_counter_create("c", "1", ""), *h = otel_histogram_create("h", "ms", "", NULL, 0);
    otel_counter_add(c, 1, NULL, 0);                       /* no span: no exemplar */
    otel_span *s = otel_span_begin("work", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context ctx = otel_span_get_context(s);
    otel_counter_add(c, 2, NULL, 0);
    otel_counter_add(c, 3, NULL, 0);                       /* one of the two is kept */
    otel_histogram_record(h, 1, NULL, 0);
    otel_histogram_record(h, 2, NULL, 0);                  /* same bucket (0, 5]: one of the two */
    otel_histogram_record(h, 100, NULL, 0);                /* bucket (75, 100] */
    otel_span_end(s);
    otel_metrics_collect();
    point p = find("c");
    CHECK(p.found && p.p.exemplar_count == 1);
    if (p.p.exemplar_count == 1) {
        CHECK(p.p.exemplars[0].as_int == 2 || p.p.exemplars[0].as_int == 3);
        CHECK(memcmp(p.p.exemplars[0].trace_id, ctx.trace_id, 16) == 0 && memcmp(p.p.exemplars[0].span_id, ctx.span_id, 8) == 0);
        CHECK(p.p.exemplars[0].time_ns > 0);
    }
    p = find("h");
    CHECK_EQ_INT(p.p.exemplar_count, 2);
    if (p.p.exemplar_count == 2) CHECK((p.p.exemplars[0].as_double == 1 || p.p.exemplars[0].as_double == 2) && p.p.exemplars[1].as_double == 100);
    /* taken once: the next walk has none until new measurements */
    CHECK_EQ_INT(find("c").p.exemplar_count, 0);
    otel_metrics_collect();
    CHECK_EQ_INT(find("h").p.exemplar_count, 0);
    /* an unsampled span: none */
    otel_span_context parent;
    otel_traceparent_parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", (size_t)-1, &parent);
    otel_span *u = otel_span_begin_with_parent("unsampled", OTEL_SPAN_KIND_INTERNAL, &parent);
    otel_counter_add(c, 4, NULL, 0);
    otel_span_end(u);
    otel_metrics_collect();
    CHECK_EQ_INT(find("c").p.exemplar_count, 0);
    tu_shutdown();
}

/* 1/n: over many intervals of two offers each, each is kept about half the time */
TEST(uniform_sampling) {
    init_filter(OTEL_EXEMPLAR_ALWAYS_ON);
    otel_instrument *c = otel_counter_create("u", "1", "");
    int first = 0, rounds = 2000;
    for (int r = 0; r < rounds; r++) {
        otel_counter_add(c, 1, NULL, 0);
        otel_counter_add(c, 2, NULL, 0);
        otel_metrics_collect();
        point p = find("u");
        first += p.p.exemplar_count == 1 && p.p.exemplars[0].as_int == 1;
    }
    CHECK(first > rounds * 4 / 10 && first < rounds * 6 / 10);
    tu_shutdown();
}

TEST(always_on_and_off) {
    init_filter(OTEL_EXEMPLAR_ALWAYS_ON);
    otel_instrument *g = otel_gauge_create("g", "1", "");
    otel_gauge_set(g, 9, NULL, 0);
    otel_metrics_collect();
    point p = find("g");
    CHECK(p.p.exemplar_count == 1 && p.p.exemplars[0].as_int == 9);
    static const uint8_t zero[16];
    CHECK(p.p.exemplar_count == 1 && memcmp(p.p.exemplars[0].trace_id, zero, 16) == 0);   /* no span */
    tu_shutdown();
    init_filter(OTEL_EXEMPLAR_ALWAYS_OFF);
    g = otel_gauge_create("g", "1", "");
    otel_span *s = otel_span_begin("work", OTEL_SPAN_KIND_INTERNAL);
    otel_gauge_set(g, 9, NULL, 0);
    otel_span_end(s);
    otel_metrics_collect();
    p = find("g");
    CHECK(p.found && p.p.exemplar_count == 0);
    tu_shutdown();
}

/* each thread records its own values (id * 1000 + k, one bucket per
   thread) inside its own span; every exemplar read must pair a thread's
   value with that thread's span */
#define NT 4
#define PER (TSAN ? 20000 : 200000)
static otel_instrument *g_h;
static uint8_t g_trace[NT][16];
static int g_ready, g_done;
static const double g_bounds[] = {1000, 2000, 3000, 4000};
static otel_instrument *g_f;
static void *rec(void *arg) {
    long id = (long)arg;
    otel_span *s = otel_span_begin("thread", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context c = otel_span_get_context(s);
    memcpy(g_trace[id], c.trace_id, 16);
    __atomic_fetch_add(&g_ready, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&g_ready, __ATOMIC_ACQUIRE) < NT) {}
    char name[8] = {'t', (char)('0' + id), 0};   /* (a buffer of the thread's: copied) */
    otel_attr a = OTEL_ATTR_STR("thread", name);
    for (int k = 0; k < PER; k++) {
        otel_histogram_record(g_h, (double)(id * 1000 + 1 + k % 900), NULL, 0);
        otel_counter_add(g_f, id * 1000 + 1 + k % 900, &a, 1);   /* its exemplars keep "thread" (the view removes it) */
    }
    otel_span_end(s);
    __atomic_fetch_add(&g_done, 1, __ATOMIC_RELEASE);
    return NULL;
}
/* a view that leaves attributes out: the exemplar keeps them, within
   OTEL_EXEMPLAR_ATTRS and OTEL_EXEMPLAR_ATTR_BYTES (the rest counted) */
static const char *g_attr_str(const otel_exemplar *e, const char *key, size_t *len) {
    for (size_t i = 0; i < e->filtered_attribute_count; i++)
        if (strcmp(e->filtered_attributes[i].key, key) == 0 && e->filtered_attributes[i].type == OTEL_TYPE_STRING) {
            *len = e->filtered_attributes[i].v.str.len;
            return e->filtered_attributes[i].v.str.ptr;
        }
    return NULL;
}
TEST(filtered_attributes) {
    static const char *const keep[] = {"route"}, *const excl[] = {"user"};
    static const otel_view v[] = {
        {.instrument_name = "kept", .attribute_keys = keep, .attribute_key_count = 1},
        {.instrument_name = "excl", .excluded_attribute_keys = excl, .excluded_attribute_key_count = 1},
        {.instrument_name = "excl", .name = "excl.all"},   /* a second stream that keeps every key: none filtered */
    };
    otel_config c;
    tu_config(&c);
    c.views = v; c.view_count = 3;
    c.metric_exemplar_filter = OTEL_EXEMPLAR_ALWAYS_ON;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_instrument *k = otel_counter_create("kept", "1", ""), *h = otel_histogram_create("excl", "ms", "", NULL, 0);
    char user[8] = "u-1";   /* the caller's buffer: copied, changed after */
    static const char big[] = "0123456789012345678901234567890123456789012345678901234567890123456789";
    otel_attr a[7] = {OTEL_ATTR_STR("route", "/a"), OTEL_ATTR_STR("user", user), OTEL_ATTR_INT("n", 7),
                      OTEL_ATTR_DOUBLE("d", 1.5), OTEL_ATTR_BOOL("b", 1), OTEL_ATTR_STR("big", big), OTEL_ATTR_INT("fifth", 5)};
    otel_counter_add(k, 1, a, 7);   /* 6 left out: route kept; big over the bytes, fifth over the count */
    otel_histogram_record(h, 3, a, 2);
    strcpy(user, "XXX");
    uint64_t d0;
    otel_stats st;
    otel_stats_get(&st);
    d0 = st.exemplar_attributes_dropped;
    CHECK_EQ_INT(d0, 2);
    otel_metrics_collect();
    point p = find("kept");
    CHECK(p.found && p.p.exemplar_count == 1);
    if (p.p.exemplar_count == 1) {
        const otel_exemplar *e = &p.p.exemplars[0];
        CHECK_EQ_INT(e->filtered_attribute_count, 4);
        size_t len = 0;
        const char *u = g_attr_str(e, "user", &len);
        CHECK(u && len == 3 && memcmp(u, "u-1", 3) == 0);
        CHECK(e->filtered_attribute_count == 4 && e->filtered_attributes[1].type == OTEL_TYPE_INT &&
              e->filtered_attributes[1].v.i == 7 && e->filtered_attributes[2].v.d == 1.5 && e->filtered_attributes[3].v.b);
        CHECK(g_attr_str(e, "route", &len) == NULL);
    }
    p = find("excl");
    CHECK(p.found && p.p.exemplar_count == 1);
    if (p.p.exemplar_count == 1) {
        size_t len = 0;
        CHECK(p.p.exemplars[0].filtered_attribute_count == 1 && g_attr_str(&p.p.exemplars[0], "user", &len) && len == 3);
    }
    p = find("excl.all");
    CHECK(p.found && p.p.exemplar_count == 1 && p.p.exemplars[0].filtered_attribute_count == 0);
    tu_shutdown();
}

/* a view chooses the reservoir: none, simple fixed-size of k, aligned */
TEST(reservoir_per_view) {
    static const otel_view v[] = {
        {.instrument_name = "none", .exemplar_reservoir = OTEL_EXEMPLAR_RESERVOIR_NONE},
        {.instrument_name = "simple4", .exemplar_reservoir = OTEL_EXEMPLAR_RESERVOIR_SIMPLE, .exemplar_reservoir_size = 4},
        {.instrument_name = "hsimple", .exemplar_reservoir = OTEL_EXEMPLAR_RESERVOIR_SIMPLE, .exemplar_reservoir_size = 2},
        {.instrument_name = "caligned", .exemplar_reservoir = OTEL_EXEMPLAR_RESERVOIR_ALIGNED},   /* not a histogram: warned, default */
        {.instrument_name = "haligned", .exemplar_reservoir = OTEL_EXEMPLAR_RESERVOIR_ALIGNED},
    };
    otel_config c;
    tu_config(&c);
    c.views = v; c.view_count = 5;
    c.metric_exemplar_filter = OTEL_EXEMPLAR_ALWAYS_ON;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_instrument *none = otel_counter_create("none", "1", ""), *s4 = otel_counter_create("simple4", "1", "");
    otel_instrument *hs = otel_histogram_create("hsimple", "ms", "", NULL, 0), *ca = otel_counter_create("caligned", "1", "");
    otel_instrument *ha = otel_histogram_create("haligned", "ms", "", NULL, 0);
    for (int i = 1; i <= 3; i++) { otel_counter_add(none, i, NULL, 0); otel_counter_add(s4, i, NULL, 0); otel_counter_add(ca, i, NULL, 0); }
    static const double hv[] = {1, 30, 300, 3000, 1, 30};
    for (int i = 0; i < 6; i++) { otel_histogram_record(hs, hv[i], NULL, 0); otel_histogram_record(ha, hv[i], NULL, 0); }
    otel_metrics_collect();
    CHECK_EQ_INT(find("none").p.exemplar_count, 0);
    point p = find("simple4");
    CHECK_EQ_INT(p.p.exemplar_count, 3);   /* fewer measurements than cells: each kept */
    int64_t seen = 0;
    for (size_t i = 0; i < p.p.exemplar_count; i++) seen |= 1 << p.p.exemplars[i].as_int;
    CHECK_EQ_INT(seen, 2 | 4 | 8);
    CHECK_EQ_INT(find("hsimple").p.exemplar_count, 2);   /* 2 of 4 buckets' measurements */
    CHECK_EQ_INT(find("caligned").p.exemplar_count, 1);
    CHECK_EQ_INT(find("haligned").p.exemplar_count, 4);
    /* simple: each of 8 measurements equally likely to be among the 4 kept */
    int kept[9] = {0};
    for (int round = 0; round < 2000; round++) {
        for (int i = 1; i <= 8; i++) otel_counter_add(s4, i, NULL, 0);
        otel_metrics_collect();
        p = find("simple4");
        CHECK_EQ_INT(p.p.exemplar_count, 4);
        for (size_t i = 0; i < p.p.exemplar_count; i++)
            if (p.p.exemplars[i].as_int >= 1 && p.p.exemplars[i].as_int <= 8) kept[p.p.exemplars[i].as_int]++;
    }
    for (int i = 1; i <= 8; i++) CHECK(kept[i] > 850 && kept[i] < 1150);   /* 1000 expected each */
    tu_shutdown();
}

/* a reservoir of one's own: offer sees value, attributes, span context and
   time; collect's exemplars are the point's */
static struct {
    int offers, with_ctx; size_t last_n; int64_t last; uint64_t last_time;
    uint8_t last_span[8]; const void *series;
} g_res;
static void res_offer(void *user, const void *series, const otel_exemplar *m, const otel_attr *attrs, size_t n,
                      const otel_span_context *ctx) {
    (void)user; (void)attrs;
    g_res.offers++;
    g_res.with_ctx += ctx != NULL;
    g_res.last_n = n; g_res.last = m->as_int; g_res.last_time = m->time_ns;
    memcpy(g_res.last_span, m->span_id, 8);
    g_res.series = series;
}
static const otel_attr g_res_attr = OTEL_ATTR_STR("chosen.by", "mine");
static size_t res_collect(void *user, const void *series, otel_exemplar *out, size_t max) {
    (void)user;
    if (series != g_res.series || max < 1 || !g_res.offers) return 0;
    memset(out, 0, sizeof *out);
    out->time_ns = g_res.last_time; out->as_int = g_res.last * 100; out->as_double = (double)out->as_int;
    memcpy(out->span_id, g_res.last_span, 8);
    out->filtered_attributes = &g_res_attr; out->filtered_attribute_count = 1;
    g_res.offers = 0;
    return 1;
}
static const otel_exemplar_reservoir g_reservoir = {res_offer, res_collect, NULL};
TEST(user_reservoir) {
    static const otel_exemplar_reservoir bad = {res_offer, NULL, NULL};
    static const otel_view v[] = {
        {.instrument_name = "mine", .exemplar_reservoir_impl = &g_reservoir},
        {.instrument_name = "bad", .exemplar_reservoir_impl = &bad},   /* no collect: warned, ignored */
    };
    otel_config c;
    tu_config(&c);
    c.views = v; c.view_count = 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);   /* trace_based */
    memset(&g_res, 0, sizeof g_res);
    otel_instrument *m = otel_counter_create("mine", "1", ""), *b = otel_counter_create("bad", "1", "");
    otel_attr a[2] = {OTEL_ATTR_STR("route", "/a"), OTEL_ATTR_INT("port", 1)};
    otel_counter_add(m, 1, a, 2);          /* outside a span: the filter keeps it from the reservoir */
    CHECK_EQ_INT(g_res.offers, 0);
    otel_span *s = otel_span_begin("work", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context ctx = otel_span_get_context(s);
    otel_counter_add(m, 7, a, 2);
    otel_counter_add(b, 1, NULL, 0);
    otel_span_end(s);
    CHECK(g_res.offers == 1 && g_res.with_ctx == 1 && g_res.last_n == 2 && g_res.last == 7 && g_res.last_time > 0);
    CHECK(memcmp(g_res.last_span, ctx.span_id, 8) == 0);
    otel_metrics_collect();
    point p = find("mine");
    CHECK(p.found && p.p.series == g_res.series && p.p.as_int == 8);
    CHECK(p.p.exemplar_count == 1 && p.p.exemplars[0].as_int == 700 && p.p.exemplars[0].filtered_attribute_count == 1);
    CHECK_EQ_INT(find("bad").p.exemplar_count, 1);   /* the built-in one */
    tu_shutdown();
}

TEST(whole_exemplars_under_threads) {
    static const char *const excl[] = {"thread"};
    static const otel_view v[] = {{.instrument_name = "f", .excluded_attribute_keys = excl, .excluded_attribute_key_count = 1}};
    otel_config c;
    tu_config(&c);
    c.views = v; c.view_count = 1;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    g_h = otel_histogram_create("t", "1", "", g_bounds, 4);
    g_f = otel_counter_create("f", "1", "");
    g_ready = g_done = 0;
    pthread_t th[NT];
    for (long i = 0; i < NT; i++) pthread_create(&th[i], NULL, rec, (void *)i);
    while (__atomic_load_n(&g_ready, __ATOMIC_ACQUIRE) < NT) {}
    size_t seen = 0, torn = 0;
    for (;;) {
        int done = __atomic_load_n(&g_done, __ATOMIC_ACQUIRE) == NT;
        otel_metrics_collect();
        point p = find("t");
        for (size_t i = 0; i < p.p.exemplar_count; i++) {
            const otel_exemplar *e = &p.p.exemplars[i];
            long id = (long)(e->as_double / 1000);
            seen++;
            if (id < 0 || id >= NT || memcmp(e->trace_id, g_trace[id], 16) != 0) torn++;
        }
        p = find("f");
        for (size_t i = 0; i < p.p.exemplar_count; i++) {
            const otel_exemplar *e = &p.p.exemplars[i];
            long id = (long)(e->as_int / 1000);
            size_t len = 0;
            const char *t = g_attr_str(e, "thread", &len);
            seen++;
            if (id < 0 || id >= NT || memcmp(e->trace_id, g_trace[id], 16) != 0 || !t || len != 2 || t[1] != '0' + id) torn++;
        }
        if (done) break;
    }
    for (int i = 0; i < NT; i++) pthread_join(th[i], NULL);
    CHECK(seen > 0);
    CHECK_EQ_INT(torn, 0);
    tu_shutdown();
}

int main(void) {
    tu_clear_env();
    RUN(trace_based);
    RUN(uniform_sampling);
    RUN(always_on_and_off);
    RUN(filtered_attributes);
    RUN(reservoir_per_view);
    RUN(user_reservoir);
    RUN(whole_exemplars_under_threads);
    return test_summary("metrics_exemplars");
}
