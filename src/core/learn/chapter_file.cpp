// chapter_file.cpp: the reader of one lesson chapter file (see chapter_file.hpp and assets/lesson/README.md).
//
// Index
//   1. Lines: comments taken out, line numbers kept
//   2. Pieces: the header, a question's heading (## Numeric SOURCE key=value ...)
//   3. ParseChapterFile: title, header, text, sections; then the whole chapter's checks
//   4. WordCount
//   5. The messages: one row per refusal, key and English (the catalogs' chapter.* entries hold the same English)
#include "core/learn/chapter_file.hpp"

#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/base/message.hpp"

namespace bn {
namespace {

// A refusal before its line is known: the message's key (ChapterFileMessages) and its {placeholders}.
struct Why {
  Why(const char* k = "", FormatArgs a = {}) : key(k), args(std::move(a)) {}
  const char* key;
  FormatArgs args;
};

const char* EnglishMessage(const char* key) {
  for (const auto& [k, english] : ChapterFileMessages())
    if (std::strcmp(k, key) == 0) return english;
  return key;  // a key without a row shows as itself (tests/test_i18n_train.cpp: every key used has its row)
}

// The error of `why` at `line`: its key and arguments (each one line, whatever a quoted piece of the file held) and
// the English message the build's checkers print.
ChapterFileError MakeError(int line, const Why& why) {
  ChapterFileError e;
  e.line = line;
  e.key = why.key;
  for (const auto& [name, value] : why.args) e.args.emplace_back(name, OneLine(value));
  e.message = Format(EnglishMessage(why.key), e.args);
  return e;
}

// ---------------------------------------------------------------------------------------------
// 1. Lines
// ---------------------------------------------------------------------------------------------
struct Line {
  int number = 0;       // 1-based
  std::string text;     // without comments, trailing spaces and '\r'
  bool comment_only = false;  // the line held only a comment (not a blank line between paragraphs)
};

std::string TrimRight(const std::string& s) {
  size_t end = s.size();
  while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r')) --end;
  return s.substr(0, end);
}

std::string Trim(const std::string& s) {
  size_t start = 0;
  while (start < s.size() && (s[start] == ' ' || s[start] == '\t')) ++start;
  return TrimRight(s.substr(start));
}

bool StartsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// Splits into lines and takes out <!-- ... --> comments (which may span lines). False with *error on an
// unclosed comment or a stray "-->".
bool SplitLines(const std::string& text, std::vector<Line>* out, ChapterFileError* error) {
  bool in_comment = false;
  int comment_start = 0;
  int number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t nl = text.find('\n', pos);
    const std::string raw = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    ++number;
    std::string kept;
    bool had_comment = in_comment;
    size_t k = 0;
    while (k < raw.size()) {
      if (in_comment) {
        const size_t end = raw.find("-->", k);
        if (end == std::string::npos) {
          k = raw.size();
        } else {
          in_comment = false;
          k = end + 3;
        }
      } else {
        const size_t open = raw.find("<!--", k);
        const size_t stray = raw.find("-->", k);
        if (stray != std::string::npos && (open == std::string::npos || stray < open)) {
          *error = MakeError(number, {"chapter.stray_close"});
          return false;
        }
        if (open == std::string::npos) {
          kept += raw.substr(k);
          k = raw.size();
        } else {
          kept += raw.substr(k, open - k);
          in_comment = true;
          had_comment = true;
          comment_start = number;
          k = open + 4;
        }
      }
    }
    Line line;
    line.number = number;
    line.text = TrimRight(kept);
    line.comment_only = had_comment && Trim(line.text).empty();
    out->push_back(line);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  if (in_comment) {
    *error = MakeError(comment_start, {"chapter.unclosed_comment"});
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// 2. Pieces
// ---------------------------------------------------------------------------------------------
// "sample=2" → key "sample", value 2 (a whole number from 1 to 1000). False with *why otherwise.
bool ReadIndex(const std::string& word, std::string* key, int* value, Why* why) {
  const size_t eq = word.find('=');
  if (eq == std::string::npos || eq == 0) {
    *why = {"chapter.index_form", {{"got", Quote(word)}}};
    return false;
  }
  *key = word.substr(0, eq);
  const std::string v = word.substr(eq + 1);
  char* end = nullptr;
  const long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < 1 || n > 1000) {
    *why = {"chapter.index_value", {{"key", Quote(*key)}, {"got", Quote(v)}}};
    return false;
  }
  *value = static_cast<int>(n);
  return true;
}

// "## Numeric trace:xhat sample=2 feature=1" (the part after "Numeric") → source, i, j.
bool ReadNumericHeading(const std::string& rest, LessonQuestion* q, Why* why) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < rest.size()) {
    while (pos < rest.size() && rest[pos] == ' ') ++pos;
    const size_t end = rest.find(' ', pos);
    if (pos < rest.size()) words.push_back(rest.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    pos = end == std::string::npos ? rest.size() : end;
  }
  if (words.empty()) {
    *why = {"chapter.no_source"};
    return false;
  }
  q->source = words[0];
  const bool trace = StartsWith(q->source, "trace:") && q->source.size() > 6;
  const bool image = StartsWith(q->source, "image:") && q->source.size() > 6;
  const bool minmax = q->source == "minmax";
  if (!trace && !image && !minmax) {
    *why = {"chapter.unknown_source", {{"source", Quote(q->source)}}};
    return false;
  }
  int sample = 0, feature = 0, channel = 0;
  for (size_t w = 1; w < words.size(); ++w) {
    std::string key;
    int value = 0;
    if (!ReadIndex(words[w], &key, &value, why)) return false;
    if (key == "sample" && !image) {
      sample = value;
    } else if (key == "feature" && !image) {
      feature = value;
    } else if (key == "channel" && image) {
      channel = value;
    } else {
      *why = {image ? "chapter.not_index_image" : "chapter.not_index_trace", {{"key", Quote(key)}}};
      return false;
    }
  }
  if (image) {
    if (channel == 0) {
      *why = {"chapter.image_needs_channel"};
      return false;
    }
    q->i = channel - 1;
    q->j = 0;
    return true;
  }
  if (feature == 0 || (minmax && sample == 0)) {
    *why = {minmax ? "chapter.minmax_needs_index" : "chapter.trace_needs_index"};
    return false;
  }
  q->i = sample - 1;  // -1: a per-feature step
  q->j = feature - 1;
  return true;
}

// Appends `line` to a text being gathered: a space between lines of one paragraph.
void Join(std::string* text, const std::string& line) {
  if (!text->empty() && text->back() != '\n') *text += ' ';
  *text += Trim(line);
}

// ---------------------------------------------------------------------------------------------
// 3. The chapter
// ---------------------------------------------------------------------------------------------
enum class Section { Header, Text, Formula, LookAt, Question };

}  // namespace

bool ParseChapterFile(const std::string& name, const std::string& text, Chapter* out, ChapterFileError* error) {
  std::vector<Line> lines;
  if (!SplitLines(text, &lines, error)) return false;
  auto fail = [&](int line, const char* key, FormatArgs args = {}) {
    *error = MakeError(line, {key, std::move(args)});
    return false;
  };
  Chapter c;
  c.file = name;
  Section section = Section::Header;
  bool have_title = false, have_lab = false, have_formula = false, have_look = false;
  int question_state = 0;  // 0 prompt, 1 options, 2 explanation (of the question being read)
  bool blank_pending = false;
  int last_line = 0;
  for (const Line& line : lines) {
    if (line.comment_only) continue;
    last_line = line.number;
    const std::string t = Trim(line.text);
    if (!have_title) {
      if (t.empty()) continue;
      if (!StartsWith(t, "# ") || Trim(t.substr(2)).empty()) return fail(line.number, "chapter.no_title");
      c.title = Trim(t.substr(2));
      have_title = true;
      continue;
    }
    if (StartsWith(t, "# ")) return fail(line.number, "chapter.second_title");
    if (StartsWith(t, "## ")) {
      const std::string heading = Trim(t.substr(3));
      blank_pending = false;
      if (heading == "Formula") {
        if (have_formula) return fail(line.number, "chapter.second_formula");
        have_formula = true;
        section = Section::Formula;
      } else if (heading == "Look at") {
        if (have_look) return fail(line.number, "chapter.second_look_at");
        have_look = true;
        section = Section::LookAt;
      } else if (heading == "Predict" || heading == "Choice" || StartsWith(heading, "Numeric")) {
        LessonQuestion q;
        q.line = line.number;
        if (heading == "Predict") {
          q.kind = QuestionKind::Predict;
          if (!c.questions.empty()) return fail(line.number, "chapter.predict_first");
        } else if (heading == "Choice") {
          q.kind = QuestionKind::Choice;
        } else {
          q.kind = QuestionKind::Numeric;
          if (heading != "Numeric" && heading.compare(0, 8, "Numeric ") != 0)
            return fail(line.number, "chapter.unknown_numeric", {{"heading", Quote(heading)}});
          Why why;
          if (!ReadNumericHeading(heading.size() > 7 ? heading.substr(7) : std::string(), &q, &why)) {
            *error = MakeError(line.number, why);
            return false;
          }
        }
        c.questions.push_back(q);
        question_state = 0;
        section = Section::Question;
      } else {
        return fail(line.number, "chapter.unknown_section", {{"heading", Quote(heading)}});
      }
      continue;
    }
    switch (section) {
      case Section::Header: {
        if (t.empty()) {
          section = Section::Text;
          break;
        }
        const size_t colon = t.find(':');
        if (colon == std::string::npos) return fail(line.number, "chapter.header_line");
        const std::string key = Trim(t.substr(0, colon)), value = Trim(t.substr(colon + 1));
        if (key == "lab") {
          if (value == "step") c.lab = ChapterLab::Step;
          else if (value == "image") c.lab = ChapterLab::Image;
          else if (value == "training") c.lab = ChapterLab::Training;
          else return fail(line.number, "chapter.lab", {{"got", Quote(value)}});
          have_lab = true;
        } else if (key == "link") {
          c.link = value;
        } else if (key == "step") {
          c.step_key = value;
        } else if (key == "commands") {
          size_t pos = 0;
          while (pos <= value.size()) {
            const size_t semi = value.find(';', pos);
            const std::string command = Trim(value.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos));
            if (command.empty()) return fail(line.number, "chapter.empty_command");
            c.commands.push_back(command);
            if (semi == std::string::npos) break;
            pos = semi + 1;
          }
        } else {
          return fail(line.number, "chapter.unknown_key", {{"key", Quote(key)}});
        }
        break;
      }
      case Section::Text:
        if (t.empty()) {
          blank_pending = !c.text.empty();
        } else {
          if (blank_pending) c.text += "\n\n";
          blank_pending = false;
          Join(&c.text, t);
        }
        break;
      case Section::Formula:
        if (!t.empty()) Join(&c.formula, t);
        break;
      case Section::LookAt:
        if (!t.empty()) Join(&c.look_at, t);
        break;
      case Section::Question: {
        LessonQuestion& q = c.questions.back();
        if (t.empty()) break;
        if (StartsWith(t, "> ") || t == ">") {
          question_state = 2;
          Join(&q.explain, t.substr(1));
        } else if (StartsWith(t, "- ")) {
          if (q.numeric()) return fail(line.number, "chapter.numeric_options");
          if (question_state == 2) return fail(line.number, "chapter.option_after_explanation");
          const bool right = StartsWith(t, "- [x] ") || StartsWith(t, "- [X] ");
          if (!right && !StartsWith(t, "- [ ] ")) return fail(line.number, "chapter.option_form");
          const std::string option = Trim(t.substr(6));
          if (option.empty()) return fail(line.number, "chapter.empty_option");
          if (right) {
            if (q.correct >= 0) return fail(line.number, "chapter.second_right");
            q.correct = static_cast<int>(q.choices.size());
          }
          q.choices.push_back(option);
          question_state = 1;
        } else {
          if (question_state == 1) return fail(line.number, "chapter.text_after_options");
          if (question_state == 2) {
            Join(&q.explain, t);  // a lazy continuation of the explanation
          } else {
            Join(&q.prompt, t);
          }
        }
        break;
      }
    }
  }
  if (!have_title) return fail(0, "chapter.empty_file");
  if (!have_lab) return fail(1, "chapter.no_lab");
  if (c.lab != ChapterLab::Training && (c.link.empty() || c.step_key.empty()))
    return fail(1, "chapter.needs_link_step");
  if (c.lab == ChapterLab::Training && !c.link.empty()) return fail(1, "chapter.training_link");
  if (c.lab == ChapterLab::Image && c.link.compare(0, 10, "lab=image&") != 0)
    return fail(1, "chapter.image_link");
  if (c.text.empty()) return fail(1, "chapter.no_text");
  if (!have_look) return fail(last_line, "chapter.no_look_at");
  if (c.questions.empty()) return fail(last_line, "chapter.no_questions");
  for (const LessonQuestion& q : c.questions) {
    if (q.prompt.empty()) return fail(q.line, "chapter.no_prompt");
    if (q.explain.empty()) return fail(q.line, "chapter.no_explanation");
    if (!q.numeric()) {
      if (q.choices.size() < 2 || q.choices.size() > 5) return fail(q.line, "chapter.option_count");
      if (q.correct < 0) return fail(q.line, "chapter.no_right");
    }
    if (q.source.rfind("image:", 0) == 0 && c.lab != ChapterLab::Image) return fail(q.line, "chapter.image_needs_lab");
    if ((q.source.rfind("trace:", 0) == 0 || q.source == "minmax") && c.lab != ChapterLab::Step)
      return fail(q.line, "chapter.needs_step_lab", {{"source", q.source}});
  }
  *out = c;
  return true;
}

