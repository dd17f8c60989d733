// test_json.cpp: the strict JSON reader and writer.
#include <doctest.h>

#include <string>

#include "core/json.hpp"

TEST_CASE("JSON: values, escapes, surrogate pairs, round trip") {
  const bn::Json v = bn::Json::Parse(R"( {"a": [1, -2.5e3, 0, true, false, null], "s": "q\"\\\/\n\u00b5\ud83d\ude00"} )");
  REQUIRE(v.is_object());
  const auto& a = v.get("a")->items();
  CHECK(a.size() == 6);
  CHECK(a[1].number() == -2500.0);
  CHECK(a[3].boolean());
  CHECK(a[5].is_null());
  CHECK(v.get("s")->string() == "q\"\\/\nµ\xF0\x9F\x98\x80");
  CHECK(bn::Json::Parse(v.Dump()).Dump() == v.Dump());
  CHECK(bn::Json::Float32Text(0.1) == "0.1");
  CHECK(bn::Json::Float32Text(1.0 / 3.0) == "0.33333334");
}

TEST_CASE("JSON: invalid documents are refused with a position") {
  const char* bad[] = {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", ".5", "-", "1e", "tru", "\"abc", "\"\\x\"",
                       "\"\\ud800\"", "\"\\udc00\"", "[1] 2", "{\"a\":1,}", "\"tab\there\"", "NaN", "Infinity"};
  for (const char* text : bad) {
    CAPTURE(text);
    CHECK_THROWS_AS(bn::Json::Parse(text), bn::JsonError);
  }
  try {
    bn::Json::Parse("[1, 2, x]");
    FAIL("no error");
  } catch (const bn::JsonError& e) {
    CHECK(e.offset == 7);
  }
}

TEST_CASE("JSON: nesting is limited, so hostile input cannot overflow the stack") {
  CHECK_NOTHROW(bn::Json::Parse(std::string(60, '[') + std::string(60, ']')));
  CHECK_THROWS_WITH_AS(bn::Json::Parse(std::string(100000, '[')), doctest::Contains("deeper"), bn::JsonError);
}
