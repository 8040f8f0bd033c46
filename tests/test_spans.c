/* Spans: parents, kinds, attributes of every type, events, links, status,
   errors, explicit times, scopes, string lifetimes, and span/trace ids. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <pthread.h>

TEST(child_root_and_current) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    CHECK(otel_current_span() == NULL);
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_SERVER);
    CHECK(root != NULL);
    CHECK(otel_span_is_recording(root));
    CHECK(otel_current_span() == root);
    otel_span *child = otel_span_begin("child", OTEL_SPAN_KIND_INTERNAL);
    CHECK(otel_current_span() == child);
    otel_span *grand = otel_span_begin("grandchild", OTEL_SPAN_KIND_CLIENT);
    otel_span_end(grand);
    CHECK(otel_current_span() == child);
    otel_span_end(child);
    CHECK(otel_current_span() == root);
    otel_span *sibling = otel_span_begin("sibling", OTEL_SPAN_KIND_PRODUCER);
    otel_span_end(sibling);
    /* explicit NULL parent: a new root even with a current span */
    otel_span *other = otel_span_begin_with_parent("other root", OTEL_SPAN_KIND_CONSUMER, NULL);
    otel_span_end(other);
    otel_span_end(root);
    CHECK(otel_current_span() == NULL);
    CHECK_EQ_INT(tu_collect(), 5);
    otel_span_data *r = tu_find("root"), *c = tu_find("child"), *g = tu_find("grandchild"),
                   *s = tu_find("sibling"), *o = tu_find("other root");
    CHECK(r && c && g && s && o);
    if (!(r && c && g && s && o)) { tu_shutdown(); return; }
    otel_span_info ri = tu_info(r), ci = tu_info(c), gi = tu_info(g), si = tu_info(s), oi = tu_info(o);
    CHECK_EQ_INT(ri.has_parent, 0);
    CHECK(ci.has_parent && memcmp(ci.parent_span_id, ri.context.span_id, 8) == 0);
    CHECK(gi.has_parent && memcmp(gi.parent_span_id, ci.context.span_id, 8) == 0);
    CHECK(si.has_parent && memcmp(si.parent_span_id, ri.context.span_id, 8) == 0);
    CHECK_EQ_INT(oi.has_parent, 0);
    CHECK_EQ_INT(ci.parent_remote, 0);
    CHECK(memcmp(ri.context.trace_id, ci.context.trace_id, 16) == 0);
    CHECK(memcmp(ri.context.trace_id, gi.context.trace_id, 16) == 0);
    CHECK(memcmp(ri.context.trace_id, si.context.trace_id, 16) == 0);
    CHECK(memcmp(ri.context.trace_id, oi.context.trace_id, 16) != 0);
    CHECK_EQ_INT(ri.kind, OTEL_SPAN_KIND_SERVER);
    CHECK_EQ_INT(ci.kind, OTEL_SPAN_KIND_INTERNAL);
    CHECK_EQ_INT(gi.kind, OTEL_SPAN_KIND_CLIENT);
    CHECK_EQ_INT(si.kind, OTEL_SPAN_KIND_PRODUCER);
    CHECK_EQ_INT(oi.kind, OTEL_SPAN_KIND_CONSUMER);
    CHECK(ri.start_ns > 0 && ri.end_ns >= ri.start_ns);
    CHECK(ci.start_ns >= ri.start_ns && ci.end_ns <= ri.end_ns);
    CHECK_EQ_INT(ri.context.flags & 1, 1);
    tu_shutdown();
}

/* explicit parent from another thread */
static otel_span_context thread_parent;
static otel_span_context thread_child_ctx;
static int thread_child_had_current;
static void *thread_child(void *arg) {
    (void)arg;
    thread_child_had_current = otel_current_span() != NULL;
    otel_span *s = otel_span_begin_with_parent("worker", OTEL_SPAN_KIND_INTERNAL, &thread_parent);
    thread_child_ctx = otel_span_get_context(s);
    otel_span *inner = otel_span_begin("worker inner", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end(inner);
    otel_span_end(s);
    return NULL;
}

TEST(explicit_parent_other_thread) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span *main_span = otel_span_begin("main", OTEL_SPAN_KIND_SERVER);
    thread_parent = otel_span_get_context(main_span);
    pthread_t th;
    CHECK_EQ_INT(pthread_create(&th, NULL, thread_child, NULL), 0);
    pthread_join(th, NULL);
    otel_span_end(main_span);
    CHECK_EQ_INT(thread_child_had_current, 0);
    CHECK_EQ_INT(tu_collect(), 3);
    otel_span_data *m = tu_find("main"), *w = tu_find("worker"), *wi = tu_find("worker inner");
    CHECK(m && w && wi);
    if (m && w && wi) {
        otel_span_info mi = tu_info(m), win = tu_info(w), wii = tu_info(wi);
        CHECK(memcmp(win.context.trace_id, mi.context.trace_id, 16) == 0);
        CHECK(win.has_parent && memcmp(win.parent_span_id, mi.context.span_id, 8) == 0);
        CHECK_EQ_INT(win.parent_remote, 0);
        CHECK(memcmp(win.context.span_id, thread_child_ctx.span_id, 8) == 0);
        CHECK(wii.has_parent && memcmp(wii.parent_span_id, win.context.span_id, 8) == 0);
        CHECK(memcmp(wii.context.trace_id, mi.context.trace_id, 16) == 0);
    }
    /* a remote parent */
    otel_span_context remote;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "a=b", &remote), OTEL_OK);
    otel_span *s = otel_span_begin_with_parent("from remote", OTEL_SPAN_KIND_SERVER, &remote);
    otel_span_context sc = otel_span_get_context(s);
    CHECK_EQ_INT(sc.remote, 0);
    CHECK_EQ_INT(sc.tracestate_len, 3);
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_info in = tu_info(tu_spans[0]);
    CHECK_EQ_INT(in.has_parent, 1);
    CHECK_EQ_INT(in.parent_remote, 1);
    CHECK(memcmp(in.context.trace_id, remote.trace_id, 16) == 0);
    CHECK(memcmp(in.parent_span_id, remote.span_id, 8) == 0);
    CHECK(in.context.tracestate_len == 3 && memcmp(in.context.tracestate, "a=b", 3) == 0);
    tu_shutdown();
}

