// test_state.cpp: the GL-free state layer (src/state/): the command table and RunCommand's replies, links
// both ways (ApplyHash / FormatHash), experiment selection, the dense batch's resizing, and StateJson.
#include <doctest.h>

#include <set>
#include <string>

#include "core/io/json.hpp"
#include "core/lab/image_lab.hpp"
#include "core/lab/image_link.hpp"
#include "core/lab/lab_hash.hpp"
#include "state/advance.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/link.hpp"
#include "state/mirror.hpp"
#include "state/state_json.hpp"

namespace {

// The app as main() starts it: the default batch, on the first step.
void Start(bnlab::AppState* app) {
  app->step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(*app);
}

int LastStep(const bnlab::AppState& app) { return static_cast<int>(app.step_lab.trace.steps.size()) - 1; }

// What the host was asked to save (the test's stand-in for localStorage / the settings file).
std::string g_saved;
void RecordSetting(const std::string& key, const std::string& value) { g_saved += key + "=" + value + ";"; }

}  // namespace

TEST_CASE("command table: every name is unique, has help, and the unknown-command error lists every one") {
  const auto& table = bnlab::Commands();
  REQUIRE(table.size() >= 27);
  std::set<std::string> usages;
  for (const bnlab::Command& c : table) {
    CAPTURE(c.name);
    CHECK(std::string(c.name).size() > 0);
    CHECK(std::string(c.help).size() > 0);
    CHECK((static_cast<bool>(c.run) != static_cast<bool>(c.reply)));  // exactly one handler
    // A command with an argument ends its name with ':' or '=' so that the argument cannot run into it.
    if (*c.arg) CHECK((std::string(c.name).back() == ':' || std::string(c.name).back() == '='));
    CHECK(usages.insert(c.name).second);
  }
  bnlab::AppState app;
  Start(&app);
  const std::string reply = bnlab::RunCommand(app, "jump");
  CHECK(reply.rfind("{\"ok\":false,\"error\":\"unknown command 'jump' (known: next, prev, first, last, ", 0) == 0);
  for (const bnlab::Command& c : table) {
    const std::string usage = std::string(c.name) + c.arg;
    CAPTURE(usage);
    CHECK(reply.find(usage) != std::string::npos);
    CHECK(bnlab::CommandHelp().find(usage) != std::string::npos);
  }
  // Names the browser and desktop tests use, and the two the old hand-written list had left out.
  for (const char* name : {"train-max-speed", "import-open", "ui-scale:P", "experiment:NAME", "image:shape=N,C,H,W"})
    CHECK(bnlab::CommandList().find(name) != std::string::npos);
  CHECK(app.step_lab.step == 0);  // an unknown command changes nothing
}

TEST_CASE("next, prev, first, last move the step lab's step and clamp; the reply carries the step") {
  bnlab::AppState app;
  Start(&app);
  const int last = LastStep(app);
  REQUIRE(last >= 10);  // forward and backward steps of the default batch
  CHECK(bnlab::RunCommand(app, "prev") == "{\"ok\":true,\"step\":0}");
  CHECK(app.step_lab.step == 0);
  CHECK(bnlab::RunCommand(app, "next") == "{\"ok\":true,\"step\":1}");
  CHECK(bnlab::RunCommand(app, "next") == "{\"ok\":true,\"step\":2}");
  CHECK(bnlab::RunCommand(app, "prev") == "{\"ok\":true,\"step\":1}");
  CHECK(bnlab::RunCommand(app, "last") == "{\"ok\":true,\"step\":" + std::to_string(last) + "}");
  CHECK(app.step_lab.step == last);
  CHECK(bnlab::RunCommand(app, "next") == "{\"ok\":true,\"step\":" + std::to_string(last) + "}");
  CHECK(app.step_lab.step == last);
  CHECK(bnlab::RunCommand(app, "first") == "{\"ok\":true,\"step\":0}");
  CHECK(app.hash_dirty);
}

