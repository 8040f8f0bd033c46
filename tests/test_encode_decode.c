/* test_encode_decode.c - every OTLP/protobuf request the exporter writes
   (spans with attributes of every type, arrays, events, links, status;
   log records; sums, gauges, histograms, exponential histograms and
   exemplars; several scopes; batches split to fit the buffer) decoded by
   nanopb's decoder (pb_decode with the descriptors generated from proto/,
   and its tag reader where a oneof holds callbacks) and checked field by
   field, as text. The Node receiver checks the same requests with the
   OpenTelemetry project's own definitions (tests/node/conformance*.js). */
/* several scopes: a span or log record whose name starts with "b:" counts
   as made on the second scope, the meter "lib.b" (named tracers and
   loggers will set the scope; here the test does) */
#define OTEL__REC_SCOPE(d) ((d)->name && !strncmp((d)->name, "b:", 2) ? (const otel_scope *)&otel__scopes[1] : (const otel_scope *)NULL)
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "test.h"

/* ---- what nanopb decoded, as text ---- */
static char out[1 << 16];
static size_t outn;
static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(out + outn, sizeof out - outn, fmt, ap);
    va_end(ap);
    if (k > 0) outn = outn + (size_t)k < sizeof out ? outn + (size_t)k : sizeof out - 1;
}
static int has(const char *s) { return strstr(out, s) != NULL; }
static int count(const char *s) { int n = 0; for (const char *p = out; (p = strstr(p, s)); p++) n++; return n; }

static bool cb_text(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    char b[512];
    size_t n = s->bytes_left;
    if (n >= sizeof b || !pb_read(s, (pb_byte_t *)b, n)) return false;
    emit("%s=%.*s ", (const char *)*arg, (int)n, b);
    return true;
}
static bool cb_hex(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    unsigned char b[32];
    size_t n = s->bytes_left;
    if (n > sizeof b || !pb_read(s, b, n)) return false;
    emit("%s=", (const char *)*arg);
    for (size_t i = 0; i < n; i++) emit("%02x", b[i]);
    emit(" ");
    return true;
}
static void hex(const char *label, const unsigned char *b, size_t n) {
    emit("%s=", label);
    for (size_t i = 0; i < n; i++) emit("%02x", b[i]);
    emit(" ");
}
/* AnyValue: a oneof with callbacks, read with nanopb's tag reader */
static bool any_value(pb_istream_t *s) {
    while (s->bytes_left) {
        pb_wire_type_t wt; uint32_t tag; bool eof; uint64_t u;
        if (!pb_decode_tag(s, &wt, &tag, &eof)) return false;
        if (tag == opentelemetry_proto_common_v1_AnyValue_string_value_tag) {
            const char *l = "s";
            void *a = (void *)(uintptr_t)l;
            pb_istream_t sub;
            if (!pb_make_string_substream(s, &sub) || !cb_text(&sub, NULL, &a) || !pb_close_string_substream(s, &sub)) return false;
        } else if (tag == opentelemetry_proto_common_v1_AnyValue_bool_value_tag) {
            if (!pb_decode_varint(s, &u)) return false;
            emit("b=%d ", (int)u);
        } else if (tag == opentelemetry_proto_common_v1_AnyValue_int_value_tag) {
            if (!pb_decode_varint(s, &u)) return false;
            emit("i=%lld ", (long long)(int64_t)u);
        } else if (tag == opentelemetry_proto_common_v1_AnyValue_double_value_tag) {
            double d;
            if (!pb_decode_fixed64(s, &d)) return false;
            emit("d=%g ", d);
        } else if (tag == opentelemetry_proto_common_v1_AnyValue_array_value_tag) {
            pb_istream_t sub;
            if (!pb_make_string_substream(s, &sub)) return false;
            emit("[ ");
            while (sub.bytes_left) {   /* ArrayValue.values */
                pb_istream_t el;
                if (!pb_decode_tag(&sub, &wt, &tag, &eof) || tag != opentelemetry_proto_common_v1_ArrayValue_values_tag ||
                    !pb_make_string_substream(&sub, &el) || !any_value(&el) || !pb_close_string_substream(&sub, &el)) return false;
            }
            emit("] ");
            if (!pb_close_string_substream(s, &sub)) return false;
        } else if (!pb_skip_field(s, wt)) return false;
    }
    return true;
}
static bool cb_any(pb_istream_t *s, const pb_field_t *f, void **arg) { (void)f; (void)arg; return any_value(s); }
static bool cb_kv(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_common_v1_KeyValue kv = opentelemetry_proto_common_v1_KeyValue_init_zero;
    kv.key.funcs.decode = cb_text; kv.key.arg = (void *)(uintptr_t)"{key";
    kv.value.funcs.decode = cb_any;
    bool ok = pb_decode(s, opentelemetry_proto_common_v1_KeyValue_fields, &kv);
    emit("} ");
    return ok;
}
#define TEXT(cb, label) do { (cb).funcs.decode = cb_text; (cb).arg = (void *)(uintptr_t)(label); } while (0)
#define HEX(cb, label) do { (cb).funcs.decode = cb_hex; (cb).arg = (void *)(uintptr_t)(label); } while (0)
#define KVS(cb) do { (cb).funcs.decode = cb_kv; } while (0)
static void scope(opentelemetry_proto_common_v1_InstrumentationScope *sc) { TEXT(sc->name, "scope"); TEXT(sc->version, "version"); }

