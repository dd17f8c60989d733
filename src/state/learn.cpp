// learn.cpp: practice mode and the lesson over AppState (see learn.hpp).
#include "state/learn.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/lab/lab_hash.hpp"
#include "state/commands.hpp"

namespace bnlab {

// ---------------------------------------------------------------------------------------------
// Practice
// ---------------------------------------------------------------------------------------------
void PracticeOn(AppState& app, uint32_t seed) {
  StepLab& lab = app.step_lab;
  lab.practice.answer_error.clear();
  lab.practice.answer_text.assign(lab.practice.answer_text.size(), '\0');
  lab.view.playing = false;  // Play would walk past the questions
  bn::StartPractice(&lab.practice.session, lab.trace, seed < 1 ? 1 : seed, &lab.step);
  lab.practice.focus_answer = true;
  app.hash_dirty = true;
}

void PracticeOff(AppState& app) {
  bn::StopPractice(&app.step_lab.practice.session);
  app.step_lab.practice.answer_error.clear();
  app.hash_dirty = true;
}

void PracticeFollow(AppState& app) {
  StepLab& lab = app.step_lab;
  if (!lab.practice.session.on) return;
  const int before = lab.practice.session.at;
  bn::FollowStep(&lab.practice.session, lab.trace, lab.step);
  if (lab.practice.session.at != before) lab.practice.answer_error.clear();
}

void PracticeBatchChanged(AppState& app) {
  StepLab& lab = app.step_lab;
  if (!lab.practice.session.on) return;
  bn::RestartPractice(&lab.practice.session, lab.trace, &lab.step);
  lab.practice.answer_error.clear();
}

bool StepValuesShown(const StepLab& lab, int k) {
  return k <= lab.step && !bn::PracticeHidesStep(lab.practice.session, k);
}

void AdvanceLearn(AppState& app) {
  PracticeFollow(app);
  if (!app.ui.start_hint.empty() && (app.step_lab.step != 0 || app.lesson.started))
    app.ui.start_hint.clear();
}

bn::PracticeReply PracticeAnswer(AppState& app, const std::string& text) {
  StepLab& lab = app.step_lab;
  PracticeFollow(app);
  const bn::PracticeReply r = bn::AnswerPractice(&lab.practice.session, lab.trace, text, &lab.step);
  lab.practice.answer_error = r.ok ? std::string() : r.error;
  if (r.ok && (r.correct || r.shown)) lab.practice.answer_text.assign(lab.practice.answer_text.size(), '\0');
  lab.practice.focus_answer = true;
  app.hash_dirty = true;
  return r;
}

bn::PracticeReply PracticeReveal(AppState& app) {
  StepLab& lab = app.step_lab;
  PracticeFollow(app);
  const bn::PracticeReply r = bn::RevealPractice(&lab.practice.session, lab.trace, &lab.step);
  lab.practice.answer_error = r.ok ? std::string() : r.error;
  app.hash_dirty = true;
  return r;
}

// ---------------------------------------------------------------------------------------------
// The lesson
// ---------------------------------------------------------------------------------------------
namespace {

void SaveProgress(AppState& app) { app.host.SaveSetting("lesson", bn::FormatLessonProgress(app.lesson.session.progress)); }

void ResetAnswerFields(LessonLab& lesson) {
  const size_t q = bn::LessonChapters()[lesson.session.progress.chapter].questions.size();
  lesson.answer_text.assign(q, std::vector<char>(64, '\0'));
  lesson.answer_error.assign(q, std::string());
}

}  // namespace

const bn::Chapter& CurrentChapter(const AppState& app) {
  return bn::LessonChapters()[app.lesson.session.progress.chapter];
}

bool LessonShowsImage(const AppState& app) {
  return app.lesson.started && CurrentChapter(app).lab == bn::ChapterLab::Image;
}

void OpenLessonChapter(AppState& app, int chapter) {
  LessonLab& lesson = app.lesson;
  bn::OpenChapter(&lesson.session, chapter);
  ResetAnswerFields(lesson);
  lesson.started = true;
  const bn::Chapter& c = CurrentChapter(app);
  std::string error;
  if (c.lab == bn::ChapterLab::Step) {
    LabInput in;
    int step = 0;
    if (bn::ChapterStepInput(c, &in, &step, &error)) {
      if (app.step_lab.practice.session.on) PracticeOff(app);
      app.step_lab.view.playing = false;
      SetInput(app, in);
      app.step_lab.step = step;
      Recompute(app);
    }
  } else if (c.lab == bn::ChapterLab::Image) {
    bn::ImageLabInput in;
    int step = 0;
    if (bn::ChapterImageInput(c, &in, &step, &error)) {
      app.image.input = in;
      app.image.step = step;
      RecomputeImage(app);
    }
  } else {
    for (const std::string& command : c.commands)
      if (command.rfind("tab-", 0) != 0) RunCommand(app, command);  // the lesson tab shows the lab itself
  }
  if (!error.empty()) Notify(app, "Chapter " + std::to_string(chapter + 1) + "'s lab could not be set up: " + error, true);
  SaveProgress(app);
  app.hash_dirty = true;
}

bn::LessonReply LessonAnswer(AppState& app, int question, const std::string& text) {
  LessonLab& lesson = app.lesson;
  const bn::LessonReply r = bn::AnswerLesson(&lesson.session, question, text);
  if (lesson.answer_error.size() != lesson.session.attempts.size()) ResetAnswerFields(lesson);
  if (question >= 0 && question < static_cast<int>(lesson.answer_error.size())) {
    lesson.answer_error[question] = r.ok ? std::string() : r.error;
    if (r.ok && (r.correct || r.shown)) lesson.answer_text[question].assign(64, '\0');
  }
  if (r.ok) SaveProgress(app);
  return r;
}

void LoadLessonProgress(AppState& app, const std::string& text) {
  bn::LessonProgress p;
  if (text.empty() || !bn::ParseLessonProgress(text, &p)) return;
  app.lesson.session.progress = p;
  bn::OpenChapter(&app.lesson.session, p.chapter);
  ResetAnswerFields(app.lesson);
  app.lesson.has_saved = true;
}

// ---------------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------------
bool IsLessonHash(const std::string& hash) {
  const std::string h = !hash.empty() && hash[0] == '#' ? hash.substr(1) : hash;
  return h == "lab=lesson" || h.rfind("lab=lesson&", 0) == 0;
}

bool ApplyLessonHash(AppState& app, const std::string& hash, std::string* error) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!bn::SplitHashPairs(hash, &pairs, error)) return false;
  int chapter = app.lesson.session.progress.chapter;  // no chapter key: where the learner left off
  const int n = static_cast<int>(bn::LessonChapters().size());
  for (const auto& kv : pairs) {
    if (kv.first == "lab") continue;
    if (kv.first != "chapter") {
      *error = "unknown key '" + kv.first.substr(0, 40) + "' in a lesson link (known: lab, chapter)";
      return false;
    }
    char* end = nullptr;
    const long v = std::strtol(kv.second.c_str(), &end, 10);
    if (kv.second.empty() || *end != '\0' || v < 1 || v > n) {
      *error = "chapter must be a whole number from 1 to " + std::to_string(n) + " (got '" + kv.second.substr(0, 40) + "')";
      return false;
    }
    chapter = static_cast<int>(v) - 1;
  }
  OpenLessonChapter(app, chapter);
  app.ui.tab_request = Lab::Lesson;
  return true;
}

