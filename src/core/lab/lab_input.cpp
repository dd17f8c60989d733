// lab_input.cpp: ParseFloat32 (its refusals: catalog texts, keys input.*, in the current language).
#include "core/lab/lab_input.hpp"

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdlib>

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"

namespace bn {

bool ParseFloat32(const std::string& text, double* value, std::string* error) {
  // Trim spaces; accept the Unicode minus sign U+2212 that the lab itself prints.
  size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  std::string s = text.substr(b, e - b);
  const std::string unicode_minus = "\xE2\x88\x92";
  if (s.compare(0, unicode_minus.size(), unicode_minus) == 0) s = "-" + s.substr(unicode_minus.size());
  if (s.empty()) {
    *error = Tr("input.empty");
    return false;
  }
  // strtod also reads "inf", "nan" and hex floats: only plain decimal numbers are numbers here.
  for (char c : s) {
    const bool ok = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    if (!ok) {
      *error = Tr("input.not_a_number", {{"text", Quote(text)}});
      return false;
    }
  }
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') {
    *error = Tr("input.not_a_number", {{"text", Quote(text)}});
    return false;
  }
  if (!std::isfinite(v) || std::fabs(v) > FLT_MAX) {
    *error = Tr("input.too_large", {{"text", Quote(text)}});
    return false;
  }
  *value = static_cast<double>(static_cast<float>(v));
  return true;
}

}  // namespace bn
