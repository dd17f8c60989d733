// bnbench: how fast bnlab's BN kernels run, natively or as WebAssembly under node, on the same data:
// the f32x4 kernels, the scalar reference kernels, and a plain memcpy of the same bytes (the memory limit);
// plus training-lab steps per second. Prints a table, or JSON with --json.
//
//   bnbench [--quick] [--json] [--seconds S]
//
// GB/s counts the bytes a fused forward+backward must move: forward reads x twice and writes y; backward
// reads dy and x twice and writes dx: 7 arrays of B·D floats (statistics are negligible).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/bn_simd.hpp"
#include "core/rng.hpp"
#include "core/trainer.hpp"

namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Runs f repeatedly for at least `seconds` (and at least twice); returns seconds per call (best of 3 rounds).
template <typename F>
double TimeIt(F f, double seconds) {
  f();  // warm up (page in, caches)
  double best = 1e30;
  for (int round = 0; round < 3; ++round) {
    int reps = 0;
    const double t0 = Now();
    double t = t0;
    do {
      f();
      ++reps;
      t = Now();
    } while (t - t0 < seconds / 3 || reps < 2);
    best = std::min(best, (t - t0) / reps);
  }
  return best;
}

struct Result {
  std::string kind;        // "dense" or "conv"
  std::vector<int> shape;  // B×D or N×C×H×W
  double simd_s, scalar_s, memcpy_gbps;
  double bytes;            // bytes a forward+backward moves
};

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
  double seconds = 0.3;
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--quick") == 0) {
      quick = true;
      seconds = 0.02;
    } else if (std::strcmp(argv[a], "--json") == 0) {
      json = true;
    } else if (std::strcmp(argv[a], "--seconds") == 0 && a + 1 < argc) {
      seconds = std::atof(argv[++a]);
    } else {
      std::fprintf(stderr, "usage: bnbench [--quick] [--json] [--seconds S]\n");
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
  std::vector<Result> results;
  bn::Rng rng(1);
  auto run = [&](const std::string& kind, const std::vector<int>& shape) {
    const bool is_conv = kind == "conv";
    const long count = is_conv ? static_cast<long>(shape[0]) * shape[1] * shape[2] * shape[3]
                               : static_cast<long>(shape[0]) * shape[1];
    const int d = shape[1];
    std::vector<float> x(count), dy(count), y(count), dx(count), copy(count);
    for (long k = 0; k < count; ++k) {
      x[k] = static_cast<float>(rng.Normal(1.0, 2.0));
      dy[k] = static_cast<float>(rng.Normal());
    }
    std::vector<float> gamma(d, 1.5f), beta(d, 0.25f), mean(d), var(d), inv(d), dg(d), db(d);
    Result r;
    r.kind = kind;
    r.shape = shape;
    r.bytes = 7.0 * count * sizeof(float);
    if (is_conv) {
      const int n = shape[0], c = shape[1], hw = shape[2] * shape[3];
      r.simd_s = TimeIt([&] {
        bn::BnConvForwardF32x4(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), n, c, hw, 1e-5f);
        bn::BnConvBackwardF32x4(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(), n, c, hw);
      }, seconds);
      r.scalar_s = TimeIt([&] {
        bn::BnConvForwardScalar(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), n, c, hw, 1e-5f);
        bn::BnConvBackwardScalar(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(), n, c, hw);
      }, seconds);
    } else {
      const int b = shape[0];
      r.simd_s = TimeIt([&] {
        bn::BnDenseForwardF32x4(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), b, d, 1e-5f);
        bn::BnDenseBackwardF32x4(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(), b, d);
      }, seconds);
      r.scalar_s = TimeIt([&] {
        bn::BnDenseForwardScalar(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), b, d, 1e-5f);
        bn::BnDenseBackwardScalar(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(), b, d);
      }, seconds);
    }
    // memcpy of the same array: reads and writes count·4 bytes each.
    const double copy_s = TimeIt([&] { std::memcpy(copy.data(), x.data(), count * sizeof(float)); }, seconds);
    r.memcpy_gbps = 2.0 * count * sizeof(float) / copy_s / 1e9;
    if (copy[count - 1] != x[count - 1] || !(dx[0] == dx[0])) std::fprintf(stderr, "bnbench: check failed\n");
    results.push_back(r);
  };
  for (const auto& s : dense) run("dense", s);
  for (const auto& s : conv) run("conv", s);

  // Training lab: the default network pair (plain + BN) in lockstep, steps per second.
  const bn::ExperimentInfo preset = bn::Experiments()[0];
  bn::Trainer trainer(preset.config, preset.norms);
  trainer.Step(20);
  const int steps = quick ? 200 : 3000;
  const double t0 = Now();
  trainer.Step(steps);
  const double mlp_sps = steps / (Now() - t0);

  if (json) {
    std::printf("{\"build\":\"%s\",\"bn\":[", BuildName());
    for (size_t k = 0; k < results.size(); ++k) {
      const Result& r = results[k];
      std::printf("%s{\"kind\":\"%s\",\"shape\":[", k ? "," : "", r.kind.c_str());
      for (size_t q = 0; q < r.shape.size(); ++q) std::printf("%s%d", q ? "," : "", r.shape[q]);
      std::printf("],\"simd_ms\":%.6g,\"scalar_ms\":%.6g,\"simd_gbps\":%.4g,\"scalar_gbps\":%.4g,\"memcpy_gbps\":%.4g}",
                  r.simd_s * 1e3, r.scalar_s * 1e3, r.bytes / r.simd_s / 1e9, r.bytes / r.scalar_s / 1e9, r.memcpy_gbps);
    }
    std::printf("],\"mlp_steps_per_second\":%.1f}\n", mlp_sps);
    return 0;
  }
  std::printf("bnbench (%s): BN forward+backward, f32x4 kernels vs scalar reference vs memcpy of the same bytes\n",
              BuildName());
  std::printf("%-6s %-16s %10s %10s %9s %9s %9s %8s %8s\n", "kind", "shape", "f32x4 ms", "scalar ms", "f32x4GB/s",
              "scalarGB/s", "memcpyGB/s", "speedup", "of memcpy");
  for (const Result& r : results) {
    std::string shape;
    for (size_t q = 0; q < r.shape.size(); ++q) shape += (q ? "x" : "") + std::to_string(r.shape[q]);
    const double gbps = r.bytes / r.simd_s / 1e9;
    std::printf("%-6s %-16s %10.4f %10.4f %9.2f %9.2f %9.2f %7.2fx %7.0f%%\n", r.kind.c_str(), shape.c_str(),
                r.simd_s * 1e3, r.scalar_s * 1e3, gbps, r.bytes / r.scalar_s / 1e9, r.memcpy_gbps,
                r.scalar_s / r.simd_s, 100.0 * gbps / r.memcpy_gbps);
  }
  std::printf("training lab, default network (plain + BN in lockstep): %.0f steps/s\n", mlp_sps);
  return 0;
}
