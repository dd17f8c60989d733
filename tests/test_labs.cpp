// test_labs.cpp: the one table of labs (state/labs.hpp) and what reads it: the keys, the tab-* commands, the text
// version's names (state().labs, state().a11y), and ApplyHash handing a link, split once, to the lab its lab= names.
#include <doctest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/io/json.hpp"
#include "core/lab/image_link.hpp"
#include "core/learn/lesson.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/labs.hpp"
#include "state/link.hpp"
#include "state/mirror.hpp"
#include "state/state_json.hpp"

namespace {

void Start(bnlab::AppState* app) {
  app->step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(*app);
}

// The notice ApplyHash leaves for `link` in a fresh app ("" when the link was read).
std::string RefusalOf(const std::string& link) {
  bnlab::AppState app;
  Start(&app);
  bnlab::ApplyHash(app, link, false);
  return app.ui.notice;
}

}  // namespace

TEST_CASE("the table of labs: in Lab order, ids, keys and commands unique, names as the tabs show them") {
  const auto& labs = bnlab::Labs();
  REQUIRE(labs.size() == static_cast<size_t>(bnlab::kTabCount));
  std::set<char> keys;
  std::set<std::string> commands, names, controls;
  for (int k = 0; k < bnlab::kTabCount; ++k) {
    const bnlab::LabInfo& lab = labs[k];
    CAPTURE(lab.name);
    CHECK(static_cast<int>(lab.id) == k);
    CHECK(&bnlab::LabOf(lab.id) == &lab);
    CHECK(keys.insert(lab.key).second);
    CHECK(commands.insert(lab.command).second);
    CHECK(names.insert(lab.name).second);
    CHECK(controls.insert(lab.first_control).second);
    CHECK(std::string(lab.short_name).size() > 0);
    CHECK(bnlab::LabForKey(static_cast<unsigned char>(lab.key)) == &lab);
    CHECK((lab.link_lab == nullptr) == (lab.read_link == nullptr));  // a link, a reader
  }
  // Keys 1–5 the labs, L (and l) the lesson, which is Lab 5 but drawn first in the tab row.
  for (int k = 0; k < bnlab::kLabCount; ++k) CHECK(labs[k].key == '1' + k);
  CHECK(bnlab::LabForKey('l')->id == bnlab::Lab::Lesson);
  CHECK(bnlab::LabForKey('L')->id == bnlab::Lab::Lesson);
  for (unsigned int c : {unsigned('0'), unsigned('6'), unsigned('k'), unsigned(' '), 0u, 0x2013u}) CHECK(bnlab::LabForKey(c) == nullptr);
  // The names the tabs, the text version and the browser tests know.
  CHECK(bnlab::LabTitle(bnlab::LabOf(bnlab::Lab::Step)) == "1 Step through BN");
  CHECK(bnlab::LabTitle(bnlab::LabOf(bnlab::Lab::Running)) == "2 Train vs inference");
  CHECK(bnlab::LabTitle(bnlab::LabOf(bnlab::Lab::Training)) == "3 Why BN helps: training");
  CHECK(bnlab::LabTitle(bnlab::LabOf(bnlab::Lab::Speed)) == "4 Speed");
  CHECK(bnlab::LabTitle(bnlab::LabOf(bnlab::Lab::Image)) == "5 Images: BN and its relatives");
  CHECK(bnlab::LabTitle(bnlab::LabOf(bnlab::Lab::Lesson)) == "Lesson");
  CHECK(bnlab::LabTabLabel(bnlab::LabOf(bnlab::Lab::Lesson), false) == "Lesson (L)");
  CHECK(bnlab::LabTabLabel(bnlab::LabOf(bnlab::Lab::Lesson), true) == "Lesson");
  CHECK(bnlab::LabTabLabel(bnlab::LabOf(bnlab::Lab::Image), false) == "5 Images: BN and its relatives");
  const char* const short_names[] = {"Steps", "Inference", "Training", "Speed", "Images", "Lesson"};
  for (int k = 0; k < bnlab::kTabCount; ++k) CHECK(bnlab::LabTabLabel(labs[k], true) == short_names[k]);
  // Which labs write links of their own (the hash is rewritten when one of them comes or goes).
  CHECK(bnlab::HasOwnLink(bnlab::Lab::Image));
  CHECK(bnlab::HasOwnLink(bnlab::Lab::Training));
  CHECK(bnlab::HasOwnLink(bnlab::Lab::Lesson));
  CHECK_FALSE(bnlab::HasOwnLink(bnlab::Lab::Step));
  CHECK_FALSE(bnlab::HasOwnLink(bnlab::Lab::Running));
  CHECK_FALSE(bnlab::HasOwnLink(bnlab::Lab::Speed));
}

