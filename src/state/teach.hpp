// teach.hpp: what teachers bring in and take out: own points in the training lab (CSV, drawing), the trained
// networks as JSON, practice sheets, pictures and CSV of the curves. GL-free; files leave through Host::SaveFile.
//
// Index
//   OwnData        the teacher's points, the drawing state, the CSV window's text and refusal
//   ShareWindows   the network window (export text, import text) and the practice-sheet window
//   Capture        a picture of part of the screen to save as PNG (app/ reads the pixels after drawing)
//   TeachState     all of the above (AppState::teach)
//   own data:      UseOwnData, ImportOwnCsv, AddOwnPoint, EndOwnStroke, UndoOwnStroke, ClearOwnData, OwnDataset
//   networks:      NetworksJson, NetworksValue, ImportNetworks
//   files:         SaveNetworks, SaveOwnCsv, SaveCurvesCsv, SavePracticeSheet, RequestCapture
#pragma once

#include <string>
#include <vector>

#include "core/io/json.hpp"
#include "core/learn/practice_sheet.hpp"
#include "core/train/own_data.hpp"

namespace bnlab {

struct AppState;

struct OwnData {
  bool active = false;               // the training lab trains on `points` (data set "own")
  std::vector<bn::OwnPoint> points;
  std::vector<int> strokes;          // points added by each click or drag, for Undo
  bool drawing = false;              // clicks and drags on the first map add points
  int draw_class = 0;                // 0 or 1
  bool stroke_open = false;          // a drag is adding points
  float last_x = 0, last_y = 0;      // the last point of the open stroke (data units)
  bool link_left_out = false;        // the points are too many for a link (the CSV file carries them)
  // Points drawn this frame: added after the maps are drawn (adding one resets training, and the maps are
  // reading the trainer while they are drawn).
  struct Pending {
    double x, y;
    bool new_stroke;
  };
  std::vector<Pending> pending;
  bool show_csv = false;             // the paste/import window
  std::vector<char> csv_text = std::vector<char>(1 << 16, '\0');
  std::string csv_error;             // the last refusal, shown in the window (the data is kept)
};

struct ShareWindows {
  bool show_networks = false;
  std::vector<char> networks_text;   // the import box (sized when the window opens)
  std::string networks_error;
  bool show_sheet = false;          // the practice-sheet window (printable sheets; practice mode is StepLab::practice)
  bn::PracticeConfig sheet;         // its settings (command sheet:K,SEED,N,D,DIFF)
};

struct Capture {
  std::string rect_id;   // the ItemRect to read ("" none), in canvas pixels
  std::string file_name; // "bnlab-maps.png"
  int requested_frame = 0;
};

struct TeachState {
  OwnData own;
  ShareWindows share;
  Capture capture;
};

// ---- Own data
// Switches the training lab to the teacher's points (on) or back to the generated data set; resets training.
void UseOwnData(AppState& app, bool on);
// Reads CSV text into the own data set (all or nothing: a refusal keeps the current points and says which line
// in teach.own.csv_error and a notice). Switches to own data and resets training. Returns success.
bool ImportOwnCsv(AppState& app, const std::string& text);
// Adds a drawn point (data units, rounded to 2 decimals) of class cls; `new_stroke` starts an Undo step. At
// kOwnDataMaxPoints, refuses with a notice. Resets training when the set is big enough to train on.
bool AddOwnPoint(AppState& app, double x, double y, int cls, bool new_stroke);
void EndOwnStroke(AppState& app);
// Drawing on a map: queue a point now (the stroke and the last point follow at once), add the queued points
// with one training reset when the maps are done (ApplyQueuedOwnPoints).
void QueueOwnPoint(AppState& app, double x, double y, bool new_stroke);
void ApplyQueuedOwnPoints(AppState& app);
void UndoOwnStroke(AppState& app);  // removes the last click or drag
void ClearOwnData(AppState& app);
// Sets own.link_left_out: whether the points are too many for a link (call after the points change).
void UpdateOwnLinkFit(AppState& app);
// The training lab's data: the own points split by config's test fraction and seed (throws when too few).
bn::Dataset OwnDataset(const AppState& app);
// Why training cannot start on the own points yet ("" when it can): too few, one class only.
std::string OwnDataProblem(const AppState& app);

// ---- Networks
// The trained networks (every run of the training lab) as the network file's text / JSON value.
std::string NetworksJson(const AppState& app);
bn::Json NetworksValue(const AppState& app);
// Replaces the training lab's networks with a file's (all or nothing; the reason in share.networks_error
// and a notice). The lab takes the file's depth, width, activation and networks; training restarts from them.
bool ImportNetworks(AppState& app, const std::string& text);

// ---- Files (through Host::SaveFile: a download on the web, a file on the desktop)
void SaveNetworks(AppState& app);
void SaveOwnCsv(AppState& app);
void SaveCurvesCsv(AppState& app);
// The practice sheet or its key in one format.
void SavePracticeSheet(AppState& app, bool key, bn::PracticeFormat format);
// Asks app/ to save the screen area of an ItemRect as PNG after this frame is drawn.
void RequestCapture(AppState& app, const std::string& rect_id, const std::string& file_name);

}  // namespace bnlab
