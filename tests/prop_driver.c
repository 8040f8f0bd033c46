/* prop_driver.c - otel.h's propagators, driven through stdin/stdout by
   tests/node/propagation_interop.js (which holds the OpenTelemetry
   JavaScript propagators on the other side). The propagators are the ones
   OTEL_PROPAGATORS names, read by otel_init.

     prop_driver extract   stdin: header lines "name: value" (repeats kept);
                           stdout: what was extracted, as one JSON object
     prop_driver inject    stdin: "trace <hex>", "span <hex>", "flags <n>",
                           "tracestate <text>", "bag <key>\t<value>\t<metadata>"
                           (values percent-decoded first, so any byte can be
                           given); stdout: the injected header lines
     prop_driver parent    stdin: header lines; attaches what it extracts,
                           then runs `prop_driver child` with otel_exec_run
     prop_driver child     started by parent: its own outbound headers
                           (the current context: TRACEPARENT, BAGGAGE) */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char lines[64][9000];
static otel_header hdrs[64];
static otel_extracted ex;
static otel_baggage bag;

static size_t read_headers(void) {
    size_t n = 0;
    while (n < 64 && fgets(lines[n], sizeof lines[n], stdin)) {
        char *l = lines[n], *c = strchr(l, ':');
        l[strcspn(l, "\r\n")] = 0;
        if (!*l) break;
        if (!c) continue;
        *c = 0;
        hdrs[n].name = l;
        hdrs[n].value = c + 1 + (c[1] == ' ');
        n++;
    }
    return n;
}

static void json_str(const char *s, size_t n) {
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}
static void hex(const uint8_t *p, size_t n) { for (size_t i = 0; i < n; i++) printf("%02x", p[i]); }

static void print_extracted(int rc) {
    const otel_span_context *c = &ex.ctx.span;
    printf("{\"valid\":%d,\"traceId\":\"", rc == OTEL_OK);
    hex(c->trace_id, 16);
    printf("\",\"spanId\":\"");
    hex(c->span_id, 8);
    printf("\",\"flags\":%d,\"remote\":%d,\"tracestate\":", c->flags, c->remote);
    json_str(c->tracestate ? c->tracestate : "", c->tracestate_len);
    printf(",\"baggage\":[");
    otel_baggage_entry e;
    for (size_t i = 0; otel_baggage_entry_at(ex.ctx.baggage, i, &e); i++) {
        printf("%s{\"key\":", i ? "," : "");
        json_str(e.key, e.key_len);
        printf(",\"value\":");
        json_str(e.value, e.value_len);
        printf(",\"metadata\":");
        json_str(e.metadata, e.metadata_len);
        printf("}");
    }
    printf("]}\n");
}

static void pct_decode(char *s) {
    char *o = s;
    for (; *s; s++) {
        unsigned v;
        if (*s == '%' && sscanf(s + 1, "%2x", &v) == 1) { *o++ = (char)v; s += 2; }
        else *o++ = *s;
    }
    *o = 0;
}
static void from_hex(const char *s, uint8_t *out, size_t n) {
    for (size_t i = 0; i < n; i++) { unsigned v = 0; sscanf(s + 2 * i, "%2x", &v); out[i] = (uint8_t)v; }
}

static int inject(const otel_context *c) {
    otel_header out[16];
    static char buf[20000];
    int n = otel_propagation_inject(c, out, 16, buf, sizeof buf);
    for (int i = 0; i < n; i++) printf("%s: %s\n", out[i].name, out[i].value);
    fflush(stdout);
    return n >= 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (otel_init(NULL) != OTEL_OK) return 2;
    int rc = 0;
    if (strcmp(mode, "extract") == 0) {
        size_t n = read_headers();
        print_extracted(otel_propagation_extract(hdrs, n, &ex));
    } else if (strcmp(mode, "inject") == 0) {
        otel_context c;
        static char ts[9000];
        memset(&c, 0, sizeof c);
        char l[9000];
        while (fgets(l, sizeof l, stdin)) {
            l[strcspn(l, "\r\n")] = 0;
            if (strncmp(l, "trace ", 6) == 0) from_hex(l + 6, c.span.trace_id, 16);
            else if (strncmp(l, "span ", 5) == 0) from_hex(l + 5, c.span.span_id, 8);
            else if (strncmp(l, "flags ", 6) == 0) c.span.flags = (uint8_t)atoi(l + 6);
            else if (strncmp(l, "tracestate ", 11) == 0) {
                strcpy(ts, l + 11);
                c.span.tracestate = ts;
                c.span.tracestate_len = (uint16_t)strlen(ts);
            } else if (strncmp(l, "bag ", 4) == 0) {
                char *k = l + 4, *v = strchr(k, '\t'), *m = v ? strchr(v + 1, '\t') : NULL;
                if (!v || !m) continue;
                *v++ = 0; *m++ = 0;
                pct_decode(v);
                if (otel_baggage_set(&bag, k, v, *m ? m : NULL) != OTEL_OK) rc = 3;
                c.baggage = &bag;
            }
        }
        if (inject(&c)) rc = 1;
    } else if (strcmp(mode, "parent") == 0) {
        size_t n = read_headers();
        if (otel_propagation_extract(hdrs, n, &ex) != OTEL_OK) rc = 4;
        otel_context_token tok = otel_context_attach(&ex.ctx);
        otel_span *s = otel_span_begin("parent work", OTEL_SPAN_KIND_SERVER);
        const char *child[] = {argv[0], "child", NULL};
        otel_exec_result r;
        if (otel_exec_run(child, NULL, &r) != OTEL_OK || r.exit_code != 0) rc = 5;
        otel_span_end(s);
        otel_context_detach(tok);
    } else if (strcmp(mode, "child") == 0) {
        otel_span *s = otel_span_begin("child work", OTEL_SPAN_KIND_CLIENT);
        rc = inject(NULL);   /* the current context: this span, the baggage from BAGGAGE */
        otel_span_end(s);
    } else {
        fprintf(stderr, "usage: prop_driver extract|inject|parent\n");
        rc = 2;
    }
    otel_shutdown(100);
    return rc;
}
