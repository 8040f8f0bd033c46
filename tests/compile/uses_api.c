// The whole API in an ordinary program. The compile checks build it with
// -DOTEL_DISABLED, and build a copy with every line naming the library
// deleted, then compare section sizes and look for leftover symbols.
// So: one library statement per line.
#include <stdio.h>
#include <string.h>
#include "otel.h"

static int work(int n) {
    int acc = 0;
    for (int i = 0; i < n; i++) acc += i * 7 % 13;
    return acc;
}

int main(int argc, char **argv) {
    (void)argv;
    otel_config cfg; memset(&cfg, 0, sizeof cfg); /* otel config */
    cfg.service_name = "compile-check"; /* otel */
    otel_init(&cfg);
    otel_init(NULL);
    otel_span *root = otel_span_begin("root", OTEL_SPAN_KIND_SERVER);
    otel_span_set_str(root, "k", "v");
    otel_span_set_strn(root, "k2", "value", 3);
    otel_span_set_int(root, "n", argc);
    otel_span_set_double(root, "d", 1.5);
    otel_span_set_bool(root, "b", 1);
    const char *items[] = {"a", "b"}; /* otel items */
    otel_span_set_str_array(root, "arr", items, 2);
    otel_attr attrs[2] = {otel_attr_str("x", "y"), otel_attr_int("z", 3)};
    otel_attr more[2] = {otel_attr_double("dd", 2.0), otel_attr_bool("bb", 0)};
    otel_span_set_attrs(root, attrs, 2);
    otel_span_set_attrs(root, more, 2);
    otel_span_set_name(root, "renamed");
    otel_span_add_event(root, "ev", attrs, 2);
    otel_span_add_event_at(root, "ev2", 12345, NULL, 0);
    otel_span_context ctx = otel_span_get_context(root);
    otel_span_add_link(root, &ctx, attrs, 1);
    int result = work(argc + 10);
    otel_span_set_int(root, "result", result);
    otel_span *child = otel_span_begin_with_parent("child", OTEL_SPAN_KIND_CLIENT, &ctx);
    otel_span_set_status(child, OTEL_STATUS_ERROR, "bad");
    otel_span_record_error(child, "E", "boom");
    otel_span_end_at(child, 99);
    otel_span_args args; memset(&args, 0, sizeof args); /* otel args */
    args.name = "ex"; /* otel */
    otel_span *ex = otel_span_begin_ex(&args);
    otel_span_end(ex);
    {
        OTEL_SPAN_SCOPE("scoped");
        printf("%d\n", work(3));
    }
    { OTEL_SPAN_SCOPE_VAR(sv, "scoped2"); otel_span_set_int(sv, "x", 1); }
    OTEL_SPAN_BEGIN(loc, "located");
    OTEL_SPAN_END(loc);
    char tp[56]; /* otel buffer */
    otel_traceparent_format(&ctx, tp);
    otel_span_context parsed; /* otel parsed */
    otel_traceparent_parse(tp, strlen(tp), &parsed);
    otel_tracestate_validate("a=b", 3);
    otel_context_extract(tp, "a=b", &parsed);
    otel_header hs[2]; char hb[700]; /* otel headers */
    otel_headers_inject(&ctx, hs, 2, hb, sizeof hb);
    otel_headers_extract(hs, 2, &parsed);
    otel_env_extract(NULL, &parsed);
    char *envp[64]; char eb[700]; /* otel env */
    otel_context_inject_env(&ctx, NULL, envp, 64, eb, sizeof eb);
    otel_context_setenv(&ctx);
    otel_span *cur = otel_current_span();
    otel_span_context cc = otel_current_context();
    if (otel_span_context_is_valid(&cc) && otel_span_is_recording(cur)) printf("otel on\n");
    otel_span_end(root);
    otel_poll();
    otel_wake();
    otel_stats st; otel_stats_get(&st); /* otel stats */
    if (otel_is_enabled()) printf("otel: %s\n", otel_strerror(OTEL_OK));
    otel_flush(100);
    otel_shutdown(100);
    printf("done %d\n", work(argc));
    return 0;
}
