/*
 * dsc_util.h: small helpers for C jobs over the job ABI v1 (dsc.h).
 *
 * Everything is static inline and uses only the "dsc" imports and WebAssembly
 * builtins: no libc, no malloc, no WASI. Memory comes from a bump allocator that
 * grows linear memory with memory.grow; a job is one short run, so nothing is freed.
 *
 * Build with -nostdlib -mbulk-memory (see README.md): memset/memcpy then compile to
 * memory.fill/memory.copy instead of calls into libc.
 */
#ifndef DSC_UTIL_H
#define DSC_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "dsc.h"

/* ---- C strings and error reporting ---- */

static inline int32_t dsc_strlen(const char *s)
{
    int32_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}

/* Records a string literal as the job's failure reason: DSC_ERROR_LIT("no region column"). */
#define DSC_ERROR_LIT(lit) dsc_error((const uint8_t *)("" lit), (int32_t)(sizeof(lit) - 1))

/* Records a string literal as the failure reason and returns 1 from the calling function
 * (dsc_run): if (col < 0) DSC_FAIL("no region column"); */
#define DSC_FAIL(lit)       \
    do {                    \
        DSC_ERROR_LIT(lit); \
        return 1;           \
    } while (0)

/* Records a C string as the failure reason. */
static inline void dsc_error_str(const char *message)
{
    dsc_error((const uint8_t *)message, dsc_strlen(message));
}

/* ---- columns, measures and groups by C string ---- */

/* Index of the granted column with this name. Asking for a column that is not granted stops the job. */
static inline int32_t dsc_column_index_str(const char *name)
{
    return dsc_column_index((const uint8_t *)name, dsc_strlen(name));
}

static inline int32_t dsc_measure_str(const char *name, double lower, double upper)
{
    return dsc_measure((const uint8_t *)name, dsc_strlen(name), lower, upper);
}

static inline int32_t dsc_group_str(const char *key)
{
    return dsc_group((const uint8_t *)key, dsc_strlen(key));
}

/* Writes the decimal text of v into out (at least 20 bytes) without a terminator; returns its length. */
static inline int32_t dsc_format_i64(int64_t v, char *out)
{
    char tmp[20];
    int32_t n = 0;
    /* Work on the negative value so INT64_MIN does not overflow. */
    int64_t neg = v < 0 ? v : -v;
    do {
        tmp[n++] = (char)('0' - (int)(neg % 10));
        neg /= 10;
    } while (neg != 0);
    int32_t len = 0;
    if (v < 0) {
        out[len++] = '-';
    }
    while (n > 0) {
        out[len++] = tmp[--n];
    }
    return len;
}

/* Group whose key is the decimal text of v: dsc_group_i64(3) is the group "3". */
static inline int32_t dsc_group_i64(int64_t v)
{
    char key[20];
    int32_t len = dsc_format_i64(v, key);
    return dsc_group((const uint8_t *)key, len);
}

/* ---- memory ---- */

extern unsigned char __heap_base; /* defined by wasm-ld: the first byte after data and stack */
static uintptr_t dsc__heap_next;

/* Returns bytes of fresh, zeroed memory aligned to 16, or NULL when linear memory cannot grow.
 * Nothing is ever freed. */
static inline void *dsc_alloc(size_t bytes)
{
    if (dsc__heap_next == 0) {
        dsc__heap_next = ((uintptr_t)&__heap_base + 15u) & ~(uintptr_t)15u;
    }
    uintptr_t start = dsc__heap_next;
    if (bytes > (size_t)UINT32_MAX - start - 15u) {
        return NULL;
    }
    uintptr_t end = (start + bytes + 15u) & ~(uintptr_t)15u;
    uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
    if (end > have) {
        size_t pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) {
            return NULL;
        }
    }
    dsc__heap_next = end;
    return (void *)start; /* memory.grow gives zeroed pages and the bump pointer never reuses memory */
}

