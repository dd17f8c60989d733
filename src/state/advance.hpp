// advance.hpp: the labs that move on their own, advanced once per frame by the host window (no drawing), and the
// one training step function the Step button, train-steps: and the frame share.
//
//   AdvanceLabs        once per frame, from both frames (DrawAllPanels, and main.cpp's TextFrame in text mode):
//                      the five below and AdvanceLearn (state/learn.hpp), in that order
//   AdvancePlayback    the step lab's Play: one step every 1/steps_per_second seconds, stops at the last
//   AdvanceRunningLab  the stream of batches (Stream ticked), at most 100 batches a frame
//   AdvanceTraining    training steps within ~8 ms of the frame (StepTraining), the steps/s measurement, sweeps
//   AdvanceSpeed       the benchmark, one shape per frame
//   LabsMoving         whether anything above moves on its own (the frame must keep coming), or waits for a frame
//   StepTraining       k SGD steps of the training lab's networks, with the lab's logging rule
//   SpeedShapes        the benchmark's shapes;  ResetStream  restarts the running lab from its settings
#pragma once

#include <limits>
#include <vector>

#include "state/app_state.hpp"

namespace bnlab {

void AdvanceLabs(AppState& app, float dt);
void AdvancePlayback(AppState& app, float dt);
void AdvanceRunningLab(AppState& app, float dt);
void AdvanceTraining(AppState& app, float dt);
void AdvanceSpeed(AppState& app);

// Whether the app needs frames without any input: Play, the stream, training or the benchmark running, a landscape
// being computed in strips, a language's texts being fetched, a picture or a GPU read-back waiting for its frame.
// main.cpp draws frames on demand: on input, while this holds, and now and then.
bool LabsMoving(const AppState& app);

// Up to `steps` SGD steps of every network (the Step button: 1; train-steps:N: N; the frame: the steps the speed
// slider owes), stopping early once bn::NowSeconds() reaches `deadline` (the frame's time budget). The one logging
// rule: a row at every step that is a multiple of log_every, and, when the call ends with training not running
// (the button, the command, or the frame in which the last network diverged: running is cleared then), a row at
// the last step too, so the curves reach the networks on screen. Bumps networks_version when it took a step (the
// pictures redraw). Returns the steps taken; 0 without networks.
int StepTraining(TrainLab& t, int steps, double deadline = std::numeric_limits<double>::infinity());

struct SpeedShape {
  const char* kind;  // "dense" (N×D) or "conv" (N×C×H×W)
  std::vector<int> dims;
};
const std::vector<SpeedShape>& SpeedShapes();

// Restarts the stream from lab.config; refused settings leave the reason in lab.error.
void ResetStream(RunningLab& lab);

}  // namespace bnlab
