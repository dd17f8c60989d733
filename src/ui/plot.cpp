// plot.cpp: NiceStep and DrawPlot.
#include "ui/plot.hpp"

#include <algorithm>
#include <cmath>

#include "core/bn/bn.hpp"
#include "core/i18n/current.hpp"

namespace bnlab {

double NiceStep(double span, int target) {
  const double raw = span / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  return (f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0) * mag;
}

void DrawPlot(const char* id, const std::vector<PlotSeries>& series, const PlotOptions& options) {
  const float font = ImGui::GetFontSize();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 12.0f * font);
  const float height = options.height_in_lines * font;
  ImGui::PushID(id);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();

  // Data range.
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const PlotSeries& s : series)
    for (size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
      if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k])) continue;
      x0 = std::min(x0, double(s.x[k]));
      x1 = std::max(x1, double(s.x[k]));
      y0 = std::min(y0, double(s.y[k]));
      y1 = std::max(y1, double(s.y[k]));
    }
  const ImU32 frame = ImGui::GetColorU32(ImGuiCol_Border);
  const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const float left = origin.x + 4.5f * font, right = origin.x + width - 0.5f * font;
  const float top = origin.y + 0.4f * font, bottom = origin.y + height - 1.6f * font;
  draw->AddRect(ImVec2(left, top), ImVec2(right, bottom), frame);
  if (!(x0 <= x1) || !(y0 <= y1)) {
    draw->AddText(ImVec2(left + font, top + font), faint, bn::Tr("ui.widgets.plot.no_data").c_str());
    ImGui::PopID();
    return;
  }
  if (options.y_from_zero) {
    y0 = std::min(y0, 0.0);
    y1 = std::max(y1, 0.0);
  }
  if (x1 - x0 < 1e-12) x1 = x0 + 1.0;
  if (y1 - y0 < 1e-12) {
    y0 -= 0.5;
    y1 += 0.5;
  }
  const double ypad = 0.06 * (y1 - y0);
  y0 -= ypad;
  y1 += ypad;
  auto px = [&](double x) { return left + static_cast<float>((x - x0) / (x1 - x0)) * (right - left); };
  auto py = [&](double y) { return bottom - static_cast<float>((y - y0) / (y1 - y0)) * (bottom - top); };

  // Ticks.
  const int y_ticks = std::max(2, std::min(5, static_cast<int>((bottom - top) / (1.6f * font))));
  const double ys = NiceStep(y1 - y0, y_ticks);
  for (double y = std::ceil(y0 / ys) * ys; y <= y1; y += ys) {
    draw->AddLine(ImVec2(left, py(y)), ImVec2(right, py(y)), ImGui::GetColorU32(ImGuiCol_Separator, 0.35f));
    const std::string label = bn::FormatNumber(std::fabs(y) < ys * 1e-6 ? 0.0 : y, 3);
    const ImVec2 sz = ImGui::CalcTextSize(label.c_str());
    draw->AddText(ImVec2(left - sz.x - 0.3f * font, py(y) - sz.y * 0.5f), faint, label.c_str());
  }
  const double xs = NiceStep(x1 - x0, 6);
  for (double x = std::ceil(x0 / xs) * xs; x <= x1; x += xs) {
    const std::string label = bn::FormatNumber(x, 7);
    const ImVec2 sz = ImGui::CalcTextSize(label.c_str());
    draw->AddText(ImVec2(px(x) - sz.x * 0.5f, bottom + 0.15f * font), faint, label.c_str());
  }
  if (!options.x_label.empty()) {  // under the axis, at its left end (the ticks take the rest)
    const ImVec2 sz = ImGui::CalcTextSize(options.x_label.c_str());
    draw->AddText(ImVec2(left - sz.x - 0.3f * font, bottom + 0.15f * font), text, options.x_label.c_str());
  }

  // Series, clipped to the frame.
  draw->PushClipRect(ImVec2(left, top), ImVec2(right + 1, bottom + 1), true);
  for (const PlotSeries& s : series) {
    const size_t count = std::min(s.x.size(), s.y.size());
    for (size_t k = 1; k < count; ++k) {
      if (!std::isfinite(s.y[k - 1]) || !std::isfinite(s.y[k])) continue;
      if (s.dashed && (k % 2 == 0)) continue;
      draw->AddLine(ImVec2(px(s.x[k - 1]), py(s.y[k - 1])), ImVec2(px(s.x[k]), py(s.y[k])), s.colour, 2.0f);
    }
    if (count == 1 && std::isfinite(s.y[0])) draw->AddCircleFilled(ImVec2(px(s.x[0]), py(s.y[0])), 3.0f, s.colour);
  }
  draw->PopClipRect();

  // Legend, top-left inside the frame; an entry that would cross the right edge starts a new line (phones).
  float lx = left + 0.5f * font, ly = top;
  for (const PlotSeries& s : series) {
    if (s.label.empty()) continue;  // unnamed series (e.g. percentile bands) share their colour's entry
    const float entry_w = 1.3f * font + ImGui::CalcTextSize(s.label.c_str()).x;
    if (lx > left + 0.5f * font && lx + entry_w > right) {
      lx = left + 0.5f * font;
      ly += 1.2f * font;
    }
    draw->AddLine(ImVec2(lx, ly + 0.75f * font), ImVec2(lx + font, ly + 0.75f * font), s.colour, 3.0f);
    draw->AddText(ImVec2(lx + 1.3f * font, ly + 0.2f * font), text, s.label.c_str());
    lx += entry_w + font;
  }
  ImGui::PopID();
}

}  // namespace bnlab
