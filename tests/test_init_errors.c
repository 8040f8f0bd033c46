/* Every error otel_init, otel_flush, otel_shutdown, the inject and setenv
   calls and otel_exec_run return comes with a one-line warning saying why
   (through OTEL_LOG). */
#define _GNU_SOURCE
#include <time.h>
#include <stdint.h>
static void hook_log(const char *msg);
/* the monotonic clock, moved past the warning interval before each call:
   each one may warn (one rate limit serves all the calls of one kind) */
static uint64_t mono_offset;
static uint64_t hook_mono(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec + mono_offset;
}
#define OTEL_MONO_NS() hook_mono()
#define OTEL_LOG(msg) hook_log(msg)
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"

static char said[600];
static unsigned nsaid;
static void hook_log(const char *msg) {
    nsaid++;
    strncpy(said, msg, sizeof said - 1);
}

/* the call returns rc and warns once, with every one of the words */
#define CHECK_SAID(expr, rc, w1, w2) do {                          \
        mono_offset += 3600ull * 1000000000ull;                    \
        unsigned n0 = nsaid; said[0] = 0;                          \
        CHECK_EQ_INT((expr), (rc));                                \
        CHECK_EQ_INT(nsaid, n0 + 1);                               \
        CHECK(strstr(said, (w1)) != NULL);                         \
        CHECK(strstr(said, (w2)) != NULL);                         \
        if (!strstr(said, (w1)) || !strstr(said, (w2))) printf("  said: %s\n", said); \
    } while (0)

TEST(init_says_why_it_refuses) {
    otel_config c;
    tu_config(&c);
    static uint64_t small[64];
    c.arena = (char *)small + 1;
    c.arena_size = sizeof small - 1;
    CHECK_SAID(otel_init(&c), OTEL_ERR_INVALID, "otel_init", "aligned");
    c.arena = small;
    c.arena_size = sizeof small;
    CHECK_SAID(otel_init(&c), OTEL_ERR_INVALID, "otel_init", "fewer than 2 blocks");
    CHECK_SAID(otel_flush(10), OTEL_ERR_DISABLED, "otel_flush", "not running");
    CHECK_SAID(otel_shutdown(10), OTEL_ERR_DISABLED, "otel_shutdown", "not running");
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    CHECK_SAID(tu_init(), OTEL_ERR_INVALID, "otel_init", "already running");
    tu_shutdown();
}

TEST(inject_says_why_it_refuses) {
    otel_span_context ctx;
    CHECK_EQ_INT(otel_traceparent_parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", 55, &ctx), OTEL_OK);
    otel_header h[2];
    char buf[700];
    CHECK_SAID(otel_headers_inject(&ctx, h, 2, buf, 10), OTEL_ERR_FULL, "otel_headers_inject", "buffer too small");
    CHECK_SAID(otel_headers_inject(&ctx, h, 0, buf, sizeof buf), OTEL_ERR_FULL, "otel_headers_inject", "header array");
    char *envp_in[] = {"A=1", "B=2", "C=3", NULL};
    char *out[8];
    CHECK_SAID(otel_context_inject_env(&ctx, envp_in, out, 2, buf, sizeof buf), OTEL_ERR_FULL,
               "otel_context_inject_env", "environment array");
    CHECK_SAID(otel_context_inject_env(&ctx, envp_in, out, 4, buf, sizeof buf), OTEL_ERR_FULL,
               "otel_context_inject_env", "environment array");
    CHECK_SAID(otel_context_inject_env(&ctx, envp_in, out, 8, buf, 20), OTEL_ERR_FULL,
               "otel_context_inject_env", "buffer too small");
    otel_span_context none;
    memset(&none, 0, sizeof none);
    CHECK_SAID(otel_context_setenv(&none), OTEL_ERR_INVALID, "otel_context_setenv", "invalid context");
    CHECK(getenv("TRACEPARENT") == NULL);
}

TEST(exec_says_why_it_refuses) {
    otel_exec_result r;
    CHECK_SAID(otel_exec_run(NULL, NULL, &r), OTEL_ERR_INVALID, "otel_exec_run", "no command");
    CHECK_EQ_INT(r.exit_code, -1);
}

int main(void) {
    RUN(init_says_why_it_refuses);
    RUN(inject_says_why_it_refuses);
    RUN(exec_says_why_it_refuses);
    return test_summary("init-errors");
}
