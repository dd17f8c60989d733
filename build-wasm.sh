#!/usr/bin/env bash
# build-wasm.sh: set up, build, serve and test bnlab on Debian bookworm.
#
#   ./build-wasm.sh serve [--port N]   install what is missing, build the web app, serve it on localhost
#   ./build-wasm.sh test               install what is missing, build native and web, run every test
#   ./build-wasm.sh desktop            install what is missing, build and start the desktop program
#   ./build-wasm.sh build              install what is missing, build native and web (no tests)
#   ./build-wasm.sh web                install what is missing, build the web app only (dist/, offline/)
#
# Sections: options · dependencies (Debian packages, Dear ImGui sources, npm) · font · builds · tests · main
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE="$ROOT/.cache"            # fetched third-party sources and generated assets (git-ignored)
NATIVE="$ROOT/build"            # native build: bn_core, bntrace, bnlab_tests, desktop bnlab
WEB="$ROOT/build-web"           # web builds: simd/, scalar/, and the shipped files in dist/
JOBS=$(nproc 2>/dev/null || echo 2)
PORT=8080

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }
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
              chromium firefox-esr xvfb xauth x11-utils imagemagick fonts-dejavu-core python3 python3-fonttools xz-utils
              fonts-wqy-microhei  # the Chinese texts' glyphs (subset at build time: ensure_cjk_font)
              ca-certificates dpkg-dev clang libclang-rt-14-dev texlive-latex-base
              # the LaTeX exports in Spanish, Portuguese (babel's languages) and Chinese (CJKutf8 and its gbsn font)
              texlive-lang-spanish texlive-lang-portuguese latex-cjk-chinese latex-cjk-chinese-arphic-gbsn00lp
              libgl1-mesa-dri  # Mesa's software OpenGL (llvmpipe): the desktop and GPU checks under Xvfb
              # Debian's PyTorch and Jupyter for /usr/bin/python3 (~80 s to install): the notebooks suite runs the
              # exported notebooks, the torch-script suite the training lab's PyTorch script
              python3-torch python3-nbclient python3-ipykernel python3-numpy
              python3-brotli  # scripts/wasm_sizes.py: the size table per part of the wasm (Brotli)
              llvm)  # llvm-nm: which library each function of the wasm comes from (scripts/wasm_sizes.py)

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
  [ -d "$ROOT/tests/browser/node_modules/playwright-core" ] && [ -d "$ROOT/tests/browser/node_modules/puppeteer-core" ] &&
    return 0
  # Neither downloads a browser: the tests drive Debian's chromium and firefox-esr.
  say "installing playwright-core and puppeteer-core (npm) for the browser tests"
  (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
}

