/* Tail sampling (OTEL_SAMPLER_TAIL) and span-derived metrics: with a 0%
   baseline every trace with an error, a slow span or a matching attribute
   is exported whole (parents and children, spans ended on other threads)
   and nothing else is; the probability baseline keeps exactly the traces
   whose id passes its threshold and says so in tracestate; leaked roots
   are decided by the wait; a small arena is never blocked on; the loss
   ledger adds up; span metrics count every span. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>
#include <time.h>
#include <sys/wait.h>

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- the traces: K threads, M traces each ------------------------------ */
enum { K = 4, M = 120 };
enum { T_PLAIN = 0, T_ERROR, T_SLOW, T_ATTR };
typedef struct {
    uint8_t id[16];
    int kind, spans;      /* what the trace is; spans it has */
} trace_rec;
static trace_rec traces[K][M];

typedef struct { otel_span_context parent; int error; } helper_arg;
static void *helper(void *p) {   /* a child on another thread */
    helper_arg *a = (helper_arg *)p;
    otel_span *s = otel_span_begin_with_parent("helper", OTEL_SPAN_KIND_CLIENT, &a->parent);
    otel_span_set_int(s, "n", 1);
    if (a->error) otel_span_set_status(s, OTEL_STATUS_ERROR, "helper failed");
    otel_span_end(s);
    return NULL;
}

static void *worker(void *p) {
    int k = (int)(intptr_t)p;
    for (int i = 0; i < M; i++) {
        trace_rec *t = &traces[k][i];
        t->kind = i % 9 == 1 ? T_ERROR : i % 9 == 4 ? T_SLOW : i % 9 == 7 ? T_ATTR : T_PLAIN;
        otel_span *root = otel_span_begin("run", OTEL_SPAN_KIND_SERVER);
        otel_span_context rc = otel_span_get_context(root);
        memcpy(t->id, rc.trace_id, 16);
        t->spans = 1;
        otel_span *c = otel_span_begin("step", OTEL_SPAN_KIND_INTERNAL);
        otel_span *g = otel_span_begin("leaf", OTEL_SPAN_KIND_INTERNAL);
        if (t->kind == T_ATTR) otel_span_set_str(g, "outcome", "retry");
        else otel_span_set_str(g, "outcome", "fine");
        otel_span_end(g);
        otel_span_end(c);
        t->spans += 2;
        if (t->kind == T_SLOW) {   /* a span of 200 ms */
            otel_span_args a;
            memset(&a, 0, sizeof a);
            a.name = "slow"; a.kind = OTEL_SPAN_KIND_INTERNAL;
            a.start_ns = now_ns() - 200000000ull;
            otel_span_end(otel_span_begin_ex(&a));
            t->spans++;
        }
        if (i % 2 == 0) {   /* a child on another thread (in kept traces too); the error there, in some */
            helper_arg ha = { rc, t->kind == T_ERROR };
            pthread_t th;
            pthread_create(&th, NULL, helper, &ha);
            pthread_join(th, NULL);
            t->spans++;
        } else if (t->kind == T_ERROR) {
            otel_span *e = otel_span_begin("fail", OTEL_SPAN_KIND_INTERNAL);
            otel_span_record_error(e, "boom", "it failed");
            otel_span_end(e);
            t->spans++;
        }
        otel_span_end(root);
    }
    return NULL;
}

/* what the consumer got: spans per trace */
#define MAXT 4096
static uint8_t got_id[MAXT][16];
static int got_spans[MAXT], got_roots[MAXT], got_th0[MAXT];
static size_t got_n, got_total;
static void got_reset(void) { got_n = got_total = 0; memset(got_spans, 0, sizeof got_spans); memset(got_roots, 0, sizeof got_roots); memset(got_th0, 0, sizeof got_th0); }
static int got_find(const uint8_t *id) {
    for (size_t i = 0; i < got_n; i++) if (memcmp(got_id[i], id, 16) == 0) return (int)i;
    return -1;
}
static const char *want_ts = "ot=th:0";
static void take_all(void) {
    otel_span_data *b[256];
    size_t n;
    while ((n = otel_collect(b, 256)) > 0) {
        for (size_t i = 0; i < n; i++) {
            otel_span_info in;
            otel_span_data_info(b[i], &in);
            int x = got_find(in.context.trace_id);
            if (x < 0 && got_n < MAXT) { x = (int)got_n++; memcpy(got_id[x], in.context.trace_id, 16); }
            if (x < 0) continue;
            got_spans[x]++;
            got_total++;
            if (!in.has_parent || in.parent_remote) got_roots[x]++;
            if (in.context.tracestate_len == strlen(want_ts) && memcmp(in.context.tracestate, want_ts, strlen(want_ts)) == 0)
                got_th0[x]++;
        }
        otel_release(b, n);
    }
}

