/* Threads: 8 threads each record 100k parent spans with one child each,
   while the background thread consumes (a processor recording ids into a
   preallocated array). Every span arrives once, ids are unique, and every
   child's parent is a parent span of the same thread and trace.
   Also runs under ThreadSanitizer, where the sizes are scaled down (TSan
   makes each span ~20x slower; the full size would take minutes there). */
#ifndef TEST_THREADS_NAME
#define TEST_THREADS_NAME "threads"
#endif
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>
#include <sched.h>


#define THREADS 8
#ifdef TSAN
#define PER_THREAD 20000
#else
#define PER_THREAD 100000
#endif
#define TOTAL ((size_t)THREADS * PER_THREAD * 2)

typedef struct rec {
    uint64_t sid, pid, t0, t1;
    uint8_t thread, role, has_parent;
} rec;

static rec *recs;
static size_t nrecs, overflow, unknown_name;
static const char names[THREADS][2][16] = {
    {"p0", "c0"}, {"p1", "c1"}, {"p2", "c2"}, {"p3", "c3"}, {"p4", "c4"}, {"p5", "c5"}, {"p6", "c6"}, {"p7", "c7"}};

static size_t record_poll(void *user, int reason, uint64_t deadline) {
    (void)user; (void)reason; (void)deadline;
    otel_span_data *got[256];
    size_t n;
    while ((n = otel_collect(got, 256)) > 0) {
        for (size_t i = 0; i < n; i++) {
            otel_span_info in;
            otel_span_data_info(got[i], &in);
            if (nrecs >= TOTAL) { overflow++; continue; }
            rec *r = &recs[nrecs++];
            memcpy(&r->sid, in.context.span_id, 8);
            memcpy(&r->pid, in.parent_span_id, 8);
            memcpy(&r->t0, in.context.trace_id, 8);
            memcpy(&r->t1, in.context.trace_id + 8, 8);
            r->has_parent = (uint8_t)in.has_parent;
            r->thread = 0xff;
            const char *base = &names[0][0][0];
            if (in.name >= base && in.name < base + sizeof names) {
                size_t off = (size_t)(in.name - base);
                r->thread = (uint8_t)(off / sizeof names[0]);
                r->role = (uint8_t)((off % sizeof names[0]) / sizeof names[0][0]);
            } else {
                unknown_name++;
            }
        }
        otel_release(got, n);
    }
    return 0;
}
static const otel_processor record_processor = { record_poll, NULL, NULL, 50, NULL };

static int thread_fail;
static void *worker(void *arg) {
    int t = (int)(intptr_t)arg;
    for (int i = 0; i < PER_THREAD; i++) {
        otel_span *p = otel_span_begin(names[t][0], OTEL_SPAN_KIND_INTERNAL);
        otel_span *c = otel_span_begin(names[t][1], OTEL_SPAN_KIND_INTERNAL);
        if (!otel_span_is_recording(p) || !otel_span_is_recording(c)) __atomic_store_n(&thread_fail, 1, __ATOMIC_RELAXED);
        otel_span_end(c);
        otel_span_end(p);
        /* keep the arena from filling: let the consumer catch up */
        if ((i & 255) == 255)
            while (otel_pending() > 3000) { otel_wake(); sched_yield(); }
    }
    return NULL;
}

static int cmp_rec(const void *a, const void *b) {
    uint64_t x = ((const rec *)a)->sid, y = ((const rec *)b)->sid;
    return x < y ? -1 : x > y;
}

