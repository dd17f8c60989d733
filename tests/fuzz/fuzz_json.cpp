// fuzz_json.cpp: libFuzzer target for the JSON reader: any bytes parse or throw JsonError (never crash, never
// recurse without bound), and what parses dumps to text that parses to the same text again.
#include <cstdint>
#include <string>

#include "core/io/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const bn::Json v = bn::Json::Parse(text);
    const std::string once = v.Dump();
    if (bn::Json::Parse(once).Dump() != once) __builtin_trap();
  } catch (const bn::JsonError&) {
  }
  return 0;
}
