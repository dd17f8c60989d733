// bntrace: BN's intermediate values as JSON (contract: docs/bntrace.md).
//   bntrace FILE | bntrace -        JSON in, JSON out; exit 2 with one line on stderr for bad input
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/bntrace_io.hpp"

namespace {

const char* kUsage =
    "usage: bntrace FILE   (or: bntrace -  to read standard input)\n"
    "Reads one JSON object describing a BatchNorm computation (x: N×D or N×C×H×W; optional gamma, beta, eps,\n"
    "mode \"train\"|\"eval\", momentum, running_mean, running_var, dy) and writes every intermediate value:\n"
    "mean, var, inv_std, xhat, y, running_mean, running_var, and with dy: dx, dgamma, dbeta.\n"
    "Bad input: exit status 2 and one line on standard error.\n";

int Fail(const std::string& message) {
  std::fprintf(stderr, "bntrace: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (argc != 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string text;
  if (std::strcmp(argv[1], "-") == 0) {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(argv[1], std::ios::binary);
    if (!file) return Fail(std::string("cannot read ") + argv[1] + ": " + std::strerror(errno));
    std::ostringstream ss;
    ss << file.rdbuf();
    text = ss.str();
  }
  try {
    const bn::BnTraceRequest req = bn::ParseBnTraceInput(text);
    const bn::Trace trace = bn::BuildTrace(req.in);
    const std::string out = bn::TraceToJson(trace, req.shape);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fputc('\n', stdout);
  } catch (const std::invalid_argument& e) {
    return Fail(e.what());
  }
  return 0;
}
