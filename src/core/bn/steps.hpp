// steps.hpp: BN's steps as one table. One row per step key holds everything a step shows anywhere: its title,
// symbol and formula (the lab), the formula with the batch's numbers (a function the row names), its LaTeX (the
// exports), the name and sentence practice asks with and the slips its hints name, the help beside the formula
// (train and eval mode), and its NumPy and PyTorch lines (the code view and the notebooks). Every place that
// differs by step reads the step's row; none branches on the key.
//
// Index
//   1. StepText: one text, with eval mode's and Keras's own where they differ
//   2. StepSlip, SlipValues: a common slip practice names when a wrong answer matches it
//   3. StepRow, StepId and the table: StepRows, StepRowOf, FindStep
//   4. Texts from patterns: FillStepText ({j}, {ij}, {feature}, {element}, {n}, {unbias}); StepHelp
//   5. The texts a learner reads, in the current language: StepTitle, StepPrompt, StepHelpText, StepSlipText;
//      StepCatalogTexts (every key the table asks the catalogs for, with its English)
//
// The texts are checked against the sources named in the comment beside them (teaching-facts: the paper is
// Ioffe & Szegedy 2015; the libraries' rules are PyTorch's and Keras 3's documentation). Letters as everywhere
// a learner reads: N samples, m values per feature (m = N here), momentum written as the word.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/bn/bn.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. A text with its variants
// ---------------------------------------------------------------------------------------------
// One text of a step, with eval mode's own and Keras's own where they differ (nullptr: the same text).
// Eval mode takes its text first; Keras's text is chosen by the convention in either mode.
enum class StepVariant { Text, Eval, Keras };

struct StepText {
  const char* text = "";
  const char* eval = nullptr;   // eval mode: μ and σ² are the running statistics
  const char* keras = nullptr;  // Keras's momentum convention (the running updates)
  StepVariant Which(Mode mode, MomentumConvention convention) const;  // the one text Pick returns
  const char* Pick(Mode mode, MomentumConvention convention) const;   // the row's own text (English)
};

// ---------------------------------------------------------------------------------------------
// 2. Common slips
// ---------------------------------------------------------------------------------------------
// The numbers a slip's wrong value is made of, at the asked element (i, j) (NaN for a step the trace lacks).
struct SlipValues {
  double m = 0.0;  // values per feature
  double eps = 0.0, sum = 0.0, mean = 0.0, dev = 0.0, var = 0.0, gx = 0.0;
  double momentum = 0.0, old_mean = 0.0, old_var = 0.0;  // the running statistics before this batch
};
SlipValues SlipValuesAt(const Trace& t, int i, int j);  // i < 0: sample 0

enum class SlipWhen { Always, Train, PyTorch, Keras };

// A wrong answer practice recognizes: when the learner's number is `wrong` (and the true one is not), the hint
// adds `text` (a pattern for FillStepText: "{n}", "{unbias}").
struct StepSlip {
  SlipWhen when;
  double (*wrong)(const SlipValues&);
  const char* text;
};

// ---------------------------------------------------------------------------------------------
// 3. The table
// ---------------------------------------------------------------------------------------------
// The steps in the order a train-mode trace with dy computes them (eval reads μ and σ² first: mean, var, dev,
// var_eps, ...; it has no sum, sq or running updates).
enum class StepId {
  Sum, Mean, Dev, Sq, Var, VarEps, Std, InvStd, Xhat, Gx, Y, RunningMean, RunningVar,  // forward
  Dy, Dbeta, Dgamma, Dxhat, Dvar, Dmean, Dx,                                             // backward
  Count
};

// Properties a few places test (flags of StepRow::flags).
constexpr unsigned kStepInXUnits = 1u;        // the value is in x's units (sum, mean, dev, running mean)
constexpr unsigned kStepNeedsAffine = 2u;     // it reads γ and β (a checkpoint question lists them)
constexpr unsigned kStepRunningUpdate = 4u;   // a running-statistics update (reads momentum, the values before)
constexpr unsigned kStepForwardColumn = 8u;   // the worksheet drops its column while the backward pass is shown
constexpr unsigned kStepGiven = 16u;          // given, not computed: practice asks nothing (dy)

