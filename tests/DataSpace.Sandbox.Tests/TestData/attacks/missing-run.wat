;; Attack: a module without the dsc_run export (it exports "run" instead).
;; Host must: reject it before running anything, with a reason naming the missing export.
(module
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "run") (result i32) (i32.const 0)))
