/* Context, W3C Baggage and the propagators (tracecontext, baggage, b3,
   b3multi, your own): the baggage API and header grammar, limits,
   attach/detach, thread handoff, the baggage span processor, OTEL_PROPAGATORS,
   B3 in both forms, the environment carrier and a child process.
   (Interoperability with the OpenTelemetry JavaScript propagators:
   tests/node/propagation_interop.js.) */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>

#define TID "4bf92f3577b34da6a3ce929d0e0e4736"
#define SID "00f067aa0ba902b7"
#define TP "00-" TID "-" SID "-01"

static otel_extracted ex;   /* (17 KB: not on the stack of every test) */
static otel_baggage bag;

static const char *entry_meta(const otel_baggage *b, const char *key) {
    otel_baggage_entry e;
    for (size_t i = 0; otel_baggage_entry_at(b, i, &e); i++)
        if (strcmp(e.key, key) == 0) return e.metadata;
    return NULL;
}

TEST(baggage_api) {
    otel_baggage_clear(&bag);
    CHECK_EQ_INT(otel_baggage_set(&bag, "user.id", "42", NULL), OTEL_OK);
    CHECK_EQ_INT(otel_baggage_set(&bag, "tenant", "a b,c;d%", "ttl=60;internal"), OTEL_OK);
    CHECK_EQ_INT(otel_baggage_count(&bag), 2);
    CHECK_STR(otel_baggage_get(&bag, "user.id"), "42");
    CHECK_STR(otel_baggage_get(&bag, "tenant"), "a b,c;d%");
    CHECK_STR(entry_meta(&bag, "tenant"), "ttl=60;internal");
    CHECK_STR(entry_meta(&bag, "user.id"), "");
    CHECK(otel_baggage_get(&bag, "nope") == NULL);
    /* replace */
    CHECK_EQ_INT(otel_baggage_set(&bag, "user.id", "43", NULL), OTEL_OK);
    CHECK_EQ_INT(otel_baggage_count(&bag), 2);
    CHECK_STR(otel_baggage_get(&bag, "user.id"), "43");
    /* invalid keys and properties */
    CHECK_EQ_INT(otel_baggage_set(&bag, "bad key", "v", NULL), OTEL_ERR_INVALID);
    CHECK_EQ_INT(otel_baggage_set(&bag, "", "v", NULL), OTEL_ERR_INVALID);
    CHECK_EQ_INT(otel_baggage_set(&bag, "k", "v", "a b"), OTEL_ERR_INVALID);
    /* the header: values percent-encoded, properties kept */
    char h[256];
    CHECK(otel_baggage_format(&bag, h, sizeof h) > 0);
    CHECK_STR(h, "tenant=a%20b%2Cc%3Bd%25;ttl=60;internal,user.id=43");
    /* remove, iterate */
    CHECK_EQ_INT(otel_baggage_remove(&bag, "tenant"), OTEL_OK);
    CHECK_EQ_INT(otel_baggage_remove(&bag, "tenant"), OTEL_ERR_INVALID);
    otel_baggage_entry e;
    CHECK_EQ_INT(otel_baggage_entry_at(&bag, 0, &e), 1);
    CHECK_STR(e.key, "user.id");
    CHECK_EQ_INT(e.value_len, 2);
    CHECK_EQ_INT(otel_baggage_entry_at(&bag, 1, &e), 0);
    CHECK_EQ_INT(otel_baggage_format(&bag, h, sizeof h), 10);
    CHECK_STR(h, "user.id=43");
}

/* W3C Baggage parsing: whitespace, percent-decoding, properties, and each
   invalid member dropped on its own (counted) */
