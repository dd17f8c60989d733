// norm_notes.hpp: the image lab's explanations, in our own words.
#pragma once

#include <string>

#include "core/bn/norm_variants.hpp"

namespace bnlab {

// One paragraph: what the variant normalizes over, where it is used, training versus inference.
const char* NormNote(bn::NormVariant v);

// The help beside a step's formula in the image lab ("mean", "var", "inv_std", "xhat_b", "r", "d", "xhat", "y",
// "dy", "dbeta", "dgamma", "dxhat", "dx").
const char* NormStepHelp(const std::string& key);

}  // namespace bnlab
