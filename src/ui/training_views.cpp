// training_views.cpp: the training lab's pictures, drawn from what gfx/train_gpu holds (the GL objects and the
// landscape job live there; this file only draws and passes on the learner's controls):
//   decision boundaries  every network's P(class 1) at every device pixel of its map, redrawn after each step
//                        (as often as the GPU keeps up), the 0.5 contour as a line, the training points on top;
//   loss landscape       the training loss on a 128×128 slice of weight space around each network's weights
//                        (Li et al. 2018), computed in strips over several frames, shown side by side on one
//                        colour scale with contours, the current point and the projected path.
// When the shaders do not build (or gpu:break asks them not to), the same views come from the CPU, smaller, with
// a note that says so and the compiler's log.
//
// Index
//   MapView, DrawPoints, MapSize   the square a map shows, the points on it, its size on screen
//   DrawBoundaries        GPU maps, or the CPU fallback; the training points on top (own data: the test points
//                         as rings, drawing on the first map, ui/teach_panel.cpp DrawOnMap)
//   DrawLandscape         its controls, the slices with their overlays, the colour scale
//   ServeReadback         gpu:readback:boundary / gpu:readback:landscape (gfx/train_gpu.hpp TrainReadback)
//   DrawEmptyOwnMap       own data with too few points to train: an empty map to draw on
//   DrawTrainViews
#include "ui/training_views.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/i18n/current.hpp"
#include "core/train/landscape.hpp"
#include "gfx/train_gpu.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {

using bn::Tr;

ImU32 RunColour(bn::NormKind n, float alpha) {
  switch (n) {
    case bn::NormKind::None: return ColourU32(Slot::PlainNet, alpha);
    case bn::NormKind::Batch: return ColourU32(Slot::BnNet, alpha);
    case bn::NormKind::Noisy: return ColourU32(Slot::NoisyNet, alpha);
  }
  return 0;
}

const std::string& RunTitle(bn::NormKind n) {
  if (n == bn::NormKind::Batch) return Tr("ui.training.run.bn");
  if (n == bn::NormKind::Noisy) return Tr("ui.training.run.noisy");
  return Tr("ui.training.run.plain");
}

const char* RunId(bn::NormKind n) {
  switch (n) {
    case bn::NormKind::None: return "plain";
    case bn::NormKind::Batch: return "with BN";
    case bn::NormKind::Noisy: return "noisy BN";
  }
  return "?";
}

namespace {

// The square the boundary maps show: [−1.8, 1.8]² for the built-in data sets, one that fits the teacher's own
// points otherwise (core/train/own_data.hpp OwnDataView).
bn::DataView MapView(const AppState& app) {
  return app.teach.own.active ? bn::OwnDataView(app.teach.own.points) : bn::DataView{};
}
ImTextureID TextureId(unsigned texture) { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture)); }

// Points over a map of the square `view`: training points filled, test points (own data) as rings.
void DrawPoints(ImDrawList* draw, ImVec2 p0, float size, const bn::DataView& view, const bn::PointsF& x,
                const Eigen::VectorXi& y, bool ring) {
  for (int i = 0; i < x.rows(); ++i) {
    const float px = p0.x + (x(i, 0) - view.x0) / (view.x1 - view.x0) * size;
    const float py = p0.y + (view.y1 - x(i, 1)) / (view.y1 - view.y0) * size;
    if (px < p0.x || px > p0.x + size || py < p0.y || py > p0.y + size) continue;
    const ImU32 fill = ColourU32(y(i) ? Slot::PointClass1 : Slot::PointClass0);
    if (ring) {
      draw->AddCircle(ImVec2(px, py), 3.5f, ColourU32(Slot::MapInkStrong), 0, 2.5f);
      draw->AddCircle(ImVec2(px, py), 3.5f, fill, 0, 1.5f);
    } else {
      draw->AddCircleFilled(ImVec2(px, py), 3.0f, fill);
      draw->AddCircle(ImVec2(px, py), 3.0f, ColourU32(Slot::MapInk));
    }
  }
}

float MapSize(int n) {
  const float avail = ImGui::GetContentRegionAvail().x;
  return std::max(8.0f, std::min((avail - ImGui::GetStyle().ItemSpacing.x * (n - 1)) / n, ImGui::GetFontSize() * 15.0f));
}

