// test_torch_script.cpp: the training lab as a PyTorch script. The generator embeds the lab's exact starting
// weights, points and batches (checked against the Trainer's own), the settings, eval-mode logging, and leaves
// noisy BN out; the command share-torch-script hands the file to the host and names it in its reply.
// (That PyTorch reproduces the curves is tests/torch/torch_script_test.sh, ctest's torch-script.)
#include <doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/io/json.hpp"
#include "core/train/torch_script.hpp"
#include "core/train/trainer.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"

namespace {

std::string Nine(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  return buf;
}

// The text between "NAME = " and the blank line after it.
std::string Section(const std::string& s, const std::string& name) {
  const size_t at = s.find("\n" + name + " = ");
  REQUIRE(at != std::string::npos);
  const size_t end = s.find("\n\n", at + 1);
  return s.substr(at + 1, end - at - 1);
}

struct Saved {
  std::string name, mime, bytes;
};
std::vector<Saved> g_saved;
std::string SaveToMemory(const std::string& name, const std::string& mime, const std::string& bytes) {
  g_saved.push_back({name, mime, bytes});
  return "memory/" + name;
}

}  // namespace

TEST_CASE("torch script: the trainer's batches, in the order it draws them") {
  bn::TrainConfig c;
  c.batch = 8;
  bn::Trainer t(c, {bn::NormKind::None});
  const int n = static_cast<int>(t.data().train_x.rows());
  const std::vector<int> idx = bn::TrainerBatchIndices(c, n, 3);
  REQUIRE(idx.size() == 24);
  // Step 3's batch: the trainer's last labels are those rows' labels (the data has both classes).
  t.Step(3);
  int same = 0;
  for (int i = 0; i < 8; ++i) same += t.last_batch_labels()(i) == t.data().train_y(idx[16 + i]);
  CHECK(same == 8);
  // The indices themselves: bn::Rng from the batch seed, Below(training rows) per draw, as Trainer::DrawBatch.
  bn::Rng rng(c.batch_seed);
  for (int k = 0; k < 24; ++k) CHECK(idx[k] == rng.Below(n));
}

TEST_CASE("torch script: settings, exact weights, points and batches embedded; noisy BN left out") {
  bn::TrainConfig c;
  c.data.kind = bn::DatasetKind::Spirals;
  c.net.depth = 2;
  c.net.width = 5;
  c.net.activation = bn::Activation::Relu;
  c.lr = 0.05;
  c.momentum = 0.9;
  c.batch = 4;
  c.net.bn_eps = 1e-3;
  bn::Trainer t(c, {bn::NormKind::None, bn::NormKind::Batch, bn::NormKind::Noisy});
  t.Step(5);  // the script starts from step 0 whatever the trainer's step
  bn::TorchScriptOptions o;
  o.steps = 3;
  o.log_every = 2;
  const std::string s = bn::TorchTrainingScript(t, o);
  CHECK(s.find("DEPTH = 2 ") != std::string::npos);
  CHECK(s.find("WIDTH = 5 ") != std::string::npos);
  CHECK(s.find("ACTIVATION = nn.ReLU\n") != std::string::npos);
  CHECK(s.find("\nLR = 0.05\n") != std::string::npos);
  CHECK(s.find("\nMOMENTUM = 0.9 ") != std::string::npos);
  CHECK(s.find("\nBN_EPS = 0.001\n") != std::string::npos);
  CHECK(s.find("\nBN_MOMENTUM = 0.1 ") != std::string::npos);
  CHECK(s.find("\nSTEPS = 3\n") != std::string::npos);
  CHECK(s.find("\nLOG_EVERY = 2\n") != std::string::npos);
  CHECK(s.find("NETWORKS = [\"plain\", \"bn\"]") != std::string::npos);
  CHECK(s.find("noisy-BN network; it is left out") != std::string::npos);
  CHECK(s.find("net.eval()") != std::string::npos);  // the curves are eval-mode numbers
  // The starting weights: the first layer's 2×5 matrix of a fresh network, 9 digits each.
  bn::MlpConfig fresh = c.net;
  const bn::Mlp<float> start(fresh);
  const auto& w0 = start.hidden()[0].w;
  std::string first = "[[";
  for (int j = 0; j < 5; ++j) first += (j ? ", " : "") + Nine(w0(0, j));
  first += "],\n     [";
  for (int j = 0; j < 5; ++j) first += (j ? ", " : "") + Nine(w0(1, j));
  first += "]]";
  CHECK(Section(s, "WEIGHTS").find("    " + first + ",\n") != std::string::npos);
  // ... and not the trained ones
  CHECK(t.runs()[0].net.hidden()[0].w(0, 0) != w0(0, 0));
  // The output layer: 5×2, last in the list.
  const auto& wo = start.output().w;
  CHECK(Section(s, "WEIGHTS").find("[" + Nine(wo(4, 0)) + ", " + Nine(wo(4, 1)) + "]],\n]") != std::string::npos);
  // The points and labels.
  const auto& x = t.data().train_x;
  CHECK(Section(s, "TRAIN_X").rfind("TRAIN_X = [[" + Nine(x(0, 0)) + ", " + Nine(x(0, 1)) + "],", 0) == 0);
  const auto& tx = t.data().test_x;
  const Eigen::Index last = tx.rows() - 1;
  CHECK(s.find("[" + Nine(tx(last, 0)) + ", " + Nine(tx(last, 1)) + "]]\nTEST_Y = [") != std::string::npos);
  // The batches: three lines of four indices, as Trainer draws them.
  const std::vector<int> idx = bn::TrainerBatchIndices(c, static_cast<int>(x.rows()), 3);
  std::string batches = "BATCHES = [\n";
  for (int step = 0; step < 3; ++step)
    batches += "    [" + std::to_string(idx[step * 4]) + "," + std::to_string(idx[step * 4 + 1]) + "," +
               std::to_string(idx[step * 4 + 2]) + "," + std::to_string(idx[step * 4 + 3]) + "],\n";
  CHECK(Section(s, "BATCHES") == batches + "]");
}

