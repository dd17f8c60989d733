// image_link.hpp: the image lab's link (URL hash), beside the step lab's (lab_hash.hpp) and the training lab's
// (train_link.hpp), read with the same split and value readers (link_pairs.hpp).
//
//   #lab=image&shape=2,3,4,4&norm=group&groups=3&seed=1&edit=5:2.5;17:-1&step=3
//
// Keys: lab=image, shape=N,C,H,W, norm=batch|layer|instance|group|ghost|renorm, groups, ghost, r_max, d_max,
// eps, gamma, beta, running_mean, running_var (C values each), seed, edit=index:value;..., back=0|1, step.
// Absent keys take their defaults.
#pragma once

#include <string>

#include "core/lab/image_lab.hpp"
#include "core/lab/link_pairs.hpp"

namespace bn {

// True when the hash (with or without '#') is for this lab (starts with "lab=image").
bool IsImageHash(const std::string& hash);

// All or nothing: on any problem returns false with a one-line reason in *error and leaves *in and *step untouched.
bool ApplyImageHash(const std::string& hash, ImageLabInput* in, int* step, std::string* error);
// The same for a link already split (SplitHashPairs).
bool ApplyImagePairs(const LinkPairs& pairs, ImageLabInput* in, int* step, std::string* error);

// The hash (without '#') for this input and step.
std::string FormatImageHash(const ImageLabInput& in, int step);

}  // namespace bn
