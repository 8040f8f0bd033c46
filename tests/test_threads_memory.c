/* The in-memory exporter: a test reads back the finished spans and log
   records, resets (their blocks return to the arena), and past its cap
   records are dropped and counted; beside a processor that takes nothing,
   it still gets everything. The background thread polls (TSan build too). */
#define OTEL_MEMORY_EXPORTER_CAP 16
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"

static void start(const otel_processor *other) {
    static const otel_processor *list[2];
    list[0] = otel_memory_processor();
    list[1] = other;
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.processors = list;
    cfg.processor_count = other ? 2 : 1;
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
}

static void span(const char *name, int i) {
    otel_span *s = otel_span_begin(name, OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_int(s, "i", i);
    otel_span_end(s);
}

TEST(reads_back_spans_and_logs) {
    start(NULL);
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_SERVER);
    span("child", 1);
    otel_log(OTEL_SEVERITY_WARN, "disk low", NULL, 0);
    otel_span_end(root);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);   /* (what it keeps is delivered, not pending) */
    const otel_span_data *got[16];
    CHECK_EQ_INT(otel_memory_records(OTEL_RECORD_SPAN, got, 16), 2);
    otel_span_info a, b;
    otel_span_data_info(got[0], &a);
    otel_span_data_info(got[1], &b);
    CHECK(a.name_len == 5 && memcmp(a.name, "child", 5) == 0);
    CHECK(b.name_len == 4 && memcmp(b.name, "root", 4) == 0);
    CHECK(a.has_parent && memcmp(a.parent_span_id, b.context.span_id, 8) == 0);
    CHECK_EQ_INT(a.attribute_count, 1);
    CHECK_EQ_INT(otel_memory_records(OTEL_RECORD_SPAN, got, 1), 1);   /* at most max */
    CHECK_EQ_INT(otel_memory_records(OTEL_RECORD_LOG, got, 16), 1);
    otel_log_info li;
    otel_log_data_info(got[0], &li);
    CHECK(li.body_len == 8 && memcmp(li.body, "disk low", 8) == 0);
    CHECK_EQ_INT(li.severity, OTEL_SEVERITY_WARN);
    /* reset: gone for the reader at once, back to the arena at the next poll */
    otel_memory_reset();
    CHECK_EQ_INT(otel_memory_records(OTEL_RECORD_SPAN, got, 16), 0);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_released, 2);
    span("again", 2);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    CHECK_EQ_INT(otel_memory_records(OTEL_RECORD_SPAN, got, 16), 1);
    CHECK_EQ_INT(otel_memory_dropped(), 0);
    CHECK_EQ_INT(otel_shutdown(1000), OTEL_OK);
    CHECK_EQ_INT(otel_memory_records(OTEL_RECORD_SPAN, got, 16), 0);   /* let go at shutdown */
}

TEST(bounded_drops_and_counts) {
    start(NULL);
    for (int i = 0; i < 20; i++) span("s", i);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    const otel_span_data *got[32];
    CHECK_EQ_INT(otel_memory_records(OTEL_RECORD_SPAN, got, 32), 16);
    CHECK_EQ_INT(otel_memory_dropped(), 4);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_released, 4);   /* the dropped went back to the arena */
    /* the oldest are kept */
    otel_iter it = {0, 0};
    otel_item item;
    CHECK(otel_span_data_next(got[0], &it, &item) && item.attr.v.i == 0);
    otel_memory_reset();
    for (int i = 0; i < 3; i++) span("s", i);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    CHECK_EQ_INT(otel_memory_records(OTEL_RECORD_SPAN, got, 32), 3);
    CHECK_EQ_INT(otel_memory_dropped(), 4);
    CHECK_EQ_INT(otel_shutdown(1000), OTEL_OK);
}

/* beside a processor that never takes anything: still every span */
static size_t stuck_poll(void *user, int reason, uint64_t deadline) { (void)user; (void)reason; (void)deadline; return 0; }
TEST(beside_a_stuck_processor) {
    static const otel_processor stuck = { stuck_poll, NULL, NULL, 50, NULL };
    start(&stuck);
    const otel_span_data *got[16];
    int total = 0;
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 10; i++) span("s", i);
        otel_flush(2000);
        total += (int)otel_memory_records(OTEL_RECORD_SPAN, got, 16);
        otel_memory_reset();
    }
    CHECK_EQ_INT(total, 500);
    CHECK_EQ_INT(otel_memory_dropped(), 0);
    otel_flush(2000);   /* (the in-memory exporter lets go of the last reset ones) */
    CHECK_EQ_INT(otel_pending(), 500);   /* all waiting in the stuck one's queue */
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_dropped, 0);
    otel_shutdown(1000);
}

/* many threads producing while the test reads and resets */
static void *producer(void *arg) {
    (void)arg;
    for (int i = 0; i < 200; i++) span("t", i);
    return NULL;
}
TEST(reads_while_threads_produce) {
    start(NULL);
    pthread_t th[3];
    for (int i = 0; i < 3; i++) pthread_create(&th[i], NULL, producer, NULL);
    const otel_span_data *got[16];
    size_t seen = 0;
    for (int k = 0; k < 50; k++) {
        otel_poll();
        size_t n = otel_memory_records(OTEL_RECORD_SPAN, got, 16);
        for (size_t i = 0; i < n; i++) { otel_span_info si; otel_span_data_info(got[i], &si); seen += si.name_len == 1; }
        otel_memory_reset();
    }
    for (int i = 0; i < 3; i++) pthread_join(th[i], NULL);
    otel_flush(2000);
    seen += otel_memory_records(OTEL_RECORD_SPAN, got, 16);
    otel_memory_reset();
    otel_flush(2000);
    CHECK_EQ_INT(seen + otel_memory_dropped(), 600);
    CHECK_EQ_INT(otel_pending(), 0);
    otel_shutdown(1000);
}

int main(void) {
    RUN(reads_back_spans_and_logs);
    RUN(bounded_drops_and_counts);
    RUN(beside_a_stuck_processor);
    RUN(reads_while_threads_produce);
    return test_summary("threads_memory");
}
