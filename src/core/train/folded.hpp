// folded.hpp: the training lab's network as the GPU runs it. In inference mode BN uses its running statistics,
// so BN followed by nothing else folds into one affine map per unit:
//   γ·(z − running_mean)/√(running_var + ε) + β  =  z·scale + shift,
//   scale = γ/√(running_var + ε),  shift = β − running_mean·scale;
// a plain layer is the same with scale = 1, shift = b. FoldedMlp is that network; FoldedPredict evaluates it on
// the CPU in the order the fragment shaders do (shaders/mlp.glsl); PackNetwork lays it out as the float texture
// those shaders read.
//
// Index
//   FoldedLayer, FoldedMlp      w (I×O), scale and shift (O) per layer
//   FoldMlp                     an Mlp in inference mode → FoldedMlp (plain, BN and noisy BN alike)
//   FoldedLogits, FoldedPredict the two logits / P(class 1) for one point (x0, x1)
//   NetTexture, PackNetwork     the RGBA32F texture layout (weights and two landscape directions per texel)
//
// Dimension letters: I a layer's inputs, O its outputs.
#pragma once

#include <array>
#include <vector>

#include "core/train/mlp.hpp"

namespace bn {

template <typename T>
struct FoldedLayer {
  int in = 0, out = 0;
  std::vector<T> w;             // I×O row-major: w[i*O + j] = weight from input i to unit j
  std::vector<T> scale, shift;  // O: pre = z·scale + shift, z = in·w
};

template <typename T>
struct FoldedMlp {
  Activation activation = Activation::Tanh;
  std::vector<FoldedLayer<T>> layers;  // hidden layers then the output layer (2 units, no activation)
};

// The network in inference mode (BN with running statistics; noisy BN adds no noise in inference).
template <typename T>
FoldedMlp<T> FoldMlp(const Mlp<T>& net);

// The two output logits for the point (x0, x1): z = in·w, pre = z·scale + shift, act(pre) on hidden layers.
template <typename T>
std::array<T, 2> FoldedLogits(const FoldedMlp<T>& net, T x0, T x1);
// P(class 1) = softmax(logits)[1] = 1/(1 + exp(logit0 − logit1)).
template <typename T>
T FoldedPredict(const FoldedMlp<T>& net, T x0, T x1);

// The texture the shaders read (RGBA32F, kWidth texels per row, as many rows as needed). For layer l (hidden
// layers in order, then the output layer) and its unit j, I+1 consecutive texels starting at
//   unit_start = layer_start[l] + j·(I+1):
//   texel unit_start + i (i < I):  (w[i][j], d1[i][j], d2[i][j], 0)   weight and the two landscape directions
//   texel unit_start + I:          (scale[j], shift[j], gamma[j], beta[j])   (plain layers: gamma 1, beta b)
// Texel k sits at column k % kWidth, row k / kWidth. Without directions, d1 = d2 = 0. gamma and beta serve the
// landscape of a BN network with batch statistics, which the shader computes itself.
struct NetTexture {
  static constexpr int kWidth = 256;
  int width = kWidth, height = 0;
  std::vector<float> rgba;        // width·height·4 floats, row 0 first
  std::vector<int> layer_start;   // texel index of each layer's first unit
};

// d1, d2: directions in Mlp::Params() order (or empty): only their weight entries are used, the shaders perturb
// weights only (biases and BN parameters stay, as in core/train/landscape.hpp).
NetTexture PackNetwork(const Mlp<float>& net, const Eigen::VectorXf& d1 = {}, const Eigen::VectorXf& d2 = {});

extern template FoldedMlp<float> FoldMlp(const Mlp<float>&);
extern template FoldedMlp<double> FoldMlp(const Mlp<double>&);
extern template std::array<float, 2> FoldedLogits(const FoldedMlp<float>&, float, float);
extern template std::array<double, 2> FoldedLogits(const FoldedMlp<double>&, double, double);
extern template float FoldedPredict(const FoldedMlp<float>&, float, float);
extern template double FoldedPredict(const FoldedMlp<double>&, double, double);

}  // namespace bn
