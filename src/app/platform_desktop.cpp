// platform_desktop.cpp: platform.hpp for the desktop program (GLFW + OpenGL 3).
//
//   Start     OpenGL 3.0 hints, the font from the build, the command-line options (--help lists every command)
//   Frame     GLFW's framebuffer size and content scale
//   Loop      until the window closes or --frames
//   Services  no URL hash; GLFW's clipboard; settings in a file in the user's config folder
#include "app/platform.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "core/i18n/current.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"

#ifndef BNLAB_VERSION
#define BNLAB_VERSION "0"
#endif
#ifndef BNLAB_CJK_FONT_PATH
#define BNLAB_CJK_FONT_PATH "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#endif
#ifndef BNLAB_FONT_PATH
#define BNLAB_FONT_PATH "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#endif

namespace bnlab {

WindowSetup SetWindowHints() {
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  return {"#version 130", 1280, 800};
}

namespace {
// A font file's bytes, read once (the atlas is built again on a new scale or language); "" when it cannot be read.
std::string_view FontFileData(const char* path) {
  static std::map<std::string, std::string> read;  // path → bytes, for the program's life
  auto it = read.find(path);
  if (it == read.end()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    if (in) bytes << in.rdbuf();
    it = read.emplace(path, bytes.str()).first;
  }
  return it->second;
}
}  // namespace

std::string_view FontData() { return FontFileData(BNLAB_FONT_PATH); }
std::string_view CjkNamesFontData() { return FontFileData(BNLAB_CJK_FONT_PATH); }
std::string_view CjkFontData() { return FontFileData(BNLAB_CJK_FONT_PATH); }
const char* FontName() { return BNLAB_FONT_PATH; }

int FetchCatalog(const std::string&, std::string* bytes) {
  *bytes = "the desktop program has every language inside";
  return Host::kCatalogFailed;
}

std::vector<std::string> PreferredLanguages() {
  auto env = [](const char* name) { const char* v = std::getenv(name); return std::string(v ? v : ""); };
  return bn::SystemLanguages(env("LANGUAGE"), env("LC_ALL"), env("LC_MESSAGES"), env("LANG"));
}

namespace {

// The options, for scripted checks under Xvfb (written once: --help and the unknown-option error use it).
constexpr const char* kOptions[][2] = {
    {"--hash H", "start from the link hash H (as after '#' in the page's address)"},
    {"--command C", "run command C after the first frame; repeatable (commands below)"},
    {"--frames N", "stop after N frames"},
    {"--print-state", "print the state JSON (as bnlab.state() on the web) when stopping"},
    {"--lang TAG", "the language: en, es, pt-BR or zh-Hans (else the one chosen last time, else the system's)"},
    {"--embed", "just the lab, without menu bar and tabs (as ?embed=1 on the web)"},
    {"--version", "print the version and exit"},
    {"--help", "this text"},
};

void PrintHelp() {
  std::printf("bnlab: Batch Normalization, step by step (desktop)\n\nusage: bnlab [options]\n\noptions:\n");
  for (const auto& o : kOptions) std::printf("  %-22s%s\n", o[0], o[1]);
  std::printf("\ncommands (--command C; bnlab.command(C) on the web):\n%s", CommandHelp().c_str());
}

}  // namespace

bool ReadStartOptions(int argc, char** argv, StartOptions* options, int* exit_code) {
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    const bool has_value = a + 1 < argc;
    if (arg == "--hash" && has_value) {
      options->hash = argv[++a];
    } else if (arg == "--command" && has_value) {
      options->commands.push_back(argv[++a]);
    } else if (arg == "--frames" && has_value) {
      options->max_frames = std::strtol(argv[++a], nullptr, 10);
    } else if (arg == "--print-state") {
      options->print_state = true;
    } else if (arg == "--lang" && has_value) {
      options->lang = argv[++a];
      if (bn::MatchOneLanguage(options->lang).empty()) {
        std::string list;
        for (const std::string& t : bn::AvailableLanguages()) list += (list.empty() ? "" : ", ") + t;
        std::fprintf(stderr, "bnlab: --lang %s: no such language (bnlab has %s)\n", options->lang.c_str(), list.c_str());
        *exit_code = 2;
        return false;
      }
    } else if (arg == "--embed") {
      options->embed = true;
    } else if (arg == "--version") {
      std::printf("bnlab %s\n", BNLAB_VERSION);
      *exit_code = 0;
      return false;
    } else if (arg == "--help" || arg == "-h") {
      PrintHelp();
      *exit_code = 0;
      return false;
    } else {
      std::string known;
      for (const auto& o : kOptions) known += (known.empty() ? "" : ", ") + std::string(o[0]);
      std::fprintf(stderr, "bnlab: unknown option '%s' (known: %s)\n", arg.c_str(), known.c_str());
      *exit_code = 2;
      return false;
    }
  }
  return true;
}

