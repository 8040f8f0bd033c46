/* The arena: a small caller-provided arena filling up and recovering, spans
   chaining many blocks, a consumer releasing in batches while a producer
   thread runs, and the stats adding up. Also runs under ThreadSanitizer. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>


static unsigned char small_arena[64 * OTEL_BLOCK_SIZE] __attribute__((aligned(64)));
static unsigned char mid_arena[256 * OTEL_BLOCK_SIZE] __attribute__((aligned(64)));

static int init_arena(void *mem, size_t size) {
    otel_config c;
    tu_config(&c);
    c.arena = mem;
    c.arena_size = size;
    return tu_init_cfg(&c);
}

TEST(arena_full_and_recovery) {
    CHECK_EQ_INT(init_arena(small_arena, sizeof small_arena), OTEL_OK);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.arena_blocks, 64);
    CHECK_EQ_INT(st.arena_blocks_free, 64);
    tu_capture_begin();
    int recording = 0, handles = 0;
    for (int i = 0; i < 200; i++) {
        otel_span *s = otel_span_begin("fill", OTEL_SPAN_KIND_INTERNAL);
        handles += s != NULL;
        recording += otel_span_is_recording(s);
        /* every call is safe on a non-recording handle */
        otel_span_set_str(s, "k", "v");
        otel_span_set_int(s, "i", i);
        otel_span_add_event(s, "e", NULL, 0);
        otel_span_record_error(s, "t", "m");
        otel_span_set_name(s, "renamed");
        otel_span_context c = otel_span_get_context(s);
        CHECK(otel_span_context_is_valid(&c));
        otel_span_end(s);
    }
    const char *err = tu_capture_end();
    CHECK_EQ_INT(handles, 200);
    CHECK(recording > 0 && recording <= 64);
    CHECK_EQ_INT(tu_count_warn(err, "arena full"), 1);
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_started, (uint64_t)recording);
    CHECK_EQ_INT(st.spans_dropped, 200u - (uint64_t)recording);
    CHECK_EQ_INT(st.spans_ended, (uint64_t)recording);
    CHECK_EQ_INT(otel_pending(), (uint64_t)recording);
    /* nothing is recording now */
    otel_span *s = otel_span_begin("still full", OTEL_SPAN_KIND_INTERNAL);
    CHECK(!otel_span_is_recording(s));
    otel_span_end(s);
    /* the consumer releases: recording resumes */
    CHECK_EQ_INT(tu_collect(), (size_t)recording);
    CHECK_EQ_INT(tu_info(tu_spans[0]).attribute_count, 2);
    tu_release();
    CHECK_EQ_INT(otel_pending(), 0);
    s = otel_span_begin("again", OTEL_SPAN_KIND_INTERNAL);
    CHECK(otel_span_is_recording(s));
    otel_span_end(s);
    int again = 0;
    for (int i = 0; i < 40; i++) {
        s = otel_span_begin("again", OTEL_SPAN_KIND_INTERNAL);
        again += otel_span_is_recording(s);
        otel_span_end(s);
    }
    CHECK_EQ_INT(again, 40);
    CHECK_EQ_INT(tu_collect(), 41);
    tu_shutdown();
}

/* value i: "i:" then letters, 2 + i % 90 bytes long at most */
static void make_val(int i, char *val, size_t cap) {
    memset(val, 'a' + i % 26, cap);
    char num[16];
    int p = snprintf(num, sizeof num, "%d:", i);
    memcpy(val, num, (size_t)p);
    size_t len = (size_t)p + (size_t)(i % 90);
    val[len < cap ? len : cap - 1] = 0;
}