TEST(baggage_parse) {
    otel_stats before, after;
    otel_stats_get(&before);
    otel_baggage_clear(&bag);
    int n = otel_baggage_parse(&bag, " key1 = value1 ; p1 ; p2 = v2 ,key2=%E2%9C%93%20ok,bad key=1,=x,k3=a\"b,,"
                                     "k4=,k5=x;=bad,k6=v6", (size_t)-1);
    CHECK_EQ_INT(n, 4);
    CHECK_STR(otel_baggage_get(&bag, "key1"), "value1");
    CHECK_STR(entry_meta(&bag, "key1"), "p1 ; p2 = v2");
    CHECK_STR(otel_baggage_get(&bag, "key2"), "\xe2\x9c\x93 ok");
    CHECK_STR(otel_baggage_get(&bag, "k4"), "");
    CHECK_STR(otel_baggage_get(&bag, "k6"), "v6");
    CHECK(otel_baggage_get(&bag, "k3") == NULL && otel_baggage_get(&bag, "k5") == NULL);
    otel_stats_get(&after);
    CHECK_EQ_INT(after.propagation_invalid - before.propagation_invalid, 4);
    CHECK_EQ_INT(bag.dropped, 4);
    /* a second line adds (a key again: the later value) */
    CHECK_EQ_INT(otel_baggage_parse(&bag, "key1=again", (size_t)-1), 1);
    CHECK_STR(otel_baggage_get(&bag, "key1"), "again");
    /* round trip */
    char h[512];
    otel_baggage_format(&bag, h, sizeof h);
    otel_baggage b2;
    memset(&b2, 0, sizeof b2);
    CHECK_EQ_INT(otel_baggage_parse(&b2, h, (size_t)-1), (int)otel_baggage_count(&bag));
    CHECK_STR(otel_baggage_get(&b2, "key2"), "\xe2\x9c\x93 ok");
    CHECK_STR(entry_meta(&b2, "key1"), "");
    CHECK_STR(entry_meta(&b2, "k6"), "");
}

/* 64 members and 8192 bytes are kept; beyond that members are dropped
   whole and counted, never cut */
TEST(baggage_limits) {
    otel_stats before, after;
    char h[16384], v[8200];
    size_t o = 0;
    otel_stats_get(&before);
    otel_baggage_clear(&bag);
    for (int i = 0; i < 70; i++) o += (size_t)snprintf(h + o, sizeof h - o, "%sk%d=v%d", i ? "," : "", i, i);
    CHECK_EQ_INT(otel_baggage_parse(&bag, h, o), 64);
    CHECK_STR(otel_baggage_get(&bag, "k63"), "v63");
    CHECK(otel_baggage_get(&bag, "k64") == NULL);
    otel_stats_get(&after);
    CHECK_EQ_INT(after.baggage_dropped - before.baggage_dropped, 6);
    CHECK_EQ_INT(otel_baggage_set(&bag, "one.more", "x", NULL), OTEL_ERR_FULL);
    CHECK_EQ_INT(otel_baggage_set(&bag, "k0", "replaced", NULL), OTEL_OK);   /* a replacement still fits */
    /* bytes: one member of 8190 bytes fits, a second is dropped whole */
    otel_baggage_clear(&bag);
    memset(v, 'x', 8186); v[8186] = 0;
    CHECK_EQ_INT(otel_baggage_set(&bag, "big", v, NULL), OTEL_OK);
    CHECK_EQ_INT(otel_baggage_set(&bag, "small", "12345", NULL), OTEL_ERR_FULL);
    CHECK_EQ_INT(otel_baggage_count(&bag), 1);
    CHECK_EQ_INT(otel_baggage_format(&bag, h, sizeof h), 8190);
    /* a header too small for a member leaves it out whole */
    otel_baggage_clear(&bag);
    otel_baggage_set(&bag, "a", "1", NULL);
    otel_baggage_set(&bag, "bb", "22222222", NULL);
    otel_baggage_set(&bag, "c", "3", NULL);
    char small[10];
    CHECK_EQ_INT(otel_baggage_format(&bag, small, sizeof small), 7);
    CHECK_STR(small, "a=1,c=3");
}

