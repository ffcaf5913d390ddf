/*
 * dsc.h: the data space connector's job ABI, version 1, for C jobs built to wasm32.
 *
 * A job is a core WebAssembly module. It exports its linear memory as "memory",
 * dsc_abi_version() returning DSC_ABI_VERSION, and dsc_run() returning 0 on success.
 * It may import only the functions below, from the host module "dsc". It has no
 * clock, no randomness, no files, no environment and no sockets.
 *
 * Build (Debian's clang, lld, wasi-libc, libclang-rt-14-dev-wasm32), as samples/build.sh does;
 * no libc is linked, so nothing can import WASI (samples/sdk/c/README.md explains each flag):
 *   clang --target=wasm32-wasi -mexec-model=reactor -O2 -g0 -mbulk-memory -msimd128 -nostdlib \
 *         -Wl,--no-entry -Wl,--strip-all -I samples/sdk/c job.c \
 *         "$(clang --target=wasm32-wasi -print-libgcc-file-name)" -o job.wasm
 *
 * Misuse (a column that does not exist or is not granted, a buffer too small or
 * outside linear memory, a call the job's output kind does not allow) stops the job
 * with a reason that names the call; nothing is returned to the job. See
 * docs/sandbox-abi.md for the whole contract.
 */
#ifndef DSC_H
#define DSC_H

#include <stdint.h>

#define DSC_ABI_VERSION 1

/* Column types, as returned by dsc_column_type. Layout of one batch of n rows:
 *   DSC_INT32   n x int32 little-endian
 *   DSC_INT64   n x int64 little-endian
 *   DSC_FLOAT64 n x IEEE 754 double little-endian
 *   DSC_BOOL    n x uint8, 0 or 1
 *   DSC_DATE    n x int32, days since 1970-01-01
 *   DSC_STRING  (n + 1) x int32 offsets, then the UTF-8 bytes; string i is
 *               bytes[offsets[i] .. offsets[i+1]) counted from the first byte after the offsets
 * A null value reads as 0, 0.0, false, day 0 or the empty string; dsc_read_validity tells which. */
#define DSC_INT32 1
#define DSC_INT64 2
#define DSC_FLOAT64 3
#define DSC_BOOL 4
#define DSC_DATE 5
#define DSC_STRING 6

#define DSC_IMPORT(name) __attribute__((import_module("dsc"), import_name(name)))
#define DSC_EXPORT(name) __attribute__((export_name(name)))

/* ---- columns ---- */

/* Number of columns granted to this job, numbered 0 .. count-1 in the manifest's order. */
DSC_IMPORT("column_count") int32_t dsc_column_count(void);
/* Type of column col (DSC_INT32 .. DSC_STRING). */
DSC_IMPORT("column_type") int32_t dsc_column_type(int32_t col);
/* Copies the UTF-8 name of column col into buf if it fits in cap bytes; returns its length. */
DSC_IMPORT("column_name") int32_t dsc_column_name(int32_t col, uint8_t *buf, int32_t cap);
/* Index of the granted column with this UTF-8 name. Asking for a column that is not
 * granted stops the job: the read is denied and reported. */
DSC_IMPORT("column_index") int32_t dsc_column_index(const uint8_t *name, int32_t len);

/* ---- batches ---- */

/* The largest number of rows a batch can have: size buffers from it. */
DSC_IMPORT("batch_capacity") int32_t dsc_batch_capacity(void);
/* Moves to the next batch and returns its number of rows, or 0 when the data is exhausted. */
DSC_IMPORT("next_batch") int32_t dsc_next_batch(void);
/* Bytes dsc_read_column will write for column col in the current batch. */
DSC_IMPORT("column_size") int32_t dsc_column_size(int32_t col);
/* Copies column col of the current batch into buf (cap bytes) in one bulk copy; returns bytes written. */
DSC_IMPORT("read_column") int32_t dsc_read_column(int32_t col, void *buf, int32_t cap);
/* Writes the validity bitmap of column col for the current batch into buf: ceil(n/8) bytes,
 * bit (i % 8) of byte i/8 set when row i is not null. Returns the number of null rows.
 * buf may be NULL (cap 0) to learn only the null count. */
DSC_IMPORT("read_validity") int32_t dsc_read_validity(int32_t col, uint8_t *buf, int32_t cap);

/* ---- output kind "aggregate": the host computes the released statistics ---- */

/* Declares a measure; every contributed value is clamped to [lower, upper] (finite, lower < upper).
 * Returns its id. The bounds set the noise the host adds where the policy asks for it. The name and
 * bounds must be exactly those the approved manifest declares. */
DSC_IMPORT("measure") int32_t dsc_measure(const uint8_t *name, int32_t len, double lower, double upper);
/* Returns the id of the group with this key (UTF-8, at most 256 bytes); the same key gives the same id.
 * The key must be on the approved manifest's list, or be the canonical text of every member row's value
 * in the manifest's group-key column (integers in decimal, strings as they are): see docs/sandbox-abi.md. */
DSC_IMPORT("group") int32_t dsc_group(const uint8_t *key, int32_t len);
/* Puts rows of the current batch into groups without a measure (for counts). rows may be NULL:
 * then rows 0 .. n-1 in order. A row belongs to at most one group. */
DSC_IMPORT("assign") void dsc_assign(const int32_t *rows, const int32_t *groups, int32_t n);
/* Contributes values[i] of measure to groups[i] for row rows[i] of the current batch (rows NULL: 0 .. n-1).
 * Each row contributes at most once per measure, and always to the same group. NaN and infinities stop the job. */
DSC_IMPORT("contribute") void dsc_contribute(int32_t measure, const int32_t *rows, const int32_t *groups,
                                             const double *values, int32_t n);

/* ---- output kind "model": the host trains with ML.NET and releases parameters and metrics ---- */

/* spec is UTF-8 JSON, e.g. {"trainer":"linear-regression","label":"y","features":["a","b"]};
 * trainers: "linear-regression", "logistic-regression", "k-means" (with "clusters": k, no label).
 * It must be exactly the model the approved manifest declares ("model": same trainer, label, clusters and
 * features in the same order); any other model stops the job (ModelMismatch). Call it once. */
DSC_IMPORT("train") void dsc_train(const uint8_t *spec, int32_t len);

/* ---- output kind "custom": bytes held for the supplier's review after a leak check ---- */

DSC_IMPORT("output") void dsc_output(const uint8_t *data, int32_t len);

/* ---- errors ---- */

/* Records why the job is failing (UTF-8, at most 1024 bytes kept); return non-zero from dsc_run after it.
 * The message and the value dsc_run returns go to the supplier only: the operator sees a fixed reason. */
DSC_IMPORT("error") void dsc_error(const uint8_t *message, int32_t len);

#endif
