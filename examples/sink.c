/* sink.c - a small OTLP/HTTP receiver: the default backend of `make demo`.

   It accepts OTLP/HTTP protobuf requests on 127.0.0.1 (traces, metrics,
   logs), keeps what they carry in fixed static tables, and at exit prints a
   report: each trace as a waterfall of its spans (merged across processes),
   then the log records, then a summary of the metrics.

   RUN
     build/examples/sink [--port N] [--idle-exit MS] [--expect-traces N] [--print-each]
     The first line on stdout is `LISTENING <port>` (port 0, the default,
     picks a free one). Point a program at it with
       OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:<port>
     and stop it with `GET /quit`, SIGINT or SIGTERM: it prints the report
     and exits 0.

     --idle-exit MS      also stop after MS milliseconds without a request
     --expect-traces N   also stop once N root spans (no parent) have arrived
     --print-each        print the report after every accepted request

   HTTP: HTTP/1.1 with keep-alive and pipelining, bodies by Content-Length
   only (chunked and bodies over SINK_MAX_BODY get 413), POST /v1/traces,
   /v1/metrics, /v1/logs with Content-Type application/x-protobuf. Answers:
   200 with an empty protobuf body, 400 with a one-line reason for a
   malformed request or body, 415 for OTLP/JSON or compressed bodies.

   LIMITS: every table is a fixed static array; what does not fit is dropped
   and counted in the report, never allocated. A request that fails to decode
   leaves nothing behind. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"   /* for the generated nanopb descriptors */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define SINK_MAX_BODY     (8u << 20)   /* above the exporter's 4 MiB send buffer */
#define SINK_MAX_HEADER   16384
#define SINK_MAX_CONNS    32
#define SINK_TEXT_BYTES   (8u << 20)
#define SINK_MAX_STRING   512          /* longer strings are cut */
#define SINK_MAX_SPANS    16384
#define SINK_MAX_ATTRS    131072
#define SINK_MAX_EVENTS   16384
#define SINK_MAX_RESOURCES 1024
#define SINK_MAX_LOGS     8192
#define SINK_MAX_METRICS  4096
#define SINK_MAX_POINTS   16384
#define SINK_ANY_DEPTH    3            /* nested arrays/maps shown this deep, deeper ones elided */
#define SINK_SHOWN_ATTRS  5
#define SINK_IDLE_CONN_MS 60000        /* an idle keep-alive connection */
#define SINK_STALL_MS     10000        /* a request that stops arriving half-way */
#define SINK_LINGER_MS    2000

/* ------------------------------------------------------------------ */
/* Storage                                                            */
/* ------------------------------------------------------------------ */

typedef struct { uint32_t off, len; } text_ref;   /* into g_text */
typedef struct { int32_t first, last; uint32_t count; } attr_list;

enum { V_NONE, V_STR, V_INT, V_DOUBLE, V_BOOL };
typedef struct {
    text_ref key;
    uint8_t type;
    int64_t i;
    double d;
    text_ref s;
    int32_t next;
} attr;

typedef struct {
    text_ref service;
    int64_t pid;
    attr_list attrs;
} resource;

typedef struct {
    uint8_t trace_id[16], span_id[8], parent_id[8];
    bool has_parent;
    text_ref name, status_msg;
    int status_code, kind;
    uint64_t start, end;
    int32_t resource;
    attr_list attrs;
    int32_t first_event, last_event;
} span;

typedef struct {
    text_ref name;
    uint64_t time;
    attr_list attrs;
    int32_t next;
} event;

typedef struct {
    uint64_t time;
    int severity;
    text_ref severity_text, event_name, body;
    uint8_t trace_id[16], span_id[8];
    bool has_trace, has_span;
    attr_list attrs;
    int32_t resource;
} log_record;

enum { M_NONE, M_GAUGE, M_SUM, M_HISTOGRAM };
typedef struct {
    text_ref name, unit;
    int kind;
    bool monotonic;
    int32_t first_point, last_point;
} metric;

typedef struct {
    bool is_int;
    int64_t i;
    double d;
    uint64_t count;
    double sum, min, max;
    bool has_sum, has_min, has_max;
    attr_list attrs;
    int32_t next;
} point;

/* Everything a failed request must undo, in one struct so that a snapshot
   taken before decoding can be put back whole. */
typedef struct {
    uint32_t text_used;
    uint32_t nspans, nattrs, nevents, nresources, nlogs, nmetrics, npoints;
    uint64_t dropped_spans, dropped_attrs, dropped_events, dropped_resources,
             dropped_logs, dropped_metrics, dropped_points, truncated_strings;
} store_counts;

static char g_text[SINK_TEXT_BYTES];
static span g_spans[SINK_MAX_SPANS];
static attr g_attrs[SINK_MAX_ATTRS];
static event g_events[SINK_MAX_EVENTS];
static resource g_resources[SINK_MAX_RESOURCES];
static log_record g_logs[SINK_MAX_LOGS];
static metric g_metrics[SINK_MAX_METRICS];
static point g_points[SINK_MAX_POINTS];
static store_counts g_n;

typedef struct {
    uint64_t requests, ok, bad, too_large, unsupported, not_found;
    uint64_t roots_seen;
} request_stats;
static request_stats g_req;

static const char *text_ptr(text_ref r) { return g_text + r.off; }

static text_ref text_store(const char *s, size_t len) {
    text_ref r = { 0, 0 };
    if (len > SINK_MAX_STRING) { len = SINK_MAX_STRING; g_n.truncated_strings++; }
    if (len > SINK_TEXT_BYTES - g_n.text_used) { g_n.truncated_strings++; return r; }
    memcpy(g_text + g_n.text_used, s, len);
    r.off = g_n.text_used;
    r.len = (uint32_t)len;
    g_n.text_used += (uint32_t)len;
    return r;
}

static bool text_equals(text_ref r, const char *s) {
    size_t n = strlen(s);
    return r.len == n && memcmp(text_ptr(r), s, n) == 0;
}

static void list_init(attr_list *l) { l->first = l->last = -1; l->count = 0; }

static void list_append(attr_list *l, const attr *a) {
    if (g_n.nattrs >= SINK_MAX_ATTRS) { g_n.dropped_attrs++; return; }
    int32_t i = (int32_t)g_n.nattrs++;
    g_attrs[i] = *a;
    g_attrs[i].next = -1;
    if (l->last >= 0) g_attrs[l->last].next = i; else l->first = i;
    l->last = i;
    l->count++;
}

