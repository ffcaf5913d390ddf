;; Attack: dsc_run grows linear memory 16 MiB at a time until memory.grow fails, then writes
;; to the last byte it got, then tries once more with a single page.
;; Host must: cap linear memory at the job's limit (memory.grow returns -1 past it; the host
;; process never commits more), and either let the run finish (it returns 0 and produces
;; nothing) or stop it; it must not crash or exhaust the host's memory.
(module
  (memory (export "memory") 1)
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    (block $full
      (loop $grow
        (br_if $full (i32.eq (memory.grow (i32.const 256)) (i32.const -1)))
        (br $grow)))
    ;; Touch the last byte of what was granted.
    (i32.store8 (i32.sub (i32.shl (memory.size) (i32.const 16)) (i32.const 1)) (i32.const 0xAA))
    (drop (memory.grow (i32.const 1)))
    (i32.const 0)))
