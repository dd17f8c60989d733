// platform_web.cpp: platform.hpp for the web page (Emscripten's GLFW + WebGL2, EM_JS for the browser's APIs).
//
//   JavaScript   EM_JS functions: URL hash, clipboard, link, localStorage
//   Start        OpenGL ES 3.0 hints (WebGL2), the font embedded in the wasm file, the URL hash as start link
//   Frame        the canvas follows its CSS size × devicePixelRatio
//   Loop         handed to the browser
//   Hooks        bnlab_state, bnlab_command, bnlab_set_hash (exported: see CMakeLists.txt)
//   Services
#include "app/platform.hpp"

#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/lab/lab_hash.hpp"
#include "state/commands.hpp"
#include "state/link.hpp"
#include "state/state_json.hpp"

// clang-format off
EM_JS(int, js_read_hash, (char* buf, int cap), {
  var h = window.location.hash || "";
  if (h.charAt(0) === "#") h = h.substring(1);
  var need = lengthBytesUTF8(h) + 1;
  if (need > cap) return -need;
  stringToUTF8(h, buf, cap);
  return need - 1;
});
EM_JS(void, js_write_hash, (const char* hash), {
  var h = UTF8ToString(hash);
  try { history.replaceState(null, "", "#" + h); } catch (e) { /* file:// pages may refuse */ }
});
EM_JS(void, js_watch_hash, (int cb), {
  window.addEventListener("hashchange", function() { wasmTable.get(cb)(); });
});
EM_JS(int, js_copy, (const char* text), {
  var t = UTF8ToString(text);
  if (!navigator.clipboard || !navigator.clipboard.writeText) return 0;
  navigator.clipboard.writeText(t).catch(function() {});
  return 1;
});
EM_JS(int, js_link_with_hash, (const char* hash, char* buf, int cap), {
  var url = window.location.href.split("#")[0] + "#" + UTF8ToString(hash);
  var need = lengthBytesUTF8(url) + 1;
  if (need > cap) return -need;
  stringToUTF8(url, buf, cap);
  return need - 1;
});
EM_JS(void, js_save_setting, (const char* key, const char* value), {
  try { localStorage.setItem("bnlab." + UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});
EM_JS(int, js_load_setting, (const char* key, char* buf, int cap), {
  var v = null;
  try { v = localStorage.getItem("bnlab." + UTF8ToString(key)); } catch (e) {}
  if (v === null) return 0;
  var need = lengthBytesUTF8(v) + 1;
  if (need > cap) return 0;
  stringToUTF8(v, buf, cap);
  return need - 1;
});
EM_JS(int, js_embed, (), {
  return new URLSearchParams(window.location.search).get("embed") === "1" ? 1 : 0;
});
EM_JS(void, js_save_file, (const char* name, const char* mime, const char* data, int len), {
  var bytes = HEAPU8.slice(data, data + len);
  var blob = new Blob([bytes], { type: UTF8ToString(mime) });
  var a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  setTimeout(function() { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});
EM_JS(void, js_open_file, (const char* kind), {
  if (window.bnlab && window.bnlab.openFile) window.bnlab.openFile(UTF8ToString(kind));
});
// clang-format on

namespace bnlab {

WindowSetup SetWindowHints() {
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  return {"#version 300 es", 1280, 720};
}

const char* FontFile() { return "/assets/bnlab-font.ttf"; }  // embedded into the wasm file system

bool ReadStartOptions(int, char**, StartOptions* options, int*) {
  options->hash = ReadUrlHash(bn::kLabMaxHashLength, &options->hash_too_long);
  options->embed = js_embed() != 0;
  return true;
}

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

void SetDisplaySize(int width, int height) {
  ImGui::GetIO().DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  ImGui::GetIO().DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
}

void RunLoop(GLFWwindow*, void (*frame)(), bool (*)()) { emscripten_set_main_loop(frame, 0, true); }

namespace {
AppState* g_hook_app = nullptr;  // the app the JavaScript hooks read and drive (set once by main)
}  // namespace

void InstallHooks(AppState* app) { g_hook_app = app; }

std::string ReadUrlHash(size_t max_len, bool* too_long) {
  *too_long = false;
  std::vector<char> buf(max_len + 2);
  const int n = js_read_hash(buf.data(), static_cast<int>(buf.size()));
  if (n < 0) {
    *too_long = true;
    return {};
  }
  return std::string(buf.data(), static_cast<size_t>(n));
}

void WriteUrlHash(const std::string& hash) { js_write_hash(hash.c_str()); }

void WatchUrlHash(void (*on_change)()) { js_watch_hash(static_cast<int>(reinterpret_cast<intptr_t>(on_change))); }

bool CopyToClipboard(const std::string& text) { return js_copy(text.c_str()) != 0; }

std::string LinkWithHash(const std::string& hash) {
  std::vector<char> buf(hash.size() + 4096);
  const int n = js_link_with_hash(hash.c_str(), buf.data(), static_cast<int>(buf.size()));
  if (n > 0) return std::string(buf.data(), static_cast<size_t>(n));
  return "index.html#" + hash;
}

void SaveSetting(const std::string& key, const std::string& value) { js_save_setting(key.c_str(), value.c_str()); }

std::string LoadSetting(const std::string& key) {
  char buf[256];
  const int n = js_load_setting(key.c_str(), buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

std::string SaveFile(const std::string& name, const std::string& mime, const std::string& bytes) {
  js_save_file(name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
  return name + " (downloads)";
}

namespace {
void OpenFilePicker(const std::string& kind) { js_open_file(kind.c_str()); }
}  // namespace
void (*const kOpenFile)(const std::string& kind) = OpenFilePicker;

}  // namespace bnlab

// Hooks for JavaScript (tests, the page's loader). The returned string lives until the next call.
extern "C" {
EMSCRIPTEN_KEEPALIVE const char* bnlab_state() {
  static std::string json;  // storage for the returned C string, not application state
  json = bnlab::StateJson(*bnlab::g_hook_app);
  return json.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* bnlab_command(const char* command) {
  static std::string reply;  // storage for the returned C string, not application state
  reply = bnlab::RunCommand(*bnlab::g_hook_app, command ? command : "");
  return reply.c_str();
}

EMSCRIPTEN_KEEPALIVE void bnlab_set_hash(const char* hash) { bnlab::ApplyHash(*bnlab::g_hook_app, hash ? hash : "", false); }
}
