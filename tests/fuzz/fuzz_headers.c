/* fuzz_headers.c - OTEL_EXPORTER_OTLP_HEADERS: otel__parse_header_list.
   The parsed headers go straight into requests, so beyond memory safety the
   properties are those of HTTP: a name is a token, a value never carries a
   CR, LF or NUL (no header injection), and everything fits the buffer.

   Input: the variable's value. */
#define OTEL_IMPLEMENTATION
/* warnings are rate-limited by the clock: keep them out of the runs */
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"

static void check(const char *s, size_t cap, size_t bufsz) {
    otel__http_header *h = (otel__http_header *)malloc(sizeof *h * (cap ? cap : 1));
    char *buf = (char *)malloc(bufsz);
    FUZZ_CHECK(h && (buf || !bufsz));
    int n = otel__parse_header_list(s, h, cap, buf, bufsz);
    FUZZ_CHECK(n >= 0 && (size_t)n <= cap);
    const char *prev_end = buf;
    for (int i = 0; i < n; i++) {
        /* packed one after the other: name NUL value NUL */
        FUZZ_CHECK(h[i].name == prev_end);
        FUZZ_CHECK(fuzz_terminated(h[i].name, bufsz - (size_t)(h[i].name - buf)));
        size_t nl = strlen(h[i].name);
        FUZZ_CHECK(h[i].value == h[i].name + nl + 1);
        FUZZ_CHECK(h[i].value < buf + bufsz && fuzz_terminated(h[i].value, bufsz - (size_t)(h[i].value - buf)));
        size_t vl = strlen(h[i].value);
        prev_end = h[i].value + vl + 1;
        FUZZ_CHECK(nl > 0 && otel__header_name_ok(h[i].name, nl));
        FUZZ_CHECK(!strchr(h[i].value, '\r') && !strchr(h[i].value, '\n'));
        if (vl) FUZZ_CHECK(h[i].value[0] != ' ' && h[i].value[0] != '\t' ? 1 : strstr(s, "%20") || strstr(s, "%09"));
    }
    free(h);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = fuzz_copy(data, size, 1);
    check(s, OTEL__MAX_HEADERS, sizeof otel__x.ch[0].header_buf);   /* as the exporter calls it */
    check(s, 2, 24);                                          /* tight on both counts */
    check(s, 0, 0);
    free(s);
    return 0;
}
