// test_train_settings.cpp: the training settings table (core/train/train_settings.hpp) and every path that reads it:
// keys and flags unique, defaults inside their ranges and equal to TrainConfig{}'s, the link's round trip and its
// refusals for every row, bntrain's option for every row (taken, and refused with one line naming the range), the
// train-set: and train-count: commands, the sliders' clamp, and ValidateTrainConfig.
#include <doctest.h>

#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/io/json.hpp"
#include "core/lab/train_link.hpp"
#include "core/train/train_settings.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "test_util.hpp"

namespace {

bn::TrainLink Start(const std::vector<bn::ExperimentInfo>& ex) {
  bn::TrainLink l;
  l.config = ex[0].config;
  l.norms = ex[0].norms;
  return l;
}

// An in-range value other than the default, per row (kept small enough that bntrain's default batch still fits).
double OtherValue(const bn::TrainSetting& s) {
  static const std::map<std::string, double> other = {{"noise", 0.35},  {"count", 300}, {"test", 0.45},
                                                      {"seed", 7},      {"depth", 5},   {"width", 9},
                                                      {"batch", 16},    {"lr", 0.37},   {"momentum", 0.9},
                                                      {"init", 2.5}};
  return other.at(s.key);
}

// Out of range on each side: below lo and above hi (or, for a whole row, a fraction inside).
std::vector<double> BadValues(const bn::TrainSetting& s) {
  std::vector<double> bad = {s.lo - (s.lo > 0 ? s.lo / 2 : 1), s.hi * 2 + 1};
  if (s.whole) bad.push_back(s.lo + 0.5);
  return bad;
}

using testutil::ToolRun;

ToolRun RunBntrain(const std::string& args) {
  return testutil::RunTool(std::string(BNTRAIN_PATH) + " " + args);
}

bool OneLine(const std::string& s) {
  const size_t nl = s.find('\n');
  return nl == std::string::npos || nl + 1 == s.size();
}

bn::Json Run(bnlab::AppState& app, const std::string& c) { return bn::Json::Parse(bnlab::RunCommand(app, c)); }
bool Ok(const bn::Json& reply) { return reply.get("ok")->boolean(); }
std::string Error(const bn::Json& reply) { return reply.get("error") ? reply.get("error")->string() : ""; }

}  // namespace

TEST_CASE("settings table: keys and flags unique, defaults inside the range and TrainConfig{}'s") {
  const auto& table = bn::TrainSettings();
  REQUIRE(table.size() == 10);
  std::set<std::string> keys, flags;
  const bn::TrainConfig defaults;
  const bn::TrainConfig basic = bn::Experiments()[0].config;
  for (const bn::TrainSetting& s : table) {
    CAPTURE(s.key);
    CHECK(keys.insert(s.key).second);
    CHECK(flags.insert(s.flag).second);
    CHECK(std::string(s.flag).rfind("--", 0) == 0);
    CHECK(s.lo < s.hi);
    CHECK(bn::InTrainRange(s, s.lo));
    CHECK(bn::InTrainRange(s, s.hi));
    CHECK(bn::InTrainRange(s, s.def));
    CHECK(bn::InTrainRange(s, OtherValue(s)));
    CHECK(OtherValue(s) != s.def);
    CHECK(s.get(defaults) == s.def);  // the table's default is the config's: they cannot drift apart
    CHECK(s.get(basic) == s.def);     // and the basic experiment's (bntrain's defaults)
    CHECK(bn::FindTrainSetting(s.key) == &s);
    CHECK(bn::FindTrainSettingFlag(s.flag) == &s);
    bn::TrainConfig c;
    s.set(&c, OtherValue(s));
    CHECK(s.get(c) == OtherValue(s));
  }
  CHECK(bn::FindTrainSetting("act") == nullptr);
  CHECK(bn::FindTrainSettingFlag("--steps") == nullptr);
  // The one range per setting that every path uses (unified from four copies that differed).
  CHECK(bn::TrainRangeText(*bn::FindTrainSetting("count")) == "a whole number from 8 to 100000");
  CHECK(bn::TrainRangeText(*bn::FindTrainSetting("lr")) == "a number from 1e-06 to 1000");
  CHECK(bn::TrainRangeText(*bn::FindTrainSetting("momentum")) == "a number from 0 to 0.99");
  CHECK(bn::TrainRangeText(*bn::FindTrainSetting("test")) == "a number from 0.01 to 0.9");
  CHECK(bn::TrainRangeText(*bn::FindTrainSetting("init")) == "a number from 0.001 to 100");
  CHECK(bn::TrainRangeText(*bn::FindTrainSetting("seed")) == "a whole number from 0 to 2147483647");
  bn::TrainConfig c;
  bn::FindTrainSetting("seed")->set(&c, 42);
  CHECK(c.data.seed == 42);  // one seed for the data and the weights
  CHECK(c.net.seed == 42);
}

