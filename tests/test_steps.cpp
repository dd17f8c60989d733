// test_steps.cpp: the tables of steps (core/bn/steps.hpp for BN, core/lab/image_steps.hpp for the image lab) and
// of normalization variants (core/bn/norm_variants.hpp): every row complete, keys unique, the traces the labs build
// are the tables' rows in order with the rows' texts, and the texts everything reads from them.
//
//   BN rows        unique keys in StepId order; every text present; inputs name earlier steps; LaTeX ASCII, a
//                  backward formula starts with its symbol; patterns fully filled; the flags' steps
//   BN traces      train/eval × PyTorch/Keras × dy: keys in the table's order, texts from the rows
//   BN texts       help, LaTeX, labels and prompts, code names; every slip is named by some wrong answer
//   Image rows     unique keys; every text present; traces of every variant, forward and backward, in row order
//   Variants       one row per variant in order: names, keys (ParseNormKey round trip), notes
#include <doctest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "core/bn/norm_variants.hpp"
#include "core/bn/steps.hpp"
#include "core/lab/code_export.hpp"
#include "core/lab/image_lab.hpp"
#include "core/lab/image_steps.hpp"
#include "core/lab/trace_export.hpp"
#include "core/learn/practice.hpp"

namespace {

using bn::Mode;
using bn::MomentumConvention;

const Mode kModes[] = {Mode::Train, Mode::Eval};
const MomentumConvention kConventions[] = {MomentumConvention::PyTorch, MomentumConvention::Keras};

bool Filled(const char* s) { return s != nullptr && s[0] != '\0'; }

bool Ascii(const std::string& s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// Every text of a StepText: the default and the variants that exist.
std::vector<const char*> Variants(const bn::StepText& t) {
  std::vector<const char*> v{t.text};
  if (t.eval) v.push_back(t.eval);
  if (t.keras) v.push_back(t.keras);
  return v;
}

std::vector<std::string> Keys(const bn::Trace& t) {
  std::vector<std::string> k;
  for (const bn::TraceStep& s : t.steps) k.push_back(s.key);
  return k;
}

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> w;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) w.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return w;
}

// A 4×3 batch with a spread, γ and β not 1 and 0, a large ε (so ε's slips differ from the truth) and a dy.
bn::TraceInput Input(Mode mode, MomentumConvention convention, bool dy, double eps = 1e-5) {
  bn::TraceInput in;
  in.x = (bn::Mat(4, 3) << 1, 2, 3, 4, -5, 6, 7, 8, 9.5, 2, 0, -1).finished();
  in.gamma = (bn::Row(3) << 0.5, -1.5, 2).finished();
  in.beta = (bn::Row(3) << 0.25, 1, -2).finished();
  in.eps = eps;
  in.mode = mode;
  in.running = bn::MakeRunningStats(3);
  in.running.mean = (bn::Row(3) << 1, 2, 3).finished();
  in.running.var = (bn::Row(3) << 0.5, 2, 4).finished();
  in.running.convention = convention;
  in.running.momentum = convention == MomentumConvention::PyTorch ? 0.1 : 0.9;
  in.has_dy = dy;
  if (dy) {
    in.dy = bn::Mat(4, 3);
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 3; ++j) in.dy(i, j) = ((i * 7 + j * 3) % 5) - 2;
  }
  return in;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// BN rows
// ---------------------------------------------------------------------------------------------
TEST_CASE("steps table: one row per key, in StepId order, every text present") {
  const auto& rows = bn::StepRows();
  REQUIRE(rows.size() == static_cast<size_t>(bn::StepId::Count));
  std::set<std::string> keys;
  for (size_t k = 0; k < rows.size(); ++k) {
    const bn::StepRow& r = rows[k];
    INFO("row " << k << " " << std::string(r.key ? r.key : "(null)"));
    CHECK(r.id == static_cast<bn::StepId>(k));
    CHECK(&bn::StepRowOf(r.id) == &r);
    CHECK(bn::FindStep(r.key) == &r);
    CHECK(keys.insert(r.key).second);  // unique
    CHECK(Filled(r.symbol));
    CHECK(Filled(r.latex_symbol));
    CHECK(Filled(r.label));
    CHECK(Filled(r.py_name));
    CHECK(Filled(r.torch_name));
    CHECK((r.numbers != nullptr));
    for (const bn::StepText* t : {&r.title, &r.formula, &r.latex, &r.prompt, &r.help, &r.numpy, &r.torch})
      for (const char* v : Variants(*t)) CHECK(Filled(v));
    for (const bn::StepSlip& slip : r.slips) {
      CHECK((slip.wrong != nullptr));
      CHECK(Filled(slip.text));
    }
  }
  CHECK(bn::FindStep("bogus") == nullptr);
  CHECK(bn::FindStep("") == nullptr);
}

