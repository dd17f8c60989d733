// help_window.cpp: the Help window (F1 or ?): what the lab is and every keyboard shortcut.
#include <imgui.h>

#include <algorithm>

#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {

void DrawHelpWindow(AppState& app) {
  if (!app.ui.show_help) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  // As wide as 40 characters allow (never wider than the screen), as tall as its text up to 90% of the screen.
  const float help_w = std::min(ImGui::GetFontSize() * 40.0f, vp->WorkSize.x * 0.95f);
  ImGui::SetNextWindowSizeConstraints(ImVec2(help_w, 0.0f), ImVec2(help_w, vp->WorkSize.y * 0.9f));
  if (ImGui::Begin("Help", &app.ui.show_help, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextWrapped("bnlab shows Batch Normalization done by hand on a batch you can edit. Each step computes one "
                       "quantity; the orange cells are its result, the blue cells what it reads.");
    ImGui::Separator();
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("action", ImGuiTableColumnFlags_WidthStretch);
      const char* keys[][2] = {
          {"1 / 2 / 3 / 4 / 5", "step-through lab / train vs inference / training / speed / images"},
          {"L", "the lesson: short chapters, each beside its lab, with predictions, questions and a checkpoint"},
          {"Practice (step lab)", "hides each step's values and asks you for one; Enter checks your number"},
          {"→ / ←", "next / previous step"},  {"Home / End", "first / last step"},
          {"Space", "play / pause"},          {"Tab / Shift+Tab", "next / previous cell"},
          {"Enter", "commit a cell"},         {"↑ / ↓ in a cell", "cell above / below"},
          {"Esc", "cancel an edit; close this window"}, {"F1 or ?", "this help"},
          {"K", "keyboard navigation of the controls on/off (the arrows then stop stepping BN)"},
          {"  with K on: arrows", "move the focus frame from control to control, across panels"},
          {"  Space", "press the button, tick the box, pick the tab under the frame; on a slider, "
                      "grab it (then ← → change it, Space lets go)"},
          {"  Enter", "type into the field or slider under the frame; Enter again commits"},
          {"  Alt", "go to the menus (View, Share, Help); arrows and Space inside; Esc back"},
          {"  Esc", "leave a field, a slider or a menu"},
          {"  Space on the picture", "(image lab) select the next value; Shift+Space the one before"},
      };
      const char* touch[][2] = {
          {"tap", "press a button, pick a tab, edit a cell (the keyboard opens)"},
          {"swipe", "scroll a panel (from anywhere but a slider)"},
          {"hold", "show the help of a (?) or a control"},
          {"pinch", "UI scale (also in View)"},
      };
      if (app.ui.touch_ui) {
        for (const auto& k : touch) {
          ImGui::TableNextRow();
          ImGui::TableSetColumnIndex(0);
          ImGui::TextUnformatted(k[0]);
          ImGui::TableSetColumnIndex(1);
          ImGui::TextWrapped("%s", k[1]);
        }
      }
      for (const auto& k : keys) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(k[0]);
        ImGui::TableSetColumnIndex(1);
        ImGui::TextWrapped("%s", k[1]);
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace bnlab