TEST_CASE("settings table: reading a value, all or nothing, one line naming the range") {
  const bn::TrainSetting& depth = *bn::FindTrainSetting("depth");
  double v = -1;
  std::string err;
  CHECK(bn::ParseTrainSetting(depth, " 5 ", "depth", &v, &err));
  CHECK(v == 5);
  CHECK(bn::ParseTrainSetting(depth, "4.0", "depth", &v, &err));
  CHECK(v == 4);
  for (const char* bad : {"9", "0", "2.5", "abc", "", "0x3", "nan", "inf", "3e", "1,2", "3\n"}) {
    CAPTURE(bad);
    v = -1;
    CHECK_FALSE(bn::ParseTrainSetting(depth, bad, "--depth", &v, &err));
    CHECK(v == -1);
    CHECK(err.rfind("--depth must be a whole number from 1 to 8 (got ", 0) == 0);
    CHECK(OneLine(err));
  }
  CHECK_FALSE(bn::ParseTrainSetting(depth, "9", "depth", &v, &err));
  CHECK(err == "depth must be a whole number from 1 to 8 (got 9)");
  const bn::TrainSetting& seed = *bn::FindTrainSetting("seed");
  CHECK(bn::ParseTrainSetting(seed, "2147483647", "seed", &v, &err));
  CHECK(v == 2147483647.0);  // whole numbers are exact (the link once read them as float32: 2147483648, refused)
  CHECK(bn::FormatTrainSetting(seed, v) == "2147483647");
  CHECK(bn::ParseTrainSetting(*bn::FindTrainSetting("lr"), "0.1", "lr", &v, &err));
  CHECK(v == 0.1);  // as a double, so a link reproduces the presets' 0.1 exactly
}

TEST_CASE("settings table: the link round trip for every row; out-of-range values refused and nothing changed") {
  const auto ex = bn::Experiments();
  for (const bn::TrainSetting& s : bn::TrainSettings()) {
    for (const double value : {s.lo, s.hi, s.def, OtherValue(s)}) {
      CAPTURE(s.key);
      CAPTURE(value);
      bn::TrainLink a = Start(ex);
      s.set(&a.config, value);
      bool left_out = true;
      const std::string hash = bn::FormatTrainHash(a, ex, &left_out);
      CHECK(hash.find("&" + std::string(s.key) + "=" + bn::FormatTrainSetting(s, value)) != std::string::npos);
      bn::TrainLink b = Start(ex);
      std::string err;
      REQUIRE(bn::ApplyTrainHash(hash, ex, &b, &err));
      CHECK(s.get(b.config) == value);
      CHECK(bn::FormatTrainHash(b, ex, &left_out) == hash);
    }
    for (const double bad : BadValues(s)) {
      CAPTURE(s.key);
      CAPTURE(bad);
      bn::TrainLink b = Start(ex);
      const double before = s.get(b.config);
      std::string err;
      const std::string text = bn::Json::Float32Text(bad);
      CHECK_FALSE(bn::ApplyTrainHash("lab=train&" + std::string(s.key) + "=" + text, ex, &b, &err));
      CHECK(err == std::string(s.key) + " must be " + bn::TrainRangeText(s) + " (got " + text + ")");
      CHECK(s.get(b.config) == before);
    }
  }
  // The link's text for the default settings: the keys in the order the link always wrote them.
  bool left_out = false;
  CHECK(bn::FormatTrainHash(Start(ex), ex, &left_out) ==
        "lab=train&exp=basic&data=moons&noise=0.1&count=400&test=0.3&seed=1&depth=3&width=16&act=tanh&batch=32&"
        "lr=0.1&momentum=0&init=1");
}

TEST_CASE("settings table: bntrain reads every row's option; out-of-range refused with one line naming the range") {
  const ToolRun base = RunBntrain("--steps 2 --log-every 1");
  REQUIRE(base.status == 0);
  const ToolRun help = RunBntrain("--help");
  REQUIRE(help.status == 0);
  for (const bn::TrainSetting& s : bn::TrainSettings()) {
    CAPTURE(s.key);
    // --help names the option with the table's range and default.
    CHECK(help.out.find(std::string(s.flag) + " " + s.arg) != std::string::npos);
    CHECK(help.out.find(bn::FormatTrainSetting(s, s.lo) + " to " + bn::FormatTrainSetting(s, s.hi) + " (default " +
                        bn::FormatTrainSetting(s, s.def) + ")") != std::string::npos);
    // The default changes nothing; another value changes the run.
    const ToolRun same = RunBntrain(std::string(s.flag) + " " + bn::FormatTrainSetting(s, s.def) + " --steps 2 --log-every 1");
    CHECK(same.status == 0);
    CHECK(same.out == base.out);
    const ToolRun other = RunBntrain(std::string(s.flag) + " " + bn::FormatTrainSetting(s, OtherValue(s)) + " --steps 2 --log-every 1");
    CHECK(other.status == 0);
    CHECK(other.out.rfind("step,network,", 0) == 0);
    CHECK(other.out != base.out);
    for (const double bad : BadValues(s)) {
      CAPTURE(bad);
      const std::string text = bn::Json::Float32Text(bad);
      const ToolRun r = RunBntrain(std::string(s.flag) + " " + text);
      CHECK(r.status == 2);
      CHECK(r.out == "bntrain: " + std::string(s.flag) + " must be " + bn::TrainRangeText(s) + " (got " + text + ")\n");
    }
  }
}

