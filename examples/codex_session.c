/* codex_session.c - one whole codex conversation, told through the session
   calls: the events, metrics and spans codex-otel would send for it
   (docs/codex.md), exported to OTEL_EXPORTER_OTLP_ENDPOINT.

     codex_session [PREFIX]

   PREFIX (or CODEX_SESSION_PREFIX): the event names' namespace, "codex" by
   default; "default" leaves it to the session (the service name). The turn:
   the conversation starts, the user asks, the first API request is rate
   limited and the retry streams SSE events up to response.completed with
   token counts; the model asks for a shell command, the user approves it,
   it runs in the sandbox, and the agent answers. Then two sub-agents review
   the change, disagree on one point, and a consensus record says how the
   synthesis settled it. Exits 0 when everything was delivered. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int main(int argc, char **argv) {
    const char *prefix = argc > 1 ? argv[1] : getenv("CODEX_SESSION_PREFIX");
    if (!prefix) prefix = "codex";
    if (strcmp(prefix, "default") == 0) prefix = NULL;
    otel_init(NULL);

    otel_session s;
    otel_session_info info = {
        .conversation_id = "0199e3a1-7c2b-7f10-9a55-3d2f4c8b1e07", .app_version = "0.46.0",
        .originator = "codex_cli_rs", .terminal_type = "xterm-256color", .model = "gpt-5-codex",
        .slug = "gpt-5-codex", .auth_mode = "ChatGPT", .account_id = "acct-42", .account_email = "dev@example.com"};
    otel_session_start(&s, &info, NULL, 0, 0);   /* opt-ins: the OTEL_H_LOG_* variables */
    s.event_prefix = prefix;

    const char *mcp[2] = {"docs", "github"};
    otel_conversation_info conv = {
        .provider_name = "openai", .reasoning_effort = "medium", .reasoning_summary = "auto",
        .context_window = 272000, .auto_compact_token_limit = 200000, .approval_policy = "on-request",
        .sandbox_policy = "workspace-write", .mcp_servers = mcp, .mcp_server_count = 2};
    otel_session_conversation_starts(&s, &conv);

    otel_session_user_prompt(&s, "Fix the failing test in parser.c, then run make test");

    /* the first attempt is rate limited; the retry is answered */
    otel_timer req = otel_timer_start();
    sleep_ms(3);
    otel_session_api_request(&s, &req, 1, 429, "rate limited", "/v1/responses");
    req = otel_timer_start();
    sleep_ms(5);
    otel_session_api_request(&s, &req, 2, 200, NULL, "/v1/responses");

    /* the stream: each event timed from the one before */
    static const char *const kinds[] = {"response.created", "response.output_item.added", "response.output_text.delta",
                                        "response.output_text.delta", "response.output_item.done"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        otel_timer ev = otel_timer_start();
        sleep_ms(1);
        otel_session_sse_event(&s, &ev, kinds[i], NULL);
    }
    otel_timer done = otel_timer_start();
    otel_token_counts tokens = {.input = 1834, .output = 211, .cached = 1024, .reasoning = 64, .tool = 2045};
    otel_session_sse_completed(&s, &done, &tokens);
    /* the semantic conventions' token metric beside codex's own (under the SDK's scope, not the meter "codex") */
    otel_genai_record_tokens("openai", "gpt-5-codex", "chat", tokens.input, tokens.output);

    /* the shell call: approved by the user, run in the sandbox */
    otel_session_tool_decision(&s, "shell", "call_7Qm2", "approved", "User");
    otel_timer tool = otel_timer_start();
    sleep_ms(4);
    otel_session_sandbox_outcome(&s, "shell", "call_7Qm2", "success", 4, -1);
    otel_tool_call call = {.tool_name = "shell", .call_id = "call_7Qm2",
                           .arguments = "{\"command\":[\"make\",\"test\"],\"workdir\":\"/src\"}", .success = 1,
                           .output = "# parser: 41 passed, 0 failed"};
    otel_session_tool_result(&s, &tool, &call);

    otel_session_agent_response(&s, NULL, "main", "turn-1", "msg_01", "The test passes now: parser.c read one byte too far.");

    /* two reviewers, each in its own span; their answers, then the consensus */
    otel_span *review = otel_stage_begin("review");
    static const char *const reviewers[2] = {"reviewer-a", "reviewer-b"};
    static const char *const answers[2] = {"Approve: the bound check is right.",
                                           "Request changes: the bound check should use size_t."};
    for (int i = 0; i < 2; i++) {
        otel_span *agent = otel_agent_begin(reviewers[i], "openai", "gpt-5-codex", NULL);
        char item[16];
        snprintf(item, sizeof item, "msg_r%d", i + 1);
        otel_session_agent_response(&s, agent, "subagent", "turn-1", item, answers[i]);
        otel_span_end(agent);
    }
    otel_consensus_conflict conflict = {.topic = "type of the bound check", .agents = reviewers, .agent_count = 2,
                                        .resolution = "use size_t (reviewer-b)"};
    otel_consensus_info cons = {.responses = 2, .conflicts = &conflict, .conflict_count = 1, .outcome = "synthesized"};
    otel_session_consensus(&s, review, &cons);
    otel_span_end(review);

    otel_session_end(&s);
    int rc = otel_shutdown(5000);
    if (rc != OTEL_OK) fprintf(stderr, "codex_session: not everything was delivered (%s)\n", otel_strerror(rc));
    return rc == OTEL_OK ? 0 : 1;
}
