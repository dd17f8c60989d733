// fuzz_hash.cpp: libFuzzer target for the URL-hash reader. Whatever the bytes, ApplyLabHash either applies a
// valid lab state or refuses with a message and leaves the state untouched; FormatLabHash of an accepted
// state reads back to the same state.
#include <cstdint>
#include <string>

#include "core/lab_hash.hpp"
#include "core/lab_presets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string hash(reinterpret_cast<const char*>(data), size);
  bn::TraceInput in = bn::DefaultLabBatch();
  const bn::TraceInput before = in;
  int step = 3;
  std::string error;
  if (!bn::ApplyLabHash(hash, &in, &step, &error)) {
    if (error.empty() || in.x != before.x || step != 3) __builtin_trap();
    return 0;
  }
  // Accepted: shapes consistent, and the state survives a round trip through its own link.
  if (in.gamma.size() != in.x.cols() || in.beta.size() != in.x.cols() || in.x.rows() < 1) __builtin_trap();
  bn::TraceInput again = bn::DefaultLabBatch();
  int step2 = 0;
  if (!bn::ApplyLabHash(bn::FormatLabHash(in, step), &again, &step2, &error)) __builtin_trap();
  if (again.x != in.x || again.gamma != in.gamma || again.eps != in.eps || step2 != step) __builtin_trap();
  try {
    bn::BuildTrace(in);  // may refuse (a batch of 1 in train mode), never crash
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