TEST_CASE("on the image lab's tab the step commands move the image lab's step, not the step lab's") {
  bnlab::AppState app;
  Start(&app);
  bnlab::RecomputeImage(app);
  REQUIRE(app.image.trace.steps.size() > 3);
  CHECK(bnlab::RunCommand(app, "tab-image") == "{\"ok\":true,\"step\":0}");
  REQUIRE(app.ui.tab_request.has_value());
  CHECK(*app.ui.tab_request == bnlab::Lab::Image);
  CHECK(bnlab::RunCommand(app, "next") == "{\"ok\":true,\"step\":1}");  // the tab asked for already counts
  CHECK(app.image.step == 1);
  CHECK(app.step_lab.step == 0);
  bnlab::RunCommand(app, "last");
  CHECK(app.image.step == static_cast<int>(app.image.trace.steps.size()) - 1);
  bnlab::RunCommand(app, "tab-step");
  CHECK(*app.ui.tab_request == bnlab::Lab::Step);
  bnlab::RunCommand(app, "next");
  CHECK(app.step_lab.step == 1);
}

TEST_CASE("a refused argument replies ok:false with the reason and changes nothing") {
  bnlab::AppState app;
  Start(&app);
  g_saved.clear();
  app.host.save_setting = RecordSetting;
  app.hash_dirty = false;
  CHECK(bnlab::RunCommand(app, "ui-scale:50") ==
        "{\"ok\":false,\"error\":\"ui-scale takes a whole percentage from 75 to 200\"}");
  CHECK(bnlab::RunCommand(app, "ui-scale:1x0") ==
        "{\"ok\":false,\"error\":\"ui-scale takes a whole percentage from 75 to 200\"}");
  CHECK(app.ui.ui_scale == 1.0f);
  CHECK(g_saved.empty());
  CHECK_FALSE(app.hash_dirty);
  CHECK(bnlab::RunCommand(app, "ui-scale:150") == "{\"ok\":true,\"step\":0}");
  CHECK(app.ui.ui_scale == 1.5f);
  CHECK(g_saved == "ui_scale=150;");

  CHECK(bnlab::RunCommand(app, "experiment:nope") == "{\"ok\":false,\"error\":\"unknown experiment\"}");
  const bn::ImageLabInput before = app.image.input;
  CHECK(bnlab::RunCommand(app, "image:shape=0,2,2,2") ==
        "{\"ok\":false,\"error\":\"each of N, C, H, W must be 1 to 8\"}");
  CHECK(bnlab::RunCommand(app, "image:sel=1,2") == "{\"ok\":false,\"error\":\"sel needs n,c,h,w\"}");
  CHECK(bnlab::RunCommand(app, "image:colour=3") == "{\"ok\":false,\"error\":\"unknown image command 'colour'\"}");
  CHECK(app.image.input.n == before.n);
  CHECK(app.image.input.c == before.c);
  // A good image setting goes through: GroupNorm with 2 groups on a batch of 4 channels.
  CHECK(bnlab::RunCommand(app, "image:shape=2,4,3,3") == "{\"ok\":true,\"step\":0}");
  CHECK(bnlab::RunCommand(app, "image:norm=group") == "{\"ok\":true,\"step\":0}");
  CHECK(bnlab::RunCommand(app, "image:groups=2") == "{\"ok\":true,\"step\":0}");
  CHECK(app.image.input.c == 4);
  CHECK(app.image.input.params.variant == bn::NormVariant::Group);
  CHECK(app.image.input.params.groups == 2);
  CHECK(app.image.error.empty());
}

TEST_CASE("SelectExperiment loads the experiment and stops a sweep, from the command and directly") {
  bnlab::AppState app;
  bnlab::SelectExperiment(app, 0);
  REQUIRE(app.train.experiments.size() >= 7);
  REQUIRE(app.train.trainer != nullptr);
  const auto start_sweep = [&app] {
    app.train.sweeping = true;
    app.train.sweep_values = {0.1, 1.0};
    app.train.sweep_result = {{1.0f, 2.0f}};
  };
  start_sweep();
  CHECK(bnlab::RunCommand(app, "experiment:lr") == "{\"ok\":true,\"step\":0}");
  CHECK_FALSE(app.train.sweeping);
  CHECK(app.train.sweep_result.empty());
  CHECK(app.train.config.experiment == bn::Experiment::LearningRate);
  CHECK(std::string(bn::ExperimentName(app.train.experiments[app.train.experiment].experiment)) == "lr");
  start_sweep();
  bnlab::SelectExperiment(app, 0);
  CHECK_FALSE(app.train.sweeping);
  CHECK(app.train.experiment == 0);
  CHECK(app.train.config.experiment == app.train.experiments[0].experiment);
  CHECK(app.train.norms == app.train.experiments[0].norms);
  CHECK(app.train.trainer->step() == 0);
}

