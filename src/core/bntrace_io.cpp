// bntrace_io.cpp: ParseBnTraceInput, TraceToJson.
//
// Index
//   Field names       "x[1][0]" style paths for messages
//   ReadFloat32       one number that must fit a float32
//   ReadX / ReadLike  x (2 or 4 levels, rectangular) and dy (same shape)
//   ReadRow           gamma, beta, running_mean, running_var
//   ParseBnTraceInput
//   TraceToJson
#include "core/bntrace_io.hpp"

#include <cfloat>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/json.hpp"

namespace bn {
namespace {

[[noreturn]] void Bad(const std::string& message) { throw std::invalid_argument(message); }

std::string Index(const std::string& base, size_t k) { return base + "[" + std::to_string(k) + "]"; }

double ReadFloat32(const Json& v, const std::string& field) {
  if (!v.is_number()) Bad(field + " is not a number");
  const double d = v.number();
  if (!std::isfinite(d) || std::fabs(d) > FLT_MAX) Bad(field + " does not fit a float32 (|value| > 3.4e38)");
  return static_cast<double>(static_cast<float>(d));
}

// Depth of nested arrays along the first elements: [[1]] → 2.
int Levels(const Json& v) {
  int levels = 0;
  const Json* p = &v;
  while (p->is_array()) {
    ++levels;
    if (p->items().empty()) break;
    p = &p->items()[0];
  }
  return levels;
}

// Checks that `v` is a rectangular array of `dims.size()` levels with sizes dims, and appends its numbers
// in row-major order. `name` is the field path so far; `first` names the reference for messages.
void Flatten(const Json& v, const std::vector<size_t>& dims, size_t level, const std::string& name,
             const std::string& field, std::vector<double>* out) {
  if (level == dims.size()) {
    out->push_back(ReadFloat32(v, name));
    return;
  }
  if (!v.is_array()) Bad(name + " is not an array (" + field + " has " + std::to_string(dims.size()) + " levels)");
  if (v.items().size() != dims[level]) {
    if (level == 1 && dims.size() == 2) {  // dense rows, in the contract's words
      Bad(name + " has " + std::to_string(v.items().size()) + " values, row 0 has " + std::to_string(dims[level]));
    }
    std::string ref = field;
    for (size_t k = 0; k < level; ++k) ref += "[0]";
    Bad(name + " has " + std::to_string(v.items().size()) + " entries, " + ref + " has " + std::to_string(dims[level]));
  }
  for (size_t k = 0; k < v.items().size(); ++k) Flatten(v.items()[k], dims, level + 1, Index(name, k), field, out);
}

// x: 2 levels (N×D) or 4 levels (N×C×H×W); returns the shape and the M×D matrix BN normalizes.
Mat ReadX(const Json& v, BnShape* shape) {
  if (!v.is_array()) Bad("x is not an array: expected N rows of D numbers, or N×C×H×W");
  if (v.items().empty()) Bad("x is empty");
  const int levels = Levels(v);
  if (levels > 4) Bad("x has more than 4 levels of arrays (at most N×C×H×W)");
  if (levels != 2 && levels != 4) {
    Bad("x has " + std::to_string(levels) + " level" + (levels == 1 ? "" : "s") +
        " of arrays: expected 2 (N×D) or 4 (N×C×H×W)");
  }
  std::vector<size_t> dims;
  const Json* p = &v;
  std::string path = "x";
  for (int l = 0; l < levels; ++l) {
    if (p->items().empty()) Bad(path + " is empty");
    dims.push_back(p->items().size());
    p = &p->items()[0];
    path += "[0]";
  }
  std::vector<double> flat;
  Flatten(v, dims, 0, "x", "x", &flat);
  if (levels == 2) {
    shape->conv = false;
    shape->n = static_cast<int>(dims[0]);
    shape->c = static_cast<int>(dims[1]);
    shape->h = shape->w = 1;
    Mat x(shape->n, shape->c);
    for (int i = 0; i < shape->n; ++i)
      for (int j = 0; j < shape->c; ++j) x(i, j) = flat[static_cast<size_t>(i) * shape->c + j];
    return x;
  }
  shape->conv = true;
  Tensor4 t;
  t.n = shape->n = static_cast<int>(dims[0]);
  t.c = shape->c = static_cast<int>(dims[1]);
  t.h = shape->h = static_cast<int>(dims[2]);
  t.w = shape->w = static_cast<int>(dims[3]);
  t.data = flat;
  return ToChannelMatrix(t);
}

std::string ShapeText(const BnShape& s) {
  return s.conv ? std::to_string(s.n) + "×" + std::to_string(s.c) + "×" + std::to_string(s.h) + "×" +
                      std::to_string(s.w)
                : std::to_string(s.n) + "×" + std::to_string(s.c);
}

// dy: exactly x's shape.
Mat ReadLike(const Json& v, const BnShape& shape, const std::string& field) {
  BnShape got;
  Mat m;
  try {
    if (!v.is_array()) Bad(field + " is not an array");
    const int levels = Levels(v);
    const int want = shape.conv ? 4 : 2;
    if (levels != want || v.items().empty()) {
      Bad(field + " has " + std::to_string(levels) + " levels of arrays, x has " + std::to_string(want));
    }
    m = ReadX(v, &got);
  } catch (const std::invalid_argument& e) {
    std::string msg = e.what();
    if (msg.compare(0, 1, "x") == 0) msg = field + msg.substr(1);  // ReadX names its field x
    Bad(msg);
  }
  if (got.conv != shape.conv || got.n != shape.n || got.c != shape.c || got.h != shape.h || got.w != shape.w) {
    Bad(field + " has shape " + ShapeText(got) + ", x has " + ShapeText(shape));
  }
  return m;
}

Row ReadRow(const Json& v, const std::string& field, int d, bool conv) {
  if (!v.is_array()) Bad(field + " is not an array of numbers");
  if (v.items().size() != static_cast<size_t>(d)) {
    Bad(field + " has " + std::to_string(v.items().size()) + " values, x has " + std::to_string(d) +
        (conv ? " channels" : " features"));
  }
  Row r(d);
  for (int j = 0; j < d; ++j) r(j) = ReadFloat32(v.items()[j], Index(field, j));
  return r;
}

Json RowJson(const Mat& m) {
  Json a = Json::Array();
  for (Eigen::Index j = 0; j < m.cols(); ++j) a.push(Json::Float32(m(0, j)));
  return a;
}

// M×D back into the request's nesting: N rows of D, or N×C×H×W.
Json TensorJson(const Mat& m, const BnShape& s) {
  Json out = Json::Array();
  if (!s.conv) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) out.push(RowJson(m.row(i)));
    return out;
  }
  const Tensor4 t = FromChannelMatrix(m, s.n, s.c, s.h, s.w);
  for (int ni = 0; ni < s.n; ++ni) {
    Json nj = Json::Array();
    for (int ci = 0; ci < s.c; ++ci) {
      Json cj = Json::Array();
      for (int hi = 0; hi < s.h; ++hi) {
        Json hj = Json::Array();
        for (int wi = 0; wi < s.w; ++wi) hj.push(Json::Float32(t.at(ni, ci, hi, wi)));
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
  if (!doc.is_object()) Bad("input is not a JSON object");
  static const char* const kKeys[] = {"x", "gamma", "beta", "eps", "mode", "momentum", "running_mean",
                                      "running_var", "dy"};
  for (const auto& m : doc.members()) {
    bool known = false;
    for (const char* k : kKeys) known |= m.first == k;
    if (!known) {
      Bad("unknown key \"" + m.first.substr(0, 40) +
          "\" (known: x, gamma, beta, eps, mode, momentum, running_mean, running_var, dy)");
    }
  }
  BnTraceRequest req;
  TraceInput& in = req.in;
  const Json* x = doc.get("x");
  if (x == nullptr) Bad("x is missing");
  in.x = ReadX(*x, &req.shape);
  const int d = static_cast<int>(in.x.cols());
  const bool conv = req.shape.conv;
  in.gamma = doc.get("gamma") ? ReadRow(*doc.get("gamma"), "gamma", d, conv) : Row::Ones(d);
  in.beta = doc.get("beta") ? ReadRow(*doc.get("beta"), "beta", d, conv) : Row::Zero(d);
  in.eps = 1e-5;
  if (const Json* e = doc.get("eps")) {
    in.eps = ReadFloat32(*e, "eps");
    if (in.eps < 0) Bad("eps is negative (" + Json::Float32Text(in.eps) + "); it must be 0 or more");
  }
  in.mode = Mode::Train;
  if (const Json* m = doc.get("mode")) {
    if (!m->is_string()) Bad("mode is not a string: expected \"train\" or \"eval\"");
    if (m->string() == "train") in.mode = Mode::Train;
    else if (m->string() == "eval") in.mode = Mode::Eval;
    else Bad("mode is \"" + m->string().substr(0, 40) + "\": expected \"train\" or \"eval\"");
  }
  in.running = MakeRunningStats(d);
  if (const Json* m = doc.get("momentum")) {
    in.running.momentum = ReadFloat32(*m, "momentum");
    if (in.running.momentum < 0 || in.running.momentum > 1) {
      Bad("momentum is " + Json::Float32Text(in.running.momentum) + ": it must be in [0, 1]");
    }
  }
  if (const Json* r = doc.get("running_mean")) in.running.mean = ReadRow(*r, "running_mean", d, conv);
  if (const Json* r = doc.get("running_var")) {
    in.running.var = ReadRow(*r, "running_var", d, conv);
    for (int j = 0; j < d; ++j)
      if (in.running.var(j) < 0) Bad(Index("running_var", j) + " is negative; a variance is 0 or more");
  }
  if (const Json* dy = doc.get("dy")) {
    in.dy = ReadLike(*dy, req.shape, "dy");
    in.has_dy = true;
  }
  if (in.mode == Mode::Train && in.x.rows() < 2) {
    Bad(std::string("x has a single value per ") + (conv ? "channel" : "feature") +
        ": train mode needs at least 2 to compute a variance (use \"mode\": \"eval\")");
  }
  if (in.mode == Mode::Train && in.eps == 0) {
    // A feature with no spread and ε = 0 would divide by zero.
    const Row mean = in.x.colwise().mean();
    for (int j = 0; j < d; ++j)
      if (((in.x.col(j).array() - mean(j)) == 0.0).all())
        Bad("eps is 0 and x's " + std::string(conv ? "channel " : "feature ") + std::to_string(j) +
            " is constant: x̂ would divide by zero");
  }
  if (in.mode == Mode::Eval) {
    for (int j = 0; j < d; ++j)
      if (in.running.var(j) + in.eps <= 0)
        Bad(Index("running_var", j) + " + eps is 0: x̂ would divide by zero");
  }
  return req;
}

std::string TraceToJson(const Trace& t, const BnShape& shape) {
  Json out = Json::Object();
  out.set("mean", RowJson(t.fwd.mean));
  out.set("var", RowJson(t.fwd.var));
  out.set("inv_std", RowJson(t.fwd.inv_std));
  out.set("xhat", TensorJson(t.fwd.xhat, shape));
  out.set("y", TensorJson(t.fwd.y, shape));
  out.set("running_mean", RowJson(t.running_after.mean));
  out.set("running_var", RowJson(t.running_after.var));
  if (t.in.has_dy) {
    out.set("dx", TensorJson(t.bwd.dx, shape));
    out.set("dgamma", RowJson(t.bwd.dgamma));
    out.set("dbeta", RowJson(t.bwd.dbeta));
  }
  return out.Dump();
}

}  // namespace bn
