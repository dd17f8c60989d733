// app_state.cpp: the default batch, recomputation, experiment selection, import, play and batch resizing.
#include "state/app_state.hpp"

#include "core/i18n/current.hpp"
#include "core/io/bntrace_io.hpp"
#include "core/bn/gradcheck.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_presets.hpp"
#include "state/learn.hpp"

#include <algorithm>
#include <stdexcept>

namespace bnlab {

LabInput DefaultLabInput() { return bn::DefaultLabBatch(); }

void Recompute(AppState& app) {
  StepLab& lab = app.step_lab;
  try {
    lab.trace = bn::BuildTrace(lab.input);
    lab.trace_error.clear();
    lab.dx_numeric = lab.input.has_dy ? bn::NumericDx(lab.input) : bn::Mat();
  } catch (const std::exception& e) {
    lab.trace = bn::Trace{};
    lab.trace_error = e.what();
  }
  const int last = static_cast<int>(lab.trace.steps.size()) - 1;
  if (lab.step > last) lab.step = last;
  if (lab.step < 0) lab.step = 0;
  const int n = static_cast<int>(lab.input.x.rows()), d = static_cast<int>(lab.input.x.cols());
  if (lab.view.sel_row >= n) lab.view.sel_row = n - 1;
  if (lab.view.sel_col >= d) lab.view.sel_col = d - 1;
  if (lab.view.sel_row < 0) lab.view.sel_row = 0;
  if (lab.view.sel_col < 0) lab.view.sel_col = 0;
  PracticeBatchChanged(app);  // a practice round restarts with the batch
  UpdateLessonHiding(app);    // the steps' keys may have changed (the backward pass on or off)
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
  UpdateLessonHiding(app);
  app.hash_dirty = true;
}

void ResetTraining(AppState& app) {
  TrainLab& t = app.train;
  t.running = false;
  ++t.networks_version;
  // The watched layer and unit follow a shallower or narrower network (as a link and bntrain do): the last layer,
  // the first unit.
  bn::TrainConfig& settings = t.config;
  if (settings.watch_layer >= settings.net.depth) settings.watch_layer = std::max(0, settings.net.depth - 1);
  if (settings.watch_unit >= settings.net.width) settings.watch_unit = 0;
  try {
    if (app.teach.own.active) {
      // The teacher's points: the batch is at most the training set (a small drawn set still trains).
      bn::Dataset data = OwnDataset(app);
      bn::TrainConfig c = t.config;
      c.batch = std::min<int>(c.batch, static_cast<int>(data.train_x.rows()));
      t.trainer = std::make_unique<bn::Trainer>(c, t.norms, std::move(data));
    } else {
      t.trainer = std::make_unique<bn::Trainer>(t.config, t.norms);
    }
    t.trainer->Log();
    t.error.clear();
  } catch (const std::exception& e) {
    t.trainer.reset();
    t.error = e.what();
  }
}

void SelectExperiment(AppState& app, int k) {
  TrainLab& t = app.train;
  if (t.experiments.empty()) t.experiments = bn::Experiments();
  if (k < 0 || k >= static_cast<int>(t.experiments.size())) return;
  t.experiment = k;
  t.config = t.experiments[k].config;
  t.norms = t.experiments[k].norms;
  t.sweep_result.clear();
  t.sweeping = false;
  ResetTraining(app);
}

void SetInput(AppState& app, const LabInput& input) {
  app.step_lab.input = input;
  app.step_lab.edit = CellEdit{};
  app.lesson.owns_step = false;  // a batch from elsewhere (OpenLessonChapter sets it again for its own)
  Recompute(app);
}

bool ImportJson(AppState& app, const std::string& text) {
  try {
    const bn::BnTraceRequest req = bn::ParseBnTraceInput(text);
    if (req.norm.variant != bn::NormVariant::Batch)
      throw std::invalid_argument(bn::Tr("msg.import.not_batchnorm", {{"norm", bn::NormKeyName(req.norm.variant)}}));
    if (req.shape.conv) throw std::invalid_argument(bn::Tr("msg.import.conv"));
    if (req.in.x.rows() > bn::kLabMaxSamples || req.in.x.cols() > bn::kLabMaxFeatures) {
      throw std::invalid_argument(bn::Tr("msg.import.too_big", {{"rows", std::to_string(req.in.x.rows())},
                                                                {"cols", std::to_string(req.in.x.cols())},
                                                                {"max_rows", std::to_string(bn::kLabMaxSamples)},
                                                                {"max_cols", std::to_string(bn::kLabMaxFeatures)}}));
    }
    SetInput(app, req.in);
    app.step_lab.step = 0;
    app.ui.import_error.clear();
    Notify(app, bn::Tr("msg.import.done", {{"rows", std::to_string(req.in.x.rows())},
                                           {"cols", std::to_string(req.in.x.cols())}}),
           false);
    return true;
  } catch (const std::invalid_argument& e) {
    app.ui.import_error = bn::Tr("msg.import.refused", {{"why", e.what()}});
    return false;
  }
}

void Notify(AppState& app, const std::string& text, bool is_error) {
  app.ui.notice = text;
  app.ui.notice_is_error = is_error;
  app.ui.notice_time = app.time;
}

void TogglePlay(StepLab& lab) {
  const int last = static_cast<int>(lab.trace.steps.size()) - 1;
  if (!lab.view.playing && lab.step == last) lab.step = 0;  // play again from the start
  lab.view.playing = !lab.view.playing;
  lab.view.play_accum = 0.0;
}

void AddSample(AppState& app) {
  LabInput& in = app.step_lab.input;
  const Eigen::Index n = in.x.rows();
  if (n >= bn::kLabMaxSamples) return;
  in.x.conservativeResize(n + 1, Eigen::NoChange);
  in.x.row(n) = in.x.row(n - 1);
  if (in.has_dy) {
    in.dy.conservativeResize(n + 1, Eigen::NoChange);
    in.dy.row(n).setOnes();
  }
  app.step_lab.edit = CellEdit{};
  Recompute(app);
}

void RemoveSample(AppState& app) {
  LabInput& in = app.step_lab.input;
  const Eigen::Index n = in.x.rows();
  if (n <= 1) return;
  in.x.conservativeResize(n - 1, Eigen::NoChange);
  if (in.has_dy) in.dy.conservativeResize(n - 1, Eigen::NoChange);
  app.step_lab.edit = CellEdit{};
  Recompute(app);
}

void AddFeature(AppState& app) {
  LabInput& in = app.step_lab.input;
  const Eigen::Index n = in.x.rows(), d = in.x.cols();
  if (d >= bn::kLabMaxFeatures) return;
  in.x.conservativeResize(Eigen::NoChange, d + 1);
  for (Eigen::Index i = 0; i < n; ++i) in.x(i, d) = static_cast<double>(i + 1);
  in.gamma.conservativeResize(d + 1);
  in.gamma(d) = 1.0;
  in.beta.conservativeResize(d + 1);
  in.beta(d) = 0.0;
  in.running.mean.conservativeResize(d + 1);
  in.running.mean(d) = 0.0;
  in.running.var.conservativeResize(d + 1);
  in.running.var(d) = 1.0;
  if (in.has_dy) {
    in.dy.conservativeResize(Eigen::NoChange, d + 1);
    in.dy.col(d).setOnes();
  }
  app.step_lab.edit = CellEdit{};
  Recompute(app);
}

void RemoveFeature(AppState& app) {
  LabInput& in = app.step_lab.input;
  const Eigen::Index d = in.x.cols();
  if (d <= 1) return;
  in.x.conservativeResize(Eigen::NoChange, d - 1);
  in.gamma.conservativeResize(d - 1);
  in.beta.conservativeResize(d - 1);
  in.running.mean.conservativeResize(d - 1);
  in.running.var.conservativeResize(d - 1);
  if (in.has_dy) in.dy.conservativeResize(Eigen::NoChange, d - 1);
  app.step_lab.edit = CellEdit{};
  Recompute(app);
}

}  // namespace bnlab
