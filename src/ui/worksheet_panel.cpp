// worksheet_panel.cpp: BN of one feature done as on paper: a column per element-wise step
// (x, x−μ, (x−μ)², x̂, γx̂, y, and backward dy, dx̂, dx) and a row per feature statistic (Σ, μ, σ², ...).
// Values appear when their step is reached; the current step is lit, the cells it reads are outlined.
//
//   DrawWorksheetPanel   feature picker, the worksheet table, the statistics table, the number line
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/bn/steps.hpp"
#include "core/i18n/current.hpp"
#include "state/learn.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

// Colours for the current step's cells and the cells it reads from.
ImU32 CurrentBg() { return ColourU32(Slot::Current); }
ImU32 InputBg() { return ColourU32(Slot::Reads); }

bool Reads(const bn::TraceStep& step, const std::string& key) {
  return std::find(step.inputs.begin(), step.inputs.end(), key) != step.inputs.end();
}

// The worksheet's element-wise columns: "x" then every per-element step, in trace order.
struct Column {
  std::string key, symbol;
  int step;  // index in the trace, −1 for x (always shown)
};

// Forward steps show the forward columns; backward steps trade (x−μ)², γx̂ and y for the gradients, so the
// worksheet stays narrow enough to read without scrolling.
std::vector<Column> ElementColumns(const bn::Trace& t, bool backward) {
  std::vector<Column> cols{{"x", "x", -1}};
  for (int k = 0; k < static_cast<int>(t.steps.size()); ++k) {
    const bn::TraceStep& s = t.steps[k];
    if (s.extent != bn::Extent::PerElement) continue;
    const bn::StepRow* row = bn::FindStep(s.key);
    if (backward && row != nullptr && (row->flags & bn::kStepForwardColumn)) continue;
    if (!backward && s.backward) continue;
    cols.push_back({s.key, s.symbol, k});
  }
  return cols;
}

}  // namespace

