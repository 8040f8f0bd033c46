/* The console printer: a trace tree with the root, indented children,
   durations, ERROR markers and events, written to otel_config.console_stream. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"

#define T0 1700000000000000000ull

static void record_tree(void) {
    otel_span_args a;
    memset(&a, 0, sizeof a);
    a.name = "GET /users"; a.kind = OTEL_SPAN_KIND_SERVER; a.start_ns = T0;
    otel_span *root = otel_span_begin_ex(&a);
    otel_span_set_str(root, "http.method", "GET");
    static const int64_t codes[] = {200, -1};
    static const double ratios[] = {0.5, 2.25};
    static const int flags[] = {1, 0};
    otel_span_set_int_array(root, "codes", codes, 2);
    otel_span_set_double_array(root, "ratios", ratios, 2);
    otel_span_set_bool_array(root, "flags", flags, 2);
    a.name = "db query"; a.kind = OTEL_SPAN_KIND_CLIENT; a.start_ns = T0 + 100000;
    otel_span *db = otel_span_begin_ex(&a);
    otel_span_record_error(db, "timeout", "disk full");
    a.name = "retry"; a.kind = OTEL_SPAN_KIND_INTERNAL; a.start_ns = T0 + 200000;
    otel_span *retry = otel_span_begin_ex(&a);
    otel_span_end_at(retry, T0 + 300000);
    otel_span_end_at(db, T0 + 1100000);
    a.name = "render"; a.start_ns = T0 + 1200000;
    otel_span *render = otel_span_begin_ex(&a);
    otel_attr ea[1] = {OTEL_ATTR_INT("bytes", 512)};
    otel_span_add_event_at(render, "flushed", T0 + 1300000, ea, 1);
    otel_span_end_at(render, T0 + 1400000);
    otel_span_end_at(root, T0 + 1500000);
}

static int has_line(const char *text, const char *prefix) { return tu_count_lines(text, prefix) > 0; }

static void check_tree(const char *out) {
    CHECK(has_line(out, "trace "));
    CHECK(has_line(out, "  GET /users server  1.500 ms  ["));
    CHECK(has_line(out, "    db query client  1.000 ms  ["));
    CHECK(strstr(out, "ERROR: disk full") != NULL);
    CHECK(has_line(out, "      * exception  +"));   /* recorded now, after the explicit start */
    CHECK(strstr(out, "exception.type=\"timeout\"") != NULL);
    CHECK(has_line(out, "      retry  0.100 ms  ["));
    CHECK(has_line(out, "    render  0.200 ms  ["));
    CHECK(has_line(out, "      * flushed  +0.100 ms bytes=512"));
    CHECK(strstr(out, "http.method=\"GET\"") != NULL);
    CHECK(strstr(out, " codes=[200,-1] ratios=[0.5,2.25] flags=[true,false]") != NULL);
    /* children after their parent, in start order */
    const char *r = strstr(out, "GET /users"), *d = strstr(out, "db query"), *t = strstr(out, "retry"), *n = strstr(out, "render");
    CHECK(r && d && t && n && r < d && d < t && t < n);
}

/* the console printer, into f, the environment ignored */
static int init_console(FILE *f) {
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.processor = otel_console_processor();
    c.console_stream = f;
    return otel_init(&c);
}

TEST(console_processor_stream) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    /* anything printed to stdout instead goes to a file, to report it */
    fflush(stdout);
    FILE *so = tmpfile();
    int saved = dup(1);
    dup2(fileno(so), 1);
    CHECK_EQ_INT(init_console(f), OTEL_OK);
    record_tree();
    otel_flush(1000);
    otel_shutdown(1000);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    fflush(f);
    char tmp[4096];
    rewind(so);
    size_t sn = fread(tmp, 1, sizeof tmp - 1, so);
    tmp[sn] = 0;
    fclose(so);
    if (sn) printf("  (console output went to stdout, not console_stream: %zu bytes)\n", sn);
    CHECK_EQ_INT(sn, 0);
    if (sn == 0) check_tree(buf ? buf : "");
    fclose(f);
    free(buf);
}

TEST(console_from_env) {
    tu_clear_env();
    setenv("OTEL_TRACES_EXPORTER", "console", 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    otel_config c;
    memset(&c, 0, sizeof c);
    c.console_stream = f;
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    record_tree();
    otel_flush(1000);
    otel_shutdown(1000);
    fflush(f);
    check_tree(buf ? buf : "");
    fclose(f);
    free(buf);
    tu_clear_env();
}

/* a span and a log record on a named tracer and logger say their scope */
TEST(console_shows_scopes) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK_EQ_INT(init_console(f), OTEL_OK);
    otel_tracer t = otel_tracer_get("lib.alpha", "1.0", NULL);
    otel_span *r = otel_tracer_span_begin(t, "named root", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end(otel_span_begin("default child", OTEL_SPAN_KIND_INTERNAL));
    otel_span_end(r);
    otel_logger_log(otel_logger_get("lib.log", NULL, NULL), OTEL_SEVERITY_WARN, "named log", NULL, 0);
    otel_flush(1000);
    otel_shutdown(1000);
    fflush(f);
    const char *out = buf ? buf : "";
    CHECK(has_line(out, "  named root  "));
    CHECK(strstr(out, "]  {lib.alpha 1.0}\n") != NULL);
    const char *dc = strstr(out, "default child"), *nl = dc ? strchr(dc, '\n') : NULL;
    CHECK(dc && nl && !memchr(dc, '{', (size_t)(nl - dc)));   /* the default scope: not named */
    CHECK(has_line(out, "log WARN: named log  {lib.log}"));
    fclose(f);
    free(buf);
}

int main(void) {
    RUN(console_processor_stream);
    RUN(console_from_env);
    RUN(console_shows_scopes);
    return test_summary("console");
}
