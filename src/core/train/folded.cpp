// folded.cpp: FoldMlp, FoldedLogits/FoldedPredict (the shaders' arithmetic on the CPU), PackNetwork.
#include "core/train/folded.hpp"

#include <cmath>

namespace bn {
namespace {

template <typename T>
T Act(Activation a, T v) {
  switch (a) {
    case Activation::Sigmoid: return T(1) / (T(1) + std::exp(-v));
    case Activation::Tanh: return std::tanh(v);
    case Activation::Relu: return v > T(0) ? v : T(0);
  }
  return v;
}

}  // namespace

template <typename T>
FoldedMlp<T> FoldMlp(const Mlp<T>& net) {
  FoldedMlp<T> f;
  f.activation = net.config().activation;
  const bool norm = net.config().norm != NormKind::None;
  const T eps = static_cast<T>(net.config().bn_eps);
  for (const auto& l : net.hidden()) {
    FoldedLayer<T> fl;
    fl.in = static_cast<int>(l.w.rows());
    fl.out = static_cast<int>(l.w.cols());
    fl.w.assign(l.w.data(), l.w.data() + l.w.size());
    fl.scale.resize(fl.out);
    fl.shift.resize(fl.out);
    for (int j = 0; j < fl.out; ++j) {
      if (norm) {  // scale = γ/√(running_var + ε), shift = β − running_mean·scale
        fl.scale[j] = l.gamma(j) / std::sqrt(l.running_var(j) + eps);
        fl.shift[j] = l.beta(j) - l.running_mean(j) * fl.scale[j];
      } else {
        fl.scale[j] = T(1);
        fl.shift[j] = l.b(j);
      }
    }
    f.layers.push_back(std::move(fl));
  }
  // The output layer from the tail of Params(): w (W×2, row-major) then b (2).
  const auto p = net.Params();
  FoldedLayer<T> out;
  out.in = net.hidden().empty() ? 2 : static_cast<int>(net.hidden().back().w.cols());
  out.out = 2;
  const Eigen::Index w_at = p.size() - 2 - 2 * out.in;
  out.w.assign(p.data() + w_at, p.data() + w_at + 2 * out.in);
  out.scale = {T(1), T(1)};
  out.shift = {p(p.size() - 2), p(p.size() - 1)};
  f.layers.push_back(std::move(out));
  return f;
}

template <typename T>
std::array<T, 2> FoldedLogits(const FoldedMlp<T>& net, T x0, T x1) {
  std::vector<T> a = {x0, x1}, next;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const FoldedLayer<T>& fl = net.layers[l];
    const bool hidden = l + 1 < net.layers.size();
    next.assign(fl.out, T(0));
    for (int j = 0; j < fl.out; ++j) {
      T z = 0;  // z = Σ_i in_i·w_ij
      for (int i = 0; i < fl.in; ++i) z += a[i] * fl.w[static_cast<size_t>(i) * fl.out + j];
      const T pre = z * fl.scale[j] + fl.shift[j];
      next[j] = hidden ? Act(net.activation, pre) : pre;
    }
    a.swap(next);
  }
  return {a[0], a[1]};
}

template <typename T>
T FoldedPredict(const FoldedMlp<T>& net, T x0, T x1) {
  const std::array<T, 2> z = FoldedLogits(net, x0, x1);
  return T(1) / (T(1) + std::exp(z[0] - z[1]));
}

NetTexture PackNetwork(const Mlp<float>& net, const Eigen::VectorXf& d1, const Eigen::VectorXf& d2) {
  const FoldedMlp<float> f = FoldMlp(net);
  const bool norm = net.config().norm != NormKind::None;
  const bool dirs = d1.size() > 0 && d2.size() > 0;
  NetTexture tex;
  int texels = 0;
  for (const auto& l : f.layers) {
    tex.layer_start.push_back(texels);
    texels += l.out * (l.in + 1);
  }
  tex.height = (texels + NetTexture::kWidth - 1) / NetTexture::kWidth;
  tex.rgba.assign(static_cast<size_t>(tex.width) * tex.height * 4, 0.0f);
  // Params() order: per hidden layer w (I×O) then γ, β (BN) or b; the output layer's w then b.
  Eigen::Index at = 0;
  for (size_t l = 0; l < f.layers.size(); ++l) {
    const FoldedLayer<float>& fl = f.layers[l];
    for (int j = 0; j < fl.out; ++j) {
      const int unit_start = tex.layer_start[l] + j * (fl.in + 1);
      for (int i = 0; i < fl.in; ++i) {
        const Eigen::Index k = at + static_cast<Eigen::Index>(i) * fl.out + j;
        float* t = &tex.rgba[static_cast<size_t>(unit_start + i) * 4];
        t[0] = fl.w[static_cast<size_t>(i) * fl.out + j];
        t[1] = dirs ? d1(k) : 0.0f;
        t[2] = dirs ? d2(k) : 0.0f;
      }
      float* t = &tex.rgba[static_cast<size_t>(unit_start + fl.in) * 4];
      t[0] = fl.scale[j];
      t[1] = fl.shift[j];
      const bool bn_layer = norm && l + 1 < f.layers.size();
      t[2] = bn_layer ? net.hidden()[l].gamma(j) : 1.0f;
      t[3] = bn_layer ? net.hidden()[l].beta(j) : fl.shift[j];
    }
    const bool hidden = l + 1 < f.layers.size();
    at += static_cast<Eigen::Index>(fl.in) * fl.out + (hidden && norm ? 2 * fl.out : fl.out);
  }
  return tex;
}

template FoldedMlp<float> FoldMlp(const Mlp<float>&);
template FoldedMlp<double> FoldMlp(const Mlp<double>&);
template std::array<float, 2> FoldedLogits(const FoldedMlp<float>&, float, float);
template std::array<double, 2> FoldedLogits(const FoldedMlp<double>&, double, double);
template float FoldedPredict(const FoldedMlp<float>&, float, float);
template double FoldedPredict(const FoldedMlp<double>&, double, double);

}  // namespace bn