TEST_CASE("ApplyHash reads what FormatHash writes, for the step lab and the image lab") {
  bnlab::AppState app;
  Start(&app);
  bnlab::LabInput in = app.step_lab.input;
  in.x(1, 2) = -2.5;
  in.eps = 0.001;
  bnlab::SetInput(app, in);
  app.step_lab.step = 4;
  const std::string hash = bnlab::FormatHash(app);
  CHECK(hash == bn::FormatLabHash(app.step_lab.input, 4));

  bnlab::AppState other;
  Start(&other);
  bnlab::ApplyHash(other, hash, false);
  CHECK(other.step_lab.step == 4);
  CHECK(other.step_lab.input.x(1, 2) == -2.5);
  CHECK(other.step_lab.input.x == app.step_lab.input.x);
  CHECK(other.step_lab.input.eps == static_cast<double>(0.001f));
  CHECK(other.ui.notice.empty());
  CHECK_FALSE(other.ui.tab_request.has_value());

  // The image lab's link while its tab is on screen.
  // (the reply carries the step lab's step: its tab is on screen)
  REQUIRE(bnlab::RunCommand(app, "image:shape=3,2,2,2") == "{\"ok\":true,\"step\":4}");
  app.ui.tab = bnlab::Lab::Image;
  app.image.step = 2;
  const std::string image_hash = bnlab::FormatHash(app);
  CHECK(bn::IsImageHash(image_hash));
  bnlab::ApplyHash(other, image_hash, false);
  REQUIRE(other.ui.tab_request.has_value());
  CHECK(*other.ui.tab_request == bnlab::Lab::Image);
  CHECK(other.image.input.n == 3);
  CHECK(other.image.input.c == 2);
  CHECK(other.image.step == 2);
  CHECK(other.step_lab.step == 4);  // the step lab is left as it was
}

TEST_CASE("a link that cannot be read changes nothing, says why and asks for the hash to be rewritten") {
  bnlab::AppState app;
  Start(&app);
  const bn::Mat x = app.step_lab.input.x;
  app.hash_dirty = false;
  bnlab::ApplyHash(app, "x=1,abc&step=2", false);
  CHECK(app.step_lab.input.x == x);
  CHECK(app.ui.notice_is_error);
  CHECK(app.ui.notice.find("This link could not be read") == 0);
  CHECK(app.hash_dirty);
  bnlab::ApplyHash(app, "", true);
  CHECK(app.ui.notice.find("the link is too long") != std::string::npos);
  app.ui.notice.clear();
  bnlab::ApplyHash(app, "", false);  // no link: nothing to say
  CHECK(app.ui.notice.empty());
}

