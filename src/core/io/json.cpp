// json.cpp: Json's parser (recursive descent with a depth limit) and writer.
//
// Index
//   Constructors, get / set
//   Locale-proof number text: ReadDouble, WriteDouble (strtod/printf follow LC_NUMERIC; JSON never does)
//   Parser: Value, ObjectValue, ArrayValue, StringValue (escapes, surrogate pairs, UTF-8 check), NumberValue
//   Writer: DumpString, Float32Text, FitsFloat32, DumpTo
#include "core/io/json.hpp"

#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bn {

Json Json::Number(double v) {
  Json j;
  j.type_ = Type::Number;
  j.number_ = v;
  return j;
}
Json Json::Number(double v, int digits) {
  Json j = Number(v);
  j.digits_ = digits < 1 ? 1 : digits > 17 ? 17 : digits;
  return j;
}

Json Json::Float32(double v) {
  Json j = Number(v);
  j.float32_ = true;
  return j;
}
Json Json::String(std::string s) {
  Json j;
  j.type_ = Type::String;
  j.string_ = std::move(s);
  return j;
}
Json Json::Bool(bool b) {
  Json j;
  j.type_ = Type::Bool;
  j.bool_ = b;
  return j;
}
Json Json::Array(std::vector<Json> items) {
  Json j;
  j.type_ = Type::Array;
  j.items_ = std::move(items);
  return j;
}
Json Json::Object() {
  Json j;
  j.type_ = Type::Object;
  return j;
}

const Json* Json::get(const std::string& key) const {
  for (const auto& m : members_)
    if (m.first == key) return &m.second;
  return nullptr;
}

void Json::set(const std::string& key, Json value) {
  for (auto& m : members_)
    if (m.first == key) {
      m.second = std::move(value);
      return;
    }
  members_.emplace_back(key, std::move(value));
}

namespace {

// The C library reads and writes numbers with the locale's decimal point; JSON's is always '.'.
char LocaleDecimalPoint() {
  const std::lconv* lc = std::localeconv();
  return (lc != nullptr && lc->decimal_point != nullptr && lc->decimal_point[0] != '\0') ? lc->decimal_point[0] : '.';
}

// `text` matches JSON's number grammar; overflow gives ±inf, underflow ±0 or a subnormal.
std::string ToLocale(std::string text) {
  const char point = LocaleDecimalPoint();
  if (point != '.')
    for (char& c : text)
      if (c == '.') c = point;
  return text;
}
double ReadDouble(const std::string& text) { return std::strtod(ToLocale(text).c_str(), nullptr); }
float ReadFloat(const std::string& text) { return std::strtof(ToLocale(text).c_str(), nullptr); }

// printf's "%.*g" with '.' whatever the locale.
std::string WriteDouble(double v, int digits) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  const char point = LocaleDecimalPoint();
  if (point != '.')
    for (char* c = buf; *c; ++c)
      if (*c == point) *c = '.';
  return buf;
}

