// test_trainer.cpp: the training lab's lessons, asserted with fixed seeds on the trainer.
#include <doctest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "core/train/trainer.hpp"

namespace {

bn::ExperimentInfo Preset(bn::Experiment e) {
  for (const bn::ExperimentInfo& p : bn::Experiments())
    if (p.experiment == e) return p;
  throw std::runtime_error("no preset");
}

float FinalTrainLoss(const bn::Run& r) { return r.log.back().train_loss; }

}  // namespace

TEST_CASE("lesson 1: at learning rate 3 the plain network blows up or stalls, BN trains") {
  const bn::ExperimentInfo p = Preset(bn::Experiment::LearningRate);
  bn::Trainer t(p.config, p.norms);
  t.Step(600);
  t.Log();
  const float plain = FinalTrainLoss(t.runs()[0]), with_bn = FinalTrainLoss(t.runs()[1]);
  MESSAGE("lr " << p.config.lr << ": plain " << plain << ", BN " << with_bn);
  CHECK((t.runs()[0].diverged || !(plain < 0.6f)));
  CHECK(with_bn < 0.1f);
}

TEST_CASE("lesson 6: a deep sigmoid network trains with BN at every init scale; plain only at some") {
  const bn::ExperimentInfo p = Preset(bn::Experiment::Init);
  const std::vector<double> scales = {0.1, 1.0, 10.0};
  const auto result = bn::RunSweep(p.config, p.norms, scales, /*init_scales=*/true, 600);
  for (size_t k = 0; k < scales.size(); ++k) {
    MESSAGE("init scale " << scales[k] << ": plain " << result[k][0] << ", BN " << result[k][1]);
    CHECK(result[k][1] < 0.1f);
  }
  CHECK(result[0][0] > 0.5f);  // tiny weights: the plain sigmoid network is stuck near chance (ln 2)
  CHECK(result[1][0] > 5 * result[1][1]);  // at scale 1, BN's loss after 600 steps is far lower
}

TEST_CASE("lesson 3: noisy BN's activation statistics move more than BN's, yet it trains about as well") {
  const bn::ExperimentInfo p = Preset(bn::Experiment::Noisy);
  bn::Trainer t(p.config, p.norms);
  std::vector<float> bn_median, noisy_median;
  for (int k = 0; k < 20; ++k) {
    t.Step(50);
    t.Log();
    bn_median.push_back(t.runs()[1].log.back().p50);
    noisy_median.push_back(t.runs()[2].log.back().p50);
  }
  auto spread = [](const std::vector<float>& v) {  // standard deviation over the logged steps
    const float m = std::accumulate(v.begin(), v.end(), 0.0f) / v.size();
    float s = 0;
    for (float x : v) s += (x - m) * (x - m);
    return std::sqrt(s / v.size());
  };
  const float plain = FinalTrainLoss(t.runs()[0]), with_bn = FinalTrainLoss(t.runs()[1]),
              noisy = FinalTrainLoss(t.runs()[2]);
  MESSAGE("median drift: BN " << spread(bn_median) << ", noisy " << spread(noisy_median) << "; final loss plain "
                              << plain << ", BN " << with_bn << ", noisy " << noisy);
  CHECK(spread(noisy_median) > 2 * spread(bn_median));
  CHECK(noisy < plain);
  CHECK(noisy < with_bn + 0.15f);
}

TEST_CASE("the trainer is deterministic and catches divergence") {
  bn::TrainConfig c = Preset(bn::Experiment::Basic).config;
  bn::Trainer a(c, {bn::NormKind::None, bn::NormKind::Batch}), b(c, {bn::NormKind::None, bn::NormKind::Batch});
  a.Step(100);
  b.Step(100);
  CHECK(a.runs()[1].net.Params() == b.runs()[1].net.Params());
  c.lr = 1000;
  c.momentum = 0.9;
  c.net.init_scale = 3;
  c.net.activation = bn::Activation::Relu;
  bn::Trainer d(c, {bn::NormKind::None});
  d.Step(200);
  d.Log();
  CHECK(d.runs()[0].diverged);
  CHECK(d.runs()[0].diverged_at > 0);
  CHECK(d.runs()[0].log.empty());  // no rows after divergence: its curve ends there
}

