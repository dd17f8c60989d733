// test_json.cpp: the strict JSON reader and writer (core/json.hpp).
//
// Index
//   Valid documents    every value kind, whitespace, numbers, escapes, surrogate pairs, UTF-8, members
//   Invalid documents  RFC 8259 violations, each refused with a position
//   Depth limit        exactly kJsonMaxDepth levels, and hostile input
//   Writer             Dump round trip, escapes, float32 text
#include <doctest.h>

#include <cfloat>
#include <cmath>
#include <string>

#include "core/io/json.hpp"

namespace {

std::string ErrorOf(const std::string& text) {
  try {
    bn::Json::Parse(text);
  } catch (const bn::JsonError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Valid documents
// ---------------------------------------------------------------------------------------------
TEST_CASE("JSON: every kind of value, with whitespace around and between") {
  const bn::Json v = bn::Json::Parse(" \t\r\n{ \"a\" : [ 1 , -2.5e3 , 0 , true , false , null ] ,\n \"o\": {}, \"e\": [] } \n");
  REQUIRE(v.is_object());
  CHECK(v.type() == bn::Json::Type::Object);
  const auto& a = v.get("a")->items();
  REQUIRE(a.size() == 6);
  CHECK(a[0].number() == 1.0);
  CHECK(a[1].number() == -2500.0);
  CHECK(a[2].is_number());
  CHECK(a[3].boolean());
  CHECK(a[3].type() == bn::Json::Type::Bool);
  CHECK_FALSE(a[4].boolean());
  CHECK(a[5].is_null());
  CHECK(v.get("o")->is_object());
  CHECK(v.get("o")->members().empty());
  CHECK(v.get("e")->is_array());
  CHECK(v.get("e")->items().empty());
  CHECK(v.get("missing") == nullptr);
  CHECK(a[0].get("x") == nullptr);  // not an object
  // Members keep their order.
  const bn::Json o = bn::Json::Parse(R"({"z": 1, "a": 2, "m": 3})");
  REQUIRE(o.members().size() == 3);
  CHECK(o.members()[0].first == "z");
  CHECK(o.members()[2].first == "m");
  // Scalars are documents too.
  CHECK(bn::Json::Parse("42").number() == 42.0);
  CHECK(bn::Json::Parse("\"s\"").string() == "s");
  CHECK(bn::Json::Parse(" null ").is_null());
}

TEST_CASE("JSON: numbers by the grammar, read exactly") {
  CHECK(bn::Json::Parse("0").number() == 0.0);
  CHECK(std::signbit(bn::Json::Parse("-0").number()));
  CHECK(bn::Json::Parse("0.1").number() == 0.1);
  CHECK(bn::Json::Parse("-12.375").number() == -12.375);
  CHECK(bn::Json::Parse("1E+2").number() == 100.0);
  CHECK(bn::Json::Parse("1e-2").number() == 0.01);
  CHECK(bn::Json::Parse("25e0").number() == 25.0);
  CHECK(bn::Json::Parse("3.4028234663852886e38").number() == static_cast<double>(FLT_MAX));
  // Out of double's range: ±inf (callers check ranges) and 0.
  CHECK(std::isinf(bn::Json::Parse("1e999").number()));
  CHECK(bn::Json::Parse("1e-999").number() == 0.0);
}

TEST_CASE("JSON: string escapes, \\u escapes, surrogate pairs and raw UTF-8") {
  const bn::Json v = bn::Json::Parse(R"("q\"\\\/\b\f\n\r\t\u00b5\u03BC\ud83d\ude00\u0000end")");
  CHECK(v.string() == std::string("q\"\\/\b\f\n\r\tµμ\xF0\x9F\x98\x80") + std::string(1, '\0') + "end");
  CHECK(bn::Json::Parse("\"μ σ² x̂ ᵢ € 😀\"").string() == "μ σ² x̂ ᵢ € 😀");
  CHECK(bn::Json::Parse(R"("\u0041\u00e9")").string() == "Aé");
  CHECK(bn::Json::Parse(R"("\uDBFF\uDFFF")").string() == "\xF4\x8F\xBF\xBF");  // U+10FFFF
}

// ---------------------------------------------------------------------------------------------
// Invalid documents
// ---------------------------------------------------------------------------------------------
TEST_CASE("JSON: invalid documents are refused with a position") {
  const char* const bad[] = {
      "", " ", "{", "[", "[1,]", "[,1]", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{'a':1}", "{\"a\":1,}",
      "{\"a\":1 \"b\":2}", "{1:2}", "01", "-01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "1.5.2", "tru",
      "True", "nul", "NaN", "Infinity", "-Infinity", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\ud800\"",
      "\"\\ud800x\"", "\"\\ud800\\u0041\"", "\"\\udc00\"", "[1] 2", "{} {}", "\"tab\there\"", "\"line\nbreak\"",
      "// comment\n1", "[1] /* c */", "\xEF\xBB\xBF{}",  // a byte order mark is not JSON text
      "{\"a\":1,\"a\":2}",
  };
  for (const char* text : bad) {
    CAPTURE(text);
    CHECK_THROWS_AS(bn::Json::Parse(text), bn::JsonError);
  }
  // Invalid UTF-8 inside strings: stray continuation, overlong, surrogate, beyond U+10FFFF, truncated.
  const char* const bad_utf8[] = {"\"\x80\"", "\"\xC0\xAF\"", "\"\xE0\x80\xAF\"", "\"\xED\xA0\x80\"",
                                  "\"\xF4\x90\x80\x80\"", "\"\xF5\x80\x80\x80\"", "\"\xE2\x82\"", "\"\xFF\""};
  for (const char* text : bad_utf8) {
    CAPTURE(text);
    CHECK_THROWS_WITH_AS(bn::Json::Parse(text), doctest::Contains("UTF-8"), bn::JsonError);
  }
}

TEST_CASE("JSON: errors name the problem, its line and column, and its byte offset") {
  try {
    bn::Json::Parse("[1, 2, x]");
    FAIL("no error");
  } catch (const bn::JsonError& e) {
    CHECK(e.offset == 7);
    CHECK(std::string(e.what()) == "unexpected 'x', expected a JSON value at line 1, column 8 (offset 7)");
  }
  CHECK(ErrorOf("{\n  \"a\": 1,\n  \"b\": ?\n}") == "unexpected '?', expected a JSON value at line 3, column 8 (offset 19)");
  CHECK(ErrorOf("[1] 2") == "trailing text after the JSON value at line 1, column 5 (offset 4)");
  CHECK(ErrorOf("[1,") == "unexpected end of input at line 1, column 4 (offset 3)");
  CHECK(ErrorOf("\"a\x01\"") == "control character (byte 0x01) in a string; write it as an escape at line 1, column 3 (offset 2)");
  CHECK(ErrorOf("\"\\q\"") == "bad escape \\'q' in a string at line 1, column 2 (offset 1)");
  CHECK(ErrorOf("{\"k\": 1, \"k\": 2}").find("duplicate member \"k\"") == 0);
  CHECK(ErrorOf("[1]") == "(accepted)");
}

// ---------------------------------------------------------------------------------------------
// Depth limit
// ---------------------------------------------------------------------------------------------
TEST_CASE("JSON: nesting is limited to kJsonMaxDepth, so hostile input cannot overflow the stack") {
  const int max = bn::kJsonMaxDepth;
  CHECK(max == 64);
  CHECK_NOTHROW(bn::Json::Parse(std::string(max, '[') + std::string(max, ']')));
  CHECK_THROWS_WITH_AS(bn::Json::Parse(std::string(max + 1, '[') + std::string(max + 1, ']')),
                       doctest::Contains("nesting deeper than 64 levels"), bn::JsonError);
  // Objects count too.
  std::string objects;
  for (int k = 0; k < max + 1; ++k) objects += "{\"a\":";
  objects += "1" + std::string(max + 1, '}');
  CHECK_THROWS_WITH_AS(bn::Json::Parse(objects), doctest::Contains("deeper"), bn::JsonError);
  // A megabyte of '[' fails fast at the limit.
  CHECK_THROWS_WITH_AS(bn::Json::Parse(std::string(1 << 20, '[')), doctest::Contains("deeper"), bn::JsonError);
}

// ---------------------------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------------------------
TEST_CASE("JSON: Dump writes compact text that parses back to the same document") {
  bn::Json o = bn::Json::Object();
  o.set("n", bn::Json::Number(0.1));
  o.set("s", bn::Json::String("a\"b\\c\n\x01 μ"));
  o.set("b", bn::Json::Bool(false));
  o.set("z", bn::Json());
  o.set("a", bn::Json::Array({bn::Json::Number(-2), bn::Json::Float32(0.1), bn::Json::Number(INFINITY)}));
  o.set("n", bn::Json::Number(1e300));  // replaces, keeps the place
  const std::string text = o.Dump();
  CHECK(text == "{\"n\":1.0000000000000001e+300,\"s\":\"a\\\"b\\\\c\\n\\u0001 μ\",\"b\":false,\"z\":null,"
                "\"a\":[-2,0.1,null]}");
  const bn::Json back = bn::Json::Parse(text);
  CHECK(bn::Json::Parse(back.Dump()).Dump() == back.Dump());  // (back's 0.1 is a plain double now: 17 digits)
  CHECK(back.get("n")->number() == 1e300);
  CHECK(back.get("s")->string() == "a\"b\\c\n\x01 μ");
  // Doubles survive a round trip exactly.
  for (double v : {0.1, 1.0 / 3.0, -2.718281828459045, 5e-324, 1.7976931348623157e308})
    CHECK(bn::Json::Parse(bn::Json::Number(v).Dump()).number() == v);
}

TEST_CASE("JSON: Float32Text is the shortest text that reads back to the same float32") {
  CHECK(bn::Json::Float32Text(0.1) == "0.1");
  CHECK(bn::Json::Float32Text(1.0 / 3.0) == "0.33333334");
  CHECK(bn::Json::Float32Text(120.0) == "120");
  CHECK(bn::Json::Float32Text(-2.5) == "-2.5");
  CHECK(bn::Json::Float32Text(0.0) == "0");
  CHECK(bn::Json::Float32Text(1e-5) == "1e-05");  // the float nearest 1e-5 (9.99999975e-06) reads back from "1e-05"
  CHECK(bn::Json::Float32Text(FLT_MAX) == "3.4028235e+38");
  CHECK(bn::Json::Float32Text(16777217.0) == "16777216");  // rounds to float first
  CHECK(bn::Json::Float32Text(1e39) == "null");
  // Every text reads back to the same float.
  for (double v : {0.1, 1e-5, 3.14159265358979, -123456.789, 1e-40, 6.02214076e23, 1.0 / 7.0}) {
    CAPTURE(v);
    const std::string text = bn::Json::Float32Text(v);
    CHECK(static_cast<float>(bn::Json::Parse(text).number()) == static_cast<float>(v));
  }
  // FitsFloat32: rounds to a finite float.
  CHECK(bn::FitsFloat32(FLT_MAX));
  CHECK(bn::FitsFloat32(3.4028235e38));  // FLT_MAX's shortest text
  CHECK(bn::FitsFloat32(-3.4028235e38));
  CHECK_FALSE(bn::FitsFloat32(3.4028236e38));
  CHECK_FALSE(bn::FitsFloat32(1e39));
  CHECK_FALSE(bn::FitsFloat32(INFINITY));
  CHECK_FALSE(bn::FitsFloat32(NAN));
  CHECK(bn::FitsFloat32(1e-50));  // underflows to 0: fits
}
