// test_learn_state.cpp: practice mode and the lesson through the state layer (src/state/learn.*): the commands
// and their replies, the links (practice=S, #lab=lesson&chapter=N), state().practice / state().lesson, hidden
// values, progress through the Host's settings.
#include <doctest.h>

#include <string>

#include "core/io/json.hpp"
#include "core/learn/lesson.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/learn.hpp"
#include "state/link.hpp"
#include "state/state_json.hpp"

namespace {

void Start(bnlab::AppState* app) {
  app->step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(*app);
}

bn::Json State(const bnlab::AppState& app) { return bn::Json::Parse(bnlab::StateJson(app)); }
bn::Json Reply(bnlab::AppState& app, const std::string& c) { return bn::Json::Parse(bnlab::RunCommand(app, c)); }

std::string g_saved;
void RecordSetting(const std::string& key, const std::string& value) {
  if (key == "lesson") g_saved = value;
}

}  // namespace

TEST_CASE("practice through commands: state().practice, answer:X replies, hidden values, refusals") {
  bnlab::AppState app;
  Start(&app);
  CHECK(Reply(app, "practice:seed=4").get("ok")->boolean());
  bn::Json s = State(app);
  const bn::Json& p = *s.get("practice");
  CHECK(p.get("on")->boolean());
  CHECK(p.get("quantity")->string() == "sum");
  REQUIRE(p.get("index")->items().size() == 1);
  const int j = static_cast<int>(p.get("index")->items()[0].number());
  const std::string first_index = p.get("index")->Dump();
  CHECK(s.get("sum") == nullptr);  // the asked step's values are hidden
  CHECK(s.get("step")->number() == 0);
  // Σx of feature j of the default batch (1, 2, 3, 6 | 120, 80, 100, 140 | −0.5, 0.5, −1.5, 1.5).
  const double sums[3] = {12, 440, 0};
  for (const char* bad : {"answer:", "answer:abc", "answer:1e40"}) {
    const bn::Json r = Reply(app, bad);
    CHECK_FALSE(r.get("ok")->boolean());
    CHECK(r.get("error")->string().size() > 0);
  }
  CHECK(State(app).get("practice")->get("attempts")->number() == 0);
  bn::Json r = Reply(app, "answer:" + std::to_string(sums[j] + 7));
  CHECK(r.get("ok")->boolean());
  CHECK_FALSE(r.get("correct")->boolean());
  CHECK(r.get("attempts")->number() == 1);
  s = State(app);
  CHECK(s.get("step")->number() == 0);
  CHECK(s.get("practice")->get("hint")->string().find("= ?") != std::string::npos);
  r = Reply(app, "answer:" + std::to_string(sums[j]));
  CHECK(r.get("correct")->boolean());
  CHECK(r.get("truth")->number() == doctest::Approx(sums[j]));
  s = State(app);
  CHECK(s.get("step")->number() == 1);
  CHECK(s.get("sum") != nullptr);   // answered: shown
  CHECK(s.get("mean") == nullptr);  // asked now: hidden
  CHECK(s.get("practice")->get("solved")->number() == 1);
  CHECK(s.get("practice")->get("score")->get("with_hints")->number() == 1);
  // The link keeps practice and its seed; the same link starts the same round (the same first question).
  const std::string hash = bnlab::FormatHash(app);
  CHECK(hash.find("&practice=4") != std::string::npos);
  bnlab::AppState other;
  Start(&other);
  bnlab::ApplyHash(other, hash, false);
  CHECK(State(other).get("practice")->get("on")->boolean());
  CHECK(State(other).get("practice")->get("quantity")->string() == "sum");
  CHECK(State(other).get("practice")->get("index")->Dump() == first_index);
  // An edited batch restarts the round.
  app.step_lab.input.x(0, 0) = 9;
  bnlab::Recompute(app);
  s = State(app);
  CHECK(s.get("step")->number() == 0);
  CHECK(s.get("practice")->get("solved")->number() == 0);
  // Off: everything shown again; answers refused.
  CHECK(Reply(app, "practice:off").get("ok")->boolean());
  CHECK(State(app).get("sum") != nullptr);
  CHECK_FALSE(Reply(app, "answer:1").get("ok")->boolean());
  // A bad practice key in a link is refused whole.
  bnlab::ApplyHash(other, "x=1,2;3,4&practice=abc", false);
  CHECK(other.ui.notice_is_error);
  CHECK(other.step_lab.input.x.rows() == 4);
}

