// test_i18n_steps.cpp: the step tables' texts in the catalogs (core/bn/steps, core/lab/image_steps,
// core/bn/norm_variants) and the core's texts that follow the current language (FillStepText's places, the image
// lab's group labels and grouping sentence, the refusals of bn.cpp, norm_variants.cpp and image_lab.cpp).
//
//   Keys      every key the tables ask for is in English's catalog with the row's English exactly, and translated
//             in es, pt-BR and zh-Hans with the same placeholders; the keys the code asks for by name too
//   English   the accessors give the rows' English; a trace's title field stays English after a switch
//   Spanish   titles, help, prompts and slips (through practice), the exports' headings, the image lab, the notes,
//             the refusals
//   Chinese   the same, and no English word left in any filled prompt; one Portuguese check
#include <doctest.h>

#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/bn/norm_variants.hpp"
#include "core/bn/steps.hpp"
#include "core/i18n/catalog.hpp"
#include "core/i18n/current.hpp"
#include "core/lab/image_lab.hpp"
#include "core/lab/image_steps.hpp"
#include "core/lab/trace_export.hpp"
#include "core/learn/practice.hpp"

namespace {

using bn::Mode;
using bn::MomentumConvention;

const Mode kModes[] = {Mode::Train, Mode::Eval};
const MomentumConvention kConventions[] = {MomentumConvention::PyTorch, MomentumConvention::Keras};
const char* const kTranslations[] = {"es", "pt-BR", "zh-Hans"};

// Switches the language for one test case and back to English (the other tests read English) however it ends.
struct Language {
  explicit Language(const char* tag) { REQUIRE(bn::SetLanguage(tag)); }
  ~Language() { bn::SetLanguage("en"); }
};

std::vector<std::pair<std::string, std::string>> TableTexts() {
  std::vector<std::pair<std::string, std::string>> all = bn::StepCatalogTexts();
  for (const auto& list : {bn::ImageStepCatalogTexts(), bn::NormCatalogTexts()})
    all.insert(all.end(), list.begin(), list.end());
  return all;
}

// The keys bn.cpp, norm_variants.cpp, image_lab.cpp and FillStepText ask for by name (scripts/i18n_keys.py checks
// en.po has them; here: every translation too).
const char* const kLiteralKeys[] = {
    "image.group.channel", "image.group.channels", "image.group.sample", "image.group.samples",
    "image.group.sample_channel", "image.group.group", "image.group.ghost", "image.group.other",
    "image.grouping.groups.one", "image.grouping.groups.other", "image.grouping.batch", "image.grouping.renorm",
    "image.grouping.layer", "image.grouping.instance", "image.grouping.group", "image.grouping.ghost",
    "image.error.outside", "image.error.not_finite", "image.error.edits",
    "norm.error.negative_shape", "norm.error.empty", "norm.error.groups_range", "norm.error.groups_divide",
    "norm.error.ghost_range", "norm.error.ghost_divide", "norm.error.group_size", "norm.error.values",
    "norm.error.per_channel", "norm.error.eps", "norm.error.running_count", "norm.error.running_mean",
    "norm.error.running_var", "norm.error.r_max", "norm.error.d_max",
    "bn.error.x_empty", "bn.error.not_finite", "bn.error.per_feature", "bn.error.eps", "bn.error.running_var_negative",
    "bn.error.momentum", "bn.error.train_one_value", "bn.error.eval_zero", "bn.error.dy_shape",
    "bn.error.zero_variance",
};

// A 4×3 batch with a spread and a dy, ε large enough that every slip of x̂ differs from the truth.
bn::TraceInput Input(Mode mode, MomentumConvention convention) {
  bn::TraceInput in;
  in.x = (bn::Mat(4, 3) << 1, 2, 3, 4, -5, 6, 7, 8, 9.5, 2, 0, -1).finished();
  in.gamma = (bn::Row(3) << 0.5, -1.5, 2).finished();
  in.beta = (bn::Row(3) << 0.25, 1, -2).finished();
  in.eps = 0.5;
  in.mode = mode;
  in.running = bn::MakeRunningStats(3);
  in.running.convention = convention;
  in.has_dy = true;
  in.dy = bn::Mat::Constant(4, 3, 1.0);
  in.dy(2, 1) = -2.0;
  return in;
}

// The message of what `f` throws ("" when it does not).
template <typename F>
std::string Refusal(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------
TEST_CASE("i18n steps: every key the tables ask for is English's text exactly and translated in each language") {
  const auto texts = TableTexts();
  // the rows' texts: 20 titles, prompts and help, their eval/Keras variants, the slips; 3 fixed texts; the image
  // lab's 13 titles and help, Renorm's title and the generic help; 6 notes
  size_t expected = 3;
  for (const bn::StepRow& r : bn::StepRows()) {
    expected += r.slips.size();
    for (const bn::StepText* t : {&r.title, &r.prompt, &r.help})
      expected += 1 + (t->eval != nullptr) + (t->keras != nullptr);
  }
  for (const bn::ImageStepRow& r : bn::ImageStepRows()) expected += 2 + (r.title.renorm != nullptr);
  expected += 1 + bn::NormVariantRows().size();
  CHECK(texts.size() == expected);
  std::set<std::string> keys;
  for (const auto& [key, english] : texts) {
    const std::string& key_name = key;  // clang: CAPTURE cannot take a structured binding
    CAPTURE(key_name);
    CHECK(keys.insert(key).second);  // unique
    const std::string* en = bn::EnglishCatalog().Find(key);
    REQUIRE(en != nullptr);
    CHECK(*en == english);  // en.po holds the row's English: English output is the table's
    for (const char* tag : kTranslations) {
      CAPTURE(tag);
      const bn::Catalog* c = bn::FindCatalog(tag);
      REQUIRE(c != nullptr);
      const std::string* t = c->Find(key);
      REQUIRE(t != nullptr);
      CHECK(*t != english);  // translated, not copied
      CHECK(bn::Placeholders(*t) == bn::Placeholders(english));
    }
  }
  CHECK(keys.count("step.mean.title.eval") == 1);
  CHECK(keys.count("step.running_var.title.keras") == 1);
  CHECK(keys.count("step.inv_std.slip.3") == 1);
  CHECK(keys.count("image.step.xhat.title.renorm") == 1);
  CHECK(keys.count("norm.renorm.note") == 1);
  for (const char* key : kLiteralKeys) {
    CAPTURE(key);
    CHECK(bn::EnglishCatalog().Find(key) != nullptr);
    for (const char* tag : kTranslations) CHECK(bn::FindCatalog(tag)->Find(key) != nullptr);
  }
}

// ---------------------------------------------------------------------------------------------
// English
// ---------------------------------------------------------------------------------------------
TEST_CASE("i18n steps: in English the accessors give the rows' texts; a trace's title field stays English") {
  REQUIRE(bn::CurrentLanguage() == "en");
  for (const bn::StepRow& r : bn::StepRows()) {
    CAPTURE(r.key);
    for (Mode mode : kModes)
      for (MomentumConvention c : kConventions) {
        CHECK(bn::StepTitle(r, mode, c) == r.title.Pick(mode, c));
        CHECK(bn::StepPrompt(r, mode, c) == r.prompt.Pick(mode, c));
        CHECK(bn::StepHelpText(r, mode, c) == r.help.Pick(mode, c));
        CHECK(std::string(bn::StepHelp(r.key, mode, c)) == r.help.Pick(mode, c));
      }
    for (const bn::StepSlip& slip : r.slips) CHECK(bn::StepSlipText(r, slip) == slip.text);
  }
  for (const bn::ImageStepRow& r : bn::ImageStepRows()) {
    CAPTURE(r.key);
    CHECK(bn::ImageStepTitle(r, false) == r.title.Pick(false));
    CHECK(bn::ImageStepTitle(r, true) == r.title.Pick(true));
    CHECK(bn::ImageStepHelpText(r) == r.help);
  }
  for (const bn::NormVariantRow& r : bn::NormVariantRows()) CHECK(std::string(bn::NormNote(r.variant)) == r.note);
  CHECK(bn::StepTitle(bn::BuildTrace(Input(Mode::Train, MomentumConvention::PyTorch)), 99).empty());  // no such step

  const bn::Trace t = bn::BuildTrace(Input(Mode::Eval, MomentumConvention::PyTorch));
  const int mean = t.index_of("mean");
  REQUIRE(mean >= 0);
  CHECK(bn::StepTitle(t, mean) == "Running mean used as μ (eval)");
  {
    Language es("es");
    CHECK(t.steps[mean].title == "Running mean used as μ (eval)");  // the reference bntrace writes
    CHECK(bn::StepTitle(t, mean) == "Media móvil usada como μ (eval)");  // what a learner reads, at the call
  }
  CHECK(bn::StepTitle(t, mean) == "Running mean used as μ (eval)");
}

// ---------------------------------------------------------------------------------------------
// Spanish
// ---------------------------------------------------------------------------------------------
TEST_CASE("i18n steps: in Spanish the titles, help, prompts, slips, image lab, notes and refusals are Spanish") {
  Language es("es");
  const bn::StepRow& mean = bn::StepRowOf(bn::StepId::Mean);
  CHECK(bn::StepTitle(mean, Mode::Train, MomentumConvention::PyTorch) == "Media del lote");
  CHECK(bn::StepTitle(mean, Mode::Eval, MomentumConvention::Keras) == "Media móvil usada como μ (eval)");
  CHECK(bn::StepTitle(bn::StepRowOf(bn::StepId::RunningVar), Mode::Train, MomentumConvention::Keras) ==
        "Actualización de la varianza móvil (Keras 3 guarda la varianza sesgada)");
  const std::string help = bn::StepHelp("mean", Mode::Eval, MomentumConvention::PyTorch);
  CHECK(help.rfind("En el modo de evaluación", 0) == 0);
  CHECK(std::string(bn::StepHelp("bogus", Mode::Train, MomentumConvention::PyTorch)) ==
        "Un paso de la normalización por lotes.");
  // the places: {feature} and {element} in Spanish, numbers and symbols as they were
  const std::string sum = bn::StepPrompt(bn::StepRowOf(bn::StepId::Sum), Mode::Train, MomentumConvention::PyTorch);
  CHECK(bn::FillStepText(sum.c_str(), {-1, 1, 4}) == "la suma de los 4 valores de la característica 2");
  CHECK(bn::FillStepText("{element}: x̂{ij}", {2, 1, 4}) == "muestra 3, característica 2: x̂₃,₂");
  CHECK(bn::FillStepText(bn::StepSlipText(bn::StepRowOf(bn::StepId::RunningVar),
                                          bn::StepRowOf(bn::StepId::RunningVar).slips[0]).c_str(),
                         {0, 0, 4}) == "PyTorch guarda la varianza insesgada: multiplica σ² por N/(N − 1) = 1.333.");

  // practice reads the prompt and the slips through the accessors
  const bn::Trace t = bn::BuildTrace(Input(Mode::Train, MomentumConvention::PyTorch));
  const int xhat = t.index_of("xhat");
  const bn::PracticeQuestion q = bn::ChoosePracticeQuestion(t, xhat, 3);
  REQUIRE(q.step == xhat);
  CHECK(bn::PracticePrompt(t, q).find("el valor normalizado de la muestra " + std::to_string(q.i + 1) +
                                      ", característica " + std::to_string(q.j + 1)) != std::string::npos);
  const bn::SlipValues v = bn::SlipValuesAt(t, q.i, q.j);
  const double without_eps = v.dev / (std::sqrt(v.var) + v.eps);  // the first slip: ε outside the root
  CHECK(bn::PracticeHint(t, q, without_eps).find("ε va dentro de la raíz cuadrada: divide entre √(σ² + ε)") !=
        std::string::npos);
  // the exports' headings
  CHECK(bn::TraceToMarkdown(t).find("## 2. Media del lote") != std::string::npos);

  // the image lab
  bn::ImageLabInput in = bn::DefaultImageLabInput();  // 2×3×4×4, BatchNorm
  bn::NormTrace nt = bn::BuildNormTrace(in);
  CHECK(bn::ImageStepTitle(nt, 0) == "Media de cada grupo de estadísticas");
  CHECK(nt.steps[0].title == "Mean of each statistics group");
  CHECK(std::string(bn::ImageStepHelp("dbeta")) ==
        "β se suma a cada valor de su canal, así que su gradiente suma dy sobre (N, H, W).");
  CHECK(bn::NormGroupingText(nt.fwd.groups) == "por canal, sobre (N, H, W): C = 3 grupos de m = N·H·W = 32 valores");
  CHECK(bn::NormGroupLabel(nt.fwd.groups, 2) == "canal 3");
  CHECK(bn::NormGroupingText(bn::MakeNormGroups(1, 1, 2, 1, bn::NormVariant::Batch, 1)) ==
        "por canal, sobre (N, H, W): C = 1 grupo de m = N·H·W = 2 valores");
  const bn::NormGroups group = bn::MakeNormGroups(2, 4, 2, 2, bn::NormVariant::Group, 2);
  CHECK(bn::NormGroupLabel(group, 3) == "muestra 2, grupo 2 (canales 3–4)");
  in.params.variant = bn::NormVariant::Renorm;
  nt = bn::BuildNormTrace(in);
  CHECK(bn::ImageStepTitle(nt, nt.index_of("xhat")) == "Valor normalizado corregido");
  CHECK(std::string(bn::NormNote(bn::NormVariant::Group)).find("G = 1 da LayerNorm y G = C da InstanceNorm") !=
        std::string::npos);
  CHECK(std::string(bn::NormVariantName(bn::NormVariant::Group)) == "Group");  // names stay

  // refusals
  bn::TraceInput one = Input(Mode::Train, MomentumConvention::PyTorch);
  one.x = bn::Mat::Ones(1, 3);
  one.dy = bn::Mat::Ones(1, 3);
  const std::string refusal = Refusal([&] { bn::BuildTrace(one); });
  CHECK(refusal.rfind("el modo de entrenamiento (train) necesita al menos 2 valores por característica", 0) == 0);
  CHECK(Refusal([] { bn::MakeNormGroups(2, 6, 2, 2, bn::NormVariant::Group, 4); }) ==
        "groups: C = 6 no es divisible entre G = 4");
  CHECK(Refusal([] { bn::MakeNormGroups(2, 3, 1, 1, bn::NormVariant::Instance, 1); }) ==
        "Instance norm: cada grupo de estadísticas tiene M = H·W = 1 valor; hacen falta al menos 2 para una varianza");
  bn::ImageLabInput edits = bn::DefaultImageLabInput();
  CHECK(Refusal([&] { bn::SetImageValue(&edits, 96, 1.0); }) == "el elemento 96 está fuera del lote de 96 valores");
}

// ---------------------------------------------------------------------------------------------
// Chinese (and Portuguese)
// ---------------------------------------------------------------------------------------------
TEST_CASE("i18n steps: in Chinese the texts are Chinese and no filled prompt keeps an English word") {
  {
    Language zh("zh-Hans");
    CHECK(bn::StepTitle(bn::StepRowOf(bn::StepId::Xhat), Mode::Train, MomentumConvention::PyTorch) == "规范化后的值");
    CHECK(bn::StepTitle(bn::StepRowOf(bn::StepId::Dx), Mode::Eval, MomentumConvention::PyTorch) ==
          "x 的梯度（eval 下 μ 和 σ² 是常数）");
    const std::string dev = bn::StepPrompt(bn::StepRowOf(bn::StepId::Dev), Mode::Train, MomentumConvention::PyTorch);
    CHECK(bn::FillStepText(dev.c_str(), {2, 1, 4}) == "样本 3、特征 2 与均值的偏差");
    for (const bn::StepRow& r : bn::StepRows())
      for (Mode mode : kModes)
        for (MomentumConvention c : kConventions) {
          const std::string filled = bn::FillStepText(bn::StepPrompt(r, mode, c).c_str(), {2, 1, 4});
          CAPTURE(filled);
          CHECK(filled.find("feature") == std::string::npos);
          CHECK(filled.find("sample") == std::string::npos);
          CHECK(filled.find('{') == std::string::npos);
        }
    CHECK(std::string(bn::StepHelp("dmean", Mode::Train, MomentumConvention::PyTorch)).find("偏差之和为 0") !=
          std::string::npos);
    const bn::NormGroups ghost = bn::MakeNormGroups(4, 3, 2, 2, [] {
      bn::NormParams p;
      p.variant = bn::NormVariant::Ghost;
      p.ghost_batch = 2;
      return p;
    }());
    CHECK(bn::NormGroupLabel(ghost, 1) == "子批量 1（样本 1–2）、通道 2");
    CHECK(bn::NormGroupingText(ghost) ==
          "按每个含 B = 2 个样本的虚拟子批量和通道，在 (B, H, W) 上：(N/B)·C = 6 组，每组 m = B·H·W = 8 个值");
    CHECK(Refusal([] { bn::MakeNormGroups(2, 6, 2, 2, bn::NormVariant::Group, 4); }) == "groups：C = 6 不能被 G = 4 整除");
  }
  {
    Language pt("pt-BR");
    CHECK(bn::StepTitle(bn::StepRowOf(bn::StepId::Std), Mode::Train, MomentumConvention::PyTorch) == "Desvio padrão");
    CHECK(bn::FillStepText("{feature}", {-1, 0, 4}) == "característica 1");
  }
  CHECK(bn::FillStepText("{feature}", {-1, 0, 4}) == "feature 1");
}
