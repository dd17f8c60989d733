// training_panel.cpp: the training lab. Copies of one network (plain, BN, noisy BN) train side by side on the
// same batches; the learner watches loss and accuracy, the decision boundaries, and the chosen experiment's
// own measurements.
//
//   DrawTrainControls    experiment, data, network and optimizer settings (sliders over the settings table,
//                        core/train/train_settings.hpp); Train / Pause / Step (StepTraining) / Reset
//   DrawCurves           loss and accuracy of every network
//   (the pictures: decision boundaries and loss landscape on the GPU, ui/training_views.cpp)
//   DrawExperimentViews  percentiles and histograms (2, 3), gradient change (4), smoothness (5), sweeps (1, 6),
//                        train/test gap (7)
//   DrawTrainingPanel
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/train/train_settings.hpp"
#include "state/advance.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/plot.hpp"
#include "ui/training_views.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

void DrawTrainControls(AppState& app) {
  TrainLab& t = app.train;
  bn::TrainConfig& c = t.config;
  const std::vector<bn::ExperimentInfo>& list = t.experiments;
  bool changed = false;
  const float w = ImGui::GetFontSize() * 9.0f;

  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::BeginCombo("##experiment", list[t.experiment].title.c_str())) {
    for (size_t k = 0; k < list.size(); ++k)
      if (ImGui::Selectable(list[k].title.c_str(), static_cast<int>(k) == t.experiment)) SelectExperiment(app, static_cast<int>(k));
    ImGui::EndCombo();
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", list[t.experiment].explanation.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Separator();

  // Buttons first: the learner's main action.
  if (TrackedButton(app, false, t.running ? "Pause###train_toggle" : "Train###train_toggle", "train_toggle") && t.trainer) t.running = !t.running;
  ImGui::SameLine();
  if (TrackedButton(app, false, "Step", "train_step")) StepTraining(t, 1);  // as train-steps:1 (state/advance.hpp)
  ImGui::SameLine();
  if (TrackedButton(app, false, "Reset", "train_reset")) ResetTraining(app);
  if (t.trainer) {
    ImGui::SameLine();
    ImGui::Text("step %d   %.0f steps/s", t.trainer->step(), t.running ? t.measured_sps : 0.0);
  }
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat("max steps/s", &t.max_steps_per_second, 1.0f, 50000.0f, "%.0f", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);

  ImGui::TextUnformatted("Data");
  // The five generated data sets, then the teacher's own points (index 5).
  int kind = app.teach.own.active ? 5 : static_cast<int>(c.data.kind);
  ImGui::SetNextItemWidth(w);
  if (ImGui::Combo("data set", &kind, "spirals\0moons\0circles\0xor\0blobs\0own (your points)\0")) {
    if (kind == 5) {
      UseOwnData(app, true);
    } else {
      c.data.kind = static_cast<bn::DatasetKind>(kind);
      if (app.teach.own.active) UseOwnData(app, false);
      changed = true;
    }
  }
  TrackItem(app, "train_data");
  if (app.teach.own.active) {
    DrawOwnDataControls(app);
  } else {
    ImGui::SetNextItemWidth(w);
    changed |= TrainSettingSlider(&c, "noise", "noise", 0.0, 0.5, "%.2f");
  }
  ImGui::TextUnformatted("Network");
  ImGui::SetNextItemWidth(w);
  changed |= TrainSettingSlider(&c, "depth", "depth", 1, 8, "%d");
  ImGui::SetNextItemWidth(w);
  changed |= TrainSettingSlider(&c, "width", "width", 2, 64, "%d");
  int act = static_cast<int>(c.net.activation);
  ImGui::SetNextItemWidth(w);
  changed |= ImGui::Combo("activation", &act, "sigmoid\0tanh\0ReLU\0");
  c.net.activation = static_cast<bn::Activation>(act);
  ImGui::SetNextItemWidth(w);
  changed |= TrainSettingSlider(&c, "init", "init scale", 0.01, 20.0, "%.3g", ImGuiSliderFlags_Logarithmic);
  HelpMarker("Initial weights are drawn from N(0, s²/fan_in): s = 1 keeps a layer's output about as spread as its "
             "input (before the nonlinearity). Much smaller or larger s shows how sensitive each network is to its "
             "starting point.");
  ImGui::TextUnformatted("Training");
  ImGui::SetNextItemWidth(w);
  changed |= TrainSettingSlider(&c, "batch", "batch", 2, 256, "%d");
  ImGui::SetNextItemWidth(w);
  changed |= TrainSettingSlider(&c, "lr", "learning rate", 0.001, 30.0, "%.3g", ImGuiSliderFlags_Logarithmic);
  ImGui::SetNextItemWidth(w);
  // the optimizer's momentum, not BN's running average's
  changed |= TrainSettingSlider(&c, "momentum", "SGD momentum", 0.0, 0.99, "%.2f");
  int seed = static_cast<int>(c.net.seed);
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputInt("seed", &seed)) {
    const bn::TrainSetting& row = *bn::FindTrainSetting("seed");
    const double v = bn::ClampTrainSetting(row, seed);
    if (v != row.get(c)) {
      row.set(&c, v);  // the data's seed and the weights'
      changed = true;
    }
  }
  if (changed) ResetTraining(app);  // new settings: new networks from the same seed
  // (Too few own points is said, in amber, under the own-data controls.)
  if (!t.error.empty() && !(app.teach.own.active && t.error == OwnDataProblem(app)))
    ImGui::TextColored(Colour(Slot::Error), "Refused: %s", t.error.c_str());
  if (t.trainer) {
    for (const bn::Run& r : t.trainer->runs()) {
      if (!r.diverged) continue;
      ImGui::TextColored(Colour(Slot::Error), "%s diverged at step %d (loss %s): Reset to try again",
                         RunTitle(r.norm), r.diverged_at, bn::FormatNumber(r.last_loss, 3).c_str());
    }
  }
}

