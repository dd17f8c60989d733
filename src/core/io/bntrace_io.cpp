// bntrace_io.cpp: ParseBnTraceInput, TraceToJson (the contract: docs/bntrace.md).
//
// Index
//   Messages          field paths "x[1][0]", "1 value"/"3 values", quoting of user text
//   ReadFloat32       one number that must fit a float32
//   ReadTensor        x and dy: 2 levels (N×D) or 4 levels (N×C×H×W), rectangular, numbers only
//   ReadRow           gamma, beta, running_mean, running_var: one number per feature/channel
//   ReadNorm          "norm" and its options (groups, ghost_batch, r_max, d_max)
//   ParseBnTraceInput the whole input object, every rule of the contract
//   TraceToJson       the output object, tensors back in the input's nesting
//   BnTraceJson       BatchNorm through TraceToJson, or a relative through NormForward/NormBackward
#include "core/io/bntrace_io.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "core/io/json.hpp"

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
// norm and its options
// ---------------------------------------------------------------------------------------------
const char* const kNormKeys = "\"batch\", \"layer\", \"instance\", \"group\", \"ghost\" or \"renorm\"";

// A whole number in [1, 2^31): groups, ghost_batch.
int ReadCount(const Json& v, const std::string& field) {
  if (!v.is_number()) Bad(field + " is not a number: expected a whole number ≥ 1");
  const double d = v.number();
  if (d != std::floor(d) || d < 1 || d > 2147483647.0)
    Bad(field + " is " + NumberText(d) + ": expected a whole number ≥ 1");
  return static_cast<int>(d);
}

// "norm", and the options that belong to one variant; an option given for another variant is refused
// rather than silently ignored.
void ReadNorm(const Json& doc, NormParams* p) {
  if (const Json* v = doc.get("norm")) {
    if (!v->is_string()) Bad(std::string("norm is not a string: expected ") + kNormKeys);
    if (!ParseNormKey(v->string(), &p->variant)) Bad("norm is " + Quote(v->string()) + ": expected " + kNormKeys);
  }
  // The option `key` if present; refused unless "norm" is `owner`.
  auto option = [&](const char* key, NormVariant owner, const char* what) -> const Json* {
    const Json* o = doc.get(key);
    if (o != nullptr && p->variant != owner)
      Bad(std::string(key) + " is only used with \"norm\": \"" + NormKeyName(owner) + "\" (" + what +
          "); this input has \"norm\": \"" + NormKeyName(p->variant) + "\"");
    return o;
  };
  if (const Json* g = option("groups", NormVariant::Group, "the number of channel groups G"))
    p->groups = ReadCount(*g, "groups");
  else if (p->variant == NormVariant::Group)
    Bad("groups is missing: \"norm\": \"group\" needs the number of channel groups G, a divisor of C");
  if (const Json* b = option("ghost_batch", NormVariant::Ghost, "the virtual batch size B"))
    p->ghost_batch = ReadCount(*b, "ghost_batch");
  else if (p->variant == NormVariant::Ghost)
    Bad("ghost_batch is missing: \"norm\": \"ghost\" needs the virtual batch size B, a divisor of N");
  if (const Json* r = option("r_max", NormVariant::Renorm, "the clip of r")) {
    p->r_max = ReadSetting(*r, "r_max");
    if (!(p->r_max >= 1)) Bad("r_max is " + NumberText(p->r_max) + ": it must be 1 or more");
  }
  if (const Json* d = option("d_max", NormVariant::Renorm, "the clip of d")) {
    p->d_max = ReadSetting(*d, "d_max");
    if (!(p->d_max >= 0)) Bad("d_max is " + NumberText(p->d_max) + ": it must be 0 or more");
  }
}

