/* A user sampler (otel_config.sampler_fn) and a user ID generator
   (trace_id_fn, span_id_fn): the decisions honoured (drop, record only,
   record and sample), what the sampler sees (name, kind, parent, trace id,
   the attributes given at creation), the tracestate it sets (on the span,
   its children and injected headers; invalid: the parent's kept), the
   generator's ids (an all-zero one replaced) and no W3C random flag on
   the new traces of a user generator. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"

/* what the sampler last saw, and what it answers */
static struct {
    int calls, decision;
    const char *name; otel_span_kind kind;
    int has_parent, parent_remote; uint8_t parent_span[8];
    uint8_t trace_id[16];
    size_t attr_count; int64_t attr0; const char *key0;
    char ts_in[600];
    const char *set_ts;   /* non-NULL: write this tracestate */
} sv;

static int sampler(void *user, otel_sampling_params *p) {
    CHECK(user == &sv);
    sv.calls++;
    sv.name = p->name; sv.kind = p->kind;
    sv.has_parent = p->parent != NULL;
    sv.parent_remote = p->parent ? p->parent->remote : -1;
    if (p->parent) memcpy(sv.parent_span, p->parent->span_id, 8);
    memcpy(sv.trace_id, p->trace_id, 16);
    sv.attr_count = p->attr_count;
    sv.key0 = p->attr_count ? p->attrs[0].key : NULL;
    sv.attr0 = p->attr_count ? p->attrs[0].v.i : 0;
    snprintf(sv.ts_in, sizeof sv.ts_in, "%.*s", (int)p->tracestate_len, p->tracestate);
    if (sv.set_ts) {
        size_t n = strlen(sv.set_ts);
        if (n > OTEL_SAMPLER_TRACESTATE_MAX) n = OTEL_SAMPLER_TRACESTATE_MAX;
        memcpy(p->tracestate, sv.set_ts, n);
        p->tracestate_len = n;
    }
    return sv.decision;
}

static int init_hooks(otel_sampler_fn fn, otel_trace_id_fn tid, otel_span_id_fn sid) {
    otel_config c;
    tu_config(&c);
    c.sampler_fn = fn;
    c.sampler_user = &sv;
    c.trace_id_fn = tid;
    c.span_id_fn = sid;
    c.id_user = &sv;
    memset(&sv, 0, sizeof sv);
    return tu_init_cfg(&c);
}

TEST(decisions_honoured) {
    CHECK_EQ_INT(init_hooks(sampler, NULL, NULL), OTEL_OK);
    otel_stats before, after;
    otel_stats_get(&before);
    sv.decision = OTEL_SAMPLING_DROP;
    otel_span *s = otel_span_begin("dropped", OTEL_SPAN_KIND_CLIENT);
    CHECK(!otel_span_is_recording(s));
    CHECK_EQ_INT(otel_span_get_context(s).flags & OTEL_FLAG_SAMPLED, 0);
    otel_span_end(s);
    CHECK_EQ_INT(sv.calls, 1);
    CHECK(sv.name && strcmp(sv.name, "dropped") == 0);
    CHECK_EQ_INT(sv.kind, OTEL_SPAN_KIND_CLIENT);
    CHECK_EQ_INT(sv.has_parent, 0);
    otel_stats_get(&after);
    CHECK_EQ_INT((int)(after.spans_sampled_out - before.spans_sampled_out), 1);
    CHECK_EQ_INT((int)tu_collect(), 0);

    sv.decision = OTEL_SAMPLING_RECORD_ONLY;
    s = otel_span_begin("record only", OTEL_SPAN_KIND_INTERNAL);
    CHECK(otel_span_is_recording(s));
    CHECK_EQ_INT(otel_span_get_context(s).flags & OTEL_FLAG_SAMPLED, 0);
    otel_span_set_int(s, "n", 1);
    otel_span_end(s);
    CHECK_EQ_INT((int)tu_collect(), 0);   /* recorded, not exported */

    sv.decision = OTEL_SAMPLING_RECORD_AND_SAMPLE;
    s = otel_span_begin("sampled", OTEL_SPAN_KIND_SERVER);
    CHECK(otel_span_is_recording(s));
    otel_span_context c = otel_span_get_context(s);
    CHECK_EQ_INT(c.flags, OTEL_FLAG_SAMPLED | OTEL_FLAG_RANDOM);   /* built-in ids: random */
    CHECK(memcmp(c.trace_id, sv.trace_id, 16) == 0);   /* the sampler saw the span's trace id */
    otel_span_end(s);
    CHECK_EQ_INT((int)tu_collect(), 1);
    otel_span_info in;
    otel_span_data_info(tu_spans[0], &in);
    CHECK(in.name_len == 7 && memcmp(in.name, "sampled", 7) == 0);

    sv.decision = 7;   /* not a decision: warned, dropped */
    s = otel_span_begin("bad", OTEL_SPAN_KIND_INTERNAL);
    CHECK(!otel_span_is_recording(s));
    otel_span_end(s);
    CHECK_EQ_INT((int)tu_collect(), 0);
    tu_shutdown();
}

