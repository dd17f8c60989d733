// app_state.cpp: the default batch, recomputation, and the JSON/command hooks used by tests.
#include "app/app_state.hpp"

#include "app/mirror.hpp"
#include "app/platform.hpp"
#include "core/io/bntrace_io.hpp"
#include "core/bn/gradcheck.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_presets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace bnlab {

LabInput DefaultLabInput() { return bn::DefaultLabBatch(); }

void Recompute(AppState& app) {
  try {
    app.trace = bn::BuildTrace(app.input);
    app.trace_error.clear();
    app.dx_numeric = app.input.has_dy ? bn::NumericDx(app.input) : bn::Mat();
  } catch (const std::exception& e) {
    app.trace = bn::Trace{};
    app.trace_error = e.what();
  }
  const int last = static_cast<int>(app.trace.steps.size()) - 1;
  if (app.step > last) app.step = last;
  if (app.step < 0) app.step = 0;
  const int n = static_cast<int>(app.input.x.rows()), d = static_cast<int>(app.input.x.cols());
  if (app.view.sel_row >= n) app.view.sel_row = n - 1;
  if (app.view.sel_col >= d) app.view.sel_col = d - 1;
  if (app.view.sel_row < 0) app.view.sel_row = 0;
  if (app.view.sel_col < 0) app.view.sel_col = 0;
  app.hash_dirty = true;
}

void RecomputeImage(AppState& app) {
  ImageLab& lab = app.image;
  try {
    lab.trace = bn::BuildNormTrace(lab.input);
    lab.error.clear();
  } catch (const std::exception& e) {
    lab.trace = bn::NormTrace{};
    lab.error = e.what();
  }
  const int last = static_cast<int>(lab.trace.steps.size()) - 1;
  lab.step = std::max(0, std::min(lab.step, last));
  const int dims[4] = {lab.input.n, lab.input.c, lab.input.h, lab.input.w};
  for (int q = 0; q < 4; ++q) lab.sel[q] = std::max(0, std::min(lab.sel[q], dims[q] - 1));
  lab.edit_for = -1;  // refill the value editor
  app.hash_dirty = true;
}

void ResetTraining(AppState& app) {
  TrainLab& t = app.train;
  t.running = false;
  t.heat_step = -1;
  try {
    t.trainer = std::make_unique<bn::Trainer>(t.config, t.norms);
    t.trainer->Log();
    t.error.clear();
  } catch (const std::exception& e) {
    t.trainer.reset();
    t.error = e.what();
  }
}

void SetInput(AppState& app, const LabInput& input) {
  app.input = input;
  app.edit = CellEdit{};
  Recompute(app);
}

bool ImportJson(AppState& app, const std::string& text) {
  try {
    const bn::BnTraceRequest req = bn::ParseBnTraceInput(text);
    if (req.norm.variant != bn::NormVariant::Batch)
      throw std::invalid_argument(std::string("norm is \"") + bn::NormKeyName(req.norm.variant) +
                                  "\": this lab imports BatchNorm inputs; tab 5 (Images) shows the relatives");
    if (req.shape.conv) throw std::invalid_argument("x has 4 levels (N×C×H×W): this lab takes a dense N×D batch");
    if (req.in.x.rows() > bn::kLabMaxSamples || req.in.x.cols() > bn::kLabMaxFeatures) {
      throw std::invalid_argument("x is " + std::to_string(req.in.x.rows()) + "×" + std::to_string(req.in.x.cols()) +
                                  "; the lab shows at most " + std::to_string(bn::kLabMaxSamples) + "×" +
                                  std::to_string(bn::kLabMaxFeatures));
    }
    SetInput(app, req.in);
    app.step = 0;
    app.ui.import_error.clear();
    Notify(app, "Imported a " + std::to_string(req.in.x.rows()) + "×" + std::to_string(req.in.x.cols()) + " batch.",
           false);
    return true;
  } catch (const std::invalid_argument& e) {
    app.ui.import_error = std::string("Not imported (the batch on screen is unchanged): ") + e.what();
    return false;
  }
}

void Notify(AppState& app, const std::string& text, bool is_error) {
  app.ui.notice = text;
  app.ui.notice_is_error = is_error;
  app.ui.notice_time = app.time;
}

