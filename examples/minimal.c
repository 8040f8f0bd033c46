/* minimal.c - the README's ten lines. */
#define OTEL_IMPLEMENTATION           /* in exactly one .c file */
#include "otel.h"

int main(void) {
    otel_init(NULL);                  /* defaults + OTEL_* environment */
    otel_span *s = otel_span_begin("load config", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "config.path", "/etc/app.conf");
    otel_span_set_int(s, "config.entries", 42);
    otel_span_end(s);
    return otel_shutdown(2000);       /* flush, at most 2 s */
}
