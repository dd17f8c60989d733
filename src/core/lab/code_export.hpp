// code_export.hpp: bnlab's batch as code: every step of the trace as NumPy and as PyTorch, the one library call
// that does it all, and a Jupyter notebook (.ipynb) that runs those very texts and checks them against the lab's
// numbers. One generator: the code view (ui/code_panel.cpp), Share → Jupyter notebook, `share-notebook` and
// `bntrace --format notebook` all read the texts made here.
//
// Index
//   1. The step lab: StepSetupCode (imports and the batch), StepNumpyCode / StepTorchCode (one step),
//      LibraryCallCode (torch.nn.BatchNorm1d with the lab's ε, momentum and mode), StepCodeView, TraceToNotebook
//   2. The image lab: ImageNumpyCode (statistics per group, x̂, y), ImageTorchCode (BatchNorm2d, F.layer_norm,
//      F.instance_norm or F.group_norm), ImageToNotebook
//
// Numbers: the batch is embedded exactly (the shortest text of each double, or of each float32 read back as
// float32; the settings ε and momentum as their float32 text, "1e-05", ~1e-8 off at most) and the code
// computes in float64 as bnlab does, so the notebook's assertions hold to rtol 1e-7 (kNotebookRtol); the value
// comments give 6 significant digits. Python names follow the formulas: x, gamma, beta, eps, momentum,
// running_mean, running_var, dy; mean, var, inv_std, xhat, y; dbeta, dgamma, dxhat, dvar, dmean, dx (PyTorch's
// versions end in _t). Pure std + Eigen: no UI.
#pragma once

#include <string>

#include "core/bn/bn.hpp"
#include "core/lab/image_lab.hpp"

namespace bn {

// The notebook's tolerance: np.testing.assert_allclose(actual, bnlab, rtol=kNotebookRtol, atol=kNotebookAtol).
// Both sides compute in float64; they differ only in the order of the sums (NumPy sums pairwise).
constexpr double kNotebookRtol = 1e-7;
constexpr double kNotebookAtol = 1e-9;

// ---------------------------------------------------------------------------------------------
// 1. The step lab
// ---------------------------------------------------------------------------------------------
// The imports and the batch as NumPy arrays: x, gamma, beta, eps, the mode, momentum (with its convention),
// running_mean, running_var (before the step), and dy when the input has one.
std::string StepSetupCode(const TraceInput& in);

// Step `key` of the trace ("mean", "xhat", "dgamma" ...) in NumPy: the line(s) computing it from earlier steps'
// variables (as the trace's formula), then, with `values`, a comment with the values of feature `feature`
// (0-based; per-element steps list the feature's column). "" for a key the trace does not hold.
std::string StepNumpyCode(const Trace& t, const std::string& key, int feature, bool values);

// The same step in PyTorch (float64 tensors; backward steps: autograd, `.backward()` on `(y * dy).sum()`,
// reading the step's .grad), ending with its values comment when `values`.
std::string StepTorchCode(const Trace& t, const std::string& key, int feature, bool values);

// The one call that does all of it: torch.nn.BatchNorm1d with the lab's ε and momentum (Keras convention:
// PyTorch's momentum is 1 − the Keras momentum, and PyTorch stores the unbiased variance), γ, β and the running
// statistics set, .train() or .eval(); with dy, `.backward()` on `(y * dy).sum()`. With `values`, comments give
// y (and the running statistics, dx, dγ, dβ) for feature `feature`.
std::string LibraryCallCode(const Trace& t, int feature, bool values);

// What the code view shows for a step: lang 0 NumPy (StepNumpyCode), 1 PyTorch (StepTorchCode, a blank line,
// then LibraryCallCode), 2 the batch (StepSetupCode). `values` is for the step's comment, `library_values` for
// the library call's (its y, running statistics and gradients give away every step's result).
std::string StepCodeView(const Trace& t, const std::string& key, int lang, int feature, bool values,
                         bool library_values);

// The Jupyter notebook (nbformat 4, Python 3 kernel): a title, the setup cell, then per step a Markdown cell
// with its formula, its NumPy cell and its PyTorch cell (exactly StepNumpyCode / StepTorchCode with values for
// `feature`) and an assertion cell comparing both with bnlab's numbers (embedded); then the library call
// (LibraryCallCode) and its assertions. Running it top to bottom proves that the hand computation, PyTorch's
// operations, the library and bnlab agree.
std::string TraceToNotebook(const Trace& t, int feature = 0);

// ---------------------------------------------------------------------------------------------
// 2. The image lab
// ---------------------------------------------------------------------------------------------
// The batch (x as an N×C×H×W array, γ, β, ε, dy with the backward pass) and the statistics of the lab's
// variant per statistics group in NumPy (mean, var: one value per group, in the lab's group order), then x̂ and
// y; with `values`, comments give the values of group `group` (0-based). Renorm: the statistics only.
std::string ImageNumpyCode(const NormTrace& t, int group, bool values);

// The one PyTorch call (torch.nn.BatchNorm2d in train mode, F.layer_norm, F.instance_norm, F.group_norm with
// the lab's ε and γ, β), with the backward pass `.backward()` on `(y * dy).sum()`; with `values`, comments give
// the first row of y (and dx) in group `group`'s first plane. Ghost BN and Renorm have no single call: a comment says
// so (and the code computes with F.batch_norm per sub-batch for Ghost).
std::string ImageTorchCode(const NormTrace& t, int group, bool values);

// The image lab's notebook: the NumPy cell, its assertions (mean, var, y), the PyTorch cell and its assertions
// (y; with the backward pass dx, dγ, dβ).
std::string ImageToNotebook(const NormTrace& t);

}  // namespace bn
