/* fuzz_traceparent.c - W3C Trace Context: traceparent and tracestate parsing,
   extraction from carrier strings, and the traceparent round trip.

   Input: "<traceparent>\n<tracestate>" (everything is traceparent when there
   is no newline). */
#define OTEL_IMPLEMENTATION
/* warnings are rate-limited by the clock: keep them out of the runs */
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"

static int is_hex_lower(int c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

static void check_traceparent(const char *tp, size_t n) {
    otel_span_context c;
    memset(&c, 0xAB, sizeof c);
    int rc = otel_traceparent_parse(tp, n, &c);
    FUZZ_CHECK(rc == OTEL_OK || rc == OTEL_ERR_INVALID);
    if (rc != OTEL_OK) return;
    FUZZ_CHECK(otel_span_context_is_valid(&c));
    FUZZ_CHECK(c.remote == 1 && (c.flags & ~0x03u) == 0);
    FUZZ_CHECK(c.tracestate == NULL && c.tracestate_len == 0);

    /* what was accepted, without the optional whitespace around it */
    const char *s = tp;
    size_t len = n;
    while (len && (s[0] == ' ' || s[0] == '\t')) { s++; len--; }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    FUZZ_CHECK(len >= 55);
    for (size_t i = 0; i < 55; i++) {
        if (i == 2 || i == 35 || i == 52) FUZZ_CHECK(s[i] == '-');
        else FUZZ_CHECK(is_hex_lower((unsigned char)s[i]));
    }
    FUZZ_CHECK(!(s[0] == 'f' && s[1] == 'f'));
    if (s[0] == '0' && s[1] == '0') FUZZ_CHECK(len == 55);
    else if (len > 55) FUZZ_CHECK(s[55] == '-');

    char out[56];
    memset(out, 'x', sizeof out);
    FUZZ_CHECK(otel_traceparent_format(&c, out) == 55);
    FUZZ_CHECK(out[55] == 0 && strlen(out) == 55);
    /* ids come back byte for byte, at version 00; of the flags only the
       ones this version defines (sampled, random) are passed on */
    FUZZ_CHECK(memcmp(out, "00-", 3) == 0);
    FUZZ_CHECK(memcmp(out + 3, s + 3, 50) == 0);
    int flags = otel__hexval((unsigned char)s[53]) << 4 | otel__hexval((unsigned char)s[54]);
    char want[3];
    snprintf(want, sizeof want, "%02x", flags & 0x03);
    FUZZ_CHECK(memcmp(out + 53, want, 2) == 0);
    if (s[0] == '0' && s[1] == '0' && (flags & ~0x03) == 0) FUZZ_CHECK(memcmp(out, s, 55) == 0);

    /* the formatted text parses back to the same context */
    otel_span_context c2;
    FUZZ_CHECK(otel_traceparent_parse(out, 55, &c2) == OTEL_OK);
    FUZZ_CHECK(memcmp(c.trace_id, c2.trace_id, 16) == 0 && memcmp(c.span_id, c2.span_id, 8) == 0);
    FUZZ_CHECK(c.flags == c2.flags);
}

static void check_tracestate(const char *ts, size_t n) {
    int m = otel_tracestate_validate(ts, n);
    FUZZ_CHECK(m == OTEL_ERR_INVALID || (m >= 0 && m <= 32));
    if (m <= 0) return;
    /* a valid list stays valid, with the same members, behind more commas
       and whitespace: empty members are allowed */
    char *wrapped = (char *)malloc(n + 4);
    FUZZ_CHECK(wrapped != NULL);
    memcpy(wrapped, ", ", 2);
    memcpy(wrapped + 2, ts, n);
    memcpy(wrapped + 2 + n, " ,", 2);
    FUZZ_CHECK(otel_tracestate_validate(wrapped, n + 4) == m);
    free(wrapped);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t n1, n2;
    const uint8_t *d2;
    fuzz_split(data, size, &n1, &d2, &n2);

    char *tp = fuzz_copy(data, n1, 0);
    char *ts = fuzz_copy(d2, n2, 0);
    check_traceparent(tp, n1);
    check_tracestate(ts, n2);

    /* the NUL-terminated forms, as carriers hand them over */
    char *tpz = fuzz_copy(data, n1, 1);
    char *tsz = fuzz_copy(d2, n2, 1);
    if (!memchr(tp, 0, n1)) {
        otel_span_context a, b;
        int ra = otel_traceparent_parse(tpz, (size_t)-1, &a), rb = otel_traceparent_parse(tp, n1, &b);
        FUZZ_CHECK(ra == rb);
        if (ra == OTEL_OK) FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0);
    }
    if (!memchr(ts, 0, n2)) FUZZ_CHECK(otel_tracestate_validate(tsz, (size_t)-1) == otel_tracestate_validate(ts, n2));

    otel_span_context c;
    int rc = otel_context_extract(tpz, tsz, &c);
    FUZZ_CHECK(rc == OTEL_OK || rc == OTEL_ERR_INVALID);
    if (rc != OTEL_OK) {
        FUZZ_CHECK(!otel_span_context_is_valid(&c) && c.tracestate == NULL && c.tracestate_len == 0);
    } else {
        FUZZ_CHECK(otel_span_context_is_valid(&c));
        if (c.tracestate) {
            /* borrowed from the caller's string, never past its end */
            size_t zl = strlen(tsz);
            FUZZ_CHECK(c.tracestate >= tsz && c.tracestate + c.tracestate_len <= tsz + zl);
            FUZZ_CHECK(c.tracestate_len > 0 && c.tracestate_len <= 8192);
            FUZZ_CHECK(otel_tracestate_validate(c.tracestate, c.tracestate_len) > 0);
        } else {
            FUZZ_CHECK(c.tracestate_len == 0);
        }
    }
    /* no tracestate at all is not an error */
    otel_span_context c0;
    FUZZ_CHECK(otel_context_extract(tpz, NULL, &c0) == rc);

    free(tp); free(ts); free(tpz); free(tsz);
    return 0;
}
