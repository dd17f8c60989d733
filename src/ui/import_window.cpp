// import_window.cpp: paste bntrace-style JSON to load a batch into the step lab (ImportJson: all or nothing).
#include <imgui.h>

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
  if (ImGui::Begin("Import a batch from JSON", &app.ui.show_import, ImGuiWindowFlags_NoCollapse)) {
    ImGui::TextWrapped("Paste the JSON that bntrace reads (its input), e.g. {\"x\": [[1, 2], [3, 4]], \"gamma\": [1, 2]}. "
                       "Keys: x, gamma, beta, eps, mode, momentum, running_mean, running_var, dy.");
    const float button_h = ImGui::GetFrameHeightWithSpacing() * 2.5f;
    ImGui::InputTextMultiline("##import_text", app.ui.import_text.data(), app.ui.import_text.size(),
                              ImVec2(-1.0f, -button_h));
    app.item_rects.push_back({"import_text", ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y,
                              ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y});
    if (TrackedButton(app, false, "Import", "import_button") && ImportJson(app, app.ui.import_text.data())) {
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
