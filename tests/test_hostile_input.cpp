// test_hostile_input.cpp: the findings of issue 23's fuzzing, one test each: what a learner (or a fuzzer) can
// type, paste or link that crashed, was undefined, changed something it then refused, or gave a message that was
// empty, several lines or pages long, or JSON that was not UTF-8.
#include <doctest.h>

#include <string>
#include <vector>

#include "fuzz/fuzz_util.hpp"  // ValidUtf8, shared with the fuzz targets

#include "core/io/json.hpp"
#include "core/learn/chapter_file.hpp"
#include "core/lab/image_lab.hpp"
#include "core/lab/image_link.hpp"
#include "core/lab/train_link.hpp"
#include "core/learn/practice.hpp"
#include "core/learn/practice_sheet.hpp"
#include "core/train/trainer.hpp"
#include "core/train/own_data.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/state_json.hpp"

namespace {

std::vector<std::string> g_saved;
std::string SaveToMemory(const std::string& name, const std::string&, const std::string& bytes) {
  g_saved.push_back(bytes);
  return "memory/" + name;
}

void Start(bnlab::AppState* app) {
  app->step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(*app);
  bnlab::SelectExperiment(*app, 0);
  app->host.save_file = SaveToMemory;
  g_saved.clear();
}

bn::Json Run(bnlab::AppState& app, const std::string& c) { return bn::Json::Parse(bnlab::RunCommand(app, c)); }
bool Ok(const bn::Json& reply) { return reply.get("ok")->boolean(); }
std::string Error(const bn::Json& reply) { return reply.get("error") ? reply.get("error")->string() : ""; }

bool OneShortLine(const std::string& message) {
  return !message.empty() && message.find('\n') == std::string::npos && message.find('\r') == std::string::npos &&
         message.size() < 200;
}

}  // namespace

TEST_CASE("hostile input 1: save:practice- and other short practice names are refused, not a crash") {
  bnlab::AppState app;
  Start(&app);
  for (const char* c : {"save:practice-", "save:practice-x", "save:practice-key", "save:practice-sheet-"}) {
    bn::Json r;
    REQUIRE_NOTHROW(r = Run(app, c));
    CHECK_FALSE(Ok(r));
    CHECK(OneShortLine(Error(r)));
  }
  CHECK(g_saved.empty());
  CHECK(Ok(Run(app, "save:practice-key-md")));
  CHECK(g_saved.size() == 1);
}

TEST_CASE("hostile input 2: huge or NaN numbers are range-checked before any cast (sheet:, train-steps:)") {
  bnlab::AppState app;
  Start(&app);
  const bn::PracticeConfig before = app.teach.share.sheet;
  for (const char* c : {"sheet:5,1,1e104,2,integers", "sheet:1e10,1,4,3,integers", "sheet:5,1e300,4,3,integers",
                        "sheet:5,-1,4,3,integers", "sheet:5,nan,4,3,integers"}) {
    const bn::Json r = Run(app, c);
    CHECK_FALSE(Ok(r));
    CHECK(Error(r) == "practice needs K,SEED,N,D as whole numbers (SEED from 0 to 2147483647, as the sheet's seed field)");
  }
  CHECK(app.teach.share.sheet.count == before.count);
  CHECK(app.teach.share.sheet.seed == before.seed);
  CHECK(Ok(Run(app, "sheet:5,7,4,3,integers")));
  CHECK(app.teach.share.sheet.seed == 7);
  CHECK(Ok(Run(app, "sheet:5,2147483647,4,3,integers")));  // the sheet's seed field goes as far
  CHECK(app.teach.share.sheet.seed == 2147483647u);
  const int step = app.train.trainer->step();
  for (const char* c : {"train-steps:nan", "train-steps:1e300", "train-steps:-inf", "train-steps:2.5"})
    CHECK(Error(Run(app, c)) == "train-steps needs a whole number from 1 to 100000");
  CHECK(app.train.trainer->step() == step);
}

