;; grouped-stats in hand-written WebAssembly text: the same job as
;; samples/jobs/grouped-stats/grouped-stats.c, for an int32 "region" column only.
;;
;; Output kind "aggregate". Finds "region" (int32), "income" and "tax" (float64) by name,
;; declares the measures income in [0, 1e6] and tax in [0, 5e5], and per batch reads the
;; three columns in bulk, maps each region value to a group id (dsc_group on the value's
;; decimal text, cached in a 4096-slot open-addressing table: at most 2048 regions), clamps
;; the values and calls dsc_contribute once per measure. Rows whose region or measure is
;; null (validity bit 0), or whose measure is NaN, are skipped for that measure: then the
;; call gets a row index array, otherwise rows = 0 (NULL: rows 0 .. n-1).
;;
;; It needs no toolchain: tests load it with Wasmtime's text support; `wat2wasm` checks it.
;;
;; Linear memory:
;;   16 .. 1023       column names and error messages
;;   1056 .. 1079     digits of a group key (written backwards, ending at 1080)
;;   4096 .. 36863    group table: 4096 slots of (key i32, group id + 1 i32); id 0 = empty
;;   65536 ..         batch buffers, sized from dsc_batch_capacity (memory grows to fit)
(module
  (import "dsc" "column_index" (func $column_index (param i32 i32) (result i32)))
  (import "dsc" "column_type" (func $column_type (param i32) (result i32)))
  (import "dsc" "measure" (func $measure (param i32 i32 f64 f64) (result i32)))
  (import "dsc" "group" (func $group (param i32 i32) (result i32)))
  (import "dsc" "batch_capacity" (func $batch_capacity (result i32)))
  (import "dsc" "next_batch" (func $next_batch (result i32)))
  (import "dsc" "read_column" (func $read_column (param i32 i32 i32) (result i32)))
  (import "dsc" "read_validity" (func $read_validity (param i32 i32 i32) (result i32)))
  (import "dsc" "contribute" (func $contribute (param i32 i32 i32 i32 i32)))
  (import "dsc" "error" (func $error (param i32 i32)))

  (memory (export "memory") 1)

  (data (i32.const 16) "region")
  (data (i32.const 32) "income")
  (data (i32.const 48) "tax")
  (data (i32.const 64) "column \"region\" must be int32")                   ;; 29 bytes
  (data (i32.const 96) "columns \"income\" and \"tax\" must be float64")     ;; 42 bytes
  (data (i32.const 144) "bad batch capacity")                               ;; 18 bytes
  (data (i32.const 176) "out of memory for batch buffers")                  ;; 31 bytes
  (data (i32.const 208) "batch larger than dsc_batch_capacity")             ;; 36 bytes
  (data (i32.const 256) "more than 2048 regions: the group table is full")  ;; 47 bytes

  (global $groups (mut i32) (i32.const 0))   ;; regions in the table
  (global $gids (mut i32) (i32.const 0))     ;; group id per row
  (global $rows (mut i32) (i32.const 0))     ;; compacted row indexes
  (global $cgroups (mut i32) (i32.const 0))  ;; compacted group ids
  (global $cvalues (mut i32) (i32.const 0))  ;; compacted values (f64)
  (global $gvalid (mut i32) (i32.const 0))   ;; validity bitmap of region
  (global $mvalid (mut i32) (i32.const 0))   ;; validity bitmap of the measure

  (func (export "dsc_abi_version") (result i32)
    (i32.const 1))

  ;; Non-zero when bit i of the bitmap at $bm is set.
  (func $valid (param $bm i32) (param $i i32) (result i32)
    (i32.and
      (i32.shr_u
        (i32.load8_u (i32.add (local.get $bm) (i32.shr_u (local.get $i) (i32.const 3))))
        (i32.and (local.get $i) (i32.const 7)))
      (i32.const 1)))

  ;; Writes the decimal text of $v so that it ends at 1080; returns its first byte's address.
  (func $fmt (param $v i32) (result i32)
    (local $u i64) (local $p i32)
    (local.set $u (i64.extend_i32_s (local.get $v)))
    (if (i32.lt_s (local.get $v) (i32.const 0))
      (then (local.set $u (i64.sub (i64.const 0) (local.get $u)))))
    (local.set $p (i32.const 1080))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i64.store8 (local.get $p) (i64.add (i64.const 48) (i64.rem_u (local.get $u) (i64.const 10))))
      (local.set $u (i64.div_u (local.get $u) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $u) (i64.const 0))))
    (if (i32.lt_s (local.get $v) (i32.const 0))
      (then
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i32.store8 (local.get $p) (i32.const 45))))
    (local.get $p))

  ;; Group id of region value $key, asking dsc_group only the first time; -1 (error reported) when full.
  (func $group_of (param $key i32) (result i32)
    (local $slot i32) (local $addr i32) (local $id i32) (local $p i32)
    (local.set $slot (i32.shr_u (i32.mul (local.get $key) (i32.const 0x9E3779B1)) (i32.const 20)))
    (loop $probe
      (local.set $addr (i32.add (i32.const 4096) (i32.shl (local.get $slot) (i32.const 3))))
      (local.set $id (i32.load offset=4 (local.get $addr)))
      (if (i32.eqz (local.get $id))
        (then
          (if (i32.ge_u (global.get $groups) (i32.const 2048))
            (then
              (call $error (i32.const 256) (i32.const 47))
              (return (i32.const -1))))
          (local.set $p (call $fmt (local.get $key)))
          (local.set $id (call $group (local.get $p) (i32.sub (i32.const 1080) (local.get $p))))
          (i32.store (local.get $addr) (local.get $key))
          (i32.store offset=4 (local.get $addr) (i32.add (local.get $id) (i32.const 1)))
          (global.set $groups (i32.add (global.get $groups) (i32.const 1)))
          (return (local.get $id))))
      (if (i32.eq (i32.load (local.get $addr)) (local.get $key))
        (then (return (i32.sub (local.get $id) (i32.const 1)))))
      (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 4095)))
      (br $probe))
    (unreachable))

  ;; Clamps the n values at $vals to [lo, hi] in place and contributes them with one host call.
  (func $contribute_measure (param $m i32) (param $col i32) (param $vals i32) (param $n i32)
                            (param $gnulls i32) (param $lo f64) (param $hi f64)
    (local $nulls i32) (local $nan i32) (local $i i32) (local $k i32) (local $a i32) (local $x f64)
    (local.set $nulls
      (call $read_validity (local.get $col) (global.get $mvalid)
        (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3))))
    (local.set $i (i32.const 0))
    (block $done
      (loop $clamp
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $a (i32.add (local.get $vals) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $x (f64.load (local.get $a)))
        (local.set $nan (i32.or (local.get $nan) (f64.ne (local.get $x) (local.get $x))))
        (local.set $x (select (local.get $lo) (local.get $x) (f64.lt (local.get $x) (local.get $lo))))
        (local.set $x (select (local.get $hi) (local.get $x) (f64.gt (local.get $x) (local.get $hi))))
        (f64.store (local.get $a) (local.get $x))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $clamp)))
    (if (i32.eqz (i32.or (i32.or (local.get $nulls) (local.get $gnulls)) (local.get $nan)))
      (then
        (call $contribute (local.get $m) (i32.const 0) (global.get $gids) (local.get $vals) (local.get $n))
        (return)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $compact
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $x (f64.load (i32.add (local.get $vals) (i32.shl (local.get $i) (i32.const 3)))))
        (if (i32.and
              (i32.and (call $valid (global.get $mvalid) (local.get $i))
                       (call $valid (global.get $gvalid) (local.get $i)))
              (f64.eq (local.get $x) (local.get $x)))
          (then
            (i32.store (i32.add (global.get $rows) (i32.shl (local.get $k) (i32.const 2))) (local.get $i))
            (i32.store (i32.add (global.get $cgroups) (i32.shl (local.get $k) (i32.const 2)))
              (i32.load (i32.add (global.get $gids) (i32.shl (local.get $i) (i32.const 2)))))
            (f64.store (i32.add (global.get $cvalues) (i32.shl (local.get $k) (i32.const 3))) (local.get $x))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $compact)))
    (if (i32.gt_s (local.get $k) (i32.const 0))
      (then
        (call $contribute (local.get $m) (global.get $rows) (global.get $cgroups) (global.get $cvalues)
          (local.get $k)))))

  (func (export "dsc_run") (result i32)
    (local $gcol i32) (local $icol i32) (local $tcol i32) (local $im i32) (local $tm i32)
    (local $cap i32) (local $vb i32) (local $income i32) (local $tax i32) (local $region i32)
    (local $end i32) (local $pages i32) (local $n i32) (local $gnulls i32) (local $i i32)
    (local $key i32) (local $lastkey i32) (local $lastid i32)

    (local.set $gcol (call $column_index (i32.const 16) (i32.const 6)))
    (local.set $icol (call $column_index (i32.const 32) (i32.const 6)))
    (local.set $tcol (call $column_index (i32.const 48) (i32.const 3)))
    (if (i32.ne (call $column_type (local.get $gcol)) (i32.const 1))
      (then (call $error (i32.const 64) (i32.const 29)) (return (i32.const 1))))
    (if (i32.or (i32.ne (call $column_type (local.get $icol)) (i32.const 3))
                (i32.ne (call $column_type (local.get $tcol)) (i32.const 3)))
      (then (call $error (i32.const 96) (i32.const 42)) (return (i32.const 1))))
    (local.set $im (call $measure (i32.const 32) (i32.const 6) (f64.const 0) (f64.const 1e6)))
    (local.set $tm (call $measure (i32.const 48) (i32.const 3) (f64.const 0) (f64.const 5e5)))

    ;; Buffers: three f64 arrays, four i32 arrays and two bitmaps of cap rows each.
    (local.set $cap (call $batch_capacity))
    (if (i32.or (i32.le_s (local.get $cap) (i32.const 0)) (i32.gt_s (local.get $cap) (i32.const 0x1000000)))
      (then (call $error (i32.const 144) (i32.const 18)) (return (i32.const 1))))
    (local.set $vb (i32.shr_u (i32.add (local.get $cap) (i32.const 7)) (i32.const 3)))
    (local.set $income (i32.const 65536))
    (local.set $tax (i32.add (local.get $income) (i32.shl (local.get $cap) (i32.const 3))))
    (global.set $cvalues (i32.add (local.get $tax) (i32.shl (local.get $cap) (i32.const 3))))
    (local.set $region (i32.add (global.get $cvalues) (i32.shl (local.get $cap) (i32.const 3))))
    (global.set $gids (i32.add (local.get $region) (i32.shl (local.get $cap) (i32.const 2))))
    (global.set $rows (i32.add (global.get $gids) (i32.shl (local.get $cap) (i32.const 2))))
    (global.set $cgroups (i32.add (global.get $rows) (i32.shl (local.get $cap) (i32.const 2))))
    (global.set $gvalid (i32.add (global.get $cgroups) (i32.shl (local.get $cap) (i32.const 2))))
    (global.set $mvalid (i32.add (global.get $gvalid) (local.get $vb)))
    (local.set $end (i32.add (global.get $mvalid) (local.get $vb)))
    (local.set $pages (i32.sub (i32.shr_u (i32.add (local.get $end) (i32.const 65535)) (i32.const 16)) (memory.size)))
    (if (i32.gt_s (local.get $pages) (i32.const 0))
      (then
        (if (i32.eq (memory.grow (local.get $pages)) (i32.const -1))
          (then (call $error (i32.const 176) (i32.const 31)) (return (i32.const 1))))))

    (block $exhausted
      (loop $batch
        (local.set $n (call $next_batch))
        (br_if $exhausted (i32.le_s (local.get $n) (i32.const 0)))
        (if (i32.gt_s (local.get $n) (local.get $cap))
          (then (call $error (i32.const 208) (i32.const 36)) (return (i32.const 1))))
        (drop (call $read_column (local.get $icol) (local.get $income) (i32.shl (local.get $cap) (i32.const 3))))
        (drop (call $read_column (local.get $tcol) (local.get $tax) (i32.shl (local.get $cap) (i32.const 3))))
        (drop (call $read_column (local.get $gcol) (local.get $region) (i32.shl (local.get $cap) (i32.const 2))))
        (local.set $gnulls (call $read_validity (local.get $gcol) (global.get $gvalid) (local.get $vb)))

        ;; Region value -> group id, with the previous row's mapping as a fast path.
        (local.set $lastid (i32.const -1))
        (local.set $i (i32.const 0))
        (block $mapped
          (loop $map
            (br_if $mapped (i32.ge_s (local.get $i) (local.get $n)))
            (if (i32.or (i32.eqz (local.get $gnulls)) (call $valid (global.get $gvalid) (local.get $i)))
              (then
                (local.set $key (i32.load (i32.add (local.get $region) (i32.shl (local.get $i) (i32.const 2)))))
                (if (i32.or (i32.lt_s (local.get $lastid) (i32.const 0)) (i32.ne (local.get $key) (local.get $lastkey)))
                  (then
                    (local.set $lastid (call $group_of (local.get $key)))
                    (local.set $lastkey (local.get $key))
                    (if (i32.lt_s (local.get $lastid) (i32.const 0))
                      (then (return (i32.const 1))))))
                (i32.store (i32.add (global.get $gids) (i32.shl (local.get $i) (i32.const 2))) (local.get $lastid))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $map)))

        (call $contribute_measure (local.get $im) (local.get $icol) (local.get $income) (local.get $n)
          (local.get $gnulls) (f64.const 0) (f64.const 1e6))
        (call $contribute_measure (local.get $tm) (local.get $tcol) (local.get $tax) (local.get $n)
          (local.get $gnulls) (f64.const 0) (f64.const 5e5))
        (br $batch)))
    (i32.const 0))
)