TEST_CASE("steps table: inputs name x, γ, β, ε or an earlier step; LaTeX is ASCII; backward LaTeX starts with its symbol") {
  std::set<std::string> earlier{"x", "gamma", "beta", "eps"};
  for (const bn::StepRow& r : bn::StepRows()) {
    INFO(std::string(r.key));
    for (const char* v : Variants(r.inputs))
      for (const std::string& in : Words(v)) CHECK_MESSAGE(earlier.count(in) == 1, in);
    earlier.insert(r.key);
    CHECK(Ascii(r.latex_symbol));
    for (const char* v : Variants(r.latex)) {
      CHECK(Ascii(v));
      if (r.backward) CHECK(std::string(v).rfind(r.latex_symbol, 0) == 0);
    }
    CHECK(Ascii(r.py_name));
    CHECK(Ascii(r.torch_name));
  }
}

TEST_CASE("steps table: every pattern is filled completely; FillStepText's places") {
  const bn::StepPlace at{2, 1, 4};
  for (const bn::StepRow& r : bn::StepRows()) {
    INFO(std::string(r.key));
    CHECK(bn::FillStepText(r.label, at).find('{') == std::string::npos);
    for (const char* v : Variants(r.prompt)) CHECK(bn::FillStepText(v, at).find('{') == std::string::npos);
    for (const bn::StepSlip& slip : r.slips) CHECK(bn::FillStepText(slip.text, at).find('{') == std::string::npos);
  }
  CHECK(bn::FillStepText("x̂{ij}", at) == "x̂₃,₂");
  CHECK(bn::FillStepText("σ{j}²", {-1, 11, 4}) == "σ₁₂²");
  CHECK(bn::FillStepText("the sum of {feature}'s {n} values", at) == "the sum of feature 2's 4 values");
  CHECK(bn::FillStepText("{element}", at) == "sample 3, feature 2");
  CHECK(bn::FillStepText("N/(N − 1) = {unbias}.", at) == "N/(N − 1) = 1.333.");
  CHECK(bn::FillStepText("{unknown} {j", at) == "{unknown} {j");  // not a place: kept as it is
}

TEST_CASE("steps table: the flags mark the steps the lesson, the worksheet and practice test for") {
  auto with = [](unsigned flag) {
    std::vector<std::string> keys;
    for (const bn::StepRow& r : bn::StepRows())
      if (r.flags & flag) keys.push_back(r.key);
    return keys;
  };
  using V = std::vector<std::string>;
  CHECK(with(bn::kStepInXUnits) == V{"sum", "mean", "dev", "running_mean"});
  CHECK(with(bn::kStepNeedsAffine) == V{"gx", "y"});
  CHECK(with(bn::kStepRunningUpdate) == V{"running_mean", "running_var"});
  CHECK(with(bn::kStepForwardColumn) == V{"sq", "gx", "y"});
  CHECK(with(bn::kStepGiven) == V{"dy"});
}

// ---------------------------------------------------------------------------------------------
// BN traces
// ---------------------------------------------------------------------------------------------
TEST_CASE("steps table: the traces hold the table's steps in order, with the rows' texts for mode and convention") {
  std::vector<std::string> forward, backward;
  for (const bn::StepRow& r : bn::StepRows()) (r.backward ? backward : forward).push_back(r.key);
  // Eval reads μ and σ² from the running statistics first, and has no sum, sq or running updates; its μ and σ²
  // are constants, so its backward pass has no dσ², dμ.
  const std::vector<std::string> eval_forward{"mean", "var", "dev", "var_eps", "std", "inv_std", "xhat", "gx", "y"};
  const std::vector<std::string> eval_backward{"dy", "dbeta", "dgamma", "dxhat", "dx"};
  for (Mode mode : kModes)
    for (MomentumConvention c : kConventions)
      for (bool dy : {false, true}) {
        const bool train = mode == Mode::Train;
        INFO("train " << train << ", convention " << static_cast<int>(c) << ", dy " << dy);
        const bn::Trace t = bn::BuildTrace(Input(mode, c, dy));
        std::vector<std::string> want = train ? forward : eval_forward;
        const std::vector<std::string>& back = train ? backward : eval_backward;
        if (dy) want.insert(want.end(), back.begin(), back.end());
        CHECK(Keys(t) == want);
        for (const bn::TraceStep& s : t.steps) {
          const bn::StepRow& r = *bn::FindStep(s.key);
          INFO(s.key);
          CHECK(s.title == r.title.Pick(mode, c));
          CHECK(s.formula == r.formula.Pick(mode, c));
          CHECK(s.symbol == r.symbol);
          CHECK(s.extent == r.extent);
          CHECK(s.backward == r.backward);
          CHECK(s.inputs == Words(r.inputs.Pick(mode, c)));
          CHECK(s.value.rows() == (r.extent == bn::Extent::PerFeature ? 1 : t.in.x.rows()));
        }
      }
}

