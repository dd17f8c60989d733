// teach_panel.cpp: the teacher's tools in the UI: own data (data set "own": paste/import CSV, drawing on the
// first map, undo, clear), the network window (export, import), the practice-sheet window, and the Share
// menu's items for them (see state/teach.hpp for what each does).
//
//   DrawOwnDataControls   under the training lab's data set combo, when the data set is "own"
//   DrawOnMap             drawing points with the mouse or a finger on the first decision map
//   DrawTeachWindows      the CSV window, the network window, the practice-sheet window
//   DrawTeachShareItems   the Share menu's entries
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/lab/train_link.hpp"
#include "state/commands.hpp"
#include "state/teach.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

// ImGui edits a char buffer: copy text in (cut at the buffer's size), and out up to the first NUL.
void Fill(std::vector<char>& buf, const std::string& text) {
  std::fill(buf.begin(), buf.end(), '\0');
  std::copy_n(text.begin(), std::min(text.size(), buf.size() - 1), buf.begin());
}

}  // namespace

void DrawOwnDataControls(AppState& app) {
  OwnData& own = app.teach.own;
  TrainLab& t = app.train;
  int count[2] = {0, 0};
  for (const bn::OwnPoint& p : own.points) ++count[p.label & 1];
  ImGui::Text("%d points: %d of class 0, %d of class 1", static_cast<int>(own.points.size()), count[0], count[1]);
  HelpMarker("Your own two-class data: paste or import a CSV file (lines x,y,label with label 0 or 1; up to 1,000 "
             "points), or turn on Draw and click or drag on the first map. The points are split into a training and "
             "a test set (held-out points are drawn as rings).");
  if (TrackedButton(app, false, "Paste / import CSV…", "own_csv")) own.show_csv = true;
  ImGui::SameLine();
  if (TrackedButton(app, false, "Save CSV", "own_save")) SaveOwnCsv(app);
  if (ImGui::Checkbox("Draw", &own.drawing)) own.stroke_open = false;
  TrackItem(app, "own_draw");
  for (int c = 0; c < 2; ++c) {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_CheckMark, Colour(c == 0 ? Slot::Class0 : Slot::Class1));
    ImGui::RadioButton(c == 0 ? "class 0" : "class 1", &own.draw_class, c);
    ImGui::PopStyleColor();
    TrackItem(app, c == 0 ? "own_class0" : "own_class1");
  }
  if (TrackedButton(app, false, "Undo", "own_undo")) UndoOwnStroke(app);
  ImGui::SameLine();
  if (TrackedButton(app, false, "Clear", "own_clear")) ClearOwnData(app);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  if (TrainSettingSlider(&t.config, "test", "test share", 0.1, 0.5, "%.2f")) {
    ResetTraining(app);
    app.hash_dirty = true;
  }
  HelpMarker("The share of your points held out as a test set (chosen at random from the seed). The networks never "
             "train on them; the dotted loss curves and the test accuracy are measured on them.");
  const std::string problem = OwnDataProblem(app);
  if (!problem.empty()) ImGui::TextColored(Colour(Slot::Warning), "%s", problem.c_str());
  if (own.link_left_out) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(Colour(Slot::Warning),
                       "Too many points for a link: the link keeps the settings only. Send the points as a file "
                       "(Save CSV); the receiver opens it with Paste / import CSV.");
    ImGui::PopTextWrapPos();
  }
}

