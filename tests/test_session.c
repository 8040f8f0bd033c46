/* The session layer's bad input and edges (the schema itself is checked end
   to end by tests/node/codex_schema.js): calls before init and after
   shutdown, NULL sessions and strings, over-long strings cut on a UTF-8
   boundary and counted, missing fields left out and counted, the prefix
   rules, the RFC 3339 timestamps, and a consensus with more conflicts than
   one record holds. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"

static const otel_session_info info = {"conv-1", "1.0.0", "codex_cli_rs", "xterm", "gpt-5", "gpt-5", NULL, NULL, NULL};

/* the one log record of the last collection whose event name is name */
static otel_span_data *find_log(const char *name) {
    for (size_t i = 0; i < tu_n; i++) {
        if (otel_record_type(tu_spans[i]) != OTEL_RECORD_LOG) continue;
        otel_log_info in;
        otel_log_data_info(tu_spans[i], &in);
        if (in.event_name && strlen(name) == in.event_name_len && memcmp(in.event_name, name, in.event_name_len) == 0)
            return tu_spans[i];
    }
    return NULL;
}
static const char *str_attr(const otel_span_data *d, const char *key) {
    otel_attr a;
    return d ? tu_str_of(&a, tu_attr(d, key, &a)) : "<no record>";
}
static int has_attr(const otel_span_data *d, const char *key) {
    otel_attr a;
    return d && tu_attr(d, key, &a);
}
static void every_call(otel_session *s) {
    otel_timer t = otel_timer_start();
    otel_session_conversation_starts(s, NULL);
    otel_session_user_prompt(s, NULL);
    otel_session_api_request(s, NULL, 1, 0, NULL, NULL);
    otel_session_sse_event(s, &t, NULL, NULL);
    otel_session_sse_completed(s, NULL, NULL);
    otel_session_tool_decision(s, NULL, NULL, NULL, NULL);
    otel_session_tool_result(s, NULL, NULL);
    otel_session_sandbox_outcome(s, NULL, NULL, NULL, 0, -1);
    otel_session_agent_response(s, NULL, NULL, NULL, NULL, NULL);
    otel_session_consensus(s, NULL, NULL);
    otel_session_event(s, NULL, 0, NULL, NULL, 3);
    otel_session_end(s);
}

/* before init, after shutdown, and with a NULL session: nothing recorded, no crash */
TEST(before_init_after_shutdown_null) {
    otel_session s;
    otel_session_start(&s, &info, NULL, 0, 0);
    every_call(&s);
    otel_session_start(NULL, &info, NULL, 0, 0);
    otel_session_init(NULL, NULL, 0, 0);
    otel_session_set(NULL, otel_attr_str("k", "v"));
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    every_call(NULL);                 /* no session: events without common attributes */
    CHECK(tu_collect() > 0);
    CHECK(find_log("tool_decision") != NULL);
    tu_shutdown();
    every_call(&s);
    otel_timer t = otel_timer_start();
    otel_session_api_request(&s, &t, 1, 200, NULL, "/v1/responses");   /* would keep a span open */
    CHECK(s.otel__request == NULL);
    CHECK_EQ_INT(otel_collect(tu_spans, 8), 0);
}

/* NULL where the schema wants a value: the key is left out and counted;
   optional fields are just left out */
TEST(missing_fields_left_out_and_counted) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_session s;
    otel_session_info partial = info;
    partial.slug = NULL;              /* one common attribute missing */
    otel_session_start(&s, &partial, NULL, 0, 0);
    s.event_prefix = "codex";
    otel_stats before, after;
    otel_stats_get(&before);
    otel_session_tool_decision(&s, "shell", NULL, "approved", "User");
    otel_session_sandbox_outcome(&s, "shell", "c1", "success", 3, -1);
    otel_token_counts k = {10, 5, OTEL_TOKENS_UNKNOWN, OTEL_TOKENS_UNKNOWN, 15};
    otel_session_sse_completed(&s, NULL, &k);
    otel_stats_get(&after);
    CHECK_EQ_INT(after.attributes_dropped - before.attributes_dropped, 1);   /* call_id; slug at start */
    tu_collect();
    otel_span_data *d = find_log("codex.tool_decision");
    CHECK(d && !has_attr(d, "call_id") && !has_attr(d, "slug"));
    CHECK_STR(str_attr(d, "tool_name"), "shell");
    CHECK_STR(str_attr(d, "conversation.id"), "conv-1");
    CHECK(!has_attr(d, "auth_mode"));  /* optional, unknown */
    d = find_log("codex.sandbox_outcome");
    CHECK(d && has_attr(d, "initial_duration_ms") && !has_attr(d, "escalated_duration_ms"));
    d = find_log("codex.sse_event");
    CHECK(d && !has_attr(d, "cached_token_count") && !has_attr(d, "reasoning_token_count"));
    CHECK_STR(str_attr(d, "input_token_count"), "10");
    CHECK_STR(str_attr(d, "tool_token_count"), "15");
    tu_shutdown();
}

