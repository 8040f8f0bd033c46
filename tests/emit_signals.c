/* emit_signals.c - a program that records metrics and log records (and a
   span for them to refer to) for tests/node/conformance_signals.js. It
   exports with the settings in its environment and prints one JSON line
   with what it recorded, for the test to compare with what arrived.
     emit_signals all       every instrument kind, events, sessions
     emit_signals phases    two rounds of recordings, a collection apart
     emit_signals observe   observable instruments: two collections, a batch
                            callback unregistered between them
     emit_signals exp       exponential histograms (the values: the test's own list)
     emit_signals exemplars measurements in a sampled span, in an unsampled one
                            and outside spans, with the sampled span's ids
     emit_signals scopes    spans on two named tracers and the default one,
                            interleaved, log records on a named logger and the
                            default one, metrics on a named meter (scope
                            attributes on all three kinds) and the default one
                            (tests/node/scopes_check.js; the resource's
                            schema URL from RESOURCE_SCHEMA_URL)
     emit_signals meters    the instrument API: the attribute keys advice
                            (and a view's keys over it), descriptions too long
                            or not UTF-8, a meter without a name, meters
                            disabled and enabled at run time
                            (tests/node/meters_check.js)
     emit_signals providers two meter providers, each over one of two OTLP
                            readers (READER_A_URL, READER_B_URL), and the
                            default one (tests/node/meter_providers_check.js) */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void hex(const uint8_t *p, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", p[i]);
    out[2 * n] = 0;
}
static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}
static void print_stats(void) {
    otel_stats st;
    otel_stats_get(&st);
    printf(",\"stats\":{\"logsEmitted\":%llu,\"logsExported\":%llu,\"logsExportDropped\":%llu,\"logsExportFailed\":%llu,"
           "\"logsDropped\":%llu,\"points\":%llu,\"metricFailed\":%llu,\"series\":%llu,\"overflow\":%llu,\"pending\":%llu,\"exemplarAttrsDropped\":%llu}",
           (unsigned long long)st.logs_emitted, (unsigned long long)st.logs_exported,
           (unsigned long long)st.logs_export_dropped, (unsigned long long)st.logs_export_failed,
           (unsigned long long)st.logs_dropped, (unsigned long long)st.metric_points_exported,
           (unsigned long long)st.metric_export_failed, (unsigned long long)st.metric_series,
           (unsigned long long)st.metric_overflow_recordings, (unsigned long long)otel_pending(),
           (unsigned long long)st.exemplar_attributes_dropped);
}

