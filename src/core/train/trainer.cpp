// trainer.cpp: Trainer, the experiments' measurements, presets and sweeps. The refusals are catalog texts (keys
// train.*) in the current language; the experiments' titles and explanations are also catalog entries
// (train.experiment.NAME.title / .explanation, the same English), read by ExperimentTitle / ExperimentExplanation.
// i18n-keys: train.experiment.
#include "core/train/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/i18n/current.hpp"
#include "core/train/train_settings.hpp"

namespace bn {

constexpr float kDivergedLoss = 100.0f;

const char* ExperimentName(Experiment e) {
  switch (e) {
    case Experiment::Basic: return "basic";
    case Experiment::LearningRate: return "lr";
    case Experiment::Distributions: return "distributions";
    case Experiment::Noisy: return "noisy";
    case Experiment::CovariateShift: return "ics";
    case Experiment::Landscape: return "landscape";
    case Experiment::Init: return "init";
    case Experiment::Regularization: return "regularization";
  }
  return "?";
}

bool ParseExperiment(const std::string& name, Experiment* e) {
  for (Experiment k : {Experiment::Basic, Experiment::LearningRate, Experiment::Distributions, Experiment::Noisy,
                       Experiment::CovariateShift, Experiment::Landscape, Experiment::Init,
                       Experiment::Regularization})
    if (name == ExperimentName(k)) {
      *e = k;
      return true;
    }
  return false;
}

void ValidateTrainConfig(const TrainConfig& c) {
  for (const TrainSetting& s : TrainSettings()) {  // the ranges the link, bntrain and the sliders accept
    const double v = s.get(c);
    if (!InTrainRange(s, v))
      throw std::invalid_argument(Tr("train.setting.refused", {{"name", s.key},
                                                               {"range", TrainRangeText(s)},
                                                               {"got", FormatTrainSetting(s, v)}}));
  }
  ValidateMlpConfig(c.net);  // the network's own limits (inside the table's)
  if (c.watch_layer < 0 || c.watch_layer >= c.net.depth)
    throw std::invalid_argument(Tr("train.watch_layer"));
  if (c.watch_unit < 0 || c.watch_unit >= c.net.width)
    throw std::invalid_argument(Tr("train.watch_unit"));
}

Trainer::Trainer(const TrainConfig& config, const std::vector<NormKind>& norms)
    : Trainer(config, norms, MakeDataset(config.data)) {}

Trainer::Trainer(const TrainConfig& config, const std::vector<NormKind>& norms, Dataset data)
    : config_(config), norms_(norms), data_(std::move(data)), batch_rng_(config.batch_seed) {
  ValidateTrainConfig(config);
  if (norms.empty()) throw std::invalid_argument(Tr("train.no_network"));
  if (config.batch > data_.train_x.rows()) throw std::invalid_argument(Tr("train.batch_too_large"));
  batch_x_.resize(config.batch, 2);
  batch_y_.resize(config.batch);
  Reset();
}

void Trainer::Reset() {
  // Every run starts from the same weights (the Mlp draws them from net.seed whatever its NormKind).
  runs_.clear();
  runs_.reserve(norms_.size());
  for (NormKind n : norms_) {
    MlpConfig c = config_.net;
    c.norm = n;
    runs_.emplace_back(n, c, config_.net.seed * 1000003u + 17u);
    Run& run = runs_.back();
    run.batch_pre.assign(config_.net.depth, Mlp<float>::Mat::Zero(config_.batch, config_.net.width));
  }
  batch_rng_ = Rng(config_.batch_seed);
  step_ = 0;
}

void Trainer::DrawBatch() {
  // Sampling with replacement from the training set: the same indices for every run.
  const int n = static_cast<int>(data_.train_x.rows());
  for (int i = 0; i < config_.batch; ++i) {
    const int k = batch_rng_.Below(n);
    batch_x_.row(i) = data_.train_x.row(k);
    batch_y_(i) = data_.train_y(k);
  }
}

namespace {

// Every parameter finite? (Checked block by block: no allocation, unlike Params().)
bool ParamsFinite(Mlp<float>& net) {
  for (const auto& l : net.hidden())
    if (!l.w.allFinite() || !l.b.allFinite() || !l.gamma.allFinite() || !l.beta.allFinite()) return false;
  return net.output().w.allFinite() && net.output().b.allFinite();
}

}  // namespace

void Trainer::Step(int k) {
  for (int s = 0; s < k; ++s) {
    DrawBatch();
    ++step_;
    for (Run& run : runs_) {
      if (run.diverged) continue;
      const float loss = run.net.Forward(batch_x_, batch_y_, /*train=*/true, &run.noise_rng);
      // Diverged: a loss that is not finite, or above kDivergedLoss nats (the network is sure of the wrong
      // class by a factor e^100: its weights have blown up; the stable softmax keeps such losses finite).
      if (!std::isfinite(loss) || loss > kDivergedLoss) {
        run.diverged = true;
        run.diverged_at = step_;
        run.last_loss = loss;
        continue;
      }
      run.last_loss = loss;
      if (s == k - 1)  // the last batch's inputs to each nonlinearity, for percentiles and histograms
        for (size_t l = 0; l < run.batch_pre.size(); ++l) run.batch_pre[l] = run.net.hidden()[l].pre;
      run.net.Backward(batch_y_);
      run.net.SgdStep(static_cast<float>(config_.lr), static_cast<float>(config_.momentum));
      if (!ParamsFinite(run.net)) {
        run.diverged = true;
        run.diverged_at = step_;
      }
    }
  }
}

namespace {

float Percentile(std::vector<float> v, double q) {
  if (v.empty()) return 0.0f;
  std::sort(v.begin(), v.end());
  const double pos = q * (v.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return static_cast<float>(v[lo] + (pos - lo) * (v[hi] - v[lo]));
}

}  // namespace

void Trainer::MeasureCovariateShift(Run& run, LogRow& row) {
  // Santurkar et al. Def. 2.1: G = ∇_{W_l} L before, G' = the same gradient after the layers below l are
  // updated (same batch, noise frozen by reusing the network copy's generator state).
  const int l = config_.watch_layer;
  Mlp<float> net = run.net;
  Rng rng = run.noise_rng;
  net.Forward(batch_x_, batch_y_, true, &rng, false);
  net.Backward(batch_y_);
  const Mlp<float>::Mat before = net.hidden()[l].dw;
  net.SgdStep(static_cast<float>(config_.lr), 0.0f, 0, l, /*output=*/false);  // move layers [0, l) only
  Rng rng2 = run.noise_rng;
  net.Forward(batch_x_, batch_y_, true, &rng2, false);
  net.Backward(batch_y_);
  const Mlp<float>::Mat& after = net.hidden()[l].dw;
  row.ics_l2 = (after - before).norm();
  const float denom = before.norm() * after.norm();
  row.ics_cos = denom > 0 ? (before.cwiseProduct(after)).sum() / denom : 1.0f;
}

void Trainer::MeasureLandscape(Run& run, LogRow& row) {
  // Along the gradient direction g at w: for η in lr·{1/4, 1/2, 1, 2, 4}: L(w − ηg) and ∇L(w − ηg).
  Mlp<float> net = run.net;
  Rng rng = run.noise_rng;
  net.Forward(batch_x_, batch_y_, true, &rng, false);
  net.Backward(batch_y_);
  const Eigen::VectorXf w = net.Params(), g = net.Grads();
  float lo = std::numeric_limits<float>::infinity(), hi = -lo, pred = 0, beta = 0;
  for (double f : {0.25, 0.5, 1.0, 2.0, 4.0}) {
    const float eta = static_cast<float>(config_.lr * f);
    net.SetParams(w - eta * g);
    Rng r = run.noise_rng;
    const float loss = net.Forward(batch_x_, batch_y_, true, &r, false);
    net.Backward(batch_y_);
    const float change = (net.Grads() - g).norm();
    if (!std::isfinite(loss) || !std::isfinite(change)) continue;
    lo = std::min(lo, loss);
    hi = std::max(hi, loss);
    pred = std::max(pred, change);
    const float step_len = eta * g.norm();
    if (step_len > 0) beta = std::max(beta, change / step_len);
  }
  row.loss_range = hi >= lo ? hi - lo : 0.0f;
  row.grad_pred = pred;
  row.beta_smooth = beta;
}

void Trainer::Log() {
  for (Run& run : runs_) {
    LogRow row;
    row.step = step_;
    if (run.diverged) continue;  // its curve ends where it diverged
    // The watched unit's pre-activations on the last training batch (copied by Step after its forward).
    const bool percentiles = config_.experiment == Experiment::Distributions || config_.experiment == Experiment::Noisy;
    if (percentiles && step_ > 0) {
      const auto& pre = run.batch_pre[config_.watch_layer];
      std::vector<float> v(pre.rows());
      for (int i = 0; i < pre.rows(); ++i) v[i] = pre(i, config_.watch_unit);
      row.p15 = Percentile(v, 0.15);
      row.p50 = Percentile(v, 0.50);
      row.p85 = Percentile(v, 0.85);
    }
    if (config_.experiment == Experiment::CovariateShift && step_ > 0) MeasureCovariateShift(run, row);
    if (config_.experiment == Experiment::Landscape && step_ > 0) MeasureLandscape(run, row);
    const auto train = run.net.Evaluate(data_.train_x, data_.train_y);
    const auto test = run.net.Evaluate(data_.test_x, data_.test_y);
    row.train_loss = train.loss;
    row.train_acc = train.accuracy;
    row.test_loss = test.loss;
    row.test_acc = test.accuracy;
    run.log.push_back(row);
  }
  for (Run& run : runs_) {
    if (run.log.size() < kMaxLogRows) continue;
    std::vector<LogRow> thinned;
    thinned.reserve(kMaxLogRows / 2 + 1);
    for (size_t k = 0; k < run.log.size(); k += 2) thinned.push_back(run.log[k]);
    if (thinned.back().step != run.log.back().step) thinned.push_back(run.log.back());
    run.log.swap(thinned);
  }
}

std::vector<float> LayerHistogram(const Run& run, int layer, float lo, float hi, int bins) {
  std::vector<float> counts(bins > 0 ? bins : 0, 0.0f);
  if (bins <= 0 || layer < 0 || layer >= static_cast<int>(run.batch_pre.size()) || !(hi > lo)) return counts;
  const auto& pre = run.batch_pre[layer];
  for (Eigen::Index k = 0; k < pre.size(); ++k) {
    const float v = pre.data()[k];
    // bin = ⌊(v − lo)/(hi − lo)·bins⌋, clamped to [0, bins−1] (NaN goes to the first bin)
    const float f = (v - lo) / (hi - lo) * bins;
    const int b = f >= bins ? bins - 1 : (f >= 0 ? static_cast<int>(f) : 0);
    counts[b] += 1.0f;
  }
  return counts;
}

std::vector<ExperimentInfo> Experiments() {
  std::vector<ExperimentInfo> list;
  TrainConfig base;
  base.data.kind = DatasetKind::Moons;
  base.data.noise = 0.1;
  base.net.depth = 3;
  base.net.width = 16;
  base.net.activation = Activation::Tanh;
  base.batch = 32;
  base.lr = 0.1;
  const std::vector<NormKind> pair = {NormKind::None, NormKind::Batch};

  ExperimentInfo basic{Experiment::Basic, "Plain versus BN",
                       // Ioffe & Szegedy 2015, §3.2: z = g(BN(Wu)), the bias dropped (β subsumes it)
                       "The same network twice, from the same starting weights on the same batches: once plain, "
                       "once with BN after every hidden linear layer and before its nonlinearity, g(BN(Wu)), as in "
                       "the paper. That linear layer has no bias: BN would subtract it again, and β takes its role. "
                       "Change the sliders and compare the curves (measured in eval mode, with BN's running "
                       "statistics).",
                       base, pair};
  list.push_back(basic);

  TrainConfig lr = base;
  lr.experiment = Experiment::LearningRate;
  lr.net.depth = 4;
  lr.net.width = 32;
  lr.lr = 3.0;
  list.push_back({Experiment::LearningRate, "1. Higher learning rates",
                  // Ioffe & Szegedy 2015, §3.3 (whole): BN(Wu) = BN((aW)u); ∂BN((aW)u)/∂u = ∂BN(Wu)/∂u;
                  // ∂BN((aW)u)/∂(aW) = (1/a)·∂BN(Wu)/∂W. This is the paper's scale-invariance argument, not
                  // its internal-covariate-shift story, and nothing has replaced it (teaching-facts.md).
                  "With a learning rate this large the plain network's updates overshoot: its loss blows up or "
                  "stalls. BN makes a layer's output independent of the scale of its weights: BN((aW)u) = BN(Wu) "
                  "for any a > 0. So the Jacobian with respect to the layer's input u does not change with that "
                  "scale, and back-propagation through the layer does not blow up. The gradient with respect to "
                  "aW is 1/a times as large: larger weights get smaller gradients, so a big step that inflates the "
                  "weights slows their further growth, and the BN network still trains (Ioffe & Szegedy 2015, "
                  "section 3.3).",
                  lr, pair});

  TrainConfig dist = base;
  dist.experiment = Experiment::Distributions;
  dist.net.activation = Activation::Sigmoid;
  dist.net.depth = 3;
  dist.lr = 0.5;
  dist.watch_layer = 2;
  list.push_back({Experiment::Distributions, "2. Activation distributions over time",
                  // Ioffe & Szegedy 2015, §4.1, Figure 1: "more stable", not fixed
                  "The 15th, 50th and 85th percentiles of one unit's input to its sigmoid, over training. Without "
                  "BN they drift as the layers below change; with BN they are more stable (Ioffe & Szegedy, figure "
                  "1), but they still move: the sigmoid's input is γx̂ + β, and γ and β are learned.",
                  dist, pair});

  TrainConfig noisy = dist;
  noisy.experiment = Experiment::Noisy;  // measures the same percentiles as experiment 2
  list.push_back({Experiment::Noisy, "3. Noisy BN",
                  // Santurkar et al. 2018, §2 (noisy BN) and §3 (smoothness): ICS "has little to do with" BN's
                  // success; the reasons are still being studied. Experiment 1 (§3.3) is not part of the ICS story.
                  "Experiment 2 shows the paper's original motivation: BN was proposed to reduce internal covariate "
                  "shift, the change of a layer's input distribution as the layers below it learn. Experiments 3 "
                  "to 5 test that story. After every BN layer, random shifts and scales that change every step "
                  "make the distributions the next layers see unstable on purpose, yet the noisy network trains "
                  "about as well as BN. Santurkar et al. (2018) conclude that internal covariate shift has little "
                  "to do with BN's success and point to a smoother loss landscape (experiment 5); why BN works is "
                  "still being studied.",
                  noisy, {NormKind::None, NormKind::Batch, NormKind::Noisy}});

  TrainConfig ics = base;
  ics.experiment = Experiment::CovariateShift;
  ics.net.depth = 4;
  ics.watch_layer = 3;
  list.push_back({Experiment::CovariateShift, "4. Covariate shift as gradient change",
                  "How much the last hidden layer's gradient changes when only the layers below it take their "
                  "step: the ℓ₂ distance and the cosine between the two gradients. A larger change means the "
                  "layer is chasing a moving target (Santurkar et al., definition 2.1). Santurkar et al. found that "
                  "BN does not reduce this shift, often the opposite; compare the two curves here.",
                  ics, pair});

  TrainConfig land = base;
  land.experiment = Experiment::Landscape;
  land.net.depth = 4;  // a learning rate at the edge of what the plain network tolerates
  land.net.width = 32;
  land.lr = 1.0;
  list.push_back({Experiment::Landscape, "5. Loss landscape smoothness",
                  // Santurkar et al. 2018, §3.1, Figure 4 (teaching-facts.md: β-smoothness is a Lipschitz constant)
                  "Every logged step, walk along the gradient with steps from a quarter of to four times the "
                  "learning rate: how much the loss varies, how much the gradient changes, and that change per unit "
                  "of distance (effective β-smoothness; this β is a Lipschitz constant, not BN's β). At this "
                  "learning rate the plain network's landscape is rough while it learns and BN's is smooth "
                  "(Santurkar et al., figure 4). At small learning rates, where both train easily, a network this "
                  "small can show little difference, or the reverse.",
                  land, pair});

  TrainConfig init = base;
  init.experiment = Experiment::Init;
  init.net.depth = 5;
  init.net.activation = Activation::Sigmoid;
  init.lr = 0.5;
  list.push_back({Experiment::Init, "6. Sensitivity to initialisation",
                  // Ioffe & Szegedy 2015, §3.2 (BN on Wu, before the nonlinearity) and §3.3 (scale invariance)
                  "Final loss after a fixed number of steps for initial weight scales from tiny to large. A plain "
                  "sigmoid network trains only in a narrow band of scales; with BN, each layer's Wu is normalized "
                  "before its sigmoid, and BN((aW)u) = BN(Wu), so the starting scale of W matters much less.",
                  init, pair});

  TrainConfig reg = base;
  reg.experiment = Experiment::Regularization;
  reg.data.count = 80;
  reg.data.noise = 0.3;
  reg.net.width = 48;
  list.push_back({Experiment::Regularization, "7. Regularisation",
                  // Ioffe & Szegedy 2015, §3.4 (an example's output depends on its batch mates: a regularizing
                  // noise) and §4.2.1 (Dropout removed, L2 cut by 5). Measured here (bntrain, default seed): BN's
                  // gap is not smaller than the plain network's on this small network; seeds 2-6 go either way.
                  "A small, noisy data set invites overfitting: training loss falls while test loss rises. In "
                  "training, BN normalizes each example with the statistics of its batch mates, a noise that the "
                  "paper found helps generalization (section 3.4). On a network this small the effect is small "
                  "and can go either way: compare the two train/test gaps.",
                  reg, pair});
  return list;
}

const std::string& ExperimentTitle(const ExperimentInfo& info) {
  return Tr(std::string("train.experiment.") + ExperimentName(info.experiment) + ".title");
}

const std::string& ExperimentExplanation(const ExperimentInfo& info) {
  return Tr(std::string("train.experiment.") + ExperimentName(info.experiment) + ".explanation");
}

std::vector<std::vector<float>> RunSweep(const TrainConfig& base, const std::vector<NormKind>& norms,
                                         const std::vector<double>& values, bool init_scales, int steps) {
  std::vector<std::vector<float>> result;
  for (double v : values) {
    TrainConfig c = base;
    c.experiment = Experiment::Basic;
    if (init_scales) {
      c.net.init_scale = v;
    } else {
      c.lr = v;
    }
    Trainer t(c, norms);
    t.Step(steps);
    t.Log();
    std::vector<float> finals;
    for (const Run& r : t.runs())
      finals.push_back(r.diverged || r.log.empty() ? std::numeric_limits<float>::quiet_NaN() : r.log.back().train_loss);
    result.push_back(finals);
  }
  return result;
}

}  // namespace bn
