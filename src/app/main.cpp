// main.cpp: the one entry point for the desktop program (GLFW + OpenGL 3) and the web page
// (Emscripten's GLFW + WebGL2). The frame body is written once; what differs (window hints, canvas size and
// pixel ratio, the font file, the options, the loop, the JavaScript hooks) is behind app/platform.hpp.
//
// Index
//   Platform   the GLFW window and the key-release deferral
//   Fonts      a font with Greek and math glyphs, rebuilt when the pixel ratio changes
//   URL hash   read at start and on hashchange, written back when the state changes
//   Frame      one frame: input, panels, render; the start commands after the first
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

#include "app/platform.hpp"
#include "core/io/png.hpp"
#include "core/lab/lab_hash.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/link.hpp"
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
  int theme_built = -1;           // dark_theme the style was last built with
  double last_time = 0.0;
};

// Everything the app keeps: one AppState (plain data), the platform handles and the start options.
bnlab::AppState g_app;
Platform g_platform;
bnlab::StartOptions g_options;

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
  const char* font_file = bnlab::FontFile();
  if (FILE* f = std::fopen(font_file, "rb")) {
    std::fclose(f);
    font = io.Fonts->AddFontFromFileTTF(font_file, size, &config, kGlyphRanges);
  }
  if (font == nullptr) {
    std::fprintf(stderr, "bnlab: font %s not found; Greek letters will show as '?'\n", font_file);
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
      bnlab::Notify(g_app, "Nothing to save: the picture is not on screen.", true);
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
  if (w < 1 || h < 1) return bnlab::Notify(g_app, "Nothing to save: the picture is off screen.", true);
  std::vector<uint8_t> rgba(static_cast<size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x0, fb_h - y0 - h, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());  // GL rows start at the bottom
  bn::FlipRows(w, h, &rgba);
  for (size_t k = 3; k < rgba.size(); k += 4) rgba[k] = 255;  // opaque, whatever the canvas's alpha
  const std::string where = g_app.host.SaveFile(name, "image/png", bn::EncodePng(w, h, rgba));
  bnlab::Notify(g_app, where.empty() ? "Could not save " + name + "." : "Saved " + where + " (" + std::to_string(w) + "×" +
                                                                          std::to_string(h) + " pixels).",
                where.empty());
}

void Frame() {
  GLFWwindow* window = g_platform.window;
  glfwPollEvents();

  float dpr = 1.0f;
  int fb_w = 1, fb_h = 1;
  bnlab::SyncCanvasSize(window, &dpr, &fb_w, &fb_h);
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
  bnlab::SetDisplaySize(fb_w, fb_h);
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
    bnlab::WriteUrlHash(bnlab::FormatHash(g_app));
    g_app.hash_dirty = false;
  }

  ImGui::Render();
  glViewport(0, 0, fb_w, fb_h);
  const float bg = g_app.ui.dark_theme ? 0.09f : 0.94f;
  glClearColor(bg, bg, bg + 0.01f, 1.0f);
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

bool KeepRunning() {
  return !glfwWindowShouldClose(g_platform.window) &&
         (g_options.max_frames < 0 || g_app.frame_count < g_options.max_frames);
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  if (!bnlab::ReadStartOptions(argc, argv, &g_options, &exit_code)) return exit_code;
  glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
  if (!glfwInit()) {
    std::fprintf(stderr, "bnlab: could not start GLFW (no display?)\n");
    return 1;
  }
  const bnlab::WindowSetup setup = bnlab::SetWindowHints();
  GLFWwindow* window =
      glfwCreateWindow(setup.width, setup.height, "bnlab: Batch Normalization, step by step", nullptr, nullptr);
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
  g_app.host.copy_to_clipboard = bnlab::CopyToClipboard;
  g_app.host.link_with_hash = bnlab::LinkWithHash;
  g_app.host.save_setting = bnlab::SaveSetting;
  g_app.host.save_file = bnlab::SaveFile;
  g_app.host.open_file = bnlab::kOpenFile;
  g_app.ui.embed = g_options.embed;
  // Settings kept across visits.
  const std::string scale = bnlab::LoadSetting("ui_scale");
  if (!scale.empty()) {
    const int percent = std::atoi(scale.c_str());
    if (percent >= 75 && percent <= 200) g_app.ui.ui_scale = static_cast<float>(percent) / 100.0f;
  }
  g_app.ui.dark_theme = bnlab::LoadSetting("theme") != "light";

  g_app.step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(g_app);
  g_app.step_lab.step = static_cast<int>(g_app.step_lab.trace.steps.size()) - 1;  // first view: everything computed
  if (g_app.step_lab.step < 0) g_app.step_lab.step = 0;

  // The batch from the link (web: the URL, followed on hashchange) or from --hash 'x=...&step=3' (desktop).
  bnlab::WatchUrlHash(OnHashChange);
  bnlab::InstallHooks(&g_app);
  bnlab::ApplyHash(g_app, g_options.hash, g_options.hash_too_long);

  bnlab::RunLoop(window, Frame, KeepRunning);
  if (g_options.print_state) std::printf("%s\n", bnlab::StateJson(g_app).c_str());
  return 0;
}
