// norm_variants.hpp: Batch Normalization's relatives over an N×C×H×W tensor (Batch, Layer, Instance and
// Group normalization, Ghost BN and Batch Renormalization), forward and backward, in double with two-pass
// statistics. Checked against PyTorch (tests/reference/norm_cases.json, made by make_norm_reference.py).
//
// Index
//   1. NormVariant and its table (name, key, note; the note in the current language); NormGroups: which elements
//      share one mean and variance (GroupOf, for colouring a UI)
//   2. NormResult / NormGrads and NormForward / NormBackward
//
// The four variants differ only in the set of values a statistics group covers (train mode, biased var):
//   Batch     per channel c            over (N, H, W)        C groups          M = N·H·W
//   Layer     per sample n             over (C, H, W)        N groups          M = C·H·W
//   Instance  per sample n, channel c  over (H, W)           N·C groups        M = H·W
//   Group     per sample n, group g    over (C/G, H, W)      N·G groups        M = (C/G)·H·W
//   Ghost     per sub-batch b, chan c  over (B rows, H, W)   (N/B)·C groups    M = B·H·W   (B = ghost_batch)
//   Renorm    per channel c            over (N, H, W)        C groups          M = N·H·W   (then r, d; see NormParams)
// Layer is Group with G = 1 and Instance is Group with G = C. Every variant applies one γ_c and β_c per
// channel (as PyTorch's group_norm does; LayerNorm's elementwise C×H×W affine is not used here).
//
// Order of the per-group values (mean, var, inv_std), index of the statistics group:
//   Batch c;   Layer n;   Instance n·C + c;   Group n·G + g   with g = c / (C/G);   Ghost (n/B)·C + c;
//   Renorm c
// (the order of PyTorch's x.mean over the reduced dims, flattened row-major).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/bn/bn.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Variants and statistics groups
// ---------------------------------------------------------------------------------------------
enum class NormVariant { Batch, Layer, Instance, Group, Ghost, Renorm };

// One row per variant: everything said about it by name. The image lab draws the note beside the variant.
struct NormVariantRow {
  NormVariant variant;
  const char* name;  // "Batch", "Layer", "Instance", "Group", "Ghost", "Renorm"
  const char* key;   // links and bntrace's "norm": "batch", "layer", "instance", "group", "ghost", "renorm"
  const char* note;  // one paragraph: what it normalizes over, where it is used, training versus inference
};
// Every row, in NormVariant order.
const std::vector<NormVariantRow>& NormVariantRows();

// Its row's name, key and note; the note in the current language (norm.<key>.note; the row keeps the English, the
// pointer stays valid). Names and keys are not translated.
const char* NormVariantName(NormVariant v);
const char* NormKeyName(NormVariant v);
const char* NormNote(NormVariant v);
const std::string& NormNoteText(const NormVariantRow& row);
// Every key the table asks the catalogs for, with the English it stands for (en.po must hold exactly that text).
std::vector<std::pair<std::string, std::string>> NormCatalogTexts();
// The variant whose key is `key`; false (and *v untouched) for any other text.
bool ParseNormKey(const std::string& key, NormVariant* v);

// A variant with its options.
struct NormParams {
  NormVariant variant = NormVariant::Batch;
  int groups = 1;       // Group: G channel groups per sample, 1 ≤ G ≤ C, G divides C
  int ghost_batch = 1;  // Ghost: virtual batch size B, 1 ≤ B ≤ N, B divides N
  // Renorm (Ioffe 2017): with σ_B = √(σ²_B + ε) and σ_run = √(running_var + ε), per channel
  //   r = clip(σ_B / σ_run, 1/r_max, r_max),  d = clip((μ_B − running_mean) / σ_run, −d_max, d_max),
  //   x̂ = (x − μ_B)/σ_B · r + d;  r and d are constants in backward (no gradient flows through them).
  Row running_mean, running_var;  // 1×C, before this step; running_var ≥ 0
  double r_max = 3.0;             // ≥ 1
  double d_max = 5.0;             // ≥ 0
};

