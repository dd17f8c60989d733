#!/usr/bin/python3
"""bench_torch.py [--bnbench PATH] [--threads N] [--repeats R] [--shape BxD]...: bnlab's BN kernels against PyTorch
on the same shapes, same machine, same session.

Runs `bnbench --json` R times (native build by default; --threads passes the kernel thread count, default: the
processor count) and keeps each shape's fastest run; then torch.nn.functional.batch_norm forward+backward
(float32, CPU, training mode) on each shape with torch.set_num_threads(1) and (2), each the minimum over
repeated timing windows, and reports PyTorch's better one. Prints bnlab's path and thread count, both PyTorch
times, and the speed-up PyTorch-best / bnlab (above 1: bnlab is faster). Needs Debian's python3-torch.

On a machine shared with other work, timings are disturbed: take the best of several repeats (--repeats).
"""
import argparse
import json
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bnbench", default="build/bnbench")
    ap.add_argument("--threads", type=int, default=0, help="bnlab kernel threads (default: bnbench's default)")
    ap.add_argument("--repeats", type=int, default=3, help="bnbench runs; each shape's fastest is kept")
    ap.add_argument("--seconds", type=float, default=0.03, help="length of one PyTorch timing window")
    ap.add_argument("--windows", type=int, default=10, help="PyTorch timing windows per shape and thread count")
    ap.add_argument("--shape", action="append", default=[], help="BxD or NxCxHxW (repeatable; default: bnbench's list)")
    ap.add_argument("--bnbench-seconds", type=float, default=0.3, help="bnbench --seconds")
    args = ap.parse_args()

    cmd = [args.bnbench, "--json", "--seconds", str(args.bnbench_seconds)]
    cmd += ["--threads", str(args.threads)] if args.threads else []
    for shape in args.shape:
        cmd += ["--shape", shape]
    runs = [json.loads(subprocess.check_output(cmd)) for _ in range(max(1, args.repeats))]
    ours = runs[0]
    for run in runs[1:]:
        for best, r in zip(ours["bn"], run["bn"]):
            for key in ("simd_ms", "f32x4_ms", "scalar_ms"):
                best[key] = min(best[key], r[key])
            best["memcpy_gbps"] = max(best["memcpy_gbps"], r["memcpy_gbps"])
    print(f"bnlab build {ours['build']}: path {ours.get('path', 'f32x4')} on {ours.get('threads', 1)} thread(s), "
          f"best of {len(runs)} bnbench runs")
    print(f"torch {torch.__version__}: 1 and 2 threads (set_num_threads), min over {args.windows} windows of "
          f"{args.seconds} s; default thread count here {torch.get_num_threads()}")
    print(f"{'shape':>16} {'bnlab ms':>9} {'torch1 ms':>10} {'torch2 ms':>10} {'best':>5} {'speed-up':>9}"
          f" {'of memcpy':>9}")
    for r in ours["bn"]:
        shape = r["shape"]
        t1 = time_torch(shape, 1, args.windows, args.seconds) * 1e3
        t2 = time_torch(shape, 2, args.windows, args.seconds) * 1e3
        best, which = (t1, "1") if t1 <= t2 else (t2, "2")
        bytes_moved = 7 * 4
        for s in shape:
            bytes_moved *= s
        of_memcpy = bytes_moved / (r["simd_ms"] * 1e-3) / 1e9 / r["memcpy_gbps"]
        name = "x".join(str(s) for s in shape)
        print(f"{name:>16} {r['simd_ms']:9.4f} {t1:10.4f} {t2:10.4f} {which:>5} {best / r['simd_ms']:8.2f}x"
              f" {100 * of_memcpy:8.0f}%")


if __name__ == "__main__":
    main()
