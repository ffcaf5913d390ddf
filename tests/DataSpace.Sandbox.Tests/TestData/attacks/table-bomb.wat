;; Attack: a function table with a minimum of 1,000,000,000 elements (8 GB of references on a
;; 64-bit host), allocated at instantiation.
;; Host must: refuse it at submission (a table above the sandbox's ceiling of table elements); a table
;; above a job's own lower limit fails to instantiate (the store's resource limiter) without being allocated.
(module
  (table 1000000000 funcref)
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32) (i32.const 0)))