struct StepFill;  // steps.cpp: the trace, the element and the number format a formula with numbers reads
using StepNumbersFn = std::string (*)(const StepFill&);

struct StepRow {
  StepId id;
  const char* key;     // stable id (Trace, state().steps, links, exports): "mean", "xhat", "dvar" ...
  const char* symbol;  // UTF-8 symbol of the result: "μ", "σ²", "x̂"
  Extent extent;       // value 1×D (per feature) or M×D (per element)
  bool backward;
  unsigned flags;      // kStep* above
  StepText title;      // short human title: "Batch mean"
  StepText formula;    // UTF-8 general formula: "μⱼ = (1/m) Σᵢ xᵢⱼ"
  StepText inputs;     // keys it reads, space-separated: "x", "gamma", "beta", "eps" or earlier steps
  StepNumbersFn numbers;     // the formula with one element's numbers: SubstitutedFormula
  const char* latex_symbol;  // the result in LaTeX math: "\hat{x}_{ij}" (ASCII)
  StepText latex;            // the formula in LaTeX math (ASCII); a backward one starts with latex_symbol
  const char* label;         // practice: the asked value's name, a pattern: "x̂{ij}", "σ{j}²"
  StepText prompt;           // practice: "Compute LABEL, PROMPT."; for a given step the whole sentence
  std::vector<StepSlip> slips;  // practice hints: tried in order, the first match is named
  StepText help;             // the help beside the formula (train; eval where it differs)
  const char* py_name;       // the code's name of the result: NumPy "x_sum", PyTorch "x_sum_t"
  const char* torch_name;
  StepText numpy;            // the step's NumPy lines
  StepText torch;            // its PyTorch lines (a backward step's follow the autograd block)
};

// Every row, in StepId order.
const std::vector<StepRow>& StepRows();
const StepRow& StepRowOf(StepId id);
// The row of a key; nullptr for a key no step has.
const StepRow* FindStep(const std::string& key);

// ---------------------------------------------------------------------------------------------
// 4. Texts
// ---------------------------------------------------------------------------------------------
// Where a pattern is filled in: element (i, j), 0-based (i = -1 for a per-feature value), and N.
struct StepPlace {
  int i = -1, j = 0;
  long n = 0;
};

// A pattern with its places filled: {j} "₂" and {ij} "₃,₂" (1-based subscripts), {feature} "feature 2",
// {element} "sample 3, feature 2" (both in the current language: step.place.*), {n} "4", {unbias} N/(N − 1) to 4
// digits "1.333". Other text is kept.
std::string FillStepText(const char* pattern, const StepPlace& at);

// The help beside a step's formula (StepHelpText of FindStep(key)), in the current language; a generic sentence for a
// key no step has. The pointer stays valid (the catalogs are constant).
const char* StepHelp(const std::string& key, Mode mode, MomentumConvention convention);

// ---------------------------------------------------------------------------------------------
// 5. In the current language
// ---------------------------------------------------------------------------------------------
// A row holds its texts in English (en.po's msgid; Pick returns them, and a trace's TraceStep::title is that English,
// as bntrace writes it). What a learner reads comes from the catalogs at the time of the call, since the language can
// change at any frame: Tr("step.<key>.<field>"), with ".eval" or ".keras" where Pick would take that variant
// (step.mean.title.eval), and step.<key>.slip.<n> (1-based) for the slips. Formulas, symbols, LaTeX, labels and the
// NumPy/PyTorch lines are not translated. The references stay valid (the catalogs are constant).
const std::string& StepTitle(const StepRow& row, Mode mode, MomentumConvention convention);
const std::string& StepTitle(const Trace& t, int step);  // t.steps[step]'s, for t's mode and convention ("" if none)
const std::string& StepPrompt(const StepRow& row, Mode mode, MomentumConvention convention);  // a FillStepText pattern
const std::string& StepHelpText(const StepRow& row, Mode mode, MomentumConvention convention);
const std::string& StepSlipText(const StepRow& row, const StepSlip& slip);  // slip: one of row.slips; a pattern

// Every key the table and FillStepText ask the catalogs for, with the English it stands for (en.po must hold exactly
// that text): the rows' titles, prompts, help and slips with their variants, the places, the generic help.
std::vector<std::pair<std::string, std::string>> StepCatalogTexts();

}  // namespace bn