static const attr *list_find(const attr_list *l, const char *key) {
    for (int32_t i = l->first; i >= 0; i = g_attrs[i].next)
        if (text_equals(g_attrs[i].key, key)) return &g_attrs[i];
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Decoding: nanopb descriptors, with hand-walked AnyValue, Metric     */
/* and LogRecord                                                      */
/* ------------------------------------------------------------------ */

/* AnyValue keeps its string/array/map/bytes callbacks in a union with its
   scalars, so a hostile message that sends an int and then a string would
   make nanopb call through the int's bits. AnyValue, and the two messages
   that hold one inside a oneof or a static field (LogRecord.body) or whose
   oneof submessages carry callbacks (Metric.data), are therefore walked by
   hand with nanopb's field-level decoders. */

static const uint8_t *g_body;
static size_t g_body_len;

/* nanopb hands a callback a substream of the request for a length-delimited
   field, but copies any other wire type to a small stack buffer first: a
   stream that no longer points into the body means the sender used the
   wrong wire type for a string or message field. */
static bool is_length_delimited(const pb_istream_t *s) {
    uintptr_t p = (uintptr_t)s->state, b = (uintptr_t)g_body;
    return p >= b && p <= b + g_body_len;
}

#define REQUIRE_LENGTH_DELIMITED(s) \
    do { if (!is_length_delimited(s)) PB_RETURN_ERROR(s, "wrong wire type for a string or message field"); } while (0)

/* A bounded text being built while decoding a nested value. */
typedef struct { char *buf; size_t cap, len; } strbuf;

static void sb_put(strbuf *b, const char *s, size_t n) {
    if (b->len >= b->cap) return;
    if (n > b->cap - b->len) n = b->cap - b->len;
    memcpy(b->buf + b->len, s, n);
    b->len += n;
}
static void sb_puts(strbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

/* Reads the rest of the stream as a string, keeping what fits. */
static bool read_string_into(pb_istream_t *s, strbuf *b) {
    char chunk[256];
    while (s->bytes_left > 0) {
        size_t n = s->bytes_left < sizeof chunk ? s->bytes_left : sizeof chunk;
        if (!pb_read(s, (pb_byte_t *)chunk, n)) return false;
        sb_put(b, chunk, n);
    }
    return true;
}

static bool read_string_ref(pb_istream_t *s, text_ref *out) {
    char buf[SINK_MAX_STRING];
    strbuf b = { buf, sizeof buf, 0 };
    size_t total = s->bytes_left;
    if (!read_string_into(s, &b)) return false;
    if (total > b.len) g_n.truncated_strings++;
    if (out) *out = text_store(buf, b.len);
    return true;
}

static bool on_string(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    return read_string_ref(s, (text_ref *)*arg);
}

static bool check_wire(pb_istream_t *s, pb_wire_type_t got, pb_wire_type_t want) {
    if (got != want) PB_RETURN_ERROR(s, "wrong wire type");
    return true;
}

/* Runs fn over the next length-delimited field as its own stream. */
typedef bool (*submsg_fn)(pb_istream_t *sub, void *ctx);
static bool with_substream(pb_istream_t *s, pb_wire_type_t wt, submsg_fn fn, void *ctx) {
    pb_istream_t sub;
    if (!check_wire(s, wt, PB_WT_STRING)) return false;
    if (!pb_make_string_substream(s, &sub)) return false;
    bool ok = fn(&sub, ctx);
    if (!ok) {
        PB_SET_ERROR(s, PB_GET_ERROR(&sub));
        return false;
    }
    return pb_close_string_substream(s, &sub);
}

typedef struct {
    uint8_t type;
    int64_t i;
    double d;
    strbuf text;     /* strings, bytes, arrays and maps are rendered here */
    int depth;
} any_value;

static bool decode_any(pb_istream_t *s, any_value *v);

static void render_scalar(const any_value *v, strbuf *out) {
    char num[48];
    switch (v->type) {
    case V_STR: sb_put(out, v->text.buf, v->text.len); return;
    case V_INT: snprintf(num, sizeof num, "%" PRId64, v->i); break;
    case V_DOUBLE: snprintf(num, sizeof num, "%g", v->d); break;
    case V_BOOL: snprintf(num, sizeof num, "%s", v->i ? "true" : "false"); break;
    default: snprintf(num, sizeof num, "-"); break;
    }
    sb_puts(out, num);
}

/* One element of an ArrayValue, appended to the parent's rendering. */
static bool decode_array_element(pb_istream_t *s, void *ctx) {
    any_value *parent = (any_value *)ctx;
    char buf[128];
    any_value el = { V_NONE, 0, 0, { buf, sizeof buf, 0 }, parent->depth + 1 };
    if (!decode_any(s, &el)) return false;
    if (parent->i++ > 0) sb_puts(&parent->text, ", ");
    render_scalar(&el, &parent->text);
    return true;
}

static bool decode_array(pb_istream_t *s, void *ctx) {
    any_value *v = (any_value *)ctx;
    while (s->bytes_left > 0) {
        pb_wire_type_t wt; uint32_t tag; bool eof;
        if (!pb_decode_tag(s, &wt, &tag, &eof)) return false;
        if (tag == 1) { if (!with_substream(s, wt, decode_array_element, v)) return false; }
        else if (!pb_skip_field(s, wt)) return false;
    }
    return true;
}

static bool decode_any_sub(pb_istream_t *s, void *v) { return decode_any(s, (any_value *)v); }

/* One KeyValue of a KeyValueList, rendered as key=value. */
static bool decode_map_entry(pb_istream_t *s, void *ctx) {
    any_value *parent = (any_value *)ctx;
    char kbuf[64], vbuf[128];
    strbuf key = { kbuf, sizeof kbuf, 0 };
    any_value val = { V_NONE, 0, 0, { vbuf, sizeof vbuf, 0 }, parent->depth + 1 };
    while (s->bytes_left > 0) {
        pb_wire_type_t wt; uint32_t tag; bool eof;
        pb_istream_t sub;
        if (!pb_decode_tag(s, &wt, &tag, &eof)) return false;
        if (tag == 1) {
            if (!check_wire(s, wt, PB_WT_STRING) || !pb_make_string_substream(s, &sub)) return false;
            key.len = 0;
            bool ok = read_string_into(&sub, &key);
            if (!pb_close_string_substream(s, &sub) || !ok) return false;
        } else if (tag == 2) {
            if (!with_substream(s, wt, decode_any_sub, &val)) return false;
        } else if (!pb_skip_field(s, wt)) return false;
    }
    if (parent->i++ > 0) sb_puts(&parent->text, ", ");
    sb_put(&parent->text, key.buf, key.len);
    sb_puts(&parent->text, "=");
    render_scalar(&val, &parent->text);
    return true;
}

static bool decode_map(pb_istream_t *s, void *ctx) {
    any_value *v = (any_value *)ctx;
    while (s->bytes_left > 0) {
        pb_wire_type_t wt; uint32_t tag; bool eof;
        if (!pb_decode_tag(s, &wt, &tag, &eof)) return false;
        if (tag == 1) { if (!with_substream(s, wt, decode_map_entry, v)) return false; }
        else if (!pb_skip_field(s, wt)) return false;
    }
    return true;
}

/* Arrays and maps nest without limit on the wire; past SINK_ANY_DEPTH their
   content is skipped unread, so a deep value costs neither stack nor time. */
static bool decode_container(pb_istream_t *s, pb_wire_type_t wt, any_value *v, bool is_map) {
    v->type = V_STR;
    v->text.len = 0;
    v->i = 0;
    if (v->depth >= SINK_ANY_DEPTH) {
        sb_puts(&v->text, is_map ? "{...}" : "[...]");
        if (!check_wire(s, wt, PB_WT_STRING)) return false;
        return pb_skip_field(s, wt);
    }
    sb_puts(&v->text, is_map ? "{" : "[");
    if (!with_substream(s, wt, is_map ? decode_map : decode_array, v)) return false;
    sb_puts(&v->text, is_map ? "}" : "]");
    return true;
}

static bool decode_bytes_as_hex(pb_istream_t *s, pb_wire_type_t wt, any_value *v) {
    pb_istream_t sub;
    if (!check_wire(s, wt, PB_WT_STRING) || !pb_make_string_substream(s, &sub)) return false;
    v->type = V_STR;
    v->text.len = 0;
    sb_puts(&v->text, "0x");
    while (sub.bytes_left > 0) {
        pb_byte_t c;
        char hex[3];
        if (!pb_read(&sub, &c, 1)) return false;
        snprintf(hex, sizeof hex, "%02x", c);
        sb_puts(&v->text, hex);
    }
    return pb_close_string_substream(s, &sub);
}

static bool decode_any(pb_istream_t *s, any_value *v) {
    while (s->bytes_left > 0) {
        pb_wire_type_t wt; uint32_t tag; bool eof;
        uint64_t u;
        pb_istream_t sub;
        if (!pb_decode_tag(s, &wt, &tag, &eof)) return false;
        switch (tag) {
        case 1:
            if (!check_wire(s, wt, PB_WT_STRING) || !pb_make_string_substream(s, &sub)) return false;
            v->type = V_STR;
            v->text.len = 0;
            if (!read_string_into(&sub, &v->text) || !pb_close_string_substream(s, &sub)) return false;
            break;
        case 2: case 3:
            if (!check_wire(s, wt, PB_WT_VARINT) || !pb_decode_varint(s, &u)) return false;
            v->type = tag == 2 ? V_BOOL : V_INT;
            v->i = tag == 2 ? (u != 0) : (int64_t)u;
            break;
        case 4:
            if (!check_wire(s, wt, PB_WT_64BIT) || !pb_decode_fixed64(s, &v->d)) return false;
            v->type = V_DOUBLE;
            break;
        case 5: case 6:
            if (!decode_container(s, wt, v, tag == 6)) return false;
            break;
        case 7:
            if (!decode_bytes_as_hex(s, wt, v)) return false;
            break;
        default:
            if (!pb_skip_field(s, wt)) return false;
        }
    }
    return true;
}

static void any_to_attr(const any_value *v, attr *a) {
    a->type = v->type;
    a->i = v->i;
    a->d = v->d;
    if (v->type == V_STR) a->s = text_store(v->text.buf, v->text.len);
}

static bool on_attr_value(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    char buf[SINK_MAX_STRING];
    any_value v = { V_NONE, 0, 0, { buf, sizeof buf, 0 }, 0 };
    if (!decode_any(s, &v)) return false;
    any_to_attr(&v, (attr *)*arg);
    return true;
}

/* Decodes one KeyValue into list (NULL: decoded and dropped). */
static bool decode_key_value(pb_istream_t *s, attr_list *list) {
    attr a;
    memset(&a, 0, sizeof a);
    opentelemetry_proto_common_v1_KeyValue kv = opentelemetry_proto_common_v1_KeyValue_init_zero;
    kv.key.funcs.decode = on_string;
    kv.key.arg = &a.key;
    kv.value.funcs.decode = on_attr_value;
    kv.value.arg = &a;
    if (!pb_decode(s, opentelemetry_proto_common_v1_KeyValue_fields, &kv)) return false;
    if (list) list_append(list, &a); else g_n.dropped_attrs++;
    return true;
}

static bool on_key_value(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    return decode_key_value(s, (attr_list *)*arg);
}

static bool decode_key_value_sub(pb_istream_t *s, void *list) { return decode_key_value(s, (attr_list *)list); }

static void set_attr_callback(pb_callback_t *cb, attr_list *list) {
    cb->funcs.decode = on_key_value;
    cb->arg = list;
}

/* Reads a bytes field of exactly n bytes into out; other lengths are
   ignored (returns false in *present). */
static bool read_id(pb_istream_t *s, uint8_t *out, size_t n, bool *present) {
    uint8_t buf[16] = { 0 };
    size_t len = s->bytes_left;
    if (!pb_read(s, buf, len <= sizeof buf ? len : 0)) return false;
    if (len > sizeof buf && !pb_read(s, NULL, len)) return false;
    *present = false;
    if (len != n) return true;
    for (size_t i = 0; i < n; i++) if (buf[i]) *present = true;
    memcpy(out, buf, n);
    return true;
}

/* ---- resources ---- */

static int32_t resource_begin(void) {
    if (g_n.nresources >= SINK_MAX_RESOURCES) { g_n.dropped_resources++; return -1; }
    int32_t r = (int32_t)g_n.nresources++;
    memset(&g_resources[r], 0, sizeof g_resources[r]);
    g_resources[r].pid = -1;
    list_init(&g_resources[r].attrs);
    return r;
}

static void resource_finish(int32_t r) {
    if (r < 0) return;
    resource *res = &g_resources[r];
    const attr *a = list_find(&res->attrs, "service.name");
    if (a && a->type == V_STR) res->service = a->s;
    a = list_find(&res->attrs, "process.pid");
    if (a && a->type == V_INT) res->pid = a->i;
}

static attr_list *resource_attrs(int32_t r) { return r >= 0 ? &g_resources[r].attrs : NULL; }

/* ---- traces ---- */

static bool on_parent_id(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    span *sp = (span *)*arg;
    uint8_t scratch[8];
    bool present;
    return read_id(s, sp ? sp->parent_id : scratch, 8, sp ? &sp->has_parent : &present);
}

static bool on_event(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    span *sp = (span *)*arg;
    event *ev = NULL;
    int32_t idx = -1;
    if (sp && g_n.nevents < SINK_MAX_EVENTS) {
        idx = (int32_t)g_n.nevents++;
        ev = &g_events[idx];
        memset(ev, 0, sizeof *ev);
        list_init(&ev->attrs);
        ev->next = -1;
    } else {
        g_n.dropped_events++;
    }
    opentelemetry_proto_trace_v1_Span_Event msg = opentelemetry_proto_trace_v1_Span_Event_init_zero;
    msg.name.funcs.decode = on_string;
    msg.name.arg = ev ? &ev->name : NULL;
    set_attr_callback(&msg.attributes, ev ? &ev->attrs : NULL);
    if (!pb_decode(s, opentelemetry_proto_trace_v1_Span_Event_fields, &msg)) return false;
    if (!ev) return true;
    ev->time = msg.time_unix_nano;
    if (sp->last_event >= 0) g_events[sp->last_event].next = idx; else sp->first_event = idx;
    sp->last_event = idx;
    return true;
}

static span *span_reserve(int32_t resource_index) {
    if (g_n.nspans >= SINK_MAX_SPANS) { g_n.dropped_spans++; return NULL; }
    span *sp = &g_spans[g_n.nspans];
    memset(sp, 0, sizeof *sp);
    sp->resource = resource_index;
    sp->first_event = sp->last_event = -1;
    list_init(&sp->attrs);
    return sp;
}

static bool on_span(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    span *sp = span_reserve((int32_t)(intptr_t)*arg);
    opentelemetry_proto_trace_v1_Span msg = opentelemetry_proto_trace_v1_Span_init_zero;
    msg.name.funcs.decode = on_string;
    msg.name.arg = sp ? &sp->name : NULL;
    msg.parent_span_id.funcs.decode = on_parent_id;
    msg.parent_span_id.arg = sp;
    set_attr_callback(&msg.attributes, sp ? &sp->attrs : NULL);
    msg.events.funcs.decode = on_event;
    msg.events.arg = sp;
    msg.status.message.funcs.decode = on_string;
    msg.status.message.arg = sp ? &sp->status_msg : NULL;
    if (!pb_decode(s, opentelemetry_proto_trace_v1_Span_fields, &msg)) return false;
    if (!sp) return true;
    memcpy(sp->trace_id, msg.trace_id, 16);
    memcpy(sp->span_id, msg.span_id, 8);
    sp->kind = (int)msg.kind;
    sp->start = msg.start_time_unix_nano;
    sp->end = msg.end_time_unix_nano;
    sp->status_code = msg.has_status ? (int)msg.status.code : 0;
    g_n.nspans++;
    return true;
}

static bool on_scope_spans(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    opentelemetry_proto_trace_v1_ScopeSpans msg = opentelemetry_proto_trace_v1_ScopeSpans_init_zero;
    msg.spans.funcs.decode = on_span;
    msg.spans.arg = *arg;
    return pb_decode(s, opentelemetry_proto_trace_v1_ScopeSpans_fields, &msg);
}

static bool on_resource_spans(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    REQUIRE_LENGTH_DELIMITED(s);
    int32_t r = resource_begin();
    opentelemetry_proto_trace_v1_ResourceSpans msg = opentelemetry_proto_trace_v1_ResourceSpans_init_zero;
    set_attr_callback(&msg.resource.attributes, resource_attrs(r));
    msg.scope_spans.funcs.decode = on_scope_spans;
    msg.scope_spans.arg = (void *)(intptr_t)r;
    if (!pb_decode(s, opentelemetry_proto_trace_v1_ResourceSpans_fields, &msg)) return false;
    resource_finish(r);
    return true;
}

/* ---- metrics ---- */

static point *point_begin(metric *m, int32_t *idx) {
    if (!m || g_n.npoints >= SINK_MAX_POINTS) { g_n.dropped_points++; return NULL; }
    *idx = (int32_t)g_n.npoints++;
    point *p = &g_points[*idx];
    memset(p, 0, sizeof *p);
    list_init(&p->attrs);
    p->next = -1;
    return p;
}

static void point_link(metric *m, int32_t idx) {
    if (m->last_point >= 0) g_points[m->last_point].next = idx; else m->first_point = idx;
    m->last_point = idx;
}

static bool on_number_point(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    metric *m = (metric *)*arg;
    int32_t idx = -1;
    point *p = point_begin(m, &idx);
    opentelemetry_proto_metrics_v1_NumberDataPoint msg = opentelemetry_proto_metrics_v1_NumberDataPoint_init_zero;
    set_attr_callback(&msg.attributes, p ? &p->attrs : NULL);
    if (!pb_decode(s, opentelemetry_proto_metrics_v1_NumberDataPoint_fields, &msg)) return false;
    if (!p) return true;
    p->is_int = msg.which_value == opentelemetry_proto_metrics_v1_NumberDataPoint_as_int_tag;
    p->i = p->is_int ? msg.value.as_int : 0;
    p->d = msg.which_value == opentelemetry_proto_metrics_v1_NumberDataPoint_as_double_tag ? msg.value.as_double : 0;
    point_link(m, idx);
    return true;
}

static bool on_histogram_point(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    metric *m = (metric *)*arg;
    int32_t idx = -1;
    point *p = point_begin(m, &idx);
    opentelemetry_proto_metrics_v1_HistogramDataPoint msg = opentelemetry_proto_metrics_v1_HistogramDataPoint_init_zero;
    set_attr_callback(&msg.attributes, p ? &p->attrs : NULL);
    if (!pb_decode(s, opentelemetry_proto_metrics_v1_HistogramDataPoint_fields, &msg)) return false;
    if (!p) return true;
    p->count = msg.count;
    p->has_sum = msg.has_sum; p->sum = msg.sum;
    p->has_min = msg.has_min; p->min = msg.min;
    p->has_max = msg.has_max; p->max = msg.max;
    point_link(m, idx);
    return true;
}

typedef struct { metric *m; int kind; } metric_data_ctx;

static bool decode_metric_data(pb_istream_t *s, void *ctx) {
    metric_data_ctx *c = (metric_data_ctx *)ctx;
    if (c->m) c->m->kind = c->kind;
    if (c->kind == M_GAUGE) {
        opentelemetry_proto_metrics_v1_Gauge g = opentelemetry_proto_metrics_v1_Gauge_init_zero;
        g.data_points.funcs.decode = on_number_point;
        g.data_points.arg = c->m;
        return pb_decode(s, opentelemetry_proto_metrics_v1_Gauge_fields, &g);
    }
    if (c->kind == M_SUM) {
        opentelemetry_proto_metrics_v1_Sum sum = opentelemetry_proto_metrics_v1_Sum_init_zero;
        sum.data_points.funcs.decode = on_number_point;
        sum.data_points.arg = c->m;
        if (!pb_decode(s, opentelemetry_proto_metrics_v1_Sum_fields, &sum)) return false;
        if (c->m) c->m->monotonic = sum.is_monotonic;
        return true;
    }
    opentelemetry_proto_metrics_v1_Histogram h = opentelemetry_proto_metrics_v1_Histogram_init_zero;
    h.data_points.funcs.decode = on_histogram_point;
    h.data_points.arg = c->m;
    return pb_decode(s, opentelemetry_proto_metrics_v1_Histogram_fields, &h);
}

static bool decode_string_field(pb_istream_t *s, pb_wire_type_t wt, text_ref *out) {
    pb_istream_t sub;
    if (!check_wire(s, wt, PB_WT_STRING) || !pb_make_string_substream(s, &sub)) return false;
    if (!read_string_ref(&sub, out)) return false;
    return pb_close_string_substream(s, &sub);
}

static bool on_metric(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    REQUIRE_LENGTH_DELIMITED(s);
    metric *m = NULL;
    if (g_n.nmetrics < SINK_MAX_METRICS) {
        m = &g_metrics[g_n.nmetrics];
        memset(m, 0, sizeof *m);
        m->first_point = m->last_point = -1;
    } else {
        g_n.dropped_metrics++;
    }
    while (s->bytes_left > 0) {
        pb_wire_type_t wt; uint32_t tag; bool eof;
        metric_data_ctx ctx = { m, M_NONE };
        if (!pb_decode_tag(s, &wt, &tag, &eof)) return false;
        switch (tag) {
        case 1: if (!decode_string_field(s, wt, m ? &m->name : NULL)) return false; break;
        case 3: if (!decode_string_field(s, wt, m ? &m->unit : NULL)) return false; break;
        case 5: case 7: case 9:
            ctx.kind = tag == 5 ? M_GAUGE : tag == 7 ? M_SUM : M_HISTOGRAM;
            if (!with_substream(s, wt, decode_metric_data, &ctx)) return false;
            break;
        default: if (!pb_skip_field(s, wt)) return false;
        }
    }
    if (m) g_n.nmetrics++;
    return true;
}

static bool on_scope_metrics(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    REQUIRE_LENGTH_DELIMITED(s);
    opentelemetry_proto_metrics_v1_ScopeMetrics msg = opentelemetry_proto_metrics_v1_ScopeMetrics_init_zero;
    msg.metrics.funcs.decode = on_metric;
    return pb_decode(s, opentelemetry_proto_metrics_v1_ScopeMetrics_fields, &msg);
}

static bool on_resource_metrics(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    REQUIRE_LENGTH_DELIMITED(s);
    int32_t r = resource_begin();
    opentelemetry_proto_metrics_v1_ResourceMetrics msg = opentelemetry_proto_metrics_v1_ResourceMetrics_init_zero;
    set_attr_callback(&msg.resource.attributes, resource_attrs(r));
    msg.scope_metrics.funcs.decode = on_scope_metrics;
    if (!pb_decode(s, opentelemetry_proto_metrics_v1_ResourceMetrics_fields, &msg)) return false;
    resource_finish(r);
    return true;
}

/* ---- logs ---- */

/* A log body of any type is kept as its text. */
static bool decode_log_body(pb_istream_t *s, void *ctx) {
    log_record *lr = (log_record *)ctx;
    char buf[SINK_MAX_STRING], shown[SINK_MAX_STRING];
    any_value v = { V_NONE, 0, 0, { buf, sizeof buf, 0 }, 0 };
    strbuf out = { shown, sizeof shown, 0 };
    if (!decode_any(s, &v)) return false;
    if (!lr || v.type == V_NONE) return true;
    render_scalar(&v, &out);
    lr->body = text_store(out.buf, out.len);
    return true;
}

static bool decode_id_field(pb_istream_t *s, pb_wire_type_t wt, uint8_t *out, size_t n, bool *present) {
    pb_istream_t sub;
    if (!check_wire(s, wt, PB_WT_STRING) || !pb_make_string_substream(s, &sub)) return false;
    if (!read_id(&sub, out, n, present)) return false;
    return pb_close_string_substream(s, &sub);
}

static bool decode_log_fields(pb_istream_t *s, log_record *lr) {
    log_record scratch;
    memset(&scratch, 0, sizeof scratch);
    log_record *dst = lr ? lr : &scratch;
    attr_list *attrs = lr ? &lr->attrs : NULL;
    while (s->bytes_left > 0) {
        pb_wire_type_t wt; uint32_t tag; bool eof;
        uint64_t u;
        uint32_t u32;
        if (!pb_decode_tag(s, &wt, &tag, &eof)) return false;
        switch (tag) {
        case 1: case 11:
            if (!check_wire(s, wt, PB_WT_64BIT) || !pb_decode_fixed64(s, &u)) return false;
            if (tag == 1 || dst->time == 0) dst->time = u;
            break;
        case 2:
            if (!check_wire(s, wt, PB_WT_VARINT) || !pb_decode_varint(s, &u)) return false;
            dst->severity = (int)(u & 0xff);
            break;
        case 3: if (!decode_string_field(s, wt, lr ? &lr->severity_text : NULL)) return false; break;
        case 5: if (!with_substream(s, wt, decode_log_body, lr)) return false; break;
        case 6: if (!with_substream(s, wt, decode_key_value_sub, attrs)) return false; break;
        case 8:
            if (!check_wire(s, wt, PB_WT_32BIT) || !pb_decode_fixed32(s, &u32)) return false;
            break;
        case 9: if (!decode_id_field(s, wt, dst->trace_id, 16, &dst->has_trace)) return false; break;
        case 10: if (!decode_id_field(s, wt, dst->span_id, 8, &dst->has_span)) return false; break;
        case 12: if (!decode_string_field(s, wt, lr ? &lr->event_name : NULL)) return false; break;
        default: if (!pb_skip_field(s, wt)) return false;
        }
    }
    return true;
}

static bool on_log_record(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    log_record *lr = NULL;
    if (g_n.nlogs < SINK_MAX_LOGS) {
        lr = &g_logs[g_n.nlogs];
        memset(lr, 0, sizeof *lr);
        list_init(&lr->attrs);
        lr->resource = (int32_t)(intptr_t)*arg;
    } else {
        g_n.dropped_logs++;
    }
    if (!decode_log_fields(s, lr)) return false;
    if (lr) g_n.nlogs++;
    return true;
}

static bool on_scope_logs(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f;
    REQUIRE_LENGTH_DELIMITED(s);
    opentelemetry_proto_logs_v1_ScopeLogs msg = opentelemetry_proto_logs_v1_ScopeLogs_init_zero;
    msg.log_records.funcs.decode = on_log_record;
    msg.log_records.arg = *arg;
    return pb_decode(s, opentelemetry_proto_logs_v1_ScopeLogs_fields, &msg);
}

static bool on_resource_logs(pb_istream_t *s, const pb_field_t *f, void **arg) {
    (void)f; (void)arg;
    REQUIRE_LENGTH_DELIMITED(s);
    int32_t r = resource_begin();
    opentelemetry_proto_logs_v1_ResourceLogs msg = opentelemetry_proto_logs_v1_ResourceLogs_init_zero;
    set_attr_callback(&msg.resource.attributes, resource_attrs(r));
    msg.scope_logs.funcs.decode = on_scope_logs;
    msg.scope_logs.arg = (void *)(intptr_t)r;
    if (!pb_decode(s, opentelemetry_proto_logs_v1_ResourceLogs_fields, &msg)) return false;
    resource_finish(r);
    return true;
}

/* ---- one request ---- */

enum { SIGNAL_TRACES, SIGNAL_METRICS, SIGNAL_LOGS };

static uint64_t count_roots(uint32_t from, uint32_t to) {
    uint64_t n = 0;
    for (uint32_t i = from; i < to; i++) if (!g_spans[i].has_parent) n++;
    return n;
}

/* Decodes a whole request; on failure everything it stored is taken back
   and *why holds nanopb's reason. */
static bool decode_request(int signal, const uint8_t *body, size_t len, const char **why) {
    store_counts before = g_n;
    pb_istream_t s = pb_istream_from_buffer(body, len);
    bool ok;
    g_body = body;
    g_body_len = len;
    if (signal == SIGNAL_TRACES) {
        opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest req =
            opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_init_zero;
        req.resource_spans.funcs.decode = on_resource_spans;
        ok = pb_decode(&s, opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_fields, &req);
    } else if (signal == SIGNAL_METRICS) {
        opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest req =
            opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_init_zero;
        req.resource_metrics.funcs.decode = on_resource_metrics;
        ok = pb_decode(&s, opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_fields, &req);
    } else {
        opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest req =
            opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_init_zero;
        req.resource_logs.funcs.decode = on_resource_logs;
        ok = pb_decode(&s, opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_fields, &req);
    }
    g_body = NULL;
    g_body_len = 0;
    if (!ok) {
        *why = PB_GET_ERROR(&s);
        g_n = before;
        return false;
    }
    g_req.roots_seen += count_roots(before.nspans, g_n.nspans);
    return true;
}

/* ------------------------------------------------------------------ */
/* Report                                                             */
/* ------------------------------------------------------------------ */

static int g_columns = 100;

static void print_text(text_ref r, size_t max) {
    size_t n = r.len < max ? r.len : max;
    for (size_t i = 0; i < n; i++) {
        char c = text_ptr(r)[i];
        putchar((unsigned char)c < 0x20 || c == 0x7f ? ' ' : c);
    }
    if (r.len > max) fputs("...", stdout);
}

static void print_attr_value(const attr *a) {
    switch (a->type) {
    case V_STR: print_text(a->s, 60); break;
    case V_INT: printf("%" PRId64, a->i); break;
    case V_DOUBLE: printf("%g", a->d); break;
    case V_BOOL: fputs(a->i ? "true" : "false", stdout); break;
    default: fputs("-", stdout);
    }
}

static void print_attr(const attr *a) {
    print_text(a->key, 60);
    putchar('=');
    print_attr_value(a);
}

static void print_attr_list(const attr_list *l, unsigned max) {
    unsigned shown = 0;
    for (int32_t i = l->first; i >= 0 && shown < max; i = g_attrs[i].next, shown++) {
        putchar(' ');
        print_attr(&g_attrs[i]);
    }
    if (l->count > shown) printf(" (+%u more)", l->count - shown);
}

/* The attributes worth a glance on a waterfall line, in this order. */
static const char *const k_key_attrs[] = {
    "gen_ai.agent.name", "gen_ai.operation.name", "gen_ai.request.model", "gen_ai.response.model",
    "gen_ai.tool.name", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
    "process.command", "process.exit.code", "error.type",
    "http.request.method", "http.response.status_code", "url.full", "db.system",
};

static bool is_key_attr(text_ref key) {
    for (size_t k = 0; k < sizeof k_key_attrs / sizeof *k_key_attrs; k++)
        if (text_equals(key, k_key_attrs[k])) return true;
    return false;
}

/* Key attributes first, then the others, up to SINK_SHOWN_ATTRS. */
static void print_span_attrs(const span *sp) {
    unsigned shown = 0;
    for (size_t k = 0; k < sizeof k_key_attrs / sizeof *k_key_attrs && shown < SINK_SHOWN_ATTRS; k++) {
        const attr *a = list_find(&sp->attrs, k_key_attrs[k]);
        if (a && a->type != V_NONE) { putchar(' '); print_attr(a); shown++; }
    }
    for (int32_t i = sp->attrs.first; i >= 0 && shown < SINK_SHOWN_ATTRS; i = g_attrs[i].next) {
        const attr *a = &g_attrs[i];
        if (is_key_attr(a->key) || a->type == V_NONE) continue;
        putchar(' ');
        print_attr(a);
        shown++;
    }
    if (sp->attrs.count > shown) printf(" (+%u)", sp->attrs.count - shown);
}

static void print_hex(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
}

typedef struct {
    uint32_t *members;    /* span indices of this trace */
    uint32_t n;
    uint64_t t0, t1;
    uint8_t *printed;     /* indexed like members */
    int32_t *parent_pos;  /* member position of each member's parent, or -1 */
    int name_width, bar_width;
} trace_view;

static uint32_t g_member_buf[SINK_MAX_SPANS];
static uint8_t g_printed_buf[SINK_MAX_SPANS];
static int32_t g_parent_pos_buf[SINK_MAX_SPANS];
static uint8_t g_trace_done[SINK_MAX_SPANS];

static bool same_id(const uint8_t *a, const uint8_t *b, size_t n) { return memcmp(a, b, n) == 0; }

/* Member position of the span's parent within the trace, or -1. */
static int32_t parent_position(const trace_view *t, const span *sp) {
    if (!sp->has_parent) return -1;
    for (uint32_t j = 0; j < t->n; j++)
        if (same_id(g_spans[t->members[j]].span_id, sp->parent_id, 8)) return (int32_t)j;
    return -1;
}

static void print_bar(const trace_view *t, const span *sp) {
    uint64_t total = t->t1 > t->t0 ? t->t1 - t->t0 : 1;
    uint64_t start = sp->start > t->t0 ? sp->start - t->t0 : 0;
    uint64_t end = sp->end > sp->start ? sp->end - t->t0 : start;
    int w = t->bar_width;
    int from = (int)((double)start / (double)total * w);
    int to = (int)((double)end / (double)total * w + 0.5);
    if (from >= w) from = w - 1;
    if (to <= from) to = from + 1;
    if (to > w) to = w;
    putchar('|');
    for (int c = 0; c < w; c++) putchar(c < from || c >= to ? ' ' : '=');
    putchar('|');
}

static bool text_same(text_ref a, text_ref b) {
    return a.len == b.len && memcmp(text_ptr(a), text_ptr(b), a.len) == 0;
}

/* Each export request has its own resource record, so processes are told
   apart by what the resource says, not by the record. */
static bool resource_differs(const span *a, const span *b) {
    if (a->resource == b->resource) return false;
    if (a->resource < 0 || b->resource < 0) return true;
    const resource *ra = &g_resources[a->resource], *rb = &g_resources[b->resource];
    return ra->pid != rb->pid || !text_same(ra->service, rb->service);
}

static void print_resource_tag(const span *sp) {
    if (sp->resource < 0) return;
    const resource *r = &g_resources[sp->resource];
    if (!r->service.len && r->pid < 0) return;
    fputs("  @", stdout);
    if (r->service.len) print_text(r->service, 40); else fputs("?", stdout);
    if (r->pid >= 0) printf(" pid %" PRId64, r->pid);
}

static void print_events(const trace_view *t, const span *sp, int depth) {
    for (int32_t e = sp->first_event; e >= 0; e = g_events[e].next) {
        const event *ev = &g_events[e];
        double at = ev->time > t->t0 ? (double)(ev->time - t->t0) / 1e6 : 0.0;
        printf("%*s  * ", depth * 2, "");
        print_text(ev->name, 60);
        printf("  @%.3f ms", at);
        print_attr_list(&ev->attrs, 6);
        putchar('\n');
    }
}

static void print_span_line(const trace_view *t, const span *sp, const span *parent, int depth) {
    char name[256];
    int indent = depth * 2;
    int room = t->name_width - indent;
    if (room < 8) room = 8;
    size_t n = sp->name.len < (size_t)room ? sp->name.len : (size_t)room;
    memcpy(name, text_ptr(sp->name), n);
    name[n] = '\0';
    for (size_t i = 0; i < n; i++) if ((unsigned char)name[i] < 0x20) name[i] = ' ';
    printf("%*s%-*s ", indent, "", room, n ? name : "(no name)");
    print_bar(t, sp);
    double ms = sp->end > sp->start ? (double)(sp->end - sp->start) / 1e6 : 0.0;
    printf(" %9.3f ms", ms);
    if (sp->status_code == 2) {
        fputs("  ERROR: ", stdout);
        if (sp->status_msg.len) print_text(sp->status_msg, 80); else fputs("(no message)", stdout);
    }
    print_span_attrs(sp);
    if (!parent || resource_differs(sp, parent)) print_resource_tag(sp);
    putchar('\n');
}

/* Prints the span at member position pos and its subtree, children in
   start order. `printed` guards against ids that repeat or point in a
   circle, so every span is printed once and the walk always ends. */
static void print_subtree(trace_view *t, uint32_t pos, const span *parent, int depth) {
    const span *sp = &g_spans[t->members[pos]];
    t->printed[pos] = 1;
    print_span_line(t, sp, parent, depth);
    print_events(t, sp, depth + 1);
    for (;;) {
        int32_t next = -1;
        for (uint32_t j = 0; j < t->n; j++) {
            if (t->printed[j] || t->parent_pos[j] != (int32_t)pos) continue;
            if (next < 0 || g_spans[t->members[j]].start < g_spans[t->members[next]].start) next = (int32_t)j;
        }
        if (next < 0) return;
        print_subtree(t, (uint32_t)next, sp, depth + 1 < 30 ? depth + 1 : 30);
    }
}

static void collect_trace(trace_view *t, uint32_t first) {
    t->members = g_member_buf;
    t->printed = g_printed_buf;
    t->n = 0;
    t->t0 = UINT64_MAX;
    t->t1 = 0;
    for (uint32_t i = first; i < g_n.nspans; i++) {
        if (g_trace_done[i] || !same_id(g_spans[i].trace_id, g_spans[first].trace_id, 16)) continue;
        g_trace_done[i] = 1;
        t->members[t->n] = i;
        t->printed[t->n] = 0;
        t->n++;
        if (g_spans[i].start && g_spans[i].start < t->t0) t->t0 = g_spans[i].start;
        if (g_spans[i].end > t->t1) t->t1 = g_spans[i].end;
    }
    if (t->t0 == UINT64_MAX) t->t0 = 0;
    t->parent_pos = g_parent_pos_buf;
    for (uint32_t j = 0; j < t->n; j++) t->parent_pos[j] = parent_position(t, &g_spans[t->members[j]]);
}

/* Roots first (no parent in the data), in start order; then anything a
   cycle kept out of reach. */
static int32_t next_root(const trace_view *t, bool only_true_roots) {
    int32_t best = -1;
    for (uint32_t j = 0; j < t->n; j++) {
        if (t->printed[j]) continue;
        if (only_true_roots && t->parent_pos[j] >= 0) continue;
        if (best < 0 || g_spans[t->members[j]].start < g_spans[t->members[best]].start) best = (int32_t)j;
    }
    return best;
}

static void print_trace(trace_view *t) {
    const span *first = &g_spans[t->members[0]];
    fputs("\ntrace ", stdout);
    print_hex(first->trace_id, 16);
    printf("  %u span%s  %.3f ms\n", t->n, t->n == 1 ? "" : "s",
           t->t1 > t->t0 ? (double)(t->t1 - t->t0) / 1e6 : 0.0);
    int32_t pos;
    while ((pos = next_root(t, true)) >= 0) print_subtree(t, (uint32_t)pos, NULL, 0);
    while ((pos = next_root(t, false)) >= 0) print_subtree(t, (uint32_t)pos, NULL, 0);
}

static void print_traces(void) {
    trace_view t;
    t.name_width = g_columns * 3 / 10;
    if (t.name_width < 16) t.name_width = 16;
    if (t.name_width > 60) t.name_width = 60;
    t.bar_width = g_columns - t.name_width - 16;
    if (t.bar_width < 10) t.bar_width = 10;
    if (t.bar_width > 120) t.bar_width = 120;
    memset(g_trace_done, 0, g_n.nspans);
    printf("== traces: %u spans ==\n", g_n.nspans);
    for (uint32_t i = 0; i < g_n.nspans; i++) {
        if (g_trace_done[i]) continue;
        collect_trace(&t, i);
        print_trace(&t);
    }
}

static const char *severity_name(int n) {
    static const char *const names[] = { "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL" };
    if (n < 1 || n > 24) return "UNSPECIFIED";
    return names[(n - 1) / 4];
}

static void print_logs(void) {
    printf("\n== logs: %u records ==\n", g_n.nlogs);
    for (uint32_t i = 0; i < g_n.nlogs; i++) {
        const log_record *lr = &g_logs[i];
        const attr *ev = list_find(&lr->attrs, "event.name");
        putchar('[');
        if (lr->severity_text.len) print_text(lr->severity_text, 16); else fputs(severity_name(lr->severity), stdout);
        putchar(']');
        if (lr->event_name.len) { putchar(' '); print_text(lr->event_name, 60); }
        else if (ev && ev->type == V_STR) { putchar(' '); print_text(ev->s, 60); }
        if (lr->body.len) { fputs(" \"", stdout); print_text(lr->body, 120); putchar('"'); }
        print_attr_list(&lr->attrs, 8);
        if (lr->has_trace) { fputs(" trace=", stdout); print_hex(lr->trace_id, 4); }
        if (lr->has_span) { fputs(" span=", stdout); print_hex(lr->span_id, 4); }
        putchar('\n');
    }
}

static const char *metric_kind_name(const metric *m) {
    switch (m->kind) {
    case M_GAUGE: return "gauge";
    case M_SUM: return m->monotonic ? "sum (monotonic)" : "sum";
    case M_HISTOGRAM: return "histogram";
    default: return "unknown";
    }
}

static void print_point(const metric *m, const point *p) {
    fputs("    {", stdout);
    print_attr_list(&p->attrs, 8);
    fputs(" }", stdout);
    if (m->kind == M_HISTOGRAM) {
        printf(" count=%" PRIu64, p->count);
        if (p->has_sum) printf(" sum=%g", p->sum);
        if (p->has_min) printf(" min=%g", p->min);
        if (p->has_max) printf(" max=%g", p->max);
    } else if (p->is_int) {
        printf(" %" PRId64, p->i);
    } else {
        printf(" %g", p->d);
    }
    putchar('\n');
}

static bool metric_name_seen_before(uint32_t i) {
    for (uint32_t j = 0; j < i; j++)
        if (text_same(g_metrics[j].name, g_metrics[i].name)) return true;
    return false;
}

/* Metrics arrive once per export; points of one name are listed together. */
static void print_metrics(void) {
    printf("\n== metrics: %u exported ==\n", g_n.nmetrics);
    for (uint32_t i = 0; i < g_n.nmetrics; i++) {
        if (metric_name_seen_before(i)) continue;
        const metric *m = &g_metrics[i];
        print_text(m->name, 80);
        printf("  %s", metric_kind_name(m));
        if (m->unit.len) { fputs("  unit=", stdout); print_text(m->unit, 20); }
        putchar('\n');
        for (uint32_t j = i; j < g_n.nmetrics; j++) {
            const metric *o = &g_metrics[j];
            if (!text_same(o->name, m->name)) continue;
            for (int32_t p = o->first_point; p >= 0; p = g_points[p].next) print_point(o, &g_points[p]);
        }
    }
}

static void print_totals(void) {
    printf("\n== sink: %" PRIu64 " requests, %" PRIu64 " accepted, %" PRIu64 " malformed, %" PRIu64
           " too large, %" PRIu64 " unsupported, %" PRIu64 " not found ==\n",
           g_req.requests, g_req.ok, g_req.bad, g_req.too_large, g_req.unsupported, g_req.not_found);
    uint64_t dropped = g_n.dropped_spans + g_n.dropped_attrs + g_n.dropped_events + g_n.dropped_resources +
                       g_n.dropped_logs + g_n.dropped_metrics + g_n.dropped_points;
    if (dropped || g_n.truncated_strings)
        printf("dropped for full tables: %" PRIu64 " spans, %" PRIu64 " attributes, %" PRIu64 " events, %" PRIu64
               " resources, %" PRIu64 " logs, %" PRIu64 " metrics, %" PRIu64 " points; %" PRIu64 " strings cut\n",
               g_n.dropped_spans, g_n.dropped_attrs, g_n.dropped_events, g_n.dropped_resources,
               g_n.dropped_logs, g_n.dropped_metrics, g_n.dropped_points, g_n.truncated_strings);
}

static void print_report(void) {
    print_traces();
    print_logs();
    print_metrics();
    print_totals();
    fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* HTTP                                                               */
/* ------------------------------------------------------------------ */

/* A body that fits in the connection's own input buffer is decoded from
   there (C_BODY_INLINE); a larger one waits for the one shared body buffer
   (C_BODY_WAIT, then C_BODY), so a peer stalled in a large body only holds
   up other large bodies. */
enum { C_FREE, C_HEADERS, C_BODY_INLINE, C_BODY_WAIT, C_BODY, C_LINGER };

typedef struct {
    int fd;
    int state;
    char in[SINK_MAX_HEADER];
    size_t in_len;
    size_t body_len, body_got;
    int route;            /* signal, or one of the ROUTE_* below */
    bool keep_alive;
    bool json, compressed, content_type_ok;
    int64_t last_ms;
} conn;

enum { ROUTE_NONE = -1, ROUTE_QUIT = 10, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

static conn g_conns[SINK_MAX_CONNS];
static uint8_t g_body_buf[SINK_MAX_BODY];
static int g_body_owner = -1;            /* the connection reading into g_body_buf */
static volatile sig_atomic_t g_stop_signal;
static bool g_quit;

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_stop_signal(int sig) { (void)sig; g_stop_signal = 1; }

static void conn_close(conn *c) {
    int idx = (int)(c - g_conns);
    if (g_body_owner == idx) g_body_owner = -1;
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    c->state = C_FREE;
}

/* Responses are a few hundred bytes; a peer that lets its receive window
   fill while pipelining is cut off rather than waited for. */
static bool send_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static const char *status_text(int status) {
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    default: return "Error";
    }
}

static void count_status(int status) {
    g_req.requests++;
    if (status == 200) g_req.ok++;
    else if (status == 400) g_req.bad++;
    else if (status == 413) g_req.too_large++;
    else if (status == 415) g_req.unsupported++;
    else g_req.not_found++;
}

/* Sends one response; text, when given, is a one-line plain-text reason. */
static bool respond(conn *c, int status, const char *text, bool keep_alive) {
    char head[512];
    char body[300];
    const char *type = "application/x-protobuf";
    size_t blen = 0;
    if (text) {
        snprintf(body, sizeof body, "%s\n", text);
        blen = strlen(body);
        type = "text/plain";
    }
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: %s\r\n\r\n",
                     status, status_text(status), type, blen, keep_alive ? "keep-alive" : "close");
    return send_all(c->fd, head, (size_t)n) && (blen == 0 || send_all(c->fd, body, blen));
}

static bool answer(conn *c, int status, const char *text, bool keep_alive) {
    count_status(status);
    return respond(c, status, text, keep_alive);
}

/* Answers and stops reading requests; the peer's remaining bytes are read
   and discarded for a moment so that closing does not reset the
   connection before the answer arrives. */
static void respond_and_linger(conn *c, int status, const char *text) {
    if (!answer(c, status, text, false)) { conn_close(c); return; }
    shutdown(c->fd, SHUT_WR);
    if (g_body_owner == (int)(c - g_conns)) g_body_owner = -1;
    c->state = C_LINGER;
    c->last_ms = now_ms();
}

static bool is_token_char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           (ch != '\0' && strchr("!#$%&'*+-.^_`|~", ch) != NULL);
}

static const char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t')) *--e = '\0';
    return s;
}

