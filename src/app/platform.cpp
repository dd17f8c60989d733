// platform.cpp: browser (EM_JS) and desktop versions of platform.hpp.
#include "app/platform.hpp"

#include <GLFW/glfw3.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>

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
// clang-format on
#endif

namespace bnlab {

std::string ReadUrlHash(size_t max_len, bool* too_long) {
  *too_long = false;
#ifdef __EMSCRIPTEN__
  std::vector<char> buf(max_len + 2);
  const int n = js_read_hash(buf.data(), static_cast<int>(buf.size()));
  if (n < 0) {
    *too_long = true;
    return {};
  }
  return std::string(buf.data(), static_cast<size_t>(n));
#else
  (void)max_len;
  return {};
#endif
}

void WriteUrlHash(const std::string& hash) {
#ifdef __EMSCRIPTEN__
  js_write_hash(hash.c_str());
#else
  (void)hash;
#endif
}

void WatchUrlHash(void (*on_change)()) {
#ifdef __EMSCRIPTEN__
  js_watch_hash(static_cast<int>(reinterpret_cast<intptr_t>(on_change)));
#else
  (void)on_change;
#endif
}

bool CopyToClipboard(const std::string& text) {
#ifdef __EMSCRIPTEN__
  return js_copy(text.c_str()) != 0;
#else
  GLFWwindow* window = glfwGetCurrentContext();
  if (window == nullptr) return false;
  glfwSetClipboardString(window, text.c_str());
  return true;
#endif
}

std::string LinkWithHash(const std::string& hash) {
#ifdef __EMSCRIPTEN__
  std::vector<char> buf(hash.size() + 4096);
  const int n = js_link_with_hash(hash.c_str(), buf.data(), static_cast<int>(buf.size()));
  if (n > 0) return std::string(buf.data(), static_cast<size_t>(n));
#endif
  return "index.html#" + hash;
}

#ifndef __EMSCRIPTEN__
namespace {
std::string SettingsPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && *xdg) return std::string(xdg) + "/bnlab-settings.txt";
  if (home && *home) return std::string(home) + "/.bnlab-settings.txt";
  return "bnlab-settings.txt";
}
}  // namespace
#endif

void SaveSetting(const std::string& key, const std::string& value) {
#ifdef __EMSCRIPTEN__
  js_save_setting(key.c_str(), value.c_str());
#else
  // One "key=value" per line; rewrite the file with this key replaced.
  std::vector<std::string> lines;
  {
    std::ifstream in(SettingsPath());
    std::string line;
    while (std::getline(in, line))
      if (line.compare(0, key.size() + 1, key + "=") != 0) lines.push_back(line);
  }
  lines.push_back(key + "=" + value);
  std::ofstream out(SettingsPath(), std::ios::trunc);
  for (const std::string& line : lines) out << line << '\n';
#endif
}

std::string LoadSetting(const std::string& key) {
#ifdef __EMSCRIPTEN__
  char buf[256];
  const int n = js_load_setting(key.c_str(), buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
#else
  std::ifstream in(SettingsPath());
  std::string line;
  while (std::getline(in, line))
    if (line.compare(0, key.size() + 1, key + "=") == 0) return line.substr(key.size() + 1);
  return {};
#endif
}

}  // namespace bnlab
