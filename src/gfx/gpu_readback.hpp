// gpu_readback.hpp: the GPU views' values read back and compared with the CPU's, the checks that
// tests/gpu/gpu_check.cpp runs on the desktop's OpenGL and the lab's gpu:readback: command runs in the page
// (gfx/train_gpu.cpp). The shaders write exact float32 values (gl_program.hpp ReadBackFloats), so the figures
// measure the arithmetic, not a colour ramp.
//
//   CompareBoundary    boundary.frag's P(class 1) at px×px against Mlp::PredictGrid at the same pixel centres
//   CompareLandscape   a landscape read back (landscape.frag) against LandscapeLoss at 16×16 of its points
#pragma once

#include <Eigen/Core>
#include <vector>

#include "core/train/datasets.hpp"
#include "core/train/landscape.hpp"
#include "core/train/mlp.hpp"
#include "gfx/gpu_views.hpp"

namespace bnlab {

struct BoundaryAgreement {
  long pixels = 0;              // px·px
  long away = 0;                // pixels away from the 0.5 contour: their 3×3 neighbourhood has one class on the CPU
  long same_away = 0;           // of those, the pixels where the GPU's class is the CPU's
  long same_all = 0;            // the same over every pixel
  double max_abs_dp = 0;        // max |P_gpu − P_cpu|
  double gpu_ms = 0;            // the GPU's draw and read-back
  float gpu_centre = 0, cpu_centre = 0;  // P(class 1) at the middle pixel
  double EqualAwayPct() const { return away ? 100.0 * same_away / away : 0.0; }
  double EqualAllPct() const { return pixels ? 100.0 * same_all / pixels : 0.0; }
};

// Draws `net` over [x0, x1]×[y0, y1] at px×px with boundary.frag (as values), reads it back and compares it with
// net.PredictGrid at the same pixel centres (the GPU's rows from the bottom, PredictGrid's from the top).
BoundaryAgreement CompareBoundary(GpuViews* g, bn::Mlp<float>& net, int px, float x0, float x1, float y0, float y1);

struct LandscapeAgreement {
  int compared = 0;    // points compared (256 for res ≥ 16)
  double max_rel = 0;  // max |loss_gpu − loss_cpu| / max(|loss_cpu|, rel_floor)
};

// `loss`: a res×res landscape over [−range, range]² as read back (loss[r·res + c] at s = SliceCoord(c), t =
// SliceCoord(r)), against LandscapeLoss of `net` around `center` along `dirs` on the points (x, y), at every
// max(1, res/16)-th pixel from the middle of the first cell. rel_floor: the loss below which the difference is
// measured against rel_floor instead (a float32 mean of the log-losses carries ~1e-6 of absolute rounding, no
// relative measure near a loss of 0).
LandscapeAgreement CompareLandscape(const std::vector<float>& loss, int res, float range, const bn::Mlp<float>& net,
                                    const Eigen::VectorXf& center, const bn::LandscapeDirections& dirs,
                                    const bn::PointsF& x, const Eigen::VectorXi& y, bool batch_stats, float rel_floor);

}  // namespace bnlab
