// layout.cpp: the host window that fills the screen: menu bar (View, Share, Help), a tab per lab,
// the global keyboard shortcuts, and the notice line. Panels are placed from the display size every
// frame (no saved positions), so the layout follows every resize and pixel-ratio change.
//
//   HandleShortcuts     ← → Home End Space F1 ? Esc (only when no text field has the keyboard)
//   DrawMenuBar         View (theme, UI scale), Share (link, Markdown, LaTeX, JSON), Help
//   DrawStepThroughTab  batch + step list | step + worksheet
//   DrawNoticeLine
//   DrawAllPanels
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/platform.hpp"
#include "core/io/bntrace_io.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/trace_export.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

void HandleShortcuts(AppState& app) {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) app.ui.show_help = !app.ui.show_help;
  if (io.WantTextInput) return;
  for (int k = 0; k < io.InputQueueCharacters.Size; ++k) {
    const ImWchar c = io.InputQueueCharacters[k];
    if (c == 'k' || c == 'K') {
      app.ui.keyboard_nav = !app.ui.keyboard_nav;
      Notify(app, app.ui.keyboard_nav ? "Keyboard navigation on: the arrows, Space and Enter go to the controls. K to leave."
                                      : "Keyboard navigation off: the arrows step through BN again.",
             false);
    }
    if (c == '?') app.ui.show_help = true;
    if (c == '1') app.ui.tab_request = 0;
    if (c == '2') app.ui.tab_request = 1;
    if (c == '3') app.ui.tab_request = 2;
    if (c == '4') app.ui.tab_request = 3;
    if (c == '5') app.ui.tab_request = 4;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
    app.ui.show_help = app.ui.show_export = app.ui.show_import = false;
  if (app.ui.keyboard_nav) return;  // the arrows, Space, Home and End belong to the controls now
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) RunCommand(app, "next");
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) RunCommand(app, "prev");
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) RunCommand(app, "first");
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) RunCommand(app, "last");
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
    const int last = static_cast<int>(app.trace.steps.size()) - 1;
    if (!app.view.playing && app.step == last) app.step = 0;
    app.view.playing = !app.view.playing;
    app.view.play_accum = 0.0;
  }
}

// Puts `text` on the clipboard and in the export window (so it can also be selected by hand).
void Export(AppState& app, const char* title, const std::string& text) {
  app.ui.export_title = title;
  app.ui.export_text = text;
  app.ui.show_export = true;
  if (CopyToClipboard(text)) {
    Notify(app, std::string(title) + " copied to the clipboard.", false);
  } else {
    Notify(app, "The browser refused the clipboard: select the text in the export window and copy it.", true);
  }
}

void DrawMenuBar(AppState& app) {
  if (!ImGui::BeginMenuBar()) return;
  ImGui::TextUnformatted("bnlab");
  if (ImGui::BeginMenu("View")) {
    // Three themes, remembered: dark, light, and high contrast (white on black, yellow accents).
    const bool contrast = app.ui.high_contrast;
    if (ImGui::MenuItem("Dark theme", nullptr, app.ui.dark_theme && !contrast)) RunCommand(app, "theme:dark");
    if (ImGui::MenuItem("Light theme", nullptr, !app.ui.dark_theme && !contrast)) RunCommand(app, "theme:light");
    if (ImGui::MenuItem("High-contrast theme", nullptr, contrast)) RunCommand(app, "theme:contrast");
    int percent = static_cast<int>(app.ui.ui_scale * 100.0f + 0.5f);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0f);
    if (ImGui::SliderInt("UI scale", &percent, 75, 200, "%d%%", ImGuiSliderFlags_AlwaysClamp)) {
      app.ui.ui_scale = static_cast<float>(std::clamp(percent, 75, 200)) / 100.0f;
    }
    if (ImGui::IsItemDeactivatedAfterEdit()) SaveSetting("ui_scale", std::to_string(percent));
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Share")) {
    const bool ok = app.trace_error.empty();
    if (ImGui::MenuItem("Copy link to this batch and step")) {
      Export(app, "Link", LinkWithHash(bn::FormatLabHash(app.input, app.step)));
    }
    if (ImGui::MenuItem("Import a batch from JSON…")) app.ui.show_import = true;
    if (ImGui::MenuItem("Copy worked example as Markdown", nullptr, false, ok)) {
      Export(app, "Markdown", bn::TraceToMarkdown(app.trace));
    }
    if (ImGui::MenuItem("Copy worked example as LaTeX", nullptr, false, ok)) {
      Export(app, "LaTeX", bn::TraceToLatex(app.trace));
    }
    if (ImGui::MenuItem("Copy all values as JSON (bntrace's output)", nullptr, false, ok)) {
      bn::BnShape shape;
      shape.n = static_cast<int>(app.input.x.rows());
      shape.c = static_cast<int>(app.input.x.cols());
      Export(app, "JSON", bn::TraceToJson(app.trace, shape));
    }
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem("Help (F1)")) app.ui.show_help = !app.ui.show_help;
  ImGui::EndMenuBar();
}