static bool header_value_has(const char *value, const char *word) {
    size_t n = strlen(word);
    for (const char *p = value; *p; p++)
        if (strncasecmp(p, word, n) == 0) return true;
    return false;
}

static int route_for(const char *method, const char *target) {
    char path[128];
    size_t n = strcspn(target, "?");
    if (n >= sizeof path) return ROUTE_NOT_FOUND;
    memcpy(path, target, n);
    path[n] = '\0';
    if (strcmp(path, "/quit") == 0) return strcmp(method, "GET") == 0 || strcmp(method, "POST") == 0 ? ROUTE_QUIT : ROUTE_BAD_METHOD;
    int signal = strcmp(path, "/v1/traces") == 0 ? SIGNAL_TRACES
               : strcmp(path, "/v1/metrics") == 0 ? SIGNAL_METRICS
               : strcmp(path, "/v1/logs") == 0 ? SIGNAL_LOGS : ROUTE_NOT_FOUND;
    if (signal == ROUTE_NOT_FOUND) return ROUTE_NOT_FOUND;
    return strcmp(method, "POST") == 0 ? signal : ROUTE_BAD_METHOD;
}

typedef struct { int status; const char *reason; } verdict;

/* Parses the request line and headers in head (NUL-terminated, CRLFs
   intact) into c's request fields. */
