// step_help.hpp: the explanation shown by the help marker beside each step's formula, in our words.
#pragma once

#include <string>

namespace bnlab {

// Help text for a trace step key ("mean", "dxhat", ...); a generic sentence for unknown keys.
const char* StepHelp(const std::string& key, bool eval_mode);

}  // namespace bnlab
