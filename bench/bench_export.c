/* bench_export.c - OTLP encode rates (protobuf and JSON; spans, log
   records, metric points; bytes per record) and the end-to-end
   OTLP/HTTP and OTLP/gRPC rates over loopback into discarding receivers
   (an HTTP/1.1 one and a minimal h2c one, bench_sink.h). Medians of
   repeated runs. Targets: encode >= 6 M spans/s for the benchmark span
   (bench_spans.h: a name and 2 attributes); end to end >= 1 M spans/s
   with 0 drops while producers stay under it. With OTEL_ZLIB (make bench
   builds with it): encode + gzip per span, and bytes on the wire per span
   with and without gzip. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"
#include "bench_spans.h"



#include "bench_sink.h"


/* spans per second through the exporter, producer and all, to endpoint url */
static uint64_t wire_bytes;   /* export_bytes of the last end_to_end run */
static double end_to_end(otel_config *c, uint64_t *dropped, uint64_t *exported) {
    otel_init(c);
    int total = 200000;
    double t0 = now_s();
    for (int i = 0; i < total; i++) {
        bench_span_event(i);
        /* a producer that stays under the exporter's rate: it lets the
           queue drain when three quarters of the arena are waiting */
        if ((i & 255) == 0) while (otel_pending() > 6144) usleep(20);
    }
    otel_flush(10000);
    double dt = now_s() - t0;
    otel_stats st;
    otel_stats_get(&st);
    *dropped += st.spans_dropped + st.spans_export_dropped;
    *exported += st.spans_exported;
    wire_bytes = st.export_bytes;
    otel_shutdown(1000);
    return (double)st.spans_exported / dt;
}

#define REPS 9

/* ---- the producer's cost per span with one exporter and with two ----
   OTLP/HTTP into the discarding receiver alone, and beside the in-memory
   exporter (two processors: each record handed to both): bursts of 1500
   spans (within what one of two processors' queues holds: a quarter of
   the arena's blocks), timed on the producer, then flushed; the two
   configurations interleaved; the medians and their ratio */
#define BURST 1500
static double burst_ns(void) {
    double t0 = now_s();
    for (int i = 0; i < BURST; i++) bench_span_event(i);
    double dt = now_s() - t0;
    otel_flush(5000);
    return dt * 1e9 / BURST;
}
enum { RUNS = 15, BURSTS = 8 };
static void producer_with_two_exporters(const otel_config *base, double *one_ns, double *two_ns, uint64_t exported[2]) {
    static const otel_processor *both[2];
    both[0] = otel_env_processor();
    both[1] = otel_memory_processor();
    otel_config two = *base;
    two.processors = both;
    two.processor_count = 2;
    double t[2][RUNS], b[BURSTS];
    exported[0] = exported[1] = 0;
    for (int r = 0; r < RUNS; r++)
        for (int k = 0; k < 2; k++) {
            otel_init(k ? &two : base);
            for (int i = 0; i < BURSTS; i++) {
                b[i] = burst_ns();
                if (k) otel_memory_reset();
            }
            otel_stats st;
            otel_stats_get(&st);
            exported[k] += st.spans_exported;
            otel_shutdown(1000);
            t[k][r] = median(b, BURSTS);
        }
    *one_ns = median(t[0], RUNS);
    *two_ns = median(t[1], RUNS);
}

#define OTEL__BENCH_STR2(x) #x
#define OTEL__BENCH_STR(x) OTEL__BENCH_STR2(x)
#define BATCH 512

/* the encoders alone, per record and per byte, protobuf and JSON, on
   records already in the arena (and on the metrics collected once) */
