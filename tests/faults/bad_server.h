/* tests/faults/bad_server.h - loopback servers that misbehave in one way
   each, for the deadline cases (tests/test_export_deadline.c runs one in a
   thread; tests/faults/bad_server.c is one as a program, for run.js):
     SLOW         reads the request, answers 200 after 3 s
     SILENT       accepts, reads, never answers
     TLS_STALL    reads the ClientHello, sends the first 8 bytes of a
                  ServerHello record, then nothing
     SLOW_READER  a 2 KiB receive buffer, read 1 byte a second
     GRPC_SILENT  sends an empty HTTP/2 SETTINGS frame, reads, never answers
                  and never opens a window: a gRPC client stalls on flow
                  control with a request over 64 KiB, or waits for an answer
   server_start(kind) listens on an ephemeral loopback port (srv.port) and
   serves from a thread until server_stop(). */
#ifndef OTEL_TEST_BAD_SERVER_H
#define OTEL_TEST_BAD_SERVER_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* clock_gettime, accept4 under -std=c11 */
#endif
#include <errno.h>
#include <pthread.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

enum { SLOW, SILENT, TLS_STALL, SLOW_READER, GRPC_SILENT };

static struct server {
    int kind, lfd, port, stop;
    int accepted, got_bytes;   /* atomics: read by the test */
    pthread_t th;
} srv;

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void *serve(void *arg) {
    (void)arg;
    struct { int fd; uint64_t answer_at, next_read; int answered, hello_sent; } c[64];
    int nc = 0;
    unsigned char buf[65536];
    while (!__atomic_load_n(&srv.stop, __ATOMIC_ACQUIRE)) {
        struct pollfd p[65];
        p[0].fd = srv.lfd; p[0].events = POLLIN; p[0].revents = 0;
        for (int i = 0; i < nc; i++) { p[i + 1].fd = c[i].fd; p[i + 1].events = srv.kind == SLOW_READER ? 0 : POLLIN; p[i + 1].revents = 0; }
        poll(p, (nfds_t)nc + 1, 10);
        uint64_t t = now_ms();
        if ((p[0].revents & POLLIN) && nc < 64) {
            int fd = accept(srv.lfd, NULL, NULL);
            if (fd >= 0) {
                memset(&c[nc], 0, sizeof c[nc]);
                c[nc].fd = fd;
                c[nc].next_read = t + 1000;
                if (srv.kind == GRPC_SILENT) {   /* an empty SETTINGS frame: the client may go on */
                    static const unsigned char settings[9] = {0, 0, 0, 4, 0, 0, 0, 0, 0};
                    if (write(fd, settings, sizeof settings) < 0) {}
                }
                nc++;
                __atomic_add_fetch(&srv.accepted, 1, __ATOMIC_RELEASE);
            }
        }
        for (int i = 0; i < nc; i++) {
            if (srv.kind == SLOW_READER) {
                if (t >= c[i].next_read) {
                    if (recv(c[i].fd, buf, 1, MSG_DONTWAIT) == 1) __atomic_store_n(&srv.got_bytes, 1, __ATOMIC_RELEASE);
                    c[i].next_read = t + 1000;
                }
                continue;
            }
            if (p[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) {
                ssize_t r = recv(c[i].fd, buf, sizeof buf, MSG_DONTWAIT);
                if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) { close(c[i].fd); c[i].fd = -1; continue; }
                if (r < 0) continue;
                __atomic_store_n(&srv.got_bytes, 1, __ATOMIC_RELEASE);
                if (!c[i].answer_at) c[i].answer_at = t + 3000;
                if (srv.kind == TLS_STALL && !c[i].hello_sent) {
                    static const unsigned char part[8] = {0x16, 0x03, 0x03, 0x00, 0x50, 0x02, 0x00, 0x00};
                    if (write(c[i].fd, part, sizeof part) < 0) {}
                    c[i].hello_sent = 1;
                }
            }
            if (srv.kind == SLOW && c[i].answer_at && !c[i].answered && t >= c[i].answer_at) {
                static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                if (write(c[i].fd, ok, sizeof ok - 1) < 0) {}
                c[i].answered = 1;
            }
        }
        int kept = 0;   /* closed connections leave the list */
        for (int i = 0; i < nc; i++) if (c[i].fd >= 0) c[kept++] = c[i];
        nc = kept;
    }
    for (int i = 0; i < nc; i++) close(c[i].fd);
    return NULL;
}

static void server_start(int kind) {
    memset(&srv, 0, sizeof srv);
    srv.kind = kind;
    srv.lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (kind == SLOW_READER) {   /* inherited by accepted sockets */
        int small = 2048;
        setsockopt(srv.lfd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    }
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (bind(srv.lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(srv.lfd, 16) != 0 ||
        getsockname(srv.lfd, (struct sockaddr *)&a, &al) != 0) { perror("server"); exit(2); }
    srv.port = ntohs(a.sin_port);
    pthread_create(&srv.th, NULL, serve, NULL);
}
static void server_stop(void) {
    __atomic_store_n(&srv.stop, 1, __ATOMIC_RELEASE);
    pthread_join(srv.th, NULL);
    close(srv.lfd);
}

#endif
