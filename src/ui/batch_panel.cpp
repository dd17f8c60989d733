// batch_panel.cpp: the learner's batch: x (N×D), γ and β per feature, ε, the mode, the upstream
// gradient dy for the backward pass, presets with a one-line lesson, and the batch's size.
// A cell commits on Enter, Tab, ↑/↓ or click-away; a value that is not a finite float32 is refused with
// a message and the old value stays.
//
//   NumberCell        one editable number (shared by every cell here)
//   DrawPresets       preset picker and its lesson
//   DrawSizeControls  + / − samples and features (1–16 × 1–8)
//   DrawBatchPanel
#include <imgui.h>

#include <string>

#include "core/i18n/current.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_input.hpp"
#include "core/lab/lab_presets.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

// Row ids for the cells that are not in x (x uses its sample index 0..15).
constexpr int kGammaRow = 1000, kBetaRow = 1001, kEpsRow = 1002, kDyRow = 2000, kRunMeanRow = 3000,
              kRunVarRow = 3001;

// The number a cell edits, or nullptr if that cell no longer exists (the batch shrank). *non_negative is
// set for cells that refuse negative values (ε, running variance).
double* CellValue(LabInput& in, int row, int col, bool* non_negative) {
  *non_negative = row == kEpsRow || row == kRunVarRow;
  if (row == kEpsRow) return &in.eps;
  if (col < 0 || col >= in.x.cols()) return nullptr;
  if (row >= 0 && row < in.x.rows()) return &in.x(row, col);
  if (row == kGammaRow) return &in.gamma(col);
  if (row == kBetaRow) return &in.beta(col);
  if (row == kRunMeanRow) return &in.running.mean(col);
  if (row == kRunVarRow) return &in.running.var(col);
  if (row >= kDyRow && row - kDyRow < in.dy.rows() && in.has_dy) return &in.dy(row - kDyRow, col);
  return nullptr;
}

// How the learner sees a cell: "x₂,₁", "γ₁", "ε", "w₃,₂" ...
std::string CellName(int row, int col) {
  const std::string j = Subscript(col + 1);
  if (row == kEpsRow) return "ε";
  if (row == kGammaRow) return "γ" + j;
  if (row == kBetaRow) return "β" + j;
  if (row == kRunMeanRow) return Tr("ui.batch.running_mean", {{"j", j}});
  if (row == kRunVarRow) return Tr("ui.batch.running_var", {{"j", j}});
  if (row >= kDyRow) return "w" + Subscript(row - kDyRow + 1) + "," + j;
  return "x" + Subscript(row + 1) + "," + j;
}

// Commits the pending edit (if any) into its cell: refused text leaves the old value and a message.
// Returns true when a value changed.
bool CommitEdit(AppState& app) {
  CellEdit& edit = app.step_lab.edit;
  if (edit.row < 0) return false;
  const int row = edit.row, col = edit.col;
  const std::string text = edit.text;
  edit.row = edit.col = -1;
  edit.text.clear();
  bool non_negative = false;
  double* value = CellValue(app.step_lab.input, row, col, &non_negative);
  if (value == nullptr) return false;
  double parsed = 0.0;
  std::string error;
  if (!bn::ParseFloat32(text, &parsed, &error)) {
    edit.error = Tr("ui.batch.error.kept",
                    {{"cell", CellName(row, col)}, {"error", error}, {"value", bn::FormatNumber(*value, 7)}});
  } else if (non_negative && parsed < 0.0) {
    edit.error = Tr("ui.batch.error.negative",
                    {{"cell", CellName(row, col)}, {"text", text}, {"value", bn::FormatNumber(*value, 7)}});
  } else {
    if (edit.error_row == row && edit.error_col == col) edit.error.clear();
    const bool changed = parsed != *value;
    *value = parsed;
    return changed;
  }
  edit.error_row = row;
  edit.error_col = col;
  return false;
}