namespace {

// A string with the few << the JSON writers here use (no iostreams: they would add ~100 KB to the page).
struct Out {
  std::string s;
  Out& operator<<(const std::string& t) { s += t; return *this; }
  Out& operator<<(const char* t) { s += t; return *this; }
  Out& operator<<(char c) { s += c; return *this; }
  Out& operator<<(unsigned char c) { s += static_cast<char>(c); return *this; }
  Out& operator<<(int v) { s += std::to_string(v); return *this; }
  Out& operator<<(long v) { s += std::to_string(v); return *this; }
  Out& operator<<(size_t v) { s += std::to_string(v); return *this; }
  Out& operator<<(long long v) { s += std::to_string(v); return *this; }
  Out& operator<<(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    s += buf;
    return *this;
  }
  Out& operator<<(float v) { return *this << static_cast<double>(v); }
  std::string str() const { return s; }
};

// Writes v so that it reads back to the same float32 value (the values are float32 inputs and outputs).
void WriteNumber(Out& os, double v) {
  if (!std::isfinite(v)) {
    os << "null";
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(static_cast<float>(v)));
  os << buf;
}

// 1×D as [a, b, c]; M×D as [[...], [...]].
void WriteMatrix(Out& os, const bn::Mat& m, bool as_row) {
  if (as_row) {
    os << '[';
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      if (j) os << ',';
      WriteNumber(os, m(0, j));
    }
    os << ']';
    return;
  }
  os << '[';
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    if (i) os << ',';
    os << '[';
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      if (j) os << ',';
      WriteNumber(os, m(i, j));
    }
    os << ']';
  }
  os << ']';
}

void WriteString(Out& os, const std::string& s) {
  os << '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      os << '\\' << c;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      os << buf;
    } else {
      os << c;
    }
  }
  os << '"';
}

void WriteValues(Out& os, const std::vector<double>& v) {
  os << '[';
  for (size_t k = 0; k < v.size(); ++k) {
    if (k) os << ',';
    WriteNumber(os, v[k]);
  }
  os << ']';
}

// "image": the image lab's shape, variant, statistics groups, step, and every value up to the current step
// (flat NCHW for per-element steps; per group or per channel otherwise).
void WriteImageLab(Out& os, const ImageLab& lab) {
  const bn::ImageLabInput& in = lab.input;
  const bn::NormTrace& t = lab.trace;
  os << ",\"image\":{\"shape\":[" << in.n << ',' << in.c << ',' << in.h << ',' << in.w << "],\"norm\":\""
     << bn::NormKeyName(in.params.variant) << "\",\"groups\":" << in.params.groups
     << ",\"ghost_batch\":" << in.params.ghost_batch << ",\"r_max\":" << in.params.r_max
     << ",\"d_max\":" << in.params.d_max << ",\"seed\":" << in.seed << ",\"edits\":" << in.edits.size()
     << ",\"backward\":" << (in.backward ? "true" : "false") << ",\"eps\":";
  WriteNumber(os, in.eps);
  os << ",\"error\":";
  WriteString(os, lab.error);
  os << ",\"edit_error\":";
  WriteString(os, lab.edit_error);
  os << ",\"sel\":[" << lab.sel[0] << ',' << lab.sel[1] << ',' << lab.sel[2] << ',' << lab.sel[3] << ']';
  os << ",\"step\":" << lab.step << ",\"steps\":[";
  for (size_t k = 0; k < t.steps.size(); ++k) {
    if (k) os << ',';
    WriteString(os, t.steps[k].key);
  }
  os << ']';
  if (!lab.error.empty() || t.steps.empty()) {
    os << '}';
    return;
  }
  os << ",\"step_name\":";
  WriteString(os, t.steps[lab.step].key);
  os << ",\"formula\":";
  WriteString(os, bn::NormSubstituted(t, lab.step, lab.sel[0], lab.sel[1], lab.sel[2], lab.sel[3]));
  os << ",\"count\":" << t.fwd.groups.count << ",\"size\":" << t.fwd.groups.size;
  os << ",\"group_of_sel\":" << bn::GroupOf(t.fwd.groups, lab.sel[0], lab.sel[1]);
  os << ",\"x\":";
  WriteValues(os, t.x.data);
  os << ",\"gamma\":";
  WriteMatrix(os, in.gamma, true);
  os << ",\"beta\":";
  WriteMatrix(os, in.beta, true);
  if (in.backward) {
    os << ",\"dy\":";
    WriteValues(os, t.dy.data);
  }
  os << ",\"values\":{";
  for (int k = 0; k <= lab.step && k < static_cast<int>(t.steps.size()); ++k) {
    if (k) os << ',';
    WriteString(os, t.steps[k].key);
    os << ':';
    WriteValues(os, t.steps[k].value);
  }
  os << "}}";
}

}  // namespace

