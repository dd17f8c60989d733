// bn.hpp: Batch Normalization, the reference implementation bnlab teaches with.
//
// Index
//   1. Types: Mat (N×D), Row (1×D), Tensor4 (N×C×H×W; ZeroTensor) and the conv <-> dense reshapes
//   2. Settings: Mode, MomentumConvention, RunningStats
//   3. Forward / Backward / UpdateRunning (dense N×D; conv goes through ToChannelMatrix)
//   4. The step trace: every intermediate value of one forward (and backward) pass, named
//
// Dimension letters used in comments:
//   N  samples in the batch          D  features (dense) or channels (conv)
//   C  channels   H, W  image height and width   M  values per feature = N (dense) or N·H·W (conv)
// (the texts a learner reads call M "m", the paper's letter, and write momentum as the word "momentum")
//
// Precision: inputs and outputs are float32 values, but every value here is held and computed in double,
// so the lab's numbers match PyTorch's float64 reference to ~1e-7 even for values near 1000 with a tiny
// spread (two-pass variance: mean first, then the mean of squared deviations; never E[x²]−E[x]²).
// The fast float32 SIMD kernels live elsewhere and are tested against these functions.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Types
// ---------------------------------------------------------------------------------------------
using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;  // N×D, row i = sample i
using Row = Eigen::Matrix<double, 1, Eigen::Dynamic>;                                // 1×D, one value per feature

// N×C×H×W image batch, stored contiguously in that order (like a PyTorch NCHW tensor).
struct Tensor4 {
  int n = 0, c = 0, h = 0, w = 0;
  std::vector<double> data;  // size n·c·h·w; element (ni, ci, hi, wi) at ((ni·C + ci)·H + hi)·W + wi
  double& at(int ni, int ci, int hi, int wi) { return data[((size_t(ni) * c + ci) * h + hi) * w + wi]; }
  double at(int ni, int ci, int hi, int wi) const { return data[((size_t(ni) * c + ci) * h + hi) * w + wi]; }
};
// An n×c×h×w tensor of zeros.
Tensor4 ZeroTensor(int n, int c, int h, int w);

// Conv BN normalizes per channel over (N, H, W): gather each channel into one column.
// Result: (N·H·W)×C, row index = (ni·H + hi)·W + wi.
Mat ToChannelMatrix(const Tensor4& t);
// Inverse of ToChannelMatrix for a tensor of shape n×c×h×w (m must be (n·h·w)×c).
Tensor4 FromChannelMatrix(const Mat& m, int n, int c, int h, int w);

// ---------------------------------------------------------------------------------------------
// 2. Settings
// ---------------------------------------------------------------------------------------------
enum class Mode { Train, Eval };  // Train: batch statistics (and running update); Eval: running statistics

// PyTorch: running ← (1−momentum)·running + momentum·batch   (momentum default 0.1)
// Keras:   moving  ← momentum·moving + (1−momentum)·batch     (momentum default 0.99)
// PyTorch stores the unbiased batch variance M/(M−1)·var (PyTorch docs: BatchNorm1d); Keras 3 stores the biased
// one (Keras 3 BatchNormalization source; tf.keras's fused kernel was Bessel-corrected) (see UpdateRunning).
enum class MomentumConvention { PyTorch, Keras };

struct RunningStats {
  Row mean;  // 1×D, starts at 0
  Row var;   // 1×D, starts at 1
  double momentum = 0.1;
  MomentumConvention convention = MomentumConvention::PyTorch;
};
RunningStats MakeRunningStats(int d);  // zeros, ones, momentum 0.1, PyTorch

// Each library's defaults. The two momenta are different settings, not one number written two ways:
// PyTorch's 0.1 is the weight of the new batch, Keras's 0.99 the weight of the old value.
struct ConventionDefaults {
  double momentum;  // PyTorch 0.1 (PyTorch docs: BatchNorm1d); Keras 0.99 (Keras 3 docs: BatchNormalization)
  double eps;       // PyTorch 1e-5; Keras 1e-3
};
ConventionDefaults DefaultsFor(MomentumConvention c);

// About how many recent batches the moving average spans: 1/w, where w is the weight of the new batch
// (momentum for PyTorch, 1 − momentum for Keras). The last 1/w batches carry about 1 − 1/e ≈ 63% of the
// weight. PyTorch 0.1 → 10, Keras 0.99 → 100. Infinity when w = 0 (the running values never move).
double AveragedBatches(double momentum, MomentumConvention c);

// Inference-time BN as one affine map per feature (Ioffe & Szegedy 2015, Alg. 2 step 11):
// y = scale·x + shift with scale = γ/√(running_var + ε), shift = β − scale·running_mean. A linear layer
// before BN can absorb it: W' = scale·W, b' = scale·b + shift.
struct FoldedAffine {
  Row scale, shift;  // 1×D
};
FoldedAffine FoldForInference(const Row& gamma, const Row& beta, const RunningStats& running, double eps);

// ---------------------------------------------------------------------------------------------
// 3. Forward, backward, running statistics
// ---------------------------------------------------------------------------------------------
struct Forward {
  Row mean;     // 1×D  μ_j   = (1/M) Σ_i x_ij               (eval: running mean)
  Row var;      // 1×D  σ²_j  = (1/M) Σ_i (x_ij − μ_j)²      (biased; eval: running var)
  Row inv_std;  // 1×D  1/√(σ²_j + ε)
  Mat xhat;     // M×D  (x_ij − μ_j)·inv_std_j
  Mat y;        // M×D  γ_j·x̂_ij + β_j
};