void DrawOnMap(AppState& app, ImVec2 p0, float size, const bn::DataView& view) {
  OwnData& own = app.teach.own;
  if (!own.drawing) return;
  ImGui::SetCursorScreenPos(p0);
  ImGui::InvisibleButton("##draw", ImVec2(size, size));
  app.ui.drag_surface = ImGui::GetID("##draw");  // the button's id; a finger dragging here paints points, never scrolls (touch_web.cpp)
  TrackItem(app, "own_map");
  auto to_data = [&](ImVec2 m, double* x, double* y) {
    *x = view.x0 + (m.x - p0.x) / size * (view.x1 - view.x0);
    *y = view.y1 - (m.y - p0.y) / size * (view.y1 - view.y0);
  };
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (ImGui::IsItemActivated()) {
    double x, y;
    to_data(m, &x, &y);
    QueueOwnPoint(app, x, y, /*new_stroke=*/true);  // added after the maps are drawn
  } else if (ImGui::IsItemActive() && own.stroke_open) {
    // Dragging paints: a point every 4% of the map's width along the path.
    double x, y;
    to_data(m, &x, &y);
    const double step = 0.04 * (view.x1 - view.x0);
    if (std::hypot(x - own.last_x, y - own.last_y) >= step) QueueOwnPoint(app, x, y, false);
  }
  if (ImGui::IsItemDeactivated()) EndOwnStroke(app);
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
}

namespace {

void DrawCsvWindow(AppState& app) {
  OwnData& own = app.teach.own;
  if (!own.show_csv) return;
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 30, ImGui::GetFontSize() * 24), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Your points (CSV)", &own.show_csv)) return ImGui::End();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted("One point per line: x,y,label (label 0 or 1). A header line is optional; ';' with decimal "
                         "commas and tabs work too. 8 to 1,000 points.");
  ImGui::PopTextWrapPos();
  ImGui::InputTextMultiline("##csv", own.csv_text.data(), own.csv_text.size(),
                            ImVec2(-1.0f, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 3));
  TrackItem(app, "own_csv_text");
  if (TrackedButton(app, false, "Load these points", "own_csv_load") && ImportOwnCsv(app, own.csv_text.data()))
    own.show_csv = false;
  ImGui::SameLine();
  if (app.host.CanOpenFile() && TrackedButton(app, false, "Open a file…", "own_csv_file")) app.host.OpenFile("csv");
  ImGui::SameLine();
  if (TrackedButton(app, false, "Current points", "own_csv_current")) Fill(own.csv_text, bn::PointsToCsv(own.points));
  if (!own.csv_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(Colour(Slot::Error), "Not loaded: %s. Your current points are kept.",
                       own.csv_error.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

void DrawNetworksWindow(AppState& app) {
  ShareWindows& share = app.teach.share;
  if (!share.show_networks) return;
  if (share.networks_text.empty()) share.networks_text.assign(1 << 21, '\0');  // 2 MB: 3 networks of 8×64
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, ImGui::GetFontSize() * 22), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Trained networks (JSON)", &share.show_networks)) return ImGui::End();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted("Save the training lab's networks (weights, biases, and for BN layers γ, β and the running "
                         "statistics) as a file, or open one saved by bnlab or by bntrain --save: the lab takes its "
                         "networks and predicts exactly as they did.");
  ImGui::PopTextWrapPos();
  if (TrackedButton(app, false, "Save networks", "net_save")) SaveNetworks(app);
  ImGui::SameLine();
  if (TrackedButton(app, false, "Show them here", "net_show")) Fill(share.networks_text, NetworksJson(app));
  ImGui::SameLine();
  if (app.host.CanOpenFile() && TrackedButton(app, false, "Open a file…", "net_file")) app.host.OpenFile("networks");
  ImGui::InputTextMultiline("##nets", share.networks_text.data(), share.networks_text.size(),
                            ImVec2(-1.0f, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 2));
  TrackItem(app, "net_text");
  if (TrackedButton(app, false, "Open the networks pasted above", "net_load") &&
      ImportNetworks(app, share.networks_text.data()))
    share.show_networks = false;
  if (!share.networks_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(Colour(Slot::Error), "Not opened: %s", share.networks_error.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

void DrawPracticeSheetWindow(AppState& app) {
  ShareWindows& share = app.teach.share;
  if (!share.show_sheet) return;
  bn::PracticeConfig& c = share.sheet;
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26, 0), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Practice sheet", &share.show_sheet)) return ImGui::End();
  ImGui::PushTextWrapPos(0.0f);
  // Ioffe & Szegedy 2015, Algorithm 1: the exercises ask for μ, σ² (biased), x̂ and y per feature.
  ImGui::TextUnformatted("Exercises for the forward pass by hand: for each batch, μ, σ², x̂ and y per feature. The "
                         "same seed always gives the same sheet; the key shows the working and each exercise's "
                         "bntrace input.");
  ImGui::PopTextWrapPos();
  const float w = ImGui::GetFontSize() * 9.0f;
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("exercises", &c.count, 1, bn::kPracticeMaxCount, "%d", ImGuiSliderFlags_AlwaysClamp);
  int seed = static_cast<int>(c.seed);
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputInt("seed##practice", &seed)) c.seed = static_cast<uint64_t>(std::max(0, seed));
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("samples N", &c.samples, 2, bn::kPracticeMaxSamples, "%d", ImGuiSliderFlags_AlwaysClamp);
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("features D", &c.features, 1, bn::kPracticeMaxFeatures, "%d", ImGuiSliderFlags_AlwaysClamp);
  int difficulty = static_cast<int>(c.difficulty);
  ImGui::SetNextItemWidth(w);
  if (ImGui::Combo("numbers", &difficulty, "whole numbers\0one decimal place\0with an outlier\0with a constant feature\0"))
    c.difficulty = static_cast<bn::PracticeDifficulty>(difficulty);
  HelpMarker("Whole numbers: every mean is a whole number. An outlier: one far value in one feature (it sets the "
             "scale for the others). A constant feature: σ² = 0 there, so x̂ = 0/√ε = 0 and y = β.");
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("decimals", &c.decimals, 1, 6, "%d", ImGuiSliderFlags_AlwaysClamp);
  ImGui::Separator();
  const char* names[3] = {"HTML (print)", "LaTeX", "Markdown"};
  const bn::PracticeFormat formats[3] = {bn::PracticeFormat::Html, bn::PracticeFormat::Latex,
                                         bn::PracticeFormat::Markdown};
  for (int key = 0; key < 2; ++key) {
    ImGui::TextUnformatted(key ? "Answer key:" : "Sheet:");
    for (int f = 0; f < 3; ++f) {
      ImGui::SameLine();
      const std::string id = std::string(key ? "key_" : "sheet_") + bn::PracticeExtension(formats[f]);
      if (TrackedButton(app, false, (std::string(names[f]) + "##" + id).c_str(), "practice_" + id))
        SavePracticeSheet(app, key == 1, formats[f]);
    }
  }
  ImGui::End();
}

}  // namespace