static int all(void) {
    otel_instrument *req = otel_counter_create("http.server.requests", "{request}", "Requests served");
    otel_instrument *bytes = otel_counter_create_double("net.bytes", "By", "Bytes sent");
    otel_instrument *active = otel_updown_counter_create("jobs.active", "{job}", "Jobs running");
    otel_instrument *lat = otel_histogram_create("op.latency", "ms", "Latency", NULL, 0);
    static const double bounds[] = {1, 2, 4};
    otel_instrument *small = otel_histogram_create_int("queue.depth", "{item}", "Depth", bounds, 3);
    otel_instrument *temp = otel_gauge_create_double("cpu.temperature", "Cel", "Temperature");
    otel_instrument *bad = otel_counter_create("9starts.with.digit", "1", "invalid");
    /* attributes in either order are one series */
    otel_attr ab[2] = {OTEL_ATTR_STR("http.route", "/users"), OTEL_ATTR_INT("http.response.status_code", 200)};
    otel_attr ba[2] = {OTEL_ATTR_INT("http.response.status_code", 200), OTEL_ATTR_STR("http.route", "/users")};
    otel_attr other[2] = {OTEL_ATTR_STR("http.route", "/orders"), OTEL_ATTR_INT("http.response.status_code", 500)};
    for (int i = 0; i < 10; i++) otel_counter_add(req, 1, i % 2 ? ab : ba, 2);
    otel_counter_add(req, 3, other, 2);
    otel_counter_add(req, -5, other, 2);                 /* ignored: counters only go up */
    otel_counter_add_double(bytes, 1.5, NULL, 0);
    otel_counter_add_double(bytes, 2.25, NULL, 0);
    otel_counter_add(active, 5, NULL, 0);
    otel_counter_add(active, -2, NULL, 0);
    const double vals[] = {0, 3, 7, 7, 30, 120, 99999};   /* buckets of the default boundaries */
    otel_attr op = OTEL_ATTR_STR("op", "read");
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) otel_histogram_record(lat, vals[i], &op, 1);
    for (int v = 0; v <= 5; v++) otel_histogram_record_int(small, v, NULL, 0);
    otel_gauge_set_double(temp, 40.5, NULL, 0);
    otel_gauge_set_double(temp, 42.25, NULL, 0);
    otel_attr secret = OTEL_ATTR_STR("api_key", "sk-abcdefghijklmnopqrstuvwx");
    otel_counter_add(req, 1, &secret, 1);
    otel_counter_add(bad, 1, NULL, 0);
    otel_genai_record_tokens("openai", "gpt-4o", "chat", 120, 48);
    otel_genai_record_duration("openai", "gpt-4o", "chat", 0.75, NULL);
    otel_genai_record_duration("openai", "gpt-4o", "chat", 2.5, "timeout");
    otel_agent_record("planner", "plan", "success", 1.25);
    otel_agent_record("coder", "build", "failure", 3.5);

    /* log records: plain, an event in a span, session helpers */
    otel_log(OTEL_SEVERITY_WARN, "disk almost full", NULL, 0);
    otel_span *s = otel_span_begin("handle request", OTEL_SPAN_KIND_SERVER);
    otel_span_context ctx = otel_span_get_context(s);
    otel_attr ea[2] = {OTEL_ATTR_STR("gen_ai.request.model", "gpt-4o"), OTEL_ATTR_INT("count", 3)};
    otel_event("model_selection", OTEL_SEVERITY_INFO, "picked the fast model", ea, 2);
    otel_session sess;
    otel_attr sa[3] = {OTEL_ATTR_STR("session.id", "s-123"), OTEL_ATTR_STR("app.version", "1.2.3"),
                       OTEL_ATTR_STR("terminal.type", "xterm")};
    otel_session_init(&sess, sa, 3, 0);
    sess.event_prefix = "agent.";
    otel_session_user_prompt(&sess, "my password is hunter2, use key sk-abcdefghijklmnopqrstuvwx");
    otel_timer t = otel_timer_start();
    otel_session_api_request(&sess, &t, 2, 429, "rate limited", "/v1/responses");
    otel_tool_call grep = {"grep", "call-7", "{\"pattern\":\"token\"}", 1, "Authorization: Bearer abc.def.ghi found in config", NULL, NULL};
    otel_session_tool_result(&sess, &t, &grep);
    otel_session opted;
    otel_session_init(&opted, sa, 1, OTEL_SESSION_LOG_PROMPTS | OTEL_SESSION_LOG_TOOL_OUTPUT);
    opted.event_prefix = "";
    otel_session_user_prompt(&opted, "summarise the report");
    otel_tool_call cat = {"cat", "call-8", "{}", 0, "line one, token=Bearer xyz123", NULL, NULL};
    otel_session_tool_result(&opted, NULL, &cat);
    otel_span_end(s);
    otel_log_args la;
    memset(&la, 0, sizeof la);
    la.event_name = "custom.time";
    la.severity = OTEL_SEVERITY_DEBUG;
    la.time_ns = 1700000000000000000ull;
    static const int64_t la_ints[] = {3, -4};
    static const double la_dbls[] = {0.25};
    static const int la_bools[] = {0, 1};
    otel_attr la_attrs[3] = {OTEL_ATTR_INT_ARRAY("ints", la_ints, 2), OTEL_ATTR_DOUBLE_ARRAY("doubles", la_dbls, 1),
                             OTEL_ATTR_BOOL_ARRAY("bools", la_bools, 2)};
    la.attrs = la_attrs; la.attr_count = 3;
    otel_log_emit(&la);

    int flush = otel_flush(5000);
    char tid[33], sid[17];
    hex(ctx.trace_id, 16, tid);
    hex(ctx.span_id, 8, sid);
    printf("{\"flush\":%d,\"span\":{\"traceId\":\"%s\",\"spanId\":\"%s\"},\"badInstrument\":%s", flush, tid, sid,
           bad ? "true" : "false");
    print_stats();
    printf("}\n");
    return 0;
}

/* two rounds of recordings with a collection between them */
static int phases(void) {
    otel_instrument *c = otel_counter_create("phase.count", "1", "");
    otel_instrument *h = otel_histogram_create("phase.hist", "s", "", NULL, 0);
    otel_instrument *u = otel_updown_counter_create("phase.updown", "1", "");
    otel_counter_add(c, 5, NULL, 0);
    otel_histogram_record(h, 1, NULL, 0);
    otel_counter_add(u, 4, NULL, 0);
    int f1 = otel_flush(5000);
    sleep_ms(20);
    otel_counter_add(c, 7, NULL, 0);
    otel_histogram_record(h, 100, NULL, 0);
    otel_histogram_record(h, 3, NULL, 0);
    otel_counter_add(u, -1, NULL, 0);
    int f2 = otel_flush(5000);
    printf("{\"flush\":%d", f1 || f2);
    print_stats();
    printf("}\n");
    return 0;
}

