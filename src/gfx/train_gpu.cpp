// train_gpu.cpp: the training lab's GPU work (see train_gpu.hpp).
//
//   StartTrainGpu                       build the programs, log a failure
//   UpdateCpuHeat, UpdateGpuBoundaries  the maps (UpdateBoundaries picks one)
//   LandscapeStale, StartLandscape, AdvanceLandscape   the landscape job (RunLandscapeJob)
//   RampColour, UpdateLandscapeViews    the slice's colours
//   BoundaryReadback, LandscapeReadback, TrainReadback   gpu:readback:, through gfx/gpu_readback
#include "gfx/train_gpu.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "gfx/gl_texture.hpp"
#include "gfx/gpu_readback.hpp"

namespace bnlab {
namespace {

double NowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool SameView(const bn::DataView& a, const bn::DataView& b) {
  return a.x0 == b.x0 && a.x1 == b.x1 && a.y0 == b.y0 && a.y1 == b.y1;
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

// The GPU maps, paced: after a redraw that took m ms, the next waits 3·m ms, so frames come at least 3/4 of the
// time. True when it redrew.
bool UpdateGpuBoundaries(TrainGpu& g, bn::Trainer& tr, int px, const bn::DataView& v, int version, float line_px) {
  const size_t runs = tr.runs().size();
  const double now = NowMs();
  const bool changed = g.boundary_step != tr.step() || g.boundary_px != px || g.nets.size() != runs ||
                       g.boundary_version != version || !SameView(g.boundary_view, v);
  const double pace = g.boundary_paced ? g.boundary_ms : 0.0;
  if (!changed || (g.boundary_time >= 0 && now - g.boundary_time < 3.0 * pace)) return false;
  g.nets.resize(runs);
  g.boundary.resize(runs);
  const double t0 = NowMs();
  for (size_t r = 0; r < runs; ++r) {
    const bn::Run& run = tr.runs()[r];
    if (run.diverged) continue;
    UploadNet(&g.nets[r], run.net);
    DrawBoundary(&g.views, g.nets[r], &g.boundary[r], px, px, v.x0, v.x1, v.y0, v.y1, /*values=*/false, line_px);
  }
  for (size_t r = 0; r < runs; ++r)
    if (g.boundary[r].framebuffer) {
      WaitForGpu(g.boundary[r]);
      break;
    }
  g.boundary_ms = NowMs() - t0;
  g.boundary_paced = g.boundary_time >= 0;  // from the second redraw on
  g.boundary_time = NowMs();
  g.boundary_step = tr.step();
  g.boundary_px = px;
  g.boundary_version = version;
  g.boundary_view = v;
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Loss landscape
// ---------------------------------------------------------------------------------------------------------------

// A new job when there is none yet, the controls changed, the networks were rebuilt, or (live) training moved on
// since the last complete one.
bool LandscapeStale(const TrainGpu& g, const bn::Trainer& tr, const LandscapeControls& s, bool running) {
  const TrainGpu::Settings& last = g.row >= 0 ? g.job : g.shown;
  const bool controls = last.trainer != &tr || last.range != s.range || last.seed != s.seed ||
                        last.batch_stats != s.batch_stats || last.on_gpu != g.views.ok ||
                        (last.on_gpu && last.res != s.res) ||
                        g.slices.size() != tr.runs().size() || tr.step() < last.step;
  // A job runs: restart it if what it computes changed, or if training has stopped at other weights than the
  // job's (a slice of the networks on screen, not of older ones).
  if (g.row >= 0) return controls || (!running && tr.step() != last.step);
  if (!g.have) return true;
  return controls || (s.live && running && tr.step() != last.step);
}

void StartLandscape(TrainGpu& g, const bn::Trainer& tr, const LandscapeControls& s) {
  TrainGpu::Settings& job = g.job;
  job.trainer = &tr;
  job.range = s.range;
  job.seed = s.seed;
  job.batch_stats = s.batch_stats;
  job.step = tr.step();
  job.on_gpu = g.views.ok;
  job.res = job.on_gpu ? s.res : TrainGpu::kCpuRes;
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
  g.progress = 0.0f;
}

// Runs part of the job: on the GPU as many rows as fit about 30 ms (at least one), on the CPU two rows. When it
// completes, it becomes the landscape on screen, with one colour scale for all networks.
void AdvanceLandscape(TrainGpu& g, const bn::Trainer& tr) {
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
  g.progress = static_cast<float>(std::min(g.row, job.res)) / job.res;
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
  g.progress = 1.0f;
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
    const BoundaryAgreement a = CompareBoundary(&g.views, run.net, px, v.x0, v.x1, v.y0, v.y1);
    o.append("pixels", bn::Json::Number(static_cast<double>(a.pixels)));
    o.append("away_from_contour", bn::Json::Number(static_cast<double>(a.away)));
    o.append("class_equal_pct", Number(a.EqualAwayPct()));
    o.append("class_equal_all_pct", Number(a.EqualAllPct()));
    o.append("max_abs_dp", Number(a.max_abs_dp));
    o.append("gpu_ms", Number(a.gpu_ms));
    o.append("gpu_centre", Number(a.gpu_centre));
    o.append("cpu_centre", Number(a.cpu_centre));
    runs.push(std::move(o));
  }
  bn::Json out = bn::Json::Object();
  out.append("what", bn::Json::String("boundary"));
  out.append("step", bn::Json::Number(tr.step()));
  out.append("size_px", bn::Json::Number(px));
  out.append("runs", std::move(runs));
  return out;
}

bn::Json LandscapeReadback(const TrainGpu& g, const bn::Trainer& tr) {
  bn::Json runs = bn::Json::Array();
  const bn::Dataset& d = tr.data();
  for (const TrainGpu::Slice& sl : g.slices) {
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
    // Relative to the loss, or to 0.01 for smaller losses (CI saw 1.2e-3 at a loss of 0.000 after 13,000 steps).
    const LandscapeAgreement a = CompareLandscape(sh.values, at.res, at.range, sh.net, sh.center, sh.dirs, d.train_x,
                                                  d.train_y, batch, 1e-2f);
    bn::Mlp<float> scratch = sh.net;
    const float centre = bn::LandscapeLoss(scratch, sh.center, sh.dirs, 0, 0, d.train_x, d.train_y, batch);
    o.append("batch_stats", bn::Json::Bool(batch));
    o.append("compared", bn::Json::Number(a.compared));
    o.append("max_rel", Number(a.max_rel));
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

}  // namespace

bool StartTrainGpu(TrainGpu* g, bool break_shaders) {
  if (g->views.started && g->built_broken == break_shaders) return false;
  StartGpuViews(&g->views, break_shaders);
  g->built_broken = break_shaders;
  g->boundary_step = -1;
  g->boundary_time = -1.0;
  g->boundary_paced = false;
  g->row = -1;
  g->have = false;
  if (!g->views.ok) {
    // On the page this goes to the browser's console (Emscripten sends stderr to console.error).
    std::fprintf(stderr, "bnlab: the GPU views' shaders did not build; the training lab uses its CPU fallback.\n%s",
                 g->views.log.c_str());
  }
  return true;
}

bool UpdateBoundaries(TrainGpu* g, bn::Trainer& tr, int px, const bn::DataView& view, int version, double time,
                      float line_px) {
  if (g->views.ok) return UpdateGpuBoundaries(*g, tr, px, view, version, line_px);
  UpdateCpuHeat(*g, tr, time, view, version);
  return false;
}

void RunLandscapeJob(TrainGpu* g, const bn::Trainer& tr, const LandscapeControls& controls, bool running) {
  if (LandscapeStale(*g, tr, controls, running)) StartLandscape(*g, tr, controls);
  AdvanceLandscape(*g, tr);
}

void UpdateLandscapeViews(TrainGpu* g, int px, bool log_scale) {
  if (!g->have) return;
  if (!g->view_dirty && g->view_px == px && g->log_scale == log_scale) return;
  const float lo = Scaled(std::max(g->lo, 1e-30f), log_scale), hi = Scaled(g->hi, log_scale);
  for (TrainGpu::Slice& sl : g->slices) {
    if (sl.diverged) continue;
    const int res = g->shown.res;
    if (g->shown.on_gpu) {
      DrawLandscapeView(g->views, sl.loss[sl.shown.target], &sl.view, px, px, lo, hi, log_scale, 10.0f);
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
          RampColour((Scaled(v, log_scale) - lo) / std::max(hi - lo, 1e-30f), p);
        }
      sl.cpu_texture = UploadRgbaTexture(sl.cpu_texture, res, res, rgba.data());
    }
  }
  g->view_px = px;
  g->log_scale = log_scale;
  g->view_dirty = false;
}

bool TrainReadback(TrainGpu* g, bn::Trainer& tr, const std::string& what, int px, const bn::DataView& view,
                   bn::Json* out) {
  if (!g->views.ok) {
    bn::Json o = bn::Json::Object();
    o.append("what", bn::Json::String(what));
    o.append("fallback", bn::Json::Bool(true));
    o.append("error", bn::Json::String("no GPU views: the shaders did not build"));
    *out = std::move(o);
    return true;
  }
  if (what == "boundary") {
    *out = BoundaryReadback(*g, tr, px, view);
    return true;
  }
  if (what == "landscape") {  // the slice on screen, once complete (the landscape view computes it)
    if (!g->have || g->row >= 0) return false;
    *out = LandscapeReadback(*g, tr);
    return true;
  }
  return true;
}

}  // namespace bnlab
