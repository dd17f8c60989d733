// test_network_json.cpp: network export -> import gives the same parameters bit for bit and the same
// predictions bit for bit; bad files are refused naming the field; bntrain --save writes a file that imports.
#include <doctest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/train/network_json.hpp"
#include "core/train/trainer.hpp"
#include "test_util.hpp"

namespace {

bool SameBits(const Eigen::Ref<const Eigen::VectorXf>& a, const Eigen::Ref<const Eigen::VectorXf>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

bool SameBitsV(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

// A trained trainer: plain, BN and noisy BN after some steps, so running statistics are not the defaults.
bn::Trainer Trained(bn::Activation act, int steps) {
  bn::TrainConfig c;
  c.net.activation = act;
  c.net.depth = 3;
  c.net.width = 12;
  c.lr = 0.3;
  bn::Trainer t(c, {bn::NormKind::None, bn::NormKind::Batch, bn::NormKind::Noisy});
  t.Step(steps);
  return t;
}

void CheckSame(bn::Mlp<float>& a, bn::Mlp<float>& b, const bn::Dataset& d) {
  CHECK(SameBits(a.Params(), b.Params()));
  for (size_t l = 0; l < a.hidden().size(); ++l) {
    CHECK(SameBits(a.hidden()[l].running_mean.transpose(), b.hidden()[l].running_mean.transpose()));
    CHECK(SameBits(a.hidden()[l].running_var.transpose(), b.hidden()[l].running_var.transpose()));
  }
  // Predictions: the decision map and the test set's probabilities, to the last bit.
  CHECK(SameBitsV(a.PredictGrid(-2, 2, -2, 2, 64), b.PredictGrid(-2, 2, -2, 2, 64)));
  const auto sa = a.Evaluate(d.test_x, d.test_y);
  const bn::Mlp<float>::Mat pa = a.probs();
  const auto sb = b.Evaluate(d.test_x, d.test_y);
  CHECK(std::memcmp(&sa.loss, &sb.loss, sizeof(float)) == 0);
  CHECK(pa.size() == b.probs().size());
  CHECK(std::memcmp(pa.data(), b.probs().data(), sizeof(float) * pa.size()) == 0);
}

}  // namespace

TEST_CASE("network JSON: export -> import gives the same parameters and the same predictions to the last bit") {
  for (bn::Activation act : {bn::Activation::Tanh, bn::Activation::Relu, bn::Activation::Sigmoid}) {
    bn::Trainer t = Trained(act, 250);
    std::vector<const bn::Mlp<float>*> nets;
    for (const bn::Run& r : t.runs()) nets.push_back(&r.net);
    const std::string text = bn::NetworksToJson(nets, t.step(), "moons");
    bn::SavedNetworks s = bn::NetworksFromJson(text);
    CHECK(s.step == 250);
    CHECK(s.data == "moons");
    REQUIRE(s.nets.size() == 3);
    for (size_t k = 0; k < 3; ++k) {
      CHECK(s.nets[k].config().norm == t.runs()[k].norm);
      CHECK(s.nets[k].config().activation == act);
      CheckSame(t.runs()[k].net, s.nets[k], t.data());
    }
    // Writing the imported networks again gives the same text.
    std::vector<const bn::Mlp<float>*> again;
    for (const auto& n : s.nets) again.push_back(&n);
    CHECK(bn::NetworksToJson(again, s.step, s.data) == text);
  }
}

TEST_CASE("network JSON: awkward floats (subnormal, -0, extremes) read back to the same bits") {
  bn::MlpConfig c;
  c.depth = 1;
  c.width = 4;
  bn::Mlp<float> net(c);
  const float odd[] = {-0.0f, 1.4e-45f, 1.17549435e-38f, 3.40282347e38f, -3.40282347e38f, 0.1f, 1.0f / 3.0f, 16777217.0f};
  for (int i = 0; i < 8; ++i) net.hidden()[0].w(i / 4, i % 4) = odd[i];
  bn::Rng rng(2);
  for (int i = 0; i < 4; ++i) net.hidden()[0].b(i) = static_cast<float>(rng.Normal() * 1e-30);
  const std::string text = bn::NetworksToJson({&net}, 0, "");
  bn::SavedNetworks s = bn::NetworksFromJson(text);
  CHECK(SameBits(net.Params(), s.nets[0].Params()));
  CHECK(std::signbit(s.nets[0].hidden()[0].w(0, 0)));
  // Random bit patterns of finite floats, many at once.
  for (int trial = 0; trial < 20; ++trial) {
    c.depth = 2;
    c.width = 64;
    bn::Mlp<float> big(c);
    Eigen::VectorXf p = big.Params();
    for (Eigen::Index k = 0; k < p.size(); ++k) {
      float f;
      do {
        const uint32_t u = static_cast<uint32_t>(rng.NextU64());
        std::memcpy(&f, &u, 4);
      } while (!std::isfinite(f));
      p(k) = f;
    }
    big.SetParams(p);
    CHECK(SameBits(bn::NetworksFromJson(bn::NetworksToJson({&big}, 0, "")).nets[0].Params(), p));
  }
}

TEST_CASE("network JSON: bad files are refused with a message naming the field") {
  bn::Trainer t = Trained(bn::Activation::Tanh, 10);
  const std::string good = bn::NetworksToJson({&t.runs()[1].net}, 10, "moons");
  auto error_of = [](const std::string& text) {
    try {
      bn::NetworksFromJson(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  CHECK(error_of(good) == "(accepted)");
  CHECK(error_of("{") .rfind("not valid JSON: ", 0) == 0);
  CHECK(error_of("[]") == "not a bnlab network file: expected a JSON object");
  CHECK(error_of(with("bnlab-networks", "other")) == "not a bnlab network file: \"format\" is not \"bnlab-networks\"");
  CHECK(error_of(with("\"version\":1", "\"version\":2")) == "this network file's version is not 1: saved by a newer bnlab?");
  CHECK(error_of(with("\"norm\":\"bn\"", "\"norm\":\"ln\"")) == "networks[0].norm 'ln' is not plain, bn or noisy");
  CHECK(error_of(with("\"running_var\":[", "\"running_var\":[-1,")) ==
        "networks[0].layers[0].running_var has 13 values, expected 12");
  CHECK(error_of(with("\"gamma\":[", "\"gamma\":[null,")) == "networks[0].layers[0].gamma has 13 values, expected 12");
  CHECK(error_of(with("\"w\":[[", "\"w\":[[0.5,")) == "networks[0].layers[0].w[1] has 12 values, expected 13");
  CHECK(error_of(with("\"w\":[[", "\"w\":[[1,2],[")) == "networks[0].layers[0].w has 3 rows, expected 2");
  CHECK(error_of(with("\"activation\":\"softmax\"", "\"activation\":\"tanh\"")) ==
        "networks[0].layers[3].activation is 'tanh', expected 'softmax'");
  CHECK(error_of(with("\"kind\":\"linear+bn\"", "\"kind\":\"linear\"")) ==
        "networks[0].layers[0].kind is 'linear', expected 'linear+bn'");
  // A value replaced (same count): null, text, too large for a float32, a negative running variance.
  auto first_value = [&](const std::string& key, const std::string& v) {
    std::string s = good;
    const size_t at = s.find("\"" + key + "\":[") + key.size() + 4;
    const size_t end = s.find_first_of(",]", at);
    return s.replace(at, end - at, v);
  };
  CHECK(error_of(first_value("gamma", "null")) ==
        "networks[0].layers[0].gamma[0] is null (the network had diverged when it was saved)");
  CHECK(error_of(first_value("beta", "\"a\"")) == "networks[0].layers[0].beta[0] is not a number");
  CHECK(error_of(first_value("running_var", "-1")) == "networks[0].layers[0].running_var[0] is negative");
  std::string huge = good;
  const size_t w_at = huge.find("\"w\":[[") + 6;
  huge.replace(w_at, huge.find_first_of(",]", w_at) - w_at, "1e39");
  CHECK(error_of(huge) == "networks[0].layers[0].w[0][0] does not fit a float32");
}

TEST_CASE("bntrain --save writes the trained networks; they import and score as bntrain's last log row says") {
  const std::string out = "bntrain_save_test.json", csv = "bntrain_save_test.csv";
  const std::string cmd = std::string(BNTRAIN_PATH) + " --steps 200 --log-every 200 --save " + out + " --out " + csv;
  REQUIRE(std::system(cmd.c_str()) == 0);
  const bn::SavedNetworks s = bn::NetworksFromJson(testutil::ReadFile(out));
  CHECK(s.step == 200);
  CHECK(s.data == "moons");
  REQUIRE(s.nets.size() == 2);
  CHECK(s.nets[0].config().norm == bn::NormKind::None);
  CHECK(s.nets[1].config().norm == bn::NormKind::Batch);
  // The same training in-process gives the same networks, bit for bit.
  const bn::ExperimentInfo p = bn::Experiments()[0];
  bn::Trainer t(p.config, p.norms);
  t.Step(200);
  for (size_t k = 0; k < 2; ++k) {
    bn::Mlp<float> imported = s.nets[k];
    CheckSame(t.runs()[k].net, imported, t.data());
  }
  std::remove(out.c_str());
  std::remove(csv.c_str());
  // An unwritable path is refused with exit status 2.
  const std::string bad = std::string(BNTRAIN_PATH) + " --steps 1 --save /nonexistent/dir/x.json 2>/dev/null >/dev/null";
  CHECK(WEXITSTATUS(std::system(bad.c_str())) == 2);
}
