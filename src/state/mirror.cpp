// mirror.cpp: the revision and the sentences of the page's text version (see mirror.hpp).
//
//   Fingerprint   FNV-1a over the numbers and texts the text version shows
//   Sentences     the step in words, the announcement, the refusal
//   MirrorJson
#include "state/mirror.hpp"

#include <cctype>

#include "core/i18n/current.hpp"
#include "core/bn/steps.hpp"
#include "core/lab/image_lab.hpp"
#include "state/labs.hpp"
#include "state/learn.hpp"

namespace bnlab {
namespace {

// ---------------------------------------------------------------------------------------------
// Fingerprint
// ---------------------------------------------------------------------------------------------
struct Fnv {
  uint64_t h = 1469598103934665603ull;
  void Bytes(const void* p, size_t n) {
    const unsigned char* b = static_cast<const unsigned char*>(p);
    for (size_t k = 0; k < n; ++k) h = (h ^ b[k]) * 1099511628211ull;
  }
  Fnv& operator<<(int v) { Bytes(&v, sizeof v); return *this; }
  Fnv& operator<<(bool v) { return *this << static_cast<int>(v); }
  Fnv& operator<<(double v) { Bytes(&v, sizeof v); return *this; }
  Fnv& operator<<(const std::string& s) {
    *this << static_cast<int>(s.size());
    Bytes(s.data(), s.size());
    return *this;
  }
  Fnv& operator<<(const bn::Mat& m) {
    *this << static_cast<int>(m.rows()) << static_cast<int>(m.cols());
    Bytes(m.data(), sizeof(double) * static_cast<size_t>(m.size()));
    return *this;
  }
  Fnv& operator<<(const bn::Row& r) {
    *this << static_cast<int>(r.size());
    Bytes(r.data(), sizeof(double) * static_cast<size_t>(r.size()));
    return *this;
  }
};

// ---------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------
// The sentences come from the catalogs (text.*, msg.*) in the current language, their numbers filled in.
//
// "Batch mean" → "batch mean" inside a sentence (a capital followed by a small letter only: "N", "ε" stay).
std::string InSentence(const std::string& title) {
  if (title.size() >= 2 && std::isupper(static_cast<unsigned char>(title[0])) &&
      std::islower(static_cast<unsigned char>(title[1]))) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(title[0]))) + title.substr(1);
  }
  return title;
}

// The canvas's refusal for the lab on screen, word for word (empty when nothing was refused).
std::string Refusal(const AppState& app) {
  const bool fresh = app.time - app.ui.notice_time < 8.0;  // as DrawNoticeLine
  if (!app.ui.import_error.empty() && app.ui.show_import) return app.ui.import_error;
  if (!app.step_lab.edit.error.empty())
    return bn::Tr("text.refused", {{"error", app.step_lab.edit.error}});  // as batch_panel.cpp
  const Lab lab = ShownLab(app);
  if (lab == Lab::Image && !app.image.edit_error.empty()) return app.image.edit_error;
  // The training lab's own data: a CSV that was refused (its window), too few points (said in amber, not refused).
  if (lab == Lab::Training && app.teach.own.show_csv && !app.teach.own.csv_error.empty()) return app.teach.own.csv_error;
  if (lab == Lab::Training && app.teach.own.active && !app.train.error.empty() && app.train.error == OwnDataProblem(app))
    return app.train.error;
  if (lab == Lab::Training && !app.train.error.empty()) return bn::Tr("text.refused", {{"error", app.train.error}});
  if (lab == Lab::Running && !app.running_lab.error.empty()) return app.running_lab.error;
  if (fresh && app.ui.notice_is_error) return app.ui.notice;
  return {};
}

}  // namespace

uint64_t MirrorFingerprint(const AppState& app) {
  Fnv f;
  const StepLab& lab = app.step_lab;
  const LabInput& in = lab.input;
  f << static_cast<int>(ShownLab(app)) << lab.step << lab.view.sel_row << lab.view.sel_col << lab.view.playing;
  f << in.x << in.gamma << in.beta << in.eps << static_cast<int>(in.mode) << in.has_dy;
  if (in.has_dy) f << in.dy;
  f << lab.trace_error << lab.edit.error << app.ui.import_error << app.ui.show_import << app.ui.notice
    << app.ui.notice_time;
  const ImageLab& im = app.image;
  f << im.input.n << im.input.c << im.input.h << im.input.w << static_cast<int>(im.input.params.variant)
    << im.input.params.groups << im.input.params.ghost_batch << im.input.backward << im.input.seed
    << static_cast<int>(im.input.edits.size()) << im.step << im.sel[0] << im.sel[1] << im.sel[2] << im.sel[3]
    << im.error << im.edit_error;
  f << static_cast<int>(app.running_lab.stream.steps_done()) << app.running_lab.error;
  f << app.train.running << app.train.error << app.train.experiment;
  f << app.teach.own.active << static_cast<int>(app.teach.own.points.size()) << app.teach.own.csv_error
    << app.teach.own.show_csv;
  if (app.train.trainer) {
    for (const auto& run : app.train.trainer->runs()) f << static_cast<int>(run.log.size()) << run.diverged_at;
  }
  f << app.speed.running << static_cast<int>(app.speed.results.size());
  f << app.ui.code_open << app.ui.code_lang;  // the code view, shown in the text version too
  f << bn::CurrentLanguage();  // every text of the text version changes with it
  // The lesson: the chapter or checkpoint, every answer's status, refusal, hint and feedback, what is hidden.
  const LessonLab& lesson = app.lesson;
  const bn::LessonSession& ls = lesson.session;
  f << lesson.started << ls.progress.chapter << ls.checkpoint.on << static_cast<int>(ls.checkpoint.seed)
    << ls.checkpoint.status << lab.hidden_from << im.hidden_from << lesson.summary_notice;
  for (const std::string& s : ls.progress.status) f << s;
  for (const std::string& s : ls.hints) f << s;
  for (const std::string& s : ls.feedback) f << s;
  for (const std::string& s : ls.checkpoint.feedback) f << s;
  for (const std::string& s : lesson.answer_error) f << s;
  return f.h;
}

