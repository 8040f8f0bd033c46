/* test_export_config.c - what the exporter makes of bad configuration and
   damaged state, and what it says about it: reserved header names and bad
   escapes in OTEL_EXPORTER_OTLP_HEADERS, an invalid endpoint or an unknown
   exporter (every signal counted as dropped), damaged spool files and
   unfinished ones of dead processes (counted, cleaned), timeouts of 0, an
   invalid queue size, gRPC statuses and closed connections in warnings. */
#define OTEL_WARN_INTERVAL_MS 1   /* each warning seen (but those of one call site within 1 ms) */
#define OTEL_LOG(msg) capture_log(msg)
static void capture_log(const char *msg);
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include "test_net.h"
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static char logbuf[16384];
static void capture_log(const char *msg) {
    pthread_mutex_lock(&log_mu);
    size_t n = strlen(logbuf);
    snprintf(logbuf + n, sizeof logbuf - n, "%s\n", msg);
    pthread_mutex_unlock(&log_mu);
}

static int logged(const char *needle) {
    pthread_mutex_lock(&log_mu);
    int hit = strstr(logbuf, needle) != NULL;
    pthread_mutex_unlock(&log_mu);
    if (!hit) printf("  no warning with \"%s\" in:\n%s", needle, logbuf);
    return hit;
}
static void log_reset(void) { pthread_mutex_lock(&log_mu); logbuf[0] = 0; pthread_mutex_unlock(&log_mu); }

static otel_export_config e;
static otel_config cfg;
static void config(const char *endpoint) {
    memset(&e, 0, sizeof e);
    memset(&cfg, 0, sizeof cfg);
    e.endpoint = endpoint;
    e.schedule_delay_ms = 10;
    e.metric_interval_ms = 50;
    e.retry_initial_ms = e.retry_max_ms = 10;
    e.timeout_ms = 300;
    cfg.exporter = &e;
    cfg.ignore_env = 1;
    cfg.service_name = "config";
    log_reset();
}
/* 10 spans, 3 log records, one counter */
static void signals(void) {
    for (int i = 0; i < 10; i++) otel_span_end(otel_span_begin("s", OTEL_SPAN_KIND_INTERNAL));
    for (int i = 0; i < 3; i++) otel_log(OTEL_SEVERITY_INFO, "hello", NULL, 0);
    otel_instrument *c = otel_counter_create("requests", "1", "requests");
    otel_counter_add(c, 1, NULL, 0);
}

TEST(reserved_headers_refused_rest_kept) {
    otel__http_header h[16];
    char buf[1024];
    log_reset();
    int n = otel__parse_header_list("host=evil.example,x-ok=1,Content-Length=5,transfer-encoding=chunked,content-type=text/plain,"
                                    "connection=close,:authority=x,te=trailers,api-key=k%20v",
                                    h, 16, buf, sizeof buf);
    CHECK_EQ_INT(n, 2);
    if (n == 2) {
        CHECK_STR(h[0].name, "x-ok");
        CHECK_STR(h[1].name, "api-key");
        CHECK_STR(h[1].value, "k v");
    }
    CHECK(logged("host, Content-Length, transfer-encoding, content-type, connection, :authority, te set by the exporter itself; refused"));
}

TEST(bad_percent_escape_warned) {
    otel__http_header h[4];
    char buf[256];
    log_reset();
    int n = otel__parse_header_list("tok=a%zzb,ok=%41,end=x%2", h, 4, buf, sizeof buf);
    CHECK_EQ_INT(n, 3);
    if (n == 3) { CHECK_STR(h[0].value, "a%zzb"); CHECK_STR(h[1].value, "A"); CHECK_STR(h[2].value, "x%2"); }
    CHECK(logged("a '%' in the value of tok, end starts no %XX escape"));
}

/* every signal counted: spans, log records, metric points */
static void check_all_dropped(void) {
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_started, 10);
    CHECK_EQ_INT(st.spans_export_dropped, 10);
    CHECK_EQ_INT(st.logs_emitted, 3);
    CHECK_EQ_INT(st.logs_export_dropped, 3);
    CHECK(st.metric_export_failed >= 1);
    CHECK_EQ_INT(st.spans_exported + st.logs_exported + st.metric_points_exported, 0);
}