// LayerNorm, InstanceNorm and GroupNorm keep no running statistics.
bool HasRunningStats(NormVariant v) {
  return v == NormVariant::Batch || v == NormVariant::Ghost || v == NormVariant::Renorm;
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
  static const char* const kKeys[] = {"x",           "gamma", "beta",   "eps",         "mode",  "momentum",
                                      "running_mean", "running_var", "dy", "norm", "groups", "ghost_batch",
                                      "r_max",        "d_max"};
  for (const auto& member : doc.members()) {
    bool known = false;
    for (const char* k : kKeys) known |= member.first == k;
    if (!known)
      Bad("unknown key " + Quote(member.first) +
          " (known: x, gamma, beta, eps, mode, momentum, running_mean, running_var, dy, norm, groups, ghost_batch,"
          " r_max, d_max)");
  }

  BnTraceRequest req;
  TraceInput& in = req.in;
  ReadNorm(doc, &req.norm);
  if (!HasRunningStats(req.norm.variant)) {
    for (const char* key : {"momentum", "running_mean", "running_var"})
      if (doc.get(key) != nullptr)
        Bad(std::string(key) + " is not used by \"norm\": \"" + NormKeyName(req.norm.variant) + "\" (" +
            NormVariantName(req.norm.variant) + "Norm keeps no running statistics)");
  }
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
  // A relative of BN: its statistics groups must exist and hold 2 values or more (MakeNormGroups' message).
  if (UsesNormVariant(req)) {
    const BnShape& s = req.shape;
    req.norm.running_mean = in.running.mean;
    req.norm.running_var = in.running.var;
    try {
      MakeNormGroups(s.n, s.c, s.h, s.w, req.norm);
    } catch (const std::invalid_argument& e) {
      Bad(e.what() + std::string(s.conv ? "" : " (a dense N×D x is read as N×D×1×1)"));
    }
    return req;
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

bool UsesNormVariant(const BnTraceRequest& req) {
  switch (req.norm.variant) {
    case NormVariant::Batch: return false;
    case NormVariant::Ghost:
    case NormVariant::Renorm: return req.in.mode == Mode::Train;
    default: return true;  // Layer, Instance, Group: the same in train and eval
  }
}

std::string BnTraceJson(const BnTraceRequest& req) {
  if (!UsesNormVariant(req)) return TraceToJson(BuildTrace(req.in), req.shape);
  const BnShape& s = req.shape;
  const TraceInput& in = req.in;
  const NormVariant v = req.norm.variant;
  const Tensor4 x = FromChannelMatrix(in.x, s.n, s.c, s.h, s.w);
  const NormResult f = NormForward(x, req.norm, in.gamma, in.beta, in.eps);
  for (size_t k = 0; k < f.var.size(); ++k)
    if (!(f.var[k] + in.eps > 0))
      Bad("eps is 0 and statistics group " + std::to_string(k) + " of \"norm\": \"" + NormKeyName(v) +
          "\" is constant (variance 0): x̂ would divide by zero");

  // One number per statistics group (mean, var, inv_std) or per channel (r, d).
  auto list = [](const std::vector<double>& values, const std::string& name) {
    Json a = Json::Array();
    for (size_t k = 0; k < values.size(); ++k) a.push(OutNumber(values[k], Index(name, k)));
    return a;
  };
  auto tensor = [&](const Tensor4& t, const std::string& name) { return TensorJson(ToChannelMatrix(t), s, name); };
  Json out = Json::Object();
  out.set("mean", list(f.mean, "mean"));
  out.set("var", list(f.var, "var"));
  out.set("inv_std", list(f.inv_std, "inv_std"));
  out.set("xhat", tensor(f.xhat, "xhat"));
  out.set("y", tensor(f.y, "y"));
  if (v == NormVariant::Renorm) {
    out.set("r", list(f.r, "r"));
    out.set("d", list(f.d, "d"));
  }
  if (HasRunningStats(v)) {
    // Renorm: one update with the batch statistics, as BatchNorm (a simplification: Ioffe 2017 keeps moving
    // averages of μ and of σ, the standard deviation, not of the variance). Ghost: one update per virtual batch, in
    // order, as F.batch_norm applied to each chunk of B samples with the same running buffers.
    RunningStats running = in.running;
    const int batches = v == NormVariant::Ghost ? s.n / req.norm.ghost_batch : 1;
    for (int b = 0; b < batches; ++b) {
      Row mean(s.c), var(s.c);  // sub-batch b's statistics: groups b·C + c
      for (int c = 0; c < s.c; ++c) {
        mean(c) = f.mean[static_cast<size_t>(b) * s.c + c];
        var(c) = f.var[static_cast<size_t>(b) * s.c + c];
      }
      UpdateRunning(running, mean, var, f.groups.size);
    }
    out.set("running_mean", RowJson(running.mean, "running_mean"));
    out.set("running_var", RowJson(running.var, "running_var"));
  }
  if (in.has_dy) {
    const Tensor4 dy = FromChannelMatrix(in.dy, s.n, s.c, s.h, s.w);
    const NormGrads g = NormBackward(dy, x, f, req.norm, in.gamma);
    out.set("dx", tensor(g.dx, "dx"));
    out.set("dgamma", RowJson(g.dgamma, "dgamma"));
    out.set("dbeta", RowJson(g.dbeta, "dbeta"));
  }
  return out.Dump();
}

}  // namespace bn
