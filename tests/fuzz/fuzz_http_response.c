/* fuzz_http_response.c - the HTTP/1.1 response reader,
   otel__http_read_response: status line, 1xx interim responses, headers,
   Content-Length, chunked bodies with trailers, bodies read to EOF, and
   several responses in a row on one kept-alive connection.

   The input is what the server sends. It reaches the client through a
   socketpair, so the reader's own buffering and refilling (otel__fill,
   otel__read_line, otel__read_body) run exactly as on a real connection.
   The body buffer is made small here so that inputs of a few hundred bytes
   already overflow it and reach the truncation path. */
#define OTEL_IMPLEMENTATION
#define OTEL_HTTP_MAX_RESPONSE 256u
/* warnings are rate-limited by the clock: keep them out of the runs */
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"
#include <fcntl.h>
#include <pthread.h>

static otel__http_client client;   /* 100 KB: not on the stack */

typedef struct feed { int fd; const uint8_t *p; size_t n; } feed;

/* what did not fit in the socket buffer at once; a reader that gives up
   early closes its end, and the write fails instead of blocking */
static void *feed_rest(void *arg) {
    feed *f = (feed *)arg;
    while (f->n) {
        ssize_t w = send(f->fd, f->p, f->n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        f->p += w; f->n -= (size_t)w;
    }
    shutdown(f->fd, SHUT_WR);
    return NULL;
}

static int known_result(int rc) {
    return rc == OTEL_OK || rc == OTEL_ERR_PROTOCOL || rc == OTEL_ERR_TOO_LARGE || rc == OTEL_ERR_IO ||
           rc == OTEL_ERR_TIMEOUT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int sv[2];
    FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);

    /* write what fits without blocking; a thread sends the rest */
    feed f = {sv[1], data, size};
    int fl = fcntl(sv[1], F_GETFL);
    fcntl(sv[1], F_SETFL, fl | O_NONBLOCK);
    while (f.n) {
        ssize_t w = send(sv[1], f.p, f.n, MSG_NOSIGNAL);
        if (w <= 0) break;
        f.p += w; f.n -= (size_t)w;
    }
    fcntl(sv[1], F_SETFL, fl);
    pthread_t th;
    int threaded = f.n > 0;
    if (threaded) FUZZ_CHECK(pthread_create(&th, NULL, feed_rest, &f) == 0);
    else shutdown(sv[1], SHUT_WR);

    /* a client as otel__http_post leaves it once connected and the request sent */
    otel__url url;
    FUZZ_CHECK(otel__url_parse("http://collector:4318/v1/traces", &url) == OTEL_OK);
    FUZZ_CHECK(otel__http_client_init(&client, &url, NULL) == OTEL_OK);
    client.fd = sv[0];
    client.in_len = 0;
    client.deadline = otel__mono_ns() + 10ull * 1000000000u;

    for (int round = 0; round < 4; round++) {
        otel__http_response resp;
        memset(&resp, 0, sizeof resp);
        int keep = -1;
        int rc = otel__http_read_response(&client, &resp, &keep);
        FUZZ_CHECK(known_result(rc));
        FUZZ_CHECK(client.in_len <= sizeof client.in);
        if (rc != OTEL_OK) break;
        FUZZ_CHECK(resp.status >= 200 && resp.status <= 599);
        FUZZ_CHECK(keep == 0 || keep == 1);
        FUZZ_CHECK(resp.retry_after_ms >= -1);
        FUZZ_CHECK(fuzz_terminated(resp.content_type, sizeof resp.content_type));
        FUZZ_CHECK(resp.body == client.body && resp.body_len <= sizeof client.body);
        FUZZ_CHECK(!resp.body_truncated || resp.body_len == sizeof client.body);
        if (resp.status == 204 || resp.status == 304) FUZZ_CHECK(resp.body_len == 0);
        if (!keep) break;
    }

    close(sv[0]);
    client.fd = -1;
    if (threaded) pthread_join(th, NULL);
    close(sv[1]);
    return 0;
}
