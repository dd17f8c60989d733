// test_train_link.cpp: the training lab's link: own points round trip exactly, settings survive, the preset
// comes first, bad links change nothing, too many points for a link are left out and said so.
#include <doctest.h>

#include "core/lab/train_link.hpp"

namespace {

bn::TrainLink Start(const std::vector<bn::ExperimentInfo>& ex) {
  bn::TrainLink l;
  l.config = ex[0].config;
  l.norms = ex[0].norms;
  return l;
}

}  // namespace

TEST_CASE("training link: own points and settings round trip") {
  const auto ex = bn::Experiments();
  bn::TrainLink a = Start(ex);
  a.own = true;
  for (int i = 0; i < 200; ++i) a.points.push_back({bn::RoundDrawn(0.013 * i - 1.3), bn::RoundDrawn(0.5 - 0.007 * i), i % 2});
  a.config.net.depth = 5;
  a.config.net.width = 24;
  a.config.net.activation = bn::Activation::Relu;
  a.config.batch = 48;
  a.config.lr = 0.25;
  a.config.data.test_fraction = 0.2;
  bool left_out = true;
  const std::string hash = bn::FormatTrainHash(a, ex, &left_out);
  CHECK_FALSE(left_out);
  MESSAGE("200 drawn points: link of " << hash.size() << " characters");
  CHECK(bn::IsTrainHash(hash));
  CHECK_FALSE(bn::IsTrainHash("x=1,2;3,4"));
  bn::TrainLink b = Start(ex);
  std::string err;
  REQUIRE(bn::ApplyTrainHash(hash, ex, &b, &err));
  CHECK(b.own);
  REQUIRE(b.points.size() == 200);
  for (size_t i = 0; i < 200; ++i) CHECK(b.points[i] == a.points[i]);
  CHECK(b.config.net.depth == 5);
  CHECK(b.config.net.width == 24);
  CHECK(b.config.net.activation == bn::Activation::Relu);
  CHECK(b.config.batch == 48);
  CHECK(b.config.lr == doctest::Approx(0.25));
  CHECK(b.config.data.test_fraction == doctest::Approx(0.2));
  CHECK(bn::FormatTrainHash(b, ex, &left_out) == hash);  // a fixed point
}

TEST_CASE("training link: the experiment's preset first, then the keys; bad links change nothing") {
  const auto ex = bn::Experiments();
  bn::TrainLink l = Start(ex);
  std::string err;
  REQUIRE(bn::ApplyTrainHash("lab=train&lr=2&exp=lr", ex, &l, &err));
  CHECK(ex[l.experiment].experiment == bn::Experiment::LearningRate);
  CHECK(l.config.lr == doctest::Approx(2.0));  // the key wins over the preset wherever it stands
  CHECK(l.norms == ex[l.experiment].norms);
  const bn::TrainLink before = l;
  for (const auto& [hash, want] : std::vector<std::pair<std::string, std::string>>{
           {"lab=train&exp=nope", "exp: unknown experiment 'nope'"},
           {"lab=train&data=own", "data=own needs pts (the points)"},
           {"lab=train&data=own&pts=ab*c", "the data in the link is damaged (not base64url)"},
           {"lab=train&depth=9", "depth must be a whole number from 1 to 8 (got 9)"},
           {"lab=train&depth=2.5", "depth must be a whole number from 1 to 8 (got 2.5)"},
           {"lab=train&act=gelu", "act: expected sigmoid, tanh or relu (got gelu)"},
           {"lab=train&colour=red", "unknown key 'colour' in a training-lab link"},
       }) {
    bn::TrainLink t = l;
    CHECK_FALSE(bn::ApplyTrainHash(hash, ex, &t, &err));
    CHECK(err == want);
    CHECK(t.config.lr == before.config.lr);
    CHECK(t.experiment == before.experiment);
    CHECK_FALSE(t.own);
  }
}

TEST_CASE("training link: with own points, count and noise are not read (the written link leaves them out)") {
  // fuzz_links found it: "data=own&...&count=16" read count 16, wrote no count, and read back the preset's 400.
  const auto ex = bn::Experiments();
  bn::TrainLink link = Start(ex);
  std::string error;
  const std::string hash = "lab=train&exp=basic&data=own&pts=AgyqCosBUHFCVzQ9JiMYCQoQAyoRRB9eLXg7kgFJ&test=0.3"
                           "&seed=1&depth=3&count=16&noise=0.7&act=tanh&batch=32&lr=0.1&momentum=0&init=1";
  REQUIRE(bn::ApplyTrainHash(hash, ex, &link, &error));
  CHECK(link.own);
  CHECK(link.points.size() == 12);
  CHECK(link.config.data.count == ex[0].config.data.count);
  CHECK(link.config.data.noise == ex[0].config.data.noise);
  CHECK(link.config.net.depth == 3);
  bool left_out = false;
  const std::string written = bn::FormatTrainHash(link, ex, &left_out);
  CHECK(written.find("count=") == std::string::npos);
  bn::TrainLink again = Start(ex);
  REQUIRE(bn::ApplyTrainHash(written, ex, &again, &error));
  CHECK(again.config.data.count == link.config.data.count);
  CHECK(again.config.data.noise == link.config.data.noise);
  CHECK(again.points == link.points);
  CHECK(bn::FormatTrainHash(again, ex, &left_out) == written);
  // Without own points the same keys are read.
  bn::TrainLink moons = Start(ex);
  REQUIRE(bn::ApplyTrainHash("lab=train&data=moons&count=16&noise=0.7", ex, &moons, &error));
  CHECK(moons.config.data.count == 16);
  CHECK(moons.config.data.noise == doctest::Approx(0.7));
}

TEST_CASE("training link: points too many for a link are left out, and said so") {
  const auto ex = bn::Experiments();
  bn::TrainLink a = Start(ex);
  a.own = true;
  bn::Rng rng(4);
  for (int i = 0; i < 1000; ++i)  // arbitrary float32 values: 4 bytes each, too long for a link
    a.points.push_back({static_cast<float>(rng.Normal()), static_cast<float>(rng.Normal()), i % 2});
  bool left_out = false;
  const std::string hash = bn::FormatTrainHash(a, ex, &left_out);
  CHECK(left_out);
  CHECK(hash.find("pts=") == std::string::npos);
  CHECK(hash.size() < 400);
}
