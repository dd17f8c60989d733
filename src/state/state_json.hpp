// state_json.hpp: the whole state as JSON, for tests and tools (the page's bnlab.state(), --print-state).
#pragma once

#include <string>

#include "state/app_state.hpp"

namespace bnlab {

// The step lab's input, the step cursor, every value computed up to and including the current step under
// bntrace's key names (mean, var, inv_std, xhat, y, dx, dgamma, dbeta ...), the other labs' summaries, the
// image lab ("image") and where tracked controls were drawn ("rects"). Numbers: float32 values with 9
// significant digits (they read back to the same float32), other numbers with printf's %.9g; not finite: null.
std::string StateJson(const AppState& app);

}  // namespace bnlab
