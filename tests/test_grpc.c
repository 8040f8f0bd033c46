/* test_grpc.c - the pieces of the OTLP/gRPC client that need no server:
   HPACK (the examples of RFC 7541 Appendix C, the dynamic table with size
   updates and eviction, every Huffman code, malformed input), the request
   header block, a request's frames gathered into one write (through a
   socket that takes them a few KiB at a time), google.rpc.Status with
   RetryInfo, base64, and the mapping of gRPC status codes to the exporter's
   retry rules. End-to-end runs are in tests/node/grpc_check.js. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include <stdlib.h>
#include <pthread.h>
#include <fcntl.h>

#ifndef OTEL_NO_GRPC
static otel__hpack *hp;
static char got[4096];
static size_t got_len;

static void collect(void *user, const unsigned char *n, size_t nl, const unsigned char *v, size_t vl) {
    (void)user;
    got_len += (size_t)snprintf(got + got_len, sizeof got - got_len, "%.*s: %.*s\n", (int)nl, (const char *)n, (int)vl,
                                (const char *)v);
}
static size_t unhex(const char *h, unsigned char *out) {
    size_t n = 0;
    for (; *h; h++) {
        if (*h == ' ') continue;
        out[n / 2] = (unsigned char)((n % 2 ? out[n / 2] : 0) | (otel__hexval(*h) << (n % 2 ? 0 : 4)));
        n++;
    }
    return n / 2;
}
static int decode_hex(const char *h) {
    unsigned char b[512];
    size_t n = unhex(h, b);
    got_len = 0;
    got[0] = 0;
    return otel__hpack_decode(hp, b, n, collect, NULL);
}

TEST(hpack_integers) {   /* RFC 7541 C.1 */
    const unsigned char a[] = {0x0a}, b[] = {0x1f, 0x9a, 0x0a}, c[] = {0x2a}, over[] = {0x1f, 0xff, 0xff, 0xff, 0xff, 0x0f};
    const unsigned char *p = a;
    uint32_t v = 0;
    CHECK_EQ_INT(otel__hpack_int(&p, a + 1, 5, &v), OTEL_OK); CHECK_EQ_INT(v, 10);
    p = b;
    CHECK_EQ_INT(otel__hpack_int(&p, b + 3, 5, &v), OTEL_OK); CHECK_EQ_INT(v, 1337); CHECK(p == b + 3);
    p = c;
    CHECK_EQ_INT(otel__hpack_int(&p, c + 1, 8, &v), OTEL_OK); CHECK_EQ_INT(v, 42);
    p = b;
    CHECK_EQ_INT(otel__hpack_int(&p, b + 2, 5, &v), OTEL_ERR_PROTOCOL);       /* cut short */
    p = over;
    CHECK_EQ_INT(otel__hpack_int(&p, over + sizeof over, 5, &v), OTEL_ERR_PROTOCOL);   /* too long */
    unsigned char o[8];
    CHECK_EQ_INT(otel__hpack_put_int(o, 0, 5, 1337), 3);
    CHECK(memcmp(o, b, 3) == 0);
    CHECK_EQ_INT(otel__hpack_put_int(o, 0x80, 7, 2), 1);
    CHECK_EQ_INT(o[0], 0x82);
}