TEST_CASE("a long session keeps the log bounded") {
  bn::TrainConfig c = Preset(bn::Experiment::Basic).config;
  bn::Trainer t(c, {bn::NormKind::Batch});
  for (int k = 0; k < 5000; ++k) {
    t.Step(1);
    t.Log();
  }
  CHECK(t.runs()[0].log.size() < bn::Trainer::kMaxLogRows);
  CHECK(t.runs()[0].log.size() > bn::Trainer::kMaxLogRows / 4);
  CHECK(t.runs()[0].log.back().step == 5000);
  CHECK(t.runs()[0].log.front().step == 1);
}

TEST_CASE("experiments 4 and 5 measure finite, sensible numbers") {
  for (bn::Experiment e : {bn::Experiment::CovariateShift, bn::Experiment::Landscape}) {
    const bn::ExperimentInfo p = Preset(e);
    bn::Trainer t(p.config, p.norms);
    t.Step(100);
    t.Log();
    for (const bn::Run& r : t.runs()) {
      const bn::LogRow& row = r.log.back();
      if (e == bn::Experiment::CovariateShift) {
        CHECK(std::isfinite(row.ics_l2));
        CHECK(row.ics_l2 >= 0);
        CHECK(row.ics_cos <= 1.0001f);
        CHECK(row.ics_cos >= -1.0001f);
      } else {
        CHECK(row.loss_range >= 0);
        CHECK(row.grad_pred > 0);
        CHECK(row.beta_smooth > 0);
      }
    }
  }
  bn::TrainConfig bad;
  bad.batch = 1;
  CHECK_THROWS_AS(bn::Trainer(bad, {bn::NormKind::None}), std::invalid_argument);
}

namespace {

bool SameLog(const std::vector<bn::LogRow>& a, const std::vector<bn::LogRow>& b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k)
    if (a[k].step != b[k].step || a[k].train_loss != b[k].train_loss || a[k].test_loss != b[k].test_loss ||
        a[k].train_acc != b[k].train_acc || a[k].p15 != b[k].p15 || a[k].p50 != b[k].p50 || a[k].p85 != b[k].p85)
      return false;
  return true;
}

}  // namespace

TEST_CASE("two trainers with the same config, noisy BN included, are bit-identical; Reset starts over") {
  const bn::ExperimentInfo p = Preset(bn::Experiment::Noisy);
  bn::Trainer a(p.config, p.norms), b(p.config, p.norms);
  for (int k = 0; k < 4; ++k) {
    a.Step(50);
    a.Log();
    b.Step(50);
    b.Log();
  }
  for (size_t r = 0; r < a.runs().size(); ++r) {
    CHECK(a.runs()[r].net.Params() == b.runs()[r].net.Params());
    CHECK(SameLog(a.runs()[r].log, b.runs()[r].log));
  }
  const std::vector<bn::LogRow> noisy_log = a.runs()[2].log;
  a.Reset();
  CHECK(a.step() == 0);
  CHECK(a.runs()[2].log.empty());
  CHECK(!a.runs()[2].diverged);
  for (int k = 0; k < 4; ++k) {
    a.Step(50);
    a.Log();
  }
  CHECK(SameLog(a.runs()[2].log, noisy_log));
  CHECK(a.runs()[0].net.Params() == b.runs()[0].net.Params());
}

