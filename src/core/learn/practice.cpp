// practice.cpp: practice mode's questions, hints and round.
//
// Index
//   1. AnswerMatches, ParseAnswer
//   2. Questions: ChoosePracticeQuestion, PracticeLabel, PracticePrompt
//   3. Hints: the formula with numbers but "?" for the result; common slips named
//   4. The round: Start / Stop / Restart / FollowStep / AnswerPractice / RevealPractice
//
// The formulas are the trace's own (bn.cpp); every slip a hint names is checked against the sources in the
// comment beside it (/work/shared/teaching-facts.md).
#include "core/learn/practice.hpp"

#include <algorithm>
#include <cmath>

#include "core/base/rng.hpp"
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
  return ParseFloat32(text, value, error);
}

// ---------------------------------------------------------------------------------------------
// 2. Questions
// ---------------------------------------------------------------------------------------------
bool PracticeAsks(const TraceStep& s) { return s.key != "dy"; }

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
  (void)t;
  const std::string jj = SubscriptIndex(q.j + 1);
  const std::string ij = SubscriptIndex(q.i + 1) + "," + jj;
  const std::string& k = q.key;
  if (k == "sum") return "Σx" + jj;
  if (k == "mean") return "μ" + jj;
  if (k == "dev") return "x" + ij + " − μ" + jj;
  if (k == "sq") return "(x" + ij + " − μ" + jj + ")²";
  if (k == "var") return "σ" + jj + "²";
  if (k == "var_eps") return "σ" + jj + "² + ε";
  if (k == "std") return "√(σ" + jj + "² + ε)";
  if (k == "inv_std") return "1/√(σ" + jj + "² + ε)";
  if (k == "xhat") return "x̂" + ij;
  if (k == "gx") return "γ" + jj + "·x̂" + ij;
  if (k == "y") return "y" + ij;
  if (k == "running_mean") return "μ_run" + jj;
  if (k == "running_var") return "σ²_run" + jj;
  if (k == "dbeta") return "dβ" + jj;
  if (k == "dgamma") return "dγ" + jj;
  if (k == "dxhat") return "dx̂" + ij;
  if (k == "dvar") return "dσ" + jj + "²";
  if (k == "dmean") return "dμ" + jj;
  if (k == "dx") return "dx" + ij;
  return k;
}

std::string PracticePrompt(const Trace& t, const PracticeQuestion& q) {
  if (q.step < 0) {
    if (q.key == "dy") return "dy, the gradient arriving from the layer above, is given: nothing to compute here.";
    return "Nothing to ask at this step.";
  }
  const bool eval = t.in.mode == Mode::Eval;
  const std::string f = "feature " + std::to_string(q.j + 1);
  const std::string e = "sample " + std::to_string(q.i + 1) + ", " + f;
  const std::string n = std::to_string(t.in.x.rows());
  const std::string& k = q.key;
  std::string what;
  // The descriptions follow Ioffe & Szegedy 2015, Algorithm 1 (forward) and §3 (backward); running statistics
  // follow PyTorch's and Keras's update rules (teaching-facts.md, Libraries).
  if (k == "sum") what = "the sum of " + f + "'s " + n + " values";
  else if (k == "mean") what = eval ? "the mean eval mode uses for " + f + " (the running mean)"
                                    : "the mean of " + f + " over the batch's " + n + " samples";
  else if (k == "dev") what = "the deviation of " + e + " from the mean";
  else if (k == "sq") what = "the squared deviation of " + e;
  else if (k == "var") what = eval ? "the variance eval mode uses for " + f + " (the running variance)"
                                   : "the batch variance of " + f + " (the mean of the squared deviations)";
  else if (k == "var_eps") what = "the variance of " + f + " plus ε";
  else if (k == "std") what = "the square root of σ² + ε for " + f;
  else if (k == "inv_std") what = "one over √(σ² + ε) for " + f;
  else if (k == "xhat") what = "the normalized value of " + e;
  else if (k == "gx") what = "x̂ scaled by γ for " + e;
  else if (k == "y") what = "the output of " + e + " (scaled by γ, shifted by β)";
  else if (k == "running_mean") what = "the running mean of " + f + " after this batch";
  else if (k == "running_var") what = "the running variance of " + f + " after this batch";
  else if (k == "dbeta") what = "the gradient of the loss with respect to β for " + f;
  else if (k == "dgamma") what = "the gradient of the loss with respect to γ for " + f;
  else if (k == "dxhat") what = "the gradient with respect to x̂ for " + e;
  else if (k == "dvar") what = "the gradient with respect to σ² for " + f;
  else if (k == "dmean") what = "the gradient with respect to μ for " + f;
  else if (k == "dx") what = "the gradient with respect to the input for " + e;
  else what = "this step's value for " + f;
  return "Compute " + PracticeLabel(t, q) + ", " + what + ".";
}

