#!/usr/bin/env bash
# desktop_test.sh BUILD_DIR OUT_DIR: the desktop program under Xvfb, checked as a learner would meet it.
#   1. it opens a window and draws the lab (screenshot is not blank);
#   2. with a link hash and step commands it computes the same numbers as bntrace (state JSON);
#   3. a bad link leaves the default batch and says why;
#   4. the image lab from a link (GroupNorm with the backward pass) computes the same numbers as bntrace;
#   5. the UI scale is kept in the settings file and read back by the next start;
#   6. practice mode from a link: a wrong answer keeps the step with a hint, the right one moves on, the same seed
#      asks the same question in the next run; the lesson from a link: a chapter covered until its prediction, the
#      asked value hidden, an answer, the progress kept in the settings file and read back; a first start without a link is at step 1; a screenshot of a chapter.
# Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed" last; exit 1 if any failed.
set -uo pipefail
build=${1:?usage: desktop_test.sh BUILD_DIR OUT_DIR}
out=${2:?usage: desktop_test.sh BUILD_DIR OUT_DIR}
# The checks run on an X display of their own: tests/xvfb_run.sh starts Xvfb and runs this script again under it.
[ -n "${BNLAB_XVFB_DISPLAY:-}" ] || exec "$BASH" "$(dirname "$0")/../xvfb_run.sh" 1280x800x24 "$BASH" "$0" "$@"
mkdir -p "$out"
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

# 1. A screenshot of the running program.
"$build/bnlab" --command first --command next --command next --command next --command next \
  --command next --command next --command next --command next >/dev/null 2>"$out/desktop.log" &
app=$!
not_blank() {
  local sd
  sd=$(convert "$out/desktop.png" -colorspace Gray -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }'
}
# The first screenshot after 4 s; on a loaded machine the first frame can take longer: up to 20 s more.
sleep 4
for _ in $(seq 20); do
  import -window root "$out/desktop.png" 2>/dev/null
  not_blank && break
  sleep 1
done
kill $app 2>/dev/null
wait $app 2>/dev/null
check "desktop window draws the lab (screenshot $out/desktop.png not blank)" not_blank

# 2. The numbers: a batch from a link, walked to the last step, against bntrace on the same input.
hash='x=1,2;3,5;4,9&gamma=2,0.5&beta=1,-1&eps=0.001&mode=train&dy=1,0;0,1;2,-1&step=0'
"$build/bnlab" --hash "$hash" --command last --frames 3 --print-state >"$out/state.json" 2>>"$out/desktop.log"
echo '{"x":[[1,2],[3,5],[4,9]],"gamma":[2,0.5],"beta":[1,-1],"eps":0.001,"dy":[[1,0],[0,1],[2,-1]]}' |
  "$build/bntrace" - >"$out/bntrace.json"
same_numbers() {
  python3 - "$out/state.json" "$out/bntrace.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1])); ref = json.load(open(sys.argv[2]))
def flat(v): return [z for r in v for z in (r if isinstance(r, list) else [r])]
bad = []
for key in ["mean", "var", "inv_std", "xhat", "y", "running_mean", "running_var", "dx", "dgamma", "dbeta"]:
    got, want = flat(state[key]), flat(ref[key])
    if len(got) != len(want) or any(abs(g - w) / (1 + abs(w)) > 1e-6 for g, w in zip(got, want)):
        bad.append(key)
if state["step_name"] != "dx" or bad:
    print("  mismatch:", bad, "step:", state["step_name"], file=sys.stderr); sys.exit(1)
PY
}
check "desktop state after --hash and 'last' matches bntrace (mean, var, xhat, y, dx, dgamma, dbeta)" same_numbers

# 3. A bad link: defaults kept, a message given.
"$build/bnlab" --hash 'x=1,abc' --frames 3 --print-state >"$out/bad.json" 2>>"$out/desktop.log"
bad_link_refused() {
  python3 - "$out/bad.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
ok = s["notice_is_error"] and "could not be read" in s["notice"] and s["x"][0] == [1, 120, -0.5]
sys.exit(0 if ok else 1)
PY
}
check "desktop: a bad link keeps the default batch and says why" bad_link_refused

# 4. The image lab: a GroupNorm link, walked to the last step, against bntrace with "norm": "group".
"$build/bnlab" --hash 'lab=image&shape=2,4,3,3&norm=group&groups=2&back=1&seed=3' --command last --frames 3 \
  --print-state >"$out/image_state.json" 2>>"$out/desktop.log"
image_lab_matches_bntrace() {
  python3 - "$out/image_state.json" "$build/bntrace" <<'PY'
import json, subprocess, sys
s = json.load(open(sys.argv[1]))["image"]
n, c, h, w = s["shape"]
def nest(flat):
    return [[[flat[((i * c + j) * h + k) * w:((i * c + j) * h + k) * w + w] for k in range(h)] for j in range(c)]
            for i in range(n)]
def flat(v): return [z for x in v for z in flat(x)] if isinstance(v, list) else [v]
inp = {"norm": "group", "groups": 2, "x": nest(s["x"]), "gamma": s["gamma"], "beta": s["beta"], "eps": s["eps"],
       "dy": nest(s["dy"])}
ref = json.loads(subprocess.run([sys.argv[2], "-"], input=json.dumps(inp), capture_output=True, text=True,
                                check=True).stdout)
bad = [key for key in ["mean", "var", "inv_std", "xhat", "y", "dbeta", "dgamma", "dx"]
       if len(flat(s["values"][key])) != len(flat(ref[key])) or
       any(abs(g - r) / (1 + abs(r)) > 1e-6 for g, r in zip(flat(s["values"][key]), flat(ref[key])))]
if s["norm"] != "group" or s["step_name"] != "dx" or s["count"] != 4 or bad:
    print("  mismatch:", bad, s["norm"], s["step_name"], s["count"], file=sys.stderr); sys.exit(1)
PY
}
check "desktop image lab (GroupNorm G=2, 2×4×3×3, backward) matches bntrace \"norm\": \"group\"" image_lab_matches_bntrace

