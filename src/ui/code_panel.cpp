// code_panel.cpp: the code view: the step on screen as NumPy and as PyTorch code (ending with the one library
// call), and the batch as code; in the image lab the statistics per group in NumPy and the one PyTorch call.
// The texts come from state/code_share.hpp (core/lab/code_export.hpp): the same text the notebook runs.
//
//   DrawStepCodePanel    a collapsing "Code" section: NumPy | PyTorch | Batch tabs, the text, Copy
//   DrawImageCodePanel   the same for the image lab (NumPy | PyTorch)
#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/i18n/current.hpp"
#include "state/code_share.hpp"
#include "state/learn.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

// The tab bar, the text (read-only, selectable) and the Copy button. `langs` tabs of "NumPy", "PyTorch", "Batch".
void DrawCodeBody(AppState& app, int langs, std::string (*text_of)(const AppState&, CodeLang)) {
  if (ImGui::BeginTabBar("code_tabs")) {
    // NumPy and PyTorch are names; the Batch tab's label is translated, its ID stays "Batch".
    const std::string names[] = {"NumPy", "PyTorch", Tr("ui.code.tab.batch") + "###Batch"};
    for (int k = 0; k < langs; ++k) {
      const ImGuiTabItemFlags flags =
          app.ui.code_lang_changed && app.ui.code_lang == k ? ImGuiTabItemFlags_SetSelected : 0;
      if (ImGui::BeginTabItem(names[k].c_str(), nullptr, flags)) {
        if (!app.ui.code_lang_changed) app.ui.code_lang = k;
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  app.ui.code_lang_changed = false;
  const int lang = std::min(app.ui.code_lang, langs - 1);
  std::string text = text_of(app, static_cast<CodeLang>(lang));
  if (text.empty()) return;
  if (TrackedButton(app, true, (Tr("ui.code.copy") + "###Copy##code").c_str(), "code_copy")) {
    if (app.host.CopyToClipboard(text)) Notify(app, Tr("ui.code.copied"), false);
    else Notify(app, Tr("ui.code.clipboard_refused"), true);
  }
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  const float line_h = ImGui::GetTextLineHeight();
  const float h = std::min(static_cast<float>(lines) * line_h + 2.0f * ImGui::GetStyle().FramePadding.y + 4.0f,
                           24.0f * line_h);
  ImGui::InputTextMultiline("##code_text", text.data(), text.size() + 1, ImVec2(-1.0f, h),
                            ImGuiInputTextFlags_ReadOnly);
  TrackItem(app, "code_text");
}

std::string StepText(const AppState& app, CodeLang lang) { return StepCodeText(app.step_lab, lang); }
std::string ImageText(const AppState& app, CodeLang lang) { return ImageCodeText(app.image, lang); }

bool CodeHeader(AppState& app, const char* help) {
  ImGui::SetNextItemOpen(app.ui.code_open, ImGuiCond_Always);
  app.ui.code_open = ImGui::CollapsingHeader((Tr("ui.code.header") + "###Code: NumPy and PyTorch##code").c_str());
  TrackItem(app, "code_header");
  ImGui::SameLine();
  HelpMarker(help);
  return app.ui.code_open;
}

}  // namespace

void DrawStepCodePanel(AppState& app) {
  const StepLab& lab = app.step_lab;
  if (!lab.trace_error.empty() || lab.trace.steps.empty()) return;
  if (!CodeHeader(app, Tr("ui.code.help").c_str())) return;
  const bn::TraceStep& s = lab.trace.steps[lab.step];
  FormulaLine(s.formula, Tr("ui.code.formula.help").c_str());
  if (!StepValuesShown(lab, lab.step)) DisabledWrapped(Tr("ui.code.values_hidden").c_str());
  DrawCodeBody(app, 3, StepText);
}

void DrawImageCodePanel(AppState& app) {
  const ImageLab& lab = app.image;
  if (!lab.error.empty() || lab.trace.steps.empty()) return;
  if (!CodeHeader(app, Tr("ui.code.image_help").c_str())) return;
  if (lab.hidden_from >= 0) DisabledWrapped(Tr("ui.code.values_hidden").c_str());
  DrawCodeBody(app, 2, ImageText);
}

}  // namespace bnlab
