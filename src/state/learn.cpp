// learn.cpp: practice mode and the lesson over AppState (see learn.hpp).
#include "state/learn.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"
#include "core/lab/link_pairs.hpp"
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
  return k <= lab.step && !bn::PracticeHidesStep(lab.practice.session, k) && (lab.hidden_from < 0 || k < lab.hidden_from);
}

bool ImageValuesShown(const ImageLab& lab, int k) { return lab.hidden_from < 0 || k < lab.hidden_from; }

namespace {

std::string WithoutResult(const std::string& working) {
  const size_t eq = working.rfind(" = ");
  return eq == std::string::npos ? working : working.substr(0, eq) + " = ?";
}

// After the formula of a step the lesson hides: "   (numbers hidden until the lesson's question is answered)".
std::string HiddenNote() { return "   " + bn::Tr("msg.lesson.numbers_hidden"); }

}  // namespace

std::string StepNumbers(const StepLab& lab, int k, int digits) {
  if (!lab.trace_error.empty() || k < 0 || k >= static_cast<int>(lab.trace.steps.size())) return {};
  const std::string numbers = bn::SubstitutedFormula(lab.trace, k, lab.view.sel_row, lab.view.sel_col, digits);
  if (lab.hidden_from >= 0 && k > lab.hidden_from) return lab.trace.steps[k].formula + HiddenNote();
  if ((lab.hidden_from >= 0 && k == lab.hidden_from) || bn::PracticeHidesStep(lab.practice.session, k))
    return WithoutResult(numbers);
  return numbers;
}

