;; Attack: 100 million calls to the cheapest host function (dsc_column_count) in a tight
;; loop, to make the host spend its time, allocate per call or dodge a fuel limit that only
;; counts wasm instructions.
;; Host must: keep host calls allocation-free and charge them to the job's budget, so the
;; flood either finishes (returning 0, producing nothing) or is stopped by the time/fuel
;; limit like any other loop; the host stays responsive.
(module
  (import "dsc" "column_count" (func $column_count (result i32)))
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (local $i i32) (local $sum i32)
    (loop $flood
      (local.set $sum (i32.add (local.get $sum) (call $column_count)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $flood (i32.lt_u (local.get $i) (i32.const 100000000))))
    (i32.and (local.get $sum) (i32.const 0))))