/* ---- traces ---- */
static bool cb_event(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_trace_v1_Span_Event e = opentelemetry_proto_trace_v1_Span_Event_init_zero;
    emit("<event ");
    TEXT(e.name, "name"); KVS(e.attributes);
    if (!pb_decode(s, opentelemetry_proto_trace_v1_Span_Event_fields, &e)) return false;
    emit("t=%llu dropped=%u> ", (unsigned long long)e.time_unix_nano, (unsigned)e.dropped_attributes_count);
    return true;
}
static bool cb_link(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_trace_v1_Span_Link l = opentelemetry_proto_trace_v1_Span_Link_init_zero;
    emit("<link ");
    TEXT(l.trace_state, "ts"); KVS(l.attributes);
    if (!pb_decode(s, opentelemetry_proto_trace_v1_Span_Link_fields, &l)) return false;
    hex("trace", l.trace_id, 16); hex("span", l.span_id, 8);
    emit("flags=%#x> ", (unsigned)l.flags);
    return true;
}
static bool cb_span(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_trace_v1_Span sp = opentelemetry_proto_trace_v1_Span_init_zero;
    emit("\n<span ");
    TEXT(sp.name, "name"); TEXT(sp.trace_state, "ts"); HEX(sp.parent_span_id, "parent");
    KVS(sp.attributes);
    sp.events.funcs.decode = cb_event; sp.links.funcs.decode = cb_link;
    TEXT(sp.status.message, "msg");
    if (!pb_decode(s, opentelemetry_proto_trace_v1_Span_fields, &sp)) return false;
    hex("trace", sp.trace_id, 16); hex("span", sp.span_id, 8);
    emit("kind=%d ok_times=%d flags=%#x dropped=%u/%u/%u status=%d>", (int)sp.kind,
         sp.start_time_unix_nano > 0 && sp.end_time_unix_nano >= sp.start_time_unix_nano, (unsigned)sp.flags,
         (unsigned)sp.dropped_attributes_count, (unsigned)sp.dropped_events_count, (unsigned)sp.dropped_links_count,
         sp.has_status ? (int)sp.status.code : -1);
    return true;
}
static bool cb_scope_spans(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_trace_v1_ScopeSpans ss = opentelemetry_proto_trace_v1_ScopeSpans_init_zero;
    emit("\n<scopespans ");
    scope(&ss.scope); TEXT(ss.schema_url, "url");
    ss.spans.funcs.decode = cb_span;
    return pb_decode(s, opentelemetry_proto_trace_v1_ScopeSpans_fields, &ss);
}
static bool cb_resource_spans(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_trace_v1_ResourceSpans rs = opentelemetry_proto_trace_v1_ResourceSpans_init_zero;
    emit("<resource ");
    KVS(rs.resource.attributes);
    TEXT(rs.schema_url, "rurl");
    rs.scope_spans.funcs.decode = cb_scope_spans;
    return pb_decode(s, opentelemetry_proto_trace_v1_ResourceSpans_fields, &rs);
}

/* ---- logs ---- */
static bool cb_log(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_logs_v1_LogRecord r = opentelemetry_proto_logs_v1_LogRecord_init_zero;
    pb_istream_t again = *s;   /* the body (an AnyValue with callbacks in its oneof) is read on a second pass */
    emit("\n<log ");
    TEXT(r.severity_text, "sevtext"); TEXT(r.event_name, "event"); HEX(r.trace_id, "trace"); HEX(r.span_id, "span");
    KVS(r.attributes);
    if (!pb_decode(s, opentelemetry_proto_logs_v1_LogRecord_fields, &r)) return false;
    while (again.bytes_left) {
        pb_wire_type_t wt; uint32_t tag; bool eof;
        if (!pb_decode_tag(&again, &wt, &tag, &eof)) return false;
        if (tag != opentelemetry_proto_logs_v1_LogRecord_body_tag) { if (!pb_skip_field(&again, wt)) return false; continue; }
        pb_istream_t sub;
        emit("body: ");
        if (!pb_make_string_substream(&again, &sub) || !any_value(&sub) || !pb_close_string_substream(&again, &sub)) return false;
    }
    emit("sev=%d flags=%#x ok_times=%d dropped=%u>", (int)r.severity_number, (unsigned)r.flags,
         r.time_unix_nano > 0 && r.observed_time_unix_nano > 0, (unsigned)r.dropped_attributes_count);
    return true;
}
static bool cb_scope_logs(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_logs_v1_ScopeLogs sl = opentelemetry_proto_logs_v1_ScopeLogs_init_zero;
    emit("\n<scopelogs ");
    scope(&sl.scope); TEXT(sl.schema_url, "url");
    sl.log_records.funcs.decode = cb_log;
    return pb_decode(s, opentelemetry_proto_logs_v1_ScopeLogs_fields, &sl);
}
static bool cb_resource_logs(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_logs_v1_ResourceLogs rl = opentelemetry_proto_logs_v1_ResourceLogs_init_zero;
    emit("<resource ");
    KVS(rl.resource.attributes);
    TEXT(rl.schema_url, "rurl");
    rl.scope_logs.funcs.decode = cb_scope_logs;
    return pb_decode(s, opentelemetry_proto_logs_v1_ResourceLogs_fields, &rl);
}