void SyncCanvasSize(GLFWwindow* window, float* dpr, int* width, int* height) {
  float sx = 1.0f, sy = 1.0f;
  glfwGetWindowContentScale(window, &sx, &sy);
  *dpr = sx > 0 ? sx : 1.0f;
  glfwGetFramebufferSize(window, width, height);
}

void SetDisplaySize(int, int) {}  // GLFW's backend already set it from the window

void RunLoop(GLFWwindow* window, void (*frame)(), bool (*keep_running)()) {
  while (keep_running()) frame();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
}

bool InputArrived() { return true; }  // every frame is drawn (glfwSwapInterval(1) paces the loop)

void InstallHooks(AppState*) {}  // no JavaScript: the desktop's tests use --command and --print-state

// No touch reader on the desktop (GLFW's mouse serves touch screens there); no page preferences.
void ReadPagePreferences(AppState*, GLFWwindow*, void (*)(GLFWwindow*, int, int, int, int)) {}
void ApplyTouch(AppState*, float) {}
void ReportTextField(float) {}

std::string ReadUrlHash(size_t, bool* too_long) {
  *too_long = false;
  return {};
}

void WriteUrlHash(const std::string&) {}

void WatchUrlHash(void (*)()) {}

bool CopyToClipboard(const std::string& text) {
  GLFWwindow* window = glfwGetCurrentContext();
  if (window == nullptr) return false;
  glfwSetClipboardString(window, text.c_str());
  return true;
}

std::string LinkWithHash(const std::string& hash) { return "index.html#" + hash; }

namespace {
std::string SettingsPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && *xdg) return std::string(xdg) + "/bnlab-settings.txt";
  if (home && *home) return std::string(home) + "/.bnlab-settings.txt";
  return "bnlab-settings.txt";
}
}  // namespace

void SaveSetting(const std::string& key, const std::string& value) {
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
}

std::string LoadSetting(const std::string& key) {
  std::ifstream in(SettingsPath());
  std::string line;
  while (std::getline(in, line))
    if (line.compare(0, key.size() + 1, key + "=") == 0) return line.substr(key.size() + 1);
  return {};
}

std::string SaveFile(const std::string& name, const std::string& mime, const std::string& bytes) {
  (void)mime;
  // ~/Downloads when it is there, else the working folder.
  std::string dir = ".";
  if (const char* home = std::getenv("HOME")) {
    const std::string downloads = std::string(home) + "/Downloads";
    if (std::ofstream(downloads + "/.bnlab-write-test").good()) {
      std::remove((downloads + "/.bnlab-write-test").c_str());
      dir = downloads;
    }
  }
  const std::string path = dir + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  return out ? path : std::string();
}

void (*const kSwitchToTextMode)() = nullptr;
void (*const kOpenFile)(const std::string& kind) = nullptr;  // no file picker: paste into the windows

}  // namespace bnlab
