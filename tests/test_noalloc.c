/* Zero heap after init: malloc/calloc/realloc/free are interposed (heap_count.h)
   (forwarding to glibc's __libc_* functions) and counted while a flag is
   set, around the hot paths on the main thread and on a second thread that
   was started (thread creation allocates) before counting; metrics with
   array attributes, collected by two readers of different temporality.
   AddressSanitizer replaces malloc itself, so in ASan builds the counting is
   skipped (with a message) and only the rest runs. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>
#include <sched.h>

#include "heap_count.h"

/* every hot path once; returns a checksum so nothing is optimized away */
static const char *const route_list[2] = {"/a", "/b"};
/* an observable instrument's callback, run by otel_metrics_collect on the consumer side */
static void observe_cb(otel_observer *o, void *user) {
    (void)user;
    for (int i = 0; i < 3; i++) {
        otel_attr a[2] = {OTEL_ATTR_STR("route", i ? "/a" : "/b"), OTEL_ATTR_INT("code", 200 + i)};
        otel_observe_double(o, NULL, 1.5 * i, a, 2);
    }
}

static long hot_paths(void) {
    long sum = 0;
    static char long_value[400];
    memset(long_value, 'x', sizeof long_value - 1);
    const char *arr[] = {"a", "Bearer abcdefghijkl", long_value};
    otel_attr attrs[4] = {OTEL_ATTR_STR("e.s", "v"), OTEL_ATTR_INT("e.i", 1), OTEL_ATTR_DOUBLE("e.d", 0.5),
                          OTEL_ATTR_STR("password", "hunter2")};
    otel_span_context remote;
    sum += otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "congo=t61rcWkgMzE", &remote);
    for (int round = 0; round < 50; round++) {
        otel_span *root = otel_span_begin_with_parent("root", OTEL_SPAN_KIND_SERVER, &remote);
        otel_span_set_str(root, "http.method", "GET");
        otel_span_set_strn(root, "s", "abcdef", 3);
        otel_span_set_str(root, "long", long_value);
        otel_span_set_str(root, "authorization", "Bearer abc.def.ghi");
        otel_span_set_str(root, "note", "token sk-abcdefghijklmnopqrstuvwx at https://u:p@host/x");
        otel_span_set_int(root, "i", round);
        otel_span_set_double(root, "d", 1.5);
        otel_span_set_bool(root, "b", 1);
        otel_span_set_str_array(root, "arr", arr, 3);
        static const int64_t ints[] = {1, -2, 3};
        static const double dbls[] = {0.5, 2.5};
        static const int bools[] = {1, 0};
        otel_span_set_int_array(root, "ints", ints, 3);
        otel_span_set_double_array(root, "dbls", dbls, 2);
        otel_span_set_bool_array(root, "bools", bools, 2);
        otel_span_set_attrs(root, attrs, 4);
        otel_span_set_str(root, "http.method", "POST");     /* replaced */
        otel_span_set_name(root, "renamed root");
        otel_span *child = otel_span_begin("child", OTEL_SPAN_KIND_CLIENT);
        otel_span_add_event(child, "event", attrs, 4);
        otel_span_add_event_at(child, "event at", 1700000000000000000ull, attrs, 2);
        otel_span_add_link(child, &remote, attrs, 2);
        otel_span_set_status(child, OTEL_STATUS_ERROR, "failed: Bearer abcdefghijkl");
        otel_span *grand = otel_span_begin("grandchild", OTEL_SPAN_KIND_INTERNAL);
        otel_span_record_error(grand, "io_error", "no such file");
        otel_attr exa[1] = {OTEL_ATTR_INT_ARRAY("codes", ints, 3)};
        otel_span_record_exception(grand, "E", "m", "stack", exa, 1);
        otel_span_end_at(grand, 0);
        {
            OTEL_SPAN_SCOPE("scoped");
            sum += otel_current_span() != NULL;
        }
        otel_span_context c = otel_span_get_context(child);
        char tp[56];
        sum += (long)otel_traceparent_format(&c, tp);
        otel_span_context back;
        sum += otel_traceparent_parse(tp, (size_t)-1, &back);
        sum += otel_tracestate_validate("a=b,c@d=e", (size_t)-1);
        otel_header hdr[2];
        char buf[256];
        int nh = otel_headers_inject(&c, hdr, 2, buf, sizeof buf);
        sum += nh;
        sum += otel_headers_extract(hdr, nh > 0 ? (size_t)nh : 0, &back);
        char *envp[] = {"PATH=/bin", "TRACEPARENT=old", NULL};
        char *out[8];
        char ebuf[256];
        int ne = otel_context_inject_env(&c, envp, out, 8, ebuf, sizeof ebuf);
        sum += ne;
        sum += otel_env_extract(out, &back);
        sum += otel_current_context().flags;
        /* context, baggage, the propagators (B3 too), malformed pieces dropped */
        static otel_baggage bag;
        static otel_extracted ex;
        otel_baggage_clear(&bag);
        sum += otel_baggage_set(&bag, "user.id", "u 42", "p=1");
        sum += otel_baggage_parse(&bag, "a=1, bad key=2,b=%41;q", (size_t)-1);
        char bbuf[128];
        sum += (long)otel_baggage_format(&bag, bbuf, sizeof bbuf);
        otel_header in[5] = {{"traceparent", tp}, {"tracestate", "a=b"}, {"tracestate", "c@d=e,a=dup"},
                             {"baggage", bbuf}, {"b3", "zz-1"}};
        sum += otel_propagation_extract(in, 5, &ex);
        otel_context_token tok = otel_context_attach(&ex.ctx);
        otel_span *under = otel_span_begin("under", OTEL_SPAN_KIND_INTERNAL);
        otel_header ph[8];
        char pbuf[512];
        sum += otel_propagation_inject(NULL, ph, 8, pbuf, sizeof pbuf);
        otel_span_end(under);
        sum += otel_context_detach(tok);
        /* metrics and log records */
        static otel_instrument *ctr, *hist, *gauge, *obs, *exph, *viewed;
        if (round == 0) {   /* (each init: handles from an earlier one would name its instruments' slots) */
            ctr = otel_counter_create("noalloc.count", "1", "");
            hist = otel_histogram_create("noalloc.hist", "ms", "", NULL, 0);
            gauge = otel_gauge_create("noalloc.gauge", "1", "");
            obs = otel_observable_counter_create_double("noalloc.observed", "1", "", observe_cb, NULL);
            exph = otel_histogram_create_exponential("noalloc.exp", "ms", "", 8, 20);
            viewed = otel_counter_create("noalloc.viewed", "1", "");
        }
        /* a callback registered and unregistered (the collection runs the other one) */
        sum += otel_callback_unregister(otel_callback_register(observe_cb, NULL, &obs, 1)) == OTEL_OK;
        otel_attr ma[2] = {OTEL_ATTR_STR("route", round % 2 ? "/a" : "/b"), OTEL_ATTR_INT("code", 200 + round % 3)};
        otel_counter_add(ctr, 1, ma, 2);
        otel_counter_add(viewed, round, ma, 2);
        otel_span *msp = otel_span_begin("metric", OTEL_SPAN_KIND_INTERNAL);
        otel_counter_add(viewed, 1, ma, 2);   /* in a span: exemplars (filtered attributes, a simple reservoir) */
        otel_span_end(msp);
        int64_t shards[2] = {round % 4, 7};   /* array values, kept in the series */
        otel_attr aa[2] = {OTEL_ATTR_INT_ARRAY("shards", shards, 2), OTEL_ATTR_STR_ARRAY("zones", route_list, 2)};
        otel_counter_add(ctr, 1, aa, 2);
        otel_histogram_record(hist, round * 3.5, ma, 2);
        otel_histogram_record(exph, round * 3.5 - 20, ma, 2);   /* both sides, zero, scaling down */
        otel_gauge_set(gauge, round, ma, 1);
        otel_counter_add(ctr, 1, NULL, 0);                      /* without attributes: the fast path after the first */
        otel_histogram_record(hist, round * 3.5, NULL, 0);
        otel_histogram_record(exph, round * 3.5 - 20, NULL, 0);
        otel_genai_record_tokens("p", "m", "chat", 10, 20);
        otel_event("noalloc.event", OTEL_SEVERITY_INFO, "body Bearer abcdefghijkl", attrs, 4);
        otel_session sess;
        otel_session_init(&sess, attrs, 2, 0);
        otel_timer t = otel_timer_start();
        otel_tool_call tc = {"grep", "c1", "{}", 1, "output", NULL, NULL};
        otel_session_tool_result(&sess, &t, &tc);
        otel_session_api_request(&sess, &t, 1, 200, NULL, "/v1/responses");
        otel_token_counts tk = {10, 20, 0, 0, 30};
        otel_session_sse_completed(&sess, &t, &tk);
        otel_session_user_prompt(&sess, "a prompt");
        otel_span_set_status(root, OTEL_STATUS_OK, NULL);
        otel_span_end(child);
        otel_span_end(root);
        sum += otel_span_is_recording(root);
    }
    return sum;
}

