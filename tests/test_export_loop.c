/* test_export_loop.c - the exporter's queue, batching, retry and deadline
   rules, driven through a custom transport (no sockets): every status and
   failure the rules distinguish, and the ledger
   started = exported + dropped + failed + pending. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static uint64_t mono_ms(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u; }

/* scripted transport */
static struct {
    pthread_mutex_t mu;
    int calls, rc_plan[64], st_plan[64], nplan;
    int64_t retry_after_ms;
    int sleep_ms;
    size_t spans_seen;           /* "name": occurrences of our span name */
    const char *reply;
    uint64_t call_ms[64];
} T = { PTHREAD_MUTEX_INITIALIZER, 0, {0}, {0}, 0, -1, 0, 0, NULL, {0} };

static size_t count_spans(const char *body, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i + 10 <= len; i++) if (memcmp(body + i, "\"spanId\":\"", 10) == 0 && (i < 2 || body[i - 1] != ' ')) n++;
    return n;
}
static int transport(void *u, const char *path, const char *ct, const void *body, size_t len, int timeout_ms,
                     otel_transport_result *res) {
    (void)u; (void)timeout_ms;
    CHECK_STR(path, "/v1/traces");
    CHECK_STR(ct, "application/json");
    if (T.sleep_ms) usleep((useconds_t)T.sleep_ms * 1000u);
    pthread_mutex_lock(&T.mu);
    int i = T.calls++;
    if (i < 64) T.call_ms[i] = mono_ms();
    int rc = i < T.nplan ? T.rc_plan[i] : OTEL_OK, st = i < T.nplan ? T.st_plan[i] : 200;
    if (rc == OTEL_OK && st / 100 == 2) T.spans_seen += count_spans((const char *)body, len) - 0;
    pthread_mutex_unlock(&T.mu);
    res->http_status = st;
    res->retry_after_ms = T.retry_after_ms;
    if (T.reply) { res->body = T.reply; res->body_len = strlen(T.reply); }
    return rc;
}
static void reset_transport(void) {
    T.calls = 0; T.nplan = 0; T.retry_after_ms = -1; T.sleep_ms = 0; T.spans_seen = 0; T.reply = NULL;
    memset(T.rc_plan, 0, sizeof T.rc_plan); memset(T.st_plan, 0, sizeof T.st_plan);
}

static otel_export_config ecfg;
static otel_config cfg;
static void start(uint32_t batch, uint32_t queue) {
    memset(&ecfg, 0, sizeof ecfg);
    ecfg.transport = transport;
    ecfg.protocol = OTEL_PROTOCOL_HTTP_JSON;
    ecfg.schedule_delay_ms = 20;
    ecfg.max_export_batch_size = batch;
    ecfg.max_queue_size = queue;
    ecfg.retry_initial_ms = 50;
    ecfg.retry_max_ms = 200;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.exporter = &ecfg;
    cfg.service_name = "loop-test";
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
}
static void spans(int n) {
    for (int i = 0; i < n; i++) {
        otel_span *s = otel_span_begin("unit", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_int(s, "i", i);
        otel_span_end(s);
    }
}
static void ledger(void) {
    otel_stats st;
    otel_stats_get(&st);
    uint64_t accounted = st.spans_exported + st.spans_export_dropped + st.spans_export_failed + otel_pending();
    CHECK_EQ_INT(accounted, st.spans_started);
}

TEST(batches_follow_the_batch_size) {
    reset_transport();
    start(10, 1000);
    spans(35);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    CHECK_EQ_INT(T.calls, 4);
    CHECK_EQ_INT(T.spans_seen, 35);
    ledger();
    otel_shutdown(1000);
}

/* a batch larger than the arena can fill is cut to half the arena's
   blocks: the export comes when that many spans wait, not after the delay */
TEST(a_batch_the_arena_cannot_fill_is_cut) {
    reset_transport();
    memset(&ecfg, 0, sizeof ecfg);
    ecfg.transport = transport;
    ecfg.protocol = OTEL_PROTOCOL_HTTP_JSON;
    ecfg.schedule_delay_ms = 60000;
    ecfg.max_export_batch_size = 1u << 20;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.exporter = &ecfg;
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
    /* flooding: the producer takes every block the consumer frees, so the
       consumer's spare blocks never come back and a batch of the whole
       arena never fills (it sent two, then waited for the delay) */
    uint64_t t0 = mono_ms();
    int calls = 0;
    while (calls < 3 && mono_ms() - t0 < 10000) {
        spans(256);
        pthread_mutex_lock(&T.mu);
        calls = T.calls;
        pthread_mutex_unlock(&T.mu);
    }
    CHECK(calls >= 3);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    ledger();
    otel_shutdown(1000);
}

TEST(retry_after_is_honoured_on_503) {
    reset_transport();
    T.st_plan[0] = 503; T.nplan = 1; T.retry_after_ms = 300;
    start(100, 1000);
    spans(5);
    CHECK_EQ_INT(otel_flush(3000), OTEL_OK);
    CHECK_EQ_INT(T.calls, 2);
    CHECK(T.call_ms[1] - T.call_ms[0] >= 290);
    otel_stats st; otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_exported, 5);
    CHECK_EQ_INT(st.export_retries, 1);
    otel_shutdown(1000);
}

