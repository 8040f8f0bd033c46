/* test_export_signals.c - the signals do not wait for each other: each has
   its own connection and its own sender thread, so a logs endpoint that
   never answers and a metrics endpoint that answers after 1.5 s do not
   delay span export. Three loopback servers (one thread, below): spans
   answered at once, log records never, metric requests after 1.5 s. A
   span is made every 40 ms and must be exported within a second (the
   logs request hangs for 10 s: were spans sent after it, they would wait
   that long). Then shutdown keeps its deadline and every span and log
   record is counted once: exported + dropped + failed + unknown = made.
   Runs under ThreadSanitizer too (make test builds build/tsan/). */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include "test_net.h"
#include <pthread.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

enum { ANSWER, NEVER, LATE };   /* the three servers, in this order */
#define LATE_MS 1500
static int lfd[3], port[3], stop_servers, requests[3];

static uint64_t ms_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* one connection: the request head parsed for Content-Length, the body counted */
typedef struct conn { int fd, kind; char head[4096]; size_t hlen, body_left; int in_body; uint64_t answer_at; } conn;

static void answer(conn *c) {
    static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    if (write(c->fd, ok, sizeof ok - 1) < 0) {}
}
/* the bytes of a request arrived: returns 1 when one is complete */
static int consume(conn *c, const char *p, size_t n) {
    while (n) {
        if (c->in_body) {
            size_t k = n < c->body_left ? n : c->body_left;
            c->body_left -= k; p += k; n -= k;
            if (!c->body_left) { c->in_body = 0; c->hlen = 0; return 1; }
            continue;
        }
        if (c->hlen == sizeof c->head) return 0;
        c->head[c->hlen++] = *p++; n--;
        if (c->hlen >= 4 && memcmp(c->head + c->hlen - 4, "\r\n\r\n", 4) == 0) {
            c->head[c->hlen - 1] = 0;
            const char *cl = strstr(c->head, "Content-Length: ");
            c->body_left = cl ? strtoul(cl + 16, NULL, 10) : 0;
            c->in_body = 1;
            if (!c->body_left) { c->in_body = 0; c->hlen = 0; return 1; }
        }
    }
    return 0;
}
static void *servers(void *arg) {
    (void)arg;
    static conn cs[32];
    int nc = 0;
    char buf[65536];
    while (!__atomic_load_n(&stop_servers, __ATOMIC_ACQUIRE)) {
        struct pollfd p[35];
        for (int i = 0; i < 3; i++) { p[i].fd = lfd[i]; p[i].events = POLLIN; p[i].revents = 0; }
        for (int i = 0; i < nc; i++) { p[3 + i].fd = cs[i].fd; p[3 + i].events = POLLIN; p[3 + i].revents = 0; }
        poll(p, (nfds_t)(3 + nc), 10);
        for (int i = 0; i < 3; i++)
            if ((p[i].revents & POLLIN) && nc < 32) {
                int fd = accept(lfd[i], NULL, NULL);
                if (fd < 0) continue;
                memset(&cs[nc], 0, sizeof cs[nc]);
                cs[nc].fd = fd; cs[nc].kind = i;
                nc++;
            }
        uint64_t t = ms_now();
        for (int i = 0; i < nc; i++) {
            conn *c = &cs[i];
            if (p[3 + i].revents & (POLLIN | POLLHUP | POLLERR)) {
                ssize_t r = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
                if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) { close(c->fd); c->fd = -1; continue; }
                if (r > 0 && consume(c, buf, (size_t)r)) {
                    __atomic_add_fetch(&requests[c->kind], 1, __ATOMIC_RELAXED);
                    if (c->kind == ANSWER) answer(c);
                    if (c->kind == LATE) c->answer_at = t + LATE_MS;
                }
            }
            if (c->answer_at && t >= c->answer_at) { answer(c); c->answer_at = 0; }
        }
        int kept = 0;
        for (int i = 0; i < nc; i++) if (cs[i].fd >= 0 && kept < 32) cs[kept++] = cs[i];
        nc = kept;
    }
    for (int i = 0; i < nc; i++) close(cs[i].fd);
    return NULL;
}
static pthread_t server_thread;
static void servers_start(void) {
    for (int i = 0; i < 3; i++) {
        if ((lfd[i] = tn_listen_loopback(&port[i], 16)) < 0) { perror("server"); exit(2); }
    }
    pthread_create(&server_thread, NULL, servers, NULL);
}
static void servers_stop(void) {
    __atomic_store_n(&stop_servers, 1, __ATOMIC_RELEASE);
    pthread_join(server_thread, NULL);
    for (int i = 0; i < 3; i++) close(lfd[i]);
}

