// teach.cpp: own data, network files, practice sheets and the saved pictures' requests (see teach.hpp).
#include "state/teach.hpp"

#include <cmath>
#include <stdexcept>

#include "core/i18n/current.hpp"
#include "core/train/curves_csv.hpp"
#include "core/train/network_json.hpp"
#include "state/app_state.hpp"

namespace bnlab {

// ---------------------------------------------------------------------------------------------
// Own data
// ---------------------------------------------------------------------------------------------
std::string OwnDataProblem(const AppState& app) {
  const std::vector<bn::OwnPoint>& p = app.teach.own.points;
  int count[2] = {0, 0};
  for (const bn::OwnPoint& q : p) ++count[q.label & 1];
  if (static_cast<int>(p.size()) < bn::kOwnDataMinPoints)
    return bn::Tr("msg.own.too_few",
                  {{"n", std::to_string(p.size())}, {"more", std::to_string(bn::kOwnDataMinPoints - p.size())}});
  if (count[0] == 0 || count[1] == 0) return bn::Tr("msg.own.one_class", {{"class", count[0] ? "0" : "1"}});
  return "";
}

void UpdateOwnLinkFit(AppState& app) {
  OwnData& own = app.teach.own;
  own.link_left_out = own.active && bn::EncodeOwnData(own.points).size() > bn::kOwnDataMaxLinkChars;
}

bn::Dataset OwnDataset(const AppState& app) {
  const std::string problem = OwnDataProblem(app);
  if (!problem.empty()) throw std::invalid_argument(problem);
  return bn::SplitOwnData(app.teach.own.points, app.train.config.data.test_fraction, app.train.config.data.seed);
}

void UseOwnData(AppState& app, bool on) {
  if (app.teach.own.active == on) return;
  app.teach.own.active = on;
  UpdateOwnLinkFit(app);
  ResetTraining(app);
  app.hash_dirty = true;
}

bool ImportOwnCsv(AppState& app, const std::string& text) {
  OwnData& own = app.teach.own;
  std::vector<bn::OwnPoint> points;
  std::string why;
  if (!bn::ParsePointsCsv(text, &points, &why)) {
    own.csv_error = why;
    Notify(app, bn::Tr("msg.own.csv_not_loaded", {{"why", why}}), true);
    return false;
  }
  own.csv_error.clear();
  own.points = std::move(points);
  own.strokes.clear();
  own.active = true;
  UpdateOwnLinkFit(app);
  ResetTraining(app);
  app.hash_dirty = true;
  int ones = 0;
  for (const bn::OwnPoint& p : own.points) ones += p.label;
  Notify(app, bn::Tr("msg.own.csv_loaded", {{"n", std::to_string(own.points.size())},
                                             {"zeros", std::to_string(own.points.size() - ones)},
                                             {"ones", std::to_string(ones)}}),
         false);
  return true;
}

namespace {

// Adds one point to the set (no training reset); false at the limit (with a notice) or for a bad value.
bool AddPoint(AppState& app, double x, double y, int cls, bool new_stroke) {
  OwnData& own = app.teach.own;
  if (static_cast<int>(own.points.size()) >= bn::kOwnDataMaxPoints) {
    Notify(app, bn::Tr("msg.own.max_points", {{"max", std::to_string(bn::kOwnDataMaxPoints)}}), true);
    own.stroke_open = false;
    return false;
  }
  if (!(std::fabs(x) <= bn::kOwnDataMaxAbs && std::fabs(y) <= bn::kOwnDataMaxAbs)) return false;
  if (new_stroke || own.strokes.empty()) own.strokes.push_back(0);
  own.points.push_back({bn::RoundDrawn(x), bn::RoundDrawn(y), cls ? 1 : 0});
  ++own.strokes.back();
  own.active = true;
  return true;
}

void AfterPointsChanged(AppState& app) {
  UpdateOwnLinkFit(app);
  ResetTraining(app);
  app.hash_dirty = true;
}

}  // namespace

bool AddOwnPoint(AppState& app, double x, double y, int cls, bool new_stroke) {
  OwnData& own = app.teach.own;
  if (!AddPoint(app, x, y, cls, new_stroke || !own.stroke_open)) return false;
  own.stroke_open = true;
  own.last_x = static_cast<float>(x);
  own.last_y = static_cast<float>(y);
  AfterPointsChanged(app);
  return true;
}

void QueueOwnPoint(AppState& app, double x, double y, bool new_stroke) {
  OwnData& own = app.teach.own;
  own.pending.push_back({x, y, new_stroke || !own.stroke_open});
  own.stroke_open = true;
  own.last_x = static_cast<float>(x);
  own.last_y = static_cast<float>(y);
}

void ApplyQueuedOwnPoints(AppState& app) {
  OwnData& own = app.teach.own;
  if (own.pending.empty()) return;
  for (const OwnData::Pending& p : own.pending)
    if (!AddPoint(app, p.x, p.y, own.draw_class, p.new_stroke)) break;
  own.pending.clear();
  AfterPointsChanged(app);
}

void EndOwnStroke(AppState& app) { app.teach.own.stroke_open = false; }

void UndoOwnStroke(AppState& app) {
  OwnData& own = app.teach.own;
  own.stroke_open = false;
  if (own.strokes.empty()) {
    // Points that came from a CSV or a link: undo takes the last one.
    if (own.points.empty()) return;
    own.points.pop_back();
  } else {
    const size_t n = std::min<size_t>(own.points.size(), static_cast<size_t>(own.strokes.back()));
    own.points.resize(own.points.size() - n);
    own.strokes.pop_back();
  }
  UpdateOwnLinkFit(app);
  ResetTraining(app);
  app.hash_dirty = true;
}

void ClearOwnData(AppState& app) {
  OwnData& own = app.teach.own;
  own.points.clear();
  own.strokes.clear();
  own.stroke_open = false;
  UpdateOwnLinkFit(app);
  ResetTraining(app);
  app.hash_dirty = true;
}

// ---------------------------------------------------------------------------------------------
// Networks
// ---------------------------------------------------------------------------------------------
namespace {

std::string DataName(const AppState& app) {
  return app.teach.own.active ? "own" : bn::DatasetName(app.train.config.data.kind);
}

}  // namespace

std::string NetworksJson(const AppState& app) {
  if (!app.train.trainer) return "";
  std::vector<const bn::Mlp<float>*> nets;
  for (const bn::Run& r : app.train.trainer->runs()) nets.push_back(&r.net);
  return bn::NetworksToJson(nets, app.train.trainer->step(), DataName(app));
}

bn::Json NetworksValue(const AppState& app) {
  bn::Json list = bn::Json::Array();
  if (app.train.trainer)
    for (const bn::Run& r : app.train.trainer->runs()) list.push(bn::NetworkToJson(r.net));
  return list;
}

bool ImportNetworks(AppState& app, const std::string& text) {
  ShareWindows& share = app.teach.share;
  TrainLab& t = app.train;
  bn::SavedNetworks saved;
  try {
    saved = bn::NetworksFromJson(text);
    const bn::MlpConfig& first = saved.nets[0].config();
    for (size_t k = 1; k < saved.nets.size(); ++k) {
      const bn::MlpConfig& c = saved.nets[k].config();
      if (c.depth != first.depth || c.width != first.width || c.activation != first.activation)
        throw std::invalid_argument(bn::Tr("msg.networks.other_shape", {{"k", std::to_string(k)}}));
    }
  } catch (const std::invalid_argument& e) {
    share.networks_error = e.what();
    Notify(app, bn::Tr("msg.networks.not_loaded", {{"why", e.what()}}), true);
    return false;
  }
  // The lab takes the file's shape and networks, then puts the saved parameters in.
  const bn::MlpConfig& first = saved.nets[0].config();
  // Kept to be put back when the lab cannot train with the file's networks: a refusal changes nothing.
  const bn::TrainConfig old_config = t.config;
  const auto old_norms = t.norms;
  std::unique_ptr<bn::Trainer> old_trainer = std::move(t.trainer);
  const std::string old_error = t.error;
  const bool old_running = t.running;
  const auto old_version = t.networks_version;
  t.config.net.depth = first.depth;
  t.config.net.width = first.width;
  t.config.net.activation = first.activation;
  if (t.config.watch_layer >= first.depth) t.config.watch_layer = first.depth - 1;
  if (t.config.watch_unit >= first.width) t.config.watch_unit = 0;
  t.norms.clear();
  for (const bn::Mlp<float>& n : saved.nets) t.norms.push_back(n.config().norm);
  ResetTraining(app);
  if (!t.trainer) {
    share.networks_error = bn::Tr("msg.networks.cannot_train", {{"error", t.error}});
    t.config = old_config;
    t.norms = old_norms;
    t.trainer = std::move(old_trainer);
    t.error = old_error;
    t.running = old_running;
    t.networks_version = old_version;
    Notify(app, share.networks_error, true);
    return false;
  }
  for (size_t k = 0; k < saved.nets.size(); ++k) t.trainer->runs()[k].net = saved.nets[k];
  for (bn::Run& r : t.trainer->runs()) r.log.clear();
  t.trainer->Log();  // the imported networks' loss and accuracy on the lab's data
  ++t.networks_version;
  share.networks_error.clear();
  app.hash_dirty = true;
  Notify(app, bn::Tr("msg.networks.opened", {{"n", std::to_string(saved.nets.size())},
                                             {"depth", std::to_string(first.depth)},
                                             {"width", std::to_string(first.width)},
                                             {"activation", bn::ActivationName(first.activation)},
                                             {"steps", std::to_string(saved.step)},
                                             {"data", saved.data.empty() ? "?" : saved.data}}),
         false);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------
namespace {

void Save(AppState& app, const std::string& name, const std::string& mime, const std::string& bytes) {
  const std::string where = app.host.SaveFile(name, mime, bytes);
  if (where.empty()) Notify(app, bn::Tr("msg.file.not_saved", {{"name", name}}), true);
  else Notify(app, bn::Tr("msg.file.saved", {{"where", where}, {"bytes", std::to_string(bytes.size())}}), false);
}

}  // namespace

void SaveNetworks(AppState& app) {
  if (!app.train.trainer) return Notify(app, bn::Tr("msg.file.no_networks", {{"error", app.train.error}}), true);
  Save(app, "bnlab-networks.json", "application/json", NetworksJson(app));
}

void SaveOwnCsv(AppState& app) {
  if (app.teach.own.points.empty()) return Notify(app, bn::Tr("msg.file.no_points"), true);
  Save(app, "bnlab-points.csv", "text/csv", bn::PointsToCsv(app.teach.own.points));
}

void SaveCurvesCsv(AppState& app) {
  if (!app.train.trainer) return Notify(app, bn::Tr("msg.file.no_curves", {{"error", app.train.error}}), true);
  Save(app, "bnlab-curves.csv", "text/csv", bn::CurvesToCsv(app.train.trainer->runs()));
}

void SavePracticeSheet(AppState& app, bool key, bn::PracticeFormat format) {
  try {
    const bn::PracticeSheet sheet = bn::MakePracticeSheet(app.teach.share.sheet);
    const std::string text = key ? bn::WritePracticeKey(sheet, format) : bn::WritePracticeSheet(sheet, format);
    const char* mime = format == bn::PracticeFormat::Html ? "text/html"
                       : format == bn::PracticeFormat::Latex ? "application/x-tex" : "text/markdown";
    Save(app, std::string("bnlab-practice-") + (key ? "key" : "sheet") + "-" +
                  std::to_string(app.teach.share.sheet.seed) + "." + bn::PracticeExtension(format),
         mime, text);
  } catch (const std::invalid_argument& e) {
    Notify(app, bn::Tr("msg.sheet.refused", {{"why", e.what()}}), true);
  }
}

void RequestCapture(AppState& app, const std::string& rect_id, const std::string& file_name) {
  app.teach.capture.rect_id = rect_id;
  app.teach.capture.file_name = file_name;
  app.teach.capture.requested_frame = app.frame_count;
}

}  // namespace bnlab
