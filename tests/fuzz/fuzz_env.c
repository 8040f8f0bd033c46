/* fuzz_env.c - the parsers behind the OTEL_* environment variables:
   OTEL_RESOURCE_ATTRIBUTES (otel__res_parse, with redaction of the values),
   comma lists (otel__list_next, otel__split_kv, otel__split_list),
   percent-decoding, and the boolean, integer and number values.

   Input: one variable's value; every parser gets the same bytes. */
#define OTEL_IMPLEMENTATION
/* warnings are rate-limited by the clock: keep them out of the runs */
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"

static int is_ows(char c) { return c == ' ' || c == '\t'; }

static void check_lists(const char *s) {
    size_t total = strlen(s), items = 0, commas = 0;
    for (size_t i = 0; i < total; i++) commas += s[i] == ',';
    const char *cur = s, *m;
    size_t n;
    while (otel__list_next(&cur, &m, &n)) {
        items++;
        FUZZ_CHECK(m >= s && m + n <= s + total);
        FUZZ_CHECK(!memchr(m, ',', n));
        if (n) FUZZ_CHECK(!is_ows(m[0]) && !is_ows(m[n - 1]));
        const char *k, *v;
        size_t kn, vn;
        if (otel__split_kv(m, n, &k, &kn, &v, &vn)) {
            FUZZ_CHECK(k >= m && k + kn <= m + n && v >= m && v + vn <= m + n);
            FUZZ_CHECK(k + kn < v);                 /* the '=' lies between them */
            FUZZ_CHECK(!memchr(k, '=', kn));        /* cut at the first '=' */
            if (kn) FUZZ_CHECK(!is_ows(k[0]) && !is_ows(k[kn - 1]));
            if (vn) FUZZ_CHECK(!is_ows(v[0]) && !is_ows(v[vn - 1]));
        } else {
            FUZZ_CHECK(!memchr(m, '=', n));
        }
    }
    FUZZ_CHECK(items == commas + 1);   /* empty members are yielded too */

    /* redaction patterns and allow lists: copies into a bounded buffer */
    char buf[64];
    const char *out[OTEL__MAX_PATTERNS];
    uint32_t count = 3;   /* appends after what is already there */
    otel__split_list(s, buf, sizeof buf, out, &count);
    FUZZ_CHECK(count >= 3 && count <= OTEL__MAX_PATTERNS);
    for (uint32_t i = 3; i < count; i++) {
        FUZZ_CHECK(out[i] >= buf && out[i] < buf + sizeof buf);
        size_t l = strlen(out[i]);
        FUZZ_CHECK(l > 0 && out[i] + l < buf + sizeof buf && !strchr(out[i], ','));
    }
    otel__split_list(NULL, buf, sizeof buf, out, &count);
}

static void check_percent_decode(const char *s, size_t n) {
    static const size_t caps[] = {0, 1, 2, 7, 64, 4096};
    for (size_t ci = 0; ci < sizeof caps / sizeof caps[0]; ci++) {
        size_t cap = caps[ci];
        char *out = (char *)malloc(cap);
        FUZZ_CHECK(out || !cap);
        long r = otel__percent_decode(s, n, out, cap);
        FUZZ_CHECK(r >= -1);
        if (r >= 0) {
            FUZZ_CHECK((size_t)r < cap || (cap == 0 && r == 0 && n == 0));
            FUZZ_CHECK((size_t)r <= n);
            if (cap) FUZZ_CHECK(out[r] == 0);
            /* each %XX is one byte, everything else passes through */
            if (!memchr(s, '%', n)) FUZZ_CHECK((size_t)r == n && memcmp(out, s, n) == 0);
        } else {
            FUZZ_CHECK(n > 0);
        }
        free(out);
    }
}

static void check_scalars(const char *s) {
    int b = otel__parse_bool("FUZZ", s);
    FUZZ_CHECK(b == (otel__ieq(s, "true") ? 1 : 0));

    /* integers: digits only, at most 2^32-1; compared with a plain reading */
    uint32_t u = 7;
    int ok = otel__parse_u32(s, &u);
    int want = *s != 0;
    unsigned long long ref = 0;
    for (const char *p = s; *p && want; p++) {
        if (*p < '0' || *p > '9') want = 0;
        else if ((ref = ref * 10 + (unsigned)(*p - '0')) > 0xffffffffull) want = 0;
    }
    FUZZ_CHECK(ok == want);
    if (ok) FUZZ_CHECK(u == ref);
    else FUZZ_CHECK(u == 7);

    double d = -42.0;
    if (otel__parse_double(s, &d)) FUZZ_CHECK(d == d);
    else FUZZ_CHECK(d == -42.0);
    FUZZ_CHECK(otel__env_u32("FUZZ", 17, 1) == 17);
}

