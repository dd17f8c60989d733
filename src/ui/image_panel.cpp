// image_panel.cpp: the image-batch lab (tab 5): an N×C×H×W batch, BatchNorm per channel and its relatives
// (Layer, Instance, Group, Ghost, Renorm), stepped through with every number written out.
//
//   DrawImageControls   shape, variant and its options, γ, β, ε, new batch, backward, the selected value
//   DrawImageStep       navigation, the step's formula and numbers, the grouping, the tensor view
//   DrawImageStats      one row per statistics group (μ, σ², 1/√) and, for Renorm, r and d per channel
//   DrawImagePanel      lays the three out (two columns, or one on narrow screens)
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/bn/norm_variants.hpp"
#include "core/i18n/current.hpp"
#include "core/lab/image_steps.hpp"
#include "core/lab/lab_input.hpp"
#include "state/commands.hpp"
#include "state/learn.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

constexpr bn::NormVariant kVariants[] = {bn::NormVariant::Batch, bn::NormVariant::Layer, bn::NormVariant::Instance,
                                         bn::NormVariant::Group, bn::NormVariant::Ghost, bn::NormVariant::Renorm};
// The radio button's text in the current language (the methods' names stay as they are).
const std::string& VariantLabel(bn::NormVariant v) {
  switch (v) {
    case bn::NormVariant::Batch: return Tr("ui.image.variant.batch");
    case bn::NormVariant::Layer: return Tr("ui.image.variant.layer");
    case bn::NormVariant::Instance: return Tr("ui.image.variant.instance");
    case bn::NormVariant::Group: return Tr("ui.image.variant.group");
    case bn::NormVariant::Ghost: return Tr("ui.image.variant.ghost");
    case bn::NormVariant::Renorm: return Tr("ui.image.variant.renorm");
  }
  return Tr("ui.image.variant.batch");
}

// Its ImGui id: the English text it had before.
const char* VariantId(bn::NormVariant v) {
  switch (v) {
    case bn::NormVariant::Batch: return "BatchNorm: per channel";
    case bn::NormVariant::Layer: return "LayerNorm: per sample";
    case bn::NormVariant::Instance: return "InstanceNorm: per sample, channel";
    case bn::NormVariant::Group: return "GroupNorm: per sample, group";
    case bn::NormVariant::Ghost: return "Ghost BN: per sub-batch, channel";
    case bn::NormVariant::Renorm: return "Batch Renorm: BN, then r and d";
  }
  return "";
}

void Changed(AppState& app) { RecomputeImage(app); }

// A whole-number setting chosen among the divisors of `of` (G of C, B of N).
void DivisorCombo(const std::string& label, int* value, int of) {
  const std::string preview = std::to_string(*value);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.0f);
  if (!ImGui::BeginCombo(label.c_str(), preview.c_str())) return;
  for (int d = 1; d <= of; ++d) {
    if (of % d) continue;
    if (ImGui::Selectable(std::to_string(d).c_str(), d == *value)) *value = d;
  }
  ImGui::EndCombo();
}

