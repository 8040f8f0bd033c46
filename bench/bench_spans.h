/* bench/bench_spans.h - the spans the core benchmarks time (bench_core.c)
   and count (count/spans.c), so that both measure the same thing. Include
   after otel.h. */
#ifndef OTEL_BENCH_SPANS_H
#define OTEL_BENCH_SPANS_H
/* otel_init with no environment and a processor that takes nothing: ended
   records stay in the arena for the encoder benchmarks to read */
static OTEL__UNUSED size_t bench_hold(void *u, int r, uint64_t d) { (void)u; (void)r; (void)d; return 0; }
static inline void bench_init_holding(void) {
    static otel_processor p;
    p.poll = bench_hold;
    p.interval_ms = 1000;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.processor = &p;
    otel_init(&c);
}
/* a string value that is not a literal: copied into the arena and scanned
   for secrets there */
static char bench_route[32] = "/api/v1/items";

/* begin + an integer and a string attribute + end; the string a literal
   (always inline: bench_core.c also times it inline in a loop) */
static inline __attribute__((always_inline)) void bench_span2(void) {
    otel_span *s = otel_span_begin("request", OTEL_SPAN_KIND_SERVER);
    otel_span_set_int(s, "http.response.status_code", 200);
    otel_span_set_str(s, "http.route", "/api/v1/items");
    otel_span_end(s);
}
/* the same on a named tracer (bench_tracer: otel_tracer_get after otel_init) */
static OTEL__UNUSED otel_tracer bench_tracer;
static inline __attribute__((always_inline)) void bench_span2_tracer(void) {
    otel_span *s = otel_tracer_span_begin(bench_tracer, "request", OTEL_SPAN_KIND_SERVER);
    otel_span_set_int(s, "http.response.status_code", 200);
    otel_span_set_str(s, "http.route", "/api/v1/items");
    otel_span_end(s);
}
/* the same, the string not a literal */
static inline void bench_span2_copied(void) {
    otel_span *s = otel_span_begin("request", OTEL_SPAN_KIND_SERVER);
    otel_span_set_int(s, "http.response.status_code", 200);
    otel_span_set_str(s, "http.route", bench_route);
    otel_span_end(s);
}
/* begin + eight attributes of every type + end */
static inline void bench_span8(void) {
    otel_span *s = otel_span_begin("request", OTEL_SPAN_KIND_SERVER);
    otel_span_set_int(s, "a1", 1);
    otel_span_set_int(s, "a2", 2);
    otel_span_set_double(s, "a3", 3.0);
    otel_span_set_bool(s, "a4", 1);
    otel_span_set_str(s, "a5", "five");
    otel_span_set_str(s, "a6", "/api/v1/items");
    otel_span_set_int(s, "a7", 7);
    otel_span_set_str(s, "a8", "GET");
    otel_span_end(s);
}
/* begin + four attributes + an event with one + end (the export benchmarks' span) */
static inline void bench_span_event(int i) {
    otel_span *s = otel_span_begin("GET /api/v1/items", OTEL_SPAN_KIND_SERVER);
    otel_span_set_str(s, "http.request.method", "GET");
    otel_span_set_str(s, "url.path", "/api/v1/items");
    otel_span_set_int(s, "http.response.status_code", 200);
    otel_span_set_int(s, "item.index", i);
    otel_attr ev[1] = {otel_attr_int("retry", 1)};
    otel_span_add_event(s, "cache miss", ev, 1);
    otel_span_end(s);
}
#endif
