// main.cpp: the one entry point for the desktop program (GLFW + OpenGL 3) and the web page
// (Emscripten's GLFW + WebGL2). The frame body is written once; what differs (window hints, canvas size and
// pixel ratio, the font file, the options, the loop, the JavaScript hooks) is behind app/platform.hpp.
//
// Index
//   Platform   the GLFW window and the key-release deferral
//   Fonts      a font with Greek and math glyphs, rebuilt when the pixel ratio changes
//   URL hash   read at start and on hashchange, written back when the state changes
//   On demand  whether this frame is drawn: on input, while something moves, now and then
//   Frame      one frame: input, panels, render; the start commands after the first
//   TextFrame  text mode's frame (web, no WebGL2 or ?text=1): the labs advance, nothing is drawn
//   main
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: whether a tooltip is shown (for tests)
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/platform.hpp"
#include "core/base/clock.hpp"
#include "core/i18n/current.hpp"
#include "core/io/png.hpp"
#include "core/lab/lab_hash.hpp"
#include "state/learn.hpp"
#include "state/advance.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/language.hpp"
#include "state/link.hpp"
#include "state/mirror.hpp"
#include "state/state_json.hpp"
#include "ui/panels.hpp"

namespace {

// ---------------------------------------------------------------------------------------------
// Platform
// ---------------------------------------------------------------------------------------------
struct Platform {
  GLFWwindow* window = nullptr;
  // Dear ImGui 1.86 reads key state once per frame, so a key pressed and released between two frames
  // (a quick tap, or a scripted key press) would be missed: such releases wait for the next frame.
  std::vector<int> keys_pressed_since_frame;
  std::vector<std::array<int, 4>> deferred_releases;  // key, scancode, action, mods
  float font_scale_built = 0.0f;  // scale the font atlas was last built at
  std::string font_lang_built;    // the language it was built for, and whether it has that language's CJK glyphs
  bool font_cjk_built = false;
  bool renderer_started = false;  // ImGui's OpenGL objects exist (after the first NewFrame)
  std::vector<ImWchar> names_ranges, cjk_ranges;  // glyph ranges ImGui reads while building the atlas
  int theme_built = -1;           // StyleKey the style was last built with
  double last_time = 0.0;
  // Frames on demand (FrameWanted): frames still to draw after the last input, when it came, the last drawn frame.
  int frames_after_input = 0;
  int fb_w = 0, fb_h = 0;  // the framebuffer's size last frame
  double input_time = -1e9, drawn_time = -1e9;
};

// Everything the app keeps: one AppState (plain data), the platform handles and the start options.
bnlab::AppState g_app;
Platform g_platform;
bnlab::StartOptions g_options;

void KeyCallback(GLFWwindow* window, int key, int scancode, int action, int mods) {
  auto& pressed = g_platform.keys_pressed_since_frame;
  // A release waits when its key went down since the last frame, and behind a release already waiting (Shift let go
  // after Space: Shift+Space stays Shift+Space for the frame that sees the Space).
  if (action == GLFW_RELEASE && (std::find(pressed.begin(), pressed.end(), key) != pressed.end() ||
                                 !g_platform.deferred_releases.empty())) {
    g_platform.deferred_releases.push_back({key, scancode, action, mods});
    return;
  }
  if (action == GLFW_PRESS) pressed.push_back(key);
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

// ---------------------------------------------------------------------------------------------
// Fonts
// ---------------------------------------------------------------------------------------------
// Glyphs the lab writes: Latin, Greek (μ σ γ β ε Σ), combining circumflex (x̂), super/subscripts
// (² ₁ ᵢ ⱼ), punctuation (… ·), arrows (← →) and math operators (− √ Σ ≈ ≤).
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 (·, ², ×)
    0x0300, 0x036F,  // combining diacritical marks (x̂ = x + U+0302)
    0x0370, 0x03FF,  // Greek
    0x1D62, 0x1D62,  // ᵢ
    0x2000, 0x206F,  // general punctuation (…, –, ‖)
    0x2070, 0x209F,  // superscripts and subscripts
    0x2190, 0x21FF,  // arrows
    0x2200, 0x22FF,  // mathematical operators
    0x25A0, 0x25FF,  // geometric shapes (◀ ▶)
    0x2C7C, 0x2C7C,  // ⱼ
    0,
};

// ImGui's glyph ranges (pairs, 0-terminated) for a sorted list of code points: one pair per run of neighbours.
std::vector<ImWchar> GlyphRanges(const std::vector<char32_t>& cps) {
  std::vector<ImWchar> r;
  for (size_t k = 0; k < cps.size(); ++k) {
    if (cps[k] > 0xFFFF) continue;  // ImGui 1.86 draws the Basic Multilingual Plane (ImWchar is 16 bits)
    if (!r.empty() && static_cast<char32_t>(r.back()) + 1 == cps[k]) r.back() = static_cast<ImWchar>(cps[k]);
    else r.insert(r.end(), {static_cast<ImWchar>(cps[k]), static_cast<ImWchar>(cps[k])});
  }
  r.push_back(0);
  return r;
}

// A font's TrueType bytes added to the atlas (merged into the font before when config.MergeMode). The atlas neither
// copies nor frees them: the platform keeps them for the program's life (platform.hpp).
ImFont* AddFont(std::string_view data, float size, ImFontConfig config, const ImWchar* ranges) {
  if (data.empty()) return nullptr;
  config.FontDataOwnedByAtlas = false;
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<char*>(data.data()), static_cast<int>(data.size()), size,
                                                    &config, ranges);
}

