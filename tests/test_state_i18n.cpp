// test_state_i18n.cpp: the state layer's texts in the catalogs (msg.*, text.*, lab.*): every lab's names in every
// shipped language, and the text version, refusals and notices in Spanish and Chinese with their numbers filled in.
#include <doctest.h>

#include <string>

#include "core/bn/bn.hpp"
#include "core/i18n/current.hpp"
#include "core/io/json.hpp"
#include "core/learn/lesson.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/labs.hpp"
#include "state/learn.hpp"
#include "state/link.hpp"
#include "state/mirror.hpp"

namespace {

// Sets a language for one test and puts English back at its end, whatever the test did (the other tests read
// English).
struct LanguageGuard {
  explicit LanguageGuard(const std::string& tag) { REQUIRE(bn::SetLanguage(tag)); }
  ~LanguageGuard() { bn::SetLanguage("en"); }
};

void Start(bnlab::AppState* app) {
  app->step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(*app);
}

std::string ErrorOf(const std::string& reply) {
  const bn::Json r = bn::Json::Parse(reply);
  REQUIRE(r.get("ok") != nullptr);
  CHECK_FALSE(r.get("ok")->boolean());
  return r.get("error") != nullptr ? r.get("error")->string() : std::string();
}

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The step lab at step 2 (the batch mean of the default batch: feature 1 is 1, 2, 3, 6, so μ₁ = 12 / 4 = 3).
std::string StepTwoAnnounce(bnlab::AppState& app) {
  bnlab::RunCommand(app, "first");
  bnlab::RunCommand(app, "next");
  return bnlab::MirrorJson(app).get("announce")->string();
}

}  // namespace

TEST_CASE("state texts: every lab's names are in English's catalog (equal to the table) and in each translation") {
  REQUIRE(bn::CurrentLanguage() == "en");
  for (const bnlab::LabInfo& lab : bnlab::Labs()) {
    CAPTURE(lab.text_key);
    const std::string name = std::string(lab.text_key) + ".name", short_name = std::string(lab.text_key) + ".short";
    const std::string* en_name = bn::EnglishCatalog().Find(name);
    const std::string* en_short = bn::EnglishCatalog().Find(short_name);
    REQUIRE(en_name != nullptr);
    REQUIRE(en_short != nullptr);
    CHECK(*en_name == lab.name);  // English output is the table's, as before the catalogs
    CHECK(*en_short == lab.short_name);
    CHECK(bnlab::LabName(lab) == lab.name);
    CHECK(bnlab::LabShortName(lab) == lab.short_name);
    for (const char* tag : {"es", "pt-BR", "zh-Hans"}) {
      CAPTURE(tag);
      const bn::Catalog* c = bn::FindCatalog(tag);
      REQUIRE(c != nullptr);
      CHECK(c->Find(name) != nullptr);
      CHECK(c->Find(short_name) != nullptr);
    }
  }
}

