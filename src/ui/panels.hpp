// panels.hpp: one Draw function per panel, each over the plain AppState (no statics). The labs' own
// per-frame work (playback, streaming, training, the benchmark) is in state/advance.hpp.
//
//   DrawAllPanels       the host window: menu, tabs, keyboard shortcuts, notices; lays panels out
//   DrawBatchPanel      the batch x (N×D), γ, β, ε, mode, dy, presets and size, editable
//   DrawStepNav         |◀ ◀ ▶ ▶| Play, speed
//   DrawStepPanel       the current step: formula, formula with numbers, values for every feature
//   DrawStepList        every step, click to jump
//   DrawWorksheetPanel  one feature done as on paper, and its number line
//   DrawNumberLine      one feature's batch on a number line at the latest stage reached
//   DrawRunningPanel    train versus inference: running statistics over a stream of batches
//   DrawTrainingPanel   the training lab: plain vs BN side by side, the seven experiments
//   DrawSpeedPanel      the kernels' benchmark, run in the learner's own browser
//   DrawImagePanel      the image batch N×C×H×W: BN per channel and its relatives, step by step
//   DrawTensorView      that batch as a grid of small images, coloured by statistics group
//   DrawStepCodePanel   the step as NumPy and PyTorch code (collapsing, under the step);  DrawImageCodePanel  the image lab's
//   DrawExportPanel     the export window (text that was copied, to select by hand too)
//   DrawImportWindow    paste bntrace-style JSON to load a batch
//   DrawHelpWindow      keyboard shortcuts and what the lab is
//   DrawStepThroughTab  the step lab's panels laid out (its tab, and beside a lesson chapter)
//   DrawPracticeToggle  practice mode's on/off button;  DrawPracticeBox  its question, answer field, hint, score
//   DrawLessonTab       the lesson: chapter text and questions beside the chapter's lab
//   teach_panel.cpp     own data controls and drawing on the map, the CSV / networks / practice windows, Share items
#pragma once

#include <imgui.h>

#include "state/app_state.hpp"

namespace bnlab {

void DrawAllPanels(AppState& app);
void DrawBatchPanel(AppState& app);
void DrawStepNav(AppState& app);
void DrawStepPanel(AppState& app);
void DrawStepList(AppState& app);
void DrawWorksheetPanel(AppState& app);
void DrawNumberLine(AppState& app, int feature);
void DrawRunningPanel(AppState& app);
void DrawTrainingPanel(AppState& app);
void DrawSpeedPanel(AppState& app);
void DrawImagePanel(AppState& app);
void DrawTensorView(AppState& app, float height);
void DrawStepCodePanel(AppState& app);
void DrawImageCodePanel(AppState& app);
void DrawExportPanel(AppState& app);
void DrawImportWindow(AppState& app);
void DrawHelpWindow(AppState& app);
void DrawStepThroughTab(AppState& app);
void DrawPracticeToggle(AppState& app);
void DrawPracticeBox(AppState& app);
void DrawLessonTab(AppState& app);
// The teacher's tools (teach_panel.cpp).
void DrawOwnDataControls(AppState& app);
void DrawOnMap(AppState& app, ImVec2 p0, float size, const bn::DataView& view);
void DrawTeachWindows(AppState& app);
void DrawTeachShareItems(AppState& app);

}  // namespace bnlab