// One float32 per channel in a row of small inputs; returns true when a value changed.
bool ChannelRow(const char* label, bn::Row* row, float lo, const char* help) {
  bool changed = false;
  ImGui::TextUnformatted(label);
  ImGui::SameLine(ImGui::GetFontSize() * 6.5f);
  // Up to 8 channels share the line: narrower fields rather than any off the panel's edge.
  const float spacing = ImGui::GetStyle().ItemSpacing.x, help_w = ImGui::GetFontSize() * 2.8f;
  const float field_w = std::clamp((ImGui::GetContentRegionAvail().x - help_w) / static_cast<float>(row->size()) - spacing,
                                   ImGui::GetFontSize() * 1.5f, ImGui::GetFontSize() * 3.2f);
  for (int ci = 0; ci < row->size(); ++ci) {
    ImGui::PushID(label);
    ImGui::PushID(ci);
    ImGui::SetNextItemWidth(field_w);
    float v = static_cast<float>((*row)(ci));
    if (ImGui::InputFloat("##v", &v, 0.0f, 0.0f, "%.4g", ImGuiInputTextFlags_EnterReturnsTrue) ||
        ImGui::IsItemDeactivatedAfterEdit()) {
      if (std::isfinite(v) && v >= lo && static_cast<double>(v) != (*row)(ci)) {
        (*row)(ci) = v;
        changed = true;
      }
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", Tr("ui.image.channel", {{"c", std::to_string(ci + 1)}}).c_str());
    ImGui::PopID();
    ImGui::PopID();
    if (ci + 1 < row->size()) ImGui::SameLine();
  }
  HelpMarker(help);
  return changed;
}

void DrawValueEditor(AppState& app) {
  ImageLab& lab = app.image;
  bn::ImageLabInput& in = lab.input;
  const int index = ((lab.sel[0] * in.c + lab.sel[1]) * in.h + lab.sel[2]) * in.w + lab.sel[3];
  if (lab.edit_for != index && !lab.trace.x.data.empty() && static_cast<size_t>(index) < lab.trace.x.data.size()) {
    std::snprintf(lab.edit_text.data(), lab.edit_text.size(), "%s", bn::FormatNumber(lab.trace.x.data[index], 8).c_str());
    lab.edit_for = index;
  }
  ImGui::TextUnformatted(Tr("ui.image.value.where", {{"n", std::to_string(lab.sel[0] + 1)},
                                                     {"c", std::to_string(lab.sel[1] + 1)},
                                                     {"h", std::to_string(lab.sel[2] + 1)},
                                                     {"w", std::to_string(lab.sel[3] + 1)}})
                             .c_str());
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
  const bool enter = ImGui::InputText("##value", lab.edit_text.data(), lab.edit_text.size(),
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  const ImVec2 p0 = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize();
  app.item_rects.push_back({"image_value", p0.x, p0.y, size.x, size.y});
  if (enter || ImGui::IsItemDeactivatedAfterEdit()) {
    double v = 0.0;
    std::string why;
    if (!bn::ParseFloat32(lab.edit_text.data(), &v, &why)) {
      lab.edit_error = Tr("ui.image.value.not_changed", {{"reason", why}});
    } else {
      try {
        bn::SetImageValue(&in, index, v);
        lab.edit_error.clear();
        Changed(app);
      } catch (const std::exception& e) {
        lab.edit_error = Tr("ui.image.value.not_changed", {{"reason", e.what()}});
      }
    }
  }
  HelpMarker(Tr("ui.image.value.help").c_str());
  if (!lab.edit_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Error));
    ImGui::TextWrapped("%s", lab.edit_error.c_str());
    ImGui::PopStyleColor();
  }
}

