;; Attack: imports WASI file functions (path_open, fd_read) to read the host's files.
;; Host must: refuse to link the module (no WASI is ever provided, imports from any module
;; other than "dsc" are rejected), fail the job before any code runs, and name the import.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "/etc/passwd")
  (func (export "dsc_abi_version") (result i32) (i32.const 1))
  (func (export "dsc_run") (result i32)
    ;; path_open(fd 3, flags 0, path, len, oflags 0, rights all, inherit 0, fdflags 0, &fd at 64)
    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 11) (i32.const 0)
      (i64.const -1) (i64.const 0) (i32.const 0) (i32.const 64)))
    ;; fd_read(fd, iovs at 128 (one iovec: buf 1024, len 4096), 1, &nread at 72)
    (i32.store (i32.const 128) (i32.const 1024))
    (i32.store (i32.const 132) (i32.const 4096))
    (drop (call $fd_read (i32.load (i32.const 64)) (i32.const 128) (i32.const 1) (i32.const 72)))
    (i32.const 0)))
