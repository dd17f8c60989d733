#!/usr/bin/env bash
# gpu_test.sh BUILD_DIR OUT_DIR: the shaders against the CPU reference on the desktop's OpenGL, under Xvfb with
# Mesa's software renderer (llvmpipe): runs BUILD_DIR/bnlab_gpu_check (tests/gpu/gpu_check.cpp), which prints
# "ok - ..." per check and "N passed, N failed", and turns its PPM pictures into PNGs in OUT_DIR.
set -uo pipefail
build=${1:?usage: gpu_test.sh BUILD_DIR OUT_DIR}
out=${2:?usage: gpu_test.sh BUILD_DIR OUT_DIR}
mkdir -p "$out"
# Xvfb picks a free display itself (-displayfd writes its number once it accepts connections), as desktop_test.sh.
display_file=$(mktemp)
Xvfb -displayfd 3 -screen 0 640x480x24 -nolisten tcp 3>"$display_file" >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill $xvfb_pid 2>/dev/null; rm -f "$display_file"' EXIT
for _ in $(seq 300); do [ -s "$display_file" ] && break; sleep 0.1; done
display=:$(head -1 "$display_file")
for _ in $(seq 50); do DISPLAY=$display xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1 "$build/bnlab_gpu_check" "$out"
status=$?
for f in "$out"/gpu_*.ppm; do
  [ -e "$f" ] && convert "$f" "${f%.ppm}.png" && rm -f "$f"
done
exit $status