TEST(attribute_types) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span *s = otel_span_begin("attrs", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "s", "hello");
    otel_span_set_strn(s, "sn", "hello world", 5);
    otel_span_set_int(s, "i", -1234567890123ll);
    otel_span_set_double(s, "d", 2.5);
    otel_span_set_bool(s, "b", 1);
    otel_span_set_bool(s, "f", 0);
    const char *arr[] = {"x", "", "zz"};
    otel_span_set_str_array(s, "arr", arr, 3);
    otel_attr many[3] = {OTEL_ATTR_STR("m.s", "v"), OTEL_ATTR_INT("m.i", 7), OTEL_ATTR_DOUBLE("m.d", -0.5)};
    otel_span_set_attrs(s, many, 3);
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = tu_spans[0];
    otel_span_info in = tu_info(d);
    CHECK_EQ_INT(in.attribute_count, 10);
    CHECK_EQ_INT(in.dropped_attributes, 0);
    otel_attr a;
    CHECK_STR(tu_str(d, "s"), "hello");
    CHECK_STR(tu_str(d, "sn"), "hello");
    CHECK(tu_attr(d, "i", &a) && a.type == OTEL_TYPE_INT && a.v.i == -1234567890123ll);
    CHECK(tu_attr(d, "d", &a) && a.type == OTEL_TYPE_DOUBLE && a.v.d == 2.5);
    CHECK(tu_attr(d, "b", &a) && a.type == OTEL_TYPE_BOOL && a.v.b == 1);
    CHECK(tu_attr(d, "f", &a) && a.type == OTEL_TYPE_BOOL && a.v.b == 0);
    CHECK(tu_attr(d, "m.i", &a) && a.type == OTEL_TYPE_INT && a.v.i == 7);
    CHECK(tu_attr(d, "m.d", &a) && a.type == OTEL_TYPE_DOUBLE && a.v.d == -0.5);
    CHECK_STR(tu_str(d, "m.s"), "v");
    CHECK(tu_attr(d, "arr", &a) && a.type == OTEL_TYPE_STRING_ARRAY);
    if (a.type == OTEL_TYPE_STRING_ARRAY) {
        CHECK_EQ_INT(a.v.strs.count, 3);
        const char *p = a.v.strs.packed;
        uint32_t n;
        memcpy(&n, p, 4); CHECK_EQ_INT(n, 1); CHECK(memcmp(p + 4, "x", 2) == 0); p += 4 + n + 1;
        memcpy(&n, p, 4); CHECK_EQ_INT(n, 0); CHECK(p[4] == 0); p += 4 + n + 1;
        memcpy(&n, p, 4); CHECK_EQ_INT(n, 2); CHECK(memcmp(p + 4, "zz", 3) == 0);
    }
    /* in order of setting */
    const char *order[] = {"s", "sn", "i", "d", "b", "f", "arr", "m.s", "m.i", "m.d"};
    otel_iter it = {NULL, 0};
    otel_item item;
    int k = 0;
    while (otel_span_data_next(d, &it, &item))
        if (item.type == OTEL_ITEM_ATTR) { if (k < 10) CHECK_STR(item.attr.key, order[k]); k++; }
    CHECK_EQ_INT(k, 10);
    tu_shutdown();
}

TEST(set_key_twice_replaces) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span *s = otel_span_begin("twice", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "k", "first");
    otel_span_set_int(s, "n", 1);
    char key2[] = "k";            /* same key, another pointer */
    otel_span_set_str(s, key2, "second");
    otel_span_set_int(s, "n", 2);
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_info in = tu_info(tu_spans[0]);
    CHECK_EQ_INT(in.attribute_count, 2);
    CHECK_STR(tu_str(tu_spans[0], "k"), "second");
    otel_attr a;
    CHECK(tu_attr(tu_spans[0], "n", &a) && a.v.i == 2);
    int seen = 0;
    otel_iter it = {NULL, 0};
    otel_item item;
    while (otel_span_data_next(tu_spans[0], &it, &item)) if (item.type == OTEL_ITEM_ATTR) seen++;
    CHECK_EQ_INT(seen, 2);
    tu_shutdown();
}

/* A replaced key does not use up the count limit: limit 2, "a" set twice,
   then "b" must still be recorded. */
