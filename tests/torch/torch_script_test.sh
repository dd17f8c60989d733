#!/bin/bash
# torch_script_test.sh BNTRAIN OUT_DIR: the training lab as a PyTorch script (bntrain --script) reproduces
# bnlab's curves. For two data sets, bntrain trains the plain and the BN network 200 steps logging every step
# (--log-every 1: 201 rows per network, steps 0..200, each the eval-mode loss on the whole training and test
# sets) and writes the script; Debian's python3-torch runs it; compare_curves.py compares row by row.
#
# Tolerance 2e-4 nats (absolute) on train_loss and test_loss. Both sides are float32 from the same weights,
# points and batches; they differ only in rounding (the order of the sums in the matrix products, BN's mean
# and variance and the loss, exp/log/tanh implementations): about 1e-7 relative per operation, ~1e-6 in the
# first losses. SGD feeds those differences back into the weights, so they grow along the run (roughly
# linearly here); 200 steps at the moons preset's settings end near 1e-5. The tolerance leaves about 10x room
# for another CPU or PyTorch build while any real difference (a wrong batch, init, momentum or BN
# convention, train- instead of eval-mode logging) moves the losses by 1e-2 or more within a few steps.
# bntrain prints losses with 6 significant digits (at most 5e-7 off for losses below 1).
set -u
BNTRAIN=$1
OUT=$2
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
TOL=2e-4
mkdir -p "$OUT"
passed=0
failed=0
if ! "$PY" -c "import torch" 2>/dev/null; then
  echo "not ok - python3-torch is not installed (apt-get install python3-torch; build-wasm.sh installs it)"
  echo "0 passed, 1 failed"
  exit 1
fi
# name, then bntrain's options. moons: the lab's first experiment (3x16 tanh, lr 0.1, no momentum);
# spirals: 4x24 relu with SGD momentum 0.9, batch 16, another seed (momentum buffers, ReLU, other shapes).
run_case() {
  local name=$1
  shift
  local csv="$OUT/$name-bnlab.csv" py="$OUT/$name.py" got="$OUT/$name-torch.csv"
  if ! "$BNTRAIN" "$@" --steps 200 --log-every 1 --out "$csv" --script "$py"; then
    echo "not ok - $name: bntrain failed"
    failed=$((failed + 1))
    return
  fi
  local t0=$(date +%s%N)
  if ! "$PY" "$py" >"$got" 2>"$OUT/$name-torch.err"; then
    echo "not ok - $name: the script failed: $(tail -3 "$OUT/$name-torch.err")"
    failed=$((failed + 1))
    return
  fi
  local ms=$((($(date +%s%N) - t0) / 1000000))
  local counts
  counts=$("$PY" -c "import re,sys; t=open(sys.argv[1]).read(); print(len(re.search(r'TRAIN_Y = \[([^]]*)\]', t).group(1).split(',')), len(re.search(r'TEST_Y = \[([^]]*)\]', t).group(1).split(',')))" "$py")
  local out
  out=$("$PY" "$HERE/compare_curves.py" "$csv" "$got" "$name" "$TOL" $counts)
  local status=$?
  echo "$out"
  echo "# $name: the script ran in ${ms} ms ($(wc -c <"$py") bytes)"
  passed=$((passed + $(grep -c '^ok - ' <<<"$out")))
  failed=$((failed + $(grep -c '^not ok - ' <<<"$out")))
  [ $status -ne 0 ] && [ "$(grep -c '^not ok - ' <<<"$out")" -eq 0 ] && failed=$((failed + 1))
}
run_case moons --experiment basic --dataset moons
run_case spirals --experiment basic --dataset spirals --depth 4 --width 24 --activation relu --momentum 0.9 \
  --batch 16 --seed 3
# A mismatch must fail: a script whose learning rate is 0.11 instead of the lab's 0.1, against bnlab's curves
# (20 steps). compare_curves.py has to say "not ok".
"$BNTRAIN" --experiment basic --dataset spirals --depth 4 --width 24 --activation relu --momentum 0.9 --batch 16 \
  --seed 3 --steps 20 --log-every 1 --out "$OUT/neg-bnlab.csv" --script "$OUT/neg.py" &&
  sed -i 's/^LR = .*/LR = 0.11/' "$OUT/neg.py" && "$PY" "$OUT/neg.py" >"$OUT/neg-torch.csv" 2>/dev/null
if "$PY" "$HERE/compare_curves.py" "$OUT/neg-bnlab.csv" "$OUT/neg-torch.csv" neg "$TOL" 1000000 1000000 >"$OUT/neg.txt"; then
  echo "not ok - a script with another learning rate (0.11) passed the comparison: $(head -1 "$OUT/neg.txt")"
  failed=$((failed + 1))
else
  echo "ok - a script with another learning rate (0.11 for 0.1) fails the comparison ($(grep -o 'loss differs by [^ ]*' "$OUT/neg.txt" | head -1))"
  passed=$((passed + 1))
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
