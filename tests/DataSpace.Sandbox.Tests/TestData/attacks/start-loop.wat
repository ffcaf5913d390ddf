;; Attack: a start function that loops forever, so instantiation itself never returns
;; (before the host can call dsc_abi_version or set up anything per run).
;; Host must: put instantiation under the same fuel/epoch deadline as dsc_run, fail the job
;; with a reason, and stay responsive. (Rejecting every start section is not an option:
;; AssemblyScript emits one to set up its globals; see samples/jobs/grouped-stats-as.)
(module
  (memory (export "memory") 1)
  (func $start (loop $forever (br $forever)))
  (start $start)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32) (i32.const 0)))
