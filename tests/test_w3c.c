/* W3C Trace Context: traceparent/tracestate parsing and formatting, HTTP
   header and environment carriers, and a child process that continues the
   trace through TRACEPARENT. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

#define TID "4bf92f3577b34da6a3ce929d0e0e4736"
#define SID "00f067aa0ba902b7"

static int parse(const char *s, otel_span_context *c) {
    return otel_traceparent_parse(s, (size_t)-1, c);
}

static const struct { const char *text; int ok; } tp_vectors[] = {
    {"00-" TID "-" SID "-01", 1},
    {"00-" TID "-" SID "-00", 1},
    {"00-" TID "-" SID "-09", 1},                /* other flag bits: valid */
    {"ff-" TID "-" SID "-01", 0},                /* version ff */
    {"00-" TID "-" SID "-01-extra", 0},          /* version 00 with more fields */
    {"00-" TID "-" SID "-01-", 0},
    {"cc-" TID "-" SID "-01-extra", 1},          /* future version: first four fields */
    {"cc-" TID "-" SID "-01-what-the-future-holds", 1},
    {"cc-" TID "-" SID "-01", 1},
    {"cc-" TID "-" SID "-01extra", 0},
    {"00-00000000000000000000000000000000-" SID "-01", 0},
    {"00-" TID "-0000000000000000-01", 0},
    {"00-4BF92F3577B34DA6A3CE929D0E0E4736-" SID "-01", 0},   /* uppercase trace id */
    {"00-4bf92f3577b34da6a3ce929d0e0e473A-" SID "-01", 0},
    {"00-" TID "-00F067AA0BA902B7-01", 0},        /* uppercase span id */
    {"00-" TID "-" SID "-0A", 0},                 /* uppercase flags */
    {"0A-" TID "-" SID "-01", 0},                 /* uppercase version */
    {"CC-" TID "-" SID "-01", 0},
    {"00-4bf92f3577b34da6a3ce929d0e0e473-" SID "-01", 0},    /* short trace id */
    {"00-4bf92f3577b34da6a3ce929d0e0e47366-" SID "-01", 0},  /* long trace id */
    {"00-" TID "-00f067aa0ba902b-01", 0},         /* short span id */
    {"00-" TID "-00f067aa0ba902b77-01", 0},       /* long span id */
    {"00-" TID "-" SID "-1", 0},                  /* short flags */
    {"00-" TID "-" SID "-011", 0},                /* long flags */
    {"0-" TID "-" SID "-01", 0},                  /* short version */
    {"000-" TID "-" SID "-01", 0},                /* long version */
    {"00_" TID "-" SID "-01", 0},                 /* bad separators */
    {"00-" TID "_" SID "-01", 0},
    {"00-" TID "-" SID "_01", 0},
    {"00 " TID " " SID " 01", 0},
    {"00-" TID "-" SID "-0g", 0},                 /* non-hex flags */
    {"00-" TID "-" SID "-x1", 0},
    {"00-4bf92f3577b34da6a3ce929d0e0e47zz-" SID "-01", 0},   /* non-hex id */
    {"0g-" TID "-" SID "-01", 0},
    {"  00-" TID "-" SID "-01", 1},               /* surrounding whitespace */
    {"00-" TID "-" SID "-01  ", 1},
    {"\t00-" TID "-" SID "-01\t", 1},
    {"", 0},
    {"00", 0},
    {"00-" TID "-" SID, 0},
    {"00--" SID "-01", 0},
};

