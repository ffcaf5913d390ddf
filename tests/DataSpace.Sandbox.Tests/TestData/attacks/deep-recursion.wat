;; Attack: unbounded recursion, each frame with locals, to overflow the native stack.
;; Host must: get a stack-overflow trap from Wasmtime (bounded wasm stack), fail the job with
;; that reason, release nothing, and keep the host process and its thread alive.
(module
  (memory (export "memory") 1)
  (func $down (param $depth i64) (result i64)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64)
    (local.set $a (i64.add (local.get $depth) (i64.const 1)))
    (local.set $b (call $down (local.get $a)))
    (local.set $c (i64.mul (local.get $b) (i64.const 3)))
    (local.set $d (i64.xor (local.get $c) (local.get $a)))
    (local.get $d))
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (i32.wrap_i64 (call $down (i64.const 0)))))