// A byte for a message: 'a', or 0x07 for what would not print.
std::string Describe(unsigned char c) {
  if (c >= 0x21 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return std::string("byte ") + buf;
}

// A member name for a message: control characters written as \n, \t or \u00XX (so the message stays one
// line), cut to about 40 bytes.
std::string NameForMessage(const std::string& name) {
  std::string out;
  for (unsigned char c : name.substr(0, 40)) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return name.size() > 40 ? out + "…" : out;
}

struct Parser {
  const std::string& s;
  size_t pos = 0;

  // "what at line L, column C (offset P)": lines and columns count from 1, columns in bytes.
  [[noreturn]] void Fail(const std::string& what) const {
    const size_t at = pos < s.size() ? pos : s.size();
    size_t line = 1, line_start = 0;
    for (size_t k = 0; k < at; ++k)
      if (s[k] == '\n') {
        ++line;
        line_start = k + 1;
      }
    throw JsonError(what + " at line " + std::to_string(line) + ", column " + std::to_string(at - line_start + 1) +
                        " (offset " + std::to_string(at) + ")",
                    at);
  }
  void SkipSpace() {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) ++pos;
  }
  bool Consume(const char* word) {
    size_t k = 0;
    while (word[k] && pos + k < s.size() && s[pos + k] == word[k]) ++k;
    if (word[k]) return false;
    pos += k;
    return true;
  }

  // depth: how many arrays/objects enclose this value.
  Json Value(int depth) {
    SkipSpace();
    if (pos >= s.size()) Fail("unexpected end of input");
    const char c = s[pos];
    if (c == '{') return ObjectValue(depth);
    if (c == '[') return ArrayValue(depth);
    if (c == '"') return Json::String(StringValue());
    if (c == '-' || (c >= '0' && c <= '9')) return NumberValue();
    if (Consume("true")) return Json::Bool(true);
    if (Consume("false")) return Json::Bool(false);
    if (Consume("null")) return Json();
    Fail("unexpected " + Describe(static_cast<unsigned char>(c)) + ", expected a JSON value");
  }

  void Open(int depth) {
    if (depth >= kJsonMaxDepth) Fail("nesting deeper than " + std::to_string(kJsonMaxDepth) + " levels");
    ++pos;  // [ or {
  }

  Json ObjectValue(int depth) {
    Json obj = Json::Object();
    Open(depth);
    SkipSpace();
    if (pos < s.size() && s[pos] == '}') {
      ++pos;
      return obj;
    }
    for (;;) {
      SkipSpace();
      if (pos >= s.size() || s[pos] != '"') Fail("expected a member name in quotes");
      std::string key = StringValue();
      SkipSpace();
      if (pos >= s.size() || s[pos] != ':') Fail("expected ':' after member name");
      ++pos;
      if (obj.get(key) != nullptr) Fail("duplicate member \"" + NameForMessage(key) + "\"");
      obj.set(key, Value(depth + 1));
      SkipSpace();
      if (pos < s.size() && s[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < s.size() && s[pos] == '}') {
        ++pos;
        return obj;
      }
      Fail("expected ',' or '}' in object");
    }
  }

  Json ArrayValue(int depth) {
    Json arr = Json::Array();
    Open(depth);
    SkipSpace();
    if (pos < s.size() && s[pos] == ']') {
      ++pos;
      return arr;
    }
    for (;;) {
      arr.push(Value(depth + 1));
      SkipSpace();
      if (pos < s.size() && s[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < s.size() && s[pos] == ']') {
        ++pos;
        return arr;
      }
      Fail("expected ',' or ']' in array");
    }
  }

  unsigned Hex4() {
    if (pos + 4 > s.size()) Fail("truncated \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s[pos++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else Fail("bad hex digit in \\u escape");
    }
    return v;
  }

  static void AppendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Length of the well-formed UTF-8 sequence at pos (RFC 3629: no overlong forms, no surrogates,
  // nothing above U+10FFFF); fails on anything else.
  size_t Utf8Length() {
    const auto byte = [&](size_t k) { return pos + k < s.size() ? static_cast<unsigned char>(s[pos + k]) : 0u; };
    const unsigned b0 = byte(0);
    size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) len = 2;
    else if (b0 == 0xE0) len = 3, lo = 0xA0;
    else if (b0 == 0xED) len = 3, hi = 0x9F;  // U+D800..U+DFFF are not characters
    else if (b0 >= 0xE1 && b0 <= 0xEF) len = 3;
    else if (b0 == 0xF0) len = 4, lo = 0x90;
    else if (b0 == 0xF4) len = 4, hi = 0x8F;
    else if (b0 >= 0xF1 && b0 <= 0xF3) len = 4;
    else Fail("invalid UTF-8 (" + Describe(static_cast<unsigned char>(b0)) + ") in a string");
    if (byte(1) < lo || byte(1) > hi) Fail("invalid UTF-8 sequence in a string");
    for (size_t k = 2; k < len; ++k)
      if (byte(k) < 0x80 || byte(k) > 0xBF) Fail("invalid UTF-8 sequence in a string");
    return len;
  }

  std::string StringValue() {
    ++pos;  // "
    std::string out;
    for (;;) {
      if (pos >= s.size()) Fail("unterminated string");
      const unsigned char c = static_cast<unsigned char>(s[pos++]);
      if (c == '"') return out;
      if (c < 0x20) {
        --pos;
        Fail("control character (" + Describe(c) + ") in a string; write it as an escape");
      }
      if (c >= 0x80) {  // a multi-byte UTF-8 sequence: copied as it is once it is checked
        --pos;
        const size_t len = Utf8Length();
        out.append(s, pos, len);
        pos += len;
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (pos >= s.size()) Fail("unterminated escape");
      const char e = s[pos++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = Hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // high surrogate: a low one must follow
            if (!(pos + 1 < s.size() && s[pos] == '\\' && s[pos + 1] == 'u')) Fail("lone high surrogate");
            pos += 2;
            const unsigned lo = Hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) Fail("bad low surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            Fail("lone low surrogate");
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          pos -= 2;
          Fail("bad escape \\" + Describe(static_cast<unsigned char>(e)) + " in a string");
      }
    }
  }

  Json NumberValue() {
    // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    const size_t start = pos;
    if (s[pos] == '-') ++pos;
    auto digits = [&]() {
      const size_t d0 = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      return pos - d0;
    };
    if (pos < s.size() && s[pos] == '0') {
      ++pos;
    } else if (digits() == 0) {
      Fail("bad number");
    }
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      if (digits() == 0) Fail("bad number: digits must follow '.'");
    }
    if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
      ++pos;
      if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
      if (digits() == 0) Fail("bad number: digits must follow the exponent");
    }
    return Json::Number(ReadDouble(s.substr(start, pos - start)));  // overflow gives ±inf: callers check ranges
  }
};

// The length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when the bytes there are not one
// (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, cut short).
size_t Utf8Length(const std::string& s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const unsigned char b = static_cast<unsigned char>(s[i + k]);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
  }
  return n;
}

