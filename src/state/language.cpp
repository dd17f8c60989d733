// language.cpp: the learner's language (see language.hpp).
#include "state/language.hpp"

#include "core/i18n/current.hpp"
#include "core/learn/lesson.hpp"

namespace bnlab {

std::string LanguageList() {
  const std::vector<std::string>& tags = bn::AvailableLanguages();
  std::string list;
  for (size_t k = 0; k < tags.size(); ++k)
    list += (k == 0 ? "" : k + 1 == tags.size() ? bn::Tr("msg.lang.or") : ", ") + tags[k];
  return list;
}

bool ChooseLanguage(AppState& app, const std::string& asked, std::string* error) {
  const std::string tag = bn::MatchOneLanguage(asked);
  if (tag.empty()) {
    *error = bn::Tr("msg.lang.unknown", {{"lang", asked}, {"list", LanguageList()}});
    return false;
  }
  bn::SetLanguage(tag);
  app.host.SaveSetting("lang", tag);
  // The open chapter's prompts and its answered questions' explanations were written out in the old language: again
  // in the new one (the attempts stay; a hint, written for the last wrong answer, goes until the next one).
  bn::LessonSession& s = app.lesson.session;
  if (!s.checkpoint.on && s.progress.status.size() == bn::LessonChapters().size()) {
    const std::vector<int> attempts = s.attempts;
    bn::OpenChapter(&s, s.progress.chapter);
    if (attempts.size() == s.attempts.size()) s.attempts = attempts;
  }
  return true;
}

void StartInLanguage(const std::string& asked, const std::string& saved, const std::vector<std::string>& preferred) {
  bn::SetLanguage(bn::StartLanguage(asked, saved, preferred));
}

}  // namespace bnlab