TEST(set_key_twice_at_limit) {
    otel_config c;
    tu_config(&c);
    c.span_attribute_count_limit = 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span *s = otel_span_begin("limit", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_int(s, "a", 1);
    otel_span_set_int(s, "a", 2);
    otel_span_set_int(s, "b", 3);
    otel_span_set_int(s, "a", 4);    /* replacing at the limit is accepted */
    otel_span_set_int(s, "c", 5);    /* dropped */
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_info in = tu_info(tu_spans[0]);
    otel_attr a;
    CHECK_EQ_INT(in.attribute_count, 2);
    CHECK(tu_attr(tu_spans[0], "a", &a) && a.v.i == 4);
    CHECK(tu_attr(tu_spans[0], "b", &a) && a.v.i == 3);
    CHECK(!tu_attr(tu_spans[0], "c", &a));
    CHECK_EQ_INT(in.dropped_attributes, 1);
    tu_shutdown();
}

TEST(events_links) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span *other = otel_span_begin("other", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context oc = otel_span_get_context(other);
    otel_span_end(other);
    otel_span *s = otel_span_begin("ev", OTEL_SPAN_KIND_INTERNAL);
    otel_attr ea[2] = {OTEL_ATTR_STR("e.s", "val"), OTEL_ATTR_INT("e.i", 3)};
    otel_span_add_event_at(s, "explicit", 1700000000123456789ull, ea, 2);
    otel_span_add_event(s, "plain", NULL, 0);
    otel_span_context remote;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=xyz", &remote), OTEL_OK);
    otel_attr la[1] = {OTEL_ATTR_BOOL("l.b", 1)};
    otel_span_add_link(s, &remote, la, 1);
    otel_span_add_link(s, &oc, NULL, 0);
    otel_span_context bad;
    memset(&bad, 0, sizeof bad);
    otel_span_add_link(s, &bad, NULL, 0);     /* invalid: ignored */
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 2);
    otel_span_data *d = tu_find("ev");
    CHECK(d != NULL);
    if (!d) { tu_shutdown(); return; }
    otel_span_info in = tu_info(d);
    CHECK_EQ_INT(in.event_count, 2);
    CHECK_EQ_INT(in.link_count, 2);
    otel_item e;
    CHECK(tu_nth_item(d, OTEL_ITEM_EVENT, 0, &e));
    CHECK_STR(e.event_name, "explicit");
    CHECK(e.event_ns == 1700000000123456789ull);
    CHECK_EQ_INT(e.attribute_count, 2);
    CHECK(tu_nth_item(d, OTEL_ITEM_EVENT, 1, &e));
    CHECK_STR(e.event_name, "plain");
    CHECK(e.event_ns >= in.start_ns && e.event_ns <= in.end_ns);
    CHECK_EQ_INT(e.attribute_count, 0);
    CHECK_STR(tu_event_str(d, "e.s"), "val");
    otel_attr a;
    CHECK(tu_item_attr(d, OTEL_ITEM_EVENT_ATTR, "e.i", &a) && a.v.i == 3);
    otel_item l;
    CHECK(tu_nth_item(d, OTEL_ITEM_LINK, 0, &l));
    CHECK(memcmp(l.link.trace_id, remote.trace_id, 16) == 0 && memcmp(l.link.span_id, remote.span_id, 8) == 0);
    CHECK_EQ_INT(l.link.flags & 1, 1);
    CHECK(l.link.tracestate_len == 10 && memcmp(l.link.tracestate, "vendor=xyz", 10) == 0);
    CHECK_EQ_INT(l.attribute_count, 1);
    CHECK(tu_item_attr(d, OTEL_ITEM_LINK_ATTR, "l.b", &a) && a.type == OTEL_TYPE_BOOL && a.v.b == 1);
    CHECK(tu_nth_item(d, OTEL_ITEM_LINK, 1, &l));
    CHECK(memcmp(l.link.span_id, oc.span_id, 8) == 0);
    CHECK(l.link.tracestate == NULL || l.link.tracestate_len == 0);
    /* begin_ex with links, attributes and a start time */
    otel_span_args args;
    memset(&args, 0, sizeof args);
    args.name = "ex"; args.kind = OTEL_SPAN_KIND_CLIENT;
    args.links = &remote; args.link_count = 1;
    otel_attr xa[1] = {OTEL_ATTR_INT("x", 9)};
    args.attrs = xa; args.attr_count = 1;
    args.start_ns = 1000000000ull;
    otel_span *x = otel_span_begin_ex(&args);
    otel_span_end_at(x, 3000000000ull);
    CHECK_EQ_INT(tu_collect(), 1);
    in = tu_info(tu_spans[0]);
    CHECK_EQ_INT(in.link_count, 1);
    CHECK_EQ_INT(in.attribute_count, 1);
    CHECK(in.start_ns == 1000000000ull && in.end_ns == 3000000000ull);
    CHECK_EQ_INT(in.kind, OTEL_SPAN_KIND_CLIENT);
    tu_shutdown();
}

