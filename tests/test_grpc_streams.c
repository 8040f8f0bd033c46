/* test_grpc_streams.c - several OTLP/gRPC calls in flight on one HTTP/2
   connection (otel__grpc_run), against a scripted server on loopback that
   checks what it is sent frame by frame: answers out of order, RST_STREAM
   on one stream, REFUSED_STREAM, GOAWAY naming a stream between two in
   flight (the later call goes again on a new connection), GOAWAY naming
   every stream and a stream ignored anyway, a stream waiting
   for window while another's answer is read, the connection window shared
   by two streams and given to the oldest call first, SETTINGS_MAX_CONCURRENT_STREAMS, and a connection lost
   with two calls on it, and no heap used per call. End-to-end runs against grpc-js are in
   tests/node/grpc_check.js. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include "test_net.h"
#include <stdlib.h>
#include <pthread.h>
#include <arpa/inet.h>
/* heap calls counted (not under a sanitizer: they bring their own malloc) */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define NO_HEAP_COUNT 1
#endif
#endif
#if !defined(NO_HEAP_COUNT) && !defined(__SANITIZE_THREAD__)
#include "heap_count.h"
#endif

#ifndef OTEL_NO_GRPC
/* ---- the scripted server: one connection at a time ---- */
#define MAXS 64
typedef struct srv {
    int fd;
    size_t n;
    uint32_t sid[MAXS];              /* request streams in the order their HEADERS came */
    size_t bytes[MAXS];              /* DATA received on each */
    int ended[MAXS], nsid, open, max_open, closed;
    unsigned char in[1 << 18];       /* (last: the rest is cleared for each connection) */
} srv;
typedef void (*script_fn)(srv *s, int conn);
static script_fn script;
static uint32_t srv_settings[2][2];  /* SETTINGS the server announces: {id, value}, id 0: none */
static int listen_fd, port, conns;
static int grant;                    /* the server hands back every DATA frame's bytes at once */
static void srv_window(srv *s, uint32_t sid, uint32_t inc);
static unsigned char body[200000];

static void wr(srv *s, const void *p, size_t n) {
    const unsigned char *b = (const unsigned char *)p;
    while (n) {
        ssize_t w = write(s->fd, b, n);
        if (w <= 0) return;
        b += w; n -= (size_t)w;
    }
}
static void frame(srv *s, int type, int flags, uint32_t sid, const void *p, size_t n) {
    unsigned char h[9];
    otel__h2_put_fh(h, n, type, flags, sid);
    wr(s, h, 9);
    if (n) wr(s, p, n);
}
static int idx_of(srv *s, uint32_t sid) {
    for (int i = 0; i < s->nsid; i++) if (s->sid[i] == sid) return i;
    return -1;
}
/* reads and handles one frame (after the client's preface); 0 at EOF, or
   (nb) when no whole frame is there */
static int srv_read_nb(srv *s, int nb) {
    for (;;) {
        if (s->n >= 9) {
            size_t len = (size_t)s->in[0] << 16 | (size_t)s->in[1] << 8 | s->in[2];
            if (s->n >= 9 + len) {
                int type = s->in[3], flags = s->in[4];
                uint32_t sid = ((uint32_t)s->in[5] << 24 | (uint32_t)s->in[6] << 16 | (uint32_t)s->in[7] << 8 | s->in[8]) & 0x7fffffffu;
                int i = idx_of(s, sid);
                if (type == OTEL__H2_HEADERS && i < 0 && s->nsid < MAXS) {
                    s->sid[s->nsid++] = sid;
                    if (++s->open > s->max_open) s->max_open = s->open;
                } else if (type == OTEL__H2_DATA && i >= 0) {
                    s->bytes[i] += len;
                    if (grant && len) { srv_window(s, 0, (uint32_t)len); srv_window(s, sid, (uint32_t)len); }
                    if (flags & OTEL__H2_END_STREAM) s->ended[i] = 1;
                } else if (type == OTEL__H2_RST_STREAM && i >= 0) {
                    s->ended[i] = 1;
                }
                memmove(s->in, s->in + 9 + len, s->n - 9 - len);
                s->n -= 9 + len;
                return 1;
            }
        }
        ssize_t r = recv(s->fd, s->in + s->n, sizeof s->in - s->n, nb ? MSG_DONTWAIT : 0);
        if (r <= 0) return 0;
        s->n += (size_t)r;
    }
}
static int srv_read(srv *s) { return srv_read_nb(s, 0); }
static int ended(srv *s) { int k = 0; for (int i = 0; i < s->nsid; i++) k += s->ended[i]; return k; }
static int srv_until_ended(srv *s, int n) { while (ended(s) < n) if (!srv_read(s)) return 0; return 1; }
static int srv_until_open(srv *s, int n) { while (s->nsid < n) if (!srv_read(s)) return 0; return 1; }
static int srv_until_bytes(srv *s, int i, size_t b) { while (s->nsid <= i || s->bytes[i] < b) if (!srv_read(s)) return 0; return 1; }

