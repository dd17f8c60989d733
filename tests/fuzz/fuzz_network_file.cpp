// fuzz_network_file.cpp: libFuzzer target for the network file reader (NetworksFromJson). It refuses with a
// one-line std::invalid_argument, or reads networks that write back (NetworksToJson) to a text that reads back
// and writes again to the very same text (every float32 parameter exact).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/train/network_json.hpp"
#include "fuzz_util.hpp"

namespace {
std::string Write(const bn::SavedNetworks& s) {
  std::vector<const bn::Mlp<float>*> nets;
  for (const bn::Mlp<float>& n : s.nets) nets.push_back(&n);
  return bn::NetworksToJson(nets, s.step, s.data);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bn::SavedNetworks saved;
  try {
    saved = bn::NetworksFromJson(text);
  } catch (const std::invalid_argument& e) {
    CheckMessage(e.what());
    return 0;
  }
  if (saved.nets.empty()) FUZZ_FAIL("network_file #1");
  const std::string written = Write(saved);
  bn::SavedNetworks again;
  try {
    again = bn::NetworksFromJson(written);
  } catch (const std::invalid_argument&) {
    FUZZ_FAIL("network_file #2");  // what the writer wrote must read back
  }
  if (again.nets.size() != saved.nets.size() || again.step != saved.step || Write(again) != written) FUZZ_FAIL("network_file #3");
  return 0;
}
