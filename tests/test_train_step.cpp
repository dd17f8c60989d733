// test_train_step.cpp: the training lab's one step function (StepTraining, state/advance.hpp), which the Step button,
// train-steps: and the frame share: the same networks and losses as the old command path, the log's cadence (a row
// every log_every steps, and the last step when training is not running), networks_version, the frame's time
// budget, divergence; and AdvanceLabs, the frame's one call.
#include <doctest.h>

#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/io/json.hpp"
#include "state/advance.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"

namespace {

void Start(bnlab::AppState* app) {
  app->step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(*app);
  bnlab::SelectExperiment(*app, 0);  // plain and BN, log every 25 steps
}

std::vector<int> LoggedSteps(const bn::Run& r) {
  std::vector<int> steps;
  for (const bn::LogRow& row : r.log) steps.push_back(row.step);
  return steps;
}

// The train-steps: command as it was written before StepTraining (teach_commands.cpp): a row at every multiple of
// log_every, then the last step if run 0 had no row there.
void OldCommandPath(bn::Trainer& t, int n, int log_every) {
  for (int k = 0; k < n; ++k) {
    t.Step(1);
    if (t.step() % log_every == 0) t.Log();
  }
  if (t.runs()[0].log.empty() || t.runs()[0].log.back().step != t.step()) t.Log();
}

bool SameRow(const bn::LogRow& a, const bn::LogRow& b) {
  return a.step == b.step && a.train_loss == b.train_loss && a.test_loss == b.test_loss &&
         a.train_acc == b.train_acc && a.test_acc == b.test_acc;
}

}  // namespace

TEST_CASE("StepTraining: one call of k steps logs as the old train-steps path, to the same losses and weights") {
  bnlab::AppState app;
  Start(&app);
  REQUIRE(app.train.trainer);
  REQUIRE(app.train.log_every == 25);
  bn::Trainer old(app.train.config, app.train.norms);
  old.Log();
  OldCommandPath(old, 60, 25);
  const int version = app.train.networks_version;
  CHECK(bnlab::StepTraining(app.train, 60) == 60);
  CHECK(app.train.networks_version == version + 1);
  const bn::Trainer& now = *app.train.trainer;
  CHECK(now.step() == 60);
  for (size_t r = 0; r < now.runs().size(); ++r) {
    CAPTURE(r);
    CHECK(LoggedSteps(now.runs()[r]) == std::vector<int>{0, 25, 50, 60});
    REQUIRE(now.runs()[r].log.size() == old.runs()[r].log.size());
    for (size_t k = 0; k < old.runs()[r].log.size(); ++k) CHECK(SameRow(now.runs()[r].log[k], old.runs()[r].log[k]));
    CHECK(now.runs()[r].net.Params() == old.runs()[r].net.Params());
  }
  // The command goes through it: the same again.
  bnlab::AppState cmd;
  Start(&cmd);
  REQUIRE(bn::Json::Parse(bnlab::RunCommand(cmd, "train-steps:60")).get("ok")->boolean());
  for (size_t r = 0; r < old.runs().size(); ++r) {
    REQUIRE(cmd.train.trainer->runs()[r].log.size() == old.runs()[r].log.size());
    for (size_t k = 0; k < old.runs()[r].log.size(); ++k)
      CHECK(SameRow(cmd.train.trainer->runs()[r].log[k], old.runs()[r].log[k]));
  }
}

TEST_CASE("StepTraining: k calls of one step (the Step button) reach the same networks; each logs its step") {
  bnlab::AppState app;
  Start(&app);
  bn::Trainer old(app.train.config, app.train.norms);
  old.Log();
  OldCommandPath(old, 30, 25);
  const int version = app.train.networks_version;
  for (int k = 0; k < 30; ++k) CHECK(bnlab::StepTraining(app.train, 1) == 1);
  CHECK(app.train.networks_version == version + 30);  // the button now redraws the pictures as the command did
  const bn::Trainer& now = *app.train.trainer;
  for (size_t r = 0; r < now.runs().size(); ++r) {
    const bn::Run& run = now.runs()[r];
    REQUIRE(run.log.size() == 31);  // paused: every press ends at a logged step (the button's old rule)
    for (int k = 0; k <= 30; ++k) CHECK(run.log[k].step == k);
    CHECK(SameRow(run.log[25], old.runs()[r].log[1]));
    CHECK(SameRow(run.log[30], old.runs()[r].log[2]));
    CHECK(run.net.Params() == old.runs()[r].net.Params());
  }
}