void DrawCurves(AppState& app) {
  const bn::Trainer& tr = *app.train.trainer;
  std::vector<PlotSeries> loss, acc;
  for (const bn::Run& r : tr.runs()) {
    PlotSeries train{std::string(RunTitle(r.norm)) + " train", {}, {}, RunColour(r.norm)};
    PlotSeries test{std::string(RunTitle(r.norm)) + " test", {}, {}, RunColour(r.norm, 0.55f), true};
    PlotSeries a{RunTitle(r.norm), {}, {}, RunColour(r.norm)};
    for (const bn::LogRow& row : r.log) {
      train.x.push_back(static_cast<float>(row.step));
      train.y.push_back(row.train_loss);
      test.x.push_back(static_cast<float>(row.step));
      test.y.push_back(row.test_loss);
      a.x.push_back(static_cast<float>(row.step));
      a.y.push_back(row.test_acc);
    }
    loss.push_back(train);
    loss.push_back(test);
    acc.push_back(a);
  }
  PlotOptions opt;
  opt.height_in_lines = 7.0f;
  opt.x_label = "step";
  opt.y_from_zero = true;
  ImGui::BeginGroup();  // the curves as one picture (Share > Save ... curves as PNG)
  ImGui::TextUnformatted("Loss (cross-entropy; dotted: test set)");
  HelpMarker("Solid: loss on the training set; dotted: on the held-out test set. Both networks see exactly the same "
             "batches from the same starting weights, so any difference comes from BN. The curves and the decision "
             "boundaries are measured in eval mode: BN uses its running statistics, as at inference, while every "
             "training step uses the batch's own. Early on the running statistics lag behind the changing weights, "
             "so the BN network can score worse here than on its training batches: a live train/eval lesson.");  // trainer.cpp Log → Mlp::Evaluate (eval mode)
  DrawPlot("loss", loss, opt);
  opt.height_in_lines = 5.0f;
  ImGui::TextUnformatted("Test accuracy");
  DrawPlot("acc", acc, opt);
  ImGui::EndGroup();
  TrackItem(app, "train_curves");
}

