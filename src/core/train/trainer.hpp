// trainer.hpp: the training lab's experiments. Several copies of one network (plain, BN, noisy BN) start from
// the same weights and step in lockstep on the same mini-batches, logging what each experiment measures.
//
// Index
//   Experiment, TrainConfig      what to train and what to measure
//   LogRow                       one logged step of one network
//   Run                          one network and its log
//   Trainer                      Step, Log, Reset
//   LayerHistogram               counts of one layer's inputs to its nonlinearity over the last batch
//   ExperimentInfo               the seven experiments as presets, each with a short explanation
//   RunSweep                     final losses over a list of learning rates or init scales (experiments 1, 6)
#pragma once

#include <string>
#include <vector>

#include "core/train/datasets.hpp"
#include "core/train/mlp.hpp"

namespace bn {

enum class Experiment {
  Basic,          // loss and accuracy only
  LearningRate,   // 1. higher learning rates
  Distributions,  // 2. percentiles of one unit's input to its nonlinearity
  Noisy,          // 3. noisy BN against BN and plain
  CovariateShift, // 4. gradient change of a layer when the earlier layers move
  Landscape,      // 5. loss range, gradient change (Santurkar et al.'s predictiveness) and β-smoothness along the gradient
  Init,           // 6. sensitivity to the initial weight scale
  Regularization, // 7. train/test gap
};
const char* ExperimentName(Experiment e);  // "basic", "lr", "distributions", ...
bool ParseExperiment(const std::string& name, Experiment* e);

struct TrainConfig {
  DatasetConfig data;
  MlpConfig net;         // net.norm is set per run
  int batch = 32;
  double lr = 0.1;
  double momentum = 0.0;
  Experiment experiment = Experiment::Basic;
  int watch_layer = 0;   // experiments 2 and 4: the layer (0-based) watched
  int watch_unit = 0;    // experiment 2: the unit watched
  uint64_t batch_seed = 7;  // which mini-batches are drawn
};
// Throws std::invalid_argument naming the field: every setting of the table in train_settings.hpp within its range,
// the network's (ValidateMlpConfig) and the watched layer and unit.
void ValidateTrainConfig(const TrainConfig& c);

struct LogRow {
  int step = 0;
  float train_loss = 0, train_acc = 0, test_loss = 0, test_acc = 0;
  // 2. the watched unit's input to its nonlinearity over the last batch: 15th, 50th, 85th percentiles
  float p15 = 0, p50 = 0, p85 = 0;
  // 4. ‖g_after − g_before‖ and cos(g_before, g_after) for the watched layer's weight gradient
  float ics_l2 = 0, ics_cos = 0;
  // 5. along −g: max − min loss, max ‖∇L(w) − ∇L(w − ηg)‖, and that over ‖ηg‖ (effective β-smoothness)
  float loss_range = 0, grad_pred = 0, beta_smooth = 0;
};

struct Run {
  NormKind norm;
  Mlp<float> net;
  Rng noise_rng;
  bool diverged = false;
  int diverged_at = -1;   // the step whose loss was not finite
  float last_loss = 0;    // loss of the last training batch
  // Per hidden layer, the inputs to the nonlinearity (B×W) of the last training batch, taken right after its
  // forward pass. net.hidden()[l].pre is overwritten by every later forward (Log's evaluation, PredictGrid),
  // so percentiles and histograms read this copy.
  std::vector<Mlp<float>::Mat> batch_pre;
  std::vector<LogRow> log;
  Run(NormKind n, const MlpConfig& c, uint64_t noise_seed) : norm(n), net(c), noise_rng(noise_seed) {}
};

class Trainer {
 public:
  // One run per entry of `norms` (e.g. {None, Batch}); all share weights, data and batches.
  Trainer(const TrainConfig& config, const std::vector<NormKind>& norms);
  // The same on given data (a teacher's own points, see own_data.hpp) instead of config.data's generator.
  Trainer(const TrainConfig& config, const std::vector<NormKind>& norms, Dataset data);

  void Step(int k = 1);  // k SGD steps for every run that has not diverged
  void Log();            // evaluates and appends a LogRow to every run (and the experiment's measures)
  void Reset();          // back to step 0: the initial networks, batches and noise, empty logs
  // Logs keep at most kMaxLogRows rows: when full, every other old row is dropped, so a long session keeps
  // the whole curve at half the resolution instead of growing memory.
  static constexpr size_t kMaxLogRows = 2000;

  int step() const { return step_; }
  const TrainConfig& config() const { return config_; }
  const Dataset& data() const { return data_; }
  std::vector<Run>& runs() { return runs_; }
  const std::vector<Run>& runs() const { return runs_; }
  // The rows of the batch used by the most recent step (size batch).
  const Eigen::VectorXi& last_batch_labels() const { return batch_y_; }

 private:
  void DrawBatch();
  void MeasureCovariateShift(Run& run, LogRow& row);
  void MeasureLandscape(Run& run, LogRow& row);

  TrainConfig config_;
  std::vector<NormKind> norms_;
  Dataset data_;
  std::vector<Run> runs_;
  Rng batch_rng_;
  Mlp<float>::Mat batch_x_;
  Eigen::VectorXi batch_y_;
  int step_ = 0;
};

// Counts of run.batch_pre[layer]'s values in `bins` equal bins over [lo, hi]; values outside fall into the
// first or last bin. All zeros before the first step.
std::vector<float> LayerHistogram(const Run& run, int layer, float lo, float hi, int bins);

// title and explanation are the English texts; what a learner reads is ExperimentTitle / ExperimentExplanation, the
// catalog texts train.experiment.NAME.title and .explanation (NAME: ExperimentName) in the current language, asked
// for when drawn (the list is kept across frames, the language may change at any frame).
struct ExperimentInfo {
  Experiment experiment;
  std::string title;        // "Higher learning rates"
  std::string explanation;  // a short paragraph, in our own words
  TrainConfig config;       // the preset
  std::vector<NormKind> norms;
};
std::vector<ExperimentInfo> Experiments();
const std::string& ExperimentTitle(const ExperimentInfo& info);        // in the current language
const std::string& ExperimentExplanation(const ExperimentInfo& info);  // in the current language

// Trains a fresh Trainer for `steps` steps per value of `values` (learning rates, or init scales when
// `init_scales`), and returns the final training loss of each run per value: result[v][run].
// A diverged run reports NaN.
std::vector<std::vector<float>> RunSweep(const TrainConfig& base, const std::vector<NormKind>& norms,
                                         const std::vector<double>& values, bool init_scales, int steps);

}  // namespace bn