TEST(many_attributes_chain_blocks) {
    otel_config c;
    tu_config(&c);
    c.span_attribute_count_limit = 1000;
    c.span_event_count_limit = 1000;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    enum { N = 300 };
    static char keys[N][16];
    char val[120];
    otel_span *s = otel_span_begin("big", OTEL_SPAN_KIND_INTERNAL);
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "attr.%d", i);
        if (i % 3 == 0) otel_span_set_int(s, keys[i], i);
        else { make_val(i, val, sizeof val); otel_span_set_str(s, keys[i], val); }
        if (i % 50 == 0) otel_span_add_event(s, "mark", NULL, 0);
    }
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_info in = tu_info(tu_spans[0]);
    CHECK_EQ_INT(in.attribute_count, N);
    CHECK_EQ_INT(in.dropped_attributes, 0);
    CHECK_EQ_INT(in.event_count, N / 50);
    otel_iter it = {NULL, 0};
    otel_item item;
    int k = 0, events = 0, bad = 0;
    while (otel_span_data_next(tu_spans[0], &it, &item)) {
        if (item.type == OTEL_ITEM_EVENT) { if (k != events * 50 + 1) bad++; events++; continue; }
        if (item.type != OTEL_ITEM_ATTR) continue;
        if (k >= N || strcmp(item.attr.key, keys[k]) != 0) { bad++; k++; continue; }
        if (k % 3 == 0) { if (item.attr.type != OTEL_TYPE_INT || item.attr.v.i != k) bad++; }
        else {
            make_val(k, val, sizeof val);
            size_t len = strlen(val);
            if (item.attr.type != OTEL_TYPE_STRING || item.attr.v.str.len != len || memcmp(item.attr.v.str.ptr, val, len) != 0) bad++;
        }
        k++;
    }
    CHECK_EQ_INT(k, N);
    CHECK_EQ_INT(events, N / 50);
    CHECK_EQ_INT(bad, 0);
    otel_stats st;
    otel_stats_get(&st);
    CHECK(st.arena_blocks_free + 64 <= st.arena_blocks);   /* more than one magazine used */
    tu_shutdown();
}