void DrawImageControls(AppState& app) {
  ImageLab& lab = app.image;
  bn::ImageLabInput& in = lab.input;
  const float font = ImGui::GetFontSize();
  ImGui::TextDisabled("%s  N × C × H × W", Tr("ui.image.heading.batch").c_str());
  int dims[4] = {in.n, in.c, in.h, in.w};
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x - font * 3.0f, font * 14.0f));
  if (ImGui::SliderInt4(L(Tr("ui.image.shape"), "shape").c_str(), dims, 1, bn::kImageMaxDim)) {
    bn::ResizeImageLab(&in, dims[0], dims[1], dims[2], dims[3]);
    Changed(app);
  }
  HelpMarker(Tr("ui.image.shape.help").c_str());
  if (TrackedButton(app, false, L(Tr("ui.image.new_batch"), "New batch").c_str(), "image_new_batch")) {
    ++in.seed;
    in.edits.clear();
    Changed(app);
  }
  ImGui::SameLine();
  const bn::FormatArgs seed_args = {{"seed", std::to_string(in.seed)}, {"n", std::to_string(in.edits.size())}};
  ImGui::TextUnformatted(
      (in.edits.size() == 1 ? Tr("ui.image.seed_edits.one", seed_args) : Tr("ui.image.seed_edits.other", seed_args))
          .c_str());
  if (ImGui::Checkbox(L(Tr("ui.image.backward"), "Backward pass").c_str(), &in.backward)) Changed(app);
  TrackItem(app, "image_backward");
  HelpMarker(Tr("ui.image.backward.help").c_str());

  ImGui::Separator();
  ImGui::TextDisabled("%s", Tr("ui.image.heading.normalization").c_str());
  for (bn::NormVariant v : kVariants) {
    const bool picked = ImGui::RadioButton(L(VariantLabel(v), VariantId(v)).c_str(), in.params.variant == v);
    TrackItem(app, std::string("norm:") + bn::NormKeyName(v));
    if (picked && in.params.variant != v) {
      in.params.variant = v;
      Changed(app);
    }
  }
  if (in.params.variant == bn::NormVariant::Group) {
    const int before = in.params.groups;
    DivisorCombo(L(Tr("ui.image.groups"), "groups G"), &in.params.groups, in.c);
    if (in.params.groups != before) Changed(app);
    HelpMarker(Tr("ui.image.groups.help").c_str());
  }
  if (in.params.variant == bn::NormVariant::Ghost) {
    const int before = in.params.ghost_batch;
    DivisorCombo(L(Tr("ui.image.ghost_batch"), "virtual batch B"), &in.params.ghost_batch, in.n);
    if (in.params.ghost_batch != before) Changed(app);
    HelpMarker(Tr("ui.image.ghost_batch.help").c_str());
  }
  if (in.params.variant == bn::NormVariant::Renorm) {
    float r_max = static_cast<float>(in.params.r_max), d_max = static_cast<float>(in.params.d_max);
    ImGui::SetNextItemWidth(font * 8.0f);
    if (ImGui::SliderFloat("r_max", &r_max, 1.0f, 5.0f, "%.2f", ImGuiSliderFlags_AlwaysClamp)) {
      in.params.r_max = r_max;
      Changed(app);
    }
    TrackItem(app, "image_r_max");
    HelpMarker(Tr("ui.image.r_max.help").c_str());
    ImGui::SetNextItemWidth(font * 8.0f);
    if (ImGui::SliderFloat("d_max", &d_max, 0.0f, 5.0f, "%.2f", ImGuiSliderFlags_AlwaysClamp)) {
      in.params.d_max = d_max;
      Changed(app);
    }
    HelpMarker(Tr("ui.image.d_max.help").c_str());
    if (ChannelRow("μ_run", &in.params.running_mean, -1e30f, Tr("ui.image.running_mean.help").c_str())) Changed(app);
    if (ChannelRow("σ²_run", &in.params.running_var, 0.0f, Tr("ui.image.running_var.help").c_str())) Changed(app);
  }

  ImGui::Separator();
  ImGui::TextDisabled("%s", Tr("ui.image.heading.scale_shift").c_str());
  if (ChannelRow("γ", &in.gamma, -1e30f, Tr("ui.image.gamma.help").c_str())) Changed(app);
  if (ChannelRow("β", &in.beta, -1e30f, Tr("ui.image.beta.help").c_str())) Changed(app);
  float eps = static_cast<float>(in.eps);
  ImGui::SetNextItemWidth(font * 6.0f);
  if (ImGui::InputFloat("ε", &eps, 0.0f, 0.0f, "%g", ImGuiInputTextFlags_EnterReturnsTrue) ||
      ImGui::IsItemDeactivatedAfterEdit()) {
    if (std::isfinite(eps) && eps >= 0.0f && static_cast<double>(eps) != in.eps) {
      in.eps = eps;
      Changed(app);
    }
  }
  HelpMarker(Tr("ui.image.eps.help").c_str());

  ImGui::Separator();
  DrawValueEditor(app);
  ImGui::Separator();
  ImGui::TextDisabled("%s",
                      Tr("ui.image.heading.about", {{"variant", bn::NormVariantName(in.params.variant)}}).c_str());
  ImGui::TextWrapped("%s", bn::NormNote(in.params.variant));  // the variant's row (core)
}

