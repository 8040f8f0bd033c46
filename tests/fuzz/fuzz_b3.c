/* fuzz_b3.c - B3 extraction (the single b3 header and the x-b3-* ones),
   and what otel.h injects from it read back.

   Input: lines "<b3>\n<x-b3-traceid>\n<x-b3-spanid>\n<x-b3-sampled>\n<x-b3-flags>"
   (missing lines: headers left out). Properties: no crash or read past
   the input; an extracted context is valid, remote, flags 0 or 1; injected
   (single and multi) and extracted again, it is the same; a valid
   traceparent configured before B3 is never lost to a malformed B3 header. */
#define OTEL_IMPLEMENTATION
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"

static otel_extracted ex, ex2;
static const char *names[5] = {"b3", "X-B3-TraceId", "x-b3-spanid", "X-B3-Sampled", "x-b3-flags"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *v[5] = {0};
    otel_header h[6];
    size_t n = 0;
    size_t off = 0;
    for (int i = 0; i < 5; i++) {   /* the lines: one header each */
        const uint8_t *p = data + off, *nl = (const uint8_t *)memchr(p, '\n', size - off);
        size_t len = nl ? (size_t)(nl - p) : size - off;
        v[i] = fuzz_copy(p, len, 1);
        if (len || i == 0) { h[n].name = names[i]; h[n].value = v[i]; n++; }
        if (!nl) break;
        off += len + 1;
    }

    otel_propagators_set("b3");
    int rc = otel_propagation_extract(h, n, &ex);
    FUZZ_CHECK(rc == OTEL_OK || rc == OTEL_ERR_INVALID);
    if (rc == OTEL_OK) {
        const otel_span_context *c = &ex.ctx.span;
        FUZZ_CHECK(otel_span_context_is_valid(c) && c->remote == 1 && (c->flags & ~1u) == 0 && c->tracestate == NULL);
        for (int multi = 0; multi < 2; multi++) {
            otel_header out[4];
            char buf[128];
            otel_propagators_set(multi ? "b3multi" : "b3");
            int k = otel_propagation_inject(&ex.ctx, out, 4, buf, sizeof buf);
            FUZZ_CHECK(k == (multi ? 3 : 1));
            FUZZ_CHECK(otel_propagation_extract(out, (size_t)k, &ex2) == OTEL_OK);
            FUZZ_CHECK(memcmp(ex2.ctx.span.trace_id, c->trace_id, 16) == 0 && memcmp(ex2.ctx.span.span_id, c->span_id, 8) == 0);
            FUZZ_CHECK(ex2.ctx.span.flags == c->flags);
        }
    } else {
        FUZZ_CHECK(!otel_span_context_is_valid(&ex.ctx.span));
    }

    /* tracecontext first, then B3: a B3 context replaces it, nothing else does */
    otel_propagators_set("tracecontext,b3");
    h[n].name = "traceparent";
    h[n].value = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    FUZZ_CHECK(otel_propagation_extract(h, n + 1, &ex2) == OTEL_OK);
    if (rc == OTEL_OK) FUZZ_CHECK(memcmp(&ex2.ctx.span, &ex.ctx.span, 24) == 0);
    else FUZZ_CHECK(ex2.ctx.span.span_id[0] == 0x00 && ex2.ctx.span.span_id[7] == 0xb7);

    for (int i = 0; i < 5; i++) free(v[i]);
    return 0;
}