TEST(context_attach_detach) {
    tu_init();
    otel_baggage_clear(&bag);
    otel_baggage_set(&bag, "k", "v", NULL);
    otel_context c;
    memset(&c, 0, sizeof c);
    CHECK_EQ_INT(otel_traceparent_parse(TP, (size_t)-1, &c.span), OTEL_OK);
    c.baggage = &bag;
    otel_context before = otel_context_current();
    CHECK(!otel_span_context_is_valid(&before.span) && before.baggage == NULL);
    otel_context_token tok = otel_context_attach(&c);
    otel_context cur = otel_context_current();
    CHECK(memcmp(cur.span.trace_id, c.span.trace_id, 16) == 0 && memcmp(cur.span.span_id, c.span.span_id, 8) == 0);
    CHECK(cur.baggage == &bag);
    otel_span *s = otel_span_begin("under", OTEL_SPAN_KIND_SERVER);   /* the inline begin */
    otel_span_context sc = otel_span_get_context(s);
    CHECK(memcmp(sc.trace_id, c.span.trace_id, 16) == 0);
    otel_span_end(s);
    CHECK_EQ_INT(otel_context_detach(tok), OTEL_OK);
    cur = otel_context_current();
    CHECK(!otel_span_context_is_valid(&cur.span) && cur.baggage == NULL);
    CHECK(otel_current_span() == NULL);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_info in = tu_info(tu_spans[0]);
    CHECK_EQ_INT(in.has_parent, 1);
    CHECK_EQ_INT(in.parent_remote, 1);
    CHECK(memcmp(in.parent_span_id, c.span.span_id, 8) == 0);
    /* a context with baggage only: the current span stays */
    otel_span *r = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
    otel_context bo;
    memset(&bo, 0, sizeof bo);
    bo.baggage = &bag;
    tok = otel_context_attach(&bo);
    CHECK(otel_current_span() == r);
    CHECK(otel_context_current().baggage == &bag);
    /* nested, then out of order */
    otel_context_token t2 = otel_context_attach(&c);
    CHECK(otel_current_span() != r);
    CHECK_EQ_INT(otel_context_detach(t2), OTEL_OK);
    CHECK(otel_current_span() == r);
    CHECK_EQ_INT(otel_context_detach(tok), OTEL_OK);
    CHECK(otel_context_current().baggage == NULL);
    otel_context nob;
    memset(&nob, 0, sizeof nob);
    otel_context_token b1 = otel_context_attach(&bo), b2 = otel_context_attach(&nob);
    CHECK(otel_context_current().baggage == NULL);
    CHECK_EQ_INT(otel_context_detach(b1), OTEL_ERR_INVALID);   /* out of order */
    (void)b2;
    otel_context_detach(otel_context_attach(&(otel_context){{{0}, {0}, 0, 0, 0, NULL}, NULL, {0}}));
    otel_span_end(r);
    otel_context_token t3 = otel_context_attach(&c);
    otel_span *open = otel_span_begin("open", OTEL_SPAN_KIND_INTERNAL);
    CHECK_EQ_INT(otel_context_detach(t3), OTEL_ERR_INVALID);   /* a span begun under it is still open */
    otel_span_end(open);
    CHECK(otel_current_span() == NULL || otel_span_get_context(otel_current_span()).remote == 1);
    otel_span *after = otel_span_begin("after", OTEL_SPAN_KIND_INTERNAL);
    CHECK(otel_span_get_context(after).flags & OTEL_FLAG_RANDOM);   /* a new root */
    otel_span_end(after);
    otel_context_token zero;
    memset(&zero, 0, sizeof zero);
    CHECK_EQ_INT(otel_context_detach(zero), OTEL_ERR_INVALID);
    tu_drain();
    tu_shutdown();
}

/* values of one's own: keys, set (a new context), get; attached, they
   are the current context's */
TEST(context_values) {
    static int k1, k2;
    static const char *v1 = "one";
    k1 = otel_context_key_create("request.kind");
    k2 = otel_context_key_create("tenant");
    CHECK(k1 >= 1 && k2 >= 1 && k1 != k2);
    otel_context base;
    memset(&base, 0, sizeof base);
    otel_context c = otel_context_set_value(&base, k1, v1);
    CHECK(otel_context_get_value(&c, k1) == v1);
    CHECK(otel_context_get_value(&base, k1) == NULL);   /* the original unchanged */
    CHECK(otel_context_get_value(&c, k2) == NULL);
    CHECK(otel_context_get_value(&c, 0) == NULL && otel_context_get_value(&c, OTEL_CONTEXT_MAX_VALUES + 1) == NULL);
    otel_context_token tok = otel_context_attach(&c);
    otel_context cur = otel_context_current();
    CHECK(otel_context_get_value(&cur, k1) == v1);
    otel_context_detach(tok);
    cur = otel_context_current();
    CHECK(otel_context_get_value(&cur, k1) == NULL);
    int n = 2;
    while (otel_context_key_create("more") > 0) n++;
    CHECK_EQ_INT(n, OTEL_CONTEXT_MAX_VALUES);
}

