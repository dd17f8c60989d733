// fuzz_chapter_file.cpp: libFuzzer target for the lesson's chapter file reader (ParseChapterFile). Whatever the
// text, it never crashes; a refusal names a line within the file and says why on one line; an accepted chapter
// has a title and at least one question, a choice's right option among its options.
#include <cstdint>
#include <string>

#include "core/learn/chapter_file.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bn::Chapter c;
  bn::ChapterFileError error;
  if (!bn::ParseChapterFile("fuzz.md", text, &c, &error)) {
    CheckMessage(error.message);
    size_t lines = 1;
    for (char ch : text) lines += ch == '\n';
    if (error.line < 0 || static_cast<size_t>(error.line) > lines + 1) FUZZ_FAIL("chapter_file #1");
    return 0;
  }
  if (c.title.empty() || c.questions.empty() || c.file != "fuzz.md") FUZZ_FAIL("chapter_file #2");
  for (const bn::LessonQuestion& q : c.questions)
    if (!q.numeric() && (q.correct < 0 || q.correct >= static_cast<int>(q.choices.size()))) FUZZ_FAIL("chapter_file #3");
  bn::WordCount(c.text);
  return 0;
}