TEST_CASE("hostile input 3: a refused lesson answer or network file changes nothing") {
  bnlab::AppState app;
  Start(&app);
  const bn::Mat x = app.step_lab.input.x;
  const bn::Json r = Run(app, "lesson:answer=1:zzz");
  CHECK_FALSE(Ok(r));
  CHECK_FALSE(Error(r).empty());
  CHECK_FALSE(app.lesson.started);                // the chapter was not opened...
  CHECK(app.step_lab.input.x == x);         // ...so the step lab keeps its batch
  CHECK_FALSE(Ok(Run(app, "lesson:answer=9:1")));
  CHECK_FALSE(app.lesson.started);

  // A network file read, on own data the lab cannot train on yet: refused, and depth, width, norms kept.
  bnlab::AppState a;
  Start(&a);
  REQUIRE(Ok(Run(a, "save:networks")));
  const std::string file = g_saved.back();
  REQUIRE(Ok(Run(app, "train-clear")));
  REQUIRE(Ok(Run(app, "train-data:own")));
  REQUIRE(Ok(Run(app, "train-point:0.5,0.5,1")));
  app.train.config.net.width = 7;
  app.train.config.net.depth = 5;
  app.train.norms = {bn::NormKind::None};
  const std::string train_error = app.train.error;
  const int version = app.train.networks_version;
  const bn::Json n = Run(app, "train-networks:" + file);
  CHECK_FALSE(Ok(n));
  CHECK(Error(n).rfind("the networks were read, but the lab cannot train on its data", 0) == 0);
  CHECK(app.train.config.net.width == 7);
  CHECK(app.train.config.net.depth == 5);
  CHECK(app.train.norms == std::vector<bn::NormKind>{bn::NormKind::None});
  CHECK(app.train.error == train_error);
  CHECK(app.train.networks_version == version);
}

TEST_CASE("hostile input 4: train-point out of range says why (not an empty or stale error)") {
  bnlab::AppState app;
  Start(&app);
  REQUIRE(Ok(Run(app, "train-point:0.5,0.5,1")));
  app.ui.notice = "stale notice";
  for (const char* c : {"train-point:1e7,0,0", "train-point:0,-1e7,1", "train-point:nan,0,1"}) {
    const bn::Json r = Run(app, c);
    CHECK_FALSE(Ok(r));
    CHECK(Error(r) == "train-point takes x and y from -1000000 to 1000000");
  }
  CHECK(app.teach.own.points.size() == 1);
}