/* a context handed to another thread by value: its spans join the trace */
static otel_context handed;
static otel_span_context seen_parent;
static void *worker(void *arg) {
    (void)arg;
    otel_context_token tok = otel_context_attach(&handed);
    otel_span *s = otel_span_begin("worker", OTEL_SPAN_KIND_INTERNAL);
    seen_parent = otel_current_context();
    if (strcmp(otel_baggage_get(otel_context_current().baggage, "k") ? otel_baggage_get(otel_context_current().baggage, "k") : "", "v") != 0)
        seen_parent.flags = 0xff;
    otel_span_end(s);
    otel_context_detach(tok);
    return NULL;
}
TEST(context_thread_handoff) {
    tu_init();
    otel_baggage_clear(&bag);
    otel_baggage_set(&bag, "k", "v", NULL);
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_INTERNAL);
    otel_context_token tok = otel_context_attach(&(otel_context){otel_span_get_context(root), &bag, {0}});
    handed = otel_context_current();
    pthread_t th;
    CHECK_EQ_INT(pthread_create(&th, NULL, worker, NULL), 0);
    pthread_join(th, NULL);
    otel_context_detach(tok);
    otel_span_end(root);
    CHECK(seen_parent.flags != 0xff);
    CHECK(memcmp(seen_parent.trace_id, otel_span_get_context(root).trace_id, 16) == 0);
    tu_collect();
    otel_span_data *w = tu_find("worker");
    CHECK(w != NULL);
    if (w) CHECK(memcmp(tu_info(w).parent_span_id, handed.span.span_id, 8) == 0);
    tu_drain();
    tu_shutdown();
}

/* the baggage span processor: chosen keys only, redaction applies, the
   inline begin too (otel_init sends it to the general path) */
TEST(baggage_span_processor) {
    otel_baggage_span_keys("user.id, password,missing");
    tu_init();
    otel_baggage_clear(&bag);
    otel_baggage_set(&bag, "user.id", "u-1", NULL);
    otel_baggage_set(&bag, "password", "hunter2", NULL);
    otel_baggage_set(&bag, "other", "x", NULL);
    otel_context c = {{{0}, {0}, 0, 0, 0, NULL}, &bag, {0}};
    otel_context_token tok = otel_context_attach(&c);
    otel_span_end(otel_span_begin("inline", OTEL_SPAN_KIND_INTERNAL));
    otel_context_detach(tok);
    otel_span_end(otel_span_begin_with_context("explicit", OTEL_SPAN_KIND_INTERNAL, &c));
    otel_span_end(otel_span_begin("none", OTEL_SPAN_KIND_INTERNAL));
    CHECK_EQ_INT(tu_collect(), 3);
    const char *names[2] = {"inline", "explicit"};
    for (int i = 0; i < 2; i++) {
        otel_span_data *d = tu_find(names[i]);
        CHECK(d != NULL);
        if (!d) continue;
        CHECK_STR(tu_str(d, "user.id"), "u-1");
        CHECK_STR(tu_str(d, "password"), "[REDACTED]");
        CHECK_STR(tu_str(d, "other"), "<missing>");
        CHECK_EQ_INT(tu_info(d).attribute_count, 2);
    }
    CHECK(tu_find("none") && tu_info(tu_find("none")).attribute_count == 0);
    tu_drain();
    tu_shutdown();
    otel_baggage_span_keys(NULL);
}

static int find_hdr(const otel_header *h, int n, const char *name, const char **v) {
    for (int i = 0; i < n; i++) if (strcmp(h[i].name, name) == 0) { *v = h[i].value; return 1; }
    return 0;
}

