// lab_presets.cpp: LabPresets. The numbers are chosen so the interesting step is easy to read. The texts are also
// catalog entries (assets/i18n: preset.KEY.name, preset.KEY.lesson, the same English), read by LabPresetName and
// LabPresetLesson; tests/test_i18n_train.cpp checks that every row's English is its catalog's.
// i18n-keys: preset.
#include "core/lab/lab_presets.hpp"

#include "core/base/rng.hpp"
#include "core/i18n/current.hpp"

#include <cmath>

namespace bn {
namespace {

TraceInput Batch(int n, int d, std::initializer_list<double> values) {
  TraceInput in;
  in.x.resize(n, d);
  auto it = values.begin();
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) in.x(i, j) = static_cast<float>(*it++);
  in.gamma = Row::Ones(d);
  in.beta = Row::Zero(d);
  in.eps = static_cast<float>(1e-5);
  in.mode = Mode::Train;
  in.running = MakeRunningStats(d);
  return in;
}

}  // namespace

TraceInput DefaultLabBatch() {
  // Three features on very different scales, so normalization visibly matters:
  //   feature 1: μ = 3,   σ² = 3.5      feature 2: μ = 110, σ² = 500      feature 3: μ = 0, σ² = 1.25
  return Batch(4, 3, {1.0, 120.0, -0.5,
                      2.0, 80.0, 0.5,
                      3.0, 100.0, -1.5,
                      6.0, 140.0, 1.5});
}

std::vector<LabPreset> LabPresets(uint32_t seed) {
  std::vector<LabPreset> presets;
  presets.push_back({"Default", "Three features on very different scales come out on one common scale.",
                     DefaultLabBatch(), "default"});

  Rng rng(seed);
  TraceInput random = Batch(6, 4, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  const double centre[4] = {0.0, 5.0, -3.0, 50.0}, spread[4] = {1.0, 2.0, 0.5, 10.0};
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 4; ++j) {
      const double v = centre[j] + spread[j] * rng.Normal();
      random.x(i, j) = static_cast<float>(std::round(v * 100.0) / 100.0);
    }
  // x̂'s variance is σ²/(σ²+ε), 1 to within ε/σ² here (Ioffe & Szegedy 2015, Alg. 1)
  presets.push_back({"Random",
                     "Any batch: after x̂ every feature has mean 0 and variance σ²/(σ²+ε), just under 1 when "
                     "σ² ≫ ε (as here).",
                     random, "random"});

  presets.push_back({"An outlier",
                     "One extreme value drags μ and inflates σ², squeezing the other samples' x̂ together.",
                     Batch(5, 2, {1.0, 2.0, 1.2, 2.1, 0.9, 1.9, 1.1, 2.2, 9.0, 2.0}), "outlier"});

  presets.push_back({"A constant feature",
                     "Feature 2 never changes: σ² = 0, and only ε keeps 1/√(σ²+ε) finite (x̂ = 0).",
                     Batch(4, 2, {1.0, 5.0, 2.0, 5.0, 3.0, 5.0, 4.0, 5.0}), "constant"});

  presets.push_back({"Values near 1000",
                     // Var[x̂] = σ²/(σ²+ε) (Ioffe & Szegedy 2015, Alg. 1); tests/test_texts.cpp checks the 0.93
                     "A large common offset with a tiny spread: subtracting μ first keeps every digit. Feature 1's "
                     "σ² (about 1.25e-4) is only about 12ε, so its x̂ has variance about 0.93, not 1.",
                     Batch(4, 2, {1000.01, 999.5, 1000.02, 1000.5, 1000.03, 999.75, 1000.04, 1000.25}), "near_1000"});

  // Two values a, b: σ² = ((a − b)/2)², so x̂ = ±√(σ²/(σ² + ε)) (Ioffe & Szegedy 2015, Alg. 1): ±1 almost, but
  // toward 0 when the two values (nearly) coincide, σ² ≲ ε.
  presets.push_back({"A batch of 2",
                     "With two samples x̂ can only be −1 and +1 (almost), unless the two values (nearly) coincide: "
                     "then both go toward 0. The batch decides everything.",
                     Batch(2, 2, {3.0, -1.0, 7.0, 4.0}), "batch_2"});

  presets.push_back({"A batch of 1",
                     "Train mode needs at least two values per feature (a single value has no spread). "
                     "Switch to eval to normalize it with the running statistics.",
                     Batch(1, 3, {2.0, 7.0, -1.0}), "batch_1"});

  // Features 2 and 3 are feature 1 shifted and scaled: x̂ = (x − μ)/√(σ² + ε) removes a column's shift and
  // positive scale, so the three x̂ columns agree (exactly when ε = 0; here to ~ε/σ² ≈ 1e-5). This is why a
  // bias before BN is redundant: β takes its role (Ioffe & Szegedy 2015, §3.2).
  presets.push_back({"Shift and scale",
                     "Feature 2 is 10·feature 1 + 100 and feature 3 is 0.5·feature 1 − 3: all three get the same x̂. "
                     "BN removes a column's shift and positive scale, so a bias before BN adds nothing (β takes its role).",
                     Batch(4, 3, {1.0, 110.0, -2.5,
                                  2.0, 120.0, -2.0,
                                  3.0, 130.0, -1.5,
                                  6.0, 160.0, 0.0}),
                     "shift_scale"});
  return presets;
}

const std::string& LabPresetName(const LabPreset& preset) { return Tr(std::string("preset.") + preset.key + ".name"); }

const std::string& LabPresetLesson(const LabPreset& preset) {
  return Tr(std::string("preset.") + preset.key + ".lesson");
}

}  // namespace bn