void DrawTeachWindows(AppState& app) {
  DrawCsvWindow(app);
  DrawNetworksWindow(app);
  DrawPracticeSheetWindow(app);
}

void DrawTeachShareItems(AppState& app) {
  ImGui::Separator();
  if (ImGui::MenuItem("Export / import trained networks…")) {
    app.teach.share.show_networks = true;
  }
  if (ImGui::MenuItem("Practice sheet…")) app.teach.share.show_sheet = true;
  const bool training = app.train.trainer != nullptr;
  if (ImGui::MenuItem("Save decision maps as PNG", nullptr, false, training)) {
    app.ui.tab_request = Lab::Training;
    RequestCapture(app, "train_maps", "bnlab-maps.png");
  }
  if (ImGui::MenuItem("Save loss and accuracy curves as PNG", nullptr, false, training)) {
    app.ui.tab_request = Lab::Training;
    RequestCapture(app, "train_curves", "bnlab-curves.png");
  }
  if (ImGui::MenuItem("Save the curves as CSV", nullptr, false, training)) SaveCurvesCsv(app);
  if (ImGui::MenuItem("PyTorch training script (.py)", nullptr, false, training)) RunCommand(app, "share-torch-script");
  if (ImGui::MenuItem("Save your points as CSV", nullptr, false, !app.teach.own.points.empty())) SaveOwnCsv(app);
}

}  // namespace bnlab