// ---------------------------------------------------------------------------------------------
// BN texts
// ---------------------------------------------------------------------------------------------
TEST_CASE("steps table: the texts the lab, the exports and the code view read from the rows") {
  CHECK(std::string(bn::StepHelp("sum", Mode::Train, MomentumConvention::PyTorch)) ==
        "Add up the feature's values over every sample of the batch. BN always works down a column: each feature "
        "gets its own statistics.");
  CHECK(std::string(bn::StepHelp("mean", Mode::Eval, MomentumConvention::Keras))
            .rfind("In eval mode the mean is not measured on this batch", 0) == 0);
  CHECK(std::string(bn::StepHelp("dx", Mode::Eval, MomentumConvention::PyTorch)) ==
        "In eval mode μ and σ² are constants, so the gradient is only dx̂ scaled by 1/√(σ²+ε).");
  CHECK(std::string(bn::StepHelp("bogus", Mode::Train, MomentumConvention::PyTorch)) == "A step of Batch Normalization.");
  CHECK(bn::LatexSymbol("xhat") == "\\hat{x}_{ij}");
  CHECK(bn::LatexSymbol("bogus") == "bogus");
  CHECK(bn::LatexFormula("mean", Mode::Eval, MomentumConvention::PyTorch) == "\\mu_j = \\mu^{\\text{run}}_j");
  CHECK(bn::LatexFormula("dx", Mode::Eval, MomentumConvention::PyTorch) ==
        "\\partial L/\\partial x_{ij} = \\frac{\\partial L/\\partial \\hat{x}_{ij}}{\\sqrt{\\sigma_j^2+\\epsilon}}");
  CHECK(bn::LatexFormula("running_mean", Mode::Train, MomentumConvention::Keras) ==
        "\\mu^{\\text{run}}_j \\leftarrow \\text{momentum}\\,\\mu^{\\text{run}}_j + (1-\\text{momentum})\\,\\mu_j");
  CHECK(std::string(bn::StepRowOf(bn::StepId::RunningVar).title.Pick(Mode::Train, MomentumConvention::Keras)) ==
        "Running variance update (Keras 3 stores the biased variance)");

  const bn::Trace t = bn::BuildTrace(Input(Mode::Train, MomentumConvention::PyTorch, true));
  bn::PracticeQuestion q;
  q.key = "var";
  q.step = t.index_of("var");
  q.j = 2;
  CHECK(bn::PracticeLabel(t, q) == "σ₃²");
  CHECK(bn::PracticePrompt(t, q) == "Compute σ₃², the batch variance of feature 3 (the mean of the squared deviations).");
  q.key = "dy";
  q.step = -1;
  CHECK(bn::PracticePrompt(t, q) == "dy, the gradient arriving from the layer above, is given: nothing to compute here.");
  // The code view's names are the rows' (NumPy, PyTorch) and a backward step's lines follow autograd's block.
  CHECK(bn::StepNumpyCode(t, "sum", 0, true) == "x_sum = x.sum(axis=0)\n# feature 1: x_sum[0] = 14\n");
  const std::string dmean = bn::StepTorchCode(t, "dmean", 0, false);
  CHECK(dmean.rfind("# autograd:", 0) == 0);
  CHECK(dmean.find("dmean_t = mean_g.grad  # through xhat and through var\n") != std::string::npos);
  CHECK(bn::StepTorchCode(t, "dy", 1, true).find("dy_autograd_t[:, 1] = ") != std::string::npos);
}

