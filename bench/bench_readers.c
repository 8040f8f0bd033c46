/* bench_readers.c - what several metric readers cost the collection, and
   what an array attribute costs a recording. Medians of repeated runs,
   as ratios against the baseline of the same run:
   - a collection of 1,000 counter series and 100 histogram series (16
     buckets) with 1, 2 and 4 readers (each collection by reader 0, after
     one recording into every series; the other readers' states get what
     was taken too);
   - a counter add whose attributes are a string and an int array of 4,
     against the same add with a string and an int;
   - a counter add (no attributes, and a string and an int) with two
     readers whose aggregations of counters differ (otel_metric_reader_
     options: a second instrument entry, the general path), against two
     readers that agree (one entry, the fast path). */
#define OTEL_ARENA_SIZE (32u << 20)   /* room for every series with 4 readers */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include <stdio.h>
#include <string.h>
#include "bench.h"

#define REPS 15
static volatile uint64_t sink;

static double collection_us(size_t readers) {
    static const int prefs[4] = {OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_DELTA, OTEL_TEMPORALITY_DELTA,
                                 OTEL_TEMPORALITY_CUMULATIVE};
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.metric_series = 4096;
    c.metric_readers = prefs; c.metric_reader_count = readers;
    otel_init(&c);
    otel_instrument *ctr = otel_counter_create("bench.count", "1", ""), *h = otel_histogram_create("bench.hist", "ms", "", NULL, 0);
    double t[REPS];
    for (int r = 0; r < REPS; r++) {
        for (int i = 0; i < 1000; i++) { otel_attr a = OTEL_ATTR_INT("i", i); otel_counter_add(ctr, 1, &a, 1); }
        for (int i = 0; i < 100; i++) { otel_attr a = OTEL_ATTR_INT("i", i); otel_histogram_record(h, i, &a, 1); }
        double t0 = now_s();
        sink += otel_metrics_collect();
        t[r] = (now_s() - t0) * 1e6;
    }
    otel_shutdown(100);
    return median(t, REPS);
}

static double add_ns(int arrays, int differ, int nattrs) {
    static const int prefs[2] = {OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_CUMULATIVE};
    otel_metric_reader_options o[2];
    memset(o, 0, sizeof o);
    if (differ) o[1].aggregation.counter = OTEL_AGGREGATION_EXPLICIT;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.metric_readers = prefs; c.metric_reader_count = differ >= 0 ? 2 : 1;
    c.metric_reader_options = o; c.metric_reader_option_count = 2;
    otel_init(&c);
    otel_instrument *ctr = otel_counter_create("bench.add", "1", "");
    static const int64_t shards[4] = {1, 2, 3, 4};
    double t[REPS];
    for (int r = 0; r < REPS; r++) {
        double t0 = now_s();
        for (int i = 0; i < 200000; i++) {
            otel_attr a[2] = {OTEL_ATTR_STR("route", "/a"), arrays ? OTEL_ATTR_INT_ARRAY("shards", shards, 4) : OTEL_ATTR_INT("shard", 1)};
            otel_counter_add(ctr, 1, a, (size_t)nattrs);
        }
        t[r] = (now_s() - t0) * 1e9 / 200000;
    }
    otel_shutdown(100);
    return median(t, REPS);
}

int main(void) {
    double one = collection_us(1), two = collection_us(2), four = collection_us(4);
    printf("bench_readers: collection of 1,100 series: 1 reader %.1f us, 2 readers %.1f us (%.2fx), 4 readers %.1f us (%.2fx)\n",
           one, two, two / one, four, four / one);
    double scalar = add_ns(0, -1, 2), arr = add_ns(1, -1, 2);
    printf("bench_readers: counter add, a string and an int array of 4: %.1f ns, %.2fx the same add with an int (%.1f ns)\n",
           arr, arr / scalar, scalar);
    double agree0 = add_ns(0, 0, 0), differ0 = add_ns(0, 1, 0), agree2 = add_ns(0, 0, 2), differ2 = add_ns(0, 1, 2);
    printf("bench_readers: counter add, two readers whose counter aggregations differ: no attributes %.1f ns (%.2fx readers "
           "that agree, %.1f ns), a string and an int %.1f ns (%.2fx, %.1f ns)\n",
           differ0, differ0 / agree0, agree0, differ2, differ2 / agree2, agree2);
    return (int)(sink & 0);
}
