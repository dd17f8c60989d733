// labs.hpp: the one table of labs. Each lab's id, the key that shows it, its names, the command that shows it,
// the control keyboard navigation focuses first in it, and the reader of its link. The tab bar and the keys
// (ui/layout.cpp), the text version (state/mirror.cpp; web/a11y.js through state().labs), the tab-* commands
// (state/commands.cpp) and ApplyHash (state/link.cpp) all read it.
//
//   LabInfo, Labs   the table, in Lab order: the five labs (keys 1–5), then the lesson (Lab::Lesson = 5, key L;
//                   the tab bar draws it first)
//   LabOf           a lab's row; LabForKey: the row a typed key shows; LabForLink: the row whose reader takes a link
//   LabName         the name in the current language (LabShortName: the short one), read from the catalogs
//   LabTitle        "1 Step through BN", "Lesson": the text version's heading and button, the tab's full name
//   LabTabLabel     the canvas's tab: the title ("Lesson (L)" for the lesson), or the short name on a narrow screen
//   LabsJson        state().labs (names in the current language)
#pragma once

#include <array>
#include <string>

#include "core/io/json.hpp"
#include "core/lab/link_pairs.hpp"
#include "state/app_state.hpp"

namespace bnlab {

// Reads a link already split into its pairs into the app. All or nothing: false with a one-line reason in *error.
using LinkReader = bool (*)(AppState& app, const bn::LinkPairs& pairs, std::string* error);

struct LabInfo {
  Lab id;
  char key;                   // the key that shows it: '1'–'5', 'L' (l too)
  const char* name;           // "Step through BN": state().a11y.lab and "Lab 2 of 5: Train vs inference" (English;
                              // shown through LabName)
  const char* short_name;     // "Steps": its tab on a narrow screen (a phone) (English; shown through LabShortName)
  const char* text_key;       // "lab.step": the catalog keys of its names, TEXT_KEY.name and TEXT_KEY.short
  const char* command;        // "tab-step": shows it, as its key does
  const char* command_help;   // that command's line in bnlab --help
  const char* first_control;  // the TrackItem id keyboard navigation focuses when the lab comes on screen
  const char* link_lab;       // lab= in its links ("image", "train", "lesson"); "" for the step lab, whose links
                              // have no lab= (and which takes any link no other lab claims); nullptr: no link
  LinkReader read_link;       // reads its link (nullptr when link_lab is)
};

const std::array<LabInfo, kTabCount>& Labs();

const LabInfo& LabOf(Lab id);

// The lab a typed character shows ('1'–'5', 'l' or 'L'), or nullptr.
const LabInfo* LabForKey(unsigned int c);

// The lab whose reader takes this link: the one its lab= names, else the step lab (whose reader refuses a lab= key).
const LabInfo& LabForLink(const bn::LinkPairs& pairs);

// True when the lab writes a link of its own (lab=...): the image, training and lesson tabs.
bool HasOwnLink(Lab id);

// The names in the current language (the catalog's TEXT_KEY.name, TEXT_KEY.short; in English name, short_name).
const std::string& LabName(const LabInfo& lab);
const std::string& LabShortName(const LabInfo& lab);

std::string LabTitle(const LabInfo& lab);
std::string LabTabLabel(const LabInfo& lab, bool short_names);

// [{"id", "key", "name", "title", "short", "command"}], in Lab order.
bn::Json LabsJson();

}  // namespace bnlab