void DrawPercentiles(AppState& app) {
  const bn::Trainer& tr = *app.train.trainer;
  const bn::TrainConfig& c = tr.config();
  ImGui::Text("Input to the nonlinearity of unit %d in layer %d: 15th, 50th, 85th percentiles over the batch",
              c.watch_unit + 1, c.watch_layer + 1);
  // Ioffe & Szegedy 2015, §4.1 and Figure 1 ("more stable")
  HelpMarker("Ioffe & Szegedy's figure 1: without BN, the distribution a sigmoid sees drifts while the layers below "
             "learn; with BN it is more stable, but not fixed: the sigmoid's input is γx̂ + β, which moves as γ and "
             "β are learned, so expect the BN curves to move too. Noisy BN shakes it on purpose every step.");
  std::vector<PlotSeries> series;
  for (const bn::Run& r : tr.runs()) {
    for (int q = 0; q < 3; ++q) {
      PlotSeries s{q == 1 ? std::string(RunTitle(r.norm)) : std::string(), {}, {}, RunColour(r.norm, q == 1 ? 1.0f : 0.5f)};
      for (const bn::LogRow& row : r.log) {
        if (row.step == 0) continue;
        s.x.push_back(static_cast<float>(row.step));
        s.y.push_back(q == 0 ? row.p15 : q == 1 ? row.p50 : row.p85);
      }
      series.push_back(s);
    }
  }
  PlotOptions opt;
  opt.height_in_lines = 7.0f;
  opt.x_label = "step";
  DrawPlot("percentiles", series, opt);
  // Per-layer histograms of the inputs to the nonlinearity, last batch, one network.
  TrainLab& t = app.train;
  const int n = static_cast<int>(tr.runs().size());
  if (t.histogram_run >= n) t.histogram_run = n - 1;
  ImGui::TextUnformatted("Per-layer histograms (last batch) for");
  for (int r = 0; r < n; ++r) {
    ImGui::SameLine();
    ImGui::RadioButton(RunTitle(tr.runs()[r].norm), &t.histogram_run, r);
  }
  const auto& layers = tr.runs()[t.histogram_run].net.hidden();
  const float cell_w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * (layers.size() - 1)) /
                       static_cast<float>(layers.size());
  for (size_t l = 0; l < layers.size(); ++l) {
    if (l) ImGui::SameLine();
    // The last training batch's values (the network's own buffers hold later evaluations).
    const std::vector<float> bins = bn::LayerHistogram(tr.runs()[t.histogram_run], static_cast<int>(l), -4.0f, 4.0f, 24);
    const std::string label = "layer " + std::to_string(l + 1);
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", label.c_str());
    ImGui::PushID(static_cast<int>(l));
    ImGui::PlotHistogram("##h", bins.data(), 24, 0, nullptr, 0.0f, FLT_MAX, ImVec2(cell_w, ImGui::GetFontSize() * 3.5f));
    ImGui::PopID();
    ImGui::EndGroup();
  }
  ImGui::TextDisabled("each histogram spans −4 to 4");
}

void DrawMeasureSeries(AppState& app, const char* title, const char* help, std::vector<float bn::LogRow::*> fields,
                       std::vector<const char*> names) {
  const bn::Trainer& tr = *app.train.trainer;
  for (size_t f = 0; f < fields.size(); ++f) {
    std::vector<PlotSeries> series;
    for (const bn::Run& r : tr.runs()) {
      PlotSeries s{RunTitle(r.norm), {}, {}, RunColour(r.norm)};
      for (const bn::LogRow& row : r.log) {
        if (row.step == 0) continue;
        s.x.push_back(static_cast<float>(row.step));
        s.y.push_back(row.*fields[f]);
      }
      series.push_back(s);
    }
    ImGui::TextUnformatted(f == 0 ? title : "");
    if (f == 0) HelpMarker(help);
    ImGui::TextDisabled("%s", names[f]);
    PlotOptions opt;
    opt.height_in_lines = 5.5f;
    opt.x_label = "step";
    DrawPlot(names[f], series, opt);
  }
}

void DrawSweep(AppState& app) {
  TrainLab& t = app.train;
  const bool init = t.config.experiment == bn::Experiment::Init;
  ImGui::Text("Final training loss after %d steps for each %s", t.sweep_steps, init ? "initial weight scale" : "learning rate");
  HelpMarker("Each value trains a fresh pair of networks (same seed) for a short run; a missing point means that "
             "network diverged. Computed one value per frame, so the page stays responsive.");
  if (TrackedButton(app, false, t.sweeping ? "Sweeping…###sweep" : "Run the sweep###sweep", "sweep") && !t.sweeping) {
    t.sweep_values = init ? std::vector<double>{0.03, 0.1, 0.3, 1, 3, 10} : std::vector<double>{0.03, 0.1, 0.3, 1, 3, 10};
    t.sweep_result.clear();
    t.sweeping = true;
  }
  if (t.sweep_result.empty()) return;
  std::vector<PlotSeries> series;
  for (size_t r = 0; r < t.norms.size(); ++r) {
    PlotSeries s{RunTitle(t.norms[r]), {}, {}, RunColour(t.norms[r])};
    for (size_t v = 0; v < t.sweep_result.size(); ++v) {
      s.x.push_back(static_cast<float>(std::log10(t.sweep_values[v])));
      s.y.push_back(t.sweep_result[v][r]);
    }
    series.push_back(s);
  }
  PlotOptions opt;
  opt.height_in_lines = 6.0f;
  opt.x_label = init ? "log10 scale" : "log10 lr";
  opt.y_from_zero = true;
  DrawPlot("sweep", series, opt);
  if (ImGui::BeginTable("sweep_table", 1 + static_cast<int>(t.norms.size()), ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn(init ? "init scale" : "learning rate");
    for (bn::NormKind n : t.norms) ImGui::TableSetupColumn(RunTitle(n));
    ImGui::TableHeadersRow();
    for (size_t v = 0; v < t.sweep_result.size(); ++v) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(bn::FormatNumber(t.sweep_values[v], 3).c_str());
      for (size_t r = 0; r < t.norms.size(); ++r) {
        ImGui::TableSetColumnIndex(static_cast<int>(r) + 1);
        const float loss = t.sweep_result[v][r];
        ImGui::TextUnformatted(std::isfinite(loss) ? bn::FormatNumber(loss, 3).c_str() : "diverged");
      }
    }
    ImGui::EndTable();
  }
}