static verdict parse_head(conn *c, char *head) {
    verdict ok = { 0, NULL };
    char *line = head, *eol = strstr(line, "\r\n");
    if (!eol) return (verdict){ 400, "malformed request line" };
    *eol = '\0';
    char *method = line, *sp1 = strchr(line, ' ');
    if (!sp1) return (verdict){ 400, "malformed request line" };
    *sp1 = '\0';
    char *target = sp1 + 1, *sp2 = strchr(target, ' ');
    if (!sp2) return (verdict){ 400, "malformed request line" };
    *sp2 = '\0';
    const char *version = sp2 + 1;
    if (!*method || !*target || target[0] != '/') return (verdict){ 400, "malformed request line" };
    for (const char *p = method; *p; p++) if (!is_token_char(*p)) return (verdict){ 400, "malformed request line" };
    for (const char *p = target; *p; p++) if ((unsigned char)*p <= 0x20 || *p == 0x7f) return (verdict){ 400, "malformed request target" };
    if (strcmp(version, "HTTP/1.1") != 0 && strcmp(version, "HTTP/1.0") != 0)
        return (verdict){ 400, "unsupported HTTP version" };

    c->keep_alive = strcmp(version, "HTTP/1.1") == 0;
    c->body_len = 0;
    c->json = c->compressed = c->content_type_ok = false;
    bool have_length = false, chunked = false;
    unsigned long long length = 0;
    for (line = eol + 2; *line; line = eol + 2) {
        eol = strstr(line, "\r\n");
        if (!eol) return (verdict){ 400, "malformed header line" };
        *eol = '\0';
        if (*line == '\0') break;
        char *colon = strchr(line, ':');
        if (!colon || colon == line) return (verdict){ 400, "malformed header line" };
        for (char *p = line; p < colon; p++) if (!is_token_char(*p)) return (verdict){ 400, "malformed header name" };
        *colon = '\0';
        const char *name = line, *value = trim(colon + 1);
        if (strcasecmp(name, "Content-Length") == 0) {
            if (!*value || strspn(value, "0123456789") != strlen(value)) return (verdict){ 400, "malformed Content-Length" };
            /* more than 15 digits is over any cap, and would overflow */
            unsigned long long v = strlen(value) > 15 ? ~0ULL : strtoull(value, NULL, 10);
            if (have_length && v != length) return (verdict){ 400, "conflicting Content-Length headers" };
            have_length = true;
            length = v;
        } else if (strcasecmp(name, "Transfer-Encoding") == 0) {
            chunked = true;
        } else if (strcasecmp(name, "Content-Type") == 0) {
            c->content_type_ok = strncasecmp(value, "application/x-protobuf", 22) == 0 &&
                                 (value[22] == '\0' || value[22] == ';' || value[22] == ' ');
            c->json = header_value_has(value, "json");
        } else if (strcasecmp(name, "Content-Encoding") == 0) {
            c->compressed = strcasecmp(value, "identity") != 0;
        } else if (strcasecmp(name, "Connection") == 0) {
            if (header_value_has(value, "close")) c->keep_alive = false;
            else if (header_value_has(value, "keep-alive")) c->keep_alive = true;
        }
    }
    if (chunked) return (verdict){ 413, "chunked bodies are not accepted: send a Content-Length" };
    if (length > SINK_MAX_BODY) return (verdict){ 413, "body larger than this sink accepts" };
    c->body_len = (size_t)length;
    c->route = route_for(method, target);
    return ok;
}

