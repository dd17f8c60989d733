// lab_presets.hpp: the step-through lab's ready-made batches, each with a one-line lesson.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/bn/bn.hpp"

namespace bn {

struct LabPreset {
  std::string name;    // "An outlier"
  std::string lesson;  // one line: what to look at
  TraceInput input;
};

// The presets in menu order: default, random, outlier, constant feature, near 1000, batch of 2,
// batch of 1, shift and scale a feature. `seed` varies the random one (same seed, same batch).
std::vector<LabPreset> LabPresets(uint32_t seed = 1);

// The default toy batch (4 samples × 3 features) the lab opens with.
TraceInput DefaultLabBatch();

}  // namespace bn
