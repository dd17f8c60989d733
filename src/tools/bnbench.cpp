// bnbench: how fast bnlab's BN kernels run, natively or as WebAssembly under node, on the same data:
// the fastest path (AVX2+FMA natively where the processor has it, else f32x4) on the kernel threads, the f32x4
// kernels on one thread, the scalar reference kernels, and a plain memcpy of the same bytes; the fastest path's
// forward and backward one at a time; and how near each comes to the memory limit (traffic); plus training-lab
// steps per second. Prints a table, or JSON with --json.
//
//   bnbench [--quick] [--json] [--seconds S] [--threads N] [--limit-mib M] [--fastest-only]
//           [--shape BxD | --shape NxCxHxW]...
//
// --fastest-only: no f32x4 and scalar baselines (their columns 0; what bench_torch.py needs, in a third of the time).
// --threads N: kernel threads (default: the processor count natively; the wasm build has one thread).
// GB/s counts 7 arrays of B·D floats (what an unfused forward+backward reads and writes; the Speed panel's figure).
// traffic: the bytes each kernel must move (bench.hpp's model: forward x and y, backward dy, x and dx: 5 arrays
// for both) divided by memcpy's bandwidth far beyond the caches (a copy of 4× the last-level cache, best of 5;
// --limit-mib sets the copy's size; 256 MiB where the cache size is unknown, at most 64 MiB with --quick), as a
// fraction of the time taken. Above 1: the kernel ran from the caches, faster than memory could feed it.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/kernels/bench.hpp"
#include "core/kernels/bn_simd.hpp"
#include "core/kernels/thread_pool.hpp"
#include "core/train/trainer.hpp"

