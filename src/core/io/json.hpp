// json.hpp: a small strict JSON (RFC 8259) value, parser and writer, for bntrace and the lab's import/export.
//
// Numbers are held as double. The parser is strict: one value and nothing after it but whitespace, no
// comments, no trailing commas, no duplicate member names, strings of well-formed UTF-8, at most
// kJsonMaxDepth nested arrays/objects (so hostile input cannot overflow the stack). It reports the first
// problem as "what at line L, column C (offset P)". Numbers are read and written with '.' in any locale.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace bn {

constexpr int kJsonMaxDepth = 64;

struct JsonError : std::runtime_error {
  size_t offset;  // byte offset of the problem in the text
  JsonError(const std::string& what, size_t at) : std::runtime_error(what), offset(at) {}
};

// True when v rounds to a finite float32 (|v| < 2^128 − 2^103, so FLT_MAX's own shortest text
// "3.4028235e+38" fits); false for ±inf and NaN.
bool FitsFloat32(double v);

class Json {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };

  Json() = default;
  static Json Number(double v);
  // A number written with printf's %.{digits}g (1–17); Number(v) is Number(v, 17).
  static Json Number(double v, int digits);
  static Json String(std::string s);
  static Json Bool(bool b);
  static Json Array(std::vector<Json> items = {});
  static Json Object();

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_number() const { return type_ == Type::Number; }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }

  double number() const { return number_; }
  bool boolean() const { return bool_; }
  const std::string& string() const { return string_; }
  const std::vector<Json>& items() const { return items_; }
  std::vector<Json>& items() { return items_; }
  // Object members in the order they were read or set.
  const std::vector<std::pair<std::string, Json>>& members() const { return members_; }

  const Json* get(const std::string& key) const;  // nullptr if absent (or not an object)
  void set(const std::string& key, Json value);   // replaces an existing member
  // Appends a member without looking for an existing one (for writers that know their keys are distinct).
  void append(const std::string& key, Json value) { members_.emplace_back(key, std::move(value)); }
  void push(Json value) { items_.push_back(std::move(value)); }

  // Parses a whole document; throws JsonError.
  static Json Parse(const std::string& text);
  // Compact text. Numbers with 17 significant digits (Float32 ones: Float32Text; Number(v, digits): that
  // many); non-finite → null.
  std::string Dump() const;

  // The shortest text that reads back to the same float32 as v rounded to float32 ("0.1", "120",
  // "3.4028235e+38"); "null" when v does not fit a float32 (see FitsFloat32).
  static std::string Float32Text(double v);
  // A number value that dumps with Float32Text.
  static Json Float32(double v);

 private:
  Type type_ = Type::Null;
  double number_ = 0.0;
  bool bool_ = false;
  bool float32_ = false;
  int digits_ = 17;
  std::string string_;
  std::vector<Json> items_;
  std::vector<std::pair<std::string, Json>> members_;
  void DumpTo(std::string& out) const;
};

}  // namespace bn
