// fuzz_answers.cpp: libFuzzer target for the practice's and the lesson's answers: ParseAnswer (a refusal on one
// line; an accepted answer finite, float32-sized, and matching itself), LessonAnswerMatches (any doubles, an
// answer equal to the truth always right), and a sequence of answers to a chapter (AnswerLesson): a refused
// answer changes nothing in the session, a reply's message is one line, tries never pass kAnswerTries.
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "core/learn/lesson.hpp"
#include "core/learn/practice.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const double a = in.ConsumeFloatingPoint<double>(), t = in.ConsumeFloatingPoint<double>();
  const double scale = in.ConsumeFloatingPoint<double>();
  bn::LessonAnswerMatches(a, t, scale);
  bn::AnswerMatches(a, t, scale);
  if (std::isfinite(t) && std::fabs(t) <= FLT_MAX && std::isfinite(scale) && scale >= 0 &&
      !bn::LessonAnswerMatches(t, t, scale))
    FUZZ_FAIL("answers #1");

  const int chapters = static_cast<int>(bn::LessonChapters().size());
  bn::LessonSession s;
  bn::OpenChapter(&s, in.ConsumeIntegralInRange<int>(0, chapters - 1));
  while (in.remaining_bytes() > 0) {
    const int q = in.ConsumeIntegralInRange<int>(-1, 6);
    const bool reveal = in.ConsumeIntegralInRange<int>(0, 7) == 0;
    const std::string text = in.ConsumeRandomLengthString(64);
    double v = 0;
    std::string error;
    if (bn::ParseAnswer(text, &v, &error)) {
      if (!std::isfinite(v) || std::fabs(v) > FLT_MAX || !bn::AnswerMatches(v, v)) FUZZ_FAIL("answers #2");
    } else {
      CheckMessage(error);
    }
    const bn::LessonProgress before = s.progress;
    const std::vector<int> attempts = s.attempts;
    const bn::LessonReply r = reveal ? bn::RevealLesson(&s, q) : bn::AnswerLesson(&s, q, text);
    if (!r.ok) {
      CheckMessage(r.error);
      if (s.progress.status != before.status || s.attempts != attempts) FUZZ_FAIL("answers #3");
    }
    if (r.attempts > bn::kAnswerTries) FUZZ_FAIL("answers #4");
  }
  return 0;
}
