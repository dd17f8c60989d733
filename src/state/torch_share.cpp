// torch_share.cpp: SaveTorchScript and its command.
#include "state/torch_share.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/i18n/current.hpp"
#include "core/train/torch_script.hpp"
#include "state/app_state.hpp"

namespace bnlab {

std::string TorchScriptFileName(const AppState& app) {
  const std::string data = app.teach.own.active ? "own" : bn::DatasetName(app.train.config.data.kind);
  return "bnlab-training-" + data + ".py";
}

std::string SaveTorchScript(AppState& app, std::string* error) {
  const TrainLab& t = app.train;
  if (!t.trainer) return *error = bn::Tr("msg.script.no_networks", {{"error", t.error}}), std::string();
  bn::TorchScriptOptions options;
  options.steps = std::clamp(t.trainer->step(), 200, 20000);
  options.log_every = std::max(1, t.log_every);
  std::string text;
  try {
    text = bn::TorchTrainingScript(*t.trainer, options);
  } catch (const std::invalid_argument& e) {
    return *error = e.what(), std::string();
  }
  const std::string name = TorchScriptFileName(app);
  const std::string where = app.host.SaveFile(name, "text/x-python", text);
  if (where.empty()) return *error = bn::Tr("msg.file.not_saved", {{"name", name}}), std::string();
  Notify(app, bn::Tr("msg.script.saved", {{"where", where}, {"bytes", std::to_string(text.size())}}), false);
  return name;
}

bool ShareTorchScriptCommand(AppState& app, const std::string&, bn::Json* reply, std::string* error) {
  const std::string name = SaveTorchScript(app, error);
  if (name.empty()) {
    Notify(app, *error, true);
    return false;
  }
  reply->append("file", bn::Json::String(name));
  return true;
}

}  // namespace bnlab