/* observable instruments: readings taken by callbacks at each collection */
static int64_t faults_total;
static int faults_calls, batch_calls;
static otel_instrument *pool, *qlen, *mem, *plain;
static otel_observer *kept;
static void faults_cb(otel_observer *o, void *user) {
    (void)user;
    faults_calls++;
    faults_total += 10;
    otel_attr a = OTEL_ATTR_STR("fault.type", "minor");
    otel_observe(o, NULL, faults_total, &a, 1);
    otel_observe(o, NULL, -5, NULL, 0);              /* ignored: a counter's reading */
}
static void batch_cb(otel_observer *o, void *user) {
    (void)user;
    batch_calls++;
    otel_attr a = OTEL_ATTR_STR("queue", "a"), b = OTEL_ATTR_STR("queue", "b");
    otel_observe_double(o, pool, 2.5, NULL, 0);
    otel_observe(o, qlen, 99, &a, 1);
    otel_observe(o, qlen, 4, &a, 1);                 /* the last reading wins */
    otel_observe(o, qlen, 6, &b, 1);
    otel_observe_double(o, mem, 1048576.5, NULL, 0);
    otel_observe_double(o, mem, 0.0 / 0.0, &a, 1);   /* ignored: NaN */
    otel_observe(o, plain, 1, NULL, 0);              /* ignored: not this callback's */
    kept = o;
}
static int observe(void) {
    otel_observable_counter_create("proc.page_faults", "{fault}", "Page faults", faults_cb, NULL);
    pool = otel_observable_updown_counter_create_double("pool.connections", "{connection}", "Open connections", NULL, NULL);
    qlen = otel_observable_gauge_create("queue.length", "{item}", "Items waiting", NULL, NULL);
    mem = otel_observable_gauge_create_double("mem.usage", "By", "Memory in use", NULL, NULL);
    plain = otel_counter_create("plain.count", "1", "");
    otel_instrument *list[3] = {pool, qlen, mem};
    otel_callback *cb = otel_callback_register(batch_cb, NULL, list, 3);
    int f1 = otel_flush(5000);
    otel_observe(kept, qlen, 1000, NULL, 0);          /* ignored: outside the callback */
    int un = otel_callback_unregister(cb);
    sleep_ms(20);
    int f2 = otel_flush(5000);
    printf("{\"flush\":%d,\"unregister\":%d,\"faultsCalls\":%d,\"batchCalls\":%d", f1 || f2, un, faults_calls, batch_calls);
    print_stats();
    printf("}\n");
    return 0;
}

/* exponential histograms: the values below, the test computes their buckets */
static int exponential(void) {
    static const double vals[] = {0, 0, 1, 2, 3, 1.5, 10, 100, 1000, 0.001, -5, -0.25, 1048576, 7.25, 65.5, 0.3};
    otel_instrument *e = otel_histogram_create_exponential("rpc.latency", "ms", "RPC latency", 0, 20);
    otel_instrument *tiny = otel_histogram_create_exponential("tiny.hist", "1", "", 4, 20);
    otel_instrument *dflt = otel_histogram_create("default.hist", "s", "", NULL, 0);   /* as the environment says */
    otel_attr a = OTEL_ATTR_STR("rpc.method", "get");
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        otel_histogram_record(e, vals[i], &a, 1);
        if (vals[i] > 0) otel_histogram_record(tiny, vals[i], NULL, 0);
    }
    for (int i = 1; i <= 200; i++) otel_histogram_record(e, i, &a, 1);
    otel_histogram_record(e, 1.0 / 0.0, &a, 1);                     /* ignored: infinite */
    otel_histogram_record(dflt, 0.5, NULL, 0);
    otel_histogram_record(dflt, 4, NULL, 0);
    int f = otel_flush(5000);
    printf("{\"flush\":%d", f);
    print_stats();
    printf("}\n");
    return 0;
}

/* views that leave attributes out: the exemplars keep them (filtered_attributes) */
static const char *const ex_keep[] = {"where"}, *const ex_excl[] = {"user.id", "big"};
/* a reservoir of the emitter's own: it keeps the largest value offered,
   and names itself in a filtered attribute */
