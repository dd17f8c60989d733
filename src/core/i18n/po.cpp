// po.cpp: the PO reader and writer (see po.hpp and assets/i18n/README.md).
//
// Index
//   1. Lines and strings: UTF-8 check, one "…" string with its escapes
//   2. ParsePo: comments, keywords, continuation strings, entries; the duplicate-key check
//   3. The writer: PoString, WritePoEntry
//   4. RemovePoEntries
#include "core/i18n/po.hpp"

#include <map>

#include "core/base/message.hpp"

namespace bn {

bool PoEntry::fuzzy() const {
  for (const std::string& f : flags)
    if (f == "fuzzy") return true;
  return false;
}

std::string PoFile::HeaderField(const std::string& name) const {
  size_t pos = 0;
  while (pos < header.size()) {
    const size_t nl = header.find('\n', pos);
    const std::string line = header.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (line.compare(0, name.size() + 1, name + ":") == 0) {
      size_t start = name.size() + 1;
      while (start < line.size() && line[start] == ' ') ++start;
      return line.substr(start);
    }
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return "";
}

namespace {

// ---------------------------------------------------------------------------------------------
// 1. Lines and strings
// ---------------------------------------------------------------------------------------------
// The 1-based line of the first byte that is not valid UTF-8, or 0 when the text is valid.
int FirstBadUtf8Line(const std::string& s) {
  int line = 1;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 && c >= 0xC2 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return line;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return line;
    if (n == 3) {  // no overlong forms, no UTF-16 surrogates
      const unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0)) return line;
    } else if (n == 4) {  // no overlong forms, nothing past U+10FFFF
      const unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xF0 && d < 0x90) || (c == 0xF4 && d >= 0x90)) return line;
    }
    if (c == '\n') ++line;
    i += n;
  }
  return 0;
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// Reads one "…" string starting at line[pos] (which is '"'), appending its text to *out. Only spaces may follow it.
bool ReadString(const std::string& line, size_t pos, std::string* out, std::string* why) {
  ++pos;  // the opening quote
  while (true) {
    if (pos >= line.size()) {
      *why = "a string is not closed with \" before the line ends";
      return false;
    }
    const char c = line[pos];
    if (c == '"') break;
    if (c == '\\') {
      if (pos + 1 >= line.size()) {
        *why = "a string is not closed with \" before the line ends (it ends in a backslash)";
        return false;
      }
      const char e = line[pos + 1];
      if (e == 'n') *out += '\n';
      else if (e == 't') *out += '\t';
      else if (e == 'r') *out += '\r';
      else if (e == '"') *out += '"';
      else if (e == '\\') *out += '\\';
      else {
        const std::string what = static_cast<unsigned char>(e) < 0x80 ? Quote(std::string(1, e)) : std::string("…");
        *why = "unknown escape \"\\" + what + "\" (known: \\n \\t \\r \\\" \\\\)";
        return false;
      }
      pos += 2;
      continue;
    }
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
      *why = "a control character in a string (write a new line as \\n)";
      return false;
    }
    *out += c;
    ++pos;
  }
  ++pos;  // the closing quote
  while (pos < line.size() && IsSpace(line[pos])) ++pos;
  if (pos < line.size()) {
    *why = "text after a string's closing quote: \"" + Quote(line.substr(pos)) + "\" (a string per line)";
    return false;
  }
  return true;
}

std::string TrimSpaces(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && IsSpace(s[a])) ++a;
  while (b > a && IsSpace(s[b - 1])) --b;
  return s.substr(a, b - a);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 2. ParsePo
