// running_stream.hpp: train versus inference. A stream of batches from a known distribution goes
// through BN in train mode; the running statistics follow the batch statistics with momentum, and
// converge toward the distribution's true mean and variance. Pure computation, for the lab's plots.
#pragma once

#include <cstdint>
#include <vector>

#include "core/bn/bn.hpp"
#include "core/base/rng.hpp"

namespace bn {

struct StreamConfig {
  double true_mean = 5.0;  // the distribution the batches come from: N(true_mean, true_std²)
  double true_std = 2.0;
  int batch_size = 8;      // B ≥ 2 (train mode needs a spread)
  double momentum = 0.1;   // in [0, 1]
  MomentumConvention convention = MomentumConvention::PyTorch;
  uint32_t seed = 1;
};

// One train step of the stream, one feature.
struct StreamRecord {
  double batch_mean;          // (1/B) Σ x
  double batch_var;           // (1/B) Σ (x − mean)²: biased, the one that normalizes
  double batch_var_unbiased;  // (1/(B−1)) Σ (x − mean)²: what PyTorch stores
  double running_mean;        // after this step's update
  double running_var;
};

class BatchStream {
 public:
  explicit BatchStream(const StreamConfig& config);

  // Draws the next batch (B×1), runs BN's train-mode statistics on it and updates the running ones.
  void Step();
  void Reset(const StreamConfig& config);

  const StreamConfig& config() const { return config_; }
  // The last kMaxHistory steps (older ones are dropped so a long session does not grow memory).
  static constexpr size_t kMaxHistory = 1000;
  const std::vector<StreamRecord>& history() const { return history_; }
  long steps_done() const { return steps_done_; }  // all steps since Reset
  const Mat& last_batch() const { return last_batch_; }     // B×1, empty before the first step
  const RunningStats& running() const { return running_; }  // 1×1

 private:
  StreamConfig config_;
  Rng rng_;
  RunningStats running_;
  Mat last_batch_;
  std::vector<StreamRecord> history_;
  long steps_done_ = 0;
};

}  // namespace bn
