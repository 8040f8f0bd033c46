/* fuzz.h - shared by the fuzz targets (include it after otel_export.h).

   FUZZ_CHECK aborts even under NDEBUG, and names the property that broke, so
   a crash report says which promise of the parser was not kept. fuzz_copy
   gives each parser its own allocation ending exactly where the input ends
   (or one NUL later), so ASan reports a read one byte too far. */
#ifndef OTEL_FUZZ_H
#define OTEL_FUZZ_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(x)                                                                  \
    do {                                                                               \
        if (!(x)) {                                                                    \
            fprintf(stderr, "%s:%d: property does not hold: %s\n", __FILE__, __LINE__, #x); \
            abort();                                                                   \
        }                                                                              \
    } while (0)

/* n bytes of d, plus a NUL when nul is set; never NULL */
static inline char *fuzz_copy(const uint8_t *d, size_t n, int nul) {
    size_t sz = n + (nul ? 1 : 0);
    char *p = (char *)malloc(sz);   /* malloc(0) too: ASan flags any access to it */
    if (!p && sz) abort();
    if (n) memcpy(p, d, n);
    if (nul) p[n] = 0;
    return p;
}

/* Splits the input at its first '\n' (the separator belongs to neither side),
   so one input can carry two related strings. */
static inline void fuzz_split(const uint8_t *d, size_t n, size_t *n1, const uint8_t **d2, size_t *n2) {
    const uint8_t *nl = (const uint8_t *)memchr(d, '\n', n);
    *n1 = nl ? (size_t)(nl - d) : n;
    *d2 = nl ? nl + 1 : d + n;
    *n2 = nl ? n - *n1 - 1 : 0;
}

/* is s NUL-terminated within cap bytes? */
static inline int fuzz_terminated(const char *s, size_t cap) { return memchr(s, 0, cap) != NULL; }
#endif
