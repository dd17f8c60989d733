// test_teach_state.cpp: the teacher's features in the state layer: own data through the commands (CSV good and
// bad, points, undo, clear), the training link with own points, network export → import with the same
// predictions (StateJson), practice settings, and the files handed to the host.
#include <doctest.h>

#include <string>
#include <vector>

#include "core/io/json.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/link.hpp"
#include "state/state_json.hpp"
#include "state/teach.hpp"

namespace {

struct Saved {
  std::string name, mime, bytes;
};
std::vector<Saved> g_files;
std::string SaveToMemory(const std::string& name, const std::string& mime, const std::string& bytes) {
  g_files.push_back({name, mime, bytes});
  return "memory/" + name;
}

void Start(bnlab::AppState* app) {
  app->step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(*app);
  bnlab::SelectExperiment(*app, 0);
  app->host.save_file = SaveToMemory;
  g_files.clear();
}

bn::Json Run(bnlab::AppState& app, const std::string& c) { return bn::Json::Parse(bnlab::RunCommand(app, c)); }
bool Ok(const bn::Json& reply) { return reply.get("ok")->boolean(); }
std::string Error(const bn::Json& reply) { return reply.get("error") ? reply.get("error")->string() : ""; }

std::string Csv(int n) {
  std::string s = "x,y,label\n";
  for (int i = 0; i < n; ++i) s += std::to_string(i % 2 ? 0.5 + 0.01 * i : -0.5 - 0.01 * i) + ",0.25," + std::to_string(i % 2) + "\n";
  return s;
}

}  // namespace

TEST_CASE("own data by command: CSV good and bad (the points kept), points, undo, clear") {
  bnlab::AppState app;
  Start(&app);
  REQUIRE(Ok(Run(app, "train-csv:" + Csv(30))));
  CHECK(app.teach.own.active);
  CHECK(app.teach.own.points.size() == 30);
  REQUIRE(app.train.trainer);
  CHECK(app.train.trainer->data().train_x.rows() + app.train.trainer->data().test_x.rows() == 30);
  std::string bad = Csv(30);
  bad.replace(bad.find("\n", bad.find("\n") + 1) + 1, 0, "1,2,3\n");  // a new line 3
  const bn::Json r = Run(app, "train-csv:" + bad);
  CHECK_FALSE(Ok(r));
  CHECK(Error(r) == "line 3: label '3' must be 0 or 1");
  CHECK(app.teach.own.points.size() == 30);
  CHECK(app.ui.notice_is_error);
  CHECK(Error(Run(app, "train-csv:" + Csv(1001))) == "line 1002: more than 1000 points; the lab takes at most 1000");
  REQUIRE(Ok(Run(app, "train-clear")));
  CHECK(app.teach.own.points.empty());
  CHECK_FALSE(app.train.trainer);
  CHECK(app.train.error == "0 points: add at least 8 more (both classes) to train");
  for (int i = 0; i < 7; ++i) REQUIRE(Ok(Run(app, "train-point:" + std::to_string(0.1 * i) + ",-0.333," + std::to_string(i % 2))));
  CHECK_FALSE(app.train.trainer);  // 7 points: not yet
  REQUIRE(Ok(Run(app, "train-point:1.234,0.5,1")));
  REQUIRE(app.train.trainer);      // 8 points of both classes: training can start
  CHECK(app.teach.own.points.back().x == 1.23f);  // drawn points: 2 decimals
  CHECK(app.teach.own.points[0].y == -0.33f);
  CHECK(app.train.trainer->config().batch <= app.train.trainer->data().train_x.rows());
  REQUIRE(Ok(Run(app, "train-undo")));
  CHECK(app.teach.own.points.size() == 7);
  CHECK(Error(Run(app, "train-point:1,2,5")) == "train-point needs x,y,class (class 0 or 1)");
  CHECK(Error(Run(app, "train-data:mnist")) == "unknown data set 'mnist' (own, spirals, moons, circles, xor, blobs)");
  REQUIRE(Ok(Run(app, "train-data:spirals")));
  CHECK_FALSE(app.teach.own.active);
  CHECK(app.teach.own.points.size() == 7);  // kept for when "own" is chosen again
}

