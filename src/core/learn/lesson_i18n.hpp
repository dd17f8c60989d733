// lesson_i18n.hpp: the lesson's chapters in a language. The English chapters are embedded as they are
// (assets/lesson/en/, core/learn/lesson.cpp); another language's chapters are those with the texts of its catalog
// (assets/i18n/TAG.po, keys lesson.<file stem>.<field>: chapter_i18n.hpp), each text it lacks left in English.
#pragma once

#include <string>
#include <vector>

#include "core/learn/chapter_file.hpp"

namespace bn {

// The chapters in language `tag` ("en", "es", "pt-BR", "zh-Hans"): the same chapters, labs, questions and answers as
// LessonChapters(), in that language's words. A tag without a catalog gives English. Built once per language; the
// same vector every call (references stay valid).
const std::vector<Chapter>& LessonChaptersIn(const std::string& tag);

}  // namespace bn
