/* fuzz_redact.c - redaction: otel__redact_copy (secrets inside values) and
   otel__pattern_matches (secret-looking keys).

   redact_copy writes at most cap bytes and returns the length the whole
   result has; every cap must give a prefix of that same result, a value
   without a secret comes back unchanged, and a redacted value holds no
   secret any more (redacting it again changes nothing; see the one
   exception below).

   pattern_matches is compared with a plain reading of its rule: the key is
   cut into words at separators and lower-to-upper case changes, and the
   pattern, without its separators, must equal a run of consecutive words.

   Input: the value to redact; split at the first '\n', it is also
   "<pattern>\n<key>". */
#define OTEL_IMPLEMENTATION
/* warnings are rate-limited by the clock: keep them out of the runs */
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"

static void check_redact(const char *in, size_t n) {
    int hits = 0;
    size_t full = otel__redact_copy(in, n, NULL, 0, &hits);
    FUZZ_CHECK(hits >= 0);
    /* each replacement is at most "REDACTED:REDACTED" (17) for at least one
       byte of input, and text around it is copied once */
    FUZZ_CHECK(full <= n + (size_t)hits * 17);

    char *whole = (char *)malloc(full);
    FUZZ_CHECK(whole || !full);
    int h2 = 0;
    FUZZ_CHECK(otel__redact_copy(in, n, whole, full, &h2) == full && h2 == hits);
    if (hits == 0) FUZZ_CHECK(full == n && memcmp(whole, in, n) == 0);

    /* shorter outputs: the same bytes, cut at cap, never a byte past it */
    static const size_t caps[] = {0, 1, 5, 9, 16, 40};
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        size_t cap = caps[i] < full ? caps[i] : full;
        char *out = (char *)malloc(cap);
        FUZZ_CHECK(out || !cap);
        int h3 = 0;
        FUZZ_CHECK(otel__redact_copy(in, n, out, cap, &h3) == full && h3 == hits);
        FUZZ_CHECK(memcmp(out, whole, cap) == 0);
        free(out);
    }

    /* Not with "://" in the value: a replaced token may have swallowed the
       '/' that ended a URL's authority, and "://x[REDACTED]@" then reads as
       user info on a second pass. That pass removes no secret (the first
       already did), so it is no leak, just not a fixed point. */
    if (hits && !memmem(in, n, "://", 3)) {
        char *again = (char *)malloc(full);
        FUZZ_CHECK(again || !full);
        int h4 = 0;
        FUZZ_CHECK(otel__redact_copy(whole, full, again, full, &h4) == full);
        FUZZ_CHECK(memcmp(again, whole, full) == 0);
        free(again);
    }
    free(whole);
}

static int ref_sep(int c) { return c == '.' || c == '_' || c == '-' || c == ' ' || c == '/' || c == ':'; }
static int ref_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int ref_matches(const char *key, size_t klen, const char *pat) {
    unsigned char want[4096];
    size_t wl = 0;
    for (const char *p = pat; *p && wl < sizeof want; p++)
        if (!ref_sep((unsigned char)*p)) want[wl++] = (unsigned char)ref_lower((unsigned char)*p);
    if (wl == 0) return 0;
    size_t ws[32], we[32], nw = 0;
    for (size_t i = 0; i < klen && nw < 32;) {
        if (ref_sep((unsigned char)key[i])) { i++; continue; }
        ws[nw] = i++;
        while (i < klen && !ref_sep((unsigned char)key[i]) &&
               !(key[i] >= 'A' && key[i] <= 'Z' && key[i - 1] >= 'a' && key[i - 1] <= 'z'))
            i++;
        we[nw++] = i;
    }
    for (size_t w = 0; w < nw; w++) {
        size_t got = 0;
        for (size_t x = w; x < nw && got < wl; x++) {
            size_t len = we[x] - ws[x];
            if (got + len > wl) break;
            for (size_t j = 0; j < len; j++)
                if (ref_lower((unsigned char)key[ws[x] + j]) != want[got + j]) goto next_start;
            got += len;
        }
        if (got == wl) return 1;
    next_start:;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *in = fuzz_copy(data, size, 0);
    check_redact(in, size);
    free(in);

    size_t pn, kn;
    const uint8_t *kd;
    fuzz_split(data, size, &pn, &kd, &kn);
    if (pn >= 4096) return 0;
    char *pat = fuzz_copy(data, pn, 1);
    char *key = fuzz_copy(kd, kn, 0);
    int m = otel__pattern_matches(key, kn, pat);
    FUZZ_CHECK(m == ref_matches(key, kn, pat));
    free(pat);
    free(key);
    return 0;
}
