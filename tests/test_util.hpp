// test_util.hpp: small helpers several test files share.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <sstream>
#include <string>
#include <vector>

#include "core/base/rng.hpp"
#include "core/io/json.hpp"

namespace testutil {

// A command line run through the shell: its exit status (-1 if it did not exit) and its stdout + stderr.
struct ToolRun {
  int status = -1;
  std::string out;
};
inline ToolRun RunTool(const std::string& command) {
  ToolRun r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int rc = pclose(p);
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return r;
}

// A fresh folder under /tmp ("/tmp" itself if it cannot be made).
inline std::string TempDir() {
  char tmpl[] = "/tmp/bnlab_test_XXXXXX";
  const char* d = ::mkdtemp(tmpl);
  return d ? d : "/tmp";
}

// The whole file as bytes ("" if it cannot be read).
inline std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Whether this machine's TeX has what a LaTeX export in language `tag` loads (core/lab/trace_export.hpp,
// CurrentLatexLanguage): English needs texlive-latex-base only; Spanish and Portuguese babel's language
// (texlive-lang-spanish, texlive-lang-portuguese), Chinese CJKutf8 and its gbsn font (latex-cjk-chinese,
// latex-cjk-chinese-arphic-gbsn00lp). build-wasm.sh installs them all.
inline bool HaveLatexLanguage(const std::string& tag) {
  const std::string files = tag == "es"        ? "spanish.ldf"
                            : tag == "pt-BR"   ? "brazilian.ldf"
                            : tag == "zh-Hans" ? "CJKutf8.sty c70gbsn.fd"
                                               : "";
  if (files.empty()) return true;
  const ToolRun r = RunTool("kpsewhich " + files);
  size_t found = 0;
  for (char c : r.out) found += c == '\n';
  return r.status == 0 && found == static_cast<size_t>(std::count(files.begin(), files.end(), ' ') + 1);
}

// Every number in a JSON value, depth first (nested arrays flattened in order).
inline void Flatten(const bn::Json& v, std::vector<double>* out) {
  if (v.is_number()) {
    out->push_back(v.number());
    return;
  }
  for (const bn::Json& item : v.items()) Flatten(item, out);
}

// `count` floats drawn from N(mean, sd²) with bn::Rng(seed): the kernels' test inputs.
inline std::vector<float> Random(size_t count, double mean, double sd, uint64_t seed) {
  bn::Rng rng(seed);
  std::vector<float> v(count);
  for (float& f : v) f = static_cast<float>(rng.Normal(mean, sd));
  return v;
}

// max_k |got_k − want_k| / (1 + |want_k|): relative error that stays meaningful near zero.
inline double MaxRelErr(const std::vector<float>& got, const std::vector<float>& want) {
  double worst = 0;
  for (size_t k = 0; k < got.size(); ++k)
    worst = std::max(worst, std::fabs(double(got[k]) - want[k]) / (1.0 + std::fabs(double(want[k]))));
  return worst;
}

}  // namespace testutil
