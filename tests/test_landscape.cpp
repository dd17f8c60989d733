// test_landscape.cpp: the CPU references for the GPU views: BN folded into one affine per unit equals the
// eval-mode forward; the packed texture, read the way the shaders read it, gives the same network; filter-normalized
// directions (Li et al. 2018); the slice's centre is the training loss; the path projection.
#include <doctest.h>

#include <cmath>
#include <vector>

#include "core/train/datasets.hpp"
#include "core/train/folded.hpp"
#include "core/train/landscape.hpp"
#include "core/train/mlp.hpp"

namespace {

// A network of type T trained for `steps` SGD steps on moons (running statistics move away from 0 and 1).
template <typename T>
bn::Mlp<T> Trained(bn::NormKind norm, bn::Activation act, int steps, int depth = 3, int width = 8) {
  bn::MlpConfig c;
  c.depth = depth;
  c.width = width;
  c.activation = act;
  c.norm = norm;
  c.seed = 5;
  bn::Mlp<T> net(c);
  bn::DatasetConfig dc;
  dc.count = 120;
  const bn::Dataset data = bn::MakeDataset(dc);
  const typename bn::Mlp<T>::Mat x = data.train_x.cast<T>();
  bn::Rng noise(3);
  for (int s = 0; s < steps; ++s) {
    net.Forward(x, data.train_y, true, &noise);
    net.Backward(data.train_y);
    net.SgdStep(T(0.2), T(0.5));
  }
  return net;
}

// The network read back from the packed texture exactly as shaders/mlp.glsl reads it (texel k at column k % 256,
// row k / 256), with weights w + α·d1 + β·d2; returns the two logits.
std::array<float, 2> PackedLogits(const bn::NetTexture& tex, const std::vector<int>& ins, const std::vector<int>& outs,
                                  bn::Activation act, float alpha, float beta, float x0, float x1) {
  auto texel = [&](int k) { return &tex.rgba[(static_cast<size_t>(k / tex.width) * tex.width + k % tex.width) * 4]; };
  std::vector<float> a = {x0, x1}, next;
  for (size_t l = 0; l < ins.size(); ++l) {
    next.assign(outs[l], 0.0f);
    for (int j = 0; j < outs[l]; ++j) {
      const int unit = tex.layer_start[l] + j * (ins[l] + 1);
      float z = 0;
      for (int i = 0; i < ins[l]; ++i) {
        const float* t = texel(unit + i);
        z += a[i] * (t[0] + alpha * t[1] + beta * t[2]);
      }
      const float* t = texel(unit + ins[l]);
      const float pre = z * t[0] + t[1];
      if (l + 1 == ins.size()) {
        next[j] = pre;
      } else if (act == bn::Activation::Tanh) {
        next[j] = std::tanh(pre);
      } else if (act == bn::Activation::Relu) {
        next[j] = pre > 0 ? pre : 0;
      } else {
        next[j] = 1 / (1 + std::exp(-pre));
      }
    }
    a.swap(next);
  }
  return {a[0], a[1]};
}

}  // namespace

