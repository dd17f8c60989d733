// steps.cpp: the table of BN's steps (see steps.hpp) and what reads it without a trace of its own.
//
// Index
//   1. StepText::Pick, FillStepText, SlipValuesAt
//   2. StepFill and each step's formula with numbers (the functions the rows name); SubstitutedFormula
//   3. The table: one row per step, in StepId order
//   4. StepRows, StepRowOf, FindStep, StepHelp
//   5. In the current language: the keys of the rows' texts, StepTitle, StepPrompt, StepHelpText, StepSlipText,
//      StepCatalogTexts
//
// Sources: every sentence a learner reads is checked against teaching-facts (the comment beside it names the
// section): Ioffe & Szegedy 2015 (Algorithm 1 forward, Algorithm 2 inference, §3 backward), the PyTorch and
// Keras 3 documentation for the running statistics.
//
// The texts a learner reads are looked up by key at the time of the call (section 5); the keys are built from the
// rows' keys: step.<key>.title, .prompt, .help (+ ".eval" / ".keras"), step.<key>.slip.<n>, step.place.*.
// i18n-keys: step.
#include "core/bn/steps.hpp"

#include <cmath>

#include "core/i18n/current.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Texts
// ---------------------------------------------------------------------------------------------
StepVariant StepText::Which(Mode mode, MomentumConvention convention) const {
  if (mode == Mode::Eval && eval != nullptr) return StepVariant::Eval;
  if (convention == MomentumConvention::Keras && keras != nullptr) return StepVariant::Keras;
  return StepVariant::Text;
}

const char* StepText::Pick(Mode mode, MomentumConvention convention) const {
  switch (Which(mode, convention)) {
    case StepVariant::Eval: return eval;
    case StepVariant::Keras: return keras;
    case StepVariant::Text: break;
  }
  return text;
}

std::string FillStepText(const char* pattern, const StepPlace& at) {
  const std::string s = pattern;
  const std::string i1 = std::to_string(at.i + 1), j1 = std::to_string(at.j + 1);
  std::string out;
  for (size_t k = 0; k < s.size();) {
    const size_t close = s[k] == '{' ? s.find('}', k) : std::string::npos;
    const std::string name = close == std::string::npos ? std::string() : s.substr(k + 1, close - k - 1);
    if (name == "j") out += SubscriptIndex(at.j + 1);
    else if (name == "ij") out += SubscriptIndex(at.i + 1) + "," + SubscriptIndex(at.j + 1);
    else if (name == "feature") out += Tr("step.place.feature", {{"feature", j1}});
    else if (name == "element") out += Tr("step.place.element", {{"sample", i1}, {"feature", j1}});
    else if (name == "n") out += std::to_string(at.n);
    else if (name == "unbias") out += FormatNumber(static_cast<double>(at.n) / static_cast<double>(at.n - 1), 4);
    else {
      out += s[k++];
      continue;
    }
    k = close + 1;
  }
  return out;
}

namespace {

// Element (i, j) of a per-element step, feature j of a per-feature one; NaN when the trace has no such step.
double At(const Trace& t, const char* key, int i, int j) {
  const TraceStep* s = t.find(key);
  if (s == nullptr || s->value.size() == 0) return std::nan("");
  return s->value.rows() == 1 ? s->value(0, j) : s->value(i < 0 ? 0 : i, j);
}

}  // namespace

SlipValues SlipValuesAt(const Trace& t, int i, int j) {
  SlipValues v;
  v.m = static_cast<double>(t.in.x.rows());
  v.eps = t.in.eps;
  v.sum = At(t, "sum", i, j);
  v.mean = At(t, "mean", i, j);
  v.dev = At(t, "dev", i, j);
  v.var = At(t, "var", i, j);
  v.gx = At(t, "gx", i, j);
  v.momentum = t.in.running.momentum;
  v.old_mean = j < t.in.running.mean.size() ? t.in.running.mean(j) : std::nan("");
  v.old_var = j < t.in.running.var.size() ? t.in.running.var(j) : std::nan("");
  return v;
}

// ---------------------------------------------------------------------------------------------
// 2. Formulas with numbers
// ---------------------------------------------------------------------------------------------
// What a step's formula with numbers reads: element (i, j) of the trace (in range), the digits, and the
// result already written (" = 0.4472").
struct StepFill {
  const Trace& t;
  int i, j;
  int digits;
  std::string eq;

  std::string ij() const { return SubscriptIndex(i + 1) + "," + SubscriptIndex(j + 1); }  // "₂,₁"
  std::string jj() const { return SubscriptIndex(j + 1); }                                 // "₁"
  std::string n() const { return std::to_string(t.in.x.rows()); }                         // m, as text
  bool eval() const { return t.in.mode == Mode::Eval; }
  bool torch() const { return t.in.running.convention == MomentumConvention::PyTorch; }
  double x() const { return t.in.x(i, j); }
  double mo() const { return t.in.running.momentum; }
  // f: a number as the first operand; p: an operand after an operator, in parentheses when negative.
  std::string f(double v) const { return FormatNumber(v, digits); }
  std::string p(double v) const { return v < 0 ? "(" + f(v) + ")" : f(v); }
  double at(const char* key) const { return At(t, key, i, j); }
  const Mat& value(const char* key) const {
    static const Mat none;
    const TraceStep* s = t.find(key);
    return s ? s->value : none;
  }
  // Terms (up to 6, then "…" when there are more than 7) joined by " + ".
  template <typename TermFn>
  std::string Terms(Eigen::Index count, TermFn term) const {
    std::string s;
    for (Eigen::Index r = 0; r < count; ++r) {
      if (r) s += " + ";
      if (r == 6 && count > 7) return s + "…";
      s += term(r);
    }
    return s;
  }
  std::string column(const Mat& v) const {  // "a + b + …" over column j of an M×D value
    if (v.rows() != t.in.x.rows()) return "…";
    return Terms(v.rows(), [&](Eigen::Index r) { return p(v(r, j)); });
  }
  std::string products(const Mat& a, const Mat& b) const {  // "a₁·b₁ + a₂·b₂ + …" over column j
    if (a.rows() != t.in.x.rows() || b.rows() != t.in.x.rows()) return "…";
    return Terms(a.rows(), [&](Eigen::Index r) { return p(a(r, j)) + "·" + p(b(r, j)); });
  }
};

