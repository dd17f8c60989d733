// bench.hpp: timing BN's kernels on one shape (the fastest path on the kernel threads, the f32x4 path on one
// thread, the scalar reference, memcpy of the same bytes), shared by the bnbench tool and the Speed panel.
#pragma once

#include <string>
#include <vector>

namespace bn {

struct BenchResult {
  std::string kind;        // "dense" (B×D) or "conv" (N×C×H×W)
  std::vector<int> shape;
  std::string path;                 // the fastest path (bn_simd.hpp): "f32x4" in wasm, "avx2+fma" on most x86-64
  int threads = 1;                  // kernel threads simd_s ran on
  double simd_s = 0, scalar_s = 0;  // seconds per forward+backward: fastest path on `threads`; scalar, 1 thread
  double f32x4_s = 0;               // the f32x4 path on one thread (= simd_s when that is the fastest)
  double memcpy_gbps = 0;           // copying the same array (read + write)
  double bytes = 0;                 // bytes a fused forward+backward moves: 7 arrays of the input's size
  double simd_gbps() const { return bytes / simd_s / 1e9; }
  double scalar_gbps() const { return bytes / scalar_s / 1e9; }
};

// Times one shape for about `seconds` per variant (fastest of 10 windows). Data: seeded normal values.
BenchResult BenchBnShape(const std::string& kind, const std::vector<int>& shape, double seconds);

}  // namespace bn
