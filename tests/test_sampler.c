/* Samplers: always_on/off, traceidratio (fraction, and a pure function of
   the trace id), parent-based, rate limiting; unsampled spans record nothing
   but propagate a valid context. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <time.h>

static int init_sampler(otel_sampler_kind k, double arg) {
    otel_config c;
    tu_config(&c);
    c.sampler = k;
    c.sampler_arg = arg;
    return tu_init_cfg(&c);
}

/* n root spans; returns how many were sampled (recording) */
static int roots(int n) {
    int sampled = 0;
    for (int i = 0; i < n; i++) {
        otel_span *s = otel_span_begin("root", OTEL_SPAN_KIND_INTERNAL);
        otel_span_context c = otel_span_get_context(s);
        int rec = otel_span_is_recording(s);
        if (rec != (c.flags & 1)) { CHECK(rec == (c.flags & 1)); break; }
        sampled += rec;
        otel_span_end(s);
        if ((i & 1023) == 1023) tu_drain();
    }
    tu_drain();
    return sampled;
}

TEST(always_on_off) {
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_ALWAYS_ON, 0), OTEL_OK);
    CHECK_EQ_INT(roots(1000), 1000);
    tu_shutdown();
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_ALWAYS_OFF, 0), OTEL_OK);
    CHECK_EQ_INT(roots(1000), 0);
    tu_shutdown();
}

TEST(traceidratio_fraction) {
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_TRACEIDRATIO, 0.0), OTEL_OK);
    CHECK_EQ_INT(roots(20000), 0);
    tu_shutdown();
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_TRACEIDRATIO, 1.0), OTEL_OK);
    CHECK_EQ_INT(roots(20000), 20000);
    tu_shutdown();
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_TRACEIDRATIO, 0.25), OTEL_OK);
    int n = roots(20000);
    /* expected 5000, standard deviation about 61 */
    if (n < 4600 || n > 5400) { printf("  ratio 0.25: %d of 20000 sampled\n", n); CHECK(0); }
    tu_shutdown();
}

/* A root's decision is made from its own trace id (the low 56 bits against
   the threshold, 2^55 for 0.5), whichever path begins it: the first span
   after init takes the general one, the rest the inline one. */
TEST(traceidratio_root_decided_by_its_trace_id) {
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_TRACEIDRATIO, 0.5), OTEL_OK);
    int wrong = 0, kept = 0, recorded_wrong = 0;
    for (int i = 0; i < 4000; i++) {
        otel_span *s = otel_span_begin("root", OTEL_SPAN_KIND_INTERNAL);
        otel_span_context c = otel_span_get_context(s);
        uint64_t low = 0;
        for (int b = 9; b < 16; b++) low = low << 8 | c.trace_id[b];
        int want = low >= (1ull << 55), rec = otel_span_is_recording(s);
        wrong += rec != want || (c.flags & 1) != want;
        kept += rec;
        otel_span_end(s);
        if (rec) {   /* recorded with the trace id it was decided by, as a root */
            otel_span_info in;
            if (tu_collect() == 1) otel_span_data_info(tu_spans[0], &in);
            else memset(&in, 0, sizeof in);
            recorded_wrong += memcmp(in.context.trace_id, c.trace_id, 16) != 0 || in.has_parent;
        }
    }
    tu_drain();
    CHECK_EQ_INT(wrong, 0);
    CHECK_EQ_INT(recorded_wrong, 0);
    CHECK(kept > 1700 && kept < 2300);
    tu_shutdown();
}

/* the decision is a function of the trace id alone: same ids, same
   decisions, in another init (explicit remote parents, not parent-based) */
static void ratio_decisions(uint8_t *out, int n) {
    uint64_t x = 0x243f6a8885a308d3ull;
    for (int i = 0; i < n; i++) {
        otel_span_context p;
        memset(&p, 0, sizeof p);
        for (int k = 0; k < 16; k++) { x = x * 6364136223846793005ull + 1442695040888963407ull; p.trace_id[k] = (uint8_t)(x >> 56); }
        p.trace_id[0] |= 1;
        p.span_id[7] = 1;
        p.flags = (uint8_t)(i & 1);   /* ignored: not parent-based */
        p.remote = 1;
        otel_span *s = otel_span_begin_with_parent("r", OTEL_SPAN_KIND_INTERNAL, &p);
        out[i] = (uint8_t)otel_span_is_recording(s);
        otel_span_end(s);
    }
    tu_drain();
}