namespace {

const char* BuildName() {
#if defined(__EMSCRIPTEN__) && defined(__wasm_simd128__)
  return "wasm-simd128";
#elif defined(__EMSCRIPTEN__)
  return "wasm-scalar";
#else
  return "native";
#endif
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, json = false;
  bn::BenchOptions options;
  options.apart = true;
  long limit_mib = 0;  // --limit-mib: memcpy size for the limit (0: 4× the last-level cache)
  std::vector<std::vector<int>> only;  // --shape: these shapes instead of the standard list
  double seconds = 0.3;
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--quick") == 0) {
      quick = true;
      seconds = 0.02;
    } else if (std::strcmp(argv[a], "--json") == 0) {
      json = true;
    } else if (std::strcmp(argv[a], "--seconds") == 0 && a + 1 < argc) {
      seconds = std::atof(argv[++a]);
    } else if (std::strcmp(argv[a], "--threads") == 0 && a + 1 < argc) {
      const int threads = std::atoi(argv[++a]);
      if (threads < 1 || threads > 64) {
        std::fprintf(stderr, "bnbench: --threads takes 1 to 64, got '%s'\n", argv[a]);
        return 2;
      }
      bn::SetKernelThreads(threads);
    } else if (std::strcmp(argv[a], "--fastest-only") == 0) {
      options.baselines = false;
    } else if (std::strcmp(argv[a], "--limit-mib") == 0 && a + 1 < argc) {
      limit_mib = std::atol(argv[++a]);
      if (limit_mib < 1 || limit_mib > 16384) {
        std::fprintf(stderr, "bnbench: --limit-mib takes 1 to 16384, got '%s'\n", argv[a]);
        return 2;
      }
    } else if (std::strcmp(argv[a], "--shape") == 0 && a + 1 < argc) {
      std::vector<int> dims;
      for (const char* p = argv[++a]; *p;) {
        char* end = nullptr;
        const long v = std::strtol(p, &end, 10);
        if (end == p || v < 1 || v > (1 << 24) || (*end && *end != 'x')) {
          dims.clear();
          break;
        }
        dims.push_back(static_cast<int>(v));
        p = *end ? end + 1 : end;
      }
      if (dims.size() != 2 && dims.size() != 4) {
        std::fprintf(stderr, "bnbench: --shape takes BxD or NxCxHxW (positive integers), got '%s'\n", argv[a]);
        return 2;
      }
      only.push_back(dims);
    } else {
      std::fprintf(stderr, "usage: bnbench [--quick] [--json] [--seconds S] [--threads N] [--limit-mib M] "
                           "[--fastest-only] [--shape BxD|NxCxHxW]...\n");
      return 2;
    }
  }
  std::vector<std::vector<int>> dense = {{64, 16},    {256, 64},    {1024, 128},  {4096, 64},
                                         {4096, 256}, {16384, 64}, {16384, 256}, {65536, 256}};
  std::vector<std::vector<int>> conv = {{32, 64, 32, 32}};
  if (quick) {
    dense = {{64, 16}, {1024, 64}, {4096, 65}};
    conv = {{4, 8, 8, 8}};
  }
  if (!only.empty()) {
    dense.clear();
    conv.clear();
    for (const auto& s : only) (s.size() == 2 ? dense : conv).push_back(s);
  }
  // The memory limit first (its buffers freed before the shapes are timed).
  const long llc = bn::LastLevelCacheBytes();
  long limit_bytes = limit_mib > 0 ? limit_mib << 20 : llc > 0 ? 4 * llc : 256L << 20;
  if (quick && limit_mib == 0) limit_bytes = std::min(limit_bytes, 64L << 20);
  double limit_gbps = 0;
  while (!((limit_gbps = bn::MemcpyGbps(limit_bytes, 5)) > 0) && limit_bytes > (1L << 20))
    limit_bytes /= 2;  // the buffers could not be had: half the size
  std::vector<bn::BenchResult> results;
  for (const auto& s : dense) results.push_back(bn::BenchBnShape("dense", s, seconds, options));
  for (const auto& s : conv) results.push_back(bn::BenchBnShape("conv", s, seconds, options));

  // Training lab: the default network pair (plain + BN) in lockstep, steps per second.
  const bn::ExperimentInfo preset = bn::Experiments()[0];
  bn::Trainer trainer(preset.config, preset.norms);
  trainer.Step(20);
  const int steps = quick ? 200 : 3000;
  const double t0 = bn::NowSeconds();
  trainer.Step(steps);
  const double mlp_sps = steps / (bn::NowSeconds() - t0);

  if (json) {
    std::printf("{\"build\":\"%s\",\"path\":\"%s\",\"threads\":%d,\"llc_bytes\":%ld,\"limit_bytes\":%ld,"
                "\"limit_gbps\":%.4g,\"bn\":[",
                BuildName(), bn::KernelPathName(bn::FastestKernelPath()), bn::KernelThreads(), llc, limit_bytes,
                limit_gbps);
    for (size_t k = 0; k < results.size(); ++k) {
      const bn::BenchResult& r = results[k];
      std::printf("%s{\"kind\":\"%s\",\"shape\":[", k ? "," : "", r.kind.c_str());
      for (size_t q = 0; q < r.shape.size(); ++q) std::printf("%s%d", q ? "," : "", r.shape[q]);
      std::printf("],\"simd_ms\":%.6g,\"f32x4_ms\":%.6g,\"scalar_ms\":%.6g,\"simd_gbps\":%.4g,\"scalar_gbps\":%.4g,"
                  "\"memcpy_gbps\":%.4g,\"of_memcpy\":%.4g,\"forward_ms\":%.6g,\"backward_ms\":%.6g,"
                  "\"traffic_bytes\":%.0f,\"forward_bytes\":%.0f,\"backward_bytes\":%.0f,\"traffic\":%.4g,"
                  "\"forward_traffic\":%.4g,\"backward_traffic\":%.4g}",
                  r.simd_s * 1e3, r.f32x4_s * 1e3, r.scalar_s * 1e3, r.simd_gbps(), r.scalar_gbps(), r.memcpy_gbps,
                  r.simd_gbps() / r.memcpy_gbps, r.forward_s * 1e3, r.backward_s * 1e3,
                  r.forward_bytes + r.backward_bytes, r.forward_bytes, r.backward_bytes, r.traffic(limit_gbps),
                  r.forward_traffic(limit_gbps), r.backward_traffic(limit_gbps));
    }
    std::printf("],\"mlp_steps_per_second\":%.1f}\n", mlp_sps);
    return 0;
  }
  const char* path = bn::KernelPathName(bn::FastestKernelPath());
  std::printf("bnbench (%s): BN forward+backward; fastest path %s on %d kernel thread%s, f32x4 and scalar on 1 "
              "thread, memcpy of the same bytes on 1 thread\n",
              BuildName(), path, bn::KernelThreads(), bn::KernelThreads() == 1 ? "" : "s");
  std::printf("GB/s counts 7 arrays of the input's size (what an unfused forward+backward reads and writes).\n");
  std::printf("traffic: bytes the kernels must move (forward x, y; backward dy, x, dx) / memcpy limit %.2f GB/s "
              "(%ld MiB copied; last-level cache %ld MiB), as a fraction of the time taken (fwd+bwd, fwd, bwd)\n",
              limit_gbps, limit_bytes >> 20, llc >> 20);
  std::printf("%-6s %-16s %10s %10s %10s %9s %10s %8s %8s %9s %9s %9s %7s %7s %7s\n", "kind", "shape", "fast ms",
              "f32x4 ms", "scalar ms", "fast GB/s", "memcpyGB/s", "vs f32x4", "vs scal.", "of memcpy", "fwd ms",
              "bwd ms", "traffic", "fwd tr.", "bwd tr.");
  for (const bn::BenchResult& r : results) {
    std::string shape;
    for (size_t q = 0; q < r.shape.size(); ++q) shape += (q ? "x" : "") + std::to_string(r.shape[q]);
    const double gbps = r.simd_gbps();
    std::printf("%-6s %-16s %10.4f %10.4f %10.4f %9.2f %10.2f %7.2fx %7.2fx %8.0f%% %9.4f %9.4f %6.0f%% %6.0f%% %6.0f%%\n",
                r.kind.c_str(), shape.c_str(), r.simd_s * 1e3, r.f32x4_s * 1e3, r.scalar_s * 1e3, gbps, r.memcpy_gbps,
                r.f32x4_s / r.simd_s, r.scalar_s / r.simd_s, 100.0 * gbps / r.memcpy_gbps, r.forward_s * 1e3,
                r.backward_s * 1e3, 100.0 * r.traffic(limit_gbps), 100.0 * r.forward_traffic(limit_gbps),
                100.0 * r.backward_traffic(limit_gbps));
  }
  std::printf("training lab, default network (plain + BN in lockstep): %.0f steps/s\n", mlp_sps);
  return 0;
}
