// app_state.hpp: everything the panels show and edit, in plain structs (no statics, no GL, no ImGui).
//
// Index
//   Lab        the five labs (tabs), in the order of their keys 1–5
//   LabInput   the batch the learner edits (x, γ, β, ε, mode, running statistics, dy)
//   CellEdit   the text of the cell being edited and the last refusal
//   StepView   the step cursor's companions: selected cell, play state
//   StepLab    the step-through lab: its batch, trace, step cursor, practice mode (PracticeState)
//   LessonLab  the guided lesson: chapter, answers, progress (core/learn/lesson.hpp)
//   RunningLab the train-versus-inference stream
//   TrainLab   the training lab: networks side by side, experiments, GPU views (state/train_gpu_state.hpp)
//   SpeedLab   the in-page benchmark
//   ImageLab   the image batch N×C×H×W: BN per channel and its relatives, step by step
//   UiState    window/look settings
//   Host       what the platform does for the panels (clipboard, link, settings), no-ops until app fills it
//   AppState   all of the above
//   Recompute, SetInput, SelectExperiment, batch resizing ...: the operations the panels and commands share
//   (commands: state/commands.hpp; links: state/link.hpp; JSON: state/state_json.hpp; live labs: state/advance.hpp)
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/kernels/bench.hpp"
#include "core/bn/bn.hpp"
#include "core/lab/image_lab.hpp"
#include "core/lab/lab_presets.hpp"
#include "core/lab/running_stream.hpp"
#include "core/learn/lesson.hpp"
#include "core/learn/practice.hpp"
#include "core/train/trainer.hpp"
#include "state/train_gpu_state.hpp"
#include "state/teach.hpp"