TEST(traceidratio_deterministic) {
    enum { N = 2000 };
    static uint8_t a[N], b[N];
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_TRACEIDRATIO, 0.5), OTEL_OK);
    ratio_decisions(a, N);
    tu_shutdown();
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_TRACEIDRATIO, 0.5), OTEL_OK);
    ratio_decisions(b, N);
    tu_shutdown();
    int same = 0, yes = 0, odd_yes = 0;
    for (int i = 0; i < N; i++) { same += a[i] == b[i]; yes += a[i]; odd_yes += (i & 1) && a[i]; }
    CHECK_EQ_INT(same, N);
    CHECK(yes > N / 2 - 200 && yes < N / 2 + 200);
    CHECK(odd_yes > 0 && odd_yes < yes);    /* the parent's flag played no part */
    /* the threshold is on the trace id's 56 low (random) bits */
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_TRACEIDRATIO, 0.5), OTEL_OK);
    otel_span_context p;
    CHECK_EQ_INT(otel_context_extract("00-ffffffffffffffffff00000000000000-b7ad6b7169203331-01", NULL, &p), OTEL_OK);
    otel_span *s = otel_span_begin_with_parent("low", OTEL_SPAN_KIND_INTERNAL, &p);
    CHECK(!otel_span_is_recording(s));
    otel_span_end(s);
    CHECK_EQ_INT(otel_context_extract("00-000000000000000000ffffffffffffff-b7ad6b7169203331-00", NULL, &p), OTEL_OK);
    s = otel_span_begin_with_parent("high", OTEL_SPAN_KIND_INTERNAL, &p);
    CHECK(otel_span_is_recording(s));
    otel_span_end(s);
    tu_shutdown();
}

TEST(parent_based_follows_remote_parent) {
    otel_span_context yes, no;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", NULL, &yes), OTEL_OK);
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", NULL, &no), OTEL_OK);
    static const struct { otel_sampler_kind k; double arg; int root; } cases[] = {
        {OTEL_SAMPLER_PARENTBASED_ALWAYS_ON, 0, 1},
        {OTEL_SAMPLER_PARENTBASED_ALWAYS_OFF, 0, 0},
        {OTEL_SAMPLER_PARENTBASED_TRACEIDRATIO, 0.0, 0},
        {OTEL_SAMPLER_PARENTBASED_TRACEIDRATIO, 1.0, 1},
        {OTEL_SAMPLER_PARENTBASED_RATELIMITING, 1000, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_EQ_INT(init_sampler(cases[i].k, cases[i].arg), OTEL_OK);
        otel_span *a = otel_span_begin_with_parent("a", OTEL_SPAN_KIND_SERVER, &yes);
        otel_span *b = otel_span_begin_with_parent("b", OTEL_SPAN_KIND_SERVER, &no);
        otel_span *r = otel_span_begin_with_parent("r", OTEL_SPAN_KIND_SERVER, NULL);
        int ra = otel_span_is_recording(a), rb = otel_span_is_recording(b), rr = otel_span_is_recording(r);
        otel_span_context cb = otel_span_get_context(b);
        otel_span_end(r); otel_span_end(b); otel_span_end(a);
        if (ra != 1 || rb != 0 || rr != cases[i].root) {
            printf("  sampler %d arg %g: sampled parent %d, unsampled parent %d, root %d\n", (int)cases[i].k, cases[i].arg, ra, rb, rr);
            CHECK(0);
        }
        CHECK(otel_span_context_is_valid(&cb));
        CHECK_EQ_INT(cb.flags & 1, 0);
        CHECK(memcmp(cb.trace_id, no.trace_id, 16) == 0);
        tu_shutdown();
    }
}

static uint64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

TEST(ratelimiting) {
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_RATELIMITING, 50), OTEL_OK);
    uint64_t t0 = mono_ms();
    int n = roots(10000);
    uint64_t took = mono_ms() - t0;
    if (took < 900 && (n < 50 || n > 100)) { printf("  ratelimiting 50/s: %d sampled in a burst of %d ms\n", n, (int)took); CHECK(0); }
    /* the next second: new traces are sampled again */
    struct timespec ts = {1, 100000000};
    nanosleep(&ts, NULL);
    t0 = mono_ms();
    n = roots(10000);
    took = mono_ms() - t0;
    if (took < 900 && (n < 25 || n > 100)) { printf("  ratelimiting 50/s, one second later: %d sampled in a burst\n", n); CHECK(0); }
    tu_shutdown();
}

