// test_palette.cpp: the UI's colour table (src/ui/palette.hpp; its pure half, no ImGui): one row per slot with a
// dark and a light value, the dark values exactly the literals the panels wrote before (so the dark theme's pixels
// did not move), the light values readable on the light theme's background, and the theme read from a background.
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "ui/palette.hpp"

using bnlab::kPalette;
using bnlab::PaletteRgba;
using bnlab::Rgba;
using bnlab::Slot;
using bnlab::Theme;

namespace {

bool Same(const Rgba& a, const Rgba& b) { return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a; }

// ImGui's float → byte (IM_F32_TO_INT8_SAT in ColorConvertFloat4ToU32), and IM_COL32's packing (0xAABBGGRR).
unsigned Byte(float v) { return static_cast<unsigned>(std::min(std::max(v, 0.0f), 1.0f) * 255.0f + 0.5f); }
unsigned Packed(const Rgba& c) { return Byte(c.r) | Byte(c.g) << 8 | Byte(c.b) << 16 | Byte(c.a) << 24; }
unsigned Col32(unsigned r, unsigned g, unsigned b, unsigned a) { return r | g << 8 | b << 16 | a << 24; }

// WCAG 2 contrast of colour c (alpha-blended over bg) against the grey background bg.
double Linear(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }
double Luminance(double r, double g, double b) { return 0.2126 * Linear(r) + 0.7152 * Linear(g) + 0.0722 * Linear(b); }
double Contrast(const Rgba& c, double bg) {
  auto over = [&](float v) { return c.a * v + (1 - c.a) * bg; };
  const double l1 = Luminance(over(c.r), over(c.g), over(c.b)), l2 = Luminance(bg, bg, bg);
  return (std::max(l1, l2) + 0.05) / (std::min(l1, l2) + 0.05);
}

// ImGui 1.86's window backgrounds: StyleColorsDark, StyleColorsLight, and bnlab's high contrast (black).
constexpr float kDarkBg = 0.06f, kLightBg = 0.94f, kContrastBg = 0.0f;

}  // namespace

TEST_CASE("palette: one row per slot, in order, each with a dark and a light value in range") {
  CHECK(bnlab::PaletteInSlotOrder());
  REQUIRE(sizeof kPalette / sizeof kPalette[0] == bnlab::kSlotCount);
  for (size_t k = 0; k < bnlab::kSlotCount; ++k) {
    CAPTURE(k);
    CHECK(static_cast<size_t>(kPalette[k].slot) == k);
    for (const Rgba& c : {kPalette[k].dark, kPalette[k].light}) {
      for (float v : {c.r, c.g, c.b, c.a}) CHECK((v >= 0.0f && v <= 1.0f));
      CHECK(c.a > 0.0f);  // every slot draws something in both themes
    }
    CHECK(Same(PaletteRgba(kPalette[k].slot, Theme::Dark), kPalette[k].dark));
    CHECK(Same(PaletteRgba(kPalette[k].slot, Theme::Light), kPalette[k].light));
  }
}

TEST_CASE("palette: the dark theme's values are the literals the panels wrote before") {
  // The error red, written 13 times before (batch, image ×2, import, status line, running, step, teach ×2,
  // training ×2, and practice's and the lesson's kErrorColour).
  CHECK(Same(PaletteRgba(Slot::Error, Theme::Dark), {1.0f, 0.45f, 0.4f, 1.0f}));
  struct Was {
    Slot slot;
    Rgba dark;
  };
  const Was floats[] = {
      {Slot::Right, {0.45f, 0.85f, 0.45f, 1.0f}},       {Slot::Notice, {0.5f, 0.85f, 0.5f, 1.0f}},
      {Slot::Hint, {1.0f, 0.72f, 0.3f, 1.0f}},          {Slot::Warning, {1.0f, 0.75f, 0.3f, 1.0f}},
      {Slot::GpuFallback, {1.0f, 0.7f, 0.3f, 1.0f}},    {Slot::Numbers, {0.55f, 0.85f, 0.95f, 1.0f}},
      {Slot::RefusedField, {0.6f, 0.12f, 0.12f, 1.0f}}, {Slot::Current, {0.95f, 0.65f, 0.15f, 0.45f}},
      {Slot::Reads, {0.25f, 0.55f, 0.95f, 0.35f}},      {Slot::SdBand, {0.25f, 0.55f, 0.95f, 0.25f}},
      {Slot::MeanLine, {0.95f, 0.65f, 0.15f, 1.0f}},    {Slot::Sample, {0.35f, 0.75f, 1.0f, 1.0f}},
      {Slot::SelectedSample, {1.0f, 0.9f, 0.3f, 1.0f}}, {Slot::SelectedCell, {1.0f, 1.0f, 1.0f, 0.95f}},
      {Slot::PlainNet, {0.45f, 0.65f, 1.0f, 1.0f}},     {Slot::BnNet, {1.0f, 0.65f, 0.15f, 1.0f}},
      {Slot::NoisyNet, {0.4f, 0.85f, 0.45f, 1.0f}},     {Slot::Class0, {0.3f, 0.5f, 1.0f, 1.0f}},
      {Slot::Class1, {1.0f, 0.55f, 0.1f, 1.0f}},
  };
  for (const Was& w : floats) {
    CAPTURE(static_cast<int>(w.slot));
    CHECK(Same(PaletteRgba(w.slot, Theme::Dark), w.dark));
  }
  // Slots that were IM_COL32 bytes: ImGui packs them back to the very same 32 bits.
  struct Was8 {
    Slot slot;
    unsigned col32;
  };
  const Was8 bytes[] = {
      {Slot::BatchStat, Col32(110, 170, 255, 160)},   {Slot::RunningStat, Col32(255, 170, 40, 255)},
      {Slot::TrueStat, Col32(160, 160, 160, 255)},    {Slot::SpeedKernels, Col32(66, 150, 250, 255)},
      {Slot::SpeedScalar, Col32(230, 126, 34, 255)},  {Slot::SpeedMemcpy, Col32(140, 140, 140, 255)},
      {Slot::PointClass0, Col32(15, 35, 150, 255)},   {Slot::PointClass1, Col32(150, 55, 0, 255)},
      {Slot::MapInk, Col32(255, 255, 255, 200)},      {Slot::MapInkFaint, Col32(255, 255, 255, 150)},
      {Slot::MapInkStrong, Col32(255, 255, 255, 230)}, {Slot::MapCurrent, Col32(255, 60, 60, 255)},
      {Slot::EmptyMap, Col32(70, 70, 78, 255)},
  };
  for (const Was8& w : bytes) {
    CAPTURE(static_cast<int>(w.slot));
    CHECK(Packed(PaletteRgba(w.slot, Theme::Dark)) == w.col32);
  }
  CHECK(std::size(floats) + std::size(bytes) + 1 == bnlab::kSlotCount);  // every slot above (and Error)
}

