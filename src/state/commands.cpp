// commands.cpp: the command table and RunCommand.
//
//   ParseInts, ImageCommand   the image lab's settings, checked through its link reader
//   handlers                  one small function per command
//   Commands                  the table (every name, argument and help in one place)
//   CommandList, CommandHelp, RunCommand
#include "state/commands.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"
#include "core/io/json.hpp"
#include "core/lab/image_link.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_input.hpp"
#include "state/code_share.hpp"
#include "state/labs.hpp"
#include "state/language.hpp"
#include "state/learn.hpp"
#include "state/teach_commands.hpp"
#include "state/torch_share.hpp"
#include "state/train_commands.hpp"

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
    if (!ParseInts(value, 4, v)) return *error = bn::Tr("msg.image.sel_format"), false;
    for (int q = 0; q < 4; ++q)
      if (v[q] < 0 || v[q] >= dims[q]) return *error = bn::Tr("msg.image.sel_outside"), false;
    std::copy(v, v + 4, lab.sel);
    lab.edit_for = -1;
    return true;
  }
  bn::ImageLabInput next = lab.input;
  int step = lab.step;
  if (key == "shape") {
    int v[4];
    if (!ParseInts(value, 4, v)) return *error = bn::Tr("msg.image.shape_format"), false;
    for (int q = 0; q < 4; ++q)
      if (v[q] < 1 || v[q] > bn::kImageMaxDim)
        return *error = bn::Tr("msg.image.shape_range", {{"max", std::to_string(bn::kImageMaxDim)}}), false;
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
    *error = bn::Tr("msg.image.unknown_command", {{"name", bn::Quote(key)}});
    return false;
  }
  lab.input = next;
  lab.step = step;
  RecomputeImage(app);
  return true;
}

