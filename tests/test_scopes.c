/* Instrumentation scopes: named tracers and loggers (and meters) in one
   table; every way of beginning a span on a tracer records its scope, read
   back as the exporters read it (otel__rec_scope); scope attributes kept,
   bad ones dropped and counted; over the table the default scope, counted
   and warned, never a crash. Also built and run with -DOTEL_NO_METRICS
   (tests/compile_checks.sh): tracers and loggers need no metrics. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"

static otel_tracer lib_tracer;   /* a location record's tracer: static storage */

/* a collected span's scope, as the encoders read it and as a processor
   reads it (otel_span_info.scope): the two must agree */
static const otel_scope *scope_of(const char *name) {
    otel_span_data *d = tu_find(name);
    if (!d) return (const otel_scope *)"missing";
    if (tu_info(d).scope != otel__rec_scope(d)) return (const otel_scope *)"disagree";
    return otel__rec_scope(d);
}

TEST(tracers_are_scopes) {
    CHECK(otel_tracer_get("before.init", NULL, NULL) == NULL);   /* not initialized: the default */
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_tracer a = otel_tracer_get("lib.a", "1.0", "https://opentelemetry.io/schemas/1.37.0");
    CHECK(a != NULL && a->index == 1);
    CHECK_STR(a->name, "lib.a");
    CHECK_STR(a->version, "1.0");
    CHECK_STR(a->schema_url, "https://opentelemetry.io/schemas/1.37.0");
    CHECK(otel_tracer_get("lib.a", "1.0", "https://opentelemetry.io/schemas/1.37.0") == a);
    CHECK(otel_tracer_get("lib.a", "1.1", "https://opentelemetry.io/schemas/1.37.0") != a);
    CHECK(otel_logger_get("lib.a", "1.0", "https://opentelemetry.io/schemas/1.37.0") == a);   /* one table */
    tu_capture_begin();
    otel_tracer none = otel_tracer_get(NULL, "1", NULL), empty = otel_tracer_get("", NULL, NULL);
    const char *log = tu_capture_end();
    /* no name: warned, a working tracer whose name stays "" (the version kept) */
    CHECK(none != NULL && none->index != 0 && strcmp(none->name, "") == 0 && strcmp(none->version, "1") == 0);
    CHECK(empty != NULL && empty != none && strcmp(empty->name, "") == 0 && empty->version == NULL);
    CHECK(otel_tracer_get(NULL, NULL, NULL) == empty);
    CHECK(strstr(log, "needs a name") != NULL);
    tu_shutdown();
}

TEST(spans_record_their_tracer) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_tracer t1 = otel_tracer_get("lib.one", "1", NULL), t2 = otel_tracer_get("lib.two", NULL, NULL);
    lib_tracer = t2;
    otel_span *root = otel_tracer_span_begin(t1, "inline", OTEL_SPAN_KIND_SERVER);
    otel_span *child = otel_tracer_span_begin(t2, "inline child", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context pc = otel_span_get_context(root);
    otel_span_end(child);
    otel_span_end(otel_tracer_span_begin_with_parent(t2, "with parent", OTEL_SPAN_KIND_CLIENT, &pc));
    otel_context ctx = otel_context_current();
    otel_span_end(otel_tracer_span_begin_with_context(t1, "with context", OTEL_SPAN_KIND_INTERNAL, &ctx));
    otel_span_args args;
    memset(&args, 0, sizeof args);
    args.name = "ex"; args.tracer = t2;
    otel_span_end(otel_span_begin_ex(&args));
    { OTEL_TRACER_SPAN_SCOPE(lib_tracer, "location scope"); }
    OTEL_TRACER_SPAN_BEGIN(lib_tracer, lb, "location begin");
    otel_span_end(lb);
    OTEL_SPAN_BEGIN(db, "default location");
    otel_span_end(db);
    otel_span_end(otel_span_begin("default", OTEL_SPAN_KIND_INTERNAL));
    otel_span_end(otel_tracer_span_begin(NULL, "null tracer", OTEL_SPAN_KIND_INTERNAL));
    otel_span_end(root);
    CHECK_EQ_INT(tu_collect(), 10);
    CHECK(scope_of("inline") == t1);
    CHECK(scope_of("inline child") == t2);
    CHECK(scope_of("with parent") == t2);
    CHECK(scope_of("with context") == t1);
    CHECK(scope_of("ex") == t2);
    CHECK(scope_of("location scope") == t2);
    CHECK(scope_of("location begin") == t2);
    CHECK(scope_of("default location") == NULL);
    CHECK(scope_of("default") == NULL);
    CHECK(scope_of("null tracer") == NULL);
    /* a tracer's own record is not a location; a location record stays one */
    CHECK(tu_info(tu_find("inline")).location == NULL);
    otel_span_info li = tu_info(tu_find("location begin"));
    CHECK(li.location != NULL && li.location->tracer == &lib_tracer && strcmp(li.location->name, "location begin") == 0);
    CHECK(tu_info(tu_find("inline child")).has_parent);   /* parent and sampling as usual */
    tu_release();
    tu_shutdown();
}

