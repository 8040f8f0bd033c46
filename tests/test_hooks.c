/* The overridable hooks: OTEL_CLOCK_NS (every span, event and log time
   comes from it), OTEL_MONO_NS (warnings are rate limited by it),
   OTEL_LOG (warnings go to it), OTEL_RANDOM_SEED (threads seed their ids
   from it). With a clock of its own the header stores times as that
   clock's nanoseconds, not as the default clock's timespec: this suite
   runs that path (each timed span after a first one that attaches the
   thread, so that the inline path is the one timed). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t hook_wall = 1700000000000000000ull;   /* what OTEL_CLOCK_NS returns */
static unsigned hook_wall_reads;
static uint64_t hook_clock(void) { hook_wall_reads++; return hook_wall; }

static uint64_t hook_mono_offset;                      /* added to the real monotonic clock */
static uint64_t hook_mono(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec + hook_mono_offset;
}

static char hook_last_log[600];
static unsigned hook_logs;
static void hook_log(const char *msg) {
    hook_logs++;
    strncpy(hook_last_log, msg, sizeof hook_last_log - 1);
}

static unsigned hook_seeds;
static void hook_seed(void *p, size_t n) { hook_seeds++; memset(p, 0x5a, n); }

#define OTEL_CLOCK_NS() hook_clock()
#define OTEL_MONO_NS() hook_mono()
#define OTEL_LOG(msg) hook_log(msg)
#define OTEL_RANDOM_SEED(p, n) hook_seed((p), (n))
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"

/* a first span attaches the thread (the general path) */
static void warm_up(void) {
    otel_span_end(otel_span_begin("warm-up", OTEL_SPAN_KIND_INTERNAL));
    tu_drain();
}

TEST(span_times_come_from_the_clock_hook) {
    CHECK(!OTEL__RAW_STAMP);   /* (a clock of one's own: times stored as its ns) */
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    warm_up();
    hook_wall = 1700000000000000000ull;
    unsigned before = hook_wall_reads;
    otel_span *s = otel_span_begin("timed", OTEL_SPAN_KIND_INTERNAL);
    CHECK(hook_wall_reads > before);
    hook_wall += 1500;
    otel_span_add_event(s, "midway", NULL, 0);
    hook_wall += 2500;
    otel_log(OTEL_SEVERITY_INFO, "inside", NULL, 0);
    otel_log_args la;
    memset(&la, 0, sizeof la);
    la.severity = OTEL_SEVERITY_WARN;
    la.body = "earlier"; la.body_len = (size_t)-1;
    la.time_ns = 1600000000000000000ull;   /* when it happened; observed now */
    otel_log_emit(&la);
    hook_wall += 1000;
    otel_span_end(s);
    CHECK_EQ_INT(tu_collect(), 3);
    otel_span_data *d = tu_find("timed");
    CHECK(d != NULL);
    if (d) {
        otel_span_info in = tu_info(d);
        CHECK(in.start_ns == 1700000000000000000ull);
        CHECK(in.end_ns == 1700000000000005000ull);
        otel_iter it = {NULL, 0};
        otel_item item;
        int events = 0;
        while (otel_span_data_next(d, &it, &item))
            if (item.type == OTEL_ITEM_EVENT) { events++; CHECK(item.event_ns == 1700000000000001500ull); }
        CHECK_EQ_INT(events, 1);
    }
    int logs = 0;
    for (size_t i = 0; i < tu_n; i++) {
        if (otel_record_type(tu_spans[i]) != OTEL_RECORD_LOG) continue;
        otel_log_info li;
        otel_log_data_info(tu_spans[i], &li);
        logs++;
        CHECK(li.observed_ns == 1700000000000004000ull);
        if (li.severity == OTEL_SEVERITY_WARN) CHECK(li.time_ns == 1600000000000000000ull);
        else CHECK(li.time_ns == 1700000000000004000ull);
    }
    CHECK_EQ_INT(logs, 2);
    tu_shutdown();
}

TEST(explicit_times_and_a_clock_that_steps_back) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    warm_up();
    hook_wall = 2000000000000000000ull;
    otel_span *s = otel_span_begin("back", OTEL_SPAN_KIND_INTERNAL);
    hook_wall -= 7000;   /* the wall clock stepped back */
    otel_span_end(s);
    tu_explicit_span();   /* any 64-bit value is kept exactly */
    CHECK_EQ_INT(tu_collect(), 2);
    otel_span_data *d = tu_find("back");
    CHECK(d != NULL);
    if (d) {
        otel_span_info in = tu_info(d);
        CHECK(in.start_ns == 2000000000000000000ull);
        CHECK(in.end_ns == in.start_ns);   /* clamped: never before the start */
    }
    d = tu_find("explicit");
    CHECK(d != NULL);
    if (d) {
        otel_span_info in = tu_info(d);
        CHECK(in.start_ns == TU_EXPLICIT_START && in.end_ns == TU_EXPLICIT_END);
    }
    tu_shutdown();
}

TEST(warnings_go_to_the_log_hook_rate_limited_by_the_mono_hook) {
    otel_config c;
    tu_config(&c);
    c.ignore_env = 0;
    unsetenv("TRACEPARENT");
    unsetenv("OTEL_SDK_DISABLED");
    setenv("OTEL_TRACES_SAMPLER", "no_such_sampler", 1);
    unsigned logs = hook_logs;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    tu_shutdown();
    CHECK_EQ_INT(hook_logs, logs + 1);
    CHECK(strstr(hook_last_log, "OTEL_TRACES_SAMPLER") != NULL);
    CHECK(strstr(hook_last_log, "no_such_sampler") != NULL);
    /* the same warning again at once: suppressed */
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    tu_shutdown();
    CHECK_EQ_INT(hook_logs, logs + 1);
    /* the mono clock says the interval passed: logged, with the count */
    hook_mono_offset += (uint64_t)OTEL_WARN_INTERVAL_MS * 1000000ull + 1;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    tu_shutdown();
    CHECK_EQ_INT(hook_logs, logs + 2);
    CHECK(strstr(hook_last_log, "1 similar suppressed") != NULL);
    unsetenv("OTEL_TRACES_SAMPLER");
}

TEST(threads_seed_their_ids_from_the_seed_hook) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    unsigned seeds = hook_seeds;
    otel_span *s = otel_span_begin("seeded", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context ctx = otel_span_get_context(s);
    otel_span_end(s);
    CHECK(hook_seeds >= seeds);
    CHECK(hook_seeds > 0);
    CHECK(otel_span_context_is_valid(&ctx));
    tu_shutdown();
}

int main(void) {
    RUN(span_times_come_from_the_clock_hook);
    RUN(explicit_times_and_a_clock_that_steps_back);
    RUN(warnings_go_to_the_log_hook_rate_limited_by_the_mono_hook);
    RUN(threads_seed_their_ids_from_the_seed_hook);
    return test_summary("hooks");
}
