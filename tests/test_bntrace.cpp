// test_bntrace.cpp: the bntrace binary (docs/bntrace.md) run as a user runs it: every PyTorch reference case,
// the output's form, every bad input of the contract (exit status 2, nothing on stdout, one line on stderr
// that names the field), the command line; and bntrace_io's reader and writer called directly.
//
// Index
//   Helpers          RunBntrace (temp file or stdin, via the shell), Flatten, Dims
//   Reference cases  all 40 BN cases through the binary; reports the worst errors (overall, offset)
//   norm             the 48 norm_cases.json cases (6 variants) through the binary; dense, eval, keys; bad options
//   Output           keys and order, N×C×H×W nesting, float32 round trip, eval leaves running stats
//   Bad input        the contract's Errors paragraph, one input per rule (and per field)
//   Command line     missing file, directory, arguments, --help
//   bntrace_io       exact messages, and TraceToJson's overflow report
#include <doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/io/bntrace_io.hpp"
#include "core/io/json.hpp"

#include "test_util.hpp"

namespace {

using testutil::Flatten;
using testutil::ReadFile;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
struct Run {
  int status = -1;
  std::string out, err;
};

std::string TempBase() {
  static int counter = 0;
  return "/tmp/bnlab_test_bntrace_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

// Runs `bntrace ARGS` (ARGS already shell-quoted) with stdout and stderr captured.
Run RunArgs(const std::string& args, const std::string& stdin_file = "") {
  const std::string base = TempBase();
  const std::string cmd = std::string(BNTRACE_PATH) + " " + args + (stdin_file.empty() ? "" : " < " + stdin_file) +
                          " > " + base + ".out 2> " + base + ".err";
  const int rc = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = ReadFile(base + ".out");
  r.err = ReadFile(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

// Runs bntrace on `input`, written to a temp file passed as FILE, or fed on standard input with "-".
Run RunBntrace(const std::string& input, bool via_stdin = false) {
  const std::string in = TempBase() + ".json";
  {
    std::ofstream f(in, std::ios::binary);
    f << input;
  }
  const Run r = via_stdin ? RunArgs("-", in) : RunArgs(in);
  std::remove(in.c_str());
  return r;
}


// Sizes along the first elements: [[1, 2], [3, 4], [5, 6]] → {3, 2}.
std::vector<size_t> Dims(const bn::Json& v) {
  std::vector<size_t> dims;
  for (const bn::Json* p = &v; p->is_array() && !p->items().empty(); p = &p->items()[0])
    dims.push_back(p->items().size());
  return dims;
}

std::vector<std::string> MemberNames(const bn::Json& object) {
  std::vector<std::string> names;
  for (const auto& m : object.members()) names.push_back(m.first);
  return names;
}

// The contract's failure form: status 2, nothing on stdout, exactly one line "bntrace: ..." on stderr.
void CheckRefused(const Run& r, const std::string& names) {
  CAPTURE(r.err);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err.rfind("bntrace: ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.back() == '\n');
  CHECK(r.err.find(names) != std::string::npos);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reference cases
// ---------------------------------------------------------------------------------------------
TEST_CASE("bntrace matches every PyTorch reference case, from a file and from stdin (reports the worst)") {
  const bn::Json doc = bn::Json::Parse(ReadFile(std::string(BNLAB_REFERENCE_DIR) + "/bn_cases.json"));
  const auto& cases = doc.get("cases")->items();
  REQUIRE(cases.size() == 40);
  const char* const keys[] = {"mean", "var", "inv_std", "xhat", "y", "running_mean", "running_var",
                              "dx", "dgamma", "dbeta"};
  double worst = 0.0, worst_offset = 0.0;
  std::string worst_where;
  for (size_t c = 0; c < cases.size(); ++c) {
    const std::string kind = cases[c].get("kind")->string();
    const Run r = RunBntrace(cases[c].get("input")->Dump(), c % 2 == 1);
    CAPTURE(c);
    CAPTURE(kind);
    CAPTURE(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    const bn::Json got = bn::Json::Parse(r.out);
    for (const char* key : keys) {
      CAPTURE(key);
      const bn::Json* g = got.get(key);
      const bn::Json* e = cases[c].get("expect")->get(key);
      REQUIRE(g != nullptr);
      REQUIRE(e != nullptr);
      CHECK(Dims(*g) == Dims(*e));  // same nesting (N×D or N×C×H×W, or D)
      std::vector<double> gv, ev;
      Flatten(*g, &gv);
      Flatten(*e, &ev);
      REQUIRE(gv.size() == ev.size());
      double err = 0.0;
      for (size_t k = 0; k < gv.size(); ++k) err = std::max(err, std::fabs(gv[k] - ev[k]) / (1.0 + std::fabs(ev[k])));
      CHECK(err <= 1e-4);
      if (err > worst) {
        worst = err;
        worst_where = "case " + std::to_string(c) + " (" + kind + ") " + key;
      }
      if (kind == "offset") worst_offset = std::max(worst_offset, err);
    }
  }
  MESSAGE("bntrace (float32 output) vs PyTorch, 40 cases: worst relative error " << worst << " at " << worst_where
                                                                               << "; offset cases: " << worst_offset);
}

// Nests a flat N·C·H·W list as the 4-level JSON array bntrace reads.
bn::Json Nest4(const std::vector<double>& flat, const std::vector<double>& shape) {
  const size_t n = size_t(shape[0]), c = size_t(shape[1]), h = size_t(shape[2]), w = size_t(shape[3]);
  REQUIRE(flat.size() == n * c * h * w);
  bn::Json out = bn::Json::Array();
  for (size_t ni = 0; ni < n; ++ni) {
    bn::Json nj = bn::Json::Array();
    for (size_t ci = 0; ci < c; ++ci) {
      bn::Json cj = bn::Json::Array();
      for (size_t hi = 0; hi < h; ++hi) {
        bn::Json hj = bn::Json::Array();
        for (size_t wi = 0; wi < w; ++wi) hj.push(bn::Json::Number(flat[((ni * c + ci) * h + hi) * w + wi]));
        cj.push(std::move(hj));
      }
      nj.push(std::move(cj));
    }
    out.push(std::move(nj));
  }
  return out;
}

TEST_CASE("bntrace \"norm\": every variant's PyTorch reference case through the binary (reports the worst)") {
  const bn::Json doc = bn::Json::Parse(ReadFile(std::string(BNLAB_REFERENCE_DIR) + "/norm_cases.json"));
  const auto& cases = doc.get("cases")->items();
  REQUIRE(cases.size() == 48);
  std::map<std::string, double> worst;
  std::map<std::string, int> keys_checked;
  for (size_t ci = 0; ci < cases.size(); ++ci) {
    const bn::Json& cs = cases[ci];
    const std::string variant = cs.get("variant")->string();
    std::vector<double> shape;
    Flatten(*cs.get("shape"), &shape);
    const bn::Json& in = *cs.get("input");
    std::vector<double> x, dy;
    Flatten(*in.get("x"), &x);
    Flatten(*in.get("dy"), &dy);
    bn::Json input = bn::Json::Object();
    input.set("norm", bn::Json::String(variant));
    input.set("x", Nest4(x, shape));
    input.set("gamma", *in.get("gamma"));
    input.set("beta", *in.get("beta"));
    input.set("eps", *in.get("eps"));
    input.set("dy", Nest4(dy, shape));
    if (variant == "group") input.set("groups", *cs.get("groups"));
    if (variant == "ghost") input.set("ghost_batch", *cs.get("ghost_batch"));
    if (variant == "renorm")
      for (const char* key : {"running_mean", "running_var", "r_max", "d_max"}) input.set(key, *cs.get(key));
    const Run r = RunBntrace(input.Dump(), ci % 2 == 1);
    CAPTURE(ci);
    CAPTURE(variant);
    CAPTURE(r.err);
    REQUIRE(r.status == 0);
    const bn::Json got = bn::Json::Parse(r.out);
    // Every expected value is in the output, and the output has nothing else (batch: its running statistics,
    // checked against PyTorch by the bn_cases test above).
    std::vector<std::string> want = MemberNames(*cs.get("expect")), have = MemberNames(got);
    if (variant == "batch") want.insert(want.end(), {"running_mean", "running_var"});
    std::sort(want.begin(), want.end());
    std::sort(have.begin(), have.end());
    CHECK(have == want);
    for (const auto& [key, expect] : cs.get("expect")->members()) {
      const std::string& key_name = key;  // clang: a structured binding is not captured by CAPTURE's lambda in C++17
      CAPTURE(key_name);
      const bn::Json* g = got.get(key);
      REQUIRE(g != nullptr);
      std::vector<double> gv, ev;
      Flatten(*g, &gv);
      Flatten(expect, &ev);
      REQUIRE(gv.size() == ev.size());
      if (key == "xhat" || key == "y" || key == "dx") CHECK(Dims(*g) == std::vector<size_t>(shape.begin(), shape.end()));
      double err = 0.0;
      for (size_t k = 0; k < gv.size(); ++k) err = std::max(err, std::fabs(gv[k] - ev[k]) / (1.0 + std::fabs(ev[k])));
      CHECK(err <= 1e-6);  // float32 output of double results
      worst[variant] = std::max(worst[variant], err);
      ++keys_checked[variant];
    }
  }
  CHECK(keys_checked["batch"] == 8 * 8);
  CHECK(keys_checked["ghost"] == 8 * 10);   // + running_mean, running_var
  CHECK(keys_checked["renorm"] == 8 * 12);  // + r, d, running_mean, running_var
  for (const auto& [variant, err] : worst)
    MESSAGE("bntrace \"norm\": \"" << variant << "\" (float32 output) vs PyTorch, 8 cases: worst relative error " << err);
}

TEST_CASE("bntrace \"norm\": dense input, eval mode, and which keys each variant writes") {
  // LayerNorm on a dense N×D batch: per sample over its D features. Row 0 is 1, 2, 3 (μ 2, σ² 2/3).
  const Run layer = RunBntrace(R"({"norm": "layer", "x": [[1, 2, 3], [10, 10, 40]], "mode": "eval"})");
  REQUIRE(layer.status == 0);
  const bn::Json l = bn::Json::Parse(layer.out);
  CHECK(MemberNames(l) == std::vector<std::string>{"mean", "var", "inv_std", "xhat", "y"});
  CHECK(Dims(*l.get("y")) == std::vector<size_t>{2, 3});
  CHECK(l.get("mean")->items()[0].number() == 2);
  CHECK(l.get("mean")->items()[1].number() == 20);
  CHECK(l.get("var")->items()[0].number() == doctest::Approx(2.0 / 3.0).epsilon(1e-7));
  CHECK(l.get("xhat")->items()[0].items()[2].number() == doctest::Approx(1 / std::sqrt(2.0 / 3.0 + 1e-5)).epsilon(1e-6));
  // Eval is the same as train for LayerNorm (no running statistics).
  CHECK(RunBntrace(R"({"norm": "layer", "x": [[1, 2, 3], [10, 10, 40]]})").out == layer.out);

  // Ghost and Renorm in eval mode are BatchNorm with the running statistics: the same output as "batch".
  const std::string eval = R"("x": [[1, 2], [3, 5], [0, 1], [4, 4]], "mode": "eval", "running_mean": [1, 2], "running_var": [4, 9]})";
  const Run batch = RunBntrace("{" + eval);
  REQUIRE(batch.status == 0);
  CHECK(RunBntrace(R"({"norm": "ghost", "ghost_batch": 2, )" + eval).out == batch.out);
  CHECK(RunBntrace(R"({"norm": "renorm", "r_max": 2, )" + eval).out == batch.out);
  CHECK(bn::Json::Parse(batch.out).get("y")->items()[1].items()[1].number() ==
        doctest::Approx((5 - 2) / std::sqrt(9 + 1e-5)).epsilon(1e-7));

  // Ghost in train mode, dense 4×1 with B = 2: sub-batches {1, 3} and {10, 30}, each normalized alone to ∓1;
  // running statistics updated once per sub-batch (momentum 0.5): mean 0 → 1 → 10.5, var (unbiased 2, 200)
  // 1 → 1.5 → 100.75.
  const Run ghost = RunBntrace(R"({"norm": "ghost", "ghost_batch": 2, "x": [[1], [3], [10], [30]], "momentum": 0.5, "eps": 0})");
  REQUIRE(ghost.status == 0);
  const bn::Json g = bn::Json::Parse(ghost.out);
  CHECK(MemberNames(g) == std::vector<std::string>{"mean", "var", "inv_std", "xhat", "y", "running_mean", "running_var"});
  std::vector<double> mean, xhat;
  Flatten(*g.get("mean"), &mean);
  Flatten(*g.get("xhat"), &xhat);
  CHECK(mean == std::vector<double>{2, 20});
  CHECK(xhat == std::vector<double>{-1, 1, -1, 1});
  CHECK(g.get("running_mean")->items()[0].number() == 10.5);
  CHECK(g.get("running_var")->items()[0].number() == 100.75);

  // Renorm: r and d per channel, clipped. One channel, x = 0, 2 (μ 1, σ_B 1), running (0, 0.25): σ_run 0.5,
  // r = 2 clipped to r_max 1.5, d = 2 clipped to d_max 0.5; x̂ = ∓1·1.5 + 0.5.
  const Run renorm = RunBntrace(
      R"({"norm": "renorm", "x": [[0], [2]], "running_mean": [0], "running_var": [0.25], "r_max": 1.5, "d_max": 0.5, "eps": 0})");
  REQUIRE(renorm.status == 0);
  const bn::Json rn = bn::Json::Parse(renorm.out);
  CHECK(rn.get("r")->items()[0].number() == 1.5);
  CHECK(rn.get("d")->items()[0].number() == 0.5);
  Flatten(*rn.get("xhat"), &(xhat = {}));
  CHECK(xhat == std::vector<double>{-1, 2});
}

TEST_CASE("bntrace \"norm\": bad options are refused like every other bad input") {
  const std::string x = R"("x": [[[[1, 2]], [[3, 4]], [[5, 7]], [[6, 8]]], [[[1, 5]], [[3, 0]], [[5, 2]], [[6, 1]]]])";  // 2×4×1×2
  struct Bad {
    std::string input, names;
  } const bad[] = {
      {R"({"norm": "batchnorm", )" + x + "}", R"(norm is "batchnorm": expected "batch", "layer", "instance", "group", "ghost" or "renorm")"},
      {R"({"norm": 3, )" + x + "}", "norm is not a string"},
      {R"({"norm": "group", )" + x + "}", "groups is missing"},
      {R"({"norm": "group", "groups": 3, )" + x + "}", "groups: C = 4 is not divisible by G = 3"},
      {R"({"norm": "group", "groups": 8, )" + x + "}", "groups: G = 8 must be between 1 and C = 4"},
      {R"({"norm": "group", "groups": 1.5, )" + x + "}", "groups is 1.5: expected a whole number ≥ 1"},
      {R"({"norm": "group", "groups": 0, )" + x + "}", "groups is 0: expected a whole number ≥ 1"},
      {R"({"groups": 2, )" + x + "}", R"(groups is only used with "norm": "group")"},
      {R"({"norm": "layer", "ghost_batch": 2, )" + x + "}", R"(ghost_batch is only used with "norm": "ghost")"},
      {R"({"norm": "ghost", )" + x + "}", "ghost_batch is missing"},
      {R"({"norm": "ghost", "ghost_batch": 3, )" + x + "}", "ghost_batch: B = 3 must be between 1 and N = 2"},
      {R"({"norm": "ghost", "ghost_batch": 1, "x": [[1], [2], [3]]})", "each statistics group has M = B·H·W = 1 value"},
      {R"({"norm": "instance", "x": [[1, 2], [3, 4]]})", "each statistics group has M = H·W = 1 value"},
      {R"({"norm": "renorm", "r_max": 0.5, )" + x + "}", "r_max is 0.5: it must be 1 or more"},
      {R"({"norm": "renorm", "d_max": -1, )" + x + "}", "d_max is -1: it must be 0 or more"},
      {R"({"r_max": 2, )" + x + "}", R"(r_max is only used with "norm": "renorm")"},
      {R"({"norm": "layer", "momentum": 0.2, )" + x + "}", R"(momentum is not used by "norm": "layer" (LayerNorm keeps no running statistics))"},
      {R"({"norm": "instance", "running_var": [1, 1, 1, 1], )" + x + "}", "running_var is not used by"},
      {R"({"norm": "layer", "eps": 0, "x": [[1, 1], [2, 3]]})", R"(eps is 0 and statistics group 0 of "norm": "layer" is constant)"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.input);
    CheckRefused(RunBntrace(b.input), b.names);
  }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------
TEST_CASE("bntrace output: the contract's keys in order, x's nesting, numbers that read back to the same float32") {
  const Run r = RunBntrace(R"({"x": [[0.1, 3], [0.7, -2], [1e-3, 5]], "dy": [[1, 2], [3, 4], [5, 6]]})");
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);  // one object, one line
  const bn::Json got = bn::Json::Parse(r.out);
  CHECK(MemberNames(got) == std::vector<std::string>{"mean", "var", "inv_std", "xhat", "y", "running_mean",
                                                     "running_var", "dx", "dgamma", "dbeta"});
  CHECK(Dims(*got.get("y")) == std::vector<size_t>{3, 2});
  CHECK(Dims(*got.get("mean")) == std::vector<size_t>{2});
  // The same computation in the core, rounded to float32: the text must read back to exactly that float.
  const bn::BnTraceRequest req = bn::ParseBnTraceInput(R"({"x": [[0.1, 3], [0.7, -2], [1e-3, 5]]})");
  const bn::Trace t = bn::BuildTrace(req.in);
  std::vector<double> y;
  Flatten(*got.get("y"), &y);
  REQUIRE(y.size() == 6);
  for (size_t k = 0; k < y.size(); ++k)
    CHECK(static_cast<float>(y[k]) == static_cast<float>(t.fwd.y(static_cast<Eigen::Index>(k / 2), k % 2)));
  // Inputs are read as float32: 0.1 is the float 0.100000001..., so the mean of column 0 is that of floats.
  CHECK(got.get("mean")->items()[0].number() ==
        doctest::Approx((double(0.1f) + double(0.7f) + double(1e-3f)) / 3).epsilon(1e-7));

  // Without dy: no backward keys.
  const Run f = RunBntrace(R"({"x": [[1], [2]]})");
  REQUIRE(f.status == 0);
  CHECK(MemberNames(bn::Json::Parse(f.out)) ==
        std::vector<std::string>{"mean", "var", "inv_std", "xhat", "y", "running_mean", "running_var"});
  // FLT_MAX's shortest text fits a float32.
  CHECK(RunBntrace(R"({"x": [[3.4028235e38], [-3.4028235e38]], "mode": "eval"})").status == 0);
}

TEST_CASE("bntrace conv input: N×C×H×W in and out, statistics per channel") {
  // N=2, C=2, H=1, W=2. Channel 0 holds 1, 2, 5, 6 (μ = 3.5, σ² = 4.25); channel 1 holds 10, 10, 20, 20.
  const Run r = RunBntrace(R"({"x": [[[[1, 2]], [[10, 10]]], [[[5, 6]], [[20, 20]]]],
                               "dy": [[[[1, 0]], [[0, 0]]], [[[0, 0]], [[0, 1]]]], "momentum": 0.5})");
  REQUIRE(r.status == 0);
  const bn::Json got = bn::Json::Parse(r.out);
  CHECK(Dims(*got.get("xhat")) == std::vector<size_t>{2, 2, 1, 2});
  CHECK(Dims(*got.get("dx")) == std::vector<size_t>{2, 2, 1, 2});
  CHECK(Dims(*got.get("dgamma")) == std::vector<size_t>{2});
  CHECK(got.get("mean")->items()[0].number() == 3.5);
  CHECK(got.get("mean")->items()[1].number() == 15);
  CHECK(got.get("var")->items()[0].number() == 4.25);
  CHECK(got.get("var")->items()[1].number() == 25);
  // running_var = 0.5·1 + 0.5·(4/3)·σ²  (M = N·H·W = 4)
  CHECK(got.get("running_var")->items()[1].number() == doctest::Approx(0.5 + 0.5 * 4.0 / 3.0 * 25).epsilon(1e-7));
  // x̂[1][0][0][1] = (6 − 3.5)/√(4.25 + 1e-5)
  const double xhat = got.get("xhat")->items()[1].items()[0].items()[0].items()[1].number();
  CHECK(xhat == doctest::Approx(2.5 / std::sqrt(4.25 + 1e-5)).epsilon(1e-7));
}

TEST_CASE("bntrace eval mode: running statistics used and returned unchanged; one sample is fine") {
  const Run r = RunBntrace(R"({"x": [[4, -1]], "mode": "eval", "running_mean": [2, 0], "running_var": [4, 1],
                               "eps": 0, "gamma": [2, 1], "beta": [1, 0]})");
  REQUIRE(r.status == 0);
  const bn::Json got = bn::Json::Parse(r.out);
  CHECK(got.get("mean")->Dump() == "[2,0]");
  CHECK(got.get("var")->Dump() == "[4,1]");
  CHECK(got.get("inv_std")->Dump() == "[0.5,1]");
  CHECK(got.get("y")->Dump() == "[[3,-1]]");  // 2·(4 − 2)/2 + 1, 1·(−1 − 0)/1 + 0
  CHECK(got.get("running_mean")->Dump() == "[2,0]");
  CHECK(got.get("running_var")->Dump() == "[4,1]");
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------
TEST_CASE("bntrace refuses every bad input of the contract: exit 2, no stdout, one line naming the field") {
  struct Bad {
    std::string input;
    const char* names;  // a substring the message must contain
  };
  const Bad bad[] = {
      // not JSON, trailing text, not an object
      {"this is not json", "input is not valid JSON"},
      {"", "input is not valid JSON: unexpected end of input"},
      {"{\"x\": [[1, 2], [3, 4]]} trailing", "trailing text"},
      {"{\"x\": [[1, 2], [3, 4]]}\n{\"x\": [[1], [2]]}", "trailing text after the JSON value at line 2, column 1"},
      {"{\"x\": [[1, 2], [3, 4]],}", "not valid JSON"},
      {"{\"x\": [[1, 2], [3, 4]], \"x\": [[1, 2], [3, 4]]}", "duplicate member \"x\""},
      // found by fuzzing: a repeated member name holding a newline must not break the message into two lines
      {"{\"x\": [[1, 2], [3, 4]], \"a\\nb\": 1, \"a\\nb\": 2}", "duplicate member \"a\\nb\""},
      {"{\"x\": [[1, 2], [3, 4]], \"s\xff\": 1}", "invalid UTF-8"},
      {std::string(200, '[') + std::string(200, ']'), "nesting deeper than 64"},
      {"[1, 2]", "input is not a JSON object"},
      // missing or empty x
      {"{}", "x is missing"},
      {"{\"gamma\": [1]}", "x is missing"},
      {"{\"x\": []}", "x is empty"},
      {"{\"x\": [[]]}", "x[0] is empty"},
      {"{\"x\": [[[[]]]]}", "x[0][0][0] is empty"},
      {"{\"x\": 5}", "x is not an array"},
      {"{\"x\": null}", "x is not an array"},
      // ragged rows (dense), ragged at every level (conv), mixed levels
      {"{\"x\": [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3]]}", "x[2] has 3 values, row 0 has 4"},
      {"{\"x\": [[1, 2], [3]]}", "x[1] has 1 value, row 0 has 2"},
      {"{\"x\": [[1, 2], []]}", "x[1] has 0 values, row 0 has 2"},
      {"{\"x\": [[[[1, 2]], [[3, 4]]], [[[1, 2]]]]}", "x[1] has 1 entry, x[0] has 2"},
      {"{\"x\": [[[[1, 2]], [[3, 4]]], [[[1, 2]], [[3, 4], [5, 6]]]]}", "x[1][1] has 2 entries, x[0][0] has 1"},
      {"{\"x\": [[[[1, 2]], [[3, 4]]], [[[1, 2]], [[3]]]]}", "x[1][1][0] has 1 entry, x[0][0][0] has 2"},
      {"{\"x\": [[1, 2], 3]}", "x[1] is a number where an array is expected"},
      {"{\"x\": [[1, 2], [3, [4]]]}", "x[1][1] is not a number"},
      {"{\"x\": [[[[1, 2]], [[3, 4]]], [[[1, 2]], [3]]]}", "x[1][1][0] is a number where an array is expected"},
      // non-numbers
      {"{\"x\": [[1, \"a\"], [3, 4]]}", "x[0][1] is not a number"},
      {"{\"x\": [[1, null], [3, 4]]}", "x[0][1] is not a number"},
      {"{\"x\": [[1, true], [3, 4]]}", "x[0][1] is not a number"},
      {"{\"x\": [[1, {}], [3, 4]]}", "x[0][1] is not a number"},
      {"{\"x\": [[[[1, 2]], [[3, \"4\"]]], [[[1, 2]], [[3, 4]]]]}", "x[0][1][0][1] is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"gamma\": [1, \"b\"]}", "gamma[1] is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"beta\": [null, 0]}", "beta[0] is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"running_mean\": [0, false]}", "running_mean[1] is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"running_var\": [[1], 1]}", "running_var[0] is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": [[1, 2], [3, \"d\"]]}", "dy[1][1] is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"eps\": \"small\"}", "eps is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"eps\": null}", "eps is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"momentum\": \"fast\"}", "momentum is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"gamma\": 1}", "gamma is not an array"},
      // values that do not fit a float32 (±Infinity and NaN are not JSON at all)
      {"{\"x\": [[1, 2], [3, 1e39]]}", "x[1][1] is 1e+39, which does not fit a float32"},
      {"{\"x\": [[1, 2], [-3.5e38, 4]]}", "x[1][0] is -3.5e+38, which does not fit a float32"},
      {"{\"x\": [[1, 2], [3.4028236e38, 4]]}", "x[1][0] is 3.4028236e+38, which does not fit a float32"},
      {"{\"x\": [[1, 2], [3, 1e999]]}", "x[1][1] is inf, which does not fit a float32"},
      {"{\"x\": [[[[1, 2]], [[3, 4]]], [[[1, 2]], [[3, -1e40]]]]}", "x[1][1][0][1] is -1e+40, which does not fit"},
      {"{\"x\": [[1, 2], [3, 4]], \"gamma\": [1, 1e39]}", "gamma[1] is 1e+39, which does not fit a float32"},
      {"{\"x\": [[1, 2], [3, 4]], \"beta\": [-1e39, 1]}", "beta[0] is -1e+39"},
      {"{\"x\": [[1, 2], [3, 4]], \"running_mean\": [0, 1e39]}", "running_mean[1] is 1e+39"},
      {"{\"x\": [[1, 2], [3, 4]], \"running_var\": [1e39, 1]}", "running_var[0] is 1e+39"},
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": [[1e39, 2], [3, 4]]}", "dy[0][0] is 1e+39"},
      {"{\"x\": [[1, 2], [3, 4]], \"eps\": 1e39}", "eps is 1e+39, which does not fit a float32"},
      {"{\"x\": [[1, 2], [3, 4]], \"x2\": NaN}", "not valid JSON"},
      {"{\"x\": [[1, 2], [3, Infinity]]}", "not valid JSON"},
      // wrong lengths
      {"{\"x\": [[1, 2], [3, 4]], \"gamma\": [1]}", "gamma has 1 value, x has 2 features"},
      {"{\"x\": [[1, 2], [3, 4]], \"beta\": [1, 2, 3]}", "beta has 3 values, x has 2 features"},
      {"{\"x\": [[1, 2], [3, 4]], \"running_mean\": [0]}", "running_mean has 1 value, x has 2 features"},
      {"{\"x\": [[1, 2], [3, 4]], \"running_var\": []}", "running_var has 0 values, x has 2 features"},
      {"{\"x\": [[[[1, 2]], [[3, 4]]]], \"gamma\": [1, 2, 3]}", "gamma has 3 values, x has 2 channels"},
      // negative eps or running_var; momentum outside [0, 1]
      {"{\"x\": [[1, 2], [3, 4]], \"eps\": -0.1}", "eps is negative"},
      {"{\"x\": [[1, 2], [3, 4]], \"running_var\": [1, -1]}", "running_var[1] is negative"},
      {"{\"x\": [[1, 2], [3, 4]], \"running_var\": [-1e-30, 1], \"mode\": \"eval\"}", "running_var[0] is negative"},
      {"{\"x\": [[1, 2], [3, 4]], \"momentum\": 1.5}", "momentum is 1.5: it must be in [0, 1]"},
      {"{\"x\": [[1, 2], [3, 4]], \"momentum\": -0.1}", "momentum is -0.1: it must be in [0, 1]"},
      // unknown mode
      {"{\"x\": [[1, 2], [3, 4]], \"mode\": \"test\"}", "mode is \"test\": expected \"train\" or \"eval\""},
      {"{\"x\": [[1, 2], [3, 4]], \"mode\": \"Train\"}", "mode is \"Train\""},
      {"{\"x\": [[1, 2], [3, 4]], \"mode\": 1}", "mode is not a string"},
      {R"({"x": [[1, 2], [3, 4]], "mode": "a\nb"})", R"(mode is "a\nb")"},  // the newline stays escaped: one line
      // dy of another shape
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": [[1, 2]]}", "dy has shape 1×2, x has 2×2"},
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": [[1, 2, 3], [4, 5, 6]]}", "dy has shape 2×3, x has 2×2"},
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": [1, 2]}", "dy has 1 level of arrays, x has 2"},
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": [[1, 2], [3]]}", "dy[1] has 1 value, row 0 has 2"},
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": []}", "dy is empty"},
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": 0}", "dy is not an array"},
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": [[[[1, 2]], [[3, 4]]]]}", "dy has 4 levels of arrays, x has 2"},
      {"{\"x\": [[[[1, 2]], [[3, 4]]]], \"dy\": [[[[1, 2]], [[3, 4]]], [[[1, 2]], [[3, 4]]]]}",
       "dy has shape 2×2×1×2, x has 1×2×1×2"},
      {"{\"x\": [[[[1, 2]], [[3, 4]]]], \"dy\": [[[[1, 2]], [[3]]]]}", "dy[0][1][0] has 1 entry, dy[0][0][0] has 2"},
      // too many levels; 3 levels; 1 level
      {"{\"x\": [[[[[1]]]]]}", "x has more than 4 levels of arrays"},
      {"{\"x\": [[[1, 2]], [[3, 4]]]}", "x has 3 levels of arrays: only 2 (dense N×D) or 4 (conv N×C×H×W) are valid"},
      {"{\"x\": [1, 2, 3]}", "x has 1 level of arrays: expected 2"},
      // train mode with a single value per feature/channel
      {"{\"x\": [[1, 2]]}", "x has a single value per feature: train mode needs at least 2"},
      {"{\"x\": [[1, 2]], \"mode\": \"train\"}", "single value per feature"},
      {"{\"x\": [[[[1]], [[2]]]]}", "x has a single value per channel"},
      // unknown keys (named, quoted)
      {"{\"x\": [[1, 2], [3, 4]], \"colour\": 1}", "unknown key \"colour\""},
      {"{\"X\": [[1, 2], [3, 4]]}", "unknown key \"X\""},
      {R"({"x": [[1, 2], [3, 4]], "a\nb": 1})", R"(unknown key "a\nb")"},
      // what the core cannot compute: division by zero
      {"{\"x\": [[1, 2], [1, 4]], \"eps\": 0}", "eps is 0 and x's feature 0 is constant"},
      {"{\"x\": [[1, 2], [3, 4]], \"eps\": 0, \"running_var\": [1, 0], \"mode\": \"eval\"}",
       "running_var[1] + eps is 0"},
      // results beyond float32 are reported, not written
      {"{\"x\": [[0], [1]], \"gamma\": [3e38], \"beta\": [3e38]}", "the result y[1][0] is 5.99"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.input);
    CheckRefused(RunBntrace(b.input), b.names);
  }
  // The same through standard input.
  CheckRefused(RunBntrace("{\"x\": [[1, 2], [3]]}", true), "x[1] has 1 value, row 0 has 2");
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------
TEST_CASE("bntrace command line: missing file, directory, wrong arguments, --help") {
  CheckRefused(RunArgs("/nonexistent/bn_input.json"), "cannot open /nonexistent/bn_input.json: No such file");
  CheckRefused(RunArgs("/tmp"), "cannot read /tmp");
  CheckRefused(RunArgs(""), "expected one argument, FILE or -");
  CheckRefused(RunArgs("a.json b.json"), "expected one argument");
  CheckRefused(RunArgs("--verbose"), "unknown option --verbose");
  CheckRefused(RunArgs("-", "/dev/null"), "input is not valid JSON");  // empty standard input
  const Run help = RunArgs("--help");
  CHECK(help.status == 0);
  CHECK(help.err.empty());
  CHECK(help.out.rfind("usage: bntrace FILE", 0) == 0);
  CHECK(help.out.find("dgamma") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// bntrace_io directly (what the web app reuses for import and export)
// ---------------------------------------------------------------------------------------------
TEST_CASE("ParseBnTraceInput: defaults, shapes, and messages exactly as bntrace prints them") {
  const bn::BnTraceRequest d = bn::ParseBnTraceInput(R"({"x": [[1, 2, 3], [4, 5, 6]]})");
  CHECK_FALSE(d.shape.conv);
  CHECK(d.shape.n == 2);
  CHECK(d.shape.c == 3);
  CHECK(d.in.x(1, 2) == 6);
  CHECK(d.in.gamma == bn::Row::Ones(3));
  CHECK(d.in.beta == bn::Row::Zero(3));
  CHECK(d.in.eps == 1e-5);
  CHECK(d.in.mode == bn::Mode::Train);
  CHECK(d.in.running.momentum == 0.1);
  CHECK(d.in.running.mean == bn::Row::Zero(3));
  CHECK(d.in.running.var == bn::Row::Ones(3));
  CHECK_FALSE(d.in.has_dy);

  const bn::BnTraceRequest c = bn::ParseBnTraceInput(R"({"x": [[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]], "mode": "eval"})");
  CHECK(c.shape.conv);
  CHECK(c.shape.n == 1);
  CHECK(c.shape.c == 2);
  CHECK(c.shape.h == 2);
  CHECK(c.shape.w == 2);
  REQUIRE(c.in.x.rows() == 4);
  REQUIRE(c.in.x.cols() == 2);
  CHECK(c.in.x(3, 1) == 8);  // (h 1, w 1) of channel 1
  // Conv output goes back to N×C×H×W.
  const bn::Json out = bn::Json::Parse(bn::TraceToJson(bn::BuildTrace(c.in), c.shape));
  // Eval with the default running statistics (0, 1): y = x/√(1 + ε), element by element.
  CHECK(out.get("y")->items()[0].items()[1].items()[1].items()[0].number() ==
        doctest::Approx(7 / std::sqrt(1 + 1e-5)).epsilon(1e-7));
  CHECK(Dims(*out.get("y")) == std::vector<size_t>{1, 2, 2, 2});

  auto message = [](const std::string& text) {
    try {
      bn::ParseBnTraceInput(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  CHECK(message(R"({"x": [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3]]})") == "x[2] has 3 values, row 0 has 4");
  CHECK(message(R"({"x": [[1, 2], [3, 4]], "gamma": [1]})") == "gamma has 1 value, x has 2 features");
  CHECK(message(R"({"x": [[1, 2], [3, 4]], "dy": [[1, 2]]})") == "dy has shape 1×2, x has 2×2");
  CHECK(message("[1") == "input is not valid JSON: expected ',' or ']' in array at line 1, column 3 (offset 2)");
  CHECK(message(R"({"x": [[1, 2], [3, 4]]})") == "(accepted)");
}

TEST_CASE("TraceToJson reports a result beyond float32 instead of writing it") {
  const bn::BnTraceRequest req = bn::ParseBnTraceInput(R"({"x": [[0], [1]], "gamma": [3e38], "beta": [3e38]})");
  const bn::Trace t = bn::BuildTrace(req.in);
  CHECK_THROWS_WITH_AS(bn::TraceToJson(t, req.shape), doctest::Contains("the result y[1][0]"), std::invalid_argument);
}
