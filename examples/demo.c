/* demo.c - a small traced program: a request with nested work, parallel
   workers on threads, an error, and a child-process hand-off context.
   `make demo` runs it with the console printer. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void sleep_ms(int ms) {
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

typedef struct { otel_span_context parent; int id; } job;

static void *worker(void *arg) {
    job *j = (job *)arg;
    otel_span *s = otel_span_begin_with_parent("agent", OTEL_SPAN_KIND_INTERNAL, &j->parent);
    otel_span_set_int(s, "agent.id", j->id);
    otel_span_set_str(s, "api_key", "sk-this-is-not-a-real-key-123456");  /* arrives redacted */
    {
        OTEL_SPAN_SCOPE("model call");
        sleep_ms(2 + j->id);
    }
    if (j->id == 2) otel_span_record_error(s, "timeout", "model did not answer in time");
    otel_span_end(s);
    return NULL;
}

int main(void) {
    if (otel_init(NULL) != OTEL_OK) return 1;
    otel_span *root = otel_span_begin("handle request", OTEL_SPAN_KIND_SERVER);
    otel_span_set_str(root, "http.request.method", "POST");
    otel_span_set_str(root, "url.full", "https://user:hunter2@api.example.com/v1/run");
    otel_span_set_str(root, "http.request.header.authorization", "Bearer abc.def.ghi");

    otel_span *parse = otel_span_begin("parse input", OTEL_SPAN_KIND_INTERNAL);
    sleep_ms(1);
    otel_span_add_event(parse, "validated", NULL, 0);
    otel_span_end(parse);

    pthread_t th[3];
    job jobs[3];
    for (int i = 0; i < 3; i++) {
        jobs[i].parent = otel_span_get_context(root);
        jobs[i].id = i;
        pthread_create(&th[i], NULL, worker, &jobs[i]);
    }
    for (int i = 0; i < 3; i++) pthread_join(th[i], NULL);

    char tp[56];
    otel_span_context ctx = otel_current_context();
    otel_traceparent_format(&ctx, tp);
    printf("a child process would get TRACEPARENT=%s\n", tp);
    otel_span_end(root);

    int rc = otel_shutdown(2000);
    otel_stats st;
    otel_stats_get(&st);
    printf("spans: %llu started, %llu ended, %llu dropped, %llu values redacted\n",
           (unsigned long long)st.spans_started, (unsigned long long)st.spans_ended,
           (unsigned long long)st.spans_dropped, (unsigned long long)st.values_redacted);
    return rc == OTEL_OK ? 0 : 1;
}