/* an over-long text is cut on a UTF-8 boundary and counted; the response
   says so itself (response_truncated, response_length before the cut) */
TEST(long_strings_cut_on_utf8_boundary) {
    otel_config c;
    tu_config(&c);
    c.attribute_value_length_limit = 100;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_session s;
    otel_session_start(&s, &info, NULL, 0, OTEL_SESSION_LOG_RESPONSES | OTEL_SESSION_LOG_PROMPTS);
    s.event_prefix = "";
    static char text[4000];
    size_t n = 0;
    while (n + 3 < sizeof text) { memcpy(text + n, "\xc3\xa9", 2); n += 2; }   /* é é é ... */
    text[n] = 0;
    otel_stats before, after;
    otel_stats_get(&before);
    otel_session_agent_response(&s, NULL, "main", "t1", "i1", text);
    otel_session_user_prompt(&s, text);
    static char prefix[200];
    memset(prefix, 'p', sizeof prefix - 1);
    s.event_prefix = prefix;          /* longer than a prefix may be: cut, counted */
    otel_session_tool_decision(&s, "shell", "c1", "denied", "Config");
    otel_stats_get(&after);
    CHECK(after.values_truncated - before.values_truncated >= 3);
    tu_collect();
    otel_span_data *d = find_log("agent_response");
    otel_attr a;
    CHECK(d && tu_attr(d, "response", &a) && a.v.str.len == 100);
    CHECK(d && tu_attr(d, "response_length", &a) && a.type == OTEL_TYPE_INT && a.v.i == (int64_t)n);
    CHECK(d && tu_attr(d, "response_truncated", &a) && a.type == OTEL_TYPE_BOOL && a.v.b == 1);
    d = find_log("user_prompt");
    CHECK(d && tu_attr(d, "prompt", &a) && a.v.str.len == 100 && (a.v.str.ptr[99] & 0xc0) == 0x80);
    char chars[16];
    snprintf(chars, sizeof chars, "%zu", n / 2);
    CHECK_STR(str_attr(d, "prompt_length"), chars);   /* characters, not bytes */
    int found = 0;
    for (size_t i = 0; i < tu_n; i++) {
        otel_log_info in;
        if (otel_record_type(tu_spans[i]) != OTEL_RECORD_LOG) continue;
        otel_log_data_info(tu_spans[i], &in);
        if (in.event_name_len == 63 + strlen("tool_decision") && in.event_name[62] == '.') found = 1;
    }
    CHECK(found);
    tu_shutdown();
}

/* the prefix: the service name by default, a dot added unless there is one, "" none */
TEST(prefix_rules) {
    otel_config c;
    tu_config(&c);
    c.service_name = "agentd";
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    otel_session s;
    otel_session_init(&s, NULL, 0, 0);
    otel_session_event(&s, "a", 0, NULL, NULL, 0);
    s.event_prefix = "codex";
    otel_session_event(&s, "b", 0, NULL, NULL, 0);
    s.event_prefix = "x.";
    otel_session_event(&s, "c", 0, NULL, NULL, 0);
    s.event_prefix = "";
    otel_session_event(&s, "d", 0, NULL, NULL, 0);
    tu_collect();
    CHECK(find_log("agentd.a") && find_log("codex.b") && find_log("x.c") && find_log("d"));
    CHECK_STR(str_attr(find_log("codex.b"), "event.name"), "codex.b");
    tu_shutdown();
}