// ---------------------------------------------------------------------------------------------
bool ParsePo(const std::string& text, PoFile* out, PoError* error) {
  auto fail = [&](int line, const std::string& message) {
    *error = {line, OneLine(message)};
    return false;
  };
  if (const int bad = FirstBadUtf8Line(text)) return fail(bad, "the file is not valid UTF-8 (save it as UTF-8)");
  const size_t nul = text.find('\0');
  if (nul != std::string::npos) {
    int line = 1;
    for (size_t k = 0; k < nul; ++k) line += text[k] == '\n';
    return fail(line, "a NUL byte (the file is not text)");
  }
  PoFile file;
  std::map<std::string, int> key_lines;  // key → the line of its first entry
  PoEntry cur;
  bool has_ctxt = false, has_id = false, has_str = false, has_comments = false;
  bool seen_entry = false;        // an entry was finished (or the header)
  std::string* continuing = nullptr;  // the string the next "…" line continues
  // Finishes the entry being read (it has its msgstr). False with *error on an entry without a key or a duplicate.
  auto finish = [&]() -> bool {
    const bool header = !seen_entry && !has_ctxt && cur.msgid.empty();
    if (header) {
      file.header = cur.msgstr;
      file.header_comments = cur.comments;
    } else {
      if (!has_ctxt) return fail(cur.line, "an entry without msgctxt: every text has a key (msgctxt \"menu.view\")");
      if (cur.key.empty()) return fail(cur.line, "an empty msgctxt: the key is missing");
      if (cur.msgid.empty()) return fail(cur.line, "an empty msgid for \"" + Quote(cur.key) + "\": the English text is missing");
      const auto seen = key_lines.find(cur.key);
      if (seen != key_lines.end())
        return fail(cur.line, "the key \"" + Quote(cur.key) + "\" again (first on line " + std::to_string(seen->second) +
                                  "): one entry per key");
      key_lines[cur.key] = cur.line;
      file.entries.push_back(cur);
    }
    seen_entry = true;
    cur = PoEntry();
    has_ctxt = has_id = has_str = has_comments = false;
    continuing = nullptr;
    return true;
  };
  int number = 0;
  size_t pos = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;  // a byte order mark (Windows editors write one)
  while (pos <= text.size()) {
    const size_t nl = text.find('\n', pos);
    std::string raw = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    const std::string line = TrimSpaces(raw);
    const bool last = nl == std::string::npos;
    pos = last ? text.size() + 1 : nl + 1;
    if (line.empty()) {
      continuing = nullptr;
      if (has_str && !finish()) return false;
      continue;
    }
    if (line.find('\r') != std::string::npos) return fail(number, "a carriage return inside a line");
    if (line[0] == '#') {
      if (has_str && !finish()) return false;
      if (has_ctxt || has_id) return fail(number, "a comment inside an entry: comments go before its msgctxt");
      continuing = nullptr;
      if (!has_comments) cur.first_line = number;
      has_comments = true;
      if (line.compare(0, 2, "#.") == 0) {
        cur.notes.push_back(TrimSpaces(line.substr(2)));
      } else if (line.compare(0, 2, "#,") == 0) {
        const std::string rest = line.substr(2);
        size_t p = 0;
        while (p <= rest.size()) {
          const size_t comma = rest.find(',', p);
          const std::string flag = TrimSpaces(rest.substr(p, comma == std::string::npos ? std::string::npos : comma - p));
          if (!flag.empty()) cur.flags.push_back(flag);
          if (comma == std::string::npos) break;
          p = comma + 1;
        }
      } else {
        std::string c = line.substr(1);
        if (!c.empty() && c[0] == ' ') c.erase(0, 1);
        cur.comments.push_back(c);
      }
      continue;
    }
    if (line[0] == '"') {
      if (!continuing) return fail(number, "a string with no msgctxt, msgid or msgstr before it");
      std::string why;
      if (!ReadString(line, 0, continuing, &why)) return fail(number, why);
      cur.last_line = number;
      continue;
    }
    size_t word_end = 0;
    while (word_end < line.size() && !IsSpace(line[word_end]) && line[word_end] != '"') ++word_end;
    const std::string word = line.substr(0, word_end);
    size_t quote = word_end;
    while (quote < line.size() && IsSpace(line[quote])) ++quote;
    if (word == "msgid_plural" || word.compare(0, 7, "msgstr[") == 0)
      return fail(number, "plural forms (msgid_plural, msgstr[N]) are not used: write the count as {n} in one text");
    if (word != "msgctxt" && word != "msgid" && word != "msgstr")
      return fail(number, "unknown keyword \"" + Quote(word) + "\" (known: msgctxt, msgid, msgstr, and # comments)");
    if (quote >= line.size() || line[quote] != '"') return fail(number, word + " needs a string in quotes: " + word + " \"…\"");
    if (word == "msgctxt" || (word == "msgid" && has_str)) {
      if (has_str && !finish()) return false;
    }
    std::string* target = nullptr;
    if (word == "msgctxt") {
      if (has_ctxt) return fail(number, "a second msgctxt in one entry");
      if (has_id) return fail(number, "msgctxt after msgid: the key comes first (msgctxt, msgid, msgstr)");
      has_ctxt = true;
      target = &cur.key;
    } else if (word == "msgid") {
      if (has_id) return fail(number, "a second msgid: the entry before has no msgstr");
      has_id = true;
      target = &cur.msgid;
    } else {
      if (!has_id) return fail(number, "msgstr without a msgid before it");
      if (has_str) return fail(number, "a second msgstr in one entry");
      has_str = true;
      target = &cur.msgstr;
    }
    if (!has_comments && cur.line == 0) cur.first_line = number;
    if (cur.line == 0) cur.line = number;
    std::string why;
    if (!ReadString(line, quote, target, &why)) return fail(number, why);
    continuing = target;
    cur.last_line = number;
  }
  if (has_id && !has_str) return fail(cur.line, "msgid without msgstr: the entry ends at the end of the file");
  if (has_ctxt && !has_id) return fail(cur.line, "msgctxt without msgid and msgstr at the end of the file");
  if (has_str && !finish()) return false;
  *out = std::move(file);
  return true;
}