std::string StateJson(const AppState& app) {
  Out os;
  const LabInput& in = app.input;
  os << '{';
  os << "\"x\":";
  WriteMatrix(os, in.x, false);
  os << ",\"gamma\":";
  WriteMatrix(os, in.gamma, true);
  os << ",\"beta\":";
  WriteMatrix(os, in.beta, true);
  os << ",\"eps\":";
  WriteNumber(os, in.eps);
  os << ",\"mode\":\"" << (in.mode == bn::Mode::Train ? "train" : "eval") << '"';
  os << ",\"error\":";
  WriteString(os, app.trace_error);
  os << ",\"import_error\":";
  WriteString(os, app.ui.import_error);
  os << ",\"cell_error\":";
  WriteString(os, app.edit.error);
  os << ",\"notice\":";
  WriteString(os, app.ui.notice);
  os << ",\"notice_is_error\":" << (app.ui.notice_is_error ? "true" : "false");
  os << ",\"n\":" << in.x.rows() << ",\"d\":" << in.x.cols();
  os << ",\"playing\":" << (app.view.playing ? "true" : "false");
  os << ",\"steps_per_second\":" << app.view.steps_per_second;
  os << ",\"frame\":" << app.frame_count;
  os << ",\"tab\":" << app.ui.tab;
  os << ",\"keyboard_nav\":" << (app.ui.keyboard_nav ? "true" : "false");
  os << ",\"nav_item\":";
  WriteString(os, app.ui.nav_item);
  os << ",\"ui_scale\":" << app.ui.ui_scale;
  const auto& history = app.running_lab.stream.history();
  os << ",\"running_lab\":{\"batches\":" << app.running_lab.stream.steps_done();
  if (!history.empty()) {
    os << ",\"running_mean\":";
    WriteNumber(os, history.back().running_mean);
    os << ",\"running_var\":";
    WriteNumber(os, history.back().running_var);
  }
  os << '}';
  // The Speed panel.
  os << ",\"speed\":{\"running\":" << (app.speed.running ? "true" : "false") << ",\"results\":[";
  for (size_t k = 0; k < app.speed.results.size(); ++k) {
    const bn::BenchResult& r = app.speed.results[k];
    os << (k ? "," : "") << "{\"kind\":\"" << r.kind << "\",\"simd_ms\":" << r.simd_s * 1e3
       << ",\"scalar_ms\":" << r.scalar_s * 1e3 << ",\"memcpy_gbps\":" << r.memcpy_gbps << ",\"shape\":[";
    for (size_t q = 0; q < r.shape.size(); ++q) os << (q ? "," : "") << r.shape[q];
    os << "]}";
  }
  os << "]}";
  // The training lab.
  os << ",\"train\":{\"running\":" << (app.train.running ? "true" : "false");
  os << ",\"experiment\":";
  WriteString(os, bn::ExperimentName(app.train.config.experiment));
  os << ",\"steps_per_second\":" << app.train.measured_sps;
  os << ",\"error\":";
  WriteString(os, app.train.error);
  if (app.train.trainer) {
    os << ",\"step\":" << app.train.trainer->step() << ",\"runs\":[";
    const auto& runs = app.train.trainer->runs();
    for (size_t r = 0; r < runs.size(); ++r) {
      if (r) os << ',';
      os << "{\"network\":\"" << bn::NormName(runs[r].norm) << "\",\"diverged_at\":" << runs[r].diverged_at;
      os << ",\"log_rows\":" << runs[r].log.size();
      if (!runs[r].log.empty()) {
        os << ",\"train_loss\":";
        WriteNumber(os, runs[r].log.back().train_loss);
        os << ",\"test_acc\":";
        WriteNumber(os, runs[r].log.back().test_acc);
        os << ",\"train_acc\":";
        WriteNumber(os, runs[r].log.back().train_acc);
      }
      os << '}';
    }
    os << ']';
  }
  os << '}';
  WriteImageLab(os, app.image);
  os << ",\"dpr\":" << app.ui.dpi_scale;
  // The page's text version (web/a11y.js), touch and the look.
  os << ",\"revision\":" << app.revision << ",\"a11y\":" << MirrorJson(app);
  os << ",\"theme\":\"" << (app.ui.high_contrast ? "contrast" : app.ui.dark_theme ? "dark" : "light") << '"';
  os << ",\"touch_ui\":" << (app.ui.touch_ui ? "true" : "false");
  os << ",\"reduce_motion\":" << (app.ui.reduce_motion ? "true" : "false");
  os << ",\"tooltip\":" << (app.ui.tooltip_shown ? "true" : "false");
  os << ",\"rects\":{";
  for (size_t k = 0; k < app.item_rects.size(); ++k) {
    const ItemRect& r = app.item_rects[k];
    if (k) os << ',';
    WriteString(os, r.id);
    os << ":[" << r.x << ',' << r.y << ',' << r.w << ',' << r.h << ']';
  }
  os << '}';
  os << ",\"step\":" << app.step;
  const auto& steps = app.trace.steps;
  os << ",\"step_name\":";
  WriteString(os, app.step < static_cast<int>(steps.size()) ? steps[app.step].key : std::string());
  os << ",\"steps\":[";
  for (size_t k = 0; k < steps.size(); ++k) {
    if (k) os << ',';
    WriteString(os, steps[k].key);
  }
  os << ']';
  const int dx_step = app.trace.index_of("dx");
  if (dx_step >= 0 && app.step >= dx_step && app.dx_numeric.size() > 0) {
    os << ",\"dx_numeric\":";
    WriteMatrix(os, app.dx_numeric, false);
  }
  // Every value computed up to and including the current step, under its step key.
  for (int k = 0; k <= app.step && k < static_cast<int>(steps.size()); ++k) {
    os << ',';
    WriteString(os, steps[k].key);
    os << ':';
    WriteMatrix(os, steps[k].value, steps[k].extent == bn::Extent::PerFeature);
  }
  os << '}';
  return os.str();
}