TEST(threads_parent_child) {
    recs = (rec *)malloc(TOTAL * sizeof(rec));
    CHECK(recs != NULL);
    if (!recs) return;
    nrecs = overflow = unknown_name = 0;
    otel_config c;
    tu_config(&c);
    c.processor = &record_processor;
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    pthread_t th[THREADS];
    for (int t = 0; t < THREADS; t++) CHECK_EQ_INT(pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t), 0);
    for (int t = 0; t < THREADS; t++) pthread_join(th[t], NULL);
    for (int i = 0; i < 100 && otel_pending() > 0; i++) otel_flush(1000);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(otel_shutdown(2000), OTEL_OK);
    CHECK_EQ_INT(thread_fail, 0);
    CHECK_EQ_INT(st.spans_dropped, 0);
    CHECK_EQ_INT(st.spans_started, TOTAL);
    CHECK_EQ_INT(st.spans_ended, TOTAL);
    CHECK_EQ_INT(st.spans_released, TOTAL);
    CHECK_EQ_INT(nrecs, TOTAL);
    CHECK_EQ_INT(overflow, 0);
    CHECK_EQ_INT(unknown_name, 0);
    qsort(recs, nrecs, sizeof(rec), cmp_rec);
    size_t dups = 0, zero = 0, parents = 0, children = 0, bad_parent = 0, roots_with_parent = 0;
    size_t per_thread[THREADS] = {0};
    for (size_t i = 0; i < nrecs; i++) {
        rec *r = &recs[i];
        if (i && r->sid == recs[i - 1].sid) dups++;
        if (!r->sid || !(r->t0 | r->t1)) zero++;
        if (r->thread < THREADS) per_thread[r->thread]++;
        if (r->role == 0) { parents++; if (r->has_parent) roots_with_parent++; continue; }
        children++;
        rec key; key.sid = r->pid;
        rec *p = r->has_parent ? (rec *)bsearch(&key, recs, nrecs, sizeof(rec), cmp_rec) : NULL;
        if (!p || p->role != 0 || p->thread != r->thread || p->t0 != r->t0 || p->t1 != r->t1) bad_parent++;
    }
    CHECK_EQ_INT(dups, 0);
    CHECK_EQ_INT(zero, 0);
    CHECK_EQ_INT(parents, TOTAL / 2);
    CHECK_EQ_INT(children, TOTAL / 2);
    CHECK_EQ_INT(roots_with_parent, 0);
    CHECK_EQ_INT(bad_parent, 0);
    for (int t = 0; t < THREADS; t++) CHECK_EQ_INT(per_thread[t], 2 * PER_THREAD);
    free(recs);
}

/* spans begun on one thread and ended on another (a handle handed over) */
static otel_span *handoff[64];
static void *ender(void *arg) {
    (void)arg;
    for (int i = 0; i < 64; i++) otel_span_end(handoff[i]);
    return NULL;
}
TEST(end_on_other_thread) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    for (int i = 0; i < 64; i++) {
        handoff[i] = otel_span_begin_with_parent("handoff", OTEL_SPAN_KIND_INTERNAL, NULL);
        otel_span_set_int(handoff[i], "i", i);
    }
    pthread_t th;
    CHECK_EQ_INT(pthread_create(&th, NULL, ender, NULL), 0);
    pthread_join(th, NULL);
    CHECK_EQ_INT(tu_collect(), 64);
    /* the ended frames no longer count as current */
    CHECK(otel_current_span() == NULL);
    otel_span *s = otel_span_begin("after", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_EQ_INT(tu_info(tu_spans[0]).has_parent, 0);
    tu_shutdown();
}

/* A span ended on another thread while its own thread goes on beginning
   spans: the frame is reused only once the end is seen, nothing is lost
   (TSan checks the ordering). */
static otel_span *handed;
static pthread_mutex_t handed_mu = PTHREAD_MUTEX_INITIALIZER;
static void *end_handed(void *arg) {
    (void)arg;
    otel_span *s = NULL;
    while (!s) { pthread_mutex_lock(&handed_mu); s = handed; pthread_mutex_unlock(&handed_mu); }
    otel_span_end(s);
    return NULL;
}
TEST(end_elsewhere_while_owner_goes_on) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    size_t collected = 0;
    enum { ROUNDS = 40, MINE = 500 };
    for (int round = 0; round < ROUNDS; round++) {
        handed = NULL;
        pthread_t th;
        CHECK_EQ_INT(pthread_create(&th, NULL, end_handed, NULL), 0);
        otel_span *s = otel_span_begin("handed", OTEL_SPAN_KIND_INTERNAL);
        pthread_mutex_lock(&handed_mu); handed = s; pthread_mutex_unlock(&handed_mu);
        for (int i = 0; i < MINE; i++) {
            otel_span *x = otel_span_begin("mine", OTEL_SPAN_KIND_INTERNAL);
            otel_span_set_int(x, "i", i);
            otel_span_end(x);
        }
        pthread_join(th, NULL);
        collected += tu_drain();
    }
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(collected, ROUNDS * (MINE + 1));
    CHECK_EQ_INT(st.spans_started, st.spans_ended);
    CHECK_EQ_INT(st.spans_dropped, 0);
    CHECK(otel_current_span() == NULL);
    tu_shutdown();
}

/* A span that is not recorded gets its ids when first asked for; threads
   asking at once for the same handle's context all get the same ids. */
