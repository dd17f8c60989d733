// gpu_views.hpp: the training lab's GPU views, drawn by the shaders in shaders/ (embedded by CMake):
//   decision boundary   boundary.frag runs a network at every pixel of the plane (colour, or its P(class 1) as
//                       exact floats for read-back)
//   loss landscape      landscape.frag computes the training loss at every point of a res×res slice of weight
//                       space (core/train/landscape.hpp), in strips of rows so no frame waits long;
//                       landscape_view.frag draws it at display size with a shared colour scale and contours.
// Everything renders into RGBA8 textures (RenderTarget) that ImGui::Image shows and glReadPixels reads back.
//
// Index
//   GpuViews                the programs, or the compile log that explains why there are none
//   StartGpuViews, StopGpuViews
//   GpuNet, UploadNet       a network (and landscape directions) as a float texture (core PackNetwork layout)
//   GpuData, UploadData     a training set as a float texture
//   DrawBoundary, ComputeLandscapeRows, DrawLandscapeView
#pragma once

#include <string>
#include <vector>

#include "core/train/datasets.hpp"
#include "core/train/mlp.hpp"
#include "gfx/gl_program.hpp"

namespace bnlab {

// The network's shape is compiled into the boundary and landscape programs (constant loop bounds unroll, and
// the weights come from a uniform block when they fit), so there is one pair of programs per shape, built the
// first time that shape is drawn.
struct NetPrograms {
  int depth = 0, width = 0, activation = 0, texels = 0;
  bool in_block = false;
  unsigned boundary = 0, landscape = 0;
  unsigned landscape_batch = 0;  // BN with the training set's statistics (built for BN networks only)
};

struct GpuViews {
  bool started = false;  // StartGpuViews was called
  bool ok = false;       // every program so far compiled and linked
  bool broken_on_purpose = false;
  std::string log;       // why not (the compiler's and linker's messages)
  unsigned view = 0, vertex_array = 0;
  std::vector<NetPrograms> programs;
};

// Compiles the landscape view and the programs for the lab's default network (3×16, tanh). With
// `break_on_purpose` every fragment shader gets an #error line, so the fallback path (and its message) can be
// seen and tested. Returns g->ok.
bool StartGpuViews(GpuViews* g, bool break_on_purpose = false);
void StopGpuViews(GpuViews* g);

struct GpuNet {
  unsigned texture = 0, block = 0;  // the texels in a float texture, and in a uniform buffer when they fit
  int depth = 0, width = 0, activation = 0, texels = 0;  // activation: 0 sigmoid, 1 tanh, 2 relu
  bool batch_norm = false;  // BN after each hidden layer (its γ, β in the texels)
  float eps = 1e-5f;        // BN's ε
};
// Texels a uniform block may hold (WebGL2 guarantees 16 KB per block).
constexpr int kMaxBlockTexels = 1024;
// d1, d2 in Mlp::Params() order, or empty (boundary only).
void UploadNet(GpuNet* n, const bn::Mlp<float>& net, const Eigen::VectorXf& d1 = {}, const Eigen::VectorXf& d2 = {});
void FreeNet(GpuNet* n);

struct GpuData {
  unsigned texture = 0;
  int count = 0;
};
void UploadData(GpuData* d, const bn::PointsF& x, const Eigen::VectorXi& y);

// The boundary of `net` over the plane [x0, x1]×[y0, y1] into `target` (width×height pixels, row 0 at y0).
// values: P(class 1) as encoded floats (ReadBackFloats) instead of colours. line_px: the 0.5 contour's width.
void DrawBoundary(GpuViews* g, const GpuNet& net, RenderTarget* target, int width, int height, float x0, float x1,
                  float y0, float y1, bool values, float line_px);

// Rows [row0, row1) of the res×res landscape of `net` (uploaded with directions) over [−range, range]² into
// `target` (encoded floats; ReadBackFloats gives loss[r·res + c] as core LandscapeGrid). batch_stats: a BN
// network's loss with the training set's statistics (core LandscapeLoss's batch_stats).
void ComputeLandscapeRows(GpuViews* g, const GpuNet& net, const GpuData& data, float range, RenderTarget* target,
                          int res, int row0, int row1, bool batch_stats = false);

// The computed landscape `loss` (res×res encoded floats) drawn into `view` (width×height): colour over [lo, hi]
// (log10 of the loss if log_scale), `levels` contour intervals.
void DrawLandscapeView(const GpuViews& g, const RenderTarget& loss, RenderTarget* view, int width, int height, float lo,
                       float hi, bool log_scale, float levels);

}  // namespace bnlab
