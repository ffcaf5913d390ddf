;; Attack: singles people out through the aggregate kind: every row's int64 "id" becomes its
;; own group key (its decimal text) and contributes its own value to measure "id", so each
;; released "statistic" would be one person's value.
;; Host must: not release any group below the policy's minimum group size (suppress or fail,
;; as the policy says) and/or stop the job when it creates more groups than allowed; noise
;; and clamping alone are not enough. Nothing that identifies a row may be released.
(module
  (import "dsc" "column_index" (func $column_index (param i32 i32) (result i32)))
  (import "dsc" "batch_capacity" (func $batch_capacity (result i32)))
  (import "dsc" "next_batch" (func $next_batch (result i32)))
  (import "dsc" "read_column" (func $read_column (param i32 i32 i32) (result i32)))
  (import "dsc" "measure" (func $measure (param i32 i32 f64 f64) (result i32)))
  (import "dsc" "group" (func $group (param i32 i32) (result i32)))
  (import "dsc" "contribute" (func $contribute (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "id")
  ;; 32 .. 63: digits of a key, ending at 64. Buffers from 65536: ids, values, groups.

  ;; Writes the decimal text of $v ending at 64; returns the first byte's address.
  (func $fmt (param $v i64) (result i32)
    (local $u i64) (local $p i32)
    (local.set $u (select (i64.sub (i64.const 0) (local.get $v)) (local.get $v)
                          (i64.lt_s (local.get $v) (i64.const 0))))
    (local.set $p (i32.const 64))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i64.store8 (local.get $p) (i64.add (i64.const 48) (i64.rem_u (local.get $u) (i64.const 10))))
      (local.set $u (i64.div_u (local.get $u) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $u) (i64.const 0))))
    (if (i64.lt_s (local.get $v) (i64.const 0))
      (then
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i32.store8 (local.get $p) (i32.const 45))))
    (local.get $p))

  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (local $col i32) (local $m i32) (local $cap i32) (local $n i32) (local $i i32)
    (local $ids i32) (local $vals i32) (local $gids i32) (local $v i64) (local $p i32)
    (local.set $col (call $column_index (i32.const 16) (i32.const 2)))
    (local.set $m (call $measure (i32.const 16) (i32.const 2) (f64.const 0) (f64.const 1e12)))
    (local.set $cap (call $batch_capacity))
    (local.set $ids (i32.const 65536))
    (local.set $vals (i32.add (local.get $ids) (i32.shl (local.get $cap) (i32.const 3))))
    (local.set $gids (i32.add (local.get $vals) (i32.shl (local.get $cap) (i32.const 3))))
    (if (i32.eq
          (memory.grow (i32.add (i32.shr_u (i32.mul (local.get $cap) (i32.const 20)) (i32.const 16)) (i32.const 1)))
          (i32.const -1))
      (then (unreachable)))
    (block $exhausted
      (loop $batch
        (local.set $n (call $next_batch))
        (br_if $exhausted (i32.le_s (local.get $n) (i32.const 0)))
        (drop (call $read_column (local.get $col) (local.get $ids) (i32.shl (local.get $cap) (i32.const 3))))
        (local.set $i (i32.const 0))
        (block $done
          (loop $row
            (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
            (local.set $v (i64.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $p (call $fmt (local.get $v)))
            (i32.store (i32.add (local.get $gids) (i32.shl (local.get $i) (i32.const 2)))
              (call $group (local.get $p) (i32.sub (i32.const 64) (local.get $p))))
            (f64.store (i32.add (local.get $vals) (i32.shl (local.get $i) (i32.const 3)))
              (f64.convert_i64_s (local.get $v)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $row)))
        (call $contribute (local.get $m) (i32.const 0) (local.get $gids) (local.get $vals) (local.get $n))
        (br $batch)))
    (i32.const 0)))
