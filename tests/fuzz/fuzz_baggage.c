/* fuzz_baggage.c - W3C Baggage: the baggage header parsed, formatted and
   parsed again, and the composite extraction around it.

   Input: "<baggage header>\n<a second baggage line>" (the second optional).
   Properties: no crash or read past the input; at most 64 members; every
   member's key a token; what is formatted parses back to the same members
   (values byte for byte, properties as text); a header cut to any size
   holds whole members only; a valid traceparent beside it is never lost. */
#define OTEL_IMPLEMENTATION
/* warnings are rate-limited by the clock: keep them out of the runs */
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"

static otel_baggage a, b;
static otel_extracted ex;
static char out[OTEL_BAGGAGE_MAX_BYTES + 1], small[97];

static int same_members(const otel_baggage *x, const otel_baggage *y) {
    otel_baggage_entry e, f;
    if (otel_baggage_count(x) != otel_baggage_count(y)) return 0;
    for (size_t i = 0; otel_baggage_entry_at(x, i, &e); i++) {
        const char *v = otel_baggage_get(y, e.key);
        if (!v || strlen(v) != e.value_len || memcmp(v, e.value, e.value_len) != 0) {
            /* (a value with a NUL byte ends there for get: compare by entry) */
            int found = 0;
            for (size_t j = 0; otel_baggage_entry_at(y, j, &f); j++)
                if (f.key_len == e.key_len && memcmp(f.key, e.key, e.key_len) == 0)
                    found = f.value_len == e.value_len && memcmp(f.value, e.value, e.value_len) == 0;
            if (!found) return 0;
        }
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t n1, n2;
    const uint8_t *d2;
    fuzz_split(data, size, &n1, &d2, &n2);
    char *h1 = fuzz_copy(data, n1, 0), *h2 = fuzz_copy(d2, n2, 1);

    memset(&a, 0, sizeof a);
    int added = otel_baggage_parse(&a, h1, n1);
    FUZZ_CHECK(added >= 0 && (size_t)added <= n1 / 2 + 1);   /* (a key set again counts again) */
    otel_baggage_parse(&a, h2, (size_t)-1);
    FUZZ_CHECK(otel_baggage_count(&a) <= OTEL_BAGGAGE_MAX_MEMBERS);
    otel_baggage_entry e;
    for (size_t i = 0; otel_baggage_entry_at(&a, i, &e); i++) {
        FUZZ_CHECK(e.key_len > 0 && e.key[e.key_len] == 0 && e.value[e.value_len] == 0 && e.metadata[e.metadata_len] == 0);
        for (size_t k = 0; k < e.key_len; k++) FUZZ_CHECK(e.key[k] > 0x20 && e.key[k] < 0x7f && !strchr("\"(),/:;<=>?@[\\]{}", e.key[k]));
    }

    /* formatted, then parsed back: the same members */
    size_t len = otel_baggage_format(&a, out, sizeof out);
    FUZZ_CHECK(len <= OTEL_BAGGAGE_MAX_BYTES && out[len] == 0 && strlen(out) == len);
    memset(&b, 0, sizeof b);
    otel_baggage_parse(&b, out, len);
    FUZZ_CHECK(b.dropped == 0);
    if (otel_baggage_count(&b) == otel_baggage_count(&a)) FUZZ_CHECK(same_members(&a, &b));
    else FUZZ_CHECK(otel_baggage_count(&b) < otel_baggage_count(&a));   /* (left out whole: over 8192 bytes encoded) */

    /* cut to a small buffer: whole members, each also in the full header */
    size_t sl = otel_baggage_format(&a, small, sizeof small);
    FUZZ_CHECK(sl < sizeof small && small[sl] == 0);
    memset(&b, 0, sizeof b);
    otel_baggage_parse(&b, small, sl);
    FUZZ_CHECK(b.dropped == 0);
    for (size_t i = 0; otel_baggage_entry_at(&b, i, &e); i++) FUZZ_CHECK(otel_baggage_get(&a, e.key) != NULL);

    /* beside a valid traceparent, through the composite: the traceparent stays */
    otel_header h[3] = {{"baggage", h2}, {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                        {"Baggage", out}};
    FUZZ_CHECK(otel_propagation_extract(h, 3, &ex) == OTEL_OK);
    FUZZ_CHECK(ex.ctx.span.span_id[7] == 0xb7 && ex.ctx.span.flags == 1);
    FUZZ_CHECK(ex.ctx.baggage == NULL || ex.ctx.baggage == &ex.baggage);
    FUZZ_CHECK(otel_baggage_count(&ex.baggage) <= OTEL_BAGGAGE_MAX_MEMBERS);

    free(h1); free(h2);
    return 0;
}
