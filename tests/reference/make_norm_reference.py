#!/usr/bin/python3
"""Reference cases for BN's relatives (src/core/norm_variants.hpp), computed with PyTorch in float64.

usage: make_norm_reference.py OUT.json SEED COUNT_PER_VARIANT
  e.g. make_norm_reference.py norm_cases.json 7 8   (the committed norm_cases.json: 6 variants x 8 cases)

Inputs (x, gamma, beta, dy) are rounded to float32 first, so the reference is exact for what the test reads;
everything is then computed in float64, train mode, biased variance, one gamma/beta per channel:
  batch     torch.nn.functional.batch_norm(x, None, None, gamma, beta, training=True) on N x C x H x W
  layer     torch.nn.functional.group_norm(x, 1, gamma, beta)  (LayerNorm over (C,H,W), per-channel affine);
            xhat is torch.nn.functional.layer_norm(x, x.shape[1:]) without affine, checked here to agree
            with group_norm's statistics
  instance  torch.nn.functional.instance_norm(x, weight=gamma, bias=beta, use_input_stats=True)
  group     torch.nn.functional.group_norm(x, G, gamma, beta) for several G dividing C
  ghost     torch.nn.functional.batch_norm(chunk, None, None, gamma, beta, training=True) on each chunk of B
            samples (x.split(B)), concatenated: BN whose statistics come from virtual sub-batches of B
  renorm    Batch Renormalization (Ioffe 2017), written with torch ops since PyTorch has no built-in one:
            r = clamp(sigma_B / sigma_run, 1/r_max, r_max) and d = clamp((mu_B - running_mean) / sigma_run,
            -d_max, d_max), both .detach()ed (constants in backward), xhat = (x - mu_B) / sigma_B * r + d;
            r_max and d_max are chosen so that some channels clip and some do not
dx, dgamma, dbeta come from autograd with upstream gradient dy.

Case layout: {"variant", "groups" (G; 1 for batch/layer/ghost/renorm, C for instance), "ghost_batch" (B; 1 except
  ghost), "shape": [N, C, H, W], renorm only: "running_mean", "running_var", "r_max", "d_max" (and "r", "d" in
  "expect"); ghost and renorm "expect" also hold running_mean and running_var after the step (momentum 0.1;
  ghost from (0, 1), one update per chunk in order, as F.batch_norm on each chunk with shared buffers),
  "input": {"x", "gamma", "beta", "eps", "dy"}, "expect": {"mean", "var", "inv_std", "xhat", "y", "dx",
  "dgamma", "dbeta"}}. Tensors are flat lists in N, C, H, W order. mean/var/inv_std are flat lists, one per
statistics group, in the order of norm_variants.hpp: batch c; layer n; instance n*C + c; group n*G + g;
ghost (n/B)*C + c; renorm c. The first 32 cases (batch, layer, instance, group) are the same as before ghost
and renorm were added: those two are generated after them from the same generator.
"""
import json, sys
import torch
import torch.nn.functional as F

VARIANTS = ["batch", "layer", "instance", "group", "ghost", "renorm"]


def f32(t):
    return t.float().double()


def randint(g, lo, hi):  # lo..hi inclusive
    return int(torch.randint(lo, hi + 1, (1,), generator=g))


# (C, G) of the group cases, in order: groups of 2 and 3 channels, and the edges G = 1 and G = C.
GROUP_CG = [(4, 2), (6, 2), (6, 3), (4, 1), (6, 6), (3, 3), (2, 1), (6, 3)]


