// state_json.cpp: StateJson, written with the core's JSON writer (core/io/json.hpp).
//
//   F32, Num, Str, Matrix, Values   number and array helpers
//   ImageLabJson                    "image": the image lab
//   StateJson
#include "state/state_json.hpp"

#include "core/i18n/current.hpp"
#include "core/io/json.hpp"
#include "core/lab/image_lab.hpp"
#include "state/code_share.hpp"
#include "state/labs.hpp"
#include "state/learn.hpp"
#include "state/mirror.hpp"
#include "state/teach.hpp"

namespace bnlab {
namespace {

using bn::Json;

// A float32 value: rounded to float32 and written with 9 significant digits, so it reads back to the same float32.
Json F32(double v) { return Json::Number(static_cast<double>(static_cast<float>(v)), 9); }
// Any other number (times, rates, pixels): printf's %.9g. Whole numbers come out whole at either precision.
Json Num(double v) { return Json::Number(v, 9); }
// A count or index, exact (as std::to_string wrote it).
Json Int(long long v) { return Json::Number(static_cast<double>(v)); }
Json Str(const std::string& s) { return Json::String(s); }
Json Bool(bool b) { return Json::Bool(b); }

// 1×D as [a, b, c]; M×D as [[...], [...]].
Json Matrix(const bn::Mat& m, bool as_row) {
  Json out = Json::Array();
  if (as_row) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) out.push(F32(m(0, j)));
    return out;
  }
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    Json row = Json::Array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push(F32(m(i, j)));
    out.push(std::move(row));
  }
  return out;
}

Json Values(const std::vector<double>& v) {
  Json out = Json::Array();
  for (double x : v) out.push(F32(x));
  return out;
}

// "image": the image lab's shape, variant, statistics groups, step, and every value up to the current step
// (flat NCHW for per-element steps; per group or per channel otherwise).
Json ImageLabJson(const ImageLab& lab) {
  const bn::ImageLabInput& in = lab.input;
  const bn::NormTrace& t = lab.trace;
  Json o = Json::Object();
  o.append("shape", Json::Array({Int(in.n), Int(in.c), Int(in.h), Int(in.w)}));
  o.append("norm", Str(bn::NormKeyName(in.params.variant)));
  o.append("groups", Int(in.params.groups));
  o.append("ghost_batch", Int(in.params.ghost_batch));
  o.append("r_max", Num(in.params.r_max));
  o.append("d_max", Num(in.params.d_max));
  o.append("seed", Int(static_cast<long long>(in.seed)));
  o.append("edits", Int(static_cast<long long>(in.edits.size())));
  o.append("backward", Bool(in.backward));
  o.append("eps", F32(in.eps));
  o.append("error", Str(lab.error));
  o.append("edit_error", Str(lab.edit_error));
  o.append("sel", Json::Array({Int(lab.sel[0]), Int(lab.sel[1]), Int(lab.sel[2]), Int(lab.sel[3])}));
  o.append("step", Int(lab.step));
  Json steps = Json::Array();
  for (const auto& s : t.steps) steps.push(Str(s.key));
  o.append("steps", std::move(steps));
  if (!lab.error.empty() || t.steps.empty()) return o;
  o.append("step_name", Str(t.steps[lab.step].key));
  o.append("formula", Str(ImageNumbers(lab, lab.step)));  // "?" for a value the lesson asks for
  o.append("hidden_from", Int(lab.hidden_from));
  o.append("count", Int(t.fwd.groups.count));
  o.append("size", Int(t.fwd.groups.size));
  o.append("group_of_sel", Int(bn::GroupOf(t.fwd.groups, lab.sel[0], lab.sel[1])));
  o.append("x", Values(t.x.data));
  o.append("gamma", Matrix(in.gamma, true));
  o.append("beta", Matrix(in.beta, true));
  if (in.backward) o.append("dy", Values(t.dy.data));
  Json values = Json::Object();
  for (int k = 0; k <= lab.step && k < static_cast<int>(t.steps.size()); ++k)
    if (ImageValuesShown(lab, k)) values.append(t.steps[k].key, Values(t.steps[k].value));
  o.append("values", std::move(values));
  return o;
}

Json RunningLabJson(const RunningLab& lab) {
  Json o = Json::Object();
  o.append("batches", Int(static_cast<long long>(lab.stream.steps_done())));
  const auto& history = lab.stream.history();
  if (!history.empty()) {
    o.append("running_mean", F32(history.back().running_mean));
    o.append("running_var", F32(history.back().running_var));
  }
  return o;
}

