// link_pairs.hpp: a link (the URL hash) split into its key=value pairs, once, and the readers of the values that the
// step lab's link (lab_hash), the image lab's (image_link) and the training lab's (train_link) share (pure, no UI).
//
//   #lab=image&shape=2,3,4,4&gamma=1,1,1   →   {("lab", "image"), ("shape", "2,3,4,4"), ("gamma", "1,1,1")}
//
//   SplitHashPairs     the pairs, in order: '#' dropped, %XX decoded, empty parts skipped, every refusal one line
//   LinkValue          a key's value (nullptr when absent); LinkLab: the value of lab= ("" when absent)
//   SplitLinkList      "1,2;3" on one separator, empty parts kept
//   ParseHashRow       "1,2,3" → 1×3 float32 values
//   ParseLinkWhole     a whole number lo..hi, no message (each caller words its own)
//   ParseLinkInt       the same, refused as "KEY must be a whole number from LO to HI (got 'TEXT')"
//   ParseLinkNumber    one float32 value, refused as "KEY: why"
//   ParseLinkNumberIn  one number lo..hi (whole when asked), refused as "KEY must be a number from LO to HI (got TEXT)"
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/bn/bn.hpp"

namespace bn {

constexpr size_t kLabMaxHashLength = 8192;  // characters of a link, after '#'

// A link's decoded key=value pairs, in the link's order; each key once.
using LinkPairs = std::vector<std::pair<std::string, std::string>>;

// Splits `hash` (with or without the leading '#') into *pairs. Refuses, with a one-line reason in *error, a hash
// over kLabMaxHashLength, a part without '=', a bad or NUL escape (%00), a NUL character, a repeated key.
bool SplitHashPairs(const std::string& hash, LinkPairs* pairs, std::string* error);

// The value of `key`, or nullptr.
const std::string* LinkValue(const LinkPairs& pairs, const std::string& key);

// The value of lab= (which lab the link is for: "image", "train", "lesson"), "" when the link has none.
std::string LinkLab(const LinkPairs& pairs);

// "a,b,,c" split on ',' → {"a", "b", "", "c"}; "" → {""}.
std::vector<std::string> SplitLinkList(const std::string& text, char sep);

// "1,2,3" → 1×3 float32 values (at most kLabMaxFeatures); `what` names the key in messages ("gamma",
// "x row 2"): "gamma has 9 values; at most 8 features", "gamma value 2: not a number".
bool ParseHashRow(const std::string& text, const std::string& what, Row* row, std::string* error);

// A whole number from lo to hi (strtol's text: leading spaces and a sign allowed, nothing after it).
bool ParseLinkWhole(const std::string& text, long lo, long hi, long* out);

// As ParseLinkWhole; refused with "KEY must be a whole number from LO to HI (got 'TEXT')".
bool ParseLinkInt(const std::string& key, const std::string& text, int lo, int hi, int* out, std::string* error);

// One float32 value (ParseFloat32); refused with "KEY: why".
bool ParseLinkNumber(const std::string& key, const std::string& text, double* out, std::string* error);

// One number within [lo, hi], a whole one when `whole`; refused with "KEY must be a (whole) number from LO to HI
// (got TEXT)" (the bounds as float32 texts).
bool ParseLinkNumberIn(const std::string& key, const std::string& text, double lo, double hi, bool whole,
                       double* out, std::string* error);

}  // namespace bn
