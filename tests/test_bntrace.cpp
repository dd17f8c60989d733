// test_bntrace.cpp: the bntrace binary itself: every reference case, and every bad input of the contract
// (exit status 2, nothing on stdout, one line on stderr that names the field).
#include <doctest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/bntrace_io.hpp"
#include "core/json.hpp"

namespace {

struct Run {
  int status = -1;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Runs bntrace on `input` (written to a temp file, passed as FILE or on stdin).
Run RunBntrace(const std::string& input, bool via_stdin = false) {
  static int counter = 0;
  const std::string base = "/tmp/bnlab_test_bntrace_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  {
    std::ofstream f(base + ".in", std::ios::binary);
    f << input;
  }
  const std::string cmd = std::string(BNTRACE_PATH) + (via_stdin ? " - < " : " ") + base + ".in > " + base +
                          ".out 2> " + base + ".err";
  const int rc = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = Slurp(base + ".out");
  r.err = Slurp(base + ".err");
  std::remove((base + ".in").c_str());
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

void Flatten(const bn::Json& v, std::vector<double>* out) {
  if (v.is_number()) {
    out->push_back(v.number());
    return;
  }
  for (const bn::Json& item : v.items()) Flatten(item, out);
}

}  // namespace

TEST_CASE("bntrace matches every PyTorch reference case (file and stdin)") {
  const bn::Json doc = bn::Json::Parse(Slurp(std::string(BNLAB_REFERENCE_DIR) + "/bn_cases.json"));
  const auto& cases = doc.get("cases")->items();
  REQUIRE(cases.size() == 40);
  double worst = 0.0;
  for (size_t c = 0; c < cases.size(); ++c) {
    const Run r = RunBntrace(cases[c].get("input")->Dump(), c % 2 == 1);
    CAPTURE(c);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    const bn::Json got = bn::Json::Parse(r.out);
    for (const auto& member : cases[c].get("expect")->members()) {
      std::vector<double> g, e;
      REQUIRE(got.get(member.first) != nullptr);
      Flatten(*got.get(member.first), &g);
      Flatten(member.second, &e);
      REQUIRE(g.size() == e.size());
      for (size_t k = 0; k < g.size(); ++k) {
        const double err = std::fabs(g[k] - e[k]) / (1.0 + std::fabs(e[k]));
        worst = std::max(worst, err);
        CAPTURE(member.first);
        CHECK(err <= 1e-4);
      }
    }
  }
  MESSAGE("bntrace: worst relative error over 40 reference cases: " << worst);
}

TEST_CASE("bntrace writes numbers that read back to the same float32") {
  const Run r = RunBntrace(R"({"x": [[0.1, 3], [0.7, -2], [1e-3, 5]], "dy": [[1, 2], [3, 4], [5, 6]]})");
  REQUIRE(r.status == 0);
  const bn::Json got = bn::Json::Parse(r.out);
  std::vector<double> y;
  Flatten(*got.get("y"), &y);
  // The same computation in the core, rounded to float32: the text must read back to exactly that float.
  const bn::BnTraceRequest req = bn::ParseBnTraceInput(R"({"x": [[0.1, 3], [0.7, -2], [1e-3, 5]]})");
  const bn::Trace t = bn::BuildTrace(req.in);
  REQUIRE(y.size() == 6);
  for (size_t k = 0; k < y.size(); ++k)
    CHECK(static_cast<float>(y[k]) == static_cast<float>(t.fwd.y(static_cast<Eigen::Index>(k / 2), k % 2)));
  CHECK(got.get("dx") != nullptr);
  // Without dy: no backward keys.
  const Run f = RunBntrace(R"({"x": [[1], [2]]})");
  REQUIRE(f.status == 0);
  CHECK(bn::Json::Parse(f.out).get("dx") == nullptr);
}

TEST_CASE("bntrace refuses every bad input of the contract with exit 2 and one line naming the field") {
  struct Bad {
    const char* input;
    const char* names;  // a substring the message must contain
  };
  const Bad bad[] = {
      {"this is not json", "not valid JSON"},
      {"{\"x\": [[1, 2], [3, 4]]} trailing", "trailing text"},
      {"[1, 2]", "not a JSON object"},
      {"{}", "x is missing"},
      {"{\"x\": []}", "x is empty"},
      {"{\"x\": [[]]}", "x[0] is empty"},
      {"{\"x\": [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3]]}", "x[2] has 3 values, row 0 has 4"},
      {"{\"x\": [[[[1, 2]], [[3, 4]]], [[[1, 2]], [[3]]]]}", "x[1][1][0] has 1"},
      {"{\"x\": [[1, \"a\"], [3, 4]]}", "x[0][1] is not a number"},
      {"{\"x\": [[1, null], [3, 4]]}", "x[0][1] is not a number"},
      {"{\"x\": [[1, 2], [3, 1e39]]}", "x[1][1] does not fit a float32"},
      {"{\"x\": [[1, 2], [3, 4]], \"gamma\": [1]}", "gamma has 1 values, x has 2 features"},
      {"{\"x\": [[1, 2], [3, 4]], \"beta\": [1, 2, 3]}", "beta has 3 values"},
      {"{\"x\": [[1, 2], [3, 4]], \"gamma\": [1, \"b\"]}", "gamma[1] is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"running_mean\": [0]}", "running_mean has 1 values"},
      {"{\"x\": [[1, 2], [3, 4]], \"running_var\": [1, -1]}", "running_var[1] is negative"},
      {"{\"x\": [[1, 2], [3, 4]], \"eps\": -0.1}", "eps is negative"},
      {"{\"x\": [[1, 2], [3, 4]], \"eps\": \"small\"}", "eps is not a number"},
      {"{\"x\": [[1, 2], [3, 4]], \"momentum\": 1.5}", "momentum is 1.5"},
      {"{\"x\": [[1, 2], [3, 4]], \"momentum\": -0.1}", "momentum"},
      {"{\"x\": [[1, 2], [3, 4]], \"mode\": \"test\"}", "mode is \"test\""},
      {"{\"x\": [[1, 2], [3, 4]], \"mode\": 1}", "mode is not a string"},
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": [[1, 2]]}", "dy has shape 1×2, x has 2×2"},
      {"{\"x\": [[1, 2], [3, 4]], \"dy\": [1, 2]}", "dy has 1 levels"},
      {"{\"x\": [[[[[1]]]]]}", "more than 4 levels"},
      {"{\"x\": [[[1, 2]], [[3, 4]]]}", "x has 3 levels"},
      {"{\"x\": [1, 2, 3]}", "x has 1 level"},
      {"{\"x\": [[1, 2]]}", "train mode needs at least 2"},
      {"{\"x\": [[[[1]], [[2]]]]}", "single value per channel"},
      {"{\"x\": [[1, 2], [3, 4]], \"colour\": 1}", "unknown key \"colour\""},
      {"{\"x\": [[1, 2], [3, 4]], \"x\": [[1, 2], [3, 4]]}", "duplicate member"},
      {"{\"x\": [[1, 2], [1, 4]], \"eps\": 0}", "eps is 0"},
  };
  for (const Bad& b : bad) {
    const Run r = RunBntrace(b.input);
    CAPTURE(b.input);
    CAPTURE(r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("bntrace: ", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find(b.names) != std::string::npos);
  }
  // A missing file, and no argument at all.
  const int rc = std::system((std::string(BNTRACE_PATH) + " /nonexistent/file.json > /dev/null 2>&1").c_str());
  CHECK(WEXITSTATUS(rc) == 2);
  const int rc2 = std::system((std::string(BNTRACE_PATH) + " > /dev/null 2>&1").c_str());
  CHECK(WEXITSTATUS(rc2) == 2);
}
