;; Attack: none: asks dsc_train for exactly the declared model (the control for the two train attacks).
;; Its manifest declares {"trainer":"linear-regression","label":"tax","features":["income","region"]}; the trainer and the
;; order of features chosen at run time would signal a value (7 bits per run with 3 trainers and a few features).
;; Host must: train the declared model and release it, stating the declared spec.
(module
  (import "dsc" "train" (func $train (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "{\"trainer\":\"linear-regression\",\"label\":\"tax\",\"features\":[\"income\",\"region\"]}")
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (call $train (i32.const 16) (i32.const 76))
    (i32.const 0)))