TEST_CASE("the tab-* commands are the table's: one per lab, after pause, each shows its lab") {
  const auto& table = bnlab::Commands();
  size_t pause = table.size();
  for (size_t k = 0; k < table.size(); ++k)
    if (std::string(table[k].name) == "pause") pause = k;
  REQUIRE(pause + bnlab::kTabCount < table.size());
  for (int k = 0; k < bnlab::kTabCount; ++k) {
    const bnlab::LabInfo& lab = bnlab::Labs()[k];
    const bnlab::Command& row = table[pause + 1 + k];
    CAPTURE(lab.command);
    CHECK(std::string(row.name) == lab.command);
    CHECK(std::string(row.help) == lab.command_help);
    CHECK(std::string(row.arg).empty());
    bnlab::AppState app;
    Start(&app);
    CHECK(bnlab::RunCommand(app, lab.command) == "{\"ok\":true,\"step\":0}");
    REQUIRE(app.ui.tab_request.has_value());
    CHECK(*app.ui.tab_request == lab.id);
  }
  // The help lines bnlab --help has always printed.
  CHECK(bnlab::CommandHelp().find("tab-step                show lab 1, step through BN\n") != std::string::npos);
  CHECK(bnlab::CommandHelp().find("tab-lesson              show the lesson (as the L key)\n") != std::string::npos);
}

TEST_CASE("state() carries the table of labs; the text version names the lab on screen from it") {
  bnlab::AppState app;
  Start(&app);
  const bn::Json s = bn::Json::Parse(bnlab::StateJson(app));
  const bn::Json* labs = s.get("labs");
  REQUIRE(labs != nullptr);
  REQUIRE(labs->items().size() == static_cast<size_t>(bnlab::kTabCount));
  const char* const titles[] = {"1 Step through BN", "2 Train vs inference", "3 Why BN helps: training", "4 Speed",
                                "5 Images: BN and its relatives", "Lesson"};
  const char* const commands[] = {"tab-step", "tab-running", "tab-train", "tab-speed", "tab-image", "tab-lesson"};
  const char* const keys[] = {"1", "2", "3", "4", "5", "L"};
  for (int k = 0; k < bnlab::kTabCount; ++k) {
    const bn::Json& lab = labs->items()[k];
    CHECK(lab.get("id")->number() == k);
    CHECK(lab.get("title")->string() == titles[k]);
    CHECK(lab.get("name")->string() == bnlab::Labs()[k].name);
    CHECK(lab.get("short")->string() == bnlab::Labs()[k].short_name);
    CHECK(lab.get("command")->string() == commands[k]);
    CHECK(lab.get("key")->string() == keys[k]);
  }
  // The text version's lab and announcement, for every lab on screen.
  const char* const names[] = {"Step through BN", "Train vs inference", "Why BN helps: training", "Speed",
                               "Images: BN and its relatives", "Lesson"};
  for (int k = 0; k < bnlab::kTabCount; ++k) {
    app.ui.tab = static_cast<bnlab::Lab>(k);
    const bn::Json a = bnlab::MirrorJson(app);
    CHECK(a.get("lab")->string() == names[k]);
  }
  app.ui.tab = bnlab::Lab::Running;
  CHECK(bnlab::MirrorJson(app).get("announce")->string() == "Lab 2 of 5: Train vs inference");
  app.ui.tab = bnlab::Lab::Training;
  CHECK(bnlab::MirrorJson(app).get("announce")->string() == "Lab 3 of 5: Why BN helps: training");
  app.ui.tab = bnlab::Lab::Speed;
  CHECK(bnlab::MirrorJson(app).get("announce")->string() == "Lab 4 of 5: Speed");
}