/* a whole answer on stream i: headers, an empty response message, trailers */
static void srv_answer(srv *s, int i, int status) {
    unsigned char b[64];
    size_t n = 0;
    uint32_t sid = s->sid[i];
    b[n++] = 0x88;   /* :status 200 */
    n += otel__hpack_put_field(b + n, sizeof b - n, 31, NULL, "application/grpc", 16);
    frame(s, OTEL__H2_HEADERS, OTEL__H2_END_HEADERS, sid, b, n);
    frame(s, OTEL__H2_DATA, 0, sid, "\0\0\0\0\0", 5);
    char st[8];
    snprintf(st, sizeof st, "%d", status);
    n = otel__hpack_put_field(b, sizeof b, 0, "grpc-status", st, strlen(st));
    frame(s, OTEL__H2_HEADERS, OTEL__H2_END_HEADERS | OTEL__H2_END_STREAM, sid, b, n);
    s->open--;
}
static void srv_rst(srv *s, int i, uint32_t code) {
    unsigned char b[4] = {(unsigned char)(code >> 24), (unsigned char)(code >> 16), (unsigned char)(code >> 8), (unsigned char)code};
    frame(s, OTEL__H2_RST_STREAM, 0, s->sid[i], b, 4);
    s->open--;
}
static void srv_window(srv *s, uint32_t sid, uint32_t inc) {
    unsigned char b[4] = {(unsigned char)(inc >> 24), (unsigned char)(inc >> 16), (unsigned char)(inc >> 8), (unsigned char)inc};
    frame(s, OTEL__H2_WINDOW_UPDATE, 0, sid, b, 4);
}

static void *server(void *arg) {
    (void)arg;
    static srv s;
    for (int conn = 0; conn < 3; conn++) {
        int fd = accept(listen_fd, NULL, NULL);
        if (fd < 0) break;
        conns++;
        memset(&s, 0, offsetof(srv, in));
        s.fd = fd;
        unsigned char set[12];
        size_t sn = 0;
        for (int i = 0; i < 2; i++) {
            if (!srv_settings[i][0]) continue;
            uint32_t id = srv_settings[i][0], v = srv_settings[i][1];
            unsigned char e[6] = {(unsigned char)(id >> 8), (unsigned char)id, (unsigned char)(v >> 24), (unsigned char)(v >> 16),
                                  (unsigned char)(v >> 8), (unsigned char)v};
            memcpy(set + sn, e, 6);
            sn += 6;
        }
        frame(&s, OTEL__H2_SETTINGS, 0, 0, set, sn);
        /* the client's preface */
        while (s.n < 24) {
            ssize_t r = read(fd, s.in + s.n, 24 - s.n);
            if (r <= 0) break;
            s.n += (size_t)r;
        }
        s.n = 0;
        script(&s, conn);
        s.closed = 1;
        close(fd);
    }
    return NULL;
}

/* ---- the client: calls on slots 0..n of one otel__h2 ---- */
static otel__h2 *h;
static otel__http_client *io;
static pthread_t thr;

