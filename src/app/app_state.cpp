// app_state.cpp: the default batch, recomputation, and the JSON/command hooks used by tests.
#include "app/app_state.hpp"

#include "core/bntrace_io.hpp"
#include "core/gradcheck.hpp"
#include "core/lab_hash.hpp"
#include "core/lab_presets.hpp"

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
  os << ",\"frame\":" << app.frame_count;
  os << ",\"tab\":" << app.ui.tab;
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
      }
      os << '}';
    }
    os << ']';
  }
  os << '}';
  os << ",\"dpr\":" << app.ui.dpi_scale;
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

std::string RunCommand(AppState& app, const std::string& command) {
  const int last = static_cast<int>(app.trace.steps.size()) - 1;
  if (command == "next") {
    if (app.step < last) ++app.step;
  } else if (command == "prev") {
    if (app.step > 0) --app.step;
  } else if (command == "first") {
    app.step = 0;
  } else if (command == "last") {
    app.step = last < 0 ? 0 : last;
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
    WriteString(os, "unknown command '" + command + "' (known: next, prev, first, last, play, pause, tab-step, tab-running, tab-train, tab-speed, speed-run, train-start, train-pause, train-reset, experiment:NAME)");
    os << '}';
    return os.str();
  }
  app.hash_dirty = true;
  return "{\"ok\":true,\"step\":" + std::to_string(app.step) + "}";
}

}  // namespace bnlab
