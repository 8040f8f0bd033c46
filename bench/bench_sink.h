/* bench/bench_sink.h - discarding OTLP receivers on loopback for the
   end-to-end benchmarks: an HTTP/1.1 one (keep-alive; answers each request
   200 with an empty body) and a minimal h2c one for OTLP/gRPC. Each runs on
   a thread of its own and does as little as it can, so that it is not what
   limits the rate. Include after otel_export.h. */
#ifndef OTEL_BENCH_SINK_H
#define OTEL_BENCH_SINK_H
#include <pthread.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/tcp.h>

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
/* a loopback listener on a free port, served by fn on its own thread */
static int serve_loopback(int *fd, void *(*fn)(void *)) {
    *fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(*fd, (struct sockaddr *)&a, sizeof a);
    listen(*fd, 8);
    socklen_t l = sizeof a;
    getsockname(*fd, (struct sockaddr *)&a, &l);
    pthread_t t;
    pthread_create(&t, NULL, fn, NULL);
    pthread_detach(t);
    return ntohs(a.sin_port);
}
static int start_server(void) { return serve_loopback(&listen_fd, server); }

/* ---- a discarding OTLP/gRPC (h2c) server on loopback: answers every call
   with an empty response and grpc-status 0; windows opened wide at start ---- */
static int h2_listen_fd;
static void h2_frame(int fd, int type, int flags, uint32_t stream, const void *p, size_t n) {
    unsigned char h[9] = {(unsigned char)(n >> 16), (unsigned char)(n >> 8), (unsigned char)n, (unsigned char)type,
                          (unsigned char)flags, (unsigned char)(stream >> 24), (unsigned char)(stream >> 16),
                          (unsigned char)(stream >> 8), (unsigned char)stream};
    if (write(fd, h, 9) != 9 || (n && write(fd, p, n) != (ssize_t)n)) return;
}
static void *h2_server(void *arg) {
    (void)arg;
    static unsigned char buf[1 << 21];
    static const unsigned char settings[] = {0, 4, 0x7f, 0xff, 0xff, 0xff};   /* INITIAL_WINDOW_SIZE: 2^31-1 */
    static const unsigned char winup[] = {0x7f, 0xff, 0, 0};                   /* connection window: nearly 2^31 */
    static const unsigned char head[] = {0x88, 0x0f, 0x10, 16, 'a', 'p', 'p', 'l', 'i', 'c', 'a', 't', 'i', 'o', 'n', '/', 'g', 'r', 'p', 'c'};
    static const unsigned char empty[] = {0, 0, 0, 0, 0};
    static const unsigned char trailer[] = {0x00, 11, 'g', 'r', 'p', 'c', '-', 's', 't', 'a', 't', 'u', 's', 1, '0'};
    while (!server_stop) {
        int fd = accept(h2_listen_fd, NULL, NULL);
        if (fd < 0) continue;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);   /* small frames, answered at once */
        h2_frame(fd, 4, 0, 0, settings, sizeof settings);
        h2_frame(fd, 8, 0, 0, winup, sizeof winup);
        size_t have = 0, at = 0, preface = 24;          /* frames start after the client preface */
        for (;;) {                                      /* read what is there, answer each whole frame */
            ssize_t r = read(fd, buf + have, sizeof buf - have);
            if (r <= 0) break;
            have += (size_t)r;
            if (preface) { size_t k = have - at < preface ? have - at : preface; at += k; preface -= k; }
            while (!preface && have - at >= 9) {
                const unsigned char *fh = buf + at;
                size_t n = (size_t)fh[0] << 16 | (size_t)fh[1] << 8 | fh[2];
                if (have - at < 9 + n) break;
                uint32_t stream = ((uint32_t)fh[5] & 0x7f) << 24 | (uint32_t)fh[6] << 16 | (uint32_t)fh[7] << 8 | fh[8];
                if (fh[3] == 4 && !(fh[4] & 1)) h2_frame(fd, 4, 1, 0, NULL, 0);        /* ACK their SETTINGS */
                if (fh[3] == 6 && !(fh[4] & 1)) h2_frame(fd, 6, 1, 0, fh + 9, 8);      /* PING */
                if (fh[3] == 0 && (fh[4] & 1)) {                /* the request's last DATA: answer */
                    h2_frame(fd, 1, 4, stream, head, sizeof head);
                    h2_frame(fd, 0, 0, stream, empty, sizeof empty);
                    h2_frame(fd, 1, 5, stream, trailer, sizeof trailer);
                }
                at += 9 + n;
            }
            if (at >= have) { have = 0; at = 0; }       /* all used: start the buffer over */
            else if (at > sizeof buf / 2) { memmove(buf, buf + at, have - at); have -= at; at = 0; }
            if (have == sizeof buf) break;              /* a frame larger than the buffer: give up */
        }
        close(fd);
    }
    return NULL;
}
static int start_h2_server(void) { return serve_loopback(&h2_listen_fd, h2_server); }
#endif
