// grouped-stats in AssemblyScript: the same job as samples/jobs/grouped-stats/grouped-stats.c,
// for an int32 "region" column only (output kind "aggregate").
//
// Finds "region" (int32), "income" and "tax" (float64) by name, declares income in [0, 1e6]
// and tax in [0, 5e5], and per batch reads the three columns in bulk, maps region values to
// group ids (dsc_group on the decimal text, cached in an open-addressing table), clamps the
// values and calls dsc_contribute once per measure. Rows whose region or measure is null, or
// whose measure is NaN, are skipped for that measure via a row index array.
//
// Build: npm ci && npm run build (see package.json); samples/build.sh does it when npm is present.

@external("dsc", "column_index") declare function dsc_column_index(name: usize, len: i32): i32;
@external("dsc", "column_type") declare function dsc_column_type(col: i32): i32;
@external("dsc", "measure") declare function dsc_measure(name: usize, len: i32, lower: f64, upper: f64): i32;
@external("dsc", "group") declare function dsc_group(key: usize, len: i32): i32;
@external("dsc", "batch_capacity") declare function dsc_batch_capacity(): i32;
@external("dsc", "next_batch") declare function dsc_next_batch(): i32;
@external("dsc", "read_column") declare function dsc_read_column(col: i32, buf: usize, cap: i32): i32;
@external("dsc", "read_validity") declare function dsc_read_validity(col: i32, buf: usize, cap: i32): i32;
@external("dsc", "contribute") declare function dsc_contribute(measure: i32, rows: usize, groups: usize, values: usize, n: i32): void;
@external("dsc", "error") declare function dsc_error(message: usize, len: i32): void;

const DSC_INT32: i32 = 1;
const DSC_FLOAT64: i32 = 3;

const INCOME_LOWER: f64 = 0.0;
const INCOME_UPPER: f64 = 1e6;
const TAX_LOWER: f64 = 0.0;
const TAX_UPPER: f64 = 5e5;

// ---- UTF-8 helpers (AssemblyScript strings are UTF-16) ----

function columnIndex(name: string): i32 {
  const b = String.UTF8.encode(name);
  return dsc_column_index(changetype<usize>(b), b.byteLength);
}

function measure(name: string, lower: f64, upper: f64): i32 {
  const b = String.UTF8.encode(name);
  return dsc_measure(changetype<usize>(b), b.byteLength, lower, upper);
}

function fail(message: string): i32 {
  const b = String.UTF8.encode(message);
  dsc_error(changetype<usize>(b), b.byteLength);
  return 1;
}

// Zeroed memory from the stub runtime's bump allocator (never freed: a job is one run).
function alloc(bytes: usize): usize {
  const p = heap.alloc(bytes);
  memory.fill(p, 0, bytes);
  return p;
}

@inline function isValid(bitmap: usize, i: i32): bool {
  return ((load<u8>(bitmap + (<usize>i >> 3)) >> (<u8>i & 7)) & 1) != 0;
}

// ---- region value -> group id: open addressing, linear probing ----

let slotKeys: usize = 0;
let slotIds: usize = 0; // group id + 1; 0 marks an empty slot
let slotMask: u32 = 0;
let slotCount: u32 = 0;

@inline function hashI32(v: i32): u32 {
  const x = <u32>v * 0x9E3779B1;
  return x ^ (x >> 15);
}

function tableInit(slots: u32): void {
  slotKeys = alloc(<usize>slots << 2);
  slotIds = alloc(<usize>slots << 2);
  slotMask = slots - 1;
  slotCount = 0;
}

function tablePut(key: i32, idPlusOne: i32): void {
  let i = hashI32(key) & slotMask;
  while (load<i32>(slotIds + (<usize>i << 2)) != 0) i = (i + 1) & slotMask;
  store<i32>(slotKeys + (<usize>i << 2), key);
  store<i32>(slotIds + (<usize>i << 2), idPlusOne);
  slotCount++;
}

@inline function tableGet(key: i32): i32 {
  let i = hashI32(key) & slotMask;
  while (true) {
    const id = load<i32>(slotIds + (<usize>i << 2));
    if (id == 0) return tableAdd(key);
    if (load<i32>(slotKeys + (<usize>i << 2)) == key) return id - 1;
    i = (i + 1) & slotMask;
  }
  return unreachable();
}

