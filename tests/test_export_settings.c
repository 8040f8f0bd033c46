/* Exporter settings: OTEL_BLRP_EXPORT_TIMEOUT bounds a log export on the
   timer (and OTEL_BSP_EXPORT_TIMEOUT a span export), seen as the timeout a
   custom transport is given; OTEL_LOG_LEVEL silences the library's warnings.
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
    RUN(log_level);
    return test_summary("export-settings");
}
