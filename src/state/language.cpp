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

namespace {

// Makes `tag` (its catalog here) the current language. The open chapter's prompts and its answered questions'
// explanations were written out in the old language: again in the new one (the attempts stay; a hint, written for the
// last wrong answer, goes until the next one).
void Apply(AppState& app, const std::string& tag) {
  bn::SetLanguage(tag);
  bn::LessonSession& s = app.lesson.session;
  if (!s.checkpoint.on && s.progress.status.size() == bn::LessonChapters().size()) {
    const std::vector<int> attempts = s.attempts;
    bn::OpenChapter(&s, s.progress.chapter);
    if (attempts.size() == s.attempts.size()) s.attempts = attempts;
  }
}

// `tag` now if its catalog is here, else once it has arrived (PollLanguage); `save`: remember it for the next visit.
void Want(AppState& app, const std::string& tag, bool save) {
  app.ui.language_pending.clear();
  if (bn::CatalogLoaded(tag)) {
    Apply(app, tag);
    if (save) app.host.SaveSetting("lang", tag);
    return;
  }
  app.ui.language_pending = tag;
  app.ui.language_pending_save = save;
  if (!PollLanguage(app)) Notify(app, bn::Tr("msg.lang.loading", {{"lang", bn::LanguageName(tag)}}), false);
}

}  // namespace

bool ChooseLanguage(AppState& app, const std::string& asked, std::string* error) {
  const std::string tag = bn::MatchOneLanguage(asked);
  if (tag.empty()) {
    *error = bn::Tr("msg.lang.unknown", {{"lang", asked}, {"list", LanguageList()}});
    return false;
  }
  Want(app, tag, true);
  return true;
}

bool PollLanguage(AppState& app) {
  const std::string tag = app.ui.language_pending;
  if (tag.empty()) return false;
  std::string bytes, why;
  const int got = app.host.FetchCatalog(tag, &bytes);
  if (got == Host::kCatalogLoading) return false;
  app.ui.language_pending.clear();
  if (got == Host::kCatalogReady && bn::AddCatalog(tag, bytes, &why)) {
    Apply(app, tag);
    if (app.ui.language_pending_save) app.host.SaveSetting("lang", tag);
    return true;
  }
  if (got != Host::kCatalogReady) why = bytes;  // the fetch's own reason
  Notify(app, bn::Tr("msg.lang.not_loaded", {{"lang", bn::LanguageName(tag)}, {"why", why}}), true);
  return true;
}

void StartInLanguage(AppState& app, const std::string& asked, const std::string& saved,
                     const std::vector<std::string>& preferred) {
  Want(app, bn::StartLanguage(asked, saved, preferred), false);
}

}  // namespace bnlab