TEST_CASE("hostile input 5: invalid UTF-8 in a command becomes U+FFFD in replies and state()") {
  CHECK(bn::Json::String("a\xff" "b").Dump() == "\"a\xEF\xBF\xBD" "b\"");
  CHECK(bn::Json::String("\xC0\x80").Dump() == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");   // overlong NUL
  CHECK(bn::Json::String("\xED\xA0\x80").Dump().find("\xED") == std::string::npos);  // a surrogate
  CHECK(bn::Json::String("\xE2\x82").Dump() == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");     // cut short
  CHECK(bn::Json::String("é€😀").Dump() == "\"é€😀\"");                              // valid: kept
  bnlab::AppState app;
  Start(&app);
  const std::string reply = bnlab::RunCommand(app, "train-data:\xff\xfe");
  CHECK(ValidUtf8(reply));
  CHECK(reply.find("\xEF\xBF\xBD") != std::string::npos);
  REQUIRE(Ok(Run(app, "notice:bad \xff byte")));
  const std::string state = bnlab::StateJson(app);
  CHECK(ValidUtf8(state));
  CHECK(state.find("bad \xEF\xBF\xBD byte") != std::string::npos);
  const std::string unknown = bnlab::RunCommand(app, "\xff\xff");
  CHECK(ValidUtf8(unknown));
}

TEST_CASE("hostile input 6: every error is one line, and a quoted value is cut to about 40 characters") {
  std::string err;
  const auto ex = bn::Experiments();
  bn::TrainLink link;
  CHECK_FALSE(bn::ApplyTrainHash("lab=train&act=%0Ax", ex, &link, &err));
  CHECK(err == "act: expected sigmoid, tanh or relu (got \\nx)");
  bn::ImageLabInput in = bn::DefaultImageLabInput();
  int step = 0;
  CHECK_FALSE(bn::ApplyImageHash("lab=image&norm=%0D%0A", &in, &step, &err));
  CHECK(err == "norm must be batch, layer, instance, group, ghost or renorm (got '\\r\\n')");
  std::vector<bn::OwnPoint> pts;
  CHECK_FALSE(bn::ParsePointsCsv("x,y,label\n1\r2,3,0\n", &pts, &err));
  CHECK(err == "line 2: '1\\r2' is not a number");
  double v = 0;
  CHECK_FALSE(bn::ParseAnswer("1\n2", &v, &err));
  CHECK(err == "'1\\n2' is not a number");
  CHECK_FALSE(bn::ParseAnswer(std::string(5000, '7') + "x", &v, &err));
  CHECK(OneShortLine(err));
  // A network file whose field holds a newline, and one whose field is 5,000 characters long.
  bnlab::AppState app;
  Start(&app);
  REQUIRE(Ok(Run(app, "save:networks")));
  std::string file = g_saved.back();
  const size_t at = file.find("\"norm\":\"");
  REQUIRE(at != std::string::npos);
  std::string nl = file, longer = file;
  nl.insert(at + 8, "x\\ny");
  const std::string e1 = Error(Run(app, "train-networks:" + nl));
  CHECK(OneShortLine(e1));
  CHECK(e1.find("'x\\ny") != std::string::npos);
  longer.insert(at + 8, std::string(5000, 'q'));
  const std::string e2 = Error(Run(app, "train-networks:" + longer));
  CHECK(OneShortLine(e2));
  CHECK(e2.find(std::string(40, 'q') + "…") != std::string::npos);
  // The command name quoted by the unknown-command error: cut and one line.
  const std::string e3 = Error(Run(app, std::string("zz\n") + std::string(3000, 'z')));
  CHECK(e3.find('\n') == std::string::npos);
  CHECK(e3.find(std::string(41, 'z')) == std::string::npos);
}

TEST_CASE("hostile input 7: pts= needs data=own; groups= and ghost= survive the round trip; NUL in a link value") {
  const auto ex = bn::Experiments();
  bn::TrainLink link;
  link.config = ex[0].config;
  link.norms = ex[0].norms;
  const std::string pts = bn::EncodeOwnData({{0.5f, 0.5f, 1}, {-0.5f, 0.25f, 0}});
  std::string err;
  bn::TrainLink t = link;
  CHECK_FALSE(bn::ApplyTrainHash("lab=train&pts=" + pts, ex, &t, &err));
  CHECK(err == "pts (the points) needs data=own");
  CHECK(t.points.empty());
  CHECK(bn::ApplyTrainHash("lab=train&data=own&pts=" + pts, ex, &t, &err));
  CHECK(t.points.size() == 2);
  t = link;
  CHECK_FALSE(bn::ApplyTrainHash("lab=train&seed=5%00junk", ex, &t, &err));
  CHECK(err.find("NUL") != std::string::npos);
  CHECK(t.config.data.seed == link.config.data.seed);

  bn::ImageLabInput in = bn::DefaultImageLabInput();
  int step = 0;
  REQUIRE(bn::ApplyImageHash("lab=image&shape=2,4,2,2&groups=2&ghost=2&norm=batch", &in, &step, &err));
  const std::string hash = bn::FormatImageHash(in, step);
  bn::ImageLabInput again = bn::DefaultImageLabInput();
  REQUIRE(bn::ApplyImageHash(hash, &again, &step, &err));
  CHECK(again.params.groups == 2);
  CHECK(again.params.ghost_batch == 2);
  CHECK(bn::FormatImageHash(again, step) == hash);
  bn::ImageLabInput kept = bn::DefaultImageLabInput();
  CHECK_FALSE(bn::ApplyImageHash("lab=image&seed=5%00junk", &kept, &step, &err));
  CHECK(err.find("NUL") != std::string::npos);
  CHECK_FALSE(bn::ApplyImageHash("lab=image&shape=2%00x,3,4,4", &kept, &step, &err));
  CHECK(kept.n == bn::DefaultImageLabInput().n);
  CHECK_FALSE(bn::ApplyImageHash(std::string("lab=image&seed=5\0junk", 21), &kept, &step, &err));
}

TEST_CASE("hostile input 8: '.', '+.', '-.' and '.e5' are not numbers in a CSV") {
  for (const char* field : {".", "+.", "-.", ".e5", "-.e1", "e5"}) {
    std::vector<bn::OwnPoint> pts = {{1, 2, 0}};
    std::string err;
    CHECK_FALSE(bn::ParsePointsCsv(std::string("x,y,label\n") + field + ",1,0\n", &pts, &err));
    CHECK(err == std::string("line 2: '") + field + "' is not a number");
    CHECK(pts.size() == 1);
  }
  std::vector<bn::OwnPoint> pts;
  std::string err;
  REQUIRE(bn::ParsePointsCsv("x,y,label\n.5,-.25,0\n3.,+1.e1,1\n1,1,0\n2,2,1\n3,3,0\n4,4,1\n5,5,0\n6,6,1\n", &pts, &err));
  REQUIRE(pts.size() == 8);
  CHECK(pts[0].x == 0.5f);
  CHECK(pts[0].y == -0.25f);
  CHECK(pts[1].x == 3.0f);
  CHECK(pts[1].y == 10.0f);
}

TEST_CASE("hostile input (found by fuzz_chapter_file): a chapter file's error quotes a heading on one line") {
  bn::Chapter c;
  bn::ChapterFileError e;
  CHECK_FALSE(bn::ParseChapterFile("x.md", "# Title\nlab: training\ncommands: experiment:lr\n\nText.\n\n## Bad\rsection " +
                                               std::string(300, 'w') + "\n", &c, &e));
  CHECK(e.line == 7);
  CHECK(e.message.rfind("unknown section \"## Bad\\rsection www", 0) == 0);
  CHECK(e.message.find('\r') == std::string::npos);
  CHECK(e.message.size() < 160);
}
