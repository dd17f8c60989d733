// fuzz_hash.cpp: libFuzzer target for the URL-hash readers (the dense lab's and the image lab's). Whatever the
// bytes, ApplyLabHash / ApplyImageHash either apply a valid state or refuse with a message and leave the state
// untouched; the hash of an accepted state reads back to the same state, and building its trace never crashes.
#include <cstdint>
#include <string>

#include "core/lab/image_lab.hpp"
#include "core/lab/image_link.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_presets.hpp"

namespace {

void FuzzImageHash(const std::string& hash) {
  bn::ImageLabInput in = bn::DefaultImageLabInput();
  int step = 2;
  std::string error;
  if (!bn::ApplyImageHash(hash, &in, &step, &error)) {
    if (error.empty() || in.n != 2 || in.c != 3 || !in.edits.empty() || step != 2) __builtin_trap();
    return;
  }
  if (in.gamma.size() != in.c || in.beta.size() != in.c || in.params.running_var.size() != in.c) __builtin_trap();
  bn::ImageLabInput again = bn::DefaultImageLabInput();
  int step2 = 0;
  if (!bn::ApplyImageHash(bn::FormatImageHash(in, step), &again, &step2, &error)) __builtin_trap();
  if (again.n != in.n || again.c != in.c || again.edits != in.edits || again.gamma != in.gamma || step2 != step)
    __builtin_trap();
  try {
    const bn::NormTrace t = bn::BuildNormTrace(in);  // may refuse (G does not divide C ...), never crash
    for (int k = 0; k < static_cast<int>(t.steps.size()); ++k) bn::NormSubstituted(t, k, 0, in.c - 1, 0, in.w - 1);
  } catch (const std::invalid_argument&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string hash(reinterpret_cast<const char*>(data), size);
  if (bn::IsImageHash(hash)) {
    FuzzImageHash(hash);
    return 0;
  }
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