void DrawBoundaries(AppState& app) {
  TrainGpuState& s = app.train.gpu;
  TrainGpu& g = *s.gpu;
  bn::Trainer& tr = *app.train.trainer;
  const int n = static_cast<int>(tr.runs().size());
  const float size = MapSize(n);
  const int px = std::max(1, static_cast<int>(std::lround(size * ImGui::GetIO().DisplayFramebufferScale.x)));
  const bool own = app.teach.own.active;
  const bn::DataView view = MapView(app);
  if (UpdateBoundaries(&g, tr, px, view, app.train.networks_version, app.time,
                       1.5f * ImGui::GetIO().DisplayFramebufferScale.x)) {
    s.boundary_ms = g.boundary_ms;
    s.boundary_step = g.boundary_step;
  }
  ImGui::BeginGroup();  // the maps as one picture (Share > Save decision maps as PNG)
  for (int r = 0; r < n; ++r) {
    if (r) ImGui::SameLine();
    ImGui::BeginGroup();
    const bn::Run& run = tr.runs()[r];
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(RunColour(run.norm)), "%s", RunTitle(run.norm).c_str());
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const unsigned texture = g.views.ok ? (r < static_cast<int>(g.boundary.size()) ? g.boundary[r].texture : 0u)
                                        : (r < static_cast<int>(g.cpu_heat.size()) ? g.cpu_heat[r] : 0u);
    if (run.diverged || texture == 0) {
      ImGui::Dummy(ImVec2(size, size));
      ImGui::GetWindowDrawList()->AddRect(p0, ImVec2(p0.x + size, p0.y + size), ImGui::GetColorU32(ImGuiCol_Border));
      if (run.diverged)
        ImGui::GetWindowDrawList()->AddText(ImVec2(p0.x + 8, p0.y + 8), ImGui::GetColorU32(ImGuiCol_Text),
                                            Tr("ui.training.diverged").c_str());
    } else if (g.views.ok) {
      // GL rows run bottom-up: v from 1 to 0 puts the top of the square (y1) at the top
      ImGui::Image(TextureId(texture), ImVec2(size, size), ImVec2(0, 1), ImVec2(1, 0));
    } else {
      ImGui::Image(TextureId(texture), ImVec2(size, size));
    }
    // The training points on top (and the held-out test points as rings, for the teacher's own data).
    const bn::Dataset& d = tr.data();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    DrawPoints(draw, p0, size, view, d.train_x, d.train_y, false);
    if (own) DrawPoints(draw, p0, size, view, d.test_x, d.test_y, true);
    if (r == 0 && own) DrawOnMap(app, p0, size, view);
    ImGui::EndGroup();
  }
  ImGui::EndGroup();
  TrackItem(app, "train_maps");
  if (g.views.ok) {
    DisabledWrapped(
        Tr("ui.training.map.gpu_timing", {{"px", std::to_string(px)}, {"ms", Printf("%.1f", s.boundary_ms)}}).c_str());
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Loss landscape
// ---------------------------------------------------------------------------------------------------------------

void DrawLandscapeControls(TrainGpuState& s, bool has_bn) {
  const float font = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(8.0f * font);
  ImGui::SliderFloat(L(Tr("ui.training.landscape.range"), "range").c_str(), &s.range, 0.05f, 4.0f, "±%.2f",
                     ImGuiSliderFlags_Logarithmic);
  ImGui::SameLine();
  // Li et al. 2018 call the slice's coordinates α, β; bnlab writes s, t so they do not meet BN's β or the step size η
  HelpMarker(Tr("ui.training.landscape.range.help").c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(6.0f * font);
  if (ImGui::InputInt(L(Tr("ui.training.landscape.seed"), "seed").c_str(), &s.seed))
    s.seed = std::max(1, std::min(s.seed, 1000000));
  ImGui::SameLine();
  HelpMarker(Tr("ui.training.landscape.seed.help").c_str());
  ImGui::SameLine();
  ImGui::Checkbox(L(Tr("ui.training.landscape.log_scale"), "log scale").c_str(), &s.log_scale);
  ImGui::SameLine();
  ImGui::Checkbox(L(Tr("ui.training.landscape.live"), "live").c_str(), &s.live);
  ImGui::SameLine();
  HelpMarker(Tr("ui.training.landscape.live.help").c_str());
  if (has_bn) {
    ImGui::Checkbox(L(Tr("ui.training.landscape.batch_stats"), "BN with the training set's statistics").c_str(),
                    &s.batch_stats);
    ImGui::SameLine();
    // Ioffe & Szegedy 2015, §3.1: training uses the batch's mean and variance, inference the running averages
    HelpMarker(Tr("ui.training.landscape.batch_stats.help").c_str());
  }
}

void DrawLandscape(AppState& app) {
  TrainGpuState& s = app.train.gpu;
  TrainGpu& g = *s.gpu;
  bn::Trainer& tr = *app.train.trainer;
  bool has_bn = false;
  for (const bn::Run& run : tr.runs()) has_bn = has_bn || run.norm != bn::NormKind::None;
  DrawLandscapeControls(s, has_bn);
  // Li et al. 2018 (teaching-facts: loss-landscape pictures)
  ImGui::TextWrapped("%s", Tr("ui.training.landscape.intro").c_str());
  ImGui::SameLine();
  HelpMarker(Tr("ui.training.landscape.intro.help").c_str());
  RunLandscapeJob(&g, tr, LandscapeControls{s.range, s.seed, s.batch_stats, s.live, s.res}, app.train.running);
  s.landscape_progress = g.progress;
  if (g.have) {
    s.landscape_ms = g.shown.ms;
    s.landscape_step = g.shown.step;
  }

  const int n = static_cast<int>(tr.runs().size());
  const float size = MapSize(n);
  const int px = std::max(1, static_cast<int>(std::lround(size * ImGui::GetIO().DisplayFramebufferScale.x)));
  UpdateLandscapeViews(&g, px, s.log_scale);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int r = 0; r < n && r < static_cast<int>(g.slices.size()); ++r) {
    if (r) ImGui::SameLine();
    ImGui::BeginGroup();
    TrainGpu::Slice& sl = g.slices[r];
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(RunColour(sl.norm)), "%s", RunTitle(sl.norm).c_str());
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const unsigned texture = g.shown.on_gpu ? sl.view.texture : sl.cpu_texture;
    if (sl.diverged || !g.have || texture == 0) {
      ImGui::Dummy(ImVec2(size, size));
      draw->AddRect(p0, ImVec2(p0.x + size, p0.y + size), ImGui::GetColorU32(ImGuiCol_Border));
      const std::string& what = sl.diverged ? Tr("ui.training.diverged") : Tr("ui.training.landscape.computing");
      draw->AddText(ImVec2(p0.x + 8, p0.y + 8), ImGui::GetColorU32(ImGuiCol_Text), what.c_str());
    } else {
      if (g.shown.on_gpu) {
        ImGui::Image(TextureId(texture), ImVec2(size, size), ImVec2(0, 1), ImVec2(1, 0));
      } else {
        ImGui::Image(TextureId(texture), ImVec2(size, size));
      }
      const float range = g.shown.range;
      auto to_screen = [&](float a, float b) {
        return ImVec2(p0.x + (a + range) / (2 * range) * size, p0.y + (range - b) / (2 * range) * size);
      };
      draw->PushClipRect(p0, ImVec2(p0.x + size, p0.y + size), true);
      // the path, projected onto this slice
      if (r < static_cast<int>(s.path.size())) {
        const auto pts = bn::ProjectPath(s.path[r], sl.shown.center, sl.shown.dirs);
        for (size_t k = 1; k < pts.size(); ++k)
          draw->AddLine(to_screen(pts[k - 1][0], pts[k - 1][1]), to_screen(pts[k][0], pts[k][1]),
                        ColourU32(Slot::MapInkFaint), 1.5f);
        for (const auto& p : pts) draw->AddCircleFilled(to_screen(p[0], p[1]), 1.8f, ColourU32(Slot::MapInk));
      }
      // the current point
      const ImVec2 c = to_screen(0, 0);
      const float arm = 0.6f * ImGui::GetFontSize();
      draw->AddLine(ImVec2(c.x - arm, c.y), ImVec2(c.x + arm, c.y), ColourU32(Slot::MapCurrent), 2.5f);
      draw->AddLine(ImVec2(c.x, c.y - arm), ImVec2(c.x, c.y + arm), ColourU32(Slot::MapCurrent), 2.5f);
      draw->PopClipRect();
      ImGui::TextUnformatted(
          Tr("ui.training.landscape.centre_loss", {{"loss", Printf("%.4g", sl.shown.centre_loss)}}).c_str());
    }
    ImGui::EndGroup();
  }
  if (g.row >= 0) {
    ImGui::ProgressBar(
        s.landscape_progress, ImVec2(std::min(size, 20.0f * ImGui::GetFontSize()), 0),
        (g.job.on_gpu ? Tr("ui.training.landscape.next_gpu") : Tr("ui.training.landscape.next_cpu")).c_str());
  }
  if (g.have) {
    // the shared colour scale
    const bn::FormatArgs args = {{"log", s.log_scale ? Tr("ui.training.landscape.colour_log") : std::string()},
                                 {"lo", Printf("%.4g", g.lo)},
                                 {"hi", Printf("%.4g", g.hi)},
                                 {"res", std::to_string(g.shown.res)},
                                 {"step", std::to_string(g.shown.step)}};
    const std::string colour =
        g.shown.on_gpu ? Tr("ui.training.landscape.colour_gpu", args) : Tr("ui.training.landscape.colour_cpu", args);
    ImGui::TextWrapped("%s", colour.c_str());
  }
  // Santurkar et al. 2018 (teaching-facts: landscape along the gradient)
  ImGui::TextWrapped("%s", Tr("ui.training.landscape.look_for").c_str());
}

