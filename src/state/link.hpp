// link.hpp: the page's link (URL hash) and the state, both ways.
//
//   ApplyHash        reads a link into the app: split into its pairs once, handed to the lab its lab= names
//                    (state/labs.cpp: LabForLink), the step lab's reader when it names none
//   Apply*Link       the readers of the step, training and image labs' links (the lesson's: learn.hpp)
//   FormatHash       the link of the lab on screen: the image, training and lesson tabs' own, the step lab's elsewhere
#pragma once

#include <string>

#include "core/lab/link_pairs.hpp"
#include "state/app_state.hpp"

namespace bnlab {

// Applies a hash (without '#'). A link that cannot be read (or was too long: too_long) changes nothing,
// says why in a notice and marks the hash dirty, so the state on screen replaces it. An empty hash does nothing.
void ApplyHash(AppState& app, const std::string& hash, bool too_long);

// The labs' link readers (LinkReader, state/labs.hpp). All or nothing: false with a one-line reason in *error.
// The step lab's: its batch and step, and practice=S (S ≥ 1: a practice round from seed S; 0: practice off).
bool ApplyStepLink(AppState& app, const bn::LinkPairs& pairs, std::string* error);
// The training lab's (lab=train): its settings and the teacher's points; new networks, its tab.
bool ApplyTrainLink(AppState& app, const bn::LinkPairs& pairs, std::string* error);
// The image lab's (lab=image): its batch, variant and step, and its tab.
bool ApplyImageLink(AppState& app, const bn::LinkPairs& pairs, std::string* error);

std::string FormatHash(const AppState& app);

}  // namespace bnlab
