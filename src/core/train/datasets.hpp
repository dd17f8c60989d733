// datasets.hpp: seeded two-class 2-D data sets for the training lab (spirals, moons, circles, XOR, blobs), and the
// train/test split every data set goes through (ShuffleSplit).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>

#include "core/base/rng.hpp"

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

// Same config, same points (shuffled, then split by ShuffleSplit). Throws std::invalid_argument on a bad config.
Dataset MakeDataset(const DatasetConfig& config);

// The split's sizes: round(n·test_fraction) points for testing, at least 1 and leaving at least 2 for training
// (n = 2: 1 and 1). n = 2, 3, 10, 100 at 0.3: 1, 1, 3, 30 test points. Throws std::invalid_argument for n < 2.
int TestCount(int n, double test_fraction);

// The n points x (n×2) with labels y, shuffled (Fisher–Yates, drawing from rng) and split: the first
// n − TestCount(n, test_fraction) of the shuffled order train, the rest test. The built-in data sets (after
// drawing their points from the same rng) and a teacher's own points (SplitOwnData) both split here.
// Throws std::invalid_argument for a test fraction outside (0, 1) or fewer than 2 points.
Dataset ShuffleSplit(const PointsF& x, const Eigen::VectorXi& y, double test_fraction, Rng& rng);

const char* DatasetName(DatasetKind kind);                    // "spirals", "moons", ... (link, JSON and CLI key)
const std::string& DatasetTitle(DatasetKind kind);            // the name a learner reads, in the current language
bool ParseDatasetKind(const std::string& name, DatasetKind* kind);

}  // namespace bn