/* up to cap spans, kept for the caller to read and release */
static size_t collect_some(otel_span_data **b, size_t cap) {
    size_t n = 0, k;
    while (n < cap && (k = otel_collect(b + n, cap - n)) > 0) n += k;
    return n;
}

static volatile int producing;
static void *consumer(void *p) {
    (void)p;
    while (__atomic_load_n(&producing, __ATOMIC_ACQUIRE)) { take_all(); usleep(200); }
    return NULL;
}

static void tail_base(otel_config *c, double baseline) {
    tu_config(c);
    c->sampler = OTEL_SAMPLER_TAIL;
    c->sampler_arg = baseline;
}
static void tail_config(otel_config *c, double baseline) {
    tail_base(c, baseline);
    c->tail_policies[0].type = OTEL_TAIL_ERROR;
    c->tail_policies[1].type = OTEL_TAIL_LATENCY; c->tail_policies[1].value = 100;   /* ms, any span */
    c->tail_policies[2].type = OTEL_TAIL_ATTRIBUTE; c->tail_policies[2].span_name = "leaf";
    c->tail_policies[2].key = "outcome"; c->tail_policies[2].match = "retry";
}

TEST(zero_baseline_keeps_whole_error_slow_and_matching_traces_only) {
    otel_config c;
    tail_config(&c, 0.0);
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    got_reset();
    producing = 1;
    pthread_t cons, w[K];
    pthread_create(&cons, NULL, consumer, NULL);
    for (int k = 0; k < K; k++) pthread_create(&w[k], NULL, worker, (void *)(intptr_t)k);
    for (int k = 0; k < K; k++) pthread_join(w[k], NULL);
    __atomic_store_n(&producing, 0, __ATOMIC_RELEASE);
    pthread_join(cons, NULL);
    take_all();
    int want_traces = 0, want_spans = 0, all_spans = 0, bad = 0;
    for (int k = 0; k < K; k++)
        for (int i = 0; i < M; i++) {
            trace_rec *t = &traces[k][i];
            all_spans += t->spans;
            int x = got_find(t->id);
            if (t->kind == T_PLAIN) { if (x >= 0) bad++; continue; }
            want_traces++; want_spans += t->spans;
            if (x < 0 || got_spans[x] != t->spans || got_roots[x] != 1 || got_th0[x] != t->spans) bad++;
        }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(got_n, want_traces);
    CHECK_EQ_INT(got_total, want_spans);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_ended, all_spans);
    CHECK_EQ_INT(st.spans_tail_sampled_out, all_spans - want_spans);
    CHECK_EQ_INT(st.spans_tail_held, 0);
    CHECK_EQ_INT(st.tail_traces_kept, want_traces);
    CHECK_EQ_INT(st.tail_traces_sampled_out, K * M - want_traces);
    CHECK_EQ_INT(st.tail_decided_early, 0);
    CHECK_EQ_INT(st.spans_released, all_spans);
    CHECK_EQ_INT(otel_pending(), 0);
    tu_shutdown();
}

/* n one-span traces (every other one with an error status): exactly those
   whose id's low 56 bits reach the threshold arrive, marked with th;
   returns how many */
static int roots_by_threshold(int n, uint64_t threshold, const char *th) {
    got_reset();
    want_ts = th;
    int expect = 0;
    for (int i = 0; i < n; i++) {
        otel_span *r = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
        otel_span_context rc = otel_span_get_context(r);
        uint64_t v = 0;
        for (int j = 9; j < 16; j++) v = v << 8 | rc.trace_id[j];
        expect += v >= threshold;
        if (i % 2) otel_span_set_status(r, OTEL_STATUS_ERROR, "not a policy here");
        otel_span_end(r);
        if (i % 256 == 255) take_all();
    }
    take_all();
    CHECK_EQ_INT(got_n, expect);
    int marked = 0;
    for (size_t i = 0; i < got_n; i++) marked += got_th0[i];
    CHECK_EQ_INT(marked, expect);
    want_ts = "ot=th:0";
    return expect;
}

