// test_bntrain.cpp: the bntrain command line: help, CSV output, sweeps, and refusals of bad options.
#include "test_util.hpp"
#include <doctest.h>
#include "test_util.hpp"

#include "test_util.hpp"
#include <sys/wait.h>
#include "test_util.hpp"

#include "test_util.hpp"
#include <cstdio>
#include "test_util.hpp"
#include <sstream>
#include "test_util.hpp"
#include <string>
#include "test_util.hpp"
#include <vector>
#include "test_util.hpp"

#include "test_util.hpp"
namespace {
#include "test_util.hpp"

#include "test_util.hpp"
using Run = testutil::ToolRun;
#include "test_util.hpp"

#include "test_util.hpp"
Run RunBntrain(const std::string& args) {
#include "test_util.hpp"
  return testutil::RunTool(std::string(BNTRAIN_PATH) + " " + args);
#include "test_util.hpp"
}
#include "test_util.hpp"

#include "test_util.hpp"
std::vector<std::string> Lines(const std::string& s) {
#include "test_util.hpp"
  std::vector<std::string> lines;
#include "test_util.hpp"
  std::istringstream in(s);
#include "test_util.hpp"
  for (std::string line; std::getline(in, line);) lines.push_back(line);
#include "test_util.hpp"
  return lines;
#include "test_util.hpp"
}
#include "test_util.hpp"

#include "test_util.hpp"
}  // namespace
#include "test_util.hpp"

#include "test_util.hpp"
TEST_CASE("bntrain --help lists every option") {
#include "test_util.hpp"
  const Run r = RunBntrain("--help");
#include "test_util.hpp"
  CHECK(r.status == 0);
#include "test_util.hpp"
  for (const char* opt : {"--dataset", "--depth", "--width", "--activation", "--batch", "--lr", "--init-scale",
#include "test_util.hpp"
                          "--steps", "--seed", "--bn", "--experiment", "--momentum", "--log-every", "--sweep"})
#include "test_util.hpp"
    CHECK(r.out.find(opt) != std::string::npos);
#include "test_util.hpp"
}
#include "test_util.hpp"

#include "test_util.hpp"
TEST_CASE("bntrain writes one CSV row per logged step and network, with the experiment's columns") {
#include "test_util.hpp"
  const Run r = RunBntrain("--experiment distributions --steps 100 --log-every 50 --seed 3");
#include "test_util.hpp"
  REQUIRE(r.status == 0);
#include "test_util.hpp"
  const auto lines = Lines(r.out);
#include "test_util.hpp"
  REQUIRE(lines.size() == 1 + 3 * 2);  // header, steps 0, 50, 100 × plain, bn
#include "test_util.hpp"
  CHECK(lines[0] == "step,network,train_loss,train_acc,test_loss,test_acc,p15,p50,p85");
#include "test_util.hpp"
  CHECK(lines[5].rfind("100,plain,", 0) == 0);
#include "test_util.hpp"
  CHECK(lines[6].rfind("100,bn,", 0) == 0);
#include "test_util.hpp"
  // Same seed, same output.
#include "test_util.hpp"
  CHECK(RunBntrain("--experiment distributions --steps 100 --log-every 50 --seed 3").out == r.out);
#include "test_util.hpp"
  const Run sweep = RunBntrain("--experiment lr --steps 50 --sweep 0.1,3");
#include "test_util.hpp"
  REQUIRE(sweep.status == 0);
#include "test_util.hpp"
  CHECK(Lines(sweep.out).size() == 1 + 2 * 2);
#include "test_util.hpp"
}
#include "test_util.hpp"

#include "test_util.hpp"
TEST_CASE("bntrain refuses bad options with exit 2 and a message naming the option") {
#include "test_util.hpp"
  const char* bad[][2] = {
#include "test_util.hpp"
      {"--lr -1", "--lr"},           {"--lr abc", "--lr"},          {"--depth 9", "--depth"},
#include "test_util.hpp"
      {"--width 1", "--width"},      {"--batch 1", "--batch"},      {"--dataset moon", "--dataset"},
#include "test_util.hpp"
      {"--activation gelu", "--activation"}, {"--bn maybe", "--bn"}, {"--experiment x", "--experiment"},
#include "test_util.hpp"
      {"--momentum 1", "--momentum"}, {"--steps", "--steps"},       {"--frobnicate 1", "frobnicate"},
#include "test_util.hpp"
      {"--sweep 1,x", "--sweep"},    {"--init-scale 0", "--init-scale"}, {"--noise 5", "--noise"},
#include "test_util.hpp"
  };
#include "test_util.hpp"
  for (const auto& b : bad) {
#include "test_util.hpp"
    const Run r = RunBntrain(b[0]);
#include "test_util.hpp"
    CAPTURE(b[0]);
#include "test_util.hpp"
    CHECK(r.status == 2);
#include "test_util.hpp"
    CHECK(r.out.rfind("bntrain: ", 0) == 0);
#include "test_util.hpp"
    CHECK(r.out.find(b[1]) != std::string::npos);
#include "test_util.hpp"
  }
#include "test_util.hpp"
}
#include "test_util.hpp"
