// lab_input.hpp: reading what a learner types into the lab (pure, no UI): one number in a cell.
// The URL hash reader joins this file with the step-through lab.
#pragma once

#include <string>

namespace bn {

// Reads one float32 value from `text` (surrounding spaces allowed; "1", "-2.5", "3e-2", "−1" with a
// Unicode minus). On success stores the value rounded to float32 in *value and returns true; otherwise
// leaves *value untouched, stores a one-line reason in *error ("not a number", "too large for float32")
// and returns false. Empty text, NaN, infinities and trailing characters are refused.
bool ParseFloat32(const std::string& text, double* value, std::string* error);

}  // namespace bn
