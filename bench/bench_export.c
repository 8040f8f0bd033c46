/* bench_export.c - OTLP encode rate (nanopb and JSON) and the end-to-end
   OTLP/HTTP rate over loopback into a discarding receiver. Medians of
   repeated runs. Targets: encode >= 2 M spans/s; end to end >= 1 M spans/s
   with 0 drops while producers stay under it. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"
#include <unistd.h>
#include <arpa/inet.h>


static void make_span(int i) {
    otel_span *s = otel_span_begin("GET /api/v1/items", OTEL_SPAN_KIND_SERVER);
    otel_span_set_str(s, "http.request.method", "GET");
    otel_span_set_str(s, "url.path", "/api/v1/items");
    otel_span_set_int(s, "http.response.status_code", 200);
    otel_span_set_int(s, "item.index", i);
    otel_attr ev[1] = {otel_attr_int("retry", 1)};
    otel_span_add_event(s, "cache miss", ev, 1);
    otel_span_end(s);
}

/* ---- a discarding HTTP receiver on loopback ---- */
static int listen_fd;
static volatile int server_stop;
static void *server(void *arg) {
    (void)arg;
    static char buf[1 << 20];
    while (!server_stop) {
        int fd = accept(listen_fd, NULL, NULL);
        if (fd < 0) continue;
        size_t have = 0;
        for (;;) {
            ssize_t r = read(fd, buf + have, sizeof buf - have);
            if (r <= 0) break;
            have += (size_t)r;
            for (;;) {   /* answer each complete request in the buffer */
                char *end = memmem(buf, have, "\r\n\r\n", 4);
                if (!end) break;
                char *cl = memmem(buf, (size_t)(end - buf), "Content-Length: ", 16);
                size_t body = cl ? (size_t)strtoul(cl + 16, NULL, 10) : 0, head = (size_t)(end - buf) + 4;
                if (have < head + body) {
                    /* skip the body as it arrives */
                    size_t need = head + body - have;
                    while (need > 0) {
                        ssize_t k = read(fd, buf, need < sizeof buf ? need : sizeof buf);
                        if (k <= 0) goto done;
                        need -= (size_t)k;
                    }
                    have = head + body;
                }
                static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                if (write(fd, ok, sizeof ok - 1) < 0) goto done;
                memmove(buf, buf + head + body, have - head - body);
                have -= head + body;
            }
        }
    done:
        close(fd);
    }
    return NULL;
}
static int start_server(void) {
    listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd, (struct sockaddr *)&a, sizeof a);
    listen(listen_fd, 8);
    socklen_t l = sizeof a;
    getsockname(listen_fd, (struct sockaddr *)&a, &l);
    pthread_t t;
    pthread_create(&t, NULL, server, NULL);
    pthread_detach(t);
    return ntohs(a.sin_port);
}

static size_t hold(void *u, int r, uint64_t d) { (void)u; (void)r; (void)d; return 0; }

#define REPS 9
#define BATCH 512

int main(void) {
    /* ---- encode rate ---- */
    otel_processor p = { hold, NULL, NULL, 1000 };
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.processor = &p;
    otel_init(&c);
    for (int i = 0; i < BATCH; i++) make_span(i);
    otel_span_data *spans[BATCH];
    size_t n = otel_collect(spans, BATCH);
    size_t cap = 4u << 20, off, len;
    unsigned char *buf = (unsigned char *)malloc(cap);
    double pb[REPS], js[REPS];
    size_t pb_bytes = 0, js_bytes = 0;
    for (int r = 0; r < REPS; r++) {
        int loops = 200;
        double t0 = now_s();
        for (int k = 0; k < loops; k++) otel__pb_encode_spans(spans, n, buf, cap, &off, &len);
        pb[r] = (double)n * loops / (now_s() - t0);
        pb_bytes = len;
        t0 = now_s();
        for (int k = 0; k < loops; k++) otel__json_encode_spans(spans, n, (char *)buf, cap, &len);
        js[r] = (double)n * loops / (now_s() - t0);
        js_bytes = len;
    }
    otel_release(spans, n);
    otel_shutdown(100);
    printf("OTLP encoding (span with 4 attributes and 1 event; batches of %d; median of %d)\n", BATCH, REPS);
    printf("  %-40s %8.2f M spans/s  (%zu bytes/span; target >= 2 M/s)\n", "protobuf (nanopb)", median(pb, REPS) / 1e6, pb_bytes / n);
    printf("  %-40s %8.2f M spans/s  (%zu bytes/span)\n", "JSON", median(js, REPS) / 1e6, js_bytes / n);

    /* ---- end to end over loopback ---- */
    int port = start_server();
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    otel_export_config e;
    memset(&e, 0, sizeof e);
    e.endpoint = url;
    e.schedule_delay_ms = 5;
    e.max_export_batch_size = 2048;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &e;
    double e2e[REPS];
    uint64_t dropped = 0, exported = 0;
    for (int r = 0; r < REPS; r++) {
        otel_init(&c);
        int total = 200000;
        double t0 = now_s();
        for (int i = 0; i < total; i++) {
            make_span(i);
            /* a producer that stays under the exporter's rate: it lets the
               queue drain when three quarters of the arena are waiting */
            if ((i & 255) == 0) while (otel_pending() > 6144) usleep(20);
        }
        otel_flush(10000);
        double dt = now_s() - t0;
        otel_stats st;
        otel_stats_get(&st);
        dropped += st.spans_dropped + st.spans_export_dropped;
        exported += st.spans_exported;
        e2e[r] = (double)st.spans_exported / dt;
        otel_shutdown(1000);
    }
    server_stop = 1;
    printf("OTLP/HTTP end to end over loopback into a discarding receiver (median of %d runs x 200k spans)\n", REPS);
    printf("  %-40s %8.2f M spans/s  (target >= 1 M/s)\n", "producer + exporter, protobuf", median(e2e, REPS) / 1e6);
    printf("  %-40s %llu of %llu\n", "spans dropped", (unsigned long long)dropped, (unsigned long long)(exported + dropped));
    return 0;
}
