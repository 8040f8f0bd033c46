/* Publish rings (otel__take_ring) with a ring far smaller than the lag, so
   the consumer falls back to the records' links: a thread publishes more
   than a ring between two collects, collects of every size in between, and
   several threads publishing while the test thread collects (under TSan
   too). Every span arrives exactly once, in each thread's order, and the
   ledger holds: made = delivered + dropped. Each span's sequence number is
   its explicit start time. */
#define OTEL_PUBLISH_RING 64
#define OTEL_PUBLISH_RINGS 2     /* the first two producers have a ring, the others not */
#define OTEL__RING_CHUNK 16u     /* several chunks per take: the owner can lap one while it is read */
/* and it gets the time to, now and then: the consumer yields between
   reading a chunk and checking it */
static void ring_read_pause(void);
#define OTEL__RING_READ_HOOK() ring_read_pause()
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>
#include <sched.h>

static int pause_on;
static void ring_read_pause(void) {
    static unsigned k;
    if (pause_on && ++k % 16 == 0) usleep(20);
}

/* 2048 blocks: enough for rings (an arena under 1024 blocks has none) */
static unsigned char arena[2048 * OTEL_BLOCK_SIZE] __attribute__((aligned(64)));

static int init_ring_arena(void) {
    otel_config c;
    tu_config(&c);
    c.arena = arena;
    c.arena_size = sizeof arena;
    return tu_init_cfg(&c);
}

/* a span whose start time is its number */
static int make(uint64_t seq) {
    otel_span_args a;
    memset(&a, 0, sizeof a);
    a.name = "seq";
    a.start_ns = seq;
    otel_span *s = otel_span_begin_ex(&a);
    int rec = otel_span_is_recording(s);
    otel_span_end_at(s, seq + 1);
    return rec;
}

/* collect with at most max a call, checking each start is want's next */
static size_t take(uint64_t *want, size_t max, size_t *bad) {
    otel_span_data *got[256];
    size_t n, total = 0;
    while ((n = otel_collect(got, max)) > 0) {
        for (size_t i = 0; i < n; i++) {
            uint64_t s = tu_info(got[i]).start_ns;
            if (s != *want) (*bad)++;
            *want = s + 1;
        }
        otel_release(got, n);
        total += n;
    }
    return total;
}

TEST(lag_beyond_ring) {
    CHECK_EQ_INT(init_ring_arena(), OTEL_OK);
    CHECK_EQ_INT(otel__g.slots[1].ring_mask, 63);   /* (this thread takes slot 1 with its first span) */
    static const int burst[] = {1, 63, 64, 65, 66, 127, 128, 129, 200, 1000, 5, 130, 1, 1500, 2, 64};
    static const size_t maxes[] = {256, 1, 7, 64, 100, 3};
    uint64_t seq = 1, want = 1;
    size_t delivered = 0, bad = 0, made = 0;
    uint64_t chased0 = otel__ring_chased;
    for (size_t r = 0; r < sizeof burst / sizeof burst[0]; r++) {
        for (int i = 0; i < burst[r]; i++) { CHECK(make(seq)); seq++; made++; }
        /* a collect that leaves records on the consumer's list, then more published */
        if (r % 3 == 1) {
            otel_span_data *one[1];
            if (otel_collect(one, 1) == 1) {
                if (tu_info(one[0]).start_ns != want) bad++;
                want++; delivered++;
                otel_release(one, 1);
            }
            for (int i = 0; i < 70; i++) { CHECK(make(seq)); seq++; made++; }
        }
        delivered += take(&want, maxes[r % (sizeof maxes / sizeof maxes[0])], &bad);
    }
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(delivered, made);
    CHECK_EQ_INT(want, seq);
    CHECK_EQ_INT(st.spans_dropped, 0);
    CHECK_EQ_INT(st.spans_ended, made);
    CHECK_EQ_INT(st.spans_released, made);
    CHECK(otel__ring_chased > chased0);   /* the fallback ran */
    tu_shutdown();
}

/* producers flood (the arena fills: some spans are dropped) while the test
   thread collects in batches of changing size */
