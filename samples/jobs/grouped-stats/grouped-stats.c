/*
 * grouped-stats: per-region statistics of income and tax (output kind "aggregate").
 *
 * Reads three granted columns by name: the group column "region" (int32, int64 or string) and
 * the float64 measures "income" and "tax". Each batch is read in bulk (one dsc_read_column
 * per column), group values are mapped to group ids through a cache in front of dsc_group,
 * and each measure is handed to the host with one dsc_contribute per batch. The host
 * computes and releases the statistics (with noise where the policy asks for it); the job
 * never sees a released number.
 *
 * Rows whose region or measure is null (or whose measure is NaN) are skipped for that
 * measure. Values are clamped to the bounds below, which are also the measures' declared
 * bounds: they set the sensitivity, so they are part of what a supplier approves.
 *
 * The per-row loop makes no host calls: this is the benchmark's wasm contender.
 */
#include "dsc_util.h"

#define GROUP_COLUMN "region"
#define INCOME_COLUMN "income"
#define TAX_COLUMN "tax"

#define INCOME_LOWER 0.0
#define INCOME_UPPER 1e6
#define TAX_LOWER 0.0
#define TAX_UPPER 5e5

#define MAX_KEY_BYTES 256 /* dsc_group's limit */

/* ---- int32 group values -> group ids: open addressing, linear probing ---- */

typedef struct {
    int32_t *keys;
    int32_t *ids; /* group id + 1; 0 marks an empty slot */
    uint32_t mask;
    uint32_t count;
} int_table;

static inline uint32_t hash_i32(int32_t v)
{
    uint32_t x = (uint32_t)v * 0x9E3779B1u;
    return x ^ (x >> 15);
}

static int int_table_init(int_table *t, uint32_t slots)
{
    t->keys = dsc_alloc_rows(sizeof(int32_t), (int32_t)slots);
    t->ids = dsc_alloc_rows(sizeof(int32_t), (int32_t)slots);
    t->mask = slots - 1;
    t->count = 0;
    return t->keys != NULL && t->ids != NULL ? 0 : -1;
}

static void int_table_put(int_table *t, int32_t key, int32_t id_plus_one)
{
    uint32_t i = hash_i32(key) & t->mask;
    while (t->ids[i] != 0) {
        i = (i + 1) & t->mask;
    }
    t->keys[i] = key;
    t->ids[i] = id_plus_one;
    t->count++;
}

/* Slow path: a value not seen yet. Returns the group id, or -1 when memory runs out. */
static __attribute__((noinline)) int32_t int_table_add(int_table *t, int32_t key)
{
    /* At most one key per 8 slots: nearly every lookup hits its first slot, so the hot loop's
     * branches stay predictable. */
    if ((t->count + 1) * 8 > t->mask + 1) {
        int_table old = *t;
        if (int_table_init(t, (old.mask + 1) * 2) != 0) {
            return -1;
        }
        for (uint32_t i = 0; i <= old.mask; i++) {
            if (old.ids[i] != 0) {
                int_table_put(t, old.keys[i], old.ids[i]);
            }
        }
    }
    int32_t id = dsc_group_i64(key);
    int_table_put(t, key, id + 1);
    return id;
}

static inline int32_t int_table_get(int_table *t, int32_t key)
{
    uint32_t i = hash_i32(key) & t->mask;
    for (;;) {
        int32_t id = t->ids[i];
        if (id == 0) {
            return int_table_add(t, key);
        }
        if (t->keys[i] == key) {
            return id - 1;
        }
        i = (i + 1) & t->mask;
    }
}

/* ---- string group values -> group ids: hash of the bytes, then a byte compare ---- */

typedef struct {
    uint64_t hash;
    const uint8_t *key; /* a copy of the key, owned by the table */
    int32_t len;
    int32_t id_plus_one; /* 0 marks an empty slot */
} str_slot;

typedef struct {
    str_slot *slots;
    uint32_t mask;
    uint32_t count;
} str_table;

/* Eight bytes at a time (a wasm i64 load need not be aligned), then the last 0 to 7; each word mixed in with a
 * multiply and a shift (as in MurmurHash3's finaliser). Region names of 9 bytes take two steps, not nine. */
static inline uint64_t load64(const uint8_t *p)
{
    uint64_t w;
    __builtin_memcpy(&w, p, 8);
    return w;
}

