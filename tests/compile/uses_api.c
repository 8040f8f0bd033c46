// The whole API in an ordinary program. The compile checks build it with
// -DOTEL_DISABLED, and build a copy with every line naming the library
// deleted, then compare section sizes and look for leftover symbols.
// So: one library statement per line.
#include <stdio.h>
#include <string.h>
#include "otel_export.h"

static void otel_obs_cb(otel_observer *otel_o, void *otel_u) { otel_observe(otel_o, NULL, 1, NULL, 0); otel_observe_double(otel_o, (otel_instrument *)otel_u, 0.5, NULL, 0); }

static int otel_test_metric(void *otel_u, const otel_metric_info *otel_mi) { (void)otel_u; return otel_mi->kind == OTEL_INSTRUMENT_GAUGE ? OTEL_METRIC_DROP : OTEL_METRIC_ACCEPT_PARTIAL; }
static int otel_test_attrs(void *otel_u, const otel_metric_info *otel_mi, const otel_attr *otel_a, size_t otel_n) { (void)otel_u; (void)otel_mi; (void)otel_a; return otel_n ? OTEL_METRIC_ACCEPT : OTEL_METRIC_DROP; }
static void otel_produce_cb(otel_metric_sink *otel_s, void *otel_u) { otel_metric_info otel_mi; memset(&otel_mi, 0, sizeof otel_mi); otel_metric_point otel_p; memset(&otel_p, 0, sizeof otel_p); otel_mi.name = "ext"; otel_mi.kind = OTEL_INSTRUMENT_GAUGE; (void)otel_u; if (otel_metric_sink_test(otel_s, &otel_mi) != OTEL_METRIC_DROP) otel_produce(otel_s, &otel_mi, &otel_p, NULL, 0); }
static int otel_my_sampler(void *otel_u, otel_sampling_params *otel_p) { (void)otel_u; otel_p->tracestate_len = 0; return otel_p->parent ? OTEL_SAMPLING_RECORD_ONLY : OTEL_SAMPLING_RECORD_AND_SAMPLE; }
static void otel_my_trace_id(void *otel_u, uint8_t otel_id[16]) { (void)otel_u; memset(otel_id, 1, 16); }
static void otel_my_span_id(void *otel_u, uint8_t otel_id[8]) { (void)otel_u; memset(otel_id, 2, 8); }
static void otel_my_offer(void *otel_u, const void *otel_s, const otel_exemplar *otel_m, const otel_attr *otel_a, size_t otel_n, const otel_span_context *otel_c) { (void)otel_u; (void)otel_s; (void)otel_m; (void)otel_a; (void)otel_n; (void)otel_c; }
static size_t otel_my_collect(void *otel_u, const void *otel_s, otel_exemplar *otel_out, size_t otel_max) { (void)otel_u; (void)otel_s; if (otel_max) { memset(otel_out, 0, sizeof *otel_out); otel_out->filtered_attributes = NULL; otel_out->filtered_attribute_count = 0; } return 0; }

static int work(int n) {
    int acc = 0;
    for (int i = 0; i < n; i++) acc += i * 7 % 13;
    return acc;
}