TEST(status_rules) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span *a = otel_span_begin("unset", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end(a);
    otel_span *b = otel_span_begin("ok", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_status(b, OTEL_STATUS_OK, "ignored description");
    otel_span_set_status(b, OTEL_STATUS_ERROR, "too late");      /* Ok is final */
    otel_span_end(b);
    otel_span *c = otel_span_begin("error", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_status(c, OTEL_STATUS_ERROR, "disk full");
    otel_span_set_status(c, OTEL_STATUS_UNSET, NULL);             /* ignored */
    otel_span_end(c);
    otel_span *d = otel_span_begin("error then ok", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_status(d, OTEL_STATUS_ERROR, "x");
    otel_span_set_status(d, OTEL_STATUS_OK, NULL);
    otel_span_end(d);
    CHECK_EQ_INT(tu_collect(), 4);
    otel_span_info in;
    in = tu_info(tu_find("unset"));
    CHECK_EQ_INT(in.status, OTEL_STATUS_UNSET);
    CHECK_EQ_INT(in.status_len, 0);
    in = tu_info(tu_find("ok"));
    CHECK_EQ_INT(in.status, OTEL_STATUS_OK);
    CHECK_EQ_INT(in.status_len, 0);
    in = tu_info(tu_find("error"));
    CHECK_EQ_INT(in.status, OTEL_STATUS_ERROR);
    CHECK(in.status_len == 9 && memcmp(in.status_message, "disk full", 9) == 0);
    in = tu_info(tu_find("error then ok"));
    CHECK_EQ_INT(in.status, OTEL_STATUS_OK);
    CHECK_EQ_INT(in.status_len, 0);
    tu_shutdown();
}

/* A span's header leaves its status message and tracestate unwritten
   unless it gets them: a span without them, in a block that last held one
   with them, still reads none. A small arena, so blocks come round fast. */
static unsigned char reuse_arena[16 * OTEL_BLOCK_SIZE] __attribute__((aligned(64)));
TEST(reused_block_reads_no_stale_status_tracestate_or_parent) {
    otel_config c;
    tu_config(&c);
    c.arena = reuse_arena;
    c.arena_size = sizeof reuse_arena;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span_context remote;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "k=v", &remote), OTEL_OK);
    int stale = 0, seen = 0;
    for (int i = 0; i < 200; i++) {
        otel_span *with = otel_span_begin_with_parent("with", OTEL_SPAN_KIND_SERVER, &remote);
        otel_span_set_status(with, OTEL_STATUS_ERROR, "a message that must not leak");
        otel_span_end(with);
        otel_span_end(otel_span_begin("without", OTEL_SPAN_KIND_INTERNAL));
        size_t n = tu_collect();
        for (size_t k = 0; k < n; k++) {
            otel_span_info in = tu_info(tu_spans[k]);
            if (in.name_len == 7 && memcmp(in.name, "without", 7) == 0) {
                seen++;
                static const uint8_t none[8];
                stale += in.status_message != NULL || in.status_len != 0 || in.context.tracestate != NULL ||
                         in.context.tracestate_len != 0 || in.has_parent || memcmp(in.parent_span_id, none, 8) != 0;
            } else {
                stale += in.status_len != 28 || in.context.tracestate_len != 3 || !in.has_parent ||
                         memcmp(in.parent_span_id, remote.span_id, 8) != 0;
            }
        }
        tu_release();
    }
    CHECK_EQ_INT(seen, 200);
    CHECK_EQ_INT(stale, 0);
    tu_shutdown();
}

TEST(record_error) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span *s = otel_span_begin("fails", OTEL_SPAN_KIND_INTERNAL);
    otel_span_record_error(s, "io_error", "no such file");
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = tu_spans[0];
    otel_span_info in = tu_info(d);
    CHECK_EQ_INT(in.status, OTEL_STATUS_ERROR);
    CHECK(in.status_len == 12 && memcmp(in.status_message, "no such file", 12) == 0);
    CHECK_EQ_INT(in.event_count, 1);
    otel_item e;
    CHECK(tu_nth_item(d, OTEL_ITEM_EVENT, 0, &e));
    CHECK_STR(e.event_name, "exception");
    CHECK_EQ_INT(e.attribute_count, 2);
    CHECK_STR(tu_event_str(d, "exception.type"), "io_error");
    CHECK_STR(tu_event_str(d, "exception.message"), "no such file");
    tu_shutdown();
}

/* int, double and bool arrays: stored whole, read back as given, bools as
   0/1; one larger than a block is dropped and counted, never cut */
TEST(numeric_arrays) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    static const int64_t ints[] = {INT64_MIN, -1, 0, INT64_MAX};
    static const double dbls[] = {0.5, -1e300, 3.25};
    static const int bools[] = {7, 0, -1};
    enum { FIT = OTEL__MAX_STR / 8 };
    static int64_t big[FIT + 1];
    for (int i = 0; i <= FIT; i++) big[i] = i * 3;
    otel_stats before, after;
    otel_stats_get(&before);
    otel_span *s = otel_span_begin("arrays", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_int_array(s, "i", ints, 4);
    otel_span_set_double_array(s, "d", dbls, 3);
    otel_span_set_bool_array(s, "b", bools, 3);
    otel_span_set_int_array(s, "empty", ints, 0);
    otel_span_set_double_array(s, "null", NULL, 5);
    otel_attr nulls[2] = {OTEL_ATTR_STR_ARRAY("null.strs", NULL, 3), OTEL_ATTR_BOOL_ARRAY("null.bools", NULL, 3)};
    otel_span_set_attrs(s, nulls, 2);   /* NULL values: empty arrays, no crash */
    otel_span_set_int_array(s, "fits", big, FIT);
    otel_span_set_int_array(s, "too.big", big, FIT + 1);
    otel_attr ev[1] = {OTEL_ATTR_BOOL_ARRAY("ev.b", bools, 2)};
    otel_span_add_event(s, "evt", ev, 1);
    otel_span_end(s);
    otel_stats_get(&after);
    CHECK_EQ_INT(after.attributes_dropped - before.attributes_dropped, 1);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = tu_spans[0];
    otel_span_info in = tu_info(d);
    CHECK_EQ_INT(in.attribute_count, 8);
    CHECK_EQ_INT(in.dropped_attributes, 1);
    otel_attr a;
    CHECK(tu_attr(d, "null.strs", &a) && a.type == OTEL_TYPE_STRING_ARRAY && a.v.strs.count == 0);
    CHECK(tu_attr(d, "null.bools", &a) && a.type == OTEL_TYPE_BOOL_ARRAY && a.v.bools.count == 0);
    CHECK(!tu_attr(d, "too.big", &a));
    CHECK(tu_attr(d, "i", &a) && a.type == OTEL_TYPE_INT_ARRAY && a.v.ints.count == 4);
    if (a.type == OTEL_TYPE_INT_ARRAY && a.v.ints.count == 4) CHECK(memcmp(a.v.ints.items, ints, sizeof ints) == 0);
    CHECK(tu_attr(d, "d", &a) && a.type == OTEL_TYPE_DOUBLE_ARRAY && a.v.doubles.count == 3);
    if (a.type == OTEL_TYPE_DOUBLE_ARRAY && a.v.doubles.count == 3)
        CHECK(a.v.doubles.items[0] == 0.5 && a.v.doubles.items[1] == -1e300 && a.v.doubles.items[2] == 3.25);
    CHECK(tu_attr(d, "b", &a) && a.type == OTEL_TYPE_BOOL_ARRAY && a.v.bools.count == 3);
    if (a.type == OTEL_TYPE_BOOL_ARRAY && a.v.bools.count == 3)
        CHECK(a.v.bools.items[0] == 1 && a.v.bools.items[1] == 0 && a.v.bools.items[2] == 1);
    CHECK(tu_attr(d, "empty", &a) && a.type == OTEL_TYPE_INT_ARRAY && a.v.ints.count == 0);
    CHECK(tu_attr(d, "null", &a) && a.type == OTEL_TYPE_DOUBLE_ARRAY && a.v.doubles.count == 0);
    CHECK(tu_attr(d, "fits", &a) && a.type == OTEL_TYPE_INT_ARRAY && a.v.ints.count == FIT);
    if (a.type == OTEL_TYPE_INT_ARRAY && a.v.ints.count == FIT)
        CHECK(memcmp(a.v.ints.items, big, FIT * sizeof big[0]) == 0);
    otel_item e;
    CHECK(tu_nth_item(d, OTEL_ITEM_EVENT_ATTR, 0, &e) && e.attr.type == OTEL_TYPE_BOOL_ARRAY && e.attr.v.bools.count == 2);
    if (e.attr.type == OTEL_TYPE_BOOL_ARRAY && e.attr.v.bools.count == 2) CHECK(e.attr.v.bools.items[0] == 1 && e.attr.v.bools.items[1] == 0);
    tu_shutdown();
}

