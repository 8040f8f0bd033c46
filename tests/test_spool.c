/* The disk spool: an outage longer than the queue holds loses nothing; what
   is queued at shutdown is sent by the next run; corrupted and truncated
   spool files are skipped with a warning; beyond the cap the oldest files
   are dropped and counted. Delivery is checked span by span (a sequence
   number in each span), so duplicates and losses both show. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include "test_core_util.h"
#include <dirent.h>
#include <sys/stat.h>

#define MAXSPANS 5000
static int down;
static unsigned char seen[MAXSPANS];
static long requests;
static int transport(void *user, const char *path, const char *ct, const void *body, size_t len, int timeout_ms,
                     otel_transport_result *res) {
    (void)user; (void)path; (void)ct; (void)timeout_ms;
    if (__atomic_load_n(&down, __ATOMIC_ACQUIRE)) return OTEL_ERR_CONNECT;
    const char *b = (const char *)body, *key = "\"key\":\"seq\",\"value\":{\"intValue\":\"";
    size_t k = strlen(key);
    for (size_t i = 0; i + k < len; i++)
        if (memcmp(b + i, key, k) == 0) {
            long v = strtol(b + i + k, NULL, 10);
            if (v >= 0 && v < MAXSPANS && seen[v] < 255) seen[v]++;
        }
    __atomic_fetch_add(&requests, 1, __ATOMIC_RELAXED);
    res->http_status = 200;
    return OTEL_OK;
}
static char dir[64];
static int init(uint64_t cap) {
    static otel_export_config ec;
    memset(&ec, 0, sizeof ec);
    ec.transport = transport;
    ec.protocol = OTEL_PROTOCOL_HTTP_JSON;
    ec.max_queue_size = 64;
    ec.max_export_batch_size = 16;
    ec.schedule_delay_ms = 5;
    ec.retry_initial_ms = 20;
    ec.retry_max_ms = 50;
    ec.spool_dir = dir;
    ec.spool_max_bytes = cap;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &ec;
    return otel_init(&c);
}
static void produce(int from, int to) {
    for (int i = from; i < to; i++) {
        otel_span *s = otel_span_begin("spooled", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_int(s, "seq", i);
        otel_span_end(s);
        if (i % 200 == 0) otel_wake();
    }
}
static int files_in_dir(void) {
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) n += strstr(e->d_name, ".spool") != NULL;
    if (d) closedir(d);
    return n;
}
static void reset_seen(void) { memset(seen, 0, sizeof seen); }
static int count_seen(int n, int *dups) {
    int got = 0;
    *dups = 0;
    for (int i = 0; i < n; i++) { got += seen[i] > 0; *dups += seen[i] > 1 ? seen[i] - 1 : 0; }
    return got;
}
static void sleep_ms(int ms) { struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L}; nanosleep(&ts, NULL); }

TEST(outage_longer_than_the_queue) {
    reset_seen();
    __atomic_store_n(&down, 1, __ATOMIC_RELEASE);
    tu_capture_begin();
    CHECK_EQ_INT(init(0), OTEL_OK);
    produce(0, 2000);
    otel_flush(300);                          /* the backend is down: spilled, not dropped */
    otel_stats st;
    otel_stats_get(&st);
    CHECK(st.spool_written > 1000);
    CHECK(files_in_dir() > 0);
    __atomic_store_n(&down, 0, __ATOMIC_RELEASE);
    CHECK_EQ_INT(otel_flush(10000), OTEL_OK);
    otel_stats_get(&st);
    otel_shutdown(2000);
    (void)tu_capture_end();
    int dups;
    CHECK_EQ_INT(count_seen(2000, &dups), 2000);    /* zero loss */
    CHECK_EQ_INT(st.spool_replayed, st.spool_written);
    CHECK_EQ_INT(st.spans_started, st.spans_exported + st.spool_written + st.spans_export_dropped + st.spans_export_failed + otel_pending());
    CHECK_EQ_INT(st.spans_export_dropped, 0);
    CHECK_EQ_INT(files_in_dir(), 0);
}

