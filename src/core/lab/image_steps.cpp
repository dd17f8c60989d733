// image_steps.cpp: the image lab's table of steps (see image_steps.hpp) and NormSubstituted, which reads it.
//
// Index
//   1. NormFill and each step's formula with numbers (the functions the rows name); NormSubstituted
//   2. Values the trace does not hold as they are shown (x̂_B, dx̂)
//   3. The table: one row per step, in trace order
//   4. ImageStepRows, FindImageStep, ImageStepHelp
//   5. In the current language: ImageStepTitle, ImageStepHelpText, ImageStepCatalogTexts
//
// Element index: flat NCHW, ((n·C + c)·H + h)·W + w, as in Tensor4. Sources of the help texts in the comment beside
// each (teaching-facts: Ioffe & Szegedy 2015; Ioffe 2017 for Batch Renormalization; PyTorch's documentation).
// Titles and help are looked up by key at the time of the call (section 5): image.step.<key>.title[.renorm], .help.
// i18n-keys: image.step.
#include "core/lab/image_steps.hpp"

#include <algorithm>
#include <cmath>

#include "core/i18n/current.hpp"
#include "core/lab/image_lab.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Formulas with numbers
// ---------------------------------------------------------------------------------------------
// What a step's formula with numbers reads: element (ni, ci, hi, wi) of the trace (in range), its flat index and
// statistics group k, the digits, and the result already written (" = 0.4472").
struct NormFill {
  const NormTrace& t;
  int ni, ci, hi, wi;
  size_t index;
  int k;
  int digits;
  std::string eq;

  const NormGroups& g() const { return t.fwd.groups; }
  size_t hw() const { return static_cast<size_t>(g().h) * g().w; }
  bool renorm() const { return t.in.params.variant == NormVariant::Renorm; }
  std::string kk() const { return SubscriptIndex(k + 1); }   // the group's subscript
  std::string cc() const { return SubscriptIndex(ci + 1); }  // the channel's subscript
  std::string m() const { return std::to_string(g().size); }
  double x() const { return t.x.data[index]; }
  // f: a number as the first operand; p: an operand after an operator, in parentheses when negative.
  std::string f(double v) const { return FormatNumber(v, digits); }
  std::string p(double v) const { return v < 0 ? "(" + f(v) + ")" : f(v); }
  double value(const char* key, size_t at) const {
    const int q = t.index_of(key);
    return q < 0 || at >= t.steps[q].value.size() ? std::nan("") : t.steps[q].value[at];
  }
  // The members of group k in storage order: the terms of its sums.
  template <typename Term>
  std::string GroupTerms(Term term) const {
    std::vector<std::string> terms;
    for (int a = 0; a < g().n && terms.size() < 8; ++a)
      for (int b = 0; b < g().c && terms.size() < 8; ++b) {
        if (GroupOf(g(), a, b) != k) continue;
        const size_t base = (static_cast<size_t>(a) * g().c + b) * hw();
        for (size_t j = 0; j < hw() && terms.size() < 8; ++j) terms.push_back(term(base + j));
      }
    if (g().size > 7) terms.resize(std::min<size_t>(terms.size(), 7)), terms.push_back("");  // "…" follows
    return JoinTerms(terms);
  }
  template <typename Term>
  std::string ChannelTerms(Term term) const {  // over (N, H, W) of channel c
    std::vector<std::string> terms;
    for (int a = 0; a < g().n && terms.size() < 8; ++a)
      for (size_t j = 0; j < hw() && terms.size() < 8; ++j)
        terms.push_back(term((static_cast<size_t>(a) * g().c + ci) * hw() + j));
    return JoinTerms(terms);
  }
};

