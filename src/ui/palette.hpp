// palette.hpp: the lab's named colours, one table (as ImPlot's colour slots, ImPlotCol_*). A slot says what a
// colour is for (Slot::Error: a refusal's text); the table gives it one value for the dark theme (also used by the
// high-contrast theme, whose background is black) and one for the light theme. Panels draw with Colour(Slot::X) or
// ColourU32(Slot::X), which read the theme on screen from ImGui's style: no colour literal in a panel, no state here.
//
// Index
//   Rgba, Rgb8, Theme, Slot             a slot per meaning, grouped by where it is drawn
//   kPalette                            the table: slot, dark value, light value
//   PaletteRgba, ThemeOfBackground      the pure look-ups (unit-tested without ImGui: tests/test_palette.cpp)
//   CurrentTheme, Colour, ColourU32     the ImGui side (palette.cpp): the value for the theme on screen
//
// Light values: text reaches 4.5:1 and lines 3:1 against the light theme's window background (0.94 grey); marks
// drawn over a map picture (points, the path, the +) keep one value, since the picture is the same in both themes.
#pragma once

#include <cstddef>

struct ImVec4;              // imgui.h
typedef unsigned int ImU32;  // as imgui.h: a packed 0xAABBGGRR colour

namespace bnlab {

struct Rgba {
  float r, g, b, a;  // 0–1
};
// A colour given as IM_COL32's bytes (0–255); ImGui packs it back to the same bytes.
constexpr Rgba Rgb8(int r, int g, int b, int a = 255) { return {r / 255.0f, g / 255.0f, b / 255.0f, a / 255.0f}; }

enum class Theme { Dark, Light };

enum class Slot {
  // Text a learner reads
  Error,           // a refusal or an error: "Refused: …", a failed import, a diverged run, the status line's error
  Right,           // a right answer (practice mode, the lesson's questions)
  Notice,          // the status line's notice when it is not an error ("Loaded 200 points", "Opened 2 networks")
  Hint,            // the hint after a wrong answer (practice mode, the lesson)
  Warning,         // something to fix before it works as meant (own data: too few points, too many for a link)
  GpuFallback,     // the training views' note that the GPU shaders did not build (CPU pictures instead)
  Numbers,         // formulas written out with the batch's numbers
  // Fields
  RefusedField,    // the background of a batch cell whose text was refused
  // Step lab: worksheet and number line
  Current,         // the worksheet's cells of the current step (translucent)
  Reads,           // the worksheet's cells the current step reads (translucent)
  SdBand,          // the number line's band of ±1 standard deviation (translucent)
  MeanLine,        // the number line's mean
  Sample,          // a sample's dot on the number line
  SelectedSample,  // the selected sample's dot
  // Image lab
  SelectedCell,    // the frame around the selected element of the tensor view
  // Running statistics lab
  BatchStat,       // a batch's own mean or variance (translucent line)
  RunningStat,     // the running mean or variance
  TrueStat,        // the stream's true mean or variance (dotted)
  // Speed panel's bars
  SpeedKernels,    // the fast kernels
  SpeedScalar,     // the scalar reference
  SpeedMemcpy,     // memcpy of the same bytes
  // Training lab
  PlainNet,        // the network without normalization: its curves and title
  BnNet,           // the network with Batch Normalization
  NoisyNet,        // the network with BN and injected noise (Santurkar et al. 2018)
  Class0,          // the draw-class button's mark for class 0 (the maps' blue side)
  Class1,          // … for class 1 (the maps' orange side)
  PointClass0,     // a data point of class 0 on a map
  PointClass1,     // a data point of class 1 on a map
  MapInk,          // marks over a map picture: a point's outline, the path's points
  MapInkFaint,     // the path's line
  MapInkStrong,    // the halo under a test point's ring
  MapCurrent,      // the current parameters (the + on a loss-landscape slice)
  EmptyMap,        // the own-data map before there is a picture under the points
  Count
};

struct PaletteRow {
  Slot slot;
  Rgba dark, light;
};

// One row per slot, in the enum's order (checked below).
inline constexpr PaletteRow kPalette[] = {
    // Text
    {Slot::Error, {1.0f, 0.45f, 0.4f, 1.0f}, {0.8f, 0.1f, 0.05f, 1.0f}},
    {Slot::Right, {0.45f, 0.85f, 0.45f, 1.0f}, {0.1f, 0.48f, 0.1f, 1.0f}},
    {Slot::Notice, {0.5f, 0.85f, 0.5f, 1.0f}, {0.1f, 0.48f, 0.1f, 1.0f}},
    {Slot::Hint, {1.0f, 0.72f, 0.3f, 1.0f}, {0.6f, 0.36f, 0.0f, 1.0f}},
    {Slot::Warning, {1.0f, 0.75f, 0.3f, 1.0f}, {0.6f, 0.36f, 0.0f, 1.0f}},
    {Slot::GpuFallback, {1.0f, 0.7f, 0.3f, 1.0f}, {0.6f, 0.36f, 0.0f, 1.0f}},
    {Slot::Numbers, {0.55f, 0.85f, 0.95f, 1.0f}, {0.0f, 0.35f, 0.5f, 1.0f}},
    // Fields (light: black text on a pale red)
    {Slot::RefusedField, {0.6f, 0.12f, 0.12f, 1.0f}, {1.0f, 0.7f, 0.7f, 1.0f}},
    // Step lab
    {Slot::Current, {0.95f, 0.65f, 0.15f, 0.45f}, {0.95f, 0.65f, 0.15f, 0.45f}},
    {Slot::Reads, {0.25f, 0.55f, 0.95f, 0.35f}, {0.25f, 0.55f, 0.95f, 0.35f}},
    {Slot::SdBand, {0.25f, 0.55f, 0.95f, 0.25f}, {0.25f, 0.55f, 0.95f, 0.25f}},
    {Slot::MeanLine, {0.95f, 0.65f, 0.15f, 1.0f}, {0.75f, 0.45f, 0.0f, 1.0f}},
    {Slot::Sample, {0.35f, 0.75f, 1.0f, 1.0f}, {0.0f, 0.5f, 0.85f, 1.0f}},
    {Slot::SelectedSample, {1.0f, 0.9f, 0.3f, 1.0f}, {0.6f, 0.5f, 0.0f, 1.0f}},
    // Image lab
    {Slot::SelectedCell, {1.0f, 1.0f, 1.0f, 0.95f}, {0.0f, 0.0f, 0.0f, 0.9f}},
    // Running statistics lab
    {Slot::BatchStat, Rgb8(110, 170, 255, 160), {0.0f, 0.3f, 0.74f, 160 / 255.0f}},
    {Slot::RunningStat, Rgb8(255, 170, 40), {0.78f, 0.45f, 0.0f, 1.0f}},
    {Slot::TrueStat, Rgb8(160, 160, 160), {0.5f, 0.5f, 0.5f, 1.0f}},
    // Speed panel (bars: one value reads on both themes)
    {Slot::SpeedKernels, Rgb8(66, 150, 250), Rgb8(66, 150, 250)},
    {Slot::SpeedScalar, Rgb8(230, 126, 34), Rgb8(230, 126, 34)},
    {Slot::SpeedMemcpy, Rgb8(140, 140, 140), Rgb8(140, 140, 140)},
    // Training lab
    {Slot::PlainNet, {0.45f, 0.65f, 1.0f, 1.0f}, {0.0f, 0.33f, 0.9f, 1.0f}},
    {Slot::BnNet, {1.0f, 0.65f, 0.15f, 1.0f}, {0.62f, 0.35f, 0.0f, 1.0f}},
    {Slot::NoisyNet, {0.4f, 0.85f, 0.45f, 1.0f}, {0.1f, 0.48f, 0.15f, 1.0f}},
    {Slot::Class0, {0.3f, 0.5f, 1.0f, 1.0f}, {0.3f, 0.5f, 1.0f, 1.0f}},
    {Slot::Class1, {1.0f, 0.55f, 0.1f, 1.0f}, {1.0f, 0.55f, 0.1f, 1.0f}},
    {Slot::PointClass0, Rgb8(15, 35, 150), Rgb8(15, 35, 150)},
    {Slot::PointClass1, Rgb8(150, 55, 0), Rgb8(150, 55, 0)},
    {Slot::MapInk, Rgb8(255, 255, 255, 200), Rgb8(255, 255, 255, 200)},
    {Slot::MapInkFaint, Rgb8(255, 255, 255, 150), Rgb8(255, 255, 255, 150)},
    {Slot::MapInkStrong, Rgb8(255, 255, 255, 230), Rgb8(255, 255, 255, 230)},
    {Slot::MapCurrent, Rgb8(255, 60, 60), Rgb8(255, 60, 60)},
    {Slot::EmptyMap, Rgb8(70, 70, 78), Rgb8(70, 70, 78)},
};
constexpr size_t kSlotCount = static_cast<size_t>(Slot::Count);

constexpr bool PaletteInSlotOrder() {
  if (sizeof kPalette / sizeof kPalette[0] != kSlotCount) return false;
  for (size_t k = 0; k < kSlotCount; ++k)
    if (static_cast<size_t>(kPalette[k].slot) != k) return false;
  return true;
}
static_assert(PaletteInSlotOrder(), "kPalette: one row per Slot, in the enum's order");

constexpr Rgba PaletteRgba(Slot s, Theme t) {
  const PaletteRow& row = kPalette[static_cast<size_t>(s)];
  return t == Theme::Dark ? row.dark : row.light;
}

// The theme a window background belongs to: dark below mid-grey (dark 0.06, high contrast 0), else light (0.94).
constexpr Theme ThemeOfBackground(float r, float g, float b) { return r + g + b < 1.5f ? Theme::Dark : Theme::Light; }

// ImGui side (palette.cpp). The theme on screen: ImGui's window background (set when the style is built).
Theme CurrentTheme();
// The slot's colour in the theme on screen, for TextColored, PushStyleColor and the like.
ImVec4 Colour(Slot s);
// The same packed for a draw list, as ImGui::GetColorU32(ImVec4) packs it (times style.Alpha, 1 outside a disabled
// block); `alpha` multiplies the slot's own alpha (a run's curve drawn fainter).
ImU32 ColourU32(Slot s, float alpha = 1.0f);

}  // namespace bnlab
