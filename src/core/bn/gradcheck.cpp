// gradcheck.cpp: NumericDx.
#include "core/bn/gradcheck.hpp"

#include <cmath>
#include <stdexcept>

namespace bn {

Mat NumericDx(const TraceInput& in, double rel_step) {
  if (!in.has_dy) throw std::invalid_argument("NumericDx needs an upstream gradient dy");
  TraceInput probe = in;
  probe.has_dy = false;
  // L(x) = Σ dy ⊙ y(x)
  auto loss = [&](const TraceInput& p) { return (BuildTrace(p).fwd.y.array() * in.dy.array()).sum(); };
  Mat dx(in.x.rows(), in.x.cols());
  for (Eigen::Index i = 0; i < in.x.rows(); ++i)
    for (Eigen::Index j = 0; j < in.x.cols(); ++j) {
      const double h = rel_step * (1.0 + std::fabs(in.x(i, j)));
      probe.x(i, j) = in.x(i, j) + h;
      const double up = loss(probe);
      probe.x(i, j) = in.x(i, j) - h;
      const double down = loss(probe);
      probe.x(i, j) = in.x(i, j);
      dx(i, j) = (up - down) / (2.0 * h);
    }
  return dx;
}

}  // namespace bn
