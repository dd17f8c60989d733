#!/usr/bin/env bash
# run_fuzz.sh BIN SEEDS OUT [SECONDS]: runs one libFuzzer target (built by tests/fuzz/CMakeLists.txt with clang,
# ASan and UBSan) for SECONDS (default: $FUZZ_SECONDS, else 8) on a copy of its seed corpus SEEDS, in OUT.
# Prints "ok"/"not ok" with the executions and the corpus it reached, and "N passed, N failed"; exit 1 on a finding.
# ctest runs it once per target (fuzz-hash, fuzz-commands, ...: see tests/CMakeLists.txt); 8 s x 10 targets keeps
# CI's fuzz time where 30 s x 3 had it. Longer: FUZZ_SECONDS=300 ctest --test-dir build -L fuzz.
set -uo pipefail
bin=${1:?usage: run_fuzz.sh BIN SEEDS OUT [SECONDS]}
seeds=${2:?usage: run_fuzz.sh BIN SEEDS OUT [SECONDS]}
out=${3:?usage: run_fuzz.sh BIN SEEDS OUT [SECONDS]}
seconds=${4:-${FUZZ_SECONDS:-8}}
name=$(basename "$bin")
mkdir -p "$out"
if [ ! -x "$bin" ]; then
  echo "not ok - $name is not built ($bin)"
  echo "0 passed, 1 failed"
  exit 1
fi
corpus="$out/corpus_${name#fuzz_}"
rm -rf "$corpus"
cp -r "$seeds" "$corpus"
if "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/" "$corpus" >"$out/$name.log" 2>&1; then
  execs=$(grep -E '^stat::number_of_executed_units' "$out/$name.log" | awk '{print $2}')
  echo "ok - $name: ${seconds} s, ${execs:-?} inputs, no crash, corpus $(ls "$corpus" | wc -l) inputs"
  echo "1 passed, 0 failed"
else
  echo "not ok - $name found a failure (see $out/$name.log):"
  grep -E 'ERROR|SUMMARY|Test unit written' "$out/$name.log" | head -5 | sed 's/^/    /'
  echo "0 passed, 1 failed"
  exit 1
fi