/* the baseline alone: exactly the traces whose id passes 25%, marked so */
TEST(probability_baseline_is_by_trace_id_and_in_tracestate) {
    otel_config c;
    tail_base(&c, 0.25);
    c.tail_policies[0].type = OTEL_TAIL_LATENCY; c.tail_policies[0].value = 1e9;   /* (a table: no error policy) */
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    enum { N = 2000 };
    int kept = roots_by_threshold(N, 0xc0000000000000ull, "ot=th:c");   /* 2^56 - 0.25 * 2^56 */
    CHECK(kept > N / 5 && kept < N * 3 / 10);
    tu_shutdown();
}

/* a remote parent: the local root decides; its tracestate keeps the other
   entries and ot subkeys, th replaced */
TEST(remote_parent_decides_at_local_root_and_tracestate_merges) {
    otel_config c;
    tail_config(&c, 0.0);
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span_context pc;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
                                      "vendor=a1,ot=th:8;rv:abcdefabcdef00", &pc), OTEL_OK);
    otel_span *r = otel_span_begin_with_parent("handle", OTEL_SPAN_KIND_SERVER, &pc);
    CHECK(otel_span_is_recording(r));   /* recorded although the parent was not sampled */
    otel_span *ch = otel_span_begin("db", OTEL_SPAN_KIND_CLIENT);
    otel_span_set_status(ch, OTEL_STATUS_ERROR, "timeout");
    otel_span_end(ch);
    otel_span_end(r);
    otel_span_data *b[8];
    size_t n = collect_some(b, 8);
    CHECK_EQ_INT(n, 2);
    for (size_t i = 0; i < n; i++) {
        otel_span_info in;
        otel_span_data_info(b[i], &in);
        const char *want = "ot=th:0;rv:abcdefabcdef00,vendor=a1";
        CHECK_EQ_INT(in.context.tracestate_len, strlen(want));
        CHECK(in.context.tracestate && memcmp(in.context.tracestate, want, strlen(want)) == 0);
    }
    otel_release(b, n);
    tu_shutdown();
}

/* the spec's randomness: an rv subkey decides instead of the trace id's
   low 56 bits; kept by the rate limit (adjusted count unknown), an earlier
   th is erased */
static void one_remote_trace(const char *traceparent, const char *tracestate, const char *want) {
    otel_span_context pc;
    CHECK_EQ_INT(otel_context_extract(traceparent, tracestate, &pc), OTEL_OK);
    otel_span_end(otel_span_begin_with_parent("handle", OTEL_SPAN_KIND_SERVER, &pc));
    otel_span_data *b[4];
    size_t n = collect_some(b, 4);
    CHECK_EQ_INT(n, 1);
    if (n != 1) { otel_release(b, n); return; }
    otel_span_info in;
    otel_span_data_info(b[0], &in);
    size_t wl = want ? strlen(want) : 0;
    CHECK_EQ_INT(in.context.tracestate_len, wl);
    if (wl) CHECK(in.context.tracestate && memcmp(in.context.tracestate, want, wl) == 0);
    else CHECK(in.context.tracestate == NULL);
    otel_release(b, n);
}
TEST(rv_decides_the_baseline_and_the_rate_erases_th) {
    otel_config c;
    tail_base(&c, 0.5);   /* th:8 */
    c.tail_policies[0].type = OTEL_TAIL_RATE; c.tail_policies[0].value = 1000;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    /* trace id randomness 1 (below 8...), rv all ones: kept by the ratio */
    one_remote_trace("00-0af7651916cd43dd0000000000000001-b7ad6b7169203331-01", "ot=rv:ffffffffffffff;th:c,vendor=a1",
                     "ot=th:8;rv:ffffffffffffff,vendor=a1");
    /* trace id randomness all ones, rv 1: not by the ratio; the rate keeps it, th erased */
    one_remote_trace("00-0af7651916cd43ddffffffffffffffff-b7ad6b7169203331-01", "vendor=a1,ot=th:c;rv:00000000000001",
                     "ot=rv:00000000000001,vendor=a1");
    /* nothing but a th: the rate keeps it, no tracestate left */
    one_remote_trace("00-0af7651916cd43dd0000000000000002-b7ad6b7169203331-01", "ot=th:c", NULL);
    tu_shutdown();
}