TEST_CASE("settings table: train-set: and train-count: set a row (new networks); a refusal changes nothing") {
  bnlab::AppState app;
  bnlab::SelectExperiment(app, 0);
  REQUIRE(app.train.trainer);
  REQUIRE(Ok(Run(app, "train-steps:5")));
  CHECK(Ok(Run(app, "train-set:lr=0.37")));
  CHECK(app.train.config.lr == 0.37);
  REQUIRE(app.train.trainer);
  CHECK(app.train.trainer->step() == 0);  // new networks
  CHECK(app.train.trainer->config().lr == 0.37);
  CHECK(Ok(Run(app, "train-set:width=9")));
  CHECK(app.train.trainer->config().net.width == 9);
  CHECK(Ok(Run(app, "train-count:5000")));  // the link's range now (train-count took 20 to 2000 before)
  CHECK(app.train.trainer->data().train_x.rows() + app.train.trainer->data().test_x.rows() == 5000);
  const int version = app.train.networks_version;
  for (const auto& [command, error] : std::vector<std::pair<std::string, std::string>>{
           {"train-set:lr=0", "lr must be a number from 1e-06 to 1000 (got 0)"},
           {"train-set:momentum=0.995", "momentum must be a number from 0 to 0.99 (got 0.995)"},
           {"train-set:depth=2.5", "depth must be a whole number from 1 to 8 (got 2.5)"},
           {"train-set:colour=red", "train-set takes KEY=V with KEY one of noise, count, test, seed, depth, width, "
                                    "batch, lr, momentum, init (got 'colour=red')"},
           {"train-set:lr", "train-set takes KEY=V with KEY one of noise, count, test, seed, depth, width, batch, lr, "
                            "momentum, init (got 'lr')"},
           {"train-count:7", "train-count must be a whole number from 8 to 100000 (got 7)"},
           {"train-count:100001", "train-count must be a whole number from 8 to 100000 (got 100001)"},
       }) {
    const std::string& command_text = command;  // clang: CAPTURE's lambda cannot capture a structured binding
    CAPTURE(command_text);
    const bn::Json r = Run(app, command);
    CHECK_FALSE(Ok(r));
    CHECK(Error(r) == error);
    CHECK(app.train.config.lr == 0.37);
    CHECK(app.train.config.data.count == 5000);
    CHECK(app.train.networks_version == version);
  }
  // A shallower network watches its last layer (as a link does), not a layer it does not have.
  REQUIRE(Ok(Run(app, "experiment:distributions")));
  REQUIRE(app.train.config.watch_layer == 2);
  CHECK(Ok(Run(app, "train-set:depth=1")));
  CHECK(app.train.config.watch_layer == 0);
  CHECK(app.train.trainer);
  CHECK(app.train.error.empty());
}

TEST_CASE("settings table: the sliders' clamp and ValidateTrainConfig use the same ranges") {
  const bn::TrainSetting& batch = *bn::FindTrainSetting("batch");
  const bn::TrainSetting& lr = *bn::FindTrainSetting("lr");
  const bn::TrainSetting& noise = *bn::FindTrainSetting("noise");
  CHECK(bn::ClampTrainSetting(batch, 5000) == 1024);  // typed past the slider's 256: up to the table's 1024
  CHECK(bn::ClampTrainSetting(batch, 512) == 512);
  CHECK(bn::ClampTrainSetting(batch, 2.6) == 3);
  CHECK(bn::ClampTrainSetting(lr, 0) == 1e-6);
  CHECK(bn::ClampTrainSetting(lr, 5000) == 1000);
  CHECK(bn::ClampTrainSetting(lr, std::numeric_limits<double>::quiet_NaN()) == lr.def);
  // A slider's float becomes the double the link reads back, so a slider's value survives a link exactly.
  CHECK(bn::ClampTrainSetting(noise, static_cast<double>(0.3f)) == 0.3);
  CHECK(bn::ClampTrainSetting(noise, 1.7) == 1.7);  // typed past the slider's 0.5: kept
  for (const bn::TrainSetting& s : bn::TrainSettings())
    for (const double bad : BadValues(s)) {
      CAPTURE(s.key);
      CAPTURE(bad);
      if (bad < 0 && std::string(s.key) == "seed") continue;  // an unsigned member: the setters take checked values
      bn::TrainConfig c;
      s.set(&c, bad);
      if (s.get(c) == s.def || bn::InTrainRange(s, s.get(c))) continue;  // the member cannot hold it (a fraction)
      CHECK_THROWS_WITH_AS(bn::ValidateTrainConfig(c),
                           (std::string(s.key) + " must be " + bn::TrainRangeText(s) + " (got " +
                            bn::FormatTrainSetting(s, s.get(c)) + ")").c_str(),
                           std::invalid_argument);
    }
  bn::TrainConfig ok;
  CHECK_NOTHROW(bn::ValidateTrainConfig(ok));
}
