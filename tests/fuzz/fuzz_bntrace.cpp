// fuzz_bntrace.cpp: libFuzzer target for bntrace's input: any bytes are either refused with a one-line
// message or traced, and the trace's JSON parses back.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/io/bntrace_io.hpp"
#include "core/io/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const bn::BnTraceRequest req = bn::ParseBnTraceInput(text);
    if (req.in.x.size() > 100000) return 0;  // keep each run fast
    bn::Json::Parse(bn::BnTraceJson(req));  // BatchNorm or any "norm" variant
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    if (m.empty() || m.find('\n') != std::string::npos) __builtin_trap();  // one line, never empty
  }
  return 0;
}
