// lesson_i18n.cpp: the chapters in a language (see lesson_i18n.hpp).
#include "core/learn/lesson_i18n.hpp"

#include <map>

#include "core/i18n/current.hpp"
#include "core/learn/chapter_i18n.hpp"
#include "core/learn/lesson.hpp"

namespace bn {

const std::vector<Chapter>& LessonChaptersIn(const std::string& tag) {
  static std::map<std::string, std::vector<Chapter>> by_language;  // built once per language, never changed after
  const Catalog* catalog = tag == "en" ? nullptr : FindCatalog(tag);
  if (!catalog) return LessonChaptersEnglish();
  auto it = by_language.find(tag);
  if (it == by_language.end()) {
    std::vector<Chapter> chapters;
    for (const Chapter& en : LessonChaptersEnglish())
      chapters.push_back(LocalizeChapter(en, [&](const std::string& key) { return catalog->Find(key); }));
    it = by_language.emplace(tag, std::move(chapters)).first;
  }
  return it->second;
}

}  // namespace bn
