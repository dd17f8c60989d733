#!/usr/bin/env bash
# build-wasm.sh: set up, build, serve and test bnlab on Debian bookworm.
#
#   ./build-wasm.sh serve [--port N]   install what is missing, build the web app, serve it on localhost
#   ./build-wasm.sh test               install what is missing, build native and web, run every test
#   ./build-wasm.sh desktop            install what is missing, build and start the desktop program
#   ./build-wasm.sh build              install what is missing, build native and web (no tests)
#
# Sections: options · dependencies (Debian packages, Dear ImGui sources, npm) · font · builds · tests · main
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE="$ROOT/.cache"            # fetched third-party sources and generated assets (git-ignored)
NATIVE="$ROOT/build"            # native build: bn_core, bntrace, bnlab_tests, desktop bnlab
WEB="$ROOT/build-web"           # web builds: simd/, scalar/, and the shipped files in dist/
JOBS=$(nproc 2>/dev/null || echo 2)
PORT=8080

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'build-wasm.sh: %s\n' "$*" >&2; exit 1; }
seconds_since() { echo $(( $(date +%s) - $1 )); }

# Phase times, printed as they end and again in a table at the end of `test`/`build`.
PHASES=()
phase_start() { PHASE_T0=$(date +%s); }
phase_end() {  # phase_end NAME
  local s
  s=$(seconds_since "$PHASE_T0")
  PHASES+=("$(printf '  %-34s %5d s' "$1" "$s")")
  echo "$1: $s s"
}
print_phases() { [ ${#PHASES[@]} -eq 0 ] || { say "time per phase"; printf '%s\n' "${PHASES[@]}"; }; }

# One build at a time per work tree: two runs in the same build folders would link each other's
# half-written files. A second run waits for the first (the lock is released when this script ends,
# or before `serve`/`desktop` hand over to the server or the program).
take_lock() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/build.lock"
  if ! flock -n 9; then
    echo "build-wasm.sh: another build-wasm.sh is running in $ROOT; waiting for it..."
    flock -w 3600 9 || die "still locked after an hour: $CACHE/build.lock"
  fi
}
release_lock() { exec 9>&-; }

# ---------------------------------------------------------------------------------------------
# Dependencies
# ---------------------------------------------------------------------------------------------
APT_PACKAGES=(emscripten libeigen3-dev libglfw3-dev libimgui-dev doctest-dev wabt cmake g++ make pkg-config
              chromium xvfb xauth x11-utils imagemagick fonts-dejavu-core python3 python3-fonttools xz-utils
              ca-certificates dpkg-dev clang libclang-rt-14-dev)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  # Node.js and npm: any install will do (Debian's, or one already on the machine).
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Dear ImGui 1.86 sources from Debian's imgui source package, for the web build (never committed).
ensure_imgui_sources() {
  [ -f "$CACHE/imgui/imgui.cpp" ] && return 0
  say "fetching Dear ImGui's sources (apt-get source imgui)"
  local dl="$CACHE/imgui-download"
  rm -rf "$dl" "$CACHE/imgui"
  mkdir -p "$dl" "$CACHE/imgui"
  if ! (cd "$dl" && apt-get source -q --download-only imgui >/dev/null 2>&1); then
    # No deb-src entry yet: add one for bookworm main.
    as_root tee /etc/apt/sources.list.d/bnlab-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    as_root apt-get update -q
    (cd "$dl" && apt-get source -q --download-only imgui) || die "apt-get source imgui failed"
  fi
  local orig
  orig=$(ls "$dl"/imgui_*.orig.tar.* 2>/dev/null | head -1)
  [ -n "$orig" ] || die "imgui's source package has no .orig tarball"
  tar -xf "$orig" -C "$CACHE/imgui" --strip-components=1
  grep -q '#define IMGUI_VERSION *"1.86"' "$CACHE/imgui/imgui.h" || die "expected Dear ImGui 1.86 in $orig"
  rm -rf "$dl"
}

ensure_npm_packages() {
  [ -d "$ROOT/tests/browser/node_modules/playwright-core" ] && return 0
  say "installing playwright-core (npm) for the browser tests"
  (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
}

ensure_deps() {
  ensure_packages
  ensure_imgui_sources
}

# ---------------------------------------------------------------------------------------------
# Font: DejaVu Sans (Debian fonts-dejavu-core), subset to the glyphs the lab draws
# ---------------------------------------------------------------------------------------------
FONT_SRC=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
FONT="$CACHE/bnlab-font.ttf"
ensure_font() {
  [ -f "$FONT" ] && [ "$FONT" -nt "$FONT_SRC" ] && return 0
  mkdir -p "$CACHE"
  # Latin, Latin-1, combining marks, Greek, subscripts/superscripts, punctuation, arrows, math, shapes.
  local ranges="U+0020-00FF,U+0300-036F,U+0370-03FF,U+1D62,U+2000-206F,U+2070-209F,U+2190-21FF,U+2200-22FF"
  ranges="$ranges,U+25A0-25FF,U+2C7C"
  # Debian's python3-fonttools (for /usr/bin/python3, whatever python3 comes first on PATH).
  /usr/bin/python3 -m fontTools.subset "$FONT_SRC" --unicodes="$ranges" --output-file="$FONT" --no-hinting \
    --desubroutinize
  echo "font: $(stat -c %s "$FONT") bytes (subset of $(basename "$FONT_SRC"), $(stat -c %s "$FONT_SRC") bytes)"
}

# ---------------------------------------------------------------------------------------------
# Builds
# ---------------------------------------------------------------------------------------------
build_native() {
  phase_start
  say "native build (core, bntrace, tests, desktop app)"
  cmake -S "$ROOT" -B "$NATIVE" -DCMAKE_BUILD_TYPE=Release -DBNLAB_FONT_FILE="$FONT" >/dev/null
  cmake --build "$NATIVE" -j"$JOBS"
  phase_end "native build"
}

# build_web_variant simd|scalar
build_web_variant() {
  local variant=$1 simd=OFF
  [ "$variant" = simd ] && simd=ON
  export NODE_PATH=/usr/share/nodejs  # Debian's emscripten finds acorn there
  emcmake cmake -S "$ROOT" -B "$WEB/$variant" -DCMAKE_BUILD_TYPE=Release -DBNLAB_SIMD=$simd \
    -DIMGUI_SOURCE_DIR="$CACHE/imgui" -DBNLAB_FONT_FILE="$FONT" >/dev/null
  cmake --build "$WEB/$variant" -j"$JOBS"
}

build_web() {
  local v
  for v in simd scalar; do
    phase_start
    say "web build: $v"
    build_web_variant "$v"
    phase_end "web build ($v)"
  done
  # dist/: our shell and loader, and each build's .js/.wasm under its own name. Assembled beside it and
  # swapped in whole, so a server running on dist/ never sees half of it.
  local new="$WEB/dist.new"
  rm -rf "$new" "$WEB/dist.old"
  mkdir -p "$new"
  cp "$ROOT"/web/index.html "$ROOT"/web/loader.js "$ROOT"/web/touch.js "$ROOT"/web/a11y.js "$ROOT"/web/style.css "$new/"
  for v in simd scalar; do
    cp "$WEB/$v/bnlab.js" "$new/bnlab-$v.js"
    cp "$WEB/$v/bnlab.wasm" "$new/bnlab-$v.wasm"
  done
  [ ! -d "$WEB/dist" ] || mv "$WEB/dist" "$WEB/dist.old"
  # The single-file page for use from disk, beside dist/ (it is not served).
  mkdir -p "$WEB/offline"
  node "$ROOT/web/make_single_file.mjs" "$new" "$WEB/simd/bnlab_single.js" "$WEB/scalar/bnlab_single.js" \
    "$WEB/offline/bnlab.html"
  mv "$new" "$WEB/dist"
  rm -rf "$WEB/dist.old"
  report_sizes
}

report_sizes() {
  say "shipped files (build-web/dist)"
  local f total=0 total_gz=0 load=0 load_gz=0 raw gz
  printf '  %-22s %10s %10s\n' file bytes gzip-9
  for f in "$WEB"/dist/*; do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    total=$((total + raw))
    total_gz=$((total_gz + gz))
    case "$(basename "$f")" in *scalar*) ;; *) load=$((load + raw)); load_gz=$((load_gz + gz)) ;; esac
    printf '  %-22s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
  done
  printf '  %-22s %10d %10d\n' "all files" "$total" "$total_gz"
  printf '  %-22s %10d %10d\n' "one visit (SIMD build)" "$load" "$load_gz"
}

# ---------------------------------------------------------------------------------------------
# Tests: native unit tests, wasm SIMD check, desktop under Xvfb, browser tests; one summary line
# ---------------------------------------------------------------------------------------------
PASSED=0
FAILED=0
# count_from LOG: adds the last "N passed, N failed" line of a suite's output to the totals.
count_from() {
  local line p f
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -1 || true)
  if [ -z "$line" ]; then
    FAILED=$((FAILED + 1))
    echo "  (no summary line in $1: counted as one failure)"
    return
  fi
  p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
}

run_unit_tests() {
  say "native unit tests (doctest)"
  local log="$NATIVE/unit.log"
  # ctest runs bnlab_tests (add_test "unit"); -V shows doctest's output, prefixed with "1: ".
  local status=0
  ctest --test-dir "$NATIVE" -V --no-compress-output >"$log" 2>&1 || status=$?
  grep -vE '^[0-9]+: *$' "$log" | sed -E 's/^[0-9]+: //' | tail -25
  # doctest: "[doctest] test cases: 25 | 25 passed | 0 failed | 0 skipped" (counted per test case)
  local line
  line=$(grep -E '\[doctest\] test cases:' "$log" | tail -1 || true)
  if [ -z "$line" ]; then
    echo "0 passed, 1 failed" >>"$log"
  else
    line=$(echo "$line" | sed -E 's/.*\| *([0-9]+) passed \| *([0-9]+) failed.*/\1 \2/')
    # A crash after doctest's summary still fails ctest: count it as one more failure.
    [ "$status" -eq 0 ] || [ "${line#* }" != 0 ] || line="${line% *} 1"
    echo "${line% *} passed, ${line#* } failed" >>"$log"
  fi
  count_from "$log"
}

# The SIMD build must contain wasm SIMD instructions, f32x4 ones inside each BN kernel; the scalar build none.
# bnbench keeps function names (--profiling-funcs), so instructions can be counted per kernel.
kernel_f32x4() {  # kernel_f32x4 WASM NAME: f32x4 instructions inside functions whose name contains NAME
  wasm-objdump -d "$1" | awk -v name="$2" '/^[0-9a-f]+ func\[/ { inside = index($0, name) > 0 } inside && /f32x4\./ { n++ } END { print n + 0 }'
}
run_simd_check() {
  say "wasm SIMD instructions (wasm-objdump -d)"
  local log="$WEB/simd-check.log" simd scalar k n p=0 f=0
  simd=$(wasm-objdump -d "$WEB/dist/bnlab-simd.wasm" | grep -cE '\b(f32x4|i32x4|v128)\.' || true)
  scalar=$(wasm-objdump -d "$WEB/dist/bnlab-scalar.wasm" | grep -cE '\b(f32x4|i32x4|v128)\.' || true)
  {
    if [ "$simd" -gt 0 ]; then p=$((p + 1)); echo "ok - the SIMD app build uses wasm SIMD ($simd instructions)";
    else f=$((f + 1)); echo "not ok - the SIMD app build has no SIMD instructions"; fi
    if [ "$scalar" -eq 0 ]; then p=$((p + 1)); echo "ok - the scalar app build has no SIMD instructions";
    else f=$((f + 1)); echo "not ok - the scalar app build has $scalar SIMD instructions"; fi
    for k in BnDenseForwardF32x4 BnDenseBackwardF32x4 BnConvForwardF32x4 BnConvBackwardF32x4 MatMulABtF32x4; do
      n=$(kernel_f32x4 "$WEB/simd/bnbench.wasm" "$k")
      if [ "$n" -gt 0 ]; then p=$((p + 1)); echo "ok - $k has $n f32x4 instructions in the SIMD build";
      else f=$((f + 1)); echo "not ok - $k has no f32x4 instructions in the SIMD build"; fi
    done
    n=$(wasm-objdump -d "$WEB/scalar/bnbench.wasm" | grep -cE '\b(f32x4|i32x4|v128)\.' || true)
    if [ "$n" -eq 0 ]; then p=$((p + 1)); echo "ok - the scalar bnbench has no SIMD instructions";
    else f=$((f + 1)); echo "not ok - the scalar bnbench has $n SIMD instructions"; fi
    echo "$p passed, $f failed"
  } | tee "$log"
  count_from "$log"
}

# bnbench --quick --json, native and both wasm builds (node): the JSON parses and every figure is positive.
run_bench_smoke() {
  say "bnbench smoke test (--quick --json)"
  local log="$NATIVE/bench-smoke.log"
  {
    "$NATIVE/bnbench" --quick --json >"$NATIVE/bench-native.json"
    node --no-experimental-fetch "$WEB/simd/bnbench.js" --quick --json >"$NATIVE/bench-wasm-simd.json"
    node --no-experimental-fetch "$WEB/scalar/bnbench.js" --quick --json >"$NATIVE/bench-wasm-scalar.json"
    node "$ROOT/tests/bench_smoke.mjs" "$NATIVE/bench-native.json" "$NATIVE/bench-wasm-simd.json" \
      "$NATIVE/bench-wasm-scalar.json"
  } 2>&1 | tee "$log" || true
  count_from "$log"
}

# The unit tests again, built with AddressSanitizer and UndefinedBehaviorSanitizer (no desktop app).
run_sanitizer_tests() {
  say "unit tests under AddressSanitizer + UBSan"
  local log="$ROOT/build-asan/unit.log" status=0 line
  cmake -S "$ROOT" -B "$ROOT/build-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBNLAB_SANITIZE=ON -DBNLAB_DESKTOP=OFF \
    -DBNLAB_FONT_FILE="$FONT" >/dev/null
  cmake --build "$ROOT/build-asan" -j"$JOBS" >"$ROOT/build-asan/build.log" 2>&1 || { tail -20 "$ROOT/build-asan/build.log"; }
  (cd "$ROOT/build-asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ./bnlab_tests --no-colors=true) >"$log" 2>&1 || status=$?
  grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error|\[doctest\] (test cases|assertions)' "$log" | head -10
  line=$(grep -E '\[doctest\] test cases:' "$log" | tail -1 || true)
  if [ -z "$line" ] || grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error' "$log"; then
    echo "not ok - unit tests under sanitizers (see $log)" | tee -a "$log"
    echo "0 passed, 1 failed" >>"$log"
  else
    line=$(echo "$line" | sed -E 's/.*\| *([0-9]+) passed \| *([0-9]+) failed.*/\1 \2/')
    [ "$status" -eq 0 ] || [ "${line#* }" != 0 ] || line="${line% *} 1"
    echo "${line% *} passed, ${line#* } failed (under ASan + UBSan)" | tee -a "$log"
    echo "${line% *} passed, ${line#* } failed" >>"$log"
  fi
  count_from "$log"
}

# libFuzzer targets (clang): the URL-hash reader, the JSON reader, bntrace's input; FUZZ_SECONDS each.
run_fuzz_tests() {
  say "fuzzing (libFuzzer, ${FUZZ_SECONDS:-30} s per target)"
  local log="$ROOT/build-fuzz.log"
  bash "$ROOT/tests/fuzz/run_fuzz.sh" "$ROOT/build-fuzz" "${FUZZ_SECONDS:-30}" 2>&1 | tee "$log" || true
  count_from "$log"
}

run_desktop_tests() {
  say "desktop program under Xvfb"
  local log="$NATIVE/desktop.log"
  bash "$ROOT/tests/desktop/desktop_test.sh" "$NATIVE" "$ROOT/tests/browser/out" 2>&1 | tee "$log" || true
  count_from "$log"
}

run_browser_tests() {
  say "browser tests (headless Chromium)"
  local log="$WEB/browser.log"
  node "$ROOT/tests/browser/run.mjs" "$WEB/dist" 2>&1 | tee "$log" || true
  count_from "$log"
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
cmd=${1:-help}
[ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || die "--port needs a number"; PORT=$2; shift 2 ;;
    --port=*) PORT=${1#--port=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see ./build-wasm.sh --help)" ;;
  esac
done
case "$PORT" in ''|*[!0-9]*) die "--port must be a number, got '$PORT'" ;; esac

case "$cmd" in
  serve)
    take_lock
    ensure_deps
    ensure_npm_packages
    ensure_font
    build_web
    release_lock
    say "serving bnlab at http://localhost:$PORT/  (Ctrl+C to stop)"
    exec node "$ROOT/tests/browser/serve.mjs" "$WEB/dist" "$PORT"
    ;;
  desktop)
    take_lock
    ensure_deps
    ensure_font
    build_native
    release_lock
    [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] ||
      die "no display (DISPLAY is not set): run it in a desktop session, or e.g. xvfb-run -a $NATIVE/bnlab"
    say "starting the desktop program"
    exec "$NATIVE/bnlab"
    ;;
  build)
    take_lock
    ensure_deps
    ensure_font
    build_native
    build_web
    print_phases
    ;;
  test)
    t_all=$(date +%s)
    take_lock
    phase_start; ensure_deps; ensure_npm_packages; ensure_font; phase_end "dependencies"
    build_native
    build_web
    phase_start; run_unit_tests; phase_end "unit tests (ctest)"
    phase_start; run_sanitizer_tests; phase_end "unit tests (ASan + UBSan)"
    phase_start; run_fuzz_tests; phase_end "fuzzing (libFuzzer)"
    phase_start; run_simd_check; phase_end "wasm SIMD check"
    phase_start; run_bench_smoke; phase_end "bnbench smoke test"
    phase_start; run_desktop_tests; phase_end "desktop tests (Xvfb)"
    phase_start; run_browser_tests; phase_end "browser tests (Chromium)"
    print_phases
    echo "all tests: $(seconds_since "$t_all") s (with builds)"
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
    ;;
  help|-h|--help) usage ;;
  *) usage; die "unknown command '$cmd'" ;;
esac