// The step of the lab on screen (a tab asked for already counts) and its last index.
int& ShownStep(AppState& app, int* last) {
  const Lab shown = ShownLab(app);
  const bool image = shown == Lab::Image || (shown == Lab::Lesson && LessonShowsImage(app));
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
// The tab-* rows: one per row of the table of labs (state/labs.cpp), its command and help, in Lab order.
template <size_t... k>
std::vector<Command> TabCommands(std::index_sequence<k...>) {
  return {Command{Labs()[k].command, "", Labs()[k].command_help, ShowTab<static_cast<Lab>(k)>}...};
}
bool UiScale(AppState& app, const std::string& arg, std::string* error) {  // as the View menu's slider
  int percent = 0;
  if (!ParseInts(arg, 1, &percent) || percent < 75 || percent > 200)
    return *error = bn::Tr("msg.ui_scale.range"), false;
  app.ui.ui_scale = static_cast<float>(percent) / 100.0f;
  app.host.SaveSetting("ui_scale", std::to_string(percent));
  return true;
}
bool Theme(AppState& app, const std::string& arg, std::string* error) {  // as the View menu: remembered
  if (arg != "dark" && arg != "light" && arg != "contrast") return *error = bn::Tr("msg.theme.values"), false;
  app.ui.high_contrast = arg == "contrast";
  if (arg != "contrast") app.ui.dark_theme = arg == "dark";
  app.host.SaveSetting("theme", arg);
  return true;
}
bool Lang(AppState& app, const std::string& arg, std::string* error) {  // as View → Language: remembered
  return ChooseLanguage(app, arg, error);
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
// cell:i,j=v: the step lab's x(i, j) (0-based) becomes v, as a committed cell edit on the canvas (the text mode's
// table edits through it). A refusal changes nothing.
bool CellCommand(AppState& app, const std::string& arg, std::string* error) {
  const size_t eq = arg.find('=');
  int ij[2] = {-1, -1};
  if (eq == std::string::npos || !ParseInts(arg.substr(0, eq), 2, ij))
    return *error = bn::Tr("msg.cell.format"), false;
  LabInput& in = app.step_lab.input;
  if (ij[0] < 0 || ij[0] >= in.x.rows() || ij[1] < 0 || ij[1] >= in.x.cols())
    return *error = bn::Tr("msg.cell.no_cell", {{"i", std::to_string(ij[0])}, {"j", std::to_string(ij[1])},
                                                 {"rows", std::to_string(in.x.rows())},
                                                 {"cols", std::to_string(in.x.cols())}}),
           false;
  double v = 0.0;
  std::string why;
  if (!bn::ParseFloat32(arg.substr(eq + 1), &v, &why)) return *error = bn::Tr("msg.cell.value", {{"why", why}}), false;
  in.x(ij[0], ij[1]) = v;
  Recompute(app);
  return true;
}
template <const char* key>
bool ImageSetting(AppState& app, const std::string& arg, std::string* error) {
  return ImageCommand(app, std::string(key) + "=" + arg, error);
}
// Practice mode (the step lab) and the lesson.
bool PracticeOnCommand(AppState& app, const std::string&, std::string*) {
  PracticeOn(app, app.step_lab.practice.session.seed);
  return true;
}
bool PracticeSeedCommand(AppState& app, const std::string& arg, std::string* error) {
  int seed = 0;
  if (!ParseInts(arg, 1, &seed) || seed < 1 || seed > 1000)
    return *error = bn::Tr("msg.practice.seed_range"), false;
  PracticeOn(app, static_cast<uint32_t>(seed));
  return true;
}
bool PracticeOffCommand(AppState& app, const std::string&, std::string*) {
  PracticeOff(app);
  return true;
}
// The reply of answer: and practice:show: {"correct", "shown", "attempts", "truth" (when correct or shown)}.
bool AppendPracticeReply(const bn::PracticeReply& r, bn::Json* reply, std::string* error) {
  if (!r.ok) return *error = r.error, false;
  reply->append("correct", bn::Json::Bool(r.correct));
  reply->append("shown", bn::Json::Bool(r.shown));
  reply->append("attempts", bn::Json::Number(r.attempts));
  if (r.correct || r.shown) reply->append("truth", bn::Json::Number(r.truth, 9));
  return true;
}
bool AnswerCommand(AppState& app, const std::string& arg, bn::Json* reply, std::string* error) {
  return AppendPracticeReply(PracticeAnswer(app, arg), reply, error);
}
bool PracticeShowCommand(AppState& app, const std::string&, bn::Json* reply, std::string* error) {
  return AppendPracticeReply(PracticeReveal(app), reply, error);
}
bool LessonCommand(AppState& app, const std::string&, std::string*) {
  app.ui.tab_request = Lab::Lesson;
  return true;
}
bool LessonChapterCommand(AppState& app, const std::string& arg, std::string* error) {
  int chapter = 0;
  const int n = static_cast<int>(bn::LessonChapters().size());
  if (!ParseInts(arg, 1, &chapter) || chapter < 1 || chapter > n)
    return *error = bn::Tr("msg.lesson.chapter_range", {{"n", std::to_string(n)}}), false;
  OpenLessonChapter(app, chapter - 1);
  app.ui.tab_request = Lab::Lesson;
  return true;
}
bool LessonNextCommand(AppState& app, const std::string&, std::string*) {
  OpenLessonChapter(app, app.lesson.session.progress.chapter + (app.lesson.started ? 1 : 0));
  app.ui.tab_request = Lab::Lesson;
  return true;
}
bool LessonPrevCommand(AppState& app, const std::string&, std::string*) {
  OpenLessonChapter(app, app.lesson.session.progress.chapter - 1);
  app.ui.tab_request = Lab::Lesson;
  return true;
}
// The reply of lesson:answer and lesson:reveal: {"correct", "shown", "attempts"}.
bool AppendLessonReply(const bn::LessonReply& r, bn::Json* reply, std::string* error) {
  if (!r.ok) return *error = r.error, false;
  reply->append("correct", bn::Json::Bool(r.correct));
  reply->append("shown", bn::Json::Bool(r.shown));
  reply->append("attempts", bn::Json::Number(r.attempts));
  return true;
}
// lesson:answer=Q:TEXT, Q from 1 (the checkpoint's item Q while it is open).
bool LessonAnswerCommand(AppState& app, const std::string& arg, bn::Json* reply, std::string* error) {
  const size_t colon = arg.find(':');
  int q = 0;
  if (colon == std::string::npos || !ParseInts(arg.substr(0, colon), 1, &q))
    return *error = bn::Tr("msg.lesson.answer_format"), false;
  // Refused before anything changes: a question number the chapter (or checkpoint) does not have.
  const bn::Checkpoint& cp = app.lesson.session.checkpoint;
  const size_t count = cp.on ? cp.items.size() : CurrentChapter(app).questions.size();
  if (q < 1 || q > static_cast<int>(count)) {
    const std::string n = std::to_string(count);
    return *error = cp.on ? bn::Tr("msg.lesson.checkpoint_questions", {{"n", n}})
                          : bn::Tr("msg.lesson.chapter_questions",
                                   {{"chapter", std::to_string(app.lesson.session.progress.chapter + 1)}, {"n", n}}),
           false;
  }
  if (!app.lesson.started) {
    // The first answer opens the chapter (its lab and batch): tried on a copy of the session first, so that a
    // refused answer leaves everything as it was.
    bn::LessonSession probe = app.lesson.session;
    bn::OpenChapter(&probe, probe.progress.chapter);
    const bn::LessonReply r = bn::AnswerLesson(&probe, q - 1, arg.substr(colon + 1));
    if (!r.ok) return *error = r.error, false;
    OpenLessonChapter(app, app.lesson.session.progress.chapter);
  }
  return AppendLessonReply(LessonAnswer(app, q - 1, arg.substr(colon + 1)), reply, error);
}
// lesson:reveal=Q: Show answer for question Q of the chapter on screen.
bool LessonRevealCommand(AppState& app, const std::string& arg, bn::Json* reply, std::string* error) {
  int q = 0;
  if (!ParseInts(arg, 1, &q)) return *error = bn::Tr("msg.lesson.reveal_format"), false;
  if (!app.lesson.started) return *error = bn::Tr("msg.lesson.no_chapter"), false;
  return AppendLessonReply(LessonReveal(app, q - 1), reply, error);
}
bool LessonResetCommand(AppState& app, const std::string&, std::string*) {
  ResetLessonProgress(app);
  return true;
}
bool LessonCheckpointCommand(AppState& app, const std::string& arg, std::string* error) {
  int seed = 0;
  if (!ParseInts(arg, 1, &seed) || seed < 1 || seed > 1000000)
    return *error = bn::Tr("msg.lesson.checkpoint_range"), false;
  OpenLessonCheckpoint(app, static_cast<uint32_t>(seed));
  app.ui.tab_request = Lab::Lesson;
  return true;
}
// code:numpy|pytorch|batch opens the code view on that tab; code:off closes it.
bool CodeViewCommand(AppState& app, const std::string& arg, std::string* error) {
  if (arg == "off") return app.ui.code_open = false, true;
  const int lang = arg == "numpy" ? 0 : arg == "pytorch" ? 1 : arg == "batch" ? 2 : -1;
  if (lang < 0) return *error = bn::Tr("msg.code.values"), false;
  app.ui.code_open = true;
  app.ui.code_lang = lang;
  app.ui.code_lang_changed = true;
  return true;
}
// share-notebook / share-image-notebook: the Jupyter notebook through Host::SaveFile; the reply names the file.
bool ShareNotebookCommand(AppState& app, const std::string&, bn::Json* reply, std::string* error) {
  std::string file;
  if (!ShareStepNotebook(app, &file, error)) return false;
  reply->append("file", bn::Json::String(file));
  return true;
}
bool ShareImageNotebookCommand(AppState& app, const std::string&, bn::Json* reply, std::string* error) {
  std::string file;
  if (!ShareImageNotebook(app, &file, error)) return false;
  reply->append("file", bn::Json::String(file));
  return true;
}
// lesson:summary: the learner's summary to the clipboard; the reply carries it as "summary".
bool LessonSummaryCommand(AppState& app, const std::string&, bn::Json* reply, std::string*) {
  reply->append("summary", bn::Json::String(CopyLessonSummary(app)));
  return true;
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
      {"practice:on", "", "practice mode in the step lab: a new round from step 1 (the link's practice=S)",
       PracticeOnCommand},
      {"practice:off", "", "end practice mode", PracticeOffCommand},
      {"practice:seed=", "S", "practice mode with the questions drawn from seed S (1 to 1000)", PracticeSeedCommand},
      {"practice:show", "", "show the answer to the practice question (counted as shown) and move on", nullptr,
       PracticeShowCommand},
      {"answer:", "X", "answer the practice question with the number X; the reply says whether it is correct",
       nullptr, AnswerCommand},
      {"lesson:chapter=", "N", "open lesson chapter N (from 1) and set up its lab", LessonChapterCommand},
      {"lesson:next", "", "the next lesson chapter", LessonNextCommand},
      {"lesson:prev", "", "the previous lesson chapter", LessonPrevCommand},
      {"lesson:answer=", "Q:X", "answer question Q (from 1) of the chapter on screen: a number or a letter a, b, c",
       nullptr, LessonAnswerCommand},
      {"lesson:reveal=", "Q", "Show answer: question Q (from 1) of the chapter on screen, with its working", nullptr,
       LessonRevealCommand},
      {"lesson:checkpoint=", "S", "the checkpoint: questions from every chapter drawn by seed S (1 to 1000000)",
       LessonCheckpointCommand},
      {"lesson:reset", "", "start the lesson over: every answer and prediction forgotten (the saved progress too)",
       LessonResetCommand},
      {"lesson:summary", "", "copy the learner's summary (chapters done, first tries, what to revisit)", nullptr,
       LessonSummaryCommand},
      {"lesson", "", "show the lesson tab, where the learner left off", LessonCommand},
      {"ui-scale:", "P", "UI scale in percent, 75 to 200 (remembered, as the View menu's slider)", UiScale},
      {"theme:", "dark|light|contrast", "the look (remembered, as the View menu): dark, light or high contrast", Theme},
      {"lang:", "TAG", "the language of every text (remembered, as View → Language): en, es, pt-BR or zh-Hans", Lang},
      {"keyboard-nav", "", "keyboard navigation of the controls on/off (as the K key)", KeyboardNav},
      {"import-open", "", "open the import window", ImportOpen},
      {"speed-run", "", "run the benchmark (one shape per frame)", SpeedRun},
      {"cell:", "i,j=v", "the step lab's cell x(i, j), from 0, becomes v (as a cell edit)", CellCommand},
      // Lab 3, training (handlers: state/train_commands.cpp; the numbers' ranges: core/train/train_settings.hpp)
      {"train-start", "", "start training", TrainStartCommand},
      {"train-pause", "", "pause training", TrainPauseCommand},
      {"train-steps:", "N", "train N steps at once (logging as the lab does)", TrainStepsCommand},
      {"train-reset", "", "new networks from the settings on screen", TrainResetCommand},
      {"train-max-speed", "", "set the max steps/s slider to its top, 50000", TrainMaxSpeedCommand},
      {"experiment:", "NAME", "load a training experiment by its short name (as bntrain --experiment)",
       ExperimentCommand},
      {"train-data:", "NAME", "training lab's data: own (your points), spirals, moons, circles, xor or blobs (new networks)",
       TrainDataCommand},
      {"train-set:", "KEY=V", "a training setting as the link writes it: noise, count, test, seed, depth, width, batch, "
                              "lr, momentum or init (new networks)", TrainSetCommand},
      {"train-count:", "N", "points in the training lab's data set, train and test (as train-set:count=N)",
       TrainCountCommand},
      {"train-csv:", "TEXT", "load your points from CSV text (x,y,label lines), as Paste / import CSV", TrainCsvCommand},
      {"train-point:", "X,Y,C", "add one point of class C (0 or 1) to your points, as a click in Draw mode",
       TrainPointCommand},
      {"train-undo", "", "remove the last click or drag of points (Undo)", TrainUndoCommand},
      {"train-clear", "", "remove all your points (Clear)", TrainClearCommand},
      {"train-networks:", "JSON", "open a network file's text (as Share > Export / import networks)",
       TrainNetworksCommand},
      {"train-view:", "VIEW", "the training lab's pictures: boundaries or landscape", TrainViewCommand},
      {"landscape:", "K=V", "loss landscape: range=R, seed=S, log=0|1, stats=batch|running, live=0|1, res=N (pixels a side)",
       LandscapeCommand},
      {"gpu:break", "", "make the GPU views' shaders fail to compile (to see the CPU fallback)", GpuBreakCommand},
      {"gpu:fix", "", "build the GPU views' shaders again", GpuFixCommand},
      {"gpu:readback:", "WHAT", "read the GPU's boundary or landscape back and compare with the CPU (state: train.gpu.readback)",
       GpuReadbackCommand},
      {"share-torch-script", "", "save the training lab's run as a PyTorch script (.py); the reply's file is its name",
       nullptr, ShareTorchScriptCommand},
      {"image:norm=", "NAME", "image lab: the normalization (batch, layer, instance, group, ghost, renorm)",
       ImageSetting<kNorm>},
      {"image:groups=", "G", "image lab: GroupNorm's number of groups", ImageSetting<kGroups>},
      {"image:ghost=", "B", "image lab: Ghost BN's ghost batch size", ImageSetting<kGhost>},
      {"image:shape=", "N,C,H,W", "image lab: a new batch of this shape, each 1 to 8", ImageSetting<kShape>},
      {"image:back=", "0|1", "image lab: the backward pass off/on", ImageSetting<kBack>},
      {"image:sel=", "n,c,h,w", "image lab: select an element (0-based)", ImageSetting<kSel>},
      {"image:seed=", "S", "image lab: the random batch's seed", ImageSetting<kSeed>},
      {"code:", "numpy|pytorch|batch|off", "the code view of the step (and image) lab: open on that tab, or close it",
       CodeViewCommand},
      {"share-notebook", "", "save the step lab's batch as a Jupyter notebook (NumPy, PyTorch, checks); reply: file",
       nullptr, ShareNotebookCommand},
      {"share-image-notebook", "", "save the image lab's batch as a Jupyter notebook; reply: file", nullptr,
       ShareImageNotebookCommand},
      // The teacher's practice sheets and files (handlers: state/teach_commands.cpp)
      {"sheet:", "K,SEED,N,D,DIFF", "practice-sheet settings (DIFF: integers, decimals, outlier, constant)", SheetCommand},
      {"save:", "WHAT", "save a file: networks, points-csv, curves-csv, maps-png, curves-png, practice-sheet-html|tex|md, "
                        "practice-key-html|tex|md", SaveCommand},
      {"notice:", "TEXT", "show a one-line message (the page's file opener uses it)", NoticeCommand},
    };
    const std::vector<Command> tabs = TabCommands(std::make_index_sequence<kTabCount>());  // after "pause"
    t.insert(std::find_if(t.begin(), t.end(), [](const Command& c) { return std::string(c.name) == "pause"; }) + 1,
             tabs.begin(), tabs.end());
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
  const bool image = ShownLab(app) == Lab::Image || (ShownLab(app) == Lab::Lesson && LessonShowsImage(app));
  std::string error;
  bool known = false, ok = false;
  bn::Json extra = bn::Json::Object();
  for (const Command& c : Commands()) {
    const std::string name = c.name;
    const bool has_arg = *c.arg != '\0';
    if (has_arg ? command.compare(0, name.size(), name) == 0 : command == name) {
      known = true;
      const std::string arg = has_arg ? command.substr(name.size()) : std::string();
      ok = c.reply ? c.reply(app, arg, &extra, &error) : c.run(app, arg, &error);
      break;
    }
  }
  if (!known && command.compare(0, 6, "image:") == 0) {  // an image key the table does not have: say which
    known = true;
    ok = ImageCommand(app, command.substr(6), &error);
  }
  if (!known) error = bn::Tr("msg.command.unknown", {{"command", bn::Quote(command)}, {"list", CommandList()}});
  bn::Json reply = bn::Json::Object();
  reply.append("ok", bn::Json::Bool(ok));
  if (!ok) {
    // Every refusal says why, on one line (a safety net: the parsers quote values with bn::Quote).
    if (error.empty()) error = bn::Tr("msg.command.refused", {{"command", bn::Quote(command)}});
    reply.append("error", bn::Json::String(bn::OneLine(error)));
    return reply.Dump();
  }
  app.hash_dirty = true;
  reply.append("step", bn::Json::Number(image ? app.image.step : app.step_lab.step));
  for (const auto& member : extra.members()) reply.append(member.first, member.second);
  return reply.Dump();
}

bool ParseNumbers(const std::string& text, int count, double* out) {
  size_t start = 0;
  for (int q = 0; q < count; ++q) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    char* end = nullptr;
    out[q] = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0') return false;
    if ((q + 1 < count) != (comma != std::string::npos)) return false;
    start = comma + 1;
  }
  return true;
}

}  // namespace bnlab