TEST(propagators_config) {
    otel_header out[16];
    char buf[2048];
    const char *v, *f[16];
    otel_context c;
    memset(&c, 0, sizeof c);
    otel_traceparent_parse(TP, (size_t)-1, &c.span);
    otel_baggage_clear(&bag);
    otel_baggage_set(&bag, "k", "v 1", "p");
    c.baggage = &bag;
    /* the default: tracecontext, baggage */
    otel_propagators_set("");
    int n = otel_propagation_inject(&c, out, 16, buf, sizeof buf);
    CHECK_EQ_INT(n, 2);
    CHECK(find_hdr(out, n, "traceparent", &v) && strcmp(v, TP) == 0);
    CHECK(find_hdr(out, n, "baggage", &v) && strcmp(v, "k=v%201;p") == 0);
    CHECK_EQ_INT(otel_propagation_fields(f, 16), 3);
    /* all of them, an unknown name left out */
    otel_propagators_set("tracecontext, xray ,baggage,b3,b3multi,b3");
    n = otel_propagation_inject(&c, out, 16, buf, sizeof buf);
    CHECK_EQ_INT(n, 6);
    CHECK(find_hdr(out, n, "b3", &v) && strcmp(v, TID "-" SID "-1") == 0);
    CHECK(find_hdr(out, n, "x-b3-traceid", &v) && strcmp(v, TID) == 0);
    CHECK(find_hdr(out, n, "x-b3-spanid", &v) && strcmp(v, SID) == 0);
    CHECK(find_hdr(out, n, "x-b3-sampled", &v) && strcmp(v, "1") == 0);
    CHECK(find_hdr(out, n, "traceparent", &v) && strcmp(v, TP) == 0);
    CHECK_EQ_INT(otel_propagation_fields(f, 16), 9);
    /* too small a buffer: what fits goes, the traceparent first */
    n = otel_propagation_inject(&c, out, 16, buf, 60);
    CHECK_EQ_INT(n, 1);
    CHECK_STR(out[0].name, "traceparent");
    /* none */
    otel_propagators_set("none,tracecontext");
    CHECK_EQ_INT(otel_propagation_inject(&c, out, 16, buf, sizeof buf), 0);
    otel_header in[1] = {{"traceparent", TP}};
    CHECK_EQ_INT(otel_propagation_extract(in, 1, &ex), OTEL_ERR_INVALID);
    /* the environment */
    setenv("OTEL_PROPAGATORS", "b3multi", 1);
    otel_propagators_set(NULL);
    unsetenv("OTEL_PROPAGATORS");
    CHECK_EQ_INT(otel_propagation_inject(&c, out, 16, buf, sizeof buf), 3);
    otel_propagators_set("tracecontext,baggage");
}

