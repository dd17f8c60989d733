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
#include <set>
#include <string>
#include <vector>

#include "core/bn/bn.hpp"
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

// Answers recomputed without the core's trace: the chapter's batch (from its link), then loops.
double IndependentLessonAnswer(const bn::Chapter& c, const bn::LessonQuestion& q) {
  std::string error;
  if (q.source == "minmax" || q.source.rfind("trace:", 0) == 0) {
    bn::TraceInput in;
    int step = 0;
    REQUIRE(bn::ChapterStepInput(c, &in, &step, &error));
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
    const double mu = eval ? in.running.mean(j) : sum / m;
    double ss = 0;
    for (long r = 0; r < m; ++r) ss += (in.x(r, j) - mu) * (in.x(r, j) - mu);
    const double var = eval ? in.running.var(j) : ss / m;
    const std::string key = q.source.substr(6);
    if (key == "mean") return mu;
    if (key == "inv_std") return 1.0 / std::sqrt(var + in.eps);
    const double xhat = i >= 0 ? (in.x(i, j) - mu) / std::sqrt(var + in.eps) : 0.0;
    if (key == "xhat") return xhat;
    if (key == "y") return in.gamma(j) * xhat + in.beta(j);
    const double mo = in.running.momentum;  // PyTorch convention
    if (key == "running_mean") return (1 - mo) * in.running.mean(j) + mo * mu;
    if (key == "running_var") return (1 - mo) * in.running.var(j) + mo * var * m / (m - 1.0);
    FAIL("no independent computation for " << key);
    return 0;
  }
  bn::ImageLabInput in;
  int step = 0;
  REQUIRE(bn::ChapterImageInput(c, &in, &step, &error));
  const bn::Tensor4 x = bn::ImageTensor(in);
  const int ch = q.i;
  if (q.source == "image:m") return static_cast<double>(x.n) * x.h * x.w;
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

}  // namespace

