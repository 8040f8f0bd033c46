/* Exporter settings: OTEL_BLRP_EXPORT_TIMEOUT bounds a log export on the
   timer (and OTEL_BSP_EXPORT_TIMEOUT a span export), seen as the timeout a
   custom transport is given; the OTEL_BLRP_* variables from the
   environment take effect, and OTEL_METRIC_EXPORT_INTERVAL / _TIMEOUT;
   OTEL_LOG_LEVEL silences the library's warnings.
   The protocol-mismatch warnings, INSECURE and the User-Agent are checked
   against real servers: tests/node/settings_check.js, conformance.js. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include "test_core_util.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int logs_timeout = -1, spans_timeout = -1;
static int rec(void *u, const char *path, const char *ct, const void *b, size_t n, int timeout_ms, otel_transport_result *r) {
    (void)u; (void)ct; (void)b; (void)n;
    pthread_mutex_lock(&mu);
    if (strcmp(path, "/v1/logs") == 0) logs_timeout = timeout_ms;
    if (strcmp(path, "/v1/traces") == 0) spans_timeout = timeout_ms;
    pthread_mutex_unlock(&mu);
    r->http_status = 200;
    return OTEL_OK;
}

TEST(blrp_export_timeout) {
    tu_clear_env();
    otel_export_config e;
    memset(&e, 0, sizeof e);
    e.transport = rec;
    e.schedule_delay_ms = 10;
    e.logs_schedule_delay_ms = 10;
    e.timeout_ms = 20000;                 /* per request: larger than both export timeouts */
    e.export_timeout_ms = 15000;
    e.logs_export_timeout_ms = 250;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &e;
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    otel_span_end(otel_span_begin("s", OTEL_SPAN_KIND_INTERNAL));
    otel_log(OTEL_SEVERITY_INFO, "a log record", NULL, 0);
    for (int i = 0; i < 300; i++) {   /* the timer exports them (up to 3 s) */
        pthread_mutex_lock(&mu);
        int done = logs_timeout >= 0 && spans_timeout >= 0;
        pthread_mutex_unlock(&mu);
        if (done) break;
        struct timespec ts = {0, 10000000L};
        nanosleep(&ts, NULL);
    }
    pthread_mutex_lock(&mu);
    CHECK(logs_timeout > 0 && logs_timeout <= 250);
    CHECK(spans_timeout > 250 && spans_timeout <= 15000);
    pthread_mutex_unlock(&mu);
    otel_shutdown(1000);
}

/* OTEL_BLRP_* from the environment: the schedule delay (a lone record
   waits for it), the batch size (requests of 3), the queue size (what does
   not fit while an export is under way is dropped and counted) and the
   export timeout (the timeout the transport is given) */
static int blrp_requests, blrp_timeout = -1, blrp_hold, blrp_entered;
static int rec_logs(void *u, const char *path, const char *ct, const void *b, size_t n, int timeout_ms, otel_transport_result *r) {
    (void)u; (void)ct; (void)b; (void)n;
    r->http_status = 200;
    if (strcmp(path, "/v1/logs") != 0) return OTEL_OK;
    pthread_mutex_lock(&mu);
    blrp_requests++;
    blrp_timeout = timeout_ms;
    blrp_entered = 1;
    pthread_mutex_unlock(&mu);
    while (__atomic_load_n(&blrp_hold, __ATOMIC_ACQUIRE)) {
        struct timespec ts = {0, 1000000L};
        nanosleep(&ts, NULL);
    }
    return OTEL_OK;
}
static int blrp_get(int *v) { pthread_mutex_lock(&mu); int x = *v; pthread_mutex_unlock(&mu); return x; }
static void sleep_ms(int ms) { struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L}; nanosleep(&ts, NULL); }
TEST(blrp_from_the_environment) {
    tu_clear_env();
    setenv("OTEL_BLRP_EXPORT_TIMEOUT", "300", 1);
    setenv("OTEL_BLRP_SCHEDULE_DELAY", "60000", 1);
    setenv("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "3", 1);
    setenv("OTEL_BLRP_MAX_QUEUE_SIZE", "5", 1);
    setenv("OTEL_METRICS_EXPORTER", "none", 1);
    otel_export_config e;
    memset(&e, 0, sizeof e);
    e.transport = rec_logs;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.exporter = &e;
    c.processor = NULL;
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    /* a lone record waits for the delay (the default, 1 s, would have sent it) */
    otel_log(OTEL_SEVERITY_INFO, "one", NULL, 0);
    sleep_ms(1500);
    CHECK_EQ_INT(blrp_get(&blrp_requests), 0);
    /* 5 records (the queue's size): a full batch of 3 goes at once, the
       other two wait for the flush */
    for (int i = 0; i < 4; i++) otel_log(OTEL_SEVERITY_INFO, "more", NULL, 0);
    for (int i = 0; i < 300 && blrp_get(&blrp_requests) < 1; i++) sleep_ms(10);
    sleep_ms(200);
    CHECK_EQ_INT(blrp_get(&blrp_requests), 1);
    int t = blrp_get(&blrp_timeout);
    CHECK(t > 0 && t <= 300);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    CHECK_EQ_INT(blrp_get(&blrp_requests), 2);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.logs_exported, 5);
    /* while an export is held, 20 records meet a queue of 5 */
    otel_stats before, after;
    otel_stats_get(&before);
    __atomic_store_n(&blrp_hold, 1, __ATOMIC_RELEASE);
    pthread_mutex_lock(&mu); blrp_entered = 0; pthread_mutex_unlock(&mu);
    for (int i = 0; i < 3; i++) otel_log(OTEL_SEVERITY_INFO, "held", NULL, 0);
    for (int i = 0; i < 300 && !blrp_get(&blrp_entered); i++) sleep_ms(10);
    CHECK(blrp_get(&blrp_entered));
    for (int i = 0; i < 20; i++) otel_log(OTEL_SEVERITY_INFO, "queued", NULL, 0);
    __atomic_store_n(&blrp_hold, 0, __ATOMIC_RELEASE);
    CHECK_EQ_INT(otel_flush(3000), OTEL_OK);
    otel_stats_get(&after);
    uint64_t dropped = after.logs_export_dropped - before.logs_export_dropped;
    CHECK(dropped >= 14 && dropped <= 18);
    CHECK_EQ_INT(after.logs_exported - before.logs_exported, 23 - dropped);
    otel_shutdown(1000);
    unsetenv("OTEL_BLRP_EXPORT_TIMEOUT"); unsetenv("OTEL_BLRP_SCHEDULE_DELAY");
    unsetenv("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"); unsetenv("OTEL_BLRP_MAX_QUEUE_SIZE"); unsetenv("OTEL_METRICS_EXPORTER");
}