TEST_CASE("the lesson through links and commands: chapter, lab, answers, progress saved and read back") {
  g_saved.clear();
  bnlab::AppState app;
  app.host.save_setting = RecordSetting;
  Start(&app);
  bnlab::ApplyHash(app, "lab=lesson&chapter=7", false);
  bn::Json s = State(app);
  const bn::Json& L = *s.get("lesson");
  CHECK(L.get("chapter")->number() == 7);
  CHECK(L.get("chapters")->number() == static_cast<double>(bn::LessonChapters().size()));
  CHECK(L.get("title")->string() == bn::LessonChapters()[6].title);
  CHECK(L.get("started")->boolean());
  CHECK(L.get("answered")->number() == 0);
  CHECK(s.get("step_name")->string() == "running_var");  // the chapter's lab
  CHECK(app.ui.tab_request == bnlab::Lab::Lesson);
  // Chapter 7, question 1: μ_run₁ = 0.9·0 + 0.1·3 = 0.3.
  bn::Json r = Reply(app, "lesson:answer=1:0.3");
  CHECK(r.get("ok")->boolean());
  CHECK(r.get("correct")->boolean());
  r = Reply(app, "lesson:answer=3:a");  // wrong: 0.99
  CHECK_FALSE(r.get("correct")->boolean());
  CHECK(State(app).get("lesson")->get("hints")->items()[2].string().size() > 0);
  CHECK_FALSE(Reply(app, "lesson:answer=3:q").get("ok")->boolean());
  CHECK_FALSE(Reply(app, "lesson:answer=9:1").get("ok")->boolean());
  CHECK_FALSE(Reply(app, "lesson:answer=1").get("ok")->boolean());
  CHECK(State(app).get("lesson")->get("answered")->number() == 1);
  CHECK(g_saved.rfind("v1;chapter=7;q=", 0) == 0);
  // The link follows the lesson tab.
  app.ui.tab = bnlab::Lab::Lesson;
  CHECK(bnlab::FormatHash(app) == "lab=lesson&chapter=7");
  // Next / prev; an image chapter steps the image lab.
  CHECK(Reply(app, "lesson:chapter=12").get("ok")->boolean());
  CHECK(app.image.input.n == 2);
  CHECK(app.image.input.h == 4);
  CHECK(app.image.trace.steps[app.image.step].key == "xhat");
  app.ui.tab_request.reset();
  const int image_step = app.image.step;
  Reply(app, "next");
  CHECK(app.image.step == image_step + 1);
  CHECK_FALSE(Reply(app, "lesson:chapter=13").get("ok")->boolean());
  CHECK_FALSE(Reply(app, "lesson:chapter=0").get("ok")->boolean());
  // Bad lesson links change nothing and say why.
  bnlab::ApplyHash(app, "lab=lesson&chapter=99", false);
  CHECK(app.ui.notice_is_error);
  CHECK(app.lesson.session.progress.chapter == 11);
  // A new visit reads the saved progress: chapter 12 (the last opened), the answer kept, the lab not set up.
  bnlab::AppState next;
  Start(&next);
  bnlab::LoadLessonProgress(next, g_saved);
  s = State(next);
  CHECK(s.get("lesson")->get("chapter")->number() == 12);
  CHECK(s.get("lesson")->get("answered_total")->number() == 1);
  CHECK_FALSE(s.get("lesson")->get("started")->boolean());
  bnlab::LoadLessonProgress(next, "garbage");  // ignored
  CHECK(next.lesson.session.progress.chapter == 11);
  // A training chapter selects its experiment.
  CHECK(Reply(next, "lesson:chapter=9").get("ok")->boolean());
  CHECK(State(next).get("train")->get("experiment")->string() == "lr");
}
