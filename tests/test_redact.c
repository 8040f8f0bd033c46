/* Redaction: the default key deny-list (span, event and link attributes),
   secret patterns in values, allow-list mode, off, extra patterns, the
   filter callback, and the values_redacted counter. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"

static const char *const secret_keys[] = {
    "authorization", "Authorization", "http.request.header.authorization", "cookie", "http.response.header.set-cookie",
    "password", "user.password", "db.passwd", "secret", "client_secret", "token", "access_token", "sessionToken",
    "api_key", "apikey", "x-api-key", "apiKey", "X-API-KEY", "private_key", "credential", "aws.credential",
};
#define NSECRET (sizeof secret_keys / sizeof secret_keys[0])
static const char *const harmless_keys[] = {
    "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "tokenizer", "http.method", "user.id",
    "keyboard", "passage", "secretary_name", "author",
};
#define NHARMLESS (sizeof harmless_keys / sizeof harmless_keys[0])

static int init_mode(int mode, const char *redact_keys, const char *allow_keys) {
    otel_config c;
    tu_config(&c);
    c.redact_mode = mode;
    c.redact_keys = redact_keys;
    c.allow_keys = allow_keys;
    return tu_init_cfg(&c);
}

/* one span with every key set to `value` as span, event and link attribute */
static otel_span_data *record_keys(const char *const *keys, size_t n, const char *value) {
    otel_attr attrs[32];
    for (size_t i = 0; i < n; i++) attrs[i] = otel_attr_str(keys[i], value);
    otel_span *s = otel_span_begin("keys", OTEL_SPAN_KIND_INTERNAL);
    for (size_t i = 0; i < n; i++) otel_span_set_str(s, keys[i], value);
    otel_span_add_event(s, "ev", attrs, n);
    otel_span_context lc;
    otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", NULL, &lc);
    otel_span_add_link(s, &lc, attrs, n);
    otel_span_end(s);
    return tu_collect() == 1 ? tu_spans[0] : NULL;
}

static void check_keys(otel_span_data *d, const char *const *keys, size_t n, const char *expect) {
    CHECK(d != NULL);
    if (!d) return;
    for (size_t i = 0; i < n; i++) {
        const char *a = tu_str(d, keys[i]), *e = tu_event_str(d, keys[i]), *l = tu_link_str(d, keys[i]);
        if (strcmp(a, expect) || strcmp(e, expect) || strcmp(l, expect)) {
            printf("  key %s: span \"%s\", event \"%s\", link \"%s\", expected \"%s\"\n", keys[i], a, e, l, expect);
            CHECK(0);
        }
    }
}

TEST(default_deny_list) {
    CHECK_EQ_INT(init_mode(OTEL_REDACT_DEFAULT, NULL, NULL), OTEL_OK);
    check_keys(record_keys(secret_keys, NSECRET, "hunter2"), secret_keys, NSECRET, "[REDACTED]");
    check_keys(record_keys(harmless_keys, NHARMLESS, "hunter2"), harmless_keys, NHARMLESS, "hunter2");
    /* string arrays under a secret key; numbers are kept */
    otel_span *s = otel_span_begin("arr", OTEL_SPAN_KIND_INTERNAL);
    const char *vals[] = {"a", "b"};
    otel_span_set_str_array(s, "tokens.access_token", vals, 2);
    otel_span_set_int(s, "password", 1234);
    otel_span_set_str(s, "gen_ai.usage.input_tokens", "42");
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_attr a;
    CHECK(tu_attr(tu_spans[0], "tokens.access_token", &a) && a.type == OTEL_TYPE_STRING_ARRAY && a.v.strs.count == 2);
    if (a.type == OTEL_TYPE_STRING_ARRAY && a.v.strs.count == 2) {
        uint32_t n;
        memcpy(&n, a.v.strs.packed, 4);
        CHECK(n == 10 && memcmp(a.v.strs.packed + 4, "[REDACTED]", 11) == 0);
    }
    CHECK(tu_attr(tu_spans[0], "password", &a) && a.type == OTEL_TYPE_INT && a.v.i == 1234);
    CHECK_STR(tu_str(tu_spans[0], "gen_ai.usage.input_tokens"), "42");
    tu_shutdown();
}