TEST_CASE("BN folded into one affine per unit equals the eval-mode forward (plain, BN, noisy; three activations)") {
  for (bn::NormKind norm : {bn::NormKind::None, bn::NormKind::Batch, bn::NormKind::Noisy}) {
    for (bn::Activation act : {bn::Activation::Tanh, bn::Activation::Relu, bn::Activation::Sigmoid}) {
      CAPTURE(bn::NormName(norm));
      CAPTURE(bn::ActivationName(act));
      bn::Mlp<double> netd = Trained<double>(norm, act, 20);
      if (norm != bn::NormKind::None) {  // the running statistics have moved: folding is not trivial
        CHECK(std::fabs(netd.hidden()[1].running_mean(0)) > 1e-3);
        CHECK(std::fabs(netd.hidden()[1].running_var(0) - 1.0) > 1e-3);
      }
      const bn::FoldedMlp<double> fd = bn::FoldMlp(netd);
      const std::vector<float> grid = netd.PredictGrid(-2, 2, -1.5f, 1.5f, 17);
      bn::Mlp<float> netf = Trained<float>(norm, act, 20);
      const bn::FoldedMlp<float> ff = bn::FoldMlp(netf);
      const std::vector<float> gridf = netf.PredictGrid(-2, 2, -1.5f, 1.5f, 17);
      double worst_d = 0, worst_f = 0;
      for (int r = 0; r < 17; ++r)
        for (int c = 0; c < 17; ++c) {
          const double x0 = -2 + 4 * (c + 0.5) / 17, x1 = 1.5 - 3 * (r + 0.5) / 17;
          // PredictGrid returns float; compare the double fold with the double forward on one point too
          const double p = bn::FoldedPredict(fd, x0, x1);
          bn::Mlp<double>::Mat pt(1, 2);
          pt << x0, x1;
          netd.Forward(pt, Eigen::VectorXi::Zero(1), false);
          worst_d = std::max(worst_d, std::fabs(p - netd.probs()(0, 1)));
          worst_f = std::max(worst_f, double(std::fabs(bn::FoldedPredict(ff, float(x0), float(x1)) - gridf[r * 17 + c])));
        }
      CHECK(worst_d < 1e-12);
      CHECK(worst_f < 1e-6);
      CHECK(grid.size() == 17u * 17u);
    }
  }
}

TEST_CASE("PackNetwork: the texture read as the shaders read it is the folded network, with directions added") {
  for (bn::NormKind norm : {bn::NormKind::None, bn::NormKind::Batch}) {
    CAPTURE(bn::NormName(norm));
    // width 40, depth 8: more than one texture row per layer, so the row/column arithmetic is exercised
    bn::Mlp<float> net = Trained<float>(norm, bn::Activation::Tanh, 5, 8, 40);
    const bn::LandscapeDirections dirs = bn::MakeDirections(net, 11);
    const bn::NetTexture tex = bn::PackNetwork(net, dirs.d1, dirs.d2);
    std::vector<int> ins = {2}, outs;
    for (int l = 0; l < 8; ++l) {
      outs.push_back(40);
      ins.push_back(40);
    }
    outs.push_back(2);
    CHECK(tex.width == 256);
    CHECK(tex.height == (8 * 0 + 40 * 3 + 7 * 40 * 41 + 2 * 41 + 255) / 256);
    CHECK(tex.rgba.size() == size_t(tex.width) * tex.height * 4);
    const bn::FoldedMlp<float> f = bn::FoldMlp(net);
    bn::Mlp<float> scratch = net;
    const Eigen::VectorXf center = net.Params();
    for (float x0 : {-1.0f, 0.3f, 1.2f})
      for (float x1 : {-0.7f, 0.5f}) {
        // α = β = 0: the folded network
        const auto z = PackedLogits(tex, ins, outs, bn::Activation::Tanh, 0, 0, x0, x1);
        const auto zf = bn::FoldedLogits(f, x0, x1);
        CHECK(z[0] == doctest::Approx(zf[0]).epsilon(1e-5));
        CHECK(z[1] == doctest::Approx(zf[1]).epsilon(1e-5));
        // α, β ≠ 0: the Mlp with parameters θ + α·d1 + β·d2 (the directions sit beside their weights)
        scratch.SetParams(center + 0.4f * dirs.d1 - 0.25f * dirs.d2);
        const auto zp = bn::FoldedLogits(bn::FoldMlp(scratch), x0, x1);
        const auto zt = PackedLogits(tex, ins, outs, bn::Activation::Tanh, 0.4f, -0.25f, x0, x1);
        CHECK(zt[0] == doctest::Approx(zp[0]).epsilon(1e-4));
        CHECK(zt[1] == doctest::Approx(zp[1]).epsilon(1e-4));
      }
  }
}

