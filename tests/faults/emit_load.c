/* emit_load.c - the traced program of the fault matrix (tests/faults/run.js).
   Producer threads begin and end spans at a steady rate while the backend
   misbehaves; the program exports with the OTEL_* environment and reports
   what the producers saw and what the SDK counted.

   Environment:
     EMIT_THREADS      producer threads (4)
     EMIT_SPANS        spans per thread (250000)
     EMIT_RATE         spans per second, all threads together (160000); 0: flat out
     EMIT_IDS_FILE     where the span ids go, 8 raw bytes each, thread after thread
     EMIT_SHUTDOWN_MS  deadline of the final otel_shutdown (15000)
     EMIT_ARENA_MB     own arena of this size instead of the built-in one
     EMIT_SHUTDOWN_AT_MS  shut down no earlier than this many ms after init
                       (the exporter's state at shutdown: before, during or
                       after its first export)
     EMIT_FLUSH_MS     first otel_flush with this deadline (0: none)

   The rate is kept in bursts: a producer runs EMIT_BURST (500) spans flat out,
   then sleeps until its next burst is due. Throughput is measured over the
   bursts only, in the thread's CPU time (spans / CPU time spent producing), so
   it reflects what a span costs the producer under each fault, while the
   sleeps stretch the run over the seconds a fault needs to play out. CPU time
   rather than wall time: on a shared 2-core machine wall time mostly measures
   who else ran; a producer that waited would show in the worst latency.
   Wall-clock throughput over the bursts is printed too.

   Output: a line "PRODUCED" when the producers are done (the test ends an
   outage that is still on, so delivery can complete), then one JSON line. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

#define IDBUF 8192   /* ids buffered per thread between writes (64 KiB) */

typedef struct producer {
    pthread_t th;
    int idx;
    uint64_t n, burst;
    double rate;                  /* spans/s for this thread; 0: no pacing */
    uint64_t busy_ns, cpu_ns, worst_ns, over_1ms, done;
    int fd;
    off_t off;
    size_t used;
    int io_error;
    uint8_t ids[IDBUF * 8];
} producer;