TEST(hpack_requests_without_huffman) {   /* RFC 7541 C.3 */
    otel__hpack_init(hp);
    CHECK_EQ_INT(decode_hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"), OTEL_OK);
    CHECK_STR(got, ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\n");
    CHECK_EQ_INT(hp->size, 57);
    CHECK_EQ_INT(decode_hex("8286 84be 5808 6e6f 2d63 6163 6865"), OTEL_OK);
    CHECK_STR(got, ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\ncache-control: no-cache\n");
    CHECK_EQ_INT(hp->size, 110);
    CHECK_EQ_INT(decode_hex("8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"), OTEL_OK);
    CHECK_STR(got, ":method: GET\n:scheme: https\n:path: /index.html\n:authority: www.example.com\ncustom-key: custom-value\n");
    CHECK_EQ_INT(hp->size, 164);
    CHECK_EQ_INT(hp->n, 3);
}

TEST(hpack_requests_with_huffman) {   /* RFC 7541 C.4 */
    otel__hpack_init(hp);
    CHECK_EQ_INT(decode_hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"), OTEL_OK);
    CHECK_STR(got, ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\n");
    CHECK_EQ_INT(decode_hex("8286 84be 5886 a8eb 1064 9cbf"), OTEL_OK);
    CHECK_STR(got, ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\ncache-control: no-cache\n");
    CHECK_EQ_INT(decode_hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"), OTEL_OK);
    CHECK_STR(got, ":method: GET\n:scheme: https\n:path: /index.html\n:authority: www.example.com\ncustom-key: custom-value\n");
    CHECK_EQ_INT(hp->size, 164);
}

TEST(hpack_size_updates_and_eviction) {
    otel__hpack_init(hp);
    /* a limit of 100: two entries of 40 fit, the third evicts the first */
    CHECK_EQ_INT(decode_hex("3f45 4003 6161 6105 3131 3131 31"), OTEL_OK);   /* update to 100; aaa: 11111 */
    CHECK_EQ_INT(hp->limit, 100);
    CHECK_EQ_INT(decode_hex("4003 6262 6205 3232 3232 32"), OTEL_OK);        /* bbb: 22222 */
    CHECK_EQ_INT(hp->n, 2);
    CHECK_EQ_INT(decode_hex("4003 6363 6305 3333 3333 33"), OTEL_OK);        /* ccc: 33333 */
    CHECK_EQ_INT(hp->n, 2);
    CHECK_EQ_INT(hp->size, 80);
    CHECK_EQ_INT(decode_hex("be bf"), OTEL_OK);                              /* 62 newest, 63 older */
    CHECK_STR(got, "ccc: 33333\nbbb: 22222\n");
    CHECK_EQ_INT(decode_hex("c0"), OTEL_ERR_PROTOCOL);                      /* 64: evicted */
    /* an indexed name whose entry the insertion evicts */
    CHECK_EQ_INT(decode_hex("7f00 0539 3939 3939"), OTEL_OK);               /* name of 63 (bbb), value 99999 */
    CHECK_STR(got, "bbb: 99999\n");
    CHECK_EQ_INT(decode_hex("be"), OTEL_OK);
    CHECK_STR(got, "bbb: 99999\n");
    /* shrinking evicts; 0 empties */
    CHECK_EQ_INT(decode_hex("3f17"), OTEL_OK);                               /* 31 + 23 = 54 */
    CHECK_EQ_INT(hp->n, 1);
    CHECK_EQ_INT(decode_hex("20"), OTEL_OK);
    CHECK_EQ_INT(hp->n, 0);
    CHECK_EQ_INT(hp->size, 0);
    /* an entry larger than the table empties it and is not added */
    CHECK_EQ_INT(decode_hex("3f45 4003 6161 6105 3131 3131 31"), OTEL_OK);
    CHECK_EQ_INT(hp->n, 1);
    char big[300];
    memset(big, 0, sizeof big);
    strcpy(big, "4003 7878 787f 00");   /* xxx: 127 bytes of 'y' (7f 00 = 127) */
    for (int i = 0; i < 127; i++) strcat(big, "79");
    CHECK_EQ_INT(decode_hex(big), OTEL_OK);
    CHECK_EQ_INT(hp->n, 0);
    /* a size update after a field, or above our SETTINGS_HEADER_TABLE_SIZE */
    CHECK_EQ_INT(decode_hex("82 20"), OTEL_ERR_PROTOCOL);
    CHECK_EQ_INT(decode_hex("3f80 20"), OTEL_ERR_PROTOCOL);                 /* 4127 */
    CHECK_EQ_INT(decode_hex("3fe1 1f"), OTEL_OK);                           /* 4096 */
    CHECK_EQ_INT(hp->limit, 4096);
}

TEST(hpack_malformed) {
    otel__hpack_init(hp);
    CHECK_EQ_INT(decode_hex("80"), OTEL_ERR_PROTOCOL);                     /* index 0 */
    CHECK_EQ_INT(decode_hex("be"), OTEL_ERR_PROTOCOL);                     /* empty dynamic table */
    CHECK_EQ_INT(decode_hex("4005 6162"), OTEL_ERR_PROTOCOL);              /* string past the end */
    CHECK_EQ_INT(decode_hex("0081 1f"), OTEL_ERR_PROTOCOL);                /* name ok ('a' = 00011 + 111), no value */
    CHECK_EQ_INT(decode_hex("0081 1f01 61"), OTEL_OK);
    CHECK_STR(got, "a: a\n");
    CHECK_EQ_INT(decode_hex("0081 1801 61"), OTEL_ERR_PROTOCOL);           /* padding with a zero bit */
    CHECK_EQ_INT(decode_hex("0082 1fff 0161"), OTEL_ERR_PROTOCOL);         /* padding longer than 7 bits */
    CHECK_EQ_INT(decode_hex("0084 ffff ffff 0161"), OTEL_ERR_PROTOCOL);    /* EOS inside the string */
}

/* every byte value through the Huffman decoder, codes built from the lengths */
TEST(huffman_every_symbol) {
    otel__hpack_init(hp);
    uint32_t code[257], next = 0;
    int prev = 0;
    for (int len = 1; len <= 30; len++)
        for (int s = 0; s < 257; s++)
            if (otel__huff_len[s] - 'a' + 5 == len) {
                if (prev) next <<= (len - prev);
                code[s] = next++;
                prev = len;
            }
    CHECK_EQ_INT(code['0'], 0);
    CHECK_EQ_INT(code['a'], 3);
    CHECK_EQ_INT(code[256], 0x3fffffff);
    unsigned char enc[1200], dec[300];
    uint64_t acc = 0;
    int bits = 0;
    size_t n = 0;
    for (int s = 255; s >= 0; s--) {
        int len = otel__huff_len[s] - 'a' + 5;
        acc = (acc << len) | code[s];
        bits += len;
        while (bits >= 8) { enc[n++] = (unsigned char)(acc >> (bits - 8)); bits -= 8; }
    }
    if (bits) enc[n++] = (unsigned char)((acc << (8 - bits)) | (0xffu >> bits));
    long r = otel__huff_decode(hp, enc, n, dec, sizeof dec);
    CHECK_EQ_INT(r, 256);
    int ok = 1;
    for (int i = 0; i < 256 && r == 256; i++) ok &= dec[i] == 255 - i;
    CHECK(ok);
    CHECK_EQ_INT(otel__huff_decode(hp, enc, n, dec, 10), OTEL_ERR_TOO_LARGE);
}

TEST(request_header_block) {
    otel__h2 *h = (otel__h2 *)calloc(1, sizeof *h);
    otel__http_client *io = (otel__http_client *)calloc(1, sizeof *io);
    CHECK_EQ_INT(otel__url_parse("https://collector.example:4317", &io->url), OTEL_OK);
    h->io = io;
    otel__http_header extra[3] = {{"X-Tenant", "acme"}, {"te", "nope"}, {"Authorization", "Bearer t"}};
    size_t n = otel__grpc_headers(h, OTEL__SIG_METRICS, extra, 3, 2500, 0);
    CHECK(n > 0);
    otel__hpack_init(hp);
    got_len = 0;
    CHECK_EQ_INT(otel__hpack_decode(hp, h->out + 9, n, collect, NULL), OTEL_OK);   /* after room for the frame header */
    CHECK_STR(got, ":method: POST\n:scheme: https\n:path: /opentelemetry.proto.collector.metrics.v1.MetricsService/Export\n"
                   ":authority: collector.example:4317\ncontent-type: application/grpc\nte: trailers\ngrpc-timeout: 2500m\n"
                   "user-agent: OTel-OTLP-Exporter-C/" OTEL_VERSION_STRING "\nx-tenant: acme\nauthorization: Bearer t\n");
    CHECK_EQ_INT(hp->n, 0);   /* literals without indexing: nothing for the peer to track */
    /* the fixed fields are kept between calls: a new timeout, signal,
       compression or metadata must each show, one at a time */
    n = otel__grpc_headers(h, OTEL__SIG_METRICS, extra, 3, 7, 0);
    got_len = 0;
    CHECK_EQ_INT(otel__hpack_decode(hp, h->out + 9, n, collect, NULL), OTEL_OK);
    CHECK(strstr(got, "MetricsService/Export\n") && strstr(got, "\ngrpc-timeout: 7m\nuser-agent: ") &&
          strstr(got, "x-tenant: acme\nauthorization: Bearer t\n"));
    n = otel__grpc_headers(h, OTEL__SIG_TRACES, extra, 3, 7, 0);
    got_len = 0;
    CHECK_EQ_INT(otel__hpack_decode(hp, h->out + 9, n, collect, NULL), OTEL_OK);
    CHECK(strstr(got, "TraceService/Export\n") && !strstr(got, "grpc-encoding"));
    n = otel__grpc_headers(h, OTEL__SIG_TRACES, extra, 3, 7, 1);
    got_len = 0;
    CHECK_EQ_INT(otel__hpack_decode(hp, h->out + 9, n, collect, NULL), OTEL_OK);
    CHECK(strstr(got, "grpc-encoding: gzip\nx-tenant: acme\nauthorization: Bearer t\n"));
    n = otel__grpc_headers(h, OTEL__SIG_TRACES, extra, 1, 123456789, 1);
    got_len = 0;
    CHECK_EQ_INT(otel__hpack_decode(hp, h->out + 9, n, collect, NULL), OTEL_OK);
    CHECK_STR(got, ":method: POST\n:scheme: https\n:path: /opentelemetry.proto.collector.trace.v1.TraceService/Export\n"
                   ":authority: collector.example:4317\ncontent-type: application/grpc\nte: trailers\ngrpc-timeout: 123456S\n"
                   "user-agent: OTel-OTLP-Exporter-C/" OTEL_VERSION_STRING "\ngrpc-encoding: gzip\nx-tenant: acme\n");
    n = otel__grpc_headers(h, OTEL__SIG_TRACES, extra + 2, 1, 0, 1);
    got_len = 0;
    CHECK_EQ_INT(otel__hpack_decode(hp, h->out + 9, n, collect, NULL), OTEL_OK);
    CHECK(strstr(got, "grpc-timeout: 1m\n") && strstr(got, "grpc-encoding: gzip\nauthorization: Bearer t\n") && !strstr(got, "acme"));
    free(h);
    free(io);
}

/* the other end of the socket: reads everything until the writer closes */
static unsigned char wire[1 << 20];
static size_t wire_len;
static void *read_all(void *arg) {
    int fd = *(int *)arg;
    for (;;) {
        ssize_t r = read(fd, wire + wire_len, sizeof wire - wire_len);
        if (r <= 0) break;
        wire_len += (size_t)r;
        if (wire_len % 7 == 0) usleep(200);   /* a slow reader now and then: the writer waits and resumes */
    }
    return NULL;
}

TEST(request_frames_gathered) {
    otel__h2 *h = (otel__h2 *)calloc(1, sizeof *h);
    otel__http_client *io = (otel__http_client *)calloc(1, sizeof *io);
    static unsigned char body[700000];   /* 43 DATA frames: more than one gathered write */
    for (size_t i = 0; i < sizeof body; i++) body[i] = (unsigned char)(i * 131 + i / 977);
    int sv[2];
    CHECK_EQ_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    int small = 4096;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);   /* partial writes */
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    io->fd = sv[0];
    io->deadline = otel__mono_ns() + 10000000000ull;
    h->io = io;
    h->peer_frame = 16384;
    h->ncall = 1;
    h->conn_win = 1 << 30;
    CHECK_EQ_INT(otel__grpc_queue(h, 0, OTEL__SIG_TRACES, body, sizeof body, 0, 10000, io->deadline), OTEL_OK);
    otel__h2_call *s = &h->call[0];
    s->sid = 3;
    s->win = 1 << 30;
    wire_len = 0;
    pthread_t t;
    pthread_create(&t, NULL, read_all, &sv[1]);
    const unsigned char prefix[5] = {0, 0, 0x0a, 0xae, 0x60};   /* 700000 */
    memcpy(h->out + 9, "\x83\x86", 2);
    s->state = OTEL__H2C_SENDING;
    CHECK_EQ_INT(otel__h2_send(h, s, 2), OTEL_OK);   /* (a first write when the gathering is full) */
    CHECK(!s->sent_end);                              /* (the rest not yet written) */
    CHECK_EQ_INT(otel__h2_flush(h), OTEL_OK);
    CHECK(s->sent_end);
    CHECK_EQ_INT(h->conn_win, (1 << 30) - (int64_t)sizeof body - 5);
    close(sv[0]);
    pthread_join(t, NULL);
    close(sv[1]);
    /* HEADERS (END_HEADERS) with the block, then DATA frames of at most
       16384 bytes on stream 3, the last with END_STREAM: prefix + body */
    static unsigned char msg[sizeof body + 5];
    size_t at = 0, got_msg = 0;
    int frames = 0, ends = 0, bad = 0;
    while (at + 9 <= wire_len) {
        size_t n = (size_t)wire[at] << 16 | (size_t)wire[at + 1] << 8 | wire[at + 2];
        uint32_t sid = (uint32_t)wire[at + 5] << 24 | (uint32_t)wire[at + 6] << 16 | (uint32_t)wire[at + 7] << 8 | wire[at + 8];
        if (sid != 3 || at + 9 + n > wire_len) { bad = 1; break; }
        if (frames == 0) {
            CHECK_EQ_INT(wire[at + 3], OTEL__H2_HEADERS);
            CHECK_EQ_INT(wire[at + 4], OTEL__H2_END_HEADERS);
            CHECK(n == 2 && memcmp(wire + at + 9, "\x83\x86", 2) == 0);
        } else {
            if (wire[at + 3] != OTEL__H2_DATA || n > 16384 || n == 0 || got_msg + n > sizeof msg) { bad = 1; break; }
            memcpy(msg + got_msg, wire + at + 9, n);
            got_msg += n;
            ends += wire[at + 4] & OTEL__H2_END_STREAM;
            if ((wire[at + 4] & OTEL__H2_END_STREAM) && at + 9 + n != wire_len) bad = 1;   /* END_STREAM: the last */
        }
        frames++;
        at += 9 + n;
    }
    CHECK(!bad);
    CHECK_EQ_INT(at, wire_len);
    CHECK_EQ_INT(frames, 1 + (int)((sizeof body + 5 + 16383) / 16384));
    CHECK_EQ_INT(ends, 1);
    CHECK_EQ_INT(got_msg, sizeof body + 5);
    CHECK(memcmp(msg, prefix, 5) == 0 && memcmp(msg + 5, body, sizeof body) == 0);
    free(h);
    free(io);
}

/* the sender's wake-up: armed only when a new call could go at once, and a
   poster writes its byte only to an armed sender */
TEST(wake_only_when_a_call_could_go) {
    otel__h2 *h = (otel__h2 *)calloc(1, sizeof *h);
    h->wake = 7;   /* (a descriptor number: nothing is read or written here) */
    h->conn_win = 1000;
    h->peer_streams = 100;
    CHECK_EQ_INT(otel__h2_arm(h, 1), 7);          /* waits with the wake descriptor */
    CHECK_EQ_INT(otel__h2_wanted(h), 1);          /* so a poster writes a byte ... */
    CHECK_EQ_INT(otel__h2_wanted(h), 0);          /* ... once */
    otel__h2_posted(h);                           /* a call posted, not taken yet */
    CHECK_EQ_INT(otel__h2_arm(h, 1), -2);         /* the sender does not wait: it takes the call */
    CHECK_EQ_INT(otel__h2_wanted(h), 0);
    h->taken++;
    CHECK_EQ_INT(otel__h2_arm(h, 1), 7);
    otel__h2_disarm(h, 7);                        /* back from waiting: no byte wanted */
    CHECK_EQ_INT(otel__h2_wanted(h), 0);
    h->conn_win = 0;                              /* no window: a new call could not send */
    CHECK_EQ_INT(otel__h2_arm(h, 1), -1);
    CHECK_EQ_INT(otel__h2_wanted(h), 0);
    h->conn_win = 1000;
    CHECK_EQ_INT(otel__h2_arm(h, 100), -1);       /* no stream to spare */
    h->goaway = 1;
    CHECK_EQ_INT(otel__h2_arm(h, 1), -1);         /* a connection going away takes no new call */
    h->goaway = 0;
    h->wake = -1;
    CHECK_EQ_INT(otel__h2_arm(h, 1), -1);         /* no sender thread */
    free(h);
}

TEST(retry_info) {
    /* google.rpc.Status{code 8, message "slow", details [Any{RetryInfo{retry_delay {seconds 2, nanos 5e8}}}]} */
    static const char type[] = "type.googleapis.com/google.rpc.RetryInfo";
    unsigned char b[128], any[96];
    size_t a = 0, n = 0;
    any[a++] = 0x0a; any[a++] = (unsigned char)(sizeof type - 1);
    memcpy(any + a, type, sizeof type - 1); a += sizeof type - 1;
    const unsigned char ri[] = {0x12, 0x0a, 0x0a, 0x08, 0x08, 0x02, 0x10, 0x80, 0xca, 0xb5, 0xee, 0x01};
    memcpy(any + a, ri, sizeof ri); a += sizeof ri;
    b[n++] = 0x08; b[n++] = 0x08;
    b[n++] = 0x12; b[n++] = 4; memcpy(b + n, "slow", 4); n += 4;
    b[n++] = 0x1a; b[n++] = (unsigned char)a; memcpy(b + n, any, a); n += a;
    CHECK_EQ_INT(otel__grpc_retry_info(b, n), 2500);
    CHECK_EQ_INT(otel__grpc_retry_info(b, 8), -1);            /* no details */
    CHECK_EQ_INT(otel__grpc_retry_info(b, n - 3), -1);        /* cut */
    b[12 + 35] = 'X';                                          /* another type */
    CHECK_EQ_INT(otel__grpc_retry_info(b, n), -1);
    unsigned char d[16];
    CHECK_EQ_INT(otel__b64_decode((const unsigned char *)"aGVsbG8", 7, d, sizeof d), 5);
    CHECK(memcmp(d, "hello", 5) == 0);
    CHECK_EQ_INT(otel__b64_decode((const unsigned char *)"aGVsbG8=", 8, d, sizeof d), 5);
    CHECK_EQ_INT(otel__b64_decode((const unsigned char *)"aG*s", 4, d, sizeof d), -1);
    CHECK_EQ_INT(otel__b64_decode((const unsigned char *)"aGVsbG8", 7, d, 3), -1);
}

TEST(status_mapping) {
    static const int retry[] = {1, 4, 10, 11, 14, 15};
    for (size_t i = 0; i < sizeof retry / sizeof retry[0]; i++) CHECK(otel__grpc_retryable(retry[i], 0));
    static const int final[] = {0, 2, 3, 5, 6, 7, 9, 12, 13, 16};
    for (size_t i = 0; i < sizeof final / sizeof final[0]; i++) CHECK(!otel__grpc_retryable(final[i], 1));
    CHECK(!otel__grpc_retryable(8, 0));
    CHECK(otel__grpc_retryable(8, 1));
    CHECK_EQ_INT(otel__grpc_from_http(503), 14);
    CHECK_EQ_INT(otel__grpc_from_http(404), 12);
    CHECK_EQ_INT(otel__grpc_from_rst(7), 14);
    CHECK_EQ_INT(otel__grpc_from_rst(2), 13);
}
#else
TEST(left_out) { CHECK(OTEL_PROTOCOL_GRPC == 3); }   /* the protocol value stays in the API */
#endif

int main(void) {
#ifndef OTEL_NO_GRPC
    hp = (otel__hpack *)calloc(1, sizeof *hp);
    RUN(hpack_integers);
    RUN(hpack_requests_without_huffman);
    RUN(hpack_requests_with_huffman);
    RUN(hpack_size_updates_and_eviction);
    RUN(hpack_malformed);
    RUN(huffman_every_symbol);
    RUN(request_header_block);
    RUN(request_frames_gathered);
    RUN(wake_only_when_a_call_could_go);
    RUN(retry_info);
    RUN(status_mapping);
    free(hp);
#else
    RUN(left_out);
#endif
    return test_summary("grpc");
}
