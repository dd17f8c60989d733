// fuzz_own_csv.cpp: libFuzzer target for a teacher's points as CSV (ParsePointsCsv). All or nothing: a refusal
// leaves the points untouched and says why on one line; accepted points are within the limits, and written back
// as CSV (PointsToCsv) and as link text (EncodeOwnData) they read back to the same bits.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/train/own_data.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<bn::OwnPoint> before = {{1.5f, -2.0f, 1}};
  std::vector<bn::OwnPoint> points = before;
  std::string error;
  if (!bn::ParsePointsCsv(text, &points, &error)) {
    CheckMessage(error);
    if (!(points == before)) FUZZ_FAIL("own_csv #1");
    return 0;
  }
  if (points.size() < static_cast<size_t>(bn::kOwnDataMinPoints) || points.size() > static_cast<size_t>(bn::kOwnDataMaxPoints))
    FUZZ_FAIL("own_csv #2");
  for (const bn::OwnPoint& p : points)
    if (!(std::fabs(p.x) <= bn::kOwnDataMaxAbs && std::fabs(p.y) <= bn::kOwnDataMaxAbs) || (p.label != 0 && p.label != 1))
      FUZZ_FAIL("own_csv #3");
  std::vector<bn::OwnPoint> again;
  if (!bn::ParsePointsCsv(bn::PointsToCsv(points), &again, &error) || !(again == points)) FUZZ_FAIL("own_csv #4");
  std::vector<bn::OwnPoint> linked;
  if (!bn::DecodeOwnData(bn::EncodeOwnData(points), &linked, &error) || !(linked == points)) FUZZ_FAIL("own_csv #5");
  return 0;
}
