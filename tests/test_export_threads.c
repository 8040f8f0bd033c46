/* test_export_threads.c - the exporter under concurrent use: producers on
   4 threads, the application flushing and reading stats from two more, the
   backend failing now and then. Runs under ThreadSanitizer too. Every span
   is accounted for: exported + dropped + failed = started, and each
   exported span id arrives exactly once when no request was retried after
   delivery. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>
#include <unistd.h>

#ifdef TSAN
#define PER_THREAD 3000
#else
#define PER_THREAD 25000
#endif
#define PRODUCERS 4

static int calls;
static uint64_t delivered;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static size_t count_spans(const char *body, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i + 10 <= len; i++) if (memcmp(body + i, "\"spanId\":\"", 10) == 0) n++;
    return n;
}
/* every 7th request fails with 503 before anything is delivered */
static int transport(void *u, const char *path, const char *ct, const void *body, size_t len, int timeout_ms,
                     otel_transport_result *res) {
    (void)u; (void)path; (void)ct; (void)timeout_ms;
    pthread_mutex_lock(&mu);
    int i = calls++;
    if (i % 7 != 3) delivered += count_spans((const char *)body, len);
    pthread_mutex_unlock(&mu);
    res->http_status = i % 7 == 3 ? 503 : 200;
    res->retry_after_ms = i % 7 == 3 ? 1 : -1;
    return OTEL_OK;
}

static int stop;
static void *producer(void *arg) {
    (void)arg;
    for (int i = 0; i < PER_THREAD; i++) {
        otel_span *p = otel_span_begin("parent", OTEL_SPAN_KIND_SERVER);
        otel_span_set_int(p, "i", i);
        otel_span *c = otel_span_begin("child", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_str(c, "k", "value");
        otel_span_end(c);
        otel_span_end(p);
        if (i % 500 == 0) usleep(1000);
    }
    return NULL;
}
static void *flusher(void *arg) {
    (void)arg;
    while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
        otel_flush(50);
        otel_stats st;
        otel_stats_get(&st);
        usleep(2000);
    }
    return NULL;
}

TEST(concurrent_producers_flushes_and_failures) {
    otel_export_config e;
    memset(&e, 0, sizeof e);
    e.transport = transport;
    e.protocol = OTEL_PROTOCOL_HTTP_JSON;
    e.schedule_delay_ms = 5;
    e.max_export_batch_size = 256;
    e.retry_initial_ms = 1;
    e.retry_max_ms = 4;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &e;
    c.arena_size = (size_t)PRODUCERS * PER_THREAD * 2 * OTEL_BLOCK_SIZE / 4;
    c.arena = malloc(c.arena_size);
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    pthread_t p[PRODUCERS], f[2];
    for (int i = 0; i < 2; i++) pthread_create(&f[i], NULL, flusher, NULL);
    for (int i = 0; i < PRODUCERS; i++) pthread_create(&p[i], NULL, producer, NULL);
    for (int i = 0; i < PRODUCERS; i++) pthread_join(p[i], NULL);
    __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
    for (int i = 0; i < 2; i++) pthread_join(f[i], NULL);
    CHECK_EQ_INT(otel_shutdown(10000), OTEL_OK);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_started + st.spans_dropped, PRODUCERS * PER_THREAD * 2);
    CHECK_EQ_INT(st.spans_exported + st.spans_export_dropped + st.spans_export_failed, st.spans_started);
    CHECK_EQ_INT(st.spans_export_dropped, 0);
    CHECK_EQ_INT(delivered, st.spans_exported);
    CHECK(st.export_retries > 0);
    free(c.arena);
}

int main(void) {
    RUN(concurrent_producers_flushes_and_failures);
    return test_summary("export-threads");
}
