#!/usr/bin/python3
"""bench_torch.py [--bnbench PATH] [--threads N] [--repeats R] [--runs K] [--shape BxD]...: bnlab's BN kernels
against PyTorch on the same shapes, same machine, same session.

Runs `bnbench --json` R times (native build by default; --threads passes the kernel thread count, default: the
processor count) and keeps each shape's fastest run; then torch.nn.functional.batch_norm forward+backward
(float32, CPU, training mode) on each shape with torch.set_num_threads(1) and (2), each the minimum over
repeated timing windows, and reports PyTorch's better one. Prints bnlab's path and thread count, both PyTorch
times, the speed-up PyTorch-best / bnlab (above 1: bnlab is faster), and bnlab's traffic: the bytes its kernels
must move (forward x, y; backward dy, x, dx) over memcpy's bandwidth far beyond the caches, as a fraction of its
time (bnbench's traffic column). Needs Debian's python3-torch.

--runs K repeats the whole comparison K times (the load average printed with each) and ends with a summary: per
shape the slowest speed-up and the lowest traffic of the K runs, against the targets (shapes of at least
4096x64 values: speed-up >= 1 in every run, traffic >= 70%). The whole comparison in one go:

    /usr/bin/python3 scripts/bench_torch.py --repeats 5 --runs 3

On a machine shared with other work, timings are disturbed: take the best of several repeats (--repeats).
"""
import argparse
import json
import os
import subprocess
import time

import torch


def time_torch(shape, threads, windows, seconds):
    """Seconds per forward+backward: the minimum over `windows` timing windows of about `seconds` each."""
    torch.set_num_threads(threads)
    x = torch.randn(*shape, dtype=torch.float32, requires_grad=True)
    channels = shape[1]
    gamma = torch.full((channels,), 1.5, requires_grad=True)
    beta = torch.full((channels,), 0.25, requires_grad=True)
    rm, rv = torch.zeros(channels), torch.ones(channels)
    dy = torch.randn(*shape, dtype=torch.float32)

    def once():
        y = torch.nn.functional.batch_norm(x, rm, rv, gamma, beta, training=True, momentum=0.1, eps=1e-5)
        x.grad = gamma.grad = beta.grad = None
        y.backward(dy)

    once()
    once()
    best = float("inf")
    for _ in range(windows):
        reps, t0 = 0, time.perf_counter()
        while True:
            once()
            reps += 1
            t = time.perf_counter()
            if t - t0 >= seconds and reps >= 2:
                break
        best = min(best, (t - t0) / reps)
    return best


def bnlab_best(args):
    """bnbench --json run args.repeats times: each shape's fastest times and the best memcpy figures."""
    cmd = [args.bnbench, "--json", "--fastest-only", "--seconds", str(args.bnbench_seconds)]
    cmd += ["--threads", str(args.threads)] if args.threads else []
    for shape in args.shape:
        cmd += ["--shape", shape]
    runs = [json.loads(subprocess.check_output(cmd)) for _ in range(max(1, args.repeats))]
    ours = runs[0]
    for run in runs[1:]:
        ours["limit_gbps"] = max(ours.get("limit_gbps", 0), run.get("limit_gbps", 0))
        for best, r in zip(ours["bn"], run["bn"]):
            for key in ("simd_ms", "f32x4_ms", "scalar_ms", "forward_ms", "backward_ms"):
                if key in r:
                    best[key] = min(best[key], r[key])
            best["memcpy_gbps"] = max(best["memcpy_gbps"], r["memcpy_gbps"])
    return ours, len(runs)


def traffic(r, limit_gbps, ms_key="simd_ms", bytes_key="traffic_bytes"):
    """The fraction of the memory limit: model bytes / limit bandwidth / time (None where bnbench has no model)."""
    if not limit_gbps or bytes_key not in r or not r.get(ms_key):
        return None
    return r[bytes_key] / (limit_gbps * 1e9) / (r[ms_key] * 1e-3)


def percent(v):
    return f"{100 * v:8.0f}%" if v is not None else f"{'-':>9}"