TEST_CASE("resizing the dense batch: a new sample copies the last, a new feature is 1, 2, 3 with γ = 1, β = 0") {
  bnlab::AppState app;
  Start(&app);
  const int n = static_cast<int>(app.step_lab.input.x.rows()), d = static_cast<int>(app.step_lab.input.x.cols());
  bnlab::AddSample(app);
  const bnlab::LabInput& in = app.step_lab.input;
  REQUIRE(in.x.rows() == n + 1);
  CHECK(in.x.row(n) == in.x.row(n - 1));
  bnlab::AddFeature(app);
  REQUIRE(in.x.cols() == d + 1);
  for (int i = 0; i <= n; ++i) CHECK(in.x(i, d) == i + 1);
  CHECK(in.gamma(d) == 1.0);
  CHECK(in.beta(d) == 0.0);
  CHECK(in.running.var(d) == 1.0);
  CHECK(app.step_lab.trace_error.empty());
  // The new feature 1..N has mean (N+1)/2 (here N = n + 1 samples).
  const int mean_step = app.step_lab.trace.index_of("mean");
  REQUIRE(mean_step >= 0);
  CHECK(app.step_lab.trace.steps[mean_step].value(0, d) == doctest::Approx((n + 2) / 2.0));
  bnlab::RemoveFeature(app);
  bnlab::RemoveSample(app);
  CHECK(in.x.rows() == n);
  CHECK(in.x.cols() == d);
  while (app.step_lab.input.x.cols() > 1) bnlab::RemoveFeature(app);
  bnlab::RemoveFeature(app);  // at one feature: refused (the button is disabled there)
  CHECK(app.step_lab.input.x.cols() == 1);
  CHECK(app.step_lab.input.gamma.size() == 1);
}

TEST_CASE("StateJson: float32 values with 9 digits, the tab as its index, the steps reached") {
  bnlab::AppState app;
  Start(&app);
  bnlab::RunCommand(app, "last");
  app.ui.tab = bnlab::Lab::Speed;
  app.item_rects.push_back({"eps", 10.5f, 20.25f, 30.0f, 40.0f});
  const std::string text = bnlab::StateJson(app);
  // ε = 1e-5 as float32 is 9.99999975e-06: the same text the hand-written writer gave.
  CHECK(text.find("\"eps\":9.99999975e-06") != std::string::npos);
  CHECK(text.find("\"rects\":{\"eps\":[10.5,20.25,30,40]}") != std::string::npos);
  const bn::Json state = bn::Json::Parse(text);
  CHECK(state.get("tab")->number() == 3);
  CHECK(state.get("step")->number() == LastStep(app));
  CHECK(state.get("n")->number() == app.step_lab.input.x.rows());
  CHECK(state.get("mode")->string() == "train");
  REQUIRE(state.get("y") != nullptr);
  CHECK(state.get("running_var") != nullptr);  // the last step of the default batch (forward only)
  CHECK(state.get("dx") == nullptr);
  const bn::Mat& y = app.step_lab.trace.steps[app.step_lab.trace.index_of("y")].value;
  CHECK(state.get("y")->items()[1].items()[2].number() == doctest::Approx(y(1, 2)).epsilon(1e-7));
  // Before the step "y" is reached, y is not in the state.
  bnlab::RunCommand(app, "first");
  const bn::Json early = bn::Json::Parse(bnlab::StateJson(app));
  CHECK(early.get("y") == nullptr);
  CHECK(early.get("steps")->items().size() == app.step_lab.trace.steps.size());
  CHECK(early.get("image")->get("norm")->string() == "batch");
}

TEST_CASE("cell:i,j=v edits the step lab's x and recomputes; a refusal changes nothing; text_mode in the state") {
  bnlab::AppState app;
  Start(&app);
  bnlab::ApplyHash(app, "x=1,2;3,4;5,9&mode=train&step=1", false);
  CHECK(bnlab::RunCommand(app, "cell:1,0=-2.5").rfind("{\"ok\":true", 0) == 0);
  CHECK(app.step_lab.input.x(1, 0) == -2.5);
  const bn::Mat& mean = app.step_lab.trace.steps[app.step_lab.trace.index_of("mean")].value;
  CHECK(mean(0, 0) == doctest::Approx((1.0 - 2.5 + 5.0) / 3.0).epsilon(1e-6));  // the trace follows the edit
  CHECK(app.step_lab.step == 1);                                                 // the step stays
  for (const char* bad : {"cell:1,0=abc", "cell:3,0=1", "cell:0,2=1", "cell:-1,0=1", "cell:1,0", "cell:1=2", "cell:1,0=nan"}) {
    CAPTURE(bad);
    const std::string reply = bnlab::RunCommand(app, bad);
    CHECK(reply.rfind("{\"ok\":false,\"error\":\"cell", 0) == 0);
    CHECK(reply.find('\n') == std::string::npos);
    CHECK(app.step_lab.input.x(1, 0) == -2.5);
    CHECK(app.step_lab.input.x.rows() == 3);
  }
  CHECK(bn::Json::Parse(bnlab::StateJson(app)).get("text_mode")->boolean() == false);
  app.ui.text_mode = true;
  CHECK(bn::Json::Parse(bnlab::StateJson(app)).get("text_mode")->boolean() == true);
}

