// train_gpu.hpp: the training lab's GPU objects and the work done with them, below the UI (GL, no ImGui): the
// decision-boundary maps (on the GPU, or the CPU fallback's small textures) and the loss-landscape job, which
// computes a slice over several frames while the last complete one stays on screen. ui/training_views.cpp draws
// what TrainGpu holds and copies its reports into TrainGpuState (state/train_gpu_state.hpp, which holds a
// TrainGpu without knowing what is in it).
//
// Index
//   TrainGpu               the GL objects and what they were made from
//   StartTrainGpu          compile once (again when gpu:break / gpu:fix changed the wish), log failures to stderr
//   UpdateBoundaries       redraw the maps when the networks, size or square changed (GPU: paced; CPU: 48×48)
//   LandscapeControls, RunLandscapeJob   start a job when the slice on screen is stale, then compute part of it
//   UpdateLandscapeViews   the colour views at display size (GPU) or the CPU's texture
//   TrainReadback          gpu:readback:boundary / landscape: the GPU's values against the CPU's, as JSON
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "core/io/json.hpp"
#include "core/train/landscape.hpp"
#include "core/train/own_data.hpp"
#include "core/train/trainer.hpp"
#include "gfx/gl_program.hpp"
#include "gfx/gpu_views.hpp"

namespace bnlab {

struct TrainGpu {
  GpuViews views;
  bool built_broken = false;  // the programs were built with gpu:break
  // decision boundaries (GPU): one network upload and one colour target per run
  std::vector<GpuNet> nets;
  std::vector<RenderTarget> boundary;
  int boundary_step = -1, boundary_px = 0, boundary_version = -1;
  bn::DataView boundary_view;  // the square the maps show
  double boundary_time = -1.0;
  double boundary_ms = 0;       // the last redraw of every map, GPU finished
  bool boundary_paced = false;  // boundary_ms is a redraw's cost, not the first draw's compile
  // decision boundaries (CPU fallback): 48×48 textures
  std::vector<unsigned> cpu_heat;
  int cpu_heat_step = -1, cpu_heat_version = -1;
  bn::DataView cpu_heat_view;
  double cpu_heat_time = -1.0;
  // The landscape: a slice per network. A job computes one (over several frames) while the last complete one
  // stays on screen; each slice has two loss targets, the job writing one while the other is shown.
  struct SliceOf {              // what a slice was computed from
    bn::Mlp<float> net{bn::MlpConfig{}};  // the weights it is centred on (a copy: training goes on)
    bn::LandscapeDirections dirs;
    Eigen::VectorXf center;
    std::vector<float> values;  // res×res, row 0 at t = −range (read back, or the CPU's)
    int target = 0;             // which of `loss` holds it (GPU)
    float centre_loss = 0;      // the loss at the centre, θ itself (computed on the CPU when the slice is done)
  };
  struct Slice {
    bn::NormKind norm = bn::NormKind::None;
    bool diverged = false;
    SliceOf job, shown;
    GpuNet gpu_net;
    RenderTarget loss[2], view;
    unsigned cpu_texture = 0;
  };
  struct Settings {  // what a landscape was computed with
    const bn::Trainer* trainer = nullptr;  // which networks (Reset and new data make a new Trainer)
    int res = 0, seed = 0, step = -1;
    float range = 0;
    bool batch_stats = false, on_gpu = false;
    double ms = 0;  // GPU time over all strips
  };
  static constexpr int kCpuRes = 24;  // and in the CPU fallback
  std::vector<Slice> slices;
  GpuData data;
  Settings job, shown;
  int row = -1;  // the job's next row (−1: no job)
  bool have = false;  // a complete landscape is on screen (`shown`)
  int rows_per_frame = 1;
  float progress = 0;  // 0–1 while a job runs
  float lo = 0, hi = 1;  // the shown landscape's colour scale
  int view_px = 0;
  bool log_scale = false, view_dirty = true;
};

// Builds the programs the first time, and again when `break_shaders` (gpu:break) differs from the last build.
// A failure goes to stderr (the page's console) with the compiler's log. True when it built.
bool StartTrainGpu(TrainGpu* g, bool break_shaders);

// The maps of every network of `tr` over the square `view`, px×px device pixels each. On the GPU (views.ok): redrawn
// when the step, `version` (TrainLab::networks_version), size or square changed, but after a redraw that took m ms
// not before 3·m ms have passed (a slow software GPU leaves the page responsive; the first redraw after a build
// includes the driver's compile and does not count); line_px: the 0.5 contour's width. Otherwise the CPU's 48×48
// textures, at most 5 times a second (`time` in seconds). True when the GPU redrew (boundary_ms, boundary_step).
bool UpdateBoundaries(TrainGpu* g, bn::Trainer& tr, int px, const bn::DataView& view, int version, double time,
                      float line_px);

struct LandscapeControls {  // what the learner chose (TrainGpuState)
  float range = 1.0f;
  int seed = 1;
  bool batch_stats = true;
  bool live = true;
  int res = 128;  // the GPU's pixels per side (landscape:res=N)
};

// The landscape job: a new one when there is none yet, the controls changed, the networks were rebuilt, or
// training moved on (live while `running`; a running job restarts when training stopped at other weights than
// its own); then part of it: on the GPU as many rows as fit about 30 ms, on the CPU two rows. When it completes it
// goes on screen (shown, have), with one colour scale (lo, hi) for every network.
void RunLandscapeJob(TrainGpu* g, const bn::Trainer& tr, const LandscapeControls& controls, bool running);

// The colour views of the landscape on screen at px device pixels (GPU), or the CPU's res×res texture.
void UpdateLandscapeViews(TrainGpu* g, int px, bool log_scale);

// gpu:readback:WHAT: "boundary" (the maps at px over `view`) or "landscape" (the slice on screen, once complete),
// the GPU's values against the CPU's (gfx/gpu_readback.hpp) into *out. True when served (or `what` is unknown);
// false while a landscape is still being computed.
bool TrainReadback(TrainGpu* g, bn::Trainer& tr, const std::string& what, int px, const bn::DataView& view,
                   bn::Json* out);

}  // namespace bnlab