#define PRODUCERS 4
#ifdef TSAN
#define PER 20000
#else
#define PER 200000
#endif
static uint64_t made_rec[PRODUCERS], made_all[PRODUCERS];
static int producers_done;
static void *producer(void *arg) {
    uint64_t t = (uint64_t)(uintptr_t)arg, seq = 0;
    for (int i = 0; i < PER; i++) {
        if (make((t + 1) << 40 | seq)) seq++;   /* (a dropped span's number is used again) */
        if ((i & 1023) == 1023) sched_yield();
    }
    made_rec[t] = seq;
    made_all[t] = PER;
    __atomic_fetch_add(&producers_done, 1, __ATOMIC_RELEASE);
    return NULL;
}
/* which slots have rings, and what they cost the arena */
static unsigned char small_arena[1023 * OTEL_BLOCK_SIZE] __attribute__((aligned(64)));
TEST(rings_carved) {
    CHECK_EQ_INT(init_ring_arena(), OTEL_OK);
    CHECK_EQ_INT(otel__g.slots[0].ring_mask, 0);   /* the shared slot */
    CHECK_EQ_INT(otel__g.slots[1].ring_mask, 63);
    CHECK_EQ_INT(otel__g.slots[2].ring_mask, 63);
    CHECK_EQ_INT(otel__g.slots[3].ring_mask, 0);
    CHECK(otel__g.slots[3].ring == &otel__g.slots[3].ring_none);
    /* two rings of 256 bytes, past the last block, inside the arena */
    const unsigned char *r1 = (const unsigned char *)otel__g.slots[1].ring, *r2 = (const unsigned char *)otel__g.slots[2].ring;
    CHECK(r2 == r1 + 256);
    CHECK(r1 >= otel__g.arena + (size_t)otel__g.nblocks * OTEL_BLOCK_SIZE);
    CHECK(r2 + 256 <= arena + sizeof arena);
    CHECK(otel__g.nblocks >= 2048 - 1 - 2048 / 8);   /* (the metrics region aside) */
    tu_shutdown();
    otel_config c;
    tu_config(&c);
    c.arena = small_arena;
    c.arena_size = sizeof small_arena;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    CHECK_EQ_INT(otel__g.slots[1].ring_mask, 0);   /* under 1024 blocks: none */
    tu_shutdown();
}

/* one flood: returns the chunks overwritten while read */
static uint64_t flood_once(void) {
    CHECK_EQ_INT(init_ring_arena(), OTEL_OK);
    uint64_t chased0 = otel__ring_chased, lapped0 = otel__ring_lapped;
    producers_done = 0;
    pause_on = 1;
    tu_capture_begin();   /* (the arena-full warning) */
    pthread_t th[PRODUCERS];
    for (int t = 0; t < PRODUCERS; t++) CHECK_EQ_INT(pthread_create(&th[t], NULL, producer, (void *)(uintptr_t)t), 0);
    uint64_t next[PRODUCERS] = {0};
    size_t bad = 0, foreign = 0, delivered = 0, round = 0;
    otel_span_data *got[256];
    for (;;) {
        int done = __atomic_load_n(&producers_done, __ATOMIC_ACQUIRE) == PRODUCERS;
        size_t max = 1 + (round++ * 37) % 256, n;
        while ((n = otel_collect(got, max)) > 0) {
            for (size_t i = 0; i < n; i++) {
                uint64_t s = tu_info(got[i]).start_ns, t = (s >> 40) - 1;
                if (t >= PRODUCERS) { foreign++; continue; }
                if ((s & ((1ull << 40) - 1)) != next[t]) bad++;
                next[t] = (s & ((1ull << 40) - 1)) + 1;
            }
            otel_release(got, n);
            delivered += n;
            if (round % 5 == 0) break;   /* (leave some on the list, or behind the ring) */
        }
        if (done && n == 0 && otel_pending() == 0) break;
        if (round % 3 == 0) sched_yield();
    }
    for (int t = 0; t < PRODUCERS; t++) pthread_join(th[t], NULL);
    pause_on = 0;
    tu_capture_end();
    otel_stats st;
    otel_stats_get(&st);
    uint64_t rec = 0, all = 0;
    for (int t = 0; t < PRODUCERS; t++) { rec += made_rec[t]; all += made_all[t]; CHECK_EQ_INT(next[t], made_rec[t]); }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(foreign, 0);
    CHECK_EQ_INT(delivered, rec);
    CHECK_EQ_INT(st.spans_ended, rec);
    CHECK_EQ_INT(st.spans_released, rec);
    CHECK_EQ_INT(st.spans_started + st.spans_dropped, all);   /* the ledger: made = delivered + dropped */
    CHECK(otel__ring_chased > chased0);
    printf("  (%llu of %llu spans dropped; %llu taken through the links; %llu chunks overwritten while read)\n",
           (unsigned long long)st.spans_dropped, (unsigned long long)all, (unsigned long long)(otel__ring_chased - chased0),
           (unsigned long long)(otel__ring_lapped - lapped0));
    tu_shutdown();
    return otel__ring_lapped - lapped0;
}
/* until a flood had the owner overwrite a chunk as it was read (each run
   does, nearly always) */
TEST(threads_publish_while_collected) {
    uint64_t lapped = 0;
    for (int i = 0; i < 5 && !lapped; i++) lapped = flood_once();
    CHECK(lapped > 0);
}

int main(void) {
    RUN(rings_carved);
    RUN(lag_beyond_ring);
    RUN(threads_publish_while_collected);
    return test_summary("threads_ring");
}