TEST(traceparent_vectors) {
    for (size_t i = 0; i < sizeof tp_vectors / sizeof tp_vectors[0]; i++) {
        otel_span_context c;
        memset(&c, 0x5a, sizeof c);
        int rc = parse(tp_vectors[i].text, &c);
        if ((rc == OTEL_OK) != tp_vectors[i].ok) {
            printf("  traceparent \"%s\": rc %d, expected %s\n", tp_vectors[i].text, rc,
                   tp_vectors[i].ok ? "valid" : "invalid");
            CHECK((rc == OTEL_OK) == tp_vectors[i].ok);
        }
        if (rc == OTEL_OK) {
            CHECK_EQ_INT(c.trace_id[0], 0x4b);
            CHECK_EQ_INT(c.trace_id[15], 0x36);
            CHECK_EQ_INT(c.span_id[0], 0x00);
            CHECK_EQ_INT(c.span_id[7], 0xb7);
            CHECK_EQ_INT(c.remote, 1);
            CHECK(c.tracestate == NULL);
        } else {
            CHECK_EQ_INT(rc, OTEL_ERR_INVALID);
        }
    }
    otel_span_context c;
    CHECK_EQ_INT(parse("00-" TID "-" SID "-01", &c), OTEL_OK);
    CHECK_EQ_INT(c.flags & OTEL_FLAG_SAMPLED, 1);
    CHECK_EQ_INT(parse("00-" TID "-" SID "-00", &c), OTEL_OK);
    CHECK_EQ_INT(c.flags & OTEL_FLAG_SAMPLED, 0);
    CHECK(otel_span_context_is_valid(&c));
    /* explicit length: only the first 55 bytes are looked at */
    const char *longer = "00-" TID "-" SID "-01garbage";
    CHECK_EQ_INT(otel_traceparent_parse(longer, 55, &c), OTEL_OK);
    CHECK_EQ_INT(otel_traceparent_parse(longer, 54, &c), OTEL_ERR_INVALID);
    CHECK_EQ_INT(otel_traceparent_parse(NULL, 0, &c), OTEL_ERR_INVALID);
}

TEST(traceparent_format_round_trip) {
    otel_span_context c, d;
    CHECK_EQ_INT(parse("00-" TID "-" SID "-01", &c), OTEL_OK);
    char out[56];
    CHECK_EQ_INT(otel_traceparent_format(&c, out), 55);
    CHECK_STR(out, "00-" TID "-" SID "-01");
    CHECK_EQ_INT(parse("cc-" TID "-" SID "-00-more", &c), OTEL_OK);
    CHECK_EQ_INT(otel_traceparent_format(&c, out), 55);
    CHECK_STR(out, "00-" TID "-" SID "-00");   /* we speak version 00 */
    /* random ids survive the round trip */
    for (int i = 0; i < 64; i++) {
        memset(&c, 0, sizeof c);
        for (int k = 0; k < 16; k++) c.trace_id[k] = (uint8_t)(rand() & 0xff);
        for (int k = 0; k < 8; k++) c.span_id[k] = (uint8_t)(rand() & 0xff);
        c.trace_id[3] |= 1; c.span_id[5] |= 1;
        c.flags = (uint8_t)(i & 1);
        CHECK_EQ_INT(otel_traceparent_format(&c, out), 55);
        CHECK_EQ_INT(parse(out, &d), OTEL_OK);
        CHECK(memcmp(c.trace_id, d.trace_id, 16) == 0);
        CHECK(memcmp(c.span_id, d.span_id, 8) == 0);
        CHECK_EQ_INT(d.flags & 1, i & 1);
    }
    memset(&c, 0, sizeof c);
    out[0] = 'x';
    CHECK_EQ_INT(otel_traceparent_format(&c, out), 0);
    CHECK_EQ_INT(out[0], 0);
}

static int tsv(const char *s) { return otel_tracestate_validate(s, (size_t)-1); }