TEST_CASE("torch script: refused without a plain or BN network, or without steps") {
  bn::TrainConfig c;
  bn::Trainer noisy(c, {bn::NormKind::Noisy});
  CHECK_THROWS_AS(bn::TorchTrainingScript(noisy, {}), std::invalid_argument);
  bn::Trainer plain(c, {bn::NormKind::None});
  bn::TorchScriptOptions o;
  o.steps = 0;
  CHECK_THROWS_AS(bn::TorchTrainingScript(plain, o), std::invalid_argument);
}

TEST_CASE("share-torch-script: the file goes to the host, its name in the reply; the lab's steps so far") {
  bnlab::AppState app;
  bnlab::SelectExperiment(app, 0);
  app.host.save_file = SaveToMemory;
  g_saved.clear();
  REQUIRE(app.train.trainer);
  REQUIRE(bn::Json::Parse(bnlab::RunCommand(app, "train-steps:300")).get("ok")->boolean());
  const bn::Json reply = bn::Json::Parse(bnlab::RunCommand(app, "share-torch-script"));
  REQUIRE(reply.get("ok")->boolean());
  CHECK(reply.get("file")->string() == "bnlab-training-moons.py");
  REQUIRE(g_saved.size() == 1);
  CHECK(g_saved[0].name == "bnlab-training-moons.py");
  CHECK(g_saved[0].mime == "text/x-python");
  CHECK(g_saved[0].bytes.find("\nSTEPS = 300\n") != std::string::npos);
  CHECK(g_saved[0].bytes.find("\nLOG_EVERY = 25\n") != std::string::npos);
  // Nothing trained yet: 200 steps.
  REQUIRE(bn::Json::Parse(bnlab::RunCommand(app, "train-reset")).get("ok")->boolean());
  REQUIRE(bn::Json::Parse(bnlab::RunCommand(app, "share-torch-script")).get("ok")->boolean());
  REQUIRE(g_saved.size() == 2);
  CHECK(g_saved[1].bytes.find("\nSTEPS = 200\n") != std::string::npos);
  // No host to save to: refused, with the reason.
  app.host.save_file = nullptr;
  const bn::Json refused = bn::Json::Parse(bnlab::RunCommand(app, "share-torch-script"));
  CHECK_FALSE(refused.get("ok")->boolean());
  CHECK(refused.get("error")->string() == "Could not save bnlab-training-moons.py.");
}
