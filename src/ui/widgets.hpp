// widgets.hpp: small drawing helpers shared by the panels.
#pragma once

#include <imgui.h>

#include <string>

#include "state/app_state.hpp"
#include "core/bn/bn.hpp"
#include "core/train/trainer.hpp"

namespace bnlab {

// Flags of every panel (child window): in keyboard navigation (K) the arrows cross from one panel's
// controls into the next, instead of stopping at the panel's border until Space enters it.
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NavFlattened;

// A greyed "(?)" that shows `text` in a wrapped tooltip on hover (and keyboard focus).
void HelpMarker(const char* text);

// A formula line: the formula in the accent colour, then its help marker.
void FormulaLine(const std::string& formula, const char* help);

// A read-only table of a 1×D or M×D matrix with a row label column.
// row_label(i) names row i ("x₁" ...); col headers are "feature 1..D".
void MatrixTable(const char* id, const bn::Mat& m, const char* row_symbol, int digits = 4);

// Key `key` pressed this frame, or repeating while held; a repeat only once the key was already held past
// io.KeyRepeatDelay at the previous frame: at a few frames per second (a slow machine) one long frame would
// otherwise turn a single press into several.
bool KeyPressedOrRepeating(int key);

// "text###id": a translated label whose ImGui id (the English label it had before) is the same in every language.
std::string L(const std::string& text, const std::string& id);

// One number as printf's `format` writes it (the digits the panels showed before their texts moved to the catalogs).
std::string Printf(const char* format, double v);

// Between two panels drawn one after the other in one column (narrow screens): space, a line, space.
void SectionBreak();

// Greyed text that wraps at the window edge.
void DisabledWrapped(const char* text);

// Records the last item's place in app.item_rects under `id` (so browser tests can click it like a user),
// and `id` in app.ui.nav_item when it has the keyboard focus (so they can find it with the arrows).
void TrackItem(AppState& app, const std::string& id);

// A button tracked by TrackItem.
bool TrackedButton(AppState& app, bool small, const char* label, const std::string& id);

// SameLine, unless the next item (`width` wide) would not fit on this line: then a new line (narrow screens).
void SameLineIfFits(float width, float spacing = -1.0f);

// A slider over one row of the training settings table (core/train/train_settings.hpp, row `key`) of *config:
// dragging spans [drag_lo, drag_hi] (narrower than the table's range where that reads better); a value typed with
// Ctrl+click may be anything in the table's range and is clamped to it (bn::ClampTrainSetting). Whole-number rows
// get an integer slider. True when the value changed.
bool TrainSettingSlider(bn::TrainConfig* config, const char* key, const char* label, double drag_lo, double drag_hi,
                        const char* format, ImGuiSliderFlags flags = 0);

// Unicode subscript for a 1-based index ("₁₂").
std::string Subscript(int one_based);

// A table's column header "feature 3" (0-based j = 2) in the current language (abbreviated where the word is long:
// the columns are ~6 characters' heights wide), its ImGui ID the English label ("###feature 3").
std::string FeatureHeader(int j);

}  // namespace bnlab
