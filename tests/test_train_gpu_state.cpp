// test_train_gpu_state.cpp: the training lab's GPU views as state: their commands (view, landscape controls,
// data set, gpu:break / gpu:fix, read-back requests) with bad input refused and nothing changed, and what
// StateJson reports of them.
#include <doctest.h>

#include <string>
#include <vector>

#include "core/io/json.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/state_json.hpp"

namespace {

bool Ok(const std::string& reply) { return reply.rfind("{\"ok\":true", 0) == 0; }

}  // namespace

TEST_CASE("GPU view commands: view, landscape controls, data set; bad values refused and nothing changes") {
  bnlab::AppState app;
  bnlab::SelectExperiment(app, 0);  // plain and BN, as the lab starts
  REQUIRE(app.train.trainer);
  bnlab::TrainGpuState& g = app.train.gpu;
  CHECK(g.view == bnlab::TrainView::Boundaries);
  CHECK(Ok(bnlab::RunCommand(app, "train-view:landscape")));
  CHECK(g.view == bnlab::TrainView::Landscape);
  CHECK(!Ok(bnlab::RunCommand(app, "train-view:sideways")));
  CHECK(g.view == bnlab::TrainView::Landscape);

  CHECK(Ok(bnlab::RunCommand(app, "landscape:range=2.5")));
  CHECK(g.range == 2.5f);
  for (const char* bad : {"landscape:range=0", "landscape:range=9", "landscape:range=x", "landscape:range=",
                          "landscape:range=1.5abc"}) {
    CAPTURE(bad);
    const std::string reply = bnlab::RunCommand(app, bad);
    CHECK(!Ok(reply));
    CHECK(reply.find("range must be") != std::string::npos);
    CHECK(g.range == 2.5f);
  }
  CHECK(Ok(bnlab::RunCommand(app, "landscape:seed=77")));
  CHECK(g.seed == 77);
  CHECK(!Ok(bnlab::RunCommand(app, "landscape:seed=1.5")));
  CHECK(!Ok(bnlab::RunCommand(app, "landscape:seed=0")));
  CHECK(g.seed == 77);
  CHECK(Ok(bnlab::RunCommand(app, "landscape:log=1")));
  CHECK(g.log_scale);
  CHECK(Ok(bnlab::RunCommand(app, "landscape:stats=running")));
  CHECK(!g.batch_stats);
  CHECK(!Ok(bnlab::RunCommand(app, "landscape:stats=sometimes")));
  CHECK(!g.batch_stats);
  CHECK(Ok(bnlab::RunCommand(app, "landscape:live=0")));
  CHECK(!g.live);
  CHECK(!Ok(bnlab::RunCommand(app, "landscape:colour=red")));
  CHECK(g.res == 128);  // 128 pixels a side unless asked
  CHECK(Ok(bnlab::RunCommand(app, "landscape:res=48")));
  CHECK(g.res == 48);
  for (const char* bad :
       {"landscape:res=8", "landscape:res=300", "landscape:res=47.5", "landscape:res=", "landscape:res=4x"}) {
    CAPTURE(bad);
    const std::string reply = bnlab::RunCommand(app, bad);
    CHECK(!Ok(reply));
    CHECK(reply.find("res must be a whole number from 16 to 256") != std::string::npos);
    CHECK(g.res == 48);
  }

  app.train.trainer->Step(5);
  CHECK(Ok(bnlab::RunCommand(app, "train-data:spirals")));
  CHECK(app.train.config.data.kind == bn::DatasetKind::Spirals);
  CHECK(app.train.trainer->step() == 0);  // new networks on the new data
  CHECK(Ok(bnlab::RunCommand(app, "train-count:100")));
  CHECK(app.train.config.data.count == 100);
  CHECK(app.train.trainer->data().train_x.rows() + app.train.trainer->data().test_x.rows() == 100);
  CHECK(!Ok(bnlab::RunCommand(app, "train-count:5")));
  CHECK(!Ok(bnlab::RunCommand(app, "train-count:12x")));
  CHECK(app.train.config.data.count == 100);
  const std::string bad = bnlab::RunCommand(app, "train-data:swirls");
  CHECK(bad.find("unknown data set") != std::string::npos);
  CHECK(app.train.config.data.kind == bn::DatasetKind::Spirals);
}

TEST_CASE("gpu:break, gpu:fix and read-back requests; StateJson reports the GPU views") {
  bnlab::AppState app;
  bnlab::SelectExperiment(app, 0);  // plain and BN, as the lab starts
  bnlab::TrainGpuState& g = app.train.gpu;
  CHECK(Ok(bnlab::RunCommand(app, "gpu:break")));
  CHECK(g.break_shaders);
  CHECK(Ok(bnlab::RunCommand(app, "gpu:fix")));
  CHECK(!g.break_shaders);
  g.readback.append("what", bn::Json::String("old"));
  CHECK(Ok(bnlab::RunCommand(app, "gpu:readback:boundary")));
  CHECK(g.readback_request == "boundary");
  CHECK(g.readback.Dump() == "{}");  // the old figures are gone until the new ones arrive
  CHECK(app.ui.tab_request == bnlab::Lab::Training);
  CHECK(!Ok(bnlab::RunCommand(app, "gpu:readback:everything")));
  CHECK(g.readback_request == "boundary");

  g.gpu_started = true;
  g.gpu_ok = false;
  g.gpu_log = "fragment shader did not compile";
  g.readback.append("what", bn::Json::String("boundary"));
  const bn::Json s = bn::Json::Parse(bnlab::StateJson(app));
  const bn::Json* gpu = s.get("train") ? s.get("train")->get("gpu") : nullptr;
  REQUIRE(gpu != nullptr);
  CHECK(gpu->get("view")->string() == "boundaries");
  CHECK(gpu->get("ok")->boolean() == false);
  CHECK(gpu->get("log")->string() == "fragment shader did not compile");
  CHECK(gpu->get("readback")->get("what")->string() == "boundary");
  CHECK(gpu->get("range")->number() == doctest::Approx(1.0));
  CHECK(gpu->get("res")->number() == 128);
}

TEST_CASE("RecordPath: one point per step seen, a new path for new networks, thinned past 400 points") {
  bnlab::AppState app;
  bnlab::SelectExperiment(app, 0);
  bnlab::TrainGpuState& g = app.train.gpu;
  bnlab::RecordPath(g, *app.train.trainer);
  bnlab::RecordPath(g, *app.train.trainer);  // the same step: nothing new
  REQUIRE(g.path.size() == 2);
  CHECK(g.path[0].size() == 1);
  CHECK(g.path_steps == std::vector<int>{0});
  app.train.trainer->Step(3);
  bnlab::RecordPath(g, *app.train.trainer);
  CHECK(g.path_steps == std::vector<int>{0, 3});
  CHECK(g.path[1].back() == app.train.trainer->runs()[1].net.Params());
  for (int k = 0; k < 420; ++k) {
    app.train.trainer->Step(1);
    bnlab::RecordPath(g, *app.train.trainer);
  }
  CHECK(g.path_steps.size() <= 401);
  CHECK(g.path_steps.front() == 0);
  CHECK(g.path_steps.back() == 423);
  CHECK(g.path[0].size() == g.path_steps.size());
  bnlab::ResetTraining(app);  // new networks: a new path
  bnlab::RecordPath(g, *app.train.trainer);
  CHECK(g.path_steps == std::vector<int>{0});
}
