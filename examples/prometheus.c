/* prometheus.c - metrics scraped by Prometheus: a counter, an up-down
   counter, a histogram, observable instruments and a gauge on a named
   meter, served on localhost:9464/metrics while the program runs.
     OTEL_METRICS_EXPORTER=prometheus ./prometheus [seconds]   (default 30)
     ./prometheus 30 plain   the reader set in code: no otel_scope_* labels, no
                             _total, no unit suffixes, a delta preference
                             (ignored: cumulative)
   OTEL_EXPORTER_PROMETHEUS_HOST / _PORT choose the address. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long queued = 3;
/* read at each scrape, on the background thread */
static void observe(otel_observer *obs, void *user) {
    otel_instrument **inst = (otel_instrument **)user;
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    otel_observe_double(obs, inst[0], (double)ts.tv_sec + ts.tv_nsec / 1e9, NULL, 0);
    static const int64_t shards[] = {1, 2};
    static const char *const zones[] = {"eu-1"};
    otel_attr q[3] = {OTEL_ATTR_STR("queue", "jobs"), OTEL_ATTR_INT_ARRAY("shards", shards, 2),   /* arrays: JSON label values */
                      OTEL_ATTR_STR_ARRAY("zones", zones, 1)};
    otel_observe(obs, inst[1], __atomic_load_n(&queued, __ATOMIC_RELAXED), q, 3);
}

int main(int argc, char **argv) {
    int seconds = argc > 1 ? atoi(argv[1]) : 30;
    int plain = argc > 2 && strcmp(argv[2], "plain") == 0;
    static const otel_metric_reader reader = {.exporter = "prometheus", .temporality = OTEL_TEMPORALITY_DELTA,
                                              .without_scope_info = 1, .without_type_suffix = 1, .without_units = 1};
    otel_export_config ex = {.metric_readers = &reader, .metric_reader_count = 1};
    otel_config cfg = {.exporter = &ex};
    otel_init(plain ? &cfg : NULL);
    otel_instrument *backlog = plain ? otel_updown_counter_create("jobs.backlog", "{job}", "Jobs waiting") : NULL;
    otel_instrument *requests = otel_counter_create("http.server.requests", "{request}", "Requests served");
    otel_instrument *active = otel_updown_counter_create("http.server.active_requests", "{request}", "Requests in flight");
    static const double bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
    otel_instrument *duration = otel_histogram_create("http.server.request.duration", "s", "Time to answer", bounds, 8);
    static otel_instrument *observed[2];
    observed[0] = otel_observable_counter_create_double("process.cpu.time", "s", "CPU time used", NULL, NULL);
    observed[1] = otel_observable_gauge_create("queue.length", "{item}", "Items waiting", NULL, NULL);
    otel_callback_register(observe, observed, observed, 2);
    /* a gauge on a meter of its own, with scope attributes: otel_scope_* labels */
    otel_attr scope_attrs[1] = {OTEL_ATTR_STR("library.tier", "storage")};
    otel_meter db = otel_scope_get("example.db", "1.2.0", "https://opentelemetry.io/schemas/1.26.0", scope_attrs, 1);
    otel_instrument *pool = otel_meter_instrument_create(db, OTEL_INSTRUMENT_GAUGE, 0, "db.pool.connections",
                                                         "{connection}", "Connections open", NULL, 0);
    /* two keys that sanitize to one label name: one label, "b;a" (values in the order of the keys) */
    otel_instrument *jobs = otel_counter_create("jobs.done", "{job}", "Jobs finished");
    otel_attr ja[2] = {OTEL_ATTR_STR("job_kind", "a"), OTEL_ATTR_STR("job.kind", "b")};
    otel_counter_add(jobs, 1, ja, 2);
    /* the same name in another meter: one family (one HELP and TYPE), the points of both */
    otel_instrument *db_jobs = otel_meter_instrument_create(db, OTEL_INSTRUMENT_COUNTER, 0, "jobs.done", "{job}",
                                                            "Jobs finished", NULL, 0);
    otel_counter_add(db_jobs, 2, NULL, 0);
    if (plain) {   /* the same name as a gauge, in a third meter: left out, with a warning */
        otel_meter other = otel_scope_get("example.other", NULL, NULL, NULL, 0);
        otel_gauge_set(otel_meter_instrument_create(other, OTEL_INSTRUMENT_GAUGE, 0, "jobs.done", "{job}", "Jobs", NULL, 0), 7, NULL, 0);
    }
    const char *routes[3] = {"/users", "/orders", "/health"};
    for (long i = 0; i < seconds * 100L; i++) {   /* a request every 10 ms */
        otel_attr a[2] = {OTEL_ATTR_STR("http.route", routes[i % 3]), OTEL_ATTR_INT("http.response.status_code", i % 10 ? 200 : 500)};
        otel_counter_add(active, 1, NULL, 0);
        otel_counter_add(requests, 1, a, 2);
        otel_histogram_record(duration, (double)(i % 50) / 100.0, a, 2);
        otel_counter_add(active, -1, NULL, 0);
        if (backlog) otel_counter_add(backlog, 1, NULL, 0);
        __atomic_store_n(&queued, i % 7, __ATOMIC_RELAXED);
        otel_attr pa[1] = {OTEL_ATTR_STR("pool.name", "main")};
        otel_gauge_set(pool, i % 5, pa, 1);
        struct timespec ts = {0, 10000000L};
        nanosleep(&ts, NULL);
    }
    return otel_shutdown(2000);
}
