/* Traced command execution: the exec span's attributes and status for a
   success, a non-zero exit, a signal and a spawn failure; TRACEPARENT in
   the child's environment; arguments recorded only on request, and
   redacted; the fork/exec pair; the execution metrics. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <sys/wait.h>

static otel_span_data *find_exec(const char *name) { return tu_find(name); }
static int64_t int_attr(const otel_span_data *d, const char *key) {
    otel_attr a;
    return tu_attr(d, key, &a) && a.type == OTEL_TYPE_INT ? a.v.i : -999;
}

TEST(success_span) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    const char *argv[] = {"/bin/true", NULL};
    otel_exec_result r;
    CHECK_EQ_INT(otel_exec_run(argv, NULL, &r), OTEL_OK);
    CHECK(r.pid > 0 && r.exit_code == 0 && r.signal == 0);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = find_exec("true");
    CHECK(d != NULL);
    if (d) {
        otel_span_info in = tu_info(d);
        CHECK_EQ_INT(in.status, OTEL_STATUS_UNSET);
        CHECK_STR(tu_str(d, "process.executable.name"), "true");
        CHECK_STR(tu_str(d, "process.command"), "/bin/true");
        CHECK_EQ_INT(int_attr(d, "process.pid"), r.pid);
        CHECK_EQ_INT(int_attr(d, "process.exit.code"), 0);
        otel_attr a;
        CHECK(!tu_attr(d, "process.command_args", &a));       /* off by default */
    }
    tu_shutdown();
}

TEST(nonzero_exit_is_an_error_unless_asked) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    const char *argv[] = {"/bin/sh", "-c", "exit 3", NULL};
    otel_exec_result r;
    CHECK_EQ_INT(otel_exec_run(argv, NULL, &r), OTEL_OK);
    CHECK_EQ_INT(r.exit_code, 3);
    otel_exec_options opt;
    memset(&opt, 0, sizeof opt);
    opt.exit_mode = OTEL_EXEC_NONZERO_IS_OK;
    opt.span_name = "grep-like";
    CHECK_EQ_INT(otel_exec_run(argv, &opt, &r), OTEL_OK);
    CHECK_EQ_INT(tu_collect(), 2);
    otel_span_data *d = find_exec("sh"), *ok = find_exec("grep-like");
    CHECK(d && ok);
    if (d) {
        CHECK_EQ_INT(tu_info(d).status, OTEL_STATUS_ERROR);
        CHECK_STR(tu_event_str(d, "exception.type"), "nonzero_exit");
        CHECK_STR(tu_str(d, "error.type"), "nonzero_exit");
        CHECK_EQ_INT(int_attr(d, "process.exit.code"), 3);
    }
    if (ok) {
        CHECK_EQ_INT(tu_info(ok).status, OTEL_STATUS_UNSET);
        CHECK_EQ_INT(int_attr(ok, "process.exit.code"), 3);
    }
    tu_shutdown();
}

TEST(killed_by_a_signal) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    const char *argv[] = {"/bin/sh", "-c", "kill -9 $$", NULL};
    otel_exec_result r;
    CHECK_EQ_INT(otel_exec_run(argv, NULL, &r), OTEL_OK);
    CHECK_EQ_INT(r.signal, 9);
    CHECK_EQ_INT(r.exit_code, 137);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = find_exec("sh");
    if (d) {
        CHECK_EQ_INT(tu_info(d).status, OTEL_STATUS_ERROR);
        CHECK_STR(tu_str(d, "process.exit.signal"), "SIGKILL");
        CHECK_STR(tu_event_str(d, "exception.type"), "SIGKILL");
    } else CHECK(d != NULL);
    tu_shutdown();
}

