/* bench/bench_propagation.c - context propagation: extract + inject of a
   traceparent, a tracestate of 3 members and a baggage of 5 through the
   default propagators (tracecontext, baggage); a span begun under an
   attached context against the same span under a current span and under
   otel_span_begin_with_parent (how a remote parent was continued before
   contexts); otel_context_attach + _detach. Medians of REPS interleaved
   runs, ratios from the same run.
   Targets: extract + inject <= 1 us; the span under an attached context
   within noise of the span under a current span; attach + detach <= 5 ns. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"

#define REPS 15
#define N 100000

static volatile uint64_t sink;
static otel_extracted ex;
static otel_context remote;

static size_t null_poll(void *u, int r, uint64_t d) { (void)u; (void)r; (void)d; return 0; }

static const otel_header in[3] = {
    {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
    {"tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,b@t=2"},
    {"baggage", "user.id=u-42,tenant=acme%20corp;ttl=60,region=eu-west-1,plan=pro,session=4f2a9c"}};

static void op_propagate(void) {
    otel_header out[4];
    char buf[512];
    otel_propagation_extract(in, 3, &ex);
    sink += (uint64_t)otel_propagation_inject(&ex.ctx, out, 4, buf, sizeof buf);
}
static inline __attribute__((always_inline)) void child_span(void) {
    otel_span *s = otel_span_begin("request", OTEL_SPAN_KIND_SERVER);
    otel_span_set_int(s, "http.response.status_code", 200);
    otel_span_end(s);
}
/* spans in batches of 256, released between them (untimed) */
static void release_all(void) {
    otel_span_data *got[512];
    size_t k;
    while ((k = otel_collect(got, 512)) > 0) otel_release(got, k);
}
/* child spans of a current span (attached 0) or of the attached remote
   context (1), the parent begun / attached once a batch */
static double spans_under(int n, int attached) {
    double t = 0;
    for (int done = 0; done < n; done += 256) {
        otel_span *p = attached ? NULL : otel_span_begin("parent", OTEL_SPAN_KIND_INTERNAL);
        otel_context_token tok = {NULL, 0, 0};
        if (attached) tok = otel_context_attach(&remote);
        double t0 = now_s();
        for (int i = 0; i < 256; i++) child_span();
        t += now_s() - t0;
        if (attached) otel_context_detach(tok);
        else otel_span_end(p);
        release_all();
    }
    return t * 1e9 / n;
}
static double spans_with_parent(int n) {
    double t = 0;
    for (int done = 0; done < n; done += 256) {
        double t0 = now_s();
        for (int i = 0; i < 256; i++) {
            otel_span *s = otel_span_begin_with_parent("request", OTEL_SPAN_KIND_SERVER, &remote.span);
            otel_span_set_int(s, "http.response.status_code", 200);
            otel_span_end(s);
        }
        t += now_s() - t0;
        release_all();
    }
    return t * 1e9 / n;
}
static __attribute__((noinline)) double attach_detach(int n) {
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        otel_context_token tok = otel_context_attach(&remote);
        sink += tok.level;
        otel_context_detach(tok);
    }
    return (now_s() - t0) * 1e9 / n;
}
static void op_clocks(void) { sink += OTEL_CLOCK_NS(); sink += OTEL_CLOCK_NS(); }
static double run(void (*op)(void), int n) {
    double t0 = now_s();
    for (int i = 0; i < n; i++) op();
    return (now_s() - t0) * 1e9 / n;
}

/* `bench_propagation count`: each operation 10000 times, for counting
   instructions under valgrind --tool=callgrind (times on a busy machine
   wander; instruction counts repeat): see the functions below in
   callgrind_annotate --inclusive=yes */
static __attribute__((noinline)) void count_propagate(int n) { for (int i = 0; i < n; i++) op_propagate(); }
static __attribute__((noinline)) void count_under_current(int n) {
    otel_span *p = otel_span_begin("parent", OTEL_SPAN_KIND_INTERNAL);
    for (int i = 0; i < n; i++) child_span();
    otel_span_end(p);
}
static __attribute__((noinline)) void count_under_attached(int n) {
    otel_context_token tok = otel_context_attach(&remote);
    for (int i = 0; i < n; i++) child_span();
    otel_context_detach(tok);
}

int main(int argc, char **argv) {
    otel_processor proc = {null_poll, NULL, NULL, 1000, NULL};
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.processor = &proc;
    otel_init(&cfg);
    static otel_baggage bag;
    otel_baggage_parse(&bag, in[2].value, (size_t)-1);
    otel_traceparent_parse(in[0].value, (size_t)-1, &remote.span);
    remote.baggage = &bag;

    if (argc > 1 && strcmp(argv[1], "count") == 0) {
        count_propagate(10000);
        for (int i = 0; i < 40; i++) { count_under_current(250); release_all(); count_under_attached(250); release_all(); }
        attach_detach(10000);
        otel_shutdown(1000);
        return 0;
    }
    double prop[REPS], cur[REPS], att[REPS], wp[REPS], ad[REPS], clk[REPS];
    run(op_propagate, N / 10);   /* warm up */
    spans_under(N, 0);
    spans_under(N, 1);
    for (int r = 0; r < REPS; r++) {
        clk[r] = run(op_clocks, N);
        prop[r] = run(op_propagate, N / 10);
        cur[r] = spans_under(N, 0);
        att[r] = spans_under(N, 1);
        wp[r] = spans_with_parent(N);
        ad[r] = attach_detach(N * 10);
    }
    otel_header out[4];
    char buf[512];
    otel_propagation_extract(in, 3, &ex);
    int nh = otel_propagation_inject(&ex.ctx, out, 4, buf, sizeof buf);
    otel_shutdown(1000);

    double mp = median(prop, REPS), mc = median(cur, REPS), ma = median(att, REPS), mw = median(wp, REPS),
           md = median(ad, REPS), mk = median(clk, REPS);
    printf("propagation (medians of %d runs; the machine's speed: two clock reads %.1f ns)\n", REPS, mk);
    printf("  extract + inject, traceparent + tracestate(3) + baggage(5): %7.1f ns  (%.1fx two clock reads; %d headers out; target <= 1000)\n",
           mp, mp / mk, nh);
    printf("  span under a current span (today):        %6.1f ns\n", mc);
    printf("  span under an attached remote context:    %6.1f ns  (%.2fx the span under a current span)\n", ma, ma / mc);
    printf("  span begun with otel_span_begin_with_parent: %6.1f ns  (the attached context's span: %.2fx this)\n", mw, ma / mw);
    printf("  otel_context_attach + _detach:            %6.1f ns  (%.2fx two clock reads; target <= 5)\n", md, md / mk);
    return 0;
}
