#!/usr/bin/env bash
# bench_smoke.sh BNBENCH OUT [WEB_DIR]: bnbench --quick --json natively, and with WEB_DIR (build-wasm.sh's
# build-web/) both wasm builds under node; bench_smoke.mjs checks each JSON (parses, every figure positive).
# Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed" last; exit 1 if any failed.
set -uo pipefail
bnbench=${1:?usage: bench_smoke.sh BNBENCH OUT [WEB_DIR]}
out=${2:?usage: bench_smoke.sh BNBENCH OUT [WEB_DIR]}
web=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
files=("$out/bench-native.json")
# A bnbench that fails leaves an empty file: bench_smoke.mjs reports it as not parsing.
"$bnbench" --quick --json >"$out/bench-native.json"
if [ -n "$web" ]; then
  for v in simd scalar; do
    node --no-experimental-fetch "$web/$v/bnbench.js" --quick --json >"$out/bench-wasm-$v.json"
    files+=("$out/bench-wasm-$v.json")
  done
fi
exec node "$here/bench_smoke.mjs" "${files[@]}"
