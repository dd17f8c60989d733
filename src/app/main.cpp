// main.cpp: the one entry point for the desktop program (GLFW + OpenGL 3) and the web page
// (Emscripten's GLFW + WebGL2). The frame body is written once; the web build differs only where
// marked __EMSCRIPTEN__ (canvas size and pixel ratio, no imgui.ini, the loop handed to the browser,
// and the JavaScript hooks bnlab_state / bnlab_command).
//
// Index
//   Platform   window creation, GL version, canvas size
//   Fonts      a font with Greek and math glyphs, rebuilt when the pixel ratio changes
//   Frame      one frame: input, panels, render
//   Hooks      extern "C" functions for JavaScript tests
//   main
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: whether a tooltip is shown (for tests)
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include <emscripten/html5.h>
#endif

#include "app/app_state.hpp"
#include "app/mirror.hpp"
#include "app/platform.hpp"
#ifdef __EMSCRIPTEN__
#include "app/touch_web.hpp"
#endif
#include "core/lab/image_lab.hpp"
#include "core/lab/lab_hash.hpp"
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
  int theme_built = -1;           // StyleKey the style was last built with
  double last_time = 0.0;
#ifdef __EMSCRIPTEN__
  bnlab::TouchInput touch;               // touch gestures (web/touch.js → bnlab_touch)
  bnlab::TextFieldPlace field_reported;  // the text field last reported to the page (the on-screen keyboard)
#endif
};

// Everything the app keeps: one AppState (plain data) and the platform handles.
bnlab::AppState g_app;
Platform g_platform;

#ifndef BNLAB_FONT_PATH
#define BNLAB_FONT_PATH "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#endif

#ifdef __EMSCRIPTEN__
const char* kFontFile = "/assets/bnlab-font.ttf";  // preloaded into the wasm file system

// The canvas fills the window in CSS pixels; its drawing buffer is CSS size × devicePixelRatio. The
// buffer size is set here directly (GLFW's window size logic does not know about the pixel ratio), and
// the frame uses it for ImGui's display size and the GL viewport.
void SyncCanvasSize(GLFWwindow*, float* dpr_out, int* w_out, int* h_out) {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  const double dpr = emscripten_get_device_pixel_ratio();
  const int w = std::max(1, static_cast<int>(css_w * dpr + 0.5)), h = std::max(1, static_cast<int>(css_h * dpr + 0.5));
  int cur_w = 0, cur_h = 0;
  emscripten_get_canvas_element_size("#canvas", &cur_w, &cur_h);
  if (w != cur_w || h != cur_h) emscripten_set_canvas_element_size("#canvas", w, h);
  *dpr_out = static_cast<float>(dpr > 0 ? dpr : 1.0);
  *w_out = w;
  *h_out = h;
}
#else
const char* kFontFile = BNLAB_FONT_PATH;

void SyncCanvasSize(GLFWwindow* window, float* dpr_out, int* w_out, int* h_out) {
  float sx = 1.0f, sy = 1.0f;
  glfwGetWindowContentScale(window, &sx, &sy);
  *dpr_out = sx > 0 ? sx : 1.0f;
  glfwGetFramebufferSize(window, w_out, h_out);
}
#endif

