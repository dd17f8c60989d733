// test_i18n_train.cpp: the texts of the links, presets, typed numbers, chapter files, training lab, data sets and
// network files in the catalogs (keys link., preset., input., chapter., train., data., network.).
//
// Index
//   Tables        every preset, experiment, data set and chapter-file message: its English is the catalog's English,
//                 and every translation has its key
//   Languages     refusals in pt-BR and zh-Hans (a link value, own data, a network file, a chapter file) with their
//                 numbers; English exactly as before
#include <doctest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/i18n/current.hpp"
#include "core/lab/image_link.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_input.hpp"
#include "core/lab/lab_presets.hpp"
#include "core/lab/train_link.hpp"
#include "core/learn/chapter_file.hpp"
#include "core/train/datasets.hpp"
#include "core/train/network_json.hpp"
#include "core/train/own_data.hpp"
#include "core/train/trainer.hpp"
#include "test_util.hpp"

namespace {

const char* const kTranslations[] = {"es", "pt-BR", "zh-Hans"};

// English's text of `key` ("" when the catalog lacks it), and whether every translation has the key.
std::string English(const std::string& key) {
  const std::string* t = bn::EnglishCatalog().Find(key);
  return t ? *t : std::string();
}

bool Translated(const std::string& key) {
  for (const char* tag : kTranslations) {
    const bn::Catalog* c = bn::FindCatalog(tag);
    if (c == nullptr || c->Find(key) == nullptr) return false;
  }
  return true;
}

// The language for one test, English again at its end (also when a check throws).
struct Language {
  explicit Language(const std::string& tag) { REQUIRE(bn::SetLanguage(tag)); }
  ~Language() { bn::SetLanguage("en"); }
};

std::string LabHashError(const std::string& hash) {
  bn::TraceInput in = bn::DefaultLabBatch();
  int step = 0;
  std::string error;
  CHECK_FALSE(bn::ApplyLabHash(hash, &in, &step, &error));
  return error;
}

std::string TrainHashError(const std::string& hash) {
  const std::vector<bn::ExperimentInfo> ex = bn::Experiments();
  bn::TrainLink link;
  link.config = ex[0].config;
  link.norms = ex[0].norms;
  std::string error;
  CHECK_FALSE(bn::ApplyTrainHash(hash, ex, &link, &error));
  return error;
}

std::string CsvError(const std::string& csv) {
  std::vector<bn::OwnPoint> points;
  std::string error;
  CHECK_FALSE(bn::ParsePointsCsv(csv, &points, &error));
  return error;
}

std::string NetworkError(const std::string& json) {
  try {
    bn::NetworksFromJson(json);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  FAIL("the network file was accepted");
  return "";
}

const char kNoLookAt[] = "# Title\nlab: step\nlink: x=1,2;3,4&step=1\nstep: mean\n\nSome text.\n\n## Choice\nWhich?\n"
                         "- [ ] a\n- [x] b\n> Because.\n";

}  // namespace

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------
TEST_CASE("i18n train: presets, experiments and data sets are the catalogs' English, translated") {
  for (const bn::LabPreset& p : bn::LabPresets(3)) {
    CAPTURE(p.key);
    CHECK(English("preset." + p.key + ".name") == p.name);
    CHECK(English("preset." + p.key + ".lesson") == p.lesson);
    CHECK(bn::LabPresetName(p) == p.name);  // English shows what it showed before
    CHECK(bn::LabPresetLesson(p) == p.lesson);
    CHECK(Translated("preset." + p.key + ".name"));
    CHECK(Translated("preset." + p.key + ".lesson"));
  }
  for (const bn::ExperimentInfo& e : bn::Experiments()) {
    const std::string key = std::string("train.experiment.") + bn::ExperimentName(e.experiment);
    CAPTURE(key);
    CHECK(English(key + ".title") == e.title);
    CHECK(English(key + ".explanation") == e.explanation);
    CHECK(bn::ExperimentTitle(e) == e.title);
    CHECK(bn::ExperimentExplanation(e) == e.explanation);
    CHECK(Translated(key + ".title"));
    CHECK(Translated(key + ".explanation"));
  }
  for (bn::DatasetKind k : {bn::DatasetKind::Spirals, bn::DatasetKind::Moons, bn::DatasetKind::Circles,
                            bn::DatasetKind::Xor, bn::DatasetKind::Blobs}) {
    CAPTURE(bn::DatasetName(k));
    CHECK(bn::DatasetTitle(k) == bn::DatasetName(k));
    CHECK(Translated(std::string("data.set.") + bn::DatasetName(k)));
  }
  CHECK(bn::OwnDataTitle() == "own (your points)");
  CHECK(Translated("data.set.own"));
  Language pt("pt-BR");
  CHECK(bn::LabPresetName(bn::LabPresets()[2]) == "Um valor atípico");
  CHECK(bn::LabPresets()[2].name == "An outlier");  // the id the page and the tests find it by stays
  CHECK(bn::ExperimentTitle(bn::Experiments()[1]) == "1. Taxas de aprendizado mais altas");
  CHECK(bn::DatasetTitle(bn::DatasetKind::Moons) == "luas");
}

TEST_CASE("i18n train: every chapter-file message is the catalog's English, translated") {
  std::vector<std::string> keys;
  for (const auto& [key, english] : bn::ChapterFileMessages()) {
    const std::string& key_name = key;  // clang: CAPTURE cannot take a structured binding
    CAPTURE(key_name);
    CHECK(English(key) == english);
    CHECK(Translated(key));
    for (const std::string& k : keys) CHECK(k != key);
    keys.push_back(key);
  }
  CHECK(keys.size() >= 40);
  // Every chapter.* key the reader names has its row (a key without one would show as the key itself).
  const std::string source = testutil::ReadFile(std::string(BNLAB_TESTS_DIR) + "/../src/core/learn/chapter_file.cpp");
  const std::regex used("\"(chapter\\.[a-z_]+)\"");
  std::set<std::string> named;
  for (auto m = std::sregex_iterator(source.begin(), source.end(), used); m != std::sregex_iterator(); ++m)
    named.insert((*m)[1].str());
  CHECK(named.size() == keys.size());  // the rows are in that file too: a key refused without a row is one more
  for (const std::string& key : named) {
    CAPTURE(key);
    CHECK(std::find(keys.begin(), keys.end(), key) != keys.end());
  }
  // A refusal carries its key and arguments; English's message is as before.
  bn::Chapter c;
  bn::ChapterFileError e;
  REQUIRE_FALSE(bn::ParseChapterFile("t.md", std::string(kNoLookAt) + "\n## Look here\n", &c, &e));
  CHECK(e.key == "chapter.unknown_section");
  CHECK(e.message == "unknown section \"## Look here\" (known: Formula, Look at, Predict, Choice, Numeric)");
  CHECK(bn::ChapterFileErrorText(e) == e.message);
  REQUIRE_FALSE(bn::ParseChapterFile("t.md", kNoLookAt, &c, &e));
  CHECK(e.line == 13);  // the last line: the empty one after the final newline
  CHECK(e.message == "the chapter has no \"## Look at\" section");
}

// ---------------------------------------------------------------------------------------------
// Languages
// ---------------------------------------------------------------------------------------------
TEST_CASE("i18n train: English refusals exactly as before") {
  CHECK(LabHashError("x=1,2;3,4&eps=-1") == "eps must be 0 or more (got -1)");
  CHECK(LabHashError("x=1,2;3") == "x row 2 has 1 values, row 1 has 2");
  CHECK(LabHashError("x=1,2;3,q") == "x row 2 value 2: 'q' is not a number");
  CHECK(LabHashError("dy=1,2") == "dy is 1×2, x is 4×3");
  CHECK(TrainHashError("lab=train&depth=9") == "depth must be a whole number from 1 to 8 (got 9)");
  const std::string pts = bn::EncodeOwnData({{0.5f, 1.0f, 0}, {1.5f, -1.0f, 1}});
  CHECK(TrainHashError("lab=train&pts=" + pts) == "pts (the points) needs data=own");
  CHECK(CsvError("x,y,label\n1,2,0\n3,abc,1\n") == "line 3: 'abc' is not a number");
  CHECK(CsvError("1,2,0\n3,4,1\n5,6,0\n") == "only 3 points; training needs at least 8");
  CHECK(CsvError("1,2,0\n3,4,5,1\n") == "line 2: expected 3 fields (x, y, label), found 4 (a decimal comma? use ';' "
                                        "between fields)");
  CHECK(NetworkError("{\"format\": \"bnlab-networks\", \"version\": 1}") == "the file has no \"networks\"");
  CHECK(NetworkError("[1]") == "not a bnlab network file: expected a JSON object");
  double v = 0;
  std::string why;
  CHECK_FALSE(bn::ParseFloat32("1e39", &v, &why));
  CHECK(why == "'1e39' is too large for a float32 (|x| <= 3.4e38)");
}

TEST_CASE("i18n train: refusals in Brazilian Portuguese and Chinese keep their numbers") {
  {
    Language pt("pt-BR");
    CHECK(LabHashError("x=1,2;3,4&eps=-1") == "eps deve ser 0 ou mais (recebido: -1)");
    CHECK(LabHashError("x=1,2;3,4&momentum=2") == "momentum deve estar entre 0 e 1 (recebido: 2)");
    CHECK(LabHashError("x=1,2;3,q") == "x, linha 2, valor 2: 'q' não é um número");
    CHECK(TrainHashError("lab=train&depth=9") == "depth deve ser um número inteiro de 1 a 8 (recebido: 9)");
    CHECK(TrainHashError("lab=train&lr=5000") == "lr deve ser um número de 1e-06 a 1000 (recebido: 5000)");
    CHECK(CsvError("x,y,label\n1,2,0\n3,abc,1\n") == "linha 3: 'abc' não é um número");
    CHECK(CsvError("1,2,0\n3,4,1\n5,6,0\n") == "só 3 pontos; o treinamento precisa de pelo menos 8");
    CHECK(CsvError("1,2,0\n3,4,1\n5,6,7\n") == "linha 3: o rótulo '7' deve ser 0 ou 1");
    CHECK(NetworkError("{\"format\": \"bnlab-networks\", \"version\": 2}") ==
          "a versão deste arquivo de redes não é 1: foi salvo por um bnlab mais novo?");
    bn::Chapter c;
    bn::ChapterFileError e;
    REQUIRE_FALSE(bn::ParseChapterFile("t.md", kNoLookAt, &c, &e));
    CHECK(bn::ChapterFileErrorText(e) == "o capítulo não tem a seção \"## Look at\"");
    CHECK(e.message == "the chapter has no \"## Look at\" section");  // what the build's checkers print
  }
  CHECK(bn::CurrentLanguage() == "en");
  {
    Language zh("zh-Hans");
    CHECK(LabHashError("x=1,2;3,4&eps=-1") == "eps 必须大于或等于 0（收到 -1）");
    CHECK(LabHashError("x=1,2;3") == "x 的第 2 行有 1 个值，而第 1 行有 2 个");
    CHECK(TrainHashError("lab=train&width=65") == "width 必须是 2 到 64 之间的整数（收到 65）");
    CHECK(CsvError("x,y,label\n1,2,0\n3,abc,1\n") == "第 3 行：'abc' 不是数字");
    CHECK(CsvError("1,2,0\n3,4,1\n5,6,0\n") == "只有 3 个点；训练至少需要 8 个");
    std::string error;
    std::vector<bn::OwnPoint> points;
    CHECK_FALSE(bn::DecodeOwnData("AAE", &points, &error));  // bytes 0, 1: one point, then nothing
    CHECK(error == "链接中的数据不完整");
    bn::ImageLabInput in = bn::DefaultImageLabInput();
    int step = 0;
    CHECK_FALSE(bn::ApplyImageHash("lab=image&shape=2,3,4,99", &in, &step, &error));
    CHECK(error == "shape W 必须是 1 到 8 之间的整数（收到 '99'）");
  }
  CHECK(bn::CurrentLanguage() == "en");
  CHECK(LabHashError("x=1,2;3,4&eps=-1") == "eps must be 0 or more (got -1)");
}