static bool should_exit_after_request(void);

/* The request in c (body, if any, in g_body_buf) is complete: answer it. */
static void handle_request(conn *c, const uint8_t *body) {
    if (c->route == ROUTE_QUIT) {
        respond(c, 200, "bye", false);
        g_quit = true;
        return;
    }
    if (c->route == ROUTE_NOT_FOUND) { answer(c, 404, "not found: use /v1/traces, /v1/metrics or /v1/logs", c->keep_alive); return; }
    if (c->route == ROUTE_BAD_METHOD) { answer(c, 405, "method not allowed: OTLP requests are POST", c->keep_alive); return; }
    if (c->json) {
        answer(c, 415, "OTLP/JSON is not supported: use OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", c->keep_alive);
        return;
    }
    if (c->compressed) { answer(c, 415, "compressed bodies are not supported: send them uncompressed", c->keep_alive); return; }
    if (!c->content_type_ok) { answer(c, 415, "Content-Type must be application/x-protobuf", c->keep_alive); return; }
    const char *why = NULL;
    if (!decode_request(c->route, body, c->body_len, &why)) {
        char reason[200];
        snprintf(reason, sizeof reason, "protobuf decode error: %s", why ? why : "unknown");
        answer(c, 400, reason, c->keep_alive);
        return;
    }
    answer(c, 200, NULL, c->keep_alive);
    if (should_exit_after_request()) g_quit = true;
}

