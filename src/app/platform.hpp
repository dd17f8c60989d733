// platform.hpp: the few things that differ between the browser and the desktop, behind one interface.
#pragma once

#include <string>

namespace bnlab {

// The page's URL hash without '#', percent-escapes kept (desktop: empty). Sets *too_long when the hash
// is longer than `max_len` (then the returned text is empty).
std::string ReadUrlHash(size_t max_len, bool* too_long);

// Replaces the URL hash without adding a history entry or firing hashchange (desktop: no-op).
void WriteUrlHash(const std::string& hash);

// Calls `on_change` whenever the learner edits the URL hash or follows a link (desktop: never).
void WatchUrlHash(void (*on_change)());

// Puts text on the clipboard. Returns false if the platform refused (the UI then shows the text).
bool CopyToClipboard(const std::string& text);

// The page's address with the given hash (desktop: "bnlab#" + hash, for copying into a browser).
std::string LinkWithHash(const std::string& hash);

// Persists a small setting across visits (web: localStorage; desktop: a file in the user's config folder).
void SaveSetting(const std::string& key, const std::string& value);
std::string LoadSetting(const std::string& key);

}  // namespace bnlab
