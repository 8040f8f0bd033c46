/* pipeline.c - a multi-agent pipeline, traced: one trace with a root span,
   three stages in sequence, three agents in parallel threads in each stage
   (siblings under their stage), simulated model calls with gen_ai
   attributes and token metrics, a tool run as a child process through the
   exec helper (examples/agent_tool.c, instrumented, so its spans join the
   trace), one agent that fails, a quality gate and a consensus event per
   stage, a model selection event, and an API key in an attribute and on a
   command line that must arrive redacted.
     pipeline [--work-ms N] [--tool PATH] [--runs N]
   Exports with the OTEL_* environment (make demo points it at examples/sink).
   --runs N runs the pipeline N times, a trace each, the tester failing in
   every tenth run only (the first): with OTEL_TRACES_SAMPLER=tail and a
   small OTEL_TRACES_SAMPLER_ARG, the failing runs' traces are kept whole
   and OTEL_H_SPAN_METRICS=true counts every run (docs/tail-sampling.md). */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static int work_ms = 3, runs = 1;
static const char *tool_path = "build/examples/agent_tool";
static const char *const api_key = "sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e";   /* not a real key: must never leave redacted */

/* real computation: a fixed amount of it, about `ms` milliseconds on a
   2020s core (a fixed count, so traced and untraced runs do the same work) */
static volatile unsigned long sink;
static void compute_ms(int ms) {
    unsigned long h = 1469598103934665603ul;
    for (long i = 0; i < (long)ms * 800000L; i++) h = (h ^ (unsigned long)i) * 1099511628211ul;
    sink += h;
}

typedef struct {
    otel_span_context stage;        /* the parent: agents are siblings under it */
    const char *stage_name, *agent, *model;
    int fails, runs_tool;
    int ok;
} agent_job;

/* a model call: a client span with the usage; returns the tokens used */
static int64_t model_call(const char *model, int64_t in, int64_t out) {
    otel_span *s = otel_span_begin("chat", OTEL_SPAN_KIND_CLIENT);
    otel_span_set_str(s, "gen_ai.operation.name", "chat");
    otel_span_set_str(s, "gen_ai.provider.name", "openai");
    otel_span_set_str(s, "gen_ai.request.model", model);
    otel_timer t = otel_timer_start();
    compute_ms(work_ms);
    otel_span_set_int(s, "gen_ai.usage.input_tokens", in);
    otel_span_set_int(s, "gen_ai.usage.output_tokens", out);
    otel_span_end(s);
    otel_genai_record_duration("openai", model, "chat", otel_timer_seconds(&t), NULL);
    return in << 32 | out;
}

static void *agent_main(void *arg) {
    agent_job *j = (agent_job *)arg;
    otel_timer t = otel_timer_start();
    otel_span *a = otel_agent_begin(j->agent, "openai", j->model, &j->stage);
    otel_span_set_int(a, "thread.id", (int64_t)syscall(SYS_gettid));
    otel_span_set_str(a, "llm.api_key", api_key);                  /* a secret: redacted by its key */
    int64_t used = model_call(j->model, 800 + 10 * (int64_t)strlen(j->agent), 200), in = used >> 32, out = used & 0xffffffff;
    if (j->runs_tool) {
        char arg_key[64];
        snprintf(arg_key, sizeof arg_key, "--api-key=%s", api_key); /* a secret on a command line */
        const char *argv[] = {tool_path, "trace context propagation", arg_key, NULL};
        otel_exec_options opt;
        memset(&opt, 0, sizeof opt);
        opt.record_args = 1;                                        /* recorded, with the key redacted */
        otel_exec_result r;
        otel_exec_run(argv, &opt, &r);
        otel_span_set_int(a, "tool.exit_code", r.exit_code);
    }
    if (j->fails) {
        otel_span_record_error(a, "RateLimitError", "model quota exceeded after 3 attempts");
        j->ok = 0;
    } else {
        used = model_call(j->model, 300, 120);
        in += used >> 32; out += used & 0xffffffff;
        otel_span_set_status(a, OTEL_STATUS_OK, NULL);
        j->ok = 1;
    }
    otel_agent_tokens(a, "openai", j->model, in, out);   /* span attributes and gen_ai.client.token.usage */
    otel_span_end(a);
    otel_agent_record(j->agent, j->stage_name, j->ok ? "success" : "failure", otel_timer_seconds(&t));
    return NULL;
}

