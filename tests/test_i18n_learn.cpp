// test_i18n_learn.cpp: the texts of practice, the lesson's frame (feedback, hints, the checkpoint, the summary) and the
// step lab's panels (ui.batch. … ui.widgets.) come from the catalogs: translated, with their placeholders filled, and
// English again once the language is back to "en".
//
// Index
//   Helpers        EnglishAfter (restores "en"), the chapter with a numeric question, a wrong number
//   Catalogs       every key of these prefixes in the three translations, the same placeholders
//   Practice       prompt, hint, "right" and "shown" feedback in es, pt-BR, zh-Hans
//   Lesson         prediction, hint with its try, the answer shown, right, refusals, the digits wanted
//   Checkpoint     the fresh batch's sentence, the chapter to revisit, the summary
//   Panels         a few ui.* texts with placeholders, as the panels fill them
#include <doctest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/bn/bn.hpp"
#include "core/i18n/catalog.hpp"
#include "core/i18n/current.hpp"
#include "core/lab/lab_presets.hpp"
#include "core/learn/lesson.hpp"
#include "core/learn/practice.hpp"

namespace {

// Puts English back however the test case ends (the other tests read English).
struct EnglishAfter {
  ~EnglishAfter() { bn::SetLanguage("en"); }
};

bool StartsWith(const std::string& s, const std::string& head) { return s.rfind(head, 0) == 0; }
bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string Text(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// A number no tolerance accepts and no slip explains.
double Wrong(double truth) { return truth * 3.0 + 7.25; }

// The first chapter with a numeric question of the step lab: its index and the question's.
void NumericQuestion(int* chapter, int* question) {
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  *chapter = *question = -1;
  for (int c = 0; c < static_cast<int>(chapters.size()) && *chapter < 0; ++c)
    for (int n = 0; n < static_cast<int>(chapters[c].questions.size()); ++n)
      if (chapters[c].questions[n].numeric() && chapters[c].questions[n].source.rfind("trace:", 0) == 0 && *chapter < 0) {
        *chapter = c;
        *question = n;
      }
}

// The words each language uses, as its catalog has them (a typo in a catalog fails here).
struct Words {
  const char* tag;
  const char* predicted;      // learn.lesson.predicted_*: "You predicted "
  const char* answer;         // learn.lesson.answer: "The answer: "
  const char* right;          // learn.lesson.right: "Right. "
  const char* not_;           // learn.lesson.not_number: "Not "
  const char* try_1_of_3;     // learn.lesson.hint_try with n = 1, total = 3
  const char* digits;         // learn.lesson.digits
  const char* letter_to_c;    // learn.lesson.error.letter with last = c
  const char* practice_right; // learn.practice.right: "Right: "
  const char* compute;        // learn.practice.prompt: "Compute "
  const char* typed;          // learn.practice.shown_after_tries: "You typed "
  const char* batch;          // learn.checkpoint.batch ({n}: the samples)
  const char* seed_7;         // learn.summary.checkpoint's seed 7
  const char* revisit;        // learn.checkpoint.revisit: " Revisit chapter "
  const char* summary;        // learn.summary.heading
  const char* step_2_of_9;    // ui.step.counter with k = 2, count = 9
  const char* feature_3;      // ui.widgets.feature with n = 3
};

const Words kWords[] = {
    {"es", "Predijiste ", "La respuesta: ", "Correcto. ", "No es ", " (intento 1 de 3)", "Da 4 cifras significativas.",
     "elige una letra, de la a a la c", "Correcto: ", "Calcula ", "Escribiste ", "El lote ({n} muestras):", "(semilla 7)",
     " Repasa el capítulo ", "Lección de bnlab: mi resumen", "Paso 2 de 9", "característica 3"},
    {"pt-BR", "Você previu ", "A resposta: ", "Certo. ", "Não é ", " (tentativa 1 de 3)", "Dê 4 algarismos significativos.",
     "escolha uma letra, de a a c", "Certo: ", "Calcule ", "Você digitou ", "O lote ({n} amostras):", "(semente 7)", " Revise o capítulo ",
     "Lição do bnlab: meu resumo", "Passo 2 de 9", "característica 3"},
    {"zh-Hans", "你预测的是 ", "答案：", "正确。", "不是 ", "（第 1 次尝试，共 3 次）", "请给出 4 位有效数字。", "请选一个字母，a 到 c",
     "正确：", "计算 ", "你输入的是 ", "批量（{n} 个样本）：", "（种子 7）", "请复习第 ", "bnlab 课程：我的总结", "第 2 步，共 9 步", "特征 3"},
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Catalogs
// ---------------------------------------------------------------------------------------------
TEST_CASE("learn. and the step lab's ui. keys: in every translation, with the English placeholders") {
  const char* const prefixes[] = {"learn.",     "ui.batch.",      "ui.step.",       "ui.help.",   "ui.speed.",
                                  "ui.code.",   "ui.practice.",   "ui.worksheet.",  "ui.numberline.",
                                  "ui.tensor.", "ui.import.",     "ui.export.",     "ui.widgets."};
  int keys = 0;
  for (const auto& [key, english] : bn::EnglishCatalog().texts) {
    bool mine = false;
    for (const char* p : prefixes) mine |= StartsWith(key, p);
    if (!mine) continue;
    ++keys;
    const std::string& key_name = key;  // clang: CAPTURE cannot take a structured binding
    for (const char* tag : {"es", "pt-BR", "zh-Hans"}) {
      CAPTURE(key_name);
      CAPTURE(tag);
      const bn::Catalog* c = bn::FindCatalog(tag);
      REQUIRE(c != nullptr);
      const std::string* text = c->Find(key);
      REQUIRE(text != nullptr);
      CHECK(bn::Placeholders(*text) == bn::Placeholders(english));
    }
  }
  CHECK(keys >= 150);
}

// ---------------------------------------------------------------------------------------------
// Practice
// ---------------------------------------------------------------------------------------------
TEST_CASE("practice in es, pt-BR, zh-Hans: the prompt, the hint with its try, right and shown feedback") {
  EnglishAfter english;
  const bn::Trace t = bn::BuildTrace(bn::DefaultLabBatch());
  for (const Words& w : kWords) {
    const std::string tag = w.tag;
    CAPTURE(tag);
    REQUIRE(bn::SetLanguage(w.tag));
    bn::PracticeSession p;
    int step = 0;
    bn::StartPractice(&p, t, 1, &step);
    const std::string label = bn::PracticeLabel(t, p.q);
    const std::string prompt = bn::PracticePrompt(t, p.q);
    CHECK(StartsWith(prompt, w.compute + label));
    CHECK_FALSE(Has(prompt, "{"));  // every placeholder filled
    const double truth = p.q.truth;
    const std::string wrong = Text(Wrong(truth));
    bn::AnswerPractice(&p, t, wrong, &step);
    CHECK(StartsWith(p.hint, w.not_ + bn::FormatNumber(Wrong(truth), 6)));
    CHECK(Has(p.hint, "= ?"));
    CHECK_FALSE(Has(p.hint, "{"));
    bn::AnswerPractice(&p, t, wrong, &step);
    const bn::PracticeReply shown = bn::AnswerPractice(&p, t, wrong, &step);
    CHECK(shown.shown);
    CHECK(StartsWith(p.feedback, w.typed + bn::FormatNumber(Wrong(truth), 6)));
    CHECK(Has(p.feedback, bn::FormatNumber(truth, 6)));
    CHECK_FALSE(p.feedback_right);
    const bn::PracticeReply right = bn::AnswerPractice(&p, t, Text(p.q.truth), &step);
    CHECK(right.correct);
    CHECK(StartsWith(p.feedback, w.practice_right));
    CHECK(p.feedback_right);
    // A refusal in the language too, and the command's name kept.
    bn::StopPractice(&p);
    const bn::PracticeReply off = bn::AnswerPractice(&p, t, "1", &step);
    CHECK_FALSE(off.ok);
    CHECK(off.error == bn::Tr("learn.practice.error.off_turn_on"));
    CHECK(Has(off.error, "practice:on"));  // the command stays
    CHECK(off.error != *bn::EnglishCatalog().Find("learn.practice.error.off_turn_on"));
  }
  // English again.
  REQUIRE(bn::SetLanguage("en"));
  bn::PracticeSession p;
  int step = 0;
  bn::StartPractice(&p, t, 1, &step);
  CHECK(StartsWith(bn::PracticePrompt(t, p.q), "Compute " + bn::PracticeLabel(t, p.q) + ", "));
  bn::AnswerPractice(&p, t, Text(p.q.truth), &step);
  CHECK(StartsWith(p.feedback, "Right: "));
}

// ---------------------------------------------------------------------------------------------
// Lesson
// ---------------------------------------------------------------------------------------------
TEST_CASE("lesson feedback in es, pt-BR, zh-Hans: prediction, hint with its try, the answer shown, right") {
  EnglishAfter english;
  int k = -1, q = -1;
  NumericQuestion(&k, &q);
  REQUIRE(k >= 0);
  const bn::Chapter& c = bn::LessonChapters()[k];
  const bn::LessonQuestion& question = c.questions[q];
  double truth = 0, scale = 0;
  std::string hint, working, error;
  REQUIRE(bn::LessonNumericAnswer(c, question, std::nan(""), &truth, &scale, &hint, &working, &error));
  for (const Words& w : kWords) {
    const std::string tag = w.tag;
    CAPTURE(tag);
    REQUIRE(bn::SetLanguage(w.tag));
    // The chapter as this language has it: the explanations and options are the translation's (lesson_i18n).
    const bn::Chapter& lc = bn::LessonChapters()[k];
    const bn::LessonQuestion& lq = lc.questions[q];
    bn::LessonSession s;
    bn::OpenChapter(&s, k);
    if (c.starts_with_prediction()) {
      const bn::LessonQuestion& predict = lc.questions[0];
      REQUIRE(bn::AnswerLesson(&s, 0, "a").ok);
      CHECK(StartsWith(s.feedback[0], std::string(w.predicted) + "a) " + predict.choices[0]));
      CHECK(Has(s.feedback[0], predict.explain));
    }
    // The digits wanted, after the (English) prompt.
    if (truth != std::round(truth)) CHECK(Has(s.prompts[q], w.digits));
    // A wrong number: the hint names it, with the formula and its try.
    const bn::LessonReply wrong = bn::AnswerLesson(&s, q, Text(Wrong(truth)));
    CHECK(wrong.ok);
    CHECK(StartsWith(s.hints[q], w.not_ + bn::FormatNumber(Wrong(truth), 6)));
    CHECK(Has(s.hints[q], "= ?"));
    CHECK(Has(s.hints[q], w.try_1_of_3));
    // Three wrong tries: the answer with its working, then the explanation.
    bn::AnswerLesson(&s, q, Text(Wrong(truth)));
    bn::AnswerLesson(&s, q, Text(Wrong(truth)));
    CHECK(s.progress.status[k][q] == '3');
    CHECK(StartsWith(s.feedback[q], w.answer));
    CHECK(Has(s.feedback[q], bn::FormatNumber(truth, 6)));
    CHECK(Has(s.feedback[q], lq.explain));
    // Refusals: a second answer, a letter out of range.
    const bn::LessonReply again = bn::AnswerLesson(&s, q, "1");
    CHECK_FALSE(again.ok);
    CHECK(again.error == bn::Tr("learn.lesson.error.answered", {{"n", std::to_string(q + 1)}}));
    CHECK(Has(again.error, std::to_string(q + 1)));
    CHECK_FALSE(Has(again.error, "already answered"));
    // Right at the first try on a fresh session.
    bn::LessonSession fresh;
    bn::OpenChapter(&fresh, k);
    if (c.starts_with_prediction()) bn::AnswerLesson(&fresh, 0, "a");
    char four[40];
    std::snprintf(four, sizeof four, "%.4g", truth);
    CHECK(bn::AnswerLesson(&fresh, q, four).correct);
    CHECK(fresh.feedback[q] == w.right + lq.explain);
    if (tag != "en") CHECK(lq.explain != question.explain);  // translated, not the English
  }
  // A letter out of range, in a choice question of any chapter.
  for (const Words& w : kWords) {
    bool found = false;
    const std::string tag = w.tag;
    CAPTURE(tag);
    REQUIRE(bn::SetLanguage(w.tag));
    const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
    for (int ch = 0; ch < static_cast<int>(chapters.size()); ++ch) {
      int choice = -1;
      for (int n = 0; n < static_cast<int>(chapters[ch].questions.size()); ++n)
        if (chapters[ch].questions[n].kind == bn::QuestionKind::Choice && chapters[ch].questions[n].choices.size() == 3)
          choice = n;
      if (choice < 0) continue;
      bn::LessonSession s;
      bn::OpenChapter(&s, ch);
      if (chapters[ch].starts_with_prediction()) bn::AnswerLesson(&s, 0, "a");
      const bn::LessonReply r = bn::AnswerLesson(&s, choice, "z");
      CHECK_FALSE(r.ok);
      CHECK(r.error == w.letter_to_c);
      found = true;
      break;
    }
    CHECK(found);
  }
  // English again, exactly as before the catalogs.
  REQUIRE(bn::SetLanguage("en"));
  CHECK(bn::DigitsWanted(0.4286) == "Give 4 significant digits.");
  bn::LessonSession s;
  bn::OpenChapter(&s, k);
  if (c.starts_with_prediction()) {
    bn::AnswerLesson(&s, 0, "a");
    CHECK(StartsWith(s.feedback[0], "You predicted a) "));
  }
  bn::AnswerLesson(&s, q, Text(Wrong(truth)));
  CHECK(StartsWith(s.hints[q], "Not " + bn::FormatNumber(Wrong(truth), 6) + ". "));
  CHECK(Has(s.hints[q], " (try 1 of 3)"));
}

// ---------------------------------------------------------------------------------------------
// Checkpoint and summary
// ---------------------------------------------------------------------------------------------
TEST_CASE("the checkpoint and the summary in es, pt-BR, zh-Hans: the fresh batch, the chapter to revisit") {
  EnglishAfter english;
  for (const Words& w : kWords) {
    const std::string tag = w.tag;
    CAPTURE(tag);
    REQUIRE(bn::SetLanguage(w.tag));
    bn::LessonSession s;
    s.checkpoint = bn::MakeCheckpoint(7);
    REQUIRE_FALSE(s.checkpoint.items.empty());
    int numeric = -1;
    for (size_t k = 0; k < s.checkpoint.items.size(); ++k) {
      const bn::CheckpointItem& it = s.checkpoint.items[k];
      CHECK_FALSE(Has(it.q.prompt, "{"));  // every placeholder filled
      if (it.q.numeric() && it.q.source.rfind("trace:", 0) == 0 && numeric < 0)
        numeric = static_cast<int>(k);
    }
    REQUIRE(numeric >= 0);
    const bn::CheckpointItem& it = s.checkpoint.items[numeric];
    CHECK(StartsWith(it.q.prompt, w.compute));
    CHECK(Has(it.q.prompt, bn::Format(w.batch, {{"n", std::to_string(it.in.x.rows())}})));
    for (int i = 0; i < it.in.x.rows(); ++i) CHECK(Has(it.q.prompt, bn::FormatNumber(it.in.x(i, it.q.j), 6)));
    // A wrong answer: the working, and the chapter to revisit with its number.
    const bn::LessonReply r = bn::AnswerCheckpoint(&s, numeric, Text(Wrong(it.truth)));
    CHECK(r.ok);
    CHECK_FALSE(r.correct);
    const std::string& feedback = s.checkpoint.feedback[numeric];
    CHECK(StartsWith(feedback, w.not_ + bn::FormatNumber(Wrong(it.truth), 6)));
    CHECK(Has(feedback, it.working));
    CHECK(Has(feedback, w.revisit + std::to_string(it.chapter + 1)));
    // The summary: its heading, the checkpoint's seed, the chapter to revisit.
    const std::string summary = bn::LessonSummary(s);
    CHECK(StartsWith(summary, std::string(w.summary) + "\n"));
    CHECK(Has(summary, w.seed_7));
    CHECK(Has(summary, bn::Tr("learn.summary.revisit_chapter", {{"n", std::to_string(it.chapter + 1)},
                                                                  {"title", bn::LessonChapters()[it.chapter].title}})));
    CHECK_FALSE(Has(summary, "To revisit"));
    CHECK_FALSE(Has(summary, "{"));
  }
  REQUIRE(bn::SetLanguage("en"));
  bn::LessonSession s;
  s.checkpoint = bn::MakeCheckpoint(7);
  CHECK(StartsWith(bn::LessonSummary(s), "bnlab lesson: my summary\nChapters done: 0 of "));
  CHECK(Has(bn::LessonSummary(s), "To revisit: nothing so far\n"));
}

// ---------------------------------------------------------------------------------------------
// Panels: the texts as the panels fill them (src/ui is not linked into the tests; its calls are these)
// ---------------------------------------------------------------------------------------------
TEST_CASE("the step lab's panel texts in es, pt-BR, zh-Hans, placeholders filled; English unchanged") {
  EnglishAfter english;
  for (const Words& w : kWords) {
    const std::string tag = w.tag;
    CAPTURE(tag);
    REQUIRE(bn::SetLanguage(w.tag));
    CHECK(bn::Tr("ui.step.counter", {{"k", "2"}, {"count", "9"}}) == w.step_2_of_9);
    CHECK(bn::Tr("ui.widgets.feature", {{"n", "3"}}) == w.feature_3);
    const std::string refused =
        bn::Tr("ui.batch.error.negative", {{"cell", "ε"}, {"text", "-1"}, {"value", "1e-05"}});
    CHECK(StartsWith(refused, "ε"));
    CHECK(Has(refused, "'-1'"));
    CHECK(Has(refused, "1e-05"));
    CHECK_FALSE(Has(refused, "{"));
    CHECK(bn::Tr("ui.batch.running_mean", {{"j", "₂"}}).find("μ₂") != std::string::npos);
    CHECK(bn::Tr("ui.practice.score", {{"first", "1"}, {"hints", "2"}, {"shown", "3"}, {"streak", "4"}, {"best", "5"}})
              .find("{") == std::string::npos);
    // The mode names and the formula's symbols stay.
    CHECK(Has(bn::Tr("ui.batch.mode.help"), "model.eval()"));
    CHECK(Has(bn::Tr("ui.worksheet.check"), "(L(x + h) − L(x − h)) / 2h"));
  }
  REQUIRE(bn::SetLanguage("en"));
  CHECK(bn::Tr("ui.step.counter", {{"k", "2"}, {"count", "9"}}) == "Step 2 of 9");
  CHECK(bn::Tr("ui.batch.error.kept", {{"cell", "x₁,₁"}, {"error", "'a' is not a number"}, {"value", "3"}}) ==
        "x₁,₁: 'a' is not a number; kept 3");
  CHECK(bn::Tr("ui.numberline.mean_sd", {{"mean", "2"}, {"sd", "0.5"}}) == "mean 2,  sd 0.5");
}
