#!/bin/bash
# torch_script_test.sh BNTRAIN OUT_DIR: the training lab as a PyTorch script (bntrain --script) reproduces
# bnlab's curves. For two data sets, bntrain trains the plain and the BN network 200 steps logging every step
# (--log-every 1: rows for steps 0..200 per network, each the eval-mode loss and accuracy on the whole training
# and test sets, as the lab's curves) and writes the script; Debian's python3-torch runs it in float32, as
# bnlab, and again with --float64; compare_curves.py compares bnlab's rows with the float32 run's.
#
# Tolerance (compare_curves.py): 1e-4 nats + 3 x how far PyTorch's own float32 run is from its float64 run
# so far. Both sides are float32 from the same weights, points and batches; they differ only in rounding
# (the order of the sums in the products, BN's statistics and the loss; exp, log and tanh): ~1e-7 relative
# per operation, ~1e-6 in the losses. While training is well conditioned that stays ~1e-6 (PyTorch float32
# vs float64: ~1e-7), and the tolerance is 1e-4. Where training amplifies rounding (a BN network's eval-mode
# loss spiking after ~160 steps here), PyTorch float32 and float64 part by up to ~1e-2, and bnlab's float32
# run may part from PyTorch's float32 run as much: the tolerance grows with that measured spread.
# Any real difference (a wrong batch, init, learning rate, momentum or BN convention, train- instead of
# eval-mode logging) moves the losses by 1e-2 within a few steps, while the spread is still ~1e-7: the last
# case checks that a script with learning rate 0.11 instead of 0.1 fails.
# bntrain prints losses with 6 significant digits (at most 5e-7 off for losses below 1).
set -u
BNTRAIN=$1
OUT=$2
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
passed=0
failed=0
if ! "$PY" -c "import torch" 2>/dev/null; then
  echo "not ok - python3-torch is not installed (apt-get install python3-torch; build-wasm.sh installs it)"
  echo "0 passed, 1 failed"
  exit 1
fi

# compare NAME PY_FILE BNLAB_CSV: runs the script in float32 and float64, prints compare_curves.py's lines
# and sets $status (its exit status; 2 when the script failed).
compare() {
  local name=$1 py=$2 csv=$3
  local t0 counts ms
  t0=$(date +%s%N)
  if ! "$PY" "$py" >"$OUT/$name-torch.csv" 2>"$OUT/$name-torch.err" ||
     ! "$PY" "$py" --float64 >"$OUT/$name-torch64.csv" 2>>"$OUT/$name-torch.err"; then
    out="not ok - $name: the script failed: $(tail -3 "$OUT/$name-torch.err")"
    status=2
    return
  fi
  ms=$((($(date +%s%N) - t0) / 2000000))
  counts=$("$PY" -c "import re,sys; t=open(sys.argv[1]).read(); print(*(len(re.search(k + r' = \[([^]]*)\]', t).group(1).split(',')) for k in ('TRAIN_Y', 'TEST_Y')))" "$py")
  out=$("$PY" "$HERE/compare_curves.py" "$csv" "$OUT/$name-torch.csv" "$OUT/$name-torch64.csv" "$name" $counts)
  status=$?
  out+=$'\n'"# $name: the script ($(wc -c <"$py") bytes) ran in $ms ms (float32)"
}

# NAME, then bntrain's options. moons: the lab's first experiment (3x16 tanh, lr 0.1, batch 32, no
# momentum); spirals: 4x24 ReLU, SGD momentum 0.9, batch 16, seed 3 (momentum buffers, ReLU, other shapes).
run_case() {
  local name=$1
  shift
  if ! "$BNTRAIN" "$@" --steps 200 --log-every 1 --out "$OUT/$name-bnlab.csv" --script "$OUT/$name.py"; then
    echo "not ok - $name: bntrain failed"
    failed=$((failed + 1))
    return
  fi
  compare "$name" "$OUT/$name.py" "$OUT/$name-bnlab.csv"
  echo "$out"
  passed=$((passed + $(grep -c '^ok - ' <<<"$out")))
  failed=$((failed + $(grep -c '^not ok - ' <<<"$out")))
  if [ $status -ne 0 ] && ! grep -q '^not ok - ' <<<"$out"; then failed=$((failed + 1)); fi
}
run_case moons --experiment basic --dataset moons
run_case spirals --experiment basic --dataset spirals --depth 4 --width 24 --activation relu --momentum 0.9 \
  --batch 16 --seed 3

# A mismatch must fail: a script whose learning rate is 0.11 instead of the lab's 0.1, against bnlab's curves.
if "$BNTRAIN" --experiment basic --dataset moons --steps 200 --log-every 1 --out "$OUT/wrong-lr-bnlab.csv" \
     --script "$OUT/wrong-lr.py" && sed -i 's/^LR = .*/LR = 0.11/' "$OUT/wrong-lr.py"; then
  compare wrong-lr "$OUT/wrong-lr.py" "$OUT/wrong-lr-bnlab.csv"
else
  out="bntrain failed"
  status=2
fi
if [ $status -eq 1 ] && [ "$(grep -c '^not ok - ' <<<"$out")" -eq 2 ]; then
  echo "ok - a script with learning rate 0.11 instead of 0.1 fails for both networks ($(grep -o '[a-z]*_loss differs by [^ ]* > [^ ]* at step [0-9]*' <<<"$out" | head -1))"
  passed=$((passed + 1))
else
  echo "not ok - a script with learning rate 0.11 instead of 0.1 was not refused for both networks: $out"
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