/* ---- metrics ---- */
static bool cb_fixed64s(pb_istream_t *s, const pb_field_t *f, void **arg) {   /* packed fixed64 or double */
    (void)f;
    emit("%s=", (const char *)*arg);
    while (s->bytes_left) {
        uint64_t u;
        if (!pb_decode_fixed64(s, &u)) return false;
        if (*(const char *)*arg == 'b') { double d; memcpy(&d, &u, 8); emit("%g,", d); }
        else emit("%llu,", (unsigned long long)u);
    }
    emit(" ");
    return true;
}
static bool cb_varints(pb_istream_t *s, const pb_field_t *f, void **arg) {   /* packed uint64 */
    (void)f;
    emit("%s=", (const char *)*arg);
    while (s->bytes_left) {
        uint64_t u;
        if (!pb_decode_varint(s, &u)) return false;
        emit("%llu,", (unsigned long long)u);
    }
    emit(" ");
    return true;
}
static bool cb_exemplar(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_metrics_v1_Exemplar e = opentelemetry_proto_metrics_v1_Exemplar_init_zero;
    emit("<exemplar ");
    HEX(e.trace_id, "trace"); HEX(e.span_id, "span"); KVS(e.filtered_attributes);
    if (!pb_decode(s, opentelemetry_proto_metrics_v1_Exemplar_fields, &e)) return false;
    if (e.which_value == opentelemetry_proto_metrics_v1_Exemplar_as_double_tag) emit("d=%g", e.value.as_double);
    else emit("i=%lld", (long long)e.value.as_int);
    emit(" t=%d> ", e.time_unix_nano > 0);
    return true;
}
static bool cb_number_point(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_metrics_v1_NumberDataPoint p = opentelemetry_proto_metrics_v1_NumberDataPoint_init_zero;
    emit("\n  <point ");
    KVS(p.attributes); p.exemplars.funcs.decode = cb_exemplar;
    if (!pb_decode(s, opentelemetry_proto_metrics_v1_NumberDataPoint_fields, &p)) return false;
    if (p.which_value == opentelemetry_proto_metrics_v1_NumberDataPoint_as_double_tag) emit("d=%g", p.value.as_double);
    else emit("i=%lld", (long long)p.value.as_int);
    emit(" ok_times=%d>", p.time_unix_nano >= p.start_time_unix_nano && p.time_unix_nano > 0);
    return true;
}
static bool cb_histogram_point(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_metrics_v1_HistogramDataPoint p = opentelemetry_proto_metrics_v1_HistogramDataPoint_init_zero;
    emit("\n  <hpoint ");
    KVS(p.attributes); p.exemplars.funcs.decode = cb_exemplar;
    p.bucket_counts.funcs.decode = cb_fixed64s; p.bucket_counts.arg = (void *)(uintptr_t)"counts";
    p.explicit_bounds.funcs.decode = cb_fixed64s; p.explicit_bounds.arg = (void *)(uintptr_t)"bounds";
    if (!pb_decode(s, opentelemetry_proto_metrics_v1_HistogramDataPoint_fields, &p)) return false;
    emit("count=%llu sum=%g min=%g max=%g>", (unsigned long long)p.count, p.has_sum ? p.sum : -1, p.has_min ? p.min : -1,
         p.has_max ? p.max : -1);
    return true;
}
static bool cb_exp_point(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint p = opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_init_zero;
    emit("\n  <epoint ");
    KVS(p.attributes); p.exemplars.funcs.decode = cb_exemplar;
    p.positive.bucket_counts.funcs.decode = cb_varints; p.positive.bucket_counts.arg = (void *)(uintptr_t)"pos";
    p.negative.bucket_counts.funcs.decode = cb_varints; p.negative.bucket_counts.arg = (void *)(uintptr_t)"neg";
    if (!pb_decode(s, opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_fields, &p)) return false;
    emit("count=%llu sum=%g scale=%d zero=%llu posoff=%d negoff=%d min=%g max=%g>", (unsigned long long)p.count,
         p.has_sum ? p.sum : -1, (int)p.scale, (unsigned long long)p.zero_count, (int)p.positive.offset, (int)p.negative.offset,
         p.has_min ? p.min : -1, p.has_max ? p.max : -1);
    return true;
}
/* Metric: its data is a oneof of messages with callbacks: read by tag */
static bool cb_metric(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    emit("\n <metric ");
    while (s->bytes_left) {
        pb_wire_type_t wt; uint32_t tag; bool eof;
        pb_istream_t sub;
        if (!pb_decode_tag(s, &wt, &tag, &eof)) return false;
        void *a = NULL;
        switch (tag) {
        case opentelemetry_proto_metrics_v1_Metric_name_tag: a = (void *)(uintptr_t)"name"; break;
        case opentelemetry_proto_metrics_v1_Metric_description_tag: a = (void *)(uintptr_t)"desc"; break;
        case opentelemetry_proto_metrics_v1_Metric_unit_tag: a = (void *)(uintptr_t)"unit"; break;
        }
        if (!pb_make_string_substream(s, &sub)) return false;
        bool ok = true;
        if (a) ok = cb_text(&sub, NULL, &a);
        else if (tag == opentelemetry_proto_metrics_v1_Metric_sum_tag) {
            opentelemetry_proto_metrics_v1_Sum m = opentelemetry_proto_metrics_v1_Sum_init_zero;
            m.data_points.funcs.decode = cb_number_point;
            emit("sum ");
            ok = pb_decode(&sub, opentelemetry_proto_metrics_v1_Sum_fields, &m);
            emit(" temporality=%d monotonic=%d", (int)m.aggregation_temporality, (int)m.is_monotonic);
        } else if (tag == opentelemetry_proto_metrics_v1_Metric_gauge_tag) {
            opentelemetry_proto_metrics_v1_Gauge m = opentelemetry_proto_metrics_v1_Gauge_init_zero;
            m.data_points.funcs.decode = cb_number_point;
            emit("gauge ");
            ok = pb_decode(&sub, opentelemetry_proto_metrics_v1_Gauge_fields, &m);
        } else if (tag == opentelemetry_proto_metrics_v1_Metric_histogram_tag) {
            opentelemetry_proto_metrics_v1_Histogram m = opentelemetry_proto_metrics_v1_Histogram_init_zero;
            m.data_points.funcs.decode = cb_histogram_point;
            emit("histogram ");
            ok = pb_decode(&sub, opentelemetry_proto_metrics_v1_Histogram_fields, &m);
            emit(" temporality=%d", (int)m.aggregation_temporality);
        } else if (tag == opentelemetry_proto_metrics_v1_Metric_exponential_histogram_tag) {
            opentelemetry_proto_metrics_v1_ExponentialHistogram m = opentelemetry_proto_metrics_v1_ExponentialHistogram_init_zero;
            m.data_points.funcs.decode = cb_exp_point;
            emit("exphistogram ");
            ok = pb_decode(&sub, opentelemetry_proto_metrics_v1_ExponentialHistogram_fields, &m);
            emit(" temporality=%d", (int)m.aggregation_temporality);
        } else ok = pb_read(&sub, NULL, sub.bytes_left);
        if (!ok || !pb_close_string_substream(s, &sub)) return false;
    }
    emit(">");
    return true;
}
static bool cb_scope_metrics(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_metrics_v1_ScopeMetrics sm = opentelemetry_proto_metrics_v1_ScopeMetrics_init_zero;
    emit("\n<scopemetrics ");
    scope(&sm.scope); TEXT(sm.schema_url, "url");
    sm.metrics.funcs.decode = cb_metric;
    return pb_decode(s, opentelemetry_proto_metrics_v1_ScopeMetrics_fields, &sm);
}
static bool cb_resource_metrics(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    opentelemetry_proto_metrics_v1_ResourceMetrics rm = opentelemetry_proto_metrics_v1_ResourceMetrics_init_zero;
    emit("<resource ");
    KVS(rm.resource.attributes);
    TEXT(rm.schema_url, "rurl");
    rm.scope_metrics.funcs.decode = cb_scope_metrics;
    return pb_decode(s, opentelemetry_proto_metrics_v1_ResourceMetrics_fields, &rm);
}

