// chapter_file.hpp: one lesson chapter as a text file (assets/lesson/en/NN-name.md) and its reader.
// Pure std (no Eigen, no BN): the build's checker (src/tools/lesson_check.cpp) compiles it alone with the host
// compiler and stops the build at a malformed chapter, naming the file and line. The format is described in
// assets/lesson/README.md:
//
//   <!-- comments, ignored (sources go here) -->
//   # Title
//   lab: step | image | training
//   link: x=…&step=8          (step, image)
//   step: xhat                (step, image: the key of the step the link opens at)
//   commands: experiment:lr   (training; "; " between commands)
//
//   Paragraphs of text.
//   ## Formula / ## Look at       one section each
//   ## Predict / ## Choice        prompt lines, options "- [ ] …" / "- [x] …" (one [x]), "> " explanation lines
//   ## Numeric SOURCE [sample=I] [feature=J] [channel=C]    prompt lines, "> " explanation lines
//
// Index
//   QuestionKind, LessonQuestion, ChapterLab, Chapter
//   ChapterFileError, ParseChapterFile
//   WordCount
//   ChapterFileMessages, ChapterFileErrorText   the refusals: keys, English, the current language's text
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/i18n/catalog.hpp"  // FormatArgs (pure std, as this reader)

namespace bn {

enum class QuestionKind { Numeric, Choice, Predict };
enum class ChapterLab { Step, Image, Training };  // the lab a chapter sets up

struct LessonQuestion {
  QuestionKind kind = QuestionKind::Choice;
  std::string prompt;
  // Numeric questions: where the core reads the answer in the chapter's lab (0-based indices here).
  //   "trace:KEY"  the step lab's step KEY at element (i, j) (i = -1: per-feature, feature j)
  //   "image:KEY"  the image lab's step KEY, index i (a statistics group)
  //   "minmax"     min–max scaling of x(i, j) within feature j: (x − min) / (max − min)
  std::string source;  // "" for a choice or prediction
  int i = -1, j = 0;
  std::vector<std::string> choices;  // a choice's or prediction's options, answered "a", "b", "c" ...
  int correct = -1;                  // index of the right option (a prediction: the outcome the lab shows)
  std::string explain;               // shown once the question is answered (a prediction: what the lab shows)
  int line = 0;                      // where the question starts in its file
  bool numeric() const { return kind == QuestionKind::Numeric; }
  bool predict() const { return kind == QuestionKind::Predict; }
};

struct Chapter {
  std::string file;      // the file it was read from ("03-where.md")
  std::string title;
  std::string text;      // ≤ ~150 words; paragraphs separated by "\n\n"
  std::string formula;   // "" when the chapter has none
  ChapterLab lab = ChapterLab::Step;
  std::string link;      // the lab's link without '#': "x=...&step=k" or "lab=image&..."; "" for the training lab
  std::vector<std::string> commands;  // run after the link (the training lab: "experiment:lr")
  std::string step_key;  // the step the link opens at ("xhat", "running_var" ...); "" for the training lab
  std::string look_at;   // what to look at in the lab
  std::vector<LessonQuestion> questions;  // a prediction, when present, first
  bool starts_with_prediction() const { return !questions.empty() && questions[0].predict(); }
};

struct ChapterFileError {
  int line = 0;         // 1-based; 0: the file as a whole
  std::string message;  // one line, in English (what the build's checkers print)
  std::string key;      // its catalog key ("chapter.no_title"): ChapterFileErrorText is it in the current language
  FormatArgs args;      // the {placeholders} of the message, each one line
};

// Reads one chapter file. False with *error (line and message) on the first malformed line: unknown header key,
// missing title/lab/link/step, an unknown section, an option that is not "- [ ] " / "- [x] ", a choice without
// exactly one [x] or with fewer than 2 options, a numeric question without a source, an unknown source or index
// key, an unclosed comment, a question without a prompt or explanation, a prediction that is not the first
// question, no questions. `name` is recorded in Chapter::file.
bool ParseChapterFile(const std::string& name, const std::string& text, Chapter* out, ChapterFileError* error);

// Words in a text (runs of characters between spaces), for the ≤ ~150-word rule.
int WordCount(const std::string& text);

// The reader's messages, one row per refusal: key ("chapter.no_title") and English with {placeholders}. The
// catalogs (assets/i18n, keys chapter.*) hold the same English and its translations (a unit test compares them): the
// build's checkers compile this reader without the catalogs, the program shows the catalog's text.
const std::vector<std::pair<const char*, const char*>>& ChapterFileMessages();

// The error's message in the current language: Tr(key, args) (core/learn/chapter_file_text.cpp, which needs the
// embedded catalogs: the program and the tests have it, the build's checkers use `message`).
std::string ChapterFileErrorText(const ChapterFileError& error);

}  // namespace bn