def shape_for(g, variant, i):
    """A small N x C x H x W (N, C, H, W <= 4, 6, 4, 4) and G, with at least 2 values per statistics group."""
    while True:
        n, c, h, w = randint(g, 1, 4), randint(g, 1, 6), randint(g, 1, 4), randint(g, 1, 4)
        B = 1
        if variant == "group":
            c, G = GROUP_CG[i % len(GROUP_CG)]
        else:
            G = c if variant == "instance" else 1
        if variant == "ghost":  # N = 4 or 6, B = 2 or 3 (a real sub-batch below N); the first case B = 1
            n = [4, 6][randint(g, 0, 1)]
            divisors = [b for b in range(2, n) if n % b == 0] if i > 0 else [1]
            B = divisors[randint(g, 0, len(divisors) - 1)]
        m = {"batch": n * h * w, "layer": c * h * w, "instance": h * w, "group": (c // G) * h * w,
             "ghost": B * h * w, "renorm": n * h * w}[variant]
        if m >= 2:
            return (n, c, h, w), G, B


def stats(x, variant, G):
    """Per-group mean and biased var, flattened in the documented order, and x-hat's broadcast view."""
    n, c = x.shape[0], x.shape[1]
    if variant in ("batch", "renorm"):
        dims = (0, 2, 3)
        mean, var = x.mean(dim=dims), x.var(dim=dims, unbiased=False)
        return mean, var, mean.view(1, c, 1, 1), var.view(1, c, 1, 1)
    xg = x.reshape(n, G, -1)  # layer: G = 1, instance: G = C
    mean, var = xg.mean(dim=2), xg.var(dim=2, unbiased=False)  # N x G, row-major = n*G + g
    rep = c // G
    bmean = mean.repeat_interleave(rep, dim=1).view(n, c, 1, 1)
    bvar = var.repeat_interleave(rep, dim=1).view(n, c, 1, 1)
    return mean.flatten(), var.flatten(), bmean, bvar


def ghost_stats(x, B):
    """Per sub-batch and channel mean and biased var, flattened as (n/B)*C + c, and their broadcast views."""
    chunks = x.split(B)
    mean = torch.stack([ch.mean(dim=(0, 2, 3)) for ch in chunks])  # (N/B) x C
    var = torch.stack([ch.var(dim=(0, 2, 3), unbiased=False) for ch in chunks])
    bmean = mean.repeat_interleave(B, dim=0).view(x.shape[0], x.shape[1], 1, 1)
    bvar = var.repeat_interleave(B, dim=0).view(x.shape[0], x.shape[1], 1, 1)
    return mean.flatten(), var.flatten(), bmean, bvar


def renorm_case(g, i, shape, x, gamma, beta, dy, eps):
    """Batch Renormalization by torch ops and autograd; r and d detached."""
    c = shape[1]
    running_mean = f32(torch.randn(c, generator=g, dtype=torch.float64) * 2)
    running_var = f32(torch.rand(c, generator=g, dtype=torch.float64) * 4 + 0.05)
    # loose limits (nothing clips), tight ones (most channels clip), and the paper's r_max = 3, d_max = 5
    r_max, d_max = [(100.0, 100.0), (1.0, 0.0), (1.5, 0.25), (3.0, 5.0)][i % 4]
    xr = x.clone().requires_grad_(True); gr = gamma.clone().requires_grad_(True); br = beta.clone().requires_grad_(True)
    mu = xr.mean(dim=(0, 2, 3))
    var = xr.var(dim=(0, 2, 3), unbiased=False)
    sigma_b = torch.sqrt(var + eps)
    sigma_run = torch.sqrt(running_var + eps)
    r = torch.clamp(sigma_b.detach() / sigma_run, 1 / r_max, r_max)
    d = torch.clamp((mu.detach() - running_mean) / sigma_run, -d_max, d_max)
    v = lambda t: t.view(1, c, 1, 1)
    xhat = (xr - v(mu)) / v(sigma_b) * v(r) + v(d)
    y = xhat * v(gr) + v(br)
    y.backward(dy)
    # running statistics after this step: BatchNorm's update with the batch's mean and unbiased variance
    run_mean, run_var = running_mean.clone(), running_var.clone()
    F.batch_norm(x, run_mean, run_var, training=True, momentum=0.1, eps=eps)
    flat = lambda t: t.detach().flatten().tolist()
    return {"variant": "renorm", "groups": 1, "ghost_batch": 1, "shape": list(shape),
            "running_mean": flat(running_mean), "running_var": flat(running_var), "r_max": r_max, "d_max": d_max,
            "input": {"x": flat(x), "gamma": flat(gamma), "beta": flat(beta), "eps": eps, "dy": flat(dy)},
            "expect": {"mean": flat(mu), "var": flat(var), "inv_std": flat(1 / sigma_b), "xhat": flat(xhat),
                       "y": flat(y), "r": flat(r), "d": flat(d), "running_mean": flat(run_mean),
                       "running_var": flat(run_var), "dx": flat(xr.grad), "dgamma": flat(gr.grad),
                       "dbeta": flat(br.grad)}}


def case(g, variant, i, offset):
    shape, G, B = shape_for(g, variant, i)
    c = shape[1]
    x = torch.randn(shape, generator=g, dtype=torch.float64) * float(torch.rand(1, generator=g) * 5 + 0.1)
    if offset:  # large common offset: the two-pass variance keeps its digits
        x = x + 1000.0
    x = f32(x)
    gamma = f32(torch.randn(c, generator=g, dtype=torch.float64))
    beta = f32(torch.randn(c, generator=g, dtype=torch.float64))
    dy = f32(torch.randn(shape, generator=g, dtype=torch.float64))
    eps = [1e-5, 1e-3, 0.1][randint(g, 0, 2)]
    if variant == "renorm":
        return renorm_case(g, i, shape, x, gamma, beta, dy, eps)

    xr = x.clone().requires_grad_(True); gr = gamma.clone().requires_grad_(True); br = beta.clone().requires_grad_(True)
    if variant == "batch":
        y = F.batch_norm(xr, None, None, gr, br, training=True, eps=eps)
    elif variant == "ghost":
        y = torch.cat([F.batch_norm(ch, None, None, gr, br, training=True, eps=eps) for ch in xr.split(B)])
    elif variant == "instance":
        y = F.instance_norm(xr, None, None, weight=gr, bias=br, use_input_stats=True, eps=eps)
    else:  # layer (G = 1) and group
        y = F.group_norm(xr, G, gr, br, eps=eps)
    y.backward(dy)

    mean, var, bmean, bvar = ghost_stats(x, B) if variant == "ghost" else stats(x, variant, G)
    xhat = (x - bmean) / torch.sqrt(bvar + eps)
    if variant == "layer":
        xhat_ln = F.layer_norm(x, x.shape[1:], eps=eps)  # LayerNorm's own statistics, no affine
        assert torch.allclose(xhat_ln, xhat, rtol=1e-12, atol=1e-12), "layer_norm disagrees with the statistics"
        xhat = xhat_ln
    # y must be the per-channel affine of xhat
    assert torch.allclose(y.detach(), xhat * gamma.view(1, c, 1, 1) + beta.view(1, c, 1, 1), rtol=1e-10, atol=1e-10)

    flat = lambda t: t.detach().flatten().tolist()
    running = {}
    if variant == "ghost":  # from (0, 1), one BatchNorm update per chunk in order, momentum 0.1
        run_mean, run_var = torch.zeros(c, dtype=torch.float64), torch.ones(c, dtype=torch.float64)
        for ch in x.split(B):
            F.batch_norm(ch, run_mean, run_var, training=True, momentum=0.1, eps=eps)
        running = {"running_mean": flat(run_mean), "running_var": flat(run_var)}
    return {"variant": variant, "groups": G, "ghost_batch": B, "shape": list(shape),
            "input": {"x": flat(x), "gamma": flat(gamma), "beta": flat(beta), "eps": eps, "dy": flat(dy)},
            "expect": {"mean": flat(mean), "var": flat(var), "inv_std": flat(1 / torch.sqrt(var + eps)),
                       "xhat": flat(xhat), "y": flat(y), "dx": flat(xr.grad), "dgamma": flat(gr.grad),
                       "dbeta": flat(br.grad), **running}}


def main():
    out, seed, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    g = torch.Generator().manual_seed(seed)
    cases = []
    for variant in VARIANTS:
        for i in range(per):
            cases.append(case(g, variant, i, offset=(i == per - 1)))  # the last case of each variant is offset
    json.dump({"generator": "torch " + torch.__version__ + " float64", "cases": cases}, open(out, "w"))


main()
