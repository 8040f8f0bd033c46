/* Several meter providers (otel_meter_provider_create): each a set of the
   configured metric readers. Two providers over two readers, with the same
   meter and instrument names: each reader sees only its provider's points,
   the default provider's instruments reach both, a meter is its
   provider's own (another scope), bad masks, foreign handles and a full
   table fall back to the default provider, and threads make providers at
   once. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>

/* reader r collected: the value (sum) of stream `name` under meter
   `meter`; *np: how many such points */
static int64_t value_of(unsigned r, const char *meter, const char *name, int *np) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int64_t v = 0;
    *np = 0;
    otel_metrics_collect_reader(r);
    while (otel_metrics_next(&it, &mi, &p))
        if (strcmp(mi.name, name) == 0 && strcmp(mi.scope->name, meter) == 0) { v += p.as_int; (*np)++; }
    return v;
}
static void init2(void) {
    static const int readers[] = {OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_CUMULATIVE};
    otel_config c;
    tu_config(&c);
    c.metric_readers = readers; c.metric_reader_count = 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
}

TEST(each_reader_sees_its_providers_points) {
    init2();
    otel_meter_provider *pa = otel_meter_provider_create(1u), *pb = otel_meter_provider_create(2u);
    CHECK(pa && pb && pa != pb);
    otel_meter ma = otel_meter_provider_meter_get(pa, "app", "1.0", NULL);
    otel_meter mb = otel_meter_provider_meter_get(pb, "app", "1.0", NULL);
    otel_meter md = otel_meter_get("app", "1.0", NULL);
    CHECK(ma && mb && md && ma != mb && ma != md && mb != md);   /* same name, three providers: three meters */
    CHECK(otel_meter_provider_meter_get(pa, "app", "1.0", NULL) == ma);   /* the same again: the same meter */
    CHECK(otel_meter_provider_meter_get(NULL, "app", "1.0", NULL) == md);
    otel_instrument *ca = otel_meter_instrument_create(ma, OTEL_INSTRUMENT_COUNTER, 0, "jobs", "1", "", NULL, 0);
    otel_instrument *cb = otel_meter_instrument_create(mb, OTEL_INSTRUMENT_COUNTER, 0, "jobs", "1", "", NULL, 0);
    otel_instrument *cd = otel_meter_instrument_create(md, OTEL_INSTRUMENT_COUNTER, 0, "jobs", "1", "", NULL, 0);
    otel_instrument *cg = otel_counter_create("jobs", "1", "");   /* the default meter of the default provider */
    CHECK(ca && cb && cd && cg && ca != cb && ca != cd && cb != cd);
    otel_counter_add(ca, 1, NULL, 0);
    otel_counter_add(cb, 20, NULL, 0);
    otel_counter_add(cd, 300, NULL, 0);
    otel_counter_add(cg, 4000, NULL, 0);
    int n;
    /* reader 0: provider A's and the default provider's */
    CHECK_EQ_INT(value_of(0, "app", "jobs", &n), 301); CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(value_of(0, "otel.h", "jobs", &n), 4000); CHECK_EQ_INT(n, 1);
    /* reader 1: provider B's and the default provider's */
    CHECK_EQ_INT(value_of(1, "app", "jobs", &n), 320); CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(value_of(1, "otel.h", "jobs", &n), 4000); CHECK_EQ_INT(n, 1);
    /* a point's scope tells the meters apart */
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int seen_b = 0, seen_a = 0;
    otel_metrics_collect_reader(1);
    while (otel_metrics_next(&it, &mi, &p)) { seen_b += mi.scope == mb; seen_a += mi.scope == ma; }
    CHECK_EQ_INT(seen_b, 1); CHECK_EQ_INT(seen_a, 0);
    /* a provider over both readers */
    otel_meter_provider *pab = otel_meter_provider_create(3u);
    otel_instrument *cab = otel_meter_instrument_create(otel_meter_provider_meter_get(pab, "both", NULL, NULL),
                                                        OTEL_INSTRUMENT_COUNTER, 0, "jobs", "1", "", NULL, 0);
    otel_counter_add(cab, 7, NULL, 0);
    CHECK_EQ_INT(value_of(0, "both", "jobs", &n), 7); CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(value_of(1, "both", "jobs", &n), 7); CHECK_EQ_INT(n, 1);
    /* a provider's meter switched off: only its own */
    CHECK_EQ_INT(otel_meter_set_enabled(ma, 0), OTEL_OK);
    otel_counter_add(ca, 1, NULL, 0);
    otel_counter_add(cd, 1, NULL, 0);
    CHECK_EQ_INT(value_of(0, "app", "jobs", &n), 301); CHECK_EQ_INT(n, 1);
    tu_shutdown();
}