/* consumer side: collect and release, read everything */
static long consume(void) {
    long sum = 0;
    otel_span_data *got[64];
    size_t n;
    while ((n = otel_collect(got, 64)) > 0) {
        for (size_t i = 0; i < n; i++) {
            otel_span_info in;
            otel_log_info li;
            if (otel_record_type(got[i]) == OTEL_RECORD_LOG) otel_log_data_info(got[i], &li);
            else otel_span_data_info(got[i], &in);
            otel_iter it = {NULL, 0};
            otel_item item;
            while (otel_span_data_next(got[i], &it, &item)) sum += item.type;
        }
        otel_release(got, n);
    }
    for (unsigned r = 0; r < 2; r++) {   /* a cumulative and a delta reader */
        sum += (long)otel_metrics_collect_reader(r);
        otel_metric_iter mit = {0, 0, 0};
        otel_metric_info mi;
        otel_metric_point mp;
        while (otel_metrics_next(&mit, &mi, &mp)) { otel_attr a[8]; sum += (long)otel_metric_point_attrs(&mp, a, 8); }
    }
    otel_stats st;
    otel_stats_get(&st);
    return sum + (long)st.spans_started;
}

static int phase;   /* 0: wait, 1: run, 2: done */
static long thread_sum;
static void *second(void *arg) {
    (void)arg;
    while (__atomic_load_n(&phase, __ATOMIC_ACQUIRE) != 1) sched_yield();
    thread_sum = hot_paths();
    __atomic_store_n(&phase, 2, __ATOMIC_RELEASE);
    return NULL;
}

