// step_panel.cpp: the step on screen: navigation, the formula, the formula with numbers for the
// selected element, and the step's values for every feature.
//
//   DrawStepNav       |◀ ◀ ▶ ▶| Play, speed, "Step k of K"
//   DrawStepPanel     title, formula (with help), substituted formula, values table
//   DrawStepList      all steps, the current one marked, click to jump
#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/bn/steps.hpp"
#include "core/i18n/current.hpp"
#include "state/commands.hpp"
#include "state/learn.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {

using bn::Tr;

void DrawStepNav(AppState& app) {
  const int count = static_cast<int>(app.step_lab.trace.steps.size());
  if (count == 0) return;
  if (TrackedButton(app, false, "|◀", "step_first")) RunCommand(app, "first");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", Tr("ui.step.first.tooltip").c_str());
  ImGui::SameLine();
  if (TrackedButton(app, false, "◀", "step_prev")) RunCommand(app, "prev");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", Tr("ui.step.prev.tooltip").c_str());
  ImGui::SameLine();
  if (TrackedButton(app, false, "▶", "step_next")) RunCommand(app, "next");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", Tr("ui.step.next.tooltip").c_str());
  ImGui::SameLine();
  if (TrackedButton(app, false, "▶|", "step_last")) RunCommand(app, "last");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", Tr("ui.step.last.tooltip").c_str());
  ImGui::SameLine();
  // As wide as 4 characters' height, or as the longer of its two labels where a language needs more.
  const float play_w = std::max(ImGui::GetFontSize() * 4.0f,
                                std::max(ImGui::CalcTextSize(Tr("ui.step.play").c_str()).x,
                                         ImGui::CalcTextSize(Tr("ui.step.pause").c_str()).x) +
                                    2.0f * ImGui::GetStyle().FramePadding.x);
  const std::string play = (app.step_lab.view.playing ? Tr("ui.step.pause") : Tr("ui.step.play")) + "###play";
  if (ImGui::Button(play.c_str(), ImVec2(play_w, 0))) {
    TogglePlay(app.step_lab);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", Tr("ui.step.play.tooltip").c_str());
  SameLineIfFits(ImGui::GetFontSize() * 8.0f);  // on a narrow screen the speed and the count go below
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
  const std::string speed_format = "%.2f " + Tr("ui.step.speed_unit");  // the unit holds no '%'
  ImGui::SliderFloat("##speed", &app.step_lab.view.steps_per_second, 0.25f, 4.0f, speed_format.c_str(),
                     ImGuiSliderFlags_AlwaysClamp);
  TrackItem(app, "step_speed");
  const std::string counter =
      Tr("ui.step.counter", {{"k", std::to_string(app.step_lab.step + 1)}, {"count", std::to_string(count)}});
  SameLineIfFits(ImGui::CalcTextSize(counter.c_str()).x);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(counter.c_str());
  ImGui::SameLine();
  DrawPracticeToggle(app);
}

void DrawStepPanel(AppState& app) {
  if (!app.step_lab.trace_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Error));
    ImGui::TextWrapped("%s", Tr("ui.step.cannot_run", {{"error", app.step_lab.trace_error}}).c_str());
    ImGui::PopStyleColor();
    return;
  }
  const bn::Trace& t = app.step_lab.trace;
  if (t.steps.empty()) return;
  DrawStepNav(app);
  if (!app.ui.start_hint.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Numbers));
    ImGui::TextWrapped("%s", app.ui.start_hint.c_str());
    ImGui::PopStyleColor();
  }
  const bn::TraceStep& s = t.steps[app.step_lab.step];
  const bool hidden = !StepValuesShown(app.step_lab, app.step_lab.step);  // practice's question or the lesson's
  ImGui::Separator();
  ImGui::TextDisabled("%s", (s.backward ? Tr("ui.step.backward") : Tr("ui.step.forward")).c_str());
  ImGui::SameLine();
  ImGui::TextWrapped("%d. %s", app.step_lab.step + 1,
                     bn::StepTitle(t, app.step_lab.step).c_str());  // wraps on narrow screens
  FormulaLine(s.formula, bn::StepHelp(s.key, t.in.mode, t.in.running.convention));  // the step's row (core)

  if (app.step_lab.practice.session.on) {
    ImGui::Separator();
    DrawPracticeBox(app);
    ImGui::Separator();
  }
  // The formula with numbers for the selected element (or feature, for per-feature steps); practice hides it, an
  // open lesson question shows it with "?" for the result (and no numbers past the step it asks about).
  const std::string numbers = bn::PracticeHidesStep(app.step_lab.practice.session, app.step_lab.step)
                                  ? Tr("ui.step.numbers_hidden")
                                  : StepNumbers(app.step_lab, app.step_lab.step);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Numbers));
  ImGui::TextUnformatted(numbers.c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  DisabledWrapped((app.ui.touch_ui ? Tr("ui.step.tap_cell") : Tr("ui.step.click_cell")).c_str());

  // This step's values for every feature; the selected element framed.
  ImGui::Spacing();
  const int rows = static_cast<int>(s.value.rows()), cols = static_cast<int>(s.value.cols());
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
  const float row_h = ImGui::GetFontSize() + 2.0f * ImGui::GetStyle().CellPadding.y;
  const float table_h = row_h * static_cast<float>(rows + 1) + ImGui::GetStyle().ScrollbarSize + 4.0f;
  if (ImGui::BeginTable("step_values", cols + 1, flags, ImVec2(0.0f, table_h))) {
    ImGui::TableSetupColumn(s.symbol.c_str());
    for (int j = 0; j < cols; ++j) {
      const std::string header = FeatureHeader(j);
      ImGui::TableSetupColumn(header.c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
    }
    ImGui::TableHeadersRow();
    for (int i = 0; i < rows; ++i) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      const std::string label = rows == 1 ? s.symbol : s.symbol + Subscript(i + 1);
      ImGui::TextUnformatted(label.c_str());
      for (int j = 0; j < cols; ++j) {
        ImGui::TableSetColumnIndex(j + 1);
        const bool selected = app.step_lab.view.sel_col == j && (rows == 1 || app.step_lab.view.sel_row == i);
        ImGui::PushID(i * 64 + j);
        if (ImGui::Selectable(hidden ? "?" : bn::FormatNumber(s.value(i, j), 5).c_str(), selected)) {
          app.step_lab.view.sel_col = j;
          if (rows > 1) app.step_lab.view.sel_row = i;
        }
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
    TrackItem(app, hidden ? "step_values_hidden" : "step_values");  // tests: where the values are (or are not)
  }
}

void DrawStepList(AppState& app) {
  const auto& steps = app.step_lab.trace.steps;
  bool in_backward = false;
  ImGui::TextDisabled("%s", Tr("ui.step.forward").c_str());
  for (int k = 0; k < static_cast<int>(steps.size()); ++k) {
    if (steps[k].backward && !in_backward) {
      in_backward = true;
      ImGui::Spacing();
      ImGui::TextDisabled("%s", Tr("ui.step.backward").c_str());
    }
    const std::string label =
        std::to_string(k + 1) + ". " + bn::StepTitle(app.step_lab.trace, k) + "###step" + std::to_string(k);
    const bool current = k == app.step_lab.step;
    // On a touch screen, each row as tall as a button (44 CSS px).
    const ImVec2 size(0.0f, app.ui.touch_ui ? ImGui::GetFrameHeight() : 0.0f);
    if (ImGui::Selectable(label.c_str(), current, 0, size)) {
      app.step_lab.step = k;
      app.hash_dirty = true;
    }
    if (current && (ImGui::IsWindowAppearing() || app.step_lab.view.playing)) ImGui::SetScrollHereY(0.5f);
  }
  if (steps.empty()) ImGui::TextDisabled("%s", Tr("ui.step.no_steps").c_str());
}

}  // namespace bnlab