// One editable number. Its text is kept in app.step_lab.edit while it has the keyboard and committed when it
// loses it (Enter, Tab, ↑/↓, a click elsewhere). Returns true when a committed edit changed a value.
bool NumberCell(AppState& app, int row, int col, float width = -1.0f, int max_row = -1) {
  CellEdit& edit = app.step_lab.edit;
  bool non_negative = false;
  double* value = CellValue(app.step_lab.input, row, col, &non_negative);
  if (value == nullptr) return false;
  char buf[64];
  const bool editing_this = edit.row == row && edit.col == col;
  const std::string shown = editing_this ? edit.text : bn::FormatNumber(*value, 7);
  std::snprintf(buf, sizeof buf, "%s", shown.c_str());
  ImGui::PushID(row * 64 + col);
  ImGui::SetNextItemWidth(width);
  if (edit.focus_row == row && edit.focus_col == col) {
    ImGui::SetKeyboardFocusHere();
    edit.focus_row = edit.focus_col = -1;
  }
  const bool refused_here = !edit.error.empty() && edit.error_row == row && edit.error_col == col;
  if (refused_here) ImGui::PushStyleColor(ImGuiCol_FrameBg, Colour(Slot::RefusedField));
  const bool changed = ImGui::InputText("##cell", buf, sizeof buf, ImGuiInputTextFlags_AutoSelectAll);
  if (refused_here) ImGui::PopStyleColor();
  if (row < kGammaRow || row == kEpsRow) {  // x cells and ε: recorded for tests that click like a user
    const ImVec2 p0 = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize();
    const std::string id = row == kEpsRow ? std::string("eps")
                                          : "x:" + std::to_string(row) + ":" + std::to_string(col);
    app.item_rects.push_back({id, p0.x, p0.y, size.x, size.y});
  }
  bool committed = false;
  if (ImGui::IsItemActivated() && !editing_this) committed |= CommitEdit(app);  // Tab from another cell
  if (ImGui::IsItemActivated() || changed) {
    edit.row = row;
    edit.col = col;
    edit.text = buf;
  } else if (editing_this && !ImGui::IsItemActive()) {
    committed |= CommitEdit(app);  // this cell lost the keyboard
  }
  // ↑ / ↓ move to the cell above / below (committing this one).
  if (ImGui::IsItemActive() && max_row >= 0) {
    const int base = row >= kDyRow ? kDyRow : 0;
    if (KeyPressedOrRepeating(ImGui::GetKeyIndex(ImGuiKey_UpArrow)) && row > base) {
      edit.focus_row = row - 1;
      edit.focus_col = col;
    }
    if (KeyPressedOrRepeating(ImGui::GetKeyIndex(ImGuiKey_DownArrow)) && row < max_row) {
      edit.focus_row = row + 1;
      edit.focus_col = col;
    }
  }
  ImGui::PopID();
  return committed;
}

