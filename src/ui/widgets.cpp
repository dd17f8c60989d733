// widgets.cpp: HelpMarker, formula lines and number tables.
#include "ui/widgets.hpp"

#include <imgui_internal.h>  // SetFocusID: 1.86 has no public way to put the keyboard focus on a given item

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "core/i18n/current.hpp"
#include "core/train/train_settings.hpp"

namespace bnlab {

void HelpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    // 32 characters wide, or narrower on a narrow screen (a phone), so the whole tooltip stays on screen.
    const float padding = 2.0f * ImGui::GetStyle().WindowPadding.x;
    ImGui::PushTextWrapPos(std::min(ImGui::GetFontSize() * 32.0f, ImGui::GetMainViewport()->WorkSize.x - 2.0f * padding));
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void FormulaLine(const std::string& formula, const char* help) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram));
  ImGui::TextUnformatted(formula.c_str());
  ImGui::PopStyleColor();
  HelpMarker(help);
}

bool KeyPressedOrRepeating(int key) {
  if (ImGui::IsKeyPressed(key, false)) return true;
  const ImGuiIO& io = ImGui::GetIO();
  return ImGui::IsKeyPressed(key, true) && io.KeysDownDuration[key] - io.DeltaTime >= io.KeyRepeatDelay;
}

std::string L(const std::string& text, const std::string& id) { return text + "###" + id; }

std::string Printf(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

void SectionBreak() {
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Spacing();
}

void TrackItem(AppState& app, const std::string& id) {
  const ImVec2 p0 = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize();
  app.item_rects.push_back({id, p0.x, p0.y, size.x, size.y});
  if (app.ui.nav_focus_request == id) {  // keyboard navigation starts here (see DrawAllPanels)
    ImGui::SetFocusID(ImGui::GetItemID(), ImGui::GetCurrentWindow());
    ImGui::GetCurrentContext()->NavDisableHighlight = false;  // show the frame at once
    app.ui.nav_focus_request.clear();
  }
  if (ImGui::IsItemFocused()) app.ui.nav_item = id;
}

bool TrackedButton(AppState& app, bool small, const char* label, const std::string& id) {
  // On a touch screen every button gets the full (44 CSS px) height.
  const bool clicked = small && !app.ui.touch_ui ? ImGui::SmallButton(label) : ImGui::Button(label);
  TrackItem(app, id);
  return clicked;
}

void DisabledWrapped(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void SameLineIfFits(float width, float spacing) {
  ImGui::SameLine(0.0f, spacing);
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

std::string Subscript(int one_based) { return bn::SubscriptIndex(one_based); }

std::string FeatureHeader(int j) {
  const std::string n = std::to_string(j + 1);
  return bn::Tr("ui.widgets.feature_column", {{"n", n}}) + "###feature " + n;
}

void MatrixTable(const char* id, const bn::Mat& m, const char* row_symbol, int digits) {
  const int cols = static_cast<int>(m.cols());
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable(id, cols + 1, flags)) return;
  ImGui::TableSetupColumn("");
  for (int j = 0; j < cols; ++j) {
    const std::string header = FeatureHeader(j);
    ImGui::TableSetupColumn(header.c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
  }
  ImGui::TableHeadersRow();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    const std::string label = m.rows() == 1 ? std::string(row_symbol)
                                            : std::string(row_symbol) + Subscript(static_cast<int>(i) + 1);
    ImGui::TextUnformatted(label.c_str());
    for (int j = 0; j < cols; ++j) {
      ImGui::TableSetColumnIndex(j + 1);
      ImGui::TextUnformatted(bn::FormatNumber(m(i, j), digits).c_str());
    }
  }
  ImGui::EndTable();
}

bool TrainSettingSlider(bn::TrainConfig* config, const char* key, const char* label, double drag_lo, double drag_hi,
                        const char* format, ImGuiSliderFlags flags) {
  const bn::TrainSetting* s = bn::FindTrainSetting(key);
  if (s == nullptr) return false;
  const double old = s->get(*config);
  flags &= ~ImGuiSliderFlags_AlwaysClamp;  // typed values go up to the table's range, clamped below
  double v = old;
  if (s->whole) {
    int i = static_cast<int>(old);
    if (!ImGui::SliderInt(label, &i, static_cast<int>(drag_lo), static_cast<int>(drag_hi), format, flags)) return false;
    v = i;
  } else {
    float f = static_cast<float>(old);
    if (!ImGui::SliderFloat(label, &f, static_cast<float>(drag_lo), static_cast<float>(drag_hi), format, flags)) return false;
    v = f;
  }
  v = bn::ClampTrainSetting(*s, v);
  if (v == old) return false;
  s->set(config, v);
  return true;
}

}  // namespace bnlab
