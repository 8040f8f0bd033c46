/* Init and the environment: defaults, resource, OTEL_SDK_DISABLED, limits
   and samplers from OTEL_* variables, invalid values (warned once, ignored). */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"

static const char *exe_name;

/* init reading the environment, with the test processor */
static int env_init(void) {
    otel_config c;
    memset(&c, 0, sizeof c);
    c.processor = &tu_null_processor;
    return tu_init_cfg(&c);
}

static const char *res_str(const char *key) {
    const otel_attr *a = tu_resource(key);
    return tu_str_of(a, a != NULL);
}

TEST(defaults_and_resource) {
    tu_clear_env();
    CHECK_EQ_INT(otel_init(NULL), OTEL_OK);
    CHECK(otel_is_enabled());
    CHECK_EQ_INT(otel_init(NULL), OTEL_ERR_INVALID);      /* already running */
    char expect[300];
    snprintf(expect, sizeof expect, "unknown_service:%s", exe_name);
    CHECK_STR(res_str("service.name"), expect);
    CHECK_STR(res_str("telemetry.sdk.name"), "otel.h");
    CHECK_STR(res_str("telemetry.sdk.language"), "c");
    CHECK_STR(res_str("telemetry.sdk.version"), OTEL_VERSION_STRING);
    const otel_attr *pid = tu_resource("process.pid");
    CHECK(pid != NULL && pid->type == OTEL_TYPE_INT && pid->v.i == (int64_t)getpid());
    CHECK(otel_scope_name() != NULL && *otel_scope_name());
    /* default sampler samples roots; default limits are 128 */
    otel_span *s = otel_span_begin("root", OTEL_SPAN_KIND_INTERNAL);
    CHECK(otel_span_is_recording(s));
    for (int i = 0; i < 130; i++) {
        static char keys[130][8];
        snprintf(keys[i], 8, "k%d", i);
        otel_span_set_int(s, keys[i], i);
    }
    for (int i = 0; i < 130; i++) otel_span_add_event(s, "e", NULL, 0);
    otel_span_end(s);
    otel_span_data *got[4];
    CHECK_EQ_INT(otel_collect(got, 4), 1);
    otel_span_info in = tu_info(got[0]);
    CHECK_EQ_INT(in.attribute_count, 128);
    CHECK_EQ_INT(in.dropped_attributes, 2);
    CHECK_EQ_INT(in.event_count, 128);
    CHECK_EQ_INT(in.dropped_events, 2);
    otel_release(got, 1);
    CHECK_EQ_INT(otel_shutdown(1000), OTEL_OK);
    CHECK(!otel_is_enabled());
}

TEST(service_name_and_attributes) {
    tu_clear_env();
    setenv("OTEL_SERVICE_NAME", "checkout", 1);
    setenv("OTEL_RESOURCE_ATTRIBUTES", "a=b%20c,d=e, deployment.environment = prod ,x=%41%2c", 1);
    CHECK_EQ_INT(env_init(), OTEL_OK);
    CHECK_STR(res_str("service.name"), "checkout");
    CHECK_STR(res_str("a"), "b c");
    CHECK_STR(res_str("d"), "e");
    CHECK_STR(res_str("deployment.environment"), "prod");
    CHECK_STR(res_str("x"), "A,");
    CHECK(tu_resource("telemetry.sdk.name") != NULL);
    tu_shutdown();
    /* service.name from OTEL_RESOURCE_ATTRIBUTES when OTEL_SERVICE_NAME is unset */
    unsetenv("OTEL_SERVICE_NAME");
    setenv("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs", 1);
    CHECK_EQ_INT(env_init(), OTEL_OK);
    CHECK_STR(res_str("service.name"), "from-attrs");
    tu_shutdown();
    /* config fields win over the environment */
    setenv("OTEL_SERVICE_NAME", "env-name", 1);
    otel_config c;
    memset(&c, 0, sizeof c);
    c.processor = &tu_null_processor;
    c.service_name = "cfg-name";
    c.service_version = "1.2.3";
    c.resource_attributes = "team=core";
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    CHECK_STR(res_str("service.name"), "cfg-name");
    CHECK_STR(res_str("service.version"), "1.2.3");
    CHECK_STR(res_str("team"), "core");
    tu_shutdown();
    /* ignore_env: nothing from the environment */
    tu_config(&c);
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    CHECK(strncmp(res_str("service.name"), "unknown_service:", 16) == 0);
    CHECK(tu_resource("service.name") != NULL);
    CHECK(tu_resource("team") == NULL);
    tu_shutdown();
    tu_clear_env();
}