/* decodes a request of signal sig into out; 1 when nanopb read all of it */
static int decode(int sig, const unsigned char *p, size_t n) {
    outn = 0; out[0] = 0;
    pb_istream_t s = pb_istream_from_buffer(p, n);
    bool ok;
    if (sig == OTEL__SIG_TRACES) {
        opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest r = opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_init_zero;
        r.resource_spans.funcs.decode = cb_resource_spans;
        ok = pb_decode(&s, opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_fields, &r);
    } else if (sig == OTEL__SIG_LOGS) {
        opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest r = opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_init_zero;
        r.resource_logs.funcs.decode = cb_resource_logs;
        ok = pb_decode(&s, opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_fields, &r);
    } else {
        opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest r = opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_init_zero;
        r.resource_metrics.funcs.decode = cb_resource_metrics;
        ok = pb_decode(&s, opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_fields, &r);
    }
    if (!ok) printf("# nanopb: %s\n", PB_GET_ERROR(&s));
    return ok && s.bytes_left == 0;
}

static unsigned char buf[1 << 18];
static size_t hold(void *u, int r, uint64_t d) { (void)u; (void)r; (void)d; return 0; }
static const char *res_url;   /* otel_config.resource_schema_url of the next start() */
static void start(void) {
    static otel_processor p = { hold, NULL, NULL, 1000, NULL };
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.resource_schema_url = res_url;
    c.processor = &p;
    c.service_name = "decode-test";
    otel_init(&c);
}

