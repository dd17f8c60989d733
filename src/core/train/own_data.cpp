// own_data.cpp: ParsePointsCsv, PointsToCsv, SplitOwnData, EncodeOwnData, DecodeOwnData.
//
// Index
//   CSV reading: Trim, Unquote, ReadNumber (JSON's number grammar, locale-proof), SplitFields
//   Split
//   Link text: bytes = [scale k or 255][varint n][label bits, ceil(n/8) bytes][values], base64url
//     scale k ≤ 6: each value v as zigzag varint of v·10^k (exact: it decodes to the same float32)
//     255:         each value as its 4 float32 bytes, little-endian
// The refusals are catalog texts (keys data.own.*, data.link.*) in the current language.
#include "core/train/own_data.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "core/base/message.hpp"
#include "core/base/rng.hpp"
#include "core/i18n/current.hpp"
#include "core/io/json.hpp"

namespace bn {

bool OwnPoint::operator==(const OwnPoint& o) const {
  return std::memcmp(&x, &o.x, sizeof x) == 0 && std::memcmp(&y, &o.y, sizeof y) == 0 && label == o.label;
}

namespace {

std::string Trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
  return s.substr(a, b - a);
}

std::string Unquote(const std::string& s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return Trim(s.substr(1, s.size() - 2));
  return s;
}

// A number as a spreadsheet writes it ("1.5", "-.5", "+2", "3.", "1e-3"; with decimal_comma also "1,5"),
// read through JSON's strict grammar so that the locale never matters. False for anything else.
bool ReadNumber(std::string t, bool decimal_comma, double* v) {
  if (decimal_comma)
    for (char& c : t)
      if (c == ',') c = '.';
  if (t.empty() || t.size() > 64) return false;
  if (t[0] == '+') t.erase(0, 1);
  const size_t digits_at = t[0] == '-' ? 1 : 0;
  // At least one digit before any exponent: ".", "+.", "-." and ".e5" are not numbers (they were read as 0).
  const size_t mantissa_end = std::min(t.size(), t.find_first_of("eE"));
  bool digit = false;
  for (size_t k = digits_at; k < mantissa_end; ++k) digit = digit || std::isdigit(static_cast<unsigned char>(t[k]));
  if (!digit) return false;
  if (digits_at < t.size() && t[digits_at] == '.') t.insert(digits_at, "0");  // ".5" -> "0.5"
  const size_t dot = t.find('.');
  if (dot != std::string::npos && (dot + 1 == t.size() || !std::isdigit(static_cast<unsigned char>(t[dot + 1]))))
    t.insert(dot + 1, "0");  // "3." -> "3.0", "3.e2" -> "3.0e2"
  // JSON refuses leading zeros ("007"): drop them, keeping one before '.' or the end.
  size_t first = digits_at;
  while (first + 1 < t.size() && t[first] == '0' && std::isdigit(static_cast<unsigned char>(t[first + 1])))
    t.erase(first, 1);
  for (char c : t)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'))
      return false;
  try {
    const Json j = Json::Parse(t);
    if (!j.is_number()) return false;
    *v = j.number();
    return true;
  } catch (const JsonError&) {
    return false;
  }
}

std::vector<std::string> SplitFields(const std::string& line, char sep) {
  std::vector<std::string> fields;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == sep && !quoted) {
      fields.push_back(Unquote(Trim(cur)));
      cur.clear();
    } else {
      cur += c;
    }
  }
  fields.push_back(Unquote(Trim(cur)));
  return fields;
}

// Shown in messages: at most 24 characters of what was found.
std::string Shown(const std::string& s) { return Quote(s, 24); }

std::string LineMsg(int line, const std::string& what) {
  return Tr("data.own.line", {{"line", std::to_string(line)}, {"what", what}});
}

}  // namespace

