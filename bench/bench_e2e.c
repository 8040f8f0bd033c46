/* bench_e2e.c - where the consumer's time goes, per delivered span, beside
   the producer's cost per sampled span measured in the same run.

   The producer makes the benchmark span (name + 2 attributes, bench_span2)
   flat out on one thread; the exporter's background thread takes, encodes
   and sends them over OTLP/HTTP (protobuf) to a discarding receiver on
   loopback (bench_sink.h), and over OTLP/gRPC to a minimal h2c one whose
   flow control is grpc-go's with default options (the Collector's): 64 KiB
   windows at first, widened by its bandwidth-delay estimate; and again to
   one that keeps 64 KiB windows (grpc-go with its window sizes set: the
   least window a real server keeps).
   Printed, medians of REPS runs:
   - the producer's cost per sampled span, alone (no consumer);
   - lossless end to end (an arena that holds the whole run): spans/s from
     the first span to the end of the flush, the consumer's CPU time (the
     background thread's and the senders') per delivered span and its ratio
     to the producer's cost, and the consumer's time split into collect,
     encode, send (write + wait for the answer, on the sender thread) and
     release (the exporter is built with OTEL__EXPORT_PROFILE);
   - the default 4 MiB arena, the producer flooding for FLOOD_S seconds:
     the fraction of spans dropped, the rate delivered and its split.
   Targets (issue 23): >= 3 M spans/s lossless, consumer <= 5x producer,
   gRPC within 20% of HTTP/1.1, the flood's dropped fraction halved. */
#define OTEL__EXPORT_PROFILE
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

#define REPS 5
#define SPANS 400000            /* per lossless run */
#define FLOOD_S 2.0

static size_t hold(void *u, int r, uint64_t d) { (void)u; (void)r; (void)d; return 0; }

static unsigned char *big_arena;
static size_t big_arena_size;

/* ns per sampled span, the producer alone: rounds of 4096 spans, each
   round's records collected and released untimed, so the blocks are reused
   as they are when a consumer keeps up */
static double producer_alone(void) {
    otel_processor p = {hold, NULL, NULL, 1000};
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.processor = &p;
    otel_init(&c);
    static otel_span_data *got[4096];
    double t = 0;
    for (int made = 0; made < SPANS; made += 4096) {
        double t0 = now_s();
        for (int i = 0; i < 4096; i++) bench_span2();
        t += now_s() - t0;
        size_t n;
        while ((n = otel_collect(got, 4096)) > 0) otel_release(got, n);
    }
    otel_stats st;
    otel_stats_get(&st);
    if (st.spans_dropped) printf("  (producer alone: %llu dropped)\n", (unsigned long long)st.spans_dropped);
    otel_shutdown(100);
    return t * 1e9 / (SPANS / 4096 * 4096 + (SPANS % 4096 ? 4096 : 0));
}

typedef struct run {
    double rate;          /* delivered spans/s */
    double cpu_ns;        /* background thread CPU per delivered span */
    double split[4];      /* collect, encode, send, release: ns per delivered span */
    uint64_t dropped, exported;
} run;

