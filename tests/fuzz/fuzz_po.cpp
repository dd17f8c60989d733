// fuzz_po.cpp: libFuzzer target for the text catalogs' PO reader (ParsePo). Whatever the bytes, it never crashes; a
// refusal names a line within the file and says why on one line. An accepted file round-trips: its entries written
// back (WritePoEntry) read back the same; RemovePoEntries leaves a file that reads back as the entries without that
// prefix; a translation checked against itself is never stale or extra. The placeholders and the language matcher
// take any text.
#include <cstdint>
#include <set>
#include <string>

#include "core/i18n/catalog.hpp"
#include "core/i18n/po.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bn::Format(text, {{"n", "3"}, {"x", "{n}"}});
  bn::Placeholders(text);
  const std::string tag = bn::MatchLanguage({text, text.substr(0, text.size() / 2)}, {"en", "es", "pt-BR", "zh-Hans"});
  if (tag != "en" && tag != "es" && tag != "pt-BR" && tag != "zh-Hans") FUZZ_FAIL("po #0");

  bn::PoFile po;
  bn::PoError error;
  if (!bn::ParsePo(text, &po, &error)) {
    CheckMessage(error.message);
    size_t lines = 1;
    for (char ch : text) lines += ch == '\n';
    if (error.line < 1 || static_cast<size_t>(error.line) > lines) FUZZ_FAIL("po #1");
    return 0;
  }
  std::set<std::string> keys;
  for (const bn::PoEntry& e : po.entries) {
    if (e.key.empty() || e.msgid.empty() || !keys.insert(e.key).second) FUZZ_FAIL("po #2");
    if (e.first_line < 1 || e.first_line > e.line || e.line > e.last_line) FUZZ_FAIL("po #3");
  }
  // Written back and read again: the same entries.
  bn::PoEntry header;
  header.msgstr = po.header;
  header.comments = po.header_comments;
  std::string written = bn::WritePoEntry(header);
  for (const bn::PoEntry& e : po.entries) written += "\n" + bn::WritePoEntry(e);
  bn::PoFile again;
  if (!bn::ParsePo(written, &again, &error)) FUZZ_FAIL("po #4: what WritePoEntry wrote does not read back");
  if (again.header != po.header || again.header_comments != po.header_comments || again.entries.size() != po.entries.size())
    FUZZ_FAIL("po #5");
  for (size_t k = 0; k < po.entries.size(); ++k) {
    const bn::PoEntry &a = po.entries[k], &b = again.entries[k];
    if (a.key != b.key || a.msgid != b.msgid || a.msgstr != b.msgstr || a.notes != b.notes || a.comments != b.comments ||
        a.flags != b.flags)
      FUZZ_FAIL("po #6: an entry changed in the round trip");
  }
  // The entries of one prefix taken out of the text: the rest reads back, in order.
  if (!po.entries.empty()) {
    const std::string prefix = po.entries[0].key.substr(0, (po.entries[0].key.size() + 1) / 2);
    bn::PoFile rest;
    if (!bn::ParsePo(bn::RemovePoEntries(text, po, prefix), &rest, &error)) FUZZ_FAIL("po #7: RemovePoEntries broke the file");
    size_t k = 0;
    for (const bn::PoEntry& e : po.entries) {
      if (e.key.compare(0, prefix.size(), prefix) == 0) continue;
      if (k >= rest.entries.size() || rest.entries[k].key != e.key || rest.entries[k].msgstr != e.msgstr) FUZZ_FAIL("po #8");
      ++k;
    }
    if (k != rest.entries.size()) FUZZ_FAIL("po #9");
  }
  for (const bn::CatalogGap& g : bn::CheckTranslation(po, po)) {
    CheckMessage(g.message);
    if (g.kind == bn::GapKind::Stale || g.kind == bn::GapKind::Extra) FUZZ_FAIL("po #10");
  }
  return 0;
}
