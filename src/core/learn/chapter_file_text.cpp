// chapter_file_text.cpp: ChapterFileErrorText, a chapter file's refusal in the current language. Apart from
// chapter_file.cpp because that reader is also compiled alone, without the embedded catalogs, by the build's
// checkers (lesson_check, i18n_check).
#include "core/i18n/current.hpp"
#include "core/learn/chapter_file.hpp"

namespace bn {

std::string ChapterFileErrorText(const ChapterFileError& error) {
  return error.key.empty() ? error.message : Tr(error.key, error.args);
}

}  // namespace bn
