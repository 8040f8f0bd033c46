/* fuzz_pb_partial.c - the OTLP response body, otel__pb_decode_partial:
   ExportTraceServiceResponse.partial_success as a collector sends it back.
   The message is copied into a caller's buffer of any size, NUL-terminated.

   Input: the response body. */
#define OTEL_IMPLEMENTATION
/* warnings are rate-limited by the clock: keep them out of the runs */
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *body = fuzz_copy(data, size, 0);
    static const size_t caps[] = {0, 1, 16, 256, 300};
    int first = 0;
    int64_t first_rejected = 0;
    char first_msg[300];
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        size_t cap = caps[i];
        char *msg = (char *)malloc(cap);
        FUZZ_CHECK(msg || !cap);
        if (cap) memset(msg, 'x', cap);
        int64_t rejected = -12345;
        int rc = otel__pb_decode_partial(body, size, &rejected, msg, cap);
        FUZZ_CHECK(rc == OTEL_OK || rc == OTEL_ERR_PROTOCOL);
        if (i == 0) { first = rc; first_rejected = rejected; }
        FUZZ_CHECK(rc == first && rejected == first_rejected);   /* the buffer changes nothing else */
        if (rc == OTEL_OK && rejected != -12345 && cap) {
            FUZZ_CHECK(fuzz_terminated(msg, cap));
            FUZZ_CHECK(strlen(msg) < 256);   /* the field holds at most 255 bytes */
            if (cap == 300) memcpy(first_msg, msg, strlen(msg) + 1);
        }
        free(msg);
    }
    (void)first_msg;
    free(body);
    return 0;
}