TEST(b3_extract) {
    static const struct { const char *v; int ok, sampled; } single[] = {
        {TID "-" SID, 1, 0},
        {TID "-" SID "-1", 1, 1},
        {TID "-" SID "-0", 1, 0},
        {TID "-" SID "-d", 1, 1},
        {TID "-" SID "-1-" "b7ad6b7169203331", 1, 1},
        {"a3ce929d0e0e4736-" SID "-1", 1, 1},          /* 64-bit trace id */
        {" " TID "-" SID "-1 ", 1, 1},
        {TID "-" SID "-2", 0, 0},
        {TID "-" SID "-1-b7ad6b716920333", 0, 0},
        {TID "-" SID "-1-b7ad6b7169203331-x", 0, 0},
        {"4BF92F3577B34DA6A3CE929D0E0E4736-" SID "-1", 0, 0},
        {"00000000000000000000000000000000-" SID "-1", 0, 0},
        {TID "-0000000000000000-1", 0, 0},
        {TID, 0, 0},
        {"1", 0, 0},                                    /* a decision alone: no context */
        {"", 0, 0},
    };
    otel_propagators_set("b3");
    for (size_t i = 0; i < sizeof single / sizeof single[0]; i++) {
        otel_header h[2] = {{"B3", single[i].v}, {"traceparent", TP}};
        int rc = otel_propagation_extract(h, 2, &ex);
        if ((rc == OTEL_OK) != single[i].ok) { printf("  b3 '%s': rc %d\n", single[i].v, rc); CHECK(0); }
        if (rc == OTEL_OK) {
            CHECK_EQ_INT(ex.ctx.span.flags, single[i].sampled);
            CHECK_EQ_INT(ex.ctx.span.remote, 1);
            CHECK_EQ_INT(ex.ctx.span.span_id[7], 0xb7);
            CHECK_EQ_INT(ex.ctx.span.trace_id[15], 0x36);
        }
    }
    /* multi */
    otel_header m[4] = {{"X-B3-TraceId", TID}, {"X-B3-SpanId", SID}, {"X-B3-Sampled", "1"}, {"x-b3-parentspanid", "b7ad6b7169203331"}};
    CHECK_EQ_INT(otel_propagation_extract(m, 4, &ex), OTEL_OK);
    CHECK_EQ_INT(ex.ctx.span.flags, 1);
    m[2].value = "0";
    CHECK_EQ_INT(otel_propagation_extract(m, 4, &ex), OTEL_OK);
    CHECK_EQ_INT(ex.ctx.span.flags, 0);
    m[2].value = "yes";
    CHECK_EQ_INT(otel_propagation_extract(m, 4, &ex), OTEL_ERR_INVALID);
    m[2].name = "X-B3-Flags"; m[2].value = "1";
    CHECK_EQ_INT(otel_propagation_extract(m, 4, &ex), OTEL_OK);
    CHECK_EQ_INT(ex.ctx.span.flags, 1);
    m[0].value = "zz";
    CHECK_EQ_INT(otel_propagation_extract(m, 4, &ex), OTEL_ERR_INVALID);
    /* the single header first */
    otel_header both[3] = {{"b3", "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0"}, {"x-b3-traceid", TID}, {"x-b3-spanid", SID}};
    CHECK_EQ_INT(otel_propagation_extract(both, 3, &ex), OTEL_OK);
    CHECK_EQ_INT(ex.ctx.span.trace_id[0], 0x0a);
    otel_propagators_set("tracecontext,baggage");
}

/* the composite: tracestate lines joined into the extracted storage, a bad
   baggage member dropped while the traceparent stays; a user propagator */
static int my_extract(void *u, const otel_header *h, size_t n, otel_extracted *o) {
    (void)u;
    for (size_t i = 0; i < n; i++)
        if (strcmp(h[i].name, "x-mine") == 0) otel_baggage_set(&o->baggage, "mine", h[i].value, NULL), o->ctx.baggage = &o->baggage;
    return OTEL_OK;
}
static int my_inject(void *u, const otel_context *c, otel_header *out, size_t cap, char *buf, size_t bufsz) {
    (void)u;
    const char *v = c->baggage ? otel_baggage_get(c->baggage, "mine") : NULL;
    if (!v || !cap || bufsz < strlen(v) + 1) return 0;
    strcpy(buf, v);
    out[0].name = "x-mine"; out[0].value = buf;
    return 1;
}
static size_t my_fields(void *u, const char **out, size_t cap) {
    (void)u;
    if (cap) out[0] = "x-mine";
    return cap ? 1 : 0;
}
TEST(composite_and_user_propagator) {
    char l1[64], l2[64];
    strcpy(l1, "a=1");
    strcpy(l2, "b=2");
    otel_header h[5] = {{"traceparent", TP}, {"tracestate", l1}, {"baggage", "k1=v1,bad key=x"},
                        {"tracestate", l2}, {"baggage", "k2=v2;meta"}};
    CHECK_EQ_INT(otel_propagation_extract(h, 5, &ex), OTEL_OK);
    memset(l1, 0, sizeof l1);   /* (the context owns its copy) */
    CHECK_EQ_INT(ex.ctx.span.tracestate_len, 7);
    CHECK(memcmp(ex.ctx.span.tracestate, "a=1,b=2", 7) == 0);
    CHECK(ex.ctx.baggage == &ex.baggage);
    CHECK_EQ_INT(otel_baggage_count(ex.ctx.baggage), 2);
    CHECK_STR(entry_meta(ex.ctx.baggage, "k2"), "meta");
    static const otel_propagator mine = {"mine", my_extract, my_inject, my_fields, NULL};
    CHECK_EQ_INT(otel_propagator_add(&mine), OTEL_OK);
    otel_header h2[2] = {{"traceparent", TP}, {"x-mine", "hello"}};
    CHECK_EQ_INT(otel_propagation_extract(h2, 2, &ex), OTEL_OK);
    CHECK_STR(otel_baggage_get(ex.ctx.baggage, "mine"), "hello");
    otel_header out[8];
    char buf[512];
    const char *v, *f[8];
    int n = otel_propagation_inject(&ex.ctx, out, 8, buf, sizeof buf);
    CHECK_EQ_INT(n, 3);
    CHECK(find_hdr(out, n, "x-mine", &v) && strcmp(v, "hello") == 0);
    CHECK(find_hdr(out, n, "baggage", &v) && strcmp(v, "mine=hello") == 0);
    CHECK_EQ_INT(otel_propagation_fields(f, 8), 4);
    CHECK_STR(f[3], "x-mine");
}

