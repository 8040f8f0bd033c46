/* fuzz_sink.c - the request decoder of examples/sink.c (the built-in
   receiver of make demo): an OTLP ExportTrace/Metrics/LogsServiceRequest
   body decoded with nanopb into fixed tables. A failed decode must take
   back everything it stored; nothing may read or write out of bounds.

   Input: one byte choosing the signal (traces, metrics, logs), then the body. */
#define main sink_main_unused
#include "../../examples/sink.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int signal = data[0] % 3 == 0 ? SIGNAL_TRACES : data[0] % 3 == 1 ? SIGNAL_METRICS : SIGNAL_LOGS;
    char *body = fuzz_copy(data + 1, size - 1, 0);
    store_counts before = g_n;
    const char *why = NULL;
    bool ok = decode_request(signal, (const uint8_t *)body, size - 1, &why);
    if (!ok) {
        FUZZ_CHECK(why != NULL);
        FUZZ_CHECK(memcmp(&before, &g_n, sizeof before) == 0);   /* nothing left behind */
    }
    /* start each input from empty tables, so they never fill up */
    memset(&g_n, 0, sizeof g_n);
    free(body);
    return 0;
}