// ---------------------------------------------------------------------------------------------
// 3. Hints
// ---------------------------------------------------------------------------------------------
namespace {

constexpr int kHintDigits = 6;  // the filled-in numbers: more digits than the 5 the tables show

double At(const Trace& t, const char* key, int i, int j) {
  const TraceStep* s = t.find(key);
  if (s == nullptr || s->value.size() == 0) return std::nan("");
  return s->value.rows() == 1 ? s->value(0, j) : s->value(i < 0 ? 0 : i, j);
}

// One sentence naming the slip that gives `wrong`, or "" when none of the known ones does.
std::string Slip(const Trace& t, const PracticeQuestion& q, double wrong) {
  const std::string& k = q.key;
  const int i = q.i, j = q.j;
  const double m = static_cast<double>(t.in.x.rows());
  const double eps = t.in.eps, var = At(t, "var", i, j), dev = At(t, "dev", i, j);
  const double scale = PracticeScale(t, q);
  auto is = [&](double alt) { return std::isfinite(alt) && !AnswerMatches(alt, q.truth, scale) && AnswerMatches(wrong, alt, scale); };
  const bool train = t.in.mode == Mode::Train;
  // Ioffe & Szegedy 2015, Algorithm 1: μ and σ² divide by m, the number of values per feature.
  if (k == "mean" && train && is(At(t, "sum", i, j)))
    return "That is the sum: the mean divides it by N = " + std::to_string(t.in.x.rows()) + ".";
  if (k == "var" && train && m > 1 && is(var * m / (m - 1)))
    return "That divides by N − 1 (the unbiased variance); the batch variance BN normalizes with divides by N.";
  // Ioffe & Szegedy 2015, Algorithm 1; PyTorch and Keras: ε is added to the variance, inside the square root.
  if ((k == "std") && is(std::sqrt(var) + eps)) return "ε goes inside the square root: √(σ² + ε), not √σ² + ε.";
  if ((k == "std") && is(var + eps)) return "Take the square root of σ² + ε.";
  if (k == "inv_std" && is(1.0 / (std::sqrt(var) + eps)))
    return "ε goes inside the square root: 1/√(σ² + ε), not 1/(√σ² + ε).";
  if (k == "inv_std" && is(std::sqrt(var + eps))) return "That is √(σ² + ε) itself; this step is one over it.";
  if (k == "inv_std" && is(1.0 / (var + eps))) return "Divide by the square root of σ² + ε, not by σ² + ε.";
  if (k == "xhat" && is(dev / (std::sqrt(var) + eps)))
    return "ε goes inside the square root: divide by √(σ² + ε), not by √σ² + ε.";
  if (k == "xhat" && is(dev / (var + eps))) return "Divide by the standard deviation √(σ² + ε), not the variance.";
  if (k == "xhat" && is(dev)) return "Subtracting μ is half of it: divide by √(σ² + ε) too.";
  if (k == "y" && is(At(t, "gx", i, j))) return "Add β after scaling by γ.";
  // PyTorch: running ← (1 − momentum)·running + momentum·batch, storing the unbiased variance;
  // Keras 3: moving ← momentum·moving + (1 − momentum)·batch, storing the biased one (teaching-facts.md).
  const double mo = t.in.running.momentum;
  const bool torch = t.in.running.convention == MomentumConvention::PyTorch;
  if (k == "running_mean") {
    const double old = t.in.running.mean(j), b = At(t, "mean", i, j);
    if (is(torch ? mo * old + (1 - mo) * b : (1 - mo) * old + mo * b))
      // "momentum" written out: m is the number of values per feature (Ioffe & Szegedy 2015, Alg. 1)
      return torch ? "That is Keras's convention; PyTorch's momentum weights the new batch: "
                     "(1 − momentum)·old + momentum·batch."
                   : "That is PyTorch's convention; Keras's momentum weights the old value: "
                     "momentum·old + (1 − momentum)·batch.";
  }
  if (k == "running_var" && m > 1) {
    const double old = t.in.running.var(j);
    if (torch && is((1 - mo) * old + mo * var))
      return "PyTorch stores the unbiased variance: multiply σ² by N/(N − 1) = " + FormatNumber(m / (m - 1), 4) + ".";
    if (!torch && is(mo * old + (1 - mo) * var * m / (m - 1)))
      // Keras 3 BatchNormalization; tf.keras's fused kernel applied Bessel's correction (teaching-facts.md, Libraries)
      return "Keras 3 keeps the biased variance σ² itself, without N/(N − 1) (tf.keras's fused kernel applied it).";
  }
  if (q.truth != 0.0 && is(-q.truth)) return "Check the sign.";
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
    r.error = "practice is off: turn it on first (practice:on)";
    return r;
  }
  if (p->done) {
    r.ok = false;
    r.error = "this round is finished: start a new one (practice:on)";
    return r;
  }
  if (p->q.step < 0) {
    r.ok = false;
    r.error = "nothing to compute at this step (" + p->q.key + " is given): go to the next step";
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
    p->feedback = "Right: " + PracticeWorking(t, q);
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
    p->feedback = "You typed " + FormatNumber(v, 6) + ". The answer: " + PracticeWorking(t, q);
    Close(p, t, false, step);
    return r;
  }
  p->hint = "Not " + FormatNumber(v, 6) + " (try " + std::to_string(p->attempts) + " of " +
            std::to_string(kAnswerTries) + "). " + PracticeHint(t, q, v);
  return r;
}

PracticeReply RevealPractice(PracticeSession* p, const Trace& t, int* step) {
  PracticeReply r;
  if (!p->on || p->done || p->q.step < 0) {
    r.ok = false;
    r.error = !p->on ? "practice is off" : p->done ? "this round is finished" : "nothing to show at this step";
    return r;
  }
  const PracticeQuestion q = p->q;
  r.shown = true;
  r.truth = q.truth;
  r.attempts = p->attempts;
  p->feedback = "The answer: " + PracticeWorking(t, q);
  Close(p, t, false, step);
  return r;
}

bool PracticeHidesStep(const PracticeSession& p, int step) {
  return p.on && !p.done && p.q.step >= 0 && step == p.q.step;
}

}  // namespace bn