TEST_CASE("steps table: every slip a row lists is named when the answer is that slip's number") {
  // Each slip's wrong number worked out here from the batch, independently of the table, with the words it brings.
  struct Case {
    const char* key;
    Mode mode;
    MomentumConvention convention;
    double (*wrong)(const bn::Trace& t, int i, int j);
    const char* words;
  };
  using T = const bn::Trace&;
  const auto P = MomentumConvention::PyTorch, K = MomentumConvention::Keras;
  static const Case cases[] = {
      {"mean", Mode::Train, P, [](T t, int, int j) { return t.in.x.col(j).sum(); },
       "That is the sum: the mean divides it by N = 4."},
      {"var", Mode::Train, P,
       [](T t, int, int j) { const auto c = t.in.x.col(j).array(); return (c - c.mean()).square().sum() / 3; },
       "That divides by N − 1"},
      {"std", Mode::Train, P, [](T t, int, int j) { return std::sqrt(t.fwd.var(j)) + t.in.eps; }, "not √σ² + ε."},
      {"std", Mode::Eval, P, [](T t, int, int j) { return t.in.running.var(j) + t.in.eps; },
       "Take the square root of σ² + ε."},
      {"inv_std", Mode::Train, K, [](T t, int, int j) { return 1 / (std::sqrt(t.fwd.var(j)) + t.in.eps); },
       "not 1/(√σ² + ε)."},
      {"inv_std", Mode::Train, P, [](T t, int, int j) { return std::sqrt(t.fwd.var(j) + t.in.eps); },
       "That is √(σ² + ε) itself"},
      {"inv_std", Mode::Eval, P, [](T t, int, int j) { return 1 / (t.in.running.var(j) + t.in.eps); },
       "Divide by the square root of σ² + ε, not by σ² + ε."},
      {"xhat", Mode::Train, P,
       [](T t, int i, int j) { return (t.in.x(i, j) - t.fwd.mean(j)) / (std::sqrt(t.fwd.var(j)) + t.in.eps); },
       "divide by √(σ² + ε), not by √σ² + ε."},
      {"xhat", Mode::Train, P, [](T t, int i, int j) { return (t.in.x(i, j) - t.fwd.mean(j)) / (t.fwd.var(j) + t.in.eps); },
       "not the variance."},
      {"xhat", Mode::Eval, P, [](T t, int i, int j) { return t.in.x(i, j) - t.in.running.mean(j); },
       "Subtracting μ is half of it"},
      {"y", Mode::Train, P, [](T t, int i, int j) { return t.in.gamma(j) * t.fwd.xhat(i, j); },
       "Add β after scaling by γ."},
      {"running_mean", Mode::Train, P,
       [](T t, int, int j) { return 0.1 * t.in.running.mean(j) + 0.9 * t.fwd.mean(j); }, "That is Keras's convention"},
      {"running_mean", Mode::Train, K,
       [](T t, int, int j) { return 0.1 * t.in.running.mean(j) + 0.9 * t.fwd.mean(j); }, "That is PyTorch's convention"},
      {"running_var", Mode::Train, P, [](T t, int, int j) { return 0.9 * t.in.running.var(j) + 0.1 * t.fwd.var(j); },
       "PyTorch stores the unbiased variance: multiply σ² by N/(N − 1) = 1.333."},
      {"running_var", Mode::Train, K,
       [](T t, int, int j) { return 0.9 * t.in.running.var(j) + 0.1 * t.fwd.var(j) * 4 / 3; },
       "Keras 3 keeps the biased variance σ² itself"},
  };
  size_t listed = 0;
  for (const bn::StepRow& r : bn::StepRows()) listed += r.slips.size();
  CHECK(listed == sizeof cases / sizeof cases[0]);  // a new slip in the table gets its case here
  for (const Case& c : cases) {
    INFO(std::string(c.key) << ": " << std::string(c.words));
    const bn::Trace t = bn::BuildTrace(Input(c.mode, c.convention, false, 0.5));
    bool named = false;
    for (uint32_t seed = 1; seed <= 6 && !named; ++seed) {
      const bn::PracticeQuestion q = bn::ChoosePracticeQuestion(t, t.index_of(c.key), seed);
      REQUIRE(q.step >= 0);
      named = bn::PracticeHint(t, q, c.wrong(t, q.i < 0 ? 0 : q.i, q.j)).find(c.words) != std::string::npos;
    }
    CHECK(named);
  }
}