Json SpeedJson(const SpeedLab& speed) {
  Json results = Json::Array();
  for (const bn::BenchResult& r : speed.results) {
    Json o = Json::Object();
    o.append("kind", Str(r.kind));
    o.append("simd_ms", Num(r.simd_s * 1e3));
    o.append("scalar_ms", Num(r.scalar_s * 1e3));
    o.append("memcpy_gbps", Num(r.memcpy_gbps));
    Json shape = Json::Array();
    for (int s : r.shape) shape.push(Int(s));
    o.append("shape", std::move(shape));
    results.push(std::move(o));
  }
  Json o = Json::Object();
  o.append("running", Bool(speed.running));
  o.append("results", std::move(results));
  return o;
}

// The teacher's points as [x, y, class] each (float32 values, 9 digits like every float32 in state()).
Json OwnJson(const OwnData& own) {
  Json o = Json::Object();
  Json pts = Json::Array();
  for (const bn::OwnPoint& p : own.points) pts.push(Json::Array({F32(p.x), F32(p.y), Int(p.label)}));
  o.append("points", std::move(pts));
  o.append("strokes", Int(static_cast<long long>(own.strokes.size())));
  o.append("drawing", Bool(own.drawing));
  o.append("draw_class", Int(own.draw_class));
  o.append("csv_error", Str(own.csv_error));
  o.append("link_left_out", Bool(own.link_left_out));
  return o;
}

// P(class 1) of every network on an 8×8 grid over the map's square: exact float32 text, so two pages can be
// compared to the last bit (a copy of each network predicts, the lab's own buffers stay as they are).
Json PredictionsJson(const AppState& app) {
  Json all = Json::Array();
  if (!app.train.trainer) return all;
  const bn::DataView v = app.teach.own.active ? bn::OwnDataView(app.teach.own.points) : bn::DataView{};
  for (const bn::Run& run : app.train.trainer->runs()) {
    bn::Mlp<float> net = run.net;
    Json p = Json::Array();
    for (float q : net.PredictGrid(v.x0, v.x1, v.y0, v.y1, 8)) p.push(F32(q));
    all.push(std::move(p));
  }
  return all;
}

Json TrainJson(const AppState& app) {
  const TrainLab& train = app.train;
  Json o = Json::Object();
  o.append("data", Str(app.teach.own.active ? "own" : bn::DatasetName(train.config.data.kind)));
  o.append("own", OwnJson(app.teach.own));
  o.append("networks", NetworksValue(app));
  o.append("predictions", PredictionsJson(app));
  o.append("running", Bool(train.running));
  o.append("experiment", Str(bn::ExperimentName(train.config.experiment)));
  o.append("steps_per_second", Num(train.measured_sps));
  o.append("error", Str(train.error));
  if (train.trainer) {
    o.append("step", Int(train.trainer->step()));
    Json runs = Json::Array();
    for (const bn::Run& run : train.trainer->runs()) {
      Json r = Json::Object();
      r.append("network", Str(bn::NormName(run.norm)));
      r.append("diverged_at", Int(run.diverged_at));
      r.append("log_rows", Int(static_cast<long long>(run.log.size())));
      if (!run.log.empty()) {
        r.append("train_loss", F32(run.log.back().train_loss));
        r.append("test_acc", F32(run.log.back().test_acc));
        r.append("train_acc", F32(run.log.back().train_acc));
      }
      runs.push(std::move(r));
    }
    o.append("runs", std::move(runs));
  }
  // The pictures (state/train_gpu_state.hpp): which view, whether the shaders run, their timings, a read-back.
  const TrainGpuState& g = train.gpu;
  Json gpu = Json::Object();
  gpu.append("view", Str(g.view == TrainView::Boundaries ? "boundaries" : "landscape"));
  gpu.append("started", Bool(g.gpu_started));
  gpu.append("ok", Bool(g.gpu_ok));
  gpu.append("log", Str(g.gpu_log));
  gpu.append("boundary_ms", Num(g.boundary_ms));
  gpu.append("boundary_step", Int(g.boundary_step));
  gpu.append("landscape_ms", Num(g.landscape_ms));
  gpu.append("landscape_step", Int(g.landscape_step));
  gpu.append("landscape_progress", Num(g.landscape_progress));
  gpu.append("range", Num(g.range));
  gpu.append("seed", Int(g.seed));
  gpu.append("res", Int(g.res));
  gpu.append("log_scale", Bool(g.log_scale));
  gpu.append("batch_stats", Bool(g.batch_stats));
  gpu.append("path_points", Int(static_cast<long long>(g.path_steps.size())));
  gpu.append("readback", g.readback);
  o.append("gpu", std::move(gpu));
  return o;
}

}  // namespace