static int redact_arrays(void *user, const otel_attr *a) {
    (void)user;
    return strcmp(a->key, "secret") == 0 ? OTEL_FILTER_REDACT : OTEL_FILTER_KEEP;
}
/* a filter's REDACT makes a number array "[REDACTED]", as for a number */
TEST(numeric_array_filter) {
    otel_config c;
    tu_config(&c);
    c.filter = redact_arrays;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    static const int64_t ints[] = {1, 2};
    otel_span *s = otel_span_begin("arrays", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_int_array(s, "secret", ints, 2);
    otel_span_set_int_array(s, "open", ints, 2);
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_attr a;
    CHECK_STR(tu_str(tu_spans[0], "secret"), "[REDACTED]");
    CHECK(tu_attr(tu_spans[0], "open", &a) && a.type == OTEL_TYPE_INT_ARRAY && a.v.ints.count == 2);
    tu_shutdown();
}

TEST(record_exception) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span *s = otel_span_begin("fails", OTEL_SPAN_KIND_INTERNAL);
    otel_attr extra[1] = {OTEL_ATTR_BOOL("exception.escaped", 1)};
    otel_span_record_exception(s, "ValueError", "bad", "f at a.c:1\ng at a.c:2", extra, 1);
    otel_span *n = otel_span_begin("no stack", OTEL_SPAN_KIND_INTERNAL);
    otel_span_record_exception(n, "E", NULL, NULL, NULL, 3);
    otel_span_end(n);
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 2);
    otel_span_data *d = tu_find("fails");
    CHECK(d != NULL);
    if (!d) { tu_shutdown(); return; }
    otel_span_info in = tu_info(d);
    CHECK_EQ_INT(in.status, OTEL_STATUS_ERROR);
    CHECK(in.status_len == 3 && memcmp(in.status_message, "bad", 3) == 0);
    otel_item e;
    CHECK(tu_nth_item(d, OTEL_ITEM_EVENT, 0, &e));
    CHECK_STR(e.event_name, "exception");
    CHECK_EQ_INT(e.attribute_count, 4);
    CHECK_STR(tu_event_str(d, "exception.type"), "ValueError");
    CHECK_STR(tu_event_str(d, "exception.message"), "bad");
    CHECK_STR(tu_event_str(d, "exception.stacktrace"), "f at a.c:1\ng at a.c:2");
    CHECK(tu_nth_item(d, OTEL_ITEM_EVENT_ATTR, 3, &e) && strcmp(e.attr.key, "exception.escaped") == 0 && e.attr.v.b == 1);
    otel_span_data *m = tu_find("no stack");
    CHECK(m && tu_nth_item(m, OTEL_ITEM_EVENT, 0, &e) && e.attribute_count == 1);
    if (m) { in = tu_info(m); CHECK(in.status == OTEL_STATUS_ERROR && in.status_len == 1); }
    tu_shutdown();
}