static void start(script_fn fn) {
    script = fn;
    conns = 0;
    listen_fd = tn_listen_loopback(&port, 4);
    pthread_create(&thr, NULL, server, NULL);
    h = (otel__h2 *)calloc(1, sizeof *h);
    io = (otel__http_client *)calloc(1, sizeof *io);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    otel__url u;
    otel__url_parse(url, &u);
    otel__http_client_init(io, &u, NULL);
    h->ncall = 4;
    h->wake = -1;
    otel__grpc_bind(h, io, NULL, 0);
}
static void finish(void) {
    otel__http_client_close(io);
    shutdown(listen_fd, SHUT_RDWR);
    close(listen_fd);
    pthread_join(thr, NULL);
    free(h);
    free(io);
    memset(srv_settings, 0, sizeof srv_settings);
}
static void queue(unsigned k, size_t len) {
    otel__grpc_queue(h, k, OTEL__SIG_TRACES, body, len, 0, 5000, otel__mono_ns() + 5000000000ull);
    h->call[k].seq = k;
}
/* rounds until call k is DONE (or the others are); 0 if that took 5 s */
static int until_done(unsigned k) {
    uint64_t end = otel__mono_ns() + 5000000000ull;
    while (h->call[k].state != OTEL__H2C_DONE && otel__mono_ns() < end) otel__grpc_run(h);
    return h->call[k].state == OTEL__H2C_DONE;
}
/* call k's outcome as the exporter sees it: the HTTP status it maps to */
static int status_of(unsigned k, int *grpc) {
    otel__http_response r;
    int rc = otel__grpc_result(&h->call[k], &r);
    *grpc = r.is_grpc ? r.grpc_status : 0;
    return rc == OTEL_OK ? r.status : rc;
}

/* ---- the cases ---- */
static int seen_both_before_answer;
static void out_of_order(srv *s, int conn) {
    (void)conn;
    seen_both_before_answer = srv_until_ended(s, 2);
    srv_answer(s, 1, 0);    /* the second call first */
    srv_answer(s, 0, 14);   /* then the first: UNAVAILABLE */
    while (srv_read(s)) {}
}
TEST(answers_out_of_order) {
    start(out_of_order);
    queue(0, 300);
    queue(1, 400);
    CHECK(until_done(1));
    CHECK(until_done(0));
    CHECK(seen_both_before_answer);
    CHECK_EQ_INT(h->call[0].sid, 1);
    CHECK_EQ_INT(h->call[1].sid, 3);
    int g;
    CHECK_EQ_INT(status_of(1, &g), 200);
    CHECK_EQ_INT(status_of(0, &g), 503);   /* retryable: the exporter retries this batch alone */
    CHECK_EQ_INT(g, OTEL__GRPC_UNAVAILABLE);
    CHECK_EQ_INT(conns, 1);
    finish();
}

static void reset_one(srv *s, int conn) {
    if (conn == 0) {
        srv_until_ended(s, 3);
        srv_rst(s, 0, 8);        /* CANCEL: the first call ends, retryable */
        srv_rst(s, 1, 7);        /* REFUSED_STREAM: not processed, sent again on a new stream */
        srv_until_ended(s, 4);   /* ... stream 7 */
        srv_answer(s, 2, 0);
        srv_answer(s, 3, 0);
    }
    while (srv_read(s)) {}
}
TEST(rst_stream_on_one_stream) {
    start(reset_one);
    queue(0, 100);
    queue(1, 200);
    queue(2, 300);
    CHECK(until_done(0) && until_done(1) && until_done(2));
    int g;
    CHECK_EQ_INT(status_of(0, &g), 503);
    CHECK_EQ_INT(g, OTEL__GRPC_CANCELLED);
    CHECK_EQ_INT(h->call[1].sid, 7);         /* refused on 3, then answered on 7, same connection */
    CHECK_EQ_INT(h->call[1].tries, 1);
    CHECK_EQ_INT(status_of(1, &g), 200);
    CHECK_EQ_INT(status_of(2, &g), 200);
    CHECK_EQ_INT(conns, 1);
    finish();
}