TEST(a_gauge_follows_its_provider) {
    init2();
    otel_meter mb = otel_meter_provider_meter_get(otel_meter_provider_create(2u), "obs", NULL, NULL);
    otel_instrument *g = otel_meter_instrument_create(mb, OTEL_INSTRUMENT_GAUGE, 0, "level", "1", "", NULL, 0);
    otel_gauge_set(g, 5, NULL, 0);
    int n;
    CHECK_EQ_INT(value_of(0, "obs", "level", &n), 0); CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(value_of(1, "obs", "level", &n), 5); CHECK_EQ_INT(n, 1);
    tu_shutdown();
}

TEST(bad_masks_and_a_full_table) {
    init2();
    CHECK(otel_meter_provider_create(0) == NULL);          /* no reader */
    CHECK(otel_meter_provider_create(4u | 8u) == NULL);    /* none configured */
    otel_meter_provider *p = otel_meter_provider_create(2u | 4u);   /* reader 2 ignored */
    CHECK(p != NULL);
    otel_instrument *c = otel_meter_instrument_create(otel_meter_provider_meter_get(p, "m", NULL, NULL),
                                                      OTEL_INSTRUMENT_COUNTER, 0, "c", "1", "", NULL, 0);
    otel_counter_add(c, 2, NULL, 0);
    int n;
    CHECK_EQ_INT(value_of(0, "m", "c", &n), 0); CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(value_of(1, "m", "c", &n), 2); CHECK_EQ_INT(n, 1);
    /* a pointer that is no provider: the default one */
    static otel_meter_provider *bogus;
    bogus = (otel_meter_provider *)&n;
    CHECK(otel_meter_provider_meter_get(bogus, "m", NULL, NULL) == otel_meter_get("m", NULL, NULL));
    /* the table (the default counts) */
    int made = 2;
    while (otel_meter_provider_create(1u)) made++;
    CHECK_EQ_INT(made, OTEL_MAX_METER_PROVIDERS);
    tu_shutdown();
    /* a new init empties it */
    init2();
    CHECK(otel_meter_provider_create(1u) != NULL);
    tu_shutdown();
    /* without otel_init: nothing */
    CHECK(otel_meter_provider_create(1u) == NULL);
    CHECK(otel_meter_provider_meter_get(NULL, "m", NULL, NULL) == NULL);
}

/* threads making providers, meters and instruments and recording at once,
   while the main thread collects: each thread's provider is its own */
#define THREADS 4
static otel_meter_provider *tp[THREADS];
static void *maker(void *arg) {
    int t = (int)(intptr_t)arg;
    for (int i = 0; i < 200; i++) {
        if (!tp[t]) tp[t] = otel_meter_provider_create(1u << (t & 1));
        otel_meter m = otel_meter_provider_meter_get(tp[t], "thr", NULL, NULL);
        otel_counter_add(otel_meter_instrument_create(m, OTEL_INSTRUMENT_COUNTER, 0, "ops", "1", "", NULL, 0), 1, NULL, 0);
    }
    return NULL;
}
TEST(providers_made_from_several_threads) {
    init2();
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, maker, (void *)(intptr_t)i);
    int n;
    for (int i = 0; i < 20; i++) { value_of(0, "thr", "ops", &n); value_of(1, "thr", "ops", &n); }
    for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < THREADS; i++)
        for (int j = 0; j < i; j++) CHECK(tp[i] && tp[i] != tp[j]);
    /* readers 0 and 1 each: two threads' providers, 200 each */
    CHECK_EQ_INT(value_of(0, "thr", "ops", &n), 400); CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(value_of(1, "thr", "ops", &n), 400); CHECK_EQ_INT(n, 2);
    tu_shutdown();
}

int main(void) {
    RUN(each_reader_sees_its_providers_points);
    RUN(a_gauge_follows_its_provider);
    RUN(bad_masks_and_a_full_table);
    RUN(providers_made_from_several_threads);
    return test_summary("metrics_providers");
}
