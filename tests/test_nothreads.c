/* OTEL_NO_THREADS: no background thread; otel_poll() drives the processor. */
#define OTEL_NO_THREADS
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include <stdlib.h>

static int polls, seen, children_ok;
static size_t count_poll(void *user, int reason, uint64_t deadline) {
    (void)reason; (void)deadline;
    if (user != &polls) return 0;
    polls++;
    otel_span_data *got[64];
    size_t n;
    while ((n = otel_collect(got, 64)) > 0) {
        for (size_t i = 0; i < n; i++) {
            otel_span_info in;
            otel_span_data_info(got[i], &in);
            seen++;
            if (in.has_parent && in.name_len == 5 && memcmp(in.name, "child", 5) == 0) children_ok++;
        }
        otel_release(got, n);
    }
    return 0;
}
static const otel_processor proc = { count_poll, NULL, &polls, 1000, NULL };

TEST(poll_drives_processor) {
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.processor = &proc;
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    for (int i = 0; i < 100; i++) {
        otel_span *p = otel_span_begin("parent", OTEL_SPAN_KIND_INTERNAL);
        otel_span *ch = otel_span_begin("child", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_int(ch, "i", i);
        otel_span_end(ch);
        otel_span_end(p);
    }
    CHECK_EQ_INT(polls, 0);            /* nothing runs by itself */
    CHECK_EQ_INT(otel_pending(), 200);
    otel_poll();
    CHECK_EQ_INT(polls, 1);
    CHECK_EQ_INT(seen, 200);
    CHECK_EQ_INT(children_ok, 100);
    CHECK_EQ_INT(otel_pending(), 0);
    otel_span_end(otel_span_begin("last", OTEL_SPAN_KIND_INTERNAL));
    CHECK_EQ_INT(otel_flush(100), OTEL_OK);
    CHECK(polls >= 2);
    CHECK_EQ_INT(seen, 201);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_started, 201);
    CHECK_EQ_INT(st.spans_released, 201);
    CHECK_EQ_INT(otel_shutdown(100), OTEL_OK);
    otel_poll();                        /* after shutdown: nothing */
    int p = polls;
    otel_poll();
    CHECK_EQ_INT(polls, p);
}

int main(void) {
    RUN(poll_drives_processor);
    return test_summary("nothreads");
}
