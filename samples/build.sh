#!/usr/bin/env bash
# Builds the sample jobs: every samples/jobs/<name>/<name>.c to samples/jobs/<name>/<name>.wasm,
# checks that each module imports only from "dsc" and exports exactly the ABI's three names,
# and writes samples/jobs/SHA256SUMS.
#
#   samples/build.sh           build in place and rewrite SHA256SUMS
#   samples/build.sh --check   rebuild into a temporary directory and fail if any digest differs
#                              from SHA256SUMS (what CI runs: a supplier approves a digest, so the
#                              committed modules must be exactly what the sources give)
#
# Also builds the AssemblyScript sample when npm is present (see build_as), and assembles every .wat under samples/jobs, tests/DataSpace.Sandbox.Tests/TestData and tests/DataSpace.EndToEnd.Tests/TestData with
# wat2wasm, so a WAT module that no longer assembles fails here, not in a test.
#
# Each C job is compiled by sdk/c/dsc-cc, which holds the pinned toolchain and the fixed flags: the same script
# `dsc job verify-build` uses to rebuild a submitted job's source (docs/module-review.md).
#
# Toolchain: Debian's clang 14, lld (wasm-ld), wasi-libc (headers), libclang-rt-14-dev-wasm32
# (compiler builtins) and wabt. Digests are reproducible for one toolchain version; a different
# clang may give different bytes: --check then refuses to run (sdk/c/dsc-cc --toolchain names both).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jobs_dir="$here/jobs"

mode=build
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

export LC_ALL=C
export SOURCE_DATE_EPOCH=0

cc="$here/sdk/c/dsc-cc"
clang="${CLANG:-clang}"
wasi_sysroot_marker=/usr/include/wasm32-wasi/stdint.h

builtins() { "$clang" --target=wasm32-wasi -print-libgcc-file-name 2>/dev/null || true; }

toolchain_ok() {
  command -v "$clang" >/dev/null 2>&1 || return 1
  command -v wasm-ld >/dev/null 2>&1 || return 1
  command -v wasm-objdump >/dev/null 2>&1 || return 1
  command -v wat2wasm >/dev/null 2>&1 || return 1
  [ -f "$wasi_sysroot_marker" ] || return 1
  local rt; rt="$(builtins)"
  [ -n "$rt" ] && [ -f "$rt" ] || return 1
}

packages=(clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt)
if ! toolchain_ok; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "build.sh: installing ${packages[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
    toolchain_ok || { echo "build.sh: toolchain still incomplete after installing ${packages[*]}" >&2; exit 1; }
  else
    echo "build.sh: the wasm toolchain is incomplete; install: apt-get install ${packages[*]}" >&2
    exit 1
  fi
fi

# The pinned compiler: --check refuses another (its digests would differ for nothing); a plain build warns.
if ! toolchain="$(bash "$cc" --toolchain)"; then
  if [ "$mode" = check ]; then
    echo "build.sh: not the pinned toolchain, so the digests cannot be checked:" >&2
    echo "$toolchain" | sed 's/^/  /' >&2
    exit 1
  fi
  echo "build.sh: warning: not the pinned toolchain; the digests written may differ from the committed ones:" >&2
  echo "$toolchain" | sed 's/^/  /' >&2
fi

expected_exports=$'dsc_abi_version\ndsc_run\nmemory'

# verify MODULE NAME: every import is from module "dsc", exports are exactly the ABI's.
verify() {
  local wasm="$1" name="$2" imports bad exports
  imports="$(wasm-objdump -x -j Import "$wasm" | sed -n 's/^ - .* <- \(.*\)$/\1/p')"
  bad="$(printf '%s\n' "$imports" | grep -v '^dsc\.' | grep -v '^$' || true)"
  if [ -n "$bad" ]; then
    echo "build.sh: $name imports from outside \"dsc\": $(echo $bad)" >&2
    return 1
  fi
  exports="$(wasm-objdump -x -j Export "$wasm" | sed -n 's/^ - .* -> "\(.*\)"$/\1/p' | sort)"
  if [ "$exports" != "$expected_exports" ]; then
    echo "build.sh: $name exports [$(echo $exports)], expected [$(echo $expected_exports)]" >&2
    return 1
  fi
}

