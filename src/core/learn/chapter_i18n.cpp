// chapter_i18n.cpp: a chapter's texts as catalog entries, a chapter in another language, translated files paired
// (see chapter_i18n.hpp). One table of fields (ChapterFields) serves all three, so the keys cannot drift apart.
#include "core/learn/chapter_i18n.hpp"

namespace bn {
namespace {

std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t end = text.find("\n\n", pos);
    out.push_back(text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (end == std::string::npos) break;
    pos = end + 2;
  }
  return out;
}

std::string Letter(size_t k) { return std::string(1, static_cast<char>('a' + k)); }

const char* KindName(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::Predict: return "a prediction, made before the lab shows the result";
    case QuestionKind::Choice: return "a multiple choice";
    case QuestionKind::Numeric: return "a numeric question, answered with a number";
  }
  return "";
}

}  // namespace

std::string ChapterStem(const Chapter& c) {
  const std::string& f = c.file;
  return f.size() > 3 && f.compare(f.size() - 3, 3, ".md") == 0 ? f.substr(0, f.size() - 3) : f;
}

std::vector<ChapterField> ChapterFields(const Chapter& c) {
  std::vector<ChapterField> fields;
  const std::string base = "lesson." + ChapterStem(c) + ".";
  fields.push_back({base + "title", c.title, "The chapter's title: its heading and its line in the chapter list."});
  const std::vector<std::string> paragraphs = Paragraphs(c.text);
  for (size_t k = 0; k < paragraphs.size(); ++k)
    fields.push_back({base + "text." + std::to_string(k + 1), paragraphs[k],
                      "Paragraph " + std::to_string(k + 1) + " of " + std::to_string(paragraphs.size()) +
                          " of the chapter's text (the whole text: about 150 words in English)."});
  if (!c.formula.empty())
    fields.push_back({base + "formula", c.formula,
                      "The formula line: keep every symbol as it is (μ, σ², x̂, γ, β, ε …); translate only its words, "
                      "or copy it when it has none."});
  fields.push_back({base + "look_at", c.look_at, "Under \"Look at\": what to look at in the lab."});
  for (size_t q = 0; q < c.questions.size(); ++q) {
    const LessonQuestion& lq = c.questions[q];
    const std::string qn = "q" + std::to_string(q + 1);
    const std::string which = "Question " + std::to_string(q + 1);
    fields.push_back({base + qn + ".prompt", lq.prompt,
                      which + " (" + KindName(lq.kind) + "): what it asks." +
                          (lq.numeric() ? " The program adds \"Give 4 significant digits.\" when the answer is not a whole number." : "")});
    for (size_t k = 0; k < lq.choices.size(); ++k) {
      const bool right = static_cast<int>(k) == lq.correct;
      fields.push_back({base + qn + ".choice." + Letter(k), lq.choices[k],
                        which + ", option " + Letter(k) + " of " + std::to_string(lq.choices.size()) +
                            (right ? (lq.predict() ? " (what the lab will show)." : " (the right one).") : ".")});
    }
    fields.push_back({base + qn + ".explain", lq.explain, which + ": the explanation shown once it is answered."});
  }
  return fields;
}

Chapter LocalizeChapter(const Chapter& en, const std::function<const std::string*(const std::string& key)>& find) {
  Chapter c = en;
  const std::string base = "lesson." + ChapterStem(en) + ".";
  auto take = [&](const std::string& field, std::string* into) {
    const std::string* t = find(base + field);
    if (t && !t->empty()) *into = *t;
  };
  take("title", &c.title);
  std::vector<std::string> paragraphs = Paragraphs(en.text);
  std::string text;
  for (size_t k = 0; k < paragraphs.size(); ++k) {
    take("text." + std::to_string(k + 1), &paragraphs[k]);
    text += (k ? "\n\n" : "") + paragraphs[k];
  }
  c.text = text;
  if (!en.formula.empty()) take("formula", &c.formula);
  take("look_at", &c.look_at);
  for (size_t q = 0; q < c.questions.size(); ++q) {
    LessonQuestion& lq = c.questions[q];
    const std::string qn = "q" + std::to_string(q + 1);
    take(qn + ".prompt", &lq.prompt);
    for (size_t k = 0; k < lq.choices.size(); ++k) take(qn + ".choice." + Letter(k), &lq.choices[k]);
    take(qn + ".explain", &lq.explain);
  }
  return c;
}

bool PairChapters(const Chapter& en, const Chapter& tr, std::vector<std::pair<ChapterField, std::string>>* out,
                  std::string* error) {
  auto differs = [&](const std::string& what) {
    *error = what + " differs from the English chapter's: a translation keeps the English file's structure";
    return false;
  };
  if (en.lab != tr.lab) return differs("\"lab:\"");
  if (en.link != tr.link) return differs("\"link:\"");
  if (en.step_key != tr.step_key) return differs("\"step:\"");
  if (en.commands != tr.commands) return differs("\"commands:\"");
  const size_t pe = Paragraphs(en.text).size(), pt = Paragraphs(tr.text).size();
  if (pe != pt) {
    *error = "the English text has " + std::to_string(pe) + " paragraph" + (pe == 1 ? "" : "s") + ", this one " +
             std::to_string(pt) + ": translate paragraph by paragraph";
    return false;
  }
  if (en.formula.empty() != tr.formula.empty()) return differs("whether there is a \"## Formula\"");
  if (en.questions.size() != tr.questions.size()) return differs("the number of questions");
  for (size_t q = 0; q < en.questions.size(); ++q) {
    const LessonQuestion &a = en.questions[q], &b = tr.questions[q];
    const std::string which = "question " + std::to_string(q + 1) + "'s ";
    if (a.kind != b.kind) return differs(which + "kind (Predict, Choice, Numeric)");
    if (a.source != b.source || a.i != b.i || a.j != b.j) return differs(which + "source or index");
    if (a.choices.size() != b.choices.size()) return differs(which + "number of options");
    if (a.correct != b.correct) return differs(which + "right option ([x])");
  }
  const std::vector<ChapterField> fe = ChapterFields(en), ft = ChapterFields(tr);
  // The same structure gives the same fields in the same order (ChapterFields reads only what was compared above).
  out->clear();
  for (size_t k = 0; k < fe.size() && k < ft.size(); ++k) out->push_back({fe[k], ft[k].text});
  return true;
}

}  // namespace bn