# Closure Compiler for the page's JavaScript glue (emcc --closure 1): npm's google-closure-compiler, its native Linux
# binary (no Java). Installed once into web/closure/node_modules (ignored by git).
CLOSURE_DIR="$ROOT/web/closure"
ensure_closure() {
  local bin="$CLOSURE_DIR/node_modules/google-closure-compiler-linux/compiler"
  if [ ! -x "$bin" ]; then
    say "installing google-closure-compiler (npm) for the web build"
    (cd "$CLOSURE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  [ -x "$bin" ] || die "$bin is missing after npm ci in $CLOSURE_DIR"
  export EM_CLOSURE_COMPILER="$bin"
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
# The font carries ASCII, Latin-1 and every other character the sources use (src/, web/: Greek, combining hat,
# subscripts, arrows, math) and the catalogs' texts (assets/i18n/*.po, the lesson among them; characters DejaVu
# lacks, such as the Chinese ones, are left to the CJK fonts below): 28 KB of font instead of 93 (16 KB gzipped
# instead of 52) for the whole Greek/math/arrows/shapes blocks. A new symbol in a text adds itself at the next build
# (the list is kept beside the font and compared). What a learner types is ASCII (numbers, JSON).
font_unicodes() {
  local extra catalogs
  extra=$(find "$ROOT/src" "$ROOT/web" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.inc' \
            -o -name '*.js' -o -name '*.html' \) -print0 |
          xargs -0 /usr/bin/python3 -c '
import sys
chars = set()
for f in sys.argv[1:]:
    chars.update(c for c in open(f, encoding="utf-8", errors="ignore").read() if ord(c) > 0xFF)
print(",".join("U+%04X" % ord(c) for c in sorted(chars)))')
  catalogs=$(/usr/bin/python3 "$ROOT/scripts/glyph_check.py" chars "$ROOT/assets/i18n" | tr ',' '\n' |
             awk '$0 > "U+00FF"' | paste -sd, -)
  echo "U+0020-007E,U+00A0-00FF${extra:+,$extra}${catalogs:+,$catalogs}"
}
ensure_font() {
  local unicodes
  unicodes=$(font_unicodes)
  [ -f "$FONT" ] && [ "$FONT" -nt "$FONT_SRC" ] && [ "$(cat "$FONT.unicodes" 2>/dev/null)" = "$unicodes" ] && return 0
  mkdir -p "$CACHE"
  # Debian's python3-fonttools (for /usr/bin/python3, whatever python3 comes first on PATH).
  /usr/bin/python3 -m fontTools.subset "$FONT_SRC" --unicodes="$unicodes" --output-file="$FONT" --no-hinting \
    --desubroutinize
  echo "$unicodes" >"$FONT.unicodes"
  echo "font: $(stat -c %s "$FONT") bytes (subset of $(basename "$FONT_SRC"), $(stat -c %s "$FONT_SRC") bytes)"
}
# Chinese: Debian's WenQuanYi Micro Hei (fonts-wqy-microhei) cut to exactly the characters zh-Hans.po uses that the
# Latin font lacks (build-web/fonts/cjk.ttf), and to the CJK characters of the languages' own names that every
# language's Language menu shows (cjk-names.ttf); their sizes raw, gzip and brotli are printed. cjk-names.ttf is
# embedded in the wasm (every language's menu shows 简体中文); cjk.ttf ships beside index.html and is fetched when
# Chinese is chosen (platform_web.cpp), so other languages' visits do not grow. The glyph-check ctest checks every catalog against the fonts its language ships.
CJK_FONTS="$WEB/fonts"
ensure_cjk_font() {
  /usr/bin/python3 "$ROOT/scripts/glyph_check.py" subset --latin "$FONT" --out "$CJK_FONTS" "$ROOT/assets/i18n"
}

# ---------------------------------------------------------------------------------------------
# Builds
# ---------------------------------------------------------------------------------------------
# The native build's cache also registers the tests that need the web build (BNLAB_WEB_DIR), and the sanitizer unit
# tests and the fuzz targets (one clang tree, build/sanitize); BNLAB_BROWSER_PORT (environment) is the browser specs'
# first port (default: any free port). In CI (CI set) also the .deb test, which installs the package as root.
configure_native() {
  cmake -S "$ROOT" -B "$NATIVE" -DCMAKE_BUILD_TYPE=Release -DBNLAB_FONT_FILE="$FONT" -DBNLAB_WEB_DIR="$WEB" \
    -DBNLAB_SANITIZER_TESTS=ON -DBNLAB_FUZZ_TESTS=ON -DBNLAB_BROWSER_PORT="${BNLAB_BROWSER_PORT:-0}" \
    -DBNLAB_DEB_TEST="$([ -n "${CI:-}" ] && echo ON || echo OFF)" >/dev/null
}

# build_native [TARGET]: the whole native build (core, tools, unit tests, desktop app, then the sanitizer and fuzz
# tree, each its own phase), or just TARGET.
build_native() {
  configure_native
  if [ $# -gt 0 ]; then
    phase_start
    say "native build: $1"
    cmake --build "$NATIVE" -j"$JOBS" --target "$1"
    phase_end "native build ($1)"
    return
  fi
  phase_start
  say "native build (core, tools, unit tests, desktop app)"
  cmake --build "$NATIVE" -j"$JOBS" --target bnlab_tests bntrace bntrain bnbench bnlab
  phase_end "native build"
  phase_start
  say "sanitizer and fuzz build (clang, ASan + UBSan: unit tests and libFuzzer targets, build/sanitize)"
  cmake --build "$NATIVE" -j"$JOBS" --target bnlab_sanitize >"$NATIVE/sanitize-build.log" 2>&1 ||
    { tail -30 "$NATIVE/sanitize-build.log"; die "the sanitizer build failed (see $NATIVE/sanitize-build.log)"; }
  phase_end "sanitizer + fuzz build (clang)"
  cmake --build "$NATIVE" -j"$JOBS" >/dev/null  # anything else in the native build
}

# configure_web_variant simd|scalar: the variant's own CMake tree, build-web/simd or build-web/scalar (CMakeLists.txt's
# BNLAB_SIMD: -msimd128 and wasm exceptions, or neither, for every file, so the two share no object). Their links take
# turns (the linker launcher holds build-web/link.lock): Emscripten 3.1.6 links that run at the same time can mix
# their minified import names.
configure_web_variant() {
  local variant=$1 simd=OFF
  [ "$variant" = simd ] && simd=ON
  emcmake cmake -S "$ROOT" -B "$WEB/$variant" -DCMAKE_BUILD_TYPE=Release -DBNLAB_SIMD=$simd \
    -DIMGUI_SOURCE_DIR="$CACHE/imgui" -DBNLAB_FONT_FILE="$FONT" -DBNLAB_CJK_NAMES_FONT="$CJK_FONTS/cjk-names.ttf" \
    -DCMAKE_CXX_LINKER_LAUNCHER="flock;$WEB/link.lock" >/dev/null
}

# Both variants side by side, under one make whose -j the two trees share: while one links (wasm-opt, mostly one
# thread) or runs its host tools, the other compiles. Their output lines start with [simd] or [scalar].
build_web() {
  local v pids=()
  ensure_closure
  phase_start
  say "web build: simd and scalar, side by side"
  export NODE_PATH=/usr/share/nodejs  # Debian's emscripten finds acorn there
  mkdir -p "$WEB"
  for v in simd scalar; do configure_web_variant "$v" & pids+=($!); done
  for v in "${pids[@]}"; do wait "$v" || die "configuring the web build failed"; done
  if [ -f "$WEB/simd/Makefile" ] && [ -f "$WEB/scalar/Makefile" ]; then
    { printf 'SHELL := /bin/bash\n.SHELLFLAGS := -o pipefail -c\n.PHONY: all simd scalar\nall: simd scalar\nsimd scalar:\n'
      printf '\t+$(MAKE) --no-print-directory -C "%s/$@" 2>&1 | sed -u "s/^/[$@] /"\n' "$WEB"; } >"$WEB/variants.mk"
    make -j"$JOBS" --no-print-directory -f "$WEB/variants.mk" || die "the web build failed"
  else  # another generator (CMAKE_GENERATOR): one after the other
    for v in simd scalar; do cmake --build "$WEB/$v" -j"$JOBS"; done
  fi
  phase_end "web build (simd + scalar)"
  # dist/: our shell and loader, and each build's .js/.wasm under its own name. Assembled beside it and
  # swapped in whole, so a server running on dist/ never sees half of it.
  local new="$WEB/dist.new"
  rm -rf "$new" "$WEB/dist.old"
  mkdir -p "$new"
  cp "$ROOT"/web/index.html "$ROOT"/web/touch.js "$ROOT"/web/a11y.js "$ROOT"/web/style.css "$new/"
  cp "$CJK_FONTS/cjk.ttf" "$new/"  # Chinese's glyphs, fetched only when Chinese is chosen (platform_web.cpp)
  # Every language's texts but English's (in the wasm), fetched when that language is chosen (cmake/i18n.cmake).
  cp "$WEB"/simd/generated/lang-*.cat "$new/"
  # The words shown while the wasm loads (the lesson's first chapter, i18n_check --words, cmake/i18n.cmake): English in
  # index.html itself at its WORDS marker (no extra request), the other languages beside it for loader.js to fetch.
  local words="$WEB/simd/generated/words"
  [ -f "$words/words-en.html" ] || die "$words/words-en.html is missing (the web build writes it)"
  awk -v f="$words/words-en.html" '/<!-- build-wasm.sh: WORDS -->/ {
      pad = substr($0, 1, match($0, /[^ ]/) - 1); while ((getline l < f) > 0) print pad l; found = 1; next }
    { print } END { exit !found }' "$ROOT/web/index.html" >"$new/index.html" ||
    die "web/index.html: the WORDS marker was not found"
  for f in "$words"/words-*.html; do [ "$f" = "$words/words-en.html" ] || cp "$f" "$new/"; done
  for v in simd scalar; do
    cp "$WEB/$v/bnlab.js" "$new/bnlab-$v.js"
    cp "$WEB/$v/bnlab.wasm" "$new/bnlab-$v.wasm"
  done
  # The loader learns the modules' sizes (its download progress counts decompressed bytes), and starts with the page's
  # texts before the wasm runs in every language (window.BNLAB_STRINGS: i18n_check --web-strings, cmake/i18n.cmake).
  local strings="$WEB/simd/generated/bnlab_strings.js"
  [ -f "$strings" ] || die "$strings is missing (the web build writes it)"
  { cat "$strings"
    sed "s|var WASM_BYTES = null; // build-wasm.sh: WASM_BYTES|var WASM_BYTES = {\"simd\": $(stat -c %s "$new/bnlab-simd.wasm"), \"scalar\": $(stat -c %s "$new/bnlab-scalar.wasm")};|" \
      "$ROOT/web/loader.js"; } >"$new/loader.js"
  grep -q '^  var WASM_BYTES = {' "$new/loader.js" || die "web/loader.js: the WASM_BYTES line was not found"
  [ ! -d "$WEB/dist" ] || mv "$WEB/dist" "$WEB/dist.old"
  # The single-file page for use from disk, beside dist/ (it is not served): the same .js and .wasm, embedded.
  mkdir -p "$WEB/offline"
  node "$ROOT/web/make_single_file.mjs" "$new" "$WEB/offline/bnlab.html"
  # Precompressed twins, sent with Content-Encoding: br (Brotli, ~18% smaller for the wasm) or gzip to browsers
  # that accept them (web/serve.mjs).
  local f
  for f in "$new"/*; do gzip -9 -n -k -f "$f"; done
  node "$ROOT/web/precompress.mjs" "$new"
  mv "$new" "$WEB/dist"
  rm -rf "$WEB/dist.old"
  report_sizes
}

report_sizes() {
  say "shipped files (build-web/dist; gzip and br: the twins the server sends)"
  local f total=0 total_gz=0 total_br=0 load=0 load_gz=0 load_br=0 raw gz br
  printf '  %-22s %10s %10s %10s\n' file bytes gzip-9 brotli-11
  for f in "$WEB"/dist/*; do
    case "$f" in *.gz|*.br) continue ;; esac
    raw=$(stat -c %s "$f")
    gz=$(stat -c %s "$f.gz")
    br=$(stat -c %s "$f.br")
    total=$((total + raw))
    total_gz=$((total_gz + gz))
    total_br=$((total_br + br))
    case "$(basename "$f")" in *scalar*|cjk.ttf|lang-*.cat|words-*) ;; *) load=$((load + raw)); load_gz=$((load_gz + gz)); load_br=$((load_br + br)) ;; esac
    printf '  %-22s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
  printf '  %-22s %10d %10d %10d   (target: brotli <= 650 KB)\n' "all files" "$total" "$total_gz" "$total_br"
  printf '  %-22s %10d %10d %10d   (target: brotli <= 300 KB, gzip <= 350 KB)\n' "one visit in English" "$load" "$load_gz" "$load_br"
  # Another language adds its catalog; Chinese its glyphs too.
  local tag extra extra_gz extra_br
  for f in "$WEB"/dist/lang-*.cat; do
    tag=$(basename "$f" .cat); tag=${tag#lang-}
    extra=$(stat -c %s "$f") extra_gz=$(stat -c %s "$f.gz") extra_br=$(stat -c %s "$f.br")
    if [ -f "$WEB/dist/words-$tag.html" ]; then  # its first words, fetched while the wasm loads (~1 KB)
      extra=$((extra + $(stat -c %s "$WEB/dist/words-$tag.html"))) extra_gz=$((extra_gz + $(stat -c %s "$WEB/dist/words-$tag.html.gz")))
      extra_br=$((extra_br + $(stat -c %s "$WEB/dist/words-$tag.html.br")))
    fi
    if [ "$tag" = zh-Hans ]; then
      extra=$((extra + $(stat -c %s "$WEB/dist/cjk.ttf"))) extra_gz=$((extra_gz + $(stat -c %s "$WEB/dist/cjk.ttf.gz")))
      extra_br=$((extra_br + $(stat -c %s "$WEB/dist/cjk.ttf.br")))
    fi
    printf '  %-22s %10d %10d %10d   (+ lang-%s.cat%s)\n' "one visit in $tag" "$((load + extra))" \
      "$((load_gz + extra_gz))" "$((load_br + extra_br))" "$tag" "$([ "$tag" = zh-Hans ] && echo ', words and cjk.ttf' || echo ' and words')"
  done
  # The SIMD wasm per library and part (its functions' names from emcc's --emit-symbol-map).
  say "the SIMD wasm per library and part"
  /usr/bin/python3 "$ROOT/scripts/wasm_sizes.py" "$WEB/simd/bnlab.wasm" "$WEB/simd/bnlab.js.symbols" "$WEB/simd" \
    --blob "font (DejaVu Sans subset)=$FONT" "CJK names font=$CJK_FONTS/cjk-names.ttf" ||
    echo "  (wasm_sizes.py failed: no table)"
  # The page's texts before the wasm (every language), counted above inside loader.js: their own share, alone.
  local strings="$WEB/simd/generated/bnlab_strings.js"
  if [ -f "$strings" ]; then
    printf '  %-22s %10d %10d %10d   (inside loader.js: texts before the wasm, every language)\n' \
      "web strings" "$(stat -c %s "$strings")" "$(gzip -9 -n -c "$strings" | wc -c)" \
      "$(node -e 'const z = require("zlib"); process.stdout.write(String(z.brotliCompressSync(require("fs").readFileSync(process.argv[1]), { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length))' "$strings")"
  fi
}

# ---------------------------------------------------------------------------------------------
# Tests: every suite is a ctest test (tests/CMakeLists.txt; `ctest --test-dir build -N` lists them). Each prints
# "N passed, N failed" last; count_checks sums those lines once, over ctest's log.
# ---------------------------------------------------------------------------------------------
PASSED=0
FAILED=0
SUITE_TIMES=()  # "SECONDS NAME" per suite, for print_slowest
# count_checks BUILD: for every test `ctest -N` lists, the last "N passed, N failed" line of its output in
# Testing/Temporary/LastTest.log is added to PASSED/FAILED and printed with the test's time. A test with no such
# line (it crashed, or did not run) counts as one failure; so does a test ctest failed while its line says 0 failed
# (e.g. a sanitizer report after doctest's summary). Lines starting "# " other than the spec/test headers are
# measurements the suites print (frame times, steps per second): they are shown too.
count_checks() {
  local build=$1 line name p f log failed_list
  # Copies first: `ctest -N` below starts a new LastTest.log.
  log="$build/Testing/checks-output.log"
  failed_list="$build/Testing/checks-failed.log"
  cp "$build/Testing/Temporary/LastTest.log" "$log" 2>/dev/null || : >"$log"
  cp "$build/Testing/Temporary/LastTestsFailed.log" "$failed_list" 2>/dev/null || : >"$failed_list"
  grep -E '^# ' "$log" | grep -vE '^# (spec|test): ' | sed 's/^/  /' || true
  say "checks per suite"
  while read -r name; do
    line=$(awk -v want="$name" '
      /^[0-9]+\/[0-9]+ Testing: / { here = ($3 == want); if (here) found = 1; next }
      here && /^[0-9]+ passed, [0-9]+ failed/ { sum = $1 " " $3 }
      here && /^Test time = / { time = $4 }
      END { print (found ? "found" : "missing"), (time == "" ? "?" : time), (sum == "" ? "none" : sum) }' "$log")
    set -- $line
    if [ "$1" = missing ] || [ "$3" = none ]; then
      p=0 f=1
      echo "  $(printf '%-18s' "$name") no \"N passed, N failed\" line: counted as one failure"
    else
      p=$3 f=$4
      if grep -qE "^[0-9]+:$name\$" "$failed_list" && [ "$f" -eq 0 ]; then
        f=1
        echo "  $(printf '%-18s' "$name") ctest failed it after \"$p passed, 0 failed\": counted as one failure"
      fi
    fi
    printf '  %-18s %4d passed, %d failed  %8s s\n' "$name" "$p" "$f" "$2"
    [ "$2" = "?" ] || SUITE_TIMES+=("$2 $name")
    PASSED=$((PASSED + p))
    FAILED=$((FAILED + f))
  done < <(ctest --test-dir "$build" -N | sed -nE 's/^ *Test +#[0-9]+: +([^ ]+).*/\1/p')
}

# The ten suites that took longest in this run, with their seconds (ctest's "Test time", read by count_checks).
print_slowest() {
  [ ${#SUITE_TIMES[@]} -eq 0 ] && return
  say "slowest tests"
  printf '%s\n' "${SUITE_TIMES[@]}" | sort -rn | head -10 | awk '{ printf "  %-34s %7.1f s\n", $2, $1 }'
}

# Every suite through ctest, two at a time (tests that time something ask for both cores: PROCESSORS 2).
run_tests() {
  say "tests (ctest -j$JOBS; output of failing tests below)"
  ctest --test-dir "$NATIVE" -j"$JOBS" --output-on-failure || true
  count_checks "$NATIVE"
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
    ensure_cjk_font
    build_web
    release_lock
    say "serving bnlab at http://localhost:$PORT/  (Ctrl+C to stop)"
    exec node "$ROOT/web/serve.mjs" "$WEB/dist" "$PORT"
    ;;
  desktop)
    take_lock
    ensure_deps
    ensure_font
    build_native bnlab
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
    ensure_cjk_font
    build_native
    build_web
    print_phases
    ;;
  web)
    take_lock
    ensure_deps
    ensure_font
    ensure_cjk_font
    build_web
    print_phases
    ;;
  test)
    t_all=$(date +%s)
    take_lock
    phase_start; ensure_deps; ensure_npm_packages; ensure_font; ensure_cjk_font; phase_end "dependencies"
    build_native
    build_web
    phase_start; run_tests; phase_end "tests (ctest -j$JOBS)"
    print_phases
    print_slowest
    echo "all tests: $(seconds_since "$t_all") s (with builds)"
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
    ;;
  help|-h|--help) usage ;;
  *) usage; die "unknown command '$cmd'" ;;
esac
