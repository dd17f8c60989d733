// mirror.cpp: the revision and the sentences of the page's text version (see mirror.hpp).
//
//   Fingerprint   FNV-1a over the numbers and texts the text version shows
//   Sentences     the step in words, the announcement, the refusal
//   MirrorJson
#include "app/mirror.hpp"

#include <cctype>
#include <cstdio>
#include <cstring>

#include "core/lab/image_lab.hpp"

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
  if (!app.edit.error.empty()) return "Refused: " + app.edit.error;  // batch_panel.cpp
  if (app.ui.tab == 4 && !app.image.edit_error.empty()) return app.image.edit_error;
  if (app.ui.tab == 2 && !app.train.error.empty()) return "Refused: " + app.train.error;
  if (app.ui.tab == 1 && !app.running_lab.error.empty()) return app.running_lab.error;
  if (fresh && app.ui.notice_is_error) return app.ui.notice;
  return {};
}

const char* const kLabNames[] = {"Step through BN", "Train vs inference", "Why BN helps: training", "Speed",
                                 "Images: BN and its relatives"};

// One JSON string.
void Str(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

}  // namespace

uint64_t MirrorFingerprint(const AppState& app) {
  Fnv f;
  const LabInput& in = app.input;
  f << app.ui.tab << app.ui.tab_request << app.step << app.view.sel_row << app.view.sel_col << app.view.playing;
  f << in.x << in.gamma << in.beta << in.eps << static_cast<int>(in.mode) << in.has_dy;
  if (in.has_dy) f << in.dy;
  f << app.trace_error << app.edit.error << app.ui.import_error << app.ui.show_import << app.ui.notice
    << app.ui.notice_time;
  const ImageLab& im = app.image;
  f << im.input.n << im.input.c << im.input.h << im.input.w << static_cast<int>(im.input.params.variant)
    << im.input.params.groups << im.input.params.ghost_batch << im.input.backward << im.input.seed
    << static_cast<int>(im.input.edits.size()) << im.step << im.sel[0] << im.sel[1] << im.sel[2] << im.sel[3]
    << im.error << im.edit_error;
  f << static_cast<int>(app.running_lab.stream.steps_done()) << app.running_lab.error;
  f << app.train.running << app.train.error << app.train.experiment;
  if (app.train.trainer) {
    for (const auto& run : app.train.trainer->runs()) f << static_cast<int>(run.log.size()) << run.diverged_at;
  }
  f << app.speed.running << static_cast<int>(app.speed.results.size());
  return f.h;
}

void UpdateRevision(AppState& app) {
  const uint64_t fp = MirrorFingerprint(app);
  if (fp != app.revision_fingerprint) {
    app.revision_fingerprint = fp;
    ++app.revision;
  }
}

std::string MirrorJson(const AppState& app) {
  std::string out = "{";
  const int tab = app.ui.tab_request >= 0 ? app.ui.tab_request : app.ui.tab;
  std::string announce;
  // The step-through lab's step.
  const auto& steps = app.trace.steps;
  out += "\"step\":{";
  if (app.trace_error.empty() && app.step < static_cast<int>(steps.size())) {
    const bn::TraceStep& s = steps[app.step];
    const std::string numbers = bn::SubstitutedFormula(app.trace, app.step, app.view.sel_row, app.view.sel_col, 4);
    out += "\"index\":" + std::to_string(app.step) + ",\"count\":" + std::to_string(steps.size()) + ",\"key\":";
    Str(out, s.key);
    out += ",\"title\":";
    Str(out, s.title);
    out += ",\"symbol\":";
    Str(out, s.symbol);
    out += ",\"formula\":";
    Str(out, s.formula);
    out += ",\"numbers\":";
    Str(out, numbers);
    out += std::string(",\"backward\":") + (s.backward ? "true" : "false");
    out += ",\"sel\":[" + std::to_string(app.view.sel_row) + "," + std::to_string(app.view.sel_col) + "]";
    // e.g. "Step 2 of 13, batch mean: μ₁ = (1 + 2 + 3 + 6) / 4 = 3"
    if (tab == 0) {
      announce = "Step " + std::to_string(app.step + 1) + " of " + std::to_string(steps.size()) + ", " +
                 InSentence(s.title) + ": " + numbers;
    }
  } else {
    out += "\"count\":0";
    if (tab == 0) announce = "BN cannot run on this batch: " + app.trace_error;
  }
  out += "}";
  // The image lab's step and its statistics groups.
  const ImageLab& im = app.image;
  if (im.error.empty() && im.step < static_cast<int>(im.trace.steps.size())) {
    const bn::NormStep& s = im.trace.steps[im.step];
    const std::string numbers = bn::NormSubstituted(im.trace, im.step, im.sel[0], im.sel[1], im.sel[2], im.sel[3]);
    out += ",\"image\":{\"index\":" + std::to_string(im.step) + ",\"count\":" +
           std::to_string(im.trace.steps.size()) + ",\"title\":";
    Str(out, s.title);
    out += ",\"symbol\":";
    Str(out, s.symbol);
    out += ",\"formula\":";
    Str(out, s.formula);
    out += ",\"numbers\":";
    Str(out, numbers);
    out += ",\"grouping\":";
    Str(out, bn::NormGroupingText(im.trace.fwd.groups));
    out += ",\"groups\":[";
    for (int k = 0; k < im.trace.fwd.groups.count; ++k) {
      if (k) out += ',';
      Str(out, bn::NormGroupLabel(im.trace.fwd.groups, k));
    }
    out += "]}";
    if (tab == 4) {
      announce = "Image lab, step " + std::to_string(im.step + 1) + " of " + std::to_string(im.trace.steps.size()) +
                 ", " + InSentence(s.title) + ": " + numbers;
    }
  } else if (tab == 4) {
    announce = "Image lab: this normalization cannot run on this batch: " + im.error;
  }
  if (tab >= 1 && tab <= 3) announce = "Lab " + std::to_string(tab + 1) + " of 5: " + kLabNames[tab];
  out += ",\"lab\":";
  Str(out, kLabNames[tab >= 0 && tab < 5 ? tab : 0]);
  out += ",\"announce\":";
  Str(out, announce);
  out += ",\"refusal\":";
  Str(out, Refusal(app));
  out += "}";
  return out;
}

}  // namespace bnlab
