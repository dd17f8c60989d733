#!/usr/bin/env bash
# deb_test.sh [BUILD_DIR]: the desktop install, as a Linux user meets it.
#   BUILD_DIR: a build tree already configured (ctest passes build-wasm.sh's build/: its installed programs,
#   target bnlab_installed_programs, are built if they are not yet, and packaged as they are), or a folder that is not
#   one yet (default build-deb/), configured and built here as README.md's "Install on Linux" does.
#   1. cmake --install into a folder puts bnlab, bntrace, bntrain, the .desktop entry and the icons where a
#      desktop finds them;
#   2. cpack -G DEB makes a .deb with those files and the run-time dependencies (libglfw3, fonts-dejavu-core);
#   3. as root (CI): dpkg -i installs it (apt-get -f install fetches missing dependencies), the installed
#      `bnlab --version` prints the version and the installed `bntrace` computes a PyTorch reference case;
#      the package is removed again. Not root: the .deb is unpacked with dpkg-deb -x and run from there.
# Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed" last; exit 1 if any failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-deb}
pass=0
fail=0
check() {  # check NAME COMMAND...
  local name=$1
  shift
  if "$@"; then
    echo "ok - $name"
    pass=$((pass + 1))
  else
    echo "not ok - $name"
    fail=$((fail + 1))
  fi
}
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
  exit $?
}

version=$(sed -n 's/^project(bnlab VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
mkdir -p "$build"
log=$build/deb-test  # deb-test.{cmake,build,cpack}.log
# The packaged desktop program reads Debian's DejaVu Sans (the package depends on fonts-dejavu-core): in a new tree
# through BNLAB_FONT_FILE, in a tree with a font of its own through bnlab_installed (CMakeLists.txt).
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DBNLAB_FONT_FILE=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >"$log.cmake.log" 2>&1 ||
    { cat "$log.cmake.log"; echo "not ok - configure"; fail=1; finish; }
fi
cmake --build "$build" -j2 --target bnlab_installed_programs >"$log.build.log" 2>&1 ||
  { tail -30 "$log.build.log"; echo "not ok - build"; fail=1; finish; }

# 1. cmake --install
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cmake --install "$build" --prefix "$stage/usr" >/dev/null
has_files() {
  local dir=$1
  for f in bin/bnlab bin/bntrace bin/bntrain share/applications/bnlab.desktop \
           share/icons/hicolor/scalable/apps/bnlab.svg share/icons/hicolor/256x256/apps/bnlab.png; do
    [ -e "$dir/$f" ] || { echo "  missing $f"; return 1; }
  done
  grep -q '^Exec=bnlab$' "$dir/share/applications/bnlab.desktop" && grep -q '^Icon=bnlab$' "$dir/share/applications/bnlab.desktop"
}
check "cmake --install puts the programs, the .desktop entry and the icons in place" has_files "$stage/usr"

# 2. cpack -G DEB
rm -f "$build"/bnlab_*.deb
(cd "$build" && cpack -G DEB >"$log.cpack.log" 2>&1) || tail -20 "$log.cpack.log"
deb=$(ls "$build"/bnlab_*.deb 2>/dev/null | head -1)
check "cpack -G DEB makes bnlab_${version}_*.deb" test -n "$deb"
[ -n "$deb" ] || finish
depends=$(dpkg-deb -f "$deb" Depends)
echo "  Depends: $depends"
check "the .deb depends on libglfw3 and fonts-dejavu-core" \
  bash -c "grep -q libglfw3 <<<'$depends' && grep -q fonts-dejavu-core <<<'$depends'"
dpkg-deb -c "$deb" >"$stage/contents.txt"
check "the .deb holds the programs, the .desktop entry and the icons" \
  bash -c "for f in ' ./usr/bin/bnlab$' ' ./usr/bin/bntrace$' ' ./usr/bin/bntrain$' 'applications/bnlab.desktop$' \
                    'hicolor/256x256/apps/bnlab.png$' 'hicolor/scalable/apps/bnlab.svg$'; do
             grep -q \"\$f\" '$stage/contents.txt' || exit 1; done"

# 3. Install and run.
if [ "$(id -u)" -eq 0 ] && ! dpkg -s bnlab >/dev/null 2>&1; then
  installed=1
  dpkg -i "$deb" >/dev/null 2>&1 || apt-get -f install -y >/dev/null 2>&1
  bin=/usr/bin
  check "dpkg -i installs the package" bash -c "dpkg -s bnlab 2>/dev/null | grep -q '^Status: install ok installed'"
else
  installed=0
  dpkg-deb -x "$deb" "$stage/deb"
  bin=$stage/deb/usr/bin
  echo "  (not root, or bnlab already installed: running the unpacked package)"
fi
check "bnlab --version prints 'bnlab $version'" bash -c "[ \"\$('$bin/bnlab' --version 2>/dev/null)\" = 'bnlab $version' ]"
check "the packaged bnlab reads Debian's DejaVu Sans, not the build's own font" \
  grep -qa /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$bin/bnlab"
# A PyTorch reference case through the installed bntrace (same tolerance as the unit tests: 1e-6 relative + 1e-6).
bntrace_case() {
  python3 - "$bin/bntrace" "$root/tests/reference/bn_cases.json" <<'EOF'
import json, subprocess, sys
exe, cases = sys.argv[1], json.load(open(sys.argv[2]))["cases"]
case = cases[0]
out = subprocess.run([exe, "-"], input=json.dumps(case["input"]), capture_output=True, text=True, check=True).stdout
got = json.loads(out)
def flat(v): return [y for x in v for y in flat(x)] if isinstance(v, list) else [v]
worst = 0.0
for key, want in case["expect"].items():
    if key not in got: continue
    for a, b in zip(flat(got[key]), flat(want)):
        worst = max(worst, abs(a - b) / (1e-6 + 1e-6 * abs(b)))
print(f"  bntrace reference case 0: {len(case['expect'])} outputs, worst error {worst:.3g} of the tolerance")
sys.exit(0 if worst <= 1 else 1)
EOF
}
check "the installed bntrace computes a PyTorch reference case" bntrace_case
if [ "$installed" -eq 1 ]; then
  check "the installed bnlab.desktop and icon are where desktops look" \
    test -f /usr/share/applications/bnlab.desktop -a -f /usr/share/icons/hicolor/256x256/apps/bnlab.png
  dpkg -r bnlab >/dev/null 2>&1
  check "dpkg -r removes it" bash -c "! test -e /usr/bin/bnlab"
fi
finish