namespace {

std::string MeanNumbers(const NormFill& c) {
  return "μ" + c.kk() + " = (" + c.GroupTerms([&](size_t i) { return c.p(c.t.x.data[i]); }) + ") / " + c.m() + c.eq;
}
std::string VarNumbers(const NormFill& c) {
  const double mean = c.t.fwd.mean[c.k];
  return "σ" + c.kk() + "² = (" +
         c.GroupTerms([&](size_t i) { return "(" + c.f(c.t.x.data[i]) + " − " + c.p(mean) + ")²"; }) + ") / " + c.m() +
         c.eq;
}
std::string InvStdNumbers(const NormFill& c) {
  return "1/√(σ" + c.kk() + "² + ε) = 1/√(" + c.f(c.t.fwd.var[c.k]) + " + " + c.f(c.t.in.eps) + ")" + c.eq;
}
// x̂ (x̂_B for Renorm's first step) = (x − μₖ)·inv_stdₖ
std::string Normalized(const NormFill& c, const char* symbol) {
  return std::string(symbol) + " = (x − μ" + c.kk() + ")·(1/√(σ" + c.kk() + "² + ε)) = (" + c.f(c.x()) + " − " +
         c.p(c.t.fwd.mean[c.k]) + ")·" + c.f(c.t.fwd.inv_std[c.k]) + c.eq;
}
std::string XhatBNumbers(const NormFill& c) { return Normalized(c, "x̂_B"); }
std::string RNumbers(const NormFill& c) {
  const NormParams& pr = c.t.in.params;
  const double run_std = std::sqrt(pr.running_var(c.ci) + c.t.in.eps);
  return "r" + c.cc() + " = clip(" + c.f(std::sqrt(c.t.fwd.var[c.k] + c.t.in.eps)) + " / " + c.f(run_std) + ", " +
         c.f(1.0 / pr.r_max) + ", " + c.f(pr.r_max) + ")" + c.eq;
}
std::string DNumbers(const NormFill& c) {
  const NormParams& pr = c.t.in.params;
  const double run_std = std::sqrt(pr.running_var(c.ci) + c.t.in.eps);
  return "d" + c.cc() + " = clip((" + c.f(c.t.fwd.mean[c.k]) + " − " + c.p(pr.running_mean(c.ci)) + ") / " +
         c.f(run_std) + ", −" + c.f(pr.d_max) + ", " + c.f(pr.d_max) + ")" + c.eq;
}
std::string XhatNumbers(const NormFill& c) {
  if (!c.renorm()) return Normalized(c, "x̂");
  return "x̂ = r" + c.cc() + "·x̂_B + d" + c.cc() + " = " + c.f(c.t.fwd.r[c.ci]) + "·" + c.p(c.value("xhat_b", c.index)) +
         " + " + c.p(c.t.fwd.d[c.ci]) + c.eq;
}
std::string YNumbers(const NormFill& c) {
  return "y = γ" + c.cc() + "·x̂ + β" + c.cc() + " = " + c.f(c.t.in.gamma(c.ci)) + "·" + c.p(c.t.fwd.xhat.data[c.index]) +
         " + " + c.p(c.t.in.beta(c.ci)) + c.eq;
}
std::string DyNumbers(const NormFill& c) { return "dy = ∂L/∂y" + c.eq; }
std::string DbetaNumbers(const NormFill& c) {
  return "dβ" + c.cc() + " = " + c.ChannelTerms([&](size_t i) { return c.p(c.t.dy.data[i]); }) + c.eq;
}
std::string DgammaNumbers(const NormFill& c) {
  return "dγ" + c.cc() + " = " +
         c.ChannelTerms([&](size_t i) { return c.p(c.t.dy.data[i]) + "·" + c.p(c.t.fwd.xhat.data[i]); }) + c.eq;
}
std::string DxhatNumbers(const NormFill& c) {
  return "dx̂ = dy·γ" + c.cc() + " = " + c.p(c.t.dy.data[c.index]) + "·" + c.p(c.t.in.gamma(c.ci)) + c.eq;
}
std::string DxNumbers(const NormFill& c) {
  // Σ dx̂ and Σ dx̂·x̂ over the m values of group k (x̂_B for Renorm, whose r multiplies in front).
  const char* xhat_key = c.renorm() ? "xhat_b" : "xhat";
  double sum = 0.0, sum_x = 0.0;
  for (int a = 0; a < c.g().n; ++a)
    for (int b = 0; b < c.g().c; ++b) {
      if (GroupOf(c.g(), a, b) != c.k) continue;
      const size_t base = (static_cast<size_t>(a) * c.g().c + b) * c.hw();
      for (size_t j = 0; j < c.hw(); ++j) {
        const double d = c.value("dxhat", base + j);
        sum += d;
        sum_x += d * c.value(xhat_key, base + j);
      }
    }
  const std::string inv = c.f(c.t.fwd.inv_std[c.k]) + "/" + c.m();
  const std::string front = c.renorm() ? c.f(c.t.fwd.r[c.ci]) + "·" + inv : inv;
  return "dx = " + front + "·(" + c.m() + "·" + c.p(c.value("dxhat", c.index)) + " − " + c.p(sum) + " − " +
         c.p(c.value(xhat_key, c.index)) + "·" + c.p(sum_x) + ")" + c.eq;
}

}  // namespace

