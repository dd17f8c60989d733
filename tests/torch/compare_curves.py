#!/usr/bin/env python3
"""compare_curves.py BNLAB_CSV SCRIPT_CSV LABEL TOLERANCE: bntrain's curves against the PyTorch script's.

Every (step, network) row of bntrain's CSV must be in the script's and the other way round; train_loss and
test_loss may differ by at most TOLERANCE (absolute, in nats), accuracies by at most one point of the set
they were measured on (a point right on the boundary can fall either way). Prints one "ok - " or "not ok - "
line per network and the worst loss difference; exit status 1 on a mismatch. Plain Python (no torch).
"""
import csv
import sys


def read(path):
    with open(path, newline="") as f:
        rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    return {(int(r["step"]), r["network"]): r for r in rows}


def main():
    bnlab_path, script_path, label, tol = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    n_train, n_test = int(sys.argv[5]), int(sys.argv[6])
    a, b = read(bnlab_path), read(script_path)
    failed = 0
    for net in sorted({k[1] for k in a} | {k[1] for k in b}):
        sa = sorted(s for s, n in a if n == net)
        sb = sorted(s for s, n in b if n == net)
        problems = []
        if sa != sb:
            problems.append("logged steps differ: bnlab %d rows (last %s), script %d rows (last %s)" %
                            (len(sa), sa[-1] if sa else "-", len(sb), sb[-1] if sb else "-"))
        worst, worst_at, worst_acc = 0.0, None, 0.0
        for s in sorted(set(sa) & set(sb)):
            ra, rb = a[(s, net)], b[(s, net)]
            for col in ("train_loss", "test_loss"):
                d = abs(float(ra[col]) - float(rb[col]))
                if not d <= worst:  # NaN counts as worst
                    worst, worst_at = d, (s, col, ra[col], rb[col])
            for col, n in (("train_acc", n_train), ("test_acc", n_test)):
                worst_acc = max(worst_acc, abs(float(ra[col]) - float(rb[col])) * n)
        if not worst <= tol:
            problems.append("loss differs by %.3g > %g at step %d (%s: bnlab %s, script %s)" %
                            ((worst,) + (tol,) + worst_at))
        if worst_acc > 1.0001:
            problems.append("accuracy differs by %.1f points" % worst_acc)
        where = " (step %d, %s)" % worst_at[:2] if worst_at else ""
        text = "%s %s: %d logged steps, worst loss difference %.3g%s, worst accuracy difference %.0f point(s)" % (
            label, net, len(sa), worst, where, worst_acc)
        if problems:
            failed += 1
            print("not ok - " + text + ": " + "; ".join(problems))
        else:
            print("ok - " + text)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
