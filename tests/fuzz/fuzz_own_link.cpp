// fuzz_own_link.cpp: libFuzzer target for the own points' link text (DecodeOwnData): all or nothing with a
// one-line reason; accepted text encodes back (EncodeOwnData) to text that decodes to the same bits.
#include <cstdint>
#include <string>
#include <vector>

#include "core/train/own_data.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<bn::OwnPoint> before = {{0.25f, 0.5f, 0}};
  std::vector<bn::OwnPoint> points = before;
  std::string error;
  if (!bn::DecodeOwnData(text, &points, &error)) {
    CheckMessage(error);
    if (!(points == before)) FUZZ_FAIL("own_link #1");
    return 0;
  }
  for (const bn::OwnPoint& p : points)
    if (p.label != 0 && p.label != 1) FUZZ_FAIL("own_link #2");
  const std::string encoded = bn::EncodeOwnData(points);
  std::vector<bn::OwnPoint> again;
  if (!bn::DecodeOwnData(encoded, &again, &error) || !(again == points)) FUZZ_FAIL("own_link #3");
  if (bn::EncodeOwnData(again) != encoded) FUZZ_FAIL("own_link #4");
  return 0;
}
