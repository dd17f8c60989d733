// image_steps.hpp: the image lab's steps as one table, as BN's own steps are (core/bn/steps.hpp). One row per
// step key holds its title, symbol and formula (Batch Renormalization's own where they differ), where its values
// come from, the function that writes its formula with one element's numbers (NormSubstituted) and the help
// beside its formula. BuildNormTrace walks the rows; nothing branches on a step key.
//
// Index
//   1. NormExtent, NormText (a text with Renorm's own)
//   2. ImageStepRow and the table: ImageStepRows, FindImageStep, ImageStepHelp
//   3. In the current language: ImageStepTitle, ImageStepHelpText; ImageStepCatalogTexts
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Pieces of a row
// ---------------------------------------------------------------------------------------------
enum class NormExtent { PerGroup, PerChannel, PerElement };  // value holds count, C or N·C·H·W numbers

// One text of a step, with Batch Renormalization's own where it differs (nullptr: the same text).
struct NormText {
  const char* text = "";
  const char* renorm = nullptr;
  const char* Pick(bool is_renorm) const { return is_renorm && renorm != nullptr ? renorm : text; }
};

struct NormTrace;  // image_lab.hpp
struct NormFill;   // image_steps.cpp: the trace, the element and the number format a formula with numbers reads

// ---------------------------------------------------------------------------------------------
// 2. The table
// ---------------------------------------------------------------------------------------------
struct ImageStepRow {
  const char* key;     // "mean","var","inv_std","xhat_b","r","d","xhat","y"; "dy","dbeta","dgamma","dxhat","dx"
  const char* symbol;  // "μ", "σ²", "x̂" ...
  NormExtent extent;
  bool backward;       // shown with the backward pass only (ImageLabInput::backward)
  bool renorm_only;    // Batch Renormalization's correction (x̂_B, r, d)
  NormText title;      // e.g. "Mean of each statistics group"
  NormText formula;    // general formula, e.g. "μₖ = (1/m) Σᵢ xᵢ   (i over the m values of group k)"
  std::vector<double> (*value)(const NormTrace&);  // its values, from the trace's x, dy, forward and backward
  std::string (*numbers)(const NormFill&);          // the formula with one element's numbers
  const char* help;    // the help beside the formula, in our own words
};

// Every row, in the order a trace shows them (Renorm's rows where Renorm has them, backward rows last).
const std::vector<ImageStepRow>& ImageStepRows();
// The row of a key; nullptr for a key no step has.
const ImageStepRow* FindImageStep(const std::string& key);
// The help beside a step's formula, in the current language (the pointer stays valid); a generic sentence for a key
// no step has.
const char* ImageStepHelp(const std::string& key);

// ---------------------------------------------------------------------------------------------
// 3. In the current language
// ---------------------------------------------------------------------------------------------
// A row holds its title and help in English (en.po's msgid; a trace's NormStep::title is that English). What a
// learner reads comes from the catalogs at the time of the call: Tr("image.step.<key>.title") (".renorm" for Renorm's
// own title) and Tr("image.step.<key>.help"). Formulas and symbols are not translated.
const std::string& ImageStepTitle(const ImageStepRow& row, bool is_renorm);
const std::string& ImageStepTitle(const NormTrace& t, int step);  // t.steps[step]'s ("" if none)
const std::string& ImageStepHelpText(const ImageStepRow& row);
// Every key the table asks the catalogs for, with the English it stands for (en.po must hold exactly that text).
std::vector<std::pair<std::string, std::string>> ImageStepCatalogTexts();

}  // namespace bn
