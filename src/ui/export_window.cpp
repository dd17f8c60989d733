// export_window.cpp: the export window: the text just copied (link, Markdown, LaTeX, JSON), to select by hand too.
#include <imgui.h>

#include "core/i18n/current.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {

void DrawExportPanel(AppState& app) {
  if (!app.ui.show_export) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.6f, vp->WorkSize.y * 0.6f), ImGuiCond_Appearing);
  const std::string title = bn::Tr("ui.export.title", {{"what", app.ui.export_title}}) + "###export";
  if (ImGui::Begin(title.c_str(), &app.ui.show_export, ImGuiWindowFlags_NoCollapse)) {
    if (ImGui::Button((bn::Tr("ui.export.copy_again") + "###Copy again").c_str())) app.host.CopyToClipboard(app.ui.export_text);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", bn::Tr("ui.export.select_hint").c_str());
    // Read-only: ImGui needs a mutable buffer pointer, but does not write with ReadOnly.
    ImGui::InputTextMultiline("##export_text", app.ui.export_text.data(), app.ui.export_text.size() + 1,
                              ImVec2(-1.0f, -1.0f), ImGuiInputTextFlags_ReadOnly);
  }
  ImGui::End();
}

}  // namespace bnlab