void DrawPresets(AppState& app) {
  if (app.ui.presets_seed != app.ui.preset_seed) {
    app.ui.presets = bn::LabPresets(static_cast<uint32_t>(app.ui.preset_seed));
    app.ui.presets_seed = app.ui.preset_seed;
  }
  const std::vector<bn::LabPreset>& presets = app.ui.presets;  // remade at the top of a later frame only
  ImGui::TextUnformatted(Tr("ui.batch.presets").c_str());
  HelpMarker(Tr("ui.batch.presets.help").c_str());
  for (size_t p = 0; p < presets.size(); ++p) {
    if (p) ImGui::SameLine();
    // The preset's name and lesson in the current language; its English name stays its id (and "Random"'s test).
    const std::string& name = bn::LabPresetName(presets[p]);
    const std::string& lesson = bn::LabPresetLesson(presets[p]);
    // Wrap the buttons onto a new line when they would not fit.
    const float w = ImGui::CalcTextSize(name.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    if (p && ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
    if (TrackedButton(app, true, (name + "###" + presets[p].name).c_str(), "preset:" + presets[p].name)) {
      if (presets[p].name == "Random") ++app.ui.preset_seed;
      SetInput(app, presets[p].input);
      app.step_lab.step = 0;
      Notify(app, name + ": " + lesson, false);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", lesson.c_str());
  }
}

void DrawSizeControls(AppState& app) {
  const LabInput& in = app.step_lab.input;
  const int n = static_cast<int>(in.x.rows()), d = static_cast<int>(in.x.cols());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(Tr("ui.batch.samples", {{"n", std::to_string(n)}}).c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(n >= bn::kLabMaxSamples);
  if (TrackedButton(app, true, "+##n", "add_sample")) AddSample(app);  // copies the last sample
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(n <= 1);
  if (TrackedButton(app, true, "−##n", "remove_sample")) RemoveSample(app);
  ImGui::EndDisabled();
  {  // "features D = d [+] [−]" on this line if it fits, else on the next (narrow screens)
    const std::string label = Tr("ui.batch.features", {{"d", std::to_string(d)}});
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttons = 2.0f * (ImGui::CalcTextSize("+").x + 2.0f * style.FramePadding.x + style.ItemSpacing.x);
    SameLineIfFits(ImGui::CalcTextSize(label.c_str()).x + buttons, ImGui::GetFontSize() * 1.5f);
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(Tr("ui.batch.features", {{"d", std::to_string(d)}}).c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(d >= bn::kLabMaxFeatures);
  if (TrackedButton(app, true, "+##d", "add_feature")) AddFeature(app);  // 1, 2, 3, ... with γ = 1, β = 0
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(d <= 1);
  if (TrackedButton(app, true, "−##d", "remove_feature")) RemoveFeature(app);
  ImGui::EndDisabled();
}

// A table of editable cells for an N×D matrix (x or dy), rows labelled symbol₁..symbol_N.
bool MatrixEditor(AppState& app, const char* id, const bn::Mat& m, const char* symbol, int row_base) {
  const int n = static_cast<int>(m.rows()), d = static_cast<int>(m.cols());
  bool dirty = false;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable(id, d + 1, flags)) return false;
  ImGui::TableSetupColumn("");
  for (int j = 0; j < d; ++j) {
    const std::string header = FeatureHeader(j);
    ImGui::TableSetupColumn(header.c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.5f);
  }
  ImGui::TableHeadersRow();
  for (int i = 0; i < n; ++i) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted((std::string(symbol) + Subscript(i + 1)).c_str());
    for (int j = 0; j < d; ++j) {
      ImGui::TableSetColumnIndex(j + 1);
      dirty |= NumberCell(app, row_base + i, j, -1.0f, row_base + n - 1);
    }
  }
  if (row_base == 0) {  // x's table also holds γ and β
    for (int r = 0; r < 2; ++r) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(r == 0 ? "γ" : "β");
      for (int j = 0; j < d; ++j) {
        ImGui::TableSetColumnIndex(j + 1);
        dirty |= NumberCell(app, r == 0 ? kGammaRow : kBetaRow, j);
      }
    }
  }
  ImGui::EndTable();
  return dirty;
}

}  // namespace

void DrawBatchPanel(AppState& app) {
  LabInput& in = app.step_lab.input;
  bool dirty = false;

  DrawPresets(app);
  ImGui::Separator();
  DrawSizeControls(app);
  DisabledWrapped(Tr("ui.batch.rows_columns").c_str());
  dirty |= MatrixEditor(app, "batch", in.x, "x", 0);

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("ε");
  ImGui::SameLine();
  dirty |= NumberCell(app, kEpsRow, 0, ImGui::GetFontSize() * 6.0f);
  // Ioffe & Szegedy 2015, Alg. 1 (ε inside the root); PyTorch docs: BatchNorm1d (eps=1e-5); Keras 3 docs (epsilon=1e-3)
  HelpMarker(Tr("ui.batch.eps.help").c_str());
  // "mode (•) train ( ) eval (?)" beside ε if it fits, else on its own line (narrow screens).
  const ImGuiStyle& style = ImGui::GetStyle();
  const float radio_w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + style.ItemSpacing.x;
  const std::string& mode_label = Tr("ui.batch.mode");
  SameLineIfFits(ImGui::CalcTextSize((mode_label + " train eval (?)").c_str()).x + 2.0f * radio_w +
                     2.0f * style.ItemSpacing.x,
                 ImGui::GetFontSize() * 1.5f);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(mode_label.c_str());
  ImGui::SameLine();
  int mode = in.mode == bn::Mode::Train ? 0 : 1;
  dirty |= ImGui::RadioButton("train", &mode, 0);
  ImGui::SameLine();
  dirty |= ImGui::RadioButton("eval", &mode, 1);
  in.mode = mode == 0 ? bn::Mode::Train : bn::Mode::Eval;
  // PyTorch docs: BatchNorm1d, Module.eval(); Keras 3 docs: BatchNormalization (trainable=False)
  HelpMarker(Tr("ui.batch.mode.help").c_str());

  if (in.mode == bn::Mode::Eval) {
    ImGui::TextDisabled("%s", Tr("ui.batch.running_used").c_str());
    for (int r = 0; r < 2; ++r) {
      ImGui::PushID(r);
      ImGui::TextUnformatted((r == 0 ? Tr("ui.batch.running_mean", {{"j", ""}}) : Tr("ui.batch.running_var", {{"j", ""}})).c_str());
      for (int j = 0; j < in.x.cols(); ++j) {
        ImGui::SameLine();
        dirty |= NumberCell(app, r == 0 ? kRunMeanRow : kRunVarRow, j, ImGui::GetFontSize() * 4.5f);
      }
      ImGui::PopID();
    }
  }

  ImGui::Separator();
  bool backward = in.has_dy;
  if (ImGui::Checkbox((Tr("ui.batch.backward") + "###Backward pass").c_str(), &backward)) {
    in.has_dy = backward;
    if (backward && (in.dy.rows() != in.x.rows() || in.dy.cols() != in.x.cols())) {
      in.dy = bn::Mat::Ones(in.x.rows(), in.x.cols());
      if (in.x.rows() > 1) in.dy.row(0).setConstant(2.0);  // not all equal, so dx is not zero
    }
    dirty = true;
  }
  HelpMarker(Tr("ui.batch.backward.help").c_str());
  if (in.has_dy) dirty |= MatrixEditor(app, "dy", in.dy, "w", kDyRow);

  if (!app.step_lab.edit.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Error));
    ImGui::TextWrapped("%s", Tr("ui.batch.refused", {{"error", app.step_lab.edit.error}}).c_str());
    ImGui::PopStyleColor();
  }
  if (dirty) Recompute(app);
}

}  // namespace bnlab
