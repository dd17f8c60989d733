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

#include "core/i18n/current.hpp"
#include "core/lab/train_link.hpp"
#include "state/commands.hpp"
#include "state/teach.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

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
  ImGui::TextUnformatted(
      Tr("ui.teach.own.count",
         {{"n", std::to_string(own.points.size())}, {"n0", std::to_string(count[0])}, {"n1", std::to_string(count[1])}})
          .c_str());
  HelpMarker(Tr("ui.teach.own.help").c_str());
  if (TrackedButton(app, false, L(Tr("ui.teach.own.import"), "Paste / import CSV…").c_str(), "own_csv"))
    own.show_csv = true;
  ImGui::SameLine();
  if (TrackedButton(app, false, L(Tr("ui.teach.own.save"), "Save CSV").c_str(), "own_save")) SaveOwnCsv(app);
  if (ImGui::Checkbox(L(Tr("ui.teach.own.draw"), "Draw").c_str(), &own.drawing)) own.stroke_open = false;
  TrackItem(app, "own_draw");
  for (int c = 0; c < 2; ++c) {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_CheckMark, Colour(c == 0 ? Slot::Class0 : Slot::Class1));
    ImGui::RadioButton(
        c == 0 ? L(Tr("ui.teach.own.class0"), "class 0").c_str() : L(Tr("ui.teach.own.class1"), "class 1").c_str(),
        &own.draw_class, c);
    ImGui::PopStyleColor();
    TrackItem(app, c == 0 ? "own_class0" : "own_class1");
  }
  if (TrackedButton(app, false, L(Tr("ui.teach.own.undo"), "Undo").c_str(), "own_undo")) UndoOwnStroke(app);
  ImGui::SameLine();
  if (TrackedButton(app, false, L(Tr("ui.teach.own.clear"), "Clear").c_str(), "own_clear")) ClearOwnData(app);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  if (TrainSettingSlider(&t.config, "test", L(Tr("ui.teach.own.test_share"), "test share").c_str(), 0.1, 0.5, "%.2f")) {
    ResetTraining(app);
    app.hash_dirty = true;
  }
  HelpMarker(Tr("ui.teach.own.test_share.help").c_str());
  const std::string problem = OwnDataProblem(app);
  if (!problem.empty()) ImGui::TextColored(Colour(Slot::Warning), "%s", problem.c_str());
  if (own.link_left_out) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(Colour(Slot::Warning), "%s", Tr("ui.teach.own.link_left_out").c_str());
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
  if (!ImGui::Begin(L(Tr("ui.teach.csv.title"), "Your points (CSV)").c_str(), &own.show_csv)) return ImGui::End();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(Tr("ui.teach.csv.intro").c_str());
  ImGui::PopTextWrapPos();
  ImGui::InputTextMultiline("##csv", own.csv_text.data(), own.csv_text.size(),
                            ImVec2(-1.0f, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 3));
  TrackItem(app, "own_csv_text");
  if (TrackedButton(app, false, L(Tr("ui.teach.csv.load"), "Load these points").c_str(), "own_csv_load") &&
      ImportOwnCsv(app, own.csv_text.data()))
    own.show_csv = false;
  ImGui::SameLine();
  if (app.host.CanOpenFile() &&
      TrackedButton(app, false, L(Tr("ui.teach.open_file"), "Open a file…").c_str(), "own_csv_file"))
    app.host.OpenFile("csv");
  ImGui::SameLine();
  if (TrackedButton(app, false, L(Tr("ui.teach.csv.current"), "Current points").c_str(), "own_csv_current"))
    Fill(own.csv_text, bn::PointsToCsv(own.points));
  if (!own.csv_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(Colour(Slot::Error), "%s", Tr("ui.teach.csv.not_loaded", {{"reason", own.csv_error}}).c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

void DrawNetworksWindow(AppState& app) {
  ShareWindows& share = app.teach.share;
  if (!share.show_networks) return;
  if (share.networks_text.empty()) share.networks_text.assign(1 << 21, '\0');  // 2 MB: 3 networks of 8×64
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, ImGui::GetFontSize() * 22), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin(L(Tr("ui.teach.networks.title"), "Trained networks (JSON)").c_str(), &share.show_networks))
    return ImGui::End();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(Tr("ui.teach.networks.intro").c_str());
  ImGui::PopTextWrapPos();
  if (TrackedButton(app, false, L(Tr("ui.teach.networks.save"), "Save networks").c_str(), "net_save"))
    SaveNetworks(app);
  ImGui::SameLine();
  if (TrackedButton(app, false, L(Tr("ui.teach.networks.show"), "Show them here").c_str(), "net_show"))
    Fill(share.networks_text, NetworksJson(app));
  ImGui::SameLine();
  if (app.host.CanOpenFile() &&
      TrackedButton(app, false, L(Tr("ui.teach.open_file"), "Open a file…").c_str(), "net_file"))
    app.host.OpenFile("networks");
  ImGui::InputTextMultiline("##nets", share.networks_text.data(), share.networks_text.size(),
                            ImVec2(-1.0f, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 2));
  TrackItem(app, "net_text");
  if (TrackedButton(app, false, L(Tr("ui.teach.networks.load"), "Open the networks pasted above").c_str(),
                    "net_load") &&
      ImportNetworks(app, share.networks_text.data()))
    share.show_networks = false;
  if (!share.networks_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(Colour(Slot::Error), "%s",
                       Tr("ui.teach.networks.not_opened", {{"reason", share.networks_error}}).c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

void DrawPracticeSheetWindow(AppState& app) {
  ShareWindows& share = app.teach.share;
  if (!share.show_sheet) return;
  bn::PracticeConfig& c = share.sheet;
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26, 0), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin(L(Tr("ui.teach.sheet.title"), "Practice sheet").c_str(), &share.show_sheet)) return ImGui::End();
  ImGui::PushTextWrapPos(0.0f);
  // Ioffe & Szegedy 2015, Algorithm 1: the exercises ask for μ, σ² (biased), x̂ and y per feature.
  ImGui::TextUnformatted(Tr("ui.teach.sheet.intro").c_str());
  ImGui::PopTextWrapPos();
  const float w = ImGui::GetFontSize() * 9.0f;
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt(L(Tr("ui.teach.sheet.exercises"), "exercises").c_str(), &c.count, 1, bn::kPracticeMaxCount, "%d",
                   ImGuiSliderFlags_AlwaysClamp);
  int seed = static_cast<int>(c.seed);
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputInt(L(Tr("ui.teach.sheet.seed"), "seed##practice").c_str(), &seed))
    c.seed = static_cast<uint64_t>(std::max(0, seed));
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt(L(Tr("ui.teach.sheet.samples"), "samples N").c_str(), &c.samples, 2, bn::kPracticeMaxSamples, "%d",
                   ImGuiSliderFlags_AlwaysClamp);
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt(L(Tr("ui.teach.sheet.features"), "features D").c_str(), &c.features, 1, bn::kPracticeMaxFeatures,
                   "%d", ImGuiSliderFlags_AlwaysClamp);
  int difficulty = static_cast<int>(c.difficulty);
  ImGui::SetNextItemWidth(w);
  const char* difficulties[4] = {
      Tr("ui.teach.sheet.numbers.whole").c_str(), Tr("ui.teach.sheet.numbers.decimal").c_str(),
      Tr("ui.teach.sheet.numbers.outlier").c_str(), Tr("ui.teach.sheet.numbers.constant").c_str()};
  if (ImGui::Combo(L(Tr("ui.teach.sheet.numbers"), "numbers").c_str(), &difficulty, difficulties, 4))
    c.difficulty = static_cast<bn::PracticeDifficulty>(difficulty);
  HelpMarker(Tr("ui.teach.sheet.numbers.help").c_str());
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt(L(Tr("ui.teach.sheet.decimals"), "decimals").c_str(), &c.decimals, 1, 6, "%d",
                   ImGuiSliderFlags_AlwaysClamp);
  ImGui::Separator();
  // The formats' names; only "HTML (print)" has a word to translate.
  const std::string names[3] = {Tr("ui.teach.sheet.html"), "LaTeX", "Markdown"};
  const char* english[3] = {"HTML (print)", "LaTeX", "Markdown"};
  const bn::PracticeFormat formats[3] = {bn::PracticeFormat::Html, bn::PracticeFormat::Latex,
                                         bn::PracticeFormat::Markdown};
  for (int key = 0; key < 2; ++key) {
    ImGui::TextUnformatted((key ? Tr("ui.teach.sheet.answer_key") : Tr("ui.teach.sheet.sheet")).c_str());
    for (int f = 0; f < 3; ++f) {
      ImGui::SameLine();
      const std::string id = std::string(key ? "key_" : "sheet_") + bn::PracticeExtension(formats[f]);
      if (TrackedButton(app, false, (names[f] + "###" + english[f] + "##" + id).c_str(), "practice_" + id))
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
  if (ImGui::MenuItem(L(Tr("ui.menu.share.networks"), "Export / import trained networks…").c_str())) {
    app.teach.share.show_networks = true;
  }
  if (ImGui::MenuItem(L(Tr("ui.menu.share.sheet"), "Practice sheet…").c_str())) app.teach.share.show_sheet = true;
  const bool training = app.train.trainer != nullptr;
  if (ImGui::MenuItem(L(Tr("ui.menu.share.maps_png"), "Save decision maps as PNG").c_str(), nullptr, false, training)) {
    app.ui.tab_request = Lab::Training;
    RequestCapture(app, "train_maps", "bnlab-maps.png");
  }
  if (ImGui::MenuItem(L(Tr("ui.menu.share.curves_png"), "Save loss and accuracy curves as PNG").c_str(), nullptr, false,
                      training)) {
    app.ui.tab_request = Lab::Training;
    RequestCapture(app, "train_curves", "bnlab-curves.png");
  }
  if (ImGui::MenuItem(L(Tr("ui.menu.share.curves_csv"), "Save the curves as CSV").c_str(), nullptr, false, training))
    SaveCurvesCsv(app);
  if (ImGui::MenuItem(L(Tr("ui.menu.share.torch_script"), "PyTorch training script (.py)").c_str(), nullptr, false,
                      training))
    RunCommand(app, "share-torch-script");
  if (ImGui::MenuItem(L(Tr("ui.menu.share.points_csv"), "Save your points as CSV").c_str(), nullptr, false,
                      !app.teach.own.points.empty()))
    SaveOwnCsv(app);
}

}  // namespace bnlab
