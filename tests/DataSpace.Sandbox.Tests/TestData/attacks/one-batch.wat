;; Attack: pulls one batch and stops, so that the rows it "processed" (how many it pulled) steer a number the
;; operator sees: pulling 0, 1, 2, ... batches signals a value.
;; Host must: report as processed the dataset's rows the run was given, never how many the job pulled.
(module
  (import "dsc" "next_batch" (func $next_batch (result i32)))
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (drop (call $next_batch))
    (i32.const 0)))
