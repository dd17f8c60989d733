// commands.cpp: the command table and RunCommand.
//
//   ParseInts, ImageCommand   the image lab's settings, checked through its link reader
//   handlers                  one small function per command
//   Commands                  the table (every name, argument and help in one place)
//   CommandList, CommandHelp, RunCommand
#include "state/commands.hpp"

#include "state/teach_commands.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/io/json.hpp"
#include "core/lab/image_lab.hpp"
#include "core/lab/lab_hash.hpp"

namespace bnlab {
namespace {

// Reads "a,b,c,d" (count whole numbers) into out.
bool ParseInts(const std::string& text, int count, int* out) {
  size_t start = 0;
  for (int q = 0; q < count; ++q) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str() + start, &end, 10);
    const size_t stop = static_cast<size_t>(end - text.c_str());
    if (stop == start || stop > text.size()) return false;
    out[q] = static_cast<int>(std::max(-1L, std::min(v, 1000L)));
    if (q + 1 < count) {
      if (stop >= text.size() || text[stop] != ',') return false;
      start = stop + 1;
    } else if (stop != text.size()) {
      return false;
    }
  }
  return true;
}

// The image lab's commands (for tests and the desktop's --command): "norm=NAME", "groups=G", "ghost=B",
// "shape=N,C,H,W", "back=0|1", "sel=n,c,h,w", "seed=S". Settings go through the hash reader, so they are
// checked exactly as a link would be.
bool ImageCommand(AppState& app, const std::string& cmd, std::string* error) {
  ImageLab& lab = app.image;
  const size_t eq = cmd.find('=');
  const std::string key = cmd.substr(0, eq), value = eq == std::string::npos ? "" : cmd.substr(eq + 1);
  if (key == "sel") {
    int v[4];
    const int dims[4] = {lab.input.n, lab.input.c, lab.input.h, lab.input.w};
    if (!ParseInts(value, 4, v)) return *error = "sel needs n,c,h,w", false;
    for (int q = 0; q < 4; ++q)
      if (v[q] < 0 || v[q] >= dims[q]) return *error = "sel is outside the batch", false;
    std::copy(v, v + 4, lab.sel);
    lab.edit_for = -1;
    return true;
  }
  bn::ImageLabInput next = lab.input;
  int step = lab.step;
  if (key == "shape") {
    int v[4];
    if (!ParseInts(value, 4, v)) return *error = "shape needs N,C,H,W", false;
    for (int q = 0; q < 4; ++q)
      if (v[q] < 1 || v[q] > bn::kImageMaxDim) return *error = "each of N, C, H, W must be 1 to 8", false;
    bn::ResizeImageLab(&next, v[0], v[1], v[2], v[3]);
  } else if (key == "norm" || key == "groups" || key == "ghost" || key == "back" || key == "seed") {
    // Through the hash reader: the current settings with this one key replaced.
    const std::string hash = bn::FormatImageHash(lab.input, lab.step);
    std::string rebuilt;
    size_t start = 0;
    while (start <= hash.size()) {
      const size_t amp = hash.find('&', start);
      const std::string item = hash.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (item.rfind(key + "=", 0) != 0 && item.rfind("groups=", 0) != 0 && item.rfind("ghost=", 0) != 0)
        rebuilt += (rebuilt.empty() ? "" : "&") + item;
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
    if (key != "groups") rebuilt += "&groups=" + std::to_string(next.params.groups);
    if (key != "ghost") rebuilt += "&ghost=" + std::to_string(next.params.ghost_batch);
    rebuilt += "&" + cmd;
    if (!bn::ApplyImageHash(rebuilt, &next, &step, error)) return false;
  } else {
    *error = "unknown image command '" + key + "'";
    return false;
  }
  lab.input = next;
  lab.step = step;
  RecomputeImage(app);
  return true;
}

// The step of the lab on screen (a tab asked for already counts) and its last index.
int& ShownStep(AppState& app, int* last) {
  const bool image = ShownLab(app) == Lab::Image;
  *last = static_cast<int>(image ? app.image.trace.steps.size() : app.step_lab.trace.steps.size()) - 1;
  return image ? app.image.step : app.step_lab.step;
}

bool Next(AppState& app, const std::string&, std::string*) {
  int last = 0;
  int& step = ShownStep(app, &last);
  if (step < last) ++step;
  return true;
}
bool Prev(AppState& app, const std::string&, std::string*) {
  int last = 0;
  int& step = ShownStep(app, &last);
  if (step > 0) --step;
  return true;
}
bool First(AppState& app, const std::string&, std::string*) {
  int last = 0;
  ShownStep(app, &last) = 0;
  return true;
}
bool Last(AppState& app, const std::string&, std::string*) {
  int last = 0;
  int& step = ShownStep(app, &last);
  step = last < 0 ? 0 : last;
  return true;
}
bool Play(AppState& app, const std::string&, std::string*) {
  app.step_lab.view.playing = true;
  return true;
}
bool Pause(AppState& app, const std::string&, std::string*) {
  app.step_lab.view.playing = false;
  return true;
}
template <Lab lab>
bool ShowTab(AppState& app, const std::string&, std::string*) {
  app.ui.tab_request = lab;
  return true;
}
bool UiScale(AppState& app, const std::string& arg, std::string* error) {  // as the View menu's slider
  int percent = 0;
  if (!ParseInts(arg, 1, &percent) || percent < 75 || percent > 200)
    return *error = "ui-scale takes a whole percentage from 75 to 200", false;
  app.ui.ui_scale = static_cast<float>(percent) / 100.0f;
  app.host.SaveSetting("ui_scale", std::to_string(percent));
  return true;
}
bool KeyboardNav(AppState& app, const std::string&, std::string*) {
  app.ui.keyboard_nav = !app.ui.keyboard_nav;
  return true;
}
bool ImportOpen(AppState& app, const std::string&, std::string*) {
  app.ui.show_import = true;
  return true;
}
bool SpeedRun(AppState& app, const std::string&, std::string*) {
  app.speed.results.clear();
  app.speed.running = true;
  return true;
}
bool TrainStart(AppState& app, const std::string&, std::string*) {
  app.train.running = true;
  return true;
}
bool TrainPause(AppState& app, const std::string&, std::string*) {
  app.train.running = false;
  return true;
}
bool TrainReset(AppState& app, const std::string&, std::string*) {
  ResetTraining(app);
  return true;
}
bool TrainMaxSpeed(AppState& app, const std::string&, std::string*) {
  app.train.max_steps_per_second = 50000.0f;
  return true;
}
bool SelectExperimentByName(AppState& app, const std::string& arg, std::string* error) {
  if (app.train.experiments.empty()) app.train.experiments = bn::Experiments();
  const std::vector<bn::ExperimentInfo>& list = app.train.experiments;
  for (size_t k = 0; k < list.size(); ++k)
    if (arg == bn::ExperimentName(list[k].experiment)) {
      SelectExperiment(app, static_cast<int>(k));
      return true;
    }
  return *error = "unknown experiment", false;
}
template <const char* key>
bool ImageSetting(AppState& app, const std::string& arg, std::string* error) {
  return ImageCommand(app, std::string(key) + "=" + arg, error);
}
constexpr char kNorm[] = "norm", kGroups[] = "groups", kGhost[] = "ghost", kShape[] = "shape", kBack[] = "back",
               kSel[] = "sel", kSeed[] = "seed";

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> table = [] {  // constant table, not state
    std::vector<Command> t = {
      {"next", "", "next step of the lab on screen (the image lab's on tab 5, else the step lab's)", Next},
      {"prev", "", "previous step", Prev},
      {"first", "", "first step", First},
      {"last", "", "last step", Last},
      {"play", "", "play the step lab's steps", Play},
      {"pause", "", "pause playing", Pause},
      {"tab-step", "", "show lab 1, step through BN", ShowTab<Lab::Step>},
      {"tab-running", "", "show lab 2, train vs inference", ShowTab<Lab::Running>},
      {"tab-train", "", "show lab 3, training", ShowTab<Lab::Training>},
      {"tab-speed", "", "show lab 4, speed", ShowTab<Lab::Speed>},
      {"tab-image", "", "show lab 5, images", ShowTab<Lab::Image>},
      {"ui-scale:", "P", "UI scale in percent, 75 to 200 (remembered, as the View menu's slider)", UiScale},
      {"keyboard-nav", "", "keyboard navigation of the controls on/off (as the K key)", KeyboardNav},
      {"import-open", "", "open the import window", ImportOpen},
      {"speed-run", "", "run the benchmark (one shape per frame)", SpeedRun},
      {"train-start", "", "start training", TrainStart},
      {"train-pause", "", "pause training", TrainPause},
      {"train-reset", "", "new networks from the settings on screen", TrainReset},
      {"train-max-speed", "", "set the max steps/s slider to its top, 50000", TrainMaxSpeed},
      {"experiment:", "NAME", "load a training experiment by its short name (as bntrain --experiment)",
       SelectExperimentByName},
      {"image:norm=", "NAME", "image lab: the normalization (batch, layer, instance, group, ghost, renorm)",
       ImageSetting<kNorm>},
      {"image:groups=", "G", "image lab: GroupNorm's number of groups", ImageSetting<kGroups>},
      {"image:ghost=", "B", "image lab: Ghost BN's ghost batch size", ImageSetting<kGhost>},
      {"image:shape=", "N,C,H,W", "image lab: a new batch of this shape, each 1 to 8", ImageSetting<kShape>},
      {"image:back=", "0|1", "image lab: the backward pass off/on", ImageSetting<kBack>},
      {"image:sel=", "n,c,h,w", "image lab: select an element (0-based)", ImageSetting<kSel>},
      {"image:seed=", "S", "image lab: the random batch's seed", ImageSetting<kSeed>},
    };
    AppendTeachCommands(&t);  // own data, networks, practice sheets, files (state/teach_commands.cpp)
    return t;
  }();
  return table;
}

