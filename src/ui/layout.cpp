// layout.cpp: the host window that fills the screen: menu bar (View, Share, Help), a tab per lab,
// the global keyboard shortcuts, and the notice line. Panels are placed from the display size every
// frame (no saved positions), so the layout follows every resize and pixel-ratio change.
//
//   HandleShortcuts     ← → Home End Space F1 ? Esc (only when no text field has the keyboard)
//   DrawMenuBar         View (language, theme, UI scale), Share (link, Markdown, LaTeX, notebook, JSON), Help
//   DrawStepThroughTab  batch + step list | step + worksheet
//   DrawNoticeLine
//   DrawAllPanels       the host window; the Help, Export and Import windows are in their own files
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "core/i18n/current.hpp"
#include "core/io/bntrace_io.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/trace_export.hpp"
#include "state/advance.hpp"
#include "state/commands.hpp"
#include "state/labs.hpp"
#include "state/learn.hpp"
#include "state/link.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

void HandleShortcuts(AppState& app) {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) app.ui.show_help = !app.ui.show_help;
  if (io.WantTextInput) return;
  for (int k = 0; k < io.InputQueueCharacters.Size; ++k) {
    const ImWchar c = io.InputQueueCharacters[k];
    if (c == 'k' || c == 'K') {
      app.ui.keyboard_nav = !app.ui.keyboard_nav;
      Notify(app, app.ui.keyboard_nav ? Tr("ui.layout.keyboard_nav.on") : Tr("ui.layout.keyboard_nav.off"), false);
    }
    if (c == '?') app.ui.show_help = true;
    if (const LabInfo* lab = LabForKey(c)) app.ui.tab_request = lab->id;  // 1–5 the labs, L the lesson
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
    app.ui.show_help = app.ui.show_export = app.ui.show_import = false;
  if (app.ui.keyboard_nav) return;  // the arrows, Space, Home and End belong to the controls now
  if (KeyPressedOrRepeating(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) RunCommand(app, "next");
  if (KeyPressedOrRepeating(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) RunCommand(app, "prev");
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) RunCommand(app, "first");
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) RunCommand(app, "last");
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) TogglePlay(app.step_lab);
}

// Puts `text` on the clipboard and in the export window (so it can also be selected by hand). `title`: what it is
// ("Link", "Markdown"), in the current language.
void Export(AppState& app, const std::string& title, const std::string& text) {
  app.ui.export_title = title;
  app.ui.export_text = text;
  app.ui.show_export = true;
  if (app.host.CopyToClipboard(text)) {
    Notify(app, Tr("ui.layout.copied", {{"what", title}}), false);
  } else {
    Notify(app, Tr("ui.layout.clipboard_refused"), true);
  }
}

// View → Language: every language in its own name ("Español", "简体中文"), the one in use checked; remembered.
void DrawLanguageMenu(AppState& app) {
  const bool open = ImGui::BeginMenu((bn::Tr("menu.view.language") + "###language").c_str());
  TrackItem(app, "view_language");
  if (!open) return;
  for (const std::string& tag : bn::AvailableLanguages()) {
    const bool chosen = ImGui::MenuItem((bn::LanguageName(tag) + "###lang_" + tag).c_str(), nullptr,
                                        tag == bn::CurrentLanguage());
    TrackItem(app, "lang_" + tag);
    if (chosen) RunCommand(app, "lang:" + tag);
  }
  ImGui::EndMenu();
}

