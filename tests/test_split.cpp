// test_split.cpp: the one train/test split (core/train/datasets.hpp TestCount, ShuffleSplit) that the built-in data
// sets and a teacher's own points both go through: its sizes for n = 2, 3, 10, 100, every point once, seeded.
#include <doctest.h>

#include <stdexcept>
#include <vector>

#include "core/train/datasets.hpp"
#include "core/train/own_data.hpp"

TEST_CASE("split sizes: round(n·f) held out, at least 1, at least 2 left for training (n = 2: 1 and 1)") {
  struct Case {
    int n;
    double f;
    int test;
  };
  for (const Case& c : {Case{2, 0.3, 1}, Case{2, 0.01, 1}, Case{2, 0.9, 1},    //
                        Case{3, 0.3, 1}, Case{3, 0.01, 1}, Case{3, 0.9, 1},    //
                        Case{10, 0.3, 3}, Case{10, 0.01, 1}, Case{10, 0.9, 8}, Case{10, 0.5, 5},
                        Case{100, 0.3, 30}, Case{100, 0.01, 1}, Case{100, 0.9, 90}, Case{100, 0.02, 2},
                        Case{8, 0.99, 6}}) {
    CAPTURE(c.n);
    CAPTURE(c.f);
    CHECK(bn::TestCount(c.n, c.f) == c.test);
  }
  CHECK_THROWS_AS(bn::TestCount(1, 0.3), std::invalid_argument);
  CHECK_THROWS_AS(bn::TestCount(10, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(bn::TestCount(10, 1.0), std::invalid_argument);
}

TEST_CASE("ShuffleSplit: every point once, labels kept, seeded; n = 2, 3, 10, 100") {
  for (const int n : {2, 3, 10, 100}) {
    CAPTURE(n);
    bn::PointsF x(n, 2);
    Eigen::VectorXi y(n);
    for (int i = 0; i < n; ++i) {
      x(i, 0) = static_cast<float>(i);
      x(i, 1) = static_cast<float>(-i);
      y(i) = i % 2;
    }
    bn::Rng rng(5);
    const bn::Dataset d = bn::ShuffleSplit(x, y, 0.3, rng);
    CHECK(d.test_x.rows() == bn::TestCount(n, 0.3));
    CHECK(d.train_x.rows() + d.test_x.rows() == n);
    CHECK(d.train_y.size() == d.train_x.rows());
    CHECK(d.test_y.size() == d.test_x.rows());
    std::vector<int> seen(n, 0);
    auto visit = [&](const bn::PointsF& px, const Eigen::VectorXi& py) {
      for (int k = 0; k < px.rows(); ++k) {
        const int i = static_cast<int>(px(k, 0));
        ++seen[i];
        CHECK(px(k, 1) == -static_cast<float>(i));
        CHECK(py(k) == i % 2);
      }
    };
    visit(d.train_x, d.train_y);
    visit(d.test_x, d.test_y);
    for (int s : seen) CHECK(s == 1);
    bn::Rng again(5);
    CHECK(bn::ShuffleSplit(x, y, 0.3, again).train_x == d.train_x);
  }
}

TEST_CASE("the built-in data sets and own points split alike (the built-in sets' minimum of 2 test points is gone)") {
  bn::DatasetConfig c;
  c.count = 100;
  c.test_fraction = 0.01;
  const bn::Dataset d = bn::MakeDataset(c);
  CHECK(d.test_x.rows() == 1);  // was 2 (datasets.cpp held out at least 2; own_data.cpp at least 1)
  CHECK(d.train_x.rows() == 99);
  c.count = 8;
  c.test_fraction = 0.9;
  CHECK(bn::MakeDataset(c).train_x.rows() == 2);  // 7 held out before: 1 point to train on
  c.count = 400;
  c.test_fraction = 0.3;
  CHECK(bn::MakeDataset(c).test_x.rows() == 120);
  std::vector<bn::OwnPoint> pts;
  for (int i = 0; i < 100; ++i) pts.push_back({float(i), float(-i), i % 2});
  CHECK(bn::SplitOwnData(pts, 0.01, 1).test_x.rows() == 1);
  CHECK(bn::SplitOwnData(pts, 0.3, 1).test_x.rows() == 30);
}
