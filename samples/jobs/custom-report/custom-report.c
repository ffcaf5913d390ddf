/*
 * custom-report: a small text report, written with dsc_output (output kind "custom").
 *
 * Counts rows per value of the int32 column "region" and writes one line per region with
 * the count and a bar of '#' scaled to the largest count:
 *
 *   rows per region (counts below 10 shown as <10)
 *   region 1: 1234 ##############################
 *   region 2: 806 ###################
 *   total: 2040
 *
 * Custom output is not computed by the host: the bytes are held for the supplier's review
 * after the host's leak check, and released only if approved. So the job itself does what
 * an honest operator would: it suppresses small counts (which could single out a person)
 * and withholds the total when a count was suppressed (subtraction would reveal it), and
 * prints nothing row-level. It is still only a proposal to the reviewer.
 */
#include "dsc_util.h"

#define GROUP_COLUMN "region"
#define MAX_REGIONS 256  /* more distinct regions than this is not a "small report": the job fails */
#define MIN_COUNT 10     /* counts below this are shown as "<10" */
#define BAR_WIDTH 30

static int32_t keys[MAX_REGIONS];
static int64_t counts[MAX_REGIONS];
static int32_t regions;
static char report[16384];

static int32_t slot_of(int32_t key)
{
    for (int32_t i = 0; i < regions; i++) {
        if (keys[i] == key) {
            return i;
        }
    }
    if (regions == MAX_REGIONS) {
        return -1;
    }
    keys[regions] = key;
    counts[regions] = 0;
    return regions++;
}

DSC_EXPORT("dsc_abi_version") int32_t dsc_abi_version(void)
{
    return DSC_ABI_VERSION;
}

DSC_EXPORT("dsc_run") int32_t dsc_run(void)
{
    int32_t col = dsc_column_index_str(GROUP_COLUMN);
    if (dsc_column_type(col) != DSC_INT32) {
        DSC_FAIL("column \"region\" must be int32");
    }
    int32_t cap = dsc_batch_capacity();
    int32_t *values = dsc_alloc_rows(sizeof(int32_t), cap);
    uint8_t *valid = dsc_alloc_rows(1, dsc_validity_bytes(cap));
    if (cap <= 0 || values == NULL || valid == NULL) {
        DSC_FAIL("out of memory for batch buffers");
    }

    int64_t total = 0;
    int64_t nulls = 0;
    int32_t n;
    while ((n = dsc_next_batch()) > 0) {
        if (n > cap) {
            DSC_FAIL("batch larger than dsc_batch_capacity");
        }
        dsc_read_column(col, values, cap * (int32_t)sizeof(int32_t));
        int32_t batch_nulls = dsc_read_validity(col, valid, dsc_validity_bytes(cap));
        int32_t last_key = 0;
        int32_t last = -1;
        for (int32_t i = 0; i < n; i++) {
            if (batch_nulls != 0 && !dsc_is_valid(valid, i)) {
                nulls++;
                continue;
            }
            if (last < 0 || values[i] != last_key) {
                last_key = values[i];
                last = slot_of(last_key);
                if (last < 0) {
                    DSC_FAIL("more than 256 regions: too many for this report");
                }
            }
            counts[last]++;
        }
        total += n;
    }

    /* Sort by region (insertion sort: at most MAX_REGIONS entries). */
    for (int32_t i = 1; i < regions; i++) {
        int32_t k = keys[i];
        int64_t c = counts[i];
        int32_t j = i - 1;
        for (; j >= 0 && keys[j] > k; j--) {
            keys[j + 1] = keys[j];
            counts[j + 1] = counts[j];
        }
        keys[j + 1] = k;
        counts[j + 1] = c;
    }
    int64_t largest = 1;
    for (int32_t i = 0; i < regions; i++) {
        if (counts[i] > largest) {
            largest = counts[i];
        }
    }

    dsc_text t = {report, 0, (int32_t)sizeof(report), 0};
    dsc_text_str(&t, "rows per region (counts below 10 shown as <10)\n");
    for (int32_t i = 0; i < regions; i++) {
        dsc_text_str(&t, "region ");
        dsc_text_i64(&t, keys[i]);
        dsc_text_str(&t, ": ");
        if (counts[i] < MIN_COUNT) {
            dsc_text_str(&t, "<10\n");
            continue;
        }
        dsc_text_i64(&t, counts[i]);
        dsc_text_str(&t, " ");
        int64_t bar = counts[i] * BAR_WIDTH / largest;
        for (int64_t b = 0; b < bar; b++) {
            dsc_text_str(&t, "#");
        }
        dsc_text_str(&t, "\n");
    }
    if (nulls > 0) {
        dsc_text_str(&t, "no region: ");
        if (nulls < MIN_COUNT) {
            dsc_text_str(&t, "<10");
        } else {
            dsc_text_i64(&t, nulls);
        }
        dsc_text_str(&t, "\n");
    }
    /* The total would give a suppressed count away by subtraction: show it only when
     * nothing was suppressed. */
    int suppressed = nulls > 0 && nulls < MIN_COUNT;
    for (int32_t i = 0; i < regions; i++) {
        suppressed |= counts[i] < MIN_COUNT;
    }
    dsc_text_str(&t, "total: ");
    if (suppressed) {
        dsc_text_str(&t, "withheld (a count is suppressed)");
    } else if (total < MIN_COUNT) {
        dsc_text_str(&t, "<10");
    } else {
        dsc_text_i64(&t, total);
    }
    dsc_text_str(&t, "\n");
    if (t.dropped > 0) {
        DSC_FAIL("report longer than its buffer");
    }
    dsc_text_flush(&t);
    return 0;
}