void DrawImageStep(AppState& app) {
  ImageLab& lab = app.image;
  if (!lab.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Error));
    ImGui::TextWrapped("%s", Tr("ui.image.error", {{"reason", lab.error}}).c_str());
    ImGui::PopStyleColor();
    DisabledWrapped(Tr("ui.image.error.help").c_str());
    return;
  }
  const bn::NormTrace& t = lab.trace;
  const int count = static_cast<int>(t.steps.size());
  if (count == 0) return;
  if (ImGui::Button("|◀")) RunCommand(app, "first");
  ImGui::SameLine();
  if (ImGui::Button("◀")) RunCommand(app, "prev");
  ImGui::SameLine();
  if (ImGui::Button("▶")) RunCommand(app, "next");
  ImGui::SameLine();
  if (ImGui::Button("▶|")) RunCommand(app, "last");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 8.0f));
  const std::string preview =
      Tr("ui.image.step.of",
         {{"k", std::to_string(lab.step + 1)}, {"n", std::to_string(count)}, {"title", bn::ImageStepTitle(t, lab.step)}});
  if (ImGui::BeginCombo("##image_steps", preview.c_str())) {
    for (int k = 0; k < count; ++k) {
      const std::string item = std::to_string(k + 1) + ". " + bn::ImageStepTitle(t, k);
      // the id: the step's number (its title changes with the language)
      const std::string label = L(t.steps[k].backward ? Tr("ui.image.step.backward_item", {{"item", item}}) : item,
                                  "step" + std::to_string(k + 1));
      if (ImGui::Selectable(label.c_str(), k == lab.step)) {
        lab.step = k;
        app.hash_dirty = true;
      }
    }
    ImGui::EndCombo();
  }
  const bn::NormStep& s = t.steps[lab.step];
  ImGui::TextDisabled("%s", (s.backward ? Tr("ui.image.heading.backward") : Tr("ui.image.heading.forward")).c_str());
  ImGui::SameLine();
  ImGui::Text("%d. %s", lab.step + 1, bn::ImageStepTitle(t, lab.step).c_str());
  FormulaLine(s.formula, bn::ImageStepHelp(s.key));  // the step's row (core)
  const std::string numbers = ImageNumbers(lab, lab.step);  // "?" for a value the lesson asks for
  ImGui::PushTextWrapPos(0.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Numbers));
  ImGui::TextUnformatted(numbers.c_str());
  ImGui::PopStyleColor();
  const bn::NormGroups& g = t.fwd.groups;
  const int k = bn::GroupOf(g, lab.sel[0], lab.sel[1]);
  const std::string where =
      s.extent == bn::NormExtent::PerChannel
          ? Tr("ui.image.where.channel", {{"c", std::to_string(lab.sel[1] + 1)}})
          : Tr("ui.image.where.group",
               {{"k", std::to_string(k + 1)}, {"n", std::to_string(g.count)}, {"group", bn::NormGroupLabel(g, k)}});
  ImGui::TextDisabled(
      "%s", Tr("ui.image.where.statistics", {{"where", where}, {"grouping", bn::NormGroupingText(g)}}).c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  DrawTensorView(app, std::max(ImGui::GetContentRegionAvail().y - 2.0f, ImGui::GetFontSize() * 8.0f));
}