int main(int argc, char **argv) {
    (void)argv;
    otel_config cfg; memset(&cfg, 0, sizeof cfg); /* otel config */
    cfg.service_name = "compile-check"; /* otel */
    cfg.sampler = OTEL_SAMPLER_TAIL; cfg.tail_policies[0].type = OTEL_TAIL_LATENCY; cfg.tail_policies[0].value = 250; /* otel */
    cfg.tail_policies[1].type = OTEL_TAIL_ERROR; cfg.span_metrics = 1; cfg.span_metrics_dimensions = "tool"; /* otel */
    static const otel_exemplar_reservoir reservoir = {otel_my_offer, otel_my_collect, NULL}; /* otel */
    static const otel_view views[1] = {{"x*", OTEL_INSTRUMENT_COUNTER, NULL, NULL, NULL, NULL, 0, OTEL_AGGREGATION_DROP, NULL, 0, 0, 0, 0, "lib", NULL, NULL, NULL, 0, OTEL_EXEMPLAR_RESERVOIR_SIMPLE, 2, &reservoir}}; /* otel */
    cfg.view_count = OTEL_EXEMPLAR_RESERVOIR_DEFAULT + OTEL_EXEMPLAR_RESERVOIR_NONE + OTEL_EXEMPLAR_RESERVOIR_ALIGNED; /* otel */
    cfg.views = views; cfg.view_count = OTEL_AGGREGATION_EXPONENTIAL - 4; /* otel */
    otel_metric_reader_options ropts; memset(&ropts, 0, sizeof ropts); ropts.aggregation.counter = OTEL_AGGREGATION_SUM; ropts.cardinality_limit = 10; /* otel */
    static const otel_metric_filter otel_flt = {otel_test_metric, otel_test_attrs, NULL}; static const otel_metric_producer otel_prod = {otel_produce_cb, NULL};
    ropts.filter = &otel_flt; ropts.producers = &otel_prod; ropts.producer_count = 1; /* otel */
    cfg.metric_reader_options = &ropts; cfg.metric_reader_option_count = 1; /* otel */
    cfg.sampler_fn = otel_my_sampler; cfg.trace_id_fn = otel_my_trace_id; cfg.span_id_fn = otel_my_span_id; cfg.sampler_user = cfg.id_user = NULL; /* otel */
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
    static const int64_t ivals[] = {1, 2}; /* otel */
    static const double dvals[] = {0.5}; /* otel */
    static const int bvals[] = {1, 0}; /* otel */
    otel_span_set_int_array(root, "ia", ivals, 2);
    otel_span_set_double_array(root, "da", dvals, 1);
    otel_span_set_bool_array(root, "ba", bvals, 2);
    otel_attr arrays[4] = {OTEL_ATTR_STR_ARRAY("sa", items, 2), OTEL_ATTR_INT_ARRAY("ia2", ivals, 2), OTEL_ATTR_DOUBLE_ARRAY("da2", dvals, 1), OTEL_ATTR_BOOL_ARRAY("ba2", bvals, 2)};
    otel_attr arrays2[4] = {otel_attr_str_array("sa3", items, 2), otel_attr_int_array("ia3", ivals, 2), otel_attr_double_array("da3", dvals, 1), otel_attr_bool_array("ba3", bvals, 2)};
    otel_span_set_attrs(root, arrays, 4);
    otel_span_set_attrs(root, arrays2, 4);
    otel_span_record_exception(root, "t", "m", "stack", arrays, 1);
    otel_attr attrs[2] = {otel_attr_str("x", "y"), otel_attr_int("z", 3)};
    otel_attr more[2] = {otel_attr_double("dd", 2.0), otel_attr_bool("bb", 0)};
    otel_attr macro_attrs[3] = {OTEL_ATTR_INT("mi", 1), OTEL_ATTR_DOUBLE("md", 0.5), OTEL_ATTR_BOOL("mb", 1)}; /* otel */
    otel_span_set_attrs(root, macro_attrs, 3);
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
    static const otel_location otel_loc = {"by location", "main", __FILE__, __LINE__, OTEL_SPAN_KIND_INTERNAL, NULL};
    otel_span_end(otel_span_begin_loc(&otel_loc));
    static otel_tracer otel_tr; /* otel tracer */
    otel_tr = otel_tracer_get("lib", "1.0", "https://opentelemetry.io/schemas/1.37.0");
    otel_attr otel_sattrs[1] = {OTEL_ATTR_STR("lib.part", "core")}; /* otel */
    const otel_scope *otel_sc = otel_scope_get("lib2", NULL, NULL, otel_sattrs, 1);
    otel_span_end(otel_tracer_span_begin(otel_tr, "on tracer", OTEL_SPAN_KIND_INTERNAL));
    otel_span_end(otel_tracer_span_begin_with_parent(otel_sc, "on scope", OTEL_SPAN_KIND_INTERNAL, &ctx));
    otel_span_end(otel_tracer_span_begin_with_context(otel_tr, "on tracer", OTEL_SPAN_KIND_INTERNAL, NULL));
    {
        OTEL_TRACER_SPAN_SCOPE(otel_tr, "traced scope");
        printf("%d\n", work(2));
    }
    { OTEL_TRACER_SPAN_SCOPE_VAR(otel_tr, tsv, "traced scope2"); otel_span_set_int(tsv, "x", 1); }
    OTEL_TRACER_SPAN_BEGIN(otel_tr, tloc, "traced located");
    OTEL_SPAN_END(tloc);
    otel_logger otel_lg = otel_logger_get("lib.log", "2", NULL);
    otel_logger_log(otel_lg, OTEL_SEVERITY_INFO, "hello", NULL, 0);
    otel_logger_event(otel_lg, "lib.ev", OTEL_SEVERITY_INFO, "hello", NULL, 0);
    if (otel_logger_enabled(otel_lg, OTEL_SEVERITY_DEBUG)) otel_logger_log(otel_lg, OTEL_SEVERITY_DEBUG, "detail", NULL, 0);
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
    static otel_baggage obag; /* otel baggage */
    otel_baggage_set(&obag, "k", "v", "p");
    otel_baggage_parse(&obag, "a=1,b=2;p", (size_t)-1);
    if (otel_baggage_get(&obag, "a") && otel_baggage_count(&obag)) printf("otel baggage\n");
    otel_baggage_entry oent; /* otel entry */
    if (otel_baggage_entry_at(&obag, 0, &oent)) printf("otel entry\n");
    otel_baggage_remove(&obag, "k");
    char obuf[256]; /* otel header */
    otel_baggage_format(&obag, obuf, sizeof obuf);
    otel_baggage_clear(&obag);
    otel_baggage_span_keys("user.id");
    otel_propagators_set("tracecontext,baggage,b3");
    static const otel_propagator oprop = {"mine", NULL, NULL, NULL, NULL}; /* otel propagator */
    otel_propagator_add(&oprop);
    static otel_extracted oex; /* otel extracted */
    otel_propagation_extract(hs, 2, &oex);
    otel_env_extract_context(NULL, &oex);
    otel_header ohs[8]; /* otel headers */
    otel_propagation_inject(&oex.ctx, ohs, 8, obuf, sizeof obuf);
    const char *ofields[8]; /* otel fields */
    otel_propagation_fields(ofields, 8);
    otel_context octx = otel_context_current();
    otel_context_token otok = otel_context_attach(&octx);
    otel_span *octxspan = otel_span_begin_with_context("ctx", OTEL_SPAN_KIND_INTERNAL, &octx);
    otel_span_end(octxspan);
    otel_context_detach(otok);
    int okey = otel_context_key_create("mine");
    otel_context oval = otel_context_set_value(&octx, okey, &oprop);
    if (otel_context_get_value(&oval, okey)) printf("otel value\n");
    otel_span *cur = otel_current_span();
    otel_span_context cc = otel_current_context();
    if (otel_span_context_is_valid(&cc) && otel_span_is_recording(cur)) printf("otel on\n");
    /* otel metrics */
    static const double otel_bounds[] = {1, 2, 3};
    otel_instrument *oc = otel_counter_create("c", "1", "d"), *ocd = otel_counter_create_double("cd", "1", "d");
    otel_instrument *ou = otel_updown_counter_create("u", "1", "d"), *oud = otel_updown_counter_create_double("ud", "1", "d");
    otel_instrument *oh = otel_histogram_create("h", "ms", "d", otel_bounds, 3), *ohi = otel_histogram_create_int("hi", "1", "d", NULL, 0);
    otel_instrument *og = otel_gauge_create("g", "1", "d"), *ogd = otel_gauge_create_double("gd", "1", "d");
    otel_meter omt = otel_meter_get("m", "1.0", "https://opentelemetry.io/schemas/1.37.0");
    otel_instrument *omi = otel_meter_instrument_create(omt, OTEL_INSTRUMENT_COUNTER, 0, "mc", "1", "d", NULL, 0);
    otel_counter_add(omi, 1, NULL, 0);
    static const char *const otel_keys[] = {"k"};
    otel_instrument_args otel_ia = {omt, OTEL_INSTRUMENT_HISTOGRAM, 1, "ma", "s", "d", otel_bounds, 3, otel_keys, 1};
    otel_histogram_record(otel_instrument_create_ex(&otel_ia), 0.5, NULL, 0);
    if (otel_meter_set_enabled(omt, 1) == OTEL_OK) printf("otel meter\n");
    otel_meter_provider *omp = otel_meter_provider_create(1u);
    otel_meter ompm = otel_meter_provider_meter_get(omp, "pm", NULL, NULL);
    otel_counter_add(otel_meter_instrument_create(ompm, OTEL_INSTRUMENT_COUNTER, 0, "pc", "1", "d", NULL, 0), 1, NULL, 0);
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
    otel_metrics_collect(); otel_metrics_collect_reader(0); otel_metric_iter otel_mit = {0, 0, 0}; otel_metric_info otel_mi; otel_metric_point otel_mp;
    while (otel_metrics_next(&otel_mit, &otel_mi, &otel_mp)) { otel_attr otel_pa[4]; otel_metric_point_attrs(&otel_mp, otel_pa, 4); }
    /* otel logs */
    otel_log(OTEL_SEVERITY_INFO, "body", otel_ma, 1); otel_event("e", OTEL_SEVERITY_WARN, "b", NULL, 0);
    otel_log_args otel_la; memset(&otel_la, 0, sizeof otel_la); otel_log_emit(&otel_la);
    otel_session otel_sess; otel_session_init(&otel_sess, otel_ma, 1, OTEL_SESSION_LOG_PROMPTS);
    otel_session_set(&otel_sess, otel_attr_int("n", 1)); otel_session_event(&otel_sess, "ev", 0, NULL, NULL, 0);
    otel_timer otel_t = otel_timer_start(); if (otel_timer_seconds(&otel_t) > 1e9) printf("otel slow\n");
    otel_session_user_prompt(&otel_sess, "p"); otel_session_api_request(&otel_sess, &otel_t, 1, 200, NULL, "/v1/responses");
    otel_tool_call otel_tc = {"t", "id", "{}", 1, "out", NULL, NULL}; otel_session_tool_result(&otel_sess, &otel_t, &otel_tc);
    otel_session_info otel_si = {"c", "1.0", "o", "xterm", "m", "m", NULL, NULL, NULL};
    otel_session_start(&otel_sess, &otel_si, NULL, 0, OTEL_SESSION_LOG_RESPONSES);
    otel_conversation_info otel_ci = {"openai", NULL, "auto", 0, 0, "never", "read-only", NULL, 0};
    otel_session_conversation_starts(&otel_sess, &otel_ci);
    otel_session_sse_event(&otel_sess, &otel_t, "response.created", NULL);
    otel_token_counts otel_tk = {1, 2, OTEL_TOKENS_UNKNOWN, 0, 3}; otel_session_sse_completed(&otel_sess, &otel_t, &otel_tk);
    otel_session_tool_decision(&otel_sess, "t", "id", "approved", "User");
    otel_session_sandbox_outcome(&otel_sess, "t", "id", "success", 5, -1);
    otel_session_agent_response(&otel_sess, NULL, "main", "turn-1", "item-1", "done");
    const char *otel_who[2] = {"a", "b"}; otel_consensus_conflict otel_cc = {"topic", otel_who, 2, "a"};
    otel_consensus_info otel_cinfo = {2, &otel_cc, 1, "majority"}; otel_session_consensus(&otel_sess, NULL, &otel_cinfo);
    otel_session_end(&otel_sess);
    /* otel pipeline helpers */
    otel_span *otel_st = otel_stage_begin("stage");
    otel_span *otel_ag = otel_agent_begin("agent", "p", "m", NULL);
    otel_agent_tokens(otel_ag, "p", "m", 10, 20);
    otel_event_quality_gate(otel_st, "gate", 1, 0.5, "reason"); otel_event_consensus(otel_st, 3, 1, "majority");
    otel_event_model_selection(NULL, "p", "m", "cheap");
    otel_span_event_quality_gate(otel_st, "gate", 0, 0.1, "reason"); otel_span_event_consensus(otel_st, 2, 0, "all");
    otel_span_event_model_selection(otel_st, "p", "m", "cheap"); otel_log_event("e", OTEL_SEVERITY_INFO, "b", NULL, 0);
    otel_span_end(otel_ag); otel_span_end(otel_st);
    otel_span_end(root);
    /* otel consumer: a processor's poll (otel_collect hands out spans and log records) */
    if (otel_console_processor()) printf("otel console\n");
    if (otel_env_processor()) printf("otel env processors\n");
    if (otel_processor_dropped(0)) printf("otel processor dropped\n");
    if (otel_memory_processor()) printf("otel in-memory exporter\n");
    { const otel_span_data *otel_mem[4]; size_t otel_nm = otel_memory_records(OTEL_RECORD_SPAN, otel_mem, 4);
      if (otel_nm + otel_memory_dropped()) printf("otel memory records\n");
      otel_memory_reset(); }
    otel_span_data *otel_batch[8]; size_t otel_n = otel_collect(otel_batch, 8);
    for (size_t otel_i = 0; otel_i < otel_n; otel_i++) { otel_span_data *otel_d = otel_batch[otel_i];
        if (otel_record_type(otel_d) == OTEL_RECORD_LOG) { otel_log_info otel_li; otel_log_data_info(otel_d, &otel_li); continue; }
        otel_span_info otel_si; otel_span_data_info(otel_d, &otel_si); otel_iter otel_it = {0, 0}; otel_item otel_item1;
        while (otel_span_data_next(otel_d, &otel_it, &otel_item1)) printf("otel item %d\n", otel_item1.type); }
    otel_release(otel_batch, otel_n);
    const otel_attr *otel_res; /* otel */
    if (otel_resource_attrs(&otel_res) + otel_pending() > 1000 && otel_scope_name() && otel_resource_schema_url()) printf("otel %s\n", otel_res[0].key);
    /* otel exec: compiled, never run (compiled out, otel_exec_run still runs the command) */
    enum { otel_never = 0 };
    if (otel_never) { otel_exec otel_x; otel_exec_result otel_er; const char *otel_av[] = {"/bin/true", NULL};
        otel_exec_run(otel_av, NULL, &otel_er); otel_exec_begin(&otel_x, otel_av, NULL); otel_exec_started(&otel_x, 1);
        otel_exec_failed(&otel_x, 2); otel_exec_end(&otel_x, 0, &otel_er); if (OTEL_EXEC_ENVP(&otel_x)) printf("otel env\n"); }
    otel_poll();
    otel_export_poll();
    otel_wake();
    otel_stats st; otel_stats_get(&st); /* otel stats */
    if (otel_is_enabled()) printf("otel: %s\n", otel_strerror(OTEL_OK));
    otel_flush(100);
    otel_shutdown(100);
    printf("done %d\n", work(argc));
    return 0;
}
