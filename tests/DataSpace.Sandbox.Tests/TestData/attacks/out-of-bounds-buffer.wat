;; Attack: dsc_read_column into a buffer beyond linear memory. The pointer 0xFFFFFF00 with
;; cap 0x200 also wraps around 2^32 (0xFFFFFF00 + 0x200 = 0x100 in 32-bit arithmetic), so a
;; host that adds pointer and length in uint32 would think it fits and write over page 0.
;; Host must: check pointer and length against the memory's current size without overflow
;; (in 64-bit), stop the job with a reason naming read_column, and write nothing.
(module
  (import "dsc" "next_batch" (func $next_batch (result i32)))
  (import "dsc" "read_column" (func $read_column (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (drop (call $next_batch))
    (drop (call $read_column (i32.const 0) (i32.const 0xFFFFFF00) (i32.const 0x200)))
    ;; Then one that starts inside memory and runs past its end.
    (drop (call $read_column (i32.const 0) (i32.const 65520) (i32.const 4096)))
    (i32.const 0)))
