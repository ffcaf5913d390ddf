;; Attack: imports a "dsc" function that the ABI does not have ("exfiltrate").
;; Host must: refuse to link the module (unknown import), fail the job before any code runs
;; (no start, no dsc_abi_version call), and name the import in the reason.
(module
  (import "dsc" "exfiltrate" (func $exfiltrate (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "secret")
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (call $exfiltrate (i32.const 16) (i32.const 6))
    (i32.const 0)))
