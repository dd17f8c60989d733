// practice.cpp: practice mode's questions, hints and round.
//
// Index
//   1. AnswerMatches, ParseAnswer
//   2. Questions: ChoosePracticeQuestion, PracticeLabel, PracticePrompt
//   3. Hints: the formula with numbers but "?" for the result; the step's common slips named
//   4. The round: Start / Stop / Restart / FollowStep / AnswerPractice / RevealPractice
//
// The formulas are the trace's own (bn.cpp); the labels, prompts and slips are the steps' rows (core/bn/steps.hpp),
// each checked against the sources in the comment beside it (teaching-facts).
#include "core/learn/practice.hpp"

#include <algorithm>
#include <cmath>

#include "core/base/rng.hpp"
#include "core/i18n/current.hpp"
#include "core/bn/steps.hpp"
#include "core/i18n/current.hpp"
#include "core/lab/lab_input.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Checking a number
// ---------------------------------------------------------------------------------------------
bool AnswerMatches(double answer, double truth, double scale) {
  if (!std::isfinite(answer) || !std::isfinite(truth)) return false;
  const double diff = std::fabs(answer - truth);
  if (diff <= kAnswerRelTol * std::fabs(truth)) return true;
  if (FormatNumber(answer, 4) == FormatNumber(truth, 4)) return true;
  return diff <= 1e-9 * std::fabs(scale);
}

bool ParseAnswer(const std::string& text, double* value, std::string* error) {
  // A decimal comma ("0,4286") in a language whose learners write one (its catalog's num.decimal_separator: es,
  // pt-BR) when the answer has one comma and no point; elsewhere "1,5" stays refused (a list, or a slip).
  if (Tr("num.decimal_separator") == "," && std::count(text.begin(), text.end(), ',') == 1 &&
      text.find('.') == std::string::npos) {
    std::string point = text;
    point[point.find(',')] = '.';
    return ParseFloat32(point, value, error);
  }
  return ParseFloat32(text, value, error);
}

// ---------------------------------------------------------------------------------------------
// 2. Questions
// ---------------------------------------------------------------------------------------------
bool PracticeAsks(const TraceStep& s) {
  const StepRow* row = FindStep(s.key);
  return row == nullptr || (row->flags & kStepGiven) == 0;
}

PracticeQuestion ChoosePracticeQuestion(const Trace& t, int step, uint32_t seed) {
  PracticeQuestion q;
  if (step < 0 || step >= static_cast<int>(t.steps.size())) return q;
  const TraceStep& s = t.steps[step];
  q.key = s.key;
  if (!PracticeAsks(s) || s.value.size() == 0) return q;
  // The draw depends on the seed and the step only: the same link asks the same questions.
  Rng rng((static_cast<uint64_t>(seed) << 20) ^ (static_cast<uint64_t>(step) * 7919u + 1u));
  const int m = static_cast<int>(t.in.x.rows()), d = static_cast<int>(t.in.x.cols());
  q.step = step;
  if (s.extent == Extent::PerElement) q.i = rng.Below(m);
  q.j = rng.Below(d);
  q.truth = s.value.rows() == 1 ? s.value(0, q.j) : s.value(q.i, q.j);
  return q;
}

std::string PracticeLabel(const Trace& t, const PracticeQuestion& q) {
  const StepRow* row = FindStep(q.key);
  return row != nullptr ? FillStepText(row->label, {q.i, q.j, t.in.x.rows()}) : q.key;
}

std::string PracticePrompt(const Trace& t, const PracticeQuestion& q) {
  const StepRow* row = FindStep(q.key);
  const StepPlace at{q.i, q.j, t.in.x.rows()};
  const bool given = row != nullptr && (row->flags & kStepGiven);  // its prompt says why nothing is asked
  const char* prompt = row != nullptr ? StepPrompt(*row, t.in.mode, t.in.running.convention).c_str() : "";
  if (q.step < 0) return given ? FillStepText(prompt, at) : Tr("learn.practice.nothing_to_ask");
  // The fallback's {feature} is FillStepText's (filled below), not a catalog placeholder.
  const std::string what = FillStepText(row != nullptr && !given ? prompt : Tr("learn.practice.value_for").c_str(), at);
  return Tr("learn.practice.prompt", {{"label", PracticeLabel(t, q)}, {"what", what}});
}