TEST(spawn_failure) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    const char *argv[] = {"/nonexistent/tool", NULL};
    otel_exec_result r;
    tu_capture_begin();
    int rc = otel_exec_run(argv, NULL, &r);
    const char *err = tu_capture_end();
    CHECK(rc != OTEL_OK);
    CHECK(r.spawn_error != 0 && r.pid == 0 && r.exit_code == -1);
    CHECK(strstr(err, "could not start") != NULL);
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = find_exec("tool");
    if (d) {
        CHECK_EQ_INT(tu_info(d).status, OTEL_STATUS_ERROR);
        CHECK_STR(tu_event_str(d, "exception.type"), "spawn_error");
    } else CHECK(d != NULL);
    tu_shutdown();
}

TEST(child_gets_the_context_and_args_are_redacted) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    char path[] = "/tmp/otel-exec-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "echo \"$TRACEPARENT\" > %s", path);
    const char *argv[] = {"sh", "-c", cmd, "--token=sk-abcdefghijklmnopqrstuv", NULL};
    otel_exec_options opt;
    memset(&opt, 0, sizeof opt);
    opt.search_path = 1;
    opt.record_args = 1;
    otel_span *parent = otel_span_begin("parent", OTEL_SPAN_KIND_INTERNAL);
    otel_exec_result r;
    CHECK_EQ_INT(otel_exec_run(argv, &opt, &r), OTEL_OK);
    otel_span_end(parent);
    char got[128] = "";
    FILE *f = fopen(path, "r");
    if (f) { if (!fgets(got, sizeof got, f)) got[0] = 0; fclose(f); }
    unlink(path);
    CHECK_EQ_INT(tu_collect(), 2);
    otel_span_data *d = find_exec("sh");
    CHECK(d != NULL);
    if (d) {
        otel_span_info in = tu_info(d);
        otel_span_context cc;
        got[strcspn(got, "\n")] = 0;
        CHECK_EQ_INT(otel_traceparent_parse(got, (size_t)-1, &cc), OTEL_OK);
        CHECK(memcmp(cc.span_id, in.context.span_id, 8) == 0);        /* the child's parent is the exec span */
        CHECK(memcmp(cc.trace_id, in.context.trace_id, 16) == 0);
        otel_attr a;
        CHECK(tu_attr(d, "process.command_args", &a) && a.type == OTEL_TYPE_STRING_ARRAY && a.v.strs.count == 4);
        if (a.type == OTEL_TYPE_STRING_ARRAY) {
            const char *p = a.v.strs.packed;
            for (int i = 0; i < 3; i++) { uint32_t n; memcpy(&n, p, 4); p += 4 + n + 1; }
            CHECK_STR(p + 4, "--token=[REDACTED]");
        }
    }
    tu_shutdown();
}

TEST(fork_exec_pair) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    const char *argv[] = {"/bin/sh", "-c", "test -n \"$TRACEPARENT\"", NULL};
    otel_exec x;
    otel_exec_begin(&x, argv, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        execve(argv[0], (char *const *)argv, OTEL_EXEC_ENVP(&x));
        _exit(127);
    }
    otel_exec_started(&x, pid);
    int st = 0;
    waitpid(pid, &st, 0);
    otel_exec_result r;
    otel_exec_end(&x, st, &r);
    CHECK_EQ_INT(r.exit_code, 0);                              /* the child saw TRACEPARENT */
    CHECK_EQ_INT(tu_collect(), 1);
    otel_span_data *d = find_exec("sh");
    CHECK(d && int_attr(d, "process.pid") == pid);
    otel_metrics_collect();
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    int found = 0;
    while (otel_metrics_next(&it, &mi, &p)) found += strcmp(mi.name, "process.executions") == 0 && p.as_int == 1;
    CHECK_EQ_INT(found, 1);
    tu_shutdown();
}

int main(void) {
    tu_clear_env();
    RUN(success_span);
    RUN(nonzero_exit_is_an_error_unless_asked);
    RUN(killed_by_a_signal);
    RUN(spawn_failure);
    RUN(child_gets_the_context_and_args_are_redacted);
    RUN(fork_exec_pair);
    return test_summary("exec");
}
