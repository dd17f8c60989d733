// bnbench: how fast bnlab's BN kernels run, natively or as WebAssembly under node, on the same data:
// the fastest path (AVX2+FMA natively where the processor has it, else f32x4) on the kernel threads, the f32x4
// kernels on one thread, the scalar reference kernels, and a plain memcpy of the same bytes (the memory
// limit); plus training-lab steps per second. Prints a table, or JSON with --json.
//
//   bnbench [--quick] [--json] [--seconds S] [--threads N] [--shape BxD | --shape NxCxHxW]...
//
// --threads N: kernel threads (default: the processor count natively; the wasm build has one thread).
// GB/s counts the bytes a fused forward+backward must move: forward reads x twice and writes y; backward
// reads dy and x twice and writes dx: 7 arrays of B·D floats (statistics are negligible).
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
      std::fprintf(stderr, "usage: bnbench [--quick] [--json] [--seconds S] [--threads N] [--shape BxD|NxCxHxW]...\n");
      return 2;
    }
  }
  std::vector<std::vector<int>> dense = {{64, 16}, {256, 64}, {1024, 128}, {4096, 64}, {4096, 256}, {16384, 256},
                                         {65536, 256}};
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
  std::vector<bn::BenchResult> results;
  for (const auto& s : dense) results.push_back(bn::BenchBnShape("dense", s, seconds));
  for (const auto& s : conv) results.push_back(bn::BenchBnShape("conv", s, seconds));

  // Training lab: the default network pair (plain + BN) in lockstep, steps per second.
  const bn::ExperimentInfo preset = bn::Experiments()[0];
  bn::Trainer trainer(preset.config, preset.norms);
  trainer.Step(20);
  const int steps = quick ? 200 : 3000;
  const double t0 = bn::NowSeconds();
  trainer.Step(steps);
  const double mlp_sps = steps / (bn::NowSeconds() - t0);

  if (json) {
    std::printf("{\"build\":\"%s\",\"path\":\"%s\",\"threads\":%d,\"bn\":[", BuildName(),
                bn::KernelPathName(bn::FastestKernelPath()), bn::KernelThreads());
    for (size_t k = 0; k < results.size(); ++k) {
      const bn::BenchResult& r = results[k];
      std::printf("%s{\"kind\":\"%s\",\"shape\":[", k ? "," : "", r.kind.c_str());
      for (size_t q = 0; q < r.shape.size(); ++q) std::printf("%s%d", q ? "," : "", r.shape[q]);
      std::printf("],\"simd_ms\":%.6g,\"f32x4_ms\":%.6g,\"scalar_ms\":%.6g,\"simd_gbps\":%.4g,\"scalar_gbps\":%.4g,"
                  "\"memcpy_gbps\":%.4g,\"of_memcpy\":%.4g}",
                  r.simd_s * 1e3, r.f32x4_s * 1e3, r.scalar_s * 1e3, r.simd_gbps(), r.scalar_gbps(), r.memcpy_gbps,
                  r.simd_gbps() / r.memcpy_gbps);
    }
    std::printf("],\"mlp_steps_per_second\":%.1f}\n", mlp_sps);
    return 0;
  }
  const char* path = bn::KernelPathName(bn::FastestKernelPath());
  std::printf("bnbench (%s): BN forward+backward; fastest path %s on %d kernel thread%s, f32x4 and scalar on 1 "
              "thread, memcpy of the same bytes on 1 thread\n",
              BuildName(), path, bn::KernelThreads(), bn::KernelThreads() == 1 ? "" : "s");
  std::printf("GB/s counts 7 arrays of the input's size (what an unfused forward+backward reads and writes).\n");
  std::printf("%-6s %-16s %10s %10s %10s %9s %10s %8s %8s %9s\n", "kind", "shape", "fast ms", "f32x4 ms", "scalar ms",
              "fast GB/s", "memcpyGB/s", "vs f32x4", "vs scal.", "of memcpy");
  for (const bn::BenchResult& r : results) {
    std::string shape;
    for (size_t q = 0; q < r.shape.size(); ++q) shape += (q ? "x" : "") + std::to_string(r.shape[q]);
    const double gbps = r.simd_gbps();
    std::printf("%-6s %-16s %10.4f %10.4f %10.4f %9.2f %10.2f %7.2fx %7.2fx %8.0f%%\n", r.kind.c_str(),
                shape.c_str(), r.simd_s * 1e3, r.f32x4_s * 1e3, r.scalar_s * 1e3, gbps, r.memcpy_gbps,
                r.f32x4_s / r.simd_s, r.scalar_s / r.simd_s, 100.0 * gbps / r.memcpy_gbps);
  }
  std::printf("training lab, default network (plain + BN in lockstep): %.0f steps/s\n", mlp_sps);
  return 0;
}