# 5. The UI scale persists: set by one run, read back by the next (settings file under XDG_CONFIG_HOME).
config=$(mktemp -d)
XDG_CONFIG_HOME=$config "$build/bnlab" --command ui-scale:150 --frames 3 --print-state >/dev/null 2>>"$out/desktop.log"
XDG_CONFIG_HOME=$config "$build/bnlab" --frames 3 --print-state >"$out/scale.json" 2>>"$out/desktop.log"
scale_persists() {
  python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["ui_scale"] == 1.5 else 1)' "$out/scale.json" &&
    grep -qx 'ui_scale=150' "$config/bnlab-settings.txt"
}
check "desktop: the UI scale (150%) is saved to bnlab-settings.txt and used by the next start" scale_persists
rm -rf "$config"

# 6. Practice and the lesson on the desktop.
config=$(mktemp -d)
XDG_CONFIG_HOME=$config "$build/bnlab" --frames 3 --print-state >"$out/first.json" 2>>"$out/desktop.log"
first_view_at_step_1() {
  python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); sys.exit(0 if s["step"] == 0 and s["tab"] == 0 and "Lesson" in s["start_hint"] else 1)' "$out/first.json"
}
check "desktop: a first start without a link shows step 1 (not the last) with a hint where to start" first_view_at_step_1
phash='x=1,120,-0.5;2,80,0.5;3,100,-1.5;6,140,1.5&practice=9'
XDG_CONFIG_HOME=$config "$build/bnlab" --hash "$phash" --command answer:1000 --frames 3 --print-state \
  >"$out/practice1.json" 2>>"$out/desktop.log"
truth=$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["practice"]
x = [[1, 120, -0.5], [2, 80, 0.5], [3, 100, -1.5], [6, 140, 1.5]]
print(sum(r[s["index"][0]] for r in x))' "$out/practice1.json")
XDG_CONFIG_HOME=$config "$build/bnlab" --hash "$phash" --command "answer:$truth" --frames 3 --print-state \
  >"$out/practice2.json" 2>>"$out/desktop.log"
practice_round() {
  python3 - "$out/practice1.json" "$out/practice2.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
pa, pb = a["practice"], b["practice"]
ok = (pa["on"] and pa["quantity"] == "sum" and pa["attempts"] == 1 and "= ?" in pa["hint"] and a["step"] == 0 and
      "sum" not in a and pb["solved"] == 1 and pb["quantity"] == "mean" and b["step"] == 1 and "sum" in b)
if not ok: print("  ", pa, pb, file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}
check "desktop practice (seed 9): 1000 for Σx refused with a hint at step 1; the next run, same question, the right sum moves to μ" practice_round
# Chapter 8 (running statistics) begins with a prediction; then its numeric question: the running mean of feature 2,
# 0.9 · 10 + 0.1 · 11 = 10.1, hidden (no running_mean in the state) until it is answered.
XDG_CONFIG_HOME=$config "$build/bnlab" --hash 'lab=lesson&chapter=8' --frames 3 --print-state >"$out/lesson0.json" \
  2>>"$out/desktop.log"
XDG_CONFIG_HOME=$config "$build/bnlab" --hash 'lab=lesson&chapter=8' --command 'lesson:answer=1:b' \
  --command 'lesson:answer=2:10.1' --frames 3 --print-state >"$out/lesson1.json" 2>>"$out/desktop.log"
XDG_CONFIG_HOME=$config "$build/bnlab" --command lesson --frames 3 --print-state >"$out/lesson2.json" 2>>"$out/desktop.log"
lesson_kept() {
  python3 - "$out/lesson0.json" "$out/lesson1.json" "$out/lesson2.json" <<'PY'
import json, sys
z, a, b = (json.load(open(f)) for f in sys.argv[1:4])
ok = (z["lesson"]["covered"] and "running_mean" not in z and z["lesson"]["hidden_step"] == "running_mean"
      and a["lesson"]["chapter"] == 8 and a["lesson"]["status"][:2] == "b1" and a["step_name"] == "running_mean"
      and abs(a["running_mean"][1] - 10.1) < 1e-5 and a["tab"] == 5
      and b["lesson"]["chapter"] == 8 and b["lesson"]["answered_total"] == 2 and b["tab"] == 5)
if not ok: print("  ", z["lesson"]["covered"], a["lesson"], b["lesson"], file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}
check "desktop lesson: chapter 8 from its link covered until predicted, running mean hidden, 10.1 accepted, kept for the next start" lesson_kept
XDG_CONFIG_HOME=$config "$build/bnlab" --hash 'lab=lesson&chapter=8' >/dev/null 2>>"$out/desktop.log" &
app=$!
sleep 4
import -window root "$out/desktop-lesson.png" 2>/dev/null
kill $app 2>/dev/null
wait $app 2>/dev/null
rm -rf "$config"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
