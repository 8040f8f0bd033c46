/* test_url_headers.c - the exporter's input parsers: endpoint URLs,
   OTEL_EXPORTER_OTLP_HEADERS lists and Retry-After values. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"

TEST(urls_that_parse) {
    static const struct { const char *in; int https; const char *host, *port, *path; int v6; } ok[] = {
        {"http://localhost:4318/v1/traces", 0, "localhost", "4318", "/v1/traces", 0},
        {"https://collector.example.com", 1, "collector.example.com", "443", "/", 0},
        {"http://127.0.0.1", 0, "127.0.0.1", "80", "/", 0},
        {"http://[::1]:4318/x", 0, "::1", "4318", "/x", 1},
        {"https://[2001:db8::7]/v1/traces?tenant=a", 1, "2001:db8::7", "443", "/v1/traces?tenant=a", 1},
        {"HTTP://Example.COM:8080/a/b", 0, "Example.COM", "8080", "/a/b", 0},
        {"http://h:1/p#frag", 0, "h", "1", "/p", 0},
        {"http://h?q=1", 0, "h", "80", "/?q=1", 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        otel__url u;
        CHECK_EQ_INT(otel__url_parse(ok[i].in, &u), OTEL_OK);
        CHECK_EQ_INT(u.https, ok[i].https);
        CHECK_STR(u.host, ok[i].host);
        CHECK_STR(u.port, ok[i].port);
        CHECK_STR(u.path, ok[i].path);
        CHECK_EQ_INT(u.ipv6_literal, ok[i].v6);
    }
}

TEST(urls_that_do_not) {
    static const char *const bad[] = {
        "", "localhost:4318", "ftp://h/", "http://", "http:///x", "http://h:0", "http://h:65536", "http://h:12a",
        "http://h:", "http://u:p@h/", "http://[::1", "http://[]:80", "http://[zz::1]/", "http://h /x", "http://h\n/x",
        "http://bad_host!/", "https://h:99999999/",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        otel__url u;
        if (otel__url_parse(bad[i], &u) != OTEL_ERR_INVALID) printf("  accepted: \"%s\"\n", bad[i]);
        CHECK_EQ_INT(otel__url_parse(bad[i], &u), OTEL_ERR_INVALID);
    }
    char longhost[400];
    memset(longhost, 'a', sizeof longhost);
    memcpy(longhost, "http://", 7);
    longhost[sizeof longhost - 1] = 0;
    otel__url u;
    CHECK_EQ_INT(otel__url_parse(longhost, &u), OTEL_ERR_INVALID);
    CHECK_EQ_INT(otel__url_parse(NULL, &u), OTEL_ERR_INVALID);
}

TEST(header_lists) {
    otel__http_header h[8];
    char buf[512];
    int n = otel__parse_header_list(" api-key = abc%20def , x-tenant=acme,,authorization=Bearer%20t0k", h, 8, buf, sizeof buf);
    CHECK_EQ_INT(n, 3);
    if (n == 3) {
        CHECK_STR(h[0].name, "api-key"); CHECK_STR(h[0].value, "abc def");
        CHECK_STR(h[1].name, "x-tenant"); CHECK_STR(h[1].value, "acme");
        CHECK_STR(h[2].name, "authorization"); CHECK_STR(h[2].value, "Bearer t0k");
    }
    /* malformed pairs are skipped: no '=', empty key, bad key characters, CR/LF smuggled in a value */
    n = otel__parse_header_list("novalue,=x,bad key=1,ok=1,inject=a%0d%0aX-Evil:%201", h, 8, buf, sizeof buf);
    CHECK_EQ_INT(n, 1);
    if (n == 1) { CHECK_STR(h[0].name, "ok"); CHECK_STR(h[0].value, "1"); }
    /* bounded: more pairs than room, and a tiny buffer */
    n = otel__parse_header_list("a=1,b=2,c=3", h, 2, buf, sizeof buf);
    CHECK_EQ_INT(n, 2);
    n = otel__parse_header_list("abc=123456", h, 8, buf, 6);
    CHECK_EQ_INT(n, 0);
}

TEST(retry_after_values) {
    int64_t now = 1445412480;   /* Wed, 21 Oct 2015 07:28:00 GMT */
    CHECK_EQ_INT(otel__parse_retry_after("120", now), 120000);
    CHECK_EQ_INT(otel__parse_retry_after(" 0 ", now), 0);
    CHECK_EQ_INT(otel__parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now), 10000);
    CHECK_EQ_INT(otel__parse_retry_after("Wednesday, 21-Oct-15 07:28:10 GMT", now), 10000);
    CHECK_EQ_INT(otel__parse_retry_after("Wed Oct 21 07:28:10 2015", now), 10000);
    CHECK_EQ_INT(otel__parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), 0);   /* in the past */
    static const char *const bad[] = {"", "-5", "12abc", "soon", "Wed, 32 Oct 2015 07:28:00 GMT", "Wed, 21 Foo 2015 07:28:00 GMT",
                                      "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK_EQ_INT(otel__parse_retry_after(bad[i], now), -1);
    CHECK_EQ_INT(otel__parse_retry_after(NULL, now), -1);
}

TEST(unreachable_endpoint_fails_fast) {
    otel__url u;
    otel__http_client *c = (otel__http_client *)malloc(sizeof *c);
    CHECK_EQ_INT(otel__url_parse("http://127.0.0.1:1/v1/traces", &u), OTEL_OK);
    CHECK_EQ_INT(otel__http_client_init(c, &u, NULL), OTEL_OK);
    otel__http_response r;
    uint64_t t0 = otel__mono_ns();
    CHECK_EQ_INT(otel__http_post(c, "application/x-protobuf", NULL, NULL, 0, "x", 1, 2000, &r), OTEL_ERR_CONNECT);
    CHECK(otel__mono_ns() - t0 < 1000000000ull);
    otel__http_client_close(c);
    free(c);
}

int main(void) {
    RUN(urls_that_parse);
    RUN(urls_that_do_not);
    RUN(header_lists);
    RUN(retry_after_values);
    RUN(unreachable_endpoint_fails_fast);
    return test_summary("url-headers");
}
