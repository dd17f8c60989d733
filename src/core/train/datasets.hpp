// datasets.hpp: seeded two-class 2-D data sets for the training lab (spirals, moons, circles, XOR, blobs).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>

namespace bn {

enum class DatasetKind { Spirals, Moons, Circles, Xor, Blobs };

struct DatasetConfig {
  DatasetKind kind = DatasetKind::Moons;
  int count = 400;             // points in all, half per class (train + test)
  double noise = 0.1;          // standard deviation of the Gaussian jitter added to each point
  double test_fraction = 0.3;  // share of points held out for the test set
  uint64_t seed = 1;
};

using PointsF = Eigen::Matrix<float, Eigen::Dynamic, 2, Eigen::RowMajor>;  // n×2: (x0, x1) per row

struct Dataset {
  PointsF train_x, test_x;            // n×2, points roughly within [−1.5, 1.5]²
  Eigen::VectorXi train_y, test_y;    // class 0 or 1
};

// Same config, same points (shuffled, then split). Throws std::invalid_argument on a bad config.
Dataset MakeDataset(const DatasetConfig& config);

const char* DatasetName(DatasetKind kind);                    // "spirals", "moons", ...
bool ParseDatasetKind(const std::string& name, DatasetKind* kind);

}  // namespace bn
