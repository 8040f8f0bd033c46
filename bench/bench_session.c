/* bench_session.c - the cost of one session event (codex's common
   attributes: event.name, event.timestamp and seven of the session's, then
   six of its own) beside a sampled span with three attributes, timed in
   the same run, the same way: batches of 256 on this thread, released
   between them (untimed). Medians of REPS runs. Target: the event <= 3x
   the span (docs/codex.md). */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"

#ifndef REPS
#define REPS 15
#endif
#ifndef N
#define N 100000   /* smaller for instruction counts: -DREPS=1 -DN=10000 under callgrind */
#endif

static size_t discard(void *user, int reason, uint64_t deadline) { (void)user; (void)reason; (void)deadline; return 0; }
static otel_session S;
static char call_id[16] = "call_7Qm2";   /* a value that is not a literal */

/* begin + three attributes (an integer, a literal string, an integer) + end */
static void op_span3(void) {
    otel_span *s = otel_span_begin("api_request", OTEL_SPAN_KIND_CLIENT);
    otel_span_set_int(s, "http.response.status_code", 200);
    otel_span_set_str(s, "endpoint", "/v1/responses");
    otel_span_set_int(s, "attempt", 1);
    otel_span_end(s);
}
/* codex.tool_decision's four keys and two more: six of its own */
static void op_event6(void) {
    otel_attr a[6] = {OTEL_ATTR_STR("tool_name", "shell"), OTEL_ATTR_STR("call_id", call_id),
                      OTEL_ATTR_STR("decision", "approved"), OTEL_ATTR_STR("source", "User"),
                      OTEL_ATTR_INT("attempt", 1), OTEL_ATTR_BOOL("sandboxed", 1)};
    otel_session_event(&S, "tool_decision", OTEL_SEVERITY_INFO, NULL, a, 6);
}
/* the same through a codex call: agent_response has six of its own */
static void op_agent_response(void) { otel_session_agent_response(&S, NULL, "main", "turn-1", call_id, "done"); }

static double run_own(void (*op)(void), int n) {
    otel_span_data *got[512];
    double t = 0;
    for (int done = 0; done < n; done += 256) {
        double t0 = now_s();
        for (int i = 0; i < 256; i++) op();
        t += now_s() - t0;
        size_t k;
        while ((k = otel_collect(got, 512)) > 0) otel_release(got, k);
    }
    return t / n * 1e9;
}

int main(void) {
    otel_processor proc = {discard, NULL, NULL, 1000, NULL};
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ignore_env = 1;
    cfg.processor = &proc;
    cfg.service_name = "bench";
    otel_init(&cfg);
    otel_session_info info = {"0199e3a1-7c2b-7f10-9a55-3d2f4c8b1e07", "0.46.0", "codex_cli_rs", "xterm-256color",
                              "gpt-5-codex", "gpt-5-codex", "ChatGPT", NULL, NULL};
    otel_session_start(&S, &info, NULL, 0, 0);
    S.event_prefix = "codex";
    double span[REPS], ev[REPS], ar[REPS], ratio[REPS];
    run_own(op_span3, 20000);   /* warm up */
    run_own(op_event6, 20000);
    for (int r = 0; r < REPS; r++) {
        span[r] = run_own(op_span3, N);
        ev[r] = run_own(op_event6, N);
        ar[r] = run_own(op_agent_response, N);
        ratio[r] = ev[r] / span[r];
    }
    otel_stats st;
    otel_stats_get(&st);
    double s = median(span, REPS), e = median(ev, REPS), a = median(ar, REPS), q = median(ratio, REPS);
    printf("session events (median of %d runs x %d ops)\n", REPS, N);
    printf("  %-52s %8.1f ns\n", "sampled span: begin + 3 attributes + end (baseline)", s);
    printf("  %-52s %8.1f ns  %.2fx span  (target <= 3x; median of run ratios %.2fx)\n",
           "session event: 9 common + 6 own attributes", e, e / s, q);
    printf("  %-52s %8.1f ns  %.2fx span\n", "  codex.agent_response (6 own attributes)", a, a / s);
    printf("  log records dropped for a full arena: %llu, spans dropped: %llu\n", (unsigned long long)st.logs_dropped,
           (unsigned long long)st.spans_dropped);
    otel_shutdown(1000);
    return 0;
}
