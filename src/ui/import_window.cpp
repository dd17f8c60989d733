// import_window.cpp: paste bntrace-style JSON to load a batch into the step lab (ImportJson: all or nothing).
#include <imgui.h>

#include "core/i18n/current.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {

void DrawImportWindow(AppState& app) {
  if (!app.ui.show_import) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.55f, vp->WorkSize.y * 0.55f), ImGuiCond_Appearing);
  const std::string title = bn::Tr("ui.import.title") + "###Import a batch from JSON";
  if (ImGui::Begin(title.c_str(), &app.ui.show_import, ImGuiWindowFlags_NoCollapse)) {
    ImGui::TextWrapped("%s", bn::Tr("ui.import.intro").c_str());
    const float button_h = ImGui::GetFrameHeightWithSpacing() * 2.5f;
    ImGui::InputTextMultiline("##import_text", app.ui.import_text.data(), app.ui.import_text.size(),
                              ImVec2(-1.0f, -button_h));
    app.item_rects.push_back({"import_text", ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y,
                              ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y});
    if (TrackedButton(app, false, (bn::Tr("ui.import.button") + "###Import").c_str(), "import_button") &&
        ImportJson(app, app.ui.import_text.data())) {
      app.ui.show_import = false;
    }
    if (!app.ui.import_error.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Error));
      ImGui::TextWrapped("%s", app.ui.import_error.c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::End();
}

}  // namespace bnlab