void DumpString(std::string& out, const std::string& s) {
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {  // JSON text is UTF-8: a byte that does not start a valid sequence becomes U+FFFD
      const size_t n = Utf8Length(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";
      } else {
        out.append(s, i, n);
        i += n - 1;
      }
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

}  // namespace

Json Json::Parse(const std::string& text) {
  Parser p{text};
  Json v = p.Value(0);
  p.SkipSpace();
  if (p.pos != text.size()) p.Fail("trailing text after the JSON value");
  return v;
}

bool FitsFloat32(double v) {
  // Round to nearest maps |v| < FLT_MAX + ½ulp = 2^128 − 2^103 to a finite float, anything larger to ∞.
  static const double kLimit = std::ldexp(1.0 - std::ldexp(1.0, -25), 128);
  return std::fabs(v) < kLimit;  // false for NaN too
}

std::string Json::Float32Text(double v) {
  if (!FitsFloat32(v)) return "null";
  // The fewest significant digits (at most 9) that read back to the same float32; plain notation where %g
  // would use an exponent only for lack of digits (120, not 1.2e+02).
  const float f = static_cast<float>(v);
  const double a = std::fabs(static_cast<double>(f));
  const bool plain_range = a >= 1e-4 && a < 1e9;
  std::string text;
  for (int digits = 1; digits <= 9; ++digits) {
    text = WriteDouble(static_cast<double>(f), digits);
    if (plain_range && text.find('e') != std::string::npos && digits < 9) continue;
    if (ReadFloat(text) == f) break;
  }
  return text;
}

void Json::DumpTo(std::string& out) const {
  switch (type_) {
    case Type::Null: out += "null"; break;
    case Type::Bool: out += bool_ ? "true" : "false"; break;
    case Type::Number: {
      if (!std::isfinite(number_)) {
        out += "null";
      } else if (float32_) {
        out += Float32Text(number_);
      } else {
        out += WriteDouble(number_, digits_);
      }
      break;
    }
    case Type::String: DumpString(out, string_); break;
    case Type::Array:
      out += '[';
      for (size_t k = 0; k < items_.size(); ++k) {
        if (k) out += ',';
        items_[k].DumpTo(out);
      }
      out += ']';
      break;
    case Type::Object:
      out += '{';
      for (size_t k = 0; k < members_.size(); ++k) {
        if (k) out += ',';
        DumpString(out, members_[k].first);
        out += ':';
        members_[k].second.DumpTo(out);
      }
      out += '}';
      break;
  }
}

std::string Json::Dump() const {
  std::string out;
  DumpTo(out);
  return out;
}

}  // namespace bn
