;; Attack: dsc_run loops forever without calling the host.
;; Host must: interrupt it (fuel or epoch deadline), fail the job with a reason naming the
;; time/fuel limit, release nothing, and stay responsive for other jobs.
(module
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (loop $forever (br $forever))
    (i32.const 0)))