TEST(value_patterns_anywhere) {
    CHECK_EQ_INT(init_mode(OTEL_REDACT_DEFAULT, NULL, NULL), OTEL_OK);
    otel_span *s = otel_span_begin("values", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "note", "Authorization: Bearer abc123def456");
    otel_span_set_str(s, "basic", "basic dXNlcjpwYXNz");
    otel_span_set_str(s, "llm.key", "sk-abcdefghijklmnopqrstuvwx");
    otel_span_set_str(s, "proj.key", "using sk_proj_ABCDEFGHIJKLMNOPQRST now");
    otel_span_set_str(s, "url.full", "https://user:pass@host.example/path?q=1");
    otel_span_set_str(s, "plain", "nothing secret here: sky-high basics https://host/a");
    const char *arr[] = {"ok", "Bearer abcdefghij"};
    otel_span_set_str_array(s, "list", arr, 2);
    otel_attr ea[1] = {OTEL_ATTR_STR("msg", "postgres://admin:s3cret@db:5432/app")};
    otel_span_add_event(s, "connect", ea, 1);
    otel_span_context lc;
    otel_context_extract("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", NULL, &lc);
    otel_attr la[1] = {OTEL_ATTR_STR("why", "token sk-0123456789abcdefghij")};
    otel_span_add_link(s, &lc, la, 1);
    otel_span_set_status(s, OTEL_STATUS_ERROR, "login failed for https://bob:hunter2@example.com");
    otel_span_end(s);
    otel_span *e = otel_span_begin("err", OTEL_SPAN_KIND_INTERNAL);
    otel_span_record_error(e, "auth", "rejected Bearer zzzzyyyyxxxx");
    otel_span_end(e);
    CHECK_EQ_INT(tu_collect(), 2);
    otel_span_data *d = tu_find("values");
    CHECK(d != NULL);
    if (d) {
        CHECK_STR(tu_str(d, "note"), "Authorization: Bearer [REDACTED]");
        CHECK_STR(tu_str(d, "basic"), "basic [REDACTED]");
        CHECK_STR(tu_str(d, "llm.key"), "[REDACTED]");
        CHECK_STR(tu_str(d, "proj.key"), "using [REDACTED] now");
        CHECK_STR(tu_str(d, "url.full"), "https://REDACTED:REDACTED@host.example/path?q=1");
        CHECK_STR(tu_str(d, "plain"), "nothing secret here: sky-high basics https://host/a");
        CHECK_STR(tu_event_str(d, "msg"), "postgres://REDACTED:REDACTED@db:5432/app");
        CHECK_STR(tu_link_str(d, "why"), "token [REDACTED]");
        otel_attr a;
        CHECK(tu_attr(d, "list", &a) && a.type == OTEL_TYPE_STRING_ARRAY && a.v.strs.count == 2);
        if (a.type == OTEL_TYPE_STRING_ARRAY && a.v.strs.count == 2) {
            const char *p = a.v.strs.packed;
            uint32_t n;
            memcpy(&n, p, 4); p += 4 + n + 1;
            memcpy(&n, p, 4);
            CHECK(n == 17 && memcmp(p + 4, "Bearer [REDACTED]", 18) == 0);
        }
        otel_span_info in = tu_info(d);
        CHECK(in.status_message != NULL);
        if (in.status_message) {
            char buf[256];
            snprintf(buf, sizeof buf, "%.*s", (int)in.status_len, in.status_message);
            CHECK_STR(buf, "login failed for https://REDACTED:REDACTED@example.com");
        }
    }
    otel_span_data *er = tu_find("err");
    CHECK(er != NULL);
    if (er) {
        CHECK_STR(tu_event_str(er, "exception.message"), "rejected Bearer [REDACTED]");
        otel_span_info in = tu_info(er);
        char buf[256];
        snprintf(buf, sizeof buf, "%.*s", (int)in.status_len, in.status_message ? in.status_message : "");
        CHECK_STR(buf, "rejected Bearer [REDACTED]");
    }
    tu_shutdown();
}

/* The issue's own example: "Bearer xyz" is a bearer token and is redacted. */
TEST(keyed_values_in_text) {
    CHECK_EQ_INT(init_mode(OTEL_REDACT_DEFAULT, NULL, NULL), OTEL_OK);
    otel_span *s = otel_span_begin("keyed", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "cmd", "deploy --password=hunter2 --verbose");
    otel_span_set_str(s, "url", "https://api.example.com/v1?api_key=abc123&page=2");
    otel_span_set_str(s, "cfg", "db.password=s3cret;host=db");
    otel_span_set_str(s, "plain", "count=5 input_tokens=120 mode=fast");
    otel_span_set_str(s, "scheme", "token=Bearer abc123def456 next");
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = tu_find("keyed");
    CHECK_STR(tu_str(d, "cmd"), "deploy --password=[REDACTED] --verbose");
    CHECK_STR(tu_str(d, "url"), "https://api.example.com/v1?api_key=[REDACTED]&page=2");
    CHECK_STR(tu_str(d, "cfg"), "db.password=[REDACTED];host=db");
    CHECK_STR(tu_str(d, "plain"), "count=5 input_tokens=120 mode=fast");
    CHECK_STR(tu_str(d, "scheme"), "token=Bearer [REDACTED] next");
    tu_shutdown();
}

