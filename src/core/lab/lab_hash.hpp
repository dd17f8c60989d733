// lab_hash.hpp: the lab's shareable state in the URL hash (pure, no UI, no browser).
//
//   #x=1,2,3;4,5,6&gamma=1,1,1&beta=0,0,0&eps=0.00001&mode=train&step=5
//
// Rows of x (and dy) are split by ';', values by ','. Every key is optional; an absent key keeps the
// current value. Keys: x, gamma, beta, eps, mode (train|eval), step, dy, running_mean, running_var,
// momentum. Percent-escapes (%2C, %3B, %20 ...) are decoded first (link_pairs.hpp: the split and the readers
// of values it shares with the image and training links).
#pragma once

#include <string>

#include "core/bn/bn.hpp"
#include "core/lab/link_pairs.hpp"

namespace bn {

// Lab limits: what the batch editor allows.
constexpr int kLabMaxSamples = 16;
constexpr int kLabMaxFeatures = 8;

// Applies `hash` (with or without the leading '#') on top of *in and *step. All or nothing: on any
// problem returns false with a one-line reason in *error and leaves *in and *step untouched.
// When x changes its number of features, γ, β, running statistics and dy that the hash does not give
// are reset to their defaults (ones, zeros, zeros/ones, absent).
bool ApplyLabHash(const std::string& hash, TraceInput* in, int* step, std::string* error);
// The same for a link already split (SplitHashPairs); a lab= key is refused as an unknown key.
bool ApplyLabPairs(const LinkPairs& pairs, TraceInput* in, int* step, std::string* error);

// The hash for this input and step (without '#'): x, gamma, beta, eps, mode, step, and dy when the
// input has one; running statistics and momentum when they differ from the defaults.
std::string FormatLabHash(const TraceInput& in, int step);

// Shortest decimal text that reads back to the same float32 value ("0.1", "-2.5", "1e-05").
std::string ShortestFloat32(double v);

// A row as comma-separated shortest float32 texts ("1,2.5,-3"), as both link formats write rows.
std::string FormatRow(const Row& r);

}  // namespace bn