typedef struct { const char *what; double pb, js; size_t pb_bytes, js_bytes; size_t per; } enc_rate;
static void encode_rate(int sig, otel_span_data *const *recs, size_t n, unsigned char *buf, size_t cap, enc_rate *o) {
    double pb[REPS], js[REPS];
    size_t off, len;
    for (int r = 0; r < REPS; r++) {
        for (int json = 0; json < 2; json++) {
            int loops = 100;
            double t0 = now_s();
            for (int k = 0; k < loops; k++) otel__encode_records(sig, json, recs, n, buf, cap, &off, &len);
            (json ? js : pb)[r] = (double)n * loops / (now_s() - t0);
            *(json ? &o->js_bytes : &o->pb_bytes) = len;
        }
    }
    o->pb = median(pb, REPS); o->js = median(js, REPS); o->per = n;
}
static void print_rate(const enc_rate *o, const char *unit) {
    printf("  %-28s protobuf %6.2f M %s/s (%5.1f bytes), JSON %6.2f M %s/s (%5.1f bytes)\n", o->what, o->pb / 1e6, unit,
           (double)o->pb_bytes / (double)o->per, o->js / 1e6, unit, (double)o->js_bytes / (double)o->per);
}
static void bench_encode(void) {
    bench_init_holding();
    size_t cap = 4u << 20;
    unsigned char *buf = (unsigned char *)malloc(cap);
    otel_span_data *recs[BATCH];
    enc_rate r[4];
    memset(r, 0, sizeof r);
    /* the benchmark span: a name and 2 attributes (bench_spans.h); what
       making one costs the producer, for scale */
    double prod[REPS];
    size_t n = 0;
    for (int r = 0; r < REPS; r++) {
        double t0 = now_s();
        for (int i = 0; i < BATCH; i++) bench_span2();
        prod[r] = (now_s() - t0) / BATCH;
        n = otel_collect(recs, BATCH);
        if (r < REPS - 1) otel_release(recs, n);
    }
    r[0].what = "span (name + 2 attributes)";
    encode_rate(OTEL__SIG_TRACES, recs, n, buf, cap, &r[0]);
    otel_release(recs, n);
    for (int i = 0; i < BATCH; i++) bench_span_event(i);
    n = otel_collect(recs, BATCH);
    r[1].what = "span (4 attributes, 1 event)";
    encode_rate(OTEL__SIG_TRACES, recs, n, buf, cap, &r[1]);
    otel_release(recs, n);
    for (int i = 0; i < BATCH; i++) {
        otel_attr a[2] = {otel_attr_str("user.id", "u-1234"), otel_attr_int("item.index", i)};
        otel_log(OTEL_SEVERITY_INFO, "cache miss for the item", a, 2);
    }
    n = otel_collect(recs, BATCH);
    r[2].what = "log record (body + 2 attrs)";
    encode_rate(OTEL__SIG_LOGS, recs, n, buf, cap, &r[2]);
    otel_release(recs, n);
#ifndef OTEL_NO_METRICS
    /* 184 points: 8 counters and a histogram with 20 attribute sets
       each, an exponential histogram with 4 */
    otel_instrument *ins[10];
    for (int m = 0; m < 8; m++) {
        char name[32];
        snprintf(name, sizeof name, "requests.%d", m);
        ins[m] = otel_counter_create(strdup(name), "1", "requests served");
    }
    ins[8] = otel_histogram_create("latency", "ms", "request latency", NULL, 0);
    ins[9] = otel_histogram_create_exponential("size", "By", "response size", 0, 20);
    for (int m = 0; m < 10; m++)
        for (int k = 0; k < (m == 9 ? 4 : 20); k++) {   /* (an exponential series is large) */
            otel_attr a[2] = {otel_attr_str("http.route", "/api/v1/items"), otel_attr_int("shard", k)};
            if (m < 8) otel_counter_add(ins[m], k + 1, a, 2);
            else otel_histogram_record(ins[m], 3.5 * k + 1, a, 2);
        }
    size_t points = otel_metrics_collect();
    double pb[REPS], js[REPS];
    for (int rep = 0; rep < REPS; rep++)
        for (int json = 0; json < 2; json++) {
            size_t off = 0, len = 0, left = 0;
            int loops = 100;
            double t0 = now_s();
            for (int k = 0; k < loops; k++) otel__encode_metrics(json, buf, cap, &off, &len, &left);
            (json ? js : pb)[rep] = (double)points * loops / (now_s() - t0);
            *(json ? &r[3].js_bytes : &r[3].pb_bytes) = len;
        }
    r[3].what = "metric point (184 points)";
    r[3].pb = median(pb, REPS); r[3].js = median(js, REPS); r[3].per = points;
#endif
    otel_shutdown(100);
    printf("OTLP encode alone (batches of %d records; median of %d; bytes per record on the wire)\n", BATCH, REPS);
    for (int i = 0; i < 3; i++) print_rate(&r[i], "records");
#ifndef OTEL_NO_METRICS
    print_rate(&r[3], "points");
#endif
    double pm = median(prod, REPS);
    printf("  %-28s %.0f ns to encode (protobuf) against %.0f ns to make (begin, 2 attributes, end): %.2fx; target >= 6 M spans/s\n",
           "the benchmark span", 1e9 / r[0].pb, pm * 1e9, (1 / r[0].pb) / pm);
    free(buf);
}

