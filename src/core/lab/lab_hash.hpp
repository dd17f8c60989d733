// lab_hash.hpp: the lab's shareable state in the URL hash (pure, no UI, no browser).
//
//   #x=1,2,3;4,5,6&gamma=1,1,1&beta=0,0,0&eps=0.00001&mode=train&step=5
//
// Rows of x (and dy) are split by ';', values by ','. Every key is optional; an absent key keeps the
// current value. Keys: x, gamma, beta, eps, mode (train|eval), step, dy, running_mean, running_var,
// momentum. Percent-escapes (%2C, %3B, %20 ...) are decoded first.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/bn/bn.hpp"

namespace bn {

// Lab limits: what the batch editor allows.
constexpr int kLabMaxSamples = 16;
constexpr int kLabMaxFeatures = 8;
constexpr size_t kLabMaxHashLength = 8192;

// Applies `hash` (with or without the leading '#') on top of *in and *step. All or nothing: on any
// problem returns false with a one-line reason in *error and leaves *in and *step untouched.
// When x changes its number of features, γ, β, running statistics and dy that the hash does not give
// are reset to their defaults (ones, zeros, zeros/ones, absent).
bool ApplyLabHash(const std::string& hash, TraceInput* in, int* step, std::string* error);

// The hash for this input and step (without '#'): x, gamma, beta, eps, mode, step, and dy when the
// input has one; running statistics and momentum when they differ from the defaults.
std::string FormatLabHash(const TraceInput& in, int step);

// The hash's decoded key=value pairs, in order (leading '#' dropped, %XX decoded, empty parts skipped).
// Refuses a hash over kLabMaxHashLength, a part without '=', a bad escape or a repeated key.
bool SplitHashPairs(const std::string& hash, std::vector<std::pair<std::string, std::string>>* pairs,
                    std::string* error);

// "1,2,3" → 1×3 float32 values (at most kLabMaxFeatures); `what` names the key in messages.
bool ParseHashRow(const std::string& text, const std::string& what, Row* row, std::string* error);

// Shortest decimal text that reads back to the same float32 value ("0.1", "-2.5", "1e-05").
std::string ShortestFloat32(double v);

// A row as comma-separated shortest float32 texts ("1,2.5,-3"), as both link formats write rows.
std::string FormatRow(const Row& r);

}  // namespace bn
