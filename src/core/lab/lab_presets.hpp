// lab_presets.hpp: the step-through lab's ready-made batches, each with a one-line lesson.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/bn/bn.hpp"

namespace bn {

// name and lesson are the English texts (name also the preset's id: the "preset:NAME" item, tests); what a learner
// reads is LabPresetName / LabPresetLesson, the catalog texts preset.KEY.name and preset.KEY.lesson in the current
// language, asked for when drawn (a preset list is kept across frames, the language may change at any frame).
struct LabPreset {
  std::string name;    // "An outlier"
  std::string lesson;  // one line: what to look at
  TraceInput input;
  std::string key;     // "outlier": its texts' keys preset.outlier.name, preset.outlier.lesson
};

// The presets in menu order: default, random, outlier, constant feature, near 1000, batch of 2,
// batch of 1, shift and scale a feature. `seed` varies the random one (same seed, same batch).
std::vector<LabPreset> LabPresets(uint32_t seed = 1);

// The preset's name and one-line lesson in the current language (English: name and lesson as they are).
const std::string& LabPresetName(const LabPreset& preset);
const std::string& LabPresetLesson(const LabPreset& preset);

// The default toy batch (4 samples × 3 features) the lab opens with.
TraceInput DefaultLabBatch();

}  // namespace bn