TEST(retryable_statuses_and_connection_errors_are_retried) {
    reset_transport();
    T.st_plan[0] = 429; T.st_plan[1] = 502; T.st_plan[2] = 504; T.rc_plan[3] = OTEL_ERR_CONNECT; T.rc_plan[4] = OTEL_ERR_TIMEOUT;
    T.nplan = 5;
    start(100, 1000);
    spans(3);
    CHECK_EQ_INT(otel_flush(5000), OTEL_OK);
    CHECK_EQ_INT(T.calls, 6);
    otel_stats st; otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_exported, 3);
    CHECK_EQ_INT(st.export_retries, 5);
    CHECK_EQ_INT(st.spans_export_failed, 0);
    otel_shutdown(1000);
}

TEST(other_statuses_drop_without_retry) {
    int codes[] = {400, 401, 403, 404, 413, 500};
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
        reset_transport();
        T.st_plan[0] = codes[k]; T.nplan = 1;
        start(100, 1000);
        spans(4);
        otel_flush(2000);
        CHECK_EQ_INT(T.calls, 1);
        otel_stats st; otel_stats_get(&st);
        CHECK_EQ_INT(st.spans_export_failed, 4);
        CHECK_EQ_INT(st.spans_exported, 0);
        ledger();
        otel_shutdown(1000);
    }
}

TEST(partial_success_is_counted_not_retried) {
    reset_transport();
    T.reply = "{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"too old\"}}";
    start(100, 1000);
    spans(6);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    CHECK_EQ_INT(T.calls, 1);
    otel_stats st; otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_export_failed, 2);
    otel_shutdown(1000);
}

TEST(queue_full_drops_and_counts_then_recovers) {
    reset_transport();
    for (int i = 0; i < 64; i++) T.rc_plan[i] = OTEL_ERR_CONNECT;
    T.nplan = 3;   /* down for three attempts, then up */
    start(5, 20);
    spans(200);
    usleep(100000);
    otel_flush(5000);
    otel_stats st; otel_stats_get(&st);
    CHECK(st.spans_export_dropped >= 150);
    CHECK_EQ_INT(st.spans_exported + st.spans_export_dropped, 200);
    CHECK_EQ_INT(T.spans_seen, st.spans_exported);
    ledger();
    otel_shutdown(1000);
}

TEST(flush_and_shutdown_keep_their_deadline_with_a_dead_backend) {
    reset_transport();
    for (int i = 0; i < 64; i++) T.rc_plan[i] = OTEL_ERR_CONNECT;
    T.nplan = 64;
    start(100, 1000);
    spans(50);
    uint64_t t0 = mono_ms();
    CHECK_EQ_INT(otel_flush(300), OTEL_ERR_TIMEOUT);
    uint64_t t1 = mono_ms();
    CHECK(t1 - t0 >= 290 && t1 - t0 < 300 + 250);
    int rc = otel_shutdown(300);
    uint64_t t2 = mono_ms();
    CHECK_EQ_INT(rc, OTEL_ERR_TIMEOUT);
    CHECK(t2 - t1 < 300 + 250);
    otel_stats st; otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_export_dropped, 50);   /* what never went out is counted at shutdown */
    ledger();
}

TEST(a_slow_backend_never_blocks_producers) {
    reset_transport();
    T.sleep_ms = 400;
    start(10, 100000);
    uint64_t worst = 0;
    for (int i = 0; i < 2000; i++) {
        uint64_t a = mono_ms();
        spans(1);
        uint64_t b = mono_ms();
        if (b - a > worst) worst = b - a;
        if (i % 200 == 0) usleep(20000);
    }
    CHECK(worst < 50);   /* the backend takes 400 ms per request */
    otel_shutdown(5000);
}

TEST(file_exporter_writes_json_lines) {
    char path[] = "/tmp/otel-file-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    memset(&ecfg, 0, sizeof ecfg);
    ecfg.file_path = path;
    ecfg.max_export_batch_size = 4;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.exporter = &ecfg;
    setenv("OTEL_TRACES_EXPORTER", "file", 1);
    cfg.ignore_env = 0;
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
    unsetenv("OTEL_TRACES_EXPORTER");
    spans(10);
    CHECK_EQ_INT(otel_shutdown(2000), OTEL_OK);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    char line[65536];
    int lines = 0, spans_in = 0;
    while (f && fgets(line, sizeof line, f)) {
        lines++;
        CHECK(strncmp(line, "{\"resourceSpans\":[", 18) == 0);
        spans_in += (int)count_spans(line, strlen(line));
    }
    if (f) fclose(f);
    unlink(path);
    CHECK_EQ_INT(lines, 3);
    CHECK_EQ_INT(spans_in, 10);
}

int main(void) {
    RUN(batches_follow_the_batch_size);
    RUN(a_batch_the_arena_cannot_fill_is_cut);
    RUN(retry_after_is_honoured_on_503);
    RUN(retryable_statuses_and_connection_errors_are_retried);
    RUN(other_statuses_drop_without_retry);
    RUN(partial_success_is_counted_not_retried);
    RUN(queue_full_drops_and_counts_then_recovers);
    RUN(flush_and_shutdown_keep_their_deadline_with_a_dead_backend);
    RUN(a_slow_backend_never_blocks_producers);
    RUN(file_exporter_writes_json_lines);
    return test_summary("export-loop");
}
