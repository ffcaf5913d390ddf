;; Attack: contributes to an aggregate for three batches, then traps (unreachable), hoping the
;; host releases the partial statistics it already holds.
;; Host must: fail the job with the trap as its reason and release nothing: contributions
;; count only when dsc_run returns 0.
(module
  (import "dsc" "batch_capacity" (func $batch_capacity (result i32)))
  (import "dsc" "next_batch" (func $next_batch (result i32)))
  (import "dsc" "measure" (func $measure (param i32 i32 f64 f64) (result i32)))
  (import "dsc" "group" (func $group (param i32 i32) (result i32)))
  (import "dsc" "contribute" (func $contribute (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "ones")
  (data (i32.const 24) "all")
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (local $m i32) (local $g i32) (local $cap i32) (local $n i32) (local $i i32) (local $batches i32)
    (local $gids i32) (local $vals i32)
    (local.set $m (call $measure (i32.const 16) (i32.const 4) (f64.const 0) (f64.const 1)))
    (local.set $g (call $group (i32.const 24) (i32.const 3)))
    (local.set $cap (call $batch_capacity))
    (local.set $vals (i32.const 65536))
    (local.set $gids (i32.add (local.get $vals) (i32.shl (local.get $cap) (i32.const 3))))
    (if (i32.eq
          (memory.grow (i32.add (i32.shr_u (i32.mul (local.get $cap) (i32.const 12)) (i32.const 16)) (i32.const 1)))
          (i32.const -1))
      (then (unreachable)))
    (block $stop
      (loop $batch
        (local.set $n (call $next_batch))
        (br_if $stop (i32.le_s (local.get $n) (i32.const 0)))
        (local.set $i (i32.const 0))
        (block $done
          (loop $row
            (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
            (i32.store (i32.add (local.get $gids) (i32.shl (local.get $i) (i32.const 2))) (local.get $g))
            (f64.store (i32.add (local.get $vals) (i32.shl (local.get $i) (i32.const 3))) (f64.const 1))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $row)))
        (call $contribute (local.get $m) (i32.const 0) (local.get $gids) (local.get $vals) (local.get $n))
        (local.set $batches (i32.add (local.get $batches) (i32.const 1)))
        (br_if $batch (i32.lt_s (local.get $batches) (i32.const 3)))))
    ;; Three batches in (or the data ran out first): trap.
    (unreachable)))