TEST(value_pattern_short_bearer) {
    CHECK_EQ_INT(init_mode(OTEL_REDACT_DEFAULT, NULL, NULL), OTEL_OK);
    otel_span *s = otel_span_begin("short", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "note", "Bearer xyz");
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_STR(tu_str(tu_spans[0], "note"), "Bearer [REDACTED]");
    tu_shutdown();
}

/* A replacement can make a value longer; the value length limit applies to
   the result, which must never be cut inside a UTF-8 character, nor cut
   when it fits the limit. */
TEST(redacted_value_and_length_limit) {
    otel_config c;
    tu_config(&c);
    c.attribute_value_length_limit = 11;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span *s = otel_span_begin("lim", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "k", "sk-aaaaaaaaaaaaaaaaaaaa\xc3\xa9\xc3\xa9");  /* "[REDACTED]éé": 14 bytes */
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_STR(tu_esc(tu_str(tu_spans[0], "k")), "[REDACTED]");
    tu_shutdown();
}
TEST(redacted_value_fits_limit) {
    otel_config c;
    otel_span *s;
    tu_config(&c);
    c.attribute_value_length_limit = 20;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    s = otel_span_begin("lim", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "k", "Bearer abcd");      /* "Bearer [REDACTED]": 17 bytes, within 20 */
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_STR(tu_str(tu_spans[0], "k"), "Bearer [REDACTED]");
    tu_shutdown();
}

TEST(allow_list_mode) {
    tu_clear_env();
    setenv("OTEL_H_REDACT", "allow", 1);
    setenv("OTEL_H_ALLOW_KEYS", "http.method, user.id", 1);
    otel_config c;
    memset(&c, 0, sizeof c);
    c.processor = &tu_null_processor;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span *s = otel_span_begin("allow", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "http.method", "GET");
    otel_span_set_str(s, "user.id", "u-17");
    otel_span_set_str(s, "http.url", "/private/path");
    otel_span_set_str(s, "gen_ai.prompt", "tell me a secret");
    otel_attr ea[2] = {OTEL_ATTR_STR("http.method", "PUT"), OTEL_ATTR_STR("body", "x")};
    otel_span_add_event(s, "e", ea, 2);
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = tu_spans[0];
    CHECK_STR(tu_str(d, "http.method"), "GET");
    CHECK_STR(tu_str(d, "user.id"), "u-17");
    CHECK_STR(tu_str(d, "http.url"), "[REDACTED]");
    CHECK_STR(tu_str(d, "gen_ai.prompt"), "[REDACTED]");
    CHECK_STR(tu_event_str(d, "body"), "[REDACTED]");
    CHECK_STR(tu_event_str(d, "http.method"), "PUT");
    tu_shutdown();
    tu_clear_env();
    /* the same through the config */
    CHECK_EQ_INT(init_mode(OTEL_REDACT_ALLOW, NULL, "keep.me"), OTEL_OK);
    s = otel_span_begin("allow", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "keep.me", "visible");
    otel_span_set_str(s, "other", "hidden");
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_STR(tu_str(tu_spans[0], "keep.me"), "visible");
    CHECK_STR(tu_str(tu_spans[0], "other"), "[REDACTED]");
    tu_shutdown();
}

TEST(redaction_off) {
    tu_clear_env();
    setenv("OTEL_H_REDACT", "off", 1);
    otel_config c;
    memset(&c, 0, sizeof c);
    c.processor = &tu_null_processor;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span *s = otel_span_begin("off", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "password", "hunter2");
    otel_span_set_str(s, "note", "Bearer abcdefgh12345");
    otel_span_set_status(s, OTEL_STATUS_ERROR, "https://u:p@h");
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_STR(tu_str(tu_spans[0], "password"), "hunter2");
    CHECK_STR(tu_str(tu_spans[0], "note"), "Bearer abcdefgh12345");
    otel_span_info in = tu_info(tu_spans[0]);
    CHECK(in.status_len == 13 && memcmp(in.status_message, "https://u:p@h", 13) == 0);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.values_redacted, 0);
    tu_shutdown();
    tu_clear_env();
}

