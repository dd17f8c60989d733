// running_panel.cpp: train versus inference. Batches drawn from N(μ*, σ*²) pass through BN in train
// mode; the plot shows each batch's mean and variance (noisy) and the running averages (smooth) that
// converge toward μ* and σ*². Below, the newest batch normalized both ways, and the biased versus
// unbiased variance with numbers.
//
//   DrawRunningControls, DrawRunningPlots, DrawTrainVsEval, DrawRunningPanel
#include <imgui.h>

#include <cstdio>
#include <string>

#include "core/i18n/current.hpp"
#include "state/advance.hpp"
#include "state/labs.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/plot.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

void DrawRunningControls(AppState& app) {
  RunningLab& lab = app.running_lab;
  bn::StreamConfig& c = lab.config;
  bool changed = false;
  const float w = ImGui::GetFontSize() * 9.0f;
  ImGui::TextUnformatted(Tr("ui.running.source").c_str());
  ImGui::SetNextItemWidth(w);
  double mean_min = -100.0, mean_max = 100.0, std_min = 0.0, std_max = 50.0;
  changed |= ImGui::SliderScalar(L(Tr("ui.running.true_mean"), "true mean μ*").c_str(), ImGuiDataType_Double,
                                 &c.true_mean, &mean_min, &mean_max, "%.2f", ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  changed |= ImGui::SliderScalar(L(Tr("ui.running.true_std"), "true std σ*").c_str(), ImGuiDataType_Double, &c.true_std,
                                 &std_min, &std_max, "%.2f", ImGuiSliderFlags_AlwaysClamp);
  ImGui::SetNextItemWidth(w);
  changed |= ImGui::SliderInt(L(Tr("ui.running.batch_size"), "batch size N").c_str(), &c.batch_size, 2, 64, "%d",
                              ImGuiSliderFlags_AlwaysClamp);  // one feature: m = N values
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  double m_min = 0.0, m_max = 1.0;
  // "momentum": the parameter's name in PyTorch and Keras, not translated
  changed |= ImGui::SliderScalar("momentum", ImGuiDataType_Double, &c.momentum, &m_min, &m_max, "%.3f", ImGuiSliderFlags_AlwaysClamp);
  int conv = c.convention == bn::MomentumConvention::PyTorch ? 0 : 1;
  ImGui::TextUnformatted(Tr("ui.running.convention").c_str());
  ImGui::SameLine();
  if (ImGui::RadioButton("PyTorch", &conv, 0)) {
    c.momentum = bn::DefaultsFor(bn::MomentumConvention::PyTorch).momentum;  // 0.1 (PyTorch docs: BatchNorm1d)
    changed = true;
  }
  ImGui::SameLine();
  if (ImGui::RadioButton("Keras", &conv, 1)) {
    c.momentum = bn::DefaultsFor(bn::MomentumConvention::Keras).momentum;  // 0.99 (Keras 3 docs: BatchNormalization)
    changed = true;
  }
  c.convention = conv == 0 ? bn::MomentumConvention::PyTorch : bn::MomentumConvention::Keras;
  if (c.convention == bn::MomentumConvention::PyTorch) {
    // PyTorch docs: BatchNorm1d (momentum 0.1, eps 1e-5, running_var unbiased); Ioffe & Szegedy 2015, Alg. 2 step 10
    FormulaLine("running ← (1 − momentum)·running + momentum·batch   " + Tr("ui.running.formula.pytorch_note"),
                Tr("ui.running.formula.pytorch_help").c_str());
  } else {
    // Keras 3 docs and source: BatchNormalization (momentum 0.99, epsilon 1e-3, biased moving variance)
    FormulaLine("moving ← momentum·moving + (1 − momentum)·batch   " + Tr("ui.running.formula.keras_note"),
                Tr("ui.running.formula.keras_help").c_str());
  }
  // About 1/w batches, w the new batch's weight: PyTorch 0.1 → 10, Keras 0.99 → 100 (bn::AveragedBatches)
  const double averaged = bn::AveragedBatches(c.momentum, c.convention);
  const char* library = c.convention == bn::MomentumConvention::PyTorch ? "PyTorch" : "Keras";
  const double default_eps = bn::DefaultsFor(c.convention).eps;  // PyTorch 1e-5, Keras 1e-3: the table below uses it
  const bn::FormatArgs args = {{"momentum", Printf("%.3g", c.momentum)},
                               {"batches", Printf("%.0f", averaged)},
                               {"eps", Printf("%g", default_eps)},
                               {"library", library}};
  if (std::isfinite(averaged)) ImGui::TextDisabled("%s", Tr("ui.running.averaged", args).c_str());
  else ImGui::TextDisabled("%s", Tr("ui.running.never_moves", args).c_str());
  if (changed) ResetStream(lab);

  if (TrackedButton(app, false, L(Tr("ui.running.next_batch"), "Next batch").c_str(), "next_batch")) lab.stream.Step();
  ImGui::SameLine();
  if (TrackedButton(app, false, L(Tr("ui.running.fifty_batches"), "+50 batches").c_str(), "fifty_batches"))
    for (int k = 0; k < 50; ++k) lab.stream.Step();
  ImGui::SameLine();
  ImGui::Checkbox(L(Tr("ui.running.stream"), "Stream").c_str(), &lab.auto_run);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
  ImGui::SliderFloat(L(Tr("ui.running.rate"), "batches/s").c_str(), &lab.batches_per_second, 1.0f, 60.0f, "%.0f",
                     ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  if (ImGui::Button(L(Tr("ui.running.reset"), "Reset").c_str())) ResetStream(lab);
  ImGui::TextUnformatted(Tr("ui.running.so_far", {{"n", std::to_string(lab.stream.steps_done())}}).c_str());
  if (!lab.error.empty()) ImGui::TextColored(Colour(Slot::Error), "%s", lab.error.c_str());
}

void DrawRunningPlots(AppState& app) {
  const auto& h = app.running_lab.stream.history();
  const bn::StreamConfig& c = app.running_lab.config;
  const long first = app.running_lab.stream.steps_done() - static_cast<long>(h.size()) + 1;
  PlotSeries batch_mean{Tr("ui.running.plot.batch_mean"), {}, {}, ColourU32(Slot::BatchStat)};
  PlotSeries run_mean{Tr("ui.running.plot.running_mean"), {}, {}, ColourU32(Slot::RunningStat)};
  PlotSeries true_mean{"μ*", {}, {}, ColourU32(Slot::TrueStat), true};
  PlotSeries batch_var{Tr("ui.running.plot.batch_var"), {}, {}, ColourU32(Slot::BatchStat)};
  PlotSeries run_var{Tr("ui.running.plot.running_var"), {}, {}, ColourU32(Slot::RunningStat)};
  PlotSeries true_var{"σ*²", {}, {}, ColourU32(Slot::TrueStat), true};
  for (size_t k = 0; k < h.size(); ++k) {
    const float step = static_cast<float>(first + static_cast<long>(k));
    for (PlotSeries* s : {&batch_mean, &run_mean, &true_mean, &batch_var, &run_var, &true_var}) s->x.push_back(step);
    batch_mean.y.push_back(static_cast<float>(h[k].batch_mean));
    run_mean.y.push_back(static_cast<float>(h[k].running_mean));
    true_mean.y.push_back(static_cast<float>(c.true_mean));
    batch_var.y.push_back(static_cast<float>(h[k].batch_var));
    run_var.y.push_back(static_cast<float>(h[k].running_var));
    true_var.y.push_back(static_cast<float>(c.true_std * c.true_std));
  }
  PlotOptions opt;
  opt.height_in_lines = 8.0f;
  opt.x_label = Tr("ui.running.plot.axis");
  ImGui::TextUnformatted(Tr("ui.running.plot.mean").c_str());
  HelpMarker(Tr("ui.running.plot.mean.help").c_str());
  // Wu & He 2018, Fig. 1; Ioffe 2017, §1
  DrawPlot("means", {batch_mean, run_mean, true_mean}, opt);
  ImGui::TextUnformatted(Tr("ui.running.plot.variance").c_str());
  HelpMarker(Tr("ui.running.plot.variance.help").c_str());  // Ioffe & Szegedy 2015, Alg. 2 step 10
  DrawPlot("vars", {batch_var, run_var, true_var}, opt);
}

void DrawTrainVsEval(AppState& app) {
  const bn::BatchStream& s = app.running_lab.stream;
  if (s.history().empty()) {
    ImGui::TextDisabled("%s", Tr("ui.running.empty").c_str());
    return;
  }
  const bn::StreamRecord& r = s.history().back();
  const bn::Mat& x = s.last_batch();
  const int b = static_cast<int>(x.rows());
  const double eps = bn::DefaultsFor(s.config().convention).eps;  // the convention's default: PyTorch 1e-5, Keras 1e-3
  ImGui::TextUnformatted(Tr("ui.running.newest", {{"n", std::to_string(b)}}).c_str());
  // Ioffe & Szegedy 2015, Alg. 1: Var[x̂] = σ²_B/(σ²_B + ε); PyTorch docs: Module.eval()
  HelpMarker(Tr("ui.running.newest.help").c_str());
  FormulaLine("train: x̂ = (x − μ_B)/√(σ²_B + ε)      eval: x̂ = (x − μ_run)/√(σ²_run + ε)",
              Tr("ui.running.two_ways.help").c_str());
  if (ImGui::BeginTable("trainval", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit |
                                           ImGuiTableFlags_ScrollY,
                        ImVec2(0.0f, ImGui::GetFrameHeight() * 7.0f))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("x", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
    ImGui::TableSetupColumn(L(Tr("ui.running.column.train"), "x̂ train (batch stats)").c_str(),
                            ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 10.0f);
    ImGui::TableSetupColumn(L(Tr("ui.running.column.eval"), "x̂ eval (running stats)").c_str(),
                            ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 10.0f);
    ImGui::TableHeadersRow();
    // The previous running values normalized nothing in this step; eval uses the values after the update.
    for (int i = 0; i < b; ++i) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(bn::FormatNumber(x(i, 0), 5).c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(bn::FormatNumber((x(i, 0) - r.batch_mean) / std::sqrt(r.batch_var + eps), 5).c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(
          bn::FormatNumber((x(i, 0) - r.running_mean) / std::sqrt(r.running_var + eps), 5).c_str());
    }
    ImGui::EndTable();
  }
  ImGui::TextUnformatted(Tr("ui.running.means", {{"batch", bn::FormatNumber(r.batch_mean, 5)},
                                                 {"running", bn::FormatNumber(r.running_mean, 5)}})
                             .c_str());
  ImGui::TextUnformatted(Tr("ui.running.variances", {{"m", std::to_string(b)},
                                                     {"biased", bn::FormatNumber(r.batch_var, 5)},
                                                     {"m1", std::to_string(b - 1)},
                                                     {"unbiased", bn::FormatNumber(r.batch_var_unbiased, 5)}})
                             .c_str());
  // Ioffe & Szegedy 2015, Alg. 1 (biased, training) and Alg. 2 step 10 (unbiased, inference); PyTorch docs: BatchNorm1d
  HelpMarker(Tr("ui.running.variances.help").c_str());
  ImGui::TextUnformatted(Tr("ui.running.running_var", {{"value", bn::FormatNumber(r.running_var, 5)}}).c_str());

  if (TrackedButton(app, false,
                    L(Tr("ui.running.use"), "Use these running statistics in the step-through lab (eval mode)").c_str(),
                    "use_running")) {
    LabInput in = app.step_lab.input;
    in.running.mean = bn::Row::Constant(in.x.cols(), r.running_mean);
    in.running.var = bn::Row::Constant(in.x.cols(), r.running_var);
    in.mode = bn::Mode::Eval;
    SetInput(app, in);
    Notify(app, Tr("ui.running.used", {{"lab", LabOf(Lab::Step).name}}), false);
  }
}

}  // namespace

void DrawRunningPanel(AppState& app) {
  const float font = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool narrow = avail.x < 55.0f * font;
  ImGui::BeginChild("running_left", ImVec2(narrow ? 0.0f : avail.x * 0.55f, narrow ? 30.0f * font : 0.0f), true, kPanelFlags);
  DrawRunningControls(app);
  ImGui::Separator();
  DrawRunningPlots(app);
  ImGui::EndChild();
  if (!narrow) ImGui::SameLine();
  ImGui::BeginChild("running_right", ImVec2(0, 0), true, kPanelFlags);
  DrawTrainVsEval(app);
  ImGui::EndChild();
}

}  // namespace bnlab
