/* OTEL_TRACES_EXPORTER / OTEL_LOGS_EXPORTER / OTEL_METRICS_EXPORTER as
   comma-separated lists, each signal on its own: the list parser (unknown
   names warned, the rest kept; none beside others ignored), otlp and
   console at once (the exporter and the console printer both see every
   span), console spans with OTLP metrics and no log records (and
   otel_logger_enabled 0 then), and the console alone printing every
   signal as before. The exporter goes through
   a custom transport (no sockets). */
#define OTEL_WARN_INTERVAL_MS 1
#define OTEL_LOG(msg) on_log(msg)
static void on_log(const char *m);
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static char warned[8192];
static void on_log(const char *m) {
    pthread_mutex_lock(&log_mu);
    size_t n = strlen(warned);
    snprintf(warned + n, sizeof warned - n, "%s\n", m);
    pthread_mutex_unlock(&log_mu);
}

static struct {
    pthread_mutex_t mu;
    int traces, metrics, logs;    /* requests per path */
    size_t spans;                 /* "spanId" in the traces requests */
} R = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0 };
static int transport(void *u, const char *path, const char *ct, const void *body, size_t len, int timeout_ms,
                     otel_transport_result *res) {
    (void)u; (void)ct; (void)timeout_ms;
    pthread_mutex_lock(&R.mu);
    if (strcmp(path, "/v1/traces") == 0) {
        R.traces++;
        for (size_t i = 0; i + 9 <= len; i++) R.spans += memcmp((const char *)body + i, "\"spanId\"", 8) == 0;
    } else if (strcmp(path, "/v1/metrics") == 0) R.metrics++;
    else if (strcmp(path, "/v1/logs") == 0) R.logs++;
    pthread_mutex_unlock(&R.mu);
    res->http_status = 200;
    return OTEL_OK;
}

static unsigned list(const char *v) { return otel__exporter_list("OTEL_TRACES_EXPORTER", v, 15u, OTEL__EXPL_OTLP); }
TEST(parser) {
    CHECK_EQ_INT(list(NULL), OTEL__EXPL_OTLP);
    CHECK_EQ_INT(list(""), OTEL__EXPL_OTLP);
    CHECK_EQ_INT(list("none"), OTEL__EXPL_NONE);
    CHECK_EQ_INT(list("otlp,console"), OTEL__EXPL_OTLP | OTEL__EXPL_CONSOLE);
    CHECK_EQ_INT(list(" OTLP , Console "), OTEL__EXPL_OTLP | OTEL__EXPL_CONSOLE);
    CHECK_EQ_INT(list("none,console"), OTEL__EXPL_CONSOLE);   /* none beside others: the others */
    CHECK_EQ_INT(list("console,,file"), OTEL__EXPL_CONSOLE | OTEL__EXPL_FILE);
    warned[0] = 0;
    CHECK_EQ_INT(list("zipkin,console,jaeger"), OTEL__EXPL_CONSOLE);   /* unknown: warned, the rest kept */
    CHECK(strstr(warned, "OTEL_TRACES_EXPORTER: unknown exporter 'zipkin', 'jaeger' ignored; the others are used") != NULL);
    CHECK_EQ_INT(list("prometheus"), OTEL__EXPL_BAD);   /* not a traces exporter */
    CHECK_EQ_INT(list("bogus"), OTEL__EXPL_BAD);
    CHECK_EQ_INT(otel__exporter_list(NULL, "otlpx,otl", 15u, 0), OTEL__EXPL_BAD);
    CHECK_EQ_INT(otel__exporter_list(NULL, "prometheus,otlp", 31u, 0), OTEL__EXPL_PROMETHEUS | OTEL__EXPL_OTLP);
}