void DrawExperimentViews(AppState& app) {
  const bn::Experiment e = app.train.config.experiment;
  switch (e) {
    case bn::Experiment::Distributions:
    case bn::Experiment::Noisy: DrawPercentiles(app); break;
    case bn::Experiment::CovariateShift:
      DrawMeasureSeries(app, "How much the watched layer's gradient moves when the layers below step",
                        "Santurkar et al., definition 2.1: compute the gradient of the last hidden layer's weights, "
                        "update only the layers below it, compute the gradient again on the same batch. ℓ₂: how far "
                        "it moved; cosine: whether it still points the same way (1 = unchanged).",
                        {&bn::LogRow::ics_l2, &bn::LogRow::ics_cos}, {"ℓ₂ distance", "cosine"});
      break;
    case bn::Experiment::Landscape:
      DrawMeasureSeries(app, "Along the gradient, from ¼ to 4 times the learning rate",
                        // Santurkar et al. 2018, §3.1 and Figure 4: "gradient predictiveness" is this change
                        // (smaller = more predictive), so the curve is named for what it plots
                        "Loss range: how much the loss varies along that line. Gradient change: the largest "
                        "‖∇L(w) − ∇L(w − ηg)‖ there, which Santurkar et al. use to measure gradient predictiveness "
                        "(a smaller change means a more predictive gradient). β-smoothness: that change per unit of "
                        "distance moved (this β is Santurkar et al.'s name for a Lipschitz constant, not BN's β). "
                        "Smaller numbers mean a smoother landscape that tolerates larger steps.",
                        {&bn::LogRow::loss_range, &bn::LogRow::grad_pred, &bn::LogRow::beta_smooth},
                        {"loss range", "gradient change (lower = more predictive)", "effective β-smoothness"});
      break;
    case bn::Experiment::LearningRate:
    case bn::Experiment::Init: DrawSweep(app); break;
    case bn::Experiment::Regularization: {
      ImGui::TextUnformatted("Train/test gap (test loss − train loss) at the last logged step");
      HelpMarker("A growing gap means the network memorizes the training points. Compare the two networks' gaps.");
      for (const bn::Run& r : app.train.trainer->runs())
        if (!r.log.empty())
          ImGui::Text("%s: %s", RunTitle(r.norm), bn::FormatNumber(r.log.back().test_loss - r.log.back().train_loss, 3).c_str());
      break;
    }
    case bn::Experiment::Basic: break;
  }
}

}  // namespace

void DrawTrainingPanel(AppState& app) {
  const float font = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool narrow = avail.x < 55.0f * font;
  // The pictures: the decision boundaries (own data: drawing on the first map) or the loss landscape, the
  // curves and the experiment's own views.
  auto views_content = [&] {
    if (app.train.trainer) {
      DrawTrainViews(app);
    } else if (app.teach.own.active) {
      DrawEmptyOwnMap(app);  // own data with too few points to train: an empty map to draw on
    }
    ApplyQueuedOwnPoints(app);  // points drawn on the map this frame (after the maps: adding resets training)
    if (app.train.trainer) {
      DrawCurves(app);
      DrawExperimentViews(app);
    }
  };
  if (narrow) {
    // A phone: one scrolling column (no panel scrolling inside another), controls then pictures; embedded in a
    // narrow frame (a slide), the pictures first.
    ImGui::BeginChild("train_column", ImVec2(0, 0), false, kPanelFlags);
    if (app.ui.embed) {
      views_content();
      SectionBreak();
      DrawTrainControls(app);
    } else {
      DrawTrainControls(app);
      SectionBreak();
      views_content();
    }
    ImGui::EndChild();
    return;
  }
  ImGui::BeginChild("train_controls", ImVec2(std::min(avail.x * 0.32f, 24.0f * font), 0.0f), true, kPanelFlags);
  DrawTrainControls(app);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("train_views", ImVec2(0, 0), true, kPanelFlags);
  views_content();
  ImGui::EndChild();
}

}  // namespace bnlab