/* the records collected, spans and log records apart */
static otel_span_data *recs[256], *spans[256], *logs[256];
static size_t nrecs, nspans, nlogs;
static void collect(void) {
    nrecs = otel_collect(recs, 256);
    nspans = nlogs = 0;
    for (size_t i = 0; i < nrecs; i++) {
        if (otel_record_type(recs[i]) == OTEL_RECORD_LOG) logs[nlogs++] = recs[i];
        else spans[nspans++] = recs[i];
    }
}
static const otel_span_context link_ctx = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, {0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8}, 1, 0, 3, "k=v"};

TEST(spans_every_field_two_scopes) {
    res_url = "https://example.com/resource-schema";
    start();
    res_url = NULL;
    otel_meter_get("lib.b", "2.0", "https://example.com/schema");   /* the second scope (see OTEL__REC_SCOPE) */
    otel_span *s = otel_span_begin("a:one", OTEL_SPAN_KIND_SERVER);
    int64_t ints[3] = {1, -2, 300000};
    double dbls[2] = {0.5, -1.25};
    int bools[2] = {1, 0};
    const char *strs[2] = {"x", "yz"};
    otel_attr a[9] = {otel_attr_str("k.str", "v"), otel_attr_int("k.int", -7), otel_attr_double("k.dbl", 2.5),
                      otel_attr_bool("k.bool", 1), otel_attr_int_array("k.ints", ints, 3),
                      otel_attr_double_array("k.dbls", dbls, 2), otel_attr_bool_array("k.bools", bools, 2),
                      otel_attr_str_array("k.strs", strs, 2), otel_attr_int("k.big", 1234567890123LL)};
    otel_span_set_attrs(s, a, 9);
    otel_span_set_int(s, "k.int", 8);   /* set again: the later value only */
    otel_attr ea[1] = {otel_attr_int("retry", 1)};
    otel_span_add_event(s, "ev", ea, 1);
    otel_attr la[1] = {otel_attr_str("l", "w")};
    otel_span_add_link(s, &link_ctx, la, 1);
    otel_span *child = otel_span_begin("a:child", OTEL_SPAN_KIND_CLIENT);
    otel_span_end(child);
    otel_span *b = otel_span_begin("b:two", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end(b);
    otel_span_set_status(s, OTEL_STATUS_ERROR, "boom");
    otel_span_end(s);
    collect();
    CHECK_EQ_INT(nspans, 3);
    size_t off, len, k = otel__encode_records(OTEL__SIG_TRACES, 0, spans, nspans, buf, sizeof buf, &off, &len);
    CHECK_EQ_INT(k, 3);
    CHECK(decode(OTEL__SIG_TRACES, buf + off, len));
    CHECK(has("{key=service.name s=decode-test } "));
    CHECK(has("rurl=https://example.com/resource-schema \n<scopespans "));   /* ResourceSpans.schema_url */
    CHECK_EQ_INT(count("<scopespans "), 2);
    CHECK_EQ_INT(count("<span "), 3);
    CHECK(has("scope=lib.b version=2.0 url=https://example.com/schema \n<span parent="));
    CHECK(has(" name=b:two "));
    /* the child ended first: it comes first; it and b:two have a parent */
    CHECK(has("<scopespans scope=otel.h version=" OTEL_VERSION_STRING " \n<span parent="));
    CHECK(has(" name=a:child "));
    CHECK_EQ_INT(count("parent="), 2);
    CHECK(has("{key=k.str s=v } {key=k.dbl d=2.5 } {key=k.bool b=1 } {key=k.ints [ i=1 i=-2 i=300000 ] } "
              "{key=k.dbls [ d=0.5 d=-1.25 ] } {key=k.bools [ b=1 b=0 ] } {key=k.strs [ s=x s=yz ] } "
              "{key=k.big i=1234567890123 } {key=k.int i=8 } "));
    CHECK(!has("i=-7"));
    CHECK(has("<event name=ev {key=retry i=1 } t="));
    CHECK(has("<link ts=k=v {key=l s=w } trace=0102030405060708090a0b0c0d0e0f10 span=a1a2a3a4a5a6a7a8 flags=0x1> "));
    CHECK(has("msg=boom "));
    CHECK(has("kind=2 ok_times=1 flags=0x10"));   /* server, sampled, parent known: local */
    CHECK(has(" dropped=0/0/0 status=2>"));
    CHECK(has("kind=3 ok_times=1 flags=0x10"));
    CHECK_EQ_INT(count("status=-1>"), 2);
    if (test__case_failed) printf("%s\n", out);
    /* JSON through the same walk: both scopes too */
    k = otel__encode_records(OTEL__SIG_TRACES, 1, spans, nspans, buf, sizeof buf, &off, &len);
    CHECK_EQ_INT(k, 3);
    buf[off + len] = 0;
    CHECK(strstr((char *)buf + off, "{\"scope\":{\"name\":\"lib.b\",\"version\":\"2.0\"},\"schemaUrl\":\"https://example.com/schema\",\"spans\":[{") != NULL);
    CHECK(strstr((char *)buf + off, "]},\"schemaUrl\":\"https://example.com/resource-schema\",\"scopeSpans\":[{") != NULL);
    otel_release(recs, nrecs);
    otel_shutdown(100);
}

/* a batch larger than the buffer: the first records that fit, whole, in
   every buffer size, with one scope and with two interleaved */
TEST(split_batches_are_prefixes) {
    start();
    otel_meter_get("lib.b", "2.0", NULL);
    for (int i = 0; i < 40; i++) {
        char name[16];
        snprintf(name, sizeof name, "%s%02d", i % 3 == 1 ? "b:" : "a:", i);
        otel_span *s = otel_span_begin_ex(&(otel_span_args){.name = strdup(name), .kind = OTEL_SPAN_KIND_INTERNAL});
        otel_span_set_int(s, "i", i);
        otel_span_end(s);
    }
    collect();
    CHECK_EQ_INT(nspans, 40);
    int bad = 0, last = -1;
    for (size_t cap = 64; cap < 8000 && !bad; cap += 97) {
        for (int json = 0; json < 2; json++) {
            size_t off, len, k = otel__encode_records(OTEL__SIG_TRACES, json, spans, nspans, buf, cap, &off, &len);
            if (len > cap || (k == 0) != (len == 0)) { bad = 1; break; }
            if (json || !k) continue;
            if (!decode(OTEL__SIG_TRACES, buf + off, len) || count("<span ") != (int)k) { bad = 2; break; }
            for (size_t i = 0; i < k; i++) {   /* exactly spans[0..k), each once */
                char want[24];
                snprintf(want, sizeof want, "name=%s ", spans[i]->name);
                if (count(want) != 1) bad = 3;
            }
            last = (int)k;
        }
    }
    if (bad) printf("# failed with %d\n%s\n", bad, out);
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(last, 40);
    for (size_t i = 0; i < nspans; i++) free((void *)(uintptr_t)spans[i]->name);
    otel_release(recs, nrecs);
    otel_shutdown(100);
}

TEST(logs_every_field_two_scopes) {
    start();
    otel_meter_get("lib.b", "2.0", NULL);
    otel_attr a[2] = {otel_attr_str("user.id", "u-1"), otel_attr_int("n", 3)};
    otel_log(OTEL_SEVERITY_WARN, "plain body", a, 2);
    otel_span *s = otel_span_begin("in-span", OTEL_SPAN_KIND_INTERNAL);
    otel_log_args la;
    memset(&la, 0, sizeof la);
    la.event_name = "b:evt"; la.severity = OTEL_SEVERITY_ERROR; la.body = "event body"; la.body_len = (size_t)-1;
    la.attrs = a; la.attr_count = 1;
    otel_log_emit(&la);
    otel_span_end(s);
    collect();
    CHECK_EQ_INT(nlogs, 2);
    size_t off, len, k = otel__encode_records(OTEL__SIG_LOGS, 0, logs, nlogs, buf, sizeof buf, &off, &len);
    CHECK_EQ_INT(k, 2);
    CHECK(decode(OTEL__SIG_LOGS, buf + off, len));
    CHECK_EQ_INT(count("<scopelogs "), 2);
    CHECK(has("rurl=" OTEL_SEMCONV_SCHEMA_URL " \n<scopelogs "));   /* detectors on: their conventions' URL */
    CHECK(has("{key=user.id s=u-1 } {key=n i=3 } body: s=plain body sev=13 flags=0 ok_times=1 dropped=0>"));
    CHECK(has("scope=lib.b version=2.0 \n<log sevtext=ERROR {key=user.id s=u-1 } trace="));
    CHECK(has(" event=b:evt body: s=event body sev=17 flags=0x"));   /* in a sampled span: its context */
    CHECK_EQ_INT(count("span="), 1);
    if (test__case_failed) printf("%s\n", out);
    otel_release(recs, nrecs);
    otel_shutdown(100);
}

TEST(metrics_every_kind_exemplars_two_scopes) {
    res_url = "";   /* none, though the detectors are on */
    start();
    res_url = NULL;
    otel_meter mb = otel_meter_get("lib.b", "2.0", "https://example.com/schema");
    otel_instrument *ctr = otel_counter_create("reqs", "1", "requests");
    otel_instrument *g = otel_gauge_create_double("temp", "Cel", "");
    double bounds[3] = {1, 10, 100};
    otel_instrument *h = otel_histogram_create("lat", "ms", "latency", bounds, 3);
    otel_instrument *e = otel_histogram_create_exponential("size", "By", "", 0, 20);
    otel_instrument *bc = otel_meter_instrument_create(mb, OTEL_INSTRUMENT_UPDOWN_COUNTER, 0, "b.items", "", "", NULL, 0);
    otel_attr a[1] = {otel_attr_str("route", "/x")};
    otel_span *s = otel_span_begin("sampled", OTEL_SPAN_KIND_INTERNAL);   /* exemplars: measurements in a sampled span */
    otel_counter_add(ctr, 5, a, 1);
    otel_histogram_record(h, 7, a, 1);
    otel_histogram_record(h, 70, a, 1);
    otel_span_end(s);
    otel_gauge_set_double(g, 21.5, NULL, 0);
    otel_histogram_record(e, 4, NULL, 0);
    otel_histogram_record(e, -4, NULL, 0);
    otel_histogram_record(e, 0, NULL, 0);
    otel_counter_add(bc, -3, NULL, 0);
    otel_metrics_collect();
    size_t off = 0, len = 0, left = 0, k = otel__encode_metrics(0, buf, sizeof buf, &off, &len, &left);
    CHECK_EQ_INT(k, 5);
    CHECK_EQ_INT(left, 0);
    CHECK(decode(OTEL__SIG_METRICS, buf + off, len));
    CHECK_EQ_INT(count("<scopemetrics "), 2);
    CHECK(!has("rurl="));
    size_t jo = 0, jl = 0, jleft = 0;
    CHECK_EQ_INT(otel__encode_metrics(1, buf, sizeof buf, &jo, &jl, &jleft), 5);
    buf[jo + jl] = 0;
    CHECK(strstr((char *)buf + jo, "]},\"scopeMetrics\":[{") != NULL);   /* no "schemaUrl" beside "resource" */
    CHECK(has("<metric name=reqs desc=requests unit=1 sum \n  <point {key=route s=/x } <exemplar "));
    CHECK(has("i=5 t=1> i=5 ok_times=1> temporality=2 monotonic=1>"));
    CHECK(has("<metric name=temp unit=Cel gauge \n  <point d=21.5 ok_times=1>>"));
    CHECK(has("<metric name=lat desc=latency unit=ms histogram \n  <hpoint {key=route s=/x } counts=0,1,1,0, bounds=1,10,100, <exemplar"));
    CHECK(has("count=2 sum=77 min=7 max=70> temporality=2>"));
    CHECK(has("<metric name=size unit=By exphistogram \n  <epoint pos="));
    CHECK(has("neg="));
    CHECK(has("count=3 sum=0 scale="));
    CHECK(has("zero=1 "));
    CHECK(has("min=-4 max=4> temporality=2>"));
    CHECK(has("scope=lib.b version=2.0 url=https://example.com/schema \n <metric name=b.items sum \n  <point i=-3 ok_times=1> temporality=2 monotonic=0>"));
    CHECK(has("pos=1, neg=1, count=3 sum=0 scale=20 zero=1 "));
    /* an exemplar carries the span it was measured in */
    CHECK_EQ_INT(count("<exemplar span="), 3);
    CHECK_EQ_INT(count(" trace="), 3);
    if (test__case_failed) printf("%s\n", out);
    /* small buffers: whole points, the rest counted */
    for (size_t cap = 200; cap < len; cap += 53) {
        size_t o2 = 0, l2 = 0, left2 = 0, k2 = otel__encode_metrics(0, buf, cap, &o2, &l2, &left2);
        if (o2 + l2 > cap || (l2 && !decode(OTEL__SIG_METRICS, buf + o2, l2)) || k2 + left2 != 5) { CHECK(0); printf("# cap %zu: %zu + %zu\n", cap, k2, left2); break; }
    }
    collect();
    otel_release(recs, nrecs);
    otel_shutdown(100);
}

/* The writer caches each key's, name's and literal value's bytes by
   address for a batch, at one of two places a hash of the address gives.
   Strings placed so that they fall on the same places (a span name W, an
   attribute key K, and a literal value V whose first place is K's and
   whose second is W's, so that learning V takes K's entry while K is being
   written; V's recorded length is not its C string's, so the general writer
   finishes that attribute): every name, key and value decodes as written. */
static char pool[1 << 16] __attribute__((aligned(8)));
static unsigned place1(const char *s) { return (unsigned)(((uint64_t)(uintptr_t)s * 0x9e3779b97f4a7c15ull) >> 58); }
static unsigned place2(const char *s) { return (unsigned)((((uint64_t)(uintptr_t)s * 0x9e3779b97f4a7c15ull) >> 52) & 63u); }
TEST(strings_on_the_same_cache_places) {
    char *K = pool, *V = NULL, *W = NULL;
    for (size_t o = 64; o + 64 < sizeof pool && !V; o += 8)
        if (place1(pool + o) == place1(K) && place2(pool + o) != place1(K)) V = pool + o;
    for (size_t o = 64; V && o + 64 < sizeof pool && !W; o += 8)   /* (clear of V's text: the two are written apart) */
        if ((pool + o < V - 40 || pool + o > V + 40) && place1(pool + o) == place2(V) && place1(pool + o) != place1(K)) W = pool + o;
    CHECK(V != NULL && W != NULL);
    if (!V || !W) return;
    strcpy(K, "key.on.a.shared.place");
    strcpy(W, "span-name-w");
    memcpy(V, "value\0tail", 11);   /* (a literal whose length, 10, is not its C string's) */
    char *K2 = NULL;   /* a second key on K's first place: it takes K's second one */
    for (size_t o = 64; o + 64 < sizeof pool && !K2; o += 8)
        if (pool + o != V && pool + o != W && place1(pool + o) == place1(K) && (pool + o < V - 40 || pool + o > V + 40) &&
            (pool + o < W - 40 || pool + o > W + 40))
            K2 = pool + o;
    CHECK(K2 != NULL);
    if (!K2) return;
    strcpy(K2, "second.key");
    start();
    for (int i = 0; i < 3; i++) {
        otel_span *sp = otel_span_begin(W, OTEL_SPAN_KIND_INTERNAL);
        otel__span_set_literal(sp, K, V, 10);
        otel_span_set_int(sp, K2, i);
        otel_span_end(sp);
    }
    collect();
    CHECK_EQ_INT(nspans, 3);
    size_t off, len, k = otel__encode_records(OTEL__SIG_TRACES, 0, spans, nspans, buf, sizeof buf, &off, &len);
    CHECK_EQ_INT(k, 3);
    CHECK(decode(OTEL__SIG_TRACES, buf + off, len));
    CHECK_EQ_INT(count(" name=span-name-w "), 3);
    CHECK_EQ_INT(count("{key=key.on.a.shared.place s=value"), 3);
    CHECK_EQ_INT(count("{key=second.key i="), 3);
    CHECK(has("{key=second.key i=2 }"));
    if (test__case_failed) printf("%s\n", out);
    otel_release(recs, nrecs);
    otel_shutdown(100);
}

/* The resource's bytes, made once at export setup, are what writing it per
   request gives, for spans and log records alike; a resource built by a
   later otel_init is never given the earlier one's bytes. */
static unsigned char buf2[1 << 18];
static int same_both_ways(int sig, otel_span_data **r, size_t n) {
    size_t off, len, off2, len2;
    uint32_t gen = otel__res_pb.gen;
    otel__res_pb.gen = otel__g.res_gen - 1;   /* (not this resource's: written per request) */
    size_t k = otel__encode_records(sig, 0, r, n, buf, sizeof buf, &off, &len);
    otel__res_pb.gen = gen;
    size_t k2 = otel__encode_records(sig, 0, r, n, buf2, sizeof buf2, &off2, &len2);
    return k == n && k2 == n && len > 0 && len == len2 && memcmp(buf + off, buf2 + off2, len) == 0;
}
TEST(resource_bytes_made_once) {
    res_url = "https://example.com/resource-schema";
    start();
    res_url = NULL;
    CHECK(otel__res_pb.gen != otel__g.res_gen || otel__res_pb.len == 0);   /* (no export setup in this init) */
    otel__res_pb_make();
    CHECK(otel__res_pb.len > 0 && otel__res_pb.gen == otel__g.res_gen);
    otel_span_end(otel_span_begin("one", OTEL_SPAN_KIND_INTERNAL));
    otel_attr a[1] = {otel_attr_str("k", "v")};
    otel_log(OTEL_SEVERITY_INFO, "a log record", a, 1);
    collect();
    CHECK(same_both_ways(OTEL__SIG_TRACES, spans, nspans));
    CHECK(same_both_ways(OTEL__SIG_LOGS, logs, nlogs));
    size_t off, len;
    otel__encode_records(OTEL__SIG_TRACES, 0, spans, nspans, buf, sizeof buf, &off, &len);
    CHECK(decode(OTEL__SIG_TRACES, buf + off, len));
    CHECK(has("{key=service.name s=decode-test } "));
    CHECK(has("rurl=https://example.com/resource-schema \n<scopespans "));
    otel_release(recs, nrecs);
    otel_shutdown(100);
    /* a later init with another resource: the bytes kept are not this one's */
    otel_config c;
    memset(&c, 0, sizeof c);
    static otel_processor p = { hold, NULL, NULL, 1000, NULL };
    c.ignore_env = 1;
    c.processor = &p;
    c.service_name = "another-service";
    otel_init(&c);
    otel_span_end(otel_span_begin("two", OTEL_SPAN_KIND_INTERNAL));
    collect();
    otel__encode_records(OTEL__SIG_TRACES, 0, spans, nspans, buf, sizeof buf, &off, &len);
    CHECK(decode(OTEL__SIG_TRACES, buf + off, len));
    CHECK(has("{key=service.name s=another-service } "));
    CHECK(!has("decode-test") && !has("resource-schema"));
    if (test__case_failed) printf("%s\n", out);
    otel_release(recs, nrecs);
    otel_shutdown(100);
}

int main(void) {
    RUN(spans_every_field_two_scopes);
    RUN(strings_on_the_same_cache_places);
    RUN(split_batches_are_prefixes);
    RUN(logs_every_field_two_scopes);
    RUN(metrics_every_kind_exemplars_two_scopes);
    RUN(resource_bytes_made_once);
    return test_summary("encode_decode");
}