TEST_CASE("Landscape directions: Gaussian, normalized unit by unit to the weights' norm, 0 on biases and BN, seeded") {
  for (bn::NormKind norm : {bn::NormKind::None, bn::NormKind::Batch}) {
    CAPTURE(bn::NormName(norm));
    bn::Mlp<float> net = Trained<float>(norm, bn::Activation::Relu, 10);
    const Eigen::VectorXf theta = net.Params();
    const bn::LandscapeDirections dirs = bn::MakeDirections(net, 42);
    REQUIRE(dirs.d1.size() == theta.size());
    REQUIRE(dirs.d2.size() == theta.size());
    const auto blocks = bn::WeightBlocks(net);
    REQUIRE(blocks.size() == 4u);  // 3 hidden layers and the output layer
    Eigen::VectorXi in_weights = Eigen::VectorXi::Zero(theta.size());
    for (const auto& b : blocks) {
      for (int k = 0; k < b.in * b.out; ++k) in_weights(b.offset + k) = 1;
      for (int j = 0; j < b.out; ++j) {
        double w2 = 0, d1 = 0, d2 = 0;
        for (int i = 0; i < b.in; ++i) {
          const Eigen::Index k = b.offset + i * b.out + j;
          w2 += double(theta(k)) * theta(k);
          d1 += double(dirs.d1(k)) * dirs.d1(k);
          d2 += double(dirs.d2(k)) * dirs.d2(k);
        }
        CHECK(std::sqrt(d1) == doctest::Approx(std::sqrt(w2)).epsilon(1e-5));
        CHECK(std::sqrt(d2) == doctest::Approx(std::sqrt(w2)).epsilon(1e-5));
      }
    }
    int zero_outside = 0, outside = 0;
    for (Eigen::Index k = 0; k < theta.size(); ++k)
      if (!in_weights(k)) {
        ++outside;
        zero_outside += dirs.d1(k) == 0 && dirs.d2(k) == 0;
      }
    CHECK(outside == (norm == bn::NormKind::None ? 3 * 8 + 2 : 2 * 3 * 8 + 2));
    CHECK(zero_outside == outside);
    // seeded: the same seed gives the same directions, another seed others; d1 and d2 differ
    const bn::LandscapeDirections again = bn::MakeDirections(net, 42), other = bn::MakeDirections(net, 43);
    CHECK(again.d1 == dirs.d1);
    CHECK(again.d2 == dirs.d2);
    CHECK((other.d1 - dirs.d1).norm() > 0.1f * dirs.d1.norm());
    CHECK((dirs.d2 - dirs.d1).norm() > 0.1f * dirs.d1.norm());
    // and nearly orthogonal, as random directions in many dimensions are
    CHECK(std::fabs(dirs.d1.dot(dirs.d2)) < 0.5f * dirs.d1.norm() * dirs.d2.norm());
  }
}

TEST_CASE("Landscape: the centre of the slice is the training loss; the slice rises away from a trained minimum") {
  bn::DatasetConfig dc;
  dc.count = 120;
  const bn::Dataset data = bn::MakeDataset(dc);
  for (bn::NormKind norm : {bn::NormKind::None, bn::NormKind::Batch}) {
    CAPTURE(bn::NormName(norm));
    bn::Mlp<float> net = Trained<float>(norm, bn::Activation::Tanh, 60);
    const bn::LandscapeDirections dirs = bn::MakeDirections(net, 7);
    bn::Mlp<float> copy = net;
    const float train_loss = copy.Evaluate(data.train_x, data.train_y).loss;
    bn::Mlp<float> scratch = net;
    CHECK(bn::LandscapeLoss(scratch, net.Params(), dirs, 0, 0, data.train_x, data.train_y) == train_loss);
    const bn::LandscapeSlice s = bn::LandscapeGrid(net, dirs, 1.0f, 9, data.train_x, data.train_y);
    REQUIRE(s.loss.size() == 81u);
    CHECK(bn::SliceCoord(1.0f, 9, 4) == 0.0f);
    CHECK(s.loss[4 * 9 + 4] == doctest::Approx(train_loss).epsilon(1e-6));
    // row 0 is β = −range: the corner (α, β) = (−8/9, −8/9)
    CHECK(s.loss[0] == bn::LandscapeLoss(scratch, net.Params(), dirs, -8.0f / 9, -8.0f / 9, data.train_x, data.train_y));
    // a full-size step along a filter-normalized direction changes the loss of a trained network
    for (float v : s.loss) CHECK(std::isfinite(v));
    CHECK(std::fabs(s.loss[4 * 9 + 8] - train_loss) > 1e-3f);
  }
}

