// test_learn_state.cpp: practice mode and the lesson through the state layer (src/state/learn.*): the commands
// and their replies, the links (practice=S, #lab=lesson&chapter=N), state().practice / state().lesson, hidden
// values, progress through the Host's settings.
#include <doctest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

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
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  // A step-lab chapter whose first question is numeric.
  int k = -1;
  for (int c = 0; c < static_cast<int>(chapters.size()) && k < 0; ++c)
    if (chapters[c].lab == bn::ChapterLab::Step && chapters[c].questions[0].numeric()) k = c;
  REQUIRE(k >= 0);
  const bn::Chapter& chapter = chapters[k];
  bnlab::AppState app;
  app.host.save_setting = RecordSetting;
  Start(&app);
  // A question number the chapter does not have is refused before anything changes (the batch stays).
  const bn::Mat before = app.step_lab.input.x;
  CHECK_FALSE(Reply(app, "lesson:answer=99:1").get("ok")->boolean());
  CHECK(app.step_lab.input.x == before);
  CHECK_FALSE(app.lesson.started);
  const std::string n = std::to_string(k + 1);
  bnlab::ApplyHash(app, "lab=lesson&chapter=" + n, false);
  bn::Json s = State(app);
  const bn::Json& L = *s.get("lesson");
  CHECK(L.get("chapter")->number() == k + 1);
  CHECK(L.get("chapters")->number() == static_cast<double>(chapters.size()));
  CHECK(L.get("title")->string() == chapter.title);
  CHECK(L.get("text")->string() == chapter.text);
  CHECK(L.get("started")->boolean());
  CHECK(L.get("answered")->number() == 0);
  CHECK(s.get("step_name")->string() == chapter.step_key);  // the chapter's lab
  CHECK(app.ui.tab_request == bnlab::Lab::Lesson);
  CHECK_FALSE(L.get("items")->items()[0].get("revealed")->boolean());
  // The asked value is hidden: its step and those after it carry no values in state(), "?" in the numbers.
  double truth = 0, scale = 0;
  std::string hint, working, error;
  REQUIRE(bn::LessonNumericAnswer(chapter, chapter.questions[0], std::nan(""), &truth, &scale, &hint, &working, &error));
  const std::string key = chapter.questions[0].source.substr(6);
  CHECK(L.get("hidden_step")->string().size() > 0);
  CHECK(s.get(key) == nullptr);
  CHECK(s.get("hidden_from")->number() >= 0);
  const std::string numbers = s.get("a11y")->get("step")->get("numbers")->string();
  if (app.step_lab.step >= app.step_lab.hidden_from) CHECK(numbers.find("?") != std::string::npos);
  const std::string text = bnlab::StateJson(app);
  if (truth != std::round(truth))
    for (int digits : {4, 5, 6}) CHECK(text.find(bn::FormatNumber(truth, digits)) == std::string::npos);
  // Answered: right, then the values are back.
  char four[40];
  std::snprintf(four, sizeof four, "%.4g", truth);
  bn::Json r = Reply(app, "lesson:answer=1:" + std::string(four));
  CHECK(r.get("ok")->boolean());
  CHECK(r.get("correct")->boolean());
  s = State(app);
  CHECK(s.get("lesson")->get("items")->items()[0].get("revealed")->boolean());
  if (app.step_lab.hidden_from < 0) CHECK(s.get(key) != nullptr);
  CHECK_FALSE(Reply(app, "lesson:answer=1:q").get("ok")->boolean());  // already answered
  CHECK_FALSE(Reply(app, "lesson:answer=99:1").get("ok")->boolean());
  CHECK_FALSE(Reply(app, "lesson:answer=1").get("ok")->boolean());
  CHECK(State(app).get("lesson")->get("answered")->number() == 1);
  CHECK(g_saved.rfind("v2;chapter=" + n + ";q=1", 0) == 0);
  // Show answer on the next open numeric or choice question.
  for (size_t q = 1; q < chapter.questions.size(); ++q) {
    r = Reply(app, "lesson:reveal=" + std::to_string(q + 1));
    CHECK(r.get("ok")->boolean());
    CHECK(r.get("shown")->boolean());
    CHECK(State(app).get("lesson")->get("feedback")->items()[q].string().rfind("The answer: ", 0) == 0);
    break;
  }
  CHECK_FALSE(Reply(app, "lesson:reveal=99").get("ok")->boolean());
  // The link follows the lesson tab.
  app.ui.tab = bnlab::Lab::Lesson;
  CHECK(bnlab::FormatHash(app) == "lab=lesson&chapter=" + n);
  // A preset loaded into the step lab is not the chapter's batch: nothing is hidden there.
  bnlab::ApplyHash(app, "lab=lesson&chapter=" + n, false);
  bnlab::SetInput(app, bnlab::DefaultLabInput());
  CHECK(app.step_lab.hidden_from == -1);
  // A chapter that begins with a prediction covers its lab until the learner predicts.
  int p = -1;
  for (int c = 0; c < static_cast<int>(chapters.size()) && p < 0; ++c)
    if (chapters[c].starts_with_prediction() && chapters[c].questions.size() > 1) p = c;
  REQUIRE(p >= 0);
  CHECK(Reply(app, "lesson:chapter=" + std::to_string(p + 1)).get("ok")->boolean());
  CHECK(State(app).get("lesson")->get("covered")->boolean());
  CHECK_FALSE(Reply(app, "lesson:answer=2:a").get("ok")->boolean());  // the prediction first
  CHECK_FALSE(Reply(app, "lesson:reveal=1").get("ok")->boolean());    // a prediction has no answer to show
  r = Reply(app, "lesson:answer=1:a");
  CHECK(r.get("ok")->boolean());
  s = State(app);
  CHECK_FALSE(s.get("lesson")->get("covered")->boolean());
  CHECK(s.get("lesson")->get("items")->items()[0].get("predicted")->string() == "a");
  CHECK(s.get("lesson")->get("feedback")->items()[0].string().rfind("You predicted a) ", 0) == 0);
  // An image chapter: its numeric questions hide the image lab's statistics.
  int im = -1;
  for (int c = 0; c < static_cast<int>(chapters.size()); ++c)
    if (chapters[c].lab == bn::ChapterLab::Image) im = c;
  REQUIRE(im >= 0);
  CHECK(Reply(app, "lesson:chapter=" + std::to_string(im + 1)).get("ok")->boolean());
  if (chapters[im].starts_with_prediction()) Reply(app, "lesson:answer=1:a");
  for (const bn::LessonQuestion& q : chapters[im].questions)
    if (q.numeric()) {
      s = State(app);
      CHECK(s.get("image")->get("hidden_from")->number() >= 0);
      CHECK(s.get("image")->get("values")->get(q.source.substr(6)) == nullptr);
      break;
    }
  app.ui.tab_request.reset();
  const int image_step = app.image.step;
  Reply(app, "next");
  CHECK(app.image.step == image_step + 1);
  CHECK_FALSE(Reply(app, "lesson:chapter=" + std::to_string(chapters.size() + 1)).get("ok")->boolean());
  CHECK_FALSE(Reply(app, "lesson:chapter=0").get("ok")->boolean());
  // Bad lesson links change nothing and say why.
  bnlab::ApplyHash(app, "lab=lesson&chapter=99", false);
  CHECK(app.ui.notice_is_error);
  CHECK(app.lesson.session.progress.chapter == im);
  // The checkpoint: its link, its questions answered through lesson:answer, its link back, the summary.
  bnlab::ApplyHash(app, "lab=lesson&checkpoint=5", false);
  s = State(app);
  const bn::Json& cp = *s.get("lesson")->get("checkpoint");
  CHECK(cp.get("on")->boolean());
  CHECK(cp.get("seed")->number() == 5);
  CHECK(cp.get("items")->items().size() >= 8);
  CHECK(bnlab::FormatHash(app) == "lab=lesson&checkpoint=5");
  const bn::CheckpointItem& first = app.lesson.session.checkpoint.items[0];
  const std::string answer = first.q.numeric() ? std::to_string(first.truth) : std::string(1, static_cast<char>('a' + first.q.correct));
  r = Reply(app, "lesson:answer=1:" + answer);
  CHECK(r.get("correct")->boolean());
  CHECK(State(app).get("lesson")->get("checkpoint")->get("score")->number() == 1);
  r = Reply(app, "lesson:summary");
  CHECK(r.get("summary")->string().find("Checkpoint (seed 5): 1 of") != std::string::npos);
  CHECK_FALSE(Reply(app, "lesson:checkpoint=0").get("ok")->boolean());
  // A new visit reads the saved progress: the chapter last opened, the answers kept, the lab not set up.
  bnlab::AppState next;
  Start(&next);
  bnlab::LoadLessonProgress(next, g_saved);
  s = State(next);
  CHECK(s.get("lesson")->get("chapter")->number() == im + 1);
  CHECK(s.get("lesson")->get("answered_total")->number() >= 3);
  CHECK_FALSE(s.get("lesson")->get("started")->boolean());
  bnlab::LoadLessonProgress(next, "garbage");  // ignored
  CHECK(next.lesson.session.progress.chapter == im);
  // A training chapter selects its experiment.
  for (int c = 0; c < static_cast<int>(chapters.size()); ++c) {
    if (chapters[c].lab != bn::ChapterLab::Training) continue;
    CHECK(Reply(next, "lesson:chapter=" + std::to_string(c + 1)).get("ok")->boolean());
    CHECK(State(next).get("train")->get("experiment")->string() == chapters[c].commands.back().substr(11));
    break;
  }
}