/* a user sampler sends every span the general way: the tracer still rides along */
static int keep_all(void *u, otel_sampling_params *p) { (void)u; (void)p; return OTEL_SAMPLING_RECORD_AND_SAMPLE; }
TEST(tracer_with_a_user_sampler) {
    otel_config c;
    tu_config(&c);
    c.sampler_fn = keep_all;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_tracer t = otel_tracer_get("lib.sampled", NULL, NULL);
    otel_span *r = otel_tracer_span_begin(t, "hooked", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end(otel_tracer_span_begin(NULL, "hooked child", OTEL_SPAN_KIND_INTERNAL));
    otel_span_end(r);
    CHECK_EQ_INT(tu_collect(), 2);
    CHECK(scope_of("hooked") == t);
    CHECK(scope_of("hooked child") == NULL);
    tu_release();
    tu_shutdown();
}

TEST(loggers_record_their_scope) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_logger lg = otel_logger_get("lib.log", "2.0", NULL);
    otel_logger_log(lg, OTEL_SEVERITY_WARN, "named", NULL, 0);
    otel_logger_event(lg, "lib.event", OTEL_SEVERITY_INFO, "named event", NULL, 0);
    otel_log(OTEL_SEVERITY_INFO, "default", NULL, 0);
    otel_log_args a;
    memset(&a, 0, sizeof a);
    a.severity = OTEL_SEVERITY_INFO; a.body = "emitted"; a.body_len = (size_t)-1; a.logger = lg;
    otel_log_emit(&a);
    CHECK_EQ_INT(tu_collect(), 4);
    int seen = 0;
    for (size_t i = 0; i < tu_n; i++) {
        otel_log_info in;
        CHECK_EQ_INT(otel_record_type(tu_spans[i]), OTEL_RECORD_LOG);
        otel_log_data_info(tu_spans[i], &in);
        const otel_scope *sc = otel__rec_scope(tu_spans[i]);
        CHECK(in.scope == sc);
        if (in.body_len == 7 && memcmp(in.body, "default", 7) == 0) { CHECK(sc == NULL); seen |= 1; }
        else { CHECK(sc == lg); seen |= 2; }
    }
    CHECK_EQ_INT(seen, 3);
    tu_release();
    tu_shutdown();
}

