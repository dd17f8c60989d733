// test_mlp.cpp: the training lab's network: BN kernels against the reference, gradients by finite
// differences (double, with and without BN), determinism, data sets.
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/bn/bn.hpp"
#include "core/kernels/bn_kernels.hpp"
#include "core/train/datasets.hpp"
#include "core/train/mlp.hpp"
#include "core/base/rng.hpp"

namespace {

// The worst |numeric − analytic| / (1e-3 + |analytic|) over every parameter: `loss()` runs a train-mode
// forward and returns the loss; its gradients come from Backward(y); numeric ones from central differences.
template <typename Loss>
double WorstParamGradError(bn::Mlp<double>& net, const Eigen::VectorXi& y, Loss loss) {
  loss();
  net.Backward(y);
  const Eigen::VectorXd p = net.Params(), g = net.Grads();
  double worst = 0;
  for (Eigen::Index k = 0; k < p.size(); ++k) {
    const double h = 1e-6;
    Eigen::VectorXd q = p;
    q(k) += h;
    net.SetParams(q);
    const double up = loss();
    q(k) -= 2 * h;
    net.SetParams(q);
    const double down = loss();
    worst = std::max(worst, std::fabs((up - down) / (2 * h) - g(k)) / (1e-3 + std::fabs(g(k))));
  }
  net.SetParams(p);
  return worst;
}

}  // namespace

TEST_CASE("BN kernels (float and double) equal the reference BN for any D, including 1 and odd D") {
  bn::Rng rng(3);
  for (int d : {1, 3, 4, 7, 16, 33}) {
    const int b = 9;
    bn::TraceInput in;
    in.x.resize(b, d);
    for (int k = 0; k < b * d; ++k) in.x.data()[k] = static_cast<float>(rng.Normal(2.0, 3.0));
    in.gamma = bn::Row(d);
    in.beta = bn::Row(d);
    for (int j = 0; j < d; ++j) {
      in.gamma(j) = static_cast<float>(rng.Normal());
      in.beta(j) = static_cast<float>(rng.Normal());
    }
    in.running = bn::MakeRunningStats(d);
    in.has_dy = true;
    in.dy.resize(b, d);
    for (int k = 0; k < b * d; ++k) in.dy.data()[k] = static_cast<float>(rng.Normal());
    const bn::Trace t = bn::BuildTrace(in);
    // float kernels
    Eigen::Matrix<float, -1, -1, Eigen::RowMajor> x = in.x.cast<float>(), dy = in.dy.cast<float>(), xhat(b, d),
                                                  y(b, d), dx(b, d);
    Eigen::RowVectorXf g = in.gamma.cast<float>(), be = in.beta.cast<float>(), mean(d), var(d), inv(d), dg(d), db(d);
    bn::BnTrainForward(mean.data(), var.data(), inv.data(), xhat.data(), y.data(), x.data(), g.data(), be.data(), b, d,
                       1e-5f);
    bn::BnTrainBackward(dx.data(), dg.data(), db.data(), dy.data(), xhat.data(), inv.data(), g.data(), b, d);
    auto rel = [](const auto& got, const bn::Mat& ref) {
      return ((got.template cast<double>() - ref).array().abs() / (1.0 + ref.array().abs())).maxCoeff();
    };
    CAPTURE(d);
    CHECK(rel(y, t.fwd.y) < 2e-6);
    CHECK(rel(xhat, t.fwd.xhat) < 2e-6);
    CHECK(rel(dx, t.bwd.dx) < 2e-6);
    CHECK(rel(dg, t.bwd.dgamma) < 2e-6);
    CHECK(rel(db, t.bwd.dbeta) < 2e-6);
    // eval kernel
    bn::TraceInput ev = in;
    ev.mode = bn::Mode::Eval;
    ev.running.mean = t.fwd.mean;
    ev.running.var = t.fwd.var;
    const bn::Trace te = bn::BuildTrace(ev);
    Eigen::RowVectorXf rm = ev.running.mean.cast<float>(), rv = ev.running.var.cast<float>();
    bn::BnEvalForward(xhat.data(), y.data(), x.data(), g.data(), be.data(), rm.data(), rv.data(), b, d, 1e-5f);
    CHECK(rel(y, te.fwd.y) < 2e-6);
  }
}

