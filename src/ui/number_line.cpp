// number_line.cpp: one feature's batch on a number line, at the latest forward stage reached:
// x (raw) → x − μ (centred) → x̂ (spread √(σ²/(σ²+ε)) ≈ 1) → y = γx̂ + β (rescaled). The stage's mean is a line,
// ±1 standard deviation a band, so the learner sees the batch shift to 0, squeeze or stretch, then move to (β, γ).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>

#include "core/i18n/current.hpp"
#include "state/learn.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/plot.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

// The forward stages (their step keys); StageLabel is each one's text in the current language.
constexpr const char* kStages[] = {"x", "dev", "xhat", "y"};

const std::string& StageLabel(int k) {
  switch (k) {
    case 1: return Tr("ui.numberline.stage.dev");
    case 2: return Tr("ui.numberline.stage.xhat");  // sd √(σ²/(σ²+ε)): Ioffe & Szegedy 2015, Alg. 1
    case 3: return Tr("ui.numberline.stage.y");
    default: return Tr("ui.numberline.stage.x");
  }
}

}  // namespace

void DrawNumberLine(AppState& app, int j) {
  const bn::Trace& t = app.step_lab.trace;
  // The latest stage whose step has been reached (x always is).
  int stage = 0;
  bn::Mat values = t.in.x.col(j);
  for (int s = 0; s < static_cast<int>(std::size(kStages)); ++s) {
    const int k = t.index_of(kStages[s]);
    if (k >= 0 && StepValuesShown(app.step_lab, k)) {
      stage = s;
      values = t.steps[k].value.col(j);
    }
  }
  const int n = static_cast<int>(values.rows());
  const double mean = values.mean();
  const double sd = n > 0 ? std::sqrt((values.array() - mean).square().mean()) : 0.0;
  double lo = std::min(values.minCoeff(), mean - sd), hi = std::max(values.maxCoeff(), mean + sd);
  if (hi - lo < 1e-12) {
    lo -= 1.0;
    hi += 1.0;
  }
  const double pad = 0.08 * (hi - lo);
  lo -= pad;
  hi += pad;

  ImGui::TextUnformatted(Tr("ui.numberline.title", {{"n", std::to_string(j + 1)}, {"stage", StageLabel(stage)}}).c_str());
  HelpMarker(Tr("ui.numberline.help").c_str());
  // x̂'s sd = √(σ²/(σ²+ε)): Ioffe & Szegedy 2015, Alg. 1

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x - font, 10.0f * font);
  const float height = 4.2f * font;
  const float axis_y = origin.y + 2.2f * font;
  auto to_x = [&](double v) { return origin.x + font * 0.5f + static_cast<float>((v - lo) / (hi - lo)) * width; };

  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const ImU32 band = ColourU32(Slot::SdBand);
  const ImU32 mean_col = ColourU32(Slot::MeanLine);
  const ImU32 dot = ColourU32(Slot::Sample);
  const ImU32 sel = ColourU32(Slot::SelectedSample);

  draw->AddRectFilled(ImVec2(to_x(mean - sd), axis_y - 1.2f * font), ImVec2(to_x(mean + sd), axis_y + 0.4f * font),
                      band);
  draw->AddLine(ImVec2(to_x(lo), axis_y), ImVec2(to_x(hi), axis_y), faint, 1.5f);
  // Ticks with labels.
  const double tick = NiceStep(hi - lo, 6);
  for (double v = std::ceil(lo / tick) * tick; v <= hi; v += tick) {
    const float x = to_x(v);
    draw->AddLine(ImVec2(x, axis_y), ImVec2(x, axis_y + 0.35f * font), faint, 1.0f);
    const std::string label = bn::FormatNumber(std::fabs(v) < tick * 1e-6 ? 0.0 : v, 4);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    draw->AddText(ImVec2(x - size.x * 0.5f, axis_y + 0.45f * font), faint, label.c_str());
  }
  // Mean line and its label.
  draw->AddLine(ImVec2(to_x(mean), axis_y - 1.5f * font), ImVec2(to_x(mean), axis_y + 0.4f * font), mean_col, 2.0f);
  // While the lesson hides a value, the dots' mean and sd are not printed (at stage x they are μ and σ).
  const std::string mean_label =
      app.step_lab.hidden_from >= 0
          ? Tr("ui.numberline.hidden")
          : Tr("ui.numberline.mean_sd", {{"mean", bn::FormatNumber(mean, 4)}, {"sd", bn::FormatNumber(sd, 4)}});
  draw->AddText(ImVec2(to_x(mean) + 4.0f, axis_y - 2.1f * font), text_col, mean_label.c_str());
  // The batch's values; the selected sample in yellow.
  for (int i = 0; i < n; ++i) {
    const bool is_sel = i == app.step_lab.view.sel_row;
    draw->AddCircleFilled(ImVec2(to_x(values(i, 0)), axis_y - 0.45f * font), font * (is_sel ? 0.34f : 0.28f),
                          is_sel ? sel : dot);
  }
  ImGui::Dummy(ImVec2(width + font, height));
}

}  // namespace bnlab
