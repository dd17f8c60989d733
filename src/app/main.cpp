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
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include <emscripten/html5.h>
#endif

#include "app/app_state.hpp"
#include "app/platform.hpp"
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
  int theme_built = -1;           // dark_theme the style was last built with
  double last_time = 0.0;
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

void ApplyStyle(const bnlab::UiState& ui, float scale) {
  ImGuiStyle style;
  if (ui.dark_theme) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
  }
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.ScaleAllSizes(scale);
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
  if (g_platform.theme_built != static_cast<int>(g_app.ui.dark_theme)) {
    ApplyStyle(g_app.ui, scale);
    g_platform.theme_built = static_cast<int>(g_app.ui.dark_theme);
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
  if (g_app.hash_dirty) {
    bnlab::WriteUrlHash(g_app.ui.tab == 4 ? bn::FormatImageHash(g_app.image.input, g_app.image.step)
                                          : bn::FormatLabHash(g_app.input, g_app.step));
    g_app.hash_dirty = false;
  }

  ImGui::Render();
  glViewport(0, 0, fb_w, fb_h);
  const float bg = g_app.ui.dark_theme ? 0.09f : 0.94f;
  glClearColor(bg, bg, bg + 0.01f, 1.0f);
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
extern "C" EMSCRIPTEN_KEEPALIVE void bnlab_set_hash(const char* hash) {
  ApplyHash(g_app, hash ? hash : "", false);
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
  g_app.ui.dark_theme = bnlab::LoadSetting("theme") != "light";

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