TEST_CASE("MLP gradients agree with central finite differences (double), plain and BN, every activation") {
  for (bn::NormKind norm : {bn::NormKind::None, bn::NormKind::Batch}) {
    for (bn::Activation act : {bn::Activation::Tanh, bn::Activation::Sigmoid, bn::Activation::Relu}) {
      bn::MlpConfig c;
      c.depth = 2;
      c.width = 5;
      c.activation = act;
      c.norm = norm;
      c.seed = 11;
      bn::Mlp<double> net(c);
      bn::Rng rng(5);
      bn::Mlp<double>::Mat x(8, 2);
      Eigen::VectorXi y(8);
      for (int i = 0; i < 8; ++i) {
        x(i, 0) = rng.Normal();
        x(i, 1) = rng.Normal();
        y(i) = i % 2;
      }
      const double worst = WorstParamGradError(net, y, [&] { return net.Forward(x, y, true, nullptr, false); });
      CAPTURE(bn::NormName(norm));
      CAPTURE(bn::ActivationName(act));
      CHECK(worst < 1e-4);
    }
  }
}

TEST_CASE("same seed, same network; plain and BN start from the same weights; training is deterministic") {
  bn::MlpConfig c;
  c.seed = 42;
  bn::Mlp<float> a(c), b(c);
  CHECK(a.Params() == b.Params());
  c.norm = bn::NormKind::Batch;
  bn::Mlp<float> with_bn(c);
  CHECK(with_bn.hidden()[0].w == a.hidden()[0].w);
  CHECK(with_bn.output().w == a.output().w);
  c.seed = 43;
  CHECK(bn::Mlp<float>(c).hidden()[0].w != a.hidden()[0].w);
}

TEST_CASE("data sets: deterministic, balanced, split as asked, every kind") {
  for (bn::DatasetKind k : {bn::DatasetKind::Spirals, bn::DatasetKind::Moons, bn::DatasetKind::Circles,
                            bn::DatasetKind::Xor, bn::DatasetKind::Blobs}) {
    bn::DatasetConfig c;
    c.kind = k;
    c.count = 200;
    c.test_fraction = 0.25;
    const bn::Dataset a = bn::MakeDataset(c), b = bn::MakeDataset(c);
    CAPTURE(bn::DatasetName(k));
    CHECK(a.train_x == b.train_x);
    CHECK(a.train_y == b.train_y);
    CHECK(a.train_x.rows() == 150);
    CHECK(a.test_x.rows() == 50);
    const int ones = a.train_y.sum() + a.test_y.sum();
    CHECK(ones == 100);
    CHECK(a.train_x.cwiseAbs().maxCoeff() < 3.0f);
    bn::DatasetKind parsed;
    CHECK(bn::ParseDatasetKind(bn::DatasetName(k), &parsed));
    CHECK(parsed == k);
  }
  bn::DatasetConfig bad;
  bad.count = 2;
  CHECK_THROWS_AS(bn::MakeDataset(bad), std::invalid_argument);
}

namespace {

// A fixed batch of b points and labels, from a seed.
template <typename M>
void MakeBatch(int b, uint64_t seed, M* x, Eigen::VectorXi* y) {
  bn::Rng rng(seed);
  x->resize(b, 2);
  y->resize(b);
  for (int i = 0; i < b; ++i) {
    (*x)(i, 0) = static_cast<typename M::Scalar>(rng.Normal());
    (*x)(i, 1) = static_cast<typename M::Scalar>(rng.Normal());
    (*y)(i) = i % 2;
  }
}

}  // namespace

TEST_CASE("noisy BN gradients agree with finite differences when the noise is held fixed (double)") {
  bn::MlpConfig c;
  c.depth = 2;
  c.width = 4;
  c.norm = bn::NormKind::Noisy;
  c.seed = 8;
  bn::Mlp<double> net(c);
  bn::Mlp<double>::Mat x;
  Eigen::VectorXi y;
  MakeBatch(10, 6, &x, &y);
  const bn::Rng noise(99);  // every forward below draws the same noise from a copy
  auto loss = [&]() {
    bn::Rng r = noise;
    return net.Forward(x, y, true, &r, false);
  };
  loss();
  REQUIRE(net.hidden()[0].noise_s.size() == 10 * 4);
  CHECK(WorstParamGradError(net, y, loss) < 1e-4);
}