/* the parent (local, remote or none) and the creation attributes */
TEST(parent_and_attributes_visible) {
    CHECK_EQ_INT(init_hooks(sampler, NULL, NULL), OTEL_OK);
    sv.decision = OTEL_SAMPLING_RECORD_AND_SAMPLE;
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context rc = otel_span_get_context(root);
    otel_span *child = otel_span_begin("child", OTEL_SPAN_KIND_INTERNAL);
    CHECK_EQ_INT(sv.has_parent, 1);
    CHECK_EQ_INT(sv.parent_remote, 0);
    CHECK(memcmp(sv.parent_span, rc.span_id, 8) == 0);
    CHECK(memcmp(sv.trace_id, rc.trace_id, 16) == 0);
    otel_span_end(child);
    otel_span_end(root);

    otel_span_context remote;
    CHECK_EQ_INT(otel_traceparent_parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", (size_t)-1, &remote), OTEL_OK);
    remote.remote = 1;
    otel_attr attrs[2] = { OTEL_ATTR_INT("http.status", 200), OTEL_ATTR_STR("k", "v") };
    otel_span_args a;
    memset(&a, 0, sizeof a);
    a.name = "with attrs"; a.kind = OTEL_SPAN_KIND_SERVER;
    a.parent = &remote; a.use_parent = 1;
    a.attrs = attrs; a.attr_count = 2;
    otel_span *s = otel_span_begin_ex(&a);
    CHECK_EQ_INT(sv.has_parent, 1);
    CHECK_EQ_INT(sv.parent_remote, 1);
    CHECK(memcmp(sv.parent_span, remote.span_id, 8) == 0);
    CHECK(memcmp(sv.trace_id, remote.trace_id, 16) == 0);
    CHECK_EQ_INT((int)sv.attr_count, 2);
    CHECK(sv.key0 && strcmp(sv.key0, "http.status") == 0);
    CHECK_EQ_INT((int)sv.attr0, 200);
    otel_span_end(s);
    /* a span without creation attributes: none seen */
    s = otel_span_begin("plain", OTEL_SPAN_KIND_INTERNAL);
    CHECK_EQ_INT((int)sv.attr_count, 0);
    otel_span_end(s);
    tu_shutdown();
}

static int header_has(const otel_header *h, int n, const char *name, const char *value) {
    for (int i = 0; i < n; i++)
        if (strcmp(h[i].name, name) == 0) return strcmp(h[i].value, value) == 0;
    return 0;
}

TEST(tracestate_set_and_propagated) {
    CHECK_EQ_INT(init_hooks(sampler, NULL, NULL), OTEL_OK);
    sv.decision = OTEL_SAMPLING_RECORD_AND_SAMPLE;
    sv.set_ts = "vendor=abc,other=1";
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_INTERNAL);
    CHECK_EQ_INT((int)strlen(sv.ts_in), 0);   /* a root: no parent's */
    otel_span_context c = otel_span_get_context(root);
    CHECK(c.tracestate_len == 18 && memcmp(c.tracestate, "vendor=abc,other=1", 18) == 0);
    /* a child: the sampler sees the parent's, leaves it */
    sv.set_ts = NULL;
    otel_span *child = otel_span_begin("child", OTEL_SPAN_KIND_CLIENT);
    CHECK(strcmp(sv.ts_in, "vendor=abc,other=1") == 0);
    otel_span_context cc = otel_span_get_context(child);
    CHECK(cc.tracestate_len == 18 && memcmp(cc.tracestate, "vendor=abc,other=1", 18) == 0);
    otel_header h[8];
    char buf[1024];
    int n = otel_headers_inject(&cc, h, 8, buf, sizeof buf);
    CHECK(n >= 2);
    CHECK(header_has(h, n, "tracestate", "vendor=abc,other=1"));
    /* a grandchild that changes it: its own, the child's untouched */
    sv.set_ts = "vendor=xyz";
    otel_span *g = otel_span_begin("grandchild", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context gc = otel_span_get_context(g);
    CHECK(gc.tracestate_len == 10 && memcmp(gc.tracestate, "vendor=xyz", 10) == 0);
    /* invalid: warned, the parent's kept */
    sv.set_ts = "Not Valid==";
    otel_span *bad = otel_span_begin("bad", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context bc = otel_span_get_context(bad);
    CHECK(bc.tracestate_len == 10 && memcmp(bc.tracestate, "vendor=xyz", 10) == 0);
    otel_span_end(bad);
    otel_span_end(g);
    otel_span_end(child);
    otel_span_end(root);
    /* and recorded on the spans (copied into the arena) */
    CHECK_EQ_INT((int)tu_collect(), 4);
    int found = 0;
    for (size_t i = 0; i < tu_n; i++) {
        otel_span_info in;
        otel_span_data_info(tu_spans[i], &in);
        if (in.name_len == 4 && memcmp(in.name, "root", 4) == 0)
            found += in.context.tracestate_len == 18 && memcmp(in.context.tracestate, "vendor=abc,other=1", 18) == 0;
        if (in.name_len == 10 && memcmp(in.name, "grandchild", 10) == 0)
            found += in.context.tracestate_len == 10 && memcmp(in.context.tracestate, "vendor=xyz", 10) == 0;
    }
    CHECK_EQ_INT(found, 2);
    /* record only, a tracestate too: on its context */
    sv.decision = OTEL_SAMPLING_RECORD_ONLY;
    sv.set_ts = "r=1";
    otel_span *ro = otel_span_begin("ro", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context roc = otel_span_get_context(ro);
    CHECK(roc.tracestate_len == 3 && memcmp(roc.tracestate, "r=1", 3) == 0);
    otel_span_end(ro);
    tu_shutdown();
}

static int next_tid, next_sid, zero_ids;
static void trace_id_gen(void *user, uint8_t id[16]) {
    CHECK(user == &sv);
    if (zero_ids) return;   /* left all zero: invalid */
    memset(id, 0, 16);
    id[0] = 0xab; id[15] = (uint8_t)++next_tid;
}
static void span_id_gen(void *user, uint8_t id[8]) {
    (void)user;
    if (zero_ids) return;
    memset(id, 0, 8);
    id[0] = 0xcd; id[7] = (uint8_t)++next_sid;
}

TEST(id_generator_used_and_no_random_flag) {
    next_tid = next_sid = zero_ids = 0;
    CHECK_EQ_INT(init_hooks(NULL, trace_id_gen, span_id_gen), OTEL_OK);   /* the built-in sampler (parentbased_always_on) */
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context c = otel_span_get_context(root);
    CHECK(otel_span_is_recording(root));
    CHECK_EQ_INT(c.trace_id[0], 0xab);
    CHECK_EQ_INT(c.trace_id[15], 1);
    CHECK_EQ_INT(c.span_id[0], 0xcd);
    CHECK_EQ_INT(c.span_id[7], 1);
    CHECK_EQ_INT(c.flags, OTEL_FLAG_SAMPLED);   /* not OTEL_FLAG_RANDOM */
    otel_span *child = otel_span_begin("child", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context cc = otel_span_get_context(child);
    CHECK(memcmp(cc.trace_id, c.trace_id, 16) == 0);
    CHECK_EQ_INT(cc.span_id[7], 2);
    CHECK_EQ_INT(cc.flags, OTEL_FLAG_SAMPLED);
    otel_span_end(child);
    otel_span_end(root);
    CHECK_EQ_INT((int)tu_collect(), 2);
    for (size_t i = 0; i < tu_n; i++) {
        otel_span_info in;
        otel_span_data_info(tu_spans[i], &in);
        CHECK_EQ_INT(in.context.trace_id[0], 0xab);
        CHECK_EQ_INT(in.context.span_id[0], 0xcd);
        CHECK_EQ_INT(in.context.flags & OTEL_FLAG_RANDOM, 0);
    }
    /* all-zero ids: the built-in generator's instead (valid, non-zero) */
    zero_ids = 1;
    otel_span *z = otel_span_begin("zero", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context zc = otel_span_get_context(z);
    CHECK(otel_span_context_is_valid(&zc));
    CHECK(zc.trace_id[0] != 0xab || zc.trace_id[15] > 2);
    otel_span_end(z);
    tu_shutdown();
}

/* with a sampler too, and unsampled spans: their ids from the generator */
TEST(id_generator_with_sampler_unsampled) {
    next_tid = next_sid = zero_ids = 0;
    CHECK_EQ_INT(init_hooks(sampler, trace_id_gen, span_id_gen), OTEL_OK);
    sv.decision = OTEL_SAMPLING_DROP;
    otel_span *s = otel_span_begin("dropped", OTEL_SPAN_KIND_INTERNAL);
    CHECK_EQ_INT(sv.trace_id[0], 0xab);   /* the sampler saw the generator's id */
    otel_span_context c = otel_span_get_context(s);
    CHECK_EQ_INT(c.trace_id[0], 0xab);
    CHECK_EQ_INT(c.span_id[0], 0xcd);
    CHECK_EQ_INT(c.flags, 0);
    otel_span_end(s);
    tu_shutdown();
}

/* a trace id generator alone, under traceidratio 0: still nothing sampled */
TEST(id_generator_keeps_builtin_sampler) {
    otel_config cfg;
    tu_config(&cfg);
    cfg.sampler = OTEL_SAMPLER_ALWAYS_OFF;
    cfg.trace_id_fn = trace_id_gen;
    cfg.id_user = &sv;
    next_tid = zero_ids = 0;
    CHECK_EQ_INT(tu_init_cfg(&cfg), OTEL_OK);
    otel_span *s = otel_span_begin("off", OTEL_SPAN_KIND_INTERNAL);
    CHECK(!otel_span_is_recording(s));
    otel_span_context c = otel_span_get_context(s);
    CHECK_EQ_INT(c.trace_id[0], 0xab);
    CHECK_EQ_INT(c.flags, 0);
    otel_span_end(s);
    CHECK_EQ_INT((int)tu_collect(), 0);
    tu_shutdown();
}

int main(void) {
    RUN(decisions_honoured);
    RUN(parent_and_attributes_visible);
    RUN(tracestate_set_and_propagated);
    RUN(id_generator_used_and_no_random_flag);
    RUN(id_generator_with_sampler_unsampled);
    RUN(id_generator_keeps_builtin_sampler);
    return test_summary("sampler_hooks");
}