TEST(end_explicit_time_and_scope) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span *s = otel_span_begin("timed", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end_at(s, 4102444800000000000ull);
    otel_span_end(s);                  /* second end: ignored */
    {
        OTEL_SPAN_SCOPE("scoped");
        CHECK(otel_current_span() != NULL);
        otel_span_set_int(otel_current_span(), "inside", 1);
    }
    CHECK(otel_current_span() == NULL);
    {
        OTEL_SPAN_SCOPE_VAR(sv, "scoped var");
        otel_span_set_int(sv, "v", 2);
        {
            OTEL_SPAN_SCOPE("nested scope");
        }
    }
    CHECK(otel_current_span() == NULL);
    CHECK_EQ_INT(tu_collect(), 4);
    otel_span_info in = tu_info(tu_find("timed"));
    CHECK(in.end_ns == 4102444800000000000ull);
    otel_span_data *sc = tu_find("scoped");
    CHECK(sc != NULL);
    if (sc) {
        in = tu_info(sc);
        otel_attr a;
        CHECK(tu_attr(sc, "inside", &a) && a.v.i == 1);
        CHECK(in.location != NULL && in.location->line > 0);
        CHECK(in.end_ns >= in.start_ns);
    }
    otel_span_data *sv = tu_find("scoped var"), *ns = tu_find("nested scope");
    CHECK(sv && ns);
    if (sv && ns) {
        otel_span_info a = tu_info(sv), b = tu_info(ns);
        CHECK(b.has_parent && memcmp(b.parent_span_id, a.context.span_id, 8) == 0);
    }
    tu_shutdown();
}

TEST(string_lifetimes) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    static const char name[] = "static name";
    static const char key[] = "the.key";
    char value[32];
    strcpy(value, "original");
    otel_span *s = otel_span_begin(name, OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, key, value);
    strcpy(value, "MUTATED!");
    char status[32];
    strcpy(status, "bad thing");
    otel_span_set_status(s, OTEL_STATUS_ERROR, status);
    strcpy(status, "XXXXXXXXX");
    otel_span_end(s);
    char newname[32];
    strcpy(newname, "renamed");
    otel_span *t = otel_span_begin("before", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_name(t, newname);
    strcpy(newname, "CLOBBER");
    otel_span_end(t);
    CHECK_EQ_INT(tu_collect(), 2);
    otel_span_data *d = tu_find("static name");
    CHECK(d != NULL);
    if (d) {
        otel_span_info in = tu_info(d);
        CHECK(in.name == name);                 /* not copied */
        CHECK_STR(tu_str(d, "the.key"), "original");
        otel_attr a;
        CHECK(tu_attr(d, "the.key", &a) && a.key == key);
        CHECK(in.status_len == 9 && memcmp(in.status_message, "bad thing", 9) == 0);
    }
    otel_span_data *r = tu_find("renamed");
    CHECK(r != NULL);
    if (r) {
        otel_span_info in = tu_info(r);
        CHECK(in.name != newname);              /* copied */
    }
    tu_shutdown();
}

