// po.hpp: the gettext PO files of the text catalogs (assets/i18n/xx.po; format: assets/i18n/README.md), read and
// written. Pure std: the build's i18n_check (src/tools/i18n_check.cpp) compiles it with the host compiler.
//
//   # Glossary: batch normalization = …           header comments: the file's comments before its first entry
//   msgid ""                                       the header entry (msgid "", no msgctxt): "Language: es\n" …
//   msgstr "Content-Type: text/plain; charset=UTF-8\n"
//
//   #. Where the text appears; {n} is …           notes for translators (kept)
//   # a translator's comment                       comments (kept); "#:", "#|", "#~" lines are kept as comments too
//   #, fuzzy                                       flags
//   msgctxt "app.loading"                          the key
//   msgid "Loading…"                               the English text
//   msgstr "Cargando…"                             the translation ("" in en.po, and where not translated yet)
//
// Strings are "…" with the escapes \n \t \r \" \\ , continued on the next lines by more "…" strings. The file is
// UTF-8 (a BOM and CRLF line ends, as Windows' Notepad writes them, are accepted). Plural forms (msgid_plural,
// msgstr[N]) are not used: a count goes into one sentence as {n}.
//
// Index
//   PoEntry, PoFile, PoError
//   ParsePo (the reader: every refusal one line with its line number), PoErrorLine
//   PoString, WritePoEntry (the writer: gettext's layout, long strings wrapped at spaces)
//   RemovePoEntries (a text edit: entries whose key starts with a prefix taken out, the rest byte for byte)
#pragma once

#include <string>
#include <vector>

namespace bn {

struct PoEntry {
  std::string key;     // msgctxt ("" only for the header entry)
  std::string msgid;   // the English text
  std::string msgstr;  // the translation ("" not translated)
  std::vector<std::string> notes;     // "#." lines, without the "#. "
  std::vector<std::string> comments;  // "#" lines (also "#:", "#|", "#~"), without the "#" and one space
  std::vector<std::string> flags;     // "#," words ("fuzzy", "c-format" …)
  int line = 0;        // the line of its msgctxt (or msgid), 1-based
  int first_line = 0;  // its first line (its first comment), for RemovePoEntries
  int last_line = 0;   // its last line (the last line of its msgstr)
  bool fuzzy() const;  // "#, fuzzy": gettext's mark of a translation to review (not used, as gettext does)
};

struct PoFile {
  std::vector<std::string> header_comments;  // the comments before the first entry (the glossary is there)
  std::string header;                        // the header entry's msgstr ("Content-Type: …\nLanguage: es\n")
  std::vector<PoEntry> entries;              // in file order, the header entry not among them
  std::string HeaderField(const std::string& name) const;  // "Language" → "es" ("" absent)
};

struct PoError {
  int line = 0;         // 1-based
  std::string message;  // one line, a quoted piece of the file cut short (bn::Quote)
};

// Reads a PO file. False with *error at the first malformed line: a string not closed, an unknown escape, text after
// a string, an unknown keyword, msgstr without msgid, msgid without msgstr, a keyword twice in one entry, a string
// with no keyword before it, an entry without msgctxt (other than the header), a duplicate key (the message names
// the first one's line), plural forms, a NUL byte or invalid UTF-8. Never throws, whatever the bytes.
bool ParsePo(const std::string& text, PoFile* out, PoError* error);

// "FILE:LINE: error: MESSAGE", the one line every tool prints for a refusal.
std::string PoErrorLine(const std::string& file, const PoError& error);

// A PO string with its quotes: "a \"b\"\n" (\\ \" \n \t \r escaped; any other control character, which no text
// holds, is written as '?').
std::string PoString(const std::string& text);

// One entry as gettext lays it out (comments, notes, flags, msgctxt, msgid, msgstr), ending in a newline. A string
// longer than a line, or holding "\n", is written as "" and then pieces of at most ~76 columns, cut after spaces
// (after each "\n"), so a text editor shows it whole.
std::string WritePoEntry(const PoEntry& e);

// The file's text without the entries whose key starts with `prefix` (their comments and the blank lines after
// them go too); every other byte stays as it was. For i18n_check, which rewrites a file's lesson section.
std::string RemovePoEntries(const std::string& text, const PoFile& parsed, const std::string& prefix);

}  // namespace bn