TEST_CASE("ProjectPath recovers (α, β) of points in the slice and is empty for parallel directions") {
  bn::Mlp<float> net = Trained<float>(bn::NormKind::Batch, bn::Activation::Tanh, 3);
  const bn::LandscapeDirections dirs = bn::MakeDirections(net, 9);
  const Eigen::VectorXf c = net.Params();
  const auto p = bn::ProjectPath({c, c + 0.3f * dirs.d1 - 0.7f * dirs.d2, c + 2.0f * dirs.d2}, c, dirs);
  REQUIRE(p.size() == 3u);
  CHECK(p[0][0] == doctest::Approx(0).epsilon(1e-6));
  CHECK(p[1][0] == doctest::Approx(0.3).epsilon(1e-4));
  CHECK(p[1][1] == doctest::Approx(-0.7).epsilon(1e-4));
  CHECK(p[2][1] == doctest::Approx(2.0).epsilon(1e-4));
  bn::LandscapeDirections parallel = dirs;
  parallel.d2 = 2.0f * dirs.d1;
  CHECK(bn::ProjectPath({c}, c, parallel).empty());
}

TEST_CASE("Landscape with batch statistics: the centre is the full-batch training-mode loss; running statistics stay") {
  bn::DatasetConfig dc;
  dc.count = 120;
  const bn::Dataset data = bn::MakeDataset(dc);
  for (bn::NormKind norm : {bn::NormKind::Batch, bn::NormKind::Noisy}) {
    CAPTURE(bn::NormName(norm));
    bn::Mlp<float> net = Trained<float>(norm, bn::Activation::Tanh, 40);
    const bn::LandscapeDirections dirs = bn::MakeDirections(net, 3);
    bn::Mlp<float> copy = net;
    const bn::Mlp<float>::Mat x = data.train_x;
    // train mode over the whole set, no noise, running statistics not updated
    const float full_batch = copy.Forward(x, data.train_y, true, nullptr, false);
    bn::Mlp<float> scratch = net;
    CHECK(bn::LandscapeLoss(scratch, net.Params(), dirs, 0, 0, data.train_x, data.train_y, true) == full_batch);
    CHECK(scratch.hidden()[0].running_mean == net.hidden()[0].running_mean);
    CHECK(scratch.hidden()[2].running_var == net.hidden()[2].running_var);
    // it differs from the inference-mode loss (the running averages lag the weights)
    const float inference = bn::LandscapeLoss(scratch, net.Params(), dirs, 0, 0, data.train_x, data.train_y, false);
    CHECK(std::fabs(inference - full_batch) > 1e-5f);
    // BN with batch statistics does not see the scale of a unit's incoming weights (up to ε): doubling every
    // hidden weight leaves the loss
    Eigen::VectorXf doubled = net.Params();
    for (const auto& b : bn::WeightBlocks(net))
      if (b.out != 2)
        for (int k = 0; k < b.in * b.out; ++k) doubled(b.offset + k) *= 2;
    bn::LandscapeDirections none;
    none.d1 = none.d2 = Eigen::VectorXf::Zero(doubled.size());
    CHECK(bn::LandscapeLoss(scratch, doubled, none, 0, 0, data.train_x, data.train_y, true) ==
          doctest::Approx(full_batch).epsilon(1e-4));
  }
}

TEST_CASE("PackNetwork puts γ and β beside the folded affine map of BN layers (batch-statistics landscape)") {
  bn::Mlp<float> net = Trained<float>(bn::NormKind::Batch, bn::Activation::Tanh, 10);
  const bn::NetTexture tex = bn::PackNetwork(net);
  for (int l = 0; l < 3; ++l)
    for (int j : {0, 7}) {
      const int in = l == 0 ? 2 : 8;
      const float* t = &tex.rgba[static_cast<size_t>(tex.layer_start[l] + j * (in + 1) + in) * 4];
      CHECK(t[2] == net.hidden()[l].gamma(j));
      CHECK(t[3] == net.hidden()[l].beta(j));
      CHECK(t[2] != 1.0f);  // trained: γ has moved
    }
}