TEST_CASE("the lesson: at least 10 chapters, each ≤ 150 words, a lab whose link parses at the step it names, 1–3 questions") {
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  REQUIRE(chapters.size() >= 10);
  CHECK(chapters.size() == 12);
  for (size_t k = 0; k < chapters.size(); ++k) {
    const bn::Chapter& c = chapters[k];
    CAPTURE(k + 1);
    CAPTURE(c.title);
    CHECK_FALSE(c.title.empty());
    CHECK(bn::WordCount(c.text) <= 150);
    CHECK(bn::WordCount(c.text) >= 60);
    CHECK_FALSE(c.look_at.empty());
    CHECK(c.questions.size() >= 1);
    CHECK(c.questions.size() <= 3);
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
      CHECK(c.commands.size() >= 2);
      CHECK(c.commands[0] == "tab-train");
      bn::Experiment e;
      REQUIRE(c.commands[1].rfind("experiment:", 0) == 0);
      CHECK(bn::ParseExperiment(c.commands[1].substr(11), &e));
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
}

TEST_CASE("lesson questions: the independent answer accepted, a wrong one refused with a hint; choices") {
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  int numeric = 0, choice = 0;
  for (size_t k = 0; k < chapters.size(); ++k) {
    CAPTURE(k + 1);
    bn::LessonSession s;
    bn::OpenChapter(&s, static_cast<int>(k));
    for (size_t qi = 0; qi < chapters[k].questions.size(); ++qi) {
      const bn::LessonQuestion& q = chapters[k].questions[qi];
      CAPTURE(q.prompt);
      const int n = static_cast<int>(qi);
      if (q.numeric()) {
        const double truth = IndependentLessonAnswer(chapters[k], q);
        double core = 0, scale = 0;
        std::string hint, error;
        REQUIRE_MESSAGE(bn::LessonNumericAnswer(chapters[k], q, &core, &scale, &hint, &error), error);
        CHECK(std::fabs(core - truth) <= 1e-9 * (1 + std::fabs(truth)));
        CHECK(hint.find("= ?") != std::string::npos);
        CHECK_FALSE(bn::AnswerLesson(&s, n, "abc").ok);  // not a try
        const bn::LessonReply wrong = bn::AnswerLesson(&s, n, Text(Wrong(truth)));
        CHECK(wrong.ok);
        CHECK_FALSE(wrong.correct);
        CHECK(s.hints[qi].find("= ?") != std::string::npos);
        const bn::LessonReply right = bn::AnswerLesson(&s, n, Text(truth));
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
  MESSAGE("lesson: " << numeric << " numeric and " << choice << " choice questions");
}

TEST_CASE("the chapters' numbers are what their texts say") {
  const std::vector<bn::Chapter>& L = bn::LessonChapters();
  bn::TraceInput in;
  int step = 0;
  std::string error;
  // Chapter 1: feature 2 (50, 70, 60, 100) standardizes to about −1.07 … 1.60.
  REQUIRE(bn::ChapterStepInput(L[0], &in, &step, &error));
  bn::Trace t = bn::BuildTrace(in);
  CHECK(t.fwd.xhat.col(1).minCoeff() == doctest::Approx(-1.069).epsilon(1e-3));
  CHECK(t.fwd.xhat.col(1).maxCoeff() == doctest::Approx(1.604).epsilon(1e-3));
  // Chapter 6: in eval mode y gives x back (float32 γ), in train mode it does not.
  REQUIRE(bn::ChapterStepInput(L[5], &in, &step, &error));
  t = bn::BuildTrace(in);
  CHECK((t.fwd.y - in.x).cwiseAbs().maxCoeff() < 1e-4);
  in.mode = bn::Mode::Train;
  t = bn::BuildTrace(in);
  CHECK((t.fwd.y - in.x).cwiseAbs().maxCoeff() > 0.1);
  CHECK(t.fwd.mean(0) == doctest::Approx(3.0));
  CHECK(t.fwd.var(1) == doctest::Approx(500.0));
  // Chapter 8: with two samples x̂ is ±(just under 1).
  REQUIRE(bn::ChapterStepInput(L[7], &in, &step, &error));
  t = bn::BuildTrace(in);
  CHECK((t.fwd.xhat.cwiseAbs().array() - 1.0).abs().maxCoeff() < 1e-5);
  CHECK((t.fwd.xhat.cwiseAbs().array() < 1.0).all());
  // Chapter 12: 32 values per channel, as the look-at line says (31 others).
  bn::ImageLabInput img;
  REQUIRE(bn::ChapterImageInput(L[11], &img, &step, &error));
  CHECK(bn::BuildNormTrace(img).fwd.groups.size == 32);
}

TEST_CASE("lesson: three wrong tries show the answer; progress survives its text form; bad text is refused") {
  bn::LessonSession s;
  bn::OpenChapter(&s, 2);
  for (int k = 0; k < 3; ++k) bn::AnswerLesson(&s, 0, "-7");
  CHECK(s.progress.status[2][0] == '3');
  CHECK(s.feedback[0].find("The answer: 3") != std::string::npos);
  CHECK(bn::AnswerLesson(&s, 2, "a").correct);
  CHECK(s.progress.status[2][2] == '1');
  CHECK(bn::AnsweredTotal(s.progress) == 2);
  const std::string text = bn::FormatLessonProgress(s.progress);
  CHECK(text.rfind("v1;chapter=3;q=", 0) == 0);
  bn::LessonProgress back;
  REQUIRE(bn::ParseLessonProgress(text, &back));
  CHECK(back.chapter == 2);
  CHECK(back.status == s.progress.status);
  for (const char* bad : {"", "v2;chapter=1;q=", "v1;chapter=99;q=000", "v1;chapter=1;q=0", "v1;chapter=x;q=000",
                          "garbage"}) {
    CAPTURE(bad);
    bn::LessonProgress p = back;
    CHECK_FALSE(bn::ParseLessonProgress(bad, &p));
    CHECK(p.chapter == 2);
  }
  bn::OpenChapter(&s, 99);
  CHECK(s.progress.chapter == static_cast<int>(bn::LessonChapters().size()) - 1);
  CHECK_FALSE(bn::AnswerLesson(&s, 7, "1").ok);
}
