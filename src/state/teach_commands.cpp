// teach_commands.cpp: the teacher's commands (rows of the command table in commands.cpp).
#include "state/teach_commands.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "core/base/message.hpp"
#include "core/learn/practice_sheet.hpp"
#include "core/train/datasets.hpp"
#include "core/train/own_data.hpp"
#include "state/teach.hpp"

namespace bnlab {
namespace {

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

bool TrainData(AppState& app, const std::string& arg, std::string* error) {
  if (arg == "own") {
    UseOwnData(app, true);
    return true;
  }
  bn::DatasetKind kind;
  if (!bn::ParseDatasetKind(arg, &kind))
    return *error = "unknown data set '" + bn::Quote(arg) + "' (own, spirals, moons, circles, xor, blobs)", false;
  app.train.config.data.kind = kind;
  app.teach.own.active = true;  // UseOwnData(false) resets only on a change
  UseOwnData(app, false);
  return true;
}

bool TrainCsv(AppState& app, const std::string& arg, std::string* error) {
  if (!ImportOwnCsv(app, arg)) return *error = app.teach.own.csv_error, false;
  return true;
}

bool TrainPoint(AppState& app, const std::string& arg, std::string* error) {
  double v[3];
  if (!ParseNumbers(arg, 3, v) || (v[2] != 0 && v[2] != 1)) return *error = "train-point needs x,y,class (class 0 or 1)", false;
  if (!(std::fabs(v[0]) <= bn::kOwnDataMaxAbs && std::fabs(v[1]) <= bn::kOwnDataMaxAbs))
    return *error = "train-point takes x and y from -1000000 to 1000000", false;
  if (!AddOwnPoint(app, v[0], v[1], static_cast<int>(v[2]), true)) return *error = app.ui.notice, false;
  EndOwnStroke(app);
  return true;
}

bool TrainUndo(AppState& app, const std::string&, std::string*) {
  UndoOwnStroke(app);
  return true;
}

bool TrainClear(AppState& app, const std::string&, std::string*) {
  ClearOwnData(app);
  return true;
}

bool TrainSteps(AppState& app, const std::string& arg, std::string* error) {
  double n = 0;
  if (!ParseNumbers(arg, 1, &n) || !(n >= 1 && n <= 100000) || n != std::floor(n))
    return *error = "train-steps needs a whole number from 1 to 100000", false;
  TrainLab& t = app.train;
  if (!t.trainer) return *error = "no networks to train: " + t.error, false;
  for (int k = 0; k < static_cast<int>(n); ++k) {
    t.trainer->Step(1);
    if (t.trainer->step() % t.log_every == 0) t.trainer->Log();
  }
  if (t.trainer->runs()[0].log.empty() || t.trainer->runs()[0].log.back().step != t.trainer->step()) t.trainer->Log();
  ++t.networks_version;
  return true;
}

bool TrainNetworks(AppState& app, const std::string& arg, std::string* error) {
  if (!ImportNetworks(app, arg)) return *error = app.teach.share.networks_error, false;
  return true;
}

bool SheetSettings(AppState& app, const std::string& arg, std::string* error) {
  // "K,SEED,N,D,DIFFICULTY"
  const size_t last = arg.rfind(',');
  double v[4];
  bn::PracticeConfig c = app.teach.share.sheet;
  if (last == std::string::npos || !ParseNumbers(arg.substr(0, last), 4, v) ||
      !bn::ParsePracticeDifficulty(arg.substr(last + 1), &c.difficulty))
    return *error = "practice needs K,SEED,N,D,DIFFICULTY (integers, decimals, outlier or constant)", false;
  // Range-checked before the casts (a double past int's range cast to int is undefined).
  for (int q = 0; q < 4; ++q)
    if (!(v[q] >= 0 && v[q] <= 2147483647.0) || v[q] != std::floor(v[q]))
      return *error = "practice needs K,SEED,N,D as whole numbers (SEED from 0 to 2147483647, as the sheet's seed field)", false;
  c.count = static_cast<int>(v[0]);
  c.seed = static_cast<uint64_t>(v[1]);
  c.samples = static_cast<int>(v[2]);
  c.features = static_cast<int>(v[3]);
  try {
    bn::ValidatePracticeConfig(c);
  } catch (const std::invalid_argument& e) {
    return *error = e.what(), false;
  }
  app.teach.share.sheet = c;
  app.teach.share.show_sheet = true;
  return true;
}

bool Save(AppState& app, const std::string& arg, std::string* error) {
  if (arg == "networks") SaveNetworks(app);
  else if (arg == "points-csv") SaveOwnCsv(app);
  else if (arg == "curves-csv") SaveCurvesCsv(app);
  else if (arg == "maps-png" || arg == "curves-png") {
    app.ui.tab_request = Lab::Training;
    RequestCapture(app, arg == "maps-png" ? "train_maps" : "train_curves",
                   arg == "maps-png" ? "bnlab-maps.png" : "bnlab-curves.png");
  } else if (arg.rfind("practice-sheet-", 0) == 0 || arg.rfind("practice-key-", 0) == 0) {
    const bool key = arg.rfind("practice-key-", 0) == 0;
    const std::string ext = arg.substr(key ? 13 : 15);
    bn::PracticeFormat f;
    if (ext == "html") f = bn::PracticeFormat::Html;
    else if (ext == "tex") f = bn::PracticeFormat::Latex;
    else if (ext == "md") f = bn::PracticeFormat::Markdown;
    else return *error = "practice files: practice-sheet-html|tex|md or practice-key-html|tex|md", false;
    SavePracticeSheet(app, key, f);
  } else {
    return *error = "save: networks, points-csv, curves-csv, maps-png, curves-png, practice-sheet-FMT, practice-key-FMT", false;
  }
  return true;
}

bool NoticeCmd(AppState& app, const std::string& arg, std::string*) {
  Notify(app, arg, true);
  return true;
}

}  // namespace

void AppendTeachCommands(std::vector<Command>* table) {
  table->insert(table->end(), {
      {"train-data:", "NAME", "training lab's data: own (your points), spirals, moons, circles, xor or blobs (new networks)", TrainData},
      {"train-csv:", "TEXT", "load your points from CSV text (x,y,label lines), as Paste / import CSV", TrainCsv},
      {"train-point:", "X,Y,C", "add one point of class C (0 or 1) to your points, as a click in Draw mode", TrainPoint},
      {"train-undo", "", "remove the last click or drag of points (Undo)", TrainUndo},
      {"train-clear", "", "remove all your points (Clear)", TrainClear},
      {"train-steps:", "N", "train N steps at once (logging as the lab does)", TrainSteps},
      {"train-networks:", "JSON", "open a network file's text (as Share > Export / import networks)", TrainNetworks},
      {"sheet:", "K,SEED,N,D,DIFF", "practice-sheet settings (DIFF: integers, decimals, outlier, constant)", SheetSettings},
      {"save:", "WHAT", "save a file: networks, points-csv, curves-csv, maps-png, curves-png, practice-sheet-html|tex|md, "
                        "practice-key-html|tex|md", Save},
      {"notice:", "TEXT", "show a one-line message (the page's file opener uses it)", NoticeCmd},
  });
}

}  // namespace bnlab