void DrawMenuBar(AppState& app) {
  if (!ImGui::BeginMenuBar()) return;
  ImGui::TextUnformatted("bnlab");
  const bool view_open = ImGui::BeginMenu(L(Tr("menu.view"), "View").c_str());
  TrackItem(app, "menu_view");
  if (view_open) {
    DrawLanguageMenu(app);
    // Three themes, remembered: dark, light, and high contrast (white on black, yellow accents).
    const bool contrast = app.ui.high_contrast;
    if (ImGui::MenuItem(L(Tr("ui.menu.view.dark"), "Dark theme").c_str(), nullptr, app.ui.dark_theme && !contrast))
      RunCommand(app, "theme:dark");
    if (ImGui::MenuItem(L(Tr("ui.menu.view.light"), "Light theme").c_str(), nullptr, !app.ui.dark_theme && !contrast))
      RunCommand(app, "theme:light");
    if (ImGui::MenuItem(L(Tr("ui.menu.view.contrast"), "High-contrast theme").c_str(), nullptr, contrast))
      RunCommand(app, "theme:contrast");
    int percent = static_cast<int>(app.ui.ui_scale * 100.0f + 0.5f);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0f);
    if (ImGui::SliderInt(L(Tr("ui.menu.view.scale"), "UI scale").c_str(), &percent, 75, 200, "%d%%",
                         ImGuiSliderFlags_AlwaysClamp)) {
      app.ui.ui_scale = static_cast<float>(std::clamp(percent, 75, 200)) / 100.0f;
    }
    if (ImGui::IsItemDeactivatedAfterEdit()) app.host.SaveSetting("ui_scale", std::to_string(percent));
    // Web: the page again without drawing, the labs as HTML (the text version made visible): ?text=1.
    if (app.host.switch_to_text_mode != nullptr) {
      const bool text_mode = ImGui::MenuItem(L(Tr("ui.menu.view.text_mode"), "Text mode (no drawing)").c_str());
      TrackItem(app, "view_text_mode");
      if (text_mode) app.host.switch_to_text_mode();
    }
    ImGui::EndMenu();
  }
  const bool share_open = ImGui::BeginMenu(L(Tr("ui.menu.share"), "Share").c_str());
  TrackItem(app, "menu_share");
  if (share_open) {
    const bool ok = app.step_lab.trace_error.empty();
    if (ImGui::MenuItem(L(Tr("ui.menu.share.link"), "Copy link to this batch and step").c_str())) {
      Export(app, Tr("ui.layout.export.link"),
             app.host.LinkWithHash(bn::FormatLabHash(app.step_lab.input, app.step_lab.step)));
    }
    if (ImGui::MenuItem(L(Tr("ui.menu.share.import"), "Import a batch from JSON…").c_str())) app.ui.show_import = true;
    if (ImGui::MenuItem(L(Tr("ui.menu.share.markdown"), "Copy worked example as Markdown").c_str(), nullptr, false,
                        ok)) {
      Export(app, "Markdown", bn::TraceToMarkdown(app.step_lab.trace));
    }
    if (ImGui::MenuItem(L(Tr("ui.menu.share.latex"), "Copy worked example as LaTeX").c_str(), nullptr, false, ok)) {
      Export(app, "LaTeX", bn::TraceToLatex(app.step_lab.trace));
    }
    // The image lab's notebook on its tab, else the step lab's (a refusal, e.g. an open question, is a notice).
    const bool image_nb = app.ui.tab == Lab::Image;
    if (ImGui::MenuItem(
            L(Tr("ui.menu.share.notebook"), "Jupyter notebook (.ipynb): every step in NumPy and PyTorch, checked")
                .c_str(),
            nullptr, false, image_nb ? app.image.error.empty() : ok)) {
      RunCommand(app, image_nb ? "share-image-notebook" : "share-notebook");
    }
    if (ImGui::MenuItem(L(Tr("ui.menu.share.json"), "Copy all values as JSON (bntrace's output)").c_str(), nullptr,
                        false, ok)) {
      bn::BnShape shape;
      shape.n = static_cast<int>(app.step_lab.input.x.rows());
      shape.c = static_cast<int>(app.step_lab.input.x.cols());
      Export(app, "JSON", bn::TraceToJson(app.step_lab.trace, shape));
    }
    ImGui::Separator();
    if (ImGui::MenuItem(
            L(Tr("ui.menu.share.train_link"), "Copy link to the training lab (settings and your points)").c_str())) {
      const Lab was = app.ui.tab;
      app.ui.tab = Lab::Training;  // the training lab's link, whichever tab is on screen
      if (app.train.experiments.empty()) app.train.experiments = bn::Experiments();
      Export(app, Tr("ui.layout.export.link"), app.host.LinkWithHash(FormatHash(app)));
      app.ui.tab = was;
      if (app.teach.own.link_left_out)
        Notify(app, Tr("ui.layout.link_without_points", {{"item", Tr("ui.menu.share.points_csv")}}), true);
    }
    DrawTeachShareItems(app);
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem(L(Tr("ui.menu.help"), "Help (F1)").c_str())) app.ui.show_help = !app.ui.show_help;
  ImGui::EndMenuBar();
}

}  // namespace

