/* fuzz_retry_after.c - the Retry-After header value, otel__parse_retry_after:
   delta-seconds or an HTTP-date in any of its three forms. The answer delays
   the exporter's next attempt, so it must be -1 (invalid) or a delay that no
   valid value could exceed.

   Input: the header value (as the response parser hands it over). */
#define OTEL_IMPLEMENTATION
/* warnings are rate-limited by the clock: keep them out of the runs */
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = fuzz_copy(data, size, 1);
    /* fixed clocks, so that runs repeat: the epoch, 2023, and 2100 */
    static const int64_t nows[] = {0, 1700000000, 4102444800};
    const int64_t year_10000 = 253402300800;   /* past any accepted date */
    int64_t prev = 0;
    for (size_t i = 0; i < sizeof nows / sizeof nows[0]; i++) {
        int64_t r = otel__parse_retry_after(s, nows[i]);
        FUZZ_CHECK(r >= -1);
        if (i) FUZZ_CHECK((r == -1) == (prev == -1));   /* validity does not depend on the clock */
        if (r > 0) FUZZ_CHECK(r <= (year_10000 - nows[i]) * 1000);
        const char *p = s;
        while (*p == ' ' || *p == '\t') p++;
        if (*p >= '0' && *p <= '9' && r >= 0) {
            FUZZ_CHECK(r % 1000 == 0 && r <= 86400LL * 365 * 1000);
            if (i) FUZZ_CHECK(r == prev);   /* a delay is a delay, whatever the time */
        }
        prev = r;
    }
    free(s);
    return 0;
}