std::string NormSubstituted(const NormTrace& t, int step, int ni, int ci, int hi, int wi, int digits) {
  if (step < 0 || step >= static_cast<int>(t.steps.size())) return {};
  const NormGroups& g = t.fwd.groups;
  ni = std::clamp(ni, 0, g.n - 1), ci = std::clamp(ci, 0, g.c - 1);
  hi = std::clamp(hi, 0, g.h - 1), wi = std::clamp(wi, 0, g.w - 1);
  const NormStep& s = t.steps[step];
  const size_t index = ((static_cast<size_t>(ni) * g.c + ci) * g.h + hi) * g.w + wi;
  const int k = GroupOf(g, ni, ci);
  const double result = s.extent == NormExtent::PerGroup     ? s.value[k]
                        : s.extent == NormExtent::PerChannel ? s.value[ci]
                                                             : s.value[index];
  const NormFill fill{t, ni, ci, hi, wi, index, k, digits, " = " + FormatNumber(result, digits)};
  const ImageStepRow* row = FindImageStep(s.key);
  return row != nullptr ? row->numbers(fill) : s.symbol + fill.eq;
}

// ---------------------------------------------------------------------------------------------
// 2. Values
// ---------------------------------------------------------------------------------------------
namespace {

std::vector<double> RowValues(const Row& r) { return std::vector<double>(r.data(), r.data() + r.size()); }

// x̂_B = (x − μ)·inv_std: the plain batch-normalized value, before Renorm's correction.
std::vector<double> XhatB(const NormTrace& t) {
  const NormGroups& g = t.fwd.groups;
  std::vector<double> xhat_b = t.x.data;
  for (int ni = 0; ni < g.n; ++ni)
    for (int ci = 0; ci < g.c; ++ci) {
      const int k = GroupOf(g, ni, ci);
      const size_t base = (static_cast<size_t>(ni) * g.c + ci) * g.h * g.w;
      for (int j = 0; j < g.h * g.w; ++j) xhat_b[base + j] = (t.x.data[base + j] - t.fwd.mean[k]) * t.fwd.inv_std[k];
    }
  return xhat_b;
}

// dx̂ = dy·γ_c
std::vector<double> Dxhat(const NormTrace& t) {
  const NormGroups& g = t.fwd.groups;
  std::vector<double> dxhat(t.dy.data.size());
  const size_t hw = static_cast<size_t>(g.h) * g.w;
  for (size_t i = 0; i < dxhat.size(); ++i) dxhat[i] = t.dy.data[i] * t.in.gamma((i / hw) % g.c);
  return dxhat;
}

// ---------------------------------------------------------------------------------------------
// 3. The table
// ---------------------------------------------------------------------------------------------
constexpr NormExtent kGroup = NormExtent::PerGroup, kChannel = NormExtent::PerChannel, kElement = NormExtent::PerElement;
constexpr bool kForward = false, kBackward = true;
constexpr bool kEveryVariant = false, kRenormOnly = true;

std::vector<ImageStepRow> MakeRows() {
  return {
      // m = values per statistics group, the paper's m (its effective mini-batch for a conv layer: Ioffe & Szegedy
      // 2015, §3.2)
      {"mean", "μ", kGroup, kForward, kEveryVariant,
       {"Mean of each statistics group"}, {"μₖ = (1/m) Σᵢ xᵢ   (i over the m values of group k)"},
       [](const NormTrace& t) { return t.fwd.mean; }, MeanNumbers,
       "Sₖ is the set of values that share statistics group k (coloured alike in the picture). The mean is their "
       "average; which values belong together is the only thing that differs between the variants."},

      // Help: Ioffe & Szegedy 2015, Alg. 1
      {"var", "σ²", kGroup, kForward, kEveryVariant,
       {"Variance of each group (biased)"}, {"σₖ² = (1/m) Σᵢ (xᵢ − μₖ)²   (i over group k)"},
       [](const NormTrace& t) { return t.fwd.var; }, VarNumbers,
       "The biased variance of group k: the average squared distance from its mean, dividing by its m values, "
       "not m − 1, as every framework does when it normalizes in training."},

      {"inv_std", "1/√(σ²+ε)", kGroup, kForward, kEveryVariant,
       {"Inverse standard deviation"}, {"1/√(σₖ² + ε)"},
       [](const NormTrace& t) { return t.fwd.inv_std; }, InvStdNumbers,
       "ε keeps the division finite when a group is constant. Multiplying by 1/√(σ² + ε) is what the backward "
       "pass reuses, so it is worth keeping."},

      // Batch Renormalization (Ioffe 2017, §3): x̂_B, then r and d correct it.
      {"xhat_b", "x̂_B", kElement, kForward, kRenormOnly,
       {"Normalize with the batch statistics"}, {"x̂_B = (x − μ_c) / √(σ_c² + ε)"},
       XhatB, XhatBNumbers,
       "The plain BatchNorm value, with this batch's statistics per channel. Renorm corrects it next."},

      // Help: Ioffe 2017 (Batch Renorm), §3
      {"r", "r", kChannel, kForward, kRenormOnly,
       {"Renorm's scale correction r (clipped)"}, {"r_c = clip(σ_B / σ_run, 1/r_max, r_max)"},
       [](const NormTrace& t) { return t.fwd.r; }, RNumbers,
       "r rescales from the batch's spread to the running spread, clipped to [1/r_max, r_max]. It is not learned: "
       "it is computed from the statistics, and the backward pass treats r (and d) as constants, so the "
       "gradient still flows through the batch's μ_B and σ_B as in BatchNorm."},

      {"d", "d", kChannel, kForward, kRenormOnly,
       {"Renorm's shift correction d (clipped)"}, {"d_c = clip((μ_B − μ_run) / σ_run, −d_max, d_max)"},
       [](const NormTrace& t) { return t.fwd.d; }, DNumbers,
       "d shifts from the batch's mean to the running mean, in units of the running standard deviation, clipped "
       "to [−d_max, d_max] and held constant in the backward pass."},

      // Help: Ioffe & Szegedy 2015, Alg. 1; Ioffe 2017 (Batch Renorm), §3
      {"xhat", "x̂", kElement, kForward, kEveryVariant,
       {"Normalize", "Corrected normalized value"}, {"x̂ = (x − μₖ) / √(σₖ² + ε)", "x̂ = r_c·x̂_B + d_c"},
       [](const NormTrace& t) { return t.fwd.xhat.data; }, XhatNumbers,
       "Each value becomes its distance from its group's mean in units of √(σ² + ε): every group now has mean 0 "
       "and variance σ²/(σ² + ε): just under 1 when σ² is much larger than ε, far under it when σ² is near or "
       "below ε (0 for a constant group). For Batch Renormalization this step is the corrected "
       "x̂ = r·x̂_B + d: its mean is d and its spread about r, so it is 0 and 1 only when r = 1 and d = 0."},

      // Help: PyTorch docs: LayerNorm, InstanceNorm2d
      {"y", "y", kElement, kForward, kEveryVariant,
       {"Scale by γ and shift by β (per channel)"}, {"y = γ_c·x̂ + β_c"},
       [](const NormTrace& t) { return t.fwd.y.data; }, YNumbers,
       "γ and β are learned, one pair per channel for every variant here (as PyTorch's group_norm and "
       "instance_norm take them), so the network can undo the normalization where that helps. nn.LayerNorm "
       "learns a pair per element instead, and nn.InstanceNorm2d none by default."},

      // ---- Backward ----
      {"dy", "dy", kElement, kBackward, kEveryVariant,
       {"Upstream gradient"}, {"dy = ∂L/∂y"},
       [](const NormTrace& t) { return t.dy.data; }, DyNumbers,
       "The gradient arriving from the layers above; here a fixed random pattern of small integers."},

      {"dbeta", "dβ", kChannel, kBackward, kEveryVariant,
       {"Gradient of β"}, {"dβ_c = Σ dy   (over N, H, W of channel c)"},
       [](const NormTrace& t) { return RowValues(t.bwd.dbeta); }, DbetaNumbers,
       "β is added to every value of its channel, so its gradient sums dy over (N, H, W)."},

      {"dgamma", "dγ", kChannel, kBackward, kEveryVariant,
       {"Gradient of γ"}, {"dγ_c = Σ dy·x̂   (over N, H, W of channel c)"},
       [](const NormTrace& t) { return RowValues(t.bwd.dgamma); }, DgammaNumbers,
       "γ multiplies x̂, so its gradient sums dy·x̂ over the channel's values."},

      {"dxhat", "dx̂", kElement, kBackward, kEveryVariant,
       {"Gradient of x̂"}, {"dx̂ = dy·γ_c"},
       Dxhat, DxhatNumbers,
       "Through y = γ·x̂ + β, each x̂ receives dy times its channel's γ."},

      // Formula: each Σ runs over the m values of the element's own group k (not over k); Ioffe & Szegedy 2015, §3;
      // Renorm: Ioffe 2017, §3 (r, d are constants for the gradient).
      // Help: Ioffe & Szegedy 2015, §3 (backward): Σ dx = 0 for any ε, Σ dx·x̂ = ε/(σ²+ε)·…
      {"dx", "dx", kElement, kBackward, kEveryVariant,
       {"Gradient of x"},
       {"dx = 1/(m·√(σₖ²+ε)) · (m·dx̂ − Σ dx̂ − x̂·Σ dx̂·x̂)   (each Σ over the m values of group k)",
        "dx = r_c/(m·σ_B) · (m·dx̂ − Σ dx̂ − x̂_B·Σ dx̂·x̂_B)   (each Σ over the m values of channel c; r, d constants)"},
       [](const NormTrace& t) { return t.bwd.dx.data; }, DxNumbers,
       "Every x moved its group's mean and variance, so its gradient has three parts: its own dx̂, minus the "
       "group's average dx̂, minus x̂ times the group's average dx̂·x̂, all scaled by 1/√(σ² + ε). So over each "
       "group Σ dx = 0 for any ε, Σ dx·x̂ = 0 exactly only when ε = 0, and a dy that is the same for every "
       "value of a group gives dx = 0. For Renorm r multiplies in front, x̂_B takes x̂'s place, and r, d are "
       "constants."},
  };
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 4. Lookups
// ---------------------------------------------------------------------------------------------
const std::vector<ImageStepRow>& ImageStepRows() {
  static const std::vector<ImageStepRow> rows = MakeRows();
  return rows;
}

const ImageStepRow* FindImageStep(const std::string& key) {
  for (const ImageStepRow& row : ImageStepRows())
    if (key == row.key) return &row;
  return nullptr;
}

const char* ImageStepHelp(const std::string& key) {
  const ImageStepRow* row = FindImageStep(key);
  return (row != nullptr ? ImageStepHelpText(*row) : Tr("image.step.unknown.help")).c_str();
}

// ---------------------------------------------------------------------------------------------
// 5. In the current language
// ---------------------------------------------------------------------------------------------
namespace {

std::string TitleKey(const ImageStepRow& row, bool renorm) {
  return std::string("image.step.") + row.key + ".title" + (renorm ? ".renorm" : "");
}
std::string HelpKey(const ImageStepRow& row) { return std::string("image.step.") + row.key + ".help"; }

}  // namespace

const std::string& ImageStepTitle(const ImageStepRow& row, bool is_renorm) {
  return Tr(TitleKey(row, is_renorm && row.title.renorm != nullptr));
}

const std::string& ImageStepTitle(const NormTrace& t, int step) {
  static const std::string none;
  if (step < 0 || step >= static_cast<int>(t.steps.size())) return none;
  const ImageStepRow* row = FindImageStep(t.steps[step].key);
  return row != nullptr ? ImageStepTitle(*row, t.in.params.variant == NormVariant::Renorm) : t.steps[step].title;
}

const std::string& ImageStepHelpText(const ImageStepRow& row) { return Tr(HelpKey(row)); }

std::vector<std::pair<std::string, std::string>> ImageStepCatalogTexts() {
  std::vector<std::pair<std::string, std::string>> texts;
  for (const ImageStepRow& row : ImageStepRows()) {
    texts.emplace_back(TitleKey(row, false), row.title.text);
    if (row.title.renorm != nullptr) texts.emplace_back(TitleKey(row, true), row.title.renorm);
    texts.emplace_back(HelpKey(row), row.help);
  }
  texts.emplace_back("image.step.unknown.help", "One step of the normalization.");
  return texts;
}

}  // namespace bn
