/* heap_count.h - counts malloc/calloc/realloc/free calls made while
   count_begin() .. count_end() is open, on any thread: they are interposed
   here (forwarding to glibc's __libc_* functions). AddressSanitizer
   replaces malloc itself, so in ASan builds COUNT_HEAP is left undefined
   and nothing is counted. Included by one test file per program. */
#ifndef HEAP_COUNT_H
#define HEAP_COUNT_H
#include <stddef.h>
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NOALLOC_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define NOALLOC_ASAN 1
#endif

static int counting;
static long heap_calls;

#ifndef NOALLOC_ASAN
#define COUNT_HEAP 1
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);
static void count_call(void) {
    if (__atomic_load_n(&counting, __ATOMIC_RELAXED)) __atomic_fetch_add(&heap_calls, 1, __ATOMIC_RELAXED);
}
void *malloc(size_t n) { count_call(); return __libc_malloc(n); }
void *calloc(size_t n, size_t m) { count_call(); return __libc_calloc(n, m); }
void *realloc(void *p, size_t n) { count_call(); return __libc_realloc(p, n); }
void free(void *p) { if (p) count_call(); __libc_free(p); }
void *aligned_alloc(size_t a, size_t n) { count_call(); return __libc_memalign(a, n); }
void *memalign(size_t a, size_t n) { count_call(); return __libc_memalign(a, n); }
int posix_memalign(void **out, size_t a, size_t n) {
    count_call();
    void *p = __libc_memalign(a, n);
    if (!p) return 12; /* ENOMEM */
    *out = p;
    return 0;
}
#endif

static inline void count_begin(void) { __atomic_store_n(&heap_calls, 0, __ATOMIC_SEQ_CST); __atomic_store_n(&counting, 1, __ATOMIC_SEQ_CST); }
static inline long count_end(void) { __atomic_store_n(&counting, 0, __ATOMIC_SEQ_CST); return __atomic_load_n(&heap_calls, __ATOMIC_SEQ_CST); }
#endif