TEST(invalid_endpoint_counts_every_signal) {
    static const char *const bad[] = {"htp://x", "http://[::1", "http://localhost:99999"};
    for (int i = 0; i < 3; i++) {
        usleep(2000);   /* past the warning's rate limit */
        config(bad[i]);
        CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
        signals();
        otel_flush(200);
        otel_shutdown(200);
        check_all_dropped();
        if (!logged("spans, metric points, log records are not exported (dropped and counted")) { printf("  endpoint %s\n", bad[i]); CHECK(0); }
    }
}

TEST(unknown_exporter_counts_every_signal) {
    config("http://127.0.0.1:9");
    cfg.ignore_env = 0;
    setenv("OTEL_TRACES_EXPORTER", "bogus", 1);
    setenv("OTEL_METRICS_EXPORTER", "bogus", 1);
    setenv("OTEL_LOGS_EXPORTER", "bogus", 1);
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
    signals();
    otel_flush(200);
    otel_shutdown(200);
    unsetenv("OTEL_TRACES_EXPORTER");
    unsetenv("OTEL_METRICS_EXPORTER");
    unsetenv("OTEL_LOGS_EXPORTER");
    check_all_dropped();
    CHECK(logged("OTEL_TRACES_EXPORTER: unknown exporter 'bogus' ignored; nothing else named: dropped and counted"));
    CHECK(logged("OTEL_METRICS_EXPORTER: unknown exporter 'bogus' ignored; nothing else named: dropped and counted"));
    CHECK(logged("OTEL_LOGS_EXPORTER: unknown exporter 'bogus' ignored; nothing else named: dropped and counted"));
}

static void write_file(const char *path, const void *p, size_t n) {
    FILE *f = fopen(path, "wb");
    if (f) { fwrite(p, 1, n, f); fclose(f); }
}

TEST(damaged_spool_counted_and_dead_tmp_cleaned) {
    char dir[64], path[400];
    snprintf(dir, sizeof dir, "/tmp/otel-spool-cfg-%d", (int)getpid());
    mkdir(dir, 0700);
    /* a file whose header is garbage: its count is in its name */
    unsigned char junk[100];
    memset(junk, 'Z', sizeof junk);
    snprintf(path, sizeof path, "%s/otel-00000000000000000001-00000001-000001-18.spool", dir);
    write_file(path, junk, sizeof junk);
    /* the unfinished file of a process that died: a valid header saying 66 */
    pid_t child = fork();
    if (child == 0) _exit(0);
    waitpid(child, NULL, 0);
    unsigned char h[OTEL__SPOOL_HEADER + 8];
    memset(h, 0, sizeof h);
    memcpy(h, "OTSP", 4);
    h[4] = 1;
    otel__le32(h + 8, 66);
    otel__le32(h + 12, 4);
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s/.tmp-%08d-000001", dir, (int)child);
    write_file(tmp, h, sizeof h);
    /* and one of a live process (this one's parent): left alone */
    char live[256];
    snprintf(live, sizeof live, "%s/.tmp-%08d-000002", dir, (int)getppid());
    write_file(live, h, sizeof h);

    config("http://127.0.0.1:9");   /* nothing listens: the spool is not emptied by sending */
    e.spool_dir = dir;
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
    otel_flush(300);
    otel_shutdown(100);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spool_dropped, 18 + 66);
    CHECK(access(path, F_OK) != 0);
    CHECK(access(tmp, F_OK) != 0);
    CHECK(access(live, F_OK) == 0);
    CHECK(logged("(18 records dropped)"));
    CHECK(logged("1 unfinished files of ended processes deleted (66 records)"));
    unlink(live);
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' && (!de->d_name[1] || de->d_name[1] == '.')) continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        unlink(path);
    }
    if (d) closedir(d);
    rmdir(dir);
}

