// link.cpp: ApplyHash and FormatHash over the core's link formats (core/lab/lab_hash.hpp, image_lab.hpp).
#include "state/link.hpp"

#include "core/lab/image_lab.hpp"
#include "core/lab/lab_hash.hpp"

namespace bnlab {

void ApplyHash(AppState& app, const std::string& hash, bool too_long) {
  std::string error;
  if (too_long) {
    error = "the link is too long";
  } else if (hash.empty()) {
    return;
  } else if (bn::IsImageHash(hash)) {  // the image lab's link: its batch, variant and step, and its tab
    bn::ImageLabInput next = app.image.input;
    int step = app.image.step;
    if (bn::ApplyImageHash(hash, &next, &step, &error)) {
      app.image.input = next;
      app.image.step = step;
      RecomputeImage(app);  // clamps the step
      app.ui.tab_request = Lab::Image;
      return;
    }
  } else {
    LabInput next = app.step_lab.input;
    int step = app.step_lab.step;
    if (bn::ApplyLabHash(hash, &next, &step, &error)) {
      SetInput(app, next);
      app.step_lab.step = step;
      Recompute(app);  // clamps the step to this batch's steps
      return;
    }
  }
  Notify(app, "This link could not be read (" + error + "); the batch was left as it was.", true);
  app.hash_dirty = true;  // replace the unreadable hash with the state on screen
}

std::string FormatHash(const AppState& app) {
  return app.ui.tab == Lab::Image ? bn::FormatImageHash(app.image.input, app.image.step)
                                  : bn::FormatLabHash(app.step_lab.input, app.step_lab.step);
}

}  // namespace bnlab
