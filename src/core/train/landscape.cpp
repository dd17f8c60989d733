// landscape.cpp: filter-normalized directions, the loss on a slice, the training path projected onto it.
#include "core/train/landscape.hpp"

#include <cmath>

#include "core/base/rng.hpp"

namespace bn {

std::vector<WeightBlock> WeightBlocks(const Mlp<float>& net) {
  // Params() order: per hidden layer w (I×O) then γ, β (BN) or b (plain); the output layer's w (W×2) then b.
  const bool norm = net.config().norm != NormKind::None;
  std::vector<WeightBlock> blocks;
  Eigen::Index at = 0;
  for (const auto& l : net.hidden()) {
    const int in = static_cast<int>(l.w.rows()), out = static_cast<int>(l.w.cols());
    blocks.push_back({at, in, out});
    at += static_cast<Eigen::Index>(in) * out + (norm ? 2 * out : out);
  }
  const int width = net.hidden().empty() ? 2 : static_cast<int>(net.hidden().back().w.cols());
  blocks.push_back({at, width, 2});
  return blocks;
}

LandscapeDirections MakeDirections(const Mlp<float>& net, uint64_t seed) {
  const Eigen::VectorXf theta = net.Params();
  const std::vector<WeightBlock> blocks = WeightBlocks(net);
  LandscapeDirections dirs;
  dirs.seed = seed;
  Rng rng(seed);
  for (Eigen::VectorXf* d : {&dirs.d1, &dirs.d2}) {
    *d = Eigen::VectorXf::Zero(theta.size());
    for (const WeightBlock& b : blocks) {
      for (int k = 0; k < b.in * b.out; ++k) (*d)(b.offset + k) = static_cast<float>(rng.Normal());
      for (int j = 0; j < b.out; ++j) {  // unit j's incoming weights: entries offset + i·out + j
        double w_norm = 0, d_norm = 0;
        for (int i = 0; i < b.in; ++i) {
          const Eigen::Index k = b.offset + static_cast<Eigen::Index>(i) * b.out + j;
          w_norm += double(theta(k)) * theta(k);
          d_norm += double((*d)(k)) * (*d)(k);
        }
        const double factor = (w_norm > 0 && d_norm > 0) ? std::sqrt(w_norm / d_norm) : 0.0;
        for (int i = 0; i < b.in; ++i) {
          const Eigen::Index k = b.offset + static_cast<Eigen::Index>(i) * b.out + j;
          (*d)(k) = static_cast<float>((*d)(k) * factor);
        }
      }
    }
  }
  return dirs;
}

float LandscapeLoss(Mlp<float>& scratch, const Eigen::VectorXf& center, const LandscapeDirections& dirs, float alpha,
                    float beta, const PointsF& x, const Eigen::VectorXi& y, bool batch_stats) {
  scratch.SetParams(center + alpha * dirs.d1 + beta * dirs.d2);
  const Mlp<float>::Mat xm = x;
  if (batch_stats) return scratch.Forward(xm, y, /*train=*/true, /*noise_rng=*/nullptr, /*update_running=*/false);
  return scratch.Evaluate(xm, y).loss;
}

LandscapeSlice LandscapeGrid(const Mlp<float>& net, const LandscapeDirections& dirs, float range, int res,
                             const PointsF& x, const Eigen::VectorXi& y, bool batch_stats) {
  LandscapeSlice s;
  s.res = res;
  s.range = range;
  s.loss.resize(static_cast<size_t>(res) * res);
  Mlp<float> scratch = net;
  const Eigen::VectorXf center = net.Params();
  for (int r = 0; r < res; ++r)
    for (int c = 0; c < res; ++c)
      s.loss[static_cast<size_t>(r) * res + c] =
          LandscapeLoss(scratch, center, dirs, SliceCoord(range, res, c), SliceCoord(range, res, r), x, y, batch_stats);
  return s;
}

std::vector<std::array<float, 2>> ProjectPath(const std::vector<Eigen::VectorXf>& path, const Eigen::VectorXf& center,
                                              const LandscapeDirections& dirs) {
  // Normal equations: [d1·d1 d1·d2; d1·d2 d2·d2] [α β]ᵀ = [d1·Δ d2·Δ]ᵀ, Δ = θ_t − center.
  const double a11 = dirs.d1.cast<double>().squaredNorm(), a22 = dirs.d2.cast<double>().squaredNorm();
  const double a12 = dirs.d1.cast<double>().dot(dirs.d2.cast<double>());
  const double det = a11 * a22 - a12 * a12;
  std::vector<std::array<float, 2>> out;
  if (!(det > 1e-12 * a11 * a22)) return out;
  for (const Eigen::VectorXf& theta : path) {
    if (theta.size() != center.size()) continue;
    const Eigen::VectorXd delta = (theta - center).cast<double>();
    const double b1 = dirs.d1.cast<double>().dot(delta), b2 = dirs.d2.cast<double>().dot(delta);
    out.push_back({static_cast<float>((a22 * b1 - a12 * b2) / det), static_cast<float>((a11 * b2 - a12 * b1) / det)});
  }
  return out;
}

}  // namespace bn
