// message.hpp: a value quoted into an error message. Every error is one line and short, whatever the learner
// typed or pasted: control characters are written as \n, \r, \t or \xHH, and the value is cut to about 40
// bytes (at a UTF-8 character's start) with "…" after it.
#pragma once

#include <cstdio>
#include <string>

namespace bn {

inline std::string Quote(const std::string& text, size_t max = 40) {
  size_t cut = text.size();
  if (cut > max) {
    cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  }
  std::string out;
  for (size_t i = 0; i < cut; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return cut < text.size() ? out + "…" : out;
}

// A whole message made one line (a safety net where a message is handed on: the command replies).
inline std::string OneLine(const std::string& message) {
  std::string out;
  for (const char ch : message) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\n' || c == '\r') out += ' ';
    else if (c < 0x20 || c == 0x7F) out += '?';
    else out += ch;
  }
  return out;
}

}  // namespace bn