TEST_CASE("the float network's gradients equal the double network's (the float kernels, end to end)") {
  for (bn::NormKind norm : {bn::NormKind::None, bn::NormKind::Batch}) {
    for (bn::Activation act : {bn::Activation::Tanh, bn::Activation::Sigmoid, bn::Activation::Relu}) {
      bn::MlpConfig c;
      c.depth = 3;
      c.width = 13;  // odd: exercises the kernels' scalar tails
      c.activation = act;
      c.norm = norm;
      c.seed = 21;
      bn::Mlp<float> f(c);
      bn::Mlp<double> d(c);
      d.SetParams(f.Params().cast<double>());  // the very same (float) weights
      bn::Mlp<float>::Mat xf;
      Eigen::VectorXi y;
      MakeBatch(24, 4, &xf, &y);
      const bn::Mlp<double>::Mat xd = xf.cast<double>();
      const float lf = f.Forward(xf, y, true);
      const double ld = d.Forward(xd, y, true);
      f.Backward(y);
      d.Backward(y);
      const Eigen::VectorXd gf = f.Grads().cast<double>(), gd = d.Grads();
      CAPTURE(bn::NormName(norm));
      CAPTURE(bn::ActivationName(act));
      CHECK(std::fabs(lf - ld) < 1e-6 * (1 + std::fabs(ld)));
      // float rounding: relative to the largest gradient entry
      CHECK((gf - gd).cwiseAbs().maxCoeff() < 2e-5 * gd.cwiseAbs().maxCoeff());
      CHECK(f.hidden()[0].running_mean.cast<double>().isApprox(d.hidden()[0].running_mean, 1e-5));
    }
  }
}

TEST_CASE("the float network's BN layer equals bn::BatchNormForward/Backward and PyTorch's running update") {
  bn::MlpConfig c;
  c.depth = 2;
  c.width = 7;
  c.norm = bn::NormKind::Batch;
  c.seed = 5;
  bn::Mlp<float> net(c);
  for (auto& l : net.hidden()) {  // γ, β away from 1, 0 so that they matter
    l.gamma = Eigen::RowVectorXf::LinSpaced(7, 0.5f, 2.0f);
    l.beta = Eigen::RowVectorXf::LinSpaced(7, -1.0f, 1.0f);
  }
  bn::Mlp<float>::Mat x;
  Eigen::VectorXi y;
  MakeBatch(16, 12, &x, &y);
  net.Forward(x, y, true);
  net.Backward(y);
  const auto& l = net.hidden().back();
  const int b = 16;
  const bn::Mat z = l.z.cast<double>();
  const bn::Row gamma = l.gamma.cast<double>(), beta = l.beta.cast<double>();
  const bn::RunningStats fresh = bn::MakeRunningStats(7);
  const bn::Forward fwd = bn::BatchNormForward(z, gamma, beta, 1e-5, bn::Mode::Train, fresh);
  auto rel = [](const bn::Mat& got, const bn::Mat& ref) {
    return ((got - ref).array().abs() / (1.0 + ref.array().abs())).maxCoeff();
  };
  CHECK(rel(l.bn_out.cast<double>(), fwd.y) < 1e-5);
  CHECK(rel(l.mean.cast<double>(), fwd.mean) < 1e-5);
  CHECK(rel(l.var.cast<double>(), fwd.var) < 1e-5);
  // Backward: BN's upstream gradient for the last hidden layer is dpre = (dlogits·W_outᵀ) ⊙ tanh'(pre).
  bn::Mat dlogits = net.probs().cast<double>();
  for (int i = 0; i < b; ++i) dlogits(i, y(i)) -= 1.0;
  dlogits /= b;
  const bn::Mat da = dlogits * net.output().w.cast<double>().transpose();
  const bn::Mat dy = (da.array() * (1.0 - l.a.cast<double>().array().square())).matrix();
  const bn::Backward bwd = bn::BatchNormBackward(dy, z, fwd, gamma, bn::Mode::Train);
  CHECK(rel(l.dgamma.cast<double>(), bwd.dgamma) < 1e-5);
  CHECK(rel(l.dbeta.cast<double>(), bwd.dbeta) < 1e-5);
  const bn::Mat dw = l.in.cast<double>().transpose() * bwd.dx;  // dW = inᵀ·dx
  CHECK(rel(l.dw.cast<double>(), dw) < 1e-5);
  // Running statistics: PyTorch convention, momentum 0.1, unbiased variance.
  bn::RunningStats running = fresh;
  bn::UpdateRunning(running, fwd.mean, fwd.var, b);
  CHECK(rel(l.running_mean.cast<double>(), running.mean) < 1e-5);
  CHECK(rel(l.running_var.cast<double>(), running.var) < 1e-5);
  // Eval mode normalizes with the running statistics and leaves them alone.
  const Eigen::RowVectorXf rm = l.running_mean, rv = l.running_var;
  net.Forward(x, y, false);
  CHECK(l.running_mean == rm);
  CHECK(l.running_var == rv);
  const bn::Forward ev = bn::BatchNormForward(l.z.cast<double>(), gamma, beta, 1e-5, bn::Mode::Eval, running);
  CHECK(rel(l.bn_out.cast<double>(), ev.y) < 1e-5);
  // A train forward with update_running = false (the experiments' measurements) leaves them alone too.
  net.Forward(x, y, true, nullptr, false);
  CHECK(l.running_mean == rm);
}