struct Backward {
  Mat dx;      // M×D
  Row dgamma;  // 1×D  Σ_i dy_ij·x̂_ij
  Row dbeta;   // 1×D  Σ_i dy_ij
};

// Forward pass. Train mode needs M ≥ 2 (as PyTorch: one value per feature has no spread).
// Eval mode reads running.mean / running.var. Does not touch running statistics.
// Throws std::invalid_argument on the inputs BuildTrace refuses.
Forward BatchNormForward(const Mat& x, const Row& gamma, const Row& beta, double eps, Mode mode,
                         const RunningStats& running);

// Backward pass for upstream gradient dy (M×D), given the forward it belongs to (σ² + ε is recovered
// as 1/inv_std², so ε need not be passed). Train: dx through the batch statistics (Ioffe & Szegedy eqs.);
// Eval: statistics are constants. Throws std::invalid_argument on mismatched shapes.
Backward BatchNormBackward(const Mat& dy, const Mat& x, const Forward& fwd, const Row& gamma, Mode mode);

// Running statistics after one train step whose batch had M values per feature, mean and biased var.
// PyTorch: mean ← (1−momentum)·mean + momentum·batch_mean; var ← (1−momentum)·var + momentum·(M/(M−1))·batch_var
// Keras:   mean ← momentum·mean + (1−momentum)·batch_mean; var ← momentum·var + (1−momentum)·batch_var
//          (Keras 3 keeps the biased var; tf.keras's fused kernel applied Bessel's correction)
void UpdateRunning(RunningStats& running, const Row& batch_mean, const Row& batch_var, int m);

// ---------------------------------------------------------------------------------------------
// 4. The step trace
// ---------------------------------------------------------------------------------------------
// One named computation of BN, with its formula and every value it produced. The trace is what the
// forward and backward functions above compute, step by step: they are built on BuildTrace's steps.
// Each step's texts come from its row in the table of steps (steps.hpp), chosen for the mode and convention.
enum class Extent { PerFeature, PerElement };  // value is 1×D, or M×D

struct TraceStep {
  std::string key;      // stable id (steps.hpp): forward "sum","mean","dev","sq","var","var_eps","std","inv_std",
                        // "xhat","gx","y","running_mean","running_var"; backward "dy","dbeta","dgamma","dxhat",
                        // "dvar","dmean","dx"
  std::string title;    // short human title in English, e.g. "Batch mean" (bntrace writes it); a learner reads
                        // StepTitle(trace, k) (steps.hpp), in the current language
  std::string symbol;   // UTF-8 symbol of the result, e.g. "μ", "σ²", "x̂"
  std::string formula;  // UTF-8 general formula, e.g. "μⱼ = (1/N) Σᵢ xᵢⱼ"
  Extent extent = Extent::PerFeature;
  std::vector<std::string> inputs;  // keys this step reads: "x", "gamma", "beta", "eps", or earlier step keys
  bool backward = false;
  Mat value;                        // 1×D or M×D
};

struct TraceInput {
  Mat x;             // M×D
  Row gamma, beta;   // 1×D
  double eps = 1e-5;
  Mode mode = Mode::Train;
  RunningStats running;  // before the step
  bool has_dy = false;
  Mat dy;            // M×D when has_dy
};

struct Trace {
  TraceInput in;
  std::vector<TraceStep> steps;  // forward steps, then (if has_dy) backward steps, in computation order
  Forward fwd;                   // the same numbers gathered for convenience
  Backward bwd;                  // filled when in.has_dy
  RunningStats running_after;    // after the update (train), unchanged (eval)

  const TraceStep* find(const std::string& key) const;  // nullptr if absent
  int index_of(const std::string& key) const;           // -1 if absent
};

// Builds the whole trace. Throws std::invalid_argument with a one-line reason, in the current language, on
// inconsistent input (shape mismatch, eps < 0, train mode with M < 2, ...).
Trace BuildTrace(const TraceInput& in);

// The step's formula with the real numbers substituted for one element (i, j) (or feature j for
// per-feature steps), e.g. "x̂₂,₁ = (x₂,₁ − μ₁) / √(σ₁² + ε) = (3 − 2.5) / √(1.25 + 1e-05) = 0.4472".
// Indices are shown 1-based in subscript digits; numbers as FormatNumber(v, digits); sums over the batch
// list up to 6 terms, then "…". Out-of-range i or j fall back to 0; an out-of-range step gives "".
// Written by the function the step's row names (steps.cpp).
std::string SubstitutedFormula(const Trace& t, int step, int i, int j, int digits = 4);

// 1-based index in Unicode subscript digits: 12 → "₁₂".
std::string SubscriptIndex(long one_based);

// Terms joined by " + ", the first 6 then "…" when there are more than 7: "4 + 1 + 0 + 9".
std::string JoinTerms(const std::vector<std::string>& terms);

// Formats v with `digits` significant digits, UTF-8 minus sign, no trailing noise ("2.5", "−0.4472", "1e-05").
std::string FormatNumber(double v, int digits = 4);

}  // namespace bn