bool ParsePointsCsv(const std::string& text, std::vector<OwnPoint>* points, std::string* error) {
  std::vector<OwnPoint> out;
  size_t pos = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;  // UTF-8 byte-order mark
  int line_no = 0;
  bool seen_line = false;  // the first non-blank line (a header may only be there)
  char sep = 0;
  bool decimal_comma = false;
  int count[2] = {0, 0};
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') {
      if (end == text.size()) break;
      continue;
    }
    if (sep == 0) {
      sep = line.find('\t') != std::string::npos ? '\t' : line.find(';') != std::string::npos ? ';' : ',';
      decimal_comma = sep == ';';
    }
    const std::vector<std::string> f = SplitFields(line, sep);
    double v0 = 0;
    if (!seen_line) {
      seen_line = true;
      if (!ReadNumber(f[0], decimal_comma, &v0)) {  // a header: "x,y,label" or any names
        if (end == text.size()) break;
        continue;
      }
    }
    if (f.size() != 3) {
      const FormatArgs found = {{"n", std::to_string(f.size())}};
      *error = LineMsg(line_no, sep == ',' && f.size() > 3 ? Tr("data.own.fields_comma", found)
                                                           : Tr("data.own.fields", found));
      return false;
    }
    double v[3];
    const char* names[3] = {"x", "y", "label"};
    for (int k = 0; k < 3; ++k) {
      if (f[k].empty()) {
        *error = LineMsg(line_no, Tr("data.own.empty_field", {{"field", names[k]}}));
        return false;
      }
      if (!ReadNumber(f[k], decimal_comma, &v[k])) {
        const FormatArgs shown = {{"text", Shown(f[k])}};
        *error = LineMsg(line_no,
                         k == 2 ? Tr("data.own.label_not_a_number", shown) : Tr("data.own.not_a_number", shown));
        return false;
      }
    }
    for (int k = 0; k < 2; ++k)
      if (!(std::fabs(v[k]) <= kOwnDataMaxAbs)) {
        *error = LineMsg(line_no, Tr("data.own.too_large", {{"field", names[k]}, {"text", Shown(f[k])}}));
        return false;
      }
    if (v[2] != 0 && v[2] != 1) {
      *error = LineMsg(line_no, Tr("data.own.label", {{"text", Shown(f[2])}}));
      return false;
    }
    if (static_cast<int>(out.size()) == kOwnDataMaxPoints) {
      *error = LineMsg(line_no, Tr("data.own.too_many", {{"max", std::to_string(kOwnDataMaxPoints)}}));
      return false;
    }
    OwnPoint p;
    p.x = static_cast<float>(v[0]) + 0.0f;  // + 0: "-0" is the point 0 (and links then keep the decimal form)
    p.y = static_cast<float>(v[1]) + 0.0f;
    p.label = static_cast<int>(v[2]);
    ++count[p.label];
    out.push_back(p);
    if (end == text.size()) break;
  }
  if (static_cast<int>(out.size()) < kOwnDataMinPoints) {
    *error = Tr("data.own.too_few", {{"n", std::to_string(out.size())}, {"min", std::to_string(kOwnDataMinPoints)}});
    return false;
  }
  if (count[0] == 0 || count[1] == 0) {
    *error = Tr("data.own.one_class", {{"label", count[0] ? "0" : "1"}});
    return false;
  }
  *points = std::move(out);
  return true;
}

const std::string& OwnDataTitle() { return Tr("data.set.own"); }

std::string PointsToCsv(const std::vector<OwnPoint>& points) {
  std::string s = "x,y,label\n";
  for (const OwnPoint& p : points)
    s += Json::Float32Text(p.x) + "," + Json::Float32Text(p.y) + "," + std::to_string(p.label) + "\n";
  return s;
}

float RoundDrawn(double v) {
  const double r = std::round(v * 100.0) / 100.0;
  return static_cast<float>(r) + 0.0f;  // never -0
}