TEST(spans_do_not_wait_for_logs_or_metrics) {
    servers_start();
    char turl[96], murl[96], lurl[96];
    snprintf(turl, sizeof turl, "http://127.0.0.1:%d/v1/traces", port[ANSWER]);
    snprintf(lurl, sizeof lurl, "http://127.0.0.1:%d/v1/logs", port[NEVER]);
    snprintf(murl, sizeof murl, "http://127.0.0.1:%d/v1/metrics", port[LATE]);
    otel_export_config e;
    memset(&e, 0, sizeof e);
    e.traces_endpoint = turl;
    e.logs_endpoint = lurl;
    e.metrics_endpoint = murl;
    e.timeout_ms = 10000;
    e.schedule_delay_ms = 10;
    e.logs_schedule_delay_ms = 10;
    e.metric_interval_ms = 50;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &e;
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    otel_instrument *counter = otel_counter_create("requests", "1", "requests served");
    uint64_t worst = 0;
    int made = 0;
    for (; made < 40; made++) {
        otel_log(OTEL_SEVERITY_INFO, "a log record for the endpoint that never answers", NULL, 0);
        otel_counter_add(counter, 1, NULL, 0);
        otel_span *s = otel_span_begin("work", OTEL_SPAN_KIND_INTERNAL);
        otel_span_end(s);
        uint64_t t0 = ms_now();
        otel_stats st;
        for (;;) {   /* exported within a second, whatever the logs and metrics endpoints do */
            otel_stats_get(&st);
            if (st.spans_exported >= (uint64_t)made + 1 || ms_now() - t0 > 3000) break;
            usleep(2000);
        }
        if (ms_now() - t0 > worst) worst = ms_now() - t0;
        usleep(40000);
    }
    printf("# the slowest span took %llu ms to be exported\n", (unsigned long long)worst);
    CHECK(worst < 1000);
    CHECK(__atomic_load_n(&requests[NEVER], __ATOMIC_RELAXED) >= 1);   /* the other signals were being sent meanwhile */
    CHECK(__atomic_load_n(&requests[LATE], __ATOMIC_RELAXED) >= 1);
    uint64_t t0 = ms_now();
    otel_shutdown(300);
    uint64_t took = ms_now() - t0;
    printf("# shutdown took %llu ms (deadline 300 ms)\n", (unsigned long long)took);
    CHECK(took < 300 + 150);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_exported, (uint64_t)made);
    CHECK_EQ_INT(st.spans_export_dropped + st.spans_export_failed + st.spans_export_unknown, 0);
    CHECK_EQ_INT(st.logs_emitted, (uint64_t)made);
    CHECK_EQ_INT(st.logs_exported + st.logs_export_dropped + st.logs_export_failed + st.logs_export_unknown, st.logs_emitted);
    CHECK_EQ_INT(st.logs_exported, 0);
    CHECK(st.logs_export_unknown > 0);   /* written whole, never answered */
    servers_stop();
}

/* spans and log records ended in one stream, so that the exporter's takes
   hold both (it puts spans straight onto their queue until the first log
   record of a take): each goes to its own endpoint, every one once */
TEST(spans_and_logs_interleaved_each_reach_their_endpoint) {
    stop_servers = 0;
    servers_start();
    char turl[96], lurl[96];
    snprintf(turl, sizeof turl, "http://127.0.0.1:%d/v1/traces", port[ANSWER]);
    snprintf(lurl, sizeof lurl, "http://127.0.0.1:%d/v1/logs", port[ANSWER]);
    otel_export_config e;
    memset(&e, 0, sizeof e);
    e.traces_endpoint = turl;
    e.logs_endpoint = lurl;
    e.schedule_delay_ms = 10;
    e.logs_schedule_delay_ms = 10;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &e;
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    uint64_t spans = 0, logs = 0;
    for (int i = 0; i < 20000; i++) {
        otel_span *s = otel_span_begin("work", OTEL_SPAN_KIND_INTERNAL);
        otel_span_end(s);
        spans++;
        if (i % 7 == 0 || (i / 300) % 5 == 0) { otel_log(OTEL_SEVERITY_INFO, "interleaved", NULL, 0); logs++; }
        if (i % 1000 == 999) usleep(2000);   /* (so that the arena never fills) */
    }
    CHECK_EQ_INT(otel_flush(10000), OTEL_OK);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_dropped, 0);
    CHECK_EQ_INT(st.spans_exported, spans);
    CHECK_EQ_INT(st.logs_exported, logs);
    CHECK_EQ_INT(st.spans_export_dropped + st.spans_export_failed + st.logs_export_dropped + st.logs_export_failed, 0);
    otel_shutdown(1000);
    servers_stop();
}

int main(void) {
    RUN(spans_do_not_wait_for_logs_or_metrics);
    RUN(spans_and_logs_interleaved_each_reach_their_endpoint);
    return test_summary("export-signals");
}
