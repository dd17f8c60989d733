// running_panel.cpp: train versus inference. Batches drawn from N(μ*, σ*²) pass through BN in train
// mode; the plot shows each batch's mean and variance (noisy) and the running averages (smooth) that
// converge toward μ* and σ*². Below, the newest batch normalized both ways, and the biased versus
// unbiased variance with numbers.
//
//   DrawRunningControls, DrawRunningPlots, DrawTrainVsEval, DrawRunningPanel
#include <imgui.h>

#include <string>

#include "state/advance.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/plot.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

void DrawRunningControls(AppState& app) {
  RunningLab& lab = app.running_lab;
  bn::StreamConfig& c = lab.config;
  bool changed = false;
  const float w = ImGui::GetFontSize() * 9.0f;
  ImGui::TextUnformatted("Batches come from a normal distribution with");
  ImGui::SetNextItemWidth(w);
  double mean_min = -100.0, mean_max = 100.0, std_min = 0.0, std_max = 50.0;
  changed |= ImGui::SliderScalar("true mean μ*", ImGuiDataType_Double, &c.true_mean, &mean_min, &mean_max, "%.2f", ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  changed |= ImGui::SliderScalar("true std σ*", ImGuiDataType_Double, &c.true_std, &std_min, &std_max, "%.2f", ImGuiSliderFlags_AlwaysClamp);
  ImGui::SetNextItemWidth(w);
  changed |= ImGui::SliderInt("batch size N", &c.batch_size, 2, 64, "%d", ImGuiSliderFlags_AlwaysClamp);  // one feature: m = N values
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  double m_min = 0.0, m_max = 1.0;
  changed |= ImGui::SliderScalar("momentum", ImGuiDataType_Double, &c.momentum, &m_min, &m_max, "%.3f", ImGuiSliderFlags_AlwaysClamp);
  int conv = c.convention == bn::MomentumConvention::PyTorch ? 0 : 1;
  ImGui::TextUnformatted("convention");
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
    FormulaLine("running ← (1 − momentum)·running + momentum·batch   (stores m/(m−1)·σ²)",
                "PyTorch's momentum is the weight of the NEW batch (default 0.1, ε = 1e-5): the running values "
                "average about the last 1/momentum = 10 batches; larger means faster, noisier running statistics. "
                "It stores the unbiased variance, dividing by m − 1, the estimate the paper uses at inference.");
  } else {
    // Keras 3 docs and source: BatchNormalization (momentum 0.99, epsilon 1e-3, biased moving variance)
    FormulaLine("moving ← momentum·moving + (1 − momentum)·batch   (Keras 3: biased σ²)",
                "Keras's momentum is the weight of the OLD value (default 0.99, with ε = 1e-3): the moving values "
                "average about the last 1/(1 − momentum) = 100 batches. So 0.99 is not PyTorch's 0.1 written the "
                "other way: that would be 0.9 (about 10 batches). Keras 3 keeps the biased batch variance; "
                "tf.keras's fused kernel applied Bessel's m/(m−1), so what is stored depends on the version.");
  }
  // About 1/w batches, w the new batch's weight: PyTorch 0.1 → 10, Keras 0.99 → 100 (bn::AveragedBatches)
  const double averaged = bn::AveragedBatches(c.momentum, c.convention);
  const char* library = c.convention == bn::MomentumConvention::PyTorch ? "PyTorch" : "Keras";
  const double default_eps = bn::DefaultsFor(c.convention).eps;  // PyTorch 1e-5, Keras 1e-3: the table below uses it
  if (std::isfinite(averaged))
    ImGui::TextDisabled("momentum %.3g: about the last %.0f batches; ε = %g, %s's default", c.momentum, averaged, default_eps, library);
  else ImGui::TextDisabled("momentum %.3g: the running values never move; ε = %g, %s's default", c.momentum, default_eps, library);
  if (changed) ResetStream(lab);

  if (TrackedButton(app, false, "Next batch", "next_batch")) lab.stream.Step();
  ImGui::SameLine();
  if (TrackedButton(app, false, "+50 batches", "fifty_batches"))
    for (int k = 0; k < 50; ++k) lab.stream.Step();
  ImGui::SameLine();
  ImGui::Checkbox("Stream", &lab.auto_run);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
  ImGui::SliderFloat("batches/s", &lab.batches_per_second, 1.0f, 60.0f, "%.0f", ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  if (ImGui::Button("Reset")) ResetStream(lab);
  ImGui::Text("%ld batches so far", lab.stream.steps_done());
  if (!lab.error.empty()) ImGui::TextColored(Colour(Slot::Error), "%s", lab.error.c_str());
}

void DrawRunningPlots(AppState& app) {
  const auto& h = app.running_lab.stream.history();
  const bn::StreamConfig& c = app.running_lab.config;
  const long first = app.running_lab.stream.steps_done() - static_cast<long>(h.size()) + 1;
  PlotSeries batch_mean{"batch mean", {}, {}, ColourU32(Slot::BatchStat)};
  PlotSeries run_mean{"running mean", {}, {}, ColourU32(Slot::RunningStat)};
  PlotSeries true_mean{"μ*", {}, {}, ColourU32(Slot::TrueStat), true};
  PlotSeries batch_var{"batch σ² (biased)", {}, {}, ColourU32(Slot::BatchStat)};
  PlotSeries run_var{"running σ²", {}, {}, ColourU32(Slot::RunningStat)};
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
  opt.x_label = "batch";
  ImGui::TextUnformatted("Mean");
  HelpMarker("Each batch's mean jumps around the true mean; the running mean averages them with momentum, so it "
             "is smoother and lags behind. It starts at 0. Make the batch small: the batch statistics get noisier, "
             "and a batch's own normalization drifts further from the running one used at inference (the train/eval "
             "gap). GroupNorm, Batch Renormalization and synchronized BN across devices are the usual remedies.");
  // Wu & He 2018, Fig. 1; Ioffe 2017, §1
  DrawPlot("means", {batch_mean, run_mean, true_mean}, opt);
  ImGui::TextUnformatted("Variance");
  HelpMarker("The running variance starts at 1. With the PyTorch convention it averages the unbiased batch "
             "variances, so it settles on σ*² even though each batch normalizes with the smaller biased one. "
             "With Keras 3's it averages the biased ones and settles on (m−1)/m·σ*².");  // Ioffe & Szegedy 2015, Alg. 2 step 10
  DrawPlot("vars", {batch_var, run_var, true_var}, opt);
}

void DrawTrainVsEval(AppState& app) {
  const bn::BatchStream& s = app.running_lab.stream;
  if (s.history().empty()) {
    ImGui::TextDisabled("Stream a batch to compare train and eval normalization.");
    return;
  }
  const bn::StreamRecord& r = s.history().back();
  const bn::Mat& x = s.last_batch();
  const int b = static_cast<int>(x.rows());
  const double eps = bn::DefaultsFor(s.config().convention).eps;  // the convention's default: PyTorch 1e-5, Keras 1e-3
  ImGui::Text("The newest batch (N = %d), normalized two ways:", b);
  // Ioffe & Szegedy 2015, Alg. 1: Var[x̂] = σ²_B/(σ²_B + ε); PyTorch docs: Module.eval()
  HelpMarker("Train mode normalizes with this batch's own statistics, so x̂ has mean 0 and variance σ²_B/(σ²_B + ε) "
             "here: just under 1 when σ²_B is much larger than ε, far under 1 when it is near or below ε, and 0 when "
             "σ* = 0 (every value equal). Eval mode uses the running statistics: x̂ "
             "is near, not exactly, standardized, and a sample's x̂ no longer depends on the other samples. Forget "
             "model.eval() and every prediction depends on its batch, and each evaluated batch moves the running "
             "statistics.");
  FormulaLine("train: x̂ = (x − μ_B)/√(σ²_B + ε)      eval: x̂ = (x − μ_run)/√(σ²_run + ε)",
              "Same formula, different statistics. ε is the convention's default: 1e-5 for PyTorch, 1e-3 for Keras.");
  if (ImGui::BeginTable("trainval", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit |
                                           ImGuiTableFlags_ScrollY,
                        ImVec2(0.0f, ImGui::GetFrameHeight() * 7.0f))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("x", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
    ImGui::TableSetupColumn("x̂ train (batch stats)", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 10.0f);
    ImGui::TableSetupColumn("x̂ eval (running stats)", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 10.0f);
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
  ImGui::Text("batch mean μ_B = %s      running mean = %s", bn::FormatNumber(r.batch_mean, 5).c_str(),
              bn::FormatNumber(r.running_mean, 5).c_str());
  ImGui::Text("biased σ²_B = Σ(x−μ_B)²/%d = %s      unbiased = Σ(x−μ_B)²/%d = %s", b,
              bn::FormatNumber(r.batch_var, 5).c_str(), b - 1, bn::FormatNumber(r.batch_var_unbiased, 5).c_str());
  // Ioffe & Szegedy 2015, Alg. 1 (biased, training) and Alg. 2 step 10 (unbiased, inference); PyTorch docs: BatchNorm1d
  HelpMarker("Dividing by m = N underestimates the spread of the whole distribution (the batch mean sits closer to "
             "its own samples than the true mean does). Training normalizes each batch with the biased value; for "
             "inference the paper estimates the variance with the unbiased m/(m−1)·σ²_B (Algorithm 2, step 10), and "
             "PyTorch follows it: its running variance averages m/(m−1)·σ²_B.");
  ImGui::Text("running σ² = %s", bn::FormatNumber(r.running_var, 5).c_str());

  if (TrackedButton(app, false, "Use these running statistics in the step-through lab (eval mode)", "use_running")) {
    LabInput in = app.step_lab.input;
    in.running.mean = bn::Row::Constant(in.x.cols(), r.running_mean);
    in.running.var = bn::Row::Constant(in.x.cols(), r.running_var);
    in.mode = bn::Mode::Eval;
    SetInput(app, in);
    Notify(app, "The lab's batch now normalizes with these running statistics (eval mode): see Step through BN.",
           false);
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
