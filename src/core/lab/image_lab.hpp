// image_lab.hpp: the image-batch lab's model (pure, no UI): an N×C×H×W batch made from a seed plus the
// learner's edits, one normalization variant (norm_variants.hpp), and the step-by-step trace of that
// variant with its formulas written out in numbers. Its URL hash: image_link.hpp.
//
// Index
//   1. ImageLabInput: shape, variant and options, γ, β, ε, seed, edits; ImageTensor / ImageDy
//   2. NormTrace: the steps (μ, σ², 1/√, [x̂_B, r, d,] x̂, y; backward dy, dβ, dγ, dx̂, dx: image_steps.hpp's rows)
//      and their values
//   3. Text for the UI: group labels, the formula of a step with the numbers of one element substituted
//
// Element index: flat NCHW, ((n·C + c)·H + h)·W + w, as in Tensor4.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/bn/bn.hpp"
#include "core/bn/norm_variants.hpp"
#include "core/lab/image_steps.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Input
// ---------------------------------------------------------------------------------------------
constexpr int kImageMaxDim = 8;     // each of N, C, H, W is 1..8
constexpr int kImageMaxEdits = 64;  // edited values kept on top of the seeded batch

struct ImageLabInput {
  int n = 2, c = 3, h = 4, w = 4;
  NormParams params;  // variant, G, ghost batch B, Renorm's running statistics (1×C) and r_max, d_max
  Row gamma, beta;    // 1×C
  double eps = 1e-5;
  int seed = 1;       // the batch's small integers (and dy's) come from this seed
  std::vector<std::pair<int, double>> edits;  // (flat index, value), sorted by index, unique
  bool backward = false;                      // show the backward pass (dy is seeded too)
};

// 2×3×4×4, BatchNorm, γ = 1, β = 0, running mean 0 and var 1, seed 1.
ImageLabInput DefaultImageLabInput();

// Changes the shape, keeping what still fits: γ, β and running statistics per channel that exist, edits
// inside the new shape, G (largest divisor of C not above it) and B (largest divisor of N not above it).
// Values are clamped to 1..kImageMaxDim.
void ResizeImageLab(ImageLabInput* in, int n, int c, int h, int w);

// x: integers from the seed, channel c centred near 2·c so that channels differ (−3..3 around it), then
// the edits. dy: integers −2..2 from the seed (a different stream).
Tensor4 ImageTensor(const ImageLabInput& in);
Tensor4 ImageDy(const ImageLabInput& in);

// Sets element `index` to v (an edit); an edit equal to the seeded value is dropped. Throws
// std::invalid_argument for an index outside the tensor, a non-finite v or a 65th edit.
void SetImageValue(ImageLabInput* in, int index, double v);

// ---------------------------------------------------------------------------------------------
// 2. The trace
// ---------------------------------------------------------------------------------------------
// NormExtent: image_steps.hpp, with the table of steps whose rows BuildNormTrace walks.
struct NormStep {
  std::string key;      // "mean","var","inv_std","xhat_b","r","d","xhat","y"; "dy","dbeta","dgamma","dxhat","dx"
  std::string title;    // English, e.g. "Mean of each statistics group"; a learner reads ImageStepTitle(trace, k)
  std::string symbol;   // "μ", "σ²", "x̂" ...
  std::string formula;  // general formula, e.g. "μₖ = (1/M) Σ_{i∈Sₖ} xᵢ"
  NormExtent extent = NormExtent::PerElement;
  bool backward = false;
  std::vector<double> value;
};

struct NormTrace {
  ImageLabInput in;
  Tensor4 x, dy;        // dy only when in.backward
  NormResult fwd;
  NormGrads bwd;        // when in.backward
  std::vector<NormStep> steps;

  int index_of(const std::string& key) const;  // -1 if absent
};

// Builds every step. Throws std::invalid_argument with the core's one-line reason, in the current language (e.g.
// "groups: C = 6 is not divisible by G = 4", or a statistics group of a single value).
NormTrace BuildNormTrace(const ImageLabInput& in);

// ---------------------------------------------------------------------------------------------
// 3. Text
// ---------------------------------------------------------------------------------------------
// Which values statistics group k holds, 1-based: "channel 2", "sample 1", "sample 1, channel 2",
// "sample 1, group 2 (channels 3–4)", "sub-batch 1 (samples 1–2), channel 2". In the current language, as the two
// texts below.
std::string NormGroupLabel(const NormGroups& g, int k);

// One sentence: what a variant normalizes over, e.g. "per channel, over (N, H, W): C = 3 groups of
// M = N·H·W = 32 values".
std::string NormGroupingText(const NormGroups& g);

// The step's formula with the numbers of element (ni, ci, hi, wi) (per-group steps: its group; per-channel
// steps: its channel), e.g. "x̂ = (x − μ₂)·(1/√(σ₂² + ε)) = (3 − 2.5)·0.8944 = 0.4472". Sums list up to 6
// terms, then "…". An out-of-range step gives "". Written by the function the step's row names (image_steps.cpp).
std::string NormSubstituted(const NormTrace& t, int step, int ni, int ci, int hi, int wi, int digits = 4);

}  // namespace bn
