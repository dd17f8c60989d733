// link.hpp: the page's link (URL hash) and the state, both ways.
//
//   ApplyHash   reads a link into the app: the image lab's (lab=image&...) or the step lab's batch and step
//   FormatHash  the link of the lab on screen: the image lab's on its tab, the step lab's everywhere else
#pragma once

#include <string>

#include "state/app_state.hpp"

namespace bnlab {

// Applies a hash (without '#'). A link that cannot be read (or was too long: too_long) changes nothing,
// says why in a notice and marks the hash dirty, so the state on screen replaces it. An empty hash does nothing.
void ApplyHash(AppState& app, const std::string& hash, bool too_long);

std::string FormatHash(const AppState& app);

}  // namespace bnlab
