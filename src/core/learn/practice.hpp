// practice.hpp: practice mode for the step-through lab (pure, no UI). At each step of a BN trace the lab
// hides that step's values and asks for one of them; the learner's number is checked, a wrong one gets a
// hint (the step's formula with the batch's numbers filled in, all but the result), and after three wrong
// tries the answer is shown with its working. (The printable sheets a teacher hands out: practice_sheet.hpp.)
//
// Index
//   1. Checking a number: AnswerMatches (relative 1e-3, or the same 4 significant digits)
//   2. PracticeQuestion: which value a step asks for, chosen by a seed; its label, prompt, hint, working
//   3. PracticeSession: the round (question, tries, score, streak) and its operations
//
// Indices are 0-based here (i = sample, j = feature); the texts the learner reads show them 1-based.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/bn/bn.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Checking a number
// ---------------------------------------------------------------------------------------------
constexpr double kAnswerRelTol = 1e-3;  // |answer − truth| ≤ 1e-3·|truth| is right
constexpr int kAnswerTries = 3;         // wrong answers before the answer is shown

// True when `answer` is within a relative 1e-3 of `truth`, or both print the same with 4 significant
// digits, or both are rounding noise next to `scale` (|answer − truth| ≤ 1e-9·scale: a true value of
// 4e-16 where the numbers involved are ~1 is answered by 0).
bool AnswerMatches(double answer, double truth, double scale = 0.0);

// Reads a typed answer with the cells' rules (ParseFloat32: "abc", "" and 1e40 are refused with a one-line
// reason). In a language that writes a decimal comma (num.decimal_separator in its catalog: es, pt-BR) a comma is read
// as the point ("0,4286" = 0.4286; "1,5,2" and "1.000,5" are refused). Returns false and sets *error when refused.
bool ParseAnswer(const std::string& text, double* value, std::string* error);

// ---------------------------------------------------------------------------------------------
// 2. The question of one step
// ---------------------------------------------------------------------------------------------
struct PracticeQuestion {
  int step = -1;    // index into trace.steps; -1: this step asks nothing (dy is given, not computed)
  std::string key;  // the step's key as in Trace / state().steps: "mean", "xhat", "dvar" ...
  int i = -1;       // sample, for per-element steps; -1 for per-feature steps
  int j = 0;        // feature
  double truth = 0.0;
};

// Every step is asked except "dy" (the upstream gradient is given, not computed).
bool PracticeAsks(const TraceStep& s);

// The question for `step`: a feature j (per-feature steps) or an element (i, j) (per-element steps), drawn
// from `seed` and the step index only, so the same seed asks the same questions of the same batch.
// An out-of-range or unasked step gives a question with step = -1.
PracticeQuestion ChoosePracticeQuestion(const Trace& t, int step, uint32_t seed);

// The asked value's name with 1-based subscripts: "Σx₂", "μ₂", "σ₃²", "1/√(σ₁² + ε)", "x̂₃,₂", "dσ₁²".
std::string PracticeLabel(const Trace& t, const PracticeQuestion& q);

// One sentence: "Compute μ₂, the mean of feature 2 over the batch's 4 samples."
std::string PracticePrompt(const Trace& t, const PracticeQuestion& q);

// The step's formula with the batch's numbers filled in (6 significant digits), the result replaced by
// "?": "x̂₂,₁ = (x₂,₁ − μ₁) / √(σ₁² + ε) = (2 − 3) / √(3.5 + 1e-05) = ?". Then, when `wrong` matches a
// common slip (dividing by N − 1, ε outside the root, the other momentum convention, the sign ...), one
// sentence naming it.
std::string PracticeHint(const Trace& t, const PracticeQuestion& q, double wrong);

// The whole working with the result: the formula with numbers "… = −0.534522".
std::string PracticeWorking(const Trace& t, const PracticeQuestion& q);

// The magnitude the answer is compared at (largest |value| of the step and of x), for AnswerMatches.
double PracticeScale(const Trace& t, const PracticeQuestion& q);

// ---------------------------------------------------------------------------------------------
// 3. The round
// ---------------------------------------------------------------------------------------------
struct PracticeScore {
  int first_try = 0;   // right at the first try
  int with_hints = 0;  // right after one or two wrong tries
  int shown = 0;       // answer shown (three wrong tries, or asked for)
  int streak = 0;      // right first time, in a row (ends at a wrong try or a shown answer)
  int best_streak = 0;
};

struct PracticeSession {
  bool on = false;
  uint32_t seed = 1;
  PracticeQuestion q;         // the question on screen (q.step == the lab's step)
  int at = -1;                // the lab step q was made for (also when that step asks nothing)
  int attempts = 0;           // wrong tries at q
  int solved = 0;             // questions answered right this round (any try)
  std::string hint;           // after a wrong try; "" when none
  std::string feedback;       // about the last question closed: "Right: μ₂ = 110." or "The answer: …"
  bool feedback_right = false;  // feedback says the answer was right (its words are the language's)
  bool done = false;          // the last step has been answered: every value is shown
  PracticeScore score;
  std::vector<char> counted;  // per step: already scored this round (going back does not score twice)
};

struct PracticeReply {
  bool ok = true;        // false: the text was not a number (no try counted), or practice is off
  std::string error;     // why, when !ok
  bool correct = false;
  bool shown = false;    // the third wrong try: the answer and its working are in feedback
  double truth = 0.0;    // the true value, when correct or shown
  int attempts = 0;      // wrong tries at the question after this answer
};

// Starts a round: on, the score and streak cleared, `seed` kept, the lab's *step set to the first step that
// asks something (0), and its question chosen. A trace with no steps turns practice on with nothing to ask.
void StartPractice(PracticeSession* p, const Trace& t, uint32_t seed, int* step);

// Ends the round (the lab shows every value again); the score stays readable.
void StopPractice(PracticeSession* p);

// The batch changed: the score and streak reset and the question of *step is asked afresh ("reset with the
// batch"). Practice stays on.
void RestartPractice(PracticeSession* p, const Trace& t, int* step);

// The lab moved to `step` by other means (Next, Prev, the step list): the question follows the step.
// Nothing happens when the step is the one asked.
void FollowStep(PracticeSession* p, const Trace& t, int step);

// Checks one typed answer. Right: the step's values appear and *step moves to the next step that asks
// something (the round ends at the last step). Wrong: the step stays, the hint is set; at the third wrong
// try the answer is shown with its working (feedback) and *step moves on. Text that is not a number counts
// as no try (ok = false, error set).
PracticeReply AnswerPractice(PracticeSession* p, const Trace& t, const std::string& text, int* step);

// Shows the answer now (counted as shown) and moves on, as a third wrong try would.
PracticeReply RevealPractice(PracticeSession* p, const Trace& t, int* step);

// True when the lab must hide the values of `step` (the step being asked).
bool PracticeHidesStep(const PracticeSession& p, int step);

}  // namespace bn