TEST_CASE("palette: the light theme keeps the values it had, and what sits on its background is readable") {
  // Light values that existed before: the numbers' colour (widgets' NumbersColour) and the tensor view's frame.
  CHECK(Same(PaletteRgba(Slot::Numbers, Theme::Light), {0.0f, 0.35f, 0.5f, 1.0f}));
  CHECK(Same(PaletteRgba(Slot::SelectedCell, Theme::Light), {0.0f, 0.0f, 0.0f, 0.9f}));
  // Marks over a map picture and the speed bars: one value for both themes.
  for (Slot s : {Slot::SpeedKernels, Slot::SpeedScalar, Slot::SpeedMemcpy, Slot::Class0, Slot::Class1, Slot::PointClass0,
                 Slot::PointClass1, Slot::MapInk, Slot::MapInkFaint, Slot::MapInkStrong, Slot::MapCurrent,
                 Slot::EmptyMap, Slot::Current, Slot::Reads, Slot::SdBand}) {
    CAPTURE(static_cast<int>(s));
    CHECK(Same(PaletteRgba(s, Theme::Light), PaletteRgba(s, Theme::Dark)));
  }
  // Text: 4.5:1 (WCAG AA) on its theme's window background, in both themes.
  for (Slot s : {Slot::Error, Slot::Right, Slot::Notice, Slot::Hint, Slot::Warning, Slot::GpuFallback, Slot::Numbers,
                 Slot::PlainNet, Slot::BnNet, Slot::NoisyNet}) {
    CAPTURE(static_cast<int>(s));
    CHECK(Contrast(PaletteRgba(s, Theme::Dark), kDarkBg) >= 4.5);
    CHECK(Contrast(PaletteRgba(s, Theme::Light), kLightBg) >= 4.5);
  }
  // Lines and dots on the window background: 3:1 (WCAG's non-text contrast) in the light theme.
  for (Slot s : {Slot::BatchStat, Slot::RunningStat, Slot::TrueStat, Slot::MeanLine, Slot::Sample,
                 Slot::SelectedSample}) {
    CAPTURE(static_cast<int>(s));
    CHECK(Contrast(PaletteRgba(s, Theme::Light), kLightBg) >= 3.0);
  }
  // A refused cell: the theme's text on it (white in the dark theme, black in the light one) at 4.5:1.
  const Rgba d = PaletteRgba(Slot::RefusedField, Theme::Dark), l = PaletteRgba(Slot::RefusedField, Theme::Light);
  CHECK((1.0 + 0.05) / (Luminance(d.r, d.g, d.b) + 0.05) >= 4.5);
  CHECK((Luminance(l.r, l.g, l.b) + 0.05) / (0.0 + 0.05) >= 4.5);
}

TEST_CASE("palette: the theme from the window background (dark, light, high contrast)") {
  CHECK(bnlab::ThemeOfBackground(kDarkBg, kDarkBg, kDarkBg) == Theme::Dark);
  CHECK(bnlab::ThemeOfBackground(kContrastBg, kContrastBg, kContrastBg) == Theme::Dark);
  CHECK(bnlab::ThemeOfBackground(kLightBg, kLightBg, kLightBg) == Theme::Light);
}
