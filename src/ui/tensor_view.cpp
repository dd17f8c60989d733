// tensor_view.cpp: the N×C×H×W batch as a grid of small images (one row per sample, one column per
// channel), every cell tinted by the statistics group it belongs to. The selected element's group (or, for
// per-channel steps, its channel) is drawn strong: those are the values feeding the statistic on screen.
//
//   CellColour       group hue, strong or faint
//   DrawTensorView   layout (cell size from the space given), cells, numbers when they fit, click to select
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/i18n/current.hpp"
#include "state/learn.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

// Statistics group k of `count`: evenly spread hues; the highlighted group saturated and bright.
ImU32 CellColour(int k, int count, bool strong, bool dark) {
  const float hue = std::fmod(0.08f + 0.61803f * static_cast<float>(k), 1.0f);
  (void)count;
  float r, g, b;
  if (dark) {
    ImGui::ColorConvertHSVtoRGB(hue, strong ? 0.70f : 0.45f, strong ? 0.62f : 0.26f, r, g, b);
  } else {
    ImGui::ColorConvertHSVtoRGB(hue, strong ? 0.55f : 0.18f, strong ? 0.95f : 0.97f, r, g, b);
  }
  return ImGui::GetColorU32(ImVec4(r, g, b, 1.0f));
}

}  // namespace