void DrawImageStats(AppState& app) {
  ImageLab& lab = app.image;
  const bn::NormTrace& t = lab.trace;
  if (!lab.error.empty() || t.steps.empty()) return;
  const bn::NormGroups& g = t.fwd.groups;
  const int sel = bn::GroupOf(g, lab.sel[0], lab.sel[1]);
  ImGui::TextDisabled("%s", Tr("ui.image.heading.statistics").c_str());
  HelpMarker(Tr("ui.image.statistics.help").c_str());
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_RowBg;
  const float row_h = ImGui::GetTextLineHeightWithSpacing() + 2.0f;
  const bool renorm = !t.fwd.r.empty();
  const int stat_steps[3] = {t.index_of("mean"), t.index_of("var"), t.index_of("inv_std")};
  const float rows_h = row_h * static_cast<float>(std::min(g.count, 10) + 1) + 4.0f;
  if (ImGui::BeginTable("image_stats", renorm ? 6 : 4, flags, ImVec2(0.0f, rows_h))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(L(Tr("ui.image.statistics.group"), "group").c_str());
    ImGui::TableSetupColumn("μ", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
    ImGui::TableSetupColumn("σ²", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
    ImGui::TableSetupColumn("1/√(σ²+ε)", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
    if (renorm) {
      ImGui::TableSetupColumn("r", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.0f);
      ImGui::TableSetupColumn("d", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.0f);
    }
    ImGui::TableHeadersRow();
    for (int k = 0; k < g.count; ++k) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      const std::string label = std::to_string(k + 1) + ". " + bn::NormGroupLabel(g, k);
      if (ImGui::Selectable(label.c_str(), k == sel, ImGuiSelectableFlags_SpanAllColumns)) {
        for (int a = 0; a < g.n; ++a)  // the first element of group k
          for (int b = 0; b < g.c; ++b)
            if (bn::GroupOf(g, a, b) == k && bn::GroupOf(g, lab.sel[0], lab.sel[1]) != k) {
              lab.sel[0] = a, lab.sel[1] = b, lab.sel[2] = 0, lab.sel[3] = 0;
              lab.edit_for = -1;
            }
      }
      const double values[3] = {t.fwd.mean[k], t.fwd.var[k], t.fwd.inv_std[k]};
      for (int q = 0; q < 3; ++q) {
        ImGui::TableSetColumnIndex(q + 1);
        if (ImageValuesShown(lab, stat_steps[q])) ImGui::TextUnformatted(bn::FormatNumber(values[q], 5).c_str());
        else ImGui::TextDisabled("?");  // the lesson asks for it
      }
      if (renorm) {  // Renorm's groups are the channels
        ImGui::TableSetColumnIndex(4);
        ImGui::TextUnformatted(bn::FormatNumber(t.fwd.r[k], 4).c_str());
        ImGui::TableSetColumnIndex(5);
        ImGui::TextUnformatted(bn::FormatNumber(t.fwd.d[k], 4).c_str());
      }
    }
    ImGui::EndTable();
    TrackItem(app, ImageValuesShown(lab, stat_steps[2]) ? "image_stats" : "image_stats_hidden");  // any column hidden
  }
}

}  // namespace

void DrawImagePanel(AppState& app) {
  if (app.image.trace.steps.empty() && app.image.error.empty()) RecomputeImage(app);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float font = ImGui::GetFontSize();
  const bool narrow = avail.x < 55.0f * font;
  if (narrow) {
    ImGui::BeginChild("image_all", ImVec2(0, 0), false, kPanelFlags);
    ImGui::BeginChild("image_step", ImVec2(0, std::max(avail.y * 0.7f, 24.0f * font)), true, kPanelFlags);
    DrawImageStep(app);
    ImGui::EndChild();
    ImGui::BeginChild("image_stats", ImVec2(0, 14.0f * font), true, kPanelFlags);
    DrawImageStats(app);
    DrawImageCodePanel(app);
    ImGui::EndChild();
    ImGui::BeginChild("image_controls", ImVec2(0, 44.0f * font), true, kPanelFlags);
    DrawImageControls(app);
    ImGui::EndChild();
    ImGui::EndChild();
    return;
  }
  const float left_w = std::clamp(avail.x * 0.32f, 22.0f * font, 34.0f * font);
  ImGui::BeginChild("image_controls", ImVec2(left_w, 0), true, kPanelFlags);
  DrawImageControls(app);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("image_right", ImVec2(0, 0), false, kPanelFlags);
  const float stats_h = std::min(avail.y * 0.30f, 13.0f * font);
  ImGui::BeginChild("image_step", ImVec2(0, avail.y - stats_h - ImGui::GetStyle().ItemSpacing.y), true, kPanelFlags);
  DrawImageStep(app);
  ImGui::EndChild();
  ImGui::BeginChild("image_stats", ImVec2(0, 0), true, kPanelFlags);
  DrawImageCodePanel(app);  // collapsing, closed at first
  DrawImageStats(app);
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace bnlab