int main(int argc, char **argv) {
    bench_encode();
    if (argc > 1 && !strcmp(argv[1], "encode")) return 0;
    /* ---- encode rate ---- */
    bench_init_holding();
    for (int i = 0; i < BATCH; i++) bench_span_event(i);
    otel_span_data *spans[BATCH];
    size_t n = otel_collect(spans, BATCH);
    size_t cap = 4u << 20, off, len;
    unsigned char *buf = (unsigned char *)malloc(cap);
    double pb[REPS], gz[REPS];
    size_t gz_bytes = 0;
#ifdef OTEL_ZLIB
    /* the exporter's own deflate stream and buffer, as the exporter sets them up */
    otel__chan *gzc = &otel__x.ch[0];
    gzc->gzip = 1;
    otel__x.buf_cap = cap;
    otel__gzip_setup();
#endif
    for (int r = 0; r < REPS; r++) {
        int loops = 200;
        double t0 = now_s();
        for (int k = 0; k < loops; k++) otel__encode_records(OTEL__SIG_TRACES, 0, spans, n, buf, cap, &off, &len);
        pb[r] = (double)n * loops / (now_s() - t0);
#ifdef OTEL_ZLIB
        t0 = now_s();
        for (int k = 0; k < loops / 4; k++) {
            otel__encode_records(OTEL__SIG_TRACES, 0, spans, n, buf, cap, &off, &len);
            int zipped;
            otel__exp_compress(gzc, buf + off, &len, &zipped);
        }
        gz[r] = (double)n * (loops / 4) / (now_s() - t0);
        gz_bytes = len;
#else
        gz[r] = 0;
        (void)gz; (void)gz_bytes;
#endif
    }
#ifdef OTEL_ZLIB
    otel__gzip_end();
#endif
    otel_release(spans, n);
    otel_shutdown(100);
#ifdef OTEL_ZLIB
    printf("OTLP encode + gzip (span with 4 attributes and 1 event; batches of %d; median of %d)\n", BATCH, REPS);
    double pbm = median(pb, REPS), gzm = median(gz, REPS);
    printf("  %-40s %8.2f M spans/s  (%.1f bytes/span; %.0f ns/span, %.1fx the protobuf encode alone)\n",
               "protobuf + gzip (level " OTEL__BENCH_STR(OTEL_ZLIB_LEVEL) ")", gzm / 1e6, (double)gz_bytes / (double)n, 1e9 / gzm,
               pbm / gzm);
#endif

    /* ---- end to end over loopback ---- */
    int port = start_server();
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    otel_export_config e;
    memset(&e, 0, sizeof e);
    e.endpoint = url;
    e.schedule_delay_ms = 5;
    e.max_export_batch_size = 2048;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &e;
    double e2e[REPS], g2e[REPS], z2e[REPS];
    uint64_t dropped = 0, exported = 0, gdropped = 0, gexported = 0, zdropped = 0, zexported = 0, plain_wire = 0, zip_wire = 0;
    otel_export_config z = e;
    z.compression = "gzip";
    otel_config zc = c;
    zc.exporter = &z;
    char gurl[64];
    snprintf(gurl, sizeof gurl, "http://127.0.0.1:%d", start_h2_server());
    otel_export_config g = e;
    g.endpoint = gurl;
    g.protocol = OTEL_PROTOCOL_GRPC;
    otel_config gc = c;
    gc.exporter = &g;
    for (int r = 0; r < REPS; r++) {
        e2e[r] = end_to_end(&c, &dropped, &exported);
        plain_wire += wire_bytes;
        g2e[r] = end_to_end(&gc, &gdropped, &gexported);
#ifdef OTEL_ZLIB
        z2e[r] = end_to_end(&zc, &zdropped, &zexported);
        zip_wire += wire_bytes;
#else
        z2e[r] = 0;
        (void)zc;
#endif
    }
    double one_ns, two_ns;
    uint64_t two_exp[2];
    producer_with_two_exporters(&c, &one_ns, &two_ns, two_exp);
    server_stop = 1;
    printf("OTLP end to end over loopback into a discarding receiver (median of %d runs x 200k spans)\n", REPS);
    printf("  %-40s %8.2f M spans/s  (target >= 1 M/s)\n", "OTLP/HTTP (HTTP/1.1), protobuf", median(e2e, REPS) / 1e6);
    printf("  %-40s %8.2f M spans/s\n", "OTLP/gRPC (HTTP/2, h2c)", median(g2e, REPS) / 1e6);
    double e2m = median(e2e, REPS), z2m = median(z2e, REPS);
    if (z2m > 0)
        printf("  %-40s %8.2f M spans/s  (%.2fx uncompressed; on the wire %.1f bytes/span against %.1f, %.1f%%)\n",
               "OTLP/HTTP, protobuf + gzip", z2m / 1e6, z2m / e2m, (double)zip_wire / (double)(zexported ? zexported : 1),
               (double)plain_wire / (double)(exported ? exported : 1),
               100.0 * ((double)zip_wire / (double)(zexported ? zexported : 1)) / ((double)plain_wire / (double)(exported ? exported : 1)));
    printf("  %-40s %llu of %llu (HTTP), %llu of %llu (gRPC)\n", "spans dropped", (unsigned long long)dropped,
           (unsigned long long)(exported + dropped), (unsigned long long)gdropped, (unsigned long long)(gexported + gdropped));
    if (z2m > 0)
        printf("  %-40s %llu of %llu (HTTP + gzip)\n", "", (unsigned long long)zdropped, (unsigned long long)(zexported + zdropped));
    printf("producer cost per span, OTLP/HTTP alone and beside the in-memory exporter (bursts of %d, median of %d runs)\n", BURST, RUNS);
    printf("  %-40s %8.1f ns/span  (%llu of %llu exported)\n", "OTLP alone", one_ns, (unsigned long long)two_exp[0],
           (unsigned long long)RUNS * BURSTS * BURST);
    printf("  %-40s %8.1f ns/span  (%.2fx OTLP alone; %llu of %llu exported)\n", "OTLP + in-memory", two_ns, two_ns / one_ns,
           (unsigned long long)two_exp[1], (unsigned long long)RUNS * BURSTS * BURST);
    return 0;
}