static size_t second_conn_bytes;
static void goaway_between(srv *s, int conn) {
    if (conn == 0) {
        srv_until_ended(s, 2);
        unsigned char g[8] = {0, 0, 0, 1, 0, 0, 0, 0};   /* last stream 1: stream 3 was not processed */
        frame(s, OTEL__H2_GOAWAY, 0, 0, g, 8);
        srv_answer(s, 0, 0);
    } else {
        srv_until_ended(s, 1);
        second_conn_bytes = s->bytes[0];
        srv_answer(s, 0, 0);
    }
    while (srv_read(s)) {}
}
TEST(goaway_between_two_streams) {
    start(goaway_between);
    queue(0, 500);
    queue(1, 700);
    CHECK(until_done(0));
    CHECK(until_done(1));
    int g;
    CHECK_EQ_INT(status_of(0, &g), 200);
    CHECK_EQ_INT(status_of(1, &g), 200);    /* the later call, again, on a new connection */
    CHECK_EQ_INT(h->call[1].sid, 1);
    CHECK_EQ_INT(h->call[1].tries, 1);
    CHECK_EQ_INT(conns, 2);
    CHECK_EQ_INT(second_conn_bytes, 705);
    finish();
}

/* GOAWAY naming every stream (2^31-1), yet the second call's stream
   ignored, the connection kept open (as nghttp2 does with streams begun
   after it sent GOAWAY): the call goes again on a new connection after
   the grace, not at its deadline */
static void goaway_ignoring(srv *s, int conn) {
    if (conn == 0) {
        srv_until_ended(s, 2);
        unsigned char g[8] = {0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0};
        frame(s, OTEL__H2_GOAWAY, 0, 0, g, 8);
        srv_answer(s, 0, 0);
        while (srv_read(s)) {}
    } else {
        srv_until_ended(s, 1);
        srv_answer(s, 0, 0);
        while (srv_read(s)) {}
    }
}
TEST(goaway_then_a_stream_ignored) {
    start(goaway_ignoring);
    queue(0, 500);
    queue(1, 700);
    uint64_t t0 = otel__mono_ns();
    CHECK(until_done(0));
    CHECK(until_done(1));
    uint64_t ms = (otel__mono_ns() - t0) / 1000000u;
    int g;
    CHECK_EQ_INT(status_of(0, &g), 200);
    CHECK_EQ_INT(status_of(1, &g), 200);
    CHECK_EQ_INT(h->call[1].tries, 1);
    CHECK_EQ_INT(conns, 2);
    CHECK(ms >= OTEL__H2_GOAWAY_GRACE_MS && ms < 4000);   /* the grace, not the 5 s deadline */
    finish();
}

static int answered_while_blocked;
static void window_blocked(srv *s, int conn) {
    (void)conn;
    /* stream windows of 1000: the first call (5000 bytes) stops after 1000;
       the second (300) goes whole; its answer must be read while the
       first still waits for window */
    srv_until_bytes(s, 0, 1000);
    srv_until_ended(s, 1);
    answered_while_blocked = s->ended[1] && !s->ended[0] && s->bytes[0] == 1000;
    srv_answer(s, 1, 0);
    usleep(50000);
    srv_window(s, s->sid[0], 10000);
    srv_until_ended(s, 2);
    srv_answer(s, 0, 0);
    while (srv_read(s)) {}
}
TEST(stream_window_does_not_block_another_answer) {
    srv_settings[0][0] = 4; srv_settings[0][1] = 1000;   /* INITIAL_WINDOW_SIZE */
    start(window_blocked);
    queue(0, 4995);
    queue(1, 295);
    CHECK(until_done(1));
    CHECK_EQ_INT(h->call[0].state, OTEL__H2C_SENDING);   /* still waiting for window */
    CHECK_EQ_INT(h->call[0].sent, 1000);
    CHECK(until_done(0));
    CHECK(answered_while_blocked);
    int g;
    CHECK_EQ_INT(status_of(1, &g), 200);
    CHECK_EQ_INT(status_of(0, &g), 200);
    finish();
}

