// advance.hpp: the labs that move on their own, advanced once per frame by the host window (no drawing).
//
//   AdvancePlayback    the step lab's Play: one step every 1/steps_per_second seconds, stops at the last
//   AdvanceRunningLab  the stream of batches (Stream ticked), at most 100 batches a frame
//   AdvanceTraining    training steps within ~8 ms of the frame, the steps/s measurement, sweeps
//   AdvanceSpeed       the benchmark, one shape per frame
//   SpeedShapes        the benchmark's shapes;  ResetStream  restarts the running lab from its settings
#pragma once

#include <vector>

#include "state/app_state.hpp"

namespace bnlab {

void AdvancePlayback(AppState& app, float dt);
void AdvanceRunningLab(AppState& app, float dt);
void AdvanceTraining(AppState& app, float dt);
void AdvanceSpeed(AppState& app);

struct SpeedShape {
  const char* kind;  // "dense" (N×D) or "conv" (N×C×H×W)
  std::vector<int> dims;
};
const std::vector<SpeedShape>& SpeedShapes();

// Restarts the stream from lab.config; refused settings leave the reason in lab.error.
void ResetStream(RunningLab& lab);

}  // namespace bnlab
