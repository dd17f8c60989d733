// landscape.hpp: a 2-D slice of weight space around the current weights θ (Li, Xu, Taylor, Studer, Goldstein 2018,
// "Visualizing the Loss Landscape of Neural Nets"): L(θ + s·d1 + t·d2) for two random Gaussian directions d1, d2
// (the paper writes α, β for s, t; bnlab does not, to keep them apart from BN's β and the step size η),
// each normalized unit by unit (a dense layer's "filter" is one unit's incoming weights) to the norm of the
// weights it perturbs; biases and BN's γ, β are left unperturbed (their directions are 0). This is the CPU
// reference for shaders/landscape.frag, computed with the Mlp itself (not the folded network the shader runs).
//
// Index
//   LandscapeDirections, MakeDirections   d1, d2 in Mlp::Params() order, seeded
//   WeightBlock, WeightBlocks             where each layer's weight matrix sits in Params()
//   LandscapeLoss                         the training loss at one point (s, t) of the slice
//   LandscapeSlice, LandscapeGrid         res×res losses over [−range, range]², row 0 at t = −range
//   SliceCoord                            the s or t of pixel centre k
//   ProjectPath                           earlier weights projected onto the slice (least squares)
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/train/datasets.hpp"
#include "core/train/mlp.hpp"

namespace bn {

struct LandscapeDirections {
  Eigen::VectorXf d1, d2;  // Params() order; 0 outside the weight matrices
  uint64_t seed = 1;
};

// One weight matrix in Params(): `in`×`out` row-major at `offset` (hidden layers in order, then the output layer).
struct WeightBlock {
  Eigen::Index offset;
  int in, out;
};
std::vector<WeightBlock> WeightBlocks(const Mlp<float>& net);

// For every unit j of every layer: d[:, j] ~ N(0, 1) entry by entry (d1's draws, then d2's, from Rng(seed)),
// then d[:, j] ← d[:, j] · ‖w[:, j]‖ / ‖d[:, j]‖ (0 if either norm is 0). Same net and seed, same directions.
LandscapeDirections MakeDirections(const Mlp<float>& net, uint64_t seed);

// The mean cross-entropy over (x, y) of the network with parameters center + s·d1 + t·d2. BN uses its running
// statistics (inference mode, as the lab's logged training loss), or with `batch_stats` the statistics of (x, y)
// itself at these weights, without noise and without touching the running ones (the loss full-batch training
// lowers). `scratch` is a copy of the network whose parameters this overwrites.
float LandscapeLoss(Mlp<float>& scratch, const Eigen::VectorXf& center, const LandscapeDirections& dirs, float alpha,
                    float beta, const PointsF& x, const Eigen::VectorXi& y, bool batch_stats = false);

// The s (or t) at the centre of pixel k of res: −range + 2·range·(k + ½)/res.
inline float SliceCoord(float range, int res, int k) { return -range + 2.0f * range * (k + 0.5f) / res; }

struct LandscapeSlice {
  int res = 0;
  float range = 0;
  std::vector<float> loss;  // res×res: loss[r·res + c] at s = SliceCoord(c), t = SliceCoord(r) (row 0 at the bottom,
                            // the order glReadPixels returns)
};
LandscapeSlice LandscapeGrid(const Mlp<float>& net, const LandscapeDirections& dirs, float range, int res,
                             const PointsF& x, const Eigen::VectorXi& y, bool batch_stats = false);

// (s, t) of each θ_k in `path`: the least-squares solution of s·d1 + t·d2 ≈ θ_k − center (the part of the path
// that lies in the slice; random directions in many dimensions see little of it). Empty if d1, d2 are parallel.
std::vector<std::array<float, 2>> ProjectPath(const std::vector<Eigen::VectorXf>& path, const Eigen::VectorXf& center,
                                              const LandscapeDirections& dirs);

}  // namespace bn