namespace {

// Reads "a,b,c,d" (count whole numbers) into out.
bool ParseInts(const std::string& text, int count, int* out) {
  size_t start = 0;
  for (int q = 0; q < count; ++q) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str() + start, &end, 10);
    const size_t stop = static_cast<size_t>(end - text.c_str());
    if (stop == start || stop > text.size()) return false;
    out[q] = static_cast<int>(std::max(-1L, std::min(v, 1000L)));
    if (q + 1 < count) {
      if (stop >= text.size() || text[stop] != ',') return false;
      start = stop + 1;
    } else if (stop != text.size()) {
      return false;
    }
  }
  return true;
}

// The image lab's commands (for tests and the desktop's --command): "norm=NAME", "groups=G", "ghost=B",
// "shape=N,C,H,W", "back=0|1", "sel=n,c,h,w", "seed=S". Settings go through the hash reader, so they are
// checked exactly as a link would be.
bool ImageCommand(AppState& app, const std::string& cmd, std::string* error) {
  ImageLab& lab = app.image;
  const size_t eq = cmd.find('=');
  const std::string key = cmd.substr(0, eq), value = eq == std::string::npos ? "" : cmd.substr(eq + 1);
  if (key == "sel") {
    int v[4];
    const int dims[4] = {lab.input.n, lab.input.c, lab.input.h, lab.input.w};
    if (!ParseInts(value, 4, v)) return *error = "sel needs n,c,h,w", false;
    for (int q = 0; q < 4; ++q)
      if (v[q] < 0 || v[q] >= dims[q]) return *error = "sel is outside the batch", false;
    std::copy(v, v + 4, lab.sel);
    lab.edit_for = -1;
    return true;
  }
  bn::ImageLabInput next = lab.input;
  int step = lab.step;
  if (key == "shape") {
    int v[4];
    if (!ParseInts(value, 4, v)) return *error = "shape needs N,C,H,W", false;
    for (int q = 0; q < 4; ++q)
      if (v[q] < 1 || v[q] > bn::kImageMaxDim) return *error = "each of N, C, H, W must be 1 to 8", false;
    bn::ResizeImageLab(&next, v[0], v[1], v[2], v[3]);
  } else if (key == "norm" || key == "groups" || key == "ghost" || key == "back" || key == "seed") {
    // Through the hash reader: the current settings with this one key replaced.
    const std::string hash = bn::FormatImageHash(lab.input, lab.step);
    std::string rebuilt;
    size_t start = 0;
    while (start <= hash.size()) {
      const size_t amp = hash.find('&', start);
      const std::string item = hash.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (item.rfind(key + "=", 0) != 0 && item.rfind("groups=", 0) != 0 && item.rfind("ghost=", 0) != 0)
        rebuilt += (rebuilt.empty() ? "" : "&") + item;
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
    if (key != "groups") rebuilt += "&groups=" + std::to_string(next.params.groups);
    if (key != "ghost") rebuilt += "&ghost=" + std::to_string(next.params.ghost_batch);
    rebuilt += "&" + cmd;
    if (!bn::ApplyImageHash(rebuilt, &next, &step, error)) return false;
  } else {
    *error = "unknown image command '" + key + "'";
    return false;
  }
  lab.input = next;
  lab.step = step;
  RecomputeImage(app);
  return true;
}

}  // namespace