TEST(noop_handles) {
    /* NULL handles and handles after end are safe */
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span_set_str(NULL, "k", "v");
    otel_span_set_int(NULL, "k", 1);
    otel_span_add_event(NULL, "e", NULL, 0);
    otel_span_set_status(NULL, OTEL_STATUS_ERROR, "x");
    otel_span_record_error(NULL, "t", "m");
    otel_span_end(NULL);
    CHECK(!otel_span_is_recording(NULL));
    otel_span_context c = otel_span_get_context(NULL);
    CHECK(!otel_span_context_is_valid(&c));
    otel_span *s = otel_span_begin("once", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end(s);
    otel_span_set_str(s, "after", "end");
    CHECK(!otel_span_is_recording(s));
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_EQ_INT(tu_info(tu_spans[0]).attribute_count, 0);
    tu_shutdown();
    CHECK(otel_span_begin("after shutdown", OTEL_SPAN_KIND_INTERNAL) == NULL);
}

/* string literals as values are referenced, not copied, and still redacted */
static int in_arena(const void *p) {
    const unsigned char *c = (const unsigned char *)p;
    return c >= otel__g.arena && c < otel__g.arena + (size_t)otel__g.nblocks * OTEL_BLOCK_SIZE;
}
/* A call site's key and value literals usually sit side by side in the
   read-only data: the literal cache must still spread such pairs over its
   entries (a plain xor of the two addresses put nearly all of them in one
   or two, where they evicted each other on every span). */
TEST(literal_cache_spreads_adjacent_pairs) {
    static const char *const pairs[16][2] = {
        {"k.a", "va"}, {"k.b", "vb"}, {"k.c", "vc"}, {"k.d", "vd"}, {"k.e", "ve"}, {"k.f", "vf"},
        {"k.g", "vg"}, {"k.h", "vh"}, {"k.i", "vi"}, {"k.j", "vj"}, {"k.k", "vk"}, {"k.l", "vl"},
        {"k.m", "vm"}, {"k.n", "vn"}, {"k.o", "vo"}, {"k.p", "vp"}};
    unsigned char used[64];
    memset(used, 0, sizeof used);
    int distinct = 0;
    for (int i = 0; i < 16; i++) {
        size_t e = (size_t)(otel__lit_slot(&otel__t, pairs[i][0], pairs[i][1]) - otel__t.lits);
        CHECK(e < 64);
        if (e < 64 && !used[e]) { used[e] = 1; distinct++; }
    }
    CHECK(distinct >= 8);   /* (16 random picks of 64: 14 distinct on average, fewer than 8 about never) */
}

TEST(literal_values) {
    otel_config c;
    tu_config(&c);
    c.attribute_value_length_limit = 12;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    char copy[64];
    for (int round = 0; round < 2; round++) {   /* the second time from the thread's cache */
        otel_span *s = otel_span_begin(round ? "lit2" : "lit1", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_str(s, "http.method", "GET");
        otel_span_set_str(s, "note", "Bearer abcdef");      /* a value pattern */
        otel_span_set_str(s, "user.password", "hunter2");   /* a deny-listed key */
        otel_span_set_str(s, "empty", NULL);
        otel_span_set_str(s, "long", "abcdefghijklmnopqrstuvwxyz");   /* over the length limit */
        strcpy(copy, "Bearer abcdef");
        otel_span_set_str(s, "note.copied", copy);
        otel_span_end(s);
    }
    CHECK_EQ_INT(tu_collect(), 2);
    for (int round = 0; round < 2; round++) {
        otel_span_data *d = tu_find(round ? "lit2" : "lit1");
        CHECK(d != NULL);
        if (!d) continue;
        otel_attr a;
        CHECK(tu_attr(d, "http.method", &a) && a.type == OTEL_TYPE_STRING && a.v.str.len == 3);
        CHECK_STR(tu_str(d, "http.method"), "GET");
        if (round) CHECK(!in_arena(a.v.str.ptr));            /* referenced (once the thread knows the key) */
        CHECK_STR(tu_str(d, "note"), tu_str(d, "note.copied"));   /* same as a copied value */
        CHECK(strstr(tu_str(d, "note"), "abcdef") == NULL);
        CHECK_STR(tu_str(d, "user.password"), "[REDACTED]");
        CHECK_STR(tu_str(d, "empty"), "");
        CHECK_STR(tu_str(d, "long"), "abcdefghijkl");
        CHECK(tu_attr(d, "long", &a) && in_arena(a.v.str.ptr));   /* cut: a copy */
        CHECK_EQ_INT(tu_info(d).attribute_count, 6);
    }
    tu_shutdown();
    /* with redaction off a literal is kept as it is */
    tu_config(&c);
    c.redact_mode = OTEL_REDACT_OFF;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span *s = otel_span_begin("off", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "note", "Bearer abcdef");
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_STR(tu_str(tu_spans[0], "note"), "Bearer abcdef");
    tu_shutdown();
}

/* a handle of an earlier run of the SDK records nothing in the next one */
TEST(stale_handle_after_reinit) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span *old = otel_span_begin("old", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_int(old, "before", 1);
    tu_shutdown();
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span_set_int(old, "stale", 1);
    otel_span_set_str(old, "stale.text", "x");
    CHECK(!otel_span_is_recording(old));
    otel_span_end(old);
    /* (a handle is a frame of its thread's span stack: the next span here
       may take the same one) */
    otel_span *now = otel_span_begin("new", OTEL_SPAN_KIND_INTERNAL);
    CHECK(otel_span_is_recording(now));
    otel_span_set_int(now, "fresh", 3);
    otel_span_end(now);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = tu_find("new");
    CHECK(d != NULL);
    if (d) {
        CHECK_EQ_INT(tu_info(d).attribute_count, 1);
        CHECK_STR(tu_str(d, "stale"), "<missing>");
    }
    tu_shutdown();
}

/* Scalars and literals are stored at the call site through the span's write
   cursor: the count limit, block boundaries, and the other calls in between
   must all see them. */
static const char *const cursor_keys[] = {
    "k00", "k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08", "k09", "k10", "k11", "k12", "k13", "k14",
    "k15", "k16", "k17", "k18", "k19", "k20", "k21", "k22", "k23", "k24", "k25", "k26", "k27", "k28", "k29",
    "k30", "k31", "k32", "k33", "k34", "k35", "k36", "k37", "k38", "k39"};
static void *set_from_other_thread(void *arg) {
    otel_span *s = (otel_span *)arg;
    otel_span_set_int(s, "from.thread", 7);
    otel_span_set_str(s, "from.thread.text", "lit");
    return NULL;
}
TEST(inline_attributes_cursor) {
    otel_config c;
    tu_config(&c);
    c.span_attribute_count_limit = 20;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span *s = otel_span_begin("limited", OTEL_SPAN_KIND_INTERNAL);
    for (int i = 0; i < 30; i++) otel_span_set_int(s, cursor_keys[i], i);
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_info in = tu_info(tu_spans[0]);
    CHECK_EQ_INT(in.attribute_count, 20);
    CHECK_EQ_INT(in.dropped_attributes, 10);
    otel_attr a;
    for (int i = 0; i < 30; i++) {
        int found = tu_attr(tu_spans[0], cursor_keys[i], &a);
        CHECK_EQ_INT(found, i < 20);
        if (found) CHECK(a.type == OTEL_TYPE_INT && a.v.i == i);
    }
    tu_shutdown();

    /* 40 scalars and literals over several blocks, with copies, events and
       a name change in between, and two set from another thread */
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    s = otel_span_begin("long", OTEL_SPAN_KIND_INTERNAL);
    char copied[32];
    for (int i = 0; i < 40; i++) {
        if (i % 4 == 0) otel_span_set_double(s, cursor_keys[i], i + 0.5);
        else if (i % 4 == 1) otel_span_set_bool(s, cursor_keys[i], 1);
        else if (i % 4 == 2) otel_span_set_str(s, cursor_keys[i], "literal");
        else { snprintf(copied, sizeof copied, "copy %d", i); otel_span_set_str(s, cursor_keys[i], copied); }
        if (i % 10 == 9) otel_span_add_event(s, "tick", NULL, 0);
        if (i == 20) otel_span_set_name(s, "renamed");
    }
    pthread_t th;
    CHECK_EQ_INT(pthread_create(&th, NULL, set_from_other_thread, s), 0);
    pthread_join(th, NULL);
    otel_span_set_int(s, cursor_keys[0], -1);   /* replaces the first */
    otel_span_end(s);
    otel_span_set_int(s, "after.end", 1);       /* ended: nothing */
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = tu_find("renamed");
    CHECK(d != NULL);
    if (d) {
        in = tu_info(d);
        CHECK_EQ_INT(in.attribute_count, 42);
        CHECK_EQ_INT(in.event_count, 4);
        CHECK(tu_attr(d, cursor_keys[0], &a) && a.type == OTEL_TYPE_INT && a.v.i == -1);
        CHECK(tu_attr(d, cursor_keys[4], &a) && a.type == OTEL_TYPE_DOUBLE && a.v.d == 4.5);
        CHECK(tu_attr(d, cursor_keys[37], &a) && a.type == OTEL_TYPE_BOOL && a.v.b);
        CHECK_STR(tu_str(d, cursor_keys[38]), "literal");
        CHECK_STR(tu_str(d, cursor_keys[39]), "copy 39");
        CHECK(tu_attr(d, "from.thread", &a) && a.v.i == 7);
        CHECK_STR(tu_str(d, "from.thread.text"), "lit");
        CHECK(!tu_attr(d, "after.end", &a));
        /* in the order they were set, the first one last (replaced) */
        otel_iter it = {NULL, 0};
        otel_item item;
        int k = 0;
        while (otel_span_data_next(d, &it, &item)) {
            if (item.type != OTEL_ITEM_ATTR) continue;
            if (k < 39) CHECK_STR(item.attr.key, cursor_keys[k + 1]);
            k++;
        }
        CHECK_EQ_INT(k, 42);
    }
    tu_shutdown();
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

TEST(ids_unique) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    enum { N = 100000 };
    uint64_t *sids = (uint64_t *)malloc(N * sizeof(uint64_t));
    uint64_t *tids = (uint64_t *)malloc(N * sizeof(uint64_t) * 2);
    int zero = 0;
    for (int i = 0; i < N; i++) {
        otel_span *s = otel_span_begin("id", OTEL_SPAN_KIND_INTERNAL);
        otel_span_context c = otel_span_get_context(s);
        if (otel__all_zero(c.span_id, 8) || otel__all_zero(c.trace_id, 16)) zero++;
        memcpy(&sids[i], c.span_id, 8);
        memcpy(&tids[2 * i], c.trace_id, 16);
        otel_span_end(s);
        if ((i & 1023) == 1023) tu_drain();
    }
    CHECK_EQ_INT(zero, 0);
    qsort(sids, N, sizeof(uint64_t), cmp_u64);
    int dups = 0;
    for (int i = 1; i < N; i++) if (sids[i] == sids[i - 1]) dups++;
    CHECK_EQ_INT(dups, 0);
    /* trace ids: compare both halves */
    uint64_t *th = (uint64_t *)malloc(N * sizeof(uint64_t));
    for (int i = 0; i < N; i++) th[i] = tids[2 * i] ^ (tids[2 * i + 1] * 0x9e3779b97f4a7c15ull);
    qsort(th, N, sizeof(uint64_t), cmp_u64);
    dups = 0;
    for (int i = 1; i < N; i++) if (th[i] == th[i - 1]) dups++;
    CHECK_EQ_INT(dups, 0);
    free(sids); free(tids); free(th);
    tu_shutdown();
}

/* times read from the default clock are the wall clock's nanoseconds (the
   header may hold them as the clock's timespec: they read back converted) */
static uint64_t wall_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
TEST(times_are_the_wall_clock) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    /* a first span attaches the thread (the general path): the timed ones
       after it take the inline one */
    otel_span_end(otel_span_begin("warm-up", OTEL_SPAN_KIND_INTERNAL));
    tu_drain();
    uint64_t before = wall_ns();
    otel_span *s = otel_span_begin("walled", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_int(s, "n", 1);
    otel_span_end(s);
    otel_span *g = otel_span_begin_with_parent("general", OTEL_SPAN_KIND_INTERNAL, NULL);   /* (the general path) */
    otel_span_end(g);
    uint64_t after = wall_ns();
    /* explicit times of any size read back as given */
    tu_explicit_span();
    CHECK_EQ_INT(tu_collect(), 3);
    const char *names[] = {"walled", "general"};
    for (int i = 0; i < 2; i++) {
        otel_span_data *d = tu_find(names[i]);
        CHECK(d != NULL);
        if (!d) continue;
        otel_span_info in = tu_info(d);
        CHECK(before <= in.start_ns && in.start_ns <= after);
        CHECK(before <= in.end_ns && in.end_ns <= after);
        CHECK(in.start_ns <= in.end_ns);
    }
    otel_span_data *x = tu_find("explicit");
    CHECK(x != NULL);
    if (x) {
        otel_span_info in = tu_info(x);
        CHECK(in.start_ns == TU_EXPLICIT_START && in.end_ns == TU_EXPLICIT_END);
    }
    tu_shutdown();
}

int main(void) {
    RUN(times_are_the_wall_clock);
    RUN(child_root_and_current);
    RUN(explicit_parent_other_thread);
    RUN(attribute_types);
    RUN(set_key_twice_replaces);
    RUN(set_key_twice_at_limit);
    RUN(events_links);
    RUN(status_rules);
    RUN(reused_block_reads_no_stale_status_tracestate_or_parent);
    RUN(record_error);
    RUN(numeric_arrays);
    RUN(numeric_array_filter);
    RUN(record_exception);
    RUN(end_explicit_time_and_scope);
    RUN(string_lifetimes);
    RUN(noop_handles);
    RUN(literal_cache_spreads_adjacent_pairs);
    RUN(literal_values);
    RUN(stale_handle_after_reinit);
    RUN(inline_attributes_cursor);
    RUN(ids_unique);
    return test_summary("spans");
}
