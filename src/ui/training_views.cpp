// training_views.cpp: the training lab's pictures. On the GPU (shaders/, through gfx/gpu_views):
//   decision boundaries  every network's P(class 1) at every device pixel of its map, redrawn after each step
//                        (as often as the GPU keeps up), the 0.5 contour as a line, the training points on top;
//   loss landscape       the training loss on a 128×128 slice of weight space around each network's weights
//                        (Li et al. 2018), computed in strips over several frames, shown side by side on one
//                        colour scale with contours, the current point and the projected path.
// When the shaders do not build (or gpu:break asks them not to), the same views come from the CPU, smaller, with
// a note that says so and the compiler's log.
//
// Index
//   TrainGpu              the GL objects (opaque to the state layer)
//   StartIfNeeded         compile once (again after gpu:break / gpu:fix), log failures to the console
//   RecordPath            each network's parameters per step seen, for the projected path
//   DrawBoundaries        GPU maps, or the CPU fallback; the training points on top (own data: the test points
//                         as rings, drawing on the first map, ui/teach_panel.cpp DrawOnMap)
//   DrawEmptyOwnMap       own data with too few points to train: an empty map to draw on
//   Landscape*            job start, strips per frame, read-back, the views with their overlays; CPU fallback
//   ServeReadback         gpu:readback:boundary / gpu:readback:landscape: GPU values against the CPU's
//   DrawTrainViews
#include "ui/training_views.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "core/train/landscape.hpp"
#include "gfx/gl_texture.hpp"
#include "gfx/gpu_views.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {

struct TrainGpu {
  GpuViews views;
  bool built_broken = false;  // the programs were built with gpu:break
  // decision boundaries (GPU): one network upload and one colour target per run
  std::vector<GpuNet> nets;
  std::vector<RenderTarget> boundary;
  int boundary_step = -1, boundary_px = 0, boundary_version = -1;
  bn::DataView boundary_view;  // the square the maps show
  double boundary_time = -1.0;
  bool boundary_paced = false;  // boundary_ms is a redraw's cost, not the first draw's compile
  const bn::Trainer* path_trainer = nullptr;  // the networks the recorded path belongs to
  // decision boundaries (CPU fallback): 48×48 textures
  std::vector<unsigned> cpu_heat;
  int cpu_heat_step = -1, cpu_heat_version = -1;
  bn::DataView cpu_heat_view;
  double cpu_heat_time = -1.0;
  // The landscape: a slice per network. A job computes one (over several frames) while the last complete one
  // stays on screen; each slice has two loss targets, the job writing one while the other is shown.
  struct SliceOf {              // what a slice was computed from
    bn::Mlp<float> net{bn::MlpConfig{}};  // the weights it is centred on (a copy: training goes on)
    bn::LandscapeDirections dirs;
    Eigen::VectorXf center;
    std::vector<float> values;  // res×res, row 0 at t = −range (read back, or the CPU's)
    int target = 0;             // which of `loss` holds it (GPU)
    float centre_loss = 0;      // the loss at the centre, θ itself (computed on the CPU when the slice is done)
  };
  struct Slice {
    bn::NormKind norm = bn::NormKind::None;
    bool diverged = false;
    SliceOf job, shown;
    GpuNet gpu_net;
    RenderTarget loss[2], view;
    unsigned cpu_texture = 0;
  };
  struct Settings {  // what a landscape was computed with
    const bn::Trainer* trainer = nullptr;  // which networks (Reset and new data make a new Trainer)
    int res = 0, seed = 0, step = -1;
    float range = 0;
    bool batch_stats = false, on_gpu = false;
    double ms = 0;  // GPU time over all strips
  };
  std::vector<Slice> slices;
  GpuData data;
  Settings job, shown;
  int row = -1;  // the job's next row (−1: no job)
  bool have = false;  // a complete landscape is on screen (`shown`)
  int rows_per_frame = 1;
  float lo = 0, hi = 1;  // the shown landscape's colour scale
  int view_px = 0;
  bool log_scale = false, view_dirty = true;
};

ImU32 RunColour(bn::NormKind n, float alpha) {
  switch (n) {
    case bn::NormKind::None: return ImGui::GetColorU32(ImVec4(0.45f, 0.65f, 1.0f, alpha));
    case bn::NormKind::Batch: return ImGui::GetColorU32(ImVec4(1.0f, 0.65f, 0.15f, alpha));
    case bn::NormKind::Noisy: return ImGui::GetColorU32(ImVec4(0.4f, 0.85f, 0.45f, alpha));
  }
  return 0;
}

