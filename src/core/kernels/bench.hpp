// bench.hpp: timing BN's kernels on one shape (the fastest path on the kernel threads, the f32x4 path on one
// thread, the scalar reference, memcpy of the same bytes), shared by the bnbench tool and the Speed panel;
// and the memory limit bnbench holds them to (the traffic model below, memcpy far beyond the caches).
//
// Traffic model: the bytes each kernel must read and write, given its inputs and outputs, each array once
// (M = values in x, F = features or channels; floats of 4 bytes):
//   forward   reads x, γ, β; writes y, mean, var, inv_std        4·(2M + 5F)
//   backward  reads dy, x, mean, inv_std, γ; writes dx, dγ, dβ   4·(3M + 5F)
// Bytes a kernel moves beyond that are its own cost: where x does not fit in the caches, the forward reads it a
// second time (statistics need every row before the first y) and the backward reads dy and x a second time
// (dx needs the finished sums). traffic = (model bytes / memcpy bandwidth) / time taken: 1 means the kernel ran
// as fast as memcpy moves its bytes; above 1, it ran from the caches.
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
  double forward_s = 0, backward_s = 0;  // the fastest path's forward alone and backward alone (0: not timed)
  double memcpy_gbps = 0;           // copying the same array (read + write)
  double bytes = 0;                 // bytes a fused forward+backward moves: 7 arrays of the input's size
  double forward_bytes = 0, backward_bytes = 0;  // the traffic model's bytes (above)
  double simd_gbps() const { return bytes / simd_s / 1e9; }
  double scalar_gbps() const { return scalar_s > 0 ? bytes / scalar_s / 1e9 : 0; }  // 0: not timed
  // The traffic fraction of forward+backward, the forward, the backward against `limit_gbps` (MemcpyGbps).
  double traffic(double limit_gbps) const { return (forward_bytes + backward_bytes) / (limit_gbps * 1e9) / simd_s; }
  double forward_traffic(double limit_gbps) const { return forward_bytes / (limit_gbps * 1e9) / forward_s; }
  double backward_traffic(double limit_gbps) const { return backward_bytes / (limit_gbps * 1e9) / backward_s; }
};

struct BenchOptions {
  bool apart = false;     // also time the fastest path's forward and backward one at a time (forward_s, backward_s)
  bool baselines = true;  // time the f32x4 path and the scalar reference on one thread (else f32x4_s = scalar_s = 0)
};

// Times one shape for about `seconds` per variant (fastest of 10 windows). Data: seeded normal values.
BenchResult BenchBnShape(const std::string& kind, const std::vector<int>& shape, double seconds,
                         const BenchOptions& options = {});

// The last-level cache's size in bytes as the system reports it (0 where it does not: WebAssembly).
long LastLevelCacheBytes();

// memcpy's bandwidth in GB/s, (read + written bytes) / time, copying `bytes` from one buffer to another: the
// fastest of `copies` copies after one that pages the buffers in. 0 if the buffers cannot be had.
double MemcpyGbps(long bytes, int copies);

}  // namespace bn