static otel_span *lazy_span;
static otel_span_context lazy_seen[4];
static void *ask_context(void *arg) {
    lazy_seen[(intptr_t)arg] = otel_span_get_context(lazy_span);
    return NULL;
}
TEST(unsampled_ids_made_once) {
    for (int round = 0; round < 50; round++) {
        otel_config c;
        tu_config(&c);
        c.sampler = OTEL_SAMPLER_ALWAYS_OFF;
        CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
        /* (odd rounds: a span first, so that the lazy one is begun inline,
           its flags and tracestate written with its ids) */
        if (round & 1) otel_span_end(otel_span_begin("warm", OTEL_SPAN_KIND_INTERNAL));
        lazy_span = otel_span_begin("lazy", OTEL_SPAN_KIND_INTERNAL);
        pthread_t th[3];
        for (intptr_t i = 0; i < 3; i++) CHECK_EQ_INT(pthread_create(&th[i], NULL, ask_context, (void *)i), 0);
        ask_context((void *)(intptr_t)3);
        for (int i = 0; i < 3; i++) pthread_join(th[i], NULL);
        CHECK(otel_span_context_is_valid(&lazy_seen[3]));
        CHECK_EQ_INT(lazy_seen[3].flags, OTEL_FLAG_RANDOM);
        CHECK_EQ_INT(lazy_seen[3].tracestate_len, 0);
        for (int i = 0; i < 3; i++) {
            const otel_span_context *a = &lazy_seen[i], *b = &lazy_seen[3];
            int same = memcmp(a, b, 24) == 0 && a->flags == b->flags && a->remote == b->remote &&
                       a->tracestate_len == b->tracestate_len && a->tracestate == b->tracestate;
            if (!same) { CHECK(same); break; }
        }
        otel_span *child = otel_span_begin("child", OTEL_SPAN_KIND_INTERNAL);
        otel_span_context cc = otel_span_get_context(child);
        CHECK(memcmp(cc.trace_id, lazy_seen[3].trace_id, 16) == 0);
        otel_span_end(child);
        otel_span_end(lazy_span);
        tu_shutdown();
    }
}

/* Another thread asks for the context of an unsampled root (and so makes
   its ids, flags and tracestate) while its own thread begins a child of it:
   the child carries the root's trace id, and nothing is read while it is
   being written (TSan). */
static otel_span *volatile asked_span;
static volatile int ask_now, asking_done;
static otel_span_context asked_ctx;
static void *asker(void *arg) {
    (void)arg;
    for (;;) {
        while (!__atomic_load_n(&ask_now, __ATOMIC_ACQUIRE))
            if (__atomic_load_n(&asking_done, __ATOMIC_ACQUIRE)) return NULL;
        asked_ctx = otel_span_get_context(__atomic_load_n(&asked_span, __ATOMIC_ACQUIRE));
        __atomic_store_n(&ask_now, 0, __ATOMIC_RELEASE);
    }
}
TEST(unsampled_root_asked_while_child_begins) {
    otel_config c;
    tu_config(&c);
    c.sampler = OTEL_SAMPLER_PARENTBASED_ALWAYS_OFF;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span_end(otel_span_begin("warm", OTEL_SPAN_KIND_INTERNAL));   /* (the rest inline) */
    asking_done = 0;
    pthread_t th;
    CHECK_EQ_INT(pthread_create(&th, NULL, asker, NULL), 0);
    int bad = 0;
    for (int i = 0; i < 2000; i++) {
        otel_span *r = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
        __atomic_store_n(&asked_span, r, __ATOMIC_RELEASE);
        __atomic_store_n(&ask_now, 1, __ATOMIC_RELEASE);
        otel_span *ch = otel_span_begin("c", OTEL_SPAN_KIND_INTERNAL);
        otel_span_context cc = otel_span_get_context(ch);
        otel_span_end(ch);
        while (__atomic_load_n(&ask_now, __ATOMIC_ACQUIRE)) { }
        otel_span_context rc = otel_span_get_context(r);
        otel_span_end(r);
        bad += memcmp(rc.trace_id, cc.trace_id, 16) != 0 || memcmp(&rc, &asked_ctx, 24) != 0 || cc.flags != OTEL_FLAG_RANDOM || rc.flags != OTEL_FLAG_RANDOM;
    }
    __atomic_store_n(&asking_done, 1, __ATOMIC_RELEASE);
    pthread_join(th, NULL);
    CHECK_EQ_INT(bad, 0);
    tu_shutdown();
}

int main(void) {
    RUN(threads_parent_child);
    RUN(end_on_other_thread);
    RUN(end_elsewhere_while_owner_goes_on);
    RUN(unsampled_ids_made_once);
    RUN(unsampled_root_asked_while_child_begins);
    return test_summary(TEST_THREADS_NAME);
}
