;; Attack: a start function that loops forever, so instantiation itself never returns
;; (before the host can call dsc_abi_version or set up anything per run).
;; Host must: put instantiation under the same fuel/epoch deadline as dsc_run (or reject
;; modules with a start section), fail the job with a reason, and stay responsive.
(module
  (memory (export "memory") 1)
  (func $start (loop $forever (br $forever)))
  (start $start)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32) (i32.const 0)))