// gpu:readback: asked for by a command: served here, where the maps' size is known (gfx/train_gpu.hpp).
void ServeReadback(AppState& app, int boundary_px) {
  TrainGpuState& s = app.train.gpu;
  if (s.readback_request.empty()) return;
  if (s.readback_request == "landscape" && s.gpu->views.ok) s.view = TrainView::Landscape;  // it computes the slice
  if (TrainReadback(s.gpu.get(), *app.train.trainer, s.readback_request, boundary_px, MapView(app), &s.readback))
    s.readback_request.clear();
}

}  // namespace

void DrawEmptyOwnMap(AppState& app) {
  const bn::DataView view = MapView(app);
  const float size = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 15.0f);
  ImGui::BeginGroup();
  ImGui::TextUnformatted(
      (app.teach.own.drawing ? Tr("ui.training.own_map.drawing") : Tr("ui.training.own_map.idle")).c_str());
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(size, size));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, ImVec2(p0.x + size, p0.y + size), ColourU32(Slot::EmptyMap));
  draw->AddRect(p0, ImVec2(p0.x + size, p0.y + size), ImGui::GetColorU32(ImGuiCol_Border));
  const std::vector<bn::OwnPoint>& pts = app.teach.own.points;
  bn::PointsF x(static_cast<Eigen::Index>(pts.size()), 2);
  Eigen::VectorXi y(static_cast<Eigen::Index>(pts.size()));
  for (size_t i = 0; i < pts.size(); ++i) {
    x(static_cast<Eigen::Index>(i), 0) = pts[i].x;
    x(static_cast<Eigen::Index>(i), 1) = pts[i].y;
    y(static_cast<Eigen::Index>(i)) = pts[i].label;
  }
  DrawPoints(draw, p0, size, view, x, y, false);
  DrawOnMap(app, p0, size, view);
  ImGui::EndGroup();
}