/* a producer thread while this thread collects and releases in batches */
#ifdef TSAN
#define PRODUCE 20000
#else
#define PRODUCE 200000
#endif
static int producer_done;
static void *producer(void *arg) {
    (void)arg;
    for (int i = 0; i < PRODUCE; i++) {
        otel_span *s = otel_span_begin("p", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_int(s, "seq", i);
        otel_span_end(s);
    }
    __atomic_store_n(&producer_done, 1, __ATOMIC_RELEASE);
    return NULL;
}

TEST(consume_while_producing) {
    CHECK_EQ_INT(init_arena(mid_arena, sizeof mid_arena), OTEL_OK);
    producer_done = 0;
    pthread_t th;
    CHECK_EQ_INT(pthread_create(&th, NULL, producer, NULL), 0);
    uint64_t collected = 0;
    int64_t last = -1;
    int order_bad = 0, batches = 0;
    for (;;) {
        int done = __atomic_load_n(&producer_done, __ATOMIC_ACQUIRE);
        otel_span_data *got[16];
        size_t n = otel_collect(got, 16);
        for (size_t i = 0; i < n; i++) {
            otel_attr a;
            if (!tu_attr(got[i], "seq", &a) || a.v.i <= last) order_bad++;
            else last = a.v.i;
        }
        otel_release(got, n);
        collected += n;
        batches += n > 0;
        if (done && n == 0) break;
    }
    pthread_join(th, NULL);
    collected += tu_drain();
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(order_bad, 0);
    CHECK(collected > 0);
    CHECK(batches > 1);
    CHECK_EQ_INT(collected + st.spans_dropped, PRODUCE);
    CHECK_EQ_INT(st.spans_started, collected);
    CHECK_EQ_INT(st.spans_released, collected);
    CHECK_EQ_INT(otel_pending(), 0);
    tu_shutdown();
}

/* started, ended, sampled out, dropped, attributes dropped and redacted add up */
TEST(stats_add_up) {
    otel_config c;
    tu_config(&c);
    c.arena = small_arena;
    c.arena_size = sizeof small_arena;
    c.sampler = OTEL_SAMPLER_PARENTBASED_ALWAYS_ON;
    c.span_attribute_count_limit = 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span_context no;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", NULL, &no), OTEL_OK);
    /* 3 recorded spans with 3 attributes each: 3 dropped, 1 redacted */
    for (int i = 0; i < 3; i++) {
        otel_span *s = otel_span_begin("rec", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_int(s, "a", 1);
        otel_span_set_str(s, "password", "x");
        otel_span_set_int(s, "c", 3);
        otel_span_end(s);
    }
    /* 4 unsampled */
    for (int i = 0; i < 2; i++) {
        otel_span *s = otel_span_begin_with_parent("no", OTEL_SPAN_KIND_INTERNAL, &no);
        otel_span_end(otel_span_begin("no child", OTEL_SPAN_KIND_INTERNAL));
        otel_span_end(s);
    }
    /* one left open */
    otel_span *open = otel_span_begin("open", OTEL_SPAN_KIND_INTERNAL);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_started, 4);
    CHECK_EQ_INT(st.spans_ended, 3);
    CHECK_EQ_INT(st.spans_sampled_out, 4);
    CHECK_EQ_INT(st.spans_dropped, 0);
    CHECK_EQ_INT(st.attributes_dropped, 3);
    CHECK_EQ_INT(st.values_redacted, 3);
    otel_span_end(open);
    /* fill the arena: the rest are dropped */
    tu_capture_begin();
    int rec = 0;
    for (int i = 0; i < 100; i++) {
        otel_span *s = otel_span_begin("fill", OTEL_SPAN_KIND_INTERNAL);
        rec += otel_span_is_recording(s);
        otel_span_end(s);
    }
    tu_capture_end();
    otel_stats_get(&st);
    CHECK_EQ_INT(rec, 64 - 4);
    CHECK_EQ_INT(st.spans_started, 4 + (uint64_t)rec);
    CHECK_EQ_INT(st.spans_ended, 4 + (uint64_t)rec);
    CHECK_EQ_INT(st.spans_dropped, 100 - (uint64_t)rec);
    CHECK_EQ_INT(st.spans_started + st.spans_sampled_out + st.spans_dropped, 3 + 4 + 1 + 100);
    CHECK_EQ_INT(st.arena_blocks_free, 0);
    CHECK_EQ_INT(st.spans_released, 0);
    size_t n = tu_drain();
    CHECK_EQ_INT(n, 64);
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_released, 64);
    CHECK_EQ_INT(st.arena_blocks_free, 64);
    tu_shutdown();
}

/* The count of spans ended is what the thread's completion stream counted
   (32 bits, and how often it wrapped) less its log records: across a wrap
   the stats and the consumer both go on counting right. The stream is set
   just short of the wrap by hand (this is the implementation's own state). */
TEST(ended_count_across_the_stream_wrap) {
    CHECK_EQ_INT(init_arena(mid_arena, sizeof mid_arena), OTEL_OK);
    otel_span_end(otel_span_begin("first", OTEL_SPAN_KIND_INTERNAL));
    CHECK_EQ_INT(tu_drain(), 1);
    otel__slot *sl = otel__t.slot;
    CHECK(sl != NULL && !sl->shared);
    if (sl && !sl->shared) {
        size_t i = (size_t)(sl - otel__g.slots);
        sl->head = (sl->head & ~(uint64_t)0xffffffffu) | 0xfffffffeu;   /* 2 short of the wrap */
        otel__g.cons_seen[i] = 0xfffffffeu;
        otel__g.released += 0xfffffffeu - 1;   /* as if all of those had been taken and released */
        CHECK_EQ_INT(otel_pending(), 0);
        otel_stats st;
        otel_stats_get(&st);
        uint64_t before = st.spans_ended;
        CHECK_EQ_INT(before, 0xfffffffeu);
        for (int k = 0; k < 5; k++) otel_span_end(otel_span_begin("across", OTEL_SPAN_KIND_INTERNAL));
        otel_log(OTEL_SEVERITY_INFO, "a log record across it too", NULL, 0);
        otel_stats_get(&st);
        CHECK_EQ_INT(sl->wraps, 1);
        CHECK_EQ_INT(st.spans_ended - before, 5);
        CHECK_EQ_INT(otel_pending(), 6);
        CHECK_EQ_INT(tu_drain(), 6);
        CHECK_EQ_INT(otel_pending(), 0);
    }
    tu_shutdown();
}