std::string StateJson(const AppState& app) {
  const StepLab& lab = app.step_lab;
  const LabInput& in = lab.input;
  Json o = Json::Object();
  o.append("x", Matrix(in.x, false));
  o.append("gamma", Matrix(in.gamma, true));
  o.append("beta", Matrix(in.beta, true));
  o.append("eps", F32(in.eps));
  o.append("mode", Str(in.mode == bn::Mode::Train ? "train" : "eval"));
  o.append("error", Str(lab.trace_error));
  o.append("import_error", Str(app.ui.import_error));
  o.append("cell_error", Str(lab.edit.error));
  o.append("notice", Str(app.ui.notice));
  o.append("notice_is_error", Bool(app.ui.notice_is_error));
  o.append("n", Int(static_cast<long long>(in.x.rows())));
  o.append("d", Int(static_cast<long long>(in.x.cols())));
  o.append("playing", Bool(lab.view.playing));
  o.append("steps_per_second", Num(lab.view.steps_per_second));
  o.append("frame", Int(app.frame_count));
  o.append("tab", Int(static_cast<int>(app.ui.tab)));
  o.append("labs", LabsJson());  // the table of labs (state/labs.hpp): ids, keys, names, commands
  o.append("keyboard_nav", Bool(app.ui.keyboard_nav));
  o.append("nav_item", Str(app.ui.nav_item));
  o.append("ui_scale", Num(app.ui.ui_scale));
  o.append("running_lab", RunningLabJson(app.running_lab));
  o.append("speed", SpeedJson(app.speed));
  o.append("train", TrainJson(app));
  o.append("embed", Bool(app.ui.embed));
  o.append("text_mode", Bool(app.ui.text_mode));
  o.append("image", ImageLabJson(app.image));
  o.append("practice", PracticeJson(app));
  o.append("lesson", LessonJson(app));
  o.append("start_hint", Str(app.ui.start_hint));
  // The code view (ui/code_panel.cpp) and its text for the lab on screen, as the panel shows it (the text version
  // reads it too): the image lab's on its tab, else the step lab's.
  Json code = Json::Object();
  code.append("open", Bool(app.ui.code_open));
  const CodeLang lang = static_cast<CodeLang>(app.ui.code_lang);
  code.append("lang", Str(lang == CodeLang::NumPy ? "numpy" : lang == CodeLang::PyTorch ? "pytorch" : "batch"));
  const bool image = ShownLab(app) == Lab::Image || (ShownLab(app) == Lab::Lesson && LessonShowsImage(app));
  if (app.ui.code_open) code.append("text", Str(image ? ImageCodeText(app.image, lang) : StepCodeText(app.step_lab, lang)));
  o.append("code", std::move(code));
  o.append("dpr", Num(app.ui.dpi_scale));
  // The page's text version (web/a11y.js; state/mirror.hpp), touch and the look.
  o.append("revision", Int(app.revision));
  o.append("a11y", MirrorJson(app));
  o.append("lang", Str(bn::CurrentLanguage()));  // the language in use: "en", "es", "pt-BR", "zh-Hans"
  o.append("theme", Str(app.ui.high_contrast ? "contrast" : app.ui.dark_theme ? "dark" : "light"));
  o.append("touch_ui", Bool(app.ui.touch_ui));
  o.append("reduce_motion", Bool(app.ui.reduce_motion));
  o.append("tooltip", Bool(app.ui.tooltip_shown));
  Json rects = Json::Object();
  for (const ItemRect& r : app.item_rects) rects.append(r.id, Json::Array({Num(r.x), Num(r.y), Num(r.w), Num(r.h)}));
  o.append("rects", std::move(rects));
  o.append("step", Int(lab.step));
  o.append("hidden_from", Int(lab.hidden_from));  // the lesson hides steps from this index on (-1: none)
  const auto& steps = lab.trace.steps;
  o.append("step_name", Str(lab.step < static_cast<int>(steps.size()) ? steps[lab.step].key : std::string()));
  Json keys = Json::Array();
  for (const auto& s : steps) keys.push(Str(s.key));
  o.append("steps", std::move(keys));
  const int dx_step = lab.trace.index_of("dx");
  if (dx_step >= 0 && StepValuesShown(lab, dx_step) && lab.dx_numeric.size() > 0) o.append("dx_numeric", Matrix(lab.dx_numeric, false));
  // Every value computed up to and including the current step, under its step key (in practice mode, not the
  // values of the step being asked: the page hides them too).
  for (int k = 0; k <= lab.step && k < static_cast<int>(steps.size()); ++k)
    if (StepValuesShown(lab, k)) o.append(steps[k].key, Matrix(steps[k].value, steps[k].extent == bn::Extent::PerFeature));
  return o.Dump();
}

}  // namespace bnlab