/* an outage that lasts longer than the arena can hold: 8 times its blocks,
   from producers at a steady pace; nothing dropped, everything delivered */
TEST(outage_longer_than_the_arena) {
    static unsigned char arena[256 * OTEL_BLOCK_SIZE] __attribute__((aligned(64)));
    reset_seen();
    __atomic_store_n(&down, 1, __ATOMIC_RELEASE);
    static otel_export_config ec;
    memset(&ec, 0, sizeof ec);
    ec.transport = transport;
    ec.protocol = OTEL_PROTOCOL_HTTP_JSON;
    ec.schedule_delay_ms = 5;
    ec.retry_initial_ms = 20;
    ec.retry_max_ms = 50;
    ec.spool_dir = dir;              /* the queue defaults to a quarter of the arena */
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &ec;
    c.arena = arena;
    c.arena_size = sizeof arena;
    tu_capture_begin();
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    for (int i = 0; i < 2048; i += 32) {
        /* a steady producer: the next burst once the exporter has taken the
           last one (to its queue, or to disk), so the test is about what is
           kept, not about how fast this machine writes files */
        for (int wait = 0; wait < 2000 && otel_pending() > 64 + 32; wait++) { otel_wake(); sleep_ms(1); }
        produce(i, i + 32);
        otel_wake();
    }
    otel_flush(200);
    otel_stats st;
    otel_stats_get(&st);
    CHECK_EQ_INT(st.spans_dropped, 0);              /* producers always found room */
    CHECK(st.spool_written > 1024);
    __atomic_store_n(&down, 0, __ATOMIC_RELEASE);
    CHECK_EQ_INT(otel_flush(10000), OTEL_OK);
    otel_stats_get(&st);
    otel_shutdown(2000);
    (void)tu_capture_end();
    int dups;
    CHECK_EQ_INT(count_seen(2048, &dups), 2048);
    CHECK_EQ_INT(dups, 0);
    CHECK_EQ_INT(st.spans_started, 2048);
    CHECK_EQ_INT(files_in_dir(), 0);
}

/* n spans while the backend is down, to the end of the run: all of it
   stays on disk; returns the warnings printed */
static const char *run_while_down(int n) {
    reset_seen();
    __atomic_store_n(&down, 1, __ATOMIC_RELEASE);
    tu_capture_begin();
    init(0);
    produce(0, n);
    otel_shutdown(300);
    return tu_capture_end();
}

TEST(across_a_restart) {
    const char *err = run_while_down(1000);
    CHECK(strstr(err, "kept in the spool") != NULL);
    CHECK(files_in_dir() > 0);
    __atomic_store_n(&down, 0, __ATOMIC_RELEASE);
    CHECK_EQ_INT(init(0), OTEL_OK);           /* the next run */
    CHECK_EQ_INT(otel_flush(10000), OTEL_OK);
    otel_stats st;
    otel_stats_get(&st);
    otel_shutdown(2000);
    int dups;
    CHECK_EQ_INT(count_seen(1000, &dups), 1000);
    CHECK_EQ_INT(st.spool_replayed, 1000);
    CHECK_EQ_INT(files_in_dir(), 0);
}