std::string ImageNumbers(const ImageLab& lab, int k) {
  if (!lab.error.empty() || k < 0 || k >= static_cast<int>(lab.trace.steps.size())) return {};
  const std::string numbers = bn::NormSubstituted(lab.trace, k, lab.sel[0], lab.sel[1], lab.sel[2], lab.sel[3]);
  if (lab.hidden_from >= 0 && k > lab.hidden_from) return lab.trace.steps[k].formula + HiddenNote();
  if (lab.hidden_from >= 0 && k == lab.hidden_from) return WithoutResult(numbers);
  return numbers;
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

// The answer fields of the questions on screen: the chapter's, or the checkpoint's items.
void ResetAnswerFields(LessonLab& lesson) {
  const bn::Checkpoint& cp = lesson.session.checkpoint;
  const size_t q = cp.on ? cp.items.size() : bn::LessonChapters()[lesson.session.progress.chapter].questions.size();
  lesson.answer_text.assign(q, std::vector<char>(64, '\0'));
  lesson.answer_error.assign(q, std::string());
}

// After an answer: the refusal beside its field, or the field emptied once the question is closed.
void AfterAnswer(LessonLab& lesson, int question, const bn::LessonReply& r) {
  if (question < 0 || question >= static_cast<int>(lesson.answer_error.size())) return;
  lesson.answer_error[question] = r.ok ? std::string() : r.error;
  if (r.ok && (r.correct || r.shown)) lesson.answer_text[question].assign(64, '\0');
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
  lesson.summary_notice.clear();
  lesson.phone_shows_lab = false;  // a phone shows the new chapter's text first
  const bn::Chapter& c = CurrentChapter(app);
  std::string error;
  if (c.lab == bn::ChapterLab::Step) {
    LabInput in;
    int step = 0;
    if (bn::ChapterStepInput(c, &in, &step, &error)) {
      if (app.step_lab.practice.session.on) PracticeOff(app);
      app.step_lab.view.playing = false;
      SetInput(app, in);
      lesson.owns_step = true;
      app.step_lab.step = step;
      Recompute(app);
    }
  } else if (c.lab == bn::ChapterLab::Image) {
    bn::ImageLabInput in;
    int step = 0;
    if (bn::ChapterImageInput(c, &in, &step, &error)) {
      app.image.input = in;
      lesson.owns_image = true;
      app.image.step = step;
      RecomputeImage(app);
    }
  } else {
    for (const std::string& command : c.commands)
      if (command.rfind("tab-", 0) != 0) RunCommand(app, command);  // the lesson tab shows the lab itself
  }
  if (!error.empty())
    Notify(app, bn::Tr("msg.lesson.lab_not_set_up", {{"n", std::to_string(chapter + 1)}, {"error", error}}), true);
  UpdateLessonHiding(app);
  SaveProgress(app);
  app.hash_dirty = true;
}

namespace {

// After an answer or Show answer in a chapter: the field's refusal (or the field emptied), and when something was
// answered the progress saved and what the lab hides updated.
bn::LessonReply AfterChapterReply(AppState& app, int question, const bn::LessonReply& r) {
  LessonLab& lesson = app.lesson;
  if (lesson.answer_error.size() != lesson.session.attempts.size()) ResetAnswerFields(lesson);
  AfterAnswer(lesson, question, r);
  if (r.ok) {
    SaveProgress(app);
    UpdateLessonHiding(app);
  }
  return r;
}

}  // namespace

bn::LessonReply LessonAnswer(AppState& app, int question, const std::string& text) {
  if (app.lesson.session.checkpoint.on) return CheckpointAnswer(app, question, text);
  return AfterChapterReply(app, question, bn::AnswerLesson(&app.lesson.session, question, text));
}

bn::LessonReply LessonReveal(AppState& app, int question) {
  LessonLab& lesson = app.lesson;
  bn::LessonReply r;
  if (lesson.session.checkpoint.on) {
    r.ok = false;
    r.error = bn::Tr("msg.lesson.checkpoint_no_reveal");
    return r;
  }
  return AfterChapterReply(app, question, bn::RevealLesson(&lesson.session, question));
}

void OpenLessonCheckpoint(AppState& app, uint32_t seed) {
  LessonLab& lesson = app.lesson;
  bn::OpenCheckpoint(&lesson.session, seed);
  lesson.started = true;
  lesson.phone_shows_lab = false;
  lesson.summary_notice.clear();
  ResetAnswerFields(lesson);
  UpdateLessonHiding(app);
  app.hash_dirty = true;
}

bn::LessonReply CheckpointAnswer(AppState& app, int item, const std::string& text) {
  LessonLab& lesson = app.lesson;
  const bn::LessonReply r = bn::AnswerCheckpoint(&lesson.session, item, text);
  if (lesson.answer_error.size() != lesson.session.checkpoint.items.size()) ResetAnswerFields(lesson);
  AfterAnswer(lesson, item, r);
  return r;
}

void UpdateLessonHiding(AppState& app) {
  app.step_lab.hidden_from = -1;
  app.image.hidden_from = -1;
  const LessonLab& lesson = app.lesson;
  if (!lesson.started || lesson.session.checkpoint.on) return;
  const bn::Chapter& c = CurrentChapter(app);
  const std::string& status = lesson.session.progress.status[lesson.session.progress.chapter];
  std::vector<std::string> keys;
  if (c.lab == bn::ChapterLab::Step && lesson.owns_step) {
    for (const bn::TraceStep& s : app.step_lab.trace.steps) keys.push_back(s.key);
    app.step_lab.hidden_from = bn::LessonHiddenFrom(c, status, keys);
  } else if (c.lab == bn::ChapterLab::Image && lesson.owns_image) {
    for (const bn::NormStep& s : app.image.trace.steps) keys.push_back(s.key);
    app.image.hidden_from = bn::LessonHiddenFrom(c, status, keys);
  }
}

void ResetLessonProgress(AppState& app) {
  LessonLab& lesson = app.lesson;
  const int chapter = lesson.session.progress.chapter;
  lesson.session = bn::LessonSession();
  lesson.has_saved = false;
  if (lesson.started) {
    OpenLessonChapter(app, chapter);  // saves the empty progress
  } else {
    lesson.session.progress.chapter = chapter;
    SaveProgress(app);
  }
}

std::string CopyLessonSummary(AppState& app) {
  const std::string text = bn::LessonSummary(app.lesson.session);
  app.lesson.summary_notice = app.host.CopyToClipboard(text) ? bn::Tr("msg.lesson.summary_copied")
                                                              : bn::Tr("msg.lesson.summary_no_clipboard");
  return text;
}

bool LessonCoversLab(const AppState& app) {
  const LessonLab& lesson = app.lesson;
  if (!lesson.started || lesson.session.checkpoint.on) return false;
  const bn::Chapter& c = CurrentChapter(app);
  return c.starts_with_prediction() && lesson.session.progress.status[lesson.session.progress.chapter][0] == '0';
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
bool ApplyLessonLink(AppState& app, const bn::LinkPairs& pairs, std::string* error) {
  int chapter = app.lesson.session.progress.chapter;  // no chapter key: where the learner left off
  const int n = static_cast<int>(bn::LessonChapters().size());
  for (const auto& kv : pairs) {
    if (kv.first == "lab") continue;
    if (kv.first == "checkpoint") {
      long v = 0;
      if (!bn::ParseLinkWhole(kv.second, 1, 1000000, &v)) {
        *error = bn::Tr("msg.link.checkpoint_range", {{"value", bn::Quote(kv.second)}});
        return false;
      }
      OpenLessonCheckpoint(app, static_cast<uint32_t>(v));
      app.ui.tab_request = Lab::Lesson;
      return true;
    }
    if (kv.first != "chapter") {
      *error = bn::Tr("msg.link.lesson_unknown_key", {{"key", bn::Quote(kv.first)}});
      return false;
    }
    int v = 0;
    if (!bn::ParseLinkInt("chapter", kv.second, 1, n, &v, error)) return false;
    chapter = v - 1;
  }
  OpenLessonChapter(app, chapter);
  app.ui.tab_request = Lab::Lesson;
  return true;
}

std::string FormatLessonHash(const AppState& app) {
  const bn::Checkpoint& cp = app.lesson.session.checkpoint;
  if (cp.on) return "lab=lesson&checkpoint=" + std::to_string(cp.seed);
  return "lab=lesson&chapter=" + std::to_string(app.lesson.session.progress.chapter + 1);
}

bool TakePracticeKey(bn::LinkPairs* pairs, uint32_t* seed, bool* present, std::string* error) {
  *seed = 0;
  *present = false;
  for (auto it = pairs->begin(); it != pairs->end(); ++it) {
    if (it->first != "practice") continue;
    long v = 0;
    if (!bn::ParseLinkWhole(it->second, 0, 1000000, &v)) {
      *error = bn::Tr("msg.link.practice_range", {{"value", bn::Quote(it->second)}});
      return false;
    }
    *seed = static_cast<uint32_t>(v);
    *present = true;
    pairs->erase(it);  // a key appears once (SplitHashPairs)
    return true;
  }
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
  const std::string& status = lesson.session.progress.status[k];
  Json o = Json::Object();
  o.append("chapter", Json::Number(k + 1));
  o.append("chapters", Json::Number(static_cast<double>(bn::LessonChapters().size())));
  o.append("title", Json::String(c.title));
  o.append("file", Json::String(c.file));
  o.append("text", Json::String(c.text));
  o.append("formula", Json::String(c.formula));
  o.append("look_at", Json::String(c.look_at));
  o.append("answered", Json::Number(bn::AnsweredCount(lesson.session.progress, k)));
  o.append("questions", Json::Number(static_cast<double>(c.questions.size())));
  o.append("answered_total", Json::Number(bn::AnsweredTotal(lesson.session.progress)));
  o.append("lab", Json::String(c.lab == bn::ChapterLab::Step ? "step" : c.lab == bn::ChapterLab::Image ? "image" : "training"));
  o.append("started", Json::Bool(lesson.started));
  o.append("status", Json::String(status));
  o.append("covered", Json::Bool(LessonCoversLab(app)));  // the prediction is open: the lab waits
  // The first hidden step's key ("" none): the step or image lab shows no values from it on.
  std::string hidden;
  if (c.lab == bn::ChapterLab::Step && app.step_lab.hidden_from >= 0 &&
      app.step_lab.hidden_from < static_cast<int>(app.step_lab.trace.steps.size()))
    hidden = app.step_lab.trace.steps[app.step_lab.hidden_from].key;
  if (c.lab == bn::ChapterLab::Image && app.image.hidden_from >= 0 &&
      app.image.hidden_from < static_cast<int>(app.image.trace.steps.size()))
    hidden = app.image.trace.steps[app.image.hidden_from].key;
  o.append("hidden_step", Json::String(hidden));
  Json hints = Json::Array(), feedback = Json::Array(), errors = Json::Array();
  const bool cp_on = lesson.session.checkpoint.on;
  for (size_t q = 0; q < c.questions.size(); ++q) {
    hints.push(Json::String(q < lesson.session.hints.size() ? lesson.session.hints[q] : std::string()));
    feedback.push(Json::String(q < lesson.session.feedback.size() ? lesson.session.feedback[q] : std::string()));
    errors.push(Json::String(!cp_on && q < lesson.answer_error.size() ? lesson.answer_error[q] : std::string()));
  }
  o.append("link", Json::String(c.link));
  Json commands = Json::Array();
  for (const std::string& command : c.commands) commands.push(Json::String(command));
  o.append("commands", std::move(commands));
  auto kind = [](const bn::LessonQuestion& q) {
    return q.numeric() ? "numeric" : q.predict() ? "predict" : "choice";
  };
  Json items = Json::Array();
  for (size_t q = 0; q < c.questions.size(); ++q) {
    const bn::LessonQuestion& question = c.questions[q];
    Json item = Json::Object();
    item.append("kind", Json::String(kind(question)));
    item.append("prompt", Json::String(q < lesson.session.prompts.size() ? lesson.session.prompts[q] : question.prompt));
    item.append("source", Json::String(question.source));
    item.append("index", Json::Array({Json::Number(question.i), Json::Number(question.j)}));
    Json choices = Json::Array();
    for (const std::string& choice : question.choices) choices.push(Json::String(choice));
    item.append("choices", std::move(choices));
    item.append("revealed", Json::Bool(bn::IsRevealed(status[q])));
    item.append("predicted", Json::String(question.predict() && status[q] != '0' ? std::string(1, status[q]) : std::string()));
    items.push(std::move(item));
  }
  o.append("items", std::move(items));
  o.append("hints", std::move(hints));
  o.append("feedback", std::move(feedback));
  o.append("answer_errors", std::move(errors));
  const bn::Checkpoint& cp = lesson.session.checkpoint;
  Json check = Json::Object();
  check.append("on", Json::Bool(cp.on));
  check.append("seed", Json::Number(cp.seed));
  Json cp_items = Json::Array(), cp_feedback = Json::Array(), cp_errors = Json::Array();
  for (size_t q = 0; q < cp.items.size(); ++q) {
    const bn::CheckpointItem& it = cp.items[q];
    Json item = Json::Object();
    item.append("chapter", Json::Number(it.chapter + 1));
    item.append("kind", Json::String(kind(it.q)));
    item.append("prompt", Json::String(it.q.prompt));
    Json choices = Json::Array();
    for (const std::string& choice : it.q.choices) choices.push(Json::String(choice));
    item.append("choices", std::move(choices));
    if (it.q.numeric()) {  // the fresh batch, for tests to compute the answer on their own
      Json x = Json::Array();
      for (int r = 0; r < it.in.x.rows(); ++r) {
        Json row = Json::Array();
        for (int col = 0; col < it.in.x.cols(); ++col) row.push(Json::Number(it.in.x(r, col), 9));
        x.push(std::move(row));
      }
      item.append("x", std::move(x));
      item.append("source", Json::String(it.q.source));
      item.append("index", Json::Array({Json::Number(it.q.i), Json::Number(it.q.j)}));
    }
    item.append("status", Json::String(std::string(1, cp.status[q])));
    cp_items.push(std::move(item));
    cp_feedback.push(Json::String(cp.feedback[q]));
    cp_errors.push(Json::String(cp_on && q < lesson.answer_error.size() ? lesson.answer_error[q] : std::string()));
  }
  check.append("items", std::move(cp_items));
  check.append("feedback", std::move(cp_feedback));
  check.append("answer_errors", std::move(cp_errors));
  check.append("score", Json::Number(cp.score()));
  Json revisit = Json::Array();
  for (int r : bn::CheckpointRevisit(cp)) revisit.push(Json::Number(r + 1));
  check.append("revisit", std::move(revisit));
  o.append("checkpoint", std::move(check));
  o.append("summary", Json::String(bn::LessonSummary(lesson.session)));
  return o;
}

}  // namespace bnlab