static double thread_cpu_s(pthread_t t) {
    clockid_t id;
    struct timespec ts;
    if (pthread_getcpuclockid(t, &id) != 0 || clock_gettime(id, &ts) != 0) return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* one run: the producer flat out (for `spans`, or for `seconds` when > 0),
   then a flush */
static run one_run(otel_export_config *e, int lossless, int spans, double seconds, uint64_t *made) {
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = e;
    if (lossless) { c.arena = big_arena; c.arena_size = big_arena_size; }
    memset((void *)otel__prof, 0, sizeof otel__prof);
    otel_init(&c);
    double cpu0 = thread_cpu_s(otel__g.worker);
    double t0 = now_s();
    uint64_t n = 0;
    if (seconds > 0) {
        while (now_s() - t0 < seconds) {
            for (int i = 0; i < 256; i++) bench_span2();
            n += 256;
        }
    } else {
        for (int i = 0; i < spans; i++) bench_span2();
        n = (uint64_t)spans;
    }
    otel_flush(30000);
    double dt = now_s() - t0;
    double cpu = thread_cpu_s(otel__g.worker) - cpu0;
    for (int s = 0; s < 3; s++)   /* and the signals' sender threads (started with the run) */
        if (otel__x.ch[s].snd.started) cpu += thread_cpu_s(otel__x.ch[s].snd.thread);
    otel_stats st;
    otel_stats_get(&st);
    run r;
    memset(&r, 0, sizeof r);
    r.exported = st.spans_exported;
    r.dropped = st.spans_dropped + st.spans_export_dropped + st.spans_export_failed;
    *made = n;
    double d = (double)(r.exported ? r.exported : 1);
    r.rate = (double)r.exported / dt;
    r.cpu_ns = cpu * 1e9 / d;
    for (int i = 0; i < 4; i++) r.split[i] = (double)otel__prof[i] / d;
    otel_shutdown(1000);
    return r;
}

static void report(const char *what, run *r, int reps, double producer) {
    double rate[REPS], cpu[REPS], split[4][REPS];
    uint64_t dropped = 0, exported = 0;
    for (int i = 0; i < reps; i++) {
        rate[i] = r[i].rate; cpu[i] = r[i].cpu_ns;
        for (int k = 0; k < 4; k++) split[k][i] = r[i].split[k];
        dropped += r[i].dropped; exported += r[i].exported;
    }
    double cpum = median(cpu, reps);
    printf("  %-28s %6.2f M spans/s; consumer %6.0f ns CPU per delivered span = %.1fx the producer (target <= 5x)\n", what,
           median(rate, reps) / 1e6, cpum, cpum / producer);
    printf("  %-28s collect %.0f, encode %.0f, send %.0f, release %.0f ns per span; %llu of %llu dropped\n", "",
           median(split[0], reps), median(split[1], reps), median(split[2], reps), median(split[3], reps),
           (unsigned long long)dropped, (unsigned long long)(dropped + exported));
}

int main(void) {
    big_arena_size = (size_t)SPANS * OTEL_BLOCK_SIZE * 5 / 4;
    big_arena = (unsigned char *)malloc(big_arena_size);
    if (!big_arena) return 1;
    memset(big_arena, 0, big_arena_size);   /* touched once, so the runs do not time page faults */

    char url[64], gurl[64], wurl[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", start_server());
    snprintf(gurl, sizeof gurl, "http://127.0.0.1:%d", start_h2_server());
    snprintf(wurl, sizeof wurl, "http://127.0.0.1:%d", start_h2_server_window(65535u));
    otel_export_config e;
    memset(&e, 0, sizeof e);
    e.endpoint = url;
    otel_export_config g = e;
    g.endpoint = gurl;
    g.protocol = OTEL_PROTOCOL_GRPC;
    otel_export_config gw = g;
    gw.endpoint = wurl;

    double prod[REPS];
    run http[REPS], grpc[REPS], grpcw[REPS];
    double flood[REPS], made_rate[REPS];
    run floods[REPS];
    uint64_t made;
    for (int r = 0; r < REPS; r++) {
        prod[r] = producer_alone();
        http[r] = one_run(&e, 1, SPANS, 0, &made);
        grpc[r] = one_run(&g, 1, SPANS, 0, &made);
        grpcw[r] = one_run(&gw, 1, SPANS, 0, &made);
        run f = one_run(&e, 0, 0, FLOOD_S, &made);
        flood[r] = made ? (double)f.dropped / (double)made : 0;
        made_rate[r] = (double)made / FLOOD_S;
        floods[r] = f;
    }
    server_stop = 1;
    double p = median(prod, REPS);
    printf("End to end, the benchmark span (name + 2 attributes), loopback sinks (median of %d runs)\n", REPS);
    printf("  %-28s %6.1f ns per sampled span (%.2f M spans/s; blocks reused)\n", "producer alone", p, 1e3 / p);
    printf("lossless (arena for %d spans), default batch %u, delay %u ms:\n", SPANS, 512u, 5000u);
    report("OTLP/HTTP (HTTP/1.1)", http, REPS, p);
    report("OTLP/gRPC (HTTP/2, h2c)", grpc, REPS, p);
    double hr[REPS], gr[REPS], gwr[REPS];
    for (int r = 0; r < REPS; r++) { hr[r] = http[r].rate; gr[r] = grpc[r].rate; gwr[r] = grpcw[r].rate; }
    printf("  %-28s %.2fx HTTP/1.1 (target >= 0.8x)\n", "gRPC", median(gr, REPS) / median(hr, REPS));
    report("OTLP/gRPC, 64 KiB windows", grpcw, REPS, p);
    printf("  %-28s %.2fx HTTP/1.1 (a server that keeps its windows at 64 KiB)\n", "gRPC, 64 KiB windows",
           median(gwr, REPS) / median(hr, REPS));
    printf("default arena (%u KiB), producer flooding for %.0f s (OTLP/HTTP):\n", (unsigned)(OTEL_ARENA_SIZE / 1024), FLOOD_S);
    printf("  %-28s %5.1f%% of the spans made (%.1f M spans/s made)\n", "dropped", 100 * median(flood, REPS),
           median(made_rate, REPS) / 1e6);
    double fr[REPS], fs[4][REPS];
    for (int r = 0; r < REPS; r++) {
        fr[r] = floods[r].rate;
        for (int k = 0; k < 4; k++) fs[k][r] = floods[r].split[k];
    }
    printf("  %-28s %.2f M spans/s; collect %.0f, encode %.0f, send %.0f, release %.0f ns per span\n", "delivered",
           median(fr, REPS) / 1e6, median(fs[0], REPS), median(fs[1], REPS), median(fs[2], REPS), median(fs[3], REPS));
    free(big_arena);
    return 0;
}
