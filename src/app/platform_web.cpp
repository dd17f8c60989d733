// platform_web.cpp: platform.hpp for the web page (Emscripten's GLFW + WebGL2, EM_JS for the browser's APIs).
//
//   JavaScript   EM_JS functions: URL hash, clipboard, link, localStorage
//   Start        OpenGL ES 3.0 hints (WebGL2), the font embedded in the wasm file, the URL hash as start link
//   Frame        the canvas follows its CSS size × devicePixelRatio
//   Loop         handed to the browser
//   Hooks        bnlab_state, bnlab_command, bnlab_set_hash, bnlab_tr (exported: see CMakeLists.txt)
//   Touch        touch gestures (touch_web.hpp), the keyboard field, the page's preferences; their hooks
//                bnlab_touch, bnlab_text_input, bnlab_text_key, bnlab_text_under_pointer, bnlab_revision, bnlab_set_env
//   Services
#include "app/platform.hpp"

#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "app/touch_web.hpp"
#include "bnlab_fonts.hpp"  // the fonts as bytes (cmake/embed_binary.cmake)
#include "core/i18n/current.hpp"
#include "core/lab/lab_hash.hpp"
#include "state/app_state.hpp"
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
  try { window.localStorage.setItem("bnlab." + UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});
EM_JS(int, js_load_setting, (const char* key, char* buf, int cap), {
  var v = null;
  try { v = window.localStorage.getItem("bnlab." + UTF8ToString(key)); } catch (e) {}
  if (v === null) return 0;
  var need = lengthBytesUTF8(v) + 1;
  if (need > cap) return 0;
  stringToUTF8(v, buf, cap);
  return need - 1;
});
EM_JS(void, js_text_field, (int active, float x, float y, float w, float h, int numeric), {
  if (window.bnlabTouch) window.bnlabTouch.onTextField(active, x, y, w, h, numeric);
});
EM_JS(int, js_environment, (), {
  return window.bnlabTouch ? window.bnlabTouch.environment() : 0;
});
// ?lang=TAG in the page's address (the loader reads it too, before the wasm runs): the language asked for.
EM_JS(int, js_query_lang, (char* buf, int cap), {
  var v = new URLSearchParams(window.location.search).get("lang") || "";
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
// Text mode: loader.js decided (no WebGL2, or ?text=1 in the address).
EM_JS(int, js_text_mode, (), {
  return window.bnlab && window.bnlab.textMode ? 1 : 0;
});
EM_JS(void, js_switch_to_text_mode, (), {
  var q = new URLSearchParams(window.location.search);
  q.set("text", "1");
  window.location.search = q.toString();  // the hash (the lab's link) is kept
});
EM_JS(void, js_open_file, (const char* kind), {
  if (window.bnlab && window.bnlab.openFile) window.bnlab.openFile(UTF8ToString(kind));
});
// Chinese glyphs: cjk.ttf (beside index.html) fetched on first use (state: 0 not asked yet, 1 loading, 2 ready: its
// bytes in Module.bnlabCjkBytes, 3 failed). The single-file offline page carries the font in the page
// (window.bnlabEmbeddedFiles, base64).
EM_JS(int, js_cjk_font_state, (), {
  if (Module.bnlabCjkFont !== undefined) return Module.bnlabCjkFont;
  Module.bnlabCjkFont = 1;
  var name = "cjk.ttf";
  var embedded = window.bnlabEmbeddedFiles && window.bnlabEmbeddedFiles[name];
  var got = embedded
      ? Promise.resolve(Uint8Array.from(atob(embedded), function(c) { return c.charCodeAt(0); }))
      : fetch(name).then(function(r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.arrayBuffer();
        }).then(function(b) { return new Uint8Array(b); });
  got.then(function(bytes) {
    Module.bnlabCjkBytes = bytes;
    Module.bnlabCjkFont = 2;
  }).catch(function(e) {
    console.warn("bnlab: the Chinese font could not be loaded (" + e + ")");
    Module.bnlabCjkFont = 3;
  });
  return 1;
});
EM_JS(int, js_cjk_font_size, (), { return Module.bnlabCjkBytes.length; });
EM_JS(void, js_cjk_font_copy, (char* buf), {
  HEAPU8.set(Module.bnlabCjkBytes, buf);
  Module.bnlabCjkBytes = null;  // the app keeps its copy
});
// A language's catalog: loader.js's bnlab.catalog(tag) fetches lang-TAG.cat once (or reads the single-file page's
// copy) and reports {state: 0 on its way, 1 here (bytes), 2 failed (error)}.
EM_JS(int, js_catalog_state, (const char* tag), {
  var c = window.bnlab && window.bnlab.catalog ? window.bnlab.catalog(UTF8ToString(tag)) : null;
  return c ? c.state : 2;
});
EM_JS(int, js_catalog_size, (const char* tag), {
  var c = window.bnlab.catalog(UTF8ToString(tag));
  return c.state === 1 ? c.bytes.length : lengthBytesUTF8(String(c.error));
});
EM_JS(void, js_catalog_copy, (const char* tag, char* buf, int cap), {
  var c = window.bnlab.catalog(UTF8ToString(tag));
  if (c.state === 1) HEAPU8.set(c.bytes, buf);
  else stringToUTF8(String(c.error), buf, cap);
  c.reported = true;  // read: the next ask (only after a failure) fetches again
});
// Frames on demand (InputArrived): every input event the page sees, counted in the capture phase before anything
// (Emscripten's GLFW, touch.js, the text field) handles it; js_take_inputs hands the count over and starts again.
EM_JS(void, js_watch_input, (), {
  var count = function() { Module["bnlabInputs"] = (Module["bnlabInputs"] | 0) + 1; };
  ["pointerdown", "pointermove", "pointerup", "pointercancel", "mousedown", "mousemove", "mouseup", "wheel",
   "keydown", "keyup", "keypress", "touchstart", "touchmove", "touchend", "touchcancel", "input", "compositionend",
   "focus", "blur", "resize", "hashchange", "visibilitychange", "paste", "contextmenu"].forEach(function(type) {
    window.addEventListener(type, count, { capture: true, passive: true });
  });
});
EM_JS(int, js_take_inputs, (), {
  var n = Module["bnlabInputs"] | 0;
  Module["bnlabInputs"] = 0;
  return n;
});
EM_JS(int, js_languages, (char* buf, int cap), {
  var list = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""]).join(",");
  var need = lengthBytesUTF8(list) + 1;
  if (need > cap) return 0;
  stringToUTF8(list, buf, cap);
  return need - 1;
});
// clang-format on