TEST(scope_attributes) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    char value[16];
    strcpy(value, "core");
    static const char *const strs[] = {"x", "y"};
    static const int64_t ints[] = {1, 2};
    otel_attr in[4] = {OTEL_ATTR_STR("lib.part", value), OTEL_ATTR_INT("lib.shard", 3),
                       OTEL_ATTR_STR_ARRAY("lib.tags", strs, 2), OTEL_ATTR_INT_ARRAY("lib.ids", ints, 2)};
    tu_capture_begin();
    const otel_scope *s = otel_scope_get("lib.attrs", "1", NULL, in, 4);
    const char *log = tu_capture_end();
    CHECK(s != NULL && s->index == 1);
    CHECK_EQ_INT(s->attr_count, 3);                    /* the string array dropped, counted, warned */
    CHECK_EQ_INT(s->dropped_attributes, 1);
    CHECK(strstr(log, "scope attributes dropped") != NULL);
    CHECK_STR(s->attrs[0].key, "lib.part");
    CHECK_EQ_INT(s->attrs[0].v.str.len, 4);            /* the length resolved */
    CHECK(s->attrs[1].type == OTEL_TYPE_INT && s->attrs[1].v.i == 3);
    CHECK(s->attrs[2].type == OTEL_TYPE_INT_ARRAY && s->attrs[2].v.ints.count == 2);
    CHECK(otel_scope_get("lib.attrs", "1", NULL, in, 4) == s);   /* the same attributes: the same scope */
    CHECK(otel_scope_get("lib.attrs", "1", NULL, in, 2) != s);   /* others: another one */
    CHECK(otel_tracer_get("lib.attrs", "1", NULL) != s);          /* none: another one */
    otel_attr many[OTEL_MAX_SCOPE_ATTRS + 2];
    for (int i = 0; i < OTEL_MAX_SCOPE_ATTRS + 2; i++) many[i] = otel_attr_int("k", i);
    tu_capture_begin();
    const otel_scope *m = otel_scope_get("lib.many", NULL, NULL, many, OTEL_MAX_SCOPE_ATTRS + 2);
    (void)tu_capture_end();
    CHECK(m != NULL && m->attr_count == OTEL_MAX_SCOPE_ATTRS && m->dropped_attributes == 2);
    /* a span on it carries the scope, attributes and all */
    otel_span_end(otel_tracer_span_begin(s, "attributed", OTEL_SPAN_KIND_INTERNAL));
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK(scope_of("attributed") == s);
    tu_release();
    tu_shutdown();
}

TEST(table_full_gives_the_default) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    static const char *const names[] = {"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11", "t12"};
    otel_tracer got[12];
    tu_capture_begin();
    for (int i = 0; i < 12; i++) got[i] = i % 2 ? otel_logger_get(names[i], NULL, NULL) : otel_tracer_get(names[i], NULL, NULL);
    for (int i = 0; i < 12; i++) got[i] = otel_tracer_get(names[i], NULL, NULL);   /* again: the same, or the default again */
    const char *log = tu_capture_end();
    for (int i = 0; i < OTEL_MAX_SCOPES - 1; i++) CHECK(got[i] != NULL && got[i]->index == (unsigned)i + 1);
    for (int i = OTEL_MAX_SCOPES - 1; i < 12; i++) CHECK(got[i] != NULL && got[i]->index == 0);
    CHECK(strstr(log, "instrumentation scopes") != NULL);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.scopes_dropped, 2 * (12 - (OTEL_MAX_SCOPES - 1)));
    CHECK_EQ_INT(st.meters_dropped, st.scopes_dropped);
    /* spans and logs on the default one go out under the default scope */
    otel_span_end(otel_tracer_span_begin(got[11], "over", OTEL_SPAN_KIND_INTERNAL));
    otel_logger_log(got[11], OTEL_SEVERITY_INFO, "over", NULL, 0);
    CHECK_EQ_INT(tu_collect(), 2);
    CHECK(otel__rec_scope(tu_spans[0]) == NULL && otel__rec_scope(tu_spans[1]) == NULL);
    CHECK(tu_info(tu_find("over")).location == NULL);
    tu_release();
    tu_shutdown();
    CHECK_EQ_INT(tu_init(), OTEL_OK);                 /* a new init: the table starts again */
    CHECK(otel_tracer_get("t12", NULL, NULL)->index == 1);
    tu_shutdown();
}

TEST(header_did_not_grow) {
    /* the scope rides in the location pointer the header had already */
    CHECK_EQ_INT(sizeof(struct otel_span_data), 184);   /* (as before named tracers) */
}

int main(void) {
    RUN(tracers_are_scopes);
    RUN(spans_record_their_tracer);
    RUN(tracer_with_a_user_sampler);
    RUN(loggers_record_their_scope);
    RUN(scope_attributes);
    RUN(table_full_gives_the_default);
    if (sizeof(void *) == 8) RUN(header_did_not_grow);
    return test_summary("scopes");
}