TEST_CASE("the last batch's pre-activations survive evaluation and PredictGrid; histograms count them") {
  const bn::ExperimentInfo p = Preset(bn::Experiment::Distributions);
  bn::Trainer t(p.config, p.norms);
  t.Step(30);
  bn::Run& run = t.runs()[1];
  const int depth = p.config.net.depth, width = p.config.net.width, batch = p.config.batch;
  REQUIRE(static_cast<int>(run.batch_pre.size()) == depth);
  const auto kept = run.batch_pre;
  CHECK(kept[0].rows() == batch);
  CHECK(kept[0].cols() == width);
  CHECK(kept[depth - 1] == run.net.hidden()[depth - 1].pre);  // right after Step: the same values
  t.Log();
  run.net.PredictGrid(-1, 1, -1, 1, 16);
  CHECK(run.net.hidden()[0].pre.rows() == 256);  // the network's own copy now holds the grid's
  CHECK(run.batch_pre[0] == kept[0]);
  const std::vector<float> h = bn::LayerHistogram(run, 0, -4.0f, 4.0f, 24);
  REQUIRE(h.size() == 24u);
  float total = 0;
  for (float c : h) total += c;
  CHECK(total == static_cast<float>(batch * width));
  // With BN (γ ≈ 1, β ≈ 0) a batch's pre-activations have mean ≈ 0 per unit: both halves get counts.
  float left = 0;
  for (int k = 0; k < 12; ++k) left += h[k];
  CHECK(left > 0.25f * total);
  CHECK(left < 0.75f * total);
  CHECK(bn::LayerHistogram(run, depth, -4.0f, 4.0f, 24) == std::vector<float>(24, 0.0f));  // no such layer
}

TEST_CASE("the decision boundary: PredictGrid's row 0 is the top of the plane") {
  bn::TrainConfig c = Preset(bn::Experiment::Basic).config;
  c.data.kind = bn::DatasetKind::Blobs;  // class 0 around (−0.6, 0.4), class 1 around (0.6, −0.4)
  bn::Trainer t(c, {bn::NormKind::None, bn::NormKind::Batch});
  t.Step(300);
  for (bn::Run& r : t.runs()) {
    const std::vector<float> p = r.net.PredictGrid(-1.5f, 1.5f, -1.5f, 1.5f, 4);
    CAPTURE(bn::NormName(r.norm));
    CHECK(p[0] < 0.1f);   // top left: class 0
    CHECK(p[15] > 0.9f);  // bottom right: class 1
  }
}

TEST_CASE("lesson 5: at learning rate 1 the plain network's loss landscape is rougher than BN's") {
  // Santurkar et al. figure 4, on the preset: averages over the first 300 steps (logged every 10).
  const bn::ExperimentInfo p = Preset(bn::Experiment::Landscape);
  bn::Trainer t(p.config, p.norms);
  double range[2] = {0, 0}, pred[2] = {0, 0}, beta[2] = {0, 0};
  for (int k = 0; k < 30; ++k) {
    t.Step(10);
    t.Log();
    for (int r = 0; r < 2; ++r) {
      REQUIRE(!t.runs()[r].diverged);
      range[r] += t.runs()[r].log.back().loss_range / 30;
      pred[r] += t.runs()[r].log.back().grad_pred / 30;
      beta[r] += t.runs()[r].log.back().beta_smooth / 30;
    }
  }
  MESSAGE("loss range plain " << range[0] << ", BN " << range[1] << "; gradient change (predictiveness) plain " << pred[0]
                              << ", BN " << pred[1] << "; β-smoothness plain " << beta[0] << ", BN " << beta[1]);
  CHECK(range[0] > 5 * range[1]);
  CHECK(pred[0] > 3 * pred[1]);
  CHECK(beta[0] > 2 * beta[1]);
}

TEST_CASE("lesson 4: BN does not reduce internal covariate shift measured as gradient change") {
  // Santurkar et al. figure 5: with BN the watched layer's gradient changes as much or more when the
  // layers below it move. Averages over 500 steps (logged every 25).
  const bn::ExperimentInfo p = Preset(bn::Experiment::CovariateShift);
  bn::Trainer t(p.config, p.norms);
  double l2[2] = {0, 0}, cosine[2] = {0, 0};
  for (int k = 0; k < 20; ++k) {
    t.Step(25);
    t.Log();
    for (int r = 0; r < 2; ++r) {
      l2[r] += t.runs()[r].log.back().ics_l2 / 20;
      cosine[r] += t.runs()[r].log.back().ics_cos / 20;
    }
  }
  MESSAGE("gradient change ℓ₂ plain " << l2[0] << ", BN " << l2[1] << "; cosine plain " << cosine[0] << ", BN "
                                      << cosine[1]);
  CHECK(l2[1] >= l2[0]);
  CHECK(cosine[1] <= cosine[0]);
}
