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

#include "core/i18n/current.hpp"
#include "state/advance.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

const std::string& BuildDescription() {
#if defined(__EMSCRIPTEN__) && defined(__wasm_simd128__)
  return Tr("ui.speed.build.simd");
#elif defined(__EMSCRIPTEN__)
  return Tr("ui.speed.build.scalar");
#else
  return Tr("ui.speed.build.native");
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
  HelpMarker(Tr("ui.speed.bars.help").c_str());
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
  ImGui::TextWrapped("%s", Tr("ui.speed.intro").c_str());
  ImGui::TextDisabled("%s", Tr("ui.speed.this_build", {{"build", BuildDescription()}}).c_str());
  const auto& shapes = SpeedShapes();
  const std::string run = (s.running ? Tr("ui.speed.measuring") : Tr("ui.speed.run")) + "###speed_run";
  if (TrackedButton(app, false, run.c_str(), "speed_run") && !s.running) {
    s.results.clear();
    s.running = true;
  }
  if (s.running) {
    ImGui::SameLine();
    ImGui::ProgressBar(static_cast<float>(s.results.size()) / shapes.size(), ImVec2(ImGui::GetFontSize() * 12, 0));
  }
  HelpMarker(Tr("ui.speed.help").c_str());
  if (s.results.empty()) return;
  const std::string fast = s.results.front().path;  // "f32x4" on the page
  DrawSpeedBars(s.results, fast.c_str());
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("speed", 8, flags)) {
    // Headers: translated words keep their English label as the ImGui ID; units and the paths' names stay.
    for (const std::string& h : {Tr("ui.speed.col.shape") + "###shape", fast + " ms", std::string("scalar ms"),
                                 fast + " GB/s", std::string("scalar GB/s"), std::string("memcpy GB/s"),
                                 Tr("ui.speed.col.speedup") + "###SIMD speed-up", Tr("ui.speed.col.of_memcpy") + "###of memcpy"})
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
  ImGui::TextDisabled("%s", Tr("ui.speed.caches").c_str());
}

}  // namespace bnlab