# build OUT_DIR: builds every job into OUT_DIR/<name>/<name>.wasm and writes OUT_DIR/SHA256SUMS.
build() {
  local out="$1" src name
  local built=()
  cd "$here"
  for src in jobs/*/*.c; do
    name="$(basename "$src" .c)"
    [ "$(basename "$(dirname "$src")")" = "$name" ] || { echo "build.sh: $src: a job's source must be jobs/<name>/<name>.c" >&2; return 1; }
    mkdir -p "$out/$name"
    bash "$cc" "$src" "$out/$name/$name.wasm"
    verify "$out/$name/$name.wasm" "$name"
    built+=("$name/$name.wasm")
  done
  (cd "$out" && sha256sum "${built[@]}") > "$out/SHA256SUMS"
}

# The AssemblyScript sample (jobs/grouped-stats-as) is optional: built only when npm is present
# (the compiler comes from the npm registry, pinned by its package-lock.json, installed into a
# cache outside the repository). Its digest is kept apart, in jobs/grouped-stats-as/SHA256SUMS,
# so that jobs/SHA256SUMS depends only on the apt toolchain.
as_dir="$here/jobs/grouped-stats-as"
as_tools="${DSC_AS_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dsc-samples-assemblyscript}"

as_ready() {
  command -v npm >/dev/null 2>&1 || { echo "build.sh: npm not found: AssemblyScript sample skipped" >&2; return 1; }
  if [ ! -x "$as_tools/node_modules/.bin/asc" ] || ! cmp -s "$as_dir/package-lock.json" "$as_tools/package-lock.json"; then
    mkdir -p "$as_tools"
    cp "$as_dir/package.json" "$as_dir/package-lock.json" "$as_tools/"
    (cd "$as_tools" && npm ci --no-audit --no-fund --silent) ||
      { echo "build.sh: npm ci failed: AssemblyScript sample skipped" >&2; return 1; }
  fi
}

# build_as OUT_DIR: builds OUT_DIR/grouped-stats.wasm and OUT_DIR/SHA256SUMS; status 1 when skipped.
build_as() {
  local out="$1"
  as_ready || return 1
  mkdir -p "$out"
  (cd "$here" && "$as_tools/node_modules/.bin/asc" jobs/grouped-stats-as/grouped-stats.ts \
     --config jobs/grouped-stats-as/asconfig.json -o "$out/grouped-stats.wasm")
  verify "$out/grouped-stats.wasm" grouped-stats-as
  (cd "$out" && sha256sum grouped-stats.wasm) > "$out/SHA256SUMS"
}

check_wat() {
  local wat tmp
  tmp="$(mktemp -d)"
  while IFS= read -r wat; do
    wat2wasm --enable-all "$wat" -o "$tmp/out.wasm" || { echo "build.sh: $wat does not assemble" >&2; rm -rf "$tmp"; return 1; }
    # A committed module beside its WAT source (a test submits the binary) must be exactly what the source assembles to.
    if [ -f "${wat%.wat}.wasm" ] && ! cmp -s "$tmp/out.wasm" "${wat%.wat}.wasm"; then
      echo "build.sh: ${wat%.wat}.wasm differs from what $wat assembles to; run wat2wasm --enable-all on it" >&2; rm -rf "$tmp"; return 1
    fi
  done < <(find "$here/jobs" "$root/tests/DataSpace.Sandbox.Tests/TestData" "$root/tests/DataSpace.EndToEnd.Tests/TestData" -name '*.wat' 2>/dev/null | sort)
  rm -rf "$tmp"
}

"$clang" --version | head -n 1 >&2

if [ "$mode" = build ]; then
  build "$jobs_dir"
  check_wat
  cat "$jobs_dir/SHA256SUMS"
  if build_as "$as_dir"; then
    sed 's|  |  grouped-stats-as/|' "$as_dir/SHA256SUMS"
  fi
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  build "$tmp"
  check_wat
  if [ ! -f "$jobs_dir/SHA256SUMS" ]; then
    echo "build.sh: samples/jobs/SHA256SUMS is missing; run samples/build.sh" >&2
    exit 1
  fi
  if ! diff -u "$jobs_dir/SHA256SUMS" "$tmp/SHA256SUMS" >&2; then
    echo "build.sh: rebuilt modules differ from samples/jobs/SHA256SUMS (- committed, + rebuilt)" >&2
    exit 1
  fi
  # The committed modules must also be the ones the digests name.
  (cd "$jobs_dir" && sha256sum --quiet -c SHA256SUMS) || { echo "build.sh: committed .wasm files do not match SHA256SUMS" >&2; exit 1; }
  echo "build.sh: $(wc -l < "$tmp/SHA256SUMS") modules reproduce SHA256SUMS" >&2
  if build_as "$tmp/as"; then
    if ! diff -u "$as_dir/SHA256SUMS" "$tmp/as/SHA256SUMS" >&2 ||
       ! (cd "$as_dir" && sha256sum --quiet -c SHA256SUMS); then
      echo "build.sh: the AssemblyScript sample does not reproduce jobs/grouped-stats-as/SHA256SUMS" >&2
      exit 1
    fi
    echo "build.sh: the AssemblyScript sample reproduces jobs/grouped-stats-as/SHA256SUMS" >&2
  fi
fi
