// chapter_i18n.hpp: the lesson in the text catalogs. A chapter's texts a learner reads become catalog entries with
// the keys lesson.<file stem>.<field>, and a chapter in another language is the English chapter with those texts
// replaced. Pure std (the build's i18n_check compiles it with chapter_file.cpp).
//
//   lesson.04-two-steps.title             the title
//   lesson.04-two-steps.text.2            paragraph 2 of the text (paragraphs are "\n\n"-separated in Chapter::text)
//   lesson.04-two-steps.formula           the formula line (its words; symbols stay): only when the chapter has one
//   lesson.04-two-steps.look_at           what to look at
//   lesson.04-two-steps.q1.prompt         question 1's prompt
//   lesson.04-two-steps.q1.choice.b       question 1's option b (choices and predictions)
//   lesson.04-two-steps.q1.explain        question 1's explanation
//
// Not texts, so never translated: the lab, link, step, commands, a numeric question's source and indices, which
// option is right. A translated chapter keeps the English chapter's structure (its paragraphs, questions, options).
//
// Index
//   ChapterField, ChapterStem, ChapterFields
//   LocalizeChapter
//   PairChapters (a translated chapter file's texts, field by field with the English)
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/learn/chapter_file.hpp"

namespace bn {

struct ChapterField {
  std::string key;   // "lesson.04-two-steps.q1.prompt"
  std::string text;  // the chapter's text there
  std::string note;  // for translators: where it appears, what to keep
};

// "04-two-steps" for the file "04-two-steps.md".
std::string ChapterStem(const Chapter& c);

// The chapter's texts in reading order: title, paragraphs, formula, look_at, then each question's prompt, options,
// explanation.
std::vector<ChapterField> ChapterFields(const Chapter& c);

// The chapter `en` with every text whose key `find` knows (non-null, non-empty) replaced: the same chapter in another
// language. Texts `find` does not know stay English, paragraph by paragraph. With English's own texts the result is
// `en` exactly.
Chapter LocalizeChapter(const Chapter& en, const std::function<const std::string*(const std::string& key)>& find);

// A translated chapter (read from a file with the English file's structure) paired with the English one: each English
// field with the translated text at the same place. False with *error (one line) when the structure differs: lab,
// link, step, commands, the number of paragraphs, a formula present in one only, the questions' number, kinds,
// sources, indices, options' number or the right option.
bool PairChapters(const Chapter& en, const Chapter& translated, std::vector<std::pair<ChapterField, std::string>>* out,
                  std::string* error);

}  // namespace bn
