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
#include <cstdio>
#include <string>
#include <vector>

#include "core/i18n/current.hpp"
#include "core/train/train_settings.hpp"
#include "state/advance.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/plot.hpp"
#include "ui/training_views.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

void DrawTrainControls(AppState& app) {
  TrainLab& t = app.train;
  bn::TrainConfig& c = t.config;
  const std::vector<bn::ExperimentInfo>& list = t.experiments;
  bool changed = false;
  const float w = ImGui::GetFontSize() * 9.0f;

  ImGui::SetNextItemWidth(-1.0f);
  // The experiments' titles and explanations in the current language (core/train/trainer.hpp); the id: the index.
  if (ImGui::BeginCombo("##experiment", bn::ExperimentTitle(list[t.experiment]).c_str())) {
    for (size_t k = 0; k < list.size(); ++k) {
      const std::string label = bn::ExperimentTitle(list[k]) + "###experiment" + std::to_string(k);
      if (ImGui::Selectable(label.c_str(), static_cast<int>(k) == t.experiment)) SelectExperiment(app, static_cast<int>(k));
    }
    ImGui::EndCombo();
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", bn::ExperimentExplanation(list[t.experiment]).c_str());
  ImGui::PopTextWrapPos();
  ImGui::Separator();

  // Buttons first: the learner's main action.
  const std::string toggle =
      L(t.running ? Tr("ui.training.button.pause") : Tr("ui.training.button.train"), "train_toggle");
  if (TrackedButton(app, false, toggle.c_str(), "train_toggle") && t.trainer) t.running = !t.running;
  ImGui::SameLine();
  if (TrackedButton(app, false, L(Tr("ui.training.button.step"), "Step").c_str(), "train_step"))
    StepTraining(t, 1);  // as train-steps:1 (state/advance.hpp)
  ImGui::SameLine();
  if (TrackedButton(app, false, L(Tr("ui.training.button.reset"), "Reset").c_str(), "train_reset")) ResetTraining(app);
  if (t.trainer) {
    ImGui::SameLine();
    ImGui::TextUnformatted(Tr("ui.training.status", {{"step", std::to_string(t.trainer->step())},
                                                     {"rate", Printf("%.0f", t.running ? t.measured_sps : 0.0)}})
                               .c_str());
  }
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat(L(Tr("ui.training.max_rate"), "max steps/s").c_str(), &t.max_steps_per_second, 1.0f, 50000.0f,
                     "%.0f", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);

  ImGui::TextUnformatted(Tr("ui.training.heading.data").c_str());
  // The five generated data sets, then the teacher's own points (index 5).
  int kind = app.teach.own.active ? 5 : static_cast<int>(c.data.kind);
  ImGui::SetNextItemWidth(w);
  const char* data_sets[6] = {Tr("ui.training.data.spirals").c_str(), Tr("ui.training.data.moons").c_str(),
                              Tr("ui.training.data.circles").c_str(), Tr("ui.training.data.xor").c_str(),
                              Tr("ui.training.data.blobs").c_str(),   Tr("ui.training.data.own").c_str()};
  if (ImGui::Combo(L(Tr("ui.training.data_set"), "data set").c_str(), &kind, data_sets, 6)) {
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
    changed |= TrainSettingSlider(&c, "noise", L(Tr("ui.training.setting.noise"), "noise").c_str(), 0.0, 0.5, "%.2f");
  }
  ImGui::TextUnformatted(Tr("ui.training.heading.network").c_str());
  ImGui::SetNextItemWidth(w);
  changed |= TrainSettingSlider(&c, "depth", L(Tr("ui.training.setting.depth"), "depth").c_str(), 1, 8, "%d");
  ImGui::SetNextItemWidth(w);
  changed |= TrainSettingSlider(&c, "width", L(Tr("ui.training.setting.width"), "width").c_str(), 2, 64, "%d");
  int act = static_cast<int>(c.net.activation);
  ImGui::SetNextItemWidth(w);
  // the functions' names (sigmoid, tanh, ReLU) are not translated
  changed |= ImGui::Combo(L(Tr("ui.training.setting.activation"), "activation").c_str(), &act, "sigmoid\0tanh\0ReLU\0");
  c.net.activation = static_cast<bn::Activation>(act);
  ImGui::SetNextItemWidth(w);
  changed |= TrainSettingSlider(&c, "init", L(Tr("ui.training.setting.init"), "init scale").c_str(), 0.01, 20.0, "%.3g",
                                ImGuiSliderFlags_Logarithmic);
  HelpMarker(Tr("ui.training.setting.init.help").c_str());
  ImGui::TextUnformatted(Tr("ui.training.heading.training").c_str());
  ImGui::SetNextItemWidth(w);
  changed |= TrainSettingSlider(&c, "batch", L(Tr("ui.training.setting.batch"), "batch").c_str(), 2, 256, "%d");
  ImGui::SetNextItemWidth(w);
  changed |= TrainSettingSlider(&c, "lr", L(Tr("ui.training.setting.lr"), "learning rate").c_str(), 0.001, 30.0, "%.3g",
                                ImGuiSliderFlags_Logarithmic);
  ImGui::SetNextItemWidth(w);
  // the optimizer's momentum, not BN's running average's
  changed |= TrainSettingSlider(&c, "momentum", L(Tr("ui.training.setting.momentum"), "SGD momentum").c_str(), 0.0,
                                0.99, "%.2f");
  int seed = static_cast<int>(c.net.seed);
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputInt(L(Tr("ui.training.setting.seed"), "seed").c_str(), &seed)) {
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
    ImGui::TextColored(Colour(Slot::Error), "%s", Tr("ui.training.refused", {{"reason", t.error}}).c_str());
  if (t.trainer) {
    for (const bn::Run& r : t.trainer->runs()) {
      if (!r.diverged) continue;
      ImGui::TextColored(Colour(Slot::Error), "%s",
                         Tr("ui.training.run_diverged", {{"network", RunTitle(r.norm)},
                                                         {"step", std::to_string(r.diverged_at)},
                                                         {"loss", bn::FormatNumber(r.last_loss, 3)}})
                             .c_str());
    }
  }
}

void DrawCurves(AppState& app) {
  const bn::Trainer& tr = *app.train.trainer;
  std::vector<PlotSeries> loss, acc;
  for (const bn::Run& r : tr.runs()) {
    PlotSeries train{Tr("ui.training.curve.train", {{"network", RunTitle(r.norm)}}), {}, {}, RunColour(r.norm)};
    PlotSeries test{
        Tr("ui.training.curve.test", {{"network", RunTitle(r.norm)}}), {}, {}, RunColour(r.norm, 0.55f), true};
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
  opt.x_label = Tr("ui.training.axis.step");
  opt.y_from_zero = true;
  ImGui::BeginGroup();  // the curves as one picture (Share > Save ... curves as PNG)
  ImGui::TextUnformatted(Tr("ui.training.curves.loss").c_str());
  HelpMarker(Tr("ui.training.curves.loss.help").c_str());  // trainer.cpp Log → Mlp::Evaluate (eval mode)
  DrawPlot("loss", loss, opt);
  opt.height_in_lines = 5.0f;
  ImGui::TextUnformatted(Tr("ui.training.curves.accuracy").c_str());
  DrawPlot("acc", acc, opt);
  ImGui::EndGroup();
  TrackItem(app, "train_curves");
}

void DrawPercentiles(AppState& app) {
  const bn::Trainer& tr = *app.train.trainer;
  const bn::TrainConfig& c = tr.config();
  ImGui::TextUnformatted(Tr("ui.training.percentiles",
                            {{"unit", std::to_string(c.watch_unit + 1)}, {"layer", std::to_string(c.watch_layer + 1)}})
                             .c_str());
  // Ioffe & Szegedy 2015, §4.1 and Figure 1 ("more stable")
  HelpMarker(Tr("ui.training.percentiles.help").c_str());
  std::vector<PlotSeries> series;
  for (const bn::Run& r : tr.runs()) {
    for (int q = 0; q < 3; ++q) {
      PlotSeries s{q == 1 ? RunTitle(r.norm) : std::string(), {}, {}, RunColour(r.norm, q == 1 ? 1.0f : 0.5f)};
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
  opt.x_label = Tr("ui.training.axis.step");
  DrawPlot("percentiles", series, opt);
  // Per-layer histograms of the inputs to the nonlinearity, last batch, one network.
  TrainLab& t = app.train;
  const int n = static_cast<int>(tr.runs().size());
  if (t.histogram_run >= n) t.histogram_run = n - 1;
  ImGui::TextUnformatted(Tr("ui.training.histograms").c_str());
  for (int r = 0; r < n; ++r) {
    ImGui::SameLine();
    ImGui::RadioButton(L(RunTitle(tr.runs()[r].norm), RunId(tr.runs()[r].norm)).c_str(), &t.histogram_run, r);
  }
  const auto& layers = tr.runs()[t.histogram_run].net.hidden();
  const float cell_w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * (layers.size() - 1)) /
                       static_cast<float>(layers.size());
  for (size_t l = 0; l < layers.size(); ++l) {
    if (l) ImGui::SameLine();
    // The last training batch's values (the network's own buffers hold later evaluations).
    const std::vector<float> bins = bn::LayerHistogram(tr.runs()[t.histogram_run], static_cast<int>(l), -4.0f, 4.0f, 24);
    const std::string label = Tr("ui.training.histograms.layer", {{"n", std::to_string(l + 1)}});
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", label.c_str());
    ImGui::PushID(static_cast<int>(l));
    ImGui::PlotHistogram("##h", bins.data(), 24, 0, nullptr, 0.0f, FLT_MAX, ImVec2(cell_w, ImGui::GetFontSize() * 3.5f));
    ImGui::PopID();
    ImGui::EndGroup();
  }
  ImGui::TextDisabled("%s", Tr("ui.training.histograms.span").c_str());
}

// One plot per field: `ids` name the plots (ImGui ids, English), `names` are their titles (translated).
void DrawMeasureSeries(AppState& app, const std::string& title, const std::string& help,
                       std::vector<float bn::LogRow::*> fields, std::vector<const char*> ids,
                       std::vector<std::string> names) {
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
    ImGui::TextUnformatted(f == 0 ? title.c_str() : "");
    if (f == 0) HelpMarker(help.c_str());
    ImGui::TextDisabled("%s", names[f].c_str());
    PlotOptions opt;
    opt.height_in_lines = 5.5f;
    opt.x_label = Tr("ui.training.axis.step");
    DrawPlot(ids[f], series, opt);
  }
}

void DrawSweep(AppState& app) {
  TrainLab& t = app.train;
  const bool init = t.config.experiment == bn::Experiment::Init;
  const bn::FormatArgs steps = {{"steps", std::to_string(t.sweep_steps)}};
  ImGui::TextUnformatted(
      (init ? Tr("ui.training.sweep.title_init", steps) : Tr("ui.training.sweep.title_lr", steps)).c_str());
  HelpMarker(Tr("ui.training.sweep.help").c_str());
  const std::string button = L(t.sweeping ? Tr("ui.training.sweep.running") : Tr("ui.training.sweep.run"), "sweep");
  if (TrackedButton(app, false, button.c_str(), "sweep") && !t.sweeping) {
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
  opt.x_label = init ? Tr("ui.training.sweep.axis_init") : Tr("ui.training.sweep.axis_lr");
  opt.y_from_zero = true;
  DrawPlot("sweep", series, opt);
  if (ImGui::BeginTable("sweep_table", 1 + static_cast<int>(t.norms.size()), ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn(init ? L(Tr("ui.training.setting.init"), "init scale").c_str()
                                 : L(Tr("ui.training.setting.lr"), "learning rate").c_str());
    for (bn::NormKind n : t.norms) ImGui::TableSetupColumn(L(RunTitle(n), RunId(n)).c_str());
    ImGui::TableHeadersRow();
    for (size_t v = 0; v < t.sweep_result.size(); ++v) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(bn::FormatNumber(t.sweep_values[v], 3).c_str());
      for (size_t r = 0; r < t.norms.size(); ++r) {
        ImGui::TableSetColumnIndex(static_cast<int>(r) + 1);
        const float loss = t.sweep_result[v][r];
        ImGui::TextUnformatted(std::isfinite(loss) ? bn::FormatNumber(loss, 3).c_str()
                                                   : Tr("ui.training.diverged").c_str());
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
      DrawMeasureSeries(app, Tr("ui.training.shift.title"), Tr("ui.training.shift.help"),
                        {&bn::LogRow::ics_l2, &bn::LogRow::ics_cos}, {"ℓ₂ distance", "cosine"},
                        {Tr("ui.training.shift.l2"), Tr("ui.training.shift.cosine")});
      break;
    case bn::Experiment::Landscape:
      // Santurkar et al. 2018, §3.1 and Figure 4: "gradient predictiveness" is this change
      // (smaller = more predictive), so the curve is named for what it plots
      DrawMeasureSeries(app, Tr("ui.training.smoothness.title"), Tr("ui.training.smoothness.help"),
                        {&bn::LogRow::loss_range, &bn::LogRow::grad_pred, &bn::LogRow::beta_smooth},
                        {"loss range", "gradient change (lower = more predictive)", "effective β-smoothness"},
                        {Tr("ui.training.smoothness.loss_range"), Tr("ui.training.smoothness.gradient_change"),
                         Tr("ui.training.smoothness.beta")});
      break;
    case bn::Experiment::LearningRate:
    case bn::Experiment::Init: DrawSweep(app); break;
    case bn::Experiment::Regularization: {
      ImGui::TextUnformatted(Tr("ui.training.gap.title").c_str());
      HelpMarker(Tr("ui.training.gap.help").c_str());
      for (const bn::Run& r : app.train.trainer->runs())
        if (!r.log.empty())
          ImGui::TextUnformatted(Tr("ui.training.gap.value",
                                    {{"network", RunTitle(r.norm)},
                                     {"gap", bn::FormatNumber(r.log.back().test_loss - r.log.back().train_loss, 3)}})
                                     .c_str());
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