TEST(malformed_resource_ignored_whole) {
    tu_clear_env();
    setenv("OTEL_RESOURCE_ATTRIBUTES", "a=1,broken,d=e", 1);
    tu_capture_begin();
    CHECK_EQ_INT(env_init(), OTEL_OK);
    const char *err = tu_capture_end();
    CHECK(tu_resource("a") == NULL);
    CHECK(tu_resource("d") == NULL);
    CHECK(tu_resource("telemetry.sdk.name") != NULL);
    CHECK_EQ_INT(tu_count_warn(err, "OTEL_RESOURCE_ATTRIBUTES"), 1);
    tu_shutdown();
    setenv("OTEL_RESOURCE_ATTRIBUTES", "=v,k=w", 1);
    CHECK_EQ_INT(env_init(), OTEL_OK);
    CHECK(tu_resource("k") == NULL);
    tu_shutdown();
    tu_clear_env();
}

TEST(sdk_disabled) {
    tu_clear_env();
    setenv("OTEL_SDK_DISABLED", "true", 1);
    CHECK_EQ_INT(env_init(), OTEL_OK);
    CHECK(!otel_is_enabled());
    CHECK(otel_span_begin("x", OTEL_SPAN_KIND_INTERNAL) == NULL);
    otel_span_context remote;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", NULL, &remote), OTEL_OK);
    CHECK(otel_span_begin_with_parent("x", OTEL_SPAN_KIND_INTERNAL, &remote) == NULL);
    static const otel_location loc = {"loc", "f", "file.c", 1, OTEL_SPAN_KIND_INTERNAL, NULL};
    CHECK(otel_span_begin_loc(&loc) == NULL);
    {
        OTEL_SPAN_SCOPE("scope");
        CHECK(otel_current_span() == NULL);
    }
    otel_span_context cur = otel_current_context();
    CHECK(!otel_span_context_is_valid(&cur));
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_started, 0);
    CHECK_EQ_INT(st.spans_ended, 0);
    CHECK_EQ_INT(st.spans_sampled_out, 0);
    CHECK_EQ_INT(otel_pending(), 0);
    otel_span_data *got[4];
    CHECK_EQ_INT(otel_collect(got, 4), 0);
    CHECK_EQ_INT(otel_flush(100), OTEL_ERR_DISABLED);
    CHECK_EQ_INT(otel_shutdown(100), OTEL_OK);
    /* TRUE in any case */
    setenv("OTEL_SDK_DISABLED", "TRUE", 1);
    CHECK_EQ_INT(env_init(), OTEL_OK);
    CHECK(otel_span_begin("x", OTEL_SPAN_KIND_INTERNAL) == NULL);
    otel_shutdown(100);
    /* false: enabled again */
    setenv("OTEL_SDK_DISABLED", "false", 1);
    CHECK_EQ_INT(env_init(), OTEL_OK);
    otel_span *s = otel_span_begin("x", OTEL_SPAN_KIND_INTERNAL);
    CHECK(otel_span_is_recording(s));
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    tu_shutdown();
    tu_clear_env();
}

/* one span: n attributes, n events (each with n attributes), n links (each with n attributes) */
static otel_span_info limits_span(int n, const char *value) {
    static char keys[64][8];
    otel_attr attrs[64];
    for (int i = 0; i < n && i < 64; i++) { snprintf(keys[i], 8, "a%d", i); attrs[i] = otel_attr_int(keys[i], i); }
    otel_span *s = otel_span_begin("limits", OTEL_SPAN_KIND_INTERNAL);
    for (int i = 0; i < n; i++) otel_span_set_int(s, keys[i], i);
    otel_span_set_str(s, "value", value);
    for (int i = 0; i < n; i++) otel_span_add_event(s, "e", attrs, (size_t)n);
    otel_span_context lc;
    otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", NULL, &lc);
    for (int i = 0; i < n; i++) otel_span_add_link(s, &lc, attrs, (size_t)n);
    otel_span_end(s);
    otel_span_info in;
    memset(&in, 0, sizeof in);
    if (tu_collect() == 1) in = tu_info(tu_spans[0]);
    return in;
}

