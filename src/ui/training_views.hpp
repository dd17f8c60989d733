// training_views.hpp: the training lab's pictures (ui/training_views.cpp): the decision boundaries and the loss
// landscape, drawn by the shaders in shaders/ through gfx/gpu_views, or by the CPU when the shaders did not build.
#pragma once

#include <imgui.h>

#include <string>

#include "core/train/mlp.hpp"
#include "state/app_state.hpp"

namespace bnlab {

ImU32 RunColour(bn::NormKind n, float alpha = 1.0f);  // plain blue, BN orange, noisy BN green
const std::string& RunTitle(bn::NormKind n);          // "plain", "with BN", "noisy BN" in the current language
const char* RunId(bn::NormKind n);                    // the English name, for ImGui ids that must not change

// The view switch (decision boundaries | loss landscape) and the chosen view, for every network side by side;
// also serves a read-back asked for by a gpu:readback command.
void DrawTrainViews(AppState& app);

// Own data with too few points to train (no networks): an empty map with the points so far, to draw on.
void DrawEmptyOwnMap(AppState& app);

}  // namespace bnlab