TEST_CASE("the training link carries own points: a second app opened at it trains on the same points") {
  bnlab::AppState a;
  Start(&a);
  REQUIRE(Ok(Run(a, "train-csv:" + Csv(50))));
  a.ui.tab = bnlab::Lab::Training;
  const std::string hash = bnlab::FormatHash(a);
  CHECK(hash.rfind("lab=train&exp=basic&data=own&pts=", 0) == 0);
  bnlab::AppState b;
  Start(&b);
  bnlab::ApplyHash(b, hash, false);
  CHECK(b.ui.tab_request == bnlab::Lab::Training);
  CHECK(b.teach.own.active);
  REQUIRE(b.teach.own.points.size() == 50);
  for (size_t i = 0; i < 50; ++i) CHECK(b.teach.own.points[i] == a.teach.own.points[i]);
  REQUIRE(b.train.trainer);
  CHECK(b.train.trainer->data().train_x == a.train.trainer->data().train_x);  // same split
  const bn::Json sa = bn::Json::Parse(bnlab::StateJson(a)), sb = bn::Json::Parse(bnlab::StateJson(b));
  CHECK(sa.get("train")->get("own")->get("points")->Dump() == sb.get("train")->get("own")->get("points")->Dump());
}

TEST_CASE("networks: export -> import into another app -> the same predictions and state().train.networks") {
  bnlab::AppState a;
  Start(&a);
  REQUIRE(Ok(Run(a, "train-steps:250")));
  CHECK(a.train.trainer->step() == 250);
  REQUIRE(Ok(Run(a, "save:networks")));
  REQUIRE(g_files.size() == 1);
  CHECK(g_files[0].name == "bnlab-networks.json");
  const std::string file = g_files[0].bytes;
  bnlab::AppState b;
  Start(&b);
  REQUIRE(Ok(Run(b, "train-networks:" + file)));
  const bn::Json sa = bn::Json::Parse(bnlab::StateJson(a)), sb = bn::Json::Parse(bnlab::StateJson(b));
  CHECK(sa.get("train")->get("networks")->Dump() == sb.get("train")->get("networks")->Dump());
  CHECK(sa.get("train")->get("predictions")->Dump() == sb.get("train")->get("predictions")->Dump());
  CHECK(sa.get("train")->get("predictions")->items()[1].items().size() == 64);
  CHECK(sa.get("train")->get("networks")->Dump() == bn::Json::Parse(file).get("networks")->Dump());
  // A shape change is taken from the file; a damaged file is refused and changes nothing.
  std::string damaged = file;
  damaged.replace(damaged.find("\"norm\":\"bn\""), 11, "\"norm\":\"xx\"");
  const bn::Json r = Run(b, "train-networks:" + damaged);
  CHECK(Error(r) == "networks[1].norm 'xx' is not plain, bn or noisy");
  CHECK(bn::Json::Parse(bnlab::StateJson(b)).get("train")->get("predictions")->Dump() ==
        sa.get("train")->get("predictions")->Dump());
}

TEST_CASE("practice and save commands hand the host the files a teacher asked for") {
  bnlab::AppState app;
  Start(&app);
  REQUIRE(Ok(Run(app, "sheet:4,9,3,2,constant")));
  CHECK(app.teach.share.sheet.count == 4);
  CHECK(app.teach.share.sheet.difficulty == bn::PracticeDifficulty::Constant);
  CHECK(Error(Run(app, "sheet:40,9,3,2,constant")) == "count must be 1 to 20 exercises");
  REQUIRE(Ok(Run(app, "save:practice-sheet-html")));
  REQUIRE(Ok(Run(app, "save:practice-key-tex")));
  REQUIRE(Ok(Run(app, "save:curves-csv")));
  REQUIRE(g_files.size() == 3);
  CHECK(g_files[0].name == "bnlab-practice-sheet-9.html");
  CHECK(g_files[0].mime == "text/html");
  CHECK(g_files[1].name == "bnlab-practice-key-9.tex");
  CHECK(g_files[1].bytes.find("\\end{document}") != std::string::npos);
  CHECK(g_files[2].bytes.rfind("step,network,train_loss", 0) == 0);
  REQUIRE(Ok(Run(app, "save:maps-png")));
  CHECK(app.teach.capture.rect_id == "train_maps");
  CHECK(Error(Run(app, "save:everything")).rfind("save: networks,", 0) == 0);
}
