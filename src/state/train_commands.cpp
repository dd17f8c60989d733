// train_commands.cpp: the training lab's command handlers (rows of the command table in state/commands.cpp).
//
//   running    train-start, train-pause, train-steps:N, train-reset, train-max-speed
//   settings   experiment:NAME, train-data:NAME, train-set:KEY=V and train-count:N (the settings table's rows)
//   own data   train-csv:, train-point:, train-undo, train-clear; network files: train-networks:
//   pictures   train-view:, landscape:K=V, gpu:break, gpu:fix, gpu:readback:WHAT
#include "state/train_commands.hpp"

#include <cmath>
#include <cstdlib>

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"
#include "core/train/datasets.hpp"
#include "core/train/own_data.hpp"
#include "core/train/train_settings.hpp"
#include "state/advance.hpp"
#include "state/commands.hpp"
#include "state/teach.hpp"

namespace bnlab {
namespace {

// One row of the settings table set to the value `text` names (refused, nothing changed, when outside its range),
// then new networks. `name` is what the refusal calls it.
bool SetTrainSetting(AppState& app, const bn::TrainSetting& s, const std::string& text, const std::string& name,
                     std::string* error) {
  double v = 0;
  if (!bn::ParseTrainSetting(s, text, name, &v, error)) return false;
  s.set(&app.train.config, v);
  ResetTraining(app);
  return true;
}

}  // namespace

// ---- Running ------------------------------------------------------------------------------------------------------

bool TrainStartCommand(AppState& app, const std::string&, std::string*) {
  app.train.running = true;
  return true;
}

bool TrainPauseCommand(AppState& app, const std::string&, std::string*) {
  app.train.running = false;
  return true;
}

bool TrainStepsCommand(AppState& app, const std::string& arg, std::string* error) {
  double n = 0;
  if (!ParseNumbers(arg, 1, &n) || !(n >= 1 && n <= 100000) || n != std::floor(n))
    return *error = bn::Tr("msg.train.steps_range"), false;
  TrainLab& t = app.train;
  if (!t.trainer) return *error = bn::Tr("msg.train.no_networks", {{"error", t.error}}), false;
  StepTraining(t, static_cast<int>(n));
  return true;
}

bool TrainResetCommand(AppState& app, const std::string&, std::string*) {
  ResetTraining(app);
  return true;
}

bool TrainMaxSpeedCommand(AppState& app, const std::string&, std::string*) {
  app.train.max_steps_per_second = 50000.0f;
  return true;
}

// ---- Settings -----------------------------------------------------------------------------------------------------

bool ExperimentCommand(AppState& app, const std::string& arg, std::string* error) {
  if (app.train.experiments.empty()) app.train.experiments = bn::Experiments();
  const std::vector<bn::ExperimentInfo>& list = app.train.experiments;
  for (size_t k = 0; k < list.size(); ++k)
    if (arg == bn::ExperimentName(list[k].experiment)) {
      SelectExperiment(app, static_cast<int>(k));
      return true;
    }
  return *error = bn::Tr("msg.train.unknown_experiment"), false;
}

bool TrainDataCommand(AppState& app, const std::string& arg, std::string* error) {
  if (arg == "own") {
    UseOwnData(app, true);
    return true;
  }
  bn::DatasetKind kind;
  if (!bn::ParseDatasetKind(arg, &kind))
    return *error = bn::Tr("msg.train.unknown_data", {{"name", bn::Quote(arg)}}), false;
  app.train.config.data.kind = kind;
  app.teach.own.active = true;  // UseOwnData(false) resets only on a change
  UseOwnData(app, false);
  return true;
}

bool TrainSetCommand(AppState& app, const std::string& arg, std::string* error) {
  const size_t eq = arg.find('=');
  const std::string key = arg.substr(0, eq);
  const bn::TrainSetting* s = eq == std::string::npos ? nullptr : bn::FindTrainSetting(key);
  if (s == nullptr) {
    std::string keys;
    for (const bn::TrainSetting& row : bn::TrainSettings()) keys += (keys.empty() ? "" : ", ") + std::string(row.key);
    return *error = bn::Tr("msg.train.set_format", {{"keys", keys}, {"got", bn::Quote(arg)}}), false;
  }
  return SetTrainSetting(app, *s, arg.substr(eq + 1), key, error);
}

bool TrainCountCommand(AppState& app, const std::string& arg, std::string* error) {
  return SetTrainSetting(app, *bn::FindTrainSetting("count"), arg, "train-count", error);
}

// ---- Own data, network files --------------------------------------------------------------------------------------

bool TrainCsvCommand(AppState& app, const std::string& arg, std::string* error) {
  if (!ImportOwnCsv(app, arg)) return *error = app.teach.own.csv_error, false;
  return true;
}

bool TrainPointCommand(AppState& app, const std::string& arg, std::string* error) {
  double v[3];
  if (!ParseNumbers(arg, 3, v) || (v[2] != 0 && v[2] != 1)) return *error = bn::Tr("msg.train.point_format"), false;
  if (!(std::fabs(v[0]) <= bn::kOwnDataMaxAbs && std::fabs(v[1]) <= bn::kOwnDataMaxAbs))
    return *error = bn::Tr("msg.train.point_range"), false;
  if (!AddOwnPoint(app, v[0], v[1], static_cast<int>(v[2]), true)) return *error = app.ui.notice, false;
  EndOwnStroke(app);
  return true;
}

bool TrainUndoCommand(AppState& app, const std::string&, std::string*) {
  UndoOwnStroke(app);
  return true;
}

bool TrainClearCommand(AppState& app, const std::string&, std::string*) {
  ClearOwnData(app);
  return true;
}

bool TrainNetworksCommand(AppState& app, const std::string& arg, std::string* error) {
  if (!ImportNetworks(app, arg)) return *error = app.teach.share.networks_error, false;
  return true;
}

// ---- The pictures -------------------------------------------------------------------------------------------------

bool TrainViewCommand(AppState& app, const std::string& arg, std::string* error) {
  if (arg == "boundaries") {
    app.train.gpu.view = TrainView::Boundaries;
  } else if (arg == "landscape") {
    app.train.gpu.view = TrainView::Landscape;
  } else {
    return *error = bn::Tr("msg.train.view_values"), false;
  }
  return true;
}

// "range=R" (0.05–4), "seed=S" (1–1000000), "log=0|1", "stats=batch|running", "live=0|1", "res=N" (16–256)
bool LandscapeCommand(AppState& app, const std::string& arg, std::string* error) {
  TrainGpuState& g = app.train.gpu;
  const size_t eq = arg.find('=');
  const std::string key = arg.substr(0, eq), value = eq == std::string::npos ? "" : arg.substr(eq + 1);
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  const bool number = !value.empty() && end == value.c_str() + value.size();
  if (key == "range") {
    if (!number || !(v >= 0.05 && v <= 4.0)) return *error = bn::Tr("msg.landscape.range"), false;
    g.range = static_cast<float>(v);
  } else if (key == "seed") {
    if (!number || v != std::floor(v) || v < 1 || v > 1000000) return *error = bn::Tr("msg.landscape.seed"), false;
    g.seed = static_cast<int>(v);
  } else if (key == "log" || key == "live") {
    if (value != "0" && value != "1") return *error = bn::Tr("msg.landscape.zero_one", {{"key", key}}), false;
    (key == "log" ? g.log_scale : g.live) = value == "1";
  } else if (key == "stats") {
    if (value != "batch" && value != "running") return *error = bn::Tr("msg.landscape.stats"), false;
    g.batch_stats = value == "batch";
  } else if (key == "res") {
    if (!number || v != std::floor(v) || v < 16 || v > 256)
      return *error = bn::Tr("msg.landscape.res"), false;
    g.res = static_cast<int>(v);
  } else {
    return *error = bn::Tr("msg.landscape.keys"), false;
  }
  return true;
}

bool GpuBreakCommand(AppState& app, const std::string&, std::string*) {
  app.train.gpu.break_shaders = true;
  return true;
}

bool GpuFixCommand(AppState& app, const std::string&, std::string*) {
  app.train.gpu.break_shaders = false;
  return true;
}

bool GpuReadbackCommand(AppState& app, const std::string& arg, std::string* error) {
  if (arg != "boundary" && arg != "landscape") return *error = bn::Tr("msg.gpu.readback_values"), false;
  app.train.gpu.readback_request = arg;
  app.train.gpu.readback = bn::Json::Object();
  app.ui.tab_request = Lab::Training;  // the training lab draws the views and serves the read-back
  return true;
}

}  // namespace bnlab