static inline uint64_t hash_bytes(const uint8_t *p, int32_t len)
{
    uint64_t h = (uint64_t)(uint32_t)len * 0x9E3779B97F4A7C15ull;
    int32_t i = 0;
    for (; i + 8 <= len; i += 8) {
        h = (h ^ load64(p + i)) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    for (int32_t shift = 0; i < len; i++, shift += 8) {
        tail |= (uint64_t)p[i] << shift;
    }
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

static inline int bytes_equal(const uint8_t *a, const uint8_t *b, int32_t len)
{
    int32_t i = 0;
    for (; i + 8 <= len; i += 8) {
        if (load64(a + i) != load64(b + i)) {
            return 0;
        }
    }
    for (; i < len; i++) {
        if (a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}

static int str_table_init(str_table *t, uint32_t slots)
{
    t->slots = dsc_alloc_rows(sizeof(str_slot), (int32_t)slots);
    t->mask = slots - 1;
    t->count = 0;
    return t->slots != NULL ? 0 : -1;
}

static void str_table_put(str_table *t, str_slot s)
{
    uint32_t i = (uint32_t)s.hash & t->mask;
    while (t->slots[i].id_plus_one != 0) {
        i = (i + 1) & t->mask;
    }
    t->slots[i] = s;
    t->count++;
}

/* Slow path: a key not seen yet. Returns the group id, -1 when memory runs out, -2 when the key is too long. */
static __attribute__((noinline)) int32_t str_table_add(str_table *t, uint64_t h, const uint8_t *key, int32_t len)
{
    if (len > MAX_KEY_BYTES) {
        return -2;
    }
    if ((t->count + 1) * 8 > t->mask + 1) { /* as for int_table: mostly first-slot hits */
        str_table old = *t;
        if (str_table_init(t, (old.mask + 1) * 2) != 0) {
            return -1;
        }
        for (uint32_t i = 0; i <= old.mask; i++) {
            if (old.slots[i].id_plus_one != 0) {
                str_table_put(t, old.slots[i]);
            }
        }
    }
    uint8_t *copy = dsc_alloc((size_t)len);
    if (copy == NULL && len > 0) {
        return -1;
    }
    for (int32_t i = 0; i < len; i++) {
        copy[i] = key[i];
    }
    int32_t id = dsc_group(key, len);
    str_slot s = {h, copy, len, id + 1};
    str_table_put(t, s);
    return id;
}

static inline int32_t str_table_get(str_table *t, const uint8_t *key, int32_t len)
{
    uint64_t h = hash_bytes(key, len);
    uint32_t i = (uint32_t)h & t->mask;
    for (;;) {
        const str_slot *s = &t->slots[i];
        if (s->id_plus_one == 0) {
            return str_table_add(t, h, key, len);
        }
        if (s->hash == h && s->len == len && bytes_equal(s->key, key, len)) {
            return s->id_plus_one - 1;
        }
        i = (i + 1) & t->mask;
    }
}

/* ---- the job ---- */

static int_table int_groups;
static str_table str_groups;

/* Per-batch scratch, sized once from dsc_batch_capacity. */
static int32_t *gids;     /* group id of each row */
static int32_t *rows;     /* row indexes of a measure's contributing rows, when some are skipped */
static int32_t *cgroups;  /* their group ids */
static double *cvalues;   /* their values */
static uint8_t *gvalid;   /* validity of the group column */
static uint8_t *mvalid;   /* validity of the measure being contributed */

/* Contributes a measure's values: one host call for the whole batch. The host clamps every value to the
 * measure's bounds; the job only keeps NaN and infinities away from it (they would stop the job). */
static void contribute_measure(int32_t measure, int32_t col, double *v, int32_t n, int32_t group_nulls,
                               double lower, double upper)
{
    int32_t nulls = dsc_read_validity(col, mvalid, dsc_validity_bytes(n));
    int nonfinite = 0;
    for (int32_t i = 0; i < n; i++) {
        double d = v[i] - v[i]; /* 0 for finite values, NaN for NaN and infinities */
        nonfinite |= d != d;
    }
    if (nonfinite) {
        for (int32_t i = 0; i < n; i++) {
            double x = v[i];
            x = x < lower ? lower : x; /* -inf to the lower bound, +inf to the upper; NaN stays NaN */
            x = x > upper ? upper : x;
            v[i] = x;
        }
    }
    int nan = 0;
    if (nonfinite) {
        for (int32_t i = 0; i < n; i++) {
            nan |= v[i] != v[i];
        }
    }
    if (nulls == 0 && group_nulls == 0 && !nan) {
        dsc_contribute(measure, NULL, gids, v, n); /* identity: rows 0 .. n-1 */
        return;
    }
    int32_t k = 0;
    for (int32_t i = 0; i < n; i++) {
        double x = v[i];
        if (dsc_is_valid(mvalid, i) && dsc_is_valid(gvalid, i) && x == x) {
            rows[k] = i;
            cgroups[k] = gids[i];
            cvalues[k] = x;
            k++;
        }
    }
    if (k > 0) {
        dsc_contribute(measure, rows, cgroups, cvalues, k);
    }
}

DSC_EXPORT("dsc_abi_version") int32_t dsc_abi_version(void)
{
    return DSC_ABI_VERSION;
}

DSC_EXPORT("dsc_run") int32_t dsc_run(void)
{
    int32_t gcol = dsc_column_index_str(GROUP_COLUMN);
    int32_t icol = dsc_column_index_str(INCOME_COLUMN);
    int32_t tcol = dsc_column_index_str(TAX_COLUMN);
    int32_t gtype = dsc_column_type(gcol);
    if (gtype != DSC_INT32 && gtype != DSC_INT64 && gtype != DSC_STRING) {
        DSC_FAIL("column \"region\" must be int32, int64 or string");
    }
    if (dsc_column_type(icol) != DSC_FLOAT64 || dsc_column_type(tcol) != DSC_FLOAT64) {
        DSC_FAIL("columns \"income\" and \"tax\" must be float64");
    }

    int32_t income_m = dsc_measure_str(INCOME_COLUMN, INCOME_LOWER, INCOME_UPPER);
    int32_t tax_m = dsc_measure_str(TAX_COLUMN, TAX_LOWER, TAX_UPPER);

    int32_t cap = dsc_batch_capacity();
    double *income = dsc_alloc_rows(sizeof(double), cap);
    double *tax = dsc_alloc_rows(sizeof(double), cap);
    gids = dsc_alloc_rows(sizeof(int32_t), cap);
    rows = dsc_alloc_rows(sizeof(int32_t), cap);
    cgroups = dsc_alloc_rows(sizeof(int32_t), cap);
    cvalues = dsc_alloc_rows(sizeof(double), cap);
    gvalid = dsc_alloc_rows(1, dsc_validity_bytes(cap));
    mvalid = dsc_alloc_rows(1, dsc_validity_bytes(cap));
    int integer = gtype == DSC_INT32 || gtype == DSC_INT64; /* CSV integers arrive as int64 */
    int32_t *region_i32 = integer ? dsc_alloc_rows(sizeof(int32_t), cap) : NULL;
    int64_t *region_i64 = gtype == DSC_INT64 ? dsc_alloc_rows(sizeof(int64_t), cap) : NULL;
    dsc_buf region_str = {NULL, 0};
    if (cap <= 0 || income == NULL || tax == NULL || gids == NULL || rows == NULL || cgroups == NULL ||
        cvalues == NULL || gvalid == NULL || mvalid == NULL || (integer && region_i32 == NULL) || (gtype == DSC_INT64 && region_i64 == NULL)) {
        DSC_FAIL("out of memory for batch buffers");
    }
    if ((integer ? int_table_init(&int_groups, 64) : str_table_init(&str_groups, 64)) != 0) {
        DSC_FAIL("out of memory for the group table");
    }

    int32_t n;
    while ((n = dsc_next_batch()) > 0) {
        if (n > cap) {
            DSC_FAIL("batch larger than dsc_batch_capacity");
        }
        dsc_read_column(icol, income, cap * (int32_t)sizeof(double));
        dsc_read_column(tcol, tax, cap * (int32_t)sizeof(double));
        int32_t group_nulls = dsc_read_validity(gcol, gvalid, dsc_validity_bytes(cap));

        if (integer) {
            if (gtype == DSC_INT64) {
                /* Region codes are small: narrow them, and refuse codes that do not fit in 32 bits. */
                dsc_read_column(gcol, region_i64, cap * (int32_t)sizeof(int64_t));
                for (int32_t i = 0; i < n; i++) {
                    if (region_i64[i] < INT32_MIN || region_i64[i] > INT32_MAX) {
                        DSC_FAIL("a region code does not fit in 32 bits");
                    }
                    region_i32[i] = (int32_t)region_i64[i];
                }
            } else {
                dsc_read_column(gcol, region_i32, cap * (int32_t)sizeof(int32_t));
            }
            for (int32_t i = 0; i < n; i++) {
                if (group_nulls != 0 && !dsc_is_valid(gvalid, i)) {
                    continue; /* null region: skipped, so no group is made for it */
                }
                int32_t id = int_table_get(&int_groups, region_i32[i]);
                if (id < 0) {
                    DSC_FAIL("out of memory for the group table");
                }
                gids[i] = id;
            }
        } else {
            if (dsc_read_column_buf(gcol, &region_str) < 0) {
                DSC_FAIL("out of memory for the region column");
            }
            dsc_strings s = dsc_strings_view(region_str.data, n);
            for (int32_t i = 0; i < n; i++) {
                if (group_nulls != 0 && !dsc_is_valid(gvalid, i)) {
                    continue;
                }
                int32_t len;
                const uint8_t *key = dsc_string_at(s, i, &len);
                int32_t id = str_table_get(&str_groups, key, len);
                if (id == -2) {
                    DSC_FAIL("a region is longer than 256 bytes");
                }
                if (id < 0) {
                    DSC_FAIL("out of memory for the group table");
                }
                gids[i] = id;
            }
        }

        contribute_measure(income_m, icol, income, n, group_nulls, INCOME_LOWER, INCOME_UPPER);
        contribute_measure(tax_m, tcol, tax, n, group_nulls, TAX_LOWER, TAX_UPPER);
    }
    return 0;
}