/* the environment carrier carries the whole context; BAGGAGE at init is
   the process's baggage; otel_exec_run hands it to a child, which sees it
   as its own and sends it on */
static int child_main(void) {
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.processor = &tu_null_processor;
    if (otel_init(&cfg) != OTEL_OK) return 2;
    otel_header out[8];
    char buf[1024];
    int n = otel_propagation_inject(NULL, out, 8, buf, sizeof buf);
    for (int i = 0; i < n; i++) printf("%s: %s\n", out[i].name, out[i].value);
    fflush(stdout);
    otel_shutdown(100);
    return 0;
}
static const char *self_path;
TEST(env_carrier_and_child) {
    tu_init();
    otel_baggage_clear(&bag);
    otel_baggage_set(&bag, "from.parent", "yes please", "p=1");
    otel_context c;
    memset(&c, 0, sizeof c);
    otel_traceparent_parse(TP, (size_t)-1, &c.span);
    c.baggage = &bag;
    otel_context_token tok = otel_context_attach(&c);
    char *envp[] = {"PATH=/bin", "BAGGAGE=stale=1", NULL};
    char *out[8];
    char buf[512];
    int n = otel_context_inject_env(&c.span, envp, out, 8, buf, sizeof buf);
    CHECK_EQ_INT(n, 3);
    CHECK_STR(out[2], "BAGGAGE=from.parent=yes%20please;p=1");
    CHECK_EQ_INT(otel_env_extract_context(out, &ex), OTEL_OK);
    CHECK_STR(otel_baggage_get(ex.ctx.baggage, "from.parent"), "yes please");
    /* a child through otel_exec_run, its output through a pipe */
    int fd[2];
    CHECK_EQ_INT(pipe(fd), 0);
    int saved = dup(1);
    dup2(fd[1], 1);
    close(fd[1]);
    const char *argv[] = {self_path, "--child", NULL};
    otel_exec_result r;
    int rc = otel_exec_run(argv, NULL, &r);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    char got[2048];
    ssize_t k = read(fd[0], got, sizeof got - 1);
    close(fd[0]);
    got[k > 0 ? k : 0] = 0;
    otel_context_detach(tok);
    CHECK_EQ_INT(rc, OTEL_OK);
    CHECK_EQ_INT(r.exit_code, 0);
    CHECK(strstr(got, "baggage: from.parent=yes%20please;p=1\n") != NULL);
    CHECK(strstr(got, "traceparent: 00-" TID "-") != NULL);
    if (!strstr(got, "baggage: from.parent")) printf("  child printed: %s\n", got);
    tu_drain();
    tu_shutdown();
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--child") == 0) return child_main();
    self_path = argv[0];
    RUN(baggage_api);
    RUN(baggage_parse);
    RUN(baggage_limits);
    RUN(context_attach_detach);
    RUN(context_values);
    RUN(context_thread_handoff);
    RUN(baggage_span_processor);
    RUN(propagators_config);
    RUN(b3_extract);
    RUN(composite_and_user_propagator);
    RUN(env_carrier_and_child);
    return test_summary("propagation");
}