TEST(limits_from_env) {
    tu_clear_env();
    setenv("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "3", 1);
    setenv("OTEL_SPAN_EVENT_COUNT_LIMIT", "2", 1);
    setenv("OTEL_SPAN_LINK_COUNT_LIMIT", "4", 1);
    setenv("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "1", 1);
    setenv("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "2", 1);
    setenv("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "5", 1);
    CHECK_EQ_INT(env_init(), OTEL_OK);
    otel_span_info in = limits_span(6, "abcdefgh");
    CHECK_EQ_INT(in.attribute_count, 3);
    CHECK_EQ_INT(in.dropped_attributes, 4);        /* a3..a5 and "value" */
    CHECK_EQ_INT(in.event_count, 2);
    CHECK_EQ_INT(in.dropped_events, 4);
    CHECK_EQ_INT(in.link_count, 4);
    CHECK_EQ_INT(in.dropped_links, 2);
    otel_item it;
    CHECK(tu_nth_item(tu_spans[0], OTEL_ITEM_EVENT, 1, &it));
    CHECK_EQ_INT(it.attribute_count, 1);
    CHECK_EQ_INT(it.dropped_attributes, 5);
    CHECK(tu_nth_item(tu_spans[0], OTEL_ITEM_LINK, 3, &it));
    CHECK_EQ_INT(it.attribute_count, 2);
    CHECK_EQ_INT(it.dropped_attributes, 4);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.events_dropped, 4);
    CHECK_EQ_INT(st.links_dropped, 2);
    CHECK_EQ_INT(st.attributes_dropped, 4 + 2 * 5 + 4 * 4);
    tu_shutdown();
    /* value length */
    unsetenv("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT");
    CHECK_EQ_INT(env_init(), OTEL_OK);
    in = limits_span(1, "abcdefgh");
    CHECK_STR(tu_str(tu_spans[0], "value"), "abcde");
    otel_stats_get(&st);
    CHECK_EQ_INT(st.values_truncated, 1);
    tu_shutdown();
    setenv("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "4", 1);
    setenv("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "3", 1);  /* the span-specific one wins */
    CHECK_EQ_INT(env_init(), OTEL_OK);
    in = limits_span(0, "abcdefgh");
    CHECK_STR(tu_str(tu_spans[0], "value"), "abc");
    tu_shutdown();
    /* the general count limit */
    tu_clear_env();
    setenv("OTEL_ATTRIBUTE_COUNT_LIMIT", "4", 1);
    CHECK_EQ_INT(env_init(), OTEL_OK);
    in = limits_span(6, "v");
    CHECK_EQ_INT(in.attribute_count, 4);
    CHECK_EQ_INT(in.dropped_attributes, 3);
    tu_shutdown();
    /* the specific one wins over the general one */
    setenv("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "2", 1);
    CHECK_EQ_INT(env_init(), OTEL_OK);
    in = limits_span(6, "v");
    CHECK_EQ_INT(in.attribute_count, 2);
    tu_shutdown();
    /* a config field wins over the environment */
    otel_config c;
    memset(&c, 0, sizeof c);
    c.processor = &tu_null_processor;
    c.span_attribute_count_limit = 5;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    in = limits_span(6, "v");
    CHECK_EQ_INT(in.attribute_count, 5);
    tu_shutdown();
    tu_clear_env();
}

TEST(limits_from_config) {
    otel_config c;
    tu_config(&c);
    c.attribute_count_limit = 2;
    c.span_event_count_limit = 3;
    c.span_link_count_limit = 1;
    c.event_attribute_count_limit = 2;
    c.link_attribute_count_limit = 3;
    c.attribute_value_length_limit = 2;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span_info in = limits_span(5, "xyz");
    CHECK_EQ_INT(in.attribute_count, 2);
    CHECK_EQ_INT(in.dropped_attributes, 4);
    CHECK_EQ_INT(in.event_count, 3);
    CHECK_EQ_INT(in.dropped_events, 2);
    CHECK_EQ_INT(in.link_count, 1);
    CHECK_EQ_INT(in.dropped_links, 4);
    otel_item it;
    CHECK(tu_nth_item(tu_spans[0], OTEL_ITEM_EVENT, 0, &it));
    CHECK_EQ_INT(it.attribute_count, 2);
    CHECK_EQ_INT(it.dropped_attributes, 3);
    CHECK(tu_nth_item(tu_spans[0], OTEL_ITEM_LINK, 0, &it));
    CHECK_EQ_INT(it.attribute_count, 3);
    CHECK_EQ_INT(it.dropped_attributes, 2);
    tu_shutdown();
    /* UTF-8 is not cut in the middle of a character */
    tu_config(&c);
    c.attribute_value_length_limit = 5;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span *s = otel_span_begin("utf8", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "two", "abcd\xc3\xa9z");         /* é at bytes 4-5 */
    otel_span_set_str(s, "three", "abc\xe2\x82\xac");      /* € at bytes 3-5 */
    otel_span_set_str(s, "four", "a\xf0\x9f\x98\x80yz");   /* emoji at bytes 1-4 */
    otel_span_set_str(s, "fits", "ab\xc3\xa9z");           /* 5 bytes: kept whole */
    otel_attr ev[1] = {OTEL_ATTR_STR("ev", "abcd\xc3\xa9")};
    otel_span_add_event(s, "e", ev, 1);
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_STR(tu_esc(tu_str(tu_spans[0], "two")), tu_esc("abcd"));
    CHECK_STR(tu_esc(tu_str(tu_spans[0], "three")), tu_esc("abc"));
    CHECK_STR(tu_esc(tu_str(tu_spans[0], "four")), tu_esc("a\xf0\x9f\x98\x80"));
    CHECK_STR(tu_esc(tu_str(tu_spans[0], "fits")), tu_esc("ab\xc3\xa9z"));
    CHECK_STR(tu_esc(tu_event_str(tu_spans[0], "ev")), "abcd");
    tu_shutdown();
}

/* string array items are cut at the limit like strings, on a character boundary */
TEST(string_array_utf8_cut) {
    otel_config c;
    tu_config(&c);
    c.attribute_value_length_limit = 5;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span *s = otel_span_begin("utf8", OTEL_SPAN_KIND_INTERNAL);
    const char *arr[] = {"abcd\xc3\xa9", "ok"};
    otel_span_set_str_array(s, "arr", arr, 2);
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_attr a;
    memset(&a, 0, sizeof a);
    CHECK(tu_attr(tu_spans[0], "arr", &a) && a.type == OTEL_TYPE_STRING_ARRAY && a.v.strs.count == 2);
    if (a.type == OTEL_TYPE_STRING_ARRAY && a.v.strs.count == 2) {
        uint32_t n;
        memcpy(&n, a.v.strs.packed, 4);
        CHECK_EQ_INT(n, 4);
        CHECK(memcmp(a.v.strs.packed + 4, "abcd", 5) == 0);
    }
    tu_shutdown();
}

TEST(sampler_from_env) {
    tu_clear_env();
    otel_span_context unsampled;
    CHECK_EQ_INT(otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", NULL, &unsampled), OTEL_OK);
    static const struct { const char *name, *arg; int root_sampled; int follows_parent; } cases[] = {
        {"always_on", NULL, 1, 0},
        {"always_off", NULL, 0, 0},
        {"traceidratio", "0", 0, 0},
        {"traceidratio", "1", 1, 0},
        {"parentbased_always_on", NULL, 1, 1},
        {"parentbased_always_off", NULL, 0, 1},
        {"parentbased_traceidratio", "1", 1, 1},
        {"PARENTBASED_TRACEIDRATIO", "0.0", 0, 1},
        {"ratelimiting", "1000", 1, 0},
        {"parentbased_ratelimiting", "1000", 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setenv("OTEL_TRACES_SAMPLER", cases[i].name, 1);
        if (cases[i].arg) setenv("OTEL_TRACES_SAMPLER_ARG", cases[i].arg, 1); else unsetenv("OTEL_TRACES_SAMPLER_ARG");
        CHECK_EQ_INT(env_init(), OTEL_OK);
        int sampled = 0;
        for (int k = 0; k < 20; k++) {
            otel_span *s = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
            sampled += otel_span_is_recording(s);
            otel_span_end(s);
        }
        otel_span *c = otel_span_begin_with_parent("c", OTEL_SPAN_KIND_INTERNAL, &unsampled);
        int child = otel_span_is_recording(c);
        otel_span_end(c);
        if (sampled != (cases[i].root_sampled ? 20 : 0) || child != (cases[i].follows_parent ? 0 : cases[i].root_sampled)) {
            printf("  sampler %s arg %s: %d/20 roots sampled, child of unsampled parent %d\n", cases[i].name,
                   cases[i].arg ? cases[i].arg : "-", sampled, child);
            CHECK(0);
        }
        tu_shutdown();
    }
    tu_clear_env();
}

/* Invalid values: warned ("otel: ..." on stderr) and ignored. */
TEST(invalid_env_values_warned) {
    tu_clear_env();
    setenv("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "abc", 1);
    setenv("OTEL_TRACES_SAMPLER", "nope", 1);
    tu_capture_begin();
    int rc = env_init();
    const char *err = tu_capture_end();
    CHECK_EQ_INT(rc, OTEL_OK);
    CHECK_EQ_INT(tu_count_warn(err, "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT"), 1);
    CHECK_EQ_INT(tu_count_warn(err, "OTEL_TRACES_SAMPLER"), 1);
    /* defaults: 128 attributes, parentbased_always_on */
    otel_span *s = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
    CHECK(otel_span_is_recording(s));
    static char keys[130][8];
    for (int i = 0; i < 130; i++) { snprintf(keys[i], 8, "k%d", i); otel_span_set_int(s, keys[i], i); }
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_EQ_INT(tu_info(tu_spans[0]).attribute_count, 128);
    otel_span_context unsampled;
    otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", NULL, &unsampled);
    s = otel_span_begin_with_parent("c", OTEL_SPAN_KIND_INTERNAL, &unsampled);
    CHECK(!otel_span_is_recording(s));
    otel_span_end(s);
    tu_shutdown();

    /* a ratio out of range: warned, 1.0 used */
    tu_clear_env();
    setenv("OTEL_TRACES_SAMPLER", "traceidratio", 1);
    setenv("OTEL_TRACES_SAMPLER_ARG", "2.5", 1);
    tu_capture_begin();
    rc = env_init();
    err = tu_capture_end();
    CHECK_EQ_INT(rc, OTEL_OK);
    CHECK(tu_count_lines(err, "otel: ") >= 1);
    CHECK_EQ_INT(tu_count_warn(err, "2.5"), 1);
    int sampled = 0;
    for (int i = 0; i < 100; i++) {
        s = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
        sampled += otel_span_is_recording(s);
        otel_span_end(s);
    }
    CHECK_EQ_INT(sampled, 100);
    tu_shutdown();

    /* not a number */
    setenv("OTEL_TRACES_SAMPLER_ARG", "half", 1);
    tu_capture_begin();
    rc = env_init();
    err = tu_capture_end();
    CHECK_EQ_INT(rc, OTEL_OK);
    CHECK_EQ_INT(tu_count_warn(err, "OTEL_TRACES_SAMPLER_ARG"), 1);
    tu_shutdown();

    /* an invalid TRACEPARENT is warned about and not adopted */
    tu_clear_env();
    setenv("TRACEPARENT", "00-xyz", 1);
    tu_capture_begin();
    rc = env_init();
    err = tu_capture_end();
    CHECK_EQ_INT(rc, OTEL_OK);
    CHECK_EQ_INT(tu_count_warn(err, "TRACEPARENT"), 1);
    otel_span_context cur = otel_current_context();
    CHECK(!otel_span_context_is_valid(&cur));
    s = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
    CHECK(otel_span_is_recording(s));
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_EQ_INT(tu_info(tu_spans[0]).has_parent, 0);
    tu_shutdown();
    tu_clear_env();
}

/* The same warning repeated 1000 times prints once. */
TEST(warnings_rate_limited) {
    tu_clear_env();
    setenv("OTEL_SDK_DISABLED", "maybe", 1);   /* invalid boolean: false, with a warning */
    tu_capture_begin();
    int ok = 0;
    for (int i = 0; i < 1000; i++) {
        ok += env_init() == OTEL_OK;
        otel_shutdown(0);
    }
    const char *err = tu_capture_end();
    CHECK_EQ_INT(ok, 1000);
    CHECK_EQ_INT(tu_count_warn(err, "OTEL_SDK_DISABLED"), 1);
    CHECK_EQ_INT(tu_count_lines(err, "otel: "), 1);
    tu_clear_env();
    /* a hot-path warning: spans nested too deep */
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span *stack[80];
    tu_capture_begin();
    int nulls = 0;
    for (int i = 0; i < 80; i++) { stack[i] = otel_span_begin("deep", OTEL_SPAN_KIND_INTERNAL); nulls += stack[i] == NULL; }
    for (int i = 0; i < 1000; i++) otel_span_end(otel_span_begin("deeper", OTEL_SPAN_KIND_INTERNAL));
    err = tu_capture_end();
    CHECK(nulls > 0);
    CHECK_EQ_INT(tu_count_lines(err, "otel: "), 1);
    for (int i = 80; i-- > 0;) otel_span_end(stack[i]);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_dropped, (uint64_t)nulls + 1000);
    tu_shutdown();
}

int main(int argc, char **argv) {
    (void)argc;
    const char *slash = strrchr(argv[0], '/');
    exe_name = slash ? slash + 1 : argv[0];
    RUN(defaults_and_resource);
    RUN(service_name_and_attributes);
    RUN(malformed_resource_ignored_whole);
    RUN(sdk_disabled);
    RUN(limits_from_env);
    RUN(limits_from_config);
    RUN(string_array_utf8_cut);
    RUN(sampler_from_env);
    RUN(invalid_env_values_warned);
    RUN(warnings_rate_limited);
    return test_summary("env");
}