namespace {

// Forward
std::string SumNumbers(const StepFill& c) { return "Σx" + c.jj() + " = " + c.column(c.t.in.x) + c.eq; }
std::string MeanNumbers(const StepFill& c) {
  if (c.eval()) return "μ" + c.jj() + " = running mean" + c.jj() + c.eq;
  return "μ" + c.jj() + " = Σx" + c.jj() + " / m = " + c.f(c.at("sum")) + " / " + c.n() + c.eq;
}
// the deviation is written x − μ (d is the gradients' and Renorm's letter)
std::string DevNumbers(const StepFill& c) {
  return "x" + c.ij() + " − μ" + c.jj() + " = " + c.f(c.x()) + " − " + c.p(c.at("mean")) + c.eq;
}
std::string SqNumbers(const StepFill& c) {
  return "(x" + c.ij() + " − μ" + c.jj() + ")² = (" + c.f(c.at("dev")) + ")²" + c.eq;
}
std::string VarNumbers(const StepFill& c) {
  if (c.eval()) return "σ" + c.jj() + "² = running variance" + c.jj() + c.eq;
  return "σ" + c.jj() + "² = (" + c.column(c.value("sq")) + ") / " + c.n() + c.eq;
}
std::string VarEpsNumbers(const StepFill& c) {
  return "σ" + c.jj() + "² + ε = " + c.f(c.at("var")) + " + " + c.f(c.t.in.eps) + c.eq;
}
std::string StdNumbers(const StepFill& c) { return "√(σ" + c.jj() + "² + ε) = √" + c.p(c.at("var_eps")) + c.eq; }
std::string InvStdNumbers(const StepFill& c) {
  return "1/√(σ" + c.jj() + "² + ε) = 1 / " + c.f(c.at("std")) + c.eq;
}
std::string XhatNumbers(const StepFill& c) {
  return "x̂" + c.ij() + " = (x" + c.ij() + " − μ" + c.jj() + ") / √(σ" + c.jj() + "² + ε) = (" + c.f(c.x()) + " − " +
         c.p(c.at("mean")) + ") / √(" + c.f(c.at("var")) + " + " + c.f(c.t.in.eps) + ")" + c.eq;
}
std::string GxNumbers(const StepFill& c) {
  return "γ" + c.jj() + "·x̂" + c.ij() + " = " + c.f(c.t.in.gamma(c.j)) + " · " + c.p(c.at("xhat")) + c.eq;
}
std::string YNumbers(const StepFill& c) {
  return "y" + c.ij() + " = γ" + c.jj() + "x̂" + c.ij() + " + β" + c.jj() + " = " + c.f(c.at("gx")) + " + " +
         c.p(c.t.in.beta(c.j)) + c.eq;
}
std::string RunningMeanNumbers(const StepFill& c) {
  const double old = c.t.in.running.mean(c.j);
  const std::string mo = c.f(c.mo());
  if (c.torch()) return "μ_run" + c.jj() + " = (1 − " + mo + ")·" + c.p(old) + " + " + mo + "·" + c.p(c.at("mean")) + c.eq;
  return "μ_run" + c.jj() + " = " + mo + "·" + c.p(old) + " + (1 − " + mo + ")·" + c.p(c.at("mean")) + c.eq;
}
std::string RunningVarNumbers(const StepFill& c) {
  const double old = c.t.in.running.var(c.j);
  const std::string mo = c.f(c.mo());
  if (c.torch())
    return "σ²_run" + c.jj() + " = (1 − " + mo + ")·" + c.f(old) + " + " + mo + "·" + c.n() + "/" +
           std::to_string(c.t.in.x.rows() - 1) + "·" + c.f(c.at("var")) + c.eq;
  return "σ²_run" + c.jj() + " = " + mo + "·" + c.f(old) + " + (1 − " + mo + ")·" + c.f(c.at("var")) + c.eq;
}
// Backward
std::string DyNumbers(const StepFill& c) { return "dy" + c.ij() + " = ∂L/∂y" + c.ij() + c.eq; }
std::string DbetaNumbers(const StepFill& c) {
  return "dβ" + c.jj() + " = Σᵢ dyᵢ" + c.jj() + " = " + c.column(c.value("dy")) + c.eq;
}
std::string DgammaNumbers(const StepFill& c) {
  return "dγ" + c.jj() + " = Σᵢ dyᵢ" + c.jj() + "·x̂ᵢ" + c.jj() + " = " + c.products(c.value("dy"), c.value("xhat")) + c.eq;
}
std::string DxhatNumbers(const StepFill& c) {
  return "dx̂" + c.ij() + " = dy" + c.ij() + " · γ" + c.jj() + " = " + c.f(c.at("dy")) + " · " + c.p(c.t.in.gamma(c.j)) +
         c.eq;
}
std::string DvarNumbers(const StepFill& c) {
  return "dσ" + c.jj() + "² = (" + c.products(c.value("dxhat"), c.value("dev")) + ") · (−½) · " + c.f(c.at("var_eps")) +
         "^(−3/2)" + c.eq;
}
std::string DmeanNumbers(const StepFill& c) {
  const double sum_dxhat = c.value("dxhat").col(c.j).sum(), sum_dev = c.value("dev").col(c.j).sum();
  return "dμ" + c.jj() + " = " + c.f(sum_dxhat) + " · (−" + c.f(c.at("inv_std")) + ") + " + c.p(c.at("dvar")) +
         " · (−2/" + c.n() + ") · " + c.p(sum_dev) + c.eq;
}
std::string DxNumbers(const StepFill& c) {
  if (c.eval())
    return "dx" + c.ij() + " = dx̂" + c.ij() + " / √(σ" + c.jj() + "² + ε) = " + c.f(c.at("dxhat")) + " · " +
           c.f(c.at("inv_std")) + c.eq;
  return "dx" + c.ij() + " = " + c.f(c.at("dxhat")) + "·" + c.f(c.at("inv_std")) + " + " + c.p(c.at("dvar")) + "·2·" +
         c.p(c.at("dev")) + "/" + c.n() + " + " + c.p(c.at("dmean")) + "/" + c.n() + c.eq;
}

}  // namespace