// A CJK font's glyphs merged into the font just added (ImGui keeps the first font's glyph where both have one).
void MergeFont(std::string_view data, float size, const std::vector<ImWchar>& ranges) {
  if (ranges.size() < 2) return;
  ImFontConfig merge;
  merge.MergeMode = true;
  merge.OversampleH = 1;  // hanzi are wide: no horizontal oversampling needed, and the atlas stays small
  merge.PixelSnapH = true;
  AddFont(data, size, merge, ranges.data());
}

void BuildFonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float size = 17.0f * scale;
  ImFontConfig config;
  config.OversampleH = 2;
  config.PixelSnapH = false;
  if (AddFont(bnlab::FontData(), size, config, kGlyphRanges) == nullptr) {
    std::fprintf(stderr, "bnlab: font %s not found; Greek letters will show as '?'\n", bnlab::FontName());
    ImFontConfig fallback;
    fallback.SizePixels = size;
    io.Fonts->AddFontDefault(&fallback);
  }
  // The languages' own names in every language (the Language menu's "简体中文"); Chinese's every hanzi when in use.
  g_platform.names_ranges = GlyphRanges(bn::LanguageNameCodepoints(0x2E80));  // sorted, each once
  MergeFont(bnlab::CjkNamesFontData(), size, g_platform.names_ranges);
  g_platform.font_lang_built = bn::CurrentLanguage();
  g_platform.font_cjk_built = false;
  // The language's own hanzi beyond the names' (every catalog holds 简体中文, the name of zh-Hans, in its menu entry).
  const std::vector<char32_t> names = bn::LanguageNameCodepoints(0x2E80);
  std::vector<char32_t> own;
  for (char32_t c : bn::CatalogCodepoints(g_platform.font_lang_built, 0x2E80))
    if (!std::binary_search(names.begin(), names.end(), c)) own.push_back(c);
  g_platform.cjk_ranges = GlyphRanges(own);
  if (g_platform.cjk_ranges.size() > 1) {
    const std::string_view cjk = bnlab::CjkFontData();  // web: "" until cjk.ttf has arrived (Frame asks again)
    MergeFont(cjk, size, g_platform.cjk_ranges);
    g_platform.font_cjk_built = !cjk.empty();
  }
  io.Fonts->Build();
  // Only the font texture is made again. ImGui 1.86's DestroyDeviceObjects keeps its record of the vertex and index
  // buffers' sizes while deleting them, so after a first frame the new, empty buffers were written past their end
  // (WebGL: "bufferSubData: buffer overflow", nothing drawn): a language or scale switch blanked the page.
  // Before the first frame there is nothing to replace: NewFrame creates every object, the texture among them.
  if (g_platform.renderer_started) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
}