TEST(extra_patterns) {
    tu_clear_env();
    setenv("OTEL_H_REDACT_KEYS", "ssn, internal_id", 1);
    otel_config c;
    memset(&c, 0, sizeof c);
    c.processor = &tu_null_processor;
    c.redact_keys = "pin_code";
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_span *s = otel_span_begin("extra", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "user.ssn", "123-45-6789");
    otel_span_set_str(s, "internalId", "x1");
    otel_span_set_str(s, "card.pin-code", "0000");
    otel_span_set_str(s, "password", "still");
    otel_span_set_str(s, "ssnx", "kept");
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_STR(tu_str(tu_spans[0], "user.ssn"), "[REDACTED]");
    CHECK_STR(tu_str(tu_spans[0], "internalId"), "[REDACTED]");
    CHECK_STR(tu_str(tu_spans[0], "card.pin-code"), "[REDACTED]");
    CHECK_STR(tu_str(tu_spans[0], "password"), "[REDACTED]");
    CHECK_STR(tu_str(tu_spans[0], "ssnx"), "kept");
    tu_shutdown();
    tu_clear_env();
}

static int filter_calls;
static int my_filter(void *user, const otel_attr *a) {
    filter_calls++;
    if (user != (void *)&filter_calls) return OTEL_FILTER_DROP;
    if (strcmp(a->key, "drop.me") == 0) return OTEL_FILTER_DROP;
    if (strcmp(a->key, "hide.me") == 0) return OTEL_FILTER_REDACT;
    return OTEL_FILTER_KEEP;
}

TEST(filter_callback) {
    otel_config c;
    tu_config(&c);
    c.filter = my_filter;
    c.filter_user = &filter_calls;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    filter_calls = 0;
    otel_span *s = otel_span_begin("filter", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "keep.me", "v1");
    otel_span_set_str(s, "hide.me", "v2");
    otel_span_set_str(s, "drop.me", "v3");
    otel_span_set_int(s, "drop.me", 3);
    otel_attr ea[2] = {OTEL_ATTR_STR("hide.me", "ev"), OTEL_ATTR_STR("drop.me", "ev")};
    otel_span_add_event(s, "e", ea, 2);
    otel_span_end(s);
    CHECK_EQ_INT(filter_calls, 6);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = tu_spans[0];
    otel_span_info in = tu_info(d);
    otel_attr a;
    CHECK_STR(tu_str(d, "keep.me"), "v1");
    CHECK_STR(tu_str(d, "hide.me"), "[REDACTED]");
    CHECK(!tu_attr(d, "drop.me", &a));
    CHECK_EQ_INT(in.attribute_count, 2);
    CHECK_EQ_INT(in.dropped_attributes, 2);
    CHECK_STR(tu_event_str(d, "hide.me"), "[REDACTED]");
    CHECK(!tu_item_attr(d, OTEL_ITEM_EVENT_ATTR, "drop.me", &a));
    otel_item e;
    CHECK(tu_nth_item(d, OTEL_ITEM_EVENT, 0, &e));
    CHECK_EQ_INT(e.attribute_count, 1);
    CHECK_EQ_INT(e.dropped_attributes, 1);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.values_redacted, 2);
    CHECK_EQ_INT(st.attributes_dropped, 3);
    tu_shutdown();
}

TEST(values_redacted_counter) {
    CHECK_EQ_INT(init_mode(OTEL_REDACT_DEFAULT, NULL, NULL), OTEL_OK);
    otel_stats st;
    otel_stats_get(&st);
    uint64_t base = st.values_redacted;
    otel_span *s = otel_span_begin("count", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "password", "a");                      /* 1 */
    otel_span_set_str(s, "cookie", "b");                        /* 2 */
    otel_span_set_str(s, "note", "Bearer abcdefgh and Bearer ijklmnop");  /* 4 */
    otel_span_set_str(s, "harmless", "nothing");
    otel_attr ea[1] = {OTEL_ATTR_STR("api_key", "k")};           /* 5 */
    otel_span_add_event(s, "e", ea, 1);
    otel_span_set_status(s, OTEL_STATUS_ERROR, "sk-abcdefghijklmnopqrstuv");  /* 6 */
    otel_span_end(s);
    otel_stats_get(&st);
    CHECK_EQ_INT(st.values_redacted - base, 6);
    CHECK_EQ_INT(tu_collect(), 1);
    CHECK_STR(tu_str(tu_spans[0], "note"), "Bearer [REDACTED] and Bearer [REDACTED]");
    tu_shutdown();
}