static char *out;
static size_t out_len;
static FILE *stream;
static otel_export_config ecfg;
static otel_config cfg;
static void start(const char *traces, const char *metrics, const char *logs) {
    memset(&R.traces, 0, sizeof R - offsetof(__typeof__(R), traces));
    stream = open_memstream(&out, &out_len);
    memset(&ecfg, 0, sizeof ecfg);
    ecfg.transport = transport;
    ecfg.protocol = OTEL_PROTOCOL_HTTP_JSON;
    ecfg.schedule_delay_ms = 20;
    ecfg.metric_interval_ms = 100000;
    memset(&cfg, 0, sizeof cfg);
    cfg.exporter = &ecfg;
    cfg.console_stream = stream;
    if (traces) setenv("OTEL_TRACES_EXPORTER", traces, 1); else unsetenv("OTEL_TRACES_EXPORTER");
    if (metrics) setenv("OTEL_METRICS_EXPORTER", metrics, 1); else unsetenv("OTEL_METRICS_EXPORTER");
    if (logs) setenv("OTEL_LOGS_EXPORTER", logs, 1); else unsetenv("OTEL_LOGS_EXPORTER");
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
}
static void stop(void) {
    otel_shutdown(2000);
    fclose(stream);
}
static void signals(int n) {
    otel_instrument *c = otel_counter_create("lists.count", NULL, NULL);
    for (int i = 0; i < n; i++) {
        otel_span *s = otel_span_begin("listed", OTEL_SPAN_KIND_INTERNAL);
        otel_span_end(s);
    }
    otel_counter_add(c, 1, NULL, 0);
    otel_log(OTEL_SEVERITY_INFO, "one log line here", NULL, 0);
}
static int count(const char *text, const char *what) {
    int n = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p++) n++;
    return n;
}

TEST(otlp_and_console_both_see_every_span) {
    start("otlp,console", NULL, NULL);
    CHECK_EQ_INT(otel_logger_enabled(NULL, OTEL_SEVERITY_INFO), 1);   /* Logger.Enabled follows OTEL_LOGS_EXPORTER */
    signals(30);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    stop();
    CHECK_EQ_INT(R.spans, 30);
    CHECK_EQ_INT(count(out, "listed "), 30);
    CHECK(R.logs >= 1);                              /* logs: otlp (the default) */
    CHECK(strstr(out, "one log line here") == NULL);  /* not printed */
    free(out);
}

TEST(console_spans_otlp_metrics_no_logs) {
    start("console", "otlp", "none");
    CHECK_EQ_INT(otel_logger_enabled(NULL, OTEL_SEVERITY_INFO), 0);   /* Logger.Enabled follows OTEL_LOGS_EXPORTER */
    signals(5);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    stop();
    CHECK_EQ_INT(R.traces, 0);
    CHECK_EQ_INT(count(out, "listed "), 5);
    CHECK(R.metrics >= 1);
    CHECK_EQ_INT(R.logs, 0);
    CHECK(strstr(out, "one log line here") == NULL);
    CHECK(strstr(out, "lists.count") == NULL);       /* metrics went out over OTLP, not printed */
    free(out);
}

TEST(logs_to_otlp_and_console) {
    start("none", "none", "console,otlp,none");
    CHECK_EQ_INT(otel_logger_enabled(NULL, OTEL_SEVERITY_INFO), 1);   /* Logger.Enabled follows OTEL_LOGS_EXPORTER */
    signals(3);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    stop();
    CHECK_EQ_INT(R.traces, 0);
    CHECK_EQ_INT(count(out, "listed "), 0);
    CHECK(R.logs >= 1);
    CHECK_EQ_INT(count(out, "one log line here"), 1);
    CHECK_EQ_INT(R.metrics, 0);
    free(out);
}

TEST(console_alone_prints_every_signal) {
    start("console", NULL, NULL);
    signals(2);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    stop();
    CHECK_EQ_INT(R.traces + R.metrics + R.logs, 0);
    CHECK_EQ_INT(count(out, "listed "), 2);
    CHECK_EQ_INT(count(out, "one log line here"), 1);
    CHECK(strstr(out, "lists.count") != NULL);
    free(out);
}

TEST(unknown_names_the_rest_kept) {
    warned[0] = 0;
    start("zipkin,console", NULL, "jaeger,otlp");
    signals(4);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    stop();
    CHECK_EQ_INT(count(out, "listed "), 4);
    CHECK(R.logs >= 1);
    CHECK(strstr(warned, "OTEL_TRACES_EXPORTER: unknown exporter 'zipkin' ignored; the others are used") != NULL);
    CHECK(strstr(warned, "OTEL_LOGS_EXPORTER: unknown exporter 'jaeger' ignored; the others are used") != NULL);
    free(out);
}

int main(void) {
    RUN(parser);
    RUN(otlp_and_console_both_see_every_span);
    RUN(console_spans_otlp_metrics_no_logs);
    RUN(logs_to_otlp_and_console);
    RUN(console_alone_prints_every_signal);
    RUN(unknown_names_the_rest_kept);
    return test_summary("export-lists");
}