const char* RunTitle(bn::NormKind n) {
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
bool SameView(const bn::DataView& a, const bn::DataView& b) {
  return a.x0 == b.x0 && a.x1 == b.x1 && a.y0 == b.y0 && a.y1 == b.y1;
}

double NowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

ImTextureID TextureId(unsigned texture) { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture)); }

// ---------------------------------------------------------------------------------------------------------------
// Start, path
// ---------------------------------------------------------------------------------------------------------------

void StartIfNeeded(TrainGpuState& s) {
  if (!s.gpu) s.gpu = std::make_shared<TrainGpu>();
  TrainGpu& g = *s.gpu;
  if (g.views.started && g.built_broken == s.break_shaders) return;
  StartGpuViews(&g.views, s.break_shaders);
  g.built_broken = s.break_shaders;
  g.boundary_step = -1;
  g.boundary_time = -1.0;
  g.boundary_paced = false;
  g.row = -1;
  g.have = false;
  s.gpu_started = true;
  s.gpu_ok = g.views.ok;
  s.gpu_log = g.views.log;
  if (!g.views.ok) {
    // On the page this goes to the browser's console (Emscripten sends stderr to console.error).
    std::fprintf(stderr, "bnlab: the GPU views' shaders did not build; the training lab uses its CPU fallback.\n%s",
                 g.views.log.c_str());
  }
}

