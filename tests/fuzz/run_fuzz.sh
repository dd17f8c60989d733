#!/usr/bin/env bash
# run_fuzz.sh OUT SECONDS: builds the libFuzzer targets with clang (+ AddressSanitizer, UBSan) and runs each
# for SECONDS on a copy of its seed corpus. Prints "ok"/"not ok" per target with its executions and the
# corpus it reached, and "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: run_fuzz.sh OUT SECONDS}
seconds=${2:-30}
mkdir -p "$out"
pass=0
fail=0
core=$(ls "$root"/src/core/*/*.cpp)
for target in hash json bntrace; do
  bin="$out/fuzz_$target"
  if ! clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
      -I"$root/src" -isystem /usr/include/eigen3 "$root/tests/fuzz/fuzz_$target.cpp" $core -o "$bin" \
      2>"$out/fuzz_$target.build.log"; then
    echo "not ok - fuzz_$target does not build (see $out/fuzz_$target.build.log)"
    fail=$((fail + 1))
    continue
  fi
  corpus="$out/corpus_$target"
  rm -rf "$corpus"
  cp -r "$root/tests/fuzz/corpus/$target" "$corpus"
  if "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$out/" \
      "$corpus" >"$out/fuzz_$target.log" 2>&1; then
    execs=$(grep -E '^stat::number_of_executed_units' "$out/fuzz_$target.log" | awk '{print $2}')
    echo "ok - fuzz_$target: ${seconds} s, ${execs:-?} inputs, no crash, corpus $(ls "$corpus" | wc -l) inputs"
    pass=$((pass + 1))
  else
    echo "not ok - fuzz_$target found a failure (see $out/fuzz_$target.log):"
    grep -E 'ERROR|SUMMARY|Test unit written' "$out/fuzz_$target.log" | head -5 | sed 's/^/    /'
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
