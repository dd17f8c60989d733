// train_settings.cpp: the settings table (see train_settings.hpp) and reading, writing and clamping its values.
// The range and the refusal are catalog texts (keys train.range.*, train.setting.refused) in the current language;
// the rows' help stays English (bntrain --help only).
#include "core/train/train_settings.hpp"

#include <cmath>
#include <cstdlib>

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"
#include "core/io/json.hpp"

namespace bn {

const std::vector<TrainSetting>& TrainSettings() {
  static const std::vector<TrainSetting> table = {  // constant table, not state
      {"noise", "--noise", "X", "data noise (the Gaussian jitter's standard deviation)", 0, 2, false, 0.1,
       [](const TrainConfig& c) { return c.data.noise; }, [](TrainConfig* c, double v) { c->data.noise = v; }},
      {"count", "--count", "N", "points in the data set, train and test", 8, 100000, true, 400,
       [](const TrainConfig& c) { return double(c.data.count); },
       [](TrainConfig* c, double v) { c->data.count = static_cast<int>(v); }},
      {"test", "--test-fraction", "X", "share of the points held out for testing", 0.01, 0.9, false, 0.3,
       [](const TrainConfig& c) { return c.data.test_fraction; },
       [](TrainConfig* c, double v) { c->data.test_fraction = v; }},
      {"seed", "--seed", "N", "seed for the data and the starting weights", 0, 2147483647, true, 1,
       [](const TrainConfig& c) { return double(c.net.seed); },
       [](TrainConfig* c, double v) { c->data.seed = c->net.seed = static_cast<uint64_t>(v); }},
      {"depth", "--depth", "N", "hidden layers", 1, 8, true, 3, [](const TrainConfig& c) { return double(c.net.depth); },
       [](TrainConfig* c, double v) { c->net.depth = static_cast<int>(v); }},
      {"width", "--width", "N", "units per hidden layer", 2, 64, true, 16,
       [](const TrainConfig& c) { return double(c.net.width); },
       [](TrainConfig* c, double v) { c->net.width = static_cast<int>(v); }},
      {"batch", "--batch", "N", "mini-batch size", 2, 1024, true, 32, [](const TrainConfig& c) { return double(c.batch); },
       [](TrainConfig* c, double v) { c->batch = static_cast<int>(v); }},
      {"lr", "--lr", "X", "learning rate", 1e-6, 1000, false, 0.1, [](const TrainConfig& c) { return c.lr; },
       [](TrainConfig* c, double v) { c->lr = v; }},
      {"momentum", "--momentum", "X", "SGD momentum (the optimizer's, not BN's running average)", 0, 0.99, false, 0,
       [](const TrainConfig& c) { return c.momentum; }, [](TrainConfig* c, double v) { c->momentum = v; }},
      {"init", "--init-scale", "X", "initial weight scale (weights ~ N(0, X²/fan_in))", 0.001, 100, false, 1,
       [](const TrainConfig& c) { return c.net.init_scale; }, [](TrainConfig* c, double v) { c->net.init_scale = v; }},
  };
  return table;
}

const TrainSetting* FindTrainSetting(const std::string& key) {
  for (const TrainSetting& s : TrainSettings())
    if (key == s.key) return &s;
  return nullptr;
}

const TrainSetting* FindTrainSettingFlag(const std::string& flag) {
  for (const TrainSetting& s : TrainSettings())
    if (flag == s.flag) return &s;
  return nullptr;
}

bool InTrainRange(const TrainSetting& s, double v) {
  return v >= s.lo && v <= s.hi && (!s.whole || v == std::floor(v));
}

std::string FormatTrainSetting(const TrainSetting& s, double v) {
  return s.whole ? std::to_string(static_cast<long long>(v)) : Json::Float32Text(v);
}

std::string TrainRangeText(const TrainSetting& s) {
  const FormatArgs args = {{"lo", FormatTrainSetting(s, s.lo)}, {"hi", FormatTrainSetting(s, s.hi)}};
  return s.whole ? Tr("train.range.whole", args) : Tr("train.range.number", args);
}

bool ParseTrainSetting(const TrainSetting& s, const std::string& text, const std::string& name, double* value,
                       std::string* error) {
  size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  const std::string t = text.substr(b, e - b);
  // Plain decimal numbers only: strtod would also read "inf", "nan" and hex ("0x10").
  bool plain = !t.empty();
  for (char c : t) plain = plain && ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E');
  char* end = nullptr;
  const double v = plain ? std::strtod(t.c_str(), &end) : 0.0;
  if (!plain || end != t.c_str() + t.size() || !InTrainRange(s, v)) {
    *error = Tr("train.setting.refused", {{"name", name}, {"range", TrainRangeText(s)}, {"got", Quote(text)}});
    return false;
  }
  *value = v;
  return true;
}

double ClampTrainSetting(const TrainSetting& s, double v) {
  if (std::isnan(v)) return s.def;
  v = std::fmax(s.lo, std::fmin(s.hi, v));
  if (s.whole) return std::round(v);
  const double back = std::strtod(Json::Float32Text(v).c_str(), nullptr);  // what the link reads back
  return std::fmax(s.lo, std::fmin(s.hi, back));
}

}  // namespace bn
