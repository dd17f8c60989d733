// running_stream.cpp: BatchStream (its refusals: catalog texts, keys input.stream.*, in the current language).
#include "core/lab/running_stream.hpp"

#include <cmath>
#include <stdexcept>

#include "core/i18n/current.hpp"

namespace bn {

BatchStream::BatchStream(const StreamConfig& config) { Reset(config); }

void BatchStream::Reset(const StreamConfig& config) {
  if (config.batch_size < 2) throw std::invalid_argument(Tr("input.stream.batch_size"));
  if (!(config.momentum >= 0.0 && config.momentum <= 1.0)) throw std::invalid_argument(Tr("input.stream.momentum"));
  if (!(config.true_std >= 0.0)) throw std::invalid_argument(Tr("input.stream.std"));
  config_ = config;
  rng_ = Rng(config.seed);
  running_ = MakeRunningStats(1);
  running_.momentum = config.momentum;
  running_.convention = config.convention;
  last_batch_.resize(0, 1);
  history_.clear();
  steps_done_ = 0;
}

void BatchStream::Step() {
  const int b = config_.batch_size;
  last_batch_.resize(b, 1);
  for (int i = 0; i < b; ++i)
    last_batch_(i, 0) = static_cast<float>(rng_.Normal(config_.true_mean, config_.true_std));
  // The batch statistics are exactly the ones BN's forward pass normalizes with.
  const Forward fwd = BatchNormForward(last_batch_, Row::Ones(1), Row::Zero(1), 1e-5, Mode::Train, running_);
  UpdateRunning(running_, fwd.mean, fwd.var, b);
  StreamRecord r;
  r.batch_mean = fwd.mean(0);
  r.batch_var = fwd.var(0);
  r.batch_var_unbiased = fwd.var(0) * b / (b - 1.0);
  r.running_mean = running_.mean(0);
  r.running_var = running_.var(0);
  if (history_.size() == kMaxHistory) history_.erase(history_.begin());
  history_.push_back(r);
  ++steps_done_;
}

}  // namespace bn