// High contrast: white text and borders on black, yellow for what is active or selected, blue for the
// selection behind white text (every pair at 7:1 or more, WCAG 2.1 AAA for text).
void StyleColorsHighContrast(ImGuiStyle* style) {
  ImGui::StyleColorsDark(style);
  ImVec4* c = style->Colors;
  const ImVec4 black(0, 0, 0, 1), white(1, 1, 1, 1), yellow(1.0f, 0.83f, 0.0f, 1), blue(0.0f, 0.27f, 0.6f, 1),
      grey(0.2f, 0.2f, 0.2f, 1);
  for (int k = 0; k < ImGuiCol_COUNT; ++k) c[k] = black;
  c[ImGuiCol_Text] = white;
  c[ImGuiCol_TextDisabled] = ImVec4(0.85f, 0.85f, 0.85f, 1);
  c[ImGuiCol_Border] = c[ImGuiCol_Separator] = c[ImGuiCol_TableBorderStrong] = c[ImGuiCol_TableBorderLight] = white;
  c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_ButtonHovered] = c[ImGuiCol_TabHovered] = c[ImGuiCol_HeaderHovered] = grey;
  c[ImGuiCol_FrameBgActive] = c[ImGuiCol_ButtonActive] = c[ImGuiCol_HeaderActive] = blue;
  c[ImGuiCol_Header] = c[ImGuiCol_TabActive] = c[ImGuiCol_TabUnfocusedActive] = blue;
  c[ImGuiCol_TitleBgActive] = blue;
  c[ImGuiCol_CheckMark] = c[ImGuiCol_SliderGrab] = c[ImGuiCol_SliderGrabActive] = yellow;
  c[ImGuiCol_PlotHistogram] = c[ImGuiCol_PlotLines] = yellow;  // formulas are drawn in PlotHistogram
  c[ImGuiCol_PlotHistogramHovered] = c[ImGuiCol_PlotLinesHovered] = white;
  c[ImGuiCol_ScrollbarGrab] = ImVec4(0.75f, 0.75f, 0.75f, 1);
  c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrabActive] = white;
  c[ImGuiCol_TextSelectedBg] = blue;
  c[ImGuiCol_NavHighlight] = yellow;
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0.1f, 0.1f, 0.1f, 1);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.7f);
  style->FrameBorderSize = 1.0f;
  style->WindowBorderSize = 1.0f;
  style->PopupBorderSize = 1.0f;
  style->TabBorderSize = 1.0f;
}

// The style key: theme and touch sizing (the style is rebuilt when it changes).
int StyleKey(const bnlab::UiState& ui) { return (ui.dark_theme ? 1 : 0) | (ui.high_contrast ? 2 : 0) | (ui.touch_ui ? 4 : 0); }

void ApplyStyle(const bnlab::UiState& ui, float scale) {
  ImGuiStyle style;
  if (ui.high_contrast) {
    StyleColorsHighContrast(&style);
  } else if (ui.dark_theme) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
  }
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.ScaleAllSizes(scale);
  if (ui.touch_ui) {
    // Touch: every framed control (buttons, cells, tabs, sliders, check boxes) at least 44 CSS px tall, the
    // usual guidance for touch targets (Apple HIG; WCAG 2.5.5), whatever the font; a little more room between.
    const float font_px = 17.0f * scale, target_px = 44.0f * ui.dpi_scale;
    style.FramePadding.y = std::max(style.FramePadding.y, 0.5f * (target_px - font_px));
    style.FramePadding.x = std::max(style.FramePadding.x, 8.0f * ui.dpi_scale);
    style.ItemSpacing.y = std::max(style.ItemSpacing.y, 6.0f * ui.dpi_scale);
    style.ScrollbarSize = std::max(style.ScrollbarSize, 12.0f * ui.dpi_scale);
    style.GrabMinSize = std::max(style.GrabMinSize, 20.0f * ui.dpi_scale);
  }
  ImGui::GetStyle() = style;
}