namespace bnlab {

// The labs, one per tab, in the order of their keys 1–5 (state() reports the tab as this index), then the
// lesson (key L), which is drawn first in the tab row but keeps index 5 so the labs' numbers stay.
enum class Lab { Step, Running, Training, Speed, Image, Lesson };
constexpr int kLabCount = 5;      // the labs with number keys 1–5
constexpr int kTabCount = 6;      // and the lesson

// The learner's batch is a bn::TraceInput: x (N×D), γ and β (1×D), ε, mode, running statistics and,
// for the backward pass, the upstream gradient dy (N×D).
using LabInput = bn::TraceInput;

LabInput DefaultLabInput();  // the default toy batch, 4×3

// The cell being typed into: its text lives here until Enter/Tab/click-away commits it, so an
// edit is never lost and a refused one leaves the old value with a message beside the cell.
struct CellEdit {
  int row = -1, col = -1;  // the cell of `text` (rows ≥ 1000 are γ, β, ε, dy: see batch_panel.cpp)
  std::string text;
  std::string error;       // last refusal, shown beside error_row/error_col
  int error_row = -1, error_col = -1;
  int focus_row = -1, focus_col = -1;  // a cell to give keyboard focus next frame (arrow keys)
};

struct StepView {
  int sel_row = 0, sel_col = 0;  // the element (i, j) whose formula is written out with numbers
  bool playing = false;
  float steps_per_second = 1.0f;
  double play_accum = 0.0;       // seconds since the last automatic step
};

// Practice mode in the step lab: the round (core/learn/practice.hpp) and the answer field.
struct PracticeState {
  bn::PracticeSession session;
  std::vector<char> answer_text = std::vector<char>(64, '\0');  // the answer being typed
  std::string answer_error;   // why the last typed answer was not read ("" none)
  bool focus_answer = false;  // give the answer field the keyboard next frame
};

// The step-through lab (tab 1): the learner's batch, its trace (recomputed when the input changes), the step.
struct StepLab {
  LabInput input;
  CellEdit edit;
  bn::Trace trace;           // valid when trace_error is empty
  std::string trace_error;   // why the trace could not be built (e.g. batch of 1 in train mode)
  bn::Mat dx_numeric;        // finite-difference dx beside the analytic one (when the input has dy)
  int step = 0;              // index into trace.steps of the step on screen
  StepView view;
  PracticeState practice;
  // The lesson hides the value an open question asks for: steps from this index on show no values (-1: none).
  // Set by UpdateLessonHiding (state/learn.hpp) whenever the lesson or the batch changes.
  int hidden_from = -1;
};

// The guided lesson: the chapter on screen, answers and progress (kept with the Host's settings, "lesson").
struct LessonLab {
  bn::LessonSession session;
  bool started = false;    // a chapter's lab has been set up this visit (else the tab offers start / continue)
  bool has_saved = false;  // progress came from an earlier visit
  std::vector<std::vector<char>> answer_text;  // per question of the chapter on screen, being typed
  std::vector<std::string> answer_error;       // per question: why the last typed answer was not read
  // The step and image labs hold the chapter's batch (set when a chapter opens; a batch loaded from elsewhere, a
  // preset or a link, clears it): only then does the lesson hide values there. Cell edits keep it.
  bool owns_step = false, owns_image = false;
  bool phone_shows_lab = false;                // a narrow screen shows the chapter or its lab, one at a time
  std::string summary_notice;                  // "Copied" after the summary went to the clipboard
};

// Train versus inference: a stream of batches and the running statistics that follow them.
struct RunningLab {
  bn::StreamConfig config;
  bn::BatchStream stream{bn::StreamConfig{}};
  bool auto_run = false;
  float batches_per_second = 10.0f;
  double accum = 0.0;
  std::string error;  // why the settings were refused
};

// The training lab: copies of one network trained side by side, live.
struct TrainLab {
  std::vector<bn::ExperimentInfo> experiments;  // bn::Experiments(), made once
  int experiment = 0;                      // index into experiments
  bn::TrainConfig config;                  // the settings on screen
  std::vector<bn::NormKind> norms;         // which networks
  std::unique_ptr<bn::Trainer> trainer;    // built from config by ResetTraining
  std::string error;                       // why the settings were refused
  bool running = false;
  int log_every = 25;                      // steps between log rows (StepTraining's rule, state/advance.hpp)
  float max_steps_per_second = 300.0f;     // the speed slider: slow enough to watch by default
  double step_debt = 0.0;                  // steps owed to the speed slider
  double measured_sps = 0.0;               // steps per second, over the last second
  double sps_window_start = 0.0;
  long sps_window_steps = 0;
  // Bumped whenever the networks change (reset, new data, an imported network file, and every StepTraining call
  // that stepped: the Step button, train-steps, the frame): the pictures redraw even when the step number is
  // the same.
  int networks_version = 0;
  // The pictures (decision boundaries, loss landscape): drawn by the GPU (shaders/), their controls and reports.
  TrainGpuState gpu;
  // Sweeps (experiments 1 and 6): final loss per value, computed one value per frame.
  std::vector<double> sweep_values;
  std::vector<std::vector<float>> sweep_result;
  bool sweeping = false;
  int sweep_steps = 400;
  int histogram_run = 1;                   // experiment 2: which network's layers to histogram
};

void ResetTraining(struct AppState& app);  // rebuilds the networks from app.train.config

// Loads experiment k of train.experiments (its settings and networks), stops any sweep, resets training.
void SelectExperiment(struct AppState& app, int k);

// The Speed panel: the kernel benchmark, run in the learner's own browser one shape per frame.
struct SpeedLab {
  std::vector<bn::BenchResult> results;
  bool running = false;
  double seconds_per_variant = 0.06;  // short, so each frame stays under ~0.2 s
};

// The image-batch lab: one normalization variant over an N×C×H×W batch, step by step.
struct ImageLab {
  bn::ImageLabInput input = bn::DefaultImageLabInput();
  bn::NormTrace trace;       // valid when error is empty
  std::string error;         // why the variant cannot run on this batch (e.g. G does not divide C)
  int step = 0;              // index into trace.steps
  int sel[4] = {0, 0, 0, 0};  // the selected element (n, c, h, w), 0-based
  std::vector<char> edit_text = std::vector<char>(64, '\0');  // the selected element's value, being typed
  int edit_for = -1;         // flat index edit_text was filled for (refilled when the selection moves)
  std::string edit_error;    // why the last typed value was refused (the old value stays)
  int hidden_from = -1;      // the lesson hides the values of steps from this index on (-1: none)
};

// Rebuilds the image lab's trace; keeps its step and selection in range; marks the hash dirty.
void RecomputeImage(struct AppState& app);

struct UiState {
  std::string language_pending;        // a chosen language whose catalog the page is fetching (state/language.cpp)
  bool language_pending_save = false;  // remember it once it is here (a choice; a start's language is not saved)
  bool embed = false;       // ?embed=1: just the lab on screen, no menu bar or tabs (a lab in a slide)
  bool text_mode = false;   // web: no GL at all, the page's text version is the lab (no WebGL2, or ?text=1)
  float dpi_scale = 1.0f;   // device pixel ratio (web) or content scale (desktop)
  float ui_scale = 1.0f;    // the learner's zoom setting, 0.75–2
  bool dark_theme = true;
  bool high_contrast = false;  // the high-contrast theme (black, white, yellow), over dark_theme when on
  // The ImGui id of a control that takes every finger drag, set by the UI each frame (the map one draws points
  // on): a swipe there draws instead of scrolling the panel (app/touch_web.cpp). 0: none on screen.
  unsigned drag_surface = 0;
  bool touch_ui = false;       // a touch screen is the main pointer: controls at least 44 CSS px tall
  bool reduce_motion = false;  // the page prefers reduced motion: no fling after a swipe, no blinking caret
  bool tooltip_shown = false;  // a tooltip (the (?) help, a hover text) was drawn last frame
  bool show_help = false;   // the keyboard help window (F1 or ?)
  std::optional<Lab> nav_tab;     // the lab shown last frame with keyboard navigation on (none: it was off)
  std::string nav_focus_request;  // id of the control to put the focus frame on when it is drawn ("" none)
  bool keyboard_nav = false; // K: arrows/Space/Enter move between and press controls instead of stepping
  std::string nav_item;      // id (as in item_rects) of the tracked control with the keyboard focus this frame
  bool show_export = false; // the export window: export_text in a read-only box, to copy by hand too
  bool show_import = false; // the import window: paste bntrace-style JSON to load a batch
  // The code view (ui/code_panel.cpp) under the step lab's step and in the image lab: open, and its tab
  // (CodeLang: 0 NumPy, 1 PyTorch, 2 the batch); code_lang_changed: a command picked the tab (selected next frame).
  bool code_open = false;
  int code_lang = 0;
  bool code_lang_changed = false;
  std::vector<char> import_text = std::vector<char>(65536, '\0');  // its text box (ImGui edits a char buffer)
  std::string import_error;
  std::string export_title, export_text;
  int preset_seed = 1;      // varies the "Random" preset
  std::vector<bn::LabPreset> presets;  // bn::LabPresets(preset_seed), remade when the seed changes
  int presets_seed = -1;    // the seed `presets` was made with
  Lab tab = Lab::Step;      // the lab on screen
  std::optional<Lab> tab_request;  // a tab to switch to next frame (keys 1–5, links, commands)
  std::string notice;       // a one-line message (link copied, bad link ...) and when it was shown
  bool notice_is_error = false;
  double notice_time = -1e9;
  std::string start_hint;   // a first visit without a link: one line on where to start ("" once the learner moves)
};

// Where an editable item was drawn last frame (canvas pixels), so browser tests can click it like a user.
struct ItemRect {
  std::string id;  // "x:i:j" (0-based), "eps"
  float x, y, w, h;
};

// What the platform does for the panels and commands. app/ fills it in at start; until then (and in unit
// tests) every call is a safe no-op: no clipboard, a relative link, settings not kept.
struct Host {
  bool (*copy_to_clipboard)(const std::string& text) = nullptr;
  std::string (*link_with_hash)(const std::string& hash) = nullptr;
  void (*save_setting)(const std::string& key, const std::string& value) = nullptr;

