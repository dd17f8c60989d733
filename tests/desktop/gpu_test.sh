#!/usr/bin/env bash
# gpu_test.sh BUILD_DIR OUT_DIR: the shaders against the CPU reference on the desktop's OpenGL, under Xvfb with
# Mesa's software renderer (llvmpipe): runs BUILD_DIR/bnlab_gpu_check (tests/gpu/gpu_check.cpp), which prints
# "ok - ..." per check and "N passed, N failed", and turns its PPM pictures into PNGs in OUT_DIR.
set -uo pipefail
build=${1:?usage: gpu_test.sh BUILD_DIR OUT_DIR}
out=${2:?usage: gpu_test.sh BUILD_DIR OUT_DIR}
mkdir -p "$out"
# On an X display of its own (tests/xvfb_run.sh: Xvfb, LIBGL_ALWAYS_SOFTWARE=1).
"$BASH" "$(dirname "$0")/../xvfb_run.sh" 640x480x24 "$build/bnlab_gpu_check" "$out"
status=$?
for f in "$out"/gpu_*.ppm; do
  [ -e "$f" ] && convert "$f" "${f%.ppm}.png" && rm -f "$f"
done
exit $status