static size_t conn_seen[2];
static void conn_window(srv *s, int conn) {
    (void)conn;
    /* the connection window (65535) spent by the first call: the second
       has sent its HEADERS only, until WINDOW_UPDATE on stream 0 */
    srv_until_open(s, 2);
    srv_until_bytes(s, 0, 65535);
    usleep(50000);
    while (srv_read_nb(s, 1)) {}   /* anything more that came */
    conn_seen[0] = s->bytes[0];
    conn_seen[1] = s->bytes[1];
    srv_window(s, 0, 200000);
    srv_until_ended(s, 2);
    srv_answer(s, 0, 0);
    srv_answer(s, 1, 0);
    while (srv_read(s)) {}
}
TEST(connection_window_across_streams) {
    srv_settings[0][0] = 4; srv_settings[0][1] = 1 << 20;
    start(conn_window);
    queue(0, 80000);
    queue(1, 20000);
    CHECK(until_done(0) && until_done(1));
    CHECK_EQ_INT(conn_seen[0] + conn_seen[1], 65535);
    int g;
    CHECK_EQ_INT(status_of(0, &g), 200);
    CHECK_EQ_INT(status_of(1, &g), 200);
    CHECK(h->conn_win >= 0);
    finish();
}

static size_t oldest_seen[2];
static void oldest_first(srv *s, int conn) {
    (void)conn;
    /* the older call has spent the connection window (65535) and waits;
       the newer has opened its stream. 20000 more: the older call's last
       14470 bytes go first, the newer gets the rest */
    srv_until_open(s, 2);
    srv_until_bytes(s, 0, 65535);
    srv_window(s, 0, 20000);
    while (s->bytes[0] + s->bytes[1] < 65535 + 20000) if (!srv_read(s)) return;
    oldest_seen[0] = s->bytes[0];
    oldest_seen[1] = s->bytes[1];
    srv_window(s, 0, 200000);
    srv_until_ended(s, 2);
    srv_answer(s, 0, 0);
    srv_answer(s, 1, 0);
    while (srv_read(s)) {}
}
TEST(the_oldest_call_takes_the_window_first) {
    srv_settings[0][0] = 4; srv_settings[0][1] = 1 << 20;   /* stream windows to spare: the connection's decides */
    start(oldest_first);
    /* the older call in slot 1, the newer in slot 0: the order is the calls', not the slots' */
    otel__grpc_queue(h, 1, OTEL__SIG_TRACES, body, 80000, 0, 5000, otel__mono_ns() + 5000000000ull);
    h->call[1].seq = 0;
    uint64_t end = otel__mono_ns() + 5000000000ull;
    while (h->call[1].sent < 65535 && otel__mono_ns() < end) otel__grpc_run(h);
    CHECK_EQ_INT(h->call[1].sent, 65535);
    otel__grpc_queue(h, 0, OTEL__SIG_TRACES, body, 20000, 0, 5000, otel__mono_ns() + 5000000000ull);
    h->call[0].seq = 1;
    CHECK(until_done(0) && until_done(1));
    CHECK_EQ_INT(oldest_seen[0], 80005);
    CHECK_EQ_INT(oldest_seen[1], 65535 + 20000 - 80005);
    int g;
    CHECK_EQ_INT(status_of(0, &g), 200);
    CHECK_EQ_INT(status_of(1, &g), 200);
    finish();
}

