/* Several processors: every span and log record goes to each (fan-out); a
   record goes back to the arena when the last one releases it (holder
   count); a processor that does not keep up drops its own share, the
   others lose nothing. The background thread polls them (TSan build too). */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"

typedef struct counter {
    int spans, logs;
    int hold;          /* keep what it takes (until release_now) */
    int stuck;         /* take nothing */
    int release_now;
    otel_span_data *kept[4096];
    size_t nkept;
} counter;

static size_t counter_poll(void *user, int reason, uint64_t deadline) {
    counter *c = (counter *)user;
    (void)reason; (void)deadline;
    if (__atomic_load_n(&c->release_now, __ATOMIC_ACQUIRE) && c->nkept) { otel_release(c->kept, c->nkept); c->nkept = 0; }
    if (c->stuck) return 0;
    otel_span_data *got[64];
    size_t n;
    while ((n = otel_collect(got, 64)) > 0) {
        for (size_t i = 0; i < n; i++) {
            if (otel_record_type(got[i]) == OTEL_RECORD_LOG) c->logs++; else c->spans++;
            if (c->hold && c->nkept < 4096) c->kept[c->nkept++] = got[i];
            else otel_release(&got[i], 1);
        }
    }
    return 0;
}

static counter ca, cb;
static otel_processor pa = { counter_poll, NULL, &ca, 50, NULL }, pb = { counter_poll, NULL, &cb, 50, NULL };
static uint64_t small_arena[64 * 1024 / 8];   /* ~128 blocks: each of two processors holds a quarter at most */
static long long quarter(void) { otel_stats st; otel_stats_get(&st); return (long long)st.arena_blocks / 4; }

static void start(int small) {
    memset(&ca, 0, sizeof ca);
    memset(&cb, 0, sizeof cb);
    static const otel_processor *list[1];
    list[0] = &pb;
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.processor = &pa;
    cfg.processors = list;
    cfg.processor_count = 1;
    if (small) { cfg.arena = small_arena; cfg.arena_size = sizeof small_arena; }
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
}

static void spans(int n) {
    for (int i = 0; i < n; i++) {
        otel_span *s = otel_span_begin("work", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_int(s, "i", i);
        otel_span_end(s);
    }
}

TEST(fan_out_every_record_to_each) {
    start(0);
    spans(100);
    for (int i = 0; i < 10; i++) otel_log(OTEL_SEVERITY_INFO, "hello", NULL, 0);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    CHECK_EQ_INT(ca.spans, 100); CHECK_EQ_INT(ca.logs, 10);
    CHECK_EQ_INT(cb.spans, 100); CHECK_EQ_INT(cb.logs, 10);
    CHECK_EQ_INT(otel_pending(), 0);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_released, 100);   /* once each, not once per processor */
    CHECK_EQ_INT(otel_processor_dropped(0), 0);
    CHECK_EQ_INT(otel_processor_dropped(1), 0);
    CHECK_EQ_INT(otel_shutdown(1000), OTEL_OK);
}

/* a record stays while one processor still holds it */
TEST(holder_count_frees_on_last_release) {
    start(0);
    ca.hold = 1;
    spans(50);
    otel_flush(2000);
    CHECK_EQ_INT(ca.spans, 50);
    CHECK_EQ_INT(cb.spans, 50);
    CHECK_EQ_INT(otel_pending(), 50);   /* b released them; a holds them */
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_released, 0);
    __atomic_store_n(&ca.release_now, 1, __ATOMIC_RELEASE);   /* (the worker may be polling) */
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    CHECK_EQ_INT(otel_pending(), 0);
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_released, 50);
    CHECK_EQ_INT(otel_shutdown(1000), OTEL_OK);
}

/* a stuck processor drops its own share past its queue; the other sees all */
TEST(slow_processor_does_not_starve_fast_one) {
    start(1);
    ca.stuck = 1;
    long long q = quarter();
    for (int round = 0; round < 100; round++) {
        spans(10);
        otel_flush(2000);
    }
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_dropped, 0);
    CHECK_EQ_INT(cb.spans, 1000);
    CHECK_EQ_INT(otel_processor_dropped(1), 0);
    CHECK_EQ_INT(otel_processor_dropped(0), 1000 - q);
    CHECK_EQ_INT(otel_pending(), q);   /* waiting in a's queue */
    ca.stuck = 0;
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    CHECK_EQ_INT(ca.spans, q);
    CHECK_EQ_INT(otel_pending(), 0);
    /* and its queue takes records again */
    spans(5);
    otel_flush(2000);
    CHECK_EQ_INT(ca.spans, q + 5);
    CHECK_EQ_INT(cb.spans, 1005);
    CHECK_EQ_INT(otel_shutdown(1000), OTEL_OK);
}

/* a processor holding what it took counts against its queue too; at
   shutdown what sits in a queue goes back to the arena */