std::string RunCommand(AppState& app, const std::string& command) {
  // next/prev/first/last move the step of the lab on screen: the image lab's on tab 5, else the dense one.
  // A tab asked for (a key, a link, a command) shows from the next frame on; until then it already counts.
  const bool image = (app.ui.tab_request >= 0 ? app.ui.tab_request : app.ui.tab) == 4;
  int& step = image ? app.image.step : app.step;
  const int last = static_cast<int>(image ? app.image.trace.steps.size() : app.trace.steps.size()) - 1;
  if (command == "next") {
    if (step < last) ++step;
  } else if (command == "prev") {
    if (step > 0) --step;
  } else if (command == "first") {
    step = 0;
  } else if (command == "last") {
    step = last < 0 ? 0 : last;
  } else if (command.rfind("ui-scale:", 0) == 0) {  // as the View menu's slider: 75–200 %, remembered
    int percent = 0;
    if (!ParseInts(command.substr(9), 1, &percent) || percent < 75 || percent > 200)
      return "{\"ok\":false,\"error\":\"ui-scale takes a whole percentage from 75 to 200\"}";
    app.ui.ui_scale = static_cast<float>(percent) / 100.0f;
    SaveSetting("ui_scale", std::to_string(percent));
  } else if (command.rfind("theme:", 0) == 0) {  // as the View menu: dark, light or contrast, remembered
    const std::string name = command.substr(6);
    if (name != "dark" && name != "light" && name != "contrast")
      return "{\"ok\":false,\"error\":\"theme takes dark, light or contrast\"}";
    app.ui.high_contrast = name == "contrast";
    if (name != "contrast") app.ui.dark_theme = name == "dark";
    SaveSetting("theme", name);
  } else if (command == "keyboard-nav") {
    app.ui.keyboard_nav = !app.ui.keyboard_nav;
  } else if (command == "tab-image") {
    app.ui.tab_request = 4;
  } else if (command.rfind("image:", 0) == 0) {
    std::string error;
    if (!ImageCommand(app, command.substr(6), &error)) {
      Out os;
      os << "{\"ok\":false,\"error\":";
      WriteString(os, error);
      os << '}';
      return os.str();
    }
  } else if (command == "tab-step") {
    app.ui.tab_request = 0;
  } else if (command == "tab-running") {
    app.ui.tab_request = 1;
  } else if (command == "tab-train") {
    app.ui.tab_request = 2;
  } else if (command == "train-start") {
    app.train.running = true;
  } else if (command == "import-open") {
    app.ui.show_import = true;
  } else if (command == "tab-speed") {
    app.ui.tab_request = 3;
  } else if (command == "speed-run") {
    app.speed.results.clear();
    app.speed.running = true;
  } else if (command == "train-max-speed") {
    app.train.max_steps_per_second = 50000.0f;
  } else if (command == "train-pause") {
    app.train.running = false;
  } else if (command == "train-reset") {
    ResetTraining(app);
  } else if (command.rfind("experiment:", 0) == 0) {
    const std::vector<bn::ExperimentInfo> list = bn::Experiments();
    bool found = false;
    for (size_t k = 0; k < list.size(); ++k)
      if (command.substr(11) == bn::ExperimentName(list[k].experiment)) {
        app.train.experiment = static_cast<int>(k);
        app.train.config = list[k].config;
        app.train.norms = list[k].norms;
        app.train.sweep_result.clear();
        ResetTraining(app);
        found = true;
      }
    if (!found) return "{\"ok\":false,\"error\":\"unknown experiment\"}";
  } else if (command == "play") {
    app.view.playing = true;
  } else if (command == "pause") {
    app.view.playing = false;
  } else {
    Out os;
    os << "{\"ok\":false,\"error\":";
    WriteString(os, "unknown command '" + command + "' (known: next, prev, first, last, play, pause, tab-step, tab-running, tab-train, tab-speed, tab-image, ui-scale:P, theme:dark|light|contrast, keyboard-nav, speed-run, train-start, train-pause, train-reset, experiment:NAME, image:norm=NAME, image:groups=G, image:ghost=B, image:shape=N,C,H,W, image:back=0|1, image:sel=n,c,h,w, image:seed=S)");
    os << '}';
    return os.str();
  }
  app.hash_dirty = true;
  return "{\"ok\":true,\"step\":" + std::to_string(step) + "}";
}

}  // namespace bnlab
