// bn_dispatch.cpp: the dispatching kernels of bn_simd.hpp: pick the path, cut the shape into work items and run
// them on the kernel thread pool. Every reduction is cut by the shape alone, never by the thread count.
//
// Dense shapes whose x holds at least kRowBytes go by rows, in three phases (bn_simd_body.inc): (1) each tile of 32
// rows' statistics (forward: mean, M2; backward: Σ dy, Σ dy·(x − mean)) into a table, items of whole tiles, each
// reading whole rows in memory order; (2) the tiles merged in tile order, items of features; (3) y or dx, items
// of whole tiles again, each thread taking its share backwards (it meets first the rows it read last in phase 1,
// still in its cache). The sums are those of the one-thread Columns kernels, bit for bit. Smaller dense shapes run
// the Columns kernel, on the calling thread below kMinParallel values, else on feature ranges cut at multiples of 32
// (one job instead of three: x is in the caches, so the row phases' streams and stores buy nothing there, and
// every wait for a thread costs); conv shapes are cut into channels. Builds without threads (the page:
// one thread, no non-temporal stores in WebAssembly) run the Columns kernels for every dense shape: the same
// numbers, in less code (the row phases are not linked into the wasm).
//
// Memory traffic (bench.hpp's model: forward x, y; backward dy, x, dx): phase 1 reads x (dy and x) once, phase 3
// reads them again (from the cache where they fit) and writes y (dx). Outputs of kStreamBytes or more are stored
// past the caches (non-temporal stores): no read of each output line before it is written (a third of a
// forward's memory traffic and a sixth of a backward's beyond the caches), and x, dy stay in the cache.
#include <algorithm>
#include <cstdint>
#include <vector>

#ifndef BNLAB_THREADS
#define BNLAB_THREADS 0
#endif

#include "core/kernels/bn_paths.hpp"
#include "core/kernels/bn_simd.hpp"
#include "core/kernels/thread_pool.hpp"