TEST_CASE("StepTraining: while training runs (the frame) only every log_every-th step is logged") {
  bnlab::AppState app;
  Start(&app);
  app.train.running = true;
  CHECK(bnlab::StepTraining(app.train, 60) == 60);
  for (const bn::Run& r : app.train.trainer->runs()) CHECK(LoggedSteps(r) == std::vector<int>{0, 25, 50});
  CHECK(app.train.running);
  app.train.log_every = 7;
  CHECK(bnlab::StepTraining(app.train, 10) == 10);
  for (const bn::Run& r : app.train.trainer->runs()) CHECK(LoggedSteps(r) == std::vector<int>{0, 25, 50, 63, 70});
  // Paused, a call ends at a logged step.
  app.train.running = false;
  CHECK(bnlab::StepTraining(app.train, 2) == 2);
  for (const bn::Run& r : app.train.trainer->runs()) CHECK(LoggedSteps(r) == std::vector<int>{0, 25, 50, 63, 70, 72});
}

TEST_CASE("StepTraining: the deadline, no networks, and divergence") {
  bnlab::AppState app;
  Start(&app);
  const int version = app.train.networks_version;
  CHECK(bnlab::StepTraining(app.train, 50, bn::NowSeconds() - 1.0) == 0);  // the frame's budget already spent
  CHECK(app.train.trainer->step() == 0);
  CHECK(app.train.networks_version == version);  // nothing moved: the pictures stay
  CHECK(app.train.trainer->runs()[0].log.size() == 1);
  CHECK(bnlab::StepTraining(app.train, 3, bn::NowSeconds() + 60.0) == 3);
  app.train.trainer.reset();
  CHECK(bnlab::StepTraining(app.train, 5) == 0);
  // A plain network at a huge learning rate diverges; when every network has, training stops and the curve ends.
  bnlab::AppState wild;
  Start(&wild);
  wild.train.norms = {bn::NormKind::None};
  wild.train.config.lr = 1000;
  wild.train.config.momentum = 0.9;
  wild.train.config.net.init_scale = 3;
  wild.train.config.net.activation = bn::Activation::Relu;
  bnlab::ResetTraining(wild);
  REQUIRE(wild.train.trainer);
  wild.train.running = true;
  bnlab::StepTraining(wild.train, 200);
  REQUIRE(wild.train.trainer->runs()[0].diverged);
  CHECK_FALSE(wild.train.running);
  CHECK(wild.train.trainer->runs()[0].log.back().step < wild.train.trainer->runs()[0].diverged_at);
}

TEST_CASE("AdvanceLabs: the frame's one call moves playback and training") {
  bnlab::AppState app;
  Start(&app);
  app.step_lab.view.playing = true;
  app.step_lab.view.steps_per_second = 2.0f;
  app.train.running = true;
  app.train.max_steps_per_second = 100.0f;
  const int version = app.train.networks_version;
  bnlab::AdvanceLabs(app, 0.6f);
  CHECK(app.step_lab.step == 1);
  // Up to 25 steps owed (0.25 s of the slider's 100 steps/s), as many as fit the frame's 8 ms.
  const int first = app.train.trainer->step();
  CHECK(first <= 25);
  CHECK(app.train.networks_version == version + (first > 0 ? 1 : 0));
  for (int frame = 0; frame < 200 && app.train.trainer->step() == 0; ++frame) bnlab::AdvanceLabs(app, 0.05f);
  CHECK(app.train.trainer->step() > 0);
  CHECK(app.train.sps_window_steps == app.train.trainer->step());
  CHECK(app.train.running);
}
