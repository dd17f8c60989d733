// clock.hpp: monotonic seconds (steady clock; performance.now() in the browser), for the benchmark and
// for pacing the labs' live updates.
#pragma once

#include <chrono>

namespace bn {

inline double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace bn
