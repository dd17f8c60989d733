// test_util.hpp: small helpers several test files share.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/io/json.hpp"

namespace testutil {

// The whole file as bytes ("" if it cannot be read).
inline std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Every number in a JSON value, depth first (nested arrays flattened in order).
inline void Flatten(const bn::Json& v, std::vector<double>* out) {
  if (v.is_number()) {
    out->push_back(v.number());
    return;
  }
  for (const bn::Json& item : v.items()) Flatten(item, out);
}

}  // namespace testutil