// ---------------------------------------------------------------------------------------------
// 4. Words
// ---------------------------------------------------------------------------------------------
int WordCount(const std::string& text) {
  int words = 0;
  bool in_word = false;
  for (char ch : text) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// ---------------------------------------------------------------------------------------------
// 5. The messages
// ---------------------------------------------------------------------------------------------
// i18n-keys: chapter.
const std::vector<std::pair<const char*, const char*>>& ChapterFileMessages() {
  static const std::vector<std::pair<const char*, const char*>> table = {  // constant table, not state
      {"chapter.stray_close", "\"-->\" without an opening \"<!--\""},
      {"chapter.unclosed_comment", "a comment \"<!--\" is never closed with \"-->\""},
      {"chapter.index_form", "expected key=number after the source, got \"{got}\""},
      {"chapter.index_value", "{key} must be a whole number from 1 (got \"{got}\")"},
      {"chapter.no_source", "a numeric question names its source: \"## Numeric trace:KEY feature=J\" (see "
                            "assets/lesson/README.md)"},
      {"chapter.unknown_source", "unknown source \"{source}\" (known: trace:KEY, image:KEY, minmax)"},
      {"chapter.not_index_image", "\"{key}\" is not an index of image:KEY (channel=C)"},
      {"chapter.not_index_trace", "\"{key}\" is not an index of this source (sample=I, feature=J)"},
      {"chapter.image_needs_channel", "image:KEY needs channel=C"},
      {"chapter.minmax_needs_index", "minmax needs sample=I and feature=J"},
      {"chapter.trace_needs_index", "trace:KEY needs feature=J (and sample=I for a per-element step)"},
      {"chapter.no_title", "a chapter starts with its title: \"# Title\""},
      {"chapter.second_title", "a second title: a chapter has one \"# \" line; sections are \"## \""},
      {"chapter.second_formula", "a second ## Formula"},
      {"chapter.second_look_at", "a second ## Look at"},
      {"chapter.predict_first", "a ## Predict comes first, before the other questions"},
      {"chapter.unknown_numeric", "unknown section \"## {heading}\""},
      {"chapter.unknown_section",
       "unknown section \"## {heading}\" (known: Formula, Look at, Predict, Choice, Numeric)"},
      {"chapter.header_line", "expected \"key: value\" after the title (lab, link, step, commands), then a blank line"},
      {"chapter.lab", "lab must be step, image or training (got \"{got}\")"},
      {"chapter.empty_command", "an empty command in \"commands:\" (separate them with \"; \")"},
      {"chapter.unknown_key", "unknown key \"{key}\" (known: lab, link, step, commands)"},
      {"chapter.numeric_options", "a numeric question has no options"},
      {"chapter.option_after_explanation", "an option after the explanation: options come first"},
      {"chapter.option_form", "an option must start \"- [ ] \" or \"- [x] \""},
      {"chapter.empty_option", "an empty option"},
      {"chapter.second_right", "a second [x]: one option is the right one"},
      {"chapter.text_after_options", "text after the options: the prompt comes before them, the explanation after "
                                     "them as \"> \" lines"},
      {"chapter.empty_file", "the file is empty: a chapter starts with \"# Title\""},
      {"chapter.no_lab", "no \"lab:\" line after the title (step, image or training)"},
      {"chapter.needs_link_step", "a step or image chapter needs \"link:\" and \"step:\" lines"},
      {"chapter.training_link", "a training chapter has \"commands:\", not \"link:\""},
      {"chapter.image_link", "an image chapter's link starts \"lab=image&\""},
      {"chapter.no_text", "the chapter has no text (paragraphs after the header and a blank line)"},
      {"chapter.no_look_at", "the chapter has no \"## Look at\" section"},
      {"chapter.no_questions", "the chapter has no questions (## Predict, ## Choice, ## Numeric)"},
      {"chapter.no_prompt", "the question has no prompt"},
      {"chapter.no_explanation", "the question has no explanation (a \"> \" line)"},
      {"chapter.option_count", "a choice or prediction has 2 to 5 options"},
      {"chapter.no_right", "no option is marked \"- [x] \""},
      {"chapter.image_needs_lab", "image:KEY needs lab: image"},
      {"chapter.needs_step_lab", "{source} needs lab: step"},
  };
  return table;
}

}  // namespace bn
