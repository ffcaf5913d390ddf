;; The smallest valid job: exports memory, dsc_abi_version (1) and dsc_run, which returns 0
;; without importing or calling anything. A host should accept and run it; it produces no output.
(module
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32) (i32.const 0)))