namespace bn {

namespace {

constexpr long kMinParallel = 32768;  // values below which one thread is faster than waking another
#if BNLAB_THREADS
constexpr int kDenseItem = 32;        // dense items start at multiples of 32 features (whole blocks on every path)
constexpr int kRows = 32;             // dense tile rows (bn_simd_body.inc)
constexpr long kRowBytes = 2L << 20;       // dense x this large goes by rows (a core's L2 on the machine measured)
constexpr long kItemBytes = 128 << 10;     // a row phase's work item: whole tiles, about this much of x
constexpr long kStreamBytes = 8L << 20;    // outputs this large are stored past the caches (when 16-byte aligned)
#endif

bool CpuHasAvx2Fma() {
#if BNLAB_AVX2_PATH
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
#else
  return false;
#endif
}

// The path's range kernels (bn_paths.hpp); a path this build or processor lacks falls back to f32x4.
struct PathKernels {
  decltype(&BnDenseForwardF32x4Columns) dense_forward;
  decltype(&BnDenseBackwardF32x4Columns) dense_backward;
  decltype(&BnConvForwardF32x4Channels) conv_forward;
  decltype(&BnConvBackwardF32x4Channels) conv_backward;
};

PathKernels KernelsOf(KernelPath path) {
  if (path == KernelPath::kScalar)
    return {BnDenseForwardScalarColumns, BnDenseBackwardScalarColumns, BnConvForwardScalarChannels,
            BnConvBackwardScalarChannels};
#if BNLAB_AVX2_PATH
  if (path == KernelPath::kAvx2 && CpuHasAvx2Fma())
    return {BnDenseForwardAvx2Columns, BnDenseBackwardAvx2Columns, BnConvForwardAvx2Channels, BnConvBackwardAvx2Channels};
#endif
  return {BnDenseForwardF32x4Columns, BnDenseBackwardF32x4Columns, BnConvForwardF32x4Channels, BnConvBackwardF32x4Channels};
}

#if BNLAB_THREADS
// The path's row phases (bn_paths.hpp).
struct RowKernels {
  decltype(&BnDenseForwardF32x4Tiles) forward_tiles;
  decltype(&BnDenseForwardF32x4Merge) forward_merge;
  decltype(&BnDenseForwardF32x4Rows) forward_rows;
  decltype(&BnDenseBackwardF32x4Tiles) backward_tiles;
  decltype(&BnDenseBackwardF32x4Merge) backward_merge;
  decltype(&BnDenseBackwardF32x4Rows) backward_rows;
};

#define BNLAB_ROW_KERNELS(Path)                                                                                  \
  RowKernels {                                                                                                   \
    BnDenseForward##Path##Tiles, BnDenseForward##Path##Merge, BnDenseForward##Path##Rows,                        \
        BnDenseBackward##Path##Tiles, BnDenseBackward##Path##Merge, BnDenseBackward##Path##Rows                  \
  }

RowKernels RowKernelsOf(KernelPath path) {
  if (path == KernelPath::kScalar) return BNLAB_ROW_KERNELS(Scalar);
#if BNLAB_AVX2_PATH
  if (path == KernelPath::kAvx2 && CpuHasAvx2Fma()) return BNLAB_ROW_KERNELS(Avx2);
#endif
  return BNLAB_ROW_KERNELS(F32x4);
}
#undef BNLAB_ROW_KERNELS
#endif  // BNLAB_THREADS

// Runs f(first, last) over [0, total): on one thread, or, when the shape pays for it, cut into one item per
// thread at multiples of `width` (so a range's blocks never depend on the thread count) on the pool.
template <typename F>
void Split(long values, int total, int width, F f) {
  const int groups = (total + width - 1) / width;
  const int items = std::min(groups, KernelThreads());
  if (items < 2 || values < kMinParallel) {
    f(0, total);
    return;
  }
  RunKernelItems(items, [&](int item) {
    const int g0 = static_cast<int>(static_cast<long>(groups) * item / items);
    const int g1 = static_cast<int>(static_cast<long>(groups) * (item + 1) / items);
    f(g0 * width, std::min(total, g1 * width));
  });
}

#if BNLAB_THREADS
// The row phases' work items: ranges of whole tiles, times groups of features where the tiles are too few to keep
// every thread busy. Where an item's edges fall changes no result (every sum is per tile, merged in tile order).
struct RowPlan {
  int tiles = 0, tiles_per_item = 1, row_items = 0, groups = 1, width = 0;
  int items() const { return row_items * groups; }
  // Item `item`: tiles [t0, t1), rows [i0, i1), features [j0, j1).
  struct Cut {
    int t0, t1, i0, i1, j0, j1;
  };
  Cut CutOf(int item, int b, int d) const {
    Cut c;
    const int r = item / groups, g = item % groups;
    c.t0 = r * tiles_per_item;
    c.t1 = std::min(tiles, c.t0 + tiles_per_item);
    c.i0 = c.t0 * kRows;
    c.i1 = std::min(b, c.t1 * kRows);
    c.j0 = g * width;
    c.j1 = std::min(d, c.j0 + width);
    return c;
  }
};

RowPlan PlanRows(int b, int d) {
  RowPlan p;
  p.tiles = (b + kRows - 1) / kRows;
  const long tile_bytes = static_cast<long>(kRows) * d * static_cast<long>(sizeof(float));
  p.tiles_per_item = static_cast<int>(std::clamp(kItemBytes / tile_bytes, 1L, static_cast<long>(p.tiles)));
  p.row_items = (p.tiles + p.tiles_per_item - 1) / p.tiles_per_item;
  const int want = 2 * KernelThreads();  // wide batches of few rows: cut the features too
  const int blocks = (d + kDenseItem - 1) / kDenseItem;
  p.groups = p.row_items >= want ? 1 : std::min(blocks, (want + p.row_items - 1) / p.row_items);
  p.width = (blocks + p.groups - 1) / p.groups * kDenseItem;
  p.groups = (d + p.width - 1) / p.width;
  return p;
}

// The table of per-tile statistics, and the merged constants after it: one per calling thread, grown as needed.
float* Scratch(long floats) {
  static thread_local std::vector<float> table;
  if (static_cast<long>(table.size()) < floats) table.resize(static_cast<size_t>(floats));
  return table.data();
}

// Whether B×D outputs at `out` are stored past the caches: large, and every row 16-byte aligned.
bool Streams(const float* out, int d, long values) {
  return values * static_cast<long>(sizeof(float)) >= kStreamBytes && reinterpret_cast<uintptr_t>(out) % 16 == 0 &&
         d % 4 == 0;
}
#endif  // BNLAB_THREADS

}  // namespace

const char* KernelPathName(KernelPath path) {
  switch (path) {
    case KernelPath::kScalar: return "scalar";
    case KernelPath::kF32x4: return "f32x4";
    case KernelPath::kAvx2: return "avx2+fma";
  }
  return "?";
}

bool KernelPathAvailable(KernelPath path) { return path != KernelPath::kAvx2 || CpuHasAvx2Fma(); }

KernelPath FastestKernelPath() { return CpuHasAvx2Fma() ? KernelPath::kAvx2 : KernelPath::kF32x4; }

void BnDenseForward(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                    const float* beta, int b, int d, float eps, KernelPath path) {
  const long values = static_cast<long>(b) * d;
  const auto columns = KernelsOf(path).dense_forward;
  if (!BNLAB_THREADS || values < kMinParallel) {
    columns(y, mean, var, inv_std, x, gamma, beta, b, d, 0, d, eps);
    return;
  }
#if BNLAB_THREADS
  if (values * static_cast<long>(sizeof(float)) < kRowBytes) {
    Split(values, d, kDenseItem,
          [&](int j0, int j1) { columns(y, mean, var, inv_std, x, gamma, beta, b, d, j0, j1, eps); });
    return;
  }
  const RowKernels k = RowKernelsOf(path);
  const RowPlan plan = PlanRows(b, d);
  float* part = Scratch((2L * plan.tiles + 1) * d);  // per tile: mean, M2; then scale = γ·inv_std
  float* scale = part + 2L * plan.tiles * d;
  RunKernelItems(plan.items(), [&](int item) {
    const RowPlan::Cut c = plan.CutOf(item, b, d);
    k.forward_tiles(part, x, b, d, c.t0, c.t1, c.j0, c.j1);
  });
  Split(values, d, kDenseItem,
        [&](int j0, int j1) { k.forward_merge(mean, var, inv_std, scale, part, gamma, b, d, j0, j1, eps); });
  const bool stream = Streams(y, d, values);
  RunKernelItems(
      plan.items(),
      [&](int item) {
        const RowPlan::Cut c = plan.CutOf(item, b, d);
        k.forward_rows(y, x, mean, scale, beta, d, c.i0, c.i1, c.j0, c.j1, stream);
      },
      true);
#endif
}

void BnDenseBackward(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                     const float* inv_std, const float* gamma, int b, int d, KernelPath path) {
  const long values = static_cast<long>(b) * d;
  const auto columns = KernelsOf(path).dense_backward;
  if (!BNLAB_THREADS || values < kMinParallel) {
    columns(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, b, d, 0, d);
    return;
  }
#if BNLAB_THREADS
  if (values * static_cast<long>(sizeof(float)) < kRowBytes) {
    Split(values, d, kDenseItem,
          [&](int j0, int j1) { columns(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, b, d, j0, j1); });
    return;
  }
  const RowKernels k = RowKernelsOf(path);
  const RowPlan plan = PlanRows(b, d);
  float* part = Scratch((2L * plan.tiles + 3) * d);  // per tile: Σ dy, Σ dy·(x − mean); then coef (a, −k, −c)
  float* coef = part + 2L * plan.tiles * d;
  RunKernelItems(plan.items(), [&](int item) {
    const RowPlan::Cut c = plan.CutOf(item, b, d);
    k.backward_tiles(part, dy, x, mean, b, d, c.t0, c.t1, c.j0, c.j1);
  });
  Split(values, d, kDenseItem,
        [&](int j0, int j1) { k.backward_merge(dgamma, dbeta, coef, part, inv_std, gamma, b, d, j0, j1); });
  const bool stream = Streams(dx, d, values);
  RunKernelItems(
      plan.items(),
      [&](int item) {
        const RowPlan::Cut c = plan.CutOf(item, b, d);
        k.backward_rows(dx, dy, x, mean, coef, d, c.i0, c.i1, c.j0, c.j1, stream);
      },
      true);
#endif
}

void BnConvForward(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                   const float* beta, int n, int c, int hw, float eps, KernelPath path) {
  const auto kernel = KernelsOf(path).conv_forward;
  Split(static_cast<long>(n) * c * hw, c, 1,
        [&](int c0, int c1) { kernel(y, mean, var, inv_std, x, gamma, beta, n, c, hw, c0, c1, eps); });
}

void BnConvBackward(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                    const float* inv_std, const float* gamma, int n, int c, int hw, KernelPath path) {
  const auto kernel = KernelsOf(path).conv_backward;
  Split(static_cast<long>(n) * c * hw, c, 1,
        [&](int c0, int c1) { kernel(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, n, c, hw, c0, c1); });
}

}  // namespace bn
