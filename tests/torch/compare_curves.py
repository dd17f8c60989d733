#!/usr/bin/env python3
"""compare_curves.py BNLAB_CSV TORCH_CSV TORCH64_CSV LABEL N_TRAIN N_TEST: bntrain's curves against the
PyTorch script's (TORCH_CSV: float32 as bnlab; TORCH64_CSV: the same script with --float64).

Every (step, network) row of bntrain's CSV must be in the script's and the other way round. At step s the
losses (train_loss, test_loss) may differ by at most

    FLOOR + FACTOR * spread(s),   spread(s) = max over steps <= s of |float32 loss - float64 loss| (PyTorch)

and accuracies by at most 1 point + FACTOR * the same spread of the accuracies, in points of the set measured.
spread is how far float32 rounding alone moves PyTorch's own run: about 1e-7 while training is well
conditioned, so there the tolerance is FLOOR = 1e-4 nats; where training amplifies rounding (a BN network's
eval-mode loss spiking), PyTorch's float32 run leaves its float64 twin and bnlab's float32 run may too, by as
much. A wrong batch, initial weight, learning rate, momentum or BN convention moves the losses by 1e-2 within
a few steps while spread is still ~1e-7. Prints one "ok - " or "not ok - " line per network, with the worst
loss difference overall and over the well-conditioned steps (spread below 1e-5); exit status 1 on a mismatch.
Plain Python, no torch.
"""
import csv
import sys

FLOOR = 1e-4
FACTOR = 3.0
CONDITIONED = 1e-5


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    return {(int(r["step"]), r["network"]): r for r in rows}


def main():
    bnlab_path, f32_path, f64_path, label = sys.argv[1:5]
    n_train, n_test = int(sys.argv[5]), int(sys.argv[6])
    a, b, c = read(bnlab_path), read(f32_path), read(f64_path)
    failed = 0
    for net in sorted({k[1] for k in a} | {k[1] for k in b}):
        sa = sorted(s for s, n in a if n == net)
        sb = sorted(s for s, n in b if n == net)
        problems = []
        if sa != sb:
            problems.append("logged steps differ: bnlab %d rows (last %s), script %d rows (last %s)" %
                            (len(sa), sa[-1] if sa else "-", len(sb), sb[-1] if sb else "-"))
        spread = spread_acc = 0.0
        worst = worst_conditioned = worst_acc = 0.0
        worst_at, conditioned_steps, bad = None, 0, None
        for s in sorted(set(sa) & set(sb)):
            ra, rb, rc = a[(s, net)], b[(s, net)], c.get((s, net))
            if rc is None:
                spread = spread_acc = float("inf")  # the float64 run diverged: no bound from it
            else:
                for col in ("train_loss", "test_loss"):
                    spread = max(spread, abs(float(rb[col]) - float(rc[col])))
                for col, n in (("train_acc", n_train), ("test_acc", n_test)):
                    spread_acc = max(spread_acc, round(abs(float(rb[col]) - float(rc[col])) * n))
            if spread < CONDITIONED:
                conditioned_steps += 1
            for col in ("train_loss", "test_loss"):
                d = abs(float(ra[col]) - float(rb[col]))
                if not d <= worst:  # NaN counts as worst
                    worst, worst_at = d, (s, col)
                if spread < CONDITIONED:
                    worst_conditioned = max(worst_conditioned, d)
                tol = FLOOR + FACTOR * spread
                if not d <= tol and bad is None:
                    bad = "%s differs by %.3g > %.3g at step %d (bnlab %s, script %s)" % (
                        col, d, tol, s, ra[col], rb[col])
            for col, n in (("train_acc", n_train), ("test_acc", n_test)):
                d = round(abs(float(ra[col]) - float(rb[col])) * n)  # points (bntrain prints 4 digits)
                worst_acc = max(worst_acc, d)
                if d > 1 + FACTOR * spread_acc and bad is None:
                    bad = "%s differs by %.0f points at step %d" % (col, d, s)
        if bad:
            problems.append(bad)
        text = ("%s %s: %d logged steps, worst loss difference %.3g (step %d, %s), %.3g over the first %d "
                "(float32 vs float64 in PyTorch below 1e-5), PyTorch float32 vs float64 up to %.3g; worst "
                "accuracy difference %.0f point(s)") % (label, net, len(sa), worst, worst_at[0] if worst_at else -1,
                                                        worst_at[1] if worst_at else "-", worst_conditioned,
                                                        conditioned_steps, spread, worst_acc)
        if problems:
            failed += 1
            print("not ok - " + text + ": " + "; ".join(problems))
        else:
            print("ok - " + text)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
