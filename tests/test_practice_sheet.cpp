// test_practice_sheet.cpp: practice sheets: same seed same sheet, each difficulty's promise, the answer key agrees
// with bntrace run on the key's own input for every exercise, LaTeX compiles (when pdflatex is installed),
// the HTML page prints one box per exercise.
#include <doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "core/i18n/current.hpp"
#include "core/io/json.hpp"
#include "core/learn/practice_sheet.hpp"
#include "test_util.hpp"

namespace {

const bn::PracticeFormat kFormats[] = {bn::PracticeFormat::Markdown, bn::PracticeFormat::Latex,
                                       bn::PracticeFormat::Html};

std::string Run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, got);
  pclose(p);
  return out;
}

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  size_t pos = 1;
  while (pos < line.size()) {
    const size_t bar = line.find('|', pos);
    if (bar == std::string::npos) break;
    std::string c = line.substr(pos, bar - pos);
    c.erase(0, c.find_first_not_of(' '));
    c.erase(c.find_last_not_of(' ') + 1);
    cells.push_back(c);
    pos = bar + 1;
  }
  return cells;
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

}  // namespace

TEST_CASE("practice sheet: same seed, same sheet; another seed, other numbers; exercise k does not depend on K") {
  bn::PracticeConfig c;
  c.count = 6;
  c.seed = 42;
  for (bn::PracticeDifficulty d : {bn::PracticeDifficulty::Integers, bn::PracticeDifficulty::Decimals,
                                   bn::PracticeDifficulty::Outlier, bn::PracticeDifficulty::Constant}) {
    c.difficulty = d;
    const bn::PracticeSheet a = bn::MakePracticeSheet(c), b = bn::MakePracticeSheet(c);
    for (bn::PracticeFormat f : kFormats) {
      CHECK(bn::WritePracticeSheet(a, f) == bn::WritePracticeSheet(b, f));
      CHECK(bn::WritePracticeKey(a, f) == bn::WritePracticeKey(b, f));
    }
    bn::PracticeConfig other = c;
    other.seed = 43;
    CHECK(bn::WritePracticeSheet(bn::MakePracticeSheet(other), bn::PracticeFormat::Markdown) !=
          bn::WritePracticeSheet(a, bn::PracticeFormat::Markdown));
    bn::PracticeConfig more = c;
    more.count = 12;
    const bn::PracticeSheet m = bn::MakePracticeSheet(more);
    for (int k = 0; k < 6; ++k) CHECK(m.exercises[k].bntrace == a.exercises[k].bntrace);
  }
}

TEST_CASE("practice sheet: each difficulty keeps its promise") {
  bn::PracticeConfig c;
  c.count = 20;
  c.samples = 5;
  c.features = 3;
  for (uint64_t seed : {1u, 2u, 3u}) {
    c.seed = seed;
    c.difficulty = bn::PracticeDifficulty::Integers;
    for (const auto& ex : bn::MakePracticeSheet(c).exercises)
      for (int j = 0; j < 3; ++j) {
        CHECK(ex.trace.fwd.mean(j) == std::round(ex.trace.fwd.mean(j)));  // whole-number mean
        CHECK(ex.trace.fwd.var(j) > 0);
        for (int i = 0; i < 5; ++i) {
          CHECK(ex.in.x(i, j) == std::round(ex.in.x(i, j)));
          CHECK(std::fabs(ex.in.x(i, j)) <= 5);
        }
      }
    c.difficulty = bn::PracticeDifficulty::Decimals;
    for (const auto& ex : bn::MakePracticeSheet(c).exercises)
      for (int j = 0; j < 3; ++j)
        for (int i = 0; i < 5; ++i) CHECK(std::fabs(ex.in.x(i, j) * 10 - std::round(ex.in.x(i, j) * 10)) < 1e-5);
    c.difficulty = bn::PracticeDifficulty::Outlier;
    for (const auto& ex : bn::MakePracticeSheet(c).exercises) {
      REQUIRE(ex.outlier_feature >= 0);
      int far = 0;
      for (int i = 0; i < 5; ++i) far += ex.in.x(i, ex.outlier_feature) >= 20;
      CHECK(far == 1);
    }
    c.difficulty = bn::PracticeDifficulty::Constant;
    for (const auto& ex : bn::MakePracticeSheet(c).exercises) {
      const int j = ex.constant_feature;
      REQUIRE(j >= 0);
      CHECK(ex.trace.fwd.var(j) == 0);
      for (int i = 0; i < 5; ++i) {
        CHECK(ex.trace.fwd.xhat(i, j) == 0);
        CHECK(ex.trace.fwd.y(i, j) == ex.in.beta(j));
      }
    }
  }
  c.count = 21;
  CHECK_THROWS_WITH_AS(bn::MakePracticeSheet(c), "count must be 1 to 20 exercises", std::invalid_argument);
  c.count = 1;
  c.samples = 1;
  CHECK_THROWS_WITH_AS(bn::MakePracticeSheet(c), "samples must be 2 to 8", std::invalid_argument);
}

