/* bench/count/encode.c - the encoders' loads for callgrind (encode.sh):
   each function below encodes its batch LOOPS times, protobuf or JSON. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_spans.h"

#define BATCH 512
#define LOOPS 10
static unsigned char buf[4u << 20];
/* (each with its own id, so that the compiler does not fold them into one) */
#define ENCODER(fn, sig, id)                                                              \
    static __attribute__((noinline)) size_t fn(int json, otel_span_data *const *r, size_t n) { \
        size_t off, len, t = id;                                                          \
        for (int k = 0; k < LOOPS; k++) { otel__encode_records(sig, json, r, n, buf, sizeof buf, &off, &len); t += len; } \
        return t;                                                                         \
    }
ENCODER(encode_span2, OTEL__SIG_TRACES, 1)
ENCODER(encode_span_event, OTEL__SIG_TRACES, 2)
ENCODER(encode_logs, OTEL__SIG_LOGS, 3)
static __attribute__((noinline)) size_t encode_metrics(int json) {
    size_t off = 0, len = 0, left = 0, t = 0;
    for (int k = 0; k < LOOPS; k++) { otel__encode_metrics(json, buf, sizeof buf, &off, &len, &left); t += len; }
    return t;
}

int main(int argc, char **argv) {
    int json = argc > 1 && !strcmp(argv[1], "json");
    bench_init_holding();
    otel_span_data *recs[BATCH];
    size_t n, t = 0;
    for (int i = 0; i < BATCH; i++) bench_span2();
    n = otel_collect(recs, BATCH);
    t += encode_span2(json, recs, n);
    otel_release(recs, n);
    for (int i = 0; i < BATCH; i++) bench_span_event(i);
    n = otel_collect(recs, BATCH);
    t += encode_span_event(json, recs, n);
    otel_release(recs, n);
    for (int i = 0; i < BATCH; i++) {
        otel_attr a[2] = {otel_attr_str("user.id", "u-1234"), otel_attr_int("item.index", i)};
        otel_log(OTEL_SEVERITY_INFO, "cache miss for the item", a, 2);
    }
    n = otel_collect(recs, BATCH);
    t += encode_logs(json, recs, n);
    otel_release(recs, n);
    otel_instrument *ins[10];
    static char names[8][16];
    for (int m = 0; m < 8; m++) {
        snprintf(names[m], sizeof names[m], "requests.%d", m);
        ins[m] = otel_counter_create(names[m], "1", "requests served");
    }
    ins[8] = otel_histogram_create("latency", "ms", "request latency", NULL, 0);
    ins[9] = otel_histogram_create_exponential("size", "By", "response size", 0, 20);
    for (int m = 0; m < 10; m++)
        for (int k = 0; k < (m == 9 ? 4 : 20); k++) {
            otel_attr a[2] = {otel_attr_str("http.route", "/api/v1/items"), otel_attr_int("shard", k)};
            if (m < 8) otel_counter_add(ins[m], k + 1, a, 2);
            else otel_histogram_record(ins[m], 3.5 * k + 1, a, 2);
        }
    otel_metrics_collect();
    t += encode_metrics(json);
    otel_shutdown(100);
    printf("%zu\n", t);
    return 0;
}
