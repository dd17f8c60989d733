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

// True when every byte sequence in s is valid UTF-8 (what a JSON reader accepts).
inline bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 && c >= 0xC2 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}