DataView OwnDataView(const std::vector<OwnPoint>& points) {
  DataView v;
  if (points.empty()) return v;
  float lo_x = points[0].x, hi_x = lo_x, lo_y = points[0].y, hi_y = lo_y;
  for (const OwnPoint& p : points) {
    lo_x = std::min(lo_x, p.x);
    hi_x = std::max(hi_x, p.x);
    lo_y = std::min(lo_y, p.y);
    hi_y = std::max(hi_y, p.y);
  }
  if (lo_x >= v.x0 && hi_x <= v.x1 && lo_y >= v.y0 && hi_y <= v.y1) return v;
  const double cx = 0.5 * (double(lo_x) + hi_x), cy = 0.5 * (double(lo_y) + hi_y);
  double half = 0.55 * std::max(double(hi_x) - lo_x, double(hi_y) - lo_y);  // half the side, plus 10%
  if (half <= 0) half = std::max(1.0, 0.1 * std::max(std::fabs(cx), std::fabs(cy)));
  v.x0 = static_cast<float>(cx - half);
  v.x1 = static_cast<float>(cx + half);
  v.y0 = static_cast<float>(cy - half);
  v.y1 = static_cast<float>(cy + half);
  return v;
}

Dataset SplitOwnData(const std::vector<OwnPoint>& points, double test_fraction, uint64_t seed) {
  const int n = static_cast<int>(points.size());
  if (n < kOwnDataMinPoints)
    throw std::invalid_argument(
        Tr("data.own.split_too_few", {{"n", std::to_string(n)}, {"min", std::to_string(kOwnDataMinPoints)}}));
  PointsF x(n, 2);
  Eigen::VectorXi y(n);
  for (int k = 0; k < n; ++k) {
    const OwnPoint& p = points[k];
    if (p.label != 0 && p.label != 1) throw std::invalid_argument(Tr("data.own.bad_label"));
    x(k, 0) = p.x;
    x(k, 1) = p.y;
    y(k) = p.label;
  }
  Rng rng(seed);
  return ShuffleSplit(x, y, test_fraction, rng);  // the built-in data sets' split (datasets.hpp)
}

// ---------------------------------------------------------------------------------------------
// Link text
// ---------------------------------------------------------------------------------------------
namespace {

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr uint8_t kRawFloats = 255;
constexpr int kMaxScale = 6;

std::string Base64Url(const std::vector<uint8_t>& b) {
  std::string s;
  for (size_t i = 0; i < b.size(); i += 3) {
    const uint32_t v = (uint32_t(b[i]) << 16) | (i + 1 < b.size() ? uint32_t(b[i + 1]) << 8 : 0) |
                       (i + 2 < b.size() ? uint32_t(b[i + 2]) : 0);
    s += kB64[(v >> 18) & 63];
    s += kB64[(v >> 12) & 63];
    if (i + 1 < b.size()) s += kB64[(v >> 6) & 63];
    if (i + 2 < b.size()) s += kB64[v & 63];
  }
  return s;
}

bool FromBase64Url(const std::string& s, std::vector<uint8_t>* out) {
  if (s.size() % 4 == 1) return false;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    const char* at = std::strchr(kB64, c);
    if (c == '\0' || at == nullptr) return false;
    acc = (acc << 6) | static_cast<uint32_t>(at - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<uint8_t>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

void PutVarint(std::vector<uint8_t>& b, uint64_t v) {
  while (v >= 0x80) {
    b.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  b.push_back(static_cast<uint8_t>(v));
}

bool GetVarint(const std::vector<uint8_t>& b, size_t* at, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*at >= b.size()) return false;
    const uint8_t c = b[(*at)++];
    *v |= uint64_t(c & 0x7F) << shift;
    if (!(c & 0x80)) return true;
  }
  return false;
}

const double kPow10[kMaxScale + 1] = {1, 10, 100, 1000, 10000, 100000, 1000000};

// The value k decimals represent: the same division for encoder and decoder (correctly rounded, so it is the
// double nearest to the decimal, as reading its text would give).
float FromScaled(int64_t q, int k) { return static_cast<float>(static_cast<double>(q) / kPow10[k]); }

bool ScaledExact(float v, int k, int64_t* q) {
  const double s = std::nearbyint(static_cast<double>(v) * kPow10[k]);
  if (!(std::fabs(s) <= 1e12)) return false;
  *q = static_cast<int64_t>(s);
  const float back = FromScaled(*q, k);
  return std::memcmp(&back, &v, sizeof v) == 0;
}

uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t u) { return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1); }

}  // namespace