/* the merged tracestate of a span whose last block is nearly full: in a
   block of the consumer's, chained to the span (every fill level tried) */
TEST(tracestate_merged_whatever_room_the_span_has_left) {
    otel_config c;
    tail_config(&c, 0.0);
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    char ts[256], want[300], val[600];
    memset(val, 'v', sizeof val);
    snprintf(ts, sizeof ts, "congo=%.*s,rojo=00f067aa0ba902b7", 150, val);
    snprintf(want, sizeof want, "ot=th:0,%s", ts);
    otel_span_context pc;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", ts, &pc), OTEL_OK);
    int bad = 0, tries = 0;
    for (int len = 0; len < 520; len += 4, tries++) {
        otel_span *s = otel_span_begin_with_parent("handle", OTEL_SPAN_KIND_SERVER, &pc);
        otel_span_set_strn(s, "filler", val, (size_t)len);
        otel_span_set_status(s, OTEL_STATUS_ERROR, "kept");
        otel_span_end(s);
        otel_span_data *b[4];
        size_t n = collect_some(b, 4);
        if (n != 1) { bad++; otel_release(b, n); continue; }
        otel_span_info in;
        otel_span_data_info(b[0], &in);
        bad += in.context.tracestate_len != strlen(want) || memcmp(in.context.tracestate, want, strlen(want)) != 0;
        otel_release(b, n);
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(tries == 130);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_released, tries);
    tu_shutdown();
}

/* a root that never ends: its children wait, then are decided by the wait */
/* a 50 ms decision wait; a root left open, with an error child ended and held */
static otel_span *open_root_with_error_child(const char *name) {
    otel_config c;
    tail_config(&c, 0.0);
    c.tail_decision_wait_ms = 50;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    got_reset();
    otel_span *root = otel_span_begin(name, OTEL_SPAN_KIND_INTERNAL);
    otel_span *a = otel_span_begin("a", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_status(a, OTEL_STATUS_ERROR, "x");
    otel_span_end(a);
    take_all();
    CHECK_EQ_INT(got_total, 0);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_tail_held, 1);
    return root;
}
TEST(leaked_root_decided_by_deadline) {
    otel_span *root = open_root_with_error_child("leaked");
    otel_stats st;
    CHECK_EQ_INT(otel_pending(), 0);   /* (held: not waiting for a consumer) */
    usleep(80000);
    take_all();
    CHECK_EQ_INT(got_total, 1);
    otel_stats_get(&st);
    CHECK_EQ_INT(st.tail_decided_by_deadline, 1);
    CHECK_EQ_INT(st.spans_tail_held, 0);
    otel_span_end(root);   /* late: follows the decision (kept) */
    take_all();
    CHECK_EQ_INT(got_total, 2);
    tu_shutdown();
}

/* the background thread as the consumer: a flush does not wait for held
   traces (they are not waiting for a consumer); shutdown decides every held
   trace, kept ones exported, and the ledger adds up */
static int sd_got, sd_th0;
static size_t sd_poll(void *u, int reason, uint64_t deadline) {
    (void)u; (void)reason; (void)deadline;
    otel_span_data *b[64];
    size_t n;
    while ((n = otel_collect(b, 64)) > 0) {
        for (size_t i = 0; i < n; i++) {
            otel_span_info in;
            otel_span_data_info(b[i], &in);
            sd_got++;
            sd_th0 += in.context.tracestate_len == 7 && memcmp(in.context.tracestate, "ot=th:0", 7) == 0;
        }
        otel_release(b, n);
    }
    return 0;
}
static const otel_processor sd_processor = { sd_poll, NULL, NULL, 1000, NULL };
TEST(flush_skips_held_traces_shutdown_decides_them) {
    otel_config c;
    tail_config(&c, 0.0);
    c.processor = &sd_processor;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    sd_got = sd_th0 = 0;
    otel_span *root = otel_span_begin("open", OTEL_SPAN_KIND_INTERNAL);
    otel_span *bad = otel_span_begin("bad", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_status(bad, OTEL_STATUS_ERROR, "x");
    otel_span_end(bad);
    otel_span_context pc = otel_span_get_context(root);
    pc.trace_id[0] ^= 0x5a;   /* another trace, its root not here (a local parent): held too */
    otel_span_end(otel_span_begin_with_parent("fine", OTEL_SPAN_KIND_INTERNAL, &pc));
    otel_span *done = otel_span_begin_with_parent("done", OTEL_SPAN_KIND_INTERNAL, NULL);   /* (a third, ended: decided, dropped) */
    otel_span_end(done);
    CHECK_EQ_INT(otel_flush(2000), OTEL_OK);   /* (would time out if it waited for the held traces) */
    CHECK_EQ_INT(sd_got, 0);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_tail_held, 2);
    CHECK_EQ_INT(st.tail_traces_sampled_out, 1);
    CHECK_EQ_INT(otel_shutdown(2000), OTEL_OK);
    otel_stats_get(&st);
    CHECK_EQ_INT(sd_got, 1);   /* the error, kept whole (its root never ended) */
    CHECK_EQ_INT(sd_th0, 1);
    CHECK_EQ_INT(st.spans_tail_held, 0);
    CHECK_EQ_INT(st.tail_decided_by_deadline, 2);
    CHECK_EQ_INT(st.tail_traces_kept, 1);
    CHECK_EQ_INT(st.spans_tail_sampled_out, 2);
    CHECK_EQ_INT(st.spans_ended, sd_got + st.spans_tail_sampled_out);
    CHECK_EQ_INT(st.spans_released, st.spans_ended);
    otel_span_end(root);   /* (after shutdown: inert) */
}