// ---------------------------------------------------------------------------------------------
// 3. Hints
// ---------------------------------------------------------------------------------------------
namespace {

constexpr int kHintDigits = 6;  // the filled-in numbers: more digits than the 5 the tables show

// One sentence naming the slip that gives `wrong` (the step's row lists them, in the order they are tried),
// or "" when none of the known ones does.
std::string Slip(const Trace& t, const PracticeQuestion& q, double wrong) {
  const double scale = PracticeScale(t, q);
  auto is = [&](double alt) {
    return std::isfinite(alt) && !AnswerMatches(alt, q.truth, scale) && AnswerMatches(wrong, alt, scale);
  };
  const bool train = t.in.mode == Mode::Train;
  const bool torch = t.in.running.convention == MomentumConvention::PyTorch;
  if (const StepRow* row = FindStep(q.key)) {
    const SlipValues values = SlipValuesAt(t, q.i, q.j);
    for (const StepSlip& slip : row->slips) {
      const bool applies = slip.when == SlipWhen::Always || (slip.when == SlipWhen::Train && train) ||
                           (slip.when == SlipWhen::PyTorch && torch) || (slip.when == SlipWhen::Keras && !torch);
      if (applies && is(slip.wrong(values)))
        return FillStepText(StepSlipText(*row, slip).c_str(), {q.i, q.j, t.in.x.rows()});
    }
  }
  if (q.truth != 0.0 && is(-q.truth)) return Tr("learn.practice.slip.sign");
  return "";
}

}  // namespace

double PracticeScale(const Trace& t, const PracticeQuestion& q) {
  double s = t.in.x.size() ? t.in.x.cwiseAbs().maxCoeff() : 0.0;
  if (q.step >= 0 && q.step < static_cast<int>(t.steps.size()) && t.steps[q.step].value.size())
    s = std::max(s, t.steps[q.step].value.cwiseAbs().maxCoeff());
  return s;
}

std::string PracticeWorking(const Trace& t, const PracticeQuestion& q) {
  if (q.step < 0) return "";
  return SubstitutedFormula(t, q.step, q.i < 0 ? 0 : q.i, q.j, kHintDigits);
}

std::string PracticeHint(const Trace& t, const PracticeQuestion& q, double wrong) {
  std::string working = PracticeWorking(t, q);
  const size_t eq = working.rfind(" = ");
  if (eq != std::string::npos) working = working.substr(0, eq) + " = ?";
  const std::string slip = Slip(t, q, wrong);
  return slip.empty() ? working : working + "   " + slip;
}

// ---------------------------------------------------------------------------------------------
// 4. The round
// ---------------------------------------------------------------------------------------------
namespace {

void Ask(PracticeSession* p, const Trace& t, int step) {
  p->q = ChoosePracticeQuestion(t, step, p->seed);
  if (p->q.step < 0 && step >= 0 && step < static_cast<int>(t.steps.size())) p->q.key = t.steps[step].key;
  p->at = step;
  p->attempts = 0;
  p->hint.clear();
}

int NextAsking(const Trace& t, int from) {
  for (int k = from + 1; k < static_cast<int>(t.steps.size()); ++k)
    if (PracticeAsks(t.steps[k])) return k;
  return -1;
}

// Closes the current question (right, or shown) and moves the lab on.
void Close(PracticeSession* p, const Trace& t, bool correct, int* step) {
  const int at = p->q.step;
  if (at >= 0 && at < static_cast<int>(p->counted.size()) && !p->counted[at]) {
    p->counted[at] = 1;
    PracticeScore& s = p->score;
    if (correct) {
      ++p->solved;
      if (p->attempts == 0) {
        ++s.first_try;
        ++s.streak;
        s.best_streak = std::max(s.best_streak, s.streak);
      } else {
        ++s.with_hints;
      }
    } else {
      ++s.shown;
      s.streak = 0;
    }
  }
  const int next = NextAsking(t, at);
  if (next < 0) {
    p->done = true;
    p->q = PracticeQuestion{};
    p->attempts = 0;
    p->hint.clear();
    *step = static_cast<int>(t.steps.size()) - 1;
    p->at = *step;
    return;
  }
  *step = next;
  Ask(p, t, next);
}

}  // namespace

