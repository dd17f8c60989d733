// code_share.hpp: the code view's text and the notebooks, over AppState (no drawing). The texts come from
// core/lab/code_export.hpp; this layer decides which values may be printed (practice and the lesson hide some)
// and saves the notebooks through Host::SaveFile.
//
//   StepCodeText, ImageCodeText   what the code panels show (ui/code_panel.cpp)
//   ShareStepNotebook, ShareImageNotebook   Share → Jupyter notebook; the commands share-notebook and
//                                           share-image-notebook
#pragma once

#include <string>

#include "state/app_state.hpp"

namespace bnlab {

// Languages of the code view's tabs.
enum class CodeLang { NumPy = 0, PyTorch = 1, Batch = 2 };

// The step lab's code view for the step on screen and the selected feature: NumPy, PyTorch (the step, then the
// library call) or the batch. The step's value comment only while StepValuesShown; the library call's only while
// every step's values are shown (its output gives them all away). "" when the batch has no trace.
std::string StepCodeText(const StepLab& lab, CodeLang lang);

// The image lab's code view: NumPy (the statistics per group, x̂, y) or PyTorch (the one call). Value comments
// for the selected element's group only while every step's values are shown.
std::string ImageCodeText(const ImageLab& lab, CodeLang lang);

// True while the notebook may be written: the batch has a trace and no step's values are hidden.
bool StepNotebookAllowed(const StepLab& lab, std::string* why);
bool ImageNotebookAllowed(const ImageLab& lab, std::string* why);

// Writes the notebook through Host::SaveFile ("bnlab-batch.ipynb", "bnlab-image-NORM.ipynb") and notifies.
// False with *error when it is not allowed or could not be saved; *file is the name.
bool ShareStepNotebook(AppState& app, std::string* file, std::string* error);
bool ShareImageNotebook(AppState& app, std::string* file, std::string* error);

}  // namespace bnlab