TEST(holding_processor_bounded_and_drained) {
    start(1);
    ca.hold = 1;
    long long q = quarter();
    for (int round = 0; round < 20; round++) { spans(10); otel_flush(2000); }
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_dropped, 0);
    CHECK_EQ_INT(cb.spans, 200);
    CHECK_EQ_INT(ca.spans, q);
    CHECK_EQ_INT(otel_processor_dropped(0), 200 - q);
    CHECK_EQ_INT(otel_shutdown(1000), OTEL_ERR_TIMEOUT);   /* a still holds q */
}

/* the list is bounded: past OTEL_MAX_PROCESSORS the others are not used */
TEST(too_many_processors_counted) {
    static counter cs[OTEL_MAX_PROCESSORS + 2];
    static otel_processor ps[OTEL_MAX_PROCESSORS + 2];
    static const otel_processor *list[OTEL_MAX_PROCESSORS + 2];
    for (int i = 0; i < OTEL_MAX_PROCESSORS + 2; i++) {
        memset(&cs[i], 0, sizeof cs[i]);
        ps[i].poll = counter_poll; ps[i].user = &cs[i]; ps[i].interval_ms = 50;
        list[i] = &ps[i];
    }
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.processors = list;
    cfg.processor_count = OTEL_MAX_PROCESSORS + 2;
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
    spans(3);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    for (int i = 0; i < OTEL_MAX_PROCESSORS; i++) CHECK_EQ_INT(cs[i].spans, 3);
    CHECK_EQ_INT(cs[OTEL_MAX_PROCESSORS].spans, 0);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.processors_dropped, 2);
    CHECK_EQ_INT(otel_shutdown(1000), OTEL_OK);
}

/* OnStart: a processor adds attributes as spans begin, on their thread */
static int starts, parent_ok;
static uint8_t root_id[8];
static void add_tenant(void *user, otel_span *s, const otel_span_context *parent) {
    (void)user;
    starts++;
    if (starts == 1) { otel_span_context c = otel_span_get_context(s); memcpy(root_id, c.span_id, 8); parent_ok += !parent; }
    else if (starts <= 21) parent_ok += parent && memcmp(parent->span_id, root_id, 8) == 0 && !parent->remote;
    else parent_ok += !parent;
    otel_span_set_str(s, "tenant", "acme");
    otel_span_set_int(s, "start.seq", starts);
}
static int has_attr(otel_span_data *d, const char *key) {
    otel_iter it = {0, 0};
    otel_item item;
    while (otel_span_data_next(d, &it, &item))
        if (item.type == OTEL_ITEM_ATTR && strcmp(item.attr.key, key) == 0) return 1;
    return 0;
}
static int tagged, untagged;
static size_t check_poll(void *user, int reason, uint64_t deadline) {
    (void)user; (void)reason; (void)deadline;
    otel_span_data *got[64];
    size_t n;
    while ((n = otel_collect(got, 64)) > 0) {
        for (size_t i = 0; i < n; i++) {
            if (otel_record_type(got[i]) != OTEL_RECORD_SPAN) continue;
            if (has_attr(got[i], "tenant") && has_attr(got[i], "start.seq") && has_attr(got[i], "i")) tagged++;
            else untagged++;
        }
        otel_release(got, n);
    }
    return 0;
}
TEST(on_start_adds_attributes) {
    static const otel_processor starter = { counter_poll, NULL, &ca, 50, add_tenant };
    static const otel_processor checker = { check_poll, NULL, NULL, 50, NULL };
    static const otel_processor *list[1] = { &checker };
    memset(&ca, 0, sizeof ca);
    starts = tagged = untagged = parent_ok = 0;
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.processor = &starter;
    cfg.processors = list;
    cfg.processor_count = 1;
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_SERVER);   /* (the inline begin: root, then children) */
    otel_span_set_int(root, "i", -1);
    spans(20);
    otel_span_end(root);
    otel_span_args a;
    memset(&a, 0, sizeof a);
    a.name = "ex";
    otel_attr at[1] = {OTEL_ATTR_INT("i", 7)};
    a.attrs = at; a.attr_count = 1;
    otel_span_end(otel_span_begin_ex(&a));
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);
    CHECK_EQ_INT(starts, 22);
    CHECK_EQ_INT(parent_ok, 22);   /* the root and the ex span: none; the 20 children: the root */
    CHECK_EQ_INT(tagged, 22);
    CHECK_EQ_INT(untagged, 0);
    CHECK_EQ_INT(ca.spans, 22);
    CHECK_EQ_INT(otel_shutdown(1000), OTEL_OK);
    /* not for spans that do not record */
    cfg.sampler = OTEL_SAMPLER_ALWAYS_OFF;
    starts = 0;
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
    spans(5);
    CHECK_EQ_INT(starts, 0);
    CHECK_EQ_INT(otel_shutdown(1000), OTEL_OK);
}

int main(void) {
    RUN(fan_out_every_record_to_each);
    RUN(holder_count_frees_on_last_release);
    RUN(slow_processor_does_not_starve_fast_one);
    RUN(holding_processor_bounded_and_drained);
    RUN(too_many_processors_counted);
    RUN(on_start_adds_attributes);
    return test_summary("threads_procs");
}