/* A span dropped for a full arena still has a context (its span id made
   when asked for); a sampled child begun once there is room again is
   recorded under that span id, though the parent itself is not. */
TEST(sampled_child_of_a_dropped_parent) {
    CHECK_EQ_INT(init_arena(small_arena, sizeof small_arena), OTEL_OK);
    tu_capture_begin();   /* (the arena-full warning) */
    for (int i = 0; i < 200; i++) otel_span_end(otel_span_begin("fill", OTEL_SPAN_KIND_INTERNAL));
    for (int round = 0; round < 3; round++) {
        otel_span *r = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
        otel_span *p = otel_span_begin("p", OTEL_SPAN_KIND_INTERNAL);
        CHECK(!otel_span_is_recording(p));
        tu_drain();   /* room again */
        otel_span *ch = otel_span_begin("c", OTEL_SPAN_KIND_INTERNAL);
        CHECK(otel_span_is_recording(ch));
        otel_span_context pc = otel_span_get_context(p), cc = otel_span_get_context(ch);
        otel_span_end(ch);
        otel_span_end(p);
        otel_span_end(r);
        CHECK(memcmp(cc.trace_id, pc.trace_id, 16) == 0);
        CHECK_EQ_INT(tu_collect(), 1);
        if (tu_n == 1) {
            otel_span_info in = tu_info(tu_spans[0]);
            CHECK(in.has_parent);
            CHECK(memcmp(in.parent_span_id, pc.span_id, 8) == 0);
        }
        /* full again for the next round */
        for (int i = 0; i < 200; i++) otel_span_end(otel_span_begin("fill", OTEL_SPAN_KIND_INTERNAL));
    }
    (void)tu_capture_end();
    tu_drain();
    tu_shutdown();
}

/* a release of thousands of records at once hands the blocks back as
   chains of magazines (one compare-and-swap a chain): every block is free
   again, and the arena fills to the same count a second time (each less
   the consumer's partial magazine) */
static unsigned char big_arena[4096 * OTEL_BLOCK_SIZE] __attribute__((aligned(64)));
TEST(a_large_release_gives_every_block_back) {
    CHECK_EQ_INT(init_arena(big_arena, sizeof big_arena), OTEL_OK);
    otel_stats st;
    otel_stats_get(&st);
    uint64_t blocks = st.arena_blocks, free0 = st.arena_blocks_free;
    CHECK(blocks >= 3000);
    int fill[2] = {0, 0};
    for (int round = 0; round < 2; round++) {
        tu_capture_begin();
        for (int i = 0; i < 5000; i++) {
            otel_span *s = otel_span_begin("fill", OTEL_SPAN_KIND_INTERNAL);
            fill[round] += otel_span_is_recording(s);
            otel_span_end(s);
        }
        tu_capture_end();
        CHECK(fill[round] > 2000);
        CHECK_EQ_INT(tu_collect(), (size_t)fill[round]);
        tu_release();   /* (one otel_release of them all) */
        /* (less a partial magazine the consumer keeps while producers are not starved) */
        otel_stats_get(&st);
        CHECK(st.arena_blocks_free <= free0 && st.arena_blocks_free > free0 - OTEL_MAGAZINE_SIZE);
    }
    CHECK(fill[1] <= fill[0] && fill[1] > fill[0] - (int)OTEL_MAGAZINE_SIZE);
    tu_shutdown();
}

int main(void) {
    RUN(arena_full_and_recovery);
    RUN(a_large_release_gives_every_block_back);
    RUN(many_attributes_chain_blocks);
    RUN(consume_while_producing);
    RUN(stats_add_up);
    RUN(ended_count_across_the_stream_wrap);
    RUN(sampled_child_of_a_dropped_parent);
    return test_summary("arena");
}
