;; A job that never finishes by itself: dsc_run loops until the sandbox's wall-time or fuel limit stops it.
;; The crash test kills the connector while this job is Running. Built with `wat2wasm endless-job.wat`
;; (wabt); the .wasm beside it is the committed result, submitted by the test as an operator would.
(module
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (loop $forever (br $forever))
    (i32.const 0)))
