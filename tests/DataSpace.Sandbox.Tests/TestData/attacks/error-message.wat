;; Attack: the job writes what it read into its dsc_error message ("target income 397263", one of the 10^6
;; messages "target income 000000" to "target income 999999") and fails. A SHA-256 of the message in the log would
;; give the value away to anyone who hashes the 10^6 candidates.
;; Host must: fail the job (JobError) with the fixed reason; keep the message for the supplier only; put nothing in the
;; log that a holder of the candidates can match (a keyed HMAC under a random key, not a digest).
(module
  (import "dsc" "error" (func $error (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "target income 397263")
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (call $error (i32.const 16) (i32.const 20))
    (i32.const 1)))