// ---------------------------------------------------------------------------------------------
// URL hash: read at start and on hashchange; written back whenever the state changes
// ---------------------------------------------------------------------------------------------
void OnHashChange() {
  bool too_long = false;
  const std::string hash = bnlab::ReadUrlHash(bn::kLabMaxHashLength, &too_long);
  bnlab::ApplyHash(g_app, hash, too_long);
}

// ---------------------------------------------------------------------------------------------
// Frame
// ---------------------------------------------------------------------------------------------
// A picture the learner asked for (Share > Save ... as PNG): the ItemRect's pixels, read after the frame is
// drawn (two frames after the request, so the closing menu is gone), saved through the host.
void CaptureIfRequested(int fb_w, int fb_h) {
  bnlab::Capture& c = g_app.teach.capture;
  if (c.rect_id.empty() || g_app.frame_count < c.requested_frame + 2) return;
  const bnlab::ItemRect* r = nullptr;
  for (const bnlab::ItemRect& item : g_app.item_rects)
    if (item.id == c.rect_id) r = &item;
  if (r == nullptr) {
    if (g_app.frame_count > c.requested_frame + 30) {  // not on screen (no networks yet)
      bnlab::Notify(g_app, bn::Tr("desktop.capture.not_on_screen"), true);
      c.rect_id.clear();
    }
    return;
  }
  // ImGui's coordinates times the framebuffer scale (1 on the web, where ImGui works in canvas pixels).
  const ImVec2 s = ImGui::GetIO().DisplayFramebufferScale;
  const int x0 = std::max(0, static_cast<int>(r->x * s.x)), y0 = std::max(0, static_cast<int>(r->y * s.y));
  const int w = std::min(fb_w - x0, static_cast<int>(r->w * s.x)), h = std::min(fb_h - y0, static_cast<int>(r->h * s.y));
  const std::string name = c.file_name;
  c.rect_id.clear();
  if (w < 1 || h < 1) return bnlab::Notify(g_app, bn::Tr("desktop.capture.off_screen"), true);
  std::vector<uint8_t> rgba(static_cast<size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x0, fb_h - y0 - h, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());  // GL rows start at the bottom
  bn::FlipRows(w, h, &rgba);
  for (size_t k = 3; k < rgba.size(); k += 4) rgba[k] = 255;  // opaque, whatever the canvas's alpha
  const std::string where = g_app.host.SaveFile(name, "image/png", bn::EncodePng(w, h, rgba));
  bnlab::Notify(g_app,
                where.empty() ? bn::Tr("msg.file.not_saved", {{"name", name}})
                              : bn::Tr("desktop.capture.saved",
                                       {{"where", where}, {"w", std::to_string(w)}, {"h", std::to_string(h)}}),
                where.empty());
}

// ---------------------------------------------------------------------------------------------
// On demand: a page that draws every frame keeps a core busy while the learner reads (on a phone, its battery). A
// frame is drawn when input came (then kFramesAfterInput frames and kInputSeconds more, for ImGui's hover, popups
// and focus to settle), while something moves or waits for a frame (LabsMoving, a text field's cursor, a pressed
// control or key, a finger on the screen or a fling: InputArrived), when the canvas, the language or the state changed
// (a file or a catalog that arrived), and at least every kIdleSeconds. Desktop: InputArrived is always true.
// ---------------------------------------------------------------------------------------------
constexpr int kFramesAfterInput = 3;
constexpr double kInputSeconds = 0.1, kIdleSeconds = 2.0;