static uint64_t mono(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
static uint64_t thread_cpu(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
static void sleep_until(uint64_t t) {
    struct timespec ts = {(time_t)(t / 1000000000ull), (long)(t % 1000000000ull)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
}
static uint64_t env_u64(const char *name, uint64_t dflt) {
    const char *v = getenv(name);
    return v && *v ? strtoull(v, NULL, 10) : dflt;
}

/* ids go out between bursts, so the write never lands inside a timed span */
static void flush_ids(producer *p) {
    size_t at = 0, bytes = p->used * 8;
    while (p->fd >= 0 && at < bytes) {
        ssize_t w = pwrite(p->fd, p->ids + at, bytes - at, p->off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { p->io_error = 1; break; }
        at += (size_t)w;
        p->off += w;
    }
    p->used = 0;
}

static void *produce(void *arg) {
    producer *p = arg;
    uint64_t start = mono();
    for (uint64_t i = 0; i < p->n;) {
        if (p->rate > 0) sleep_until(start + (uint64_t)((double)i * 1e9 / p->rate));
        if (p->used + p->burst > IDBUF) flush_ids(p);
        uint64_t end = i + p->burst < p->n ? i + p->burst : p->n;
        uint64_t c0 = thread_cpu(), b0 = mono();
        for (; i < end; i++) {
            uint64_t t0 = mono();
            otel_span *s = otel_span_begin("unit", OTEL_SPAN_KIND_INTERNAL);
            otel_span_set_int(s, "i", (int64_t)i);
            otel_span_context c = otel_span_get_context(s);
            otel_span_end(s);
            uint64_t d = mono() - t0;
            if (d > p->worst_ns) p->worst_ns = d;
            if (d > 1000000u) p->over_1ms++;
            memcpy(p->ids + p->used * 8, c.span_id, 8);
            p->used++;
        }
        p->busy_ns += mono() - b0;
        p->cpu_ns += thread_cpu() - c0;
        p->done = i;
    }
    flush_ids(p);
    return NULL;
}

int main(void) {
    int threads = (int)env_u64("EMIT_THREADS", 4);
    uint64_t per = env_u64("EMIT_SPANS", 250000), rate = env_u64("EMIT_RATE", 160000);
    uint64_t burst = env_u64("EMIT_BURST", 500);
    int shutdown_ms = (int)env_u64("EMIT_SHUTDOWN_MS", 15000);
    uint64_t shutdown_at_ms = env_u64("EMIT_SHUTDOWN_AT_MS", 0), flush_ms = env_u64("EMIT_FLUSH_MS", 0);
    size_t arena_mb = (size_t)env_u64("EMIT_ARENA_MB", 0);
    const char *ids_path = getenv("EMIT_IDS_FILE");
    if (threads < 1 || threads > 64 || per == 0 || burst == 0 || burst > IDBUF) {
        fprintf(stderr, "emit_load: bad EMIT_THREADS/EMIT_SPANS/EMIT_BURST\n");
        return 2;
    }

    otel_config cfg;
    memset(&cfg, 0, sizeof cfg);
    if (arena_mb) {
        cfg.arena_size = arena_mb << 20;
        cfg.arena = malloc(cfg.arena_size);
        if (!cfg.arena) return 2;
    }
    if (otel_init(&cfg) != OTEL_OK) return 2;
    uint64_t init_ns = mono();

    int fd = -1;
    if (ids_path && *ids_path) {
        fd = open(ids_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) { perror(ids_path); return 2; }
    }
    producer *ps = calloc((size_t)threads, sizeof *ps);
    if (!ps) return 2;
    uint64_t t0 = mono();
    for (int i = 0; i < threads; i++) {
        producer *p = &ps[i];
        p->idx = i;
        p->n = per;
        p->burst = burst;
        p->rate = rate ? (double)rate / threads : 0;
        p->fd = fd;
        p->off = (off_t)((uint64_t)i * per * 8);
        if (pthread_create(&p->th, NULL, produce, p) != 0) { fprintf(stderr, "emit_load: pthread_create\n"); return 2; }
    }
    for (int i = 0; i < threads; i++) pthread_join(ps[i].th, NULL);
    uint64_t wall_ns = mono() - t0;
    printf("PRODUCED\n");
    fflush(stdout);

    sleep_until(init_ns + shutdown_at_ms * 1000000ull);
    int flush_rc = 0;
    uint64_t flush_ns = 0;
    if (flush_ms) {
        uint64_t f0 = mono();
        flush_rc = otel_flush((int)flush_ms);
        flush_ns = mono() - f0;
    }
    uint64_t s0 = mono();
    int rc = otel_shutdown(shutdown_ms);
    uint64_t shutdown_ns = mono() - s0;
    if (fd >= 0) close(fd);

    uint64_t produced = 0, worst = 0, over = 0;
    double thr = 0, thr_wall = 0;
    int io_error = 0;
    for (int i = 0; i < threads; i++) {
        producer *p = &ps[i];
        produced += p->done;
        if (p->worst_ns > worst) worst = p->worst_ns;
        over += p->over_1ms;
        if (p->cpu_ns) thr += (double)p->done * 1e9 / (double)p->cpu_ns;
        if (p->busy_ns) thr_wall += (double)p->done * 1e9 / (double)p->busy_ns;
        io_error |= p->io_error;
    }
    otel_stats st;
    otel_stats_get(&st);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("{\"shutdown\":%d,\"shutdownMs\":%.1f,\"flush\":%d,\"flushMs\":%.1f,\"produced\":%llu,\"threads\":%d,\"wallMs\":%.0f,"
           "\"producerSpansPerSec\":%.0f,\"producerSpansPerSecWall\":%.0f,\"achievedSpansPerSec\":%.0f,\"worstLatencyUs\":%.1f,\"over1ms\":%llu,"
           "\"maxRssKb\":%ld,\"idsWriteError\":%d,"
           "\"stats\":{\"started\":%llu,\"dropped\":%llu,\"exported\":%llu,\"exportDropped\":%llu,"
           "\"exportFailed\":%llu,\"retries\":%llu,\"pending\":%llu,\"arenaBlocks\":%llu,"
           "\"spoolWritten\":%llu,\"spoolReplayed\":%llu,\"spoolDropped\":%llu,\"unknown\":%llu}}\n",
           rc, shutdown_ns / 1e6, flush_rc, flush_ns / 1e6, (unsigned long long)produced, threads, wall_ns / 1e6,
           thr, thr_wall, (double)produced * 1e9 / (double)wall_ns, worst / 1e3, (unsigned long long)over,
           ru.ru_maxrss, io_error,
           (unsigned long long)st.spans_started, (unsigned long long)st.spans_dropped,
           (unsigned long long)st.spans_exported, (unsigned long long)st.spans_export_dropped,
           (unsigned long long)st.spans_export_failed, (unsigned long long)st.export_retries,
           (unsigned long long)otel_pending(), (unsigned long long)st.arena_blocks,
           (unsigned long long)st.spool_written, (unsigned long long)st.spool_replayed, (unsigned long long)st.spool_dropped,
           (unsigned long long)st.spans_export_unknown);
    free(ps);
    free(cfg.arena);
    return 0;
}
