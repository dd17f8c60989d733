// speed_panel.cpp: the BN kernels' benchmark, run here, in the learner's own browser (or desktop): the
// 4-wide f32x4 kernels against the same computation in plain scalar code, and against copying the same
// bytes with memcpy (the memory's own limit). One shape per frame, so the page keeps drawing.
//
//   BuildDescription, DrawSpeedPanel (the run itself: AdvanceSpeed in state/advance.cpp)
#include <imgui.h>

#include <string>
#include <vector>

#include "state/advance.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

const char* BuildDescription() {
#if defined(__EMSCRIPTEN__) && defined(__wasm_simd128__)
  return "WebAssembly with SIMD: the f32x4 kernels run as 4-wide wasm SIMD instructions.";
#elif defined(__EMSCRIPTEN__)
  return "WebAssembly without SIMD (this browser has none, or ?build=scalar): the f32x4 kernels run one lane at "
         "a time, so both columns should be about as fast.";
#else
  return "native (desktop): the f32x4 kernels compile to SSE instructions.";
#endif
}

}  // namespace

void DrawSpeedPanel(AppState& app) {
  SpeedLab& s = app.speed;
  ImGui::TextWrapped("How fast does Batch Normalization run here? Each row normalizes a batch and back-propagates "
                     "through it (forward + backward), three ways on the same data.");
  ImGui::TextDisabled("This build: %s", BuildDescription());
  const auto& shapes = SpeedShapes();
  if (TrackedButton(app, false, s.running ? "Measuring…###speed_run" : "Run the benchmark###speed_run", "speed_run") && !s.running) {
    s.results.clear();
    s.running = true;
  }
  if (s.running) {
    ImGui::SameLine();
    ImGui::ProgressBar(static_cast<float>(s.results.size()) / shapes.size(), ImVec2(ImGui::GetFontSize() * 12, 0));
  }
  HelpMarker("f32x4: the kernels written with 4-wide vectors. scalar: the same arithmetic one number at a time. "
             "memcpy: copying the input once, the speed of memory itself. GB/s counts the 7 arrays of the input's "
             "size a forward and backward pass must read or write; 'of memcpy' compares that with memcpy's GB/s.");
  if (s.results.empty()) return;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("speed", 8, flags)) {
    for (const char* h : {"shape", "f32x4 ms", "scalar ms", "f32x4 GB/s", "scalar GB/s", "memcpy GB/s",
                          "SIMD speed-up", "of memcpy"})
      ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const bn::BenchResult& r : s.results) {
      ImGui::TableNextRow();
      std::string shape = r.kind == "conv" ? "conv " : "";
      for (size_t q = 0; q < r.shape.size(); ++q) shape += (q ? "×" : "") + std::to_string(r.shape[q]);
      const std::string cells[] = {shape,
                                   bn::FormatNumber(r.simd_s * 1e3, 3),
                                   bn::FormatNumber(r.scalar_s * 1e3, 3),
                                   bn::FormatNumber(r.simd_gbps(), 3),
                                   bn::FormatNumber(r.scalar_gbps(), 3),
                                   bn::FormatNumber(r.memcpy_gbps, 3),
                                   bn::FormatNumber(r.scalar_s / r.simd_s, 3) + "×",
                                   bn::FormatNumber(100.0 * r.simd_gbps() / r.memcpy_gbps, 2) + "%"};
      for (int c = 0; c < 8; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::TextUnformatted(cells[c].c_str());
      }
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("Small shapes fit in the processor's caches, so memcpy looks very fast there; the large ones "
                      "show the memory's real speed.");
}

}  // namespace bnlab
