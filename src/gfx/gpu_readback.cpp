// gpu_readback.cpp: CompareBoundary, CompareLandscape (see gpu_readback.hpp).
#include "gfx/gpu_readback.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace bnlab {
namespace {

double NowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

BoundaryAgreement CompareBoundary(GpuViews* g, bn::Mlp<float>& net, int px, float x0, float x1, float y0, float y1) {
  GpuNet gpu_net;
  UploadNet(&gpu_net, net);
  RenderTarget target;
  const double t0 = NowMs();
  DrawBoundary(g, gpu_net, &target, px, px, x0, x1, y0, y1, /*values=*/true, 1.5f);
  const std::vector<float> gp = ReadBackFloats(target);
  BoundaryAgreement a;
  a.gpu_ms = NowMs() - t0;
  FreeTarget(&target);
  FreeNet(&gpu_net);
  const std::vector<float> cp = net.PredictGrid(x0, x1, y0, y1, px);
  auto cpu = [&](int y, int x) { return cp[static_cast<size_t>(px - 1 - y) * px + x]; };  // y from the bottom
  a.pixels = static_cast<long>(px) * px;
  if (gp.size() != static_cast<size_t>(a.pixels)) return a;  // no read-back (the program did not build)
  for (int y = 0; y < px; ++y)
    for (int x = 0; x < px; ++x) {
      const float gv = gp[static_cast<size_t>(y) * px + x], cv = cpu(y, x);
      a.max_abs_dp = std::max(a.max_abs_dp, static_cast<double>(std::fabs(gv - cv)));
      a.same_all += (gv > 0.5f) == (cv > 0.5f);
      bool one_class = true;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int yy = std::clamp(y + dy, 0, px - 1), xx = std::clamp(x + dx, 0, px - 1);
          one_class = one_class && ((cpu(yy, xx) > 0.5f) == (cv > 0.5f));
        }
      if (!one_class) continue;
      ++a.away;
      a.same_away += (gv > 0.5f) == (cv > 0.5f);
    }
  const int mid = px / 2;
  a.gpu_centre = gp[static_cast<size_t>(mid) * px + mid];
  a.cpu_centre = cpu(mid, mid);
  return a;
}

LandscapeAgreement CompareLandscape(const std::vector<float>& loss, int res, float range, const bn::Mlp<float>& net,
                                    const Eigen::VectorXf& center, const bn::LandscapeDirections& dirs,
                                    const bn::PointsF& x, const Eigen::VectorXi& y, bool batch_stats, float rel_floor) {
  LandscapeAgreement a;
  if (loss.size() != static_cast<size_t>(res) * res) return a;
  bn::Mlp<float> scratch = net;
  const int every = std::max(1, res / 16);  // 16×16 points
  for (int r = every / 2; r < res; r += every)
    for (int c = every / 2; c < res; c += every) {
      const float ref = bn::LandscapeLoss(scratch, center, dirs, bn::SliceCoord(range, res, c),
                                          bn::SliceCoord(range, res, r), x, y, batch_stats);
      const float v = loss[static_cast<size_t>(r) * res + c];
      a.max_rel = std::max(a.max_rel, static_cast<double>(std::fabs(v - ref) / std::max(std::fabs(ref), rel_floor)));
      ++a.compared;
    }
  return a;
}

}  // namespace bnlab