void DrawStepThroughTab(AppState& app) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float font = ImGui::GetFontSize();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const bool narrow = avail.x < 55.0f * font;  // one column on narrow screens
  const float left_w = narrow ? avail.x : std::clamp(avail.x * 0.40f, 24.0f * font, 40.0f * font);
  const float right_w = narrow ? avail.x : avail.x - left_w - spacing;

  if (narrow) {
    // One scrolling column, as a phone page is: the step, the batch and the worksheet one after the other, with
    // no panel that scrolls inside another (a swipe then always moves the page, and nothing hides under a frame).
    ImGui::BeginChild("narrow", ImVec2(0, 0), false, kPanelFlags);
    DrawStepPanel(app);
    DrawStepCodePanel(app);
    SectionBreak();
    DrawBatchPanel(app);
    SectionBreak();
    DrawWorksheetPanel(app);
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
  DrawStepCodePanel(app);  // collapsing, closed at first: the worksheet stays where it was
  DrawWorksheetPanel(app);
  ImGui::EndChild();
  ImGui::EndChild();
}

namespace {

void DrawNoticeLine(AppState& app) {
  const bool fresh = app.time - app.ui.notice_time < 8.0;
  if (app.ui.notice.empty() || !fresh) {
    // Embedded (no tabs, and the page's "open in bnlab" link in the bottom-right corner): the short hint.
    const std::string& hint = app.ui.keyboard_nav ? Tr("ui.layout.hint.keyboard_nav")
                              : app.ui.touch_ui   ? Tr("ui.layout.hint.touch")
                              : app.ui.embed      ? Tr("ui.layout.hint.embed")
                                                  : Tr("ui.layout.hint.keys");
    ImGui::TextDisabled("%s", hint.c_str());
    return;
  }
  const ImVec4 colour = Colour(app.ui.notice_is_error ? Slot::Error : Slot::Notice);
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextUnformatted(app.ui.notice.c_str());
  ImGui::PopStyleColor();
}

}  // namespace

