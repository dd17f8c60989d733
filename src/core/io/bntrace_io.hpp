// bntrace_io.hpp: bntrace's JSON input and output (docs/bntrace.md), free of I/O so the lab can reuse it
// for import and export.
#pragma once

#include <string>

#include "core/bn/bn.hpp"
#include "core/bn/norm_variants.hpp"

namespace bn {

// The shape x came in: dense N×D, or conv N×C×H×W (normalized per channel over N, H, W).
struct BnShape {
  bool conv = false;
  int n = 0, c = 0, h = 1, w = 1;  // dense: c = D, h = w = 1
};

struct BnTraceRequest {
  TraceInput in;  // x (and dy) as the M×D matrix BN normalizes (conv: ToChannelMatrix order)
  BnShape shape;
  // "norm" and its options (variant Batch when absent). Renorm's running_mean/var are in.running's.
  NormParams norm;
};

// True when the request is computed by NormForward/NormBackward rather than BuildTrace: every variant but
// Batch, except Ghost and Renorm in eval mode (both are then plain BN with the running statistics).
bool UsesNormVariant(const BnTraceRequest& req);

// Reads the contract's input. Throws std::invalid_argument whose message is the one line bntrace prints
// after "bntrace: ", naming the field and what is wrong (e.g. "x[2] has 3 values, row 0 has 4").
BnTraceRequest ParseBnTraceInput(const std::string& text);

// The contract's output object for a trace built from a request of this shape: mean, var, inv_std, xhat, y,
// running_mean, running_var and, when t.in.has_dy, dx, dgamma, dbeta; tensors in the input's nesting, numbers
// as their shortest float32 text. Throws std::invalid_argument ("the result y[0][1] is 6e+38, which does not
// fit a float32 ...") when a result is beyond float32's range, rather than writing something unreadable.
std::string TraceToJson(const Trace& t, const BnShape& shape);

// bntrace's whole answer for a request: BuildTrace and TraceToJson, or for a variant (UsesNormVariant)
// NormForward/NormBackward and the variant's output (docs/bntrace.md): mean, var, inv_std one per statistics
// group in norm_variants.hpp's order, xhat, y, Renorm's r and d, Ghost's and Renorm's running_mean/var after
// the update, and with dy dx, dgamma, dbeta. Throws std::invalid_argument as TraceToJson does, and when eps is
// 0 and a statistics group is constant.
std::string BnTraceJson(const BnTraceRequest& req);

}  // namespace bn