TEST(counter_works) {
#ifdef COUNT_HEAP
    count_begin();
    void *volatile p = malloc(16);
    free(p);
    long n = count_end();
    CHECK_EQ_INT(n, 2);
#endif
}

TEST(zero_heap_hot_paths) {
    /* a view that filters attributes and changes an aggregation: the path
       such instruments record through; a second view selecting it: a
       second stream */
    static const char *const keep[] = {"route"};
    static const otel_view views[] = {{.instrument_name = "noalloc.viewed", .attribute_keys = keep, .attribute_key_count = 1,
                                       .aggregation = OTEL_AGGREGATION_EXPLICIT},
                                      {.instrument_name = "noalloc.viewed", .name = "noalloc.viewed.sum",
                                       .exemplar_reservoir = OTEL_EXEMPLAR_RESERVOIR_SIMPLE, .exemplar_reservoir_size = 3}};
    otel_config cfg;
    tu_config(&cfg);
    cfg.views = views; cfg.view_count = 2;
    static const int readers[] = {OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_DELTA};
    cfg.metric_readers = readers; cfg.metric_reader_count = 2;
    CHECK_EQ_INT(tu_init_cfg(&cfg), OTEL_OK);
    phase = 0;
    pthread_t th;
    CHECK_EQ_INT(pthread_create(&th, NULL, second, NULL), 0);
    count_begin();
    long sum = hot_paths();
    long main_calls = count_end();
    count_begin();
    __atomic_store_n(&phase, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&phase, __ATOMIC_ACQUIRE) != 2) sched_yield();
    long thread_calls = count_end();
    count_begin();
    long consumed = consume();
    long consumer_calls = count_end();
    pthread_join(th, NULL);
    CHECK(sum > 0 && thread_sum == sum);
    CHECK(consumed > 0);
#ifdef COUNT_HEAP
    CHECK_EQ_INT(main_calls, 0);
    CHECK_EQ_INT(thread_calls, 0);
    CHECK_EQ_INT(consumer_calls, 0);
#else
    (void)main_calls; (void)thread_calls; (void)consumer_calls;
    printf("# noalloc: heap call counting skipped: AddressSanitizer replaces malloc\n");
#endif
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_started, 2 * 50 * 8);   /* (root, child, grandchild, scoped, under an attached context, a metric span; the session's tool call and API request) */
    CHECK_EQ_INT(st.spans_dropped, 0);
    tu_shutdown();
}

/* tail sampling and span metrics on: the same paths, and the consumer's
   holding, deciding and summing, allocate nothing either */
TEST(zero_heap_tail_sampling_and_span_metrics) {
    otel_config c;
    tu_config(&c);
    c.sampler = OTEL_SAMPLER_TAIL;
    c.sampler_arg = 0.5;
    c.span_metrics = 1;
    c.span_metrics_dimensions = "k";
    static const int readers[] = {OTEL_TEMPORALITY_DELTA, OTEL_TEMPORALITY_LOWMEMORY};
    c.metric_readers = readers; c.metric_reader_count = 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    count_begin();
    long sum = hot_paths();
    otel_span *s = otel_span_begin("failing", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_status(s, OTEL_STATUS_ERROR, "x");
    otel_span_end(s);
    long consumed = consume();
    otel_metrics_collect();
    long calls = count_end();
    CHECK(sum > 0 && consumed > 0);
#ifdef COUNT_HEAP
    CHECK_EQ_INT(calls, 0);
#else
    (void)calls;
#endif
    otel_stats st;
    otel_stats_get(&st);
    CHECK(st.tail_traces_kept > 0);
    tu_shutdown();
}

int main(void) {
    RUN(counter_works);
    RUN(zero_heap_hot_paths);
    RUN(zero_heap_tail_sampling_and_span_metrics);
    return test_summary("noalloc");
}