void DrawAllPanels(AppState& app) {
  app.item_rects.clear();
  app.ui.drag_surface = 0;  // DrawOnMap sets it when the map to draw on is on screen
  app.ui.nav_item.clear();
  HandleShortcuts(app);
  AdvanceLabs(app, ImGui::GetIO().DeltaTime);  // what runs on its own (text mode's TextFrame calls it too)

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  // Embedded (?embed=1, a lab in a slide): no menu bar and no tabs, just the lab the link opened.
  const bool embed = app.ui.embed;
  const ImGuiWindowFlags host_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus |
                                      (embed ? 0 : ImGuiWindowFlags_MenuBar) | ImGuiWindowFlags_NoSavedSettings;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("bnlab", nullptr, host_flags);
  ImGui::PopStyleVar();
  // Keyboard navigation just turned on, or on in another lab: the focus frame goes to the lab's first control.
  const Lab shown_tab = ShownLab(app);
  if (app.ui.keyboard_nav && app.ui.nav_tab != shown_tab) {
    ImGui::SetWindowFocus();
    const bool lesson_open = shown_tab == Lab::Lesson && app.lesson.started;
    app.ui.nav_focus_request = lesson_open ? "lesson_chapters" : LabOf(shown_tab).first_control;
  }
  if (!app.ui.keyboard_nav) app.ui.nav_focus_request.clear();
  app.ui.nav_tab = app.ui.keyboard_nav ? std::optional<Lab>(shown_tab) : std::nullopt;
  if (!embed) DrawMenuBar(app);
  const float notice_h = ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild("tabs", ImVec2(0, -notice_h), false, kPanelFlags);
  const Lab tab_before = app.ui.tab;
  // Full names when they fit; on a narrow screen (a phone) one word each with less padding, so that no
  // name is cut. The ids (###labN) stay the same either way. ImGui measures the tabs in BeginTabBar, each
  // BeginTabItem and EndTabBar: the padding is pushed around those calls only, not around the labs.
  // The names are the table's (state/labs.cpp); the five labs' full names decide.
  const ImGuiStyle& style = ImGui::GetStyle();
  float full_w = 0.0f;
  for (int k = 0; k < kLabCount; ++k)
    full_w += ImGui::CalcTextSize(LabTabLabel(Labs()[k], false).c_str()).x + 2.0f * style.FramePadding.x +
              style.ItemInnerSpacing.x;
  const bool short_names = full_w > ImGui::GetContentRegionAvail().x;
  const ImVec2 tab_padding(short_names ? std::max(2.0f, style.FramePadding.x * 0.4f) : style.FramePadding.x,
                           style.FramePadding.y);
  // Short names also sit closer together (1 px apart): six tabs on a 390 px phone, none cut ("Inferen…").
  const ImVec2 tab_gap(short_names ? 1.0f : style.ItemInnerSpacing.x, style.ItemInnerSpacing.y);
  auto tab_call = [&](auto call) {
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, tab_padding);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemInnerSpacing, tab_gap);
    const bool result = call();
    ImGui::PopStyleVar(2);
    return result;
  };
  // What draws each lab, by Lab: a constant table beside state/labs.cpp's (which knows nothing of drawing).
  using DrawLab = void (*)(AppState&);
  static constexpr DrawLab kDraw[] = {DrawStepThroughTab, DrawRunningPanel, DrawTrainingPanel, DrawSpeedPanel,
                                      DrawImagePanel,     DrawLessonTab};
  static_assert(sizeof kDraw / sizeof kDraw[0] == kTabCount, "a draw function for every lab of the table");
  if (embed) {
    app.ui.tab = ShownLab(app);
    app.ui.tab_request.reset();
    kDraw[static_cast<int>(app.ui.tab)](app);
  } else if (tab_call([] { return ImGui::BeginTabBar("labs"); })) {
    auto tab_flags = [&](Lab k) { return app.ui.tab_request == k ? ImGuiTabItemFlags_SetSelected : 0; };
    // A tab: its name, then ImGui's id (###lesson, ###lab1–5) and the tracked item's (tab:lesson, tab:0–4), which
    // stay the same whichever name shows.
    auto draw_tab = [&](Lab lab, const std::string& imgui_id, const std::string& item_id) {
      const std::string label = LabTabLabel(LabOf(lab), short_names) + "###" + imgui_id;
      const bool open = tab_call([&] { return ImGui::BeginTabItem(label.c_str(), nullptr, tab_flags(lab)); });
      TrackItem(app, "tab:" + item_id);
      if (open) {
        app.ui.tab = lab;
        kDraw[static_cast<int>(lab)](app);
        ImGui::EndTabItem();
      }
    };
    draw_tab(Lab::Lesson, "lesson", "lesson");  // first in the row
    for (int k = 0; k < kLabCount; ++k) draw_tab(static_cast<Lab>(k), "lab" + std::to_string(k + 1), std::to_string(k));
    if (app.ui.tab_request == app.ui.tab) app.ui.tab_request.reset();  // ImGui selects it a frame after asked
    tab_call([] { ImGui::EndTabBar(); return true; });
  }
  ImGui::EndChild();
  // The link follows the lab (the image, training and lesson tabs have links of their own).
  if (app.ui.tab != tab_before && (HasOwnLink(app.ui.tab) || HasOwnLink(tab_before))) app.hash_dirty = true;
  DrawNoticeLine(app);
  ImGui::End();

  // While a picture is being saved, the floating windows stay closed so that they do not cover it.
  if (app.teach.capture.rect_id.empty()) {
    DrawHelpWindow(app);
    DrawExportPanel(app);
    DrawImportWindow(app);
    DrawTeachWindows(app);
  }
}

}  // namespace bnlab
