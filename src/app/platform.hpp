// platform.hpp: what differs between the browser (platform_web.cpp) and the desktop (platform_desktop.cpp),
// behind one interface; CMake compiles one of the two. main.cpp's frame is the same on both.
//
//   Start        window hints and size, the font file, the start options (desktop: argv; web: the URL hash)
//   Frame        canvas size and pixel ratio, ImGui's display size
//   Loop         the main loop (web: handed to the browser; desktop: until closed or --frames); whether input came
//   Hooks        the JavaScript hooks bnlab_state / bnlab_command / bnlab_set_hash (web only)
//   Touch        touch gestures, the on-screen keyboard's field, the page's preferences (web only)
//   Services     URL hash, clipboard, link, settings
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct GLFWwindow;

namespace bnlab {

struct AppState;

// ---- Start
struct WindowSetup {
  const char* glsl_version;  // for ImGui's OpenGL 3 renderer
  int width, height;         // the first window size (the web canvas follows the page)
};
// Sets GLFW's context hints (OpenGL 3.0 / OpenGL ES 3.0 for WebGL2) and returns the rest of the setup.
WindowSetup SetWindowHints();

// The fonts as TrueType bytes, valid for the program's life ("" when there is none). FontData: the Latin, Greek and
// math font (web: embedded in the wasm, bnlab_fonts.hpp; desktop: read from BNLAB_FONT_PATH). Chinese (zh-Hans) glyphs
// are merged into it. CjkNamesFontData: the hanzi of the languages' own names ("简体中文"), which the Language menu
// shows in every language (web: 2.9 KB embedded in the wasm; desktop: the whole CJK font). CjkFontData: every hanzi
// zh-Hans's texts use, or "" while it is not there (web: the first call starts the download of cjk.ttf, about 70 KB,
// so other languages never load it; the frame asks again until it has arrived; desktop: Debian's WenQuanYi Micro
// Hei, "" when fonts-wqy-microhei is not installed: Chinese then shows '?').
std::string_view FontData();
std::string_view CjkNamesFontData();
std::string_view CjkFontData();
// The font's name for a message when FontData is empty.
const char* FontName();
// The learner's languages, most wanted first (web: navigator.languages; desktop: LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
// A language's catalog (Host::fetch_catalog): web: lang-TAG.cat beside index.html, fetched by loader.js on the first
// ask (the start language's before main runs); desktop: never asked (every catalog is embedded), so it reports failure.
int FetchCatalog(const std::string& tag, std::string* bytes);
std::vector<std::string> PreferredLanguages();

struct StartOptions {
  std::string hash;                   // the link to start from (web: the URL's hash; desktop: --hash)
  bool hash_too_long = false;
  std::vector<std::string> commands;  // run after the first frame (desktop: --command)
  long max_frames = -1;               // stop after this many frames (desktop: --frames); -1 never
  bool print_state = false;           // print the state JSON when stopping (desktop: --print-state)
  bool embed = false;                 // just the lab, no menu bar or tabs (web: ?embed=1; desktop: --embed)
  std::string lang;                   // desktop: --lang TAG, over the saved and the system's language
  bool text_mode = false;             // web: no GL context and no drawing; the page's text version is the lab
                                      // (loader.js: no WebGL2, or ?text=1). Desktop: always false.
};
// Reads the start options. Returns false (with the process's exit code in *exit_code) when the program
// should stop now: an unknown option, or --help.
bool ReadStartOptions(int argc, char** argv, StartOptions* options, int* exit_code);

// ---- Frame
// The framebuffer size in pixels and the pixel ratio; on the web also resizes the canvas to CSS size × ratio.
void SyncCanvasSize(GLFWwindow* window, float* dpr, int* width, int* height);
// After the backends' NewFrame: the web sets ImGui's display size to the canvas (desktop: GLFW's is right).
void SetDisplaySize(int width, int height);

// ---- Loop
// Calls frame() until keep_running() is false (desktop), then shuts ImGui and GLFW down; on the web hands
// frame() to the browser and does not return.
void RunLoop(GLFWwindow* window, void (*frame)(), bool (*keep_running)());
// Whether the learner or the page did anything since the last call: a key, the pointer, a touch, the wheel, typing, a
// resize, a command or link from the page's scripts (bnlab.command, hashchange), a preference; or a finger is still
// on the screen or a fling still moves the content. main.cpp draws a frame only then, while something moves on its
// own, or now and then (frames on demand: an idle page costs next to nothing). Desktop: always true (every frame is
// drawn, paced by the display's refresh).
bool InputArrived();

// ---- Hooks
// Points the JavaScript hooks at the app (web); nothing on the desktop.
void InstallHooks(AppState* app);

// ---- Touch (web: touch_web.hpp and web/touch.js; the desktop does nothing)
// At start: the page's preferences into app->ui (touch screen: touch sizes; reduced motion; more contrast unless a
// theme was chosen), and the key function the hidden field's editing keys go through (main's, with its deferral).
void ReadPagePreferences(AppState* app, GLFWwindow* window, void (*key)(GLFWwindow*, int, int, int, int));
// Between the backends' NewFrame and ImGui::NewFrame: this frame's touch gestures as ImGui's pointer, button,
// scrolling and the UI scale (a pinch; saved when it ends).
void ApplyTouch(AppState* app, float dpr);
// After ImGui::Render: tells the page where the text field being edited is (it focuses its hidden field there).
void ReportTextField(float dpr);

// ---- Services
// The page's URL hash without '#', percent-escapes kept (desktop: empty). Sets *too_long when the hash
// is longer than `max_len` (then the returned text is empty).
std::string ReadUrlHash(size_t max_len, bool* too_long);

// Replaces the URL hash without adding a history entry or firing hashchange (desktop: no-op).
void WriteUrlHash(const std::string& hash);

// Calls `on_change` whenever the learner edits the URL hash or follows a link (desktop: never).
void WatchUrlHash(void (*on_change)());

// Puts text on the clipboard. Returns false if the platform refused (the UI then shows the text).
bool CopyToClipboard(const std::string& text);

// The page's address with the given hash (desktop: "index.html#" + hash, for copying into a browser).
std::string LinkWithHash(const std::string& hash);

// Persists a small setting across visits (web: localStorage; desktop: a file in the user's config folder).
void SaveSetting(const std::string& key, const std::string& value);
std::string LoadSetting(const std::string& key);

// Saves a file the learner asked for (web: a download through a Blob; desktop: into ~/Downloads when it exists,
// else the working folder). Returns where it went, "" on failure.
std::string SaveFile(const std::string& name, const std::string& mime, const std::string& bytes);
// Web: the browser's file picker (loader.js bnlab.openFile; the text comes back as a command). Desktop: null.
extern void (*const kOpenFile)(const std::string& kind);
// Web: reloads the page with ?text=1 (text mode). Desktop: null.
extern void (*const kSwitchToTextMode)();

}  // namespace bnlab
