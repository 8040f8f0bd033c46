/* bench/count/metrics.c - the metric recording loads whose instructions
   bench/count/metrics.sh counts (callgrind): counter adds and histogram
   records without attributes, with two (one of two routes), inside a
   sampled span (the exemplar offer), and into an instrument two views
   give two streams. Each load is a function of its own, N recordings. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include <stdlib.h>
#include <string.h>

#define N 100000
static otel_instrument *ctr, *hist, *two;
static const char *routes[2] = {"/api/v1/items", "/api/v1/users"};
#define ATTRS(i) otel_attr a[2] = {OTEL_ATTR_STR("http.route", routes[(i) & 1]), OTEL_ATTR_INT("http.response.status_code", 200)}
__attribute__((noinline)) void load_counter0(void) { for (int i = 0; i < N; i++) otel_counter_add(ctr, 1, NULL, 0); }
__attribute__((noinline)) void load_hist0(void) { for (int i = 0; i < N; i++) otel_histogram_record(hist, (double)(i & 1023), NULL, 0); }
__attribute__((noinline)) void load_counter2(void) { for (int i = 0; i < N; i++) { ATTRS(i); otel_counter_add(ctr, 1, a, 2); } }
__attribute__((noinline)) void load_hist2(void) { for (int i = 0; i < N; i++) { ATTRS(i); otel_histogram_record(hist, (double)(i & 1023), a, 2); } }
__attribute__((noinline)) void load_counter0_span(void) {
    otel_span *s = otel_span_begin("s", OTEL_SPAN_KIND_INTERNAL);
    for (int i = 0; i < N; i++) otel_counter_add(ctr, 1, NULL, 0);
    otel_span_end(s);
}
__attribute__((noinline)) void load_hist2_span(void) {
    otel_span *s = otel_span_begin("s", OTEL_SPAN_KIND_INTERNAL);
    for (int i = 0; i < N; i++) { ATTRS(i); otel_histogram_record(hist, (double)(i & 1023), a, 2); }
    otel_span_end(s);
}
__attribute__((noinline)) void load_two_streams(void) { for (int i = 0; i < N; i++) { ATTRS(i); otel_histogram_record(two, (double)(i & 1023), a, 2); } }

int main(void) {
    static const char *const route_only[] = {"http.route"};
    static const otel_view views[] = {
        {.instrument_name = "two"},   /* its own stream, and a sum by route */
        {.instrument_name = "two", .name = "two.total", .aggregation = OTEL_AGGREGATION_SUM, .attribute_keys = route_only, .attribute_key_count = 1},
    };
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.views = views; c.view_count = 2;
    if (otel_init(&c) != OTEL_OK) return 1;
    ctr = otel_counter_create("ctr", "1", "");
    hist = otel_histogram_create("hist", "ms", "", NULL, 0);
    two = otel_histogram_create("two", "ms", "", NULL, 0);
    for (int i = 0; i < 4; i++) {   /* (the series exist, the caches are warm) */
        ATTRS(i);
        otel_counter_add(ctr, 1, a, 2); otel_histogram_record(hist, 1, a, 2); otel_histogram_record(two, 1, a, 2);
        otel_counter_add(ctr, 1, NULL, 0); otel_histogram_record(hist, 1, NULL, 0);
    }
    load_counter0(); load_hist0(); load_counter2(); load_hist2();
    load_counter0_span(); load_hist2_span(); load_two_streams();
    otel_shutdown(100);
    return 0;
}