std::string EncodeOwnData(const std::vector<OwnPoint>& points) {
  // The fewest decimals that represent every value exactly, else raw float32 bytes.
  int scale = kRawFloats;
  for (int k = 0; k <= kMaxScale && scale == kRawFloats; ++k) {
    bool all = true;
    int64_t q;
    for (const OwnPoint& p : points)
      if (!ScaledExact(p.x, k, &q) || !ScaledExact(p.y, k, &q)) {
        all = false;
        break;
      }
    if (all) scale = k;
  }
  std::vector<uint8_t> b;
  b.push_back(static_cast<uint8_t>(scale));
  PutVarint(b, points.size());
  std::vector<uint8_t> labels((points.size() + 7) / 8, 0);
  for (size_t i = 0; i < points.size(); ++i)
    if (points[i].label) labels[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  b.insert(b.end(), labels.begin(), labels.end());
  for (const OwnPoint& p : points)
    for (float v : {p.x, p.y}) {
      if (scale == kRawFloats) {
        uint32_t u;
        std::memcpy(&u, &v, 4);
        for (int s = 0; s < 32; s += 8) b.push_back(static_cast<uint8_t>(u >> s));
      } else {
        int64_t q = 0;
        ScaledExact(v, scale, &q);
        PutVarint(b, ZigZag(q));
      }
    }
  return Base64Url(b);
}

bool DecodeOwnData(const std::string& text, std::vector<OwnPoint>* points, std::string* error) {
  std::vector<uint8_t> b;
  if (!FromBase64Url(text, &b) || b.empty()) {
    *error = Tr("data.link.not_base64");
    return false;
  }
  size_t at = 0;
  const int scale = b[at++];
  uint64_t n = 0;
  if ((scale > kMaxScale && scale != kRawFloats) || !GetVarint(b, &at, &n)) {
    *error = Tr("data.link.bad_header");
    return false;
  }
  if (n > static_cast<uint64_t>(kOwnDataMaxPoints)) {
    *error = Tr("data.link.too_many", {{"n", std::to_string(n)}, {"max", std::to_string(kOwnDataMaxPoints)}});
    return false;
  }
  std::vector<OwnPoint> out(n);
  const size_t label_bytes = (n + 7) / 8;
  if (b.size() - at < label_bytes) {
    *error = Tr("data.link.cut_short");
    return false;
  }
  for (size_t i = 0; i < n; ++i) out[i].label = (b[at + i / 8] >> (i % 8)) & 1;
  at += label_bytes;
  for (size_t i = 0; i < n; ++i)
    for (float* v : {&out[i].x, &out[i].y}) {
      if (scale == kRawFloats) {
        if (b.size() - at < 4) {
          *error = Tr("data.link.cut_short");
          return false;
        }
        uint32_t u = 0;
        for (int s = 0; s < 4; ++s) u |= uint32_t(b[at++]) << (8 * s);
        std::memcpy(v, &u, 4);
      } else {
        uint64_t z;
        if (!GetVarint(b, &at, &z)) {
          *error = Tr("data.link.cut_short");
          return false;
        }
        *v = FromScaled(UnZigZag(z), scale);
      }
      if (!(std::fabs(*v) <= kOwnDataMaxAbs)) {
        *error = Tr("data.link.bad_value");
        return false;
      }
    }
  if (at != b.size()) {
    *error = Tr("data.link.extra_bytes");
    return false;
  }
  *points = std::move(out);
  return true;
}

}  // namespace bn
