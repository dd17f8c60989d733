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

# ---------------------------------------------------------------------------------------------
# Dependencies
# ---------------------------------------------------------------------------------------------
APT_PACKAGES=(emscripten libeigen3-dev libglfw3-dev libimgui-dev doctest-dev wabt cmake g++ make pkg-config
              chromium xvfb xauth x11-utils imagemagick fonts-dejavu-core python3 python3-fonttools xz-utils
              ca-certificates)

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
  local t0
  t0=$(date +%s)
  say "native build (core, bntrace, tests, desktop app)"
  cmake -S "$ROOT" -B "$NATIVE" -DCMAKE_BUILD_TYPE=Release -DBNLAB_FONT_FILE="$FONT" >/dev/null
  cmake --build "$NATIVE" -j"$JOBS"
  echo "native build: $(seconds_since "$t0") s"
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
  local t0 v
  for v in simd scalar; do
    t0=$(date +%s)
    say "web build: $v"
    build_web_variant "$v"
    echo "web build ($v): $(seconds_since "$t0") s"
  done
  # dist/: our shell and loader, and each build's .js/.wasm under its own name.
  rm -rf "$WEB/dist"
  mkdir -p "$WEB/dist"
  cp "$ROOT"/web/index.html "$ROOT"/web/loader.js "$ROOT"/web/style.css "$WEB/dist/"
  for v in simd scalar; do
    cp "$WEB/$v/bnlab.js" "$WEB/dist/bnlab-$v.js"
    cp "$WEB/$v/bnlab.wasm" "$WEB/dist/bnlab-$v.wasm"
  done
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
  (cd "$NATIVE" && ./bnlab_tests --no-colors=true) 2>&1 | tee "$log" | tail -25 || true
  # doctest: "[doctest] test cases: 25 | 25 passed | 0 failed | 0 skipped"
  local line
  line=$(grep -E '^\[doctest\] test cases:' "$log" | tail -1 || true)
  if [ -z "$line" ]; then
    echo "0 passed, 1 failed" >>"$log"
  else
    echo "$line" | sed -E 's/.*\| *([0-9]+) passed \| *([0-9]+) failed.*/\1 passed, \2 failed/' >>"$log"
  fi
  count_from "$log"
}

# The SIMD build must contain wasm SIMD instructions in our code, the scalar build none at all.
run_simd_check() {
  say "wasm SIMD instructions (wasm-objdump -d)"
  local log="$WEB/simd-check.log" simd scalar
  simd=$(wasm-objdump -d "$WEB/dist/bnlab-simd.wasm" | grep -cE '\b(f32x4|i32x4|v128)\.' || true)
  scalar=$(wasm-objdump -d "$WEB/dist/bnlab-scalar.wasm" | grep -cE '\b(f32x4|i32x4|v128)\.' || true)
  {
    echo "simd build: $simd SIMD instructions; scalar build: $scalar"
    local p=0 f=0
    if [ "$simd" -gt 0 ]; then p=$((p + 1)); echo "ok - the SIMD build uses wasm SIMD ($simd instructions)";
    else f=$((f + 1)); echo "not ok - the SIMD build has no SIMD instructions"; fi
    if [ "$scalar" -eq 0 ]; then p=$((p + 1)); echo "ok - the scalar build has no SIMD instructions";
    else f=$((f + 1)); echo "not ok - the scalar build has $scalar SIMD instructions"; fi
    echo "$p passed, $f failed"
  } | tee "$log"
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
    ensure_deps
    ensure_font
    build_web
    say "serving bnlab at http://localhost:$PORT/  (Ctrl+C to stop)"
    exec node "$ROOT/tests/browser/serve.mjs" "$WEB/dist" "$PORT"
    ;;
  desktop)
    ensure_deps
    ensure_font
    build_native
    say "starting the desktop program"
    exec "$NATIVE/bnlab"
    ;;
  build)
    ensure_deps
    ensure_font
    build_native
    build_web
    ;;
  test)
    t_all=$(date +%s)
    ensure_deps
    ensure_npm_packages
    ensure_font
    build_native
    build_web
    run_unit_tests
    run_simd_check
    run_desktop_tests
    run_browser_tests
    echo "all tests: $(seconds_since "$t_all") s (with builds)"
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
    ;;
  help|-h|--help) usage ;;
  *) usage; die "unknown command '$cmd'" ;;
esac
