/* fuzz_hpack.c - the HPACK decoder, otel__hpack_decode: indexed and literal
   fields, names from the static and the dynamic table, table size updates
   and eviction, integers with prefixes, Huffman-coded strings.

   The input is a series of header blocks decoded with one table, as on a
   connection: each block is a length byte and that many bytes. Each block
   gets its own allocation, so a read past its end is caught. After every
   block, the table must still add up. */
#define OTEL_IMPLEMENTATION
#define OTEL_LOG(msg) ((void)otel__log_stderr, (void)(msg))
#include "otel_export.h"
#include "fuzz.h"

static otel__hpack table;
static size_t fields;

static void field(void *user, const unsigned char *n, size_t nl, const unsigned char *v, size_t vl) {
    (void)user;
    FUZZ_CHECK(nl <= OTEL__HPACK_STR && vl <= OTEL__HPACK_STR);
    volatile unsigned char sink = 0;   /* every byte handed out must be readable */
    for (size_t i = 0; i < nl; i++) sink ^= n[i];
    for (size_t i = 0; i < vl; i++) sink ^= v[i];
    (void)sink;
    fields++;
}

static void table_adds_up(const otel__hpack *h) {
    FUZZ_CHECK(h->limit <= OTEL__HPACK_TABLE);
    FUZZ_CHECK(h->size <= h->limit);
    FUZZ_CHECK(h->n <= OTEL__HPACK_ENTRIES);
    size_t bytes = 0;
    for (uint32_t i = 0; i < h->n; i++) bytes += (size_t)h->nlen[i] + h->vlen[i];
    FUZZ_CHECK(bytes == h->used);
    FUZZ_CHECK(h->size == h->used + 32u * h->n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    otel__hpack_init(&table);
    fields = 0;
    size_t off = 0;
    while (off < size) {
        size_t n = data[off++];
        if (n > size - off) n = size - off;
        unsigned char *block = (unsigned char *)fuzz_copy(data + off, n, 0);
        int rc = otel__hpack_decode(&table, block, n, field, NULL);
        free(block);
        FUZZ_CHECK(rc == OTEL_OK || rc == OTEL_ERR_PROTOCOL || rc == OTEL_ERR_TOO_LARGE);
        table_adds_up(&table);
        off += n;
        if (rc != OTEL_OK) break;   /* the connection would be gone */
    }
    /* the Huffman decoder alone, on the whole input */
    unsigned char out[64];
    unsigned char *copy = (unsigned char *)fuzz_copy(data, size, 0);
    long r = otel__huff_decode(&table, copy, size, out, sizeof out);
    free(copy);
    FUZZ_CHECK(r == OTEL_ERR_PROTOCOL || r == OTEL_ERR_TOO_LARGE || (r >= 0 && (size_t)r <= sizeof out));
    FUZZ_CHECK(r < 0 || (size_t)r <= size * 8 / 5);   /* no code is shorter than 5 bits */
    return 0;
}