TEST_CASE("AdvancePlayback steps at the chosen rate and stops at the last step") {
  bnlab::AppState app;
  Start(&app);
  app.step_lab.view.playing = true;
  app.step_lab.view.steps_per_second = 2.0f;
  bnlab::AdvancePlayback(app, 0.4f);
  CHECK(app.step_lab.step == 0);
  bnlab::AdvancePlayback(app, 0.2f);  // 0.6 s at 2 steps/s: one step
  CHECK(app.step_lab.step == 1);
  bnlab::AdvancePlayback(app, 1000.0f);
  CHECK(app.step_lab.step == LastStep(app));
  CHECK_FALSE(app.step_lab.view.playing);
  bnlab::TogglePlay(app.step_lab);  // play again from the last step: starts over
  CHECK(app.step_lab.step == 0);
  CHECK(app.step_lab.view.playing);
}

TEST_CASE("theme:NAME picks dark, light or high contrast, saves it, and refuses anything else") {
  bnlab::AppState app;
  Start(&app);
  g_saved.clear();
  app.host.save_setting = RecordSetting;
  CHECK(bnlab::RunCommand(app, "theme:contrast").rfind("{\"ok\":true", 0) == 0);
  CHECK(app.ui.high_contrast);
  CHECK(g_saved == "theme=contrast;");
  CHECK(bnlab::RunCommand(app, "theme:light").rfind("{\"ok\":true", 0) == 0);
  CHECK((!app.ui.high_contrast && !app.ui.dark_theme));
  const std::string refused = bnlab::RunCommand(app, "theme:pink");
  CHECK(refused.find("\"ok\":false") != std::string::npos);
  CHECK((!app.ui.high_contrast && !app.ui.dark_theme));  // unchanged
  CHECK(bn::Json::Parse(bnlab::StateJson(app)).get("theme")->string() == "light");
}

TEST_CASE("the text version: the revision moves when what it shows changes, and only then; the step in words") {
  bnlab::AppState app;
  Start(&app);
  bnlab::UpdateRevision(app);
  const int r0 = app.revision;
  bnlab::UpdateRevision(app);
  CHECK(app.revision == r0);  // nothing changed: the page does not rebuild its text version
  bnlab::RunCommand(app, "first");
  bnlab::RunCommand(app, "next");  // step 2: the batch mean
  bnlab::UpdateRevision(app);
  CHECK(app.revision == r0 + 1);
  app.time += 1.0;  // time alone (a frame) changes nothing shown
  bnlab::UpdateRevision(app);
  CHECK(app.revision == r0 + 1);
  const bn::Json a = bnlab::MirrorJson(app);
  // Default batch: feature 1 is 1, 2, 3, 6, so μ₁ = 12 / 4 = 3.
  const std::string announce = a.get("announce")->string();
  CHECK(announce == "Step 2 of 13, batch mean: " + bn::SubstitutedFormula(app.step_lab.trace, 1, 0, 0, 4));
  CHECK(announce.rfind("Step 2 of 13, batch mean: μ₁ = ", 0) == 0);
  const std::string tail = " = 12 / 4 = 3";
  CHECK(announce.substr(announce.size() - tail.size()) == tail);
  CHECK(a.get("step")->get("title")->string() == "Batch mean");
  CHECK(a.get("refusal")->string().empty());
  app.step_lab.edit.error = "x₁,₁: 'abc' is not a number; kept 1";
  CHECK(bnlab::MirrorJson(app).get("refusal")->string() == "Refused: x₁,₁: 'abc' is not a number; kept 1");
  bnlab::UpdateRevision(app);
  CHECK(app.revision == r0 + 2);
}
