/* Log record limits and Logger.Enabled: OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT
   and OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT from the environment
   (log records and log events; spans keep theirs), the fallback to
   OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT (OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT
   does not apply to logs); otel_logger_enabled before init, with a
   processor set in code, with OTEL_LOGS_EXPORTER=none / console, with
   OTEL_SDK_DISABLED and after shutdown. */
#define _GNU_SOURCE
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <stdlib.h>

static void clear_env(void) {
    tu_clear_env();
    unsetenv("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT");
    unsetenv("OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT");
    unsetenv("OTEL_LOGS_EXPORTER");
    unsetenv("OTEL_METRICS_EXPORTER");
}
static int env_init(const otel_processor *p) {
    static FILE *null_out;
    if (!null_out) null_out = fopen("/dev/null", "w");
    otel_config c;
    tu_config(&c);
    c.ignore_env = 0;
    c.processor = p;
    c.console_stream = null_out;
    return tu_init_cfg(&c);
}
/* the log records collected: their values of key (the first two) */
static void log_values(const char *key, const char **v, size_t nv, uint32_t *count, uint32_t *dropped) {
    for (size_t i = 0, k = 0; i < tu_n; i++) {
        if (otel_record_type(tu_spans[i]) != OTEL_RECORD_LOG || k >= nv) continue;
        otel_log_info in;
        otel_log_data_info(tu_spans[i], &in);
        count[k] = in.attribute_count; dropped[k] = in.dropped_attributes;
        v[k++] = tu_str(tu_spans[i], key);
    }
}

TEST(log_limits_from_the_environment) {
    clear_env();
    setenv("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT", "2", 1);
    setenv("OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", "5", 1);
    setenv("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "8", 1);
    CHECK_EQ_INT(env_init(&tu_null_processor), OTEL_OK);
    otel_attr a[3] = {OTEL_ATTR_STR("text", "abcdefghij"), OTEL_ATTR_INT("n", 1), OTEL_ATTR_INT("m", 2)};
    otel_log(OTEL_SEVERITY_INFO, "a record", a, 3);
    otel_event("an.event", OTEL_SEVERITY_INFO, NULL, a, 3);
    otel_span *s = otel_span_begin("span", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_attrs(s, a, 1);
    otel_span_end(s);
    tu_collect();
    const char *v[2] = {0};
    uint32_t count[2] = {0}, dropped[2] = {0};
    log_values("text", v, 2, count, dropped);
    CHECK_STR(v[0], "abcde");
    CHECK_EQ_INT(count[0], 2);
    CHECK_EQ_INT(dropped[0], 1);
    CHECK_STR(v[1], "abcde");      /* the event */
    CHECK_EQ_INT(count[1], 2);
    CHECK_EQ_INT(dropped[1], 1);
    CHECK_STR(tu_str(tu_find("span"), "text"), "abcdefgh");
    tu_shutdown();
    clear_env();
}

TEST(log_value_length_falls_back_to_the_general_limit) {
    clear_env();
    setenv("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "4", 1);
    setenv("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "7", 1);
    CHECK_EQ_INT(env_init(&tu_null_processor), OTEL_OK);
    otel_attr a = OTEL_ATTR_STR("text", "abcdefghij");
    otel_log(OTEL_SEVERITY_INFO, "a record", &a, 1);
    otel_span *s = otel_span_begin("span", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_attrs(s, &a, 1);
    otel_span_end(s);
    tu_collect();
    const char *v[1] = {0};
    uint32_t count[1] = {0}, dropped[1] = {0};
    log_values("text", v, 1, count, dropped);
    CHECK_STR(v[0], "abcd");
    CHECK_STR(tu_str(tu_find("span"), "text"), "abcdefg");
    tu_shutdown();
    clear_env();
}

TEST(logger_enabled) {
    clear_env();
    CHECK_EQ_INT(otel_logger_enabled(NULL, OTEL_SEVERITY_INFO), 0);     /* before init */
    CHECK_EQ_INT(env_init(&tu_null_processor), OTEL_OK);                 /* a processor set in code */
    otel_logger lg = otel_logger_get("lib", "1", NULL);
    CHECK_EQ_INT(otel_logger_enabled(NULL, OTEL_SEVERITY_DEBUG), 1);
    CHECK_EQ_INT(otel_logger_enabled(lg, OTEL_SEVERITY_ERROR), 1);
    tu_shutdown();
    CHECK_EQ_INT(otel_logger_enabled(lg, OTEL_SEVERITY_ERROR), 0);      /* after shutdown */
    setenv("OTEL_TRACES_EXPORTER", "console", 1);
    setenv("OTEL_METRICS_EXPORTER", "none", 1);
    setenv("OTEL_LOGS_EXPORTER", "none", 1);                             /* logs go nowhere */
    CHECK_EQ_INT(env_init(NULL), OTEL_OK);
    CHECK_EQ_INT(otel_logger_enabled(NULL, OTEL_SEVERITY_FATAL), 0);
    tu_shutdown();
    setenv("OTEL_LOGS_EXPORTER", "console", 1);
    CHECK_EQ_INT(env_init(NULL), OTEL_OK);
    CHECK_EQ_INT(otel_logger_enabled(NULL, OTEL_SEVERITY_INFO), 1);
    tu_shutdown();
    setenv("OTEL_LOGS_EXPORTER", "none", 1);                             /* none, but a processor of ours */
    CHECK_EQ_INT(env_init(&tu_null_processor), OTEL_OK);
    CHECK_EQ_INT(otel_logger_enabled(NULL, OTEL_SEVERITY_INFO), 1);
    tu_shutdown();
    setenv("OTEL_SDK_DISABLED", "true", 1);
    env_init(&tu_null_processor);
    CHECK_EQ_INT(otel_logger_enabled(NULL, OTEL_SEVERITY_INFO), 0);
    otel_shutdown(100);
    clear_env();
}

int main(void) {
    RUN(log_limits_from_the_environment);
    RUN(log_value_length_falls_back_to_the_general_limit);
    RUN(logger_enabled);
    return test_summary("logs_limits");
}
