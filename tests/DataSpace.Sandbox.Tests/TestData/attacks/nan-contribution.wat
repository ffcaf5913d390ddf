;; Attack: contributes NaN as a measure value (measure "x" in [0, 1], group "a", row 0 of
;; the first batch), hoping to poison sums and means or to slip past clamping.
;; Host must: stop the job at dsc_contribute (NaN and infinities stop the job, per the ABI),
;; fail it with a reason naming the call, and release nothing from the run.
(module
  (import "dsc" "next_batch" (func $next_batch (result i32)))
  (import "dsc" "measure" (func $measure (param i32 i32 f64 f64) (result i32)))
  (import "dsc" "group" (func $group (param i32 i32) (result i32)))
  (import "dsc" "contribute" (func $contribute (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "x")
  (data (i32.const 24) "a")
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (local $m i32)
    (local.set $m (call $measure (i32.const 16) (i32.const 1) (f64.const 0) (f64.const 1)))
    (i32.store (i32.const 32) (call $group (i32.const 24) (i32.const 1))) ;; groups[0]
    (f64.store (i32.const 40) (f64.const nan))                          ;; values[0]
    (if (i32.le_s (call $next_batch) (i32.const 0))
      (then (return (i32.const 0)))) ;; no data: nothing to contribute to
    (call $contribute (local.get $m) (i32.const 0) (i32.const 32) (i32.const 40) (i32.const 1))
    (i32.const 0)))
