// link.cpp: ApplyHash and FormatHash over the core's link formats (core/lab/lab_hash.hpp, image_link.hpp,
// train_link.hpp), and the labs' link readers that ApplyHash hands a link to (state/labs.cpp).
#include "state/link.hpp"

#include <algorithm>

#include "core/i18n/current.hpp"
#include "core/lab/image_link.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/train_link.hpp"
#include "state/labs.hpp"
#include "state/language.hpp"
#include "state/learn.hpp"

namespace bnlab {

void ApplyHash(AppState& app, const std::string& hash, bool too_long) {
  std::string error;
  bn::LinkPairs pairs;
  if (too_long) {
    error = bn::Tr("msg.link.too_long");
  } else if (hash.empty()) {
    return;
  } else if (bn::SplitHashPairs(hash, &pairs, &error)) {  // the one split; each reader gets the pairs
    // lang=TAG in any lab's link: the language, chosen as View → Language does; then the lab's own keys.
    const auto lang = std::find_if(pairs.begin(), pairs.end(), [](const auto& p) { return p.first == "lang"; });
    if (lang != pairs.end()) {
      std::string lang_error;
      if (!ChooseLanguage(app, lang->second, &lang_error)) Notify(app, lang_error, true);
      pairs.erase(lang);
      if (pairs.empty()) return;
    }
    if (LabForLink(pairs).read_link(app, pairs, &error)) return;
  }
  Notify(app, bn::Tr("msg.link.unreadable", {{"error", error}}), true);
  app.hash_dirty = true;  // replace the unreadable hash with the state on screen
}

bool ApplyStepLink(AppState& app, const bn::LinkPairs& pairs_in, std::string* error) {
  bn::LinkPairs pairs = pairs_in;
  LabInput next = app.step_lab.input;
  int step = app.step_lab.step;
  uint32_t seed = 0;
  bool practice = false;
  if (!TakePracticeKey(&pairs, &seed, &practice, error) || !bn::ApplyLabPairs(pairs, &next, &step, error)) return false;
  SetInput(app, next);
  app.step_lab.step = step;
  Recompute(app);  // clamps the step to this batch's steps
  if (practice && seed > 0) PracticeOn(app, seed);  // practice=S: a round from step 1, questions from seed S
  if (practice && seed == 0) PracticeOff(app);
  return true;
}

bool ApplyTrainLink(AppState& app, const bn::LinkPairs& pairs, std::string* error) {
  TrainLab& t = app.train;
  if (t.experiments.empty()) t.experiments = bn::Experiments();
  bn::TrainLink link{t.experiment, t.config, t.norms, app.teach.own.active, app.teach.own.points};
  if (!bn::ApplyTrainPairs(pairs, t.experiments, &link, error)) return false;
  t.experiment = link.experiment;
  t.config = link.config;
  t.norms = link.norms;
  if (t.norms.empty()) t.norms = t.experiments[t.experiment].norms;
  app.teach.own.active = link.own;
  if (link.points != app.teach.own.points) app.teach.own.strokes.clear();
  app.teach.own.points = link.points;
  UpdateOwnLinkFit(app);
  ResetTraining(app);
  app.ui.tab_request = Lab::Training;
  return true;
}

bool ApplyImageLink(AppState& app, const bn::LinkPairs& pairs, std::string* error) {
  bn::ImageLabInput next = app.image.input;
  int step = app.image.step;
  if (!bn::ApplyImagePairs(pairs, &next, &step, error)) return false;
  app.image.input = next;
  app.lesson.owns_image = false;
  app.image.step = step;
  RecomputeImage(app);  // clamps the step
  app.ui.tab_request = Lab::Image;
  return true;
}

std::string FormatHash(const AppState& app) {
  if (app.ui.tab == Lab::Lesson) return FormatLessonHash(app);
  if (app.ui.tab == Lab::Training && !app.train.experiments.empty()) {
    const TrainLab& t = app.train;
    const bn::TrainLink link{t.experiment, t.config, t.norms, app.teach.own.active, app.teach.own.points};
    bool left_out = false;
    return bn::FormatTrainHash(link, t.experiments, &left_out);
  }
  if (app.ui.tab == Lab::Image) return bn::FormatImageHash(app.image.input, app.image.step);
  const bn::PracticeSession& p = app.step_lab.practice.session;
  return bn::FormatLabHash(app.step_lab.input, app.step_lab.step) +
         (p.on ? "&practice=" + std::to_string(p.seed) : std::string());
}

}  // namespace bnlab