TEST_CASE("state texts in Spanish: state().labs, the text version of the step lab, refusals and notices") {
  bnlab::AppState app;
  Start(&app);
  const std::string numbers = bn::SubstitutedFormula(app.step_lab.trace, 1, 0, 0, 4);
  {
    LanguageGuard es("es");
    // state().labs in the language of the moment (web/a11y.js reads it)
    const bn::Json labs = bnlab::LabsJson();
    CHECK(labs.items()[0].get("name")->string() == "BN paso a paso");
    CHECK(labs.items()[0].get("title")->string() == "1 BN paso a paso");
    CHECK(labs.items()[0].get("short")->string() == "Pasos");
    CHECK(labs.items()[0].get("command")->string() == "tab-step");  // an identifier: never translated
    CHECK(bnlab::LabTabLabel(bnlab::LabOf(bnlab::Lab::Lesson), false) == "Lección (L)");
    // The text version: the step with its numbers, the lab on screen, a refusal word for word.
    const std::string announce = StepTwoAnnounce(app);
    CHECK(announce.rfind("Paso 2 de 13, ", 0) == 0);
    CHECK(EndsWith(announce, ": " + numbers));
    CHECK(EndsWith(announce, " = 12 / 4 = 3"));
    app.step_lab.edit.error = "x₁,₁: 'abc' is not a number; kept 1";
    CHECK(bnlab::MirrorJson(app).get("refusal")->string() == "Rechazado: x₁,₁: 'abc' is not a number; kept 1");
    app.step_lab.edit.error.clear();
    app.ui.tab = bnlab::Lab::Running;
    CHECK(bnlab::MirrorJson(app).get("announce")->string() == "Laboratorio 2 de 5: Entrenamiento frente a inferencia");
    CHECK(bnlab::MirrorJson(app).get("lab")->string() == "Entrenamiento frente a inferencia");
    app.ui.tab = bnlab::Lab::Step;
    // A bad cell: the refusal with its numbers; nothing changed.
    const double before = app.step_lab.input.x(0, 0);
    CHECK(ErrorOf(bnlab::RunCommand(app, "cell:9,2=1")) == "cell: no hay ninguna celda 9,2 en un lote de 4×3");
    CHECK(ErrorOf(bnlab::RunCommand(app, "lesson:chapter=99")) ==
          "lesson:chapter admite un número de capítulo de 1 a " + std::to_string(bn::LessonChapters().size()));
    CHECK(ErrorOf(bnlab::RunCommand(app, "image:shape=1,2,3,9")) == "cada uno de N, C, H, W debe estar entre 1 y 8");
    CHECK(app.step_lab.input.x(0, 0) == before);
    // A refused link: the notice around the reader's reason.
    bnlab::ApplyHash(app, "", true);
    CHECK(app.ui.notice ==
          "No se pudo leer este enlace (el enlace es demasiado largo); el lote se ha dejado como estaba.");
    // What the lesson hides: the note after a later step's formula.
    app.step_lab.hidden_from = 1;
    CHECK(EndsWith(bnlab::StepNumbers(app.step_lab, 2),
                   "   (números ocultos hasta que se responda la pregunta de la lección)"));
    app.step_lab.hidden_from = -1;
  }
  // English again, exactly as before.
  CHECK(bn::CurrentLanguage() == "en");
  CHECK(StepTwoAnnounce(app) == "Step 2 of 13, batch mean: " + numbers);
  CHECK(ErrorOf(bnlab::RunCommand(app, "cell:9,2=1")) == "cell: no cell 9,2 in a 4×3 batch");
  CHECK(bnlab::LabsJson().items()[0].get("name")->string() == "Step through BN");
}

TEST_CASE("state texts in Chinese: the text version of the step lab and a refusal, with their numbers") {
  bnlab::AppState app;
  Start(&app);
  const std::string numbers = bn::SubstitutedFormula(app.step_lab.trace, 1, 0, 0, 4);
  {
    LanguageGuard zh("zh-Hans");
    const std::string announce = StepTwoAnnounce(app);
    CHECK(announce.rfind("第 2 步（共 13 步），", 0) == 0);
    CHECK(EndsWith(announce, "：" + numbers));
    CHECK(EndsWith(announce, " = 12 / 4 = 3"));
    CHECK(ErrorOf(bnlab::RunCommand(app, "cell:9,2=1")) == "cell：4×3 的批量中没有单元格 9,2");
    app.step_lab.edit.error = "x₁,₁: 'abc' is not a number; kept 1";
    CHECK(bnlab::MirrorJson(app).get("refusal")->string() == "已拒绝：x₁,₁: 'abc' is not a number; kept 1");
    app.ui.tab = bnlab::Lab::Speed;
    CHECK(bnlab::MirrorJson(app).get("announce")->string() == "实验室 4（共 5 个）：速度");
    CHECK(bnlab::LabTabLabel(bnlab::LabOf(bnlab::Lab::Lesson), false) == "课程（L）");
  }
  CHECK(bn::CurrentLanguage() == "en");
  app.ui.tab = bnlab::Lab::Speed;
  CHECK(bnlab::MirrorJson(app).get("announce")->string() == "Lab 4 of 5: Speed");
}
