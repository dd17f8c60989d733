// lesson.hpp: the guided lesson (pure, no UI). Its chapters are data: assets/lesson/en/*.md, read by
// chapter_file.hpp's reader and embedded at build time (cmake/lesson.cmake). Each chapter sets up one lab
// (through its link, or commands for the training lab), may begin with a prediction the learner makes before the
// lab shows the result, says what to look at, and asks questions: numeric ones (answered by the core from the
// chapter's own batch, while the lab hides the asked value) or choices. At the end a checkpoint draws questions
// from every chapter by a seed (numeric ones on a fresh batch). Also the learner's progress, its text form for
// the settings store, and a summary the learner can copy.
//
// Index
//   1. LessonChapters (the chapters as read from the embedded files)
//   2. The chapter's lab: ChapterStepInput / ChapterImageInput; what it hides (LessonHiddenFrom)
//   3. Numeric answers: LessonAnswerMatches, NumericAnswer, LessonNumericAnswer
//   4. LessonSession: progress, answering, revealing, the progress text ("continue where I left off")
//   5. The checkpoint and the learner's summary
//
// Chapters are numbered 1..N in links (#lab=lesson&chapter=N) and in state().lesson; 0-based in code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/bn/bn.hpp"
#include "core/lab/image_lab.hpp"
#include "core/learn/chapter_file.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. The chapters
// ---------------------------------------------------------------------------------------------
// The lesson in the current language (core/i18n/current.hpp), in file order: LessonChaptersIn(CurrentLanguage()).
// The same vector every call while the language stays; a switch gives that language's (same chapters, labs,
// questions and answers; lesson_i18n.hpp), so keep no reference across frames.
const std::vector<Chapter>& LessonChapters();
// The English chapters, as read once from the embedded files (the source every translation is made from).
const std::vector<Chapter>& LessonChaptersEnglish();

// ---------------------------------------------------------------------------------------------
// 2. The chapter's lab
// ---------------------------------------------------------------------------------------------
// The step lab a chapter sets up: its link applied on top of the default batch (so keys the link leaves out
// take their defaults, not what was on screen). False with *error for a chapter without a step-lab link.
bool ChapterStepInput(const Chapter& c, TraceInput* in, int* step, std::string* error);

// The image lab a chapter sets up: its link applied on top of DefaultImageLabInput().
bool ChapterImageInput(const Chapter& c, ImageLabInput* in, int* step, std::string* error);

// The first step of the chapter's lab whose values must stay hidden, given the chapter's question status (one
// character per question, '0' open) and the keys of the lab's steps in order: the earliest step that an open
// numeric question asks about (every step after it would show the asked value in its formula), and the step the
// chapter opens at while its prediction is open. -1: nothing hidden. minmax questions hide nothing (the lab
// never shows min–max values).
int LessonHiddenFrom(const Chapter& c, const std::string& status, const std::vector<std::string>& step_keys);

// ---------------------------------------------------------------------------------------------
// 3. Numeric answers
// ---------------------------------------------------------------------------------------------
// Right when `answer` agrees with `truth` to 4 significant digits (|answer − truth| ≤ half a unit of truth's
// 4th significant digit), or lies within 5·10⁻⁴·scale, where scale is the quantity's magnitude (the largest
// |value| of that quantity over the batch; for a sum, mean or deviation also of the x it is computed from):
// −0.083 for −1/12 at scale 1 is right, 0.1 is not.
bool LessonAnswerMatches(double answer, double truth, double scale);

// A numeric question's answer on the batch `in` (the step lab's questions: trace:KEY and minmax), with the
// scale to compare at and the working with the result replaced by "?" (the hint; `wrong` adds the name of a
// common slip when it matches one, NaN for none) and in full (*working). False with *error otherwise.
bool NumericAnswer(const TraceInput& in, const LessonQuestion& q, double wrong, double* value, double* scale,
                   std::string* hint, std::string* working, std::string* error);

// A numeric question's answer computed from the chapter's own batch (step or image lab).
bool LessonNumericAnswer(const Chapter& c, const LessonQuestion& q, double wrong, double* value, double* scale,
                         std::string* hint, std::string* working, std::string* error);

// The sentence a numeric prompt ends with: "Give 4 significant digits." unless the answer is a whole number.
std::string DigitsWanted(double truth);