bool FrameWanted(bool changed) {
  const double now = glfwGetTime();
  const ImGuiIO& io = ImGui::GetIO();
  const bool input = bnlab::InputArrived();  // first: it also restarts the platform's count
  // A key held: frames keep coming, so ImGui's time held grows frame by frame (a frame after a long pause would
  // count the whole pause and repeat the key).
  const bool key_down = std::any_of(std::begin(io.KeysDown), std::end(io.KeysDown), [](bool d) { return d; });
  if (input || changed || g_app.frame_count < kFramesAfterInput || bnlab::LabsMoving(g_app) || io.WantTextInput ||
      ImGui::IsAnyItemActive() || ImGui::IsAnyMouseDown() || key_down ||
      bnlab::MirrorFingerprint(g_app) != g_app.revision_fingerprint) {
    g_platform.frames_after_input = kFramesAfterInput;
    g_platform.input_time = now;
  }
  if (g_platform.frames_after_input <= 0 && now - g_platform.input_time >= kInputSeconds &&
      now - g_platform.drawn_time < kIdleSeconds)
    return false;
  --g_platform.frames_after_input;
  g_platform.drawn_time = now;
  return true;
}

void Frame() {
  GLFWwindow* window = g_platform.window;
  glfwPollEvents();

  float dpr = 1.0f;
  int fb_w = 1, fb_h = 1;
  bnlab::SyncCanvasSize(window, &dpr, &fb_w, &fb_h);
  const bool size_changed = dpr != g_app.ui.dpi_scale || fb_w != g_platform.fb_w || fb_h != g_platform.fb_h;
  g_platform.fb_w = fb_w;
  g_platform.fb_h = fb_h;
  g_app.ui.dpi_scale = dpr;
  const float scale = dpr * g_app.ui.ui_scale;
  bnlab::PollLanguage(g_app);  // a language whose catalog the page was fetching: from this frame on
  // The atlas again for a new scale, a new language, or the CJK font that has just arrived (web: fetched on first use).
  const bool lang_changed = bn::CurrentLanguage() != g_platform.font_lang_built;
  const bool cjk_arrived = g_platform.cjk_ranges.size() > 1 && !g_platform.font_cjk_built && !bnlab::CjkFontData().empty();
  if (!FrameWanted(size_changed || lang_changed || cjk_arrived || scale != g_platform.font_scale_built)) return;
  if (lang_changed && !g_platform.font_lang_built.empty())  // a switch: the window's title in the new language too
    glfwSetWindowTitle(window, bn::Tr("desktop.window_title").c_str());
  if (scale != g_platform.font_scale_built || lang_changed || cjk_arrived) {
    BuildFonts(scale);
    g_platform.font_scale_built = scale;
    g_platform.theme_built = -1;
  }
  if (g_platform.theme_built != StyleKey(g_app.ui)) {
    ApplyStyle(g_app.ui, scale);
    g_platform.theme_built = StyleKey(g_app.ui);
  }

  ImGui_ImplOpenGL3_NewFrame();
  g_platform.renderer_started = true;
  ImGui_ImplGlfw_NewFrame();
  bnlab::SetDisplaySize(fb_w, fb_h);
  // ImGui 1.86 asserts on a zero DeltaTime (a frozen or coarse clock): keep it positive.
  ImGuiIO& io = ImGui::GetIO();
  if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 1000.0f;
  bnlab::ApplyTouch(&g_app, dpr);  // web: touch gestures replace GLFW's pointer while a finger is in use
  io.ConfigInputTextCursorBlink = !g_app.ui.reduce_motion;
  // Keyboard navigation mode (K): arrows, Space and Enter drive every control and Alt opens the menus;
  // otherwise the arrows step through BN.
  if (g_app.ui.keyboard_nav) {
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  } else {
    io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
  }
  ImGui::NewFrame();
  g_app.time = ImGui::GetTime();
  // This frame has seen every key pressed since the last one; now let the quick taps go up.
  g_platform.keys_pressed_since_frame.clear();
  for (const auto& k : g_platform.deferred_releases) ImGui_ImplGlfw_KeyCallback(window, k[0], k[1], k[2], k[3]);
  g_platform.deferred_releases.clear();

  bnlab::DrawAllPanels(g_app);
  bnlab::UpdateRevision(g_app);  // the page's text version follows it
  if (g_app.hash_dirty) {
    bnlab::WriteUrlHash(bnlab::FormatHash(g_app));
    g_app.hash_dirty = false;
  }

  ImGui::Render();
  {
    ImGuiWindow* tooltip = ImGui::FindWindowByName("##Tooltip_00");
    g_app.ui.tooltip_shown = tooltip != nullptr && tooltip->Active;
  }
  bnlab::ReportTextField(dpr);  // web: the on-screen keyboard's field follows the text field being edited
  glViewport(0, 0, fb_w, fb_h);
  const float bg = g_app.ui.high_contrast ? 0.0f : g_app.ui.dark_theme ? 0.09f : 0.94f;
  glClearColor(bg, bg, g_app.ui.high_contrast ? 0.0f : bg + 0.01f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  CaptureIfRequested(fb_w, fb_h);
  glfwSwapBuffers(window);
  ++g_app.frame_count;
  if (g_app.frame_count == 1) {  // the start commands (desktop: --command), after the first frame
    for (const std::string& c : g_options.commands) {
      const std::string reply = bnlab::RunCommand(g_app, c);
      if (reply.find("\"ok\":false") != std::string::npos) std::fprintf(stderr, "bnlab: %s\n", reply.c_str());
    }
  }
}

// ---------------------------------------------------------------------------------------------
// TextFrame: text mode (web only: no WebGL2, or ?text=1). No window, no GL context, no ImGui: the page's text
// version (web/a11y.js) is the lab and drives it through bnlab.command; each frame advances what runs on its own
// (Play, the stream, training, the benchmark, the lesson), as DrawAllPanels does before it draws.
// ---------------------------------------------------------------------------------------------
void TextFrame() {
  const double now = bn::NowSeconds();
  const float dt = g_platform.last_time > 0.0 ? static_cast<float>(std::clamp(now - g_platform.last_time, 1e-3, 0.25))
                                              : 1.0f / 60.0f;
  g_platform.last_time = now;
  g_app.time += dt;
  bnlab::PollLanguage(g_app);  // a language whose catalog the page was fetching
  if (g_app.ui.tab_request) {  // the tab a command or link asked for (the canvas's tab bar does this)
    const bnlab::Lab before = g_app.ui.tab;
    g_app.ui.tab = *g_app.ui.tab_request;
    g_app.ui.tab_request.reset();
    auto own_link = [](bnlab::Lab k) { return k == bnlab::Lab::Image || k == bnlab::Lab::Training || k == bnlab::Lab::Lesson; };
    if (g_app.ui.tab != before && (own_link(g_app.ui.tab) || own_link(before))) g_app.hash_dirty = true;
  }
  bnlab::AdvanceLabs(g_app, dt);  // as DrawAllPanels does before it draws
  bnlab::UpdateRevision(g_app);
  if (g_app.hash_dirty) {
    bnlab::WriteUrlHash(bnlab::FormatHash(g_app));
    g_app.hash_dirty = false;
  }
  ++g_app.frame_count;
}

// What the panels and commands ask of the platform (both modes), and the start options they read.
void FillHost() {
  g_app.host.copy_to_clipboard = bnlab::CopyToClipboard;
  g_app.host.link_with_hash = bnlab::LinkWithHash;
  g_app.host.save_setting = bnlab::SaveSetting;
  g_app.host.save_file = bnlab::SaveFile;
  g_app.host.open_file = bnlab::kOpenFile;
  g_app.host.switch_to_text_mode = bnlab::kSwitchToTextMode;
  g_app.host.fetch_catalog = bnlab::FetchCatalog;
  g_app.ui.embed = g_options.embed;
}

bool KeepRunning() {
  return !glfwWindowShouldClose(g_platform.window) &&
         (g_options.max_frames < 0 || g_app.frame_count < g_options.max_frames);
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  if (!bnlab::ReadStartOptions(argc, argv, &g_options, &exit_code)) return exit_code;
  // The language first (the window's title is a text): --lang, else the learner's saved choice, else the browser's
  // (system's) languages; a link's lang= comes after (ApplyHash).
  FillHost();  // the host's functions first: a start's language may need its catalog (the page)
  bnlab::StartInLanguage(g_app, g_options.lang, bnlab::LoadSetting("lang"), bnlab::PreferredLanguages());
  glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
  if (!g_options.text_mode && !glfwInit()) {
    std::fprintf(stderr, "bnlab: could not start GLFW (no display?)\n");
    return 1;
  }
  g_app.ui.text_mode = g_options.text_mode;
  if (g_options.text_mode) {  // no window, no GL, no ImGui: see TextFrame
    FillHost();
    bnlab::LoadLessonProgress(g_app, bnlab::LoadSetting("lesson"));
    g_app.step_lab.input = bnlab::DefaultLabInput();
    bnlab::Recompute(g_app);
    g_app.step_lab.step = 0;
    g_app.ui.tab_request = bnlab::Lab::Step;
    bnlab::WatchUrlHash(OnHashChange);
    bnlab::InstallHooks(&g_app);
    bnlab::ApplyHash(g_app, g_options.hash, g_options.hash_too_long);
    bnlab::RunLoop(nullptr, TextFrame, KeepRunning);
    return 0;
  }
  const bnlab::WindowSetup setup = bnlab::SetWindowHints();
  GLFWwindow* window =
      glfwCreateWindow(setup.width, setup.height, bn::Tr("desktop.window_title").c_str(), nullptr, nullptr);
  if (window == nullptr) {
    std::fprintf(stderr, "bnlab: could not open an OpenGL 3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  g_platform.window = window;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  // Keyboard: the lab's own shortcuts (← → Home End Space) and Tab between cells; ImGui's keyboard
  // navigation would take the arrow keys, so it stays off.
  io.IniFilename = nullptr;  // the layout follows the window size; no imgui.ini to keep
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  glfwSetKeyCallback(window, KeyCallback);  // wraps ImGui's, see Platform
  ImGui_ImplOpenGL3_Init(setup.glsl_version);

  // What the panels ask of the platform.
  FillHost();
  // Settings kept across visits.
  const std::string scale = bnlab::LoadSetting("ui_scale");
  if (!scale.empty()) {
    const int percent = std::atoi(scale.c_str());
    if (percent >= 75 && percent <= 200) g_app.ui.ui_scale = static_cast<float>(percent) / 100.0f;
  }
  const std::string theme = bnlab::LoadSetting("theme");
  g_app.ui.dark_theme = theme != "light";
  g_app.ui.high_contrast = theme == "contrast";
  bnlab::ReadPagePreferences(&g_app, window, KeyCallback);  // web: touch screen, reduced motion, more contrast

  // The lesson's progress from an earlier visit ("continue where I left off"); its lab waits for the learner.
  bnlab::LoadLessonProgress(g_app, bnlab::LoadSetting("lesson"));

  // First view without a link: the step lab at step 1 (never the last: nothing is computed for the learner
  // yet), with one line on where to start.
  g_app.step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(g_app);
  g_app.step_lab.step = 0;
  g_app.ui.tab_request = bnlab::Lab::Step;  // the Lesson tab is first in the row, but a visit starts in the step lab
  if (g_options.hash.empty() && !g_options.hash_too_long) {
    g_app.ui.start_hint =
        g_app.lesson.has_saved
            ? bn::Tr("desktop.start_hint.back", {{"n", std::to_string(g_app.lesson.session.progress.chapter + 1)}})
            : bn::Tr("desktop.start_hint.new", {{"count", std::to_string(bn::LessonChapters().size())}});
  }

  // The batch from the link (web: the URL, followed on hashchange) or from --hash 'x=...&step=3' (desktop).
  bnlab::WatchUrlHash(OnHashChange);
  bnlab::InstallHooks(&g_app);
  bnlab::ApplyHash(g_app, g_options.hash, g_options.hash_too_long);

  bnlab::RunLoop(window, Frame, KeepRunning);
  if (g_options.print_state) std::printf("%s\n", bnlab::StateJson(g_app).c_str());
  return 0;
}
