;; Attack: custom output that never ends: dsc_output with 1 MiB chunks, forever.
;; Host must: stop the job as soon as the output passes the job's output size limit (and
;; charge the copies to its budget), fail it with a reason naming "output", keep none of the
;; bytes for review, and never buffer more than the limit. (If the job's output kind is not
;; "custom", the first dsc_output already stops it.)
(module
  (import "dsc" "output" (func $output (param i32 i32)))
  (memory (export "memory") 17) ;; 1 MiB of 'A' at 65536, plus page 0
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (memory.fill (i32.const 65536) (i32.const 65) (i32.const 1048576))
    (loop $forever
      (call $output (i32.const 65536) (i32.const 1048576))
      (br $forever))
    (i32.const 0)))