def compare(args, run_index):
    """One whole comparison; returns {shape name: (speed-up, traffic, values)}."""
    load = os.getloadavg()
    ours, repeats = bnlab_best(args)
    limit = ours.get("limit_gbps")
    print(f"\n== run {run_index + 1} of {args.runs}: load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"(processors: {os.cpu_count()})")
    print(f"bnlab build {ours['build']}: path {ours.get('path', 'f32x4')} on {ours.get('threads', 1)} thread(s), "
          f"best of {repeats} bnbench runs; memory limit {limit or 0:.2f} GB/s "
          f"(memcpy of {ours.get('limit_bytes', 0) >> 20} MiB)")
    print(f"torch {torch.__version__}: 1 and 2 threads (set_num_threads), min over {args.windows} windows of "
          f"{args.seconds} s; default thread count here {torch.get_num_threads()}")
    print(f"{'shape':>16} {'bnlab ms':>9} {'fwd ms':>8} {'bwd ms':>8} {'torch1 ms':>10} {'torch2 ms':>10} "
          f"{'best':>5} {'speed-up':>9} {'traffic':>9} {'fwd tr.':>9} {'bwd tr.':>9} {'of memcpy':>9}")
    result = {}
    for r in ours["bn"]:
        shape = r["shape"]
        t1 = time_torch(shape, 1, args.windows, args.seconds) * 1e3
        t2 = time_torch(shape, 2, args.windows, args.seconds) * 1e3
        best, which = (t1, "1") if t1 <= t2 else (t2, "2")
        bytes_moved = 7 * 4
        for s in shape:
            bytes_moved *= s
        of_memcpy = bytes_moved / (r["simd_ms"] * 1e-3) / 1e9 / r["memcpy_gbps"]
        tr = traffic(r, limit)
        name = "x".join(str(s) for s in shape)
        print(f"{name:>16} {r['simd_ms']:9.4f} {r.get('forward_ms', 0):8.4f} {r.get('backward_ms', 0):8.4f} "
              f"{t1:10.4f} {t2:10.4f} {which:>5} {best / r['simd_ms']:8.2f}x {percent(tr)} "
              f"{percent(traffic(r, limit, 'forward_ms', 'forward_bytes'))} "
              f"{percent(traffic(r, limit, 'backward_ms', 'backward_bytes'))} {100 * of_memcpy:8.0f}%")
        values = 1
        for s in shape:
            values *= s
        result[name] = (best / r["simd_ms"], tr, values)
    load = os.getloadavg()
    print(f"load average after run {run_index + 1}: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bnbench", default="build/bnbench")
    ap.add_argument("--threads", type=int, default=0, help="bnlab kernel threads (default: bnbench's default)")
    ap.add_argument("--repeats", type=int, default=3, help="bnbench runs; each shape's fastest is kept")
    ap.add_argument("--runs", type=int, default=1, help="whole comparisons in a row, then a summary")
    ap.add_argument("--seconds", type=float, default=0.03, help="length of one PyTorch timing window")
    ap.add_argument("--windows", type=int, default=10, help="PyTorch timing windows per shape and thread count")
    ap.add_argument("--shape", action="append", default=[], help="BxD or NxCxHxW (repeatable; default: bnbench's list)")
    ap.add_argument("--bnbench-seconds", type=float, default=0.3, help="bnbench --seconds")
    args = ap.parse_args()
    args.runs = max(1, args.runs)

    results = [compare(args, k) for k in range(args.runs)]
    if args.runs < 2:
        return
    print(f"\n== summary of {args.runs} runs: the slowest speed-up and the lowest traffic per shape; targets for shapes "
          f"of at least 4096x64 values: speed-up >= 1.00x in every run, traffic >= 70%")
    print(f"{'shape':>16} {'speed-ups':>24} {'traffic':>20} {'target':>8}")
    for name, (_, _, values) in results[0].items():
        ups = [run[name][0] for run in results]
        trs = [run[name][1] for run in results]
        meets = min(ups) >= 1.0 and all(t is not None and t >= 0.70 for t in trs)
        verdict = ("met" if meets else "missed") if values >= 4096 * 64 else "-"
        print(f"{name:>16} {' '.join(f'{u:.2f}x' for u in ups):>24} "
              f"{' '.join(f'{100 * t:.0f}%' if t is not None else '-' for t in trs):>20} {verdict:>8}")


if __name__ == "__main__":
    main()
