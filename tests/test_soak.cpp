// test_soak.cpp: a long training session does not grow memory. The training lab's core runs the default
// network pair for 10⁶ steps (or 25 s, whichever comes first), logging as the page does; resident memory
// after warm-up and at the end must stay within 2 MiB. Skipped under sanitizers (their allocators hold
// freed memory on purpose).
#include <doctest.h>

#include <chrono>
#include <cstdio>

#include "core/train/trainer.hpp"

namespace {

long ResidentKiB() {
  long pages_total = 0, pages_resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  const int got = std::fscanf(f, "%ld %ld", &pages_total, &pages_resident);
  std::fclose(f);
  return got == 2 ? pages_resident * 4 : -1;
}

}  // namespace

#ifndef BNLAB_SANITIZE
TEST_CASE("soak: 10^6 training steps (or 25 s) keep resident memory flat") {
  bn::Trainer t(bn::Experiments()[0].config, bn::Experiments()[0].norms);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  long warm = -1;
  int steps = 0;
  while (steps < 1000000 && elapsed() < 25.0) {
    t.Step(25);
    t.Log();
    steps += 25;
    if (warm < 0 && steps >= 20000) warm = ResidentKiB();
  }
  const long end = ResidentKiB();
  MESSAGE("soak: " << steps << " steps in " << elapsed() << " s; resident memory after warm-up " << warm
                   << " KiB, at the end " << end << " KiB; log rows " << t.runs()[1].log.size());
  REQUIRE(warm > 0);
  CHECK(end - warm < 2048);
  CHECK(t.runs()[1].log.size() <= bn::Trainer::kMaxLogRows);
  CHECK(!t.runs()[1].diverged);
}
#endif
