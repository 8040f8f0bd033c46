/* bench/count/export.c - a fixed load for the instructions the exporter's
   threads spend (bench/count/export.sh, `make bench-count`): N benchmark
   spans (100000; bench_span2) made into an arena that holds them all, then
   a flush, over OTLP/HTTP protobuf to the discarding loopback sink of
   bench/bench_sink.h, in batches of 512. Under callgrind --separate-threads
   the background thread's count divided by N is its cost per delivered
   span (collect, encode, release, the loop around them), and the sender
   thread's divided by the requests its cost per request (head, write,
   reading the answer; the kernel's work is not counted). With "grpc" the
   same load goes over OTLP/gRPC to the h2c sink that keeps 64 KiB
   windows (grpc-go with its window sizes set).

   usage: export [N] [grpc] */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_spans.h"
#include "bench_sink.h"

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    size_t size = (size_t)n * OTEL_BLOCK_SIZE * 5 / 4;
    unsigned char *arena = (unsigned char *)aligned_alloc(64, (size + 63) & ~(size_t)63);
    if (!arena) return 1;
    int grpc = argc > 2 && strcmp(argv[2], "grpc") == 0;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", grpc ? start_h2_server_window(65535u) : start_server());
    otel_export_config e;
    memset(&e, 0, sizeof e);
    e.endpoint = url;
    if (grpc) e.protocol = OTEL_PROTOCOL_GRPC;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &e;
    c.arena = arena;
    c.arena_size = size;
    if (otel_init(&c) != OTEL_OK) return 1;
    for (int i = 0; i < n; i++) bench_span2();
    otel_flush(60000);
    otel_stats st;
    otel_stats_get(&st);
    otel_shutdown(1000);
    server_stop = 1;
    if (st.spans_exported != (uint64_t)n) { fprintf(stderr, "exported %llu of %d\n", (unsigned long long)st.spans_exported, n); return 1; }
    return 0;
}