/* OTEL_METRIC_EXPORT_INTERVAL and _TIMEOUT from the environment: metrics
   are pushed every 100 ms (the default, 60 s, would send none in the
   time waited) and each push is given at most 250 ms (the per-request
   timeout, 20 s, is larger) */
static int metric_requests, metric_timeout = -1;
static int rec_metrics(void *u, const char *path, const char *ct, const void *b, size_t n, int timeout_ms, otel_transport_result *r) {
    (void)u; (void)ct; (void)b; (void)n;
    r->http_status = 200;
    if (strcmp(path, "/v1/metrics") != 0) return OTEL_OK;
    pthread_mutex_lock(&mu);
    metric_requests++;
    if (metric_timeout < 0 || timeout_ms > metric_timeout) metric_timeout = timeout_ms;
    pthread_mutex_unlock(&mu);
    return OTEL_OK;
}
TEST(metric_export_from_the_environment) {
    tu_clear_env();
    setenv("OTEL_METRIC_EXPORT_INTERVAL", "100", 1);
    setenv("OTEL_METRIC_EXPORT_TIMEOUT", "250", 1);
    setenv("OTEL_TRACES_EXPORTER", "none", 1);
    setenv("OTEL_LOGS_EXPORTER", "none", 1);
    setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "20000", 1);
    otel_export_config e;
    memset(&e, 0, sizeof e);
    e.transport = rec_metrics;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.exporter = &e;
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    otel_instrument *ctr = otel_counter_create("ticks", "1", "");
    for (int i = 0; i < 12; i++) {   /* 1.2 s: about 12 intervals */
        otel_counter_add(ctr, 1, NULL, 0);
        sleep_ms(100);
    }
    int n = blrp_get(&metric_requests), t = blrp_get(&metric_timeout);
    CHECK(n >= 4);
    CHECK(t > 0 && t <= 250);
    otel_shutdown(1000);
    unsetenv("OTEL_METRIC_EXPORT_INTERVAL"); unsetenv("OTEL_METRIC_EXPORT_TIMEOUT"); unsetenv("OTEL_TRACES_EXPORTER");
    unsetenv("OTEL_LOGS_EXPORTER"); unsetenv("OTEL_EXPORTER_OTLP_TIMEOUT");
}

static int env_init(void) {
    otel_config c;
    tu_config(&c);
    c.ignore_env = 0;
    return tu_init_cfg(&c);
}

TEST(log_level) {
    tu_clear_env();
    static const char *const quiet[] = {"error", "NONE", "off", "fatal"};
    for (size_t i = 0; i < 4; i++) {
        setenv("OTEL_LOG_LEVEL", quiet[i], 1);
        setenv("OTEL_TRACES_SAMPLER", "no_such_sampler", 1);   /* warned at init */
        tu_capture_begin();
        CHECK_EQ_INT(env_init(), OTEL_OK);
        const char *out = tu_capture_end();
        CHECK(strstr(out, "no_such_sampler") == NULL);
        tu_shutdown();
    }
    setenv("OTEL_LOG_LEVEL", "info", 1);
    tu_capture_begin();
    CHECK_EQ_INT(env_init(), OTEL_OK);
    CHECK(strstr(tu_capture_end(), "no_such_sampler") != NULL);
    tu_shutdown();
    unsetenv("OTEL_LOG_LEVEL");
    unsetenv("OTEL_TRACES_SAMPLER");
}

int main(void) {
    RUN(blrp_export_timeout);
    RUN(blrp_from_the_environment);
    RUN(log_level);
    RUN(metric_export_from_the_environment);
    return test_summary("export-settings");
}