std::string PoErrorLine(const std::string& file, const PoError& error) {
  return file + ":" + std::to_string(error.line) + ": error: " + error.message;
}

// ---------------------------------------------------------------------------------------------
// 3. The writer
// ---------------------------------------------------------------------------------------------
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) out += '?';
    else out += c;
  }
  return out;
}

size_t Columns(const std::string& s) {  // UTF-8 characters
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

constexpr size_t kWidth = 79;  // gettext's line width

void WriteKeyword(const std::string& keyword, const std::string& text, std::string* out) {
  const std::string escaped = Escape(text);
  const size_t newline = text.find('\n');
  const bool inner_newline = newline != std::string::npos && newline + 1 < text.size();
  if (!inner_newline && keyword.size() + 3 + Columns(escaped) <= kWidth) {
    *out += keyword + " \"" + escaped + "\"\n";
    return;
  }
  *out += keyword + " \"\"\n";
  // Pieces of the raw text that end after a space or a newline; a line takes pieces while it fits.
  std::string piece, line;
  auto flush_line = [&]() {
    if (!line.empty()) *out += "\"" + line + "\"\n";
    line.clear();
  };
  auto add_piece = [&](bool hard_break) {
    const std::string p = Escape(piece);
    piece.clear();
    if (!line.empty() && Columns(line) + Columns(p) + 2 > kWidth) flush_line();
    line += p;
    if (hard_break) flush_line();
  };
  for (const char c : text) {
    piece += c;
    if (c == '\n') add_piece(true);
    else if (c == ' ') add_piece(false);
  }
  if (!piece.empty()) add_piece(false);
  flush_line();
}

}  // namespace

std::string PoString(const std::string& text) { return "\"" + Escape(text) + "\""; }

std::string WritePoEntry(const PoEntry& e) {
  std::string out;
  auto lines_of = [](const std::string& s) {  // a note or comment holding newlines becomes several lines
    std::vector<std::string> lines;
    size_t pos = 0;
    while (true) {
      const size_t nl = s.find('\n', pos);
      lines.push_back(s.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
      if (nl == std::string::npos) break;
      pos = nl + 1;
    }
    return lines;
  };
  for (const std::string& comment : e.comments)
    for (const std::string& l : lines_of(comment)) {
      if (l.empty()) out += "#\n";
      else if (l[0] == ':' || l[0] == '|' || l[0] == '~') out += "#" + l + "\n";
      else out += "# " + l + "\n";
    }
  for (const std::string& note : e.notes)
    for (const std::string& l : lines_of(note)) out += l.empty() ? "#.\n" : "#. " + l + "\n";
  if (!e.flags.empty()) {
    out += "#,";
    for (size_t k = 0; k < e.flags.size(); ++k) out += (k ? ", " : " ") + e.flags[k];
    out += "\n";
  }
  if (!e.key.empty()) WriteKeyword("msgctxt", e.key, &out);
  WriteKeyword("msgid", e.msgid, &out);
  WriteKeyword("msgstr", e.msgstr, &out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// 4. RemovePoEntries
// ---------------------------------------------------------------------------------------------
std::string RemovePoEntries(const std::string& text, const PoFile& parsed, const std::string& prefix) {
  std::vector<std::string> lines;  // each with its '\n'
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const size_t end = nl == std::string::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  std::vector<bool> drop(lines.size() + 2, false);
  for (const PoEntry& e : parsed.entries) {
    if (e.key.compare(0, prefix.size(), prefix) != 0) continue;
    for (int l = e.first_line; l <= e.last_line && l >= 1 && l <= static_cast<int>(lines.size()); ++l) drop[l] = true;
    // The blank lines after it.
    for (int l = e.last_line + 1; l >= 1 && l <= static_cast<int>(lines.size()); ++l) {
      if (lines[l - 1].find_first_not_of(" \t\r\n") != std::string::npos) break;
      drop[l] = true;
    }
  }
  std::string out;
  for (size_t k = 0; k < lines.size(); ++k)
    if (!drop[k + 1]) out += lines[k];
  return out;
}

}  // namespace bn