// Which elements of an N×C×H×W tensor share statistics.
struct NormGroups {
  NormVariant variant = NormVariant::Batch;
  int n = 0, c = 0, h = 0, w = 0;  // the tensor's shape
  int g = 1;                       // channel groups per sample: Group G, Layer 1, Instance C; Batch: 1 (unused)
  int ghost_batch = 1;             // Ghost: samples per virtual sub-batch B (1 otherwise)
  int count = 0;                   // number of statistics groups: Batch C, Layer N, Instance N·C, Group N·G
  int size = 0;                    // M, values per statistics group (see the table above)
};

// The statistics groups of variant v on an n×c×h×w tensor. `groups` is G for NormVariant::Group and is
// ignored by the other variants. Throws std::invalid_argument with a one-line reason on an empty shape,
// G < 1 or G > C, C not divisible by G ("groups: C = 6 is not divisible by G = 4"), or M < 2 (a group with
// a single value has no spread).
NormGroups MakeNormGroups(int n, int c, int h, int w, NormVariant v, int groups);
// The same for any variant, reading G or B from p (Ghost: B must divide N, "ghost_batch: N = 6 is not
// divisible by B = 4").
NormGroups MakeNormGroups(int n, int c, int h, int w, const NormParams& p);

// Index (in the order above) of the statistics group holding element (ni, ci, ·, ·); the same for every
// (hi, wi). 0 ≤ result < groups.count.
int GroupOf(const NormGroups& groups, int ni, int ci);

// ---------------------------------------------------------------------------------------------
// 2. Forward and backward
// ---------------------------------------------------------------------------------------------
struct NormResult {
  NormGroups groups;
  std::vector<double> mean;     // count   μ_k  = (1/M) Σ_{i∈k} x_i
  std::vector<double> var;      // count   σ²_k = (1/M) Σ_{i∈k} (x_i − μ_k)²   (biased, two-pass)
  std::vector<double> inv_std;  // count   1/√(σ²_k + ε)
  Tensor4 xhat;                 // N×C×H×W (x − μ_k)·inv_std_k, k = GroupOf(n, c)  (Renorm: ·r_c + d_c)
  Tensor4 y;                    // N×C×H×W γ_c·x̂ + β_c
  std::vector<double> r, d;     // Renorm only, C each (the clipped correction); empty for the other variants
};

struct NormGrads {
  Tensor4 dx;  // N×C×H×W
  Row dgamma;  // 1×C  Σ over (N, H, W) of dy·x̂
  Row dbeta;   // 1×C  Σ over (N, H, W) of dy
};

// Forward pass, train mode. gamma, beta: 1×C; eps ≥ 0. Throws std::invalid_argument on bad input (see
// MakeNormGroups; also data size ≠ N·C·H·W, gamma/beta length ≠ C, eps < 0).
NormResult NormForward(const Tensor4& x, NormVariant v, int groups, const Row& gamma, const Row& beta, double eps);
// Any variant (Renorm also validates running_mean/var length C, running_var ≥ 0, r_max ≥ 1, d_max ≥ 0).
NormResult NormForward(const Tensor4& x, const NormParams& p, const Row& gamma, const Row& beta, double eps);

// Backward pass for upstream gradient dy (same shape as x), given the forward it belongs to. Over each
// statistics group k of M values:  dx̂ = dy·γ_c;
//   dx = inv_std_k/M · (M·dx̂ − Σ_k dx̂ − x̂·Σ_k dx̂·x̂).
// Throws std::invalid_argument when dy, x, fwd, gamma, v or groups do not belong together.
NormGrads NormBackward(const Tensor4& dy, const Tensor4& x, const NormResult& fwd, NormVariant v, int groups,
                       const Row& gamma);
// Any variant. Renorm: dx = r_c·inv_std_c/M · (M·dx̂ − Σ dx̂ − x̂_B·Σ dx̂·x̂_B) with x̂_B = (x − μ)·inv_std.
NormGrads NormBackward(const Tensor4& dy, const Tensor4& x, const NormResult& fwd, const NormParams& p,
                       const Row& gamma);

}  // namespace bn