void StartPractice(PracticeSession* p, const Trace& t, uint32_t seed, int* step) {
  p->on = true;
  p->seed = seed;
  p->score = PracticeScore{};
  p->solved = 0;
  p->done = false;
  p->feedback.clear();
  p->feedback_right = false;
  p->counted.assign(t.steps.size(), 0);
  int first = 0;
  while (first < static_cast<int>(t.steps.size()) && !PracticeAsks(t.steps[first])) ++first;
  *step = first < static_cast<int>(t.steps.size()) ? first : 0;
  Ask(p, t, t.steps.empty() ? -1 : *step);
}

void StopPractice(PracticeSession* p) {
  p->on = false;
  p->hint.clear();
  p->q = PracticeQuestion{};
}

void RestartPractice(PracticeSession* p, const Trace& t, int* step) {
  if (!p->on) return;
  StartPractice(p, t, p->seed, step);
}

void FollowStep(PracticeSession* p, const Trace& t, int step) {
  if (!p->on) return;
  if (step == p->at) return;  // the step asked (or, after the round, the last step it ended on)
  if (p->counted.size() != t.steps.size()) p->counted.assign(t.steps.size(), 0);
  p->done = false;
  Ask(p, t, step);
}

PracticeReply AnswerPractice(PracticeSession* p, const Trace& t, const std::string& text, int* step) {
  PracticeReply r;
  if (!p->on) {
    r.ok = false;
    r.error = Tr("learn.practice.error.off_turn_on");
    return r;
  }
  if (p->done) {
    r.ok = false;
    r.error = Tr("learn.practice.error.finished_start_new");
    return r;
  }
  if (p->q.step < 0) {
    r.ok = false;
    r.error = Tr("learn.practice.error.given", {{"key", p->q.key}});
    return r;
  }
  double v = 0.0;
  if (!ParseAnswer(text, &v, &r.error)) {
    r.ok = false;  // not a try
    r.attempts = p->attempts;
    return r;
  }
  const PracticeQuestion q = p->q;
  if (AnswerMatches(v, q.truth, PracticeScale(t, q))) {
    r.correct = true;
    r.truth = q.truth;
    r.attempts = p->attempts;
    p->feedback = Tr("learn.practice.right", {{"working", PracticeWorking(t, q)}});
    p->feedback_right = true;
    Close(p, t, true, step);
    return r;
  }
  ++p->attempts;
  r.attempts = p->attempts;
  const bool counted = q.step < static_cast<int>(p->counted.size()) && p->counted[q.step];
  if (!counted) p->score.streak = 0;  // a wrong try ends the streak
  if (p->attempts >= kAnswerTries) {
    r.shown = true;
    r.truth = q.truth;
    p->feedback = Tr("learn.practice.shown_after_tries", {{"typed", FormatNumber(v, 6)}, {"working", PracticeWorking(t, q)}});
    p->feedback_right = false;
    Close(p, t, false, step);
    return r;
  }
  p->hint = Tr("learn.practice.not", {{"typed", FormatNumber(v, 6)}, {"n", std::to_string(p->attempts)},
                                      {"total", std::to_string(kAnswerTries)}, {"hint", PracticeHint(t, q, v)}});
  return r;
}

PracticeReply RevealPractice(PracticeSession* p, const Trace& t, int* step) {
  PracticeReply r;
  if (!p->on || p->done || p->q.step < 0) {
    r.ok = false;
    r.error = !p->on   ? Tr("learn.practice.error.off")
              : p->done ? Tr("learn.practice.error.finished")
                        : Tr("learn.practice.error.nothing_to_show");
    return r;
  }
  const PracticeQuestion q = p->q;
  r.shown = true;
  r.truth = q.truth;
  r.attempts = p->attempts;
  p->feedback = Tr("learn.practice.answer", {{"working", PracticeWorking(t, q)}});
  p->feedback_right = false;
  Close(p, t, false, step);
  return r;
}

bool PracticeHidesStep(const PracticeSession& p, int step) {
  return p.on && !p.done && p.q.step >= 0 && step == p.q.step;
}

}  // namespace bn