TEST(corrupted_and_truncated_files_skipped) {
    (void)run_while_down(300);
    /* damage: a garbage file, and one real file cut short, both older than the rest */
    char path[128];
    snprintf(path, sizeof path, "%s/otel-00000000000000000001-00000001-000001.spool", dir);
    FILE *f = fopen(path, "wb");
    if (f) { fputs("this is not a spool file", f); fclose(f); }
    DIR *d = opendir(dir);
    struct dirent *e;
    char victim[400] = "";
    while (d && (e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".spool") && strcmp(e->d_name, "otel-00000000000000000001-00000001-000001.spool") != 0 && !victim[0])
            snprintf(victim, sizeof victim, "%s/%s", dir, e->d_name);
    if (d) closedir(d);
    CHECK(victim[0] != 0);
    struct stat st0;
    if (victim[0] && stat(victim, &st0) == 0) CHECK_EQ_INT(truncate(victim, st0.st_size / 2), 0);
    __atomic_store_n(&down, 0, __ATOMIC_RELEASE);
    tu_capture_begin();
    CHECK_EQ_INT(init(0), OTEL_OK);
    int rc = otel_flush(10000);
    otel_stats st;
    otel_stats_get(&st);
    otel_shutdown(2000);

    const char *w = tu_capture_end();
    CHECK_EQ_INT(rc, OTEL_OK);
    CHECK(strstr(w, "corrupted or truncated") != NULL);
    int dups;
    int got = count_seen(300, &dups);
    CHECK(got > 0 && got < 300);                        /* the truncated file's spans are lost, and counted */
    CHECK_EQ_INT((uint64_t)got + st.spool_dropped, 300);
    CHECK_EQ_INT(files_in_dir(), 0);
}

/* n spans while the backend is down (after `before` ran), then the backend
   back and a flush; the stats after it, and the warnings printed */
static const char *outage_then_recovery(uint64_t cap, int n, void (*before)(void), otel_stats *st, int *flushed) {
    reset_seen();
    __atomic_store_n(&down, 1, __ATOMIC_RELEASE);
    tu_capture_begin();
    init(cap);
    if (before) before();
    produce(0, n);
    otel_flush(300);
    __atomic_store_n(&down, 0, __ATOMIC_RELEASE);
    *flushed = otel_flush(10000);
    otel_stats_get(st);
    otel_shutdown(2000);
    return tu_capture_end();
}

TEST(cap_drops_the_oldest) {
    otel_stats st;
    int flushed;
    const char *w = outage_then_recovery(16 * 1024, 3000, NULL, &st, &flushed);   /* a cap of a few files */
    CHECK_EQ_INT(flushed, OTEL_OK);
    CHECK(strstr(w, "over its cap") != NULL);
    CHECK(st.spool_dropped > 0);
    int dups;
    int got = count_seen(3000, &dups);
    CHECK_EQ_INT(dups, 0);
    /* the ledger: every span delivered, or counted as dropped */
    CHECK_EQ_INT((uint64_t)got + st.spool_dropped + st.spans_export_dropped, 3000);
    CHECK(seen[2999] > 0);                              /* the newest survive */
}

/* the spool cannot be written (its directory is gone, as a full or failed
   disk would refuse it): the records are dropped and counted, nothing blocks */
static void remove_spool_dir(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("could not remove %s\n", dir);
}
TEST(spool_write_failure_counted) {
    otel_stats st;
    int flushed;
    const char *w = outage_then_recovery(0, 1000, remove_spool_dir, &st, &flushed);
    CHECK_EQ_INT(flushed, OTEL_OK);
    CHECK(strstr(w, "spool: cannot write") != NULL);
    CHECK(st.spans_export_dropped > 0);
    int dups;
    int got = count_seen(1000, &dups);
    CHECK_EQ_INT((uint64_t)got + st.spans_export_dropped + st.spool_written - st.spool_replayed, 1000);
    if (mkdir(dir, 0700) != 0) printf("could not recreate %s\n", dir);
}

int main(void) {
    tu_clear_env();
    snprintf(dir, sizeof dir, "/tmp/otel-spool-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    RUN(outage_longer_than_the_queue);
    RUN(outage_longer_than_the_arena);
    RUN(across_a_restart);
    RUN(corrupted_and_truncated_files_skipped);
    RUN(cap_drops_the_oldest);
    RUN(spool_write_failure_counted);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("could not remove %s\n", dir);
    return test_summary("spool");
}
