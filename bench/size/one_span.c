/* bench/size/one_span.c - the smallest OTLP/HTTP program: one span, exported at
   shutdown. bench/size/size.sh builds it with -Os, without TLS, gRPC and
   metrics, and prints its stripped .text. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
int main(void) {
    otel_init(NULL);
    otel_span *s = otel_span_begin("one", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end(s);
    otel_shutdown(1000);
    return 0;
}