std::string CommandList() {
  std::string list;
  for (const Command& c : Commands()) list += (list.empty() ? "" : ", ") + std::string(c.name) + c.arg;
  return list;
}

std::string CommandHelp() {
  std::string text;
  for (const Command& c : Commands()) {
    std::string usage = std::string(c.name) + c.arg;
    usage.resize(std::max<size_t>(usage.size() + 2, 24), ' ');
    text += "  " + usage + c.help + "\n";
  }
  return text;
}

std::string RunCommand(AppState& app, const std::string& command) {
  // The reply's step is that of the lab on screen before the command ran (tab-image shows the next frame).
  const bool image = ShownLab(app) == Lab::Image;
  std::string error;
  bool known = false, ok = false;
  for (const Command& c : Commands()) {
    const std::string name = c.name;
    const bool has_arg = *c.arg != '\0';
    if (has_arg ? command.compare(0, name.size(), name) == 0 : command == name) {
      known = true;
      ok = c.run(app, has_arg ? command.substr(name.size()) : std::string(), &error);
      break;
    }
  }
  if (!known && command.compare(0, 6, "image:") == 0) {  // an image key the table does not have: say which
    known = true;
    ok = ImageCommand(app, command.substr(6), &error);
  }
  if (!known) error = "unknown command '" + command + "' (known: " + CommandList() + ")";
  bn::Json reply = bn::Json::Object();
  reply.append("ok", bn::Json::Bool(ok));
  if (!ok) {
    reply.append("error", bn::Json::String(error));
    return reply.Dump();
  }
  app.hash_dirty = true;
  reply.append("step", bn::Json::Number(image ? app.image.step : app.step_lab.step));
  return reply.Dump();
}

}  // namespace bnlab
