// test_mlp.cpp: the training lab's network: BN kernels against the reference, gradients by finite
// differences (double, with and without BN), determinism, data sets.
#include <doctest.h>

#include <cmath>

#include "core/bn.hpp"
#include "core/bn_kernels.hpp"
#include "core/datasets.hpp"
#include "core/mlp.hpp"
#include "core/rng.hpp"

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
    bn::BnTrainForward(x.data(), b, d, g.data(), be.data(), 1e-5f, mean.data(), var.data(), inv.data(), xhat.data(),
                       y.data());
    bn::BnTrainBackward(dy.data(), xhat.data(), inv.data(), g.data(), b, d, dx.data(), dg.data(), db.data());
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
    bn::BnEvalForward(x.data(), b, d, g.data(), be.data(), 1e-5f, rm.data(), rv.data(), xhat.data(), y.data());
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
      net.Forward(x, y, true, nullptr, false);
      net.Backward(y);
      const Eigen::VectorXd p = net.Params(), g = net.Grads();
      double worst = 0;
      for (Eigen::Index k = 0; k < p.size(); ++k) {
        const double h = 1e-6;
        Eigen::VectorXd q = p;
        q(k) += h;
        net.SetParams(q);
        const double up = net.Forward(x, y, true, nullptr, false);
        q(k) -= 2 * h;
        net.SetParams(q);
        const double down = net.Forward(x, y, true, nullptr, false);
        worst = std::max(worst, std::fabs((up - down) / (2 * h) - g(k)) / (1e-3 + std::fabs(g(k))));
      }
      net.SetParams(p);
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
