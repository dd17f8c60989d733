// datasets.cpp: MakeDataset (each generator places class c's i-th point, then noise is added) and the split every
// data set goes through (TestCount, ShuffleSplit). The refusals and the data sets' names a learner reads are catalog
// texts (keys data.*) in the current language; DatasetName's keys ("moons") stay English.
// i18n-keys: data.set.
#include "core/train/datasets.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/i18n/current.hpp"

namespace bn {
namespace {

constexpr double kPi = 3.141592653589793;

// One clean point of class `c`, from a uniform t in [0, 1) and the generator for extra randomness.
void Point(DatasetKind kind, int c, double t, Rng& rng, double* px, double* py) {
  switch (kind) {
    case DatasetKind::Spirals: {  // two interleaved arms, 1.75 turns each
      const double r = 0.1 + 1.2 * t, a = 1.75 * 2 * kPi * t + c * kPi;
      *px = r * std::cos(a);
      *py = r * std::sin(a);
      return;
    }
    case DatasetKind::Moons: {  // two half circles, the second shifted and flipped
      const double a = kPi * t;
      *px = c == 0 ? std::cos(a) - 0.5 : 0.5 - std::cos(a);
      *py = c == 0 ? std::sin(a) - 0.25 : 0.25 - std::sin(a);
      return;
    }
    case DatasetKind::Circles: {  // a ring around a disc
      const double a = 2 * kPi * t, r = c == 0 ? 0.5 * std::sqrt(rng.Uniform()) : 1.0 + 0.2 * rng.Uniform();
      *px = r * std::cos(a);
      *py = r * std::sin(a);
      return;
    }
    case DatasetKind::Xor: {  // quadrants: class = sign(x)·sign(y) < 0
      const double x = rng.Uniform(-1.2, 1.2);
      double y = rng.Uniform(0.05, 1.2);
      if ((x > 0) == (c == 1)) y = -y;  // class 1 where x·y < 0
      *px = x;
      *py = y;
      return;
    }
    case DatasetKind::Blobs: {  // two Gaussian clouds
      *px = (c == 0 ? -0.6 : 0.6) + 0.35 * rng.Normal();
      *py = (c == 0 ? 0.4 : -0.4) + 0.35 * rng.Normal();
      return;
    }
  }
}

}  // namespace

const char* DatasetName(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::Spirals: return "spirals";
    case DatasetKind::Moons: return "moons";
    case DatasetKind::Circles: return "circles";
    case DatasetKind::Xor: return "xor";
    case DatasetKind::Blobs: return "blobs";
  }
  return "?";
}

const std::string& DatasetTitle(DatasetKind kind) { return Tr(std::string("data.set.") + DatasetName(kind)); }

bool ParseDatasetKind(const std::string& name, DatasetKind* kind) {
  for (DatasetKind k : {DatasetKind::Spirals, DatasetKind::Moons, DatasetKind::Circles, DatasetKind::Xor,
                        DatasetKind::Blobs})
    if (name == DatasetName(k)) {
      *kind = k;
      return true;
    }
  return false;
}

Dataset MakeDataset(const DatasetConfig& config) {
  if (config.count < 8 || config.count > 100000) throw std::invalid_argument(Tr("data.count_range"));
  if (!(config.noise >= 0 && config.noise <= 2)) throw std::invalid_argument(Tr("data.noise_range"));
  if (!(config.test_fraction > 0 && config.test_fraction < 1))
    throw std::invalid_argument(Tr("data.test_fraction"));
  Rng rng(config.seed);
  const int n = config.count;
  PointsF x(n, 2);
  Eigen::VectorXi label(n);
  for (int k = 0; k < n; ++k) {
    const int c = k % 2;  // balanced: alternate classes
    const double t = (k / 2 + rng.Uniform()) / ((n + 1) / 2);
    double px = 0, py = 0;
    Point(config.kind, c, t, rng, &px, &py);
    px += config.noise * rng.Normal();
    py += config.noise * rng.Normal();
    x(k, 0) = static_cast<float>(px);
    x(k, 1) = static_cast<float>(py);
    label(k) = c;
  }
  return ShuffleSplit(x, label, config.test_fraction, rng);
}

int TestCount(int n, double test_fraction) {
  if (n < 2) throw std::invalid_argument(Tr("data.split_too_few", {{"n", std::to_string(n)}}));
  if (!(test_fraction > 0 && test_fraction < 1)) throw std::invalid_argument(Tr("data.test_fraction"));
  const int rounded = static_cast<int>(std::lround(n * test_fraction));
  return std::max(1, std::min(rounded, n - 2));
}

Dataset ShuffleSplit(const PointsF& x, const Eigen::VectorXi& y, double test_fraction, Rng& rng) {
  const int n = static_cast<int>(x.rows());
  const int n_test = TestCount(n, test_fraction);
  std::vector<int> order(n);
  for (int k = 0; k < n; ++k) order[k] = k;
  for (int k = n - 1; k > 0; --k) std::swap(order[k], order[rng.Below(k + 1)]);
  const int n_train = n - n_test;
  Dataset d;
  d.train_x.resize(n_train, 2);
  d.test_x.resize(n_test, 2);
  d.train_y.resize(n_train);
  d.test_y.resize(n_test);
  for (int k = 0; k < n; ++k) {
    const int src = order[k];
    if (k < n_train) {
      d.train_x.row(k) = x.row(src);
      d.train_y(k) = y(src);
    } else {
      d.test_x.row(k - n_train) = x.row(src);
      d.test_y(k - n_train) = y(src);
    }
  }
  return d;
}

}  // namespace bn