void UpdateRevision(AppState& app) {
  const uint64_t fp = MirrorFingerprint(app);
  if (fp != app.revision_fingerprint) {
    app.revision_fingerprint = fp;
    ++app.revision;
  }
}

bn::Json MirrorJson(const AppState& app) {
  using bn::Json;
  auto str = [](const std::string& t) { return Json::String(t); };
  auto num = [](long long v) { return Json::Number(static_cast<double>(v)); };
  const Lab shown = ShownLab(app);
  std::string announce;
  Json out = Json::Object();
  // The step-through lab's step.
  const StepLab& lab = app.step_lab;
  const auto& steps = lab.trace.steps;
  Json step = Json::Object();
  if (lab.trace_error.empty() && lab.step < static_cast<int>(steps.size())) {
    const bn::TraceStep& s = steps[lab.step];
    const std::string numbers = StepNumbers(lab, lab.step);  // "?" where practice or the lesson hides the result
    step.append("index", num(lab.step));
    step.append("count", num(static_cast<long long>(steps.size())));
    step.append("key", str(s.key));
    step.append("title", str(bn::StepTitle(lab.trace, lab.step)));
    step.append("symbol", str(s.symbol));
    step.append("formula", str(s.formula));
    step.append("numbers", str(numbers));
    step.append("backward", Json::Bool(s.backward));
    step.append("sel", Json::Array({num(lab.view.sel_row), num(lab.view.sel_col)}));
    // e.g. "Step 2 of 13, batch mean: μ₁ = (1 + 2 + 3 + 6) / 4 = 3"
    if (shown == Lab::Step) {
      announce = bn::Tr("text.step", {{"n", std::to_string(lab.step + 1)}, {"count", std::to_string(steps.size())},
                                      {"title", InSentence(bn::StepTitle(lab.trace, lab.step))}, {"numbers", numbers}});
    }
  } else {
    step.append("count", num(0));
    if (shown == Lab::Step) announce = bn::Tr("msg.step.cannot_run", {{"error", lab.trace_error}});
  }
  out.append("step", std::move(step));
  // The image lab's step and its statistics groups.
  const ImageLab& im = app.image;
  if (im.error.empty() && im.step < static_cast<int>(im.trace.steps.size())) {
    const bn::NormStep& s = im.trace.steps[im.step];
    const std::string numbers = ImageNumbers(im, im.step);
    Json image = Json::Object();
    image.append("index", num(im.step));
    image.append("count", num(static_cast<long long>(im.trace.steps.size())));
    image.append("title", str(bn::ImageStepTitle(im.trace, im.step)));
    image.append("symbol", str(s.symbol));
    image.append("formula", str(s.formula));
    image.append("numbers", str(numbers));
    image.append("grouping", str(bn::NormGroupingText(im.trace.fwd.groups)));
    Json groups = Json::Array();
    for (int k = 0; k < im.trace.fwd.groups.count; ++k) groups.push(str(bn::NormGroupLabel(im.trace.fwd.groups, k)));
    image.append("groups", std::move(groups));
    out.append("image", std::move(image));
    if (shown == Lab::Image) {
      announce = bn::Tr("text.image_step", {{"n", std::to_string(im.step + 1)},
                                            {"count", std::to_string(im.trace.steps.size())},
                                            {"title", InSentence(bn::ImageStepTitle(im.trace, im.step))}, {"numbers", numbers}});
    }
  } else if (shown == Lab::Image) {
    announce = bn::Tr("text.image_cannot_run", {{"error", im.error}});
  }
  const LabInfo& info = LabOf(shown);  // e.g. "Lab 2 of 5: Train vs inference"
  if (shown == Lab::Running || shown == Lab::Training || shown == Lab::Speed)
    announce = bn::Tr("text.lab", {{"n", std::string(1, info.key)}, {"count", std::to_string(kLabCount)},
                                   {"name", LabName(info)}});
  if (shown == Lab::Lesson) {  // e.g. "Lesson, chapter 5 of 12: Where ε goes"
    const int k = app.lesson.session.progress.chapter;
    announce = bn::Tr("text.lesson_chapter", {{"n", std::to_string(k + 1)},
                                              {"count", std::to_string(bn::LessonChapters().size())},
                                              {"title", bn::LessonChapters()[k].title}});
  }
  out.append("lab", str(LabName(info)));
  out.append("announce", str(announce));
  out.append("refusal", str(Refusal(app)));
  return out;
}

}  // namespace bnlab