TEST(unsampled_records_nothing) {
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_ALWAYS_OFF, 0), OTEL_OK);
    otel_stats before, after;
    otel_stats_get(&before);
    CHECK_EQ_INT(before.arena_blocks_free, before.arena_blocks);
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_INTERNAL);
    CHECK(root != NULL);
    CHECK(!otel_span_is_recording(root));
    CHECK(otel_current_span() == root);
    otel_span_set_str(root, "k", "v");
    otel_span_add_event(root, "e", NULL, 0);
    otel_span_record_error(root, "t", "m");
    otel_span *child = otel_span_begin("child", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context rc = otel_span_get_context(root), cc = otel_span_get_context(child);
    otel_span_context rc2 = otel_span_get_context(root), cur = otel_current_context();
    CHECK(memcmp(&rc, &rc2, 24) == 0);          /* made once, then kept */
    CHECK(memcmp(&cur, &cc, 24) == 0);
    CHECK(otel_span_context_is_valid(&rc));
    CHECK(otel_span_context_is_valid(&cc));
    CHECK_EQ_INT(rc.flags & 1, 0);
    CHECK_EQ_INT(cc.flags & 1, 0);
    CHECK(memcmp(rc.trace_id, cc.trace_id, 16) == 0);
    CHECK(memcmp(rc.span_id, cc.span_id, 8) != 0);
    char tp[56];
    CHECK_EQ_INT(otel_traceparent_format(&cc, tp), 55);
    CHECK(strcmp(tp + 53, "02") == 0);   /* not sampled, random trace id */
    otel_span_end(child);
    otel_span_end(root);
    CHECK(otel_current_span() == NULL);
    otel_stats_get(&after);
    CHECK_EQ_INT(after.spans_sampled_out - before.spans_sampled_out, 2);
    CHECK_EQ_INT(after.spans_started, before.spans_started);
    CHECK_EQ_INT(after.spans_ended, before.spans_ended);
    CHECK_EQ_INT(after.arena_blocks_free, before.arena_blocks_free);
    CHECK_EQ_INT(otel_pending(), 0);
    CHECK_EQ_INT(tu_collect(), 0);
    tu_shutdown();
    /* the same in a parent-based sampler, below an unsampled remote parent */
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_PARENTBASED_ALWAYS_ON, 0), OTEL_OK);
    otel_stats_get(&before);
    otel_span_context no;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", NULL, &no), OTEL_OK);
    otel_span *a = otel_span_begin_with_parent("a", OTEL_SPAN_KIND_SERVER, &no);
    otel_span *b = otel_span_begin("b", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context bc = otel_span_get_context(b);
    CHECK(!otel_span_is_recording(b));
    CHECK(memcmp(bc.trace_id, no.trace_id, 16) == 0);
    otel_span_end(b);
    otel_span_end(a);
    otel_stats_get(&after);
    CHECK_EQ_INT(after.spans_sampled_out, 2);
    CHECK_EQ_INT(after.arena_blocks_free, before.arena_blocks_free);
    /* whereas one sampled span takes blocks */
    otel_span_end(otel_span_begin("sampled", OTEL_SPAN_KIND_INTERNAL));
    otel_stats_get(&after);
    CHECK(after.arena_blocks_free < before.arena_blocks_free);
    tu_shutdown();
}

/* An unsampled root span begun inline leaves its frame's flags and
   tracestate to be written when its ids are made. The frame below held a
   sampled span with a tracestate: none of that may show through. */
TEST(unsampled_root_in_a_reused_frame) {
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_PARENTBASED_ALWAYS_OFF, 0), OTEL_OK);
    otel_span_context yes;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "k=v", &yes), OTEL_OK);
    for (int i = 0; i < 3; i++) {   /* (the first span after init takes the general path) */
        otel_span *a = otel_span_begin_with_parent("a", OTEL_SPAN_KIND_SERVER, &yes);
        otel_span_context ac = otel_span_get_context(a);
        CHECK(otel_span_is_recording(a));
        CHECK_EQ_INT(ac.flags & 1, 1);
        CHECK_EQ_INT(ac.tracestate_len, 3);
        otel_span_end(a);
        otel_span *r = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);   /* the same frame, unsampled */
        CHECK(!otel_span_is_recording(r));
        otel_span *c = otel_span_begin("c", OTEL_SPAN_KIND_INTERNAL);   /* asks for r's ids */
        otel_span_context rc = otel_span_get_context(r), cc = otel_span_get_context(c);
        otel_header h[2];
        char buf[128];
        CHECK_EQ_INT(otel_headers_inject(&rc, h, 2, buf, sizeof buf), 1);   /* traceparent alone */
        otel_span_end(c);
        otel_span_end(r);
        CHECK(otel_span_context_is_valid(&rc));
        CHECK_EQ_INT(rc.flags, OTEL_FLAG_RANDOM);
        CHECK_EQ_INT(rc.remote, 0);
        CHECK_EQ_INT(rc.tracestate_len, 0);
        CHECK(rc.tracestate == NULL);
        CHECK(memcmp(rc.trace_id, yes.trace_id, 16) != 0);   /* a new trace */
        CHECK_EQ_INT(cc.flags, OTEL_FLAG_RANDOM);
        CHECK_EQ_INT(cc.tracestate_len, 0);
        CHECK(memcmp(cc.trace_id, rc.trace_id, 16) == 0);
    }
    tu_drain();
    tu_shutdown();
}

