/* bench/bench_clockwork.c - what work between two clock reads costs on this
   machine: the figures behind the recording path's design (bench/README.md).
   A loop of two clock reads (the core benchmark's baseline)
   with k stores or k other instructions between them; the time over the
   bare loop, per store or instruction. On the machine we measured, the
   clock read does not overlap with the work around it (the work adds up),
   a store costs two or three additions, and a 16-byte store a little more
   than an 8-byte one: so the recording path keeps its stores few. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "bench.h"

#define REPS 9
#define N 200000
#define K 32

static volatile uint64_t sink;
static uint64_t buf[4096] __attribute__((aligned(64)));
static unsigned pos;
typedef uint64_t w2 __attribute__((vector_size(16), aligned(1)));

static uint64_t clk(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
/* K stores of 8 bytes, unrolled (no loop around them); the empty asm
   between them keeps the compiler from pairing them itself */
static __attribute__((noinline)) void stores8(uint64_t v) {
    uint64_t *p = &buf[(pos += 64) & 4095];
#define S8(i) p[i] = v + i; __asm__ volatile("" ::: "memory");
    S8(0) S8(1) S8(2) S8(3) S8(4) S8(5) S8(6) S8(7) S8(8) S8(9) S8(10) S8(11) S8(12) S8(13) S8(14) S8(15)
    S8(16) S8(17) S8(18) S8(19) S8(20) S8(21) S8(22) S8(23) S8(24) S8(25) S8(26) S8(27) S8(28) S8(29) S8(30) S8(31)
    __asm__ volatile("" ::: "memory");
}
/* the same count of 16-byte stores (twice the bytes) */
static __attribute__((noinline)) void stores16(uint64_t v) {
    w2 *p = (w2 *)(void *)&buf[(pos += 64) & 4095];
    w2 x = {v, v + 1};
#define S16(i) p[i] = x; __asm__ volatile("" ::: "memory");
    S16(0) S16(1) S16(2) S16(3) S16(4) S16(5) S16(6) S16(7) S16(8) S16(9) S16(10) S16(11) S16(12) S16(13) S16(14) S16(15)
    S16(16) S16(17) S16(18) S16(19) S16(20) S16(21) S16(22) S16(23) S16(24) S16(25) S16(26) S16(27) S16(28) S16(29) S16(30) S16(31)
    __asm__ volatile("" ::: "memory");
}
/* K additions on four independent chains, no memory */
static __attribute__((noinline)) uint64_t adds(uint64_t v) {
    uint64_t a = v, b = v + 1, c = v + 2, d = v + 3;
#define A4 a += 1; b += 2; c += 3; d += 4; __asm__ volatile("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d));
    A4 A4 A4 A4 A4 A4 A4 A4
    return a ^ b ^ c ^ d;
}
static __attribute__((noinline)) void nothing(uint64_t v) { (void)v; __asm__ volatile("" ::: "memory"); }
static __attribute__((noinline)) void adds_op(uint64_t v) { sink = adds(v); }

/* ns per loop of: clock read, work, clock read, work */
static double run(void (*work)(uint64_t)) {
    double t0 = now_s();
    for (int i = 0; i < N; i++) {
        uint64_t a = clk();
        work(a);
        uint64_t b = clk();
        work(b);
        sink += a ^ b;
    }
    return (now_s() - t0) * 1e9 / N;
}

int main(void) {
    /* the four interleaved, run after run, so a phase of the machine
       falls on all of them alike */
    double t[4][REPS];
    void (*const works[4])(uint64_t) = {nothing, stores8, stores16, adds_op};
    for (int r = 0; r < REPS; r++)
        for (int w = 0; w < 4; w++) t[w][r] = run(works[w]);
    double base = median(t[0], REPS), s8 = median(t[1], REPS), s16 = median(t[2], REPS), ad = median(t[3], REPS);
    printf("work between two clock reads (median of %d runs x %d loops; %d of each a gap, two gaps a loop)\n", REPS, N, K);
    printf("  two clock reads and two empty calls              %8.1f ns\n", base);
    printf("  each 8-byte store                                %8.2f ns\n", (s8 - base) / (2 * K));
    printf("  each 16-byte store                               %8.2f ns\n", (s16 - base) / (2 * K));
    printf("  each addition (four chains)                      %8.2f ns\n", (ad - base) / (2 * K));
    return 0;
}
