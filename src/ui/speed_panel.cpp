// speed_panel.cpp: the BN kernels' benchmark, run here, in the learner's own browser (or desktop): the
// 4-wide f32x4 kernels (natively: the fastest path, on all cores) against the same computation in plain
// scalar code, and against copying the same bytes with memcpy (the memory's own limit), as bars per shape
// and as a table. One shape per frame, so the page keeps drawing.
//
//   BuildDescription, DrawSpeedBars, DrawSpeedPanel (the run itself: AdvanceSpeed in state/advance.cpp)
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "state/advance.hpp"
#include "ui/palette.hpp"
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
  return "native (desktop): the first column is the fastest kernels this processor has (8-wide AVX2 with fused "
         "multiply-add where it has them, else the f32x4 kernels as SSE), on all its cores; scalar runs on one.";
#endif
}

// The bars' colours: the kernels, the scalar reference, memcpy.
constexpr Slot kBarSlots[3] = {Slot::SpeedKernels, Slot::SpeedScalar, Slot::SpeedMemcpy};

// One group of three bars per shape, in GB/s on one scale (the largest figure measured): the kernels, the
// scalar reference and memcpy, each with its value written beside it, and a legend above.
void DrawSpeedBars(const std::vector<bn::BenchResult>& results, const char* fast_name) {
  double top = 0;
  for (const bn::BenchResult& r : results) top = std::max({top, r.simd_gbps(), r.scalar_gbps(), r.memcpy_gbps});
  if (!(top > 0)) return;
  const char* names[3] = {fast_name, "scalar", "memcpy"};
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();
  for (int k = 0; k < 3; ++k) {  // legend: a swatch and the name
    if (k) ImGui::SameLine(0, font);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    draw->AddRectFilled(ImVec2(p.x, p.y + font * 0.15f), ImVec2(p.x + font * 0.8f, p.y + font * 0.95f),
                        ColourU32(kBarSlots[k]));
    ImGui::Dummy(ImVec2(font, font));
    ImGui::SameLine();
    ImGui::TextUnformatted(names[k]);
  }
  ImGui::SameLine();
  HelpMarker("Each bar is a speed in GB/s (longer is faster), all on one scale: how many bytes a forward and "
             "backward pass moves per second, against memcpy copying the same bytes.");
  const float indent = font * 9, value_w = font * 10;
  const float bar_max = std::max(font * 6, ImGui::GetContentRegionAvail().x - indent - value_w);
  for (const bn::BenchResult& r : results) {
    std::string shape = r.kind == "conv" ? "conv " : "";
    for (size_t q = 0; q < r.shape.size(); ++q) shape += (q ? "×" : "") + std::to_string(r.shape[q]);
    const double gbps[3] = {r.simd_gbps(), r.scalar_gbps(), r.memcpy_gbps};
    for (int k = 0; k < 3; ++k) {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      if (k == 0) ImGui::TextUnformatted(shape.c_str());
      else ImGui::Dummy(ImVec2(1, font));
      const float w = std::max(1.0f, static_cast<float>(bar_max * std::min(1.0, gbps[k] / top)));
      draw->AddRectFilled(ImVec2(p.x + indent, p.y + font * 0.1f), ImVec2(p.x + indent + w, p.y + font * 0.95f),
                          ColourU32(kBarSlots[k]));
      const std::string value = bn::FormatNumber(gbps[k], 3) + " GB/s " + names[k];
      draw->AddText(ImVec2(p.x + indent + w + font * 0.4f, p.y), ImGui::GetColorU32(ImGuiCol_Text), value.c_str());
    }
    ImGui::Dummy(ImVec2(1, font * 0.4f));
  }
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
  const std::string fast = s.results.front().path;  // "f32x4" on the page
  DrawSpeedBars(s.results, fast.c_str());
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("speed", 8, flags)) {
    for (const std::string& h : {std::string("shape"), fast + " ms", std::string("scalar ms"), fast + " GB/s",
                                 std::string("scalar GB/s"), std::string("memcpy GB/s"), std::string("SIMD speed-up"),
                                 std::string("of memcpy")})
      ImGui::TableSetupColumn(h.c_str());
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
