// gpu_check.cpp: the shaders in shaders/ against the CPU reference in the core, on the desktop's OpenGL (run
// under Xvfb with Mesa's software renderer by tests/desktop/gpu_test.sh), through the comparisons the lab's
// gpu:readback: command uses (gfx/gpu_readback.hpp). For three data sets and the plain and BN networks after training:
//   boundary   P(class 1) read back from boundary.frag at 200×200 against Mlp::PredictGrid at the same pixel
//              centres: the class must agree at ≥ 99% of the pixels away from the 0.5 contour (pixels whose
//              3×3 neighbourhood has one class on the CPU);
//   landscape  the loss read back from landscape.frag at 128×128 against LandscapeLoss (the Mlp itself) at
//              256 of the pixels: within 1e-3 relative;
//   fallback   with the shaders broken on purpose, no program is built and the log says why.
// Prints "ok - ..." / "not ok - ..." per check, the agreement figures and timings, and "N passed, N failed";
// writes the colour views as PPM files into OUT_DIR (argument 1) for a look.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/train/landscape.hpp"
#include "core/train/trainer.hpp"
#include "gfx/gl_api.hpp"
#include "gfx/gl_program.hpp"
#include "gfx/gpu_readback.hpp"
#include "gfx/gpu_views.hpp"