namespace bnlab {

WindowSetup SetWindowHints() {
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  return {"#version 300 es", 1280, 720};
}

std::string_view FontData() { return {reinterpret_cast<const char*>(embedded::kFont), embedded::kFont_size}; }
std::string_view CjkNamesFontData() {
  return {reinterpret_cast<const char*>(embedded::kCjkNamesFont), embedded::kCjkNamesFont_size};
}
std::string_view CjkFontData() {
  static std::string bytes;  // cjk.ttf once it has arrived, for the program's life
  if (bytes.empty() && js_cjk_font_state() == 2) {
    bytes.assign(static_cast<size_t>(js_cjk_font_size()), '\0');
    js_cjk_font_copy(bytes.data());
  }
  return bytes;
}
const char* FontName() { return "bnlab-font.ttf"; }

int FetchCatalog(const std::string& tag, std::string* bytes) {
  const int state = js_catalog_state(tag.c_str());
  if (state == 0) return Host::kCatalogLoading;
  const int size = js_catalog_size(tag.c_str());
  bytes->assign(static_cast<size_t>(size) + 1, '\0');  // + 1: stringToUTF8's closing NUL (an error's text)
  js_catalog_copy(tag.c_str(), bytes->data(), size + 1);
  bytes->resize(static_cast<size_t>(size));
  return state == 1 ? Host::kCatalogReady : Host::kCatalogFailed;
}

std::vector<std::string> PreferredLanguages() {
  char buf[512];
  const int n = js_languages(buf, sizeof buf);
  std::vector<std::string> tags;
  std::string list(buf, static_cast<size_t>(n > 0 ? n : 0));
  for (size_t pos = 0; pos < list.size();) {
    size_t end = list.find(',', pos);
    if (end == std::string::npos) end = list.size();
    if (end > pos) tags.push_back(list.substr(pos, end - pos));
    pos = end + 1;
  }
  return tags;
}

bool ReadStartOptions(int, char**, StartOptions* options, int*) {
  options->hash = ReadUrlHash(bn::kLabMaxHashLength, &options->hash_too_long);
  options->embed = js_embed() != 0;
  char lang[64];
  const int n = js_query_lang(lang, sizeof lang);
  if (n > 0) options->lang = std::string(lang, static_cast<size_t>(n));  // ?lang=: over the saved and the browser's
  options->text_mode = js_text_mode() != 0;
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

void RunLoop(GLFWwindow*, void (*frame)(), bool (*)()) {
  js_watch_input();
  emscripten_set_main_loop(frame, 0, true);
}

namespace {
AppState* g_hook_app = nullptr;  // the app the JavaScript hooks read and drive (set once by main)
// Platform handles, as g_hook_app (app state lives in AppState): the touch reader, the text field last
// reported to the page, and where the editing keys go.
TouchInput g_touch;
TextFieldPlace g_field_reported;
GLFWwindow* g_key_window = nullptr;
void (*g_key)(GLFWwindow*, int, int, int, int) = nullptr;
int g_calls = 0;  // calls from the page's scripts that change something (the hooks below), for InputArrived

// Environment bits from touch.js: 1 touch screen, 2 reduced motion, 4 more contrast.
void ApplyEnvironment(AppState* app, int bits, bool at_start) {
  if (at_start) app->ui.touch_ui = (bits & 1) != 0;  // the sizes stay for the visit
  app->ui.reduce_motion = (bits & 2) != 0;
  if ((bits & 4) && LoadSetting("theme").empty()) app->ui.high_contrast = true;
}
}  // namespace

bool InputArrived() {
  const bool touching = g_touch.gesture != TouchInput::Gesture::None || !g_touch.queue.empty() ||
                        g_touch.velocity.x != 0.0f || g_touch.velocity.y != 0.0f;  // a finger down, or a fling
  const bool arrived = js_take_inputs() > 0 || g_calls > 0 || touching;
  g_calls = 0;
  return arrived;
}

void ReadPagePreferences(AppState* app, GLFWwindow* window, void (*key)(GLFWwindow*, int, int, int, int)) {
  g_key_window = window;
  g_key = key;
  ApplyEnvironment(app, js_environment(), true);
}

void ApplyTouch(AppState* app, float dpr) {
  g_touch.drag_surface = app->ui.drag_surface;  // last frame's drawing surface (the map with Draw on)
  TouchApply(g_touch, dpr, emscripten_get_now(), !app->ui.reduce_motion, &app->ui.ui_scale);
  if (g_touch.scale_changed) {  // a pinch ended: remember its scale, as the View menu's slider does
    g_touch.scale_changed = false;
    SaveSetting("ui_scale", std::to_string(static_cast<int>(app->ui.ui_scale * 100.0f + 0.5f)));
  }
}

void ReportTextField(float dpr) {
  const TextFieldPlace now = ActiveTextField();
  TextFieldPlace& was = g_field_reported;
  if (now.active == was.active && now.numeric == was.numeric && std::abs(now.x - was.x) < 1.0f &&
      std::abs(now.y - was.y) < 1.0f)
    return;
  was = now;
  js_text_field(now.active ? 1 : 0, now.x / dpr, now.y / dpr, now.w / dpr, now.h / dpr, now.numeric ? 1 : 0);
}

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
  return bn::Tr("desktop.saved_to_downloads", {{"name", name}});  // "bnlab-batch.ipynb (downloads)"
}

namespace {
void OpenFilePicker(const std::string& kind) { js_open_file(kind.c_str()); }
}  // namespace
void (*const kOpenFile)(const std::string& kind) = OpenFilePicker;
void (*const kSwitchToTextMode)() = js_switch_to_text_mode;

}  // namespace bnlab