function tableAdd(key: i32): i32 {
  if ((slotCount + 1) * 2 > slotMask + 1) {
    const oldKeys = slotKeys, oldIds = slotIds, oldSlots = slotMask + 1;
    tableInit(oldSlots * 2);
    for (let i: u32 = 0; i < oldSlots; i++) {
      const id = load<i32>(oldIds + (<usize>i << 2));
      if (id != 0) tablePut(load<i32>(oldKeys + (<usize>i << 2)), id);
    }
  }
  const text = String.UTF8.encode(key.toString());
  const id = dsc_group(changetype<usize>(text), text.byteLength);
  tablePut(key, id + 1);
  return id;
}

// ---- the job ----

let gids: usize = 0;
let rows: usize = 0;
let cgroups: usize = 0;
let cvalues: usize = 0;
let gvalid: usize = 0;
let mvalid: usize = 0;

function contributeMeasure(m: i32, col: i32, vals: usize, n: i32, groupNulls: i32, lower: f64, upper: f64): void {
  const nulls = dsc_read_validity(col, mvalid, (n + 7) >> 3);
  let nan = false;
  for (let i = 0; i < n; i++) {
    const a = vals + (<usize>i << 3);
    let x = load<f64>(a);
    nan = nan || x != x;
    x = x < lower ? lower : x;
    x = x > upper ? upper : x;
    store<f64>(a, x);
  }
  if (nulls == 0 && groupNulls == 0 && !nan) {
    dsc_contribute(m, 0, gids, vals, n); // rows NULL: 0 .. n-1
    return;
  }
  let k = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(vals + (<usize>i << 3));
    if (isValid(mvalid, i) && isValid(gvalid, i) && x == x) {
      store<i32>(rows + (<usize>k << 2), i);
      store<i32>(cgroups + (<usize>k << 2), load<i32>(gids + (<usize>i << 2)));
      store<f64>(cvalues + (<usize>k << 3), x);
      k++;
    }
  }
  if (k > 0) dsc_contribute(m, rows, cgroups, cvalues, k);
}

export function dsc_abi_version(): i32 {
  return 1;
}

export function dsc_run(): i32 {
  const gcol = columnIndex("region");
  const icol = columnIndex("income");
  const tcol = columnIndex("tax");
  if (dsc_column_type(gcol) != DSC_INT32) return fail('column "region" must be int32');
  if (dsc_column_type(icol) != DSC_FLOAT64 || dsc_column_type(tcol) != DSC_FLOAT64) {
    return fail('columns "income" and "tax" must be float64');
  }
  const incomeM = measure("income", INCOME_LOWER, INCOME_UPPER);
  const taxM = measure("tax", TAX_LOWER, TAX_UPPER);

  const cap = dsc_batch_capacity();
  if (cap <= 0 || cap > 0x1000000) return fail("bad batch capacity");
  const vb = (cap + 7) >> 3;
  const income = alloc(<usize>cap << 3);
  const tax = alloc(<usize>cap << 3);
  cvalues = alloc(<usize>cap << 3);
  const region = alloc(<usize>cap << 2);
  gids = alloc(<usize>cap << 2);
  rows = alloc(<usize>cap << 2);
  cgroups = alloc(<usize>cap << 2);
  gvalid = alloc(<usize>vb);
  mvalid = alloc(<usize>vb);
  tableInit(64);

  while (true) {
    const n = dsc_next_batch();
    if (n <= 0) break;
    if (n > cap) return fail("batch larger than dsc_batch_capacity");
    dsc_read_column(icol, income, cap << 3);
    dsc_read_column(tcol, tax, cap << 3);
    dsc_read_column(gcol, region, cap << 2);
    const groupNulls = dsc_read_validity(gcol, gvalid, vb);

    let lastKey: i32 = 0;
    let lastId: i32 = -1;
    for (let i = 0; i < n; i++) {
      if (groupNulls != 0 && !isValid(gvalid, i)) continue;
      const key = load<i32>(region + (<usize>i << 2));
      if (lastId < 0 || key != lastKey) {
        lastId = tableGet(key);
        lastKey = key;
      }
      store<i32>(gids + (<usize>i << 2), lastId);
    }

    contributeMeasure(incomeM, icol, income, n, groupNulls, INCOME_LOWER, INCOME_UPPER);
    contributeMeasure(taxM, tcol, tax, n, groupNulls, TAX_LOWER, TAX_UPPER);
  }
  return 0;
}
