// bntrace_io.cpp: ParseBnTraceInput, TraceToJson (the contract: docs/bntrace.md).
//
// Index
//   Messages          field paths "x[1][0]", "1 value"/"3 values", quoting of user text
//   ReadFloat32       one number that must fit a float32
//   ReadTensor        x and dy: 2 levels (N×D) or 4 levels (N×C×H×W), rectangular, numbers only
//   ReadRow           gamma, beta, running_mean, running_var: one number per feature/channel
//   ParseBnTraceInput the whole input object, every rule of the contract
//   TraceToJson       the output object, tensors back in the input's nesting
#include "core/bntrace_io.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "core/json.hpp"

namespace bn {
namespace {

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------
[[noreturn]] void Bad(const std::string& message) { throw std::invalid_argument(message); }

std::string Index(const std::string& base, size_t k) { return base + "[" + std::to_string(k) + "]"; }

// "1 value", "3 values", "2 entries"
std::string Values(size_t k, const std::string& noun = "value") {
  if (k == 1) return "1 " + noun;
  if (noun.back() == 'y') return std::to_string(k) + " " + noun.substr(0, noun.size() - 1) + "ies";
  return std::to_string(k) + " " + noun + "s";
}

// User text for a one-line message: JSON-quoted (so a newline shows as \n), at most ~40 characters.
std::string Quote(const std::string& text) {
  std::string cut = text;
  if (cut.size() > 40) {
    size_t end = 40;
    while (end > 0 && (static_cast<unsigned char>(cut[end]) & 0xC0) == 0x80) --end;  // a whole UTF-8 character
    cut = cut.substr(0, end) + "…";
  }
  return Json::String(cut).Dump();
}

std::string NumberText(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------
// A number that rounds to a finite float32; returns it rounded (the value a float32 program reads).
double ReadFloat32(const Json& v, const std::string& field) {
  if (!v.is_number()) Bad(field + " is not a number");
  const double d = v.number();
  if (!FitsFloat32(d)) Bad(field + " is " + NumberText(d) + ", which does not fit a float32 (|value| ≤ 3.4028235e38)");
  return static_cast<double>(static_cast<float>(d));
}

// A setting (eps, momentum): a number in float32's range, kept in double as PyTorch does.
double ReadSetting(const Json& v, const std::string& field) {
  if (!v.is_number()) Bad(field + " is not a number");
  if (!FitsFloat32(v.number())) Bad(field + " is " + NumberText(v.number()) + ", which does not fit a float32");
  return v.number();
}

// ---------------------------------------------------------------------------------------------
// Tensors: x and dy
// ---------------------------------------------------------------------------------------------
// Levels of nested arrays along the first elements: [[1, 2]] → 2, [] → 1, 5 → 0.
int Levels(const Json& v) {
  int levels = 0;
  for (const Json* p = &v; p->is_array(); p = &p->items()[0]) {
    ++levels;
    if (p->items().empty()) break;
  }
  return levels;
}

// Checks that `v` (named `name`) is a rectangular array with sizes `dims` from `level` down, and appends its
// numbers in row-major order. `field` is the tensor's name ("x" or "dy") for messages.
void Flatten(const Json& v, const std::vector<size_t>& dims, size_t level, const std::string& name,
             const std::string& field, std::vector<double>* out) {
  if (level == dims.size()) {
    out->push_back(ReadFloat32(v, name));
    return;
  }
  if (!v.is_array()) {
    Bad(name + " is " + (v.is_number() ? "a number" : "not an array") + " where an array is expected (" + field +
        " has " + std::to_string(dims.size()) + " levels)");
  }
  const size_t got = v.items().size();
  if (got != dims[level]) {
    if (level == 1 && dims.size() == 2)  // dense rows, in the contract's words
      Bad(name + " has " + Values(got) + ", row 0 has " + std::to_string(dims[level]));
    std::string first = field;  // the first array at this level, which set the size
    for (size_t k = 0; k < level; ++k) first += "[0]";
    Bad(name + " has " + Values(got, "entry") + ", " + first + " has " + std::to_string(dims[level]));
  }
  for (size_t k = 0; k < got; ++k) Flatten(v.items()[k], dims, level + 1, Index(name, k), field, out);
}

std::string ShapeText(const BnShape& s) {
  const std::string nd = std::to_string(s.n) + "×" + std::to_string(s.c);
  return s.conv ? nd + "×" + std::to_string(s.h) + "×" + std::to_string(s.w) : nd;
}

// x or dy: 2 levels (N×D) or 4 levels (N×C×H×W). Sets *shape; returns the M×D matrix BN normalizes
// (conv: ToChannelMatrix's (N·H·W)×C).
Mat ReadTensor(const Json& v, const std::string& field, BnShape* shape) {
  if (!v.is_array()) Bad(field + " is not an array: expected N rows of D numbers, or N×C×H×W");
  if (v.items().empty()) Bad(field + " is empty");
  const int levels = Levels(v);
  if (levels > 4) Bad(field + " has more than 4 levels of arrays (at most N×C×H×W)");
  if (levels == 1) Bad(field + " has 1 level of arrays: expected 2 (N rows of D numbers) or 4 (N×C×H×W)");
  if (levels == 3) Bad(field + " has 3 levels of arrays: only 2 (dense N×D) or 4 (conv N×C×H×W) are valid");
  // The sizes along the first elements; every other array must match them.
  std::vector<size_t> dims;
  const Json* p = &v;
  std::string path = field;
  for (int l = 0; l < levels; ++l) {
    if (p->items().empty()) Bad(path + " is empty");
    dims.push_back(p->items().size());
    p = &p->items()[0];
    path += "[0]";
  }
  double count = 1;
  for (size_t d : dims) count *= static_cast<double>(d);
  if (count > 2e9) Bad(field + " has too many values");  // cannot happen below ~4 GB of text; guards int sizes
  std::vector<double> flat;
  flat.reserve(static_cast<size_t>(count));
  Flatten(v, dims, 0, field, field, &flat);
  if (levels == 2) {
    shape->conv = false;
    shape->n = static_cast<int>(dims[0]);
    shape->c = static_cast<int>(dims[1]);
    shape->h = shape->w = 1;
    return Eigen::Map<const Mat>(flat.data(), shape->n, shape->c);  // row-major, like the JSON rows
  }
  Tensor4 t;
  shape->conv = true;
  t.n = shape->n = static_cast<int>(dims[0]);
  t.c = shape->c = static_cast<int>(dims[1]);
  t.h = shape->h = static_cast<int>(dims[2]);
  t.w = shape->w = static_cast<int>(dims[3]);
  t.data = std::move(flat);
  return ToChannelMatrix(t);
}

// dy: exactly x's shape.
Mat ReadLikeX(const Json& v, const std::string& field, const BnShape& x_shape) {
  if (v.is_array() && !v.items().empty()) {
    const int levels = Levels(v), want = x_shape.conv ? 4 : 2;
    if (levels != want && levels <= 4)
      Bad(field + " has " + Values(static_cast<size_t>(levels), "level") + " of arrays, x has " +
          std::to_string(want) + " (" + field + " must have x's shape " + ShapeText(x_shape) + ")");
  }
  BnShape shape;
  const Mat m = ReadTensor(v, field, &shape);
  if (shape.conv != x_shape.conv || shape.n != x_shape.n || shape.c != x_shape.c || shape.h != x_shape.h ||
      shape.w != x_shape.w)
    Bad(field + " has shape " + ShapeText(shape) + ", x has " + ShapeText(x_shape));
  return m;
}

// ---------------------------------------------------------------------------------------------
// Per-feature rows
// ---------------------------------------------------------------------------------------------
Row ReadRow(const Json& v, const std::string& field, int d, bool conv) {
  const char* per = conv ? "channel" : "feature";
  if (!v.is_array())
    Bad(field + " is not an array: expected " + std::to_string(d) + " numbers, one per " + per);
  if (v.items().size() != static_cast<size_t>(d))
    Bad(field + " has " + Values(v.items().size()) + ", x has " + Values(static_cast<size_t>(d), per));
  Row r(d);
  for (int j = 0; j < d; ++j) r(j) = ReadFloat32(v.items()[static_cast<size_t>(j)], Index(field, static_cast<size_t>(j)));
  return r;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------
// A computed value as a float32 number; a value beyond float32 is reported, never written as null.
Json OutNumber(double v, const std::string& name) {
  if (!FitsFloat32(v))
    Bad("the result " + name + " is " + NumberText(v) + ", which does not fit a float32 (inputs too large)");
  return Json::Float32(v);
}

Json RowJson(const Mat& m, const std::string& name) {
  Json a = Json::Array();
  for (Eigen::Index j = 0; j < m.cols(); ++j) a.push(OutNumber(m(0, j), Index(name, static_cast<size_t>(j))));
  return a;
}

// M×D back into the input's nesting: N rows of D, or N×C×H×W.
Json TensorJson(const Mat& m, const BnShape& s, const std::string& name) {
  Json out = Json::Array();
  if (!s.conv) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) out.push(RowJson(m.row(i), Index(name, static_cast<size_t>(i))));
    return out;
  }
  const Tensor4 t = FromChannelMatrix(m, s.n, s.c, s.h, s.w);
  for (int ni = 0; ni < s.n; ++ni) {
    Json nj = Json::Array();
    for (int ci = 0; ci < s.c; ++ci) {
      Json cj = Json::Array();
      for (int hi = 0; hi < s.h; ++hi) {
        Json hj = Json::Array();
        for (int wi = 0; wi < s.w; ++wi)
          hj.push(OutNumber(t.at(ni, ci, hi, wi), name + "[" + std::to_string(ni) + "][" + std::to_string(ci) + "][" +
                                                        std::to_string(hi) + "][" + std::to_string(wi) + "]"));
        cj.push(std::move(hj));
      }
      nj.push(std::move(cj));
    }
    out.push(std::move(nj));
  }
  return out;
}

}  // namespace

BnTraceRequest ParseBnTraceInput(const std::string& text) {
  Json doc;
  try {
    doc = Json::Parse(text);
  } catch (const JsonError& e) {
    Bad(std::string("input is not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) Bad("input is not a JSON object: expected {\"x\": [[...], ...], ...}");
  static const char* const kKeys[] = {"x",        "gamma",        "beta",        "eps", "mode",
                                      "momentum", "running_mean", "running_var", "dy"};
  for (const auto& member : doc.members()) {
    bool known = false;
    for (const char* k : kKeys) known |= member.first == k;
    if (!known)
      Bad("unknown key " + Quote(member.first) +
          " (known: x, gamma, beta, eps, mode, momentum, running_mean, running_var, dy)");
  }

  BnTraceRequest req;
  TraceInput& in = req.in;
  // x: the batch, M×D after the conv reshape.
  const Json* x = doc.get("x");
  if (x == nullptr) Bad("x is missing: the batch, N rows of D numbers (or N×C×H×W)");
  in.x = ReadTensor(*x, "x", &req.shape);
  const int d = static_cast<int>(in.x.cols());
  const bool conv = req.shape.conv;
  const char* per = conv ? "channel" : "feature";
  // gamma, beta: one per feature/channel.
  in.gamma = doc.get("gamma") ? ReadRow(*doc.get("gamma"), "gamma", d, conv) : Row::Ones(d);
  in.beta = doc.get("beta") ? ReadRow(*doc.get("beta"), "beta", d, conv) : Row::Zero(d);
  // eps ≥ 0.
  in.eps = 1e-5;
  if (const Json* e = doc.get("eps")) {
    in.eps = ReadSetting(*e, "eps");
    if (in.eps < 0) Bad("eps is negative (" + NumberText(in.eps) + "); it must be 0 or more");
  }
  // mode: "train" or "eval".
  in.mode = Mode::Train;
  if (const Json* m = doc.get("mode")) {
    if (!m->is_string()) Bad("mode is not a string: expected \"train\" or \"eval\"");
    if (m->string() == "train") in.mode = Mode::Train;
    else if (m->string() == "eval") in.mode = Mode::Eval;
    else Bad("mode is " + Quote(m->string()) + ": expected \"train\" or \"eval\"");
  }
  // momentum in [0, 1]; PyTorch's convention.
  in.running = MakeRunningStats(d);
  if (const Json* m = doc.get("momentum")) {
    in.running.momentum = ReadSetting(*m, "momentum");
    if (in.running.momentum < 0 || in.running.momentum > 1)
      Bad("momentum is " + NumberText(in.running.momentum) + ": it must be in [0, 1]");
  }
  // running_mean, running_var (≥ 0).
  if (const Json* r = doc.get("running_mean")) in.running.mean = ReadRow(*r, "running_mean", d, conv);
  if (const Json* r = doc.get("running_var")) {
    in.running.var = ReadRow(*r, "running_var", d, conv);
    for (int j = 0; j < d; ++j)
      if (in.running.var(j) < 0)
        Bad(Index("running_var", static_cast<size_t>(j)) + " is negative (" + NumberText(in.running.var(j)) +
            "); a variance is 0 or more");
  }
  // dy: x's shape.
  if (const Json* dy = doc.get("dy")) {
    in.dy = ReadLikeX(*dy, "dy", req.shape);
    in.has_dy = true;
  }
  // Combinations the core cannot compute.
  if (in.mode == Mode::Train && in.x.rows() < 2)
    Bad(std::string("x has a single value per ") + per +
        ": train mode needs at least 2 to compute a variance (use \"mode\": \"eval\")");
  if (in.mode == Mode::Train && in.eps == 0) {
    for (int j = 0; j < d; ++j)
      if ((in.x.col(j).array() == in.x(0, j)).all())
        Bad("eps is 0 and x's " + std::string(per) + " " + std::to_string(j) +
            " is constant (variance 0): x̂ would divide by zero");
  }
  if (in.mode == Mode::Eval) {
    for (int j = 0; j < d; ++j)
      if (in.running.var(j) + in.eps <= 0)
        Bad(Index("running_var", static_cast<size_t>(j)) + " + eps is 0 in eval mode: x̂ would divide by zero");
  }
  return req;
}

std::string TraceToJson(const Trace& t, const BnShape& shape) {
  Json out = Json::Object();
  out.set("mean", RowJson(t.fwd.mean, "mean"));
  out.set("var", RowJson(t.fwd.var, "var"));
  out.set("inv_std", RowJson(t.fwd.inv_std, "inv_std"));
  out.set("xhat", TensorJson(t.fwd.xhat, shape, "xhat"));
  out.set("y", TensorJson(t.fwd.y, shape, "y"));
  out.set("running_mean", RowJson(t.running_after.mean, "running_mean"));
  out.set("running_var", RowJson(t.running_after.var, "running_var"));
  if (t.in.has_dy) {
    out.set("dx", TensorJson(t.bwd.dx, shape, "dx"));
    out.set("dgamma", RowJson(t.bwd.dgamma, "dgamma"));
    out.set("dbeta", RowJson(t.bwd.dbeta, "dbeta"));
  }
  return out.Dump();
}

}  // namespace bn