// Hooks for JavaScript (tests, the page's loader). The returned string lives until the next call.
extern "C" {
EMSCRIPTEN_KEEPALIVE const char* bnlab_state() {
  static std::string json;  // storage for the returned C string, not application state
  json = bnlab::StateJson(*bnlab::g_hook_app);
  return json.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* bnlab_command(const char* command) {
  ++bnlab::g_calls;
  static std::string reply;  // storage for the returned C string, not application state
  reply = bnlab::RunCommand(*bnlab::g_hook_app, command ? command : "");
  return reply.c_str();
}

EMSCRIPTEN_KEEPALIVE void bnlab_set_hash(const char* hash) {
  ++bnlab::g_calls;
  bnlab::ApplyHash(*bnlab::g_hook_app, hash ? hash : "", false);
}

// The current language's text for `key`, for the page's own texts (web/a11y.js, touch.js, loader.js's notices through
// bnlab.tr(key, args)); the page fills its {name} placeholders as bn::Format does. The catalogs are constant, so the
// text outlives the call.
EMSCRIPTEN_KEEPALIVE const char* bnlab_tr(const char* key) { return bn::Tr(key ? key : "").c_str(); }

// One touch event (web/touch.js): phase 0 start, 1 move, 2 end, 3 cancel; CSS pixels; performance.now().
EMSCRIPTEN_KEEPALIVE void bnlab_touch(int phase, float x, float y, int id, double ms) {
  ++bnlab::g_calls;
  bnlab::TouchEventIn(bnlab::g_touch, phase, x, y, id, ms);
}

// Text from the page's hidden field (typing, on-screen keyboards, dictation, IME, paste): to ImGui as characters.
EMSCRIPTEN_KEEPALIVE void bnlab_text_input(const char* utf8) {
  ++bnlab::g_calls;
  if (utf8 != nullptr && ImGui::GetCurrentContext() != nullptr) ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

// An editing key the hidden field reports as an edit ("Backspace", "Delete", "Enter", "Tab", "Escape"): a press
// and a release, the release a frame later (main's key function defers it).
EMSCRIPTEN_KEEPALIVE void bnlab_text_key(const char* name) {
  ++bnlab::g_calls;
  const std::string k = name ? name : "";
  const int key = k == "Backspace" ? GLFW_KEY_BACKSPACE : k == "Delete" ? GLFW_KEY_DELETE : k == "Enter" ? GLFW_KEY_ENTER
                : k == "Tab" ? GLFW_KEY_TAB : k == "Escape" ? GLFW_KEY_ESCAPE : -1;
  if (key < 0 || bnlab::g_key == nullptr) return;
  bnlab::g_key(bnlab::g_key_window, key, 0, GLFW_PRESS, 0);
  bnlab::g_key(bnlab::g_key_window, key, 0, GLFW_RELEASE, 0);
}

// The mouse wheel (web/touch.js), in notches with the desktop's signs (up and left positive). Emscripten 3.1.6's
// GLFW passes the browser's deltaY as it is: pixels, and down positive, so a turn down scrolled up (by 100 notches).
EMSCRIPTEN_KEEPALIVE void bnlab_wheel(float dx, float dy) {
  ++bnlab::g_calls;
  if (ImGui::GetCurrentContext() == nullptr) return;
  ImGui::GetIO().MouseWheelH += dx;
  ImGui::GetIO().MouseWheel += dy;
}

// Whether the pointer rested on a text field last frame (touch.js focuses its field inside the tap then).
EMSCRIPTEN_KEEPALIVE int bnlab_text_under_pointer() { return bnlab::TouchTextUnderPointer() ? 1 : 0; }

// The state's revision: the page's text version is rebuilt when it moves (one number a frame, not the state).
EMSCRIPTEN_KEEPALIVE int bnlab_revision() { return bnlab::g_hook_app ? bnlab::g_hook_app->revision : 0; }

// The page's preferences changed (reduced motion, contrast).
EMSCRIPTEN_KEEPALIVE void bnlab_set_env(int bits) {
  ++bnlab::g_calls;
  if (bnlab::g_hook_app) bnlab::ApplyEnvironment(bnlab::g_hook_app, bits, false);
}
}