static const char *const stages[3] = {"plan", "build", "review"};
static const char *const agents[3][3] = {
    {"planner", "researcher", "critic"}, {"coder", "tester", "tool-runner"}, {"reviewer", "security", "summarizer"}};

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--work-ms") == 0 && i + 1 < argc) work_ms = atoi(argv[++i]);
        else if (strcmp(argv[i], "--tool") == 0 && i + 1 < argc) tool_path = argv[++i];
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = atoi(argv[++i]);
    }
    if (runs < 1) runs = 1;
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.service_name = "agent-pipeline";
    int init = otel_init(&cfg);
    if (init != OTEL_OK && init != OTEL_ERR_DISABLED) fprintf(stderr, "pipeline: telemetry is off (%s)\n", otel_strerror(init));

    otel_session session;
    otel_attr common[2] = {OTEL_ATTR_STR("session.id", "run-42"), OTEL_ATTR_STR("app.version", "0.1.0")};
    otel_session_init(&session, common, 2, 0);
    session.event_prefix = "";   /* event names without a prefix */

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int failures = 0;
    for (int run = 0; run < runs; run++) {
        otel_span *root = otel_span_begin("pipeline run", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_str(root, "pipeline.name", "release-notes");
        otel_event_model_selection(root, "openai", "gpt-4o-mini", "cheapest model meeting the latency budget");
        otel_session_user_prompt(&session, "write release notes; my key is sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e");
        int run_failures = 0;
        for (int st = 0; st < 3; st++) {
            otel_span *stage = otel_stage_begin(stages[st]);
            agent_job jobs[3];
            pthread_t th[3];
            for (int a = 0; a < 3; a++) {
                memset(&jobs[a], 0, sizeof jobs[a]);
                jobs[a].stage = otel_span_get_context(stage);
                jobs[a].stage_name = stages[st];
                jobs[a].agent = agents[st][a];
                jobs[a].model = a == 2 ? "gpt-4o" : "gpt-4o-mini";
                jobs[a].fails = st == 1 && a == 1 && run % 10 == 0;   /* the tester fails (in every tenth run) */
                jobs[a].runs_tool = st == 1 && a == 2;      /* the tool-runner runs a tool */
                pthread_create(&th[a], NULL, agent_main, &jobs[a]);
            }
            int ok = 0;
            for (int a = 0; a < 3; a++) { pthread_join(th[a], NULL); ok += jobs[a].ok; }
            run_failures += 3 - ok;
            otel_event_consensus(stage, 3, 3 - ok, ok == 3 ? "unanimous" : "majority");
            otel_event_quality_gate(stage, "tests-pass", ok >= 2, (double)ok / 3.0, ok == 3 ? NULL : "one agent failed");
            otel_timer t = otel_timer_start();
            otel_session_api_request(&session, &t, 1, 200, NULL, "/v1/responses");
            otel_session_end(&session);
            otel_span_end(stage);
        }
        otel_span_set_int(root, "pipeline.failures", run_failures);
        otel_span_end(root);
        failures += run_failures;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    /* CPU time of this process and the tool it ran, up to here (the final flush is not in it) */
    struct rusage self, kids;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &kids);
    double cpu = 0;
    const struct rusage *ru[2] = {&self, &kids};
    for (int i = 0; i < 2; i++)
        cpu += (double)(ru[i]->ru_utime.tv_sec + ru[i]->ru_stime.tv_sec) * 1e3 +
               (double)(ru[i]->ru_utime.tv_usec + ru[i]->ru_stime.tv_usec) / 1e3;
    int rc = otel_shutdown(5000);
    if (runs > 1) printf("pipeline done: %d runs, 3 stages, 9 agents each, %d failed, %.3f ms, cpu %.3f ms%s\n", runs, failures, ms, cpu,
                         rc == OTEL_OK || rc == OTEL_ERR_DISABLED ? "" : " (some telemetry not delivered)");
    else printf("pipeline done: 3 stages, 9 agents, %d failed, %.3f ms, cpu %.3f ms%s\n", failures, ms, cpu,
           rc == OTEL_OK || rc == OTEL_ERR_DISABLED ? "" : " (some telemetry not delivered)");
    return 0;
}
