// mirror.hpp: what the page's text version for screen readers (web/a11y.js) reads, kept beside the state:
// the revision (a number that moves whenever anything the text version shows changes, so the page rebuilds
// it then and only then), and the sentences it shows and announces, as JSON.
#pragma once

#include <cstdint>
#include <string>

#include "core/io/json.hpp"
#include "state/app_state.hpp"

namespace bnlab {

// A digest of everything the text version shows (tab, steps, selections, the batches, refusals, the other
// labs' key numbers). Cheap: a few hundred numbers hashed, no text built.
uint64_t MirrorFingerprint(const AppState& app);

// Raises app.revision when the fingerprint moved since the last call (once a frame, after the panels).
void UpdateRevision(AppState& app);

// The "a11y" object of the state JSON: the step on screen in words (title, general formula, formula with
// the numbers of the selected element), the image lab's step and group labels, the sentence the live region
// announces, and the refusal the canvas shows (empty when none).
bn::Json MirrorJson(const AppState& app);

}  // namespace bnlab
