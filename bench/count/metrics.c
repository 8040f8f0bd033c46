/* bench/count/metrics.c - a fixed load of metric recordings for instruction
   counts under valgrind (bench/count/metrics.sh, `make bench-count`): counts
   that repeat exactly, for comparing two versions of the recording path.

   usage: metrics [N]   N recordings of each kind (100000): a counter add
   and a histogram record without attributes (the fast path), then each
   with 2 attributes, one of them varying (two routes), as bench_metrics.c
   times them. Each in a function of its own: its inclusive count is the
   loop's and the recordings'. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n = 100000;
static otel_instrument *ctr, *hist;
static const char *routes[2] = {"/api/v1/items", "/api/v1/users"};
static __attribute__((noinline)) void counter_add0(void) { for (int i = 0; i < n; i++) otel_counter_add(ctr, 1, NULL, 0); }
static __attribute__((noinline)) void histogram_record0(void) {
    for (int i = 0; i < n; i++) otel_histogram_record(hist, (double)(i & 1023), NULL, 0);
}
static __attribute__((noinline)) void counter_add2(void) {
    for (int i = 0; i < n; i++) {
        otel_attr a[2] = {OTEL_ATTR_STR("http.route", routes[i & 1]), OTEL_ATTR_INT("http.response.status_code", 200)};
        otel_counter_add(ctr, 1, a, 2);
    }
}
static __attribute__((noinline)) void histogram_record2(void) {
    for (int i = 0; i < n; i++) {
        otel_attr a[2] = {OTEL_ATTR_STR("http.route", routes[i & 1]), OTEL_ATTR_INT("http.response.status_code", 200)};
        otel_histogram_record(hist, (double)(i & 1023), a, 2);
    }
}
int main(int argc, char **argv) {
    if (argc > 1) n = atoi(argv[1]);
    setenv("OTEL_TRACES_EXPORTER", "none", 1); setenv("OTEL_METRICS_EXPORTER", "none", 1); setenv("OTEL_LOGS_EXPORTER", "none", 1);
    otel_config c;
    memset(&c, 0, sizeof c);
    if (otel_init(&c) != OTEL_OK) return 1;
    ctr = otel_counter_create("requests", "{request}", "");
    hist = otel_histogram_create("duration", "ms", "", NULL, 0);
    counter_add0(); histogram_record0(); counter_add2(); histogram_record2();
    otel_shutdown(1000);
    return 0;
}
