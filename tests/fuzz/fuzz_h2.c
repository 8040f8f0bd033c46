/* fuzz_h2.c - the HTTP/2 client under OTLP/gRPC: frame parsing (every
   type, padding, CONTINUATION, flow control, SETTINGS, PING, GOAWAY,
   RST_STREAM), HPACK on real header blocks, trailers with grpc-status and
   grpc-status-details-bin, and the outcome handed to the exporter.

   The input is what the server sends after the connection is made. It
   reaches the client through a socketpair, and a thread both feeds it and
   drains what the client writes (SETTINGS, the request, WINDOW_UPDATE,
   acknowledgements), so the client never blocks on a full socket. Up to
   three calls run on the connection; a reconnection goes to a closed local
   port and fails at once. */
#define OTEL_IMPLEMENTATION
#define OTEL_HTTP_MAX_RESPONSE 256u
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"
#include <fcntl.h>
#include <pthread.h>

static otel__http_client client;
static otel__h2 h2;

typedef struct feed { int fd; const uint8_t *p; size_t n; } feed;

static void *pump_socket(void *arg) {
    feed *f = (feed *)arg;
    unsigned char sink[4096];
    int wr_open = 1;
    for (;;) {
        struct pollfd pf;
        pf.fd = f->fd;
        pf.events = (short)(POLLIN | (wr_open ? POLLOUT : 0));
        pf.revents = 0;
        if (poll(&pf, 1, 5000) <= 0) break;
        if (pf.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t r = recv(f->fd, sink, sizeof sink, MSG_DONTWAIT);
            if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) break;   /* the client closed */
        }
        if (wr_open && (pf.revents & POLLOUT)) {
            if (f->n) {
                ssize_t w = send(f->fd, f->p, f->n, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (w > 0) { f->p += w; f->n -= (size_t)w; }
                else if (w < 0 && errno != EAGAIN && errno != EINTR) break;
            }
            if (!f->n) { shutdown(f->fd, SHUT_WR); wr_open = 0; }
        }
    }
    return NULL;
}

static int known_result(int rc) {
    return rc == OTEL_OK || rc == OTEL_ERR_PROTOCOL || rc == OTEL_ERR_TOO_LARGE || rc == OTEL_ERR_IO ||
           rc == OTEL_ERR_TIMEOUT || rc == OTEL_ERR_CONNECT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int sv[2];
    FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    feed f = {sv[1], data, size};
    pthread_t th;
    FUZZ_CHECK(pthread_create(&th, NULL, pump_socket, &f) == 0);

    otel__url url;
    FUZZ_CHECK(otel__url_parse("http://127.0.0.1:1", &url) == OTEL_OK);
    FUZZ_CHECK(otel__http_client_init(&client, &url, NULL) == OTEL_OK);
    client.fd = sv[0];
    client.in_len = 0;
    client.deadline = otel__mono_ns() + 5ull * 1000000000u;
    memset(&h2, 0, sizeof h2);
    h2.io = &client;
    h2.ncall = 1;   /* one call at a time: it answers into the whole body buffer */
    int rc = otel__h2_start(&h2);
    FUZZ_CHECK(known_result(rc));
    static const unsigned char body[300] = {0x0a, 0x02, 0x0a, 0x00};
    static const otel__http_header md[1] = {{"x-tenant", "fuzz"}};
    for (int call = 0; rc == OTEL_OK && call < 3 && client.fd == sv[0]; call++) {
        otel__http_response resp;
        rc = otel__grpc_export(&h2, &client, call % 3, md, 1, body, sizeof body, 0, 2000, &resp);
        FUZZ_CHECK(known_result(rc));
        FUZZ_CHECK(client.in_len <= sizeof client.in);
        FUZZ_CHECK(h2.hp.size <= h2.hp.limit && h2.hp.limit <= OTEL__HPACK_TABLE);
        FUZZ_CHECK(fuzz_terminated(h2.call[0].message, sizeof h2.call[0].message));
        if (rc != OTEL_OK) break;
        FUZZ_CHECK(resp.status == 200 || resp.status == 503 || resp.status == 400);
        FUZZ_CHECK(resp.retry_after_ms >= -1 && resp.retry_after_ms <= 86400000);
        if (resp.status == 503) FUZZ_CHECK(resp.retry_after_ms == h2.call[0].retry_ms);
        if (resp.body) FUZZ_CHECK(resp.body == h2.call[0].rbuf + 5 && resp.body_len + 5 <= h2.call[0].rcap);
    }
    if (client.fd >= 0) close(client.fd);   /* sv[0], or what a reconnection left */
    client.fd = -1;
    pthread_join(th, NULL);
    close(sv[1]);
    return 0;
}
