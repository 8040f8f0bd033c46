/* fork(): the child's span and trace ids differ from the parent's next ids
   (the child gets a new random state), and recording works in the child. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <sys/wait.h>

#define N 1000

static void next_ids(uint64_t *sids, uint64_t *tids) {
    for (int i = 0; i < N; i++) {
        otel_span *s = otel_span_begin_with_parent("id", OTEL_SPAN_KIND_INTERNAL, NULL);
        otel_span_context c = otel_span_get_context(s);
        memcpy(&sids[i], c.span_id, 8);
        memcpy(&tids[i], c.trace_id, 8);
        otel_span_end(s);
    }
}

TEST(fork_ids_differ) {
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span_end(otel_span_begin("before fork", OTEL_SPAN_KIND_INTERNAL));
    tu_drain();
    int fds[2];
    CHECK_EQ_INT(pipe(fds), 0);
    fflush(stdout);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        static uint64_t s[N], t[N];
        close(fds[0]);
        next_ids(s, t);
        int ok = tu_drain() == N;
        size_t w = 0;
        w += (size_t)write(fds[1], s, sizeof s);
        w += (size_t)write(fds[1], t, sizeof t);
        w += (size_t)write(fds[1], &ok, sizeof ok);
        _exit(w == sizeof s + sizeof t + sizeof ok ? 0 : 1);
    }
    close(fds[1]);
    static uint64_t ps[N], pt[N], cs[N], ct[N];
    next_ids(ps, pt);
    int child_ok = 0;
    size_t got = 0;
    char *dst[3] = {(char *)cs, (char *)ct, (char *)&child_ok};
    size_t sz[3] = {sizeof cs, sizeof ct, sizeof child_ok};
    for (int part = 0; part < 3; part++) {
        size_t o = 0;
        ssize_t r;
        while (o < sz[part] && (r = read(fds[0], dst[part] + o, sz[part] - o)) > 0) o += (size_t)r;
        got += o;
    }
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK_EQ_INT(got, sizeof cs + sizeof ct + sizeof child_ok);
    CHECK_EQ_INT(child_ok, 1);
    int same_s = 0, same_t = 0, zero = 0;
    for (int i = 0; i < N; i++) {
        if (!cs[i] || !ct[i]) zero++;
        for (int j = 0; j < N; j++) { same_s += cs[i] == ps[j]; same_t += ct[i] == pt[j]; }
    }
    CHECK_EQ_INT(zero, 0);
    CHECK_EQ_INT(same_s, 0);
    CHECK_EQ_INT(same_t, 0);
    tu_shutdown();
}

int main(void) {
    RUN(fork_ids_differ);
    return test_summary("fork");
}
