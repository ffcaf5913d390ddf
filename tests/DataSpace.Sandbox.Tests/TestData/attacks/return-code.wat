;; Attack: dsc_run returns a number the job read from the data (here 397263, a target's income in tenths) as its
;; exit code: 32 bits per run if anyone outside the supplier sees it.
;; Host must: fail the job (JobError) with the fixed reason of that kind; the code goes only to the detail held for the
;; supplier, never into the reason the operator and the data user see, nor into the log.
(module
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (i32.const 397263)))