/* a small arena full of undecided traces: decided early, never blocked;
   every span ended is accounted for */
TEST(memory_bound_decides_oldest_early) {
    static unsigned char arena[160 * 1024] __attribute__((aligned(64)));
    otel_config c;
    tail_config(&c, 0.0);
    c.arena = arena; c.arena_size = sizeof arena;
    c.tail_memory_fraction = 0.25;
    c.metric_series = 0;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    got_reset();
    otel_span *root = otel_span_begin("never ends", OTEL_SPAN_KIND_INTERNAL);
    for (int i = 0; i < 3000; i++) {
        otel_span_context pc = otel_span_get_context(root);
        uint8_t x[2] = { (uint8_t)(i >> 8), (uint8_t)i };
        pc.trace_id[0] ^= x[0]; pc.trace_id[1] ^= x[1];   /* many traces, none with an ended root */
        otel_span *s = otel_span_begin_with_parent("orphan", OTEL_SPAN_KIND_INTERNAL, &pc);
        if (i % 10 == 0) otel_span_set_status(s, OTEL_STATUS_ERROR, "kept");
        otel_span_end(s);
        if (i % 50 == 49) take_all();
    }
    take_all();
    otel_stats st;
    otel_stats_get(&st);
    CHECK(st.tail_decided_early > 0);
    CHECK_EQ_INT(st.spans_dropped, 0);
    CHECK_EQ_INT(st.spans_ended, got_total + st.spans_tail_sampled_out + st.spans_tail_held);
    CHECK(st.spans_tail_held * 2 <= st.arena_blocks);
    otel_span_end(root);
    tu_shutdown();
}