static int most_open;
static void one_stream(srv *s, int conn) {
    (void)conn;
    for (int i = 0; i < 3; i++) {
        srv_until_ended(s, i + 1);
        usleep(20000);   /* a second stream would have come by now */
        if (s->open > most_open) most_open = s->open;
        srv_answer(s, i, 0);
    }
    while (srv_read(s)) {}
    if (s->max_open > most_open) most_open = s->max_open;
}
TEST(max_concurrent_streams) {
    srv_settings[0][0] = 3; srv_settings[0][1] = 1;   /* MAX_CONCURRENT_STREAMS 1 */
    start(one_stream);
    queue(0, 100);
    queue(1, 100);
    queue(2, 100);
    CHECK(until_done(0) && until_done(1) && until_done(2));
    CHECK_EQ_INT(most_open, 1);
    int g;
    for (unsigned k = 0; k < 3; k++) CHECK_EQ_INT(status_of(k, &g), 200);
    CHECK_EQ_INT(conns, 1);
    finish();
}

static void drop_both(srv *s, int conn) {
    (void)conn;
    srv_until_ended(s, 2);
}
TEST(connection_lost_with_two_calls) {
    start(drop_both);
    queue(0, 100);
    queue(1, 100);
    CHECK(until_done(0) && until_done(1));
    int g;
    CHECK(status_of(0, &g) < 0);   /* a fresh connection: no second try at once, the exporter's backoff */
    CHECK(status_of(1, &g) < 0);
    CHECK(h->io->fd < 0);
    finish();
}

static void stall(srv *s, int conn) {
    (void)conn;
    srv_until_ended(s, 2);
    srv_answer(s, 1, 0);
    while (srv_read(s)) {}   /* the first never answered */
}
TEST(deadline_of_one_call) {
    start(stall);
    otel__grpc_queue(h, 0, OTEL__SIG_TRACES, body, 100, 0, 300, otel__mono_ns() + 300000000ull);
    h->call[0].seq = 0;
    queue(1, 100);
    CHECK(until_done(1));
    CHECK(until_done(0));
    otel__http_response r;
    CHECK_EQ_INT(otel__grpc_result(&h->call[0], &r), OTEL_ERR_TIMEOUT);
    CHECK(r.sent);             /* written whole: outcome unknown */
    int g;
    CHECK_EQ_INT(status_of(1, &g), 200);
    CHECK(h->io->fd >= 0);     /* the other call's connection stays */
    finish();
}
/* calls on a kept connection allocate nothing (connecting does:
   getaddrinfo) */
static void answer_all(srv *s, int conn) {
    (void)conn;
    grant = 1;
    for (int done = 0;; done++) {
        while (ended(s) <= done) if (!srv_read(s)) return;
        srv_answer(s, done, 0);
    }
}
TEST(no_heap_per_call) {
    start(answer_all);
    queue(0, 100);
    CHECK(until_done(0));
    int g, ok = 1;
    CHECK_EQ_INT(status_of(0, &g), 200);
#ifdef COUNT_HEAP
    count_begin();
#endif
    for (int round = 0; round < 20; round++) {
        queue(0, 90000);   /* more than the connection's window: waits for WINDOW_UPDATE */
        queue(1, 3000);
        ok &= until_done(0) && until_done(1) && status_of(0, &g) == 200 && status_of(1, &g) == 200;
    }
#ifdef COUNT_HEAP
    CHECK_EQ_INT(count_end(), 0);
#endif
    CHECK(ok);
    finish();
    grant = 0;
}
#else
TEST(left_out) { CHECK(OTEL_PROTOCOL_GRPC == 3); }
#endif

int main(void) {
#ifndef OTEL_NO_GRPC
    signal(SIGPIPE, SIG_IGN);
    for (size_t i = 0; i < sizeof body; i++) body[i] = (unsigned char)(i * 7);
    RUN(answers_out_of_order);
    RUN(rst_stream_on_one_stream);
    RUN(goaway_between_two_streams);
    RUN(goaway_then_a_stream_ignored);
    RUN(stream_window_does_not_block_another_answer);
    RUN(connection_window_across_streams);
    RUN(the_oldest_call_takes_the_window_first);
    RUN(max_concurrent_streams);
    RUN(connection_lost_with_two_calls);
    RUN(deadline_of_one_call);
    RUN(no_heap_per_call);
#else
    RUN(left_out);
#endif
    return test_summary("grpc_streams");
}