void DrawStepThroughTab(AppState& app) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float font = ImGui::GetFontSize();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const bool narrow = avail.x < 55.0f * font;  // one column on narrow screens
  const float left_w = narrow ? avail.x : std::clamp(avail.x * 0.40f, 24.0f * font, 40.0f * font);
  const float right_w = narrow ? avail.x : avail.x - left_w - spacing;

  if (narrow) {
    ImGui::BeginChild("narrow", ImVec2(0, 0), false, kPanelFlags);
    ImGui::BeginChild("step", ImVec2(0, std::max(avail.y * 0.45f, 16.0f * font)), true, kPanelFlags);
    DrawStepPanel(app);
    ImGui::EndChild();
    ImGui::BeginChild("batch", ImVec2(0, std::max(avail.y * 0.55f, 20.0f * font)), true, kPanelFlags);
    DrawBatchPanel(app);
    ImGui::EndChild();
    ImGui::BeginChild("worksheet", ImVec2(0, 30.0f * font), true, kPanelFlags);
    DrawWorksheetPanel(app);
    ImGui::EndChild();
    ImGui::EndChild();
    return;
  }
  ImGui::BeginChild("left", ImVec2(left_w, 0), false, kPanelFlags);
  ImGui::BeginChild("batch", ImVec2(0, avail.y * 0.64f), true, kPanelFlags);
  DrawBatchPanel(app);
  ImGui::EndChild();
  ImGui::BeginChild("steps", ImVec2(0, 0), true, kPanelFlags);
  DrawStepList(app);
  ImGui::EndChild();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("right", ImVec2(right_w, 0), false, kPanelFlags);
  ImGui::BeginChild("step", ImVec2(0, std::min(avail.y * 0.42f, 20.0f * font)), true, kPanelFlags);
  DrawStepPanel(app);
  ImGui::EndChild();
  ImGui::BeginChild("worksheet", ImVec2(0, 0), true, kPanelFlags);
  DrawWorksheetPanel(app);
  ImGui::EndChild();
  ImGui::EndChild();
}

void DrawNoticeLine(AppState& app) {
  const bool fresh = app.time - app.ui.notice_time < 8.0;
  if (app.ui.notice.empty() || !fresh) {
    const char* hint = app.ui.keyboard_nav ? "Keyboard navigation of the controls: K leaves"
                       : app.ui.touch_ui ? "Swipe to scroll, hold (?) for help"
                                         : "← → step   Home/End first/last   Space play   1–5 labs   K keyboard   F1 help";
    ImGui::TextDisabled("%s", hint);
    return;
  }
  const ImVec4 colour = app.ui.notice_is_error ? ImVec4(1.0f, 0.45f, 0.4f, 1.0f) : ImVec4(0.5f, 0.85f, 0.5f, 1.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextUnformatted(app.ui.notice.c_str());
  ImGui::PopStyleColor();
}

}  // namespace

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

void DrawExportPanel(AppState& app) {
  if (!app.ui.show_export) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.6f, vp->WorkSize.y * 0.6f), ImGuiCond_Appearing);
  const std::string title = "Export: " + app.ui.export_title + "###export";
  if (ImGui::Begin(title.c_str(), &app.ui.show_export, ImGuiWindowFlags_NoCollapse)) {
    if (ImGui::Button("Copy again")) CopyToClipboard(app.ui.export_text);
    ImGui::SameLine();
    ImGui::TextDisabled("or select the text below and copy it (Ctrl+A, Ctrl+C)");
    // Read-only: ImGui needs a mutable buffer pointer, but does not write with ReadOnly.
    ImGui::InputTextMultiline("##export_text", app.ui.export_text.data(), app.ui.export_text.size() + 1,
                              ImVec2(-1.0f, -1.0f), ImGuiInputTextFlags_ReadOnly);
  }
  ImGui::End();
}

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
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
      ImGui::TextWrapped("%s", app.ui.import_error.c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::End();
}