namespace {

int g_pass = 0, g_fail = 0;
void Check(bool ok, const std::string& what) {
  std::printf("%s - %s\n", ok ? "ok" : "not ok", what.c_str());
  (ok ? g_pass : g_fail)++;
}

double Millis(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void WritePpm(const std::string& path, const bnlab::RenderTarget& t) {
  const std::vector<unsigned char> rgba = bnlab::ReadBackRgba(t);
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return;
  std::fprintf(f, "P6\n%d %d\n255\n", t.width, t.height);
  for (int r = t.height - 1; r >= 0; --r)  // GL rows are bottom first
    for (int c = 0; c < t.width; ++c) std::fwrite(&rgba[(static_cast<size_t>(r) * t.width + c) * 4], 1, 3, f);
  std::fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string out = argc > 1 ? argv[1] : ".";
  if (!glfwInit()) {
    std::printf("not ok - GLFW could not start (no display?)\n0 passed, 1 failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWwindow* window = glfwCreateWindow(64, 64, "bnlab gpu check", nullptr, nullptr);
  if (!window) {
    std::printf("not ok - no OpenGL 3.3 context\n0 passed, 1 failed\n");
    return 1;
  }
  glfwMakeContextCurrent(window);
  std::printf("# GL_RENDERER %s, GL_VERSION %s\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)),
              reinterpret_cast<const char*>(glGetString(GL_VERSION)));

  bnlab::GpuViews broken;
  bnlab::StartGpuViews(&broken, /*break_on_purpose=*/true);
  Check(!broken.ok && broken.log.find("made to fail on purpose") != std::string::npos &&
            broken.log.find("did not compile") != std::string::npos,
        "broken shaders build no program and the log says why");
  bnlab::StopGpuViews(&broken);

  bnlab::GpuViews gpu;
  bnlab::StartGpuViews(&gpu);
  Check(gpu.ok, "the three programs compile and link" + (gpu.log.empty() ? std::string() : ":\n" + gpu.log));
  if (!gpu.ok) {
    std::printf("%d passed, %d failed\n", g_pass, g_fail);
    return 1;
  }

  const float lim = 1.8f, range = 1.0f;
  const int bres = 200;
  // Two data sets with the lab's default network (weights in a uniform block), and a wider, deeper ReLU network
  // whose weights do not fit a block (read from the float texture), its landscape at a lower resolution.
  struct Case {
    bn::DatasetKind kind;
    int depth, width;
    bn::Activation activation;
    int lres;
  };
  for (const Case& k : {Case{bn::DatasetKind::Moons, 3, 16, bn::Activation::Tanh, 128},
                        Case{bn::DatasetKind::Spirals, 3, 16, bn::Activation::Tanh, 64},
                        Case{bn::DatasetKind::Circles, 5, 32, bn::Activation::Relu, 32}}) {
    const bn::DatasetKind kind = k.kind;
    const int lres = k.lres;
    bn::TrainConfig cfg;
    cfg.data.kind = kind;
    cfg.lr = 0.1;
    cfg.net.depth = k.depth;
    cfg.net.width = k.width;
    cfg.net.activation = k.activation;
    bn::Trainer tr(cfg, {bn::NormKind::None, bn::NormKind::Batch});
    tr.Step(300);
    const bn::Dataset& data = tr.data();
    bnlab::GpuData gdata;
    bnlab::UploadData(&gdata, data.train_x, data.train_y);
    std::vector<float> lo_hi = {1e30f, -1e30f};
    std::vector<bnlab::RenderTarget> loss_targets(2);
    for (int r = 0; r < 2; ++r) {
      bn::Run& run = tr.runs()[r];
      const std::string name = std::string(bn::DatasetName(kind)) + "/" + bn::NormName(run.norm) + " " +
                               std::to_string(k.depth) + "x" + std::to_string(k.width);
      // --- boundary (gfx/gpu_readback, as the lab's gpu:readback:boundary) ---
      const bnlab::BoundaryAgreement b = bnlab::CompareBoundary(&gpu, run.net, bres, -lim, lim, -lim, lim);
      char line[256];
      std::snprintf(line, sizeof line, "%s boundary: class equal at %.3f%% of %ld pixels away from the contour; max |dp| %.2e",
                    name.c_str(), b.EqualAwayPct(), b.away, b.max_abs_dp);
      Check(b.away > bres * bres / 2 && b.EqualAwayPct() >= 99.0, line);
      bnlab::GpuNet net;
      bnlab::UploadNet(&net, run.net);
      // colour view for a look, and its time at 2×400×400 device pixels (both maps of a frame)
      auto t0 = std::chrono::steady_clock::now();
      bnlab::RenderTarget colour;
      for (int k = 0; k < 2; ++k) bnlab::DrawBoundary(&gpu, net, &colour, 400, 400, -lim, lim, -lim, lim, false, 1.5f);
      bnlab::WaitForGpu(colour);
      t0 = std::chrono::steady_clock::now();
      for (int k = 0; k < 2; ++k) bnlab::DrawBoundary(&gpu, net, &colour, 400, 400, -lim, lim, -lim, lim, false, 1.5f);
      bnlab::WaitForGpu(colour);
      std::printf("# %s boundary 2×400×400 px: %.1f ms\n", name.c_str(), Millis(t0));
      WritePpm(out + "/gpu_boundary_" + bn::DatasetName(kind) + "_" + bn::NormName(run.norm) + ".ppm", colour);
      bnlab::FreeTarget(&colour);

      // --- landscape: BN with running statistics (inference), and for BN with the training set's (batch) ---
      const bn::LandscapeDirections dirs = bn::MakeDirections(run.net, 1);
      bnlab::UploadNet(&net, run.net, dirs.d1, dirs.d2);
      for (bool batch : {false, true}) {
        if (batch && run.norm == bn::NormKind::None) continue;
        const std::string mode = batch ? " (batch statistics)" : " (running statistics)";
        // the pictures: plain, and BN with batch statistics (the loss training lowers)
        const bool shown = batch || run.norm == bn::NormKind::None;
        bnlab::RenderTarget scratch_target;
        bnlab::RenderTarget* target = shown ? &loss_targets[r] : &scratch_target;
        // one row first: the driver compiles a program at its first draw; that time is reported apart
        t0 = std::chrono::steady_clock::now();
        bnlab::ComputeLandscapeRows(&gpu, net, gdata, range, target, lres, 0, 1, batch);
        bnlab::WaitForGpu(*target);
        std::printf("# %s landscape%s first row (with the driver's compile): %.1f ms\n", name.c_str(), mode.c_str(),
                    Millis(t0));
        t0 = std::chrono::steady_clock::now();
        bnlab::ComputeLandscapeRows(&gpu, net, gdata, range, target, lres, 1, lres, batch);
        bnlab::WaitForGpu(*target);
        std::printf("# %s landscape%s %d×%d over %d points: %.1f ms (rows 1 to %d)\n", name.c_str(), mode.c_str(),
                    lres, lres, gdata.count, Millis(t0), lres - 1);
        const std::vector<float> gl = bnlab::ReadBackFloats(*target);
        bnlab::FreeTarget(&scratch_target);
        // gfx/gpu_readback, as the lab's gpu:readback:landscape (here relative to the loss down to 1e-6)
        const bnlab::LandscapeAgreement a = bnlab::CompareLandscape(gl, lres, range, run.net, run.net.Params(), dirs,
                                                                    data.train_x, data.train_y, batch, 1e-6f);
        if (shown)
          for (float v : gl) {
            lo_hi[0] = std::min(lo_hi[0], v);
            lo_hi[1] = std::max(lo_hi[1], v);
          }
        std::snprintf(line, sizeof line, "%s landscape%s: %d points, max relative difference %.2e (loss %.3f to %.3f)",
                      name.c_str(), mode.c_str(), a.compared, a.max_rel, *std::min_element(gl.begin(), gl.end()),
                      *std::max_element(gl.begin(), gl.end()));
        Check(a.compared == 256 && a.max_rel <= 1e-3, line);
      }
      bnlab::FreeNet(&net);
    }
    // both landscapes on one colour scale, drawn at 400×400
    for (int r = 0; r < 2; ++r) {
      bnlab::RenderTarget view;
      auto t0 = std::chrono::steady_clock::now();
      bnlab::DrawLandscapeView(gpu, loss_targets[r], &view, 400, 400, lo_hi[0], lo_hi[1], false, 12.0f);
      bnlab::WaitForGpu(view);
      std::printf("# %s landscape view 400×400: %.1f ms\n", bn::NormName(tr.runs()[r].norm), Millis(t0));
      WritePpm(out + "/gpu_landscape_" + bn::DatasetName(kind) + "_" + bn::NormName(tr.runs()[r].norm) + ".ppm", view);
      bnlab::FreeTarget(&view);
      bnlab::FreeTarget(&loss_targets[r]);
    }
    glDeleteTextures(1, &gdata.texture);
  }
  bnlab::StopGpuViews(&gpu);
  glfwDestroyWindow(window);
  glfwTerminate();
  std::printf("%d passed, %d failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
