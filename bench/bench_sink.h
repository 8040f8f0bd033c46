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
#include <time.h>

/* ---- a discarding HTTP receiver on loopback ---- */
static int listen_fd;
static volatile int server_stop;
static void *server(void *arg) {
    (void)arg;
    static char buf[1 << 20];
    int copy = getenv("BENCH_SINK_COPY") != NULL;
    while (!server_stop) {
        int fd = accept(listen_fd, NULL, NULL);
        if (fd < 0) continue;
        size_t have = 0;
        for (;;) {
            /* (a small read for the heads: the bodies are skipped below without a
               copy; BENCH_SINK_COPY set: read and copied out, as the h2c sink must) */
            ssize_t r = read(fd, buf + have, (have < 4096 && !copy ? 4096 : sizeof buf) - have);
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
                        ssize_t k = copy ? read(fd, buf, need < sizeof buf ? need : sizeof buf)
                                         : recv(fd, NULL, need, MSG_TRUNC);   /* (TCP: discarded in the kernel, not copied) */
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
static int serve_loopback(int *fd, void *(*fn)(void *), void *arg) {
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
    pthread_create(&t, NULL, fn, arg);
    pthread_detach(t);
    return ntohs(a.sin_port);
}
static int start_server(void) { return serve_loopback(&listen_fd, server, NULL); }

/* ---- a discarding OTLP/gRPC (h2c) server on loopback: answers every call
   with an empty response and grpc-status 0. Its flow control is grpc-go's
   (the Collector's): it announces no window at first (65535 for each stream
   and the connection) and MAX_FRAME_SIZE 16384, and hands received bytes
   back by WINDOW_UPDATE once they reach a quarter of the window, per stream
   and for the connection. With default options (the Collector's receiver
   sets no window) grpc-go also estimates the bandwidth-delay product and
   widens its windows by it, and so does start_h2_server's sink: on DATA
   with no estimate under way, a window update for the connection's unacked
   bytes and a PING; the bytes received until its ACK are the sample; the
   round trip is averaged (the first 10 evenly, then 0.9 towards the new);
   when the sample is at least 0.66 of the estimate and its bandwidth
   (sample / 1.5 round trips) the highest seen, the estimate becomes twice
   the sample (at most 16 MiB): the connection's window grows by a
   WINDOW_UPDATE and the streams' by SETTINGS INITIAL_WINDOW_SIZE. What it
   answers to one read is written in one write, as grpc-go's buffered
   writer does. start_h2_server_window(w) keeps windows of w bytes and
   estimates nothing, as grpc-go does when a server sets its window sizes:
   65535 gives the least window a real server keeps. ---- */
typedef struct h2_sink { int fd; uint32_t window; int bdp; } h2_sink;
#define H2_BDP_LIMIT (16u << 20)
static double h2_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}
static size_t h2_put(unsigned char *o, int type, int flags, uint32_t stream, const void *p, size_t n) {
    unsigned char h[9] = {(unsigned char)(n >> 16), (unsigned char)(n >> 8), (unsigned char)n, (unsigned char)type,
                          (unsigned char)flags, (unsigned char)(stream >> 24), (unsigned char)(stream >> 16),
                          (unsigned char)(stream >> 8), (unsigned char)stream};
    memcpy(o, h, 9);
    if (n) memcpy(o + 9, p, n);
    return 9 + n;
}
static size_t h2_winup(unsigned char *o, uint32_t stream, uint32_t inc) {
    unsigned char b[4] = {(unsigned char)(inc >> 24), (unsigned char)(inc >> 16), (unsigned char)(inc >> 8), (unsigned char)inc};
    return h2_put(o, 8, 0, stream, b, 4);
}
#define H2_SINK_STREAMS 256   /* streams open at once that it keeps window counts for */
static void *h2_server(void *arg) {
    const h2_sink *sink = (const h2_sink *)arg;
    enum { BUF = 1 << 21, OUT = 1 << 16 };
    unsigned char *buf = (unsigned char *)malloc(BUF), *out = (unsigned char *)malloc(OUT);
    uint32_t *sid_of = (uint32_t *)calloc(H2_SINK_STREAMS, sizeof *sid_of), *unacked = (uint32_t *)calloc(H2_SINK_STREAMS, sizeof *unacked);
    if (!buf || !out || !sid_of || !unacked) return NULL;
    unsigned char settings[12] = {0, 5, 0, 0, 0x40, 0};   /* MAX_FRAME_SIZE 16384 (and INITIAL_WINDOW_SIZE) */
    uint32_t window = sink->window > 65535u && sink->window <= 0x7fffffffu ? sink->window : 65535u;
    size_t nsettings = 6;
    if (window > 65535u) {
        unsigned char w[6] = {0, 4, (unsigned char)(window >> 24), (unsigned char)(window >> 16), (unsigned char)(window >> 8), (unsigned char)window};
        memcpy(settings + 6, w, 6);
        nsettings = 12;
    }
    static const unsigned char bdp_ping[8] = {2, 4, 16, 16, 9, 14, 7, 7};
    static const unsigned char head[] = {0x88, 0x0f, 0x10, 16, 'a', 'p', 'p', 'l', 'i', 'c', 'a', 't', 'i', 'o', 'n', '/', 'g', 'r', 'p', 'c'};
    static const unsigned char empty[] = {0, 0, 0, 0, 0};
    static const unsigned char trailer[] = {0x00, 11, 'g', 'r', 'p', 'c', '-', 's', 't', 'a', 't', 'u', 's', 1, '0'};
    while (!server_stop) {
        int fd = accept(sink->fd, NULL, NULL);
        if (fd < 0) continue;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);   /* small frames, answered at once */
        size_t o = h2_put(out, 4, 0, 0, settings, nsettings);
        if (window > 65535u) o += h2_winup(out + o, 0, window - 65535u);   /* the connection's */
        if (write(fd, out, o) != (ssize_t)o) { close(fd); continue; }
        memset(sid_of, 0, H2_SINK_STREAMS * sizeof *sid_of);
        uint32_t win = window, conn_unacked = 0, quarter = win / 4;
        /* the bandwidth-delay estimate: its sample, the PING's state, the round trip */
        uint32_t sample = 0;
        int ping_out = 0, ping_new = 0;
        double sent_at = 0, rtt = 0, bw_max = 0;
        uint64_t samples = 0;
        size_t have = 0, at = 0, preface = 24;          /* frames start after the client preface */
        for (;;) {                                      /* read what is there, answer each whole frame */
            ssize_t r = read(fd, buf + have, BUF - have);
            if (r <= 0) break;
            have += (size_t)r;
            o = 0;
            if (preface) { size_t k = have - at < preface ? have - at : preface; at += k; preface -= k; }
            while (!preface && have - at >= 9) {
                if (o + 256 > OUT) {             /* room for what one frame answers */
                    if (write(fd, out, o) != (ssize_t)o) break;
                    if (ping_new) { sent_at = h2_now(); ping_new = 0; }
                    o = 0;
                }
                const unsigned char *fh = buf + at;
                size_t n = (size_t)fh[0] << 16 | (size_t)fh[1] << 8 | fh[2];
                if (have - at < 9 + n) break;
                uint32_t stream = ((uint32_t)fh[5] & 0x7f) << 24 | (uint32_t)fh[6] << 16 | (uint32_t)fh[7] << 8 | fh[8];
                unsigned slot = (stream >> 1) % H2_SINK_STREAMS;
                if (fh[3] == 4 && !(fh[4] & 1)) o += h2_put(out + o, 4, 1, 0, NULL, 0);        /* ACK their SETTINGS */
                if (fh[3] == 6 && !(fh[4] & 1)) o += h2_put(out + o, 6, 1, 0, fh + 9, 8);      /* PING */
                if (fh[3] == 6 && (fh[4] & 1) && n == 8 && ping_out && memcmp(fh + 9, bdp_ping, 8) == 0) {
                    double r = h2_now() - sent_at;   /* the estimate's PING answered */
                    rtt += samples < 10 ? (r - rtt) / (double)samples : (r - rtt) * 0.9;
                    ping_out = 0;
                    double bw = (double)sample / (rtt * 1.5);
                    if (bw > bw_max) bw_max = bw;
                    if ((double)sample >= 0.66 * (double)win && bw == bw_max && win != H2_BDP_LIMIT) {
                        uint32_t grown = sample * 2 < H2_BDP_LIMIT ? sample * 2 : H2_BDP_LIMIT;
                        unsigned char st[6] = {0, 4, (unsigned char)(grown >> 24), (unsigned char)(grown >> 16),
                                               (unsigned char)(grown >> 8), (unsigned char)grown};
                        o += h2_winup(out + o, 0, grown - win);
                        o += h2_put(out + o, 4, 0, 0, st, 6);
                        win = grown;
                        quarter = win / 4;
                    }
                }
                if (fh[3] == 1) { sid_of[slot] = stream; unacked[slot] = 0; }                  /* a new call */
                if (fh[3] == 0) {
                    if (sink->bdp && win != H2_BDP_LIMIT) {
                        if (!ping_out) {   /* a new sample: the connection's bytes handed back first */
                            ping_out = ping_new = 1;
                            sample = (uint32_t)n;
                            samples++;
                            if (conn_unacked) { o += h2_winup(out + o, 0, conn_unacked); conn_unacked = 0; }
                            o += h2_put(out + o, 6, 0, 0, bdp_ping, 8);
                        } else {
                            sample += (uint32_t)n;
                        }
                    }
                    conn_unacked += (uint32_t)n;
                    if (conn_unacked >= quarter) { o += h2_winup(out + o, 0, conn_unacked); conn_unacked = 0; }
                    if (!(fh[4] & 1) && sid_of[slot] == stream && (unacked[slot] += (uint32_t)n) >= quarter) {
                        o += h2_winup(out + o, stream, unacked[slot]);
                        unacked[slot] = 0;
                    }
                }
                if (fh[3] == 0 && (fh[4] & 1)) {                /* the request's last DATA: answer */
                    o += h2_put(out + o, 1, 4, stream, head, sizeof head);
                    o += h2_put(out + o, 0, 0, stream, empty, sizeof empty);
                    o += h2_put(out + o, 1, 5, stream, trailer, sizeof trailer);
                    sid_of[slot] = 0;
                }
                at += 9 + n;
            }
            if (o && write(fd, out, o) != (ssize_t)o) break;
            if (ping_new) { sent_at = h2_now(); ping_new = 0; }   /* (timed from its write, as grpc-go does) */
            if (at >= have) { have = 0; at = 0; }       /* all used: start the buffer over */
            else if (at > BUF / 2) { memmove(buf, buf + at, have - at); have -= at; at = 0; }
            if (have == BUF) break;              /* a frame larger than the buffer: give up */
        }
        close(fd);
    }
    free(buf); free(out); free(sid_of); free(unacked);
    return NULL;
}
static int start_h2_sink(uint32_t window, int bdp) {
    static h2_sink sinks[4];
    static int n;
    h2_sink *k = &sinks[n++ & 3];
    k->window = window;
    k->bdp = bdp;
    return serve_loopback(&k->fd, h2_server, k);
}
static int start_h2_server(void) { return start_h2_sink(65535u, 1); }
static int start_h2_server_window(uint32_t window) { return start_h2_sink(window, 0); }
#endif