/* nonsense thresholds: warned and ignored; the rest works */
TEST(nonsense_policies_ignored) {
    otel_config c;
    tail_base(&c, 0.0);
    c.tail_policies[0].type = OTEL_TAIL_LATENCY; c.tail_policies[0].value = -5;
    c.tail_policies[1].type = OTEL_TAIL_PROBABILITY; c.tail_policies[1].value = 7;
    c.tail_policies[2].type = OTEL_TAIL_RATE; c.tail_policies[2].value = 0;
    c.tail_policies[3].type = OTEL_TAIL_ATTRIBUTE;               /* no key */
    c.tail_policies[4].type = (otel_tail_policy_type)99;
    c.tail_policies[5].type = OTEL_TAIL_ERROR;
    c.tail_memory_fraction = -1;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    got_reset();
    otel_span *s = otel_span_begin("ok", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end(s);
    s = otel_span_begin("bad", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_status(s, OTEL_STATUS_ERROR, NULL);
    otel_span_end(s);
    take_all();
    CHECK_EQ_INT(got_total, 1);
    tu_shutdown();
}

/* a forked child holds none of the parent's traces; its own spans under
   the parent's open span have no local root there, so the wait decides */
TEST(forked_child_starts_with_no_held_traces) {
    otel_span *root = open_root_with_error_child("parent's");
    otel_stats st;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        otel_stats_get(&st);
        int ok = st.spans_tail_held == 0;
        got_reset();
        otel_span *r = otel_span_begin("child's", OTEL_SPAN_KIND_INTERNAL);
        otel_span *e = otel_span_begin("fails", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_status(e, OTEL_STATUS_ERROR, "y");
        otel_span_end(e);
        otel_span_end(r);
        take_all();
        ok = ok && got_total == 0;
        usleep(80000);
        take_all();
        otel_stats_get(&st);
        ok = ok && got_n == 1 && got_total == 2 && st.tail_decided_by_deadline == 1;
        _exit(ok ? 0 : 1);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    otel_span_end(root);
    take_all();
    CHECK_EQ_INT(got_n, 1);
    CHECK_EQ_INT(got_total, 2);
    tu_shutdown();
}

/* the policies from the environment */
TEST(policies_from_the_environment) {
    setenv("OTEL_TRACES_SAMPLER", "tail", 1);
    setenv("OTEL_TRACES_SAMPLER_ARG", "0", 1);
    setenv("OTEL_H_TAIL_KEEP_ERRORS", "false", 1);
    setenv("OTEL_H_TAIL_LATENCY_MS", "50", 1);
    setenv("OTEL_H_TAIL_ATTRIBUTE", "keep = yes", 1);
    otel_config c;
    tu_config(&c);
    c.ignore_env = 0;
    c.no_env_parent = 1;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    got_reset();
    otel_span *s = otel_span_begin("error", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_status(s, OTEL_STATUS_ERROR, "not kept: errors off");
    otel_span_end(s);
    otel_span_args a;
    memset(&a, 0, sizeof a);
    a.name = "slow"; a.start_ns = now_ns() - 80000000ull;
    otel_span_end(otel_span_begin_ex(&a));
    s = otel_span_begin("marked", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "keep", "yes");
    otel_span_end(s);
    s = otel_span_begin("marked otherwise", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "keep", "no");
    otel_span_end(s);
    otel_span_data *b[8];
    size_t n = collect_some(b, 8);
    CHECK_EQ_INT(n, 2);
    for (size_t i = 0; i < n; i++) {
        otel_span_info in;
        otel_span_data_info(b[i], &in);
        CHECK(!strcmp(in.name, "slow") || !strcmp(in.name, "marked"));
    }
    otel_release(b, n);
    tu_shutdown();
    unsetenv("OTEL_TRACES_SAMPLER"); unsetenv("OTEL_TRACES_SAMPLER_ARG"); unsetenv("OTEL_H_TAIL_KEEP_ERRORS");
    unsetenv("OTEL_H_TAIL_LATENCY_MS"); unsetenv("OTEL_H_TAIL_ATTRIBUTE");
}

/* OTEL_TRACES_SAMPLER=tail without an argument: a probability policy in
   the table replaces the default baseline (0.1) */
TEST(probability_policy_replaces_the_default_baseline) {
    setenv("OTEL_TRACES_SAMPLER", "tail", 1);
    unsetenv("OTEL_TRACES_SAMPLER_ARG");
    otel_config c;
    tu_config(&c);
    c.ignore_env = 0;
    c.no_env_parent = 1;
    c.tail_policies[0].type = OTEL_TAIL_PROBABILITY; c.tail_policies[0].value = 0.02;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    enum { N = 1000 };
    int kept = roots_by_threshold(N, 0xfae147ae147ae1ull, "ot=th:fae147ae147ae1");   /* 2^56 - round(0.02 * 2^56) */
    CHECK(kept < N / 20);   /* (not the default 10%) */
    tu_shutdown();
    unsetenv("OTEL_TRACES_SAMPLER");
}

/* span metrics count every span, kept or not */
#ifndef OTEL_NO_METRICS
/* (with a dimension each span is recorded on its own; without, summed per
   name first) */
static void span_metrics_case(const char *dims) {
    otel_config c;
    tail_config(&c, 0.0);
    c.span_metrics = 1;
    c.span_metrics_dimensions = dims;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    enum { N = 500 };
    int errors = 0;
    for (int i = 0; i < N; i++) {
        otel_span *r = otel_span_begin("agent", OTEL_SPAN_KIND_SERVER);
        otel_span *t = otel_span_begin("tool", OTEL_SPAN_KIND_CLIENT);
        otel_span_set_str(t, "tool", i % 2 ? "grep" : "ls");
        if (i % 10 == 3) { otel_span_set_status(t, OTEL_STATUS_ERROR, "bad"); errors++; }
        otel_span_end(t);
        otel_span_end(r);
        if (i % 100 == 99) tu_drain();
    }
    tu_drain();
    CHECK(otel_metrics_collect() > 0);
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int64_t calls_agent = 0, calls_tool_err = 0, calls_tool = 0, grep = 0;
    uint64_t dur = 0;
    int svc = 1;
    while (otel_metrics_next(&it, &mi, &p)) {
        otel_attr a[16];
        size_t na = otel_metric_point_attrs(&p, a, 16);
        const char *name = "", *code = "", *tool = "";
        int has_svc = 0;
        for (size_t i = 0; i < na; i++) {
            if (a[i].type != OTEL_TYPE_STRING) continue;
            if (!strcmp(a[i].key, "span.name")) name = a[i].v.str.ptr;
            if (!strcmp(a[i].key, "status.code")) code = a[i].v.str.ptr;
            if (!strcmp(a[i].key, "tool")) tool = a[i].v.str.ptr;
            if (!strcmp(a[i].key, "service.name")) has_svc = 1;
        }
        if (!strcmp(mi.name, "traces.span.metrics.calls")) {
            svc &= has_svc;
            if (!strncmp(name, "agent", 5)) calls_agent += p.as_int;
            if (!strncmp(name, "tool", 4)) {
                calls_tool += p.as_int;
                if (!strncmp(code, "STATUS_CODE_ERROR", 17)) calls_tool_err += p.as_int;
                if (!strncmp(tool, "grep", 4)) grep += p.as_int;
            }
        } else if (!strcmp(mi.name, "traces.span.metrics.duration")) {
            dur += p.count;
        }
    }
    CHECK_EQ_INT(calls_agent, N);
    CHECK_EQ_INT(calls_tool, N);
    CHECK_EQ_INT(calls_tool_err, errors);
    CHECK_EQ_INT(grep, dims ? N / 2 : 0);
    CHECK_EQ_INT(dur, 2 * N);
    CHECK(svc);
    tu_shutdown();
}
TEST(span_metrics_equal_true_counts) { span_metrics_case(NULL); }

/* a flood of span names: the series stop at the cardinality limit, the
   rest go to the overflow series; every span still counted */
TEST(span_metrics_name_flood_capped) {
    otel_config c;
    tail_config(&c, 0.0);
    c.span_metrics = 1;
    c.metric_cardinality_limit = 40;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    enum { N = 600 };
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "op-%d", i);
        otel_span *s = otel_span_begin("x", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_name(s, name);
        otel_span_end(s);
        if (i % 100 == 99) tu_drain();
    }
    tu_drain();
    otel_metrics_collect();
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int64_t calls = 0;
    int series = 0;
    while (otel_metrics_next(&it, &mi, &p))
        if (!strcmp(mi.name, "traces.span.metrics.calls")) { calls += p.as_int; series++; }
    CHECK_EQ_INT(calls, N);
    CHECK(series <= 41);
    otel_stats st;
    otel_stats_get(&st);
    CHECK(st.metric_overflow_recordings > 0);
    tu_shutdown();
}
TEST(span_metrics_with_a_dimension_equal_true_counts) { span_metrics_case("tool"); }
#endif

int main(void) {
    RUN(zero_baseline_keeps_whole_error_slow_and_matching_traces_only);
    RUN(probability_baseline_is_by_trace_id_and_in_tracestate);
    RUN(remote_parent_decides_at_local_root_and_tracestate_merges);
    RUN(rv_decides_the_baseline_and_the_rate_erases_th);
    RUN(tracestate_merged_whatever_room_the_span_has_left);
    RUN(leaked_root_decided_by_deadline);
    RUN(flush_skips_held_traces_shutdown_decides_them);
    RUN(memory_bound_decides_oldest_early);
    RUN(nonsense_policies_ignored);
    RUN(policies_from_the_environment);
    RUN(probability_policy_replaces_the_default_baseline);
    RUN(forked_child_starts_with_no_held_traces);
#ifndef OTEL_NO_METRICS
    RUN(span_metrics_equal_true_counts);
    RUN(span_metrics_with_a_dimension_equal_true_counts);
    RUN(span_metrics_name_flood_capped);
#endif
    return test_summary("threads_tail");
}