/* A trace that is not sampled, three spans deep, under three samplers:
   parent-based with roots sampled out by their trace id (made at once, the
   span id left for later) or always_off roots (both ids left for later),
   and always_off itself (children decided by the rule, not the parent). Each
   level carries the root's trace id and not-sampled flag, has a span id of
   its own, and records nothing; the stats count every span. */
TEST(unsampled_trace_nested) {
    static const otel_sampler_kind kinds[] = {OTEL_SAMPLER_PARENTBASED_TRACEIDRATIO, OTEL_SAMPLER_PARENTBASED_ALWAYS_OFF,
                                              OTEL_SAMPLER_ALWAYS_OFF};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        CHECK_EQ_INT(init_sampler(kinds[k], 0.0), OTEL_OK);
        otel_stats before, after;
        otel_stats_get(&before);
        int bad = 0;
        for (int i = 0; i < 3; i++) {   /* (the first span after init takes the general path) */
            otel_span *r = otel_span_begin("r", OTEL_SPAN_KIND_SERVER);
            otel_span *c = otel_span_begin("c", OTEL_SPAN_KIND_INTERNAL);
            otel_span *c2 = otel_span_begin("c2", OTEL_SPAN_KIND_INTERNAL);   /* a sibling below r, after c */
            otel_span_end(c2);
            otel_span *g = otel_span_begin("g", OTEL_SPAN_KIND_INTERNAL);
            otel_span_context rc = otel_span_get_context(r), cc = otel_span_get_context(c), gc = otel_span_get_context(g);
            bad += otel_span_is_recording(r) || otel_span_is_recording(c) || otel_span_is_recording(g);
            bad += !otel_span_context_is_valid(&rc) || !otel_span_context_is_valid(&cc) || !otel_span_context_is_valid(&gc);
            bad += memcmp(cc.trace_id, rc.trace_id, 16) != 0 || memcmp(gc.trace_id, rc.trace_id, 16) != 0;
            bad += rc.flags != OTEL_FLAG_RANDOM || cc.flags != OTEL_FLAG_RANDOM || gc.flags != OTEL_FLAG_RANDOM;
            bad += memcmp(rc.span_id, cc.span_id, 8) == 0 || memcmp(cc.span_id, gc.span_id, 8) == 0 ||
                   memcmp(rc.span_id, gc.span_id, 8) == 0;
            otel_span_end(g);
            otel_span_end(c);
            otel_span_end(r);
        }
        CHECK_EQ_INT(bad, 0);
        CHECK(otel_current_span() == NULL);
        otel_stats_get(&after);
        CHECK_EQ_INT(after.spans_sampled_out - before.spans_sampled_out, 12);
        CHECK_EQ_INT(after.spans_started, before.spans_started);
        CHECK_EQ_INT(tu_collect(), 0);
        tu_shutdown();
    }
}

/* always_on, not parent-based: a span below an unsampled remote parent is
   sampled, and so are its children, begun inline (after the first round),
   each recorded with its parent's span id. */
TEST(not_parent_based_children) {
    CHECK_EQ_INT(init_sampler(OTEL_SAMPLER_ALWAYS_ON, 0), OTEL_OK);
    otel_span_context no;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", NULL, &no), OTEL_OK);
    for (int i = 0; i < 3; i++) {
        otel_span *a = otel_span_begin_with_parent("a", OTEL_SPAN_KIND_SERVER, &no);
        otel_span *b = otel_span_begin("b", OTEL_SPAN_KIND_INTERNAL);
        CHECK(otel_span_is_recording(a));
        CHECK(otel_span_is_recording(b));
        otel_span_context ac = otel_span_get_context(a), bc = otel_span_get_context(b);
        otel_span_end(b);
        otel_span_end(a);
        CHECK(memcmp(bc.trace_id, no.trace_id, 16) == 0);
        CHECK_EQ_INT(bc.flags & 1, 1);
        CHECK_EQ_INT(tu_collect(), 2);
        otel_span_data *bd = tu_find("b");
        CHECK(bd != NULL);
        if (bd) {
            otel_span_info in = tu_info(bd);
            CHECK(in.has_parent);
            CHECK(memcmp(in.parent_span_id, ac.span_id, 8) == 0);
            CHECK(memcmp(in.context.trace_id, no.trace_id, 16) == 0);
        }
    }
    tu_drain();
    tu_shutdown();
}

int main(void) {
    RUN(always_on_off);
    RUN(traceidratio_fraction);
    RUN(traceidratio_deterministic);
    RUN(traceidratio_root_decided_by_its_trace_id);
    RUN(parent_based_follows_remote_parent);
    RUN(ratelimiting);
    RUN(unsampled_records_nothing);
    RUN(unsampled_root_in_a_reused_frame);
    RUN(unsampled_trace_nested);
    RUN(not_parent_based_children);
    return test_summary("sampler");
}