TEST(resource_redacted) {
    otel_config c;
    tu_config(&c);
    c.resource_attributes = "db.password=hunter2,endpoint=https://u:p@collector:4318,region=eu";
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    const otel_attr *a = tu_resource("db.password");
    CHECK_STR(tu_str_of(a, a != NULL), "[REDACTED]");
    a = tu_resource("endpoint");
    CHECK_STR(tu_str_of(a, a != NULL), "https://REDACTED:REDACTED@collector:4318");
    a = tu_resource("region");
    CHECK_STR(tu_str_of(a, a != NULL), "eu");
    tu_shutdown();
}

/* Attributes take a short path when nothing in them needs the general one
   (the value scan says no secret can start in it). Both paths must store
   the same text: values built from pieces of secrets placed across every
   16-byte boundary are recorded once the short way and once through a
   filter callback, which always takes the general path. */
static int keep_all(void *u, const otel_attr *a) { (void)u; (void)a; return OTEL_FILTER_KEEP; }
static void make_value(char *v, size_t len, uint64_t *seed) {
    static const char *const pieces[] = {"sk-", "sk_", "SK-", "Bearer ", "bearer", "basic ", "BASIC  ", "://", "u:p@",
                                         "=", "password=", "token=", "s", "k", "b", "e", ":", "/", "@", " ", "-",
                                         "abcdefghijklmnopqrstuvwxyz0123456789", "\xc3\xa9", "x"};
    size_t n = 0;
    while (n < len) {
        *seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
        const char *p = pieces[(*seed >> 33) % (sizeof pieces / sizeof *pieces)];
        size_t k = strlen(p);
        if (n + k > len) k = len - n;
        memcpy(v + n, p, k);
        n += k;
    }
    v[len] = 0;
}
#define NVALUES 600
TEST(short_path_matches_general_path) {
    static char values[NVALUES][80];
    static char stored[NVALUES][200];
    uint64_t seed = 12345;
    for (int i = 0; i < NVALUES; i++) make_value(values[i], (size_t)(i % 79), &seed);
    /* a secret that straddles the scan's 16-byte steps */
    for (int i = 0; i < 40; i++) {
        memset(values[i], 'x', 60); values[i][60] = 0;
        memcpy(values[i] + 10 + i % 20, i < 20 ? " sk-abcdefghijklmnopqrstu " : " Bearer abcdef ", i < 20 ? 26 : 15);
    }
    for (int pass = 0; pass < 2; pass++) {
        otel_config c;
        tu_config(&c);
        c.attribute_value_length_limit = 48;   /* some values are cut, on both paths */
        if (pass) c.filter = keep_all;
        CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
        for (int i = 0; i < NVALUES; i += 8) {
            otel_span *s = otel_span_begin("v", OTEL_SPAN_KIND_INTERNAL);
            static const char *const keys[8] = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"};
            for (int j = 0; j < 8; j++) otel_span_set_str(s, keys[j], values[i + j]);
            otel_span_end(s);
            CHECK_EQ_INT(tu_collect(), 1);
            for (int j = 0; j < 8; j++) {
                const char *got = tu_str(tu_spans[0], keys[j]);
                if (pass == 0) snprintf(stored[i + j], sizeof stored[0], "%s", got ? got : "(none)");
                else if (strcmp(stored[i + j], got ? got : "(none)") != 0) {
                    CHECK_STR(stored[i + j], got ? got : "(none)");
                    fprintf(stderr, "  value was '%s'\n", values[i + j]);
                }
            }
        }
        tu_shutdown();
    }
    /* and the short path did redact what the patterns name */
    CHECK(strstr(stored[3], "sk-abcdefghijklmnopqrstu") == NULL);
    CHECK(strstr(stored[25], "Bearer [REDACTED]") != NULL);
}

int main(void) {
    RUN(default_deny_list);
    RUN(value_patterns_anywhere);
    RUN(keyed_values_in_text);
    RUN(value_pattern_short_bearer);
    RUN(redacted_value_and_length_limit);
    RUN(redacted_value_fits_limit);
    RUN(allow_list_mode);
    RUN(redaction_off);
    RUN(extra_patterns);
    RUN(filter_callback);
    RUN(values_redacted_counter);
    RUN(resource_redacted);
    RUN(short_path_matches_general_path);
    return test_summary("redact");
}