/* A buffer that grows to the size asked for (old contents are not kept). */
typedef struct {
    void *data;
    int32_t cap; /* bytes */
} dsc_buf;

/* Makes b hold at least bytes bytes; returns 0, or -1 when memory cannot grow. */
static inline int dsc_buf_reserve(dsc_buf *b, int32_t bytes)
{
    if (bytes <= b->cap) {
        return 0;
    }
    int32_t want = b->cap > 0 ? b->cap : 64;
    while (want < bytes) {
        want = want > INT32_MAX / 2 ? bytes : want * 2;
    }
    void *p = dsc_alloc((size_t)want);
    if (p == NULL) {
        return -1;
    }
    b->data = p;
    b->cap = want;
    return 0;
}

/* Allocates room for count elements of elem_size bytes, e.g. one batch of doubles:
 * double *v = dsc_alloc_rows(sizeof(double), dsc_batch_capacity()); */
static inline void *dsc_alloc_rows(size_t elem_size, int32_t count)
{
    if (count < 0 || (elem_size != 0 && (size_t)count > SIZE_MAX / elem_size)) {
        return NULL;
    }
    return dsc_alloc(elem_size * (size_t)count);
}

/* ---- reading a batch ---- */

/* Reads column col of the current batch into b, growing b to dsc_column_size(col) first.
 * Works for every type, strings included. Returns the bytes written, or -1 when memory cannot grow. */
static inline int32_t dsc_read_column_buf(int32_t col, dsc_buf *b)
{
    int32_t size = dsc_column_size(col);
    if (dsc_buf_reserve(b, size) != 0) {
        return -1;
    }
    return dsc_read_column(col, b->data, b->cap);
}

/* Bytes of a validity bitmap for n rows. */
static inline int32_t dsc_validity_bytes(int32_t n)
{
    return (n + 7) / 8;
}

/* Bit test on a bitmap from dsc_read_validity: non-zero when row i is not null. */
static inline int dsc_is_valid(const uint8_t *validity, int32_t i)
{
    return (validity[(uint32_t)i >> 3] >> ((uint32_t)i & 7u)) & 1u;
}

/* ---- string columns ---- */

/* A view of a DSC_STRING column read into memory: n + 1 offsets, then the bytes. */
typedef struct {
    const int32_t *offsets;
    const uint8_t *bytes;
    int32_t n;
} dsc_strings;

static inline dsc_strings dsc_strings_view(const void *column, int32_t n)
{
    dsc_strings s;
    s.offsets = (const int32_t *)column;
    s.bytes = (const uint8_t *)column + 4 * ((size_t)n + 1);
    s.n = n;
    return s;
}

/* String i of the view: its first byte, and its length in *len. */
static inline const uint8_t *dsc_string_at(dsc_strings s, int32_t i, int32_t *len)
{
    int32_t start = s.offsets[i];
    *len = s.offsets[i + 1] - start;
    return s.bytes + start;
}

/* ---- text output (custom output kind) ---- */

/* A text being built in a fixed buffer; appends past the end are dropped and counted. */
typedef struct {
    char *data;
    int32_t len;
    int32_t cap;
    int32_t dropped;
} dsc_text;

static inline void dsc_text_bytes(dsc_text *t, const char *s, int32_t n)
{
    for (int32_t i = 0; i < n; i++) {
        if (t->len < t->cap) {
            t->data[t->len++] = s[i];
        } else {
            t->dropped++;
        }
    }
}

static inline void dsc_text_str(dsc_text *t, const char *s)
{
    dsc_text_bytes(t, s, dsc_strlen(s));
}

static inline void dsc_text_i64(dsc_text *t, int64_t v)
{
    char digits[20];
    dsc_text_bytes(t, digits, dsc_format_i64(v, digits));
}

/* Hands the text to dsc_output (it is held for the supplier's review) and empties it. */
static inline void dsc_text_flush(dsc_text *t)
{
    if (t->len > 0) {
        dsc_output((const uint8_t *)t->data, t->len);
    }
    t->len = 0;
}

#endif