void DrawTensorView(AppState& app, float height) {
  ImageLab& lab = app.image;
  const bn::NormTrace& t = lab.trace;
  if (!lab.error.empty() || t.steps.empty()) return;
  const bn::NormGroups& g = t.fwd.groups;
  const bn::NormStep& s = t.steps[lab.step];
  const float font = ImGui::GetFontSize();
  const bool dark = CurrentTheme() == Theme::Dark;

  // Layout: a label column on the left, a header row on top, gaps between the small images.
  // Big batches (up to 8×8 images of 8×8) get thin gaps so that every cell stays on screen.
  const bool big = g.n * g.h > 24 || g.c * g.w > 24;
  const float label_w = font * 4.2f, header_h = font * 1.4f, gap = big ? 3.0f : std::max(4.0f, font * 0.5f);
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float cell_w = (avail_w - label_w - gap * static_cast<float>(g.c - 1)) / static_cast<float>(g.c * g.w);
  const float cell_h = (height - header_h - gap * static_cast<float>(g.n - 1)) / static_cast<float>(g.n * g.h);
  const float cell = std::clamp(std::min(cell_w, cell_h), 2.0f, font * 3.4f);
  const float img_w = cell * static_cast<float>(g.w), img_h = cell * static_cast<float>(g.h);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 total(label_w + img_w * static_cast<float>(g.c) + gap * static_cast<float>(g.c - 1),
                     header_h + img_h * static_cast<float>(g.n) + gap * static_cast<float>(g.n - 1));
  ImGui::InvisibleButton("tensor_view", total);
  const bool hovered = ImGui::IsItemHovered(), clicked = ImGui::IsItemClicked();
  const bool focused = ImGui::IsItemFocused();
  TrackItem(app, "tensor_view");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // From the keyboard (K, focus frame on the picture): Space selects the next value, Shift+Space the
  // previous one, in N, C, H, W order.
  if (focused && app.ui.keyboard_nav && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
    const int count = g.n * g.c * g.h * g.w;
    int index = ((lab.sel[0] * g.c + lab.sel[1]) * g.h + lab.sel[2]) * g.w + lab.sel[3];
    index = (index + (ImGui::GetIO().KeyShift ? count - 1 : 1)) % count;
    lab.sel[3] = index % g.w;
    lab.sel[2] = index / g.w % g.h;
    lab.sel[1] = index / (g.w * g.h) % g.c;
    lab.sel[0] = index / (g.w * g.h * g.c);
    lab.edit_for = -1;
  }

  // Which values are highlighted: the selected element's statistics group, or its channel for the
  // per-channel steps (r, d, dβ, dγ sum over a channel).
  const int sel_group = bn::GroupOf(g, lab.sel[0], lab.sel[1]);
  const bool per_channel = s.extent == bn::NormExtent::PerChannel;
  // Numbers shown: the step's own value for per-element steps, else x (what the statistic reads).
  const bool step_shown = ImageValuesShown(lab, lab.step);  // an open lesson question hides the step's values
  const bool element_values = s.extent == bn::NormExtent::PerElement && step_shown;
  const std::vector<double>& shown = element_values ? s.value : t.x.data;
  // Numbers in every cell or in none (a blank cell among numbers would look like a value of its own): the
  // full font if every value fits with two significant digits, else the small font with two, else with one,
  // else no numbers (hover and the formula line give every value in full).
  auto all_fit = [&](float size, int digits) {
    for (const double value : shown) {
      const std::string num = bn::FormatNumber(std::abs(value) < 1e-12 ? 0.0 : value, digits);
      if (ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0.0f, num.c_str()).x > cell - 2.0f) return false;
    }
    return true;
  };
  float text_size = 0.0f;
  int min_digits = 2;
  if (cell >= font * 2.0f && all_fit(font, 2)) {
    text_size = font;
  } else if (cell >= font * 1.5f && all_fit(font * 0.72f, 2)) {
    text_size = font * 0.72f;
  } else if (cell >= font * 1.5f && all_fit(font * 0.72f, 1)) {
    text_size = font * 0.72f;
    min_digits = 1;
  }
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 frame_col = ColourU32(Slot::SelectedCell);
  const size_t hw = static_cast<size_t>(g.h) * g.w;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  int hover_index = -1;

  for (int ci = 0; ci < g.c; ++ci) {
    // "channel 3" where it fits above its image, else just "3".
    std::string head = bn::Tr("ui.tensor.channel", {{"n", std::to_string(ci + 1)}});
    if (ImGui::CalcTextSize(head.c_str()).x > img_w + gap * 0.5f) head = std::to_string(ci + 1);
    const float x0 = origin.x + label_w + static_cast<float>(ci) * (img_w + gap);
    dl->AddText(ImVec2(x0, origin.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), head.c_str());
  }
  for (int ni = 0; ni < g.n; ++ni) {
    const float y0 = origin.y + header_h + static_cast<float>(ni) * (img_h + gap);
    const std::string label = bn::Tr("ui.tensor.sample", {{"n", std::to_string(ni + 1)}});
    dl->AddText(ImVec2(origin.x, y0), ImGui::GetColorU32(ImGuiCol_TextDisabled), label.c_str());
    for (int ci = 0; ci < g.c; ++ci) {
      const float x0 = origin.x + label_w + static_cast<float>(ci) * (img_w + gap);
      const int k = bn::GroupOf(g, ni, ci);
      const bool strong = per_channel ? ci == lab.sel[1] : k == sel_group;
      const std::string id = "image:" + std::to_string(ni) + ":" + std::to_string(ci);
      app.item_rects.push_back({id, x0, y0, img_w, img_h});
      for (int hi = 0; hi < g.h; ++hi)
        for (int wi = 0; wi < g.w; ++wi) {
          const size_t index = (static_cast<size_t>(ni) * g.c + ci) * hw + static_cast<size_t>(hi) * g.w + wi;
          const ImVec2 a(x0 + cell * static_cast<float>(wi), y0 + cell * static_cast<float>(hi));
          const ImVec2 b(a.x + cell - 1.0f, a.y + cell - 1.0f);
          dl->AddRectFilled(a, b, CellColour(k, g.count, strong, dark));
          if (hovered && mouse.x >= a.x && mouse.x < a.x + cell && mouse.y >= a.y && mouse.y < a.y + cell) {
            hover_index = static_cast<int>(index);
            if (clicked) {
              lab.sel[0] = ni, lab.sel[1] = ci, lab.sel[2] = hi, lab.sel[3] = wi;
              lab.edit_for = -1;
            }
          }
          if (text_size > 0.0f) {
            // Rounding noise around 0 (e.g. Renorm's x̂ − x when the running statistics are 0 and 1) reads as 0.
            const double v = std::abs(shown[index]) < 1e-12 ? 0.0 : shown[index];
            std::string num;  // three significant digits where they fit, else fewer (down to min_digits)
            ImVec2 size;
            for (int digits = 3; digits >= min_digits; --digits) {
              num = bn::FormatNumber(v, digits);
              size = ImGui::GetFont()->CalcTextSizeA(text_size, FLT_MAX, 0.0f, num.c_str());
              if (size.x <= cell - 2.0f) break;
            }
            const ImVec4 clip(a.x, a.y, b.x, b.y);
            dl->AddText(ImGui::GetFont(), text_size,
                        ImVec2(a.x + std::max(1.0f, (cell - 1.0f - size.x) * 0.5f), a.y + (cell - 1.0f - size.y) * 0.5f),
                        text_col, num.c_str(), nullptr, 0.0f, &clip);
          }
        }
      dl->AddRect(ImVec2(x0 - 1.0f, y0 - 1.0f), ImVec2(x0 + img_w, y0 + img_h),
                  ImGui::GetColorU32(ImGuiCol_Border));
    }
  }
  // The selected element: a frame.
  {
    const float x0 = origin.x + label_w + static_cast<float>(lab.sel[1]) * (img_w + gap) + cell * static_cast<float>(lab.sel[3]);
    const float y0 = origin.y + header_h + static_cast<float>(lab.sel[0]) * (img_h + gap) + cell * static_cast<float>(lab.sel[2]);
    dl->AddRect(ImVec2(x0 - 1.0f, y0 - 1.0f), ImVec2(x0 + cell, y0 + cell), frame_col, 0.0f, 0, 2.0f);
  }
  if (focused && app.ui.keyboard_nav)  // the focus frame, which ImGui does not draw for an invisible button
    dl->AddRect(ImVec2(origin.x + label_w - 4.0f, origin.y + header_h - 4.0f),
                ImVec2(origin.x + total.x + 3.0f, origin.y + total.y + 3.0f), ImGui::GetColorU32(ImGuiCol_NavHighlight),
                4.0f, 0, 2.0f);
  if (hover_index >= 0) {
    const int k = bn::GroupOf(g, static_cast<int>(hover_index / (hw * g.c)), static_cast<int>((hover_index / hw) % g.c));
    ImGui::BeginTooltip();
    ImGui::Text("x = %s", bn::FormatNumber(t.x.data[hover_index], 6).c_str());
    if (element_values) ImGui::Text("%s = %s", s.symbol.c_str(), bn::FormatNumber(s.value[hover_index], 6).c_str());
    ImGui::TextUnformatted(
        bn::Tr("ui.tensor.group", {{"n", std::to_string(k + 1)}, {"members", bn::NormGroupLabel(g, k)}}).c_str());
    ImGui::TextDisabled("%s", bn::Tr("ui.tensor.click").c_str());
    ImGui::EndTooltip();
  }
}

}  // namespace bnlab