void DrawTrainViews(AppState& app) {
  TrainGpuState& s = app.train.gpu;
  if (!s.gpu) s.gpu = std::make_shared<TrainGpu>();
  if (StartTrainGpu(s.gpu.get(), s.break_shaders)) s.gpu_started = true;
  s.gpu_ok = s.gpu->views.ok;  // what the GPU views report (state().train.gpu); a landscape job may change it
  s.gpu_log = s.gpu->views.log;
  RecordPath(s, *app.train.trainer);
  int view = static_cast<int>(s.view);
  ImGui::RadioButton(L(Tr("ui.training.view.boundaries"), "Decision boundaries").c_str(), &view, 0);
  const ImGuiStyle& style = ImGui::GetStyle();
  const std::string& landscape = Tr("ui.training.view.landscape");
  SameLineIfFits(ImGui::CalcTextSize(landscape.c_str()).x + ImGui::GetFrameHeight() + style.ItemInnerSpacing.x);
  ImGui::RadioButton(L(landscape, "Loss landscape").c_str(), &view, 1);
  s.view = static_cast<TrainView>(view);
  if (!s.gpu->views.ok) {
    ImGui::TextColored(
        Colour(Slot::GpuFallback), "%s",
        (s.view == TrainView::Boundaries ? Tr("ui.training.cpu_fallback.maps") : Tr("ui.training.cpu_fallback.slices"))
            .c_str());
    if (ImGui::TreeNode(L(Tr("ui.training.shader_log"), "Shader compile log").c_str())) {
      ImGui::TextWrapped("%s", s.gpu_log.c_str());
      ImGui::TreePop();
    }
  }
  const int n = static_cast<int>(app.train.trainer->runs().size());
  const int boundary_px =
      std::max(1, static_cast<int>(std::lround(MapSize(n) * ImGui::GetIO().DisplayFramebufferScale.x)));
  if (s.view == TrainView::Boundaries) {
    DrawBoundaries(app);
  } else {
    DrawLandscape(app);
  }
  ServeReadback(app, boundary_px);
  s.gpu_ok = s.gpu->views.ok;
  s.gpu_log = s.gpu->views.log;
}

}  // namespace bnlab