  // Returns false if the platform refused (the UI then shows the text to copy by hand).
  bool CopyToClipboard(const std::string& text) const { return copy_to_clipboard && copy_to_clipboard(text); }
  std::string LinkWithHash(const std::string& hash) const {
    return link_with_hash ? link_with_hash(hash) : "index.html#" + hash;
  }
  void SaveSetting(const std::string& key, const std::string& value) const {
    if (save_setting) save_setting(key, value);
  }
  // Files the lab saves (networks, sheets, pictures, CSV): web a download, desktop a file in ~/Downloads (or the
  // working folder). Returns where it went ("" when it could not be saved).
  std::string (*save_file)(const std::string& name, const std::string& mime, const std::string& bytes) = nullptr;
  // Asks for a file to open (web: the browser's file picker; its text comes back as a command). Desktop: none.
  void (*open_file)(const std::string& kind) = nullptr;
  // Web: reloads the page in text mode (?text=1: no drawing, the text version is the lab). Desktop: none.
  void (*switch_to_text_mode)() = nullptr;
  // A language's catalog, which the page fetches when the language is first chosen (state/language.cpp): on its way,
  // here (*bytes: the file, bn::CatalogFromFetched's layout) or failed (*bytes: why). Desktop: none (it embeds every
  // catalog, so it never asks).
  enum CatalogFetch { kCatalogLoading, kCatalogReady, kCatalogFailed };
  int (*fetch_catalog)(const std::string& tag, std::string* bytes) = nullptr;
  int FetchCatalog(const std::string& tag, std::string* bytes) const {
    if (fetch_catalog) return fetch_catalog(tag, bytes);
    *bytes = "this program cannot fetch texts";
    return kCatalogFailed;
  }
  std::string SaveFile(const std::string& name, const std::string& mime, const std::string& bytes) const {
    return save_file ? save_file(name, mime, bytes) : std::string();
  }
  bool CanOpenFile() const { return open_file != nullptr; }
  void OpenFile(const std::string& kind) const {
    if (open_file) open_file(kind);
  }
};

struct AppState {
  StepLab step_lab;
  LessonLab lesson;
  RunningLab running_lab;
  TrainLab train;
  TeachState teach;          // own data, network files, practice sheets, saved pictures (state/teach.hpp)
  SpeedLab speed;
  ImageLab image;
  UiState ui;
  double time = 0.0;         // seconds since start (ImGui time)
  int frame_count = 0;
  bool hash_dirty = false;   // the URL hash should be rewritten from the state
  std::vector<ItemRect> item_rects;  // refilled every frame
  int revision = 0;                  // raised when anything the page's text version shows changes (mirror.hpp)
  uint64_t revision_fingerprint = 0;
  Host host;
};

// The lab on screen, counting a tab asked for (a key, a link, a command) that shows from the next frame on.
inline Lab ShownLab(const AppState& app) { return app.ui.tab_request ? *app.ui.tab_request : app.ui.tab; }

// Rebuilds the trace from the input; keeps `step` and the selected cell in range; marks the hash
// dirty. Call after every edit.
void Recompute(AppState& app);

// Replaces the whole input (preset, link, import) and recomputes.
void SetInput(AppState& app, const LabInput& input);

// Loads a batch from bntrace-style JSON (x, gamma, beta, eps, mode, momentum, running_mean, running_var, dy).
// All or nothing: on any problem keeps the state and puts the reason in ui.import_error. Returns success.
bool ImportJson(AppState& app, const std::string& text);

// Shows a one-line notice (errors in red) for a few seconds.
void Notify(AppState& app, const std::string& text, bool is_error);

// Play / pause the step lab (Space, the Play button); playing again from the last step starts over.
void TogglePlay(StepLab& lab);

// Resizing the dense batch (1–16 samples × 1–8 features; the buttons are disabled at the limits). A new
// sample copies the last one (so it adds no spread until edited), its dy row is 1; a new feature is 1, 2, 3 ...
// down the batch with γ = 1, β = 0, running μ = 0, σ² = 1, dy = 1. Each ends any edit and recomputes.
void AddSample(AppState& app);
void RemoveSample(AppState& app);
void AddFeature(AppState& app);
void RemoveFeature(AppState& app);

}  // namespace bnlab
