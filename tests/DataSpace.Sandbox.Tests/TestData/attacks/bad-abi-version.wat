;; Attack: claims ABI version 2, which this host does not implement.
;; Host must: refuse to run it (never call dsc_run), fail the job with a reason naming the
;; version it got and the one it supports.
(module
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 2))
  (func (export "dsc_run") (result i32) (i32.const 0)))