static void finish_request(conn *c, const uint8_t *body) {
    handle_request(c, body);
    if (g_body_owner == (int)(c - g_conns)) g_body_owner = -1;
    if (g_quit || !c->keep_alive) {
        shutdown(c->fd, SHUT_WR);
        c->state = C_LINGER;
        c->last_ms = now_ms();
        return;
    }
    c->state = C_HEADERS;
}

/* Moves body bytes already read with the headers into the body buffer. */
static void consume_input(conn *c, size_t n);
static void take_body_from_input(conn *c) {
    size_t n = c->in_len < c->body_len ? c->in_len : c->body_len;
    memcpy(g_body_buf, c->in, n);
    consume_input(c, n);
    c->body_got = n;
}

static void advance(conn *c);

/* A complete head is at the start of c->in; parse it and start the body. */
static void start_request(conn *c, size_t head_len) {
    char head[SINK_MAX_HEADER + 1];
    memcpy(head, c->in, head_len);
    head[head_len] = '\0';
    consume_input(c, head_len);
    verdict v = parse_head(c, head);
    if (v.status) { respond_and_linger(c, v.status, v.reason); return; }
    c->body_got = 0;
    c->state = c->body_len <= sizeof c->in ? C_BODY_INLINE : C_BODY_WAIT;
}

