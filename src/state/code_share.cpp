// code_share.cpp: the code view's text and the notebooks (see code_share.hpp).
#include "state/code_share.hpp"

#include <algorithm>

#include "core/bn/norm_variants.hpp"
#include "core/i18n/current.hpp"
#include "core/lab/code_export.hpp"
#include "core/learn/practice.hpp"
#include "state/learn.hpp"

namespace bnlab {
namespace {

// No step's values are hidden (practice's question, an open lesson question): output that gives every step's
// result away (the library call's y and gradients, the notebook) may be shown.
bool NothingHidden(const StepLab& lab) {
  if (lab.hidden_from >= 0) return false;
  for (int k = 0; k < static_cast<int>(lab.trace.steps.size()); ++k)
    if (bn::PracticeHidesStep(lab.practice.session, k)) return false;
  return true;
}

int SelectedGroup(const ImageLab& lab) {
  if (lab.trace.fwd.groups.count == 0) return 0;
  return bn::GroupOf(lab.trace.fwd.groups, lab.sel[0], lab.sel[1]);
}

bool Save(AppState& app, const std::string& name, const std::string& text, std::string* error) {
  const std::string where = app.host.SaveFile(name, "application/x-ipynb+json", text);
  if (where.empty()) {
    Notify(app, bn::Tr("msg.file.not_saved", {{"name", name}}), true);
    return *error = bn::Tr("msg.file.not_saved_error", {{"name", name}}), false;
  }
  Notify(app, bn::Tr("msg.notebook.saved", {{"where", where}, {"bytes", std::to_string(text.size())}}), false);
  return true;
}

}  // namespace

std::string StepCodeText(const StepLab& lab, CodeLang lang) {
  if (!lab.trace_error.empty() || lab.trace.steps.empty()) return "";
  const int k = std::min(std::max(lab.step, 0), static_cast<int>(lab.trace.steps.size()) - 1);
  return bn::StepCodeView(lab.trace, lab.trace.steps[k].key, static_cast<int>(lang), lab.view.sel_col,
                          StepValuesShown(lab, k), NothingHidden(lab));
}

std::string ImageCodeText(const ImageLab& lab, CodeLang lang) {
  if (!lab.error.empty() || lab.trace.steps.empty()) return "";
  const bool values = lab.hidden_from < 0;
  return lang == CodeLang::PyTorch ? bn::ImageTorchCode(lab.trace, SelectedGroup(lab), values)
                                   : bn::ImageNumpyCode(lab.trace, SelectedGroup(lab), values);
}

bool StepNotebookAllowed(const StepLab& lab, std::string* why) {
  if (!lab.trace_error.empty()) return *why = bn::Tr("msg.step.cannot_run", {{"error", lab.trace_error}}), false;
  if (!NothingHidden(lab)) return *why = bn::Tr("msg.notebook.hidden"), false;
  return true;
}

bool ImageNotebookAllowed(const ImageLab& lab, std::string* why) {
  if (!lab.error.empty()) return *why = bn::Tr("msg.image.cannot_run", {{"error", lab.error}}), false;
  if (lab.hidden_from >= 0) return *why = bn::Tr("msg.notebook.hidden"), false;
  return true;
}

bool ShareStepNotebook(AppState& app, std::string* file, std::string* error) {
  if (!StepNotebookAllowed(app.step_lab, error))
    return Notify(app, bn::Tr("msg.notebook.refused", {{"why", *error}}), true), false;
  *file = "bnlab-batch.ipynb";
  return Save(app, *file, bn::TraceToNotebook(app.step_lab.trace, app.step_lab.view.sel_col), error);
}

bool ShareImageNotebook(AppState& app, std::string* file, std::string* error) {
  if (!ImageNotebookAllowed(app.image, error))
    return Notify(app, bn::Tr("msg.notebook.refused", {{"why", *error}}), true), false;
  *file = std::string("bnlab-image-") + bn::NormKeyName(app.image.input.params.variant) + ".ipynb";
  return Save(app, *file, bn::ImageToNotebook(app.image.trace), error);
}

}  // namespace bnlab
