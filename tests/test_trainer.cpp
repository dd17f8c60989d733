// test_trainer.cpp: the training lab's lessons, asserted with fixed seeds on the trainer.
#include <doctest.h>

#include <cmath>
#include <numeric>

#include "core/trainer.hpp"

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
