// bntrace_io.hpp: bntrace's JSON input and output (docs/bntrace.md), free of I/O so the lab can reuse it
// for import and export.
#pragma once

#include <string>

#include "core/bn.hpp"

namespace bn {

// The shape x came in: dense N×D, or conv N×C×H×W (normalized per channel over N, H, W).
struct BnShape {
  bool conv = false;
  int n = 0, c = 0, h = 1, w = 1;  // dense: c = D, h = w = 1
};

struct BnTraceRequest {
  TraceInput in;  // x (and dy) as the M×D matrix BN normalizes (conv: ToChannelMatrix order)
  BnShape shape;
};

// Reads the contract's input. Throws std::invalid_argument whose message is the one line bntrace prints
// after "bntrace: ", naming the field and what is wrong (e.g. "x[2] has 3 values, row 0 has 4").
BnTraceRequest ParseBnTraceInput(const std::string& text);

// The contract's output object for a trace built from a request of this shape: mean, var, inv_std, xhat, y,
// running_mean, running_var and, when t.in.has_dy, dx, dgamma, dbeta; tensors in the input's nesting, numbers
// as their shortest float32 text. Throws std::invalid_argument ("the result y[0][1] is 6e+38, which does not
// fit a float32 ...") when a result is beyond float32's range, rather than writing something unreadable.
std::string TraceToJson(const Trace& t, const BnShape& shape);

}  // namespace bn
