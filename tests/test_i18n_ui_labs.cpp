// test_i18n_ui_labs.cpp: the texts of the training, teach, lesson, image, running panels and the menu bar
// (src/ui/*_panel.cpp, training_views.cpp, layout.cpp) in the catalogs: English exactly as the panels wrote it
// before the catalogs (their printf formats), and the translations with their placeholders filled.
#include <doctest.h>

#include <cstdio>
#include <string>

#include "core/i18n/current.hpp"

namespace {

// Switches the language for one test case and back to English whatever happens.
struct LanguageGuard {
  explicit LanguageGuard(const std::string& tag) { REQUIRE(bn::SetLanguage(tag)); }
  ~LanguageGuard() { bn::SetLanguage("en"); }
};

// What the panel's printf format wrote before its text moved to the catalogs.
template <typename... Args>
std::string Printf(const char* format, Args... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

}  // namespace

TEST_CASE("ui texts: English is what the panels' printf formats wrote") {
  REQUIRE(bn::CurrentLanguage() == "en");
  CHECK(bn::Tr("ui.training.status", {{"step", "120"}, {"rate", "37"}}) == Printf("step %d   %.0f steps/s", 120, 37.0));
  CHECK(bn::Tr("ui.training.run_diverged",
               {{"network", bn::Tr("ui.training.run.bn")}, {"step", "42"}, {"loss", "inf"}}) ==
        Printf("%s diverged at step %d (loss %s): Reset to try again", "with BN", 42, "inf"));
  CHECK(bn::Tr("ui.training.map.gpu_timing", {{"px", "240"}, {"ms", "1.5"}}) ==
        Printf("GPU: %d×%d device pixels per map, both maps in %.1f ms", 240, 240, 1.5));
  CHECK(bn::Tr("ui.training.landscape.colour_gpu", {{"log", bn::Tr("ui.training.landscape.colour_log")},
                                                    {"lo", "0.1"},
                                                    {"hi", "2.5"},
                                                    {"res", "128"},
                                                    {"step", "300"}}) ==
        Printf("Colour: loss%s from %.4g (dark) to %.4g (yellow), the same for every network; %s%d×%d points at step "
               "%d%s.",
               " (log scale)", 0.1, 2.5, "contour lines at tenths of the range; ", 128, 128, 300,
               ", computed by the GPU"));
  CHECK(bn::Tr("ui.training.landscape.colour_cpu",
               {{"log", ""}, {"lo", "0.1"}, {"hi", "2.5"}, {"res", "24"}, {"step", "3"}}) ==
        Printf("Colour: loss%s from %.4g (dark) to %.4g (yellow), the same for every network; %s%d×%d points at step "
               "%d%s.",
               "", 0.1, 2.5, "", 24, 24, 3, ", computed by the CPU"));
  CHECK(bn::Tr("ui.teach.own.count", {{"n", "9"}, {"n0", "4"}, {"n1", "5"}}) ==
        Printf("%d points: %d of class 0, %d of class 1", 9, 4, 5));
  CHECK(bn::Tr("ui.lesson.start.continue", {{"chapter", "3"}, {"answered", "7"}}) ==
        "Continue where I left off: chapter 3 (7 questions answered)");
  CHECK(bn::Tr("ui.lesson.checkpoint.score", {{"score", "4"}, {"n", "6"}, {"answered", "5"}}) ==
        Printf("Score: %d of %d right (%d answered)", 4, 6, 5));
  CHECK(bn::Tr("ui.image.seed_edits.one", {{"seed", "3"}, {"n", "1"}}) ==
        Printf("seed %d, %d edited value%s", 3, 1, ""));
  CHECK(bn::Tr("ui.image.seed_edits.other", {{"seed", "3"}, {"n", "2"}}) ==
        Printf("seed %d, %d edited value%s", 3, 2, "s"));
  CHECK(bn::Tr("ui.image.value.where", {{"n", "1"}, {"c", "2"}, {"h", "3"}, {"w", "4"}}) ==
        Printf("x at sample %d, channel %d, row %d, column %d:", 1, 2, 3, 4));
  CHECK(bn::Tr("ui.running.averaged",
               {{"momentum", "0.1"}, {"batches", "10"}, {"eps", "1e-05"}, {"library", "PyTorch"}}) ==
        Printf("momentum %.3g: about the last %.0f batches; ε = %g, %s's default", 0.1, 10.0, 1e-5, "PyTorch"));
  CHECK(bn::Tr("ui.running.variances", {{"m", "8"}, {"biased", "1.5"}, {"m1", "7"}, {"unbiased", "1.7143"}}) ==
        Printf("biased σ²_B = Σ(x−μ_B)²/%d = %s      unbiased = Σ(x−μ_B)²/%d = %s", 8, "1.5", 7, "1.7143"));
  CHECK(bn::Tr("ui.running.used", {{"lab", "Step through BN"}}) ==
        "The lab's batch now normalizes with these running statistics (eval mode): see Step through BN.");
  CHECK(bn::Tr("ui.layout.copied", {{"what", bn::Tr("ui.layout.export.link")}}) == "Link copied to the clipboard.");
  CHECK(bn::Tr("ui.layout.link_without_points", {{"item", bn::Tr("ui.menu.share.points_csv")}}) ==
        "Link copied without your points (too many for a link): send them with Save your points as CSV.");
  CHECK(bn::Tr("ui.image.value.not_changed", {{"reason", "not a number"}}) == "Not changed: not a number.");
  CHECK(bn::Tr("menu.view") == "View");
}

TEST_CASE("ui texts: Spanish, with the placeholders filled; English again afterwards") {
  {
    LanguageGuard guard("es");
    CHECK(bn::Tr("ui.training.button.train") == "Entrenar");
    CHECK(bn::Tr("ui.training.status", {{"step", "120"}, {"rate", "37"}}) == "paso 120   37 pasos/s");
    CHECK(bn::Tr("ui.training.run_diverged",
                 {{"network", bn::Tr("ui.training.run.plain")}, {"step", "42"}, {"loss", "inf"}}) ==
          "La red sin BN divergió en el paso 42 (pérdida inf): pulsa Reiniciar para intentarlo de nuevo");
    CHECK(bn::Tr("ui.lesson.nav.chapter_of", {{"k", "2"}, {"n", "15"}, {"title", "T"}}) == "Capítulo 2 de 15: T");
    CHECK(bn::Tr("ui.image.value.where", {{"n", "1"}, {"c", "2"}, {"h", "3"}, {"w", "4"}}) ==
          "x en la muestra 1, canal 2, fila 3, columna 4:");
    CHECK(bn::Tr("ui.running.so_far", {{"n", "50"}}) == "lotes hasta ahora: 50");
    CHECK(bn::Tr("ui.menu.share") == "Compartir");
    CHECK(bn::Tr("menu.view") == "Ver");
    // The formulas and the parameter's name stay as they are.
    const std::string averaged = bn::Tr(
        "ui.running.averaged", {{"momentum", "0.99"}, {"batches", "100"}, {"eps", "0.001"}, {"library", "Keras"}});
    CHECK(averaged.rfind("momentum 0.99: ", 0) == 0);
    CHECK(averaged.find("ε = 0.001") != std::string::npos);
    CHECK(averaged.find("Keras") != std::string::npos);
    CHECK(averaged.find('{') == std::string::npos);
  }
  CHECK(bn::CurrentLanguage() == "en");
  CHECK(bn::Tr("ui.training.button.train") == "Train");
}

TEST_CASE("ui texts: Chinese, with the placeholders filled; English again afterwards") {
  {
    LanguageGuard guard("zh-Hans");
    CHECK(bn::Tr("ui.training.view.landscape") == "损失曲面");
    CHECK(bn::Tr("ui.lesson.checkpoint.score", {{"score", "4"}, {"n", "6"}, {"answered", "5"}}) ==
          "得分：6 题中答对 4 题（已回答 5 题）");
    CHECK(bn::Tr("ui.teach.own.count", {{"n", "9"}, {"n0", "4"}, {"n1", "5"}}) ==
          "9 个点：类别 0 有 4 个，类别 1 有 5 个");
    CHECK(bn::Tr("ui.layout.copied", {{"what", bn::Tr("ui.layout.export.link")}}) == "链接已复制到剪贴板。");
    const std::string variances =
        bn::Tr("ui.running.variances", {{"m", "8"}, {"biased", "1.5"}, {"m1", "7"}, {"unbiased", "1.7143"}});
    CHECK(variances == "有偏 σ²_B = Σ(x−μ_B)²/8 = 1.5      无偏 = Σ(x−μ_B)²/7 = 1.7143");
  }
  CHECK(bn::CurrentLanguage() == "en");
  CHECK(bn::Tr("ui.training.view.landscape") == "Loss landscape");
}