void DrawAllPanels(AppState& app) {
  app.item_rects.clear();
  app.ui.nav_item.clear();
  HandleShortcuts(app);
  AdvancePlayback(app, ImGui::GetIO().DeltaTime);
  AdvanceRunningLab(app, ImGui::GetIO().DeltaTime);
  AdvanceTraining(app, ImGui::GetIO().DeltaTime);
  AdvanceSpeed(app);

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags host_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_MenuBar |
                                      ImGuiWindowFlags_NoSavedSettings;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("bnlab", nullptr, host_flags);
  ImGui::PopStyleVar();
  // Keyboard navigation just turned on, or on in another lab: the focus frame goes to the lab's first control.
  static const char* const kFirstControl[] = {"preset:Default", "next_batch", "train_toggle", "speed_run",
                                              "image_new_batch"};
  const int shown_tab = app.ui.tab_request >= 0 ? app.ui.tab_request : app.ui.tab;
  if (app.ui.keyboard_nav && shown_tab != app.ui.nav_tab) {
    ImGui::SetWindowFocus();
    app.ui.nav_focus_request = kFirstControl[shown_tab];
  }
  if (!app.ui.keyboard_nav) app.ui.nav_focus_request.clear();
  app.ui.nav_tab = app.ui.keyboard_nav ? shown_tab : -1;
  DrawMenuBar(app);
  const float notice_h = ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild("tabs", ImVec2(0, -notice_h), false, kPanelFlags);
  const int tab_before = app.ui.tab;
  // Full names when they fit; on a narrow screen (a phone) one word each with less padding, so that no
  // name is cut. The ids (###labN) stay the same either way. ImGui measures the tabs in BeginTabBar, each
  // BeginTabItem and EndTabBar: the padding is pushed around those calls only, not around the labs.
  static const char* const kFull[] = {"1 Step through BN", "2 Train vs inference", "3 Why BN helps: training",
                                      "4 Speed", "5 Images: BN and its relatives"};
  static const char* const kShort[] = {"Steps", "Inference", "Training", "Speed", "Images"};
  const ImGuiStyle& style = ImGui::GetStyle();
  float full_w = 0.0f;
  for (const char* name : kFull) full_w += ImGui::CalcTextSize(name).x + 2.0f * style.FramePadding.x + style.ItemInnerSpacing.x;
  const bool short_names = full_w > ImGui::GetContentRegionAvail().x;
  const ImVec2 tab_padding(short_names ? std::max(2.0f, style.FramePadding.x * 0.4f) : style.FramePadding.x,
                           style.FramePadding.y);
  auto tab_call = [&](auto call) {
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, tab_padding);
    const bool result = call();
    ImGui::PopStyleVar();
    return result;
  };
  if (tab_call([] { return ImGui::BeginTabBar("labs"); })) {
    auto tab_flags = [&](int k) { return app.ui.tab_request == k ? ImGuiTabItemFlags_SetSelected : 0; };
    using DrawLab = void (*)(AppState&);
    static const DrawLab kDraw[] = {DrawStepThroughTab, DrawRunningPanel, DrawTrainingPanel, DrawSpeedPanel,
                                    DrawImagePanel};
    for (int k = 0; k < 5; ++k) {
      const std::string label = std::string(short_names ? kShort[k] : kFull[k]) + "###lab" + std::to_string(k + 1);
      const bool open = tab_call([&] { return ImGui::BeginTabItem(label.c_str(), nullptr, tab_flags(k)); });
      TrackItem(app, "tab:" + std::to_string(k));
      if (open) {
        app.ui.tab = k;
        kDraw[k](app);
        ImGui::EndTabItem();
      }
    }
    if (app.ui.tab == app.ui.tab_request) app.ui.tab_request = -1;  // ImGui selects it a frame after asked
    tab_call([] { ImGui::EndTabBar(); return true; });
  }
  ImGui::EndChild();
  if (app.ui.tab != tab_before && (app.ui.tab == 4 || tab_before == 4)) app.hash_dirty = true;  // the link follows the lab
  DrawNoticeLine(app);
  ImGui::End();

  DrawHelpWindow(app);
  DrawExportPanel(app);
  DrawImportWindow(app);
}

}  // namespace bnlab