TEST_CASE("a link goes to the reader its lab= names: image, train, lesson, none (the step lab)") {
  auto reader = [](const std::string& link) {
    bn::LinkPairs pairs;
    std::string error;
    REQUIRE_MESSAGE(bn::SplitHashPairs(link, &pairs, &error), error);
    return bnlab::LabForLink(pairs).id;
  };
  CHECK(reader("lab=image&shape=3,2,2,2") == bnlab::Lab::Image);
  CHECK(reader("lab=train&depth=2") == bnlab::Lab::Training);
  CHECK(reader("lab=lesson&chapter=2") == bnlab::Lab::Lesson);
  CHECK(reader("x=1,2;3,4&step=1") == bnlab::Lab::Step);
  CHECK(reader("") == bnlab::Lab::Step);
  // The pairs are read, not the text: lab= anywhere, percent-escaped too.
  CHECK(reader("shape=3,2,2,2&lab=image") == bnlab::Lab::Image);
  CHECK(reader("lab=%69mage") == bnlab::Lab::Image);
  CHECK(reader("chapter=2&lab=lesson") == bnlab::Lab::Lesson);
  // A lab without a link of its own, or none at all: the step lab's reader, which refuses the lab= key.
  CHECK(reader("lab=running") == bnlab::Lab::Step);
  CHECK(reader("lab=foo") == bnlab::Lab::Step);

  // And through ApplyHash: each lab takes its link and asks for its tab; the others are left as they were.
  bnlab::AppState app;
  Start(&app);
  const bn::Mat x = app.step_lab.input.x;
  bnlab::ApplyHash(app, "shape=3,2,2,2&lab=image&step=2", false);
  CHECK(app.ui.notice.empty());
  CHECK(app.ui.tab_request == bnlab::Lab::Image);
  CHECK(app.image.input.n == 3);
  CHECK(app.image.input.c == 2);
  CHECK(app.image.step == 2);
  CHECK(app.step_lab.input.x == x);

  app.ui.tab_request.reset();
  bnlab::ApplyHash(app, "lab=train&depth=2&width=8", false);
  CHECK(app.ui.notice.empty());
  CHECK(app.ui.tab_request == bnlab::Lab::Training);
  CHECK(app.train.config.net.depth == 2);
  CHECK(app.train.config.net.width == 8);
  CHECK(app.image.input.n == 3);

  app.ui.tab_request.reset();
  bnlab::ApplyHash(app, "lab=lesson&chapter=2", false);
  CHECK(app.ui.notice.empty());
  CHECK(app.ui.tab_request == bnlab::Lab::Lesson);
  CHECK(app.lesson.session.progress.chapter == 1);

  bnlab::AppState step;
  Start(&step);
  bnlab::ApplyHash(step, "x=1,2;3,4&step=1&practice=%33", false);  // practice's value decoded as every other
  CHECK(step.ui.notice.empty());
  CHECK_FALSE(step.ui.tab_request.has_value());
  CHECK(step.step_lab.input.x.rows() == 2);
  CHECK(step.step_lab.practice.session.on);
  CHECK(step.step_lab.practice.session.seed == 3);
}

TEST_CASE("a bad link says why in the one line it always did, whichever lab it names") {
  const std::string chapters = std::to_string(bn::LessonChapters().size());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"x=1,abc&step=2", "x row 1 value 2: 'abc' is not a number"},
      {"x=1,2;3,4&step=-1", "step must be a whole number from 0 (got '-1')"},
      {"gamma=1,2,3,4,5,6,7,8,9", "gamma has 9 values; at most 8 features"},
      {"eps=-1", "eps must be 0 or more (got -1)"},
      {"foo", "'foo' has no '=' (expected key=value)"},
      {"x=1&x=2", "key 'x' appears twice"},
      {"lab=foo", "unknown key 'lab' (known: x, gamma, beta, eps, mode, step, dy, running_mean, running_var, momentum)"},
      {"x=1,2;3,4&practice=abc", "practice must be 0 (off) or a seed from 1 to 1000000 (got 'abc')"},
      {"lab=image&shape=2,3", "shape must be four whole numbers N,C,H,W (got '2,3')"},
      {"lab=image&shape=2,3,4,x", "shape W must be a whole number from 1 to 8 (got 'x')"},
      {"lab=image&edit=1:2;", "edit '' is not index:value"},
      {"lab=image&edit=999:1", "edit index must be a whole number from 0 to 95 (got '999')"},
      {"lab=image&edit=5:x", "edit value: 'x' is not a number"},
      {"lab=image&seed=%ZZ", "a '%' escape at position 0 is not %XX"},
      {"lab=image&seed=5%00x", "a link value holds %00 (a NUL character) at position 1"},
      {"lab=image&gamma=1,2", "gamma has 2 values, the batch has C = 3 channels"},
      {"lab=image&bad", "'bad' has no '=' (expected key=value)"},
      {"lab=train&depth=99", "depth must be a whole number from 1 to 8 (got 99)"},
      {"lab=train&lr=1,2", "lr must be a number from 1e-06 to 1000 (got 1,2)"},
      {"lab=train&exp=nope", "exp: unknown experiment 'nope'"},
      {"lab=train&foo=1", "unknown key 'foo' in a training-lab link"},
      {"lab=lesson&chapter=abc", "chapter must be a whole number from 1 to " + chapters + " (got 'abc')"},
      {"lab=lesson&checkpoint=0", "checkpoint must be a seed from 1 to 1000000 (got '0')"},
      {"lab=lesson&foo=1", "unknown key 'foo' in a lesson link (known: lab, chapter, checkpoint)"},
      {"lab=lesson&chapter=2&chapter=3", "key 'chapter' appears twice"},
      {"x=" + std::string(9000, '1'), "the link is too long (9002 characters; at most 8192)"},
  };
  for (const auto& [link, why] : cases) {
    const std::string& link_text = link;  // clang: CAPTURE's lambda cannot capture a structured binding (C++17)
    CAPTURE(link_text);
    CHECK(RefusalOf(link) == "This link could not be read (" + why + "); the batch was left as it was.");
  }
  // A refused link changes nothing: the tab stays, the labs keep their batches.
  bnlab::AppState app;
  Start(&app);
  const int n = app.image.input.n;
  bnlab::ApplyHash(app, "lab=image&shape=3,2,2,2&norm=foo", false);
  CHECK(app.image.input.n == n);
  CHECK_FALSE(app.ui.tab_request.has_value());
  CHECK(app.hash_dirty);
}