void RecordPath(TrainGpuState& s, TrainGpu& g, const bn::Trainer& tr) {
  const size_t runs = tr.runs().size();
  if (s.path.size() != runs || tr.step() < s.path_step || g.path_trainer != &tr) {  // new networks: a new path
    g.path_trainer = &tr;
    s.path.assign(runs, {});
    s.path_steps.clear();
    s.path_step = -1;
  }
  if (tr.step() == s.path_step) return;
  for (size_t r = 0; r < runs; ++r) s.path[r].push_back(tr.runs()[r].net.Params());
  s.path_steps.push_back(tr.step());
  s.path_step = tr.step();
  if (s.path_steps.size() > 400) {  // keep every other old point: the whole path at half the resolution
    for (auto& p : s.path) {
      std::vector<Eigen::VectorXf> kept;
      for (size_t k = 0; k < p.size(); k += 2) kept.push_back(p[k]);
      p.swap(kept);
    }
    std::vector<int> kept;
    for (size_t k = 0; k < s.path_steps.size(); k += 2) kept.push_back(s.path_steps[k]);
    s.path_steps.swap(kept);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Decision boundaries
// ---------------------------------------------------------------------------------------------------------------

// The CPU fallback's pictures: 48×48, refreshed at most 5 times a second (the lab's maps before shaders/).
void UpdateCpuHeat(TrainGpu& g, bn::Trainer& tr, double time, const bn::DataView& v, int version) {
  const int res = 48;
  const bool changed = g.cpu_heat_step != tr.step() || g.cpu_heat_version != version || !SameView(g.cpu_heat_view, v);
  if (!changed || time - g.cpu_heat_time < 0.2) return;
  g.cpu_heat.resize(tr.runs().size(), 0u);
  std::vector<unsigned char> rgba(static_cast<size_t>(res) * res * 4);
  for (size_t r = 0; r < tr.runs().size(); ++r) {
    bn::Run& run = tr.runs()[r];
    if (run.diverged) continue;
    const std::vector<float> p = run.net.PredictGrid(v.x0, v.x1, v.y0, v.y1, res);
    for (size_t k = 0; k < p.size(); ++k) {
      // class 0 → blue, class 1 → orange, undecided → dark grey (shaders/boundary.frag's map)
      const float q = std::isfinite(p[k]) ? p[k] : 0.5f;
      rgba[4 * k + 0] = static_cast<unsigned char>(40 + 200 * q);
      rgba[4 * k + 1] = static_cast<unsigned char>(70 + 50 * (1 - std::fabs(2 * q - 1)) + 30 * q);
      rgba[4 * k + 2] = static_cast<unsigned char>(40 + 200 * (1 - q));
      rgba[4 * k + 3] = 255;
    }
    g.cpu_heat[r] = UploadRgbaTexture(g.cpu_heat[r], res, res, rgba.data());
  }
  g.cpu_heat_time = time;
  g.cpu_heat_step = tr.step();
  g.cpu_heat_version = version;
  g.cpu_heat_view = v;
}

// Redraws the GPU maps when the networks or the size changed, no more often than the GPU keeps up with: after a
// redraw that took m ms, the next waits 3·m ms, so a slow (software) GPU leaves the page responsive (frames come
// at least 3/4 of the time). The first redraw after the programs were built includes the driver's compile and does
// not count.
void UpdateGpuBoundaries(TrainGpuState& s, TrainGpu& g, bn::Trainer& tr, int px, const bn::DataView& v, int version) {
  const size_t runs = tr.runs().size();
  const double now = NowMs();
  const bool changed = g.boundary_step != tr.step() || g.boundary_px != px || g.nets.size() != runs ||
                       g.boundary_version != version || !SameView(g.boundary_view, v);
  const double pace = g.boundary_paced ? s.boundary_ms : 0.0;
  if (!changed || (g.boundary_time >= 0 && now - g.boundary_time < 3.0 * pace)) return;
  g.nets.resize(runs);
  g.boundary.resize(runs);
  const double t0 = NowMs();
  for (size_t r = 0; r < runs; ++r) {
    const bn::Run& run = tr.runs()[r];
    if (run.diverged) continue;
    UploadNet(&g.nets[r], run.net);
    DrawBoundary(&g.views, g.nets[r], &g.boundary[r], px, px, v.x0, v.x1, v.y0, v.y1,
                 /*values=*/false, 1.5f * ImGui::GetIO().DisplayFramebufferScale.x);
  }
  for (size_t r = 0; r < runs; ++r)
    if (g.boundary[r].framebuffer) {
      WaitForGpu(g.boundary[r]);
      break;
    }
  s.boundary_ms = NowMs() - t0;
  g.boundary_paced = g.boundary_time >= 0;  // from the second redraw on
  g.boundary_time = NowMs();
  g.boundary_step = tr.step();
  s.boundary_step = tr.step();
  g.boundary_px = px;
  g.boundary_version = version;
  g.boundary_view = v;
  s.gpu_ok = g.views.ok;
  s.gpu_log = g.views.log;
}

// Points over a map of the square `view`: training points filled, test points (own data) as rings.
void DrawPoints(ImDrawList* draw, ImVec2 p0, float size, const bn::DataView& view, const bn::PointsF& x,
                const Eigen::VectorXi& y, bool ring) {
  for (int i = 0; i < x.rows(); ++i) {
    const float px = p0.x + (x(i, 0) - view.x0) / (view.x1 - view.x0) * size;
    const float py = p0.y + (view.y1 - x(i, 1)) / (view.y1 - view.y0) * size;
    if (px < p0.x || px > p0.x + size || py < p0.y || py > p0.y + size) continue;
    const ImU32 fill = y(i) ? IM_COL32(150, 55, 0, 255) : IM_COL32(15, 35, 150, 255);
    if (ring) {
      draw->AddCircle(ImVec2(px, py), 3.5f, IM_COL32(255, 255, 255, 230), 0, 2.5f);
      draw->AddCircle(ImVec2(px, py), 3.5f, fill, 0, 1.5f);
    } else {
      draw->AddCircleFilled(ImVec2(px, py), 3.0f, fill);
      draw->AddCircle(ImVec2(px, py), 3.0f, IM_COL32(255, 255, 255, 200));
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
  if (g.views.ok) {
    UpdateGpuBoundaries(s, g, tr, px, view, app.train.networks_version);
  } else {
    UpdateCpuHeat(g, tr, app.time, view, app.train.networks_version);
  }
  ImGui::BeginGroup();  // the maps as one picture (Share > Save decision maps as PNG)
  for (int r = 0; r < n; ++r) {
    if (r) ImGui::SameLine();
    ImGui::BeginGroup();
    const bn::Run& run = tr.runs()[r];
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(RunColour(run.norm)), "%s", RunTitle(run.norm));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const unsigned texture = g.views.ok ? (r < static_cast<int>(g.boundary.size()) ? g.boundary[r].texture : 0u)
                                        : (r < static_cast<int>(g.cpu_heat.size()) ? g.cpu_heat[r] : 0u);
    if (run.diverged || texture == 0) {
      ImGui::Dummy(ImVec2(size, size));
      ImGui::GetWindowDrawList()->AddRect(p0, ImVec2(p0.x + size, p0.y + size), ImGui::GetColorU32(ImGuiCol_Border));
      if (run.diverged)
        ImGui::GetWindowDrawList()->AddText(ImVec2(p0.x + 8, p0.y + 8), ImGui::GetColorU32(ImGuiCol_Text), "diverged");
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
    char gpu_line[96];
    std::snprintf(gpu_line, sizeof gpu_line, "GPU: %d×%d device pixels per map, both maps in %.1f ms", px, px, s.boundary_ms);
    DisabledWrapped(gpu_line);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Loss landscape
// ---------------------------------------------------------------------------------------------------------------

// A new job when there is none yet, the controls changed, the networks were rebuilt, or (live) training moved on
// since the last complete one.
bool LandscapeStale(const TrainGpuState& s, const TrainGpu& g, const AppState& app) {
  const bn::Trainer& tr = *app.train.trainer;
  const TrainGpu::Settings& last = g.row >= 0 ? g.job : g.shown;
  const bool controls = last.trainer != &tr || last.range != s.range || last.seed != s.seed ||
                        last.batch_stats != s.batch_stats || last.on_gpu != g.views.ok ||
                        (last.on_gpu && last.res != s.res) ||
                        g.slices.size() != tr.runs().size() || tr.step() < last.step;
  // A job runs: restart it if what it computes changed, or if training has stopped at other weights than the
  // job's (a slice of the networks on screen, not of older ones).
  if (g.row >= 0) return controls || (!app.train.running && tr.step() != last.step);
  if (!g.have) return true;
  return controls || (s.live && app.train.running && tr.step() != last.step);
}

void StartLandscape(TrainGpuState& s, TrainGpu& g, const bn::Trainer& tr) {
  TrainGpu::Settings& job = g.job;
  job.trainer = &tr;
  job.range = s.range;
  job.seed = s.seed;
  job.batch_stats = s.batch_stats;
  job.step = tr.step();
  job.on_gpu = g.views.ok;
  job.res = job.on_gpu ? s.res : TrainGpuState::kCpuRes;
  job.ms = 0;
  if (g.slices.size() != tr.runs().size()) {
    g.slices.resize(tr.runs().size());
    g.have = false;
  }
  for (size_t r = 0; r < tr.runs().size(); ++r) {
    const bn::Run& run = tr.runs()[r];
    TrainGpu::Slice& sl = g.slices[r];
    if (sl.norm != run.norm) g.have = false;
    sl.norm = run.norm;
    sl.diverged = run.diverged;
    TrainGpu::SliceOf& j = sl.job;
    j.net = run.net;
    j.dirs = bn::MakeDirections(run.net, static_cast<uint64_t>(s.seed));
    j.center = run.net.Params();
    j.values.assign(static_cast<size_t>(job.res) * job.res, std::numeric_limits<float>::quiet_NaN());
    j.target = g.have ? 1 - sl.shown.target : 0;  // not the one on screen
    if (job.on_gpu && !sl.diverged) UploadNet(&sl.gpu_net, run.net, j.dirs.d1, j.dirs.d2);
  }
  if (job.on_gpu) UploadData(&g.data, tr.data().train_x, tr.data().train_y);
  g.row = 0;
  s.landscape_progress = 0.0f;
}

// The slice's colour map on the CPU (the fallback): shaders/landscape_view.frag's ramp.
void RampColour(float t, unsigned char* rgb) {
  static const float c[5][3] = {{0.267f, 0.005f, 0.329f}, {0.229f, 0.322f, 0.546f}, {0.128f, 0.567f, 0.551f},
                                {0.369f, 0.789f, 0.383f}, {0.993f, 0.906f, 0.144f}};
  t = std::min(std::max(t, 0.0f), 1.0f) * 4.0f;
  const int k = std::min(3, static_cast<int>(t));
  const float f = t - k;
  for (int q = 0; q < 3; ++q) rgb[q] = static_cast<unsigned char>(255.0f * (c[k][q] + (c[k + 1][q] - c[k][q]) * f));
}

float Scaled(float v, bool log_scale) { return log_scale ? std::log10(std::max(v, 1e-30f)) : v; }

// Runs part of the job: on the GPU as many rows as fit about 30 ms (at least one), on the CPU two rows. When it
// completes, it becomes the landscape on screen, with one colour scale for all networks.
void AdvanceLandscape(TrainGpuState& s, TrainGpu& g, const bn::Trainer& tr) {
  if (g.row < 0) return;
  TrainGpu::Settings& job = g.job;
  if (job.on_gpu) {
    const int rows = std::min(g.rows_per_frame, job.res - g.row);
    const double t0 = NowMs();
    RenderTarget* last = nullptr;
    for (TrainGpu::Slice& sl : g.slices) {
      if (sl.diverged) continue;
      last = &sl.loss[sl.job.target];
      ComputeLandscapeRows(&g.views, sl.gpu_net, g.data, job.range, last, job.res, g.row, g.row + rows,
                           job.batch_stats && sl.norm != bn::NormKind::None);
    }
    if (last && last->framebuffer) WaitForGpu(*last);
    const double ms = NowMs() - t0;
    job.ms += ms;
    g.row += rows;
    // next time: about 30 ms of work
    g.rows_per_frame = std::max(1, std::min(job.res, static_cast<int>(30.0 * rows / std::max(ms, 1e-3))));
    if (!g.views.ok) {  // a program for this network's shape did not build: the CPU takes over
      s.gpu_ok = false;
      s.gpu_log = g.views.log;
      g.row = -1;
      g.have = false;
      return;
    }
  } else {
    const bn::Dataset& d = tr.data();
    for (int r = g.row; r < std::min(job.res, g.row + 2); ++r)
      for (TrainGpu::Slice& sl : g.slices) {
        if (sl.diverged) continue;
        bn::Mlp<float> scratch = sl.job.net;
        for (int c = 0; c < job.res; ++c)
          sl.job.values[static_cast<size_t>(r) * job.res + c] =
              bn::LandscapeLoss(scratch, sl.job.center, sl.job.dirs, bn::SliceCoord(job.range, job.res, c),
                                bn::SliceCoord(job.range, job.res, r), d.train_x, d.train_y,
                                job.batch_stats && sl.norm != bn::NormKind::None);
      }
    g.row += 2;
  }
  s.landscape_progress = static_cast<float>(std::min(g.row, job.res)) / job.res;
  if (g.row < job.res) return;
  // done: read back; it goes on screen
  g.row = -1;
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (TrainGpu::Slice& sl : g.slices) {
    if (sl.diverged) continue;
    if (job.on_gpu) sl.job.values = ReadBackFloats(sl.loss[sl.job.target]);
    for (float v : sl.job.values)
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    bn::Mlp<float> scratch = sl.job.net;
    sl.job.centre_loss = bn::LandscapeLoss(scratch, sl.job.center, sl.job.dirs, 0, 0, tr.data().train_x,
                                           tr.data().train_y, job.batch_stats && sl.norm != bn::NormKind::None);
    sl.shown = sl.job;
  }
  g.shown = job;
  g.have = true;
  g.view_dirty = true;
  g.lo = lo <= hi ? lo : 0.0f;
  g.hi = lo <= hi ? hi : 1.0f;
  s.landscape_ms = job.ms;
  s.landscape_progress = 1.0f;
}

// The colour views at `px` device pixels (GPU), or the CPU's res×res colour texture.
void UpdateLandscapeViews(TrainGpuState& s, TrainGpu& g, int px) {
  if (!g.have) return;
  if (!g.view_dirty && g.view_px == px && g.log_scale == s.log_scale) return;
  const float lo = Scaled(std::max(g.lo, 1e-30f), s.log_scale), hi = Scaled(g.hi, s.log_scale);
  for (TrainGpu::Slice& sl : g.slices) {
    if (sl.diverged) continue;
    const int res = g.shown.res;
    if (g.shown.on_gpu) {
      DrawLandscapeView(g.views, sl.loss[sl.shown.target], &sl.view, px, px, lo, hi, s.log_scale, 10.0f);
    } else {
      std::vector<unsigned char> rgba(static_cast<size_t>(res) * res * 4, 255);
      for (int r = 0; r < res; ++r)
        for (int c = 0; c < res; ++c) {
          const float v = sl.shown.values[static_cast<size_t>(r) * res + c];
          unsigned char* p = &rgba[(static_cast<size_t>(res - 1 - r) * res + c) * 4];  // top row first
          if (!std::isfinite(v)) {
            p[0] = p[1] = p[2] = 140;
            continue;
          }
          RampColour((Scaled(v, s.log_scale) - lo) / std::max(hi - lo, 1e-30f), p);
        }
      sl.cpu_texture = UploadRgbaTexture(sl.cpu_texture, res, res, rgba.data());
    }
  }
  g.view_px = px;
  g.log_scale = s.log_scale;
  g.view_dirty = false;
}

void DrawLandscapeControls(TrainGpuState& s, bool has_bn) {
  const float font = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(8.0f * font);
  ImGui::SliderFloat("range", &s.range, 0.05f, 4.0f, "±%.2f", ImGuiSliderFlags_Logarithmic);
  ImGui::SameLine();
  // Li et al. 2018 call the slice's coordinates α, β; bnlab writes s, t so they do not meet BN's β or the step size η
  HelpMarker("The slice covers s and t from −range to +range: at s = 1 the weights have moved by d1, which is as "
             "large as the weights themselves unit by unit (Li et al. 2018's filter normalization).");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(6.0f * font);
  if (ImGui::InputInt("seed", &s.seed)) s.seed = std::max(1, std::min(s.seed, 1000000));
  ImGui::SameLine();
  HelpMarker("The random directions d1 and d2 are drawn from this seed: another seed, another slice.");
  ImGui::SameLine();
  ImGui::Checkbox("log scale", &s.log_scale);
  ImGui::SameLine();
  ImGui::Checkbox("live", &s.live);
  ImGui::SameLine();
  HelpMarker("Live: while training runs, a new slice around the new weights starts as soon as the last one is done.");
  if (has_bn) {
    ImGui::Checkbox("BN with the training set's statistics", &s.batch_stats);
    ImGui::SameLine();
    // Ioffe & Szegedy 2015, §3.1: training uses the batch's mean and variance, inference the running averages
    HelpMarker("On: at every point of the slice, BN normalizes with the mean and variance of the whole training set "
               "at those weights, as in training (the loss full-batch training lowers; noisy BN without its noise). "
               "Off: BN uses its running averages, as in inference and the logged training loss.");
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
  ImGui::TextWrapped("The training loss on a flat slice through weight space: the centre (+) is each network's current "
                     "weights θ; right adds s·d1, up adds t·d2.");
  ImGui::SameLine();
  HelpMarker("L(θ + s·d1 + t·d2). d1 and d2 are random Gaussian directions, each scaled unit by unit to the norm of "
             "the weights it moves (Li, Xu, Taylor, Studer & Goldstein 2018), so slices of different networks can be "
             "compared; biases and BN's γ, β are not moved. The dotted line is the weights at earlier steps projected "
             "onto the slice's plane (least squares): only the part of the path that lies in the plane shows.");
  if (LandscapeStale(s, g, app)) StartLandscape(s, g, tr);
  AdvanceLandscape(s, g, tr);

  const int n = static_cast<int>(tr.runs().size());
  const float size = MapSize(n);
  const int px = std::max(1, static_cast<int>(std::lround(size * ImGui::GetIO().DisplayFramebufferScale.x)));
  UpdateLandscapeViews(s, g, px);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int r = 0; r < n && r < static_cast<int>(g.slices.size()); ++r) {
    if (r) ImGui::SameLine();
    ImGui::BeginGroup();
    TrainGpu::Slice& sl = g.slices[r];
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(RunColour(sl.norm)), "%s", RunTitle(sl.norm));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const unsigned texture = g.shown.on_gpu ? sl.view.texture : sl.cpu_texture;
    if (sl.diverged || !g.have || texture == 0) {
      ImGui::Dummy(ImVec2(size, size));
      draw->AddRect(p0, ImVec2(p0.x + size, p0.y + size), ImGui::GetColorU32(ImGuiCol_Border));
      const char* what = sl.diverged ? "diverged" : "computing…";
      draw->AddText(ImVec2(p0.x + 8, p0.y + 8), ImGui::GetColorU32(ImGuiCol_Text), what);
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
                        IM_COL32(255, 255, 255, 150), 1.5f);
        for (const auto& p : pts) draw->AddCircleFilled(to_screen(p[0], p[1]), 1.8f, IM_COL32(255, 255, 255, 200));
      }
      // the current point
      const ImVec2 c = to_screen(0, 0);
      const float arm = 0.6f * ImGui::GetFontSize();
      draw->AddLine(ImVec2(c.x - arm, c.y), ImVec2(c.x + arm, c.y), IM_COL32(255, 60, 60, 255), 2.5f);
      draw->AddLine(ImVec2(c.x, c.y - arm), ImVec2(c.x, c.y + arm), IM_COL32(255, 60, 60, 255), 2.5f);
      draw->PopClipRect();
      ImGui::Text("loss at +: %.4g", sl.shown.centre_loss);
    }
    ImGui::EndGroup();
  }
  if (g.row >= 0) {
    ImGui::ProgressBar(s.landscape_progress, ImVec2(std::min(size, 20.0f * ImGui::GetFontSize()), 0),
                       g.job.on_gpu ? "next slice on the GPU" : "next slice on the CPU");
  }
  if (g.have) {
    // the shared colour scale
    ImGui::TextWrapped("Colour: loss%s from %.4g (dark) to %.4g (yellow), the same for every network; %s%d×%d "
                       "points at step %d%s.",
                       s.log_scale ? " (log scale)" : "", g.lo, g.hi,
                       g.shown.on_gpu ? "contour lines at tenths of the range; " : "", g.shown.res, g.shown.res,
                       g.shown.step, g.shown.on_gpu ? ", computed by the GPU" : ", computed by the CPU");
  }
  // Santurkar et al. 2018 (teaching-facts: landscape along the gradient)
  ImGui::TextWrapped("What to look for: Santurkar et al. (2018) found that with BN the loss changes more gently along "
                     "the gradient (experiment 5 measures it). This slice goes along random directions, not the "
                     "gradient: compare how fast the loss rises around + and how close the contour lines crowd, on "
                     "the same colour scale.");
}

// ---------------------------------------------------------------------------------------------------------------
// Read-back for tests: the GPU's values against the CPU's
// ---------------------------------------------------------------------------------------------------------------

bn::Json Number(double v) { return std::isfinite(v) ? bn::Json::Number(v, 9) : bn::Json::String("nan"); }

bn::Json BoundaryReadback(TrainGpu& g, bn::Trainer& tr, int px, const bn::DataView& v) {
  bn::Json runs = bn::Json::Array();
  for (bn::Run& run : tr.runs()) {
    bn::Json o = bn::Json::Object();
    o.append("network", bn::Json::String(bn::NormName(run.norm)));
    if (run.diverged) {
      o.append("diverged", bn::Json::Bool(true));
      runs.push(std::move(o));
      continue;
    }
    GpuNet net;
    UploadNet(&net, run.net);
    RenderTarget target;
    const double t0 = NowMs();
    DrawBoundary(&g.views, net, &target, px, px, v.x0, v.x1, v.y0, v.y1, true, 1.5f);
    const std::vector<float> gp = ReadBackFloats(target);
    const double ms = NowMs() - t0;
    FreeTarget(&target);
    FreeNet(&net);
    const std::vector<float> cp = run.net.PredictGrid(v.x0, v.x1, v.y0, v.y1, px);
    auto cpu = [&](int y, int x) { return cp[static_cast<size_t>(px - 1 - y) * px + x]; };  // y from the bottom
    long away = 0, same = 0, all_same = 0;
    double worst = 0;
    for (int y = 0; y < px; ++y)
      for (int x = 0; x < px; ++x) {
        const float gv = gp[static_cast<size_t>(y) * px + x], cv = cpu(y, x);
        worst = std::max(worst, static_cast<double>(std::fabs(gv - cv)));
        all_same += (gv > 0.5f) == (cv > 0.5f);
        bool one_class = true;  // away from the contour: the 3×3 neighbourhood has one class on the CPU
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const int yy = std::min(px - 1, std::max(0, y + dy)), xx = std::min(px - 1, std::max(0, x + dx));
            one_class = one_class && ((cpu(yy, xx) > 0.5f) == (cv > 0.5f));
          }
        if (!one_class) continue;
        ++away;
        same += (gv > 0.5f) == (cv > 0.5f);
      }
    o.append("pixels", bn::Json::Number(static_cast<double>(px) * px));
    o.append("away_from_contour", bn::Json::Number(static_cast<double>(away)));
    o.append("class_equal_pct", Number(away ? 100.0 * same / away : 0.0));
    o.append("class_equal_all_pct", Number(100.0 * all_same / (static_cast<double>(px) * px)));
    o.append("max_abs_dp", Number(worst));
    o.append("gpu_ms", Number(ms));
    const int mid = px / 2;
    o.append("gpu_centre", Number(gp[static_cast<size_t>(mid) * px + mid]));
    o.append("cpu_centre", Number(cpu(mid, mid)));
    runs.push(std::move(o));
  }
  bn::Json out = bn::Json::Object();
  out.append("what", bn::Json::String("boundary"));
  out.append("step", bn::Json::Number(tr.step()));
  out.append("size_px", bn::Json::Number(px));
  out.append("runs", std::move(runs));
  return out;
}

bn::Json LandscapeReadback(TrainGpu& g, const bn::Trainer& tr) {
  bn::Json runs = bn::Json::Array();
  const bn::Dataset& d = tr.data();
  for (TrainGpu::Slice& sl : g.slices) {
    bn::Json o = bn::Json::Object();
    o.append("network", bn::Json::String(bn::NormName(sl.norm)));
    if (sl.diverged) {
      o.append("diverged", bn::Json::Bool(true));
      runs.push(std::move(o));
      continue;
    }
    const TrainGpu::Settings& at = g.shown;
    const bool batch = at.batch_stats && sl.norm != bn::NormKind::None;
    const TrainGpu::SliceOf& sh = sl.shown;
    bn::Mlp<float> scratch = sh.net;
    double worst = 0;
    int compared = 0;
    const int every = std::max(1, at.res / 16);  // 16×16 points
    for (int y = every / 2; y < at.res; y += every)
      for (int x = every / 2; x < at.res; x += every) {
        const float ref = bn::LandscapeLoss(scratch, sh.center, sh.dirs, bn::SliceCoord(at.range, at.res, x),
                                            bn::SliceCoord(at.range, at.res, y), d.train_x, d.train_y, batch);
        const float v = sh.values[static_cast<size_t>(y) * at.res + x];
        // Relative to the loss, or to 0.01 for smaller losses: a float32 mean of the training points' log-losses
        // carries ~1e-6 of absolute rounding, which near a loss of 0 is no relative measure (CI saw 1.2e-3 at a
        // loss of 0.000 after 13,000 steps of training).
        worst = std::max(worst, static_cast<double>(std::fabs(v - ref) / std::max(std::fabs(ref), 1e-2f)));
        ++compared;
      }
    const float centre = bn::LandscapeLoss(scratch, sh.center, sh.dirs, 0, 0, d.train_x, d.train_y, batch);
    o.append("batch_stats", bn::Json::Bool(batch));
    o.append("compared", bn::Json::Number(compared));
    o.append("max_rel", Number(worst));
    o.append("cpu_loss_at_centre", Number(centre));
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (float v : sh.values) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    o.append("min", Number(lo));
    o.append("max", Number(hi));
    runs.push(std::move(o));
  }
  bn::Json out = bn::Json::Object();
  out.append("what", bn::Json::String("landscape"));
  out.append("on_gpu", bn::Json::Bool(g.shown.on_gpu));
  out.append("res", bn::Json::Number(g.shown.res));
  out.append("range", Number(g.shown.range));
  out.append("step", bn::Json::Number(g.shown.step));
  out.append("gpu_ms", Number(g.shown.ms));
  out.append("runs", std::move(runs));
  return out;
}

void ServeReadback(AppState& app, int boundary_px) {
  TrainGpuState& s = app.train.gpu;
  TrainGpu& g = *s.gpu;
  if (s.readback_request.empty()) return;
  if (!g.views.ok) {
    bn::Json out = bn::Json::Object();
    out.append("what", bn::Json::String(s.readback_request));
    out.append("fallback", bn::Json::Bool(true));
    out.append("error", bn::Json::String("no GPU views: the shaders did not build"));
    s.readback = std::move(out);
    s.readback_request.clear();
    return;
  }
  if (s.readback_request == "boundary") {
    s.readback = BoundaryReadback(g, *app.train.trainer, boundary_px, MapView(app));
    s.readback_request.clear();
  } else if (s.readback_request == "landscape") {
    // wait for the slice on screen to be complete (the landscape view computes it)
    s.view = TrainView::Landscape;
    if (g.have && g.row < 0) {
      s.readback = LandscapeReadback(g, *app.train.trainer);
      s.readback_request.clear();
    }
  } else {
    s.readback_request.clear();
  }
}

}  // namespace

void DrawEmptyOwnMap(AppState& app) {
  const bn::DataView view = MapView(app);
  const float size = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 15.0f);
  ImGui::BeginGroup();
  ImGui::TextUnformatted(app.teach.own.drawing ? "your points: tap, click or drag to add"
                                               : "your points (turn on Draw to add)");
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(size, size));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(70, 70, 78, 255));
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
  StartIfNeeded(s);
  RecordPath(s, *s.gpu, *app.train.trainer);
  int view = static_cast<int>(s.view);
  ImGui::RadioButton("Decision boundaries", &view, 0);
  const ImGuiStyle& style = ImGui::GetStyle();
  SameLineIfFits(ImGui::CalcTextSize("Loss landscape").x + ImGui::GetFrameHeight() + style.ItemInnerSpacing.x);
  ImGui::RadioButton("Loss landscape", &view, 1);
  s.view = static_cast<TrainView>(view);
  if (!s.gpu->views.ok) {
    ImGui::TextColored(ImVec4(1.0f, 0.7f, 0.3f, 1.0f),
                       "CPU fallback: the GPU shaders did not build, so these pictures are small CPU renderings "
                       "(%s).", s.view == TrainView::Boundaries ? "48×48 per map" : "24×24 points per slice");
    if (ImGui::TreeNode("Shader compile log")) {
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
}

}  // namespace bnlab
