// train_link.cpp: IsTrainHash, ApplyTrainHash / ApplyTrainPairs, FormatTrainHash (on link_pairs.hpp's readers; the
// numbers through the settings table, core/train/train_settings.hpp). The refusals are catalog texts (assets/i18n,
// keys link.*) in the current language; the keys stay English.
#include "core/lab/train_link.hpp"

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"
#include "core/io/json.hpp"
#include "core/train/train_settings.hpp"

namespace bn {

bool IsTrainHash(const std::string& hash) {
  LinkPairs pairs;
  std::string error;
  return SplitHashPairs(hash, &pairs, &error) && LinkLab(pairs) == "train";
}

bool ApplyTrainHash(const std::string& hash, const std::vector<ExperimentInfo>& experiments, TrainLink* link,
                    std::string* error) {
  LinkPairs pairs;
  return SplitHashPairs(hash, &pairs, error) && ApplyTrainPairs(pairs, experiments, link, error);
}

bool ApplyTrainPairs(const LinkPairs& pairs, const std::vector<ExperimentInfo>& experiments, TrainLink* link,
                     std::string* error) {
  TrainLink next = *link;
  // The experiment first: its preset is the base the other keys change.
  if (const std::string* exp = LinkValue(pairs, "exp")) {
    bool found = false;
    for (size_t k = 0; k < experiments.size(); ++k)
      if (*exp == ExperimentName(experiments[k].experiment)) {
        next.experiment = static_cast<int>(k);
        next.config = experiments[k].config;
        next.norms = experiments[k].norms;
        found = true;
      }
    if (!found) {
      *error = Tr("link.unknown_experiment", {{"name", bn::Quote(*exp)}});
      return false;
    }
  }
  const auto preset_data = next.config.data;  // the experiment's (or the lab's) data settings, before the keys
  bool pts_given = false;
  for (const auto& [key, value] : pairs) {
    TrainConfig& c = next.config;
    if (key == "lab" || key == "exp") {
      continue;
    } else if (key == "data") {
      if (value == "own") {
        next.own = true;
      } else if (ParseDatasetKind(value, &c.data.kind)) {
        next.own = false;
      } else {
        *error = Tr("link.unknown_data", {{"name", bn::Quote(value)}});
        return false;
      }
    } else if (key == "pts") {
      if (!DecodeOwnData(value, &next.points, error)) return false;
      pts_given = true;
    } else if (const TrainSetting* setting = FindTrainSetting(key)) {  // the numbers: train_settings.hpp
      double v = 0;
      if (!ParseTrainSetting(*setting, value, key, &v, error)) return false;
      setting->set(&c, v);
    } else if (key == "act") {
      if (!ParseActivation(value, &c.net.activation)) {
        *error = Tr("link.act", {{"got", bn::Quote(value)}});
        return false;
      }
    } else {
      *error = Tr("link.unknown_train_key", {{"key", bn::Quote(key)}});
      return false;
    }
  }
  if (next.own) {  // the points are the data: count and noise are not read, as FormatTrainHash leaves them out
    next.config.data.count = preset_data.count;
    next.config.data.noise = preset_data.noise;
  }
  if (pts_given && !next.own) {  // the points would be dropped from the link written back: refused, not lost
    *error = Tr("link.pts_needs_own");
    return false;
  }
  if (next.own && !pts_given && next.points.empty()) {
    *error = Tr("link.own_needs_pts");
    return false;
  }
  if (next.config.watch_layer >= next.config.net.depth) next.config.watch_layer = next.config.net.depth - 1;
  if (next.config.watch_unit >= next.config.net.width) next.config.watch_unit = 0;
  *link = std::move(next);
  return true;
}

std::string FormatTrainHash(const TrainLink& link, const std::vector<ExperimentInfo>& experiments,
                            bool* points_left_out) {
  const TrainConfig& c = link.config;
  *points_left_out = false;
  std::string h = "lab=train";
  if (link.experiment >= 0 && link.experiment < static_cast<int>(experiments.size()))
    h += std::string("&exp=") + ExperimentName(experiments[link.experiment].experiment);
  if (link.own) {
    h += "&data=own";
    const std::string pts = EncodeOwnData(link.points);
    if (pts.size() <= kOwnDataMaxLinkChars) h += "&pts=" + pts;
    else *points_left_out = true;
  } else {
    h += std::string("&data=") + DatasetName(c.data.kind);
  }
  for (const TrainSetting& s : TrainSettings()) {
    const std::string key = s.key;
    if (link.own && (key == "noise" || key == "count")) continue;  // the points are the data
    h += "&" + key + "=" + FormatTrainSetting(s, s.get(c));
    if (key == "width") h += std::string("&act=") + ActivationName(c.net.activation);
  }
  return h;
}

}  // namespace bn
