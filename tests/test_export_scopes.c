/* The encoders' grouping by instrumentation scope, at every buffer size:
   a batch of spans (and of log records) from three scopes, interleaved, is
   encoded into buffers from too small for one record to roomy. Whatever
   fits must be the first records, a well-formed request (every length
   consistent, walked field by field) with one ScopeSpans / ScopeLogs per
   scope among the records sent, holding those records and no more. (What the fields say is checked end to end, by the receiver
   that decodes with the official definitions: tests/node/scopes_check.js.) */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include "test_core_util.h"

/* a length-delimited field's payload, or -1 at the end / on a malformed field */
typedef struct { const unsigned char *p, *end; } rd;
static int rd_varint(rd *r, uint64_t *v) {
    *v = 0;
    for (int s = 0; s < 64 && r->p < r->end; s += 7) {
        unsigned char b = *r->p++;
        *v |= (uint64_t)(b & 0x7f) << s;
        if (!(b & 0x80)) return 1;
    }
    return 0;
}
/* the next field: its number, and for a length-delimited one its payload
   (sub); 0 at the end, -1 when malformed */
static int rd_field(rd *r, uint32_t *field, rd *sub) {
    uint64_t key, len;
    if (r->p == r->end) return 0;
    if (!rd_varint(r, &key)) return -1;
    *field = (uint32_t)(key >> 3);
    switch (key & 7) {
    case 0: return rd_varint(r, &len) ? 1 : -1;
    case 1: if (r->end - r->p < 8) return -1; r->p += 8; return 1;
    case 5: if (r->end - r->p < 4) return -1; r->p += 4; return 1;
    case 2:
        if (!rd_varint(r, &len) || len > (uint64_t)(r->end - r->p)) return -1;
        sub->p = r->p; sub->end = r->p + len; r->p += len;
        return 2;
    default: return -1;
    }
}
/* 1 when a message's fields hold together to its end */
static int well_formed(rd m) {
    uint32_t f; rd sub; int k;
    while ((k = rd_field(&m, &f, &sub)) > 0) {}
    return k == 0;
}
/* Request{1: Resource*{1: Resource, 2: Scope*{1: scope{1: name}, 2: record, 3: schema_url}}}:
   the scope names in order and the records under each */
typedef struct { char name[32]; int records; int has_url; } scope_seen;
static int walk_request(const unsigned char *buf, size_t len, scope_seen *out, int max) {
    rd req = {buf, buf + len}, rs, part, ss, x;
    uint32_t f;
    int n = 0, k;
    if (!well_formed(req)) return -1;
    if (rd_field(&req, &f, &rs) != 2 || f != 1 || req.p != req.end) return -1;   /* one Resource* */
    while ((k = rd_field(&rs, &f, &part)) > 0) {
        if (f != 2) continue;
        if (n == max) return -1;
        scope_seen *s = &out[n++];
        memset(s, 0, sizeof *s);
        ss = part;
        while ((k = rd_field(&ss, &f, &x)) > 0) {
            if (k != 2) return -1;
            if (f == 1) {   /* the scope: its name */
                rd sc = x, nm;
                uint32_t g;
                while ((k = rd_field(&sc, &g, &nm)) > 0)
                    if (g == 1 && k == 2) snprintf(s->name, sizeof s->name, "%.*s", (int)(nm.end - nm.p), (const char *)nm.p);
                if (k < 0) return -1;
            } else if (f == 2) {
                if (!well_formed(x)) return -1;
                s->records++;
            } else if (f == 3) s->has_url = 1;
        }
        if (k < 0) return -1;
    }
    return k < 0 ? -1 : n;
}

#define N 12
static void check_batches(int sig, otel_tracer a, otel_tracer b) {
    static unsigned char buf[1 << 16];
    int full_ok = 0, partial_ok = 0, bad = 0;
    for (size_t cap = 40; cap < 4000; cap += 7) {
        otel_span_data *recs[N];
        memcpy(recs, tu_spans, sizeof recs);
        size_t off, len;
        size_t k = otel__encode_records(sig, 0, recs, N, buf, cap, &off, &len);
        if (!k) { if (len) bad++; continue; }
        if (!(len <= cap && off + len <= cap)) printf("  sig %d cap %zu: k %zu off %zu len %zu\n", sig, cap, k, off, len);
        CHECK(len <= cap && off + len <= cap);
        /* the records sent are recs[0..k), in their order: one ScopeSpans /
           ScopeLogs per scope among them, in the order the scopes first
           appear, each with that scope's records */
        const otel_scope *order[8];
        int cnt[8], expect_scopes = 0;
        for (size_t i = 0; i < k; i++) {
            const otel_scope *sc = otel__rec_scope(recs[i]);
            int j = 0;
            while (j < expect_scopes && order[j] != sc) j++;
            if (j == expect_scopes) { order[j] = sc; cnt[j] = 0; expect_scopes++; }
            cnt[j]++;
        }
        scope_seen seen[8];
        int ns = walk_request(buf + off, len, seen, 8);
        if (ns != expect_scopes) { bad++; printf("  cap %zu: %d scopes read, %d expected\n", cap, ns, expect_scopes); continue; }
        for (int i = 0; i < ns; i++) {
            if (seen[i].records != cnt[i]) bad++;
            if (strcmp(seen[i].name, order[i] ? order[i]->name : "otel.h") != 0) bad++;
            if (seen[i].has_url != (order[i] == a)) bad++;   /* (only lib.a has a schema URL) */
        }
        if (k == N) full_ok++; else partial_ok++;
    }
    (void)b;
    CHECK_EQ_INT(bad, 0);
    CHECK(full_ok > 0 && partial_ok > 0);
}

TEST(grouped_at_every_size) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_tracer a = otel_tracer_get("lib.a", "1", "https://opentelemetry.io/schemas/1.26.0");
    otel_attr attr = OTEL_ATTR_STR("lib.kind", "b");
    otel_tracer b = otel_scope_get("lib.b", NULL, NULL, &attr, 1);
    const otel_tracer order[N] = {a, NULL, b, a, b, NULL, a, a, b, NULL, b, a};
    for (int i = 0; i < N; i++) {
        otel_span *s = otel_tracer_span_begin(order[i], "a span with a name of some length", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_int(s, "i", i);
        otel_span_end(s);
    }
    CHECK_EQ_INT(tu_collect(), N);
    check_batches(OTEL__SIG_TRACES, a, b);
    tu_release();
    for (int i = 0; i < N; i++) otel_logger_log(order[i], OTEL_SEVERITY_INFO, "a log record with a body", NULL, 0);
    CHECK_EQ_INT(tu_collect(), N);
    check_batches(OTEL__SIG_LOGS, a, b);
    tu_release();
    tu_shutdown();
}

int main(void) {
    RUN(grouped_at_every_size);
    return test_summary("export-scopes");
}
