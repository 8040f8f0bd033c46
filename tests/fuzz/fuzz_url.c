/* fuzz_url.c - the endpoint URL parser, otel__url_parse: what it accepts is
   connected to and sent as the request line, so an accepted URL must give a
   clean host, a port in 1..65535 and a path starting with '/'.

   Input: the URL text. */
#define OTEL_IMPLEMENTATION
/* warnings are rate-limited by the clock: keep them out of the runs */
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = fuzz_copy(data, size, 1);
    otel__url *u = (otel__url *)malloc(sizeof *u);
    FUZZ_CHECK(u != NULL);
    int rc = otel__url_parse(s, u);
    FUZZ_CHECK(rc == OTEL_OK || rc == OTEL_ERR_INVALID);
    if (rc == OTEL_OK) {
        FUZZ_CHECK(u->https == 0 || u->https == 1);
        FUZZ_CHECK(fuzz_terminated(u->host, sizeof u->host) && fuzz_terminated(u->port, sizeof u->port));
        FUZZ_CHECK(fuzz_terminated(u->path, sizeof u->path));
        size_t hl = strlen(u->host);
        FUZZ_CHECK(hl > 0);
        for (size_t i = 0; i < hl; i++) {
            unsigned char c = (unsigned char)u->host[i];
            FUZZ_CHECK(c > 0x20 && c < 0x7f && c != '/' && c != '@' && c != '?' && c != '#');
            if (!u->ipv6_literal) FUZZ_CHECK(c != ':' && c != '[' && c != ']');
        }
        char *end;
        unsigned long port = strtoul(u->port, &end, 10);
        FUZZ_CHECK(*end == 0 && end != u->port && port >= 1 && port <= 65535 && u->port[0] != '0');
        FUZZ_CHECK(u->path[0] == '/' && !strchr(u->path, '#'));
        for (const char *p = u->path; *p; p++) FUZZ_CHECK((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f);
        /* parsing is a function of the text alone */
        otel__url *again = (otel__url *)malloc(sizeof *again);
        FUZZ_CHECK(again != NULL);
        FUZZ_CHECK(otel__url_parse(s, again) == OTEL_OK && memcmp(u, again, sizeof *u) == 0);
        free(again);
    }
    free(u);
    free(s);
    return 0;
}
