// plot.hpp: a small line plot (several series on shared axes, with ticks and a legend), drawn with
// ImGui's draw list. Used for running statistics and, later, training curves.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace bnlab {

struct PlotSeries {
  std::string label;
  std::vector<float> x, y;  // same length; NaN/Inf points are skipped
  ImU32 colour = 0;
  bool dashed = false;      // drawn as dots (e.g. a target value)
};

struct PlotOptions {
  float height_in_lines = 9.0f;  // plot height in font heights
  std::string x_label, y_label;
  bool y_from_zero = false;      // include 0 in the y range
};

// A "nice" tick spacing (1, 2 or 5 × 10^k) giving about `target` ticks over `span` (> 0): the plots' axes and the
// number line.
double NiceStep(double span, int target);

void DrawPlot(const char* id, const std::vector<PlotSeries>& series, const PlotOptions& options);

}  // namespace bnlab