std::string SubstitutedFormula(const Trace& t, int step, int i, int j, int digits) {
  if (step < 0 || step >= static_cast<int>(t.steps.size()) || t.in.x.size() == 0) return {};
  const TraceStep& s = t.steps[step];
  if (j < 0 || j >= t.in.x.cols()) j = 0;
  if (i < 0 || i >= t.in.x.rows()) i = 0;
  const double result = s.value.rows() == 1 ? s.value(0, j) : s.value(i, j);
  const StepFill fill{t, i, j, digits, " = " + FormatNumber(result, digits)};
  const StepRow* row = FindStep(s.key);
  return row != nullptr ? row->numbers(fill) : s.symbol + fill.eq;
}

// ---------------------------------------------------------------------------------------------
// 3. The table
// ---------------------------------------------------------------------------------------------
namespace {

constexpr Extent kF = Extent::PerFeature;  // value is 1×D
constexpr Extent kE = Extent::PerElement;  // value is M×D
constexpr bool kForward = false, kBackward = true;

double Nan() { return std::nan(""); }

// Each row: id, key, symbol, extent, backward, flags; title, formula, inputs; its formula with numbers; LaTeX symbol
// and formula; practice's label, prompt and slips; help; the code's names and its NumPy and PyTorch lines.
// Titles, formulas, prompts and LaTeX follow Ioffe & Szegedy 2015, Algorithm 1 (forward) and §3 (backward); the
// running statistics follow PyTorch's and Keras's update rules (teaching-facts: Libraries), momentum as the word.
std::vector<StepRow> MakeRows() {
  return {
      // ---- Forward, train mode (batch statistics); eval mode reads the stored running ones ----
      {StepId::Sum, "sum", "Σx", kF, kForward, kStepInXUnits,       // id, key, symbol, extent, backward, flags
       {"Sum over the batch"},                                       // title
       {"Σxⱼ = Σᵢ xᵢⱼ"},                                              // formula
       {"x"},                                                        // inputs
       SumNumbers, "\\sum_i x_{ij}", {"\\textstyle\\sum_i x_{ij}"},  // with numbers; LaTeX symbol, formula
       "Σx{j}", {"the sum of {feature}'s {n} values"},                // practice: label, prompt
       {},                                                           // practice: slips
       {"Add up the feature's values over every sample of the batch. BN always works down a column: each feature "
        "gets its own statistics."},                                 // help
       "x_sum", "x_sum_t", {"x_sum = x.sum(axis=0)\n"}, {"x_sum_t = x_t.sum(dim=0)\n"}},  // code: names, lines

      // m = values per feature in the batch (the paper's m: N for dense BN, N·H·W for conv BN); Ioffe & Szegedy
      // 2015, Alg. 1. Help: Alg. 1 and §3.2.
      {StepId::Mean, "mean", "μ", kF, kForward, kStepInXUnits,
       {"Batch mean", "Running mean used as μ (eval)"},
       {"μⱼ = (1/m) Σᵢ xᵢⱼ", "μⱼ = running meanⱼ (not the batch's)"},
       {"sum", ""},
       MeanNumbers, "\\mu_j", {"\\mu_j = \\frac{1}{m}\\sum_{i=1}^{m} x_{ij}", "\\mu_j = \\mu^{\\text{run}}_j"},
       "μ{j}",
       {"the mean of {feature} over the batch's {n} samples", "the mean eval mode uses for {feature} (the running mean)"},
       // Ioffe & Szegedy 2015, Algorithm 1: μ and σ² divide by m, the number of values per feature.
       {{SlipWhen::Train, [](const SlipValues& v) { return v.sum; }, "That is the sum: the mean divides it by N = {n}."}},
       {"The batch mean: the sum divided by m, the number of values of the feature in the batch (m = N samples "
        "here; N·H·W in a conv layer). Subtracting it centres the feature at 0.",
        "In eval mode the mean is not measured on this batch: BN uses the running mean it accumulated during "
        "training, so each sample is treated the same whatever its batch."},
       "mean", "mean_t",
       {"mean = x_sum / m  # m = N values per feature\n",
        "mean = running_mean  # eval: the running mean, not the batch's\n"},
       {"mean_t = x_t.mean(dim=0)\n", "mean_t = running_mean_t  # eval\n"}},

      // The deviation is written x − μ, not d: d is taken by the gradients (dx, dy) and by Renorm's d (Ioffe 2017).
      {StepId::Dev, "dev", "x−μ", kE, kForward, kStepInXUnits,
       {"Deviation from the mean"}, {"xᵢⱼ − μⱼ"}, {"x mean"},
       DevNumbers, "x_{ij}-\\mu_j", {"x_{ij}-\\mu_j"},
       "x{ij} − μ{j}", {"the deviation of {element} from the mean"},
       {},
       {"How far each value lies from its feature's mean. These deviations always add up to 0."},
       "dev", "dev_t", {"dev = x - mean\n"}, {"dev_t = x_t - mean_t\n"}},

      {StepId::Sq, "sq", "(x−μ)²", kE, kForward, kStepForwardColumn,
       {"Squared deviation"}, {"(xᵢⱼ − μⱼ)²"}, {"dev"},
       SqNumbers, "(x_{ij}-\\mu_j)^2", {"(x_{ij}-\\mu_j)^2"},
       "(x{ij} − μ{j})²", {"the squared deviation of {element}"},
       {},
       {"Square each deviation, so values above and below the mean both count as spread."},
       "sq", "sq_t", {"sq = dev ** 2\n"}, {"sq_t = dev_t ** 2\n"}},

      // Help: Ioffe & Szegedy 2015, Alg. 1; Alg. 2 step 10; PyTorch docs: BatchNorm1d
      {StepId::Var, "var", "σ²", kF, kForward, 0,
       {"Batch variance (biased)", "Running variance used as σ² (eval)"},
       {"σⱼ² = (1/m) Σᵢ (xᵢⱼ − μⱼ)²", "σⱼ² = running varianceⱼ (not the batch's)"},
       {"sq", ""},
       VarNumbers, "\\sigma_j^2",
       {"\\sigma_j^2 = \\frac{1}{m}\\sum_{i=1}^{m}(x_{ij}-\\mu_j)^2", "\\sigma_j^2 = (\\sigma^2)^{\\text{run}}_j"},
       "σ{j}²",
       {"the batch variance of {feature} (the mean of the squared deviations)",
        "the variance eval mode uses for {feature} (the running variance)"},
       // Ioffe & Szegedy 2015, Algorithm 1: σ² divides by m, the number of values per feature.
       {{SlipWhen::Train, [](const SlipValues& v) { return v.m > 1 ? v.var * v.m / (v.m - 1) : Nan(); },
         "That divides by N − 1 (the unbiased variance); the batch variance BN normalizes with divides by N."}},
       {"The batch variance: the average squared deviation, dividing by m. This biased estimate is what normalizes "
        "in training. For inference the paper estimates the variance with the unbiased m/(m−1)·σ², and PyTorch's "
        "running variance stores that one.",
        "In eval mode the variance is the running variance stored during training."},
       "var", "var_t",
       {"var = sq.sum(axis=0) / m  # biased (1/m), as np.var(x, axis=0)\n",
        "var = running_var  # eval: the running variance, not the batch's\n"},
       {"var_t = x_t.var(dim=0, unbiased=False)  # biased, as BN normalizes\n", "var_t = running_var_t  # eval\n"}},

      // ---- Forward, both modes ----
      {StepId::VarEps, "var_eps", "σ²+ε", kF, kForward, 0,
       {"Variance plus ε"}, {"σⱼ² + ε"}, {"var eps"},
       VarEpsNumbers, "\\sigma_j^2+\\epsilon", {"\\sigma_j^2+\\epsilon"},
       "σ{j}² + ε", {"the variance of {feature} plus ε"},
       {},
       {"Add the small constant ε. Without it a feature with no spread (σ² = 0) would divide by zero in the next "
        "steps."},
       "var_eps", "var_eps_t", {"var_eps = var + eps\n"}, {"var_eps_t = var_t + eps\n"}},

      // Ioffe & Szegedy 2015, Algorithm 1; PyTorch and Keras: ε is added to the variance, inside the square root.
      {StepId::Std, "std", "√(σ²+ε)", kF, kForward, 0,
       {"Standard deviation"}, {"√(σⱼ² + ε)"}, {"var_eps"},
       StdNumbers, "\\sqrt{\\sigma_j^2+\\epsilon}", {"\\sqrt{\\sigma_j^2+\\epsilon}"},
       "√(σ{j}² + ε)", {"the square root of σ² + ε for {feature}"},
       {{SlipWhen::Always, [](const SlipValues& v) { return std::sqrt(v.var) + v.eps; },
         "ε goes inside the square root: √(σ² + ε), not √σ² + ε."},
        {SlipWhen::Always, [](const SlipValues& v) { return v.var + v.eps; }, "Take the square root of σ² + ε."}},
       {"The square root turns the variance into a standard deviation, in the feature's own units."},
       "std", "std_t", {"std = np.sqrt(var_eps)\n"}, {"std_t = torch.sqrt(var_eps_t)\n"}},

      // Ioffe & Szegedy 2015, Alg. 1: x̂ divides by √(σ² + ε), not by σ (the slips: ε inside the root, as Std's)
      {StepId::InvStd, "inv_std", "1/√(σ²+ε)", kF, kForward, 0,
       {"Inverse standard deviation"}, {"1 / √(σⱼ² + ε)"}, {"std"},
       InvStdNumbers, "1/\\sqrt{\\sigma_j^2+\\epsilon}", {"1/\\sqrt{\\sigma_j^2+\\epsilon}"},
       "1/√(σ{j}² + ε)", {"one over √(σ² + ε) for {feature}"},
       {{SlipWhen::Always, [](const SlipValues& v) { return 1.0 / (std::sqrt(v.var) + v.eps); },
         "ε goes inside the square root: 1/√(σ² + ε), not 1/(√σ² + ε)."},
        {SlipWhen::Always, [](const SlipValues& v) { return std::sqrt(v.var + v.eps); },
         "That is √(σ² + ε) itself; this step is one over it."},
        {SlipWhen::Always, [](const SlipValues& v) { return 1.0 / (v.var + v.eps); },
         "Divide by the square root of σ² + ε, not by σ² + ε."}},
       {"One over √(σ²+ε). Multiplying by it divides by √(σ²+ε), not by σ itself (ε sits inside the root), and the "
        "backward pass reuses it."},
       "inv_std", "inv_std_t", {"inv_std = 1 / std\n"}, {"inv_std_t = torch.rsqrt(var_eps_t)\n"}},

      // Help: Ioffe & Szegedy 2015, Alg. 1 (the slips: ε inside the root, as Std's)
      {StepId::Xhat, "xhat", "x̂", kE, kForward, 0,
       {"Normalized value"}, {"x̂ᵢⱼ = (xᵢⱼ − μⱼ) / √(σⱼ² + ε)"}, {"dev inv_std"},
       XhatNumbers, "\\hat{x}_{ij}", {"\\hat{x}_{ij} = (x_{ij}-\\mu_j)/\\sqrt{\\sigma_j^2+\\epsilon}"},
       "x̂{ij}", {"the normalized value of {element}"},
       {{SlipWhen::Always, [](const SlipValues& v) { return v.dev / (std::sqrt(v.var) + v.eps); },
         "ε goes inside the square root: divide by √(σ² + ε), not by √σ² + ε."},
        {SlipWhen::Always, [](const SlipValues& v) { return v.dev / (v.var + v.eps); },
         "Divide by the standard deviation √(σ² + ε), not the variance."},
        {SlipWhen::Always, [](const SlipValues& v) { return v.dev; },
         "Subtracting μ is half of it: divide by √(σ² + ε) too."}},
       {"The normalized value: deviation times 1/√(σ²+ε). Over the batch, each feature now has mean 0 and variance "
        "σ²/(σ²+ε): just under 1 when σ² is much larger than ε, ½ when σ² = ε, and near 0 when σ² is far below ε."},
       "xhat", "xhat_t", {"xhat = dev * inv_std\n"}, {"xhat_t = (x_t - mean_t) * torch.rsqrt(var_t + eps)\n"}},

      // Help: Ioffe & Szegedy 2015, §3 (γ, β restore what the network can represent) and §3.2 (BN normalizes x = Wu)
      {StepId::Gx, "gx", "γx̂", kE, kForward, kStepNeedsAffine | kStepForwardColumn,
       {"Scaled by γ"}, {"γⱼ · x̂ᵢⱼ"}, {"gamma xhat"},
       GxNumbers, "\\gamma_j\\hat{x}_{ij}", {"\\gamma_j\\hat{x}_{ij}"},
       "γ{j}·x̂{ij}", {"x̂ scaled by γ for {element}"},
       {},
       {"Scale by the learned γ. Normalizing alone would force the input of every nonlinearity (x = Wu) to unit "
        "spread; γ lets the network choose the spread it wants."},
       "gx", "gx_t", {"gx = gamma * xhat\n"}, {"gx_t = gamma_t * xhat_t\n"}},

      // Help: Ioffe & Szegedy 2015, §3 (identity), §3.1 Alg. 2 step 11 (fold), §3.2 (BN before g, bias dropped)
      {StepId::Y, "y", "y", kE, kForward, kStepNeedsAffine | kStepForwardColumn,
       {"Shifted by β: the output"}, {"yᵢⱼ = γⱼ x̂ᵢⱼ + βⱼ"}, {"gx beta"},
       YNumbers, "y_{ij}", {"y_{ij} = \\gamma_j\\hat{x}_{ij}+\\beta_j"},
       "y{ij}", {"the output of {element} (scaled by γ, shifted by β)"},
       {{SlipWhen::Always, [](const SlipValues& v) { return v.gx; }, "Add β after scaling by γ."}},
       {"Shift by the learned β. BN goes before the nonlinearity, and the linear layer before it needs no bias: β "
        "takes its role. With γ = √(σ²+ε) and β = μ, BN gives back this batch exactly; but μ and σ² change from "
        "batch to batch, so in training that holds for one batch only. At inference, with fixed statistics, it is "
        "exact.",
        "Shift by the learned β. In eval mode μ and σ² are constants, so BN is one affine map per feature, "
        "y = a·x + b with a = γ/√(σ²+ε) and b = β − a·μ, which folds into the previous layer's weights and bias. "
        "With γ = √(σ²+ε) and β = μ it gives back its input exactly."},
       "y", "y_t", {"y = gx + beta\n"}, {"y_t = gx_t + beta_t\n"}},

      // ---- Forward, train mode: the running statistics after this step ----
      // PyTorch: running ← (1 − momentum)·running + momentum·batch; Keras 3: moving ← momentum·moving +
      // (1 − momentum)·batch (teaching-facts: Libraries). "momentum" written out: m is the number of values per
      // feature (Ioffe & Szegedy 2015, Alg. 1). Help: PyTorch docs: BatchNorm1d.
      {StepId::RunningMean, "running_mean", "μ_run", kF, kForward, kStepInXUnits | kStepRunningUpdate,
       {"Running mean update"},
       {"μ_runⱼ ← (1 − momentum)·μ_runⱼ + momentum·μⱼ", nullptr, "μ_runⱼ ← momentum·μ_runⱼ + (1 − momentum)·μⱼ"},
       {"mean"},
       RunningMeanNumbers, "\\mu^{\\text{run}}_j",
       {"\\mu^{\\text{run}}_j \\leftarrow (1-\\text{momentum})\\,\\mu^{\\text{run}}_j + \\text{momentum}\\,\\mu_j",
        nullptr,
        "\\mu^{\\text{run}}_j \\leftarrow \\text{momentum}\\,\\mu^{\\text{run}}_j + (1-\\text{momentum})\\,\\mu_j"},
       "μ_run{j}", {"the running mean of {feature} after this batch"},
       {{SlipWhen::PyTorch,
         [](const SlipValues& v) { return v.momentum * v.old_mean + (1 - v.momentum) * v.mean; },
         "That is Keras's convention; PyTorch's momentum weights the new batch: (1 − momentum)·old + momentum·batch."},
        {SlipWhen::Keras,
         [](const SlipValues& v) { return (1 - v.momentum) * v.old_mean + v.momentum * v.mean; },
         "That is PyTorch's convention; Keras's momentum weights the old value: momentum·old + (1 − momentum)·batch."}},
       {"Training also keeps an exponential moving average of the batch means, for use at inference. PyTorch: "
        "new = (1 − momentum)·old + momentum·batch, momentum 0.1 by default: about the last 10 batches."},
       "new_running_mean", "new_running_mean_t",
       {"new_running_mean = (1 - momentum) * running_mean + momentum * mean  # PyTorch's convention\n", nullptr,
        "new_running_mean = momentum * running_mean + (1 - momentum) * mean  # Keras's convention\n"},
       {"new_running_mean_t = (1 - momentum) * running_mean_t + momentum * x_t.mean(dim=0)\n", nullptr,
        "new_running_mean_t = momentum * running_mean_t + (1 - momentum) * x_t.mean(dim=0)\n"}},

      // PyTorch docs: BatchNorm1d (running_var stores the unbiased variance); Ioffe & Szegedy 2015, Alg. 2 step 10.
      // Keras 3 docs/source: BatchNormalization (moving_variance takes the biased batch variance; tf.keras's fused
      // kernel applied Bessel's correction, so the version matters) (teaching-facts: Libraries).
      {StepId::RunningVar, "running_var", "σ²_run", kF, kForward, kStepRunningUpdate,
       {"Running variance update (stores the unbiased variance)", nullptr,
        "Running variance update (Keras 3 stores the biased variance)"},
       {"σ²_runⱼ ← (1 − momentum)·σ²_runⱼ + momentum·m/(m−1)·σⱼ²", nullptr,
        "σ²_runⱼ ← momentum·σ²_runⱼ + (1 − momentum)·σⱼ²"},
       {"var"},
       RunningVarNumbers, "(\\sigma^2)^{\\text{run}}_j",
       {"(\\sigma^2)^{\\text{run}}_j \\leftarrow (1-\\text{momentum})\\,(\\sigma^2)^{\\text{run}}_j + "
        "\\text{momentum}\\,\\frac{m}{m-1}\\sigma_j^2",
        nullptr,
        "(\\sigma^2)^{\\text{run}}_j \\leftarrow \\text{momentum}\\,(\\sigma^2)^{\\text{run}}_j + "
        "(1-\\text{momentum})\\,\\sigma_j^2"},
       "σ²_run{j}", {"the running variance of {feature} after this batch"},
       {{SlipWhen::PyTorch,
         [](const SlipValues& v) { return v.m > 1 ? (1 - v.momentum) * v.old_var + v.momentum * v.var : Nan(); },
         "PyTorch stores the unbiased variance: multiply σ² by N/(N − 1) = {unbias}."},
        {SlipWhen::Keras,
         [](const SlipValues& v) {
           return v.m > 1 ? v.momentum * v.old_var + (1 - v.momentum) * v.var * v.m / (v.m - 1) : Nan();
         },
         "Keras 3 keeps the biased variance σ² itself, without N/(N − 1) (tf.keras's fused kernel applied it)."}},
       // Help: PyTorch docs: BatchNorm1d; Ioffe & Szegedy 2015, Alg. 2; Keras 3 source
       {"The same moving average for the variance, of the unbiased batch variance m/(m−1)·σ² in PyTorch, as the "
        "paper's inference estimate (Algorithm 2, step 10). Keras 3 averages the biased σ² instead."},
       "new_running_var", "new_running_var_t",
       {"# PyTorch stores the unbiased variance: var * m / (m - 1)\n"
        "new_running_var = (1 - momentum) * running_var + momentum * var * m / (m - 1)\n",
        nullptr,
        "# Keras 3 stores the biased variance (tf.keras's fused kernel used m / (m - 1))\n"
        "new_running_var = momentum * running_var + (1 - momentum) * var\n"},
       {"new_running_var_t = (1 - momentum) * running_var_t + momentum * x_t.var(dim=0, unbiased=True)\n", nullptr,
        "new_running_var_t = momentum * running_var_t + (1 - momentum) * x_t.var(dim=0, unbiased=False)\n"}},

      // ---- Backward (Ioffe & Szegedy 2015, section 3) ----
      {StepId::Dy, "dy", "dy", kE, kBackward, kStepGiven,
       {"Upstream gradient"}, {"dyᵢⱼ = ∂L/∂yᵢⱼ (given)"}, {""},
       DyNumbers, "\\partial L/\\partial y_{ij}", {"\\partial L/\\partial y_{ij}\\ \\text{(given)}"},
       "dy", {"dy, the gradient arriving from the layer above, is given: nothing to compute here."},
       {},
       {"The upstream gradient ∂L/∂y that arrives from the layers above. For the loss L = Σ wᵢⱼ·yᵢⱼ it is simply w; "
        "edit it in the batch panel."},
       "dy", "dy_autograd_t", {"dy = np.asarray(dy)  # given: dL/dy, the upstream gradient (set with the batch)\n"},
       {"dy_autograd_t = y_g.grad  # d/dy of (y * dy).sum() is dy\n"}},

      {StepId::Dbeta, "dbeta", "dβ", kF, kBackward, 0,
       {"Gradient of β"}, {"dβⱼ = Σᵢ dyᵢⱼ"}, {"dy"},
       DbetaNumbers, "\\partial L/\\partial \\beta_j",
       {"\\partial L/\\partial \\beta_j = \\textstyle\\sum_i \\partial L/\\partial y_{ij}"},
       "dβ{j}", {"the gradient of the loss with respect to β for {feature}"},
       {},
       {"β is added to every sample of its feature, so its gradient is the sum of the upstream gradients of that "
        "feature."},
       "dbeta", "dbeta_t", {"dbeta = dy.sum(axis=0)\n"}, {"dbeta_t = beta_g.grad\n"}},

      {StepId::Dgamma, "dgamma", "dγ", kF, kBackward, 0,
       {"Gradient of γ"}, {"dγⱼ = Σᵢ dyᵢⱼ · x̂ᵢⱼ"}, {"dy xhat"},
       DgammaNumbers, "\\partial L/\\partial \\gamma_j",
       {"\\partial L/\\partial \\gamma_j = \\textstyle\\sum_i \\partial L/\\partial y_{ij}\\,\\hat{x}_{ij}"},
       "dγ{j}", {"the gradient of the loss with respect to γ for {feature}"},
       {},
       {"γ multiplies x̂, so each sample contributes dy·x̂ to γ's gradient."},
       "dgamma", "dgamma_t", {"dgamma = (dy * xhat).sum(axis=0)\n"}, {"dgamma_t = gamma_g.grad\n"}},

      {StepId::Dxhat, "dxhat", "dx̂", kE, kBackward, 0,
       {"Gradient of x̂"}, {"dx̂ᵢⱼ = dyᵢⱼ · γⱼ"}, {"dy gamma"},
       DxhatNumbers, "\\partial L/\\partial \\hat{x}_{ij}",
       {"\\partial L/\\partial \\hat{x}_{ij} = \\partial L/\\partial y_{ij}\\,\\gamma_j"},
       "dx̂{ij}", {"the gradient with respect to x̂ for {element}"},
       {},
       {"Through y = γ·x̂ + β, the gradient reaching x̂ is dy times γ."},
       "dxhat", "dxhat_t", {"dxhat = dy * gamma\n"}, {"dxhat_t = xhat_g.grad\n"}},

      {StepId::Dvar, "dvar", "dσ²", kF, kBackward, 0,
       {"Gradient of σ²"}, {"dσⱼ² = Σᵢ dx̂ᵢⱼ (xᵢⱼ − μⱼ) · (−½)(σⱼ² + ε)^(−3/2)"}, {"dxhat dev var_eps"},
       DvarNumbers, "\\partial L/\\partial \\sigma_j^2",
       {"\\partial L/\\partial \\sigma_j^2 = \\textstyle\\sum_i \\partial L/\\partial \\hat{x}_{ij}\\,(x_{ij}-\\mu_j)"
        "\\cdot(-\\tfrac{1}{2})(\\sigma_j^2+\\epsilon)^{-3/2}"},
       "dσ{j}²", {"the gradient with respect to σ² for {feature}"},
       {},
       {"Every x̂ of the feature depends on σ² through 1/√(σ²+ε); this collects that dependence: derivative of "
        "(σ²+ε)^(−½) is −½(σ²+ε)^(−3/2)."},
       "dvar", "dvar_t", {"dvar = (dxhat * dev).sum(axis=0) * -0.5 * var_eps ** -1.5\n"}, {"dvar_t = var_g.grad\n"}},

      {StepId::Dmean, "dmean", "dμ", kF, kBackward, 0,
       {"Gradient of μ"}, {"dμⱼ = Σᵢ dx̂ᵢⱼ · (−1/√(σⱼ² + ε)) + dσⱼ² · (−2/m) Σᵢ (xᵢⱼ − μⱼ)"},
       {"dxhat inv_std dvar dev"},
       DmeanNumbers, "\\partial L/\\partial \\mu_j",
       {"\\partial L/\\partial \\mu_j = \\textstyle\\sum_i \\partial L/\\partial \\hat{x}_{ij}\\cdot\\frac{-1}"
        "{\\sqrt{\\sigma_j^2+\\epsilon}} + \\partial L/\\partial \\sigma_j^2\\cdot\\frac{-2}{m}\\sum_i (x_{ij}-\\mu_j)"},
       "dμ{j}", {"the gradient with respect to μ for {feature}"},
       {},
       {"μ reaches the loss through every deviation directly and through σ². The second term is 0 up to rounding, "
        "because deviations add up to 0."},
       "dmean", "dmean_t", {"dmean = (dxhat * -inv_std).sum(axis=0) + dvar * (-2 / m) * dev.sum(axis=0)\n"},
       {"dmean_t = mean_g.grad  # through xhat and through var\n"}},

      // Help: Ioffe & Szegedy 2015, §3 (backward pass): dx = (dx̂ − mean dx̂ − x̂·mean(dx̂·x̂))/√(σ²+ε), so Σ dx = 0
      // for any ε and Σ dx·x̂ = ε/(σ²+ε)·Σ dx̂·x̂/√(σ²+ε) (tests/test_texts.cpp checks both)
      {StepId::Dx, "dx", "dx", kE, kBackward, 0,
       {"Gradient of x (through x̂, σ² and μ)", "Gradient of x (μ and σ² are constants in eval)"},
       {"dxᵢⱼ = dx̂ᵢⱼ/√(σⱼ² + ε) + dσⱼ² · 2(xᵢⱼ − μⱼ)/m + dμⱼ/m", "dxᵢⱼ = dx̂ᵢⱼ / √(σⱼ² + ε)"},
       {"dxhat inv_std dvar dev dmean", "dxhat inv_std"},
       DxNumbers, "\\partial L/\\partial x_{ij}",
       {"\\partial L/\\partial x_{ij} = \\frac{\\partial L/\\partial \\hat{x}_{ij}}{\\sqrt{\\sigma_j^2+\\epsilon}} + "
        "\\partial L/\\partial \\sigma_j^2\\,\\frac{2(x_{ij}-\\mu_j)}{m} + \\frac{\\partial L/\\partial \\mu_j}{m}",
        "\\partial L/\\partial x_{ij} = \\frac{\\partial L/\\partial \\hat{x}_{ij}}{\\sqrt{\\sigma_j^2+\\epsilon}}"},
       "dx{ij}", {"the gradient with respect to the input for {element}"},
       {},
       {"Three paths from x to the loss: directly through x̂, through σ², and through μ. Their sum is the gradient "
        "the layer below receives. Per feature Σᵢ dxᵢ = 0 for any ε: shifting the whole column changes nothing, and "
        "a dy that is the same for every sample gives dx = 0 (the mean of y is β whatever x is). Σᵢ dxᵢ·x̂ᵢ = 0 "
        "holds exactly only when ε = 0, where scaling the column changes nothing too; with ε it is small while σ² "
        "is much larger than ε.",
        "In eval mode μ and σ² are constants, so the gradient is only dx̂ scaled by 1/√(σ²+ε)."},
       "dx", "dx_t",
       {"dx = dxhat * inv_std + dvar * 2 * dev / m + dmean / m\n",
        "dx = dxhat * inv_std  # eval: mean and var are constants\n"},
       {"dx_t = x_g.grad\n"}},
  };
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 4. Lookups
// ---------------------------------------------------------------------------------------------
const std::vector<StepRow>& StepRows() {
  static const std::vector<StepRow> rows = MakeRows();
  return rows;
}

const StepRow& StepRowOf(StepId id) { return StepRows()[static_cast<size_t>(id)]; }

const StepRow* FindStep(const std::string& key) {
  for (const StepRow& row : StepRows())
    if (key == row.key) return &row;
  return nullptr;
}

const char* StepHelp(const std::string& key, Mode mode, MomentumConvention convention) {
  const StepRow* row = FindStep(key);
  return (row != nullptr ? StepHelpText(*row, mode, convention) : Tr("step.unknown.help")).c_str();
}

// ---------------------------------------------------------------------------------------------
// 5. In the current language
// ---------------------------------------------------------------------------------------------
namespace {

const char* const kSuffix[] = {"", ".eval", ".keras"};  // by StepVariant

// "step.mean.title", "step.mean.title.eval": the key of the variant Pick takes.
std::string TextKey(const StepRow& row, const char* field, StepVariant variant) {
  return std::string("step.") + row.key + "." + field + kSuffix[static_cast<int>(variant)];
}

std::string SlipKey(const StepRow& row, size_t index) {
  return std::string("step.") + row.key + ".slip." + std::to_string(index + 1);
}

// The English of the places FillStepText fills in (en.po's msgid of step.place.*) and the generic help.
const std::pair<const char*, const char*> kFixedTexts[] = {
    {"step.place.feature", "feature {feature}"},
    {"step.place.element", "sample {sample}, feature {feature}"},
    {"step.unknown.help", "A step of Batch Normalization."},
};

}  // namespace

const std::string& StepTitle(const StepRow& row, Mode mode, MomentumConvention convention) {
  return Tr(TextKey(row, "title", row.title.Which(mode, convention)));
}

const std::string& StepTitle(const Trace& t, int step) {
  static const std::string none;
  if (step < 0 || step >= static_cast<int>(t.steps.size())) return none;
  const StepRow* row = FindStep(t.steps[step].key);
  return row != nullptr ? StepTitle(*row, t.in.mode, t.in.running.convention) : t.steps[step].title;
}

const std::string& StepPrompt(const StepRow& row, Mode mode, MomentumConvention convention) {
  return Tr(TextKey(row, "prompt", row.prompt.Which(mode, convention)));
}

const std::string& StepHelpText(const StepRow& row, Mode mode, MomentumConvention convention) {
  return Tr(TextKey(row, "help", row.help.Which(mode, convention)));
}

const std::string& StepSlipText(const StepRow& row, const StepSlip& slip) {
  return Tr(SlipKey(row, static_cast<size_t>(&slip - row.slips.data())));
}

std::vector<std::pair<std::string, std::string>> StepCatalogTexts() {
  std::vector<std::pair<std::string, std::string>> texts;
  for (const StepRow& row : StepRows()) {
    for (const auto& [field, text] : {std::pair<const char*, const StepText*>{"title", &row.title},
                                      {"prompt", &row.prompt}, {"help", &row.help}}) {
      texts.emplace_back(TextKey(row, field, StepVariant::Text), text->text);
      if (text->eval != nullptr) texts.emplace_back(TextKey(row, field, StepVariant::Eval), text->eval);
      if (text->keras != nullptr) texts.emplace_back(TextKey(row, field, StepVariant::Keras), text->keras);
    }
    for (size_t k = 0; k < row.slips.size(); ++k) texts.emplace_back(SlipKey(row, k), row.slips[k].text);
  }
  for (const auto& [key, text] : kFixedTexts) texts.emplace_back(key, text);
  return texts;
}

}  // namespace bn
