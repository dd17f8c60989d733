// advance.cpp: the per-frame advance of the live labs (playback, running statistics, training, benchmark, the
// lesson's follow-up) and StepTraining, the training lab's one step function.
#include "state/advance.hpp"

#include <algorithm>

#include "core/base/clock.hpp"
#include "state/commands.hpp"
#include "state/learn.hpp"

namespace bnlab {

// Advances the step while playing; stops at the last step.
void AdvancePlayback(AppState& app, float dt) {
  StepLab& lab = app.step_lab;
  if (!lab.view.playing) return;
  const int count = static_cast<int>(lab.trace.steps.size());
  lab.view.play_accum += dt;
  const double period = 1.0 / lab.view.steps_per_second;
  while (lab.view.play_accum >= period) {
    lab.view.play_accum -= period;
    if (lab.step + 1 < count) {
      RunCommand(app, "next");
    } else {
      lab.view.playing = false;
      break;
    }
  }
}

void ResetStream(RunningLab& lab) {
  try {
    lab.stream.Reset(lab.config);
    lab.error.clear();
  } catch (const std::exception& e) {
    lab.error = e.what();
  }
}

void AdvanceRunningLab(AppState& app, float dt) {
  RunningLab& lab = app.running_lab;
  if (!lab.auto_run || !lab.error.empty()) return;
  lab.accum += dt;
  const double period = 1.0 / lab.batches_per_second;
  int budget = 100;  // never more than 100 batches in one frame, even after a long pause
  while (lab.accum >= period && budget-- > 0) {
    lab.accum -= period;
    lab.stream.Step();
  }
  if (budget <= 0) lab.accum = 0.0;
}

int StepTraining(TrainLab& t, int steps, double deadline) {
  if (!t.trainer) return 0;
  bn::Trainer& tr = *t.trainer;
  const bool timed = deadline < std::numeric_limits<double>::infinity();
  int taken = 0;
  while (taken < steps && (!timed || bn::NowSeconds() < deadline)) {
    tr.Step(1);
    ++taken;
    if (tr.step() % t.log_every == 0) tr.Log();
  }
  bool all_diverged = true;
  for (const bn::Run& r : tr.runs()) all_diverged &= r.diverged;
  if (all_diverged) t.running = false;
  bool logged = true;  // every network still training has a row at this step
  for (const bn::Run& r : tr.runs())
    if (!r.diverged) logged &= !r.log.empty() && r.log.back().step == tr.step();
  if (!t.running && !logged) tr.Log();
  if (taken > 0) ++t.networks_version;
  return taken;
}

void AdvanceTraining(AppState& app, float dt) {
  TrainLab& t = app.train;
  if (t.norms.empty()) SelectExperiment(app, 0);
  const double now = bn::NowSeconds();
  if (t.sps_window_start <= 0.0) t.sps_window_start = now;
  if (now - t.sps_window_start >= 1.0) {
    t.measured_sps = t.sps_window_steps / (now - t.sps_window_start);
    t.sps_window_start = now;
    t.sps_window_steps = 0;
  }
  // A sweep: one value per frame (each is a short training run).
  if (t.sweeping && t.sweep_result.size() < t.sweep_values.size()) {
    const bool init = t.config.experiment == bn::Experiment::Init;
    const auto one = bn::RunSweep(t.config, t.norms, {t.sweep_values[t.sweep_result.size()]}, init, t.sweep_steps);
    t.sweep_result.push_back(one[0]);
    if (t.sweep_result.size() == t.sweep_values.size()) t.sweeping = false;
  }
  if (!t.running || !t.trainer) return;
  // Steps owed by the speed slider, run within ~8 ms of this frame so drawing stays at 60 fps.
  t.step_debt = std::min(t.step_debt + dt * t.max_steps_per_second, 0.25 * t.max_steps_per_second);
  const double budget_end = now + 0.008;
  const int taken = StepTraining(t, static_cast<int>(t.step_debt), budget_end);
  t.step_debt -= taken;
  t.sps_window_steps += taken;
  if (t.step_debt > 1.0 && bn::NowSeconds() >= budget_end) t.step_debt = 0.0;  // cannot keep up: do not pile up
}

void AdvanceLabs(AppState& app, float dt) {
  AdvancePlayback(app, dt);
  AdvanceRunningLab(app, dt);
  AdvanceTraining(app, dt);
  AdvanceSpeed(app);
  AdvanceLearn(app);
}

bool LabsMoving(const AppState& app) {
  const TrainGpuState& gpu = app.train.gpu;
  return app.step_lab.view.playing || (app.running_lab.auto_run && app.running_lab.error.empty()) ||
         app.train.running || app.speed.running || !app.ui.language_pending.empty() ||
         !app.teach.capture.rect_id.empty() || !gpu.readback_request.empty() ||
         (gpu.landscape_progress > 0.0f && gpu.landscape_progress < 1.0f) ||
         // the landscape on screen and not complete: its job starts, restarts and advances in drawn frames only
         (app.ui.tab == Lab::Training && gpu.view == TrainView::Landscape && app.train.trainer &&
          gpu.landscape_progress < 1.0f);
}

const std::vector<SpeedShape>& SpeedShapes() {
  static const std::vector<SpeedShape> shapes = {  // constant table, not state
      {"dense", {64, 16}}, {"dense", {1024, 128}}, {"dense", {4096, 64}}, {"dense", {4096, 256}},
      {"conv", {8, 32, 16, 16}}};
  return shapes;
}

void AdvanceSpeed(AppState& app) {
  SpeedLab& s = app.speed;
  if (!s.running) return;
  const auto& shapes = SpeedShapes();
  if (s.results.size() < shapes.size()) {
    const SpeedShape& next = shapes[s.results.size()];
    s.results.push_back(bn::BenchBnShape(next.kind, next.dims, s.seconds_per_variant));
  }
  if (s.results.size() == shapes.size()) s.running = false;
}

}  // namespace bnlab