TEST_CASE("practice sheet: bntrace, run on the key's own input, gives the key's answers for every exercise") {
  for (bn::PracticeDifficulty d : {bn::PracticeDifficulty::Integers, bn::PracticeDifficulty::Decimals,
                                   bn::PracticeDifficulty::Outlier, bn::PracticeDifficulty::Constant}) {
    bn::PracticeConfig c;
    c.count = 4;
    c.samples = 4;
    c.features = 2;
    c.seed = 7;
    c.difficulty = d;
    const std::string key = bn::WritePracticeKey(bn::MakePracticeSheet(c), bn::PracticeFormat::Markdown);
    int checked = 0;
    for (int k = 1; k <= c.count; ++k) {
      const size_t at = key.find("## Exercise " + std::to_string(k) + "\n");
      REQUIRE(at != std::string::npos);
      // The bntrace input, as printed in the key.
      const size_t js = key.find("```json\n", at) + 8;
      const std::string input = key.substr(js, key.find("\n```", js) - js);
      const std::string path = "practice_exercise_" + std::to_string(k) + ".json";
      std::ofstream(path) << input;
      const bn::Json out = bn::Json::Parse(Run(std::string(BNTRACE_PATH) + " " + path));
      std::remove(path.c_str());
      // The key's answer rows: | μ | a | b |, | σ² | ..., | x̂₁ | ..., | y₁ | ...
      auto row = [&](const std::string& label) {
        const size_t r = key.find("| " + label + " |", at);
        REQUIRE(r != std::string::npos);
        return Cells(key.substr(r, key.find('\n', r) - r));
      };
      for (int j = 0; j < 2; ++j) {
        CHECK(row("μ")[j + 1] == Fixed(out.get("mean")->items()[j].number(), 3));
        CHECK(row("σ²")[j + 1] == Fixed(out.get("var")->items()[j].number(), 3));
        const char* subs[] = {"₁", "₂", "₃", "₄"};
        for (int i = 0; i < 4; ++i) {
          CHECK(row(std::string("x̂") + subs[i])[j + 1] == Fixed(out.get("xhat")->items()[i].items()[j].number(), 3));
          CHECK(row(std::string("y") + subs[i])[j + 1] == Fixed(out.get("y")->items()[i].items()[j].number(), 3));
          ++checked;
        }
      }
    }
    CHECK(checked == 4 * 2 * 4);
  }
}

TEST_CASE("practice sheet: the HTML page prints one box per exercise with blanks; Markdown has the blanks too") {
  bn::PracticeConfig c;
  c.count = 7;
  c.difficulty = bn::PracticeDifficulty::Constant;
  const bn::PracticeSheet s = bn::MakePracticeSheet(c);
  const std::string html = bn::WritePracticeSheet(s, bn::PracticeFormat::Html);
  auto count = [](const std::string& text, const std::string& what) {
    int n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count(html, "<section class=\"ex\">") == 7);
  CHECK(count(html, "<table class=\"blanks\">") == 7);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("break-inside:avoid") != std::string::npos);
  CHECK(count(html, "bntrace input") == 0);  // the sheet has no answers
  const std::string key_html = bn::WritePracticeKey(s, bn::PracticeFormat::Html);
  CHECK(count(key_html, "<h3>bntrace input</h3>") == 7);
  const std::string md = bn::WritePracticeSheet(s, bn::PracticeFormat::Markdown);
  // 7 exercises × 2 features × (μ, σ², 4 x̂, 4 y) blanks
  CHECK(count(md, "______ |") == 7 * 2 * 10);
  CHECK(count(md, "is the same in every sample") == 7);
}

TEST_CASE("practice sheet: sheet and key compile with pdflatex") {
  if (std::system("command -v pdflatex >/dev/null 2>&1") != 0) {
    MESSAGE("pdflatex not installed: LaTeX compile check skipped");
    return;
  }
  bn::PracticeConfig c;
  c.count = 3;
  c.features = 3;
  c.difficulty = bn::PracticeDifficulty::Outlier;
  const bn::PracticeSheet s = bn::MakePracticeSheet(c);
  const std::string dir = "practice_tex";
  REQUIRE(std::system(("mkdir -p " + dir).c_str()) == 0);
  // In every language (the key holds the worked example's tables too: one CJK environment in Chinese).
  for (const std::string& tag : bn::AvailableLanguages()) {
    CAPTURE(tag);
    if (!testutil::HaveLatexLanguage(tag)) {
      const std::string skipped = "SKIPPED " + tag + ": its LaTeX packages are not installed (build-wasm.sh installs them)";
      MESSAGE(skipped);
      continue;
    }
    REQUIRE(bn::SetLanguage(tag));
    for (bool key : {false, true}) {
      const std::string name = (key ? "key_" : "sheet_") + tag;
      std::ofstream(dir + "/" + name + ".tex")
          << (key ? bn::WritePracticeKey(s, bn::PracticeFormat::Latex) : bn::WritePracticeSheet(s, bn::PracticeFormat::Latex));
      const std::string cmd = "cd " + dir + " && pdflatex -interaction=nonstopmode -halt-on-error " + name +
                              ".tex > " + name + ".out 2>&1";
      const int rc = std::system(cmd.c_str());
      if (rc != 0) MESSAGE(testutil::ReadFile(dir + "/" + name + ".out").substr(0, 3000));
      CHECK(rc == 0);
      CHECK(testutil::ReadFile(dir + "/" + name + ".pdf").rfind("%PDF", 0) == 0);
      CHECK(testutil::ReadFile(dir + "/" + name + ".log").find("Missing character") == std::string::npos);
    }
  }
  bn::SetLanguage("en");
  std::system(("rm -rf " + dir).c_str());
}
