#!/usr/bin/python3
"""bench_torch.py [BNBENCH]: bnlab's BN kernels against PyTorch on the same shapes, same machine, same session.

Runs `bnbench --json` (native build by default), then torch.nn.functional.batch_norm forward+backward
(float32, CPU, training mode) on each shape, and prints the time of each and the ratio bnlab/PyTorch
(below 1: bnlab is faster). Needs Debian's python3-torch (apt-get install python3-torch).
"""
import json
import subprocess
import sys
import time

import os

import torch

# TORCH_THREADS=N sets PyTorch's thread count; by default PyTorch keeps its own (1 on the Debian build seen here;
# 2 threads on this 2-core machine measured ~66 ms per call whatever the size: spinning threads, not compute).
if "TORCH_THREADS" in os.environ:
    torch.set_num_threads(int(os.environ["TORCH_THREADS"]))


def time_torch(shape, seconds=0.3):
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
    best = float("inf")
    for _ in range(3):
        reps, t0 = 0, time.perf_counter()
        while True:
            once()
            reps += 1
            t = time.perf_counter()
            if t - t0 >= seconds / 3 and reps >= 2:
                break
        best = min(best, (t - t0) / reps)
    return best


def main():
    bnbench = sys.argv[1] if len(sys.argv) > 1 else "build/bnbench"
    ours = json.loads(subprocess.check_output([bnbench, "--json"]))
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; bnlab build: {ours['build']}")
    print(f"{'shape':>18} {'bnlab ms':>10} {'torch ms':>10} {'bnlab/torch':>12}")
    for r in ours["bn"]:
        t = time_torch(r["shape"]) * 1e3
        shape = "x".join(str(s) for s in r["shape"])
        print(f"{shape:>18} {r['simd_ms']:10.4f} {t:10.4f} {r['simd_ms'] / t:12.2f}")


if __name__ == "__main__":
    main()