/* the resource, as otel_init starts it before the variable is read */
static void reset_resource(int mode) {
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.redact_mode = mode;
    c.redact_keys = "internal.*,db_statement";
    c.allow_keys = "service.name,host.name,deployment.environment";
    otel__config_redaction(&c);
    otel__g.nresource = 0;
    otel__g.res_used = 0;
    otel__res_set("telemetry.sdk.name", 18, "otel.h", 6);
}

/* does the list set exactly this key, once decoded? */
static int sets_key(const char *s, const char *key) {
    const char *cur = s, *m, *k, *v;
    size_t n, kn, vn;
    char dk[256];
    while (otel__list_next(&cur, &m, &n)) {
        if (!n || !otel__split_kv(m, n, &k, &kn, &v, &vn)) continue;
        long l = otel__percent_decode(k, kn, dk, sizeof dk);
        if (l == (long)strlen(key) && memcmp(dk, key, (size_t)l) == 0) return 1;
    }
    return 0;
}

static void check_resource(const char *s, int mode) {
    reset_resource(mode);
    char sdk_name[16];   /* "otel.h", or redacted in allow mode */
    size_t sdk_len = otel__g.resource[0].v.str.len;
    FUZZ_CHECK(sdk_len < sizeof sdk_name);
    memcpy(sdk_name, otel__g.resource[0].v.str.ptr, sdk_len);
    int rc = otel__res_parse("FUZZ", s);
    FUZZ_CHECK(rc == OTEL_OK || rc == OTEL_ERR_INVALID);
    FUZZ_CHECK(otel__g.nresource >= 1 && otel__g.nresource <= OTEL__RESOURCE_MAX);
    FUZZ_CHECK(otel__g.res_used <= sizeof otel__g.res_buf);
    /* a malformed list is ignored whole: nothing of it is set */
    if (rc != OTEL_OK) FUZZ_CHECK(otel__g.nresource == 1);
    if (rc == OTEL_OK && !sets_key(s, "telemetry.sdk.name"))
        FUZZ_CHECK(otel__g.resource[0].v.str.len == sdk_len && memcmp(otel__g.resource[0].v.str.ptr, sdk_name, sdk_len) == 0);
    const char *lo = otel__g.res_buf, *hi = otel__g.res_buf + otel__g.res_used;
    for (size_t i = 0; i < otel__g.nresource; i++) {
        const otel_attr *a = &otel__g.resource[i];
        FUZZ_CHECK(a->type == OTEL_TYPE_STRING);
        FUZZ_CHECK(a->key >= lo && a->key < hi && a->key + strlen(a->key) < hi);
        /* a key that decodes to a NUL ("%00", "service.name%00x") must not
           become an empty or a shorter key (corpus/fuzz_env/nul-key-*) */
        FUZZ_CHECK(a->key[0] != 0);
        FUZZ_CHECK(a->v.str.ptr >= lo && a->v.str.ptr + a->v.str.len < hi && a->v.str.ptr[a->v.str.len] == 0);
        FUZZ_CHECK(a->v.str.len <= 511);
        for (size_t j = 0; j < i; j++) FUZZ_CHECK(strcmp(otel__g.resource[j].key, a->key) != 0);
        /* the allow list is matched without regard to case */
        if (mode == OTEL_REDACT_ALLOW && strcasecmp(a->key, "service.name") && strcasecmp(a->key, "host.name") &&
            strcasecmp(a->key, "deployment.environment"))
            FUZZ_CHECK(a->v.str.len == 10 && memcmp(a->v.str.ptr, "[REDACTED]", 10) == 0);
        if (mode == OTEL_REDACT_DENY && otel__key_verdict_slow(a->key) == OTEL__KEY_REDACT)
            FUZZ_CHECK(a->v.str.len == 10 && memcmp(a->v.str.ptr, "[REDACTED]", 10) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *raw = fuzz_copy(data, size, 0);
    char *s = fuzz_copy(data, size, 1);
    check_lists(s);
    check_percent_decode(raw, size);
    check_scalars(s);
    check_resource(s, OTEL_REDACT_DENY);
    check_resource(s, OTEL_REDACT_ALLOW);
    check_resource(s, OTEL_REDACT_OFF);
    free(raw);
    free(s);
    return 0;
}
