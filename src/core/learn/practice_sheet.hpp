// practice_sheet.hpp: printable practice sheets for the step lab (the teacher's Share → Practice sheet; practice
// mode in the lab itself is practice.hpp): K Batch Normalization exercises (train mode, forward pass: μ, σ², x̂, y
// per feature) from a seed, written as Markdown, LaTeX and a printable HTML page, each with a separate answer key
// that shows the working and the exercise's bntrace input (so bntrace answers any exercise).
//
// Index
//   PracticeDifficulty, PracticeConfig, ValidatePracticeConfig
//   PracticeExercise, PracticeSheet, MakePracticeSheet      same config, same sheet (the seed decides all numbers)
//   PracticeFormat, WritePracticeSheet, WritePracticeKey    the six documents
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/bn/bn.hpp"

namespace bn {

enum class PracticeDifficulty {
  Integers,  // whole numbers −5…5 with a whole-number mean per feature; γ, β whole numbers
  Decimals,  // one decimal place, −3…3; γ, β with one decimal place
  Outlier,   // whole numbers 0…5 and one far value (20…40) in one feature
  Constant,  // whole numbers, and one feature with the same value in every sample (σ² = 0: ε keeps x̂ finite)
};
const char* PracticeDifficultyName(PracticeDifficulty d);  // "integers", "decimals", "outlier", "constant"
bool ParsePracticeDifficulty(const std::string& name, PracticeDifficulty* d);

struct PracticeConfig {
  int count = 5;        // K exercises, 1–20
  uint64_t seed = 1;
  int samples = 4;      // N per batch, 2–8
  int features = 2;     // D, 1–4 (Constant needs D ≥ 2: one feature constant, the others not)
  PracticeDifficulty difficulty = PracticeDifficulty::Integers;
  int decimals = 3;     // answers rounded to this many decimal places, 1–6
};
constexpr int kPracticeMaxCount = 20, kPracticeMaxSamples = 8, kPracticeMaxFeatures = 4;

// Throws std::invalid_argument naming the field ("count must be 1 to 20").
void ValidatePracticeConfig(const PracticeConfig& c);

struct PracticeExercise {
  TraceInput in;          // x (N×D), gamma, beta, eps 1e-5, train mode
  Trace trace;            // the answers: BuildTrace(in)
  std::string bntrace;    // bntrace's input for this exercise: {"x": ..., "gamma": ..., "beta": ..., "eps": ..., "mode": "train"}
  int outlier_feature = -1, constant_feature = -1;  // which feature carries the outlier / is constant (else −1)
};

struct PracticeSheet {
  PracticeConfig config;
  std::vector<PracticeExercise> exercises;
};

// Validates and builds. Deterministic: the same config gives the same numbers on every platform.
PracticeSheet MakePracticeSheet(const PracticeConfig& config);

enum class PracticeFormat { Markdown, Latex, Html };
const char* PracticeExtension(PracticeFormat f);  // "md", "tex", "html"

// The sheet a learner fills in: instructions, then per exercise the batch, γ, β, ε and blanks for μ, σ², x̂, y.
// LaTeX is a whole document (article, amsmath); HTML a whole page with a print stylesheet, one box per exercise.
std::string WritePracticeSheet(const PracticeSheet& s, PracticeFormat f);
// The answer key: per exercise the answers, the working (the formulas with the numbers put in, and the
// step-by-step tables of the worked-example exporter for Markdown and LaTeX) and the bntrace input.
std::string WritePracticeKey(const PracticeSheet& s, PracticeFormat f);

}  // namespace bn
