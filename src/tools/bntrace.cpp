// bntrace: BN's intermediate values as JSON, the worked example as Markdown or LaTeX, or a Jupyter notebook (the contract:
// docs/bntrace.md).
//
//   bntrace FILE | bntrace -      one JSON object in, one JSON object (and a newline) out
//   bntrace --format F FILE       F = json (the default, as above), markdown or latex: the worked example for
//                                 the input, the same text as the page's Share menu (a complete document);
//                                 notebook: the Jupyter notebook of Share → Jupyter notebook (NumPy, PyTorch, checks)
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
#include "core/lab/code_export.hpp"
#include "core/lab/trace_export.hpp"

namespace {

const char* const kUsage =
    "usage: bntrace FILE      read the input from FILE\n"
    "       bntrace -         read the input from standard input\n"
    "       bntrace --format json|markdown|latex|notebook FILE|-    what to write (json by default)\n"
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
    "--format json (the default) writes that JSON object; --format markdown or --format latex writes the\n"
    "worked example for the input instead, the same text as the page's Share menu, as a complete document\n"
    "(the LaTeX compiles with pdflatex as it is); --format notebook writes the Jupyter notebook (.ipynb) of\n"
    "the page's Share menu: every step in NumPy and PyTorch, checked against these numbers. Those three take\n"
    "a dense N×D x with norm \"batch\".\n"
    "Bad input: exit status 2, nothing on standard output, one line on standard error.\n";

enum class Format { Json, Markdown, Latex, Notebook };

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
  // Arguments: [--format F | --format=F] FILE, in either order.
  Format format = Format::Json;
  std::string path;
  bool have_path = false, have_format = false;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    std::string value;
    if (arg == "--format") {
      if (a + 1 >= argc) return Fail(kBadInput, "--format needs a value: json, markdown, latex or notebook");
      value = argv[++a];
    } else if (arg.rfind("--format=", 0) == 0) {
      value = arg.substr(9);
    } else if (arg.size() > 1 && arg[0] == '-') {
      return Fail(kBadInput, "unknown option " + arg + " (see bntrace --help; a file named so: ./" + arg + ")");
    } else {
      if (have_path) return Fail(kBadInput, "expected one argument, FILE or - for standard input; got a second: " + arg);
      path = arg;
      have_path = true;
      continue;
    }
    if (have_format) return Fail(kBadInput, "--format given twice");
    have_format = true;
    if (value == "json") {
      format = Format::Json;
    } else if (value == "markdown") {
      format = Format::Markdown;
    } else if (value == "latex") {
      format = Format::Latex;
    } else if (value == "notebook") {
      format = Format::Notebook;
    } else {
      return Fail(kBadInput, "--format must be json, markdown, latex or notebook, not '" + value + "'");
    }
  }
  if (!have_path) return Fail(kBadInput, "expected one argument, FILE or - for standard input (see bntrace --help)");

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
      const bn::BnTraceRequest req = bn::ParseBnTraceInput(text);
      if (format == Format::Json) {
        out = bn::BnTraceJson(req) + '\n';
      } else {
        // The worked example is the step-through lab's: dense BatchNorm on an N×D batch.
        const char* name = format == Format::Latex ? "latex" : format == Format::Notebook ? "notebook" : "markdown";
        if (req.norm.variant != bn::NormVariant::Batch)
          return Fail(kBadInput, std::string("--format ") + name + " writes dense BatchNorm's worked example; norm \"" +
                                     bn::NormKeyName(req.norm.variant) + "\" has only --format json");
        if (req.shape.conv)
          return Fail(kBadInput, std::string("--format ") + name +
                                     " writes the worked example of a dense N×D batch; an N×C×H×W x has only "
                                     "--format json");
        const bn::Trace trace = bn::BuildTrace(req.in);
        out = format == Format::Latex      ? bn::TraceToLatex(trace)
              : format == Format::Notebook ? bn::TraceToNotebook(trace)
                                           : bn::TraceToMarkdown(trace);
      }
    } catch (const std::invalid_argument& e) {
      return Fail(kBadInput, e.what());
    }

    // Output, checked: a full disk or a closed pipe is an error, not a silent truncation.
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)
      return Fail(kFailure, std::string("cannot write the output: ") + std::strerror(errno));
  } catch (const std::bad_alloc&) {
    return Fail(kFailure, "out of memory");
  }
  return 0;
}
