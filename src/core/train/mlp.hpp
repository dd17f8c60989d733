// mlp.hpp: the training lab's network: a small MLP for 2-D, 2-class data, with an optional BN layer (or
// noisy BN) after every hidden linear layer. Written for float (the lab) and double (gradient checks).
//
// Index
//   Activation, NormKind, NoiseConfig, MlpConfig
//   Mlp<T>: Forward (train/eval), Backward, SgdStep, Evaluate, PredictGrid, parameter/gradient vectors
//
// Dimension letters: B batch size, I a layer's inputs, O its outputs (the width W for hidden layers, 2 for the
// output layer). Matrices are row-major: row b is sample b.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/rng.hpp"

namespace bn {

enum class Activation { Sigmoid, Tanh, Relu };
enum class NormKind { None, Batch, Noisy };  // plain, BN after each hidden linear layer, BN + noise

const char* ActivationName(Activation a);
bool ParseActivation(const std::string& name, Activation* a);
const char* NormName(NormKind n);  // "plain", "bn", "noisy"

// Santurkar et al. 2018, appendix A.2.1: after each BN layer, per step and unit μᵗ ~ U(−n_mu, n_mu),
// σᵗ ~ U(1, n_sigma); per sample m ~ U(μᵗ − r_mu, μᵗ + r_mu), s ~ N(σᵗ, r_sigma); a ← s·a + m.
struct NoiseConfig {
  double n_mu = 0.5, n_sigma = 1.25, r_mu = 0.1, r_sigma = 0.1;
};

struct MlpConfig {
  int depth = 3;    // hidden layers, 1–8
  int width = 16;   // units per hidden layer, 2–64
  Activation activation = Activation::Tanh;
  NormKind norm = NormKind::None;
  double init_scale = 1.0;  // weights ~ N(0, init_scale² / fan_in) (LeCun normal times init_scale); biases 0
  uint64_t seed = 1;        // initial weights: the same for every NormKind
  NoiseConfig noise;
  double bn_momentum = 0.1;  // PyTorch convention: running ← 0.9·running + 0.1·batch (unbiased variance)
  double bn_eps = 1e-5;
};

// Throws std::invalid_argument naming the bad field.
void ValidateMlpConfig(const MlpConfig& c);

template <typename T>
class Mlp {
 public:
  using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using Row = Eigen::Matrix<T, 1, Eigen::Dynamic>;

  struct Layer {
    // parameters
    Mat w;               // I×O   z = in·w (+ b)
    Row b;               // 1×O   bias, plain nets only (BN's β takes its place)
    Row gamma, beta;     // 1×O   BN scale and shift
    Row running_mean, running_var;  // 1×O
    // the last forward pass
    Mat in;              // B×I   this layer's input
    Mat z;               // B×O   in·w (+ b)
    Mat xhat;            // B×O   BN: (z − mean)·inv_std (double nets; float nets recompute it from z)
    Mat bn_out;          // B×O   BN: gamma·xhat + beta
    Row mean, var, inv_std;  // 1×O batch statistics (train)
    Mat noise_s, noise_m;    // B×O noisy BN: pre = s ⊙ bn_out + m
    Mat pre;             // B×O   the input to the nonlinearity
    Mat a;               // B×O   act(pre)
    // gradients of the last Backward, and momentum buffers
    Mat dw, vw;
    Row db, dgamma, dbeta, vb, vgamma, vbeta;
  };

  explicit Mlp(const MlpConfig& config);

  // Forward pass on x (B×2). Train: BN uses batch statistics, updates the running ones when
  // `update_running`, and noisy BN draws its noise from `noise_rng`. Returns the mean cross-entropy
  // loss against labels y (size B), and keeps the probabilities (B×2).
  T Forward(const Mat& x, const Eigen::VectorXi& y, bool train, Rng* noise_rng = nullptr, bool update_running = true);
  // Gradients of the last (train) Forward's loss with respect to every parameter.
  void Backward(const Eigen::VectorXi& y);
  // v ← momentum·v + grad; param ← param − lr·v, for hidden layers [first, last) (and the output layer
  // when `output`). The lab updates everything; the covariate-shift measurement updates some layers.
  void SgdStep(T lr, T momentum, int first = 0, int last = -1, bool output = true);

  struct Score {
    T loss, accuracy;
  };
  Score Evaluate(const Mat& x, const Eigen::VectorXi& y);  // eval mode; running statistics untouched
  T Accuracy(const Eigen::VectorXi& y) const;               // of the last Forward

  // P(class 1) on a res×res grid over [x0, x1]×[y0, y1], row 0 at y1 (top), eval mode.
  std::vector<float> PredictGrid(float x0, float x1, float y0, float y1, int res);

  // All parameters and gradients as one vector (hidden layers in order, then the output layer).
  Eigen::Matrix<T, Eigen::Dynamic, 1> Params() const;
  void SetParams(const Eigen::Matrix<T, Eigen::Dynamic, 1>& p);
  Eigen::Matrix<T, Eigen::Dynamic, 1> Grads() const;

  const MlpConfig& config() const { return config_; }
  std::vector<Layer>& hidden() { return hidden_; }
  const std::vector<Layer>& hidden() const { return hidden_; }
  Layer& output() { return out_; }
  const Layer& output() const { return out_; }
  const Mat& probs() const { return probs_; }

 private:
  MlpConfig config_;
  std::vector<Layer> hidden_;
  Layer out_;   // w: W×2, b: 1×2
  Mat probs_;   // B×2 softmax of the last forward
};

extern template class Mlp<float>;
extern template class Mlp<double>;

}  // namespace bn