void DrawWorksheetPanel(AppState& app) {
  const bn::Trace& t = app.step_lab.trace;
  if (t.steps.empty()) return;
  const int n = static_cast<int>(t.in.x.rows()), d = static_cast<int>(t.in.x.cols());
  const int j = app.step_lab.view.sel_col;
  const bn::TraceStep& cur = t.steps[app.step_lab.step];

  // Feature picker.
  ImGui::TextUnformatted(Tr("ui.worksheet.for").c_str());
  for (int f = 0; f < d; ++f) {
    const std::string n = std::to_string(f + 1);  // "feature 2###feature 2": the ID stays in every language
    const std::string label = Tr("ui.widgets.feature", {{"n", n}}) + "###feature " + n;
    // Wraps onto the next line when the radio button would not fit (narrow screens).
    SameLineIfFits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label.c_str()).x);
    if (ImGui::RadioButton(label.c_str(), j == f)) app.step_lab.view.sel_col = f;
  }
  HelpMarker(Tr("ui.worksheet.help").c_str());

  // Element-wise columns; at the dx step, the finite-difference check beside it.
  const std::vector<Column> cols = ElementColumns(t, cur.backward);
  const int dx_step = t.index_of("dx");
  const bool show_check = dx_step >= 0 && app.step_lab.step >= dx_step && app.step_lab.dx_numeric.rows() == n;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
  const float row_h = ImGui::GetFontSize() + 2.0f * ImGui::GetStyle().CellPadding.y;
  const float table_h = row_h * static_cast<float>(n + 1) + ImGui::GetStyle().ScrollbarSize + 4.0f;
  const int extra = show_check ? 2 : 0;
  if (ImGui::BeginTable("worksheet", static_cast<int>(cols.size()) + 1 + extra, flags, ImVec2(0.0f, table_h))) {
    ImGui::TableSetupColumn("i");
    for (const Column& c : cols)
      ImGui::TableSetupColumn(c.symbol.c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.8f);
    if (show_check) {
      ImGui::TableSetupColumn((Tr("ui.worksheet.col.dx_numeric") + "###dx numeric").c_str(), ImGuiTableColumnFlags_WidthFixed,
                              ImGui::GetFontSize() * 5.0f);
      ImGui::TableSetupColumn((Tr("ui.worksheet.col.diff") + "###|diff.|").c_str(), ImGuiTableColumnFlags_WidthFixed,
                              ImGui::GetFontSize() * 4.0f);
    }
    ImGui::TableHeadersRow();
    for (int i = 0; i < n; ++i) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::Text("%d", i + 1);
      for (size_t c = 0; c < cols.size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c) + 1);
        const Column& col = cols[c];
        const bool reached = col.step < 0 || StepValuesShown(app.step_lab, col.step);  // practice hides its step
        if (col.step == app.step_lab.step) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, CurrentBg());
        else if (Reads(cur, col.key)) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, InputBg());
        if (!reached) {
          ImGui::TextDisabled("·");
          continue;
        }
        const double v = col.step < 0 ? t.in.x(i, j) : t.steps[col.step].value(i, j);
        ImGui::PushID(static_cast<int>(c) * 1000 + i);
        if (ImGui::Selectable(bn::FormatNumber(v, 5).c_str(), app.step_lab.view.sel_row == i)) app.step_lab.view.sel_row = i;
        if (i == 0) TrackItem(app, "ws:" + std::to_string(c));  // first row, column c (tests: sideways swipes)
        ImGui::PopID();
      }
      if (show_check) {
        const double numeric = app.step_lab.dx_numeric(i, j), analytic = t.steps[dx_step].value(i, j);
        ImGui::TableSetColumnIndex(static_cast<int>(cols.size()) + 1);
        ImGui::TextUnformatted(bn::FormatNumber(numeric, 5).c_str());
        ImGui::TableSetColumnIndex(static_cast<int>(cols.size()) + 2);
        ImGui::TextUnformatted(bn::FormatNumber(std::fabs(numeric - analytic), 2).c_str());
      }
    }
    ImGui::EndTable();
  }

  // Per-feature statistics of this feature, one row each: γ, β, ε, then every per-feature step.
  // Long formulas can be wider than the panel: the table scrolls sideways rather than cutting them off.
  int stat_rows = 3;
  for (const bn::TraceStep& s : t.steps) stat_rows += s.extent == bn::Extent::PerFeature;
  const float stats_h = row_h * static_cast<float>(stat_rows + 1) + ImGui::GetStyle().ScrollbarSize + 4.0f;
  if (ImGui::BeginTable("feature_stats", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit |
                                                ImGuiTableFlags_ScrollX, ImVec2(0.0f, stats_h))) {
    ImGui::TableSetupColumn((Tr("ui.worksheet.col.quantity") + "###quantity").c_str());
    ImGui::TableSetupColumn((Tr("ui.worksheet.col.value") + "###value").c_str(), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::GetFontSize() * 7.0f);
    ImGui::TableSetupColumn((Tr("ui.worksheet.col.formula") + "###formula").c_str());
    ImGui::TableHeadersRow();
    auto input_row = [&](const char* key, const std::string& label, double v) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      if (Reads(cur, key)) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, InputBg());
      ImGui::TextUnformatted(label.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(bn::FormatNumber(v, 6).c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextDisabled("%s", Tr("ui.worksheet.set_in_batch").c_str());
    };
    input_row("gamma", Tr("ui.worksheet.gamma"), t.in.gamma(j));
    input_row("beta", Tr("ui.worksheet.beta"), t.in.beta(j));
    input_row("eps", "ε", t.in.eps);
    for (int k = 0; k < static_cast<int>(t.steps.size()); ++k) {
      const bn::TraceStep& s = t.steps[k];
      if (s.extent != bn::Extent::PerFeature) continue;
      ImGui::TableNextRow();
      if (k == app.step_lab.step) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, CurrentBg());
      else if (Reads(cur, s.key)) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, InputBg());
      ImGui::TableSetColumnIndex(0);
      ImGui::Text("%s  %s", s.symbol.c_str(), bn::StepTitle(t, k).c_str());
      ImGui::TableSetColumnIndex(1);
      if (StepValuesShown(app.step_lab, k)) ImGui::TextUnformatted(bn::FormatNumber(s.value(0, j), 6).c_str());
      else ImGui::TextDisabled("·");
      ImGui::TableSetColumnIndex(2);
      ImGui::TextDisabled("%s", s.formula.c_str());
    }
    ImGui::EndTable();
  }

  if (show_check) {
    ImGui::TextDisabled("%s", Tr("ui.worksheet.check").c_str());
    HelpMarker(Tr("ui.worksheet.check.help").c_str());
  }
  ImGui::Spacing();
  DrawNumberLine(app, j);
}

}  // namespace bnlab
