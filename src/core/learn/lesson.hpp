// lesson.hpp: the guided lesson as data (pure, no UI): twelve short chapters from input scaling to BN in
// convolutional networks. Each chapter sets up one lab (through its link, or commands for the labs that have
// no link), says what to look at, and asks 1–3 questions, numeric ones (answered by the core from the
// chapter's own batch, checked as in practice mode) or choices. Also the learner's progress and its text
// form for the settings store.
//
// Index
//   1. LessonQuestion, Chapter, LessonChapters
//   2. The chapter's lab: ChapterStepInput / ChapterImageInput, LessonNumericAnswer
//   3. LessonSession: progress, answering, the progress text ("continue where I left off")
//
// Chapters are numbered 1..N in links (#lab=lesson&chapter=N) and in state().lesson; 0-based in code.
#pragma once

#include <string>
#include <vector>

#include "core/bn/bn.hpp"
#include "core/lab/image_lab.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. The chapters
// ---------------------------------------------------------------------------------------------
enum class ChapterLab { Step, Image, Training };  // the lab a chapter sets up

struct LessonQuestion {
  std::string prompt;
  // Numeric questions: where the core reads the answer in the chapter's lab.
  //   "trace:KEY"  the step lab's step KEY at element (i, j) (i = -1: per-feature, feature j)
  //   "image:KEY"  the image lab's step KEY, index i (a statistics group, a channel, or a flat NCHW element)
  //   "image:m"    the image lab's values per statistics group, M
  //   "minmax"     min–max scaling of x(i, j) within feature j: (x − min) / (max − min)
  std::string source;  // "" for a choice
  int i = -1, j = 0;
  std::vector<std::string> choices;  // a choice question's options, answered "a", "b", "c" ...
  int correct = -1;                  // index of the right option
  std::string explain;               // one or two sentences shown once the question is answered
  bool numeric() const { return !source.empty(); }
};

struct Chapter {
  std::string title;
  std::string text;      // ≤ ~150 words, our own
  std::string formula;   // "" when the chapter has none
  ChapterLab lab = ChapterLab::Step;
  std::string link;      // the lab's link without '#': "x=...&step=k" or "lab=image&..."; "" for the training lab
  std::vector<std::string> commands;  // run after the link (the training lab: "tab-train", "experiment:lr")
  std::string step_key;  // the step the link opens at ("xhat", "running_var" ...); "" for the training lab
  std::string look_at;   // one sentence: what to look at in the lab
  std::vector<LessonQuestion> questions;
};

// The lesson, in order (built once; the same vector every call).
const std::vector<Chapter>& LessonChapters();

// Words in a text (runs of characters between spaces), for the ≤ ~150-word rule.
int WordCount(const std::string& text);

// ---------------------------------------------------------------------------------------------
// 2. The chapter's lab
// ---------------------------------------------------------------------------------------------
// The step lab a chapter sets up: its link applied on top of the default batch (so keys the link leaves out
// take their defaults, not what was on screen). False with *error for a chapter without a step-lab link.
bool ChapterStepInput(const Chapter& c, TraceInput* in, int* step, std::string* error);

// The image lab a chapter sets up: its link applied on top of DefaultImageLabInput().
bool ChapterImageInput(const Chapter& c, ImageLabInput* in, int* step, std::string* error);

// A numeric question's answer, computed by the core from the chapter's batch, with the magnitude to compare
// at (AnswerMatches' scale) and the working with the result replaced by "?" (the hint). False with *error for
// a choice question or a chapter whose lab cannot be built.
bool LessonNumericAnswer(const Chapter& c, const LessonQuestion& q, double* value, double* scale,
                         std::string* hint, std::string* error);

// ---------------------------------------------------------------------------------------------
// 3. Progress and answering
// ---------------------------------------------------------------------------------------------
// Per question: '0' open, '1' right at the first try, '2' right after wrong tries, '3' answer shown.
struct LessonProgress {
  int chapter = 0;                  // 0-based, the chapter on screen
  std::vector<std::string> status;  // per chapter, one character per question
};

LessonProgress NewLessonProgress();                     // chapter 0, every question open
int AnsweredCount(const LessonProgress& p, int chapter);  // questions of `chapter` no longer open
int AnsweredTotal(const LessonProgress& p);

// "v1;chapter=3;q=110.2.30.0..." and back. Parse is all or nothing: false (and *p untouched) on text that
// is not a progress record of this lesson (wrong version, chapter out of range, question counts that differ).
std::string FormatLessonProgress(const LessonProgress& p);
bool ParseLessonProgress(const std::string& text, LessonProgress* p);

struct LessonSession {
  LessonProgress progress = NewLessonProgress();
  std::vector<int> attempts;            // wrong tries per question of the chapter on screen
  std::vector<std::string> hints;       // per question: the last hint ("" none)
  std::vector<std::string> feedback;    // per question: "Right: …", "The answer: …", the explanation
};

// Shows chapter `chapter` (0-based, clamped): its questions' tries and hints start afresh.
void OpenChapter(LessonSession* s, int chapter);

struct LessonReply {
  bool ok = true;      // false: no such question, already answered, or text that is not an answer (no try)
  std::string error;
  bool correct = false;
  bool shown = false;  // the third wrong try: the answer is in feedback
  int attempts = 0;    // wrong tries at this question so far
};

// Answers question `question` (0-based) of the chapter on screen: a number for numeric questions (the cells'
// rules), a letter a, b, c … for choices. Right: status '1' or '2'. Wrong: a hint; at the third wrong try the
// answer is shown (status '3').
LessonReply AnswerLesson(LessonSession* s, int question, const std::string& text);

}  // namespace bn
