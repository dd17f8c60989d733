#!/usr/bin/env bash
# xvfb_run.sh WxHxD COMMAND [ARGS...]: runs COMMAND on an X display of its own (Xvfb, screen WxHxD) and exits with
# COMMAND's status; Xvfb stops when COMMAND ends (or this script is stopped). The one place the tests start Xvfb:
# tests/desktop/desktop_test.sh and tests/browser/firefox.mjs run themselves again under it, gpu_test.sh runs
# bnlab_gpu_check under it.
# Xvfb picks a free display itself (-displayfd writes its number once it accepts connections): tests run beside other
# tests (ctest -j) and other Xvfb servers on the machine. Up to 30 s on a loaded machine. COMMAND gets DISPLAY,
# LIBGL_ALWAYS_SOFTWARE=1 (Mesa's software OpenGL, llvmpipe) and BNLAB_XVFB_DISPLAY (the display, for scripts that
# run themselves under this one). If Xvfb does not start: "not ok" and "0 passed, 1 failed", exit 1.
set -uo pipefail
screen=${1:?usage: xvfb_run.sh WxHxD COMMAND [ARGS...]}
shift
[ $# -gt 0 ] || { echo "usage: xvfb_run.sh WxHxD COMMAND [ARGS...]" >&2; exit 2; }

display_file=$(mktemp)
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp 3>"$display_file" >/dev/null 2>&1 &
xvfb=$!
child=
stop() {
  [ -z "$child" ] || kill "$child" 2>/dev/null
  kill "$xvfb" 2>/dev/null
  wait "$xvfb" 2>/dev/null
  rm -f "$display_file"
}
trap stop EXIT
trap 'exit 143' TERM INT HUP
for _ in $(seq 300); do
  [ -s "$display_file" ] && break
  kill -0 "$xvfb" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$display_file" ]; then
  echo "not ok - Xvfb starts a display (screen $screen) for: $*"
  echo "0 passed, 1 failed"
  exit 1
fi
display=:$(head -1 "$display_file")
for _ in $(seq 50); do DISPLAY=$display xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=$display BNLAB_XVFB_DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1
"$@" &
child=$!
wait "$child"
status=$?
child=
exit "$status"
