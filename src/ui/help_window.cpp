// help_window.cpp: the Help window (F1 or ?): what the lab is and every keyboard shortcut.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/i18n/current.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {

using bn::Tr;

void DrawHelpWindow(AppState& app) {
  if (!app.ui.show_help) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  // As wide as 40 characters allow (never wider than the screen), as tall as its text up to 90% of the screen.
  const float help_w = std::min(ImGui::GetFontSize() * 40.0f, vp->WorkSize.x * 0.95f);
  ImGui::SetNextWindowSizeConstraints(ImVec2(help_w, 0.0f), ImVec2(help_w, vp->WorkSize.y * 0.9f));
  if (ImGui::Begin((Tr("ui.help.title") + "###Help").c_str(), &app.ui.show_help,
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextWrapped("%s", Tr("ui.help.intro").c_str());
    ImGui::Separator();
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("action", ImGuiTableColumnFlags_WidthStretch);
      // The key (a name, or a translated word such as Space) and what it does, in the current language.
      const std::string indent = "  ";  // the keys of keyboard navigation (K), under it
      const std::string keys[][2] = {
          {"1 / 2 / 3 / 4 / 5", Tr("ui.help.do.labs")},
          {"L", Tr("ui.help.do.lesson")},
          {Tr("ui.help.key.practice"), Tr("ui.help.do.practice")},
          {"→ / ←", Tr("ui.help.do.next_prev_step")},
          {Tr("ui.help.key.home_end"), Tr("ui.help.do.first_last_step")},
          {Tr("ui.help.key.space"), Tr("ui.help.do.play_pause")},
          {Tr("ui.help.key.tab"), Tr("ui.help.do.next_prev_cell")},
          {Tr("ui.help.key.enter"), Tr("ui.help.do.commit_cell")},
          {Tr("ui.help.key.up_down_cell"), Tr("ui.help.do.cell_above_below")},
          {"Esc", Tr("ui.help.do.cancel_close")},
          {Tr("ui.help.key.f1"), Tr("ui.help.do.this_help")},
          {"K", Tr("ui.help.do.keyboard_nav")},
          {indent + Tr("ui.help.key.nav_arrows"), Tr("ui.help.do.nav_arrows")},
          {indent + Tr("ui.help.key.space"), Tr("ui.help.do.nav_space")},
          {indent + Tr("ui.help.key.enter"), Tr("ui.help.do.nav_enter")},
          {indent + "Alt", Tr("ui.help.do.nav_alt")},
          {indent + "Esc", Tr("ui.help.do.nav_esc")},
          {indent + Tr("ui.help.key.space_picture"), Tr("ui.help.do.space_picture")},
      };
      const std::string touch[][2] = {
          {Tr("ui.help.touch.tap"), Tr("ui.help.touch.do.tap")},
          {Tr("ui.help.touch.swipe"), Tr("ui.help.touch.do.swipe")},
          {Tr("ui.help.touch.hold"), Tr("ui.help.touch.do.hold")},
          {Tr("ui.help.touch.pinch"), Tr("ui.help.touch.do.pinch")},
      };
      if (app.ui.touch_ui) {
        for (const auto& k : touch) {
          ImGui::TableNextRow();
          ImGui::TableSetColumnIndex(0);
          ImGui::TextUnformatted(k[0].c_str());
          ImGui::TableSetColumnIndex(1);
          ImGui::TextWrapped("%s", k[1].c_str());
        }
      }
      for (const auto& k : keys) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(k[0].c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::TextWrapped("%s", k[1].c_str());
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace bnlab