TEST(spool_names_carry_their_count) {
    CHECK_EQ_INT(otel__spool_name_count("otel-00000000000000000001-00000001-000001-512.spool"), 512);
    CHECK_EQ_INT(otel__spool_name_count("otel-00000000000000000001-00000001-000001.spool"), -1);   /* earlier form */
    CHECK_EQ_INT(otel__spool_name_count("otel-00000000000000000001-00000001-000001-.spool"), -1);
    CHECK_EQ_INT(otel__spool_name_count("otel-00000000000000000001-00000001-000001-1x.spool"), -1);
}

TEST(timeouts_of_zero) {
    /* OTEL_EXPORTER_OTLP_TIMEOUT=0: no limit of the request's own */
    config("http://127.0.0.1:9");
    e.timeout_ms = 0;
    cfg.ignore_env = 0;
    setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "0", 1);
    setenv("OTEL_BSP_EXPORT_TIMEOUT", "0", 1);
    setenv("OTEL_BSP_MAX_QUEUE_SIZE", "-5", 1);
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
    CHECK_EQ_INT(otel__x.ch[0].timeout_ms, 0);
    CHECK_EQ_INT(otel__x.export_timeout_ms, 30000);
    CHECK_EQ_INT(otel__x.q[0].cap, otel__g.nblocks);
    otel_shutdown(100);
    unsetenv("OTEL_EXPORTER_OTLP_TIMEOUT");
    unsetenv("OTEL_BSP_EXPORT_TIMEOUT");
    unsetenv("OTEL_BSP_MAX_QUEUE_SIZE");
    CHECK(logged("OTEL_BSP_EXPORT_TIMEOUT: 0 leaves no time to export; using 30000"));
    CHECK(logged("OTEL_BSP_MAX_QUEUE_SIZE: invalid value '-5' (want a non-negative integer), using the default (what the arena holds)"));
}

TEST(grpc_status_named) {
    otel__http_response r;
    char buf[224];
    memset(&r, 0, sizeof r);
    r.status = 503;
    CHECK_STR(otel__status_text(&r, buf, sizeof buf), "HTTP 503");
    r.is_grpc = 1;
    r.grpc_status = 8;
    snprintf(r.message, sizeof r.message, "slow down");
    CHECK_STR(otel__status_text(&r, buf, sizeof buf), "gRPC status RESOURCE_EXHAUSTED (8): slow down");
}

/* a server that reads the request and closes the connection */
static int closer_fd;
static void *closer(void *arg) {
    (void)arg;
    for (int i = 0; i < 2; i++) {
        int fd = accept(closer_fd, NULL, NULL);
        if (fd < 0) return NULL;
        char b[4096];
        usleep(20000);
        if (recv(fd, b, sizeof b, 0) < 0) {}
        close(fd);
    }
    return NULL;
}
TEST(closed_connection_said_so) {
    int closer_port = 0;
    closer_fd = tn_listen_loopback(&closer_port, 4);
    CHECK(closer_fd >= 0);
    pthread_t th;
    pthread_create(&th, NULL, closer, NULL);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", closer_port);
    config(url);
    e.metrics_exporter = e.logs_exporter = "none";
    e.retry_initial_ms = e.retry_max_ms = 5000;
    CHECK_EQ_INT(otel_init(&cfg), OTEL_OK);
    otel_span_end(otel_span_begin("s", OTEL_SPAN_KIND_INTERNAL));
    otel_flush(300);
    otel_shutdown(100);
    shutdown(closer_fd, SHUT_RDWR);
    close(closer_fd);
    pthread_join(th, NULL);
    CHECK(logged("failed: the server closed the connection; retrying"));
}

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    RUN(reserved_headers_refused_rest_kept);
    RUN(bad_percent_escape_warned);
    RUN(invalid_endpoint_counts_every_signal);
    RUN(unknown_exporter_counts_every_signal);
    RUN(damaged_spool_counted_and_dead_tmp_cleaned);
    RUN(spool_names_carry_their_count);
    RUN(timeouts_of_zero);
    RUN(grpc_status_named);
    RUN(closed_connection_said_so);
    return test_summary("export-config");
}
