// rng.hpp: a small deterministic random generator (splitmix64), identical on every platform and compiler,
// so a seed gives the same data, weights and batches natively and in the browser.
#pragma once

#include <cmath>
#include <cstdint>

namespace bn {

class Rng {
 public:
  explicit Rng(uint64_t seed = 1) : state_(seed * 0x9E3779B97F4A7C15ULL + 0x853C49E6748FEA9BULL) {}

  uint64_t NextU64() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in (0, 1), never 0 or 1.
  double Uniform() { return (static_cast<double>(NextU64() >> 11) + 0.5) / 9007199254740992.0; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Standard normal (Box–Muller; one value per call, no cached state, so streams stay easy to reason about).
  double Normal() {
    const double u1 = Uniform(), u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  // Uniform integer in [0, n).
  int Below(int n) { return static_cast<int>(NextU64() % static_cast<uint64_t>(n)); }

 private:
  uint64_t state_;
};

}  // namespace bn