void KeyCallback(GLFWwindow* window, int key, int scancode, int action, int mods) {
  auto& pressed = g_platform.keys_pressed_since_frame;
  if (action == GLFW_RELEASE && std::find(pressed.begin(), pressed.end(), key) != pressed.end()) {
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

void BuildFonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float size = 17.0f * scale;
  ImFontConfig config;
  config.OversampleH = 2;
  config.PixelSnapH = false;
  ImFont* font = nullptr;
  if (FILE* f = std::fopen(kFontFile, "rb")) {
    std::fclose(f);
    font = io.Fonts->AddFontFromFileTTF(kFontFile, size, &config, kGlyphRanges);
  }
  if (font == nullptr) {
    std::fprintf(stderr, "bnlab: font %s not found; Greek letters will show as '?'\n", kFontFile);
    ImFontConfig fallback;
    fallback.SizePixels = size;
    io.Fonts->AddFontDefault(&fallback);
  }
  io.Fonts->Build();
  // The renderer re-creates its objects (font texture included) at the next ImGui_ImplOpenGL3_NewFrame.
  ImGui_ImplOpenGL3_DestroyDeviceObjects();
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
// Applies a hash to the app. A link that cannot be read changes nothing and says why.
void ApplyHash(bnlab::AppState& app, const std::string& hash, bool too_long) {
  std::string error;
  if (too_long) {
    error = "the link is too long";
  } else if (hash.empty()) {
    return;
  } else if (bn::IsImageHash(hash)) {  // the image lab's link: its batch, variant and step, and its tab
    bn::ImageLabInput next = app.image.input;
    int step = app.image.step;
    if (bn::ApplyImageHash(hash, &next, &step, &error)) {
      app.image.input = next;
      app.image.step = step;
      bnlab::RecomputeImage(app);  // clamps the step
      app.ui.tab_request = 4;
      return;
    }
  } else {
    bnlab::LabInput next = app.input;
    int step = app.step;
    if (bn::ApplyLabHash(hash, &next, &step, &error)) {
      bnlab::SetInput(app, next);
      app.step = step;
      bnlab::Recompute(app);  // clamps the step to this batch's steps
      return;
    }
  }
  bnlab::Notify(app, "This link could not be read (" + error + "); the batch was left as it was.", true);
  app.hash_dirty = true;  // replace the unreadable hash with the state on screen
}

void OnHashChange() {
  bool too_long = false;
  const std::string hash = bnlab::ReadUrlHash(bn::kLabMaxHashLength, &too_long);
  ApplyHash(g_app, hash, too_long);
}

#ifdef __EMSCRIPTEN__
// ---------------------------------------------------------------------------------------------
// The page's side of touch, the on-screen keyboard and the text version (web/touch.js, web/a11y.js)
// ---------------------------------------------------------------------------------------------
// clang-format off
EM_JS(void, js_text_field, (int active, float x, float y, float w, float h, int numeric), {
  if (window.bnlabTouch) window.bnlabTouch.onTextField(active, x, y, w, h, numeric);
});
EM_JS(int, js_environment, (), {
  return window.bnlabTouch ? window.bnlabTouch.environment() : 0;
});
// clang-format on

// Tells the page where ImGui's text field is (CSS pixels), when that changes: the page focuses its hidden
// field there, which brings up the on-screen keyboard, and blurs it when editing ends.
void ReportTextField(float dpr) {
  bnlab::TextFieldPlace now = bnlab::ActiveTextField();
  bnlab::TextFieldPlace& was = g_platform.field_reported;
  if (now.active == was.active && now.numeric == was.numeric && std::fabs(now.x - was.x) < 1.0f &&
      std::fabs(now.y - was.y) < 1.0f)
    return;
  was = now;
  js_text_field(now.active ? 1 : 0, now.x / dpr, now.y / dpr, now.w / dpr, now.h / dpr, now.numeric ? 1 : 0);
}

// Environment bits from touch.js: 1 touch screen, 2 reduced motion, 4 more contrast.
void ApplyEnvironment(int bits, bool at_start) {
  if (at_start) g_app.ui.touch_ui = (bits & 1) != 0;  // the sizes stay for the visit
  g_app.ui.reduce_motion = (bits & 2) != 0;
  if ((bits & 4) && bnlab::LoadSetting("theme").empty()) g_app.ui.high_contrast = true;
}
#endif

// ---------------------------------------------------------------------------------------------
// Frame
// ---------------------------------------------------------------------------------------------
void Frame() {
  GLFWwindow* window = g_platform.window;
  glfwPollEvents();

  float dpr = 1.0f;
  int fb_w = 1, fb_h = 1;
  SyncCanvasSize(window, &dpr, &fb_w, &fb_h);
  g_app.ui.dpi_scale = dpr;
  const float scale = dpr * g_app.ui.ui_scale;
  if (scale != g_platform.font_scale_built) {
    BuildFonts(scale);
    g_platform.font_scale_built = scale;
    g_platform.theme_built = -1;
  }
  if (g_platform.theme_built != StyleKey(g_app.ui)) {
    ApplyStyle(g_app.ui, scale);
    g_platform.theme_built = StyleKey(g_app.ui);
  }

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
#ifdef __EMSCRIPTEN__
  ImGui::GetIO().DisplaySize = ImVec2(static_cast<float>(fb_w), static_cast<float>(fb_h));
  ImGui::GetIO().DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
#endif
  // ImGui 1.86 asserts on a zero DeltaTime (a frozen or coarse clock): keep it positive.
  ImGuiIO& io = ImGui::GetIO();
  if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 1000.0f;
#ifdef __EMSCRIPTEN__
  // Touch gestures replace GLFW's pointer while a finger is in use (see touch_web.hpp).
  bnlab::TouchApply(g_platform.touch, dpr, emscripten_get_now(), !g_app.ui.reduce_motion, &g_app.ui.ui_scale);
  if (g_platform.touch.scale_changed) {  // a pinch ended: remember its scale as the View menu's slider does
    g_platform.touch.scale_changed = false;
    bnlab::SaveSetting("ui_scale", std::to_string(static_cast<int>(g_app.ui.ui_scale * 100.0f + 0.5f)));
  }
#endif
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
  bnlab::UpdateRevision(g_app);
  if (g_app.hash_dirty) {
    bnlab::WriteUrlHash(g_app.ui.tab == 4 ? bn::FormatImageHash(g_app.image.input, g_app.image.step)
                                          : bn::FormatLabHash(g_app.input, g_app.step));
    g_app.hash_dirty = false;
  }

  ImGui::Render();
  {
    ImGuiWindow* tooltip = ImGui::FindWindowByName("##Tooltip_00");
    g_app.ui.tooltip_shown = tooltip != nullptr && tooltip->Active;
  }
#ifdef __EMSCRIPTEN__
  ReportTextField(dpr);
#endif
  glViewport(0, 0, fb_w, fb_h);
  const float bg = g_app.ui.high_contrast ? 0.0f : g_app.ui.dark_theme ? 0.09f : 0.94f;
  glClearColor(bg, bg, g_app.ui.high_contrast ? 0.0f : bg + 0.01f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(window);
  ++g_app.frame_count;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Hooks for JavaScript (tests, the page's loader). The returned string lives until the next call.
// ---------------------------------------------------------------------------------------------
extern "C" {
#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* bnlab_state() {
  static std::string json;  // storage for the returned C string, not application state
  json = bnlab::StateJson(g_app);
  return json.c_str();
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* bnlab_command(const char* command) {
  static std::string reply;  // storage for the returned C string, not application state
  reply = bnlab::RunCommand(g_app, command ? command : "");
  return reply.c_str();
}
}

#ifdef __EMSCRIPTEN__
extern "C" {
EMSCRIPTEN_KEEPALIVE void bnlab_set_hash(const char* hash) { ApplyHash(g_app, hash ? hash : "", false); }

// One touch event (web/touch.js): phase 0 start, 1 move, 2 end, 3 cancel; CSS pixels; performance.now().
EMSCRIPTEN_KEEPALIVE void bnlab_touch(int phase, float x, float y, int id, double ms) {
  bnlab::TouchEventIn(g_platform.touch, phase, x, y, id, ms);
}

// Text from the page's hidden field (typing, on-screen keyboards, dictation, IME, paste): to ImGui as characters.
EMSCRIPTEN_KEEPALIVE void bnlab_text_input(const char* utf8) {
  if (utf8 != nullptr && ImGui::GetCurrentContext() != nullptr) ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

// An editing key the hidden field reports as an edit ("Backspace", "Delete", "Enter", "Tab", "Escape"): a key
// press and release, the release a frame later (see KeyCallback).
EMSCRIPTEN_KEEPALIVE void bnlab_text_key(const char* name) {
  const std::string k = name ? name : "";
  const int key = k == "Backspace" ? GLFW_KEY_BACKSPACE : k == "Delete" ? GLFW_KEY_DELETE : k == "Enter" ? GLFW_KEY_ENTER
                : k == "Tab" ? GLFW_KEY_TAB : k == "Escape" ? GLFW_KEY_ESCAPE : -1;
  if (key < 0 || g_platform.window == nullptr) return;
  KeyCallback(g_platform.window, key, 0, GLFW_PRESS, 0);
  KeyCallback(g_platform.window, key, 0, GLFW_RELEASE, 0);
}

// Whether the pointer rested on a text field last frame (touch.js focuses its field inside the tap then).
EMSCRIPTEN_KEEPALIVE int bnlab_text_under_pointer() { return bnlab::TouchTextUnderPointer() ? 1 : 0; }

// The state's revision: the text version is rebuilt when it moves (one number a frame, not the state).
EMSCRIPTEN_KEEPALIVE int bnlab_revision() { return g_app.revision; }

// The page's preferences changed (reduced motion, contrast).
EMSCRIPTEN_KEEPALIVE void bnlab_set_env(int bits) { ApplyEnvironment(bits, false); }
}
#endif

int main(int argc, char** argv) {
  glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
  if (!glfwInit()) {
    std::fprintf(stderr, "bnlab: could not start GLFW (no display?)\n");
    return 1;
  }
#ifdef __EMSCRIPTEN__
  const char* glsl_version = "#version 300 es";
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  const int init_w = 1280, init_h = 720;
#else
  const char* glsl_version = "#version 130";
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  const int init_w = 1280, init_h = 800;
#endif
  GLFWwindow* window = glfwCreateWindow(init_w, init_h, "bnlab: Batch Normalization, step by step", nullptr, nullptr);
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
  ImGui_ImplOpenGL3_Init(glsl_version);

  // Settings kept across visits.
  const std::string scale = bnlab::LoadSetting("ui_scale");
  if (!scale.empty()) {
    const int percent = std::atoi(scale.c_str());
    if (percent >= 75 && percent <= 200) g_app.ui.ui_scale = static_cast<float>(percent) / 100.0f;
  }
  const std::string theme = bnlab::LoadSetting("theme");
  g_app.ui.dark_theme = theme != "light";
  g_app.ui.high_contrast = theme == "contrast";
#ifdef __EMSCRIPTEN__
  ApplyEnvironment(js_environment(), true);
#endif

  g_app.input = bnlab::DefaultLabInput();
  bnlab::Recompute(g_app);
  g_app.step = static_cast<int>(g_app.trace.steps.size()) - 1;  // first view: everything computed
  if (g_app.step < 0) g_app.step = 0;

  // The batch from the link (web) or from --hash 'x=...&step=3' (desktop).
  std::string start_hash;
  bool too_long = false;
#ifdef __EMSCRIPTEN__
  start_hash = bnlab::ReadUrlHash(bn::kLabMaxHashLength, &too_long);
  bnlab::WatchUrlHash(OnHashChange);
  (void)argc;
  (void)argv;
#else
  // Desktop options, for scripted checks under Xvfb:
  //   --hash H        start from the link hash H
  //   --command C     run a command (next, prev, first, last) after the first frame; repeatable
  //   --frames N      stop after N frames
  //   --print-state   print the state JSON (as window.bnlab.state() on the web) when stopping
  long max_frames = -1;
  bool print_state = false;
  std::vector<std::string> commands;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    const bool has_value = a + 1 < argc;
    if (arg == "--hash" && has_value) {
      start_hash = argv[++a];
    } else if (arg == "--command" && has_value) {
      commands.push_back(argv[++a]);
    } else if (arg == "--frames" && has_value) {
      max_frames = std::strtol(argv[++a], nullptr, 10);
    } else if (arg == "--print-state") {
      print_state = true;
    } else {
      std::fprintf(stderr, "bnlab: unknown option '%s' (known: --hash H, --command C, --frames N, --print-state)\n",
                   arg.c_str());
      return 2;
    }
  }
  (void)OnHashChange;
#endif
  ApplyHash(g_app, start_hash, too_long);

#ifdef __EMSCRIPTEN__
  emscripten_set_main_loop(Frame, 0, true);
#else
  while (!glfwWindowShouldClose(window) && (max_frames < 0 || g_app.frame_count < max_frames)) {
    Frame();
    if (g_app.frame_count == 1) {
      for (const std::string& c : commands) {
        const std::string reply = bnlab::RunCommand(g_app, c);
        if (reply.find("\"ok\":false") != std::string::npos) std::fprintf(stderr, "bnlab: %s\n", reply.c_str());
      }
    }
  }
  if (print_state) std::printf("%s\n", bnlab::StateJson(g_app).c_str());
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
#endif
  return 0;
}
