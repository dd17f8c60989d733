// language.hpp: the learner's language (View → Language, the lang: command, a link's lang=, the start's choice).
// The texts themselves are the catalogs' (core/i18n/current.hpp: Tr); this is where the choice is made and kept.
#pragma once

#include <string>
#include <vector>

#include "state/app_state.hpp"

namespace bnlab {

// Switches to the language `asked` names ("es", "pt-BR", "zh-CN" → zh-Hans: MatchOneLanguage) and remembers it for
// the next visit (as the theme). The lab's state is untouched: only the texts change, from the next frame. False with
// *error (in the current language) when bnlab has no such language. The page fetches a language's catalog when it is
// first chosen (core/i18n/current.hpp: CatalogLoaded): until it has arrived (PollLanguage) a notice says it is on its
// way and the old language stays.
bool ChooseLanguage(AppState& app, const std::string& asked, std::string* error);

// Each frame: a language waiting for its catalog (ChooseLanguage, StartInLanguage) is switched to once the catalog has
// arrived; a notice says why when it could not be fetched or read (the old language stays). True when the wait
// ended this call (either way).
bool PollLanguage(AppState& app);

// "en, es, pt-BR or zh-Hans": the embedded languages, for messages and the command's help.
std::string LanguageList();

// The start: --lang (desktop) over the saved choice over the browser's or system's languages (StartLanguage); set,
// not saved (a start does not choose for the learner). The page's loader has fetched that language's catalog before
// main runs (web/loader.js), so its first frame is in it.
void StartInLanguage(AppState& app, const std::string& asked, const std::string& saved,
                     const std::vector<std::string>& preferred);

}  // namespace bnlab
