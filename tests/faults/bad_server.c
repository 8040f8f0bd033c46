/* bad_server.c - one of tests/faults/bad_server.h's misbehaving servers as a
   program, for the fault matrix (tests/faults/run.js):
       bad_server slow|silent|tls-stall|slow-reader|grpc-silent
   prints "LISTENING <port>" and serves until its standard input closes. */
#include "faults/bad_server.h"

int main(int argc, char **argv) {
    static const char *const names[] = {"slow", "silent", "tls-stall", "slow-reader", "grpc-silent"};
    int kind = -1;
    for (int i = 0; argc == 2 && i < 5; i++) if (strcmp(argv[1], names[i]) == 0) kind = i;
    if (kind < 0) { fprintf(stderr, "usage: bad_server slow|silent|tls-stall|slow-reader|grpc-silent\n"); return 2; }
    signal(SIGPIPE, SIG_IGN);
    server_start(kind);
    printf("LISTENING %d\n", srv.port);
    fflush(stdout);
    char b[64];
    while (read(0, b, sizeof b) > 0) {}
    server_stop();
    return 0;
}