static void consume_input(conn *c, size_t n) {
    memmove(c->in, c->in + n, c->in_len - n);
    c->in_len -= n;
}

/* Runs c's state machine as far as the bytes it has allow. */
static void advance(conn *c) {
    int self = (int)(c - g_conns);
    for (;;) {
        if (c->state == C_HEADERS) {
            char *end = NULL;
            for (size_t i = 0; i + 3 < c->in_len; i++)
                if (memcmp(c->in + i, "\r\n\r\n", 4) == 0) { end = c->in + i + 4; break; }
            if (!end) {
                if (c->in_len >= SINK_MAX_HEADER) respond_and_linger(c, 400, "request head too large");
                else if (c->in_len > 0 && memchr(c->in, '\0', c->in_len)) respond_and_linger(c, 400, "NUL byte in request head");
                return;
            }
            if (memchr(c->in, '\0', (size_t)(end - c->in))) { respond_and_linger(c, 400, "NUL byte in request head"); return; }
            start_request(c, (size_t)(end - c->in));
            continue;
        }
        if (c->state == C_BODY_INLINE) {
            if (c->in_len < c->body_len) return;
            finish_request(c, (const uint8_t *)c->in);
            if (c->state == C_LINGER || c->state == C_FREE) return;
            consume_input(c, c->body_len);
            if (g_quit) return;
            continue;
        }
        if (c->state == C_BODY_WAIT) {
            if (g_body_owner >= 0 && g_body_owner != self) return;
            g_body_owner = self;
            take_body_from_input(c);
            c->state = C_BODY;
            continue;
        }
        if (c->state == C_BODY) {
            if (c->body_got < c->body_len) return;
            finish_request(c, g_body_buf);
            if (c->state != C_HEADERS || g_quit) return;
            continue;
        }
        return;
    }
}

