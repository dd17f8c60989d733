// fuzz_util.hpp: what every fuzz target checks of a refusal's message: it says something, on one line, briefly
// (a quoted value is cut to about 40 characters, so no message is pages long). FUZZ_FAIL names the broken
// promise on stderr before it stops (libFuzzer then writes the input as a crash-… file).
#pragma once

#include <cstdio>
#include <string>

#define FUZZ_FAIL(why)                                               \
  do {                                                               \
    std::fprintf(stderr, "fuzz: broken promise: %s\n", why);        \
    __builtin_trap();                                                \
  } while (0)

inline void CheckMessage(const std::string& m) {
  if (m.empty() || m.size() > 400 || m.find('\n') != std::string::npos || m.find('\r') != std::string::npos) {
    std::fprintf(stderr, "fuzz: message not one short line (%zu bytes): %.300s\n", m.size(), m.c_str());
    __builtin_trap();
  }
}
