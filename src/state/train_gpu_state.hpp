// train_gpu_state.hpp: the training lab's GPU views as state (GL-free): which view, the landscape's controls, the
// path the networks took (RecordPath), what the GPU reported, and a read-back asked for by a command. The GL objects
// and the landscape job live in gfx/train_gpu.cpp (TrainGpu, opaque here); ui/training_views.cpp draws them and
// fills in the reports.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <string>
#include <vector>

#include "core/io/json.hpp"

namespace bn {
class Trainer;
}

namespace bnlab {

enum class TrainView { Boundaries, Landscape };

struct TrainGpu;  // GL objects: gfx/train_gpu.hpp

struct TrainGpuState {
  TrainView view = TrainView::Boundaries;
  // The landscape: L(θ + α·d1 + β·d2) for α, β in [−range, range] (core/train/landscape.hpp)
  float range = 1.0f;
  int seed = 1;              // the directions' seed
  bool log_scale = false;    // colour by log10 of the loss
  bool batch_stats = true;   // BN networks: the loss with the training set's statistics (else the running ones)
  bool live = true;          // recompute while training, as often as the GPU keeps up
  int res = 128;             // landscape:res=N (16–256): the GPU's pixels per side (tests ask for fewer)
  // Each network's parameters at the steps the views saw (thinned by half when long), for the projected path.
  std::vector<std::vector<Eigen::VectorXf>> path;
  std::vector<int> path_steps;
  int path_step = -1;
  const bn::Trainer* path_trainer = nullptr;  // the networks the path belongs to (a new Trainer: a new path)
  // gpu:break / gpu:fix: make the shaders fail to compile on purpose, to see the CPU fallback and its message.
  bool break_shaders = false;
  // gpu:readback:boundary / gpu:readback:landscape: the next frame reads the GPU's values back and compares them
  // with the CPU's; the figures go to `readback` (StateJson "gpu").
  std::string readback_request;
  bn::Json readback = bn::Json::Object();
  // What the GPU views report (filled in by the UI each frame).
  bool gpu_started = false, gpu_ok = false;
  std::string gpu_log;            // the compile log when the shaders did not build
  double boundary_ms = 0;         // the last redraw of both boundary maps (GPU finished)
  int boundary_step = -1;         // the step the boundary maps show
  double landscape_ms = 0;        // the last complete landscape of both networks (all strips, GPU finished)
  int landscape_step = -1;        // the training step that landscape was computed at
  float landscape_progress = 0;   // 0–1 while a landscape is being computed
  std::shared_ptr<TrainGpu> gpu;  // created by the UI on first use
};

// Adds the networks' parameters at tr's step to s.path, once per step (every other old point dropped past 400);
// starts a new path for new networks (another Trainer, fewer steps, another number of networks).
void RecordPath(TrainGpuState& s, const bn::Trainer& tr);

}  // namespace bnlab
