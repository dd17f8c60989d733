// train_link.hpp: the training lab's link (URL hash), with a teacher's own points in it; split and its numbers read
// by link_pairs.hpp, as the step and image labs' links are.
//
//   #lab=train&exp=basic&data=own&pts=AAQ...&test=0.3&seed=1&depth=3&width=16&act=tanh&batch=32&lr=0.1
//
// Keys (every one optional but lab=train; an absent key keeps the current value): exp (an experiment's name:
// its preset first, then the other keys on top), data (spirals|moons|circles|xor|blobs|own), pts (the own
// points, EncodeOwnData's text), act, and the numbers of the settings table (core/train/train_settings.hpp: noise,
// count, test (test fraction), seed, depth, width, batch, lr, momentum, init (init scale)), each checked against
// its row's range.
#pragma once

#include <string>
#include <vector>

#include "core/lab/link_pairs.hpp"
#include "core/train/own_data.hpp"
#include "core/train/trainer.hpp"

namespace bn {

struct TrainLink {
  int experiment = 0;              // index into Experiments()
  TrainConfig config;
  std::vector<NormKind> norms;
  bool own = false;                // train on `points` instead of config.data's generator
  std::vector<OwnPoint> points;
};

// True when the hash is the training lab's (has lab=train).
bool IsTrainHash(const std::string& hash);

// Applies the hash on top of *link. All or nothing: false with a one-line reason in *error, *link untouched.
bool ApplyTrainHash(const std::string& hash, const std::vector<ExperimentInfo>& experiments, TrainLink* link,
                    std::string* error);
// The same for a link already split (SplitHashPairs).
bool ApplyTrainPairs(const LinkPairs& pairs, const std::vector<ExperimentInfo>& experiments, TrainLink* link,
                     std::string* error);

// The hash for this state (without '#'). Own points longer than kOwnDataMaxLinkChars are left out and
// *points_left_out is set (the UI then offers a CSV file instead).
std::string FormatTrainHash(const TrainLink& link, const std::vector<ExperimentInfo>& experiments,
                            bool* points_left_out);

}  // namespace bn