// ---------------------------------------------------------------------------------------------
// Image rows
// ---------------------------------------------------------------------------------------------
TEST_CASE("image steps table: one row per key, every text present, help for each") {
  std::set<std::string> keys;
  for (const bn::ImageStepRow& r : bn::ImageStepRows()) {
    INFO(std::string(r.key));
    CHECK(keys.insert(r.key).second);
    CHECK(bn::FindImageStep(r.key) == &r);
    CHECK(Filled(r.symbol));
    CHECK(Filled(r.title.text));
    CHECK(Filled(r.formula.text));
    CHECK(Filled(r.help));
    CHECK((r.value != nullptr));
    CHECK((r.numbers != nullptr));
    CHECK(std::string(bn::ImageStepHelp(r.key)) == r.help);
  }
  CHECK(keys.size() == 13);
  CHECK(std::string(bn::ImageStepHelp("bogus")) == "One step of the normalization.");
  CHECK(std::string(bn::ImageStepHelp("dbeta")) ==
        "β is added to every value of its channel, so its gradient sums dy over (N, H, W).");
}

TEST_CASE("image steps table: every variant's trace is the rows in order, Renorm's own for Renorm, with their texts") {
  for (const bn::NormVariantRow& v : bn::NormVariantRows())
    for (bool backward : {false, true}) {
      INFO(std::string(v.name) << (backward ? std::string(", backward") : std::string()));
      bn::ImageLabInput in = bn::DefaultImageLabInput();
      in.params.variant = v.variant;
      in.backward = backward;
      const bn::NormTrace t = bn::BuildNormTrace(in);
      const bool renorm = v.variant == bn::NormVariant::Renorm;
      std::vector<std::string> want, got;
      for (const bn::ImageStepRow& r : bn::ImageStepRows())
        if ((!r.renorm_only || renorm) && (!r.backward || backward)) want.push_back(r.key);
      for (const bn::NormStep& s : t.steps) {
        got.push_back(s.key);
        const bn::ImageStepRow& r = *bn::FindImageStep(s.key);
        CHECK(s.title == r.title.Pick(renorm));
        CHECK(s.formula == r.formula.Pick(renorm));
        CHECK(s.symbol == r.symbol);
        CHECK(s.extent == r.extent);
        CHECK(s.backward == r.backward);
        const size_t size = s.extent == bn::NormExtent::PerGroup     ? static_cast<size_t>(t.fwd.groups.count)
                            : s.extent == bn::NormExtent::PerChannel ? static_cast<size_t>(in.c)
                                                                     : t.x.data.size();
        CHECK(s.value.size() == size);
      }
      CHECK(got == want);
    }
  // Renorm's x̂ is the corrected one.
  bn::ImageLabInput in = bn::DefaultImageLabInput();
  in.params.variant = bn::NormVariant::Renorm;
  const bn::NormTrace t = bn::BuildNormTrace(in);
  CHECK(t.steps[t.index_of("xhat")].title == "Corrected normalized value");
  CHECK(t.steps[t.index_of("xhat")].formula == "x̂ = r_c·x̂_B + d_c");
}

// ---------------------------------------------------------------------------------------------
// Variants
// ---------------------------------------------------------------------------------------------
TEST_CASE("variants table: one row per variant in order; names, keys and notes") {
  const auto& rows = bn::NormVariantRows();
  REQUIRE(rows.size() == 6);
  std::set<std::string> names, keys;
  for (size_t k = 0; k < rows.size(); ++k) {
    const bn::NormVariantRow& r = rows[k];
    INFO(std::string(r.key));
    CHECK(r.variant == static_cast<bn::NormVariant>(k));
    CHECK(names.insert(r.name).second);
    CHECK(keys.insert(r.key).second);
    CHECK(std::string(bn::NormVariantName(r.variant)) == r.name);
    CHECK(std::string(bn::NormKeyName(r.variant)) == r.key);
    CHECK(std::string(bn::NormNote(r.variant)) == r.note);
    CHECK(std::string(r.note).size() > 200);
    bn::NormVariant parsed = bn::NormVariant::Batch;
    CHECK(bn::ParseNormKey(r.key, &parsed));
    CHECK(parsed == r.variant);
  }
  bn::NormVariant untouched = bn::NormVariant::Ghost;
  CHECK_FALSE(bn::ParseNormKey("Batch", &untouched));
  CHECK(untouched == bn::NormVariant::Ghost);
  CHECK(std::string(bn::NormVariantName(bn::NormVariant::Renorm)) == "Renorm");
  CHECK(std::string(bn::NormNote(bn::NormVariant::Group)).find("G = 1 gives LayerNorm and G = C gives InstanceNorm") !=
        std::string::npos);
}
