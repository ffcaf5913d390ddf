;; Attack: asks for a column the job was not granted ("national_id").
;; Host must: stop the job at dsc_column_index, record the denied read (the job, and the name if it is a dataset column)
;; in the audit log, fail the job with the fixed reason of a broken rule (the call and the column
;; go to the supplier's detail), and release nothing. The job never learns whether the column exists.
(module
  (import "dsc" "column_index" (func $column_index (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "national_id")
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (drop (call $column_index (i32.const 16) (i32.const 11)))
    ;; Not reached when the host stops the job.
    (i32.const 0)))
