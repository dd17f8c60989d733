// test_learn.cpp: practice mode and the guided lesson (core/learn).
//
// Index
//   Helpers        the reference batches (PyTorch float64) and an independent value for every step key
//   Checking       AnswerMatches, ParseAnswer refusals
//   Practice       every asked value of every reference case: the independent answer accepted, a wrong one
//                  refused with a hint and the step kept; seeds; three tries; slips; score and streak
//   Lesson         chapters' links, words, questions (numeric answers recomputed here), progress text
#include <doctest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sys/wait.h>
#include <set>
#include <string>
#include <vector>

#include "core/bn/bn.hpp"
#include "core/i18n/current.hpp"
#include "core/io/json.hpp"
#include "core/lab/image_lab.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_presets.hpp"
#include "core/learn/lesson.hpp"
#include "core/learn/practice.hpp"
#include "core/train/trainer.hpp"

#include "test_util.hpp"

namespace {

using testutil::Flatten;
using testutil::ReadFile;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
std::vector<size_t> Dims(const bn::Json& v) {
  std::vector<size_t> dims;
  for (const bn::Json* p = &v; p->is_array() && !p->items().empty(); p = &p->items()[0]) dims.push_back(p->items().size());
  return dims;
}

// N×D or N×C×H×W → M×D (conv: channel matrix, by hand).
bn::Mat ToMat(const bn::Json& v) {
  const std::vector<size_t> dims = Dims(v);
  std::vector<double> flat;
  Flatten(v, &flat);
  if (dims.size() == 1) return Eigen::Map<const bn::Mat>(flat.data(), 1, static_cast<Eigen::Index>(dims[0]));
  if (dims.size() == 2)
    return Eigen::Map<const bn::Mat>(flat.data(), static_cast<Eigen::Index>(dims[0]), static_cast<Eigen::Index>(dims[1]));
  const size_t n = dims[0], c = dims[1], hw = dims[2] * dims[3];
  bn::Mat m(static_cast<Eigen::Index>(n * hw), static_cast<Eigen::Index>(c));
  for (size_t ni = 0; ni < n; ++ni)
    for (size_t ci = 0; ci < c; ++ci)
      for (size_t k = 0; k < hw; ++k)
        m(static_cast<Eigen::Index>(ni * hw + k), static_cast<Eigen::Index>(ci)) = flat[(ni * c + ci) * hw + k];
  return m;
}

struct RefCase {
  bn::TraceInput in;
  bn::Json expect;
};

std::vector<RefCase> ReferenceCases() {
  const bn::Json doc = bn::Json::Parse(ReadFile(std::string(BNLAB_REFERENCE_DIR) + "/bn_cases.json"));
  std::vector<RefCase> out;
  for (const bn::Json& c : doc.get("cases")->items()) {
    const bn::Json& input = *c.get("input");
    RefCase r;
    r.in.x = ToMat(*input.get("x"));
    r.in.gamma = ToMat(*input.get("gamma"));
    r.in.beta = ToMat(*input.get("beta"));
    r.in.eps = input.get("eps")->number();
    r.in.mode = input.get("mode")->string() == "eval" ? bn::Mode::Eval : bn::Mode::Train;
    r.in.running = bn::MakeRunningStats(static_cast<int>(r.in.x.cols()));
    r.in.running.momentum = input.get("momentum")->number();
    r.in.running.mean = ToMat(*input.get("running_mean"));
    r.in.running.var = ToMat(*input.get("running_var"));
    r.in.has_dy = true;
    r.in.dy = ToMat(*input.get("dy"));
    r.expect = *c.get("expect");
    out.push_back(r);
  }
  return out;
}

// The value of step `key` at (i, j) (feature j when i < 0), from PyTorch's numbers where the reference has
// them, else derived from those with the textbook formulas (written here with loops, not with the core).
double Independent(const RefCase& r, const std::string& key, int i, int j) {
  const bn::TraceInput& in = r.in;
  const long m = static_cast<long>(in.x.rows());
  auto ref = [&](const char* k) { return ToMat(*r.expect.get(k)); };
  auto at = [&](const char* k) {
    const bn::Mat v = ref(k);
    return v.rows() == 1 ? v(0, j) : v(i, j);
  };
  const double mean = ref("mean")(0, j), var = ref("var")(0, j), eps = in.eps;
  auto dev = [&](long row) { return in.x(row, j) - mean; };
  auto dxhat = [&](long row) { return in.dy(row, j) * in.gamma(0, j); };
  if (key == "sum") {
    double s = 0;
    for (long row = 0; row < m; ++row) s += in.x(row, j);
    return s;
  }
  if (key == "dev") return dev(i);
  if (key == "sq") return dev(i) * dev(i);
  if (key == "var_eps") return var + eps;
  if (key == "std") return std::sqrt(var + eps);
  if (key == "gx") return in.gamma(0, j) * at("xhat");
  if (key == "dxhat") return dxhat(i);
  if (key == "dvar") {
    double s = 0;
    for (long row = 0; row < m; ++row) s += dxhat(row) * dev(row);
    return s * -0.5 * std::pow(var + eps, -1.5);
  }
  if (key == "dmean") {
    double sd = 0, sdev = 0, sdv = 0;
    for (long row = 0; row < m; ++row) {
      sd += dxhat(row);
      sdev += dev(row);
      sdv += dxhat(row) * dev(row);
    }
    const double dvar = sdv * -0.5 * std::pow(var + eps, -1.5);
    return -sd / std::sqrt(var + eps) + dvar * (-2.0 / m) * sdev;
  }
  return at(key.c_str());  // mean, var, inv_std, xhat, y, running_mean, running_var, dgamma, dbeta, dx
}

std::string Text(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// A number clearly not v (10 % off; off by 1 when v is small).
double Wrong(double v) { return std::fabs(v) < 1e-3 ? v + 1.0 : v * 1.1; }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------------------
TEST_CASE("answers: relative 1e-3 or the same 4 significant digits; rounding noise answered by 0") {
  CHECK(bn::AnswerMatches(0.4472, 0.447213595));
  CHECK(bn::AnswerMatches(110.1, 110.0));       // 9e-4 relative
  CHECK_FALSE(bn::AnswerMatches(110.2, 110.0)); // 1.8e-3
  CHECK(bn::AnswerMatches(-1.069, -1.0690450));
  CHECK_FALSE(bn::AnswerMatches(1.069, -1.0690450));
  CHECK(bn::AnswerMatches(0.0, 0.0));
  CHECK_FALSE(bn::AnswerMatches(0.001, 0.0));
  CHECK(bn::AnswerMatches(0.0, 4e-16, 3.0));   // noise next to numbers of size 3
  CHECK_FALSE(bn::AnswerMatches(0.0, 1e-6, 3.0));
  double v = 0;
  std::string error;
  CHECK_FALSE(bn::ParseAnswer("abc", &v, &error));
  CHECK(error.find("not a number") != std::string::npos);
  CHECK_FALSE(bn::ParseAnswer("", &v, &error));
  CHECK(error.find("empty") != std::string::npos);
  CHECK_FALSE(bn::ParseAnswer("1e40", &v, &error));
  CHECK(error.find("too large") != std::string::npos);
  CHECK(bn::ParseAnswer(" \xE2\x88\x92" "0.5 ", &v, &error));  // the lab's own minus sign
  CHECK(v == -0.5);
  // A decimal comma, as Spanish and Portuguese learners write: one comma and no point; English keeps refusing it.
  CHECK_FALSE(bn::ParseAnswer("0,4286", &v, &error));
  REQUIRE(bn::SetLanguage("es"));
  CHECK(bn::ParseAnswer("0,4286", &v, &error));
  CHECK(v == doctest::Approx(0.4286));
  CHECK(bn::ParseAnswer("\xE2\x88\x92" "1,25", &v, &error));
  CHECK(v == -1.25);
  CHECK_FALSE(bn::ParseAnswer("1,5,2", &v, &error));
  CHECK_FALSE(bn::ParseAnswer("1.000,5", &v, &error));
  CHECK_FALSE(bn::ParseAnswer(",", &v, &error));
  REQUIRE(bn::SetLanguage("pt-BR"));
  CHECK(bn::ParseAnswer("2,5", &v, &error));
  CHECK(v == 2.5);
  REQUIRE(bn::SetLanguage("zh-Hans"));  // Chinese writes a decimal point
  CHECK_FALSE(bn::ParseAnswer("2,5", &v, &error));
  REQUIRE(bn::SetLanguage("en"));
}

// ---------------------------------------------------------------------------------------------
// Practice
// ---------------------------------------------------------------------------------------------
TEST_CASE("practice on every reference case: the independent answer is accepted, a wrong one refused with a hint") {
  const std::vector<RefCase> cases = ReferenceCases();
  REQUIRE(cases.size() == 40);
  long asked = 0;
  std::set<std::string> keys_asked;
  for (size_t c = 0; c < cases.size(); ++c) {
    CAPTURE(c);
    const bn::Trace t = bn::BuildTrace(cases[c].in);
    bn::PracticeSession p;
    int step = 5;
    bn::StartPractice(&p, t, 11 + static_cast<uint32_t>(c), &step);
    REQUIRE(step == 0);
    int expected_questions = 0;
    for (const bn::TraceStep& s : t.steps) expected_questions += bn::PracticeAsks(s) ? 1 : 0;
    for (int guard = 0; !p.done && guard < 64; ++guard) {
      const bn::PracticeQuestion q = p.q;
      CAPTURE(q.key);
      REQUIRE(q.step == step);
      CHECK(bn::PracticeHidesStep(p, step));
      const double truth = Independent(cases[c], q.key, q.i, q.j);
      // A wrong answer: refused, the step kept, a hint with the formula's numbers and "?" for the result.
      const int before = step;
      const bn::PracticeReply wrong = bn::AnswerPractice(&p, t, Text(Wrong(truth)), &step);
      REQUIRE(wrong.ok);
      CHECK_FALSE(wrong.correct);
      CHECK(step == before);
      CHECK(p.attempts == 1);
      CHECK(p.hint.find("= ?") != std::string::npos);
      CHECK(p.hint.find("try 1 of 3") != std::string::npos);
      // The independent value: right; the lab moves on.
      const bn::PracticeReply right = bn::AnswerPractice(&p, t, Text(truth), &step);
      REQUIRE(right.ok);
      CHECK(right.correct);
      CHECK(p.hint.empty());
      CHECK((p.done || step > before));
      keys_asked.insert(q.key);
      ++asked;
    }
    CHECK(p.done);
    CHECK(p.solved == expected_questions);
    CHECK(p.score.with_hints == expected_questions);
    CHECK(p.score.first_try == 0);
    CHECK(step == static_cast<int>(t.steps.size()) - 1);
    CHECK_FALSE(bn::PracticeHidesStep(p, step));
  }
  // Every key but dy, forward and backward, train and eval, was asked somewhere.
  for (const char* k : {"sum", "mean", "dev", "sq", "var", "var_eps", "std", "inv_std", "xhat", "gx", "y",
                        "running_mean", "running_var", "dbeta", "dgamma", "dxhat", "dvar", "dmean", "dx"}) {
    CAPTURE(k);
    CHECK(keys_asked.count(k) == 1);
  }
  CHECK(keys_asked.count("dy") == 0);
  MESSAGE("practice: " << asked << " questions over 40 reference cases, each answered wrong then right");
}

TEST_CASE("practice: the same seed asks the same questions; other seeds ask others") {
  const bn::Trace t = bn::BuildTrace(bn::LabPresets(3)[1].input);  // the 6×4 random batch
  auto questions = [&](uint32_t seed) {
    std::vector<std::pair<int, int>> out;
    for (int k = 0; k < static_cast<int>(t.steps.size()); ++k) {
      const bn::PracticeQuestion q = bn::ChoosePracticeQuestion(t, k, seed);
      out.push_back({q.i, q.j});
      CHECK(q.j >= 0);
      CHECK(q.j < 4);
      CHECK(q.i < 6);
      CHECK((q.i >= 0) == (t.steps[k].extent == bn::Extent::PerElement));
    }
    return out;
  };
  CHECK(questions(7) == questions(7));
  int differ = 0;
  for (uint32_t s = 1; s <= 5; ++s) differ += questions(s) != questions(s + 100) ? 1 : 0;
  CHECK(differ >= 4);
  // A whole session: same seed, same sequence of labels.
  auto round = [&](uint32_t seed) {
    bn::PracticeSession p;
    int step = 0;
    bn::StartPractice(&p, t, seed, &step);
    std::string labels;
    while (!p.done) {
      labels += bn::PracticeLabel(t, p.q) + ";";
      bn::RevealPractice(&p, t, &step);
    }
    return labels;
  };
  CHECK(round(42) == round(42));
  CHECK(round(42) != round(43));
}

TEST_CASE("practice: refusals count as no try; three wrong tries show the answer with its working") {
  const bn::Trace t = bn::BuildTrace(bn::DefaultLabBatch());
  bn::PracticeSession p;
  int step = 0;
  bn::StartPractice(&p, t, 1, &step);
  for (const char* bad : {"abc", "", "1e40", "1,5", "inf"}) {
    CAPTURE(bad);
    const bn::PracticeReply r = bn::AnswerPractice(&p, t, bad, &step);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.error.empty());
    CHECK(p.attempts == 0);
    CHECK(step == 0);
  }
  const double truth = p.q.truth;  // Σx of one feature
  bn::AnswerPractice(&p, t, Text(truth + 1), &step);
  bn::AnswerPractice(&p, t, Text(truth + 2), &step);
  CHECK(step == 0);
  CHECK(p.attempts == 2);
  const bn::PracticeReply third = bn::AnswerPractice(&p, t, Text(truth + 3), &step);
  CHECK(third.shown);
  CHECK(third.truth == truth);
  CHECK(step == 1);
  CHECK(p.score.shown == 1);
  CHECK(p.solved == 0);
  // The working: the sum written out, with the result.
  CHECK(p.feedback.find("The answer: Σx") != std::string::npos);
  CHECK(p.feedback.find(bn::FormatNumber(truth, 6)) != std::string::npos);
  // Right first time twice: the streak grows; a wrong try ends it.
  bn::AnswerPractice(&p, t, Text(p.q.truth), &step);
  bn::AnswerPractice(&p, t, Text(p.q.truth), &step);
  CHECK(p.score.first_try == 2);
  CHECK(p.score.streak == 2);
  bn::AnswerPractice(&p, t, Text(Wrong(p.q.truth)), &step);
  bn::AnswerPractice(&p, t, Text(p.q.truth), &step);
  CHECK(p.score.streak == 0);
  CHECK(p.score.best_streak == 2);
  CHECK(p.score.with_hints == 1);
  CHECK(p.solved == 3);
  // Going back re-asks a step but does not score it twice.
  bn::FollowStep(&p, t, 1);
  CHECK(p.q.step == 1);
  bn::AnswerPractice(&p, t, Text(p.q.truth), &step);
  CHECK(p.score.first_try == 2);
  // A new batch: score reset, asked from the first step.
  bn::RestartPractice(&p, t, &step);
  CHECK(step == 0);
  CHECK(p.solved == 0);
  CHECK(p.score.first_try == 0);
  // Off: answers refused.
  bn::StopPractice(&p);
  CHECK_FALSE(bn::AnswerPractice(&p, t, "1", &step).ok);
}

TEST_CASE("practice hints name the common slips: N − 1, ε outside the root, the other momentum convention") {
  const bn::Trace t = bn::BuildTrace(bn::DefaultLabBatch());  // feature 1: 1, 2, 3, 6; μ = 3, σ² = 3.5
  auto hint_for = [&](const std::string& key, int i, int j, double wrong) {
    bn::PracticeQuestion q;
    q.step = t.index_of(key);
    q.key = key;
    q.i = i;
    q.j = j;
    q.truth = t.steps[q.step].value.rows() == 1 ? t.steps[q.step].value(0, j) : t.steps[q.step].value(i, j);
    return bn::PracticeHint(t, q, wrong);
  };
  const double eps = t.in.eps;
  CHECK(hint_for("var", -1, 0, 14.0 / 3.0).find("N − 1") != std::string::npos);  // Σ(x − μ)² = 14
  CHECK(hint_for("var", -1, 0, 14.0 / 3.0).find("σ₁² = (4 + 1 + 0 + 9) / 4 = ?") != std::string::npos);
  CHECK(hint_for("std", -1, 0, std::sqrt(3.5) + eps).find("inside the square root") == std::string::npos);  // same to 1e-3
  bn::TraceInput tiny = bn::DefaultLabBatch();
  tiny.x.col(2) << 0.001, 0.002, 0.001, 0.002;  // σ² = 2.5e-7, far below ε = 1e-5
  const bn::Trace tt = bn::BuildTrace(tiny);
  bn::PracticeQuestion q;
  q.step = tt.index_of("inv_std");
  q.key = "inv_std";
  q.j = 2;
  q.truth = tt.steps[q.step].value(0, 2);
  CHECK(bn::PracticeHint(tt, q, 1.0 / (std::sqrt(tt.fwd.var(2)) + tiny.eps)).find("inside the square root") !=
        std::string::npos);
  // PyTorch stores the unbiased variance: the biased update is named.
  CHECK(hint_for("running_var", -1, 0, 0.9 * 1 + 0.1 * 3.5).find("unbiased") != std::string::npos);
  CHECK(hint_for("running_mean", -1, 0, 0.1 * 0 + 0.9 * 3).find("Keras") != std::string::npos);
  CHECK(hint_for("xhat", 0, 0, 2.0 / std::sqrt(3.5)).find("sign") != std::string::npos);
  // The prompt and label use 1-based indices.
  bn::PracticeQuestion x;
  x.step = t.index_of("xhat");
  x.key = "xhat";
  x.i = 2;
  x.j = 1;
  CHECK(bn::PracticeLabel(t, x) == "x̂₃,₂");
  CHECK(bn::PracticePrompt(t, x).find("sample 3, feature 2") != std::string::npos);
}

TEST_CASE("practice with the backward pass asks dβ … dx and skips the given dy") {
  bn::TraceInput in = bn::DefaultLabBatch();
  in.has_dy = true;
  in.dy = bn::Mat::Ones(4, 3);
  const bn::Trace t = bn::BuildTrace(in);
  bn::PracticeSession p;
  int step = 0;
  bn::StartPractice(&p, t, 3, &step);
  std::vector<std::string> asked;
  while (!p.done) {
    asked.push_back(p.q.key);
    bn::AnswerPractice(&p, t, Text(p.q.truth), &step);
  }
  const std::vector<std::string> expect = {"sum", "mean", "dev", "sq", "var", "var_eps", "std", "inv_std", "xhat", "gx",
                                           "y", "running_mean", "running_var", "dbeta", "dgamma", "dxhat", "dvar",
                                           "dmean", "dx"};
  CHECK(asked == expect);
  CHECK(p.score.first_try == 19);
  CHECK(p.score.best_streak == 19);
  // Navigating onto dy: nothing to ask, answers refused with a reason.
  bn::FollowStep(&p, t, t.index_of("dy"));
  CHECK(p.q.step == -1);
  const bn::PracticeReply r = bn::AnswerPractice(&p, t, "1", &step);
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("dy") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Lesson
// ---------------------------------------------------------------------------------------------
namespace {

// A step-lab answer recomputed without the core's trace: loops over the batch `in`.
double IndependentStepAnswer(const bn::TraceInput& in, const bn::LessonQuestion& q) {
  const long m = static_cast<long>(in.x.rows());
  const int j = q.j, i = q.i;
  double lo = in.x(0, j), hi = in.x(0, j), sum = 0;
  for (long r = 0; r < m; ++r) {
    lo = std::min(lo, in.x(r, j));
    hi = std::max(hi, in.x(r, j));
    sum += in.x(r, j);
  }
  if (q.source == "minmax") return (in.x(i, j) - lo) / (hi - lo);
  const bool eval = in.mode == bn::Mode::Eval;
  const double batch_mu = sum / m;
  double ss = 0;
  for (long r = 0; r < m; ++r) ss += (in.x(r, j) - batch_mu) * (in.x(r, j) - batch_mu);
  const double batch_var = ss / m;
  const double mu = eval ? in.running.mean(j) : batch_mu, var = eval ? in.running.var(j) : batch_var;
  const std::string key = q.source.substr(6);
  if (key == "sum") return sum;
  if (key == "mean") return mu;
  if (key == "var") return var;
  if (key == "var_eps") return var + in.eps;
  if (key == "std") return std::sqrt(var + in.eps);
  if (key == "inv_std") return 1.0 / std::sqrt(var + in.eps);
  if (key == "dev") return in.x(i, j) - mu;
  if (key == "sq") return (in.x(i, j) - mu) * (in.x(i, j) - mu);
  const double xhat = i >= 0 ? (in.x(i, j) - mu) / std::sqrt(var + in.eps) : 0.0;
  if (key == "xhat") return xhat;
  if (key == "gx") return in.gamma(j) * xhat;
  if (key == "y") return in.gamma(j) * xhat + in.beta(j);
  const double mo = in.running.momentum;
  const bool pytorch = in.running.convention == bn::MomentumConvention::PyTorch;
  // PyTorch: running ← (1 − momentum)·running + momentum·batch, the unbiased variance; Keras 3: the other weights,
  // the biased variance (teaching-facts.md, Libraries).
  if (key == "running_mean") return pytorch ? (1 - mo) * in.running.mean(j) + mo * batch_mu : mo * in.running.mean(j) + (1 - mo) * batch_mu;
  if (key == "running_var")
    return pytorch ? (1 - mo) * in.running.var(j) + mo * batch_var * m / (m - 1.0) : mo * in.running.var(j) + (1 - mo) * batch_var;
  FAIL("no independent computation for " << key);
  return 0;
}

// Answers recomputed without the core's trace: the chapter's batch (from its link), then loops.
double IndependentLessonAnswer(const bn::Chapter& c, const bn::LessonQuestion& q) {
  std::string error;
  if (q.source == "minmax" || q.source.rfind("trace:", 0) == 0) {
    bn::TraceInput in;
    int step = 0;
    REQUIRE(bn::ChapterStepInput(c, &in, &step, &error));
    return IndependentStepAnswer(in, q);
  }
  bn::ImageLabInput in;
  int step = 0;
  REQUIRE(bn::ChapterImageInput(c, &in, &step, &error));
  const bn::Tensor4 x = bn::ImageTensor(in);
  const int ch = q.i;
  double sum = 0, ss = 0;
  for (int n = 0; n < x.n; ++n)
    for (int h = 0; h < x.h; ++h)
      for (int w = 0; w < x.w; ++w) sum += x.at(n, ch, h, w);
  const double count = static_cast<double>(x.n) * x.h * x.w, mu = sum / count;
  for (int n = 0; n < x.n; ++n)
    for (int h = 0; h < x.h; ++h)
      for (int w = 0; w < x.w; ++w) ss += (x.at(n, ch, h, w) - mu) * (x.at(n, ch, h, w) - mu);
  if (q.source == "image:mean") return mu;
  if (q.source == "image:var") return ss / count;
  FAIL("no independent computation for " << q.source);
  return 0;
}

// The keys of the steps of the chapter's lab, in order.
std::vector<std::string> ChapterStepKeys(const bn::Chapter& c) {
  std::vector<std::string> keys;
  std::string error;
  int step = 0;
  if (c.lab == bn::ChapterLab::Step) {
    bn::TraceInput in;
    REQUIRE(bn::ChapterStepInput(c, &in, &step, &error));
    for (const bn::TraceStep& s : bn::BuildTrace(in).steps) keys.push_back(s.key);
  } else if (c.lab == bn::ChapterLab::Image) {
    bn::ImageLabInput in;
    REQUIRE(bn::ChapterImageInput(c, &in, &step, &error));
    for (const bn::NormStep& s : bn::BuildNormTrace(in).steps) keys.push_back(s.key);
  }
  return keys;
}

std::string Shell(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  *status = pclose(p);
  return out;
}

}  // namespace

TEST_CASE("the lesson: 15 chapters from assets/lesson, each ≤ 150 words, a lab whose link parses at its step, predictions") {
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  REQUIRE(chapters.size() >= 10);
  CHECK(chapters.size() == 15);
  int predictions = 0, total_words = 0;
  for (size_t k = 0; k < chapters.size(); ++k) {
    const bn::Chapter& c = chapters[k];
    CAPTURE(k + 1);
    CAPTURE(c.file);
    CHECK(c.file.rfind(k < 9 ? "0" + std::to_string(k + 1) + "-" : std::to_string(k + 1) + "-", 0) == 0);
    CHECK_FALSE(c.title.empty());
    CHECK(bn::WordCount(c.text) <= 150);
    CHECK(bn::WordCount(c.text) >= 60);
    total_words += bn::WordCount(c.text);
    CHECK_FALSE(c.look_at.empty());
    CHECK(c.questions.size() >= 1);
    CHECK(c.questions.size() <= 4);
    // "Press Start" was a button the lab does not have; it trains with "Train".
    CHECK(c.text.find("Start") == std::string::npos);
    CHECK(c.look_at.find("Start") == std::string::npos);
    predictions += c.starts_with_prediction();
    std::string error;
    if (c.lab == bn::ChapterLab::Step) {
      bn::TraceInput in;
      int step = -1;
      REQUIRE_MESSAGE(bn::ChapterStepInput(c, &in, &step, &error), error);
      const bn::Trace t = bn::BuildTrace(in);
      REQUIRE(step < static_cast<int>(t.steps.size()));
      CHECK(t.steps[step].key == c.step_key);
      CHECK(in.x.rows() <= bn::kLabMaxSamples);
    } else if (c.lab == bn::ChapterLab::Image) {
      bn::ImageLabInput in;
      int step = -1;
      REQUIRE_MESSAGE(bn::ChapterImageInput(c, &in, &step, &error), error);
      const bn::NormTrace t = bn::BuildNormTrace(in);
      REQUIRE(step < static_cast<int>(t.steps.size()));
      CHECK(t.steps[step].key == c.step_key);
    } else {
      CHECK(c.link.empty());
      REQUIRE(c.commands.size() >= 1);
      int experiments = 0;
      for (const std::string& command : c.commands) {
        if (command.rfind("experiment:", 0) != 0) continue;
        bn::Experiment e;
        CHECK(bn::ParseExperiment(command.substr(11), &e));
        ++experiments;
      }
      CHECK(experiments == 1);
    }
    for (const bn::LessonQuestion& q : c.questions) {
      CAPTURE(q.prompt);
      CHECK_FALSE(q.explain.empty());
      if (!q.numeric()) {
        CHECK(q.choices.size() >= 2);
        CHECK(q.correct >= 0);
        CHECK(q.correct < static_cast<int>(q.choices.size()));
      }
    }
  }
  CHECK(predictions >= 4);
  MESSAGE("lesson: " << chapters.size() << " chapters, " << total_words << " words, " << predictions << " begin with a prediction");
}

TEST_CASE("lesson questions: the independent answer accepted, a wrong one refused with a hint; choices; predictions") {
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  int numeric = 0, choice = 0, predict = 0;
  for (size_t k = 0; k < chapters.size(); ++k) {
    CAPTURE(k + 1);
    bn::LessonSession s;
    bn::OpenChapter(&s, static_cast<int>(k));
    for (size_t qi = 0; qi < chapters[k].questions.size(); ++qi) {
      const bn::LessonQuestion& q = chapters[k].questions[qi];
      CAPTURE(q.prompt);
      const int n = static_cast<int>(qi);
      if (q.predict()) {
        // Any option is kept; the feedback names the pick and what the lab shows.
        REQUIRE(qi == 0);
        if (chapters[k].questions.size() > 1) CHECK_FALSE(bn::AnswerLesson(&s, 1, "a").ok);  // the rest waits for it
        CHECK_FALSE(bn::RevealLesson(&s, 0).ok);  // a prediction is the learner's to make
        const int other = (q.correct + 1) % static_cast<int>(q.choices.size());
        const bn::LessonReply r = bn::AnswerLesson(&s, 0, std::string(1, static_cast<char>('a' + other)));
        CHECK(r.ok);
        CHECK_FALSE(r.correct);
        CHECK(s.progress.status[k][0] == 'a' + other);
        CHECK(s.feedback[0].find("You predicted") == 0);
        CHECK(s.feedback[0].find(q.choices[other]) != std::string::npos);
        CHECK(s.feedback[0].find(q.choices[q.correct]) != std::string::npos);
        CHECK(s.feedback[0].find(q.explain) != std::string::npos);
        ++predict;
      } else if (q.numeric()) {
        const double truth = IndependentLessonAnswer(chapters[k], q);
        double core = 0, scale = 0;
        std::string hint, working, error;
        REQUIRE_MESSAGE(bn::LessonNumericAnswer(chapters[k], q, std::nan(""), &core, &scale, &hint, &working, &error), error);
        CHECK(std::fabs(core - truth) <= 1e-9 * (1 + std::fabs(truth)));
        CHECK(hint.find("= ?") != std::string::npos);
        // The question says how many digits it wants (none for a whole number).
        CHECK((truth == std::round(truth)) == (s.prompts[qi].find("Give 4 significant digits.") == std::string::npos));
        CHECK_FALSE(bn::AnswerLesson(&s, n, "abc").ok);  // not a try
        const bn::LessonReply wrong = bn::AnswerLesson(&s, n, Text(Wrong(truth)));
        CHECK(wrong.ok);
        CHECK_FALSE(wrong.correct);
        CHECK(s.hints[qi].find("= ?") != std::string::npos);
        // 4 significant digits, as the question asks, are right.
        char four[40];
        std::snprintf(four, sizeof four, "%.4g", truth);
        const bn::LessonReply right = bn::AnswerLesson(&s, n, four);
        CHECK(right.correct);
        CHECK(s.progress.status[k][qi] == '2');
        ++numeric;
      } else {
        const std::string good(1, static_cast<char>('a' + q.correct));
        const std::string bad(1, static_cast<char>('a' + (q.correct + 1) % q.choices.size()));
        CHECK_FALSE(bn::AnswerLesson(&s, n, "z").ok);
        CHECK_FALSE(bn::AnswerLesson(&s, n, bad).correct);
        CHECK_FALSE(s.hints[qi].empty());
        CHECK(bn::AnswerLesson(&s, n, good).correct);
        CHECK(s.progress.status[k][qi] == '2');
        ++choice;
      }
      CHECK_FALSE(bn::AnswerLesson(&s, n, "1").ok);  // already answered
    }
    CHECK(bn::AnsweredCount(s.progress, static_cast<int>(k)) == static_cast<int>(chapters[k].questions.size()));
  }
  CHECK(numeric >= 12);
  CHECK(choice >= 12);
  CHECK(predict >= 4);
  MESSAGE("lesson: " << numeric << " numeric, " << choice << " choice questions, " << predict << " predictions");
}

TEST_CASE("while a numeric question is open its step and every later step are hidden; answering reveals them") {
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  int checked = 0;
  for (size_t k = 0; k < chapters.size(); ++k) {
    const bn::Chapter& c = chapters[k];
    CAPTURE(c.file);
    const std::vector<std::string> keys = ChapterStepKeys(c);
    std::string status(c.questions.size(), '0');
    if (c.starts_with_prediction()) {
      // The prediction hides the step the chapter opens at (the lab is covered anyway).
      const int hidden = bn::LessonHiddenFrom(c, status, keys);
      if (c.lab != bn::ChapterLab::Training) CHECK(hidden >= 0);
      if (c.lab != bn::ChapterLab::Training) CHECK(hidden <= static_cast<int>(std::find(keys.begin(), keys.end(), c.step_key) - keys.begin()));
      status[0] = 'a';
    }
    for (size_t q = 0; q < c.questions.size(); ++q) {
      const bn::LessonQuestion& question = c.questions[q];
      if (!question.numeric() || question.source == "minmax") continue;
      const std::string key = question.source.substr(question.source.find(':') + 1);
      const int asked = static_cast<int>(std::find(keys.begin(), keys.end(), key) - keys.begin());
      REQUIRE(asked < static_cast<int>(keys.size()));
      const int hidden = bn::LessonHiddenFrom(c, status, keys);
      CHECK(hidden >= 0);
      CHECK(hidden <= asked);  // the asked step is hidden (and so is all after it)
      std::string answered = status;
      answered[q] = '1';
      const int after = bn::LessonHiddenFrom(c, answered, keys);
      CHECK((after < 0 || after > asked || after < hidden || after == hidden));
      ++checked;
    }
    std::string all(c.questions.size(), '1');
    if (c.starts_with_prediction()) all[0] = 'a';
    CHECK(bn::LessonHiddenFrom(c, all, keys) == -1);  // all answered: nothing hidden
  }
  CHECK(checked >= 8);
}

TEST_CASE("lesson answers: 4 significant digits or within 5e-4 of the quantity's scale") {
  CHECK(bn::LessonAnswerMatches(-0.083, -1.0 / 12, 1.0));
  CHECK_FALSE(bn::LessonAnswerMatches(0.1, 1.0 / 12, 1.0));
  CHECK(bn::LessonAnswerMatches(0.3333, 1.0 / 3, 0.0));
  CHECK_FALSE(bn::LessonAnswerMatches(0.333, 1.0 / 3, 0.0));
  CHECK(bn::LessonAnswerMatches(316.2, 316.2274, 316.2274));
  CHECK(bn::LessonAnswerMatches(-1.069, -1.0690, 1.6));
  CHECK_FALSE(bn::LessonAnswerMatches(-1.07, -1.0690449, 1.0));
  CHECK(bn::LessonAnswerMatches(3, 3, 6));
  CHECK_FALSE(bn::LessonAnswerMatches(3.1, 3, 6));
  CHECK_FALSE(bn::LessonAnswerMatches(std::nan(""), 3, 6));
  CHECK(bn::LessonAnswerMatches(0, 0, 0));
  CHECK(bn::DigitsWanted(3.0).empty());
  CHECK(bn::DigitsWanted(0.4286) == "Give 4 significant digits.");
}

TEST_CASE("chapter files: a malformed one is refused with its line; lesson_check names the file and line") {
  const std::string good =
      "<!-- source -->\n# Title\nlab: step\nlink: x=1,2;3,4&step=1\nstep: mean\n\nSome text.\n\n## Look at\nThe table.\n\n"
      "## Predict\nWhat?\n- [ ] a\n- [x] b\n> Because.\n\n## Numeric trace:mean feature=1\nCompute μ₁.\n> 2.\n";
  bn::Chapter c;
  bn::ChapterFileError e;
  REQUIRE_MESSAGE(bn::ParseChapterFile("t.md", good, &c, &e), e.message);
  CHECK(c.title == "Title");
  CHECK(c.questions.size() == 2);
  CHECK(c.questions[0].predict());
  CHECK(c.questions[1].source == "trace:mean");
  CHECK(c.questions[1].i == -1);
  CHECK(c.questions[1].j == 0);
  struct Bad {
    std::string from, to;
    int line;
    const char* says;
  };
  const Bad bad[] = {
      {"- [x] b", "- [y] b", 15, "- [ ]"},
      {"- [ ] a", "- [x] a", 15, "second [x]"},
      {"lab: step", "lab: steps", 3, "lab must be"},
      {"step: mean", "stop: mean", 5, "unknown key"},
      {"## Numeric trace:mean feature=1", "## Numeric trace:mean row=1", 18, "not an index"},
      {"## Numeric trace:mean feature=1", "## Numeric mystery:mean feature=1", 18, "unknown source"},
      {"## Look at", "## Look here", 9, "unknown section"},
      {"<!-- source -->", "<!-- source", 1, "never closed"},
      {"> 2.\n", "", 18, "no explanation"},
      {"## Predict", "## Choice", 0, ""},  // a choice first is fine
  };
  for (const Bad& b : bad) {
    CAPTURE(b.to);
    std::string text = good;
    const size_t at = text.find(b.from);
    REQUIRE(at != std::string::npos);
    text.replace(at, b.from.size(), b.to);
    const bool ok = bn::ParseChapterFile("t.md", text, &c, &e);
    if (b.line == 0) {
      CHECK(ok);
      continue;
    }
    CHECK_FALSE(ok);
    CHECK(e.line == b.line);
    CHECK(e.message.find(b.says) != std::string::npos);
    CHECK(e.message.find('\n') == std::string::npos);
  }
  // A prediction after another question is refused.
  std::string late = good;
  late.replace(late.find("## Predict"), 10, "## Choice");
  late += "\n## Predict\nLate?\n- [ ] a\n- [x] b\n> No.\n";
  CHECK_FALSE(bn::ParseChapterFile("t.md", late, &c, &e));
  CHECK(e.message.find("comes first") != std::string::npos);
  // The build's checker: exit 1 and FILE:LINE on a malformed file, exit 0 on the shipped chapters.
  const std::string dir = testutil::TempDir();
  std::string text = good;
  text.replace(text.find("- [x] b"), 7, "- [y] b");
  {
    std::ofstream f(dir + "/07-bad.md");
    f << text;
  }
  int status = 0;
  const std::string out = Shell(std::string(LESSON_CHECK_PATH) + " " + dir + "/07-bad.md 2>&1", &status);
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(out.find(dir + "/07-bad.md:15: error: an option must start") != std::string::npos);
  Shell(std::string(LESSON_CHECK_PATH) + " " + BNLAB_LESSON_DIR + "/*.md 2>&1", &status);
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("the checkpoint: 8–10 questions from different chapters by seed, numeric ones on a fresh batch") {
  const bn::Checkpoint a = bn::MakeCheckpoint(7), b = bn::MakeCheckpoint(7), c = bn::MakeCheckpoint(8);
  REQUIRE(a.items.size() >= 8);
  CHECK(a.items.size() <= 10);
  CHECK(a.items.size() == b.items.size());
  bool differs = a.items.size() != c.items.size();
  std::set<int> chapters;
  int numeric = 0;
  for (size_t k = 0; k < a.items.size(); ++k) {
    const bn::CheckpointItem& it = a.items[k];
    CAPTURE(it.q.prompt);
    CHECK(it.q.prompt == b.items[k].q.prompt);  // the same seed, the same questions and batches
    if (k < c.items.size() && it.q.prompt != c.items[k].q.prompt) differs = true;
    CHECK(chapters.insert(it.chapter).second);
    CHECK_FALSE(it.q.predict());
    if (k > 0) CHECK(it.chapter > a.items[k - 1].chapter);
    if (!it.q.numeric()) continue;
    ++numeric;
    // The fresh batch is in the prompt and the answer is computed on it.
    const double truth = IndependentStepAnswer(it.in, it.q);
    CHECK(it.truth == doctest::Approx(truth).epsilon(1e-9));
    for (int i = 0; i < it.in.x.rows(); ++i) CHECK(it.q.prompt.find(bn::FormatNumber(it.in.x(i, it.q.j), 6)) != std::string::npos);
  }
  CHECK(differs);
  CHECK(numeric >= 3);
  // One try each: right '1', wrong 'x' with the chapter to revisit.
  bn::LessonSession s;
  s.checkpoint = a;
  int misses = 0;
  for (size_t k = 0; k < a.items.size(); ++k) {
    const bn::CheckpointItem& it = a.items[k];
    const bool miss = k % 3 == 0;
    std::string text;
    if (it.q.numeric()) text = Text(miss ? Wrong(it.truth) : it.truth);
    else text = std::string(1, static_cast<char>('a' + (miss ? (it.q.correct + 1) % it.q.choices.size() : it.q.correct)));
    const bn::LessonReply r = bn::AnswerCheckpoint(&s, static_cast<int>(k), text);
    CHECK(r.ok);
    CHECK(r.correct == !miss);
    CHECK(s.checkpoint.status[k] == (miss ? 'x' : '1'));
    if (miss) CHECK(s.checkpoint.feedback[k].find("Revisit chapter " + std::to_string(it.chapter + 1)) != std::string::npos);
    CHECK_FALSE(bn::AnswerCheckpoint(&s, static_cast<int>(k), text).ok);  // one try
    misses += miss;
  }
  CHECK(s.checkpoint.score() == static_cast<int>(a.items.size()) - misses);
  const std::vector<int> revisit = bn::CheckpointRevisit(s.checkpoint);
  CHECK(static_cast<int>(revisit.size()) == misses);
  const std::string summary = bn::LessonSummary(s);
  CHECK(summary.find("Checkpoint (seed 7): " + std::to_string(s.checkpoint.score()) + " of " + std::to_string(a.items.size())) != std::string::npos);
  CHECK(summary.find("chapter " + std::to_string(revisit[0] + 1) + " (" + bn::LessonChapters()[revisit[0]].title + ")") != std::string::npos);
}

TEST_CASE("lesson: three wrong tries show the answer; Show answer; progress (predictions too) survives its text form") {
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  // The first chapter with a numeric question of the step lab that is not its first question.
  int k = -1, q = -1;
  for (int c = 0; c < static_cast<int>(chapters.size()) && k < 0; ++c)
    for (int n = 0; n < static_cast<int>(chapters[c].questions.size()); ++n)
      if (chapters[c].questions[n].numeric() && chapters[c].questions[n].source.rfind("trace:", 0) == 0 && k < 0) k = c, q = n;
  REQUIRE(k >= 0);
  bn::LessonSession s;
  bn::OpenChapter(&s, k);
  if (chapters[k].starts_with_prediction()) CHECK(bn::AnswerLesson(&s, 0, "a").ok);
  const double truth = IndependentLessonAnswer(chapters[k], chapters[k].questions[q]);
  for (int t = 0; t < 3; ++t) bn::AnswerLesson(&s, q, Text(Wrong(truth)));
  CHECK(s.progress.status[k][q] == '3');
  CHECK(s.feedback[q].find("The answer: ") == 0);
  CHECK(s.feedback[q].find(bn::FormatNumber(truth, 6)) != std::string::npos);  // with its working
  // Show answer on a choice question.
  int choice = -1;
  for (int n = 0; n < static_cast<int>(chapters[k].questions.size()); ++n)
    if (chapters[k].questions[n].kind == bn::QuestionKind::Choice) choice = n;
  if (choice >= 0) {
    const bn::LessonReply r = bn::RevealLesson(&s, choice);
    CHECK(r.ok);
    CHECK(r.shown);
    CHECK(s.progress.status[k][choice] == '3');
    CHECK_FALSE(bn::RevealLesson(&s, choice).ok);
  }
  const std::string text = bn::FormatLessonProgress(s.progress);
  CHECK(text.rfind("v2;chapter=" + std::to_string(k + 1) + ";q=", 0) == 0);
  bn::LessonProgress back;
  REQUIRE(bn::ParseLessonProgress(text, &back));
  CHECK(back.chapter == k);
  CHECK(back.status == s.progress.status);
  // Reopened, answered questions show their explanation again.
  bn::OpenChapter(&s, k);
  CHECK(s.feedback[q].find("The answer: ") == 0);
  for (const char* bad : {"", "v1;chapter=1;q=", "v2;chapter=99;q=000", "v2;chapter=1;q=0", "v2;chapter=x;q=000", "garbage"}) {
    CAPTURE(bad);
    bn::LessonProgress p = back;
    CHECK_FALSE(bn::ParseLessonProgress(bad, &p));
    CHECK(p.chapter == k);
  }
  // A prediction's letter out of its range, or a '1' in a prediction's place, is not a progress record.
  for (size_t c = 0; c < chapters.size(); ++c) {
    if (!chapters[c].starts_with_prediction()) continue;
    bn::LessonProgress p = bn::NewLessonProgress();
    p.status[c][0] = '1';
    CHECK_FALSE(bn::ParseLessonProgress(bn::FormatLessonProgress(p), &back));
    p.status[c][0] = static_cast<char>('a' + chapters[c].questions[0].choices.size());
    CHECK_FALSE(bn::ParseLessonProgress(bn::FormatLessonProgress(p), &back));
    p.status[c][0] = 'a';
    CHECK(bn::ParseLessonProgress(bn::FormatLessonProgress(p), &back));
    break;
  }
  bn::OpenChapter(&s, 99);
  CHECK(s.progress.chapter == static_cast<int>(chapters.size()) - 1);
  CHECK_FALSE(bn::AnswerLesson(&s, 7, "1").ok);
}
