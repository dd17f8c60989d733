// test_bntrain.cpp: the bntrain command line: help, CSV output, sweeps, and refusals of bad options.
#include <doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Run {
  int status = -1;
  std::string out;
};

Run RunBntrain(const std::string& args) {
  const std::string cmd = std::string(BNTRAIN_PATH) + " " + args + " 2>&1";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int rc = pclose(p);
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("bntrain --help lists every option") {
  const Run r = RunBntrain("--help");
  CHECK(r.status == 0);
  for (const char* opt : {"--dataset", "--depth", "--width", "--activation", "--batch", "--lr", "--init-scale",
                          "--steps", "--seed", "--bn", "--experiment", "--momentum", "--log-every", "--sweep"})
    CHECK(r.out.find(opt) != std::string::npos);
}

TEST_CASE("bntrain writes one CSV row per logged step and network, with the experiment's columns") {
  const Run r = RunBntrain("--experiment distributions --steps 100 --log-every 50 --seed 3");
  REQUIRE(r.status == 0);
  const auto lines = Lines(r.out);
  REQUIRE(lines.size() == 1 + 3 * 2);  // header, steps 0, 50, 100 × plain, bn
  CHECK(lines[0] == "step,network,train_loss,train_acc,test_loss,test_acc,p15,p50,p85");
  CHECK(lines[5].rfind("100,plain,", 0) == 0);
  CHECK(lines[6].rfind("100,bn,", 0) == 0);
  // Same seed, same output.
  CHECK(RunBntrain("--experiment distributions --steps 100 --log-every 50 --seed 3").out == r.out);
  const Run sweep = RunBntrain("--experiment lr --steps 50 --sweep 0.1,3");
  REQUIRE(sweep.status == 0);
  CHECK(Lines(sweep.out).size() == 1 + 2 * 2);
}

TEST_CASE("bntrain refuses bad options with exit 2 and a message naming the option") {
  const char* bad[][2] = {
      {"--lr -1", "--lr"},           {"--lr abc", "--lr"},          {"--depth 9", "--depth"},
      {"--width 1", "--width"},      {"--batch 1", "--batch"},      {"--dataset moon", "--dataset"},
      {"--activation gelu", "--activation"}, {"--bn maybe", "--bn"}, {"--experiment x", "--experiment"},
      {"--momentum 1", "--momentum"}, {"--steps", "--steps"},       {"--frobnicate 1", "frobnicate"},
      {"--sweep 1,x", "--sweep"},    {"--init-scale 0", "--init-scale"}, {"--noise 5", "--noise"},
  };
  for (const auto& b : bad) {
    const Run r = RunBntrain(b[0]);
    CAPTURE(b[0]);
    CHECK(r.status == 2);
    CHECK(r.out.rfind("bntrain: ", 0) == 0);
    CHECK(r.out.find(b[1]) != std::string::npos);
  }
}