std::string FormatLessonHash(const AppState& app) {
  return "lab=lesson&chapter=" + std::to_string(app.lesson.session.progress.chapter + 1);
}

bool TakePracticeKey(std::string* hash, uint32_t* seed, bool* present, std::string* error) {
  *seed = 0;
  *present = false;
  std::string h = !hash->empty() && (*hash)[0] == '#' ? hash->substr(1) : *hash;
  std::string rest;
  size_t start = 0;
  while (start <= h.size()) {
    const size_t amp = h.find('&', start);
    const std::string part = h.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    if (part.rfind("practice=", 0) == 0) {
      const std::string value = part.substr(9);
      char* end = nullptr;
      const long v = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || v < 0 || v > 1000000) {
        *error = "practice must be 0 (off) or a seed from 1 to 1000000 (got '" + value.substr(0, 40) + "')";
        return false;
      }
      *seed = static_cast<uint32_t>(v);
      *present = true;
    } else if (!part.empty()) {
      rest += (rest.empty() ? "" : "&") + part;
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  *hash = rest;
  return true;
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------
bn::Json PracticeJson(const AppState& app) {
  using bn::Json;
  const StepLab& lab = app.step_lab;
  const bn::PracticeSession& p = lab.practice.session;
  Json o = Json::Object();
  o.append("on", Json::Bool(p.on));
  const bool asking = p.on && !p.done && p.q.step >= 0;
  o.append("quantity", Json::String(asking ? p.q.key : std::string()));
  Json index = Json::Array();
  if (asking) {
    if (p.q.i >= 0) index.push(Json::Number(p.q.i));
    index.push(Json::Number(p.q.j));
  }
  o.append("index", std::move(index));
  o.append("attempts", Json::Number(p.attempts));
  o.append("solved", Json::Number(p.solved));
  o.append("hint", Json::String(p.hint));
  o.append("prompt", Json::String(p.on ? bn::PracticePrompt(lab.trace, p.q) : std::string()));
  o.append("label", Json::String(asking ? bn::PracticeLabel(lab.trace, p.q) : std::string()));
  o.append("feedback", Json::String(p.feedback));
  o.append("answer_error", Json::String(lab.practice.answer_error));
  o.append("done", Json::Bool(p.done));
  o.append("seed", Json::Number(p.seed));
  Json score = Json::Object();
  score.append("first_try", Json::Number(p.score.first_try));
  score.append("with_hints", Json::Number(p.score.with_hints));
  score.append("shown", Json::Number(p.score.shown));
  score.append("streak", Json::Number(p.score.streak));
  score.append("best_streak", Json::Number(p.score.best_streak));
  o.append("score", std::move(score));
  return o;
}

bn::Json LessonJson(const AppState& app) {
  using bn::Json;
  const LessonLab& lesson = app.lesson;
  const int k = lesson.session.progress.chapter;
  const bn::Chapter& c = CurrentChapter(app);
  Json o = Json::Object();
  o.append("chapter", Json::Number(k + 1));
  o.append("chapters", Json::Number(static_cast<double>(bn::LessonChapters().size())));
  o.append("title", Json::String(c.title));
  o.append("answered", Json::Number(bn::AnsweredCount(lesson.session.progress, k)));
  o.append("questions", Json::Number(static_cast<double>(c.questions.size())));
  o.append("answered_total", Json::Number(bn::AnsweredTotal(lesson.session.progress)));
  o.append("lab", Json::String(c.lab == bn::ChapterLab::Step ? "step" : c.lab == bn::ChapterLab::Image ? "image" : "training"));
  o.append("started", Json::Bool(lesson.started));
  o.append("status", Json::String(lesson.session.progress.status[k]));
  Json hints = Json::Array(), feedback = Json::Array(), errors = Json::Array();
  for (size_t q = 0; q < c.questions.size(); ++q) {
    hints.push(Json::String(q < lesson.session.hints.size() ? lesson.session.hints[q] : std::string()));
    feedback.push(Json::String(q < lesson.session.feedback.size() ? lesson.session.feedback[q] : std::string()));
    errors.push(Json::String(q < lesson.answer_error.size() ? lesson.answer_error[q] : std::string()));
  }
  o.append("link", Json::String(c.link));
  Json commands = Json::Array();
  for (const std::string& command : c.commands) commands.push(Json::String(command));
  o.append("commands", std::move(commands));
  Json items = Json::Array();
  for (const bn::LessonQuestion& q : c.questions) {
    Json item = Json::Object();
    item.append("kind", Json::String(q.numeric() ? "numeric" : "choice"));
    item.append("prompt", Json::String(q.prompt));
    item.append("source", Json::String(q.source));
    item.append("index", Json::Array({Json::Number(q.i), Json::Number(q.j)}));
    Json choices = Json::Array();
    for (const std::string& choice : q.choices) choices.push(Json::String(choice));
    item.append("choices", std::move(choices));
    items.push(std::move(item));
  }
  o.append("items", std::move(items));
  o.append("hints", std::move(hints));
  o.append("feedback", std::move(feedback));
  o.append("answer_errors", std::move(errors));
  return o;
}

}  // namespace bnlab