// ---------------------------------------------------------------------------------------------
// 4. Progress and answering
// ---------------------------------------------------------------------------------------------
// Per question: '0' open, '1' right at the first try, '2' right after wrong tries, '3' answer shown (three wrong
// tries or Show answer); a prediction: the letter picked, 'a', 'b', ...
struct LessonProgress {
  int chapter = 0;                  // 0-based, the chapter on screen
  std::vector<std::string> status;  // per chapter, one character per question
};

LessonProgress NewLessonProgress();                     // chapter 0, every question open
int AnsweredCount(const LessonProgress& p, int chapter);  // questions of `chapter` no longer open
int AnsweredTotal(const LessonProgress& p);
inline bool IsRevealed(char status) { return status != '0'; }  // the asked value may be shown

// "v2;chapter=3;q=110.2a.30.0..." and back. Parse is all or nothing: false (and *p untouched) on text that
// is not a progress record of this lesson (wrong version, chapter out of range, question counts that differ).
std::string FormatLessonProgress(const LessonProgress& p);
bool ParseLessonProgress(const std::string& text, LessonProgress* p);

// ---------------------------------------------------------------------------------------------
// 5. The checkpoint
// ---------------------------------------------------------------------------------------------
// One question of the checkpoint: a chapter's choice question as written, or its numeric question on a fresh
// batch drawn from the seed (the prompt then lists the batch; the answer is computed on it).
struct CheckpointItem {
  int chapter = 0;        // 0-based
  int question = 0;       // index in the chapter's questions
  LessonQuestion q;       // the question (prompt rewritten for a fresh batch)
  TraceInput in;          // numeric: the fresh batch
  double truth = 0.0, scale = 0.0;
  std::string working;    // numeric: the working with the result
};

struct Checkpoint {
  bool on = false;
  uint32_t seed = 1;
  std::vector<CheckpointItem> items;
  std::string status;                 // per item: '0' open, '1' right, 'x' wrong (one try each)
  std::vector<std::string> feedback;  // per item, once answered
  int score() const;                  // items right
};

constexpr int kCheckpointItems = 10;

// 8–10 questions (10 when the lesson has them) from different chapters, at least 3 numeric, in chapter order;
// the same seed gives the same questions and batches.
Checkpoint MakeCheckpoint(uint32_t seed);

// Chapters (0-based, in order, each once) whose checkpoint question was missed.
std::vector<int> CheckpointRevisit(const Checkpoint& c);

struct LessonSession {
  LessonProgress progress = NewLessonProgress();
  std::vector<int> attempts;            // wrong tries per question of the chapter on screen
  std::vector<std::string> hints;       // per question: the last hint ("" none)
  std::vector<std::string> feedback;    // per question: "Right. …", "The answer: …", "You predicted …"
  std::vector<std::string> prompts;     // per question, as shown: a numeric one ends "Give 4 significant digits."
  Checkpoint checkpoint;                // on: the checkpoint is on screen instead of a chapter
};

// Shows chapter `chapter` (0-based, clamped): its questions' tries and hints start afresh; the checkpoint closes.
void OpenChapter(LessonSession* s, int chapter);

// Opens the checkpoint drawn from `seed` (≥ 1).
void OpenCheckpoint(LessonSession* s, uint32_t seed);

struct LessonReply {
  bool ok = true;      // false: no such question, already answered, or text that is not an answer (no try)
  std::string error;
  bool correct = false;
  bool shown = false;  // the answer is now in feedback (third wrong try, Show answer, a checkpoint miss)
  int attempts = 0;    // wrong tries at this question so far
};

// Answers question `question` (0-based) of the chapter on screen: a number for numeric questions (the cells'
// rules), a letter a, b, c … for choices and predictions. Right: status '1' or '2'. Wrong: a hint; at the third
// wrong try the answer is shown (status '3'). A prediction takes any option (status: its letter) and its
// feedback says what the lab shows. Questions after an open prediction wait for it (ok = false).
LessonReply AnswerLesson(LessonSession* s, int question, const std::string& text);

// Show answer: the open numeric or choice question's answer and working (status '3'). A prediction cannot be
// shown (ok = false): it is the learner's to make.
LessonReply RevealLesson(LessonSession* s, int question);

// Answers checkpoint item `item` (0-based): one try; a miss shows the answer and the chapter to revisit.
LessonReply AnswerCheckpoint(LessonSession* s, int item, const std::string& text);

// The learner's summary as plain text (to copy): chapters done, first-try answers, predictions, the checkpoint's
// score, and the chapters to revisit (answers shown, checkpoint misses).
std::string LessonSummary(const LessonSession& s);

}  // namespace bn
