/* bench/same/encode.c - the OTLP requests (protobuf and JSON) of many span
   and log record shapes, printed as text, for bench/same/encode.sh to
   compare between two versions of the headers byte for byte: keys set
   twice, every attribute type and arrays, events with attributes, links
   with and without a tracestate, parents, both statuses, an out-of-range
   kind, names and records over 128 bytes, and buffers small enough to split
   the batch. Clock, seed and ids are fixed; the resource (pid, instance
   id) is left out. */
static unsigned long long same_clock(void);
static int same_seed(void *p, unsigned long n);
#define OTEL_CLOCK_NS() same_clock()
#define OTEL_RANDOM_SEED(p, n) same_seed(p, n)
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <stdio.h>
#include <string.h>
#include "bench_spans.h"

static unsigned long long now_ns = 1700000000000000000ull;
static unsigned long long same_clock(void) { return now_ns += 1234567; }
static int same_seed(void *p, unsigned long n) { memset(p, 7, n); return 0; }
static unsigned char buf[1 << 22];
static char big[400], name2[300];

/* ids that differ per record and cover every byte value */
static void fix_ids(otel_span_data **recs, size_t n) {
    for (size_t j = 0; j < n; j++)
        for (int q = 0; q < 16; q++) {
            recs[j]->trace_id[q] = (uint8_t)(j * 37 + q * 11);
            if (q >= 8) continue;
            recs[j]->span_id[q] = (uint8_t)(j * 53 + q * 29 + 1);
            if (recs[j]->has_parent) recs[j]->parent_id[q] = (uint8_t)(j * 17 + q * 7 + 3);
        }
}
static size_t varint_at(const unsigned char *p, size_t *i) {
    size_t v = 0;
    for (int sh = 0;; sh += 7) {
        unsigned char c = p[(*i)++];
        v |= (size_t)(c & 0x7f) << sh;
        if (!(c & 0x80)) return v;
    }
}
static void dump_pb(int sig, otel_span_data **recs, size_t n, size_t cap) {
    size_t off, len, i = 0;
    fix_ids(recs, n);
    size_t k = otel__encode_records(sig, 0, recs, n, buf, cap, &off, &len);
    printf("protobuf signal %d buffer %zu: %zu records\n", sig, cap, k);
    if (len) {   /* past the ResourceX's key and length, and its resource */
        const unsigned char *p = buf + off;
        i = 1;
        varint_at(p, &i);
        if (p[i] == 0x0a) { i++; size_t rl = varint_at(p, &i); i += rl; }
    }
    for (size_t c = 0; i < len; i++, c++) printf("%02x%s", buf[off + i], c % 64 == 63 ? "\n" : "");
    printf("\n");
}
static void dump_json(int sig, otel_span_data **recs, size_t n) {
    size_t off, len;
    fix_ids(recs, n);
    size_t k = otel__encode_records(sig, 1, recs, n, buf, sizeof buf - 1, &off, &len);
    buf[off + len] = 0;
    const char *from = strstr((const char *)buf + off, sig ? "\"scopeLogs\"" : "\"scopeSpans\"");
    printf("JSON signal %d: %zu records\n%s\n", sig, k, from ? from : "(none)");
}

int main(void) {
    bench_init_holding();
    memset(big, 'x', sizeof big - 1);
    memset(name2, 'n', sizeof name2 - 1);
    for (int i = 0; i < 40; i++) {
        otel_span *s = otel_span_begin(i % 5 == 0 ? "GET /api/v1/items/a/rather/long/name/for/a/span" : "request",
                                       (otel_span_kind)(i == 13 ? 200 : i % 6));
        otel_span_set_int(s, "http.response.status_code", 200 + i);
        otel_span_set_str(s, "http.route", "/api/v1/items");
        if (i % 2) otel_span_set_str(s, "user.name.that.is.a.long.key.over.32.bytes", big + (i * 7 % 380));
        if (i % 3 == 0) { otel_span_set_double(s, "d", 1.5 * i); otel_span_set_bool(s, "b", i & 1); }
        if (i % 4 == 0) otel_span_set_int(s, "http.response.status_code", -5);   /* set again */
        if (i % 7 == 0) {
            const char *v[3] = {"a", "bb", "ccc"};
            int64_t iv[2] = {1, -2};
            otel_attr a[2] = {otel_attr_str_array("arr", v, 3), otel_attr_int_array("ia", iv, 2)};
            otel_span_set_attrs(s, a, 2);
        }
        if (i % 5 == 1) {
            otel_attr ev[2] = {otel_attr_int("retry", i), otel_attr_str("why", "cache miss")};
            otel_span_add_event(s, "cache miss", ev, 2);
            otel_span_add_event(s, "e2", NULL, 0);
        }
        if (i % 6 == 2) {
            otel_span_context lc;
            memset(&lc, 0, sizeof lc);
            lc.trace_id[0] = 1; lc.span_id[0] = 2; lc.flags = 1;
            if (i % 12 == 2) { lc.tracestate = "vendor=abc,x=1"; lc.tracestate_len = 14; }
            otel_attr la[1] = {otel_attr_str("link.k", "v")};
            otel_span_add_link(s, &lc, la, 1);
        }
        if (i % 8 == 3) otel_span_set_status(s, OTEL_STATUS_ERROR, "it broke");
        if (i % 8 == 5) otel_span_set_status(s, OTEL_STATUS_OK, NULL);
        if (i % 9 == 4) otel_span_set_name(s, name2 + (i % 200));
        for (int k = 0; i == 11 && k < 12; k++) otel_span_set_str(s, k % 2 ? "many.a" : "many.b", big + k * 20);
        if (i % 10 == 6) otel_span_end(otel_span_begin("child", OTEL_SPAN_KIND_CLIENT));
        otel_span_end(s);
    }
    otel_span_data *recs[256];
    size_t n = otel_collect(recs, 256);
    dump_pb(0, recs, n, sizeof buf);
    dump_pb(0, recs, n, 3000);
    dump_pb(0, recs, n, 1500);
    dump_pb(0, recs, n, 777);
    dump_json(0, recs, n);
    otel_release(recs, n);
    for (int i = 0; i < 20; i++) {
        otel_attr a[3] = {otel_attr_str("user.id", "u-1234"), otel_attr_int("item.index", i),
                          otel_attr_str("user.id", i % 2 ? "again" : "x")};
        otel_log(i % 4 ? OTEL_SEVERITY_INFO : 0, i % 3 ? "cache miss for the item" : big, a, i % 5 ? 2 : 3);
    }
    n = otel_collect(recs, 256);
    dump_pb(2, recs, n, sizeof buf);
    dump_pb(2, recs, n, 2500);
    dump_pb(2, recs, n, 1000);
    dump_json(2, recs, n);
    otel_release(recs, n);
    otel_shutdown(100);
    return 0;
}
