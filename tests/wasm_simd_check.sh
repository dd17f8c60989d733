#!/usr/bin/env bash
# wasm_simd_check.sh WEB_DIR: the SIMD build must contain wasm SIMD instructions, f32x4 ones inside each BN kernel;
# the scalar build none. WEB_DIR is build-wasm.sh's build-web/ (dist/bnlab-{simd,scalar}.wasm and
# {simd,scalar}/bnbench.wasm; bnbench keeps function names (--profiling-funcs), so instructions are counted per
# kernel). Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed" last; exit 1 if any failed.
set -uo pipefail
web=${1:?usage: wasm_simd_check.sh WEB_DIR}
p=0
f=0
ok() { p=$((p + 1)); echo "ok - $*"; }
not_ok() { f=$((f + 1)); echo "not ok - $*"; }
simd_count() { wasm-objdump -d "$1" | grep -cE '\b(f32x4|i32x4|v128)\.' || true; }
kernel_f32x4() {  # kernel_f32x4 WASM NAME: f32x4 instructions inside functions whose name contains NAME
  wasm-objdump -d "$1" | awk -v name="$2" '/^[0-9a-f]+ func\[/ { inside = index($0, name) > 0 } inside && /f32x4\./ { n++ } END { print n + 0 }'
}

simd=$(simd_count "$web/dist/bnlab-simd.wasm")
scalar=$(simd_count "$web/dist/bnlab-scalar.wasm")
if [ "$simd" -gt 0 ]; then ok "the SIMD app build uses wasm SIMD ($simd instructions)";
else not_ok "the SIMD app build has no SIMD instructions"; fi
if [ "$scalar" -eq 0 ]; then ok "the scalar app build has no SIMD instructions";
else not_ok "the scalar app build has $scalar SIMD instructions"; fi
for k in BnDenseForwardF32x4 BnDenseBackwardF32x4 BnConvForwardF32x4 BnConvBackwardF32x4 MatMulABtF32x4; do
  n=$(kernel_f32x4 "$web/simd/bnbench.wasm" "$k")
  if [ "$n" -gt 0 ]; then ok "$k has $n f32x4 instructions in the SIMD build";
  else not_ok "$k has no f32x4 instructions in the SIMD build"; fi
done
n=$(simd_count "$web/scalar/bnbench.wasm")
if [ "$n" -eq 0 ]; then ok "the scalar bnbench has no SIMD instructions";
else not_ok "the scalar bnbench has $n SIMD instructions"; fi
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
