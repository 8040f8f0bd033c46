/* agent_tool.c - the tool an agent of examples/pipeline.c runs as a child
   process. It is instrumented too: otel_init() picks TRACEPARENT up from
   its environment, so its spans join the pipeline's trace under the exec
   span, with a resource (and process.pid) of its own.
     agent_tool <query> [--api-key KEY]                                   */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <stdio.h>
#include <string.h>

static unsigned long work(const char *text, int rounds) {
    unsigned long h = 5381;
    for (int r = 0; r < rounds; r++)
        for (const char *p = text; *p; p++) h = h * 33 + (unsigned char)*p + (unsigned long)r;
    return h;
}

int main(int argc, char **argv) {
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.service_name = "agent-tool";
    otel_init(&cfg);
    const char *query = argc > 1 ? argv[1] : "";
    otel_span *s = otel_span_begin("tool search", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "tool.query", query);
    otel_span *idx = otel_span_begin("load index", OTEL_SPAN_KIND_INTERNAL);
    unsigned long h = work(query, 20000);
    otel_span_set_int(idx, "index.entries", (int64_t)(h % 1000));
    otel_span_end(idx);
    otel_span *rank = otel_span_begin("rank results", OTEL_SPAN_KIND_INTERNAL);
    h ^= work("ranking", 20000);
    otel_span_set_int(rank, "results", 3);
    otel_span_end(rank);
    otel_span_end(s);
    printf("3 results for '%s' (%lx)\n", query, h & 0xffff);
    otel_shutdown(3000);
    return 0;
}