TEST(tracestate_validate) {
    char buf[4096];
    CHECK_EQ_INT(tsv("foo=bar"), 1);
    CHECK_EQ_INT(tsv("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"), 2);
    CHECK_EQ_INT(tsv("a1_-*/z=v"), 1);
    CHECK_EQ_INT(tsv("tenant@system=v"), 1);
    CHECK_EQ_INT(tsv("1tenant@sys-1=v"), 1);           /* tenant may start with a digit */
    CHECK_EQ_INT(tsv("1foo=bar"), OTEL_ERR_INVALID);   /* simple key may not */
    CHECK_EQ_INT(tsv("tenant@1sys=v"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("@system=v"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("tenant@=v"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("a@b@c=v"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("Foo=bar"), OTEL_ERR_INVALID);    /* bad key chars */
    CHECK_EQ_INT(tsv("fo.o=bar"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("fo o=bar"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("foo!=bar"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("=bar"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("foo"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("foo="), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("foo=bar=baz"), OTEL_ERR_INVALID);  /* '=' in value */
    CHECK_EQ_INT(tsv("foo=b\tr"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("foo=b\x7fr"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("foo=a b"), 1);                    /* inner space is fine */
    /* a value may not end in a space; spaces before a comma are list OWS
       (so "foo=bar ,x=y" is fine), which leaves a value of only spaces */
    CHECK_EQ_INT(tsv("foo= "), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("foo=bar ,x=y"), 2);
    CHECK_EQ_INT(tsv("foo=bar,foo=baz"), OTEL_ERR_INVALID);  /* duplicate */
    CHECK_EQ_INT(tsv("a@b=1,a@b=2"), OTEL_ERR_INVALID);
    CHECK_EQ_INT(tsv("a@b=1,a@c=2"), 2);
    CHECK_EQ_INT(tsv(",,foo=bar, ,baz=1,,"), 2);              /* empty members */
    CHECK_EQ_INT(tsv(" foo=bar , baz=1 "), 2);
    CHECK_EQ_INT(tsv(""), 0);
    /* 32 members fine, 33 not */
    size_t o = 0;
    for (int i = 0; i < 33; i++) o += (size_t)snprintf(buf + o, sizeof buf - o, "%sk%d=v%d", i ? "," : "", i, i);
    CHECK_EQ_INT(otel_tracestate_validate(buf, o), OTEL_ERR_INVALID);
    char *last = strrchr(buf, ',');
    CHECK_EQ_INT(otel_tracestate_validate(buf, (size_t)(last - buf)), 32);
    /* key up to 256, value up to 256 */
    memset(buf, 'k', 256); buf[256] = '='; buf[257] = 'v'; buf[258] = 0;
    CHECK_EQ_INT(tsv(buf), 1);
    memset(buf, 'k', 257); buf[257] = '='; buf[258] = 'v'; buf[259] = 0;
    CHECK_EQ_INT(tsv(buf), OTEL_ERR_INVALID);
    memcpy(buf, "k=", 2); memset(buf + 2, 'v', 256); buf[258] = 0;
    CHECK_EQ_INT(tsv(buf), 1);
    memcpy(buf, "k=", 2); memset(buf + 2, 'v', 257); buf[259] = 0;
    CHECK_EQ_INT(tsv(buf), OTEL_ERR_INVALID);
    /* tenant up to 241, system up to 14 */
    memset(buf, 't', 241); memcpy(buf + 241, "@ssssssssssssss=v", 18);
    CHECK_EQ_INT(tsv(buf), 1);
    memset(buf, 't', 242); memcpy(buf + 242, "@s=v", 5);
    CHECK_EQ_INT(tsv(buf), OTEL_ERR_INVALID);
    memcpy(buf, "t@sssssssssssssss=v", 20);
    CHECK_EQ_INT(tsv(buf), OTEL_ERR_INVALID);
}

TEST(context_extract_tracestate) {
    otel_span_context c;
    CHECK_EQ_INT(otel_context_extract("00-" TID "-" SID "-01", "foo=bar,x@y=z", &c), OTEL_OK);
    CHECK_EQ_INT(c.tracestate_len, 13);
    CHECK(c.tracestate && memcmp(c.tracestate, "foo=bar,x@y=z", 13) == 0);
    /* invalid tracestate dropped, traceparent kept */
    CHECK_EQ_INT(otel_context_extract("00-" TID "-" SID "-01", "Foo=bar", &c), OTEL_OK);
    CHECK_EQ_INT(c.tracestate_len, 0);
    CHECK(otel_span_context_is_valid(&c));
    /* tracestate ignored when traceparent invalid */
    CHECK_EQ_INT(otel_context_extract("00-" TID "-" SID "-0x", "foo=bar", &c), OTEL_ERR_INVALID);
    CHECK_EQ_INT(c.tracestate_len, 0);
    CHECK(c.tracestate == NULL);
    CHECK(!otel_span_context_is_valid(&c));
    CHECK_EQ_INT(otel_context_extract(NULL, "foo=bar", &c), OTEL_ERR_INVALID);
    CHECK(c.tracestate == NULL);
}

TEST(headers_inject_extract) {
    otel_span_context c;
    otel_header h[3] = {{"Content-Type", "text/plain"}, {"TraceParent", "00-" TID "-" SID "-01"},
                        {"TRACESTATE", "congo=t61rcWkgMzE"}};
    CHECK_EQ_INT(otel_headers_extract(h, 3, &c), OTEL_OK);
    CHECK_EQ_INT(c.trace_id[0], 0x4b);
    CHECK_EQ_INT(c.flags & 1, 1);
    CHECK_EQ_INT(c.remote, 1);
    CHECK_EQ_INT(c.tracestate_len, 17);
    /* two traceparent headers: invalid */
    otel_header two[3] = {{"traceparent", "00-" TID "-" SID "-01"}, {"tracestate", "a=b"},
                          {"Traceparent", "00-" TID "-" SID "-01"}};
    CHECK_EQ_INT(otel_headers_extract(two, 3, &c), OTEL_ERR_INVALID);
    CHECK(!otel_span_context_is_valid(&c));
    CHECK(c.tracestate == NULL);
    /* only tracestate: invalid, nothing kept */
    CHECK_EQ_INT(otel_headers_extract(two + 1, 1, &c), OTEL_ERR_INVALID);
    CHECK(c.tracestate == NULL);
    /* inject */
    CHECK_EQ_INT(otel_headers_extract(h, 3, &c), OTEL_OK);
    otel_header out[2];
    char buf[256];
    int n = otel_headers_inject(&c, out, 2, buf, sizeof buf);
    CHECK_EQ_INT(n, 2);
    CHECK_STR(out[0].name, "traceparent");
    CHECK_STR(out[0].value, "00-" TID "-" SID "-01");
    CHECK_STR(out[1].name, "tracestate");
    CHECK_STR(out[1].value, "congo=t61rcWkgMzE");
    /* and back */
    otel_span_context d;
    CHECK_EQ_INT(otel_headers_extract(out, (size_t)n, &d), OTEL_OK);
    CHECK(memcmp(c.trace_id, d.trace_id, 16) == 0 && memcmp(c.span_id, d.span_id, 8) == 0);
    CHECK_EQ_INT(d.tracestate_len, 17);
    /* too small */
    CHECK(otel_headers_inject(&c, out, 2, buf, 20) < 0);
    CHECK(otel_headers_inject(&c, out, 1, buf, sizeof buf) < 0);
    memset(&d, 0, sizeof d);
    CHECK_EQ_INT(otel_headers_inject(&d, out, 2, buf, sizeof buf), 0);
}

TEST(env_carrier) {
    otel_span_context c;
    CHECK_EQ_INT(otel_context_extract("00-" TID "-" SID "-01", "foo=bar", &c), OTEL_OK);
    char *envp[] = {"PATH=/bin", "TRACEPARENT=00-11111111111111111111111111111111-2222222222222222-00",
                    "HOME=/root", "TRACESTATE=old=1", "TRACEPARENTX=keep", NULL};
    char *out[16];
    char buf[256];
    int n = otel_context_inject_env(&c, envp, out, 16, buf, sizeof buf);
    CHECK_EQ_INT(n, 5);
    int tp = 0, ts = 0, path = 0, home = 0, x = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(out[i], "TRACEPARENT=00-" TID "-" SID "-01") == 0) tp++;
        else if (strcmp(out[i], "TRACESTATE=foo=bar") == 0) ts++;
        else if (strcmp(out[i], "PATH=/bin") == 0) path++;
        else if (strcmp(out[i], "HOME=/root") == 0) home++;
        else if (strcmp(out[i], "TRACEPARENTX=keep") == 0) x++;
        else { printf("  unexpected env entry %s\n", out[i]); CHECK(0); }
    }
    CHECK(n >= 0 && out[n] == NULL);
    CHECK(tp == 1 && ts == 1 && path == 1 && home == 1 && x == 1);
    otel_span_context d;
    CHECK_EQ_INT(otel_env_extract(out, &d), OTEL_OK);
    CHECK(memcmp(c.trace_id, d.trace_id, 16) == 0 && memcmp(c.span_id, d.span_id, 8) == 0);
    CHECK_EQ_INT(d.flags & 1, 1);
    CHECK_EQ_INT(d.tracestate_len, 7);
    /* invalid context: the variables are removed */
    memset(&d, 0, sizeof d);
    n = otel_context_inject_env(&d, envp, out, 16, buf, sizeof buf);
    CHECK_EQ_INT(n, 3);
    for (int i = 0; i < n; i++) CHECK(strncmp(out[i], "TRACE", 5) != 0 || strncmp(out[i], "TRACEPARENTX=", 13) == 0);
    CHECK_EQ_INT(otel_env_extract(out, &d), OTEL_ERR_INVALID);
    /* no room */
    CHECK(otel_context_inject_env(&c, envp, out, 3, buf, sizeof buf) < 0);
}

/* The child: started with TRACEPARENT in its environment, prints its root
   span's trace id and parent span id. */
static int child_main(void) {
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.processor = &tu_null_processor;    /* environment read (ignore_env = 0) */
    if (otel_init(&cfg) != OTEL_OK) return 2;
    otel_span *s = otel_span_begin("child root", OTEL_SPAN_KIND_INTERNAL);
    otel_span_end(s);
    if (tu_collect() != 1) return 3;
    otel_span_info in = tu_info(tu_spans[0]);
    char tid[33], pid[17];
    for (int i = 0; i < 16; i++) sprintf(tid + 2 * i, "%02x", in.context.trace_id[i]);
    for (int i = 0; i < 8; i++) sprintf(pid + 2 * i, "%02x", in.parent_span_id[i]);
    printf("%s %s %d %d %d %.*s\n", tid, pid, in.has_parent, in.parent_remote, in.context.flags & 1,
           (int)in.context.tracestate_len, in.context.tracestate ? in.context.tracestate : "");
    tu_shutdown();
    return 0;
}

static const char *self_path;

TEST(child_process_continues_trace) {
    tu_clear_env();
    CHECK_EQ_INT(tu_init(), OTEL_OK);
    otel_span_context remote;
    CHECK_EQ_INT(otel_context_extract("00-" TID "-" SID "-01", "vendor=abc", &remote), OTEL_OK);
    otel_span *s = otel_span_begin_with_parent("spawn", OTEL_SPAN_KIND_CLIENT, &remote);
    otel_span_context c = otel_span_get_context(s);
    char *out[512];
    static char buf[1024];
    int n = otel_context_inject_env(&c, environ, out, 512, buf, sizeof buf);
    CHECK(n > 0);
    int fds[2];
    CHECK_EQ_INT(pipe(fds), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    char *argv[] = {(char *)self_path, "--child", NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, self_path, &fa, NULL, argv, out);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    CHECK_EQ_INT(rc, 0);
    char line[512] = {0};
    size_t got = 0;
    ssize_t r;
    while (got < sizeof line - 1 && (r = read(fds[0], line + got, sizeof line - 1 - got)) > 0) got += (size_t)r;
    close(fds[0]);
    int st = 0;
    if (rc == 0) waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    char tid[33], psid[17];
    for (int i = 0; i < 16; i++) sprintf(tid + 2 * i, "%02x", c.trace_id[i]);
    for (int i = 0; i < 8; i++) sprintf(psid + 2 * i, "%02x", c.span_id[i]);
    char expect[256];
    snprintf(expect, sizeof expect, "%s %s 1 1 1 vendor=abc\n", tid, psid);
    CHECK_STR(line, expect);
    CHECK(strcmp(tid, TID) == 0);
    otel_span_end(s);
    tu_shutdown();
}

TEST(context_setenv_and_init_parent) {
    tu_clear_env();
    otel_span_context c;
    CHECK_EQ_INT(otel_context_extract("00-" TID "-" SID "-00", "k=v", &c), OTEL_OK);
    CHECK_EQ_INT(otel_context_setenv(&c), OTEL_OK);
    CHECK_STR(getenv("TRACEPARENT"), "00-" TID "-" SID "-00");
    CHECK_STR(getenv("TRACESTATE"), "k=v");
    otel_span_context d;
    CHECK_EQ_INT(otel_env_extract(NULL, &d), OTEL_OK);
    CHECK(memcmp(d.span_id, c.span_id, 8) == 0);
    /* an init that reads the environment adopts it as the parent of roots */
    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.processor = &tu_null_processor;
    CHECK_EQ_INT(tu_init_cfg(&cfg), OTEL_OK);
    otel_span_context cur = otel_current_context();
    CHECK(memcmp(cur.span_id, c.span_id, 8) == 0);
    otel_span *s = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context sc = otel_span_get_context(s);
    CHECK(memcmp(sc.trace_id, c.trace_id, 16) == 0);
    CHECK_EQ_INT(sc.flags & 1, 0);                 /* parent not sampled */
    CHECK(!otel_span_is_recording(s));
    otel_span_end(s);
    tu_shutdown();
    /* no_env_parent: a new trace */
    cfg.no_env_parent = 1;
    CHECK_EQ_INT(tu_init_cfg(&cfg), OTEL_OK);
    s = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
    sc = otel_span_get_context(s);
    CHECK(memcmp(sc.trace_id, c.trace_id, 16) != 0);
    otel_span_end(s);
    tu_shutdown();
    /* a sampler that is not parent-based: roots are still children of the
       TRACEPARENT parent, sampled by the sampler's own rule (the inline
       begin, which would follow the parent's decision, hands them on) */
    cfg.no_env_parent = 0;
    cfg.sampler = OTEL_SAMPLER_ALWAYS_ON;
    CHECK_EQ_INT(tu_init_cfg(&cfg), OTEL_OK);
    for (int i = 0; i < 3; i++) {
        s = otel_span_begin("r", OTEL_SPAN_KIND_INTERNAL);
        sc = otel_span_get_context(s);
        CHECK(memcmp(sc.trace_id, c.trace_id, 16) == 0);
        CHECK(otel_span_is_recording(s));
        otel_span_end(s);
    }
    tu_shutdown();
    memset(&d, 0, sizeof d);
    CHECK_EQ_INT(otel_context_setenv(&d), OTEL_ERR_INVALID);
    CHECK(getenv("TRACEPARENT") == NULL);
    CHECK(getenv("TRACESTATE") == NULL);
}


/* Trace Context Level 2: several tracestate lines are one list, in order;
   a duplicate key (also across lines) drops the tracestate, never the
   traceparent; each dropped piece is counted. */
TEST(level2_tracestate_lines) {
    otel_span_context c;
    otel_stats before, after;
    otel_stats_get(&before);
    otel_header h[4] = {{"tracestate", "a=1, b=2"}, {"traceparent", "00-" TID "-" SID "-01"},
                        {"X-Other", "y"}, {"TraceState", " c@t=3 "}};
    CHECK_EQ_INT(otel_headers_extract(h, 4, &c), OTEL_OK);
    CHECK_EQ_INT(c.tracestate_len, 14);
    CHECK(c.tracestate && memcmp(c.tracestate, "a=1, b=2,c@t=3", 14) == 0);
    otel_header dup[3] = {{"tracestate", "a=1"}, {"traceparent", "00-" TID "-" SID "-01"}, {"tracestate", "a=2"}};
    CHECK_EQ_INT(otel_headers_extract(dup, 3, &c), OTEL_OK);    /* traceparent kept */
    CHECK(otel_span_context_is_valid(&c));
    CHECK(c.tracestate == NULL && c.tracestate_len == 0);
    otel_header bad[2] = {{"traceparent", "00-" TID "-" SID "-01"}, {"tracestate", "1a=b"}};
    CHECK_EQ_INT(otel_headers_extract(bad, 2, &c), OTEL_OK);
    CHECK(c.tracestate == NULL);
    otel_stats_get(&after);
    CHECK_EQ_INT(after.propagation_invalid - before.propagation_invalid, 2);
    /* a higher version: the first four fields, the rest ignored */
    otel_header v2[1] = {{"traceparent", "01-" TID "-" SID "-03-whatever-comes-next"}};
    CHECK_EQ_INT(otel_headers_extract(v2, 1, &c), OTEL_OK);
    CHECK_EQ_INT(c.flags, 3);
    char tp[56];
    otel_traceparent_format(&c, tp);
    CHECK_STR(tp, "00-" TID "-" SID "-03");
}

/* Inject cuts a tracestate that does not fit by whole members, those over
   128 characters first, and never gives up the traceparent for it. */
TEST(level2_tracestate_cut) {
    char ts[1024], big[200];
    memset(big, 'x', 150); big[150] = 0;
    snprintf(ts, sizeof ts, "a=1,long=%s,b=2,c=3", big);
    otel_span_context c;
    CHECK_EQ_INT(otel_context_extract("00-" TID "-" SID "-01", ts, &c), OTEL_OK);
    CHECK(c.tracestate_len > 150);
    otel_header out[2];
    char buf[56 + 12];
    CHECK_EQ_INT(otel_headers_inject(&c, out, 2, buf, sizeof buf), 2);
    CHECK_STR(out[0].value, "00-" TID "-" SID "-01");
    CHECK_STR(out[1].value, "a=1,b=2,c=3");   /* the long member went first */
    char buf2[56 + 8];
    CHECK_EQ_INT(otel_headers_inject(&c, out, 2, buf2, sizeof buf2), 2);
    CHECK_STR(out[1].value, "a=1,b=2");        /* then from the end */
    char buf3[56 + 2];
    CHECK_EQ_INT(otel_headers_inject(&c, out, 2, buf3, sizeof buf3), 1);   /* traceparent alone */
    CHECK_STR(out[0].value, "00-" TID "-" SID "-01");
}

/* A new root's trace id is random: trace-flags say so (0x02), sampled or
   not, and its children and what they inject carry it. */
TEST(random_flag_on_roots) {
    tu_init();
    otel_span *r = otel_span_begin("root", OTEL_SPAN_KIND_INTERNAL);
    otel_span *k = otel_span_begin("kid", OTEL_SPAN_KIND_INTERNAL);
    otel_span_context rc = otel_span_get_context(r), kc = otel_span_get_context(k);
    CHECK_EQ_INT(rc.flags, OTEL_FLAG_RANDOM | OTEL_FLAG_SAMPLED);
    CHECK_EQ_INT(kc.flags, OTEL_FLAG_RANDOM | OTEL_FLAG_SAMPLED);
    char tp[56];
    otel_traceparent_format(&kc, tp);
    CHECK_STR(tp + 53, "03");
    otel_span_end(k);
    otel_span_end(r);
    /* a remote parent's flags are its own: no random flag added */
    otel_span_context p;
    CHECK_EQ_INT(otel_context_extract("00-" TID "-" SID "-01", NULL, &p), OTEL_OK);
    otel_span *c = otel_span_begin_with_parent("c", OTEL_SPAN_KIND_SERVER, &p);
    CHECK_EQ_INT(otel_span_get_context(c).flags, OTEL_FLAG_SAMPLED);
    otel_span_end(c);
    tu_drain();
    tu_shutdown();
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--child") == 0) return child_main();
    self_path = argv[0];
    RUN(traceparent_vectors);
    RUN(traceparent_format_round_trip);
    RUN(tracestate_validate);
    RUN(context_extract_tracestate);
    RUN(headers_inject_extract);
    RUN(env_carrier);
    RUN(child_process_continues_trace);
    RUN(context_setenv_and_init_parent);
    RUN(level2_tracestate_lines);
    RUN(level2_tracestate_cut);
    RUN(random_flag_on_roots);
    return test_summary("w3c");
}