/* Reads what the socket has: into the body buffer when this connection
   owns it, otherwise into its input buffer. */
static void on_readable(conn *c) {
    int self = (int)(c - g_conns);
    for (;;) {
        ssize_t r;
        if (c->state == C_LINGER) {
            char drain[4096];
            r = recv(c->fd, drain, sizeof drain, 0);
        } else if (c->state == C_BODY && g_body_owner == self) {
            r = recv(c->fd, g_body_buf + c->body_got, c->body_len - c->body_got, 0);
            if (r > 0) c->body_got += (size_t)r;
        } else {
            if (c->in_len >= sizeof c->in) return;   /* waits for the body buffer or is rejected in advance() */
            r = recv(c->fd, c->in + c->in_len, sizeof c->in - c->in_len, 0);
            if (r > 0) c->in_len += (size_t)r;
        }
        if (r == 0) { conn_close(c); return; }
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) conn_close(c);
            return;
        }
        c->last_ms = now_ms();
        if (c->state != C_LINGER) {
            advance(c);
            if (c->state == C_FREE || g_quit) return;
        }
    }
}

static void on_acceptable(int lfd) {
    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) return;
        conn *c = NULL;
        for (int i = 0; i < SINK_MAX_CONNS; i++) if (g_conns[i].state == C_FREE) { c = &g_conns[i]; break; }
        if (!c) { close(fd); continue; }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        c->fd = fd;
        c->state = C_HEADERS;
        c->in_len = 0;
        c->last_ms = now_ms();
    }
}

/* Connections that stalled mid-request, idled too long, or lingered long
   enough are closed. */
static void expire_connections(int64_t now) {
    for (int i = 0; i < SINK_MAX_CONNS; i++) {
        conn *c = &g_conns[i];
        if (c->state == C_FREE) continue;
        int64_t limit = c->state == C_LINGER ? SINK_LINGER_MS
                      : (c->state == C_HEADERS && c->in_len == 0) ? SINK_IDLE_CONN_MS : SINK_STALL_MS;
        if (c->state == C_BODY_WAIT && g_body_owner >= 0 && g_body_owner != i) continue;
        if (now - c->last_ms > limit) conn_close(c);
    }
}

/* Connections that waited for the body buffer get it once it is free. */
static void wake_body_waiters(void) {
    for (int i = 0; i < SINK_MAX_CONNS && g_body_owner < 0; i++)
        if (g_conns[i].state == C_BODY_WAIT) { advance(&g_conns[i]); g_conns[i].last_ms = now_ms(); }
}

/* ------------------------------------------------------------------ */
/* Main                                                               */
/* ------------------------------------------------------------------ */

typedef struct {
    int port;
    int64_t idle_exit_ms;
    uint64_t expect_roots;
    bool print_each;
} options;

static options g_opt;

static bool should_exit_after_request(void) {
    if (g_opt.print_each) print_report();
    return g_opt.expect_roots > 0 && g_req.roots_seen >= g_opt.expect_roots;
}

static bool parse_number(const char *s, long long lo, long long hi, long long *out) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

static int usage(void) {
    fprintf(stderr, "usage: sink [--port N] [--idle-exit MS] [--expect-traces N] [--print-each]\n");
    return 2;
}

static bool parse_options(int argc, char **argv) {
    long long v;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(a, "--print-each") == 0) g_opt.print_each = true;
        else if (strcmp(a, "--port") == 0 && has_value && parse_number(argv[++i], 0, 65535, &v)) g_opt.port = (int)v;
        else if (strcmp(a, "--idle-exit") == 0 && has_value && parse_number(argv[++i], 1, INT64_MAX / 2, &v)) g_opt.idle_exit_ms = v;
        else if (strcmp(a, "--expect-traces") == 0 && has_value && parse_number(argv[++i], 1, INT64_MAX, &v)) g_opt.expect_roots = (uint64_t)v;
        else return false;
    }
    return true;
}

static int listen_on_loopback(int port, int *bound_port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 64) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    *bound_port = ntohs(a.sin_port);
    return fd;
}

static void install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int read_columns(void) {
    const char *s = getenv("COLUMNS");
    long long v;
    return s && parse_number(s, 40, 1000, &v) ? (int)v : 100;
}

/* Builds the poll set; slot 0 is the listener. */
static nfds_t poll_set(struct pollfd *pfd, int lfd, int *owner) {
    nfds_t n = 0;
    pfd[n].fd = lfd;
    pfd[n].events = POLLIN;
    owner[n++] = -1;
    for (int i = 0; i < SINK_MAX_CONNS; i++) {
        conn *c = &g_conns[i];
        if (c->state == C_FREE) continue;
        /* a connection waiting for the body buffer stays unread until then */
        if (c->state == C_BODY_WAIT || (c->state != C_LINGER && c->state != C_BODY && c->in_len >= sizeof c->in)) continue;
        pfd[n].fd = c->fd;
        pfd[n].events = POLLIN;
        owner[n++] = i;
    }
    return n;
}

static void serve(int lfd) {
    int64_t last_request = now_ms();
    uint64_t seen = 0;
    while (!g_quit && !g_stop_signal) {
        struct pollfd pfd[SINK_MAX_CONNS + 1];
        int owner[SINK_MAX_CONNS + 1];
        nfds_t n = poll_set(pfd, lfd, owner);
        int r = poll(pfd, n, 100);
        if (r < 0 && errno != EINTR) break;
        for (nfds_t k = 0; r > 0 && k < n; k++) {
            if (!pfd[k].revents) continue;
            if (owner[k] < 0) on_acceptable(lfd);
            else if (g_conns[owner[k]].state != C_FREE) on_readable(&g_conns[owner[k]]);
            if (g_quit) break;
        }
        wake_body_waiters();
        int64_t now = now_ms();
        expire_connections(now);
        if (g_req.requests != seen) { seen = g_req.requests; last_request = now; }
        if (g_opt.idle_exit_ms > 0 && now - last_request >= g_opt.idle_exit_ms) break;
    }
}

int main(int argc, char **argv) {
    if (!parse_options(argc, argv)) return usage();
    g_columns = read_columns();
    for (int i = 0; i < SINK_MAX_CONNS; i++) { g_conns[i].fd = -1; g_conns[i].state = C_FREE; }
    install_signal_handlers();
    int port = 0;
    int lfd = listen_on_loopback(g_opt.port, &port);
    if (lfd < 0) {
        fprintf(stderr, "sink: cannot listen on 127.0.0.1:%d: %s\n", g_opt.port, strerror(errno));
        return 1;
    }
    printf("LISTENING %d\n", port);
    fflush(stdout);
    serve(lfd);
    for (int i = 0; i < SINK_MAX_CONNS; i++) if (g_conns[i].state != C_FREE) conn_close(&g_conns[i]);
    close(lfd);
    print_report();
    return 0;
}
