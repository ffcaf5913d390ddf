;; Attack: declares a 4 GiB initial linear memory (65536 pages), so instantiation alone
;; would reserve and commit it.
;; Host must: refuse to instantiate (the minimum exceeds the job's memory limit), fail the
;; job before anything runs, and report why.
(module
  (memory (export "memory") 65536)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32) (i32.const 0)))
