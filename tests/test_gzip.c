/* OTLP compression (otel_export.h with OTEL_ZLIB): which channels compress
   for which settings, and the compression itself: no heap call after init
   (the deflate stream and its buffer are set up by otel_init), and the
   output is gzip that zlib's inflate gives back byte for byte. Delivery
   with gzip to independent receivers: tests/node/compression_check.js. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include "heap_count.h"
#include <zlib.h>

static int fake_transport(void *u, const char *p, const char *ct, const void *b, size_t n, int t, otel_transport_result *r) {
    (void)u; (void)p; (void)ct; (void)b; (void)n; (void)t;
    r->http_status = 200;
    return OTEL_OK;
}

static void init_with(const char *compression, otel_transport_fn transport) {
    static otel_export_config e;
    memset(&e, 0, sizeof e);
    e.endpoint = "http://127.0.0.1:9";   /* nothing is sent in these tests */
    e.compression = compression;
    e.transport = transport;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &e;
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
}

TEST(settings) {
    init_with("gzip", NULL);
    CHECK(otel__x.ch[0].gzip && otel__x.ch[1].gzip && otel__x.ch[2].gzip);
    for (int s = 0; s < 3; s++)   /* a stream and buffer per channel: each sends on a thread of its own */
        CHECK(otel__x.ch[s].z_ready && otel__x.ch[s].zbuf && otel__x.ch[s].zbuf_cap >= otel__x.buf_cap);
    CHECK(otel__x.ch[0].zbuf != otel__x.ch[2].zbuf);
    otel_shutdown(1000);
    CHECK(!otel__x.ch[0].zbuf && !otel__x.ch[0].z_ready);
    init_with("GZIP", NULL);
    CHECK(otel__x.ch[0].gzip);
    otel_shutdown(1000);
    init_with("none", NULL);
    CHECK(!otel__x.ch[0].gzip && !otel__x.ch[0].zbuf);
    otel_shutdown(1000);
    init_with("brotli", NULL);   /* warned; uncompressed */
    CHECK(!otel__x.ch[0].gzip && !otel__x.ch[0].zbuf);
    otel_shutdown(1000);
    init_with("gzip", fake_transport);   /* your transport gets the body as encoded */
    CHECK(!otel__x.ch[0].gzip && !otel__x.ch[0].zbuf);
    otel_shutdown(1000);
}

TEST(compress_without_heap) {
    init_with("gzip", NULL);
    static unsigned char body[200000], back[200000];
    for (size_t i = 0; i < sizeof body; i++) body[i] = (unsigned char)("span attribute value "[i % 21] ^ (i / 4096));
    const void *out = NULL;
    size_t len = 0;
    int gz = 0;
#ifdef COUNT_HEAP
    count_begin();
#endif
    for (int k = 0; k < 5; k++) {
        len = sizeof body;
        out = otel__exp_compress(&otel__x.ch[0], body, &len, &gz);
    }
#ifdef COUNT_HEAP
    CHECK_EQ_INT(count_end(), 0);
#endif
    CHECK(gz && out == otel__x.ch[0].zbuf && len < sizeof body / 4);
    CHECK(len > 10 && ((const unsigned char *)out)[0] == 0x1f && ((const unsigned char *)out)[1] == 0x8b);
    z_stream z;
    memset(&z, 0, sizeof z);
    CHECK_EQ_INT(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)out;
    z.avail_in = (uInt)len;
    z.next_out = back;
    z.avail_out = sizeof back;
    CHECK_EQ_INT(inflate(&z, Z_FINISH), Z_STREAM_END);
    CHECK_EQ_INT(z.total_out, sizeof body);
    CHECK(memcmp(back, body, sizeof body) == 0);
    inflateEnd(&z);
    len = 100;   /* a small body too */
    CHECK(otel__exp_compress(&otel__x.ch[0], body, &len, &gz) == otel__x.ch[0].zbuf && gz);
    /* a channel that does not compress: the body as it is */
    otel__chan plain;
    memset(&plain, 0, sizeof plain);
    len = 100;
    CHECK(otel__exp_compress(&plain, body, &len, &gz) == body && !gz && len == 100);
    otel_shutdown(1000);
}

/* the exporter sets the encoding headers itself: refused in OTEL_EXPORTER_OTLP_HEADERS */
TEST(encoding_headers_refused) {
    otel__http_header h[4];
    char buf[256];
    int n = otel__parse_header_list("Content-Encoding=gzip,grpc-encoding=gzip,x-ok=1", h, 4, buf, sizeof buf);
    CHECK_EQ_INT(n, 1);
    if (n == 1) CHECK_STR(h[0].name, "x-ok");
}

int main(void) {
    RUN(encoding_headers_refused);
#ifdef OTEL_ZLIB
    RUN(settings);
    RUN(compress_without_heap);
#else
    printf("OTEL_ZLIB not defined: nothing to test here\n");
#endif
    return test_summary("gzip");
}