TEST(rfc3339_timestamps) {
    char b[25];
    otel__rfc3339_ms(0, b);
    CHECK_STR(b, "1970-01-01T00:00:00.000Z");
    otel__rfc3339_ms(951782400123456789ull, b);   /* a leap day */
    CHECK_STR(b, "2000-02-29T00:00:00.123Z");
    otel__rfc3339_ms(1735689599999000000ull, b);
    CHECK_STR(b, "2024-12-31T23:59:59.999Z");
    otel__rfc3339_ms(4102444800000000000ull, b);
    CHECK_STR(b, "2100-01-01T00:00:00.000Z");
}

/* more conflicts than one record names: the first 16, the rest counted */
TEST(consensus_conflicts_bounded) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_session s;
    otel_session_start(&s, &info, NULL, 0, 0);
    s.event_prefix = "";
    static const char *const who[3] = {"a", "b", NULL};
    otel_consensus_conflict k[20];
    for (int i = 0; i < 20; i++) { k[i].topic = i == 3 ? NULL : "topic"; k[i].agents = who; k[i].agent_count = 3; k[i].resolution = NULL; }
    otel_consensus_info ci = {3, k, 20, "majority"};
    otel_stats before, after;
    otel_stats_get(&before);
    otel_session_consensus(&s, NULL, &ci);
    otel_stats_get(&after);
    CHECK_EQ_INT(after.attributes_dropped - before.attributes_dropped, 4);
    tu_collect();
    otel_span_data *d = find_log("consensus");
    otel_attr a;
    CHECK(d && tu_attr(d, "consensus.conflicts", &a) && a.v.i == 16);
    CHECK(d && tu_attr(d, "consensus.conflict.topics", &a) && a.type == OTEL_TYPE_STRING_ARRAY && a.v.strs.count == 16);
    CHECK(d && tu_attr(d, "consensus.disagreeing_agents", &a) && a.v.strs.count == 3);   /* a, b and "" */
    tu_shutdown();
}

/* the session's attributes are copied into each event as the attribute
   writer made them once; a session holding something to redact takes the
   writer every time, and otel_session_set is seen by the next event */
TEST(common_attributes_copied_redacted_and_renewed) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_session s;
    otel_session_start(&s, &info, NULL, 0, 0);
    s.event_prefix = "";
    otel_session_tool_decision(&s, "shell", "c1", "approved", "User");
    otel_session_set(&s, otel_attr_str("model", "gpt-6"));
    otel_session_tool_decision(&s, "shell", "c2", "approved", "User");
    otel_session leaky;
    otel_attr secret[2] = {OTEL_ATTR_STR("api_key", "k-123"), OTEL_ATTR_STR("note", "Bearer abcdefghijkl")};
    otel_session_start(&leaky, &info, secret, 2, 0);
    leaky.event_prefix = "leaky";
    otel_stats before, after;
    otel_stats_get(&before);
    otel_session_tool_decision(&leaky, "shell", "c3", "approved", "User");
    otel_session_tool_decision(&leaky, "shell", "c4", "approved", "User");
    otel_stats_get(&after);
    CHECK_EQ_INT(after.values_redacted - before.values_redacted, 4);   /* both values, both events */
    tu_collect();
    int n = 0;
    for (size_t i = 0; i < tu_n; i++) {
        otel_span_data *d = tu_spans[i];
        const char *id = str_attr(d, "call_id");
        otel_log_info in;
        otel_log_data_info(d, &in);
        CHECK_EQ_INT(in.attribute_count, strcmp(id, "c3") == 0 || strcmp(id, "c4") == 0 ? 14 : 12);
        CHECK_STR(str_attr(d, "conversation.id"), "conv-1");
        if (strcmp(id, "c1") == 0) { n++; CHECK_STR(str_attr(d, "model"), "gpt-5"); }
        if (strcmp(id, "c2") == 0) { n++; CHECK_STR(str_attr(d, "model"), "gpt-6"); }
        if (strcmp(id, "c3") == 0 || strcmp(id, "c4") == 0) {
            n++;
            CHECK_STR(str_attr(d, "api_key"), "[REDACTED]");
            CHECK_STR(str_attr(d, "note"), "Bearer [REDACTED]");
            CHECK_STR(str_attr(d, "event.name"), "leaky.tool_decision");
        }
    }
    CHECK_EQ_INT(n, 4);
    tu_shutdown();
}