static otel_exemplar ex_largest;
static void ex_offer(void *user, const void *series, const otel_exemplar *m, const otel_attr *attrs, size_t n,
                     const otel_span_context *ctx) {
    (void)user; (void)series; (void)attrs; (void)n; (void)ctx;
    if (m->as_int > ex_largest.as_int) ex_largest = *m;
}
static const otel_attr ex_mine = OTEL_ATTR_STR("reservoir", "largest");
static size_t ex_collect(void *user, const void *series, otel_exemplar *out, size_t max) {
    (void)user; (void)series;
    if (!max || !ex_largest.time_ns) return 0;
    *out = ex_largest;
    out->filtered_attributes = &ex_mine; out->filtered_attribute_count = 1;
    memset(&ex_largest, 0, sizeof ex_largest);
    return 1;
}
static const otel_exemplar_reservoir ex_reservoir = {ex_offer, ex_collect, NULL};
static const otel_view ex_views[] = {
    {.instrument_name = "ex.filtered", .attribute_keys = ex_keep, .attribute_key_count = 1},
    {.instrument_name = "ex.filtered.latency", .excluded_attribute_keys = ex_excl, .excluded_attribute_key_count = 2},
    {.instrument_name = "ex.simple", .exemplar_reservoir = OTEL_EXEMPLAR_RESERVOIR_SIMPLE, .exemplar_reservoir_size = 3},
    {.instrument_name = "ex.none", .exemplar_reservoir = OTEL_EXEMPLAR_RESERVOIR_NONE},
    {.instrument_name = "ex.mine", .exemplar_reservoir_impl = &ex_reservoir},
};
static int exemplars(void) {
    otel_instrument *c = otel_counter_create("ex.requests", "1", "");
    otel_instrument *fc = otel_counter_create("ex.filtered", "1", "");
    otel_instrument *fh = otel_histogram_create("ex.filtered.latency", "ms", "", NULL, 0);
    otel_instrument *h = otel_histogram_create("ex.latency", "ms", "", NULL, 0);
    otel_instrument *e = otel_histogram_create_exponential("ex.exp", "ms", "", 0, 20);
    otel_instrument *g = otel_gauge_create_double("ex.temp", "Cel", "");
    otel_attr in = OTEL_ATTR_STR("where", "sampled"), un = OTEL_ATTR_STR("where", "unsampled"), out = OTEL_ATTR_STR("where", "none");
    otel_span *s = otel_span_begin("sampled work", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context ctx = otel_span_get_context(s);
    otel_counter_add(c, 5, &in, 1);
    otel_histogram_record(h, 3, &in, 1);          /* bucket (0, 5] */
    otel_histogram_record(h, 700, &in, 1);        /* bucket (500, 750] */
    otel_histogram_record(e, 42.5, &in, 1);
    otel_gauge_set_double(g, 21.5, &in, 1);
    static const char big[] = "a string value longer than the 64 bytes exemplars keep for their filtered attributes";
    otel_attr fa[3] = {in, OTEL_ATTR_STR("user.id", "u-42"), OTEL_ATTR_INT("retry", 3)};
    otel_counter_add(fc, 2, fa, 3);
    otel_attr ha[3] = {in, OTEL_ATTR_STR("user.id", "u-7"), OTEL_ATTR_STR("big", big)};
    otel_histogram_record(fh, 12.5, ha, 3);
    otel_instrument *sc = otel_counter_create("ex.simple", "1", ""), *nc = otel_counter_create("ex.none", "1", "");
    otel_instrument *mc = otel_counter_create("ex.mine", "1", "");
    for (int i = 1; i <= 3; i++) { otel_counter_add(sc, i, &in, 1); otel_counter_add(nc, i, &in, 1); }
    otel_counter_add(mc, 4, &in, 1); otel_counter_add(mc, 40, &in, 1); otel_counter_add(mc, 6, &in, 1);
    otel_span_end(s);
    otel_span_context parent;
    otel_traceparent_parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", (size_t)-1, &parent);
    otel_span *u = otel_span_begin_with_parent("unsampled work", OTEL_SPAN_KIND_INTERNAL, &parent);
    otel_counter_add(c, 7, &un, 1);
    otel_span_end(u);
    otel_counter_add(c, 9, &out, 1);
    int f = otel_flush(5000);
    char tid[33], sid[17];
    hex(ctx.trace_id, 16, tid);
    hex(ctx.span_id, 8, sid);
    printf("{\"flush\":%d,\"span\":{\"traceId\":\"%s\",\"spanId\":\"%s\"}", f, tid, sid);
    print_stats();
    printf("}\n");
    return 0;
}

/* views: a renamed stream, attributes dropped, histogram boundaries and
   aggregations changed, a cardinality limit */
static const double view_bounds[] = {10, 100};
static const char *const view_keys[] = {"http.route"}, *const view_port_keys[] = {"client.port"};
static const otel_view views[] = {
    {.instrument_name = "http.server.request.duration", .name = "http.latency", .description = "renamed by a view",
     .aggregation = OTEL_AGGREGATION_EXPLICIT, .bounds = view_bounds, .bound_count = 2},
    {.instrument_name = "http.requests", .attribute_keys = view_keys, .attribute_key_count = 1},
    {.instrument_name = "debug.*", .aggregation = OTEL_AGGREGATION_DROP},
    {.instrument_name = "queue.waits", .aggregation = OTEL_AGGREGATION_SUM},
    {.instrument_name = "tenants", .cardinality_limit = 2},
    {.instrument_name = "job.size", .aggregation = OTEL_AGGREGATION_EXPONENTIAL, .exp_max_size = 8, .exp_max_scale = 4},
    {.meter_name = "lib.billing", .meter_version = "1.2", .instrument_name = "charges", .name = "billing.charges"},
    /* a second view of an instrument: a second stream (a histogram beside the sum; other attribute keys) */
    {.instrument_name = "queue.waits", .name = "queue.waits.histogram"},
    {.instrument_name = "http.requests", .name = "http.requests.by_port", .attribute_keys = view_port_keys, .attribute_key_count = 1},
};
static int viewed(void) {
    otel_instrument *lat = otel_histogram_create("http.server.request.duration", "ms", "original", NULL, 0);
    otel_instrument *req = otel_counter_create("http.requests", "{request}", "");
    otel_instrument *dbg = otel_counter_create("debug.allocations", "1", "");
    otel_instrument *qw = otel_histogram_create("queue.waits", "s", "", NULL, 0);
    otel_instrument *ten = otel_counter_create("tenants.requests", "{request}", "");
    otel_instrument *ten2 = otel_counter_create("tenants", "{request}", "");
    otel_instrument *js = otel_histogram_create("job.size", "By", "", NULL, 0);
    static const double lv[] = {5, 50, 500, 7};
    for (size_t i = 0; i < 4; i++) otel_histogram_record(lat, lv[i], NULL, 0);
    for (int i = 0; i < 6; i++) {
        otel_attr a[2] = {OTEL_ATTR_STR("http.route", i % 2 ? "/b" : "/a"), OTEL_ATTR_INT("client.port", 50000 + i)};
        otel_counter_add(req, 1, a, 2);
    }
    otel_counter_add(dbg, 100, NULL, 0);
    otel_histogram_record(qw, 0.25, NULL, 0); otel_histogram_record(qw, 0.5, NULL, 0);
    static const char *const names[] = {"t1", "t2", "t3", "t4", "t5"};
    for (size_t i = 0; i < 5; i++) { otel_attr a = OTEL_ATTR_STR("tenant", names[i]); otel_counter_add(ten2, 10, &a, 1); otel_counter_add(ten, 1, &a, 1); }
    for (int i = 1; i <= 1000; i *= 2) otel_histogram_record(js, i, NULL, 0);
    /* the meter selector: lib.billing 1.2's charges renamed, the default meter's not */
    otel_meter billing = otel_meter_get("lib.billing", "1.2", NULL);
    otel_counter_add(otel_meter_instrument_create(billing, OTEL_INSTRUMENT_COUNTER, 0, "charges", "1", "", NULL, 0), 11, NULL, 0);
    otel_counter_add(otel_counter_create("charges", "1", ""), 12, NULL, 0);
    int f = otel_flush(5000);
    printf("{\"flush\":%d", f);
    print_stats();
    printf("}\n");
    return 0;
}

/* several metric readers: READERS_CUMULATIVE_URL and READERS_DELTA_URL
   (full metrics URLs) get a cumulative and a delta OTLP reader, and a
   console reader prints; without them, OTEL_METRICS_EXPORTER's list */
static const double rd_bounds[] = {10, 100};
static otel_metric_reader rd_list[3];
static otel_export_config rd_config;
static void readers_config(otel_config *cfg) {
    const char *cum = getenv("READERS_CUMULATIVE_URL"), *delta = getenv("READERS_DELTA_URL");
    if (!cum || !delta) return;
    rd_list[0].endpoint = cum; rd_list[0].temporality = OTEL_TEMPORALITY_CUMULATIVE;
    rd_list[1].endpoint = delta; rd_list[1].temporality = OTEL_TEMPORALITY_DELTA;
    rd_list[2].exporter = "console";
    rd_config.metric_readers = rd_list; rd_config.metric_reader_count = 3;
    cfg->exporter = &rd_config;
}
static int readers(void) {
    otel_instrument *c = otel_counter_create("rd.requests", "{request}", "");
    otel_instrument *h = otel_histogram_create("rd.latency", "ms", "", rd_bounds, 2);
    otel_instrument *u = otel_updown_counter_create("rd.active", "{job}", "");
    otel_attr a = OTEL_ATTR_STR("route", "/a");
    otel_counter_add(c, 5, &a, 1);
    otel_histogram_record(h, 5, &a, 1); otel_histogram_record(h, 50, &a, 1);
    otel_counter_add(u, 2, NULL, 0);
    int f1 = otel_flush(5000);
    otel_counter_add(c, 3, &a, 1);
    otel_histogram_record(h, 500, &a, 1);
    otel_counter_add(u, -1, NULL, 0);
    /* array values on a metric point */
    static const int64_t ports[] = {80, 443};
    static const double weights[] = {0.25, 1.5};
    static const int flags[] = {1, 0};
    static const char *const zones[] = {"eu-1", "us-2"};
    otel_attr arr[4] = {OTEL_ATTR_INT_ARRAY("ports", ports, 2), OTEL_ATTR_DOUBLE_ARRAY("weights", weights, 2),
                        OTEL_ATTR_BOOL_ARRAY("flags", flags, 2), OTEL_ATTR_STR_ARRAY("zones", zones, 2)};
    otel_counter_add(otel_counter_create("rd.arrays", "1", ""), 4, arr, 4);
    int f2 = otel_flush(5000);
    printf("{\"flush\":%d", f1 || f2);
    print_stats();
    printf("}\n");
    return 0;
}

static otel_tracer beta_tracer;   /* a location record's tracer: static storage */
static int scopes(void) {
    static const char *const url = "https://opentelemetry.io/schemas/1.26.0";
    otel_tracer alpha = otel_tracer_get("lib.alpha", "1.0.0", url);
    otel_attr battrs[2] = {OTEL_ATTR_STR("lib.kind", "beta"), OTEL_ATTR_INT("lib.shard", 7)};
    beta_tracer = otel_scope_get("lib.beta", "2.1", NULL, battrs, 2);
    otel_span *root = otel_span_begin("default.root", OTEL_SPAN_KIND_SERVER);
    otel_span_end(otel_tracer_span_begin(alpha, "alpha.one", OTEL_SPAN_KIND_INTERNAL));
    { OTEL_TRACER_SPAN_SCOPE(beta_tracer, "beta.located"); }
    otel_span_end(otel_tracer_span_begin(alpha, "alpha.two", OTEL_SPAN_KIND_INTERNAL));
    otel_span_end(otel_span_begin("default.child", OTEL_SPAN_KIND_INTERNAL));
    otel_span_end(otel_tracer_span_begin_with_parent(beta_tracer, "beta.parented", OTEL_SPAN_KIND_CLIENT, NULL));
    otel_span_end(root);
    otel_attr lattrs[1] = {OTEL_ATTR_STR("log.component", "parser")};
    otel_logger lg = otel_scope_get("lib.logger", "3.0", url, lattrs, 1);
    otel_logger_log(lg, OTEL_SEVERITY_WARN, "named one", NULL, 0);
    otel_log(OTEL_SEVERITY_INFO, "default one", NULL, 0);
    otel_logger_event(lg, "lib.event", OTEL_SEVERITY_INFO, "named two", NULL, 0);
    otel_attr mattrs[1] = {OTEL_ATTR_BOOL("meter.beta", 1)};
    otel_meter mm = otel_scope_get("lib.meter", "4.0", url, mattrs, 1);
    otel_counter_add(otel_meter_instrument_create(mm, OTEL_INSTRUMENT_COUNTER, 0, "lib.requests", "1", "", NULL, 0), 5, NULL, 0);
    otel_counter_add(otel_counter_create("default.requests", "1", ""), 2, NULL, 0);
    int f = otel_flush(5000);
    printf("{\"flush\":%d", f);
    print_stats();
    printf("}\n");
    return 0;
}

/* the instrument API (tests/node/meters_check.js) */
static const char *const mt_advice[] = {"http.route"}, *const mt_view_keys[] = {"client.port"};
static const otel_view mt_views[] = {{.instrument_name = "advised.viewed", .attribute_keys = mt_view_keys, .attribute_key_count = 1}};
static int meters(void) {
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.views = mt_views; cfg.view_count = 1;
    otel_init(&cfg);
    static const double bounds[] = {1, 2};
    otel_instrument_args a = {.kind = OTEL_INSTRUMENT_COUNTER, .name = "advised.requests", .unit = "{request}",
                              .attribute_keys = mt_advice, .attribute_key_count = 1};
    otel_instrument *adv = otel_instrument_create_ex(&a);
    a.name = "advised.viewed";
    otel_instrument *viewed = otel_instrument_create_ex(&a);
    otel_instrument_args h = {.kind = OTEL_INSTRUMENT_HISTOGRAM, .is_double = 1, .name = "advised.duration", .unit = "s",
                              .bounds = bounds, .bound_count = 2, .attribute_keys = mt_advice, .attribute_key_count = 1};
    otel_instrument *dur = otel_instrument_create_ex(&h);
    for (int i = 0; i < 6; i++) {
        otel_attr at[2] = {OTEL_ATTR_STR("http.route", i % 2 ? "/b" : "/a"), OTEL_ATTR_INT("client.port", 50000 + i % 3)};
        otel_counter_add(adv, 1, at, 2);
        otel_counter_add(viewed, 1, at, 2);
        otel_histogram_record(dur, 1.5, at, 2);
    }
    static char longer[1100 * 2 + 1];
    for (int i = 0; i < 1100; i++) memcpy(longer + 2 * i, "\xc3\xa9", 2);   /* 1100 x U+00E9 */
    otel_counter_add(otel_counter_create("described.long", "1", longer), 1, NULL, 0);
    otel_counter_add(otel_counter_create("described.bad", "1", "fine \xff then"), 1, NULL, 0);
    otel_counter_add(otel_counter_create("described.plain", "1", "caf\xc3\xa9 \xe2\x80\x93 ok"), 1, NULL, 0);
    otel_meter nameless = otel_meter_get("", "0.1", NULL);
    otel_counter_add(otel_meter_instrument_create(nameless, OTEL_INSTRUMENT_COUNTER, 0, "nameless.requests", "1", "", NULL, 0), 5, NULL, 0);
    otel_meter off = otel_meter_get("lib.off", NULL, NULL), toggled = otel_meter_get("lib.toggled", NULL, NULL);
    otel_instrument *oc = otel_meter_instrument_create(off, OTEL_INSTRUMENT_COUNTER, 0, "off.requests", "1", "", NULL, 0);
    otel_instrument *tc = otel_meter_instrument_create(toggled, OTEL_INSTRUMENT_COUNTER, 0, "toggled.requests", "1", "", NULL, 0);
    otel_counter_add(oc, 1, NULL, 0);
    otel_counter_add(tc, 1, NULL, 0);
    int r1 = otel_meter_set_enabled(off, 0), r2 = otel_meter_set_enabled(toggled, 0);
    otel_counter_add(oc, 10, NULL, 0);
    otel_counter_add(tc, 10, NULL, 0);
    otel_attr ta = OTEL_ATTR_STR("k", "v");
    otel_counter_add(tc, 10, &ta, 1);
    otel_counter_add(otel_meter_instrument_create(off, OTEL_INSTRUMENT_COUNTER, 0, "off.later", "1", "", NULL, 0), 1, NULL, 0);
    int r3 = otel_meter_set_enabled(toggled, 1);
    otel_counter_add(tc, 100, NULL, 0);
    int f = otel_flush(5000);
    printf("{\"flush\":%d,\"set\":[%d,%d,%d]", f, r1, r2, r3);
    print_stats();
    printf("}\n");
    fflush(stdout);
    otel_shutdown(5000);
    return 0;
}

/* a metric reader's own options: READER_A_URL gets a reader with the
   defaults, READER_B_URL one whose histograms are exponential, gauges
   dropped and streams limited to 2 series (full metrics URLs), with a
   filter (ro.secret dropped; ext.queue's queue=internal point dropped) and
   a producer (ext.queue, a sum of two points, and ext.size, a histogram) */
static const double ro_bounds[] = {10, 100};
static int ro_test_metric(void *u, const otel_metric_info *mi) {
    (void)u;
    if (strcmp(mi->name, "ro.secret") == 0) return OTEL_METRIC_DROP;
    return strcmp(mi->name, "ext.queue") == 0 ? OTEL_METRIC_ACCEPT_PARTIAL : OTEL_METRIC_ACCEPT;
}
static int ro_test_attributes(void *u, const otel_metric_info *mi, const otel_attr *a, size_t n) {
    (void)u; (void)mi;
    return n == 1 && a[0].type == OTEL_TYPE_STRING && strcmp(a[0].v.str.ptr, "internal") == 0 ? OTEL_METRIC_DROP : OTEL_METRIC_ACCEPT;
}
static const otel_metric_filter ro_filter = {ro_test_metric, ro_test_attributes, NULL};
static void ro_produce(otel_metric_sink *sink, void *user) {
    (void)user;
    static const double hb[] = {1, 2};
    static const uint64_t hc[] = {1, 0, 2};
    otel_metric_info mi = {0};
    otel_metric_point p = {0};
    mi.name = "ext.queue"; mi.unit = "{job}"; mi.description = "jobs queued"; mi.kind = OTEL_INSTRUMENT_UPDOWN_COUNTER;
    mi.temporality = OTEL_TEMPORALITY_CUMULATIVE;
    otel_attr a = OTEL_ATTR_STR("queue", "jobs");
    p.as_int = 12;
    otel_produce(sink, &mi, &p, &a, 1);
    a = (otel_attr)OTEL_ATTR_STR("queue", "internal");
    p.as_int = 3;
    otel_produce(sink, &mi, &p, &a, 1);
    otel_metric_info hi = {0};
    hi.name = "ext.size"; hi.unit = "By"; hi.kind = OTEL_INSTRUMENT_HISTOGRAM; hi.is_double = 1;
    hi.temporality = OTEL_TEMPORALITY_CUMULATIVE; hi.bounds = hb; hi.bound_count = 2;
    otel_metric_point hp = {0};
    hp.count = 3; hp.sum = 6.5; hp.min = 0.5; hp.max = 3; hp.bucket_counts = hc;
    otel_produce(sink, &hi, &hp, NULL, 0);
}
static const otel_metric_producer ro_producer = {ro_produce, NULL};
static otel_metric_reader ro_list[2];
static otel_metric_reader_options ro_opts;
static otel_export_config ro_config;
static void reader_options_config(otel_config *cfg) {
    ro_list[0].endpoint = getenv("READER_A_URL");
    ro_list[1].endpoint = getenv("READER_B_URL");
    ro_opts.aggregation.histogram = OTEL_AGGREGATION_EXPONENTIAL;
    ro_opts.aggregation.gauge = OTEL_AGGREGATION_DROP;
    ro_opts.cardinality_limit = 2;
    ro_opts.filter = &ro_filter;
    ro_opts.producers = &ro_producer; ro_opts.producer_count = 1;
    ro_list[1].options = &ro_opts;
    ro_config.metric_readers = ro_list; ro_config.metric_reader_count = 2;
    cfg->exporter = &ro_config;
}
static int reader_options(void) {
    otel_instrument *c = otel_counter_create("ro.requests", "{request}", "");
    otel_instrument *h = otel_histogram_create("ro.latency", "ms", "", ro_bounds, 2);
    otel_instrument *g = otel_gauge_create("ro.temp", "Cel", "");
    static const char *const routes[] = {"/a", "/b", "/c", "/d"};
    for (int i = 0; i < 4; i++) {
        otel_attr a = OTEL_ATTR_STR("route", routes[i]);
        otel_counter_add(c, i + 1, &a, 1);
    }
    otel_histogram_record(h, 5, NULL, 0); otel_histogram_record(h, 50, NULL, 0); otel_histogram_record(h, 500, NULL, 0);
    otel_gauge_set(g, 21, NULL, 0);
    otel_counter_add(otel_counter_create("ro.secret", "1", ""), 1, NULL, 0);
    int f = otel_flush(5000);
    printf("{\"flush\":%d", f);
    print_stats();
    printf("}\n");
    return 0;
}

/* meter providers (otel_meter_provider_create): two OTLP readers,
   READER_A_URL's under provider A, READER_B_URL's under provider B; each
   provider has a meter "app" with a counter "mp.jobs" (1 under A, 20 under
   B), the default provider a meter "app" of its own with "mp.jobs" (300)
   and its default meter "mp.total" (4000): reader A gets 1 and 300, reader
   B 20 and 300, both 4000 */
static otel_metric_reader mp_list[2];
static otel_export_config mp_config;
static void providers_config(otel_config *cfg) {
    mp_list[0].endpoint = getenv("READER_A_URL");
    mp_list[1].endpoint = getenv("READER_B_URL");
    mp_config.metric_readers = mp_list; mp_config.metric_reader_count = 2;
    cfg->exporter = &mp_config;
}
static int providers(void) {
    otel_meter_provider *pa = otel_meter_provider_create(1u), *pb = otel_meter_provider_create(2u);
    otel_meter ma = otel_meter_provider_meter_get(pa, "app", "1.0", NULL), mb = otel_meter_provider_meter_get(pb, "app", "1.0", NULL);
    otel_meter md = otel_meter_get("app", "1.0", NULL);
    otel_counter_add(otel_meter_instrument_create(ma, OTEL_INSTRUMENT_COUNTER, 0, "mp.jobs", "{job}", "", NULL, 0), 1, NULL, 0);
    otel_counter_add(otel_meter_instrument_create(mb, OTEL_INSTRUMENT_COUNTER, 0, "mp.jobs", "{job}", "", NULL, 0), 20, NULL, 0);
    otel_counter_add(otel_meter_instrument_create(md, OTEL_INSTRUMENT_COUNTER, 0, "mp.jobs", "{job}", "", NULL, 0), 300, NULL, 0);
    otel_counter_add(otel_counter_create("mp.total", "{job}", ""), 4000, NULL, 0);
    int f = otel_flush(5000);
    printf("{\"flush\":%d,\"providers\":%d", f, pa && pb && ma != mb && ma != md);
    print_stats();
    printf("}\n");
    return 0;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "all";
    if (strcmp(mode, "meters") == 0) return meters();   /* (its own otel_init, with a view) */
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    if (strcmp(mode, "views") == 0) { cfg.views = views; cfg.view_count = sizeof views / sizeof *views; }
    if (strcmp(mode, "exemplars") == 0) { cfg.views = ex_views; cfg.view_count = sizeof ex_views / sizeof *ex_views; }
    if (strcmp(mode, "readers") == 0) readers_config(&cfg);
    if (strcmp(mode, "reader_options") == 0) reader_options_config(&cfg);
    if (strcmp(mode, "providers") == 0) providers_config(&cfg);
    if (strcmp(mode, "scopes") == 0) cfg.resource_schema_url = getenv("RESOURCE_SCHEMA_URL");   /* NULL: the default */
    otel_init(&cfg);
    int rc = strcmp(mode, "phases") == 0 ? phases() : strcmp(mode, "observe") == 0 ? observe()
           : strcmp(mode, "exp") == 0 ? exponential() : strcmp(mode, "exemplars") == 0 ? exemplars()
           : strcmp(mode, "views") == 0 ? viewed() : strcmp(mode, "readers") == 0 ? readers()
           : strcmp(mode, "scopes") == 0 ? scopes() : strcmp(mode, "reader_options") == 0 ? reader_options()
           : strcmp(mode, "providers") == 0 ? providers() : all();
    fflush(stdout);
    otel_shutdown(5000);
    return rc;
}
