// bntrace: BN's intermediate values as JSON (the contract: docs/bntrace.md).
//
//   bntrace FILE | bntrace -      one JSON object in, one JSON object (and a newline) out
//   bntrace --help                usage on standard output
//
// Exit status: 0 success; 2 bad input or usage (nothing on stdout, one line "bntrace: ..." on stderr);
// 1 a failure that is not the input's fault (out of memory, stdout cannot be written).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#include "core/io/bntrace_io.hpp"

namespace {

const char* const kUsage =
    "usage: bntrace FILE      read the input from FILE\n"
    "       bntrace -         read the input from standard input\n"
    "       bntrace --help    show this help\n"
    "\n"
    "Reads one JSON object describing a BatchNorm computation and writes one JSON object with every\n"
    "intermediate value.\n"
    "  input:  x (N rows of D numbers, or N×C×H×W), and optionally gamma, beta, eps (1e-5),\n"
    "          mode (\"train\" or \"eval\"), momentum (0.1), running_mean, running_var, dy,\n"
    "          norm (\"batch\", \"layer\", \"instance\", \"group\" with groups, \"ghost\" with ghost_batch,\n"
    "          \"renorm\" with r_max (3) and d_max (5))\n"
    "  output: mean, var, inv_std, xhat, y, running_mean, running_var; with dy also dx, dgamma, dbeta\n"
    "          (renorm adds r and d; layer, instance and group have no running_mean, running_var)\n"
    "Bad input: exit status 2, nothing on standard output, one line on standard error.\n";

constexpr int kBadInput = 2;
constexpr int kFailure = 1;

int Fail(int status, const std::string& message) {
  std::fprintf(stderr, "bntrace: %s\n", message.c_str());
  return status;
}

// Reads all of `f`; false (errno set) on a read error.
bool ReadAll(std::FILE* f, std::string* text) {
  char buf[1 << 16];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) text->append(buf, got);
  return !std::ferror(f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::fputs(kUsage, stdout);
    return std::fflush(stdout) == 0 ? 0 : kFailure;
  }
  if (argc != 2) return Fail(kBadInput, "expected one argument, FILE or - for standard input (see bntrace --help)");
  const std::string path = argv[1];
  if (path.size() > 1 && path[0] == '-')
    return Fail(kBadInput, "unknown option " + path + " (see bntrace --help; a file named so: ./" + path + ")");

  try {
    // Input: the whole file (or standard input).
    std::string text;
    if (path == "-") {
      if (!ReadAll(stdin, &text)) return Fail(kBadInput, std::string("cannot read standard input: ") + std::strerror(errno));
    } else {
      std::FILE* f = std::fopen(path.c_str(), "rb");
      if (f == nullptr) return Fail(kBadInput, "cannot open " + path + ": " + std::strerror(errno));
      const bool ok = ReadAll(f, &text);
      const int read_errno = errno;
      std::fclose(f);
      if (!ok) return Fail(kBadInput, "cannot read " + path + ": " + std::strerror(read_errno));
    }

    // Parse, compute, format: every problem with the input is one std::invalid_argument line.
    std::string out;
    try {
      out = bn::BnTraceJson(bn::ParseBnTraceInput(text));
    } catch (const std::invalid_argument& e) {
      return Fail(kBadInput, e.what());
    }

    // Output, checked: a full disk or a closed pipe is an error, not a silent truncation.
    out += '\n';
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)
      return Fail(kFailure, std::string("cannot write the output: ") + std::strerror(errno));
  } catch (const std::bad_alloc&) {
    return Fail(kFailure, "out of memory");
  }
  return 0;
}
