// mlp.cpp: Mlp<T>. Each hidden layer: z = in·w (+ b) → BN (train: batch statistics) → noise → act.
// Backward walks the same steps in reverse, with BN's backward from bn_kernels. ValidateMlpConfig's refusals are
// catalog texts (keys train.mlp.*) in the current language.
#include "core/train/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "core/i18n/current.hpp"
#include "core/kernels/bn_kernels.hpp"
#include "core/kernels/bn_simd.hpp"

namespace bn {
namespace {

// The network's products: f32x4 kernels for float (the lab), Eigen for double (gradient checks).
// c = a·b;  c = aᵀ·b;  c = a·bᵀ
template <typename M>
void Product(M& c, const M& a, const M& b) {
  if constexpr (std::is_same_v<typename M::Scalar, float>) {
    c.resize(a.rows(), b.cols());
    MatMulF32x4(c.data(), a.data(), b.data(), static_cast<int>(a.rows()), static_cast<int>(a.cols()),
                static_cast<int>(b.cols()));
  } else {
    c.noalias() = a * b;
  }
}
template <typename M>
void ProductAtB(M& c, const M& a, const M& b) {
  if constexpr (std::is_same_v<typename M::Scalar, float>) {
    c.resize(a.cols(), b.cols());
    MatMulAtBF32x4(c.data(), a.data(), b.data(), static_cast<int>(a.rows()), static_cast<int>(a.cols()),
                   static_cast<int>(b.cols()));
  } else {
    c.noalias() = a.transpose() * b;
  }
}
template <typename M>
void ProductABt(M& c, const M& a, const M& b) {
  if constexpr (std::is_same_v<typename M::Scalar, float>) {
    c.resize(a.rows(), b.rows());
    MatMulABtF32x4(c.data(), a.data(), b.data(), static_cast<int>(a.rows()), static_cast<int>(a.cols()),
                   static_cast<int>(b.rows()));
  } else {
    c.noalias() = a * b.transpose();
  }
}

}  // namespace

const char* ActivationName(Activation a) {
  switch (a) {
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Tanh: return "tanh";
    case Activation::Relu: return "relu";
  }
  return "?";
}

bool ParseActivation(const std::string& name, Activation* a) {
  for (Activation k : {Activation::Sigmoid, Activation::Tanh, Activation::Relu})
    if (name == ActivationName(k)) {
      *a = k;
      return true;
    }
  return false;
}

const char* NormName(NormKind n) {
  switch (n) {
    case NormKind::None: return "plain";
    case NormKind::Batch: return "bn";
    case NormKind::Noisy: return "noisy";
  }
  return "?";
}

void ValidateMlpConfig(const MlpConfig& c) {
  if (c.depth < 1 || c.depth > 8) throw std::invalid_argument(Tr("train.mlp.depth"));
  if (c.width < 2 || c.width > 64) throw std::invalid_argument(Tr("train.mlp.width"));
  if (!(c.init_scale > 0 && c.init_scale <= 100)) throw std::invalid_argument(Tr("train.mlp.init_scale"));
}

template <typename T>
Mlp<T>::Mlp(const MlpConfig& config) : config_(config) {
  ValidateMlpConfig(config);
  Rng rng(config.seed);
  // The same draws whatever the NormKind, so plain and BN networks start from the same weights.
  auto init = [&](int fan_in, int fan_out) {
    Mat w(fan_in, fan_out);
    const double sd = config.init_scale / std::sqrt(static_cast<double>(fan_in));
    for (int i = 0; i < fan_in; ++i)
      for (int j = 0; j < fan_out; ++j) w(i, j) = static_cast<T>(sd * rng.Normal());
    return w;
  };
  int fan_in = 2;
  for (int l = 0; l < config.depth; ++l) {
    Layer layer;
    layer.w = init(fan_in, config.width);
    layer.b = Row::Zero(config.width);
    layer.gamma = Row::Ones(config.width);
    layer.beta = Row::Zero(config.width);
    layer.running_mean = Row::Zero(config.width);
    layer.running_var = Row::Ones(config.width);
    layer.vw = Mat::Zero(fan_in, config.width);
    layer.vb = layer.vgamma = layer.vbeta = Row::Zero(config.width);
    hidden_.push_back(layer);
    fan_in = config.width;
  }
  out_.w = init(fan_in, 2);
  out_.b = Row::Zero(2);
  out_.vw = Mat::Zero(fan_in, 2);
  out_.vb = Row::Zero(2);
}

template <typename T>
T Mlp<T>::Forward(const Mat& x, const Eigen::VectorXi& y, bool train, Rng* noise_rng, bool update_running) {
  const int b = static_cast<int>(x.rows());
  const bool norm = config_.norm != NormKind::None;
  const T eps = static_cast<T>(config_.bn_eps);
  const Mat* in = &x;
  for (Layer& l : hidden_) {
    const int o = static_cast<int>(l.w.cols());
    l.in = *in;
    Product(l.z, l.in, l.w);  // z = in·w            B×O
    if (!norm) l.z.rowwise() += l.b;
    l.pre.resize(b, o);
    if (norm) {
      l.xhat.resize(b, o);
      l.bn_out.resize(b, o);
      if (train) {
        l.mean.resize(o);
        l.var.resize(o);
        l.inv_std.resize(o);
        if constexpr (std::is_same_v<T, float>) {  // f32x4 kernel; backward recomputes xhat from z
          BnDenseForwardF32x4(l.bn_out.data(), l.mean.data(), l.var.data(), l.inv_std.data(), l.z.data(),
                              l.gamma.data(), l.beta.data(), b, o, eps);
        } else {
          BnTrainForward(l.mean.data(), l.var.data(), l.inv_std.data(), l.xhat.data(), l.bn_out.data(), l.z.data(),
                         l.gamma.data(), l.beta.data(), b, o, eps);
        }
        if (update_running && b > 1) {  // PyTorch: running ← (1−momentum)·running + momentum·batch, unbiased variance
          const T m = static_cast<T>(config_.bn_momentum), unbias = T(b) / T(b - 1);
          l.running_mean = (T(1) - m) * l.running_mean + m * l.mean;
          l.running_var = (T(1) - m) * l.running_var + (m * unbias) * l.var;
        }
      } else {
        BnEvalForward(l.xhat.data(), l.bn_out.data(), l.z.data(), l.gamma.data(), l.beta.data(), l.running_mean.data(),
                      l.running_var.data(), b, o, eps);
      }
      l.pre = l.bn_out;
      if (config_.norm == NormKind::Noisy && train && noise_rng != nullptr) {
        // pre = s ⊙ bn_out + m, with μᵗ, σᵗ per unit and m, s per sample and unit
        const NoiseConfig& nc = config_.noise;
        l.noise_s.resize(b, o);
        l.noise_m.resize(b, o);
        for (int j = 0; j < o; ++j) {
          const double mu_t = noise_rng->Uniform(-nc.n_mu, nc.n_mu), sigma_t = noise_rng->Uniform(1.0, nc.n_sigma);
          for (int i = 0; i < b; ++i) {
            l.noise_m(i, j) = static_cast<T>(noise_rng->Uniform(mu_t - nc.r_mu, mu_t + nc.r_mu));
            l.noise_s(i, j) = static_cast<T>(noise_rng->Normal(sigma_t, nc.r_sigma));
          }
        }
        l.pre = (l.noise_s.array() * l.bn_out.array() + l.noise_m.array()).matrix();
      } else {
        l.noise_s.resize(0, 0);
      }
    } else {
      l.pre = l.z;
    }
    switch (config_.activation) {  // a = act(pre)
      case Activation::Sigmoid: l.a = (T(1) / (T(1) + (-l.pre.array()).exp())).matrix(); break;
      case Activation::Tanh: l.a = l.pre.array().tanh().matrix(); break;
      case Activation::Relu: l.a = l.pre.cwiseMax(T(0)); break;
    }
    in = &l.a;
  }
  // Output layer and softmax cross-entropy: loss = −(1/B) Σ_b log p[b, y_b]
  out_.in = *in;
  Product(out_.z, out_.in, out_.w);
  out_.z.rowwise() += out_.b;
  const Eigen::Array<T, Eigen::Dynamic, 1> row_max = out_.z.rowwise().maxCoeff().array();
  Mat shifted = out_.z.colwise() - row_max.matrix();
  probs_ = shifted.array().exp().matrix();
  const Eigen::Array<T, Eigen::Dynamic, 1> denom = probs_.rowwise().sum().array();
  for (int i = 0; i < b; ++i) probs_.row(i) /= denom(i);
  T loss = 0;
  for (int i = 0; i < b; ++i) loss -= shifted(i, y(i)) - std::log(denom(i));
  return loss / T(b);
}

template <typename T>
void Mlp<T>::Backward(const Eigen::VectorXi& y) {
  const int b = static_cast<int>(probs_.rows());
  const bool norm = config_.norm != NormKind::None;
  // dlogits = (p − onehot(y)) / B
  Mat dz = probs_;
  for (int i = 0; i < b; ++i) dz(i, y(i)) -= T(1);
  dz /= T(b);
  ProductAtB(out_.dw, out_.in, dz);
  out_.db = dz.colwise().sum();
  Mat da;
  ProductABt(da, dz, out_.w);  // B×W
  for (int k = static_cast<int>(hidden_.size()) - 1; k >= 0; --k) {
    Layer& l = hidden_[k];
    const int o = static_cast<int>(l.w.cols());
    // dpre = da ⊙ act'(pre)
    Mat dpre;
    switch (config_.activation) {
      case Activation::Sigmoid: dpre = (da.array() * l.a.array() * (T(1) - l.a.array())).matrix(); break;
      case Activation::Tanh: dpre = (da.array() * (T(1) - l.a.array().square())).matrix(); break;
      case Activation::Relu: dpre = (da.array() * (l.pre.array() > T(0)).template cast<T>()).matrix(); break;
    }
    if (norm) {
      // through the noise (constants): d bn_out = dpre ⊙ s; then BN's backward
      if (l.noise_s.size() > 0) dpre = (dpre.array() * l.noise_s.array()).matrix();
      dz.resize(b, o);
      l.dgamma.resize(o);
      l.dbeta.resize(o);
      if constexpr (std::is_same_v<T, float>) {
        BnDenseBackwardF32x4(dz.data(), l.dgamma.data(), l.dbeta.data(), dpre.data(), l.z.data(), l.mean.data(),
                             l.inv_std.data(), l.gamma.data(), b, o);
      } else {
        BnTrainBackward(dz.data(), l.dgamma.data(), l.dbeta.data(), dpre.data(), l.xhat.data(), l.inv_std.data(),
                        l.gamma.data(), b, o);
      }
      l.db = Row::Zero(o);
    } else {
      dz = dpre;
      l.db = dz.colwise().sum();
      l.dgamma = l.dbeta = Row::Zero(o);
    }
    ProductAtB(l.dw, l.in, dz);          // dw = inᵀ·dz   I×O
    if (k > 0) ProductABt(da, dz, l.w);  // d in = dz·wᵀ  B×I
  }
}

template <typename T>
void Mlp<T>::SgdStep(T lr, T momentum, int first, int last, bool output) {
  if (last < 0) last = static_cast<int>(hidden_.size());
  const bool norm = config_.norm != NormKind::None;
  auto update = [&](auto& param, auto& velocity, const auto& grad) {
    velocity = momentum * velocity + grad;
    param -= lr * velocity;
  };
  for (int k = first; k < last; ++k) {
    Layer& l = hidden_[k];
    update(l.w, l.vw, l.dw);
    if (norm) {
      update(l.gamma, l.vgamma, l.dgamma);
      update(l.beta, l.vbeta, l.dbeta);
    } else {
      update(l.b, l.vb, l.db);
    }
  }
  if (output) {
    update(out_.w, out_.vw, out_.dw);
    update(out_.b, out_.vb, out_.db);
  }
}

template <typename T>
typename Mlp<T>::Score Mlp<T>::Evaluate(const Mat& x, const Eigen::VectorXi& y) {
  const T loss = Forward(x, y, /*train=*/false);
  return {loss, Accuracy(y)};
}

template <typename T>
T Mlp<T>::Accuracy(const Eigen::VectorXi& y) const {
  int right = 0;
  for (int i = 0; i < probs_.rows(); ++i) right += (probs_(i, 1) > probs_(i, 0)) == (y(i) == 1);
  return probs_.rows() ? T(right) / T(probs_.rows()) : T(0);
}

template <typename T>
std::vector<float> Mlp<T>::PredictGrid(float x0, float x1, float y0, float y1, int res) {
  Mat grid(static_cast<Eigen::Index>(res) * res, 2);
  for (int r = 0; r < res; ++r)
    for (int c = 0; c < res; ++c) {
      grid(r * res + c, 0) = static_cast<T>(x0 + (x1 - x0) * (c + 0.5f) / res);
      grid(r * res + c, 1) = static_cast<T>(y1 - (y1 - y0) * (r + 0.5f) / res);
    }
  const Eigen::VectorXi none = Eigen::VectorXi::Zero(grid.rows());
  Forward(grid, none, /*train=*/false);
  std::vector<float> p(static_cast<size_t>(res) * res);
  for (size_t k = 0; k < p.size(); ++k) p[k] = static_cast<float>(probs_(static_cast<Eigen::Index>(k), 1));
  return p;
}

namespace {

// Visits every parameter block (with its gradient) in a fixed order.
template <typename T, typename L, typename F>
void ForEachBlock(std::vector<L>& hidden, L& out, bool norm, F f) {
  for (L& l : hidden) {
    f(l.w, l.dw);
    if (norm) {
      f(l.gamma, l.dgamma);
      f(l.beta, l.dbeta);
    } else {
      f(l.b, l.db);
    }
  }
  f(out.w, out.dw);
  f(out.b, out.db);
}

}  // namespace

template <typename T>
Eigen::Matrix<T, Eigen::Dynamic, 1> Mlp<T>::Params() const {
  std::vector<T> flat;
  auto* self = const_cast<Mlp<T>*>(this);
  ForEachBlock<T>(self->hidden_, self->out_, config_.norm != NormKind::None, [&](auto& p, auto&) {
    flat.insert(flat.end(), p.data(), p.data() + p.size());
  });
  return Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, 1>>(flat.data(), static_cast<Eigen::Index>(flat.size()));
}

template <typename T>
void Mlp<T>::SetParams(const Eigen::Matrix<T, Eigen::Dynamic, 1>& v) {
  Eigen::Index at = 0;
  ForEachBlock<T>(hidden_, out_, config_.norm != NormKind::None, [&](auto& p, auto&) {
    std::copy(v.data() + at, v.data() + at + p.size(), p.data());
    at += p.size();
  });
}

template <typename T>
Eigen::Matrix<T, Eigen::Dynamic, 1> Mlp<T>::Grads() const {
  std::vector<T> flat;
  auto* self = const_cast<Mlp<T>*>(this);
  ForEachBlock<T>(self->hidden_, self->out_, config_.norm != NormKind::None, [&](auto& p, auto& g) {
    if (g.size() != p.size()) {
      flat.insert(flat.end(), static_cast<size_t>(p.size()), T(0));
    } else {
      flat.insert(flat.end(), g.data(), g.data() + g.size());
    }
  });
  return Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, 1>>(flat.data(), static_cast<Eigen::Index>(flat.size()));
}

template class Mlp<float>;
template class Mlp<double>;

}  // namespace bn
