// The whole API in an ordinary program. The compile checks build it with
// -DOTEL_DISABLED, and build a copy with every line naming the library
// deleted, then compare section sizes and look for leftover symbols.
// So: one library statement per line.
#include <stdio.h>
#include <string.h>
#include "otel.h"

static void otel_obs_cb(otel_observer *otel_o, void *otel_u) { otel_observe(otel_o, NULL, 1, NULL, 0); otel_observe_double(otel_o, (otel_instrument *)otel_u, 0.5, NULL, 0); }

static int work(int n) {
    int acc = 0;
    for (int i = 0; i < n; i++) acc += i * 7 % 13;
    return acc;
}

int main(int argc, char **argv) {
    (void)argv;
    otel_config cfg; memset(&cfg, 0, sizeof cfg); /* otel config */
    cfg.service_name = "compile-check"; /* otel */
    static const otel_view views[1] = {{"x*", OTEL_INSTRUMENT_COUNTER, NULL, NULL, NULL, NULL, 0, OTEL_AGGREGATION_DROP, NULL, 0, 0, 0, 0}}; /* otel */
    cfg.views = views; cfg.view_count = OTEL_AGGREGATION_EXPONENTIAL - 4; /* otel */
    otel_init(&cfg);
    otel_init(NULL);
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_SERVER);
    otel_span_set_str(root, "k", "v");
    otel_span_set_strn(root, "k2", "value", 3);
    otel_span_set_int(root, "n", argc);
    otel_span_set_double(root, "d", 1.5);
    otel_span_set_bool(root, "b", 1);
    const char *items[] = {"a", "b"}; /* otel items */
    otel_span_set_str_array(root, "arr", items, 2);
    otel_attr attrs[2] = {otel_attr_str("x", "y"), otel_attr_int("z", 3)};
    otel_attr more[2] = {otel_attr_double("dd", 2.0), otel_attr_bool("bb", 0)};
    otel_span_set_attrs(root, attrs, 2);
    otel_span_set_attrs(root, more, 2);
    otel_span_set_name(root, "renamed");
    otel_span_add_event(root, "ev", attrs, 2);
    otel_span_add_event_at(root, "ev2", 12345, NULL, 0);
    otel_span_context ctx = otel_span_get_context(root);
    otel_span_add_link(root, &ctx, attrs, 1);
    int result = work(argc + 10);
    otel_span_set_int(root, "result", result);
    otel_span *child = otel_span_begin_with_parent("child", OTEL_SPAN_KIND_CLIENT, &ctx);
    otel_span_set_status(child, OTEL_STATUS_ERROR, "bad");
    otel_span_record_error(child, "E", "boom");
    otel_span_end_at(child, 99);
    otel_span_args args; memset(&args, 0, sizeof args); /* otel args */
    args.name = "ex"; /* otel */
    otel_span *ex = otel_span_begin_ex(&args);
    otel_span_end(ex);
    {
        OTEL_SPAN_SCOPE("scoped");
        printf("%d\n", work(3));
    }
    { OTEL_SPAN_SCOPE_VAR(sv, "scoped2"); otel_span_set_int(sv, "x", 1); }
    OTEL_SPAN_BEGIN(loc, "located");
    OTEL_SPAN_END(loc);
    char tp[56]; /* otel buffer */
    otel_traceparent_format(&ctx, tp);
    otel_span_context parsed; /* otel parsed */
    otel_traceparent_parse(tp, strlen(tp), &parsed);
    otel_tracestate_validate("a=b", 3);
    otel_context_extract(tp, "a=b", &parsed);
    otel_header hs[2]; char hb[700]; /* otel headers */
    otel_headers_inject(&ctx, hs, 2, hb, sizeof hb);
    otel_headers_extract(hs, 2, &parsed);
    otel_env_extract(NULL, &parsed);
    char *envp[64]; char eb[700]; /* otel env */
    otel_context_inject_env(&ctx, NULL, envp, 64, eb, sizeof eb);
    otel_context_setenv(&ctx);
    otel_span *cur = otel_current_span();
    otel_span_context cc = otel_current_context();
    if (otel_span_context_is_valid(&cc) && otel_span_is_recording(cur)) printf("otel on\n");
    /* otel metrics */
    static const double otel_bounds[] = {1, 2, 3};
    otel_instrument *oc = otel_counter_create("c", "1", "d"), *ocd = otel_counter_create_double("cd", "1", "d");
    otel_instrument *ou = otel_updown_counter_create("u", "1", "d"), *oud = otel_updown_counter_create_double("ud", "1", "d");
    otel_instrument *oh = otel_histogram_create("h", "ms", "d", otel_bounds, 3), *ohi = otel_histogram_create_int("hi", "1", "d", NULL, 0);
    otel_instrument *og = otel_gauge_create("g", "1", "d"), *ogd = otel_gauge_create_double("gd", "1", "d");
    otel_instrument *oe = otel_histogram_create_exponential("e", "s", "d", 0, OTEL_EXP_HISTOGRAM_MAX_SCALE); otel_histogram_record(oe, 0.25, NULL, 0);
    otel_attr otel_ma[1] = {OTEL_ATTR_STR("k", "v")};
    otel_counter_add(oc, argc, otel_ma, 1); otel_counter_add_double(ocd, 0.5, otel_ma, 1);
    otel_counter_add(ou, -1, NULL, 0); otel_counter_add_double(oud, -0.5, NULL, 0);
    otel_histogram_record(oh, 2.5, otel_ma, 1); otel_histogram_record_int(ohi, argc, NULL, 0);
    otel_gauge_set(og, argc, NULL, 0); otel_gauge_set_double(ogd, 1.5, NULL, 0);
    if (otel_instrument_name_valid("x")) printf("otel valid\n");
    otel_instrument *otel_oo[6] = {otel_observable_counter_create("oc", "1", "d", otel_obs_cb, NULL), otel_observable_counter_create_double("ocd", "1", "d", NULL, NULL)};
    otel_oo[2] = otel_observable_updown_counter_create("ou", "1", "d", NULL, NULL); otel_oo[3] = otel_observable_updown_counter_create_double("oud", "1", "d", otel_obs_cb, NULL);
    otel_oo[4] = otel_observable_gauge_create("og", "1", "d", NULL, NULL); otel_oo[5] = otel_observable_gauge_create_double("ogd", "1", "d", otel_obs_cb, &argc);
    otel_callback *otel_cb = otel_callback_register(otel_obs_cb, otel_oo[1], otel_oo, 6); if (otel_callback_unregister(otel_cb) == OTEL_OK) printf("otel unregistered\n");
    otel_genai_record_tokens("p", "m", "chat", 1, 2); otel_genai_record_duration("p", "m", "chat", 0.1, NULL);
    otel_agent_record("a", "s", "ok", 1.0); otel_api_call_record("host", "GET", 200, 0.2, NULL);
    otel_metrics_collect(); otel_metric_iter otel_mit = {0, 0, 0}; otel_metric_info otel_mi; otel_metric_point otel_mp;
    while (otel_metrics_next(&otel_mit, &otel_mi, &otel_mp)) { otel_attr otel_pa[4]; otel_metric_point_attrs(&otel_mp, otel_pa, 4); }
    /* otel logs */
    otel_log(OTEL_SEVERITY_INFO, "body", otel_ma, 1); otel_event("e", OTEL_SEVERITY_WARN, "b", NULL, 0);
    otel_log_args otel_la; memset(&otel_la, 0, sizeof otel_la); otel_log_emit(&otel_la);
    otel_session otel_sess; otel_session_init(&otel_sess, otel_ma, 1, OTEL_SESSION_LOG_PROMPTS);
    otel_session_set(&otel_sess, otel_attr_int("n", 1)); otel_session_event(&otel_sess, "ev", 0, NULL, NULL, 0);
    otel_timer otel_t = otel_timer_start(); if (otel_timer_seconds(&otel_t) > 1e9) printf("otel slow\n");
    otel_session_user_prompt(&otel_sess, "p"); otel_session_api_request(&otel_sess, &otel_t, "p", "m", 1, 200, NULL);
    otel_session_tool_result(&otel_sess, &otel_t, "t", "id", 1, "out");
    /* otel pipeline helpers */
    otel_span *otel_st = otel_stage_begin("stage");
    otel_span *otel_ag = otel_agent_begin("agent", "p", "m", NULL);
    otel_agent_tokens(otel_ag, "p", "m", 10, 20);
    otel_event_quality_gate(otel_st, "gate", 1, 0.5, "reason"); otel_event_consensus(otel_st, 3, 1, "majority");
    otel_event_model_selection(NULL, "p", "m", "cheap");
    otel_span_end(otel_ag); otel_span_end(otel_st);
    otel_span_end(root);
    otel_poll();
    otel_wake();
    otel_stats st; otel_stats_get(&st); /* otel stats */
    if (otel_is_enabled()) printf("otel: %s\n", otel_strerror(OTEL_OK));
    otel_flush(100);
    otel_shutdown(100);
    printf("done %d\n", work(argc));
    return 0;
}
