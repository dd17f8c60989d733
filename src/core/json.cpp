// json.cpp: Json's parser (recursive descent with a depth limit) and writer.
#include "core/json.hpp"

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

struct Parser {
  const std::string& s;
  size_t pos = 0;

  [[noreturn]] void Fail(const std::string& what) const {
    throw JsonError(what + " at offset " + std::to_string(pos), pos);
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

  Json Value(int depth) {
    if (depth > kJsonMaxDepth) Fail("nesting deeper than " + std::to_string(kJsonMaxDepth) + " levels");
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
    Fail(std::string("unexpected character '") + c + "'");
  }

  Json ObjectValue(int depth) {
    Json obj = Json::Object();
    ++pos;  // {
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
      if (obj.get(key) != nullptr) Fail("duplicate member \"" + key + "\"");
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
    ++pos;  // [
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

  std::string StringValue() {
    ++pos;  // "
    std::string out;
    for (;;) {
      if (pos >= s.size()) Fail("unterminated string");
      const unsigned char c = static_cast<unsigned char>(s[pos++]);
      if (c == '"') return out;
      if (c < 0x20) Fail("control character in string");
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
        default: Fail(std::string("bad escape '\\") + e + "'");
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
    const std::string text = s.substr(start, pos - start);
    return Json::Number(std::strtod(text.c_str(), nullptr));  // overflow gives ±inf: callers check ranges
  }
};

void DumpString(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
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

std::string Json::Float32Text(double v) {
  // The fewest significant digits that read back to the same float32; plain notation where %g would use
  // an exponent only for lack of digits (120, not 1.2e+02).
  const float f = static_cast<float>(v);
  const double a = std::fabs(static_cast<double>(f));
  const bool plain_range = a >= 1e-4 && a < 1e9;
  char buf[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(f));
    if (plain_range && std::strchr(buf, 'e') != nullptr && digits < 9) continue;
    if (std::strtof(buf, nullptr) == f) break;
  }
  return buf;
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
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", number_);
        out += buf;
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
