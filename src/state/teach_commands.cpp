// teach_commands.cpp: the teacher's commands for practice sheets and files (rows of the command table in
// state/commands.cpp; the own-data and network-file commands are the training lab's, state/train_commands.cpp).
#include "state/teach_commands.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"
#include "core/learn/practice_sheet.hpp"
#include "state/commands.hpp"
#include "state/teach.hpp"

namespace bnlab {
bool SheetCommand(AppState& app, const std::string& arg, std::string* error) {
  // "K,SEED,N,D,DIFFICULTY"
  const size_t last = arg.rfind(',');
  double v[4];
  bn::PracticeConfig c = app.teach.share.sheet;
  if (last == std::string::npos || !ParseNumbers(arg.substr(0, last), 4, v) ||
      !bn::ParsePracticeDifficulty(arg.substr(last + 1), &c.difficulty))
    return *error = bn::Tr("msg.sheet.format"), false;
  // Range-checked before the casts (a double past int's range cast to int is undefined).
  for (int q = 0; q < 4; ++q)
    if (!(v[q] >= 0 && v[q] <= 2147483647.0) || v[q] != std::floor(v[q]))
      return *error = bn::Tr("msg.sheet.whole_numbers"), false;
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

bool SaveCommand(AppState& app, const std::string& arg, std::string* error) {
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
    else return *error = bn::Tr("msg.save.practice_formats"), false;
    SavePracticeSheet(app, key, f);
  } else {
    return *error = bn::Tr("msg.save.what"), false;
  }
  return true;
}

bool NoticeCommand(AppState& app, const std::string& arg, std::string*) {
  Notify(app, arg, true);
  return true;
}

}  // namespace bnlab
