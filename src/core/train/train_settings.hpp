// train_settings.hpp: the training lab's numeric settings in one table. Each row is one setting: its link key,
// its bntrain option, the range every path accepts, its default and the TrainConfig member it sets. The link
// (core/lab/train_link), bntrain's options, the train-count: and train-set: commands, the sliders and
// ValidateTrainConfig all read it, so a setting has one range and one refusal message everywhere.
//
//   key       flag              range             default  member
//   noise     --noise           0 to 2            0.1      data.noise
//   count     --count           8 to 100000       400      data.count (whole)
//   test      --test-fraction   0.01 to 0.9       0.3      data.test_fraction
//   seed      --seed            0 to 2147483647   1        data.seed and net.seed (whole)
//   depth     --depth           1 to 8            3        net.depth (whole)
//   width     --width           2 to 64           16       net.width (whole)
//   batch     --batch           2 to 1024         32       batch (whole)
//   lr        --lr              1e-06 to 1000     0.1      lr
//   momentum  --momentum        0 to 0.99         0        momentum (SGD's)
//   init      --init-scale      0.001 to 100      1        net.init_scale
//
// Index
//   TrainSetting, TrainSettings, FindTrainSetting, FindTrainSettingFlag
//   InTrainRange, TrainRangeText, ParseTrainSetting   checking and reading a value (one-line refusals)
//   FormatTrainSetting, ClampTrainSetting             the link's text; a slider's value kept in range
#pragma once

#include <string>
#include <vector>

#include "core/train/trainer.hpp"

namespace bn {

struct TrainSetting {
  const char* key;   // link key, train-set: key ("lr")
  const char* flag;  // bntrain option ("--lr")
  const char* arg;   // bntrain --help's name for the value ("X", "N")
  const char* help;  // bntrain --help's text ("learning rate")
  double lo, hi;     // the accepted range, both ends included
  bool whole;        // whole numbers only
  double def;        // the default: TrainConfig{}'s value (and the basic experiment's)
  double (*get)(const TrainConfig& c);
  void (*set)(TrainConfig* c, double v);
};

// The rows, in the link's order.
const std::vector<TrainSetting>& TrainSettings();
const TrainSetting* FindTrainSetting(const std::string& key);       // nullptr when there is no such row
const TrainSetting* FindTrainSettingFlag(const std::string& flag);  // by bntrain option ("--lr")

bool InTrainRange(const TrainSetting& s, double v);  // in [lo, hi], and whole when the row is
// "a whole number from 8 to 100000", "a number from 1e-06 to 1000"
std::string TrainRangeText(const TrainSetting& s);

// Reads `text` (a plain decimal number, spaces around it allowed) as the setting's value. All or nothing: false
// with one line naming `name` and the range, e.g. "depth must be a whole number from 1 to 8 (got 9)".
bool ParseTrainSetting(const TrainSetting& s, const std::string& text, const std::string& name, double* value,
                       std::string* error);

// The value as the link writes it: whole numbers exactly, others as their shortest float32 text.
std::string FormatTrainSetting(const TrainSetting& s, double v);

// A value from a slider or a typed field, made one the table accepts: clamped into [lo, hi] (not a number: the
// default), whole rows rounded, other rows the double of their shortest float32 text, the value the link reads
// back, so what a slider set survives a link exactly.
double ClampTrainSetting(const TrainSetting& s, double v);

}  // namespace bn