TEST_CASE("SGD with momentum: v ← μ·v + g, w ← w − lr·v") {
  bn::MlpConfig c;
  c.depth = 1;
  c.width = 3;
  bn::Mlp<double> net(c);
  bn::Mlp<double>::Mat x;
  Eigen::VectorXi y;
  MakeBatch(6, 2, &x, &y);
  net.Forward(x, y, true);
  net.Backward(y);
  const Eigen::VectorXd w0 = net.Params(), g = net.Grads();
  net.SgdStep(0.1, 0.9);  // v = g
  CHECK(net.Params().isApprox(w0 - 0.1 * g, 1e-14));
  net.SgdStep(0.1, 0.9);  // the same gradients again: v = 0.9·g + g
  CHECK(net.Params().isApprox(w0 - 0.1 * g - 0.1 * 1.9 * g, 1e-14));
}

TEST_CASE("a copied network trains identically and independently; PredictGrid changes nothing") {
  bn::MlpConfig c;
  c.norm = bn::NormKind::Batch;
  c.seed = 3;
  bn::Mlp<float> a(c);
  bn::Mlp<float>::Mat x;
  Eigen::VectorXi y;
  MakeBatch(32, 9, &x, &y);
  for (int k = 0; k < 5; ++k) {
    a.Forward(x, y, true);
    a.Backward(y);
    a.SgdStep(0.1f, 0.5f);
  }
  bn::Mlp<float> b = a;  // copies weights, running statistics and momentum buffers
  const Eigen::VectorXf before = a.Params();
  const Eigen::RowVectorXf running = a.hidden()[1].running_var;
  const std::vector<float> grid = a.PredictGrid(-1.5f, 1.5f, -1.5f, 1.5f, 9);
  CHECK(grid.size() == 81u);
  for (float p : grid) CHECK((p >= 0.0f && p <= 1.0f));
  CHECK(a.PredictGrid(-1.5f, 1.5f, -1.5f, 1.5f, 9) == grid);
  CHECK(a.Params() == before);
  CHECK(a.hidden()[1].running_var == running);
  for (int k = 0; k < 5; ++k)
    for (bn::Mlp<float>* n : {&a, &b}) {
      n->Forward(x, y, true);
      n->Backward(y);
      n->SgdStep(0.1f, 0.5f);
    }
  CHECK(a.Params() == b.Params());  // bit-identical
  b.Forward(x, y, true);
  b.Backward(y);
  b.SgdStep(0.1f, 0.5f);
  CHECK(a.Params() != b.Params());
}
