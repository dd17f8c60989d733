// labs.cpp: the table of labs (see labs.hpp) and what is read from it.
#include "state/labs.hpp"

#include "core/i18n/current.hpp"
#include "state/learn.hpp"
#include "state/link.hpp"

namespace bnlab {
namespace {

// By Lab. The names are the ones learners and the browser tests know (English: the catalogs' keys TEXT_KEY.name and
// TEXT_KEY.short hold them, translated); the tab-* help lines are bnlab --help's.
// i18n-keys: lab.
constexpr std::array<LabInfo, kTabCount> kLabs = {{
    {Lab::Step, '1', "Step through BN", "Steps", "lab.step", "tab-step", "show lab 1, step through BN",
     "preset:Default", "", ApplyStepLink},
    {Lab::Running, '2', "Train vs inference", "Inference", "lab.running", "tab-running",
     "show lab 2, train vs inference", "next_batch", nullptr, nullptr},
    {Lab::Training, '3', "Why BN helps: training", "Training", "lab.training", "tab-train", "show lab 3, training",
     "train_toggle", "train", ApplyTrainLink},
    {Lab::Speed, '4', "Speed", "Speed", "lab.speed", "tab-speed", "show lab 4, speed", "speed_run", nullptr, nullptr},
    {Lab::Image, '5', "Images: BN and its relatives", "Images", "lab.image", "tab-image", "show lab 5, images",
     "image_new_batch", "image", ApplyImageLink},
    {Lab::Lesson, 'L', "Lesson", "Lesson", "lab.lesson", "tab-lesson", "show the lesson (as the L key)",
     "lesson_start", "lesson", ApplyLessonLink},
}};

// Row k is Lab k; the first kLabCount rows have the keys '1', '2', ...; the lesson, last, has a letter; exactly one
// lab (the step lab) reads the links without lab=. (That every link has its reader is a unit test: a function's
// address is no constant expression under UBSan.)
constexpr bool TableInOrder() {
  int default_readers = 0;
  for (int k = 0; k < kTabCount; ++k) {
    if (static_cast<int>(kLabs[k].id) != k) return false;
    if ((k < kLabCount) != (kLabs[k].key == '1' + k)) return false;
    if (kLabs[k].link_lab != nullptr && kLabs[k].link_lab[0] == '\0') ++default_readers;
  }
  return kLabs[static_cast<int>(Lab::Lesson)].key == 'L' && default_readers == 1;
}
static_assert(TableInOrder(), "kLabs: rows in Lab order, keys 1..kLabCount then L, one default link reader");

bool Numbered(const LabInfo& lab) { return lab.key >= '1' && lab.key <= '9'; }

}  // namespace

const std::array<LabInfo, kTabCount>& Labs() { return kLabs; }

const LabInfo& LabOf(Lab id) { return kLabs[static_cast<size_t>(id)]; }

const LabInfo* LabForKey(unsigned int c) {
  const unsigned int upper = c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
  for (const LabInfo& lab : kLabs)
    if (static_cast<unsigned char>(lab.key) == upper) return &lab;
  return nullptr;
}

const LabInfo& LabForLink(const bn::LinkPairs& pairs) {
  const std::string named = bn::LinkLab(pairs);
  const LabInfo* fallback = nullptr;
  for (const LabInfo& lab : kLabs) {
    if (lab.link_lab == nullptr) continue;
    if (named == lab.link_lab) return lab;
    if (*lab.link_lab == '\0') fallback = &lab;
  }
  return *fallback;  // the step lab (link_lab ""): one, TableInOrder checks
}

bool HasOwnLink(Lab id) {
  const LabInfo& lab = LabOf(id);
  return lab.link_lab != nullptr && *lab.link_lab != '\0';
}

const std::string& LabName(const LabInfo& lab) { return bn::Tr(std::string(lab.text_key) + ".name"); }

const std::string& LabShortName(const LabInfo& lab) { return bn::Tr(std::string(lab.text_key) + ".short"); }

std::string LabTitle(const LabInfo& lab) {
  return Numbered(lab) ? std::string(1, lab.key) + " " + LabName(lab) : LabName(lab);
}

std::string LabTabLabel(const LabInfo& lab, bool short_names) {
  if (short_names) return LabShortName(lab);
  if (Numbered(lab)) return LabTitle(lab);
  return bn::Tr("lab.tab_with_key", {{"name", LabName(lab)}, {"key", std::string(1, lab.key)}});  // "Lesson (L)"
}

bn::Json LabsJson() {
  using bn::Json;
  Json labs = Json::Array();
  for (const LabInfo& lab : kLabs) {
    Json o = Json::Object();
    o.append("id", Json::Number(static_cast<int>(lab.id)));
    o.append("key", Json::String(std::string(1, lab.key)));
    o.append("name", Json::String(LabName(lab)));
    o.append("title", Json::String(LabTitle(lab)));
    o.append("short", Json::String(LabShortName(lab)));
    o.append("command", Json::String(lab.command));
    labs.push(std::move(o));
  }
  return labs;
}

}  // namespace bnlab
