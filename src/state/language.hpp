// language.hpp: the learner's language (View → Language, the lang: command, a link's lang=, the start's choice).
// The texts themselves are the catalogs' (core/i18n/current.hpp: Tr); this is where the choice is made and kept.
#pragma once

#include <string>
#include <vector>

#include "state/app_state.hpp"

namespace bnlab {

// Switches to the language `asked` names ("es", "pt-BR", "zh-CN" → zh-Hans: MatchOneLanguage) and remembers it for
// the next visit (as the theme). The lab's state is untouched: only the texts change, from the next frame. False with
// *error (in the current language) when bnlab has no such language.
bool ChooseLanguage(AppState& app, const std::string& asked, std::string* error);

// "en, es, pt-BR or zh-Hans": the embedded languages, for messages and the command's help.
std::string LanguageList();

// The start: --lang (desktop) over the saved choice over the browser's or system's languages (StartLanguage); set,
// not saved (a start does not choose for the learner).
void StartInLanguage(const std::string& asked, const std::string& saved, const std::vector<std::string>& preferred);

}  // namespace bnlab