/* an event's own values written in place read back exactly as the
   attribute writer (otel_event) makes them, short texts with secrets too */
TEST(own_values_as_the_writer_makes_them) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_session s;
    otel_session_start(&s, &info, NULL, 0, 0);
    s.event_prefix = "";
    static const char *const fixed[] = {"shell", "User", "pwd=123", "token=x", "a=b", "sk-1", "Basic", "x:/y", "", "approved",
                                        "sk-abcdefghijklmnopqrstu", "pwd=hunter2 and more", "Bearer abcdefghijkl"};
    /* and texts about the pre-scan's 16-byte steps and its 47-byte limit:
       plain ones and ones ending in a secret (a pair across a step too) */
    static const char *const tails[] = {"", "pwd=1", " sk-abcdefghijklmnopqrst", " bEaReR abcdefghijkl", "http://u:p@h", "s", "b"};
    static const int lens[] = {7, 8, 15, 16, 17, 31, 32, 33, 46, 47, 48, 49, 64};
    enum { NF = sizeof fixed / sizeof fixed[0], NT = sizeof tails / sizeof tails[0], NL = sizeof lens / sizeof lens[0],
           NV = NF + NT * NL };
    static char gen[NT * NL][96];
    const char *values[NV];
    for (int i = 0; i < NF; i++) values[i] = fixed[i];
    for (int t = 0; t < NT; t++)
        for (int l = 0; l < NL; l++) {
            char *g = gen[t * NL + l];
            int tl = (int)strlen(tails[t]), pad = lens[l] > tl ? lens[l] - tl : 0;
            memset(g, 'x', (size_t)pad);
            strcpy(g + pad, tails[t]);
            if (tl == 1 && pad > 0) { g[pad - 1] = ' '; strcat(g, t == NT - 2 ? "k-abcdefghijklmnopqrst" : "earer abcdefghijkl"); }
            values[NF + t * NL + l] = g;
        }
    otel_attr a[NV + 1];
    for (int i = 0; i < NV; i++) a[i] = otel_attr_str(i % 2 ? "note" : "text", values[i]);
    for (int i = 0; i < NV; i++) {
        otel_session_event(&s, "mine", 0, NULL, &a[i], 1);
        otel_event("theirs", OTEL_SEVERITY_INFO, NULL, &a[i], 1);
    }
    a[NV] = otel_attr_str("password", "x");   /* a key that is redacted */
    otel_session_event(&s, "mine", 0, NULL, &a[NV], 1);
    otel_event("theirs", OTEL_SEVERITY_INFO, NULL, &a[NV], 1);
    tu_collect();
    CHECK_EQ_INT(tu_n, 2 * (NV + 1));
    for (size_t i = 0; i + 1 < tu_n; i += 2) {
        int k = (int)(i / 2);
        const char *key = a[k].key;
        char mine[256];
        snprintf(mine, sizeof mine, "%s", str_attr(tu_spans[i], key));
        if (k >= NF && k < NV && strchr(values[k], '=') == NULL && strchr(values[k], '@') == NULL && strpbrk(values[k], "kK"))
            CHECK(strstr(mine, "[REDACTED]") != NULL);   /* the generated secrets are found, wherever they sit */
        CHECK_STR(mine, str_attr(tu_spans[i + 1], key));
        if (k == 2) CHECK_STR(mine, "pwd=[REDACTED]");    /* shorter than a word, still found */
        if (k == NV) CHECK_STR(mine, "[REDACTED]");
    }
    tu_shutdown();
}

int main(void) {
    tu_clear_env();
    RUN(before_init_after_shutdown_null);
    RUN(missing_fields_left_out_and_counted);
    RUN(long_strings_cut_on_utf8_boundary);
    RUN(prefix_rules);
    RUN(rfc3339_timestamps);
    RUN(consensus_conflicts_bounded);
    RUN(common_attributes_copied_redacted_and_renewed);
    RUN(own_values_as_the_writer_makes_them);
    return test_summary("session");
}
