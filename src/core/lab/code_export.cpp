// code_export.cpp: the step lab's and the image lab's batch as NumPy and PyTorch code, and as a notebook.
//
// Index
//   Py, PyArray, PyMatrix   numbers as Python literals (shortest text that reads back as the same double)
//   Comment                 the "# values" line of a step (6 significant digits)
//   AutogradBlock           the backward steps' PyTorch preamble (each step's own lines: its row, core/bn/steps.hpp)
//   StepSetupCode, StepNumpyCode, StepTorchCode, LibraryCallCode, StepCodeView
//   Notebook                nbformat 4 cells (bn::Json) and TraceToNotebook
//   Image*                  the image lab: statistics per group, the one PyTorch call, its notebook
//
// The comments and Markdown cells a learner reads are the catalogs' export.code.*, export.notebook.* and
// export.image.* texts (assets/i18n) in the current language; code, names and numbers are the same in every language.
// No iostreams (they would add ~100 KB to the page): text is appended to a plain std::string.
#include "core/lab/code_export.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/bn/steps.hpp"
#include "core/i18n/current.hpp"
#include "core/io/json.hpp"
#include "core/lab/trace_export.hpp"

namespace bn {
namespace {

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------
// The shortest "%.Ng" text that reads back as exactly v (1e-05, not 1.0000000000000001e-05).
std::string Py(double v) {
  if (std::isnan(v)) return "np.nan";
  if (std::isinf(v)) return v > 0 ? "np.inf" : "-np.inf";
  char buf[40];
  for (int digits = 6; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// A setting (ε, momentum): the lab holds them as float32 values; their shortest float32 text ("1e-05", not
// 9.9999997e-06) changes the results by a relative ~1e-8 at most, far inside the notebook's tolerance.
std::string Param(double v) {
  if (std::isfinite(v) && static_cast<double>(static_cast<float>(v)) == v) return Json::Float32Text(v);
  return Py(v);
}

// The float32 values of an input (x, γ, β, dy ...) whose double text is long ("0.10000000149011612"): their
// float32 texts, read as float32 and widened, give exactly the lab's doubles.
bool NeedsFloat32(const double* v, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (!std::isfinite(v[k]) || static_cast<double>(static_cast<float>(v[k])) != v[k]) return false;
  }
  for (size_t k = 0; k < n; ++k)
    if (Json::Float32Text(v[k]) != Py(v[k])) return true;
  return false;
}

std::string F32(double v) { return Json::Float32Text(v); }

std::string Short(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

template <typename Values>
std::string List(const Values& values, size_t count, std::string (*fmt)(double)) {
  std::string s = "[";
  for (size_t k = 0; k < count; ++k) s += (k ? ", " : "") + fmt(values[k]);
  return s + "]";
}

std::string PyArray(const Row& r) {
  std::vector<double> v(r.data(), r.data() + r.size());
  if (NeedsFloat32(v.data(), v.size()))
    return "np.array(" + List(v, v.size(), F32) + ", dtype=np.float32).astype(np.float64)";
  return "np.array(" + List(v, v.size(), Py) + ", dtype=np.float64)";
}

std::string PyMatrix(const Mat& m) {
  const bool f32 = NeedsFloat32(m.data(), static_cast<size_t>(m.size()));
  std::string s = "np.array([";
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    std::vector<double> row(m.row(i).data(), m.row(i).data() + m.cols());
    s += std::string(i ? ",\n              " : "") + List(row, row.size(), f32 ? F32 : Py);
  }
  return s + (f32 ? "], dtype=np.float32).astype(np.float64)" : "], dtype=np.float64)");
}

std::string Int(long v) { return std::to_string(v); }

bool Torch(const Trace& t) { return t.in.running.convention == MomentumConvention::PyTorch; }
bool Train(const Trace& t) { return t.in.mode == Mode::Train; }

// A catalog text as a Python comment: "  # text\n" after code (Note), "# text\n" on its own line (Line).
std::string Note(const std::string& text) { return "  # " + text + "\n"; }
std::string Line(const std::string& text) { return "# " + text + "\n"; }

// A catalog text as a Python string literal: "text", with " and \ escaped.
std::string PyString(const std::string& text) {
  std::string s = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') s += '\\';
    s += c;
  }
  return s + "\"";
}

std::string Feature(int j) { return Tr("export.code.feature", {{"j", std::to_string(j + 1)}}); }

// "# feature 2: mean = 2.5" or "# feature 2, xhat[:, 1] = [-1.34164, ...]".
std::string Comment(const TraceStep& s, const std::string& name, int feature) {
  const int j = feature < 0 || feature >= s.value.cols() ? 0 : feature;
  if (s.extent == Extent::PerFeature)
    return "# " + Feature(j) + ": " + name + "[" + Int(j) + "] = " + Short(s.value(0, j)) + "\n";
  std::vector<double> col(static_cast<size_t>(s.value.rows()));
  for (Eigen::Index i = 0; i < s.value.rows(); ++i) col[static_cast<size_t>(i)] = s.value(i, j);
  return "# " + Feature(j) + ": " + name + "[:, " + Int(j) + "] = " + List(col, col.size(), Short) + "\n";
}

// Backward steps in PyTorch: the forward again with tensors that keep their gradients, then autograd.
std::string AutogradBlock(const Trace& t) {
  std::string s =
      Line(Tr("export.code.autograd")) +
      "x_g = x_t.clone().requires_grad_(True)\n"
      "gamma_g = gamma_t.clone().requires_grad_(True)\n"
      "beta_g = beta_t.clone().requires_grad_(True)\n";
  if (Train(t)) {
    s += "mean_g = x_g.mean(dim=0)\n"
         "var_g = ((x_g - mean_g) ** 2).mean(dim=0)" + Note(Tr("export.code.biased")) +
         "mean_g.retain_grad()\n"
         "var_g.retain_grad()\n";
  } else {
    s += "mean_g, var_g = running_mean_t, running_var_t" + Note(Tr("export.code.eval_constants"));
  }
  s += "xhat_g = (x_g - mean_g) / torch.sqrt(var_g + eps)\n"
       "xhat_g.retain_grad()\n"
       "y_g = gamma_g * xhat_g + beta_g\n"
       "y_g.retain_grad()\n"
       "(y_g * dy_t).sum().backward()\n";
  return s;
}

std::string KerasMomentum(double k) { return "1 - " + Param(k); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// The step lab
// ---------------------------------------------------------------------------------------------
std::string StepSetupCode(const TraceInput& in) {
  const bool torch = in.running.convention == MomentumConvention::PyTorch;
  std::string s = "import numpy as np\nimport torch\nimport torch.nn.functional as F\n\n";
  s += Line(Tr("export.code.batch"));
  s += "x = " + PyMatrix(in.x) + "\n";
  s += "gamma = " + PyArray(in.gamma) + "\n";
  s += "beta = " + PyArray(in.beta) + "\n";
  s += "eps = " + Param(in.eps) + "\n";
  s += std::string("mode = \"") + (in.mode == Mode::Train ? "train" : "eval") + "\"" +
       Note(in.mode == Mode::Train ? Tr("export.code.mode_train") : Tr("export.code.mode_eval"));
  s += "momentum = " + Param(in.running.momentum) +
       Note(torch ? Tr("export.code.momentum_pytorch") : Tr("export.code.momentum_keras"));
  s += "running_mean = " + PyArray(in.running.mean) + Note(Tr("export.code.before_step"));
  s += "running_var = " + PyArray(in.running.var) + "\n";
  if (in.has_dy) s += "dy = " + PyMatrix(in.dy) + Note(Tr("export.code.upstream"));
  s += "N, D = x.shape\nm = N" + Note(Tr("export.code.m")) + "\n";
  s += "x_t, gamma_t, beta_t = torch.from_numpy(x), torch.from_numpy(gamma), torch.from_numpy(beta)\n";
  s += "running_mean_t, running_var_t = torch.from_numpy(running_mean), torch.from_numpy(running_var)\n";
  if (in.has_dy) s += "dy_t = torch.from_numpy(dy)\n";
  return s;
}

// A step's code is its row's (core/bn/steps.hpp): NumPy and PyTorch lines for the mode and convention, and the
// names its result has there.
std::string StepNumpyCode(const Trace& t, const std::string& key, int feature, bool values) {
  const TraceStep* s = t.find(key);
  const StepRow* row = FindStep(key);
  if (s == nullptr || row == nullptr) return "";
  std::string code = row->numpy.Pick(t.in.mode, t.in.running.convention);
  if (values) code += Comment(*s, row->py_name, feature);
  return code;
}

std::string StepTorchCode(const Trace& t, const std::string& key, int feature, bool values) {
  const TraceStep* s = t.find(key);
  const StepRow* row = FindStep(key);
  if (s == nullptr || row == nullptr) return "";
  std::string code = row->torch.Pick(t.in.mode, t.in.running.convention);
  if (row->backward) code = AutogradBlock(t) + code;  // a gradient is read after autograd's backward pass
  if (values) code += Comment(*s, row->torch_name, feature);
  return code;
}

std::string LibraryCallCode(const Trace& t, int feature, bool values) {
  const TraceInput& in = t.in;
  const int d = static_cast<int>(in.x.cols());
  const int j = feature < 0 || feature >= d ? 0 : feature;
  const bool torch = Torch(t);
  std::string s = Line(Tr("export.code.library"));
  if (!torch)
    s += Line(Tr("export.code.keras_momentum",
                 {{"keras", Param(in.running.momentum)}, {"pytorch", KerasMomentum(in.running.momentum)}})) +
         Line(Tr("export.code.keras_var"));
  s += "bn = torch.nn.BatchNorm1d(" + Int(d) + ", eps=" + Param(in.eps) +
       ", momentum=" + (torch ? Param(in.running.momentum) : KerasMomentum(in.running.momentum)) + ", dtype=torch.float64)\n";
  s += "with torch.no_grad():\n"
       "    bn.weight.copy_(gamma_t)\n"
       "    bn.bias.copy_(beta_t)\n"
       "    bn.running_mean.copy_(running_mean_t)\n"
       "    bn.running_var.copy_(running_var_t)\n";
  s += Train(t) ? "bn.train()" + Note(Tr("export.code.bn_train")) : "bn.eval()" + Note(Tr("export.code.bn_eval"));
  s += "x_lib = x_t.clone().requires_grad_(True)\n";
  s += "y_lib = bn(x_lib)\n";
  if (in.has_dy) s += "(y_lib * dy_t).sum().backward()" + Note(Tr("export.code.lib_backward"));
  s += Line(Tr("export.code.as_function",
               {{"call", std::string("F.batch_norm(x_t, running_mean_t.clone(), running_var_t.clone(), gamma_t, "
                                     "beta_t, training=") + (Train(t) ? "True" : "False") + ", momentum=" +
                             (torch ? Param(in.running.momentum) : KerasMomentum(in.running.momentum)) +
                             ", eps=" + Param(in.eps) + ")"}}));
  if (values) {
    std::vector<double> col(static_cast<size_t>(t.fwd.y.rows()));
    for (Eigen::Index i = 0; i < t.fwd.y.rows(); ++i) col[static_cast<size_t>(i)] = t.fwd.y(i, j);
    s += "# " + Feature(j) + ": y_lib[:, " + Int(j) + "] = " + List(col, col.size(), Short) + "\n";
    if (Train(t)) {
      double rv = t.running_after.var(0, j);
      if (!torch) rv += (1.0 - in.running.momentum) * t.fwd.var(0, j) / static_cast<double>(in.x.rows() - 1);
      s += "# bn.running_mean[" + Int(j) + "] = " + Short(t.running_after.mean(0, j)) + ", bn.running_var[" + Int(j) +
           "] = " + Short(rv) + "\n";
    }
    if (in.has_dy) {
      for (Eigen::Index i = 0; i < t.bwd.dx.rows(); ++i) col[static_cast<size_t>(i)] = t.bwd.dx(i, j);
      s += "# x_lib.grad[:, " + Int(j) + "] = " + List(col, col.size(), Short) + "\n";
      s += "# bn.weight.grad[" + Int(j) + "] = " + Short(t.bwd.dgamma(0, j)) + ", bn.bias.grad[" + Int(j) +
           "] = " + Short(t.bwd.dbeta(0, j)) + "\n";
    }
  }
  return s;
}

std::string StepCodeView(const Trace& t, const std::string& key, int lang, int feature, bool values,
                         bool library_values) {
  if (lang == 0) return StepNumpyCode(t, key, feature, values);
  if (lang == 1) return StepTorchCode(t, key, feature, values) + "\n" + LibraryCallCode(t, feature, library_values);
  return StepSetupCode(t.in);
}

// ---------------------------------------------------------------------------------------------
// The notebook
// ---------------------------------------------------------------------------------------------
namespace {

struct Notebook {
  Json cells = Json::Array();

  void Add(const char* type, const std::string& source) {
    Json cell = Json::Object();
    cell.append("cell_type", Json::String(type));
    if (std::string(type) == "code") cell.append("execution_count", Json());
    cell.append("metadata", Json::Object());
    if (std::string(type) == "code") cell.append("outputs", Json::Array());
    std::string text = source;
    while (!text.empty() && text.back() == '\n') text.pop_back();
    cell.append("source", Json::String(text));
    cells.push(std::move(cell));
  }
  void Markdown(const std::string& s) { Add("markdown", s); }
  void Code(const std::string& s) { Add("code", s); }

  std::string Dump() const {
    Json nb = Json::Object();
    nb.append("cells", cells);
    Json meta = Json::Object();
    Json kernel = Json::Object();
    kernel.append("display_name", Json::String("Python 3"));
    kernel.append("language", Json::String("python"));
    kernel.append("name", Json::String("python3"));
    meta.append("kernelspec", kernel);
    Json lang = Json::Object();
    lang.append("name", Json::String("python"));
    meta.append("language_info", lang);
    nb.append("metadata", meta);
    nb.append("nbformat", Json::Number(4));
    nb.append("nbformat_minor", Json::Number(4));
    return nb.Dump() + "\n";
  }
};

std::string Check(const std::string& actual, const std::string& expected) {
  return "np.testing.assert_allclose(" + actual + ", " + expected + ", rtol=" + Py(kNotebookRtol) +
         ", atol=" + Py(kNotebookAtol) + ")\n";
}

std::string PyValue(const TraceStep& s) {
  if (s.extent == Extent::PerFeature) return PyArray(s.value.row(0));
  return PyMatrix(s.value);
}

}  // namespace

std::string TraceToNotebook(const Trace& t, int feature) {
  const TraceInput& in = t.in;
  Notebook nb;
  const bool torch = Torch(t);
  const FormatArgs batch = {{"n", Int(in.x.rows())},
                            {"d", Int(in.x.cols())},
                            {"mode", std::string("`") + (Train(t) ? "train" : "eval") + "`"},
                            {"eps", Param(in.eps)},
                            {"momentum", Param(in.running.momentum)},
                            {"library", torch ? "PyTorch" : "Keras"}};
  nb.Markdown("# " + Tr("export.worked.title") + " (bnlab)\n\n" +
              (in.has_dy ? Tr("export.notebook.batch_backward", batch) : Tr("export.notebook.batch", batch)) + "\n\n" +
              Tr("export.notebook.intro", {{"check", "`np.testing.assert_allclose(rtol=" + Py(kNotebookRtol) +
                                                         ", atol=" + Py(kNotebookAtol) + ")`"}}));
  nb.Code(StepSetupCode(in));
  std::string numbers = Line(Tr("export.notebook.values")) + "bnlab = {}\n";
  for (const TraceStep& s : t.steps) numbers += "bnlab[\"" + s.key + "\"] = " + PyValue(s) + "\n";
  nb.Code(numbers);
  for (size_t k = 0; k < t.steps.size(); ++k) {
    const TraceStep& s = t.steps[k];
    nb.Markdown("## " + Int(static_cast<long>(k + 1)) + ". " + StepHeading(t, static_cast<int>(k)) + "\n\n$$" +
                LatexFormula(s.key, in.mode, in.running.convention) + "$$");
    nb.Code(StepNumpyCode(t, s.key, feature, true));
    nb.Code(StepTorchCode(t, s.key, feature, true));
    const StepRow* row = FindStep(s.key);
    const std::string py = row ? row->py_name : s.key, pt = row ? row->torch_name : s.key + "_t";
    nb.Code(Check(py, "bnlab[\"" + s.key + "\"]") + Check(pt + ".numpy()", "bnlab[\"" + s.key + "\"]"));
  }
  nb.Markdown("## " + Tr("export.notebook.library_heading") + "\n\n" +
              (in.has_dy ? Tr("export.notebook.library_backward") : Tr("export.notebook.library")));
  nb.Code(LibraryCallCode(t, feature, true));
  std::string checks = Check("y_lib.detach().numpy()", "bnlab[\"y\"]");
  if (Train(t)) {
    checks += Check("bn.running_mean.numpy()", "bnlab[\"running_mean\"]");
    if (torch) {
      checks += Check("bn.running_var.numpy()", "bnlab[\"running_var\"]");
    } else {
      checks += Line(Tr("export.notebook.keras_var")) +
                Line(Tr("export.notebook.keras_var_differ", {{"difference", "(1 - momentum) * var / (m - 1)"}}));
      checks += Check("bn.running_var.numpy() - (1 - momentum) * bnlab[\"var\"] / (m - 1)", "bnlab[\"running_var\"]");
    }
  } else {
    checks += Line(Tr("export.notebook.eval_running"));
    checks += Check("bn.running_mean.numpy()", "running_mean") + Check("bn.running_var.numpy()", "running_var");
  }
  if (in.has_dy) {
    checks += Check("x_lib.grad.numpy()", "bnlab[\"dx\"]") + Check("bn.weight.grad.numpy()", "bnlab[\"dgamma\"]") +
              Check("bn.bias.grad.numpy()", "bnlab[\"dbeta\"]");
  }
  checks += "print(" + PyString(Tr("export.notebook.agree")) + ")\n";
  nb.Code(checks);
  return nb.Dump();
}

// ---------------------------------------------------------------------------------------------
// The image lab
// ---------------------------------------------------------------------------------------------
namespace {

std::string FlatArray(const std::vector<double>& v) {
  if (NeedsFloat32(v.data(), v.size()))
    return "np.array(" + List(v, v.size(), F32) + ", dtype=np.float32).astype(np.float64)";
  return "np.array(" + List(v, v.size(), Py) + ", dtype=np.float64)";
}

std::string ImageSetup(const NormTrace& t) {
  const ImageLabInput& in = t.in;
  std::string s = "import numpy as np\n\n";
  s += "N, C, H, W = " + Int(in.n) + ", " + Int(in.c) + ", " + Int(in.h) + ", " + Int(in.w) + "\n";
  s += "x = " + FlatArray(t.x.data) + ".reshape(N, C, H, W)\n";
  s += "gamma = " + PyArray(in.gamma) + Note(Tr("export.image.per_channel"));
  s += "beta = " + PyArray(in.beta) + "\n";
  s += "eps = " + Param(in.eps) + "\n";
  if (in.backward) s += "dy = " + FlatArray(t.dy.data) + ".reshape(N, C, H, W)" + Note(Tr("export.image.upstream"));
  return s;
}

// Rows of xg, one per statistics group (in the lab's order), and the way back to N×C×H×W.
void Grouping(const NormTrace& t, std::string* rows, std::string* back) {
  const NormParams& p = t.in.params;
  switch (p.variant) {
    case NormVariant::Batch:
    case NormVariant::Renorm:
      *rows = Line(Tr("export.image.rows_batch")) + "xg = x.transpose(1, 0, 2, 3).reshape(C, -1)\n";
      *back = ".reshape(C, N, H, W).transpose(1, 0, 2, 3)";
      return;
    case NormVariant::Layer:
      *rows = Line(Tr("export.image.rows_layer")) + "xg = x.reshape(N, -1)\n";
      *back = ".reshape(N, C, H, W)";
      return;
    case NormVariant::Instance:
      *rows = Line(Tr("export.image.rows_instance")) + "xg = x.reshape(N * C, -1)\n";
      *back = ".reshape(N, C, H, W)";
      return;
    case NormVariant::Group:
      *rows = "G = " + Int(p.groups) + Note(Tr("export.image.groups")) + Line(Tr("export.image.rows_group")) +
              "xg = x.reshape(N * G, -1)\n";
      *back = ".reshape(N, C, H, W)";
      return;
    case NormVariant::Ghost:
      *rows = "B = " + Int(p.ghost_batch) + Note(Tr("export.image.ghost_batch")) + Line(Tr("export.image.rows_ghost")) +
              "xg = x.reshape(N // B, B, C, H * W).transpose(0, 2, 1, 3).reshape(N // B * C, -1)\n";
      *back = ".reshape(N // B, C, B, H, W).transpose(0, 2, 1, 3, 4).reshape(N, C, H, W)";
      return;
  }
}

std::string Elements(const Tensor4& y, int n, int c) {
  std::vector<double> row;
  for (int w = 0; w < y.w; ++w) row.push_back(y.at(n, c, 0, w));
  return List(row, row.size(), Short);
}

}  // namespace

std::string ImageNumpyCode(const NormTrace& t, int group, bool values) {
  const NormResult& f = t.fwd;
  const int k = group < 0 || group >= static_cast<int>(f.mean.size()) ? 0 : group;
  std::string s = ImageSetup(t) + "\n";
  std::string rows, back;
  Grouping(t, &rows, &back);
  s += "# " + std::string(NormVariantName(t.in.params.variant)) + "Norm: " + NormGroupingText(f.groups) + "\n";
  s += rows;
  s += "mean = xg.mean(axis=1)" + Note(Tr("export.image.per_group"));
  s += "var = xg.var(axis=1)" + Note(Tr("export.image.biased"));
  if (t.in.params.variant == NormVariant::Renorm) {
    s += "running_mean = " + PyArray(t.in.params.running_mean) + "\n";
    s += "running_var = " + PyArray(t.in.params.running_var) + "\n";
    s += "r_max, d_max = " + Param(t.in.params.r_max) + ", " + Param(t.in.params.d_max) + "\n";
    s += "sigma_b, sigma_run = np.sqrt(var + eps), np.sqrt(running_var + eps)\n";
    s += "r = np.clip(sigma_b / sigma_run, 1 / r_max, r_max)\n";
    s += "d = np.clip((mean - running_mean) / sigma_run, -d_max, d_max)\n";
    s += "xhat = ((xg - mean[:, None]) / sigma_b[:, None] * r[:, None] + d[:, None])" + back + "\n";
  } else {
    s += "xhat = ((xg - mean[:, None]) / np.sqrt(var[:, None] + eps))" + back + "\n";
  }
  s += "y = gamma[None, :, None, None] * xhat + beta[None, :, None, None]\n";
  if (values) {
    s += "# " + Tr("export.image.group", {{"k", Int(k + 1)}, {"label", NormGroupLabel(f.groups, k + 1)}}) +
         ": mean[" + Int(k) + "] = " +
         Short(f.mean[static_cast<size_t>(k)]) + ", var[" + Int(k) + "] = " + Short(f.var[static_cast<size_t>(k)]) + "\n";
  }
  return s;
}

std::string ImageTorchCode(const NormTrace& t, int group, bool values) {
  const ImageLabInput& in = t.in;
  const NormVariant v = in.params.variant;
  if (v == NormVariant::Renorm)
    return Line(Tr("export.image.renorm_no_call"));
  std::string s = "import torch\nimport torch.nn.functional as F\n\n";
  s += "x_t = torch.from_numpy(x).clone().requires_grad_(True)\n";
  s += "gamma_t = torch.from_numpy(gamma).clone().requires_grad_(True)\n";
  s += "beta_t = torch.from_numpy(beta).clone().requires_grad_(True)\n";
  const std::string eps = Param(in.eps);
  switch (v) {
    case NormVariant::Batch:
      s += "bn = torch.nn.BatchNorm2d(" + Int(in.c) + ", eps=" + eps + ", dtype=torch.float64)\n"
           "with torch.no_grad():\n    bn.weight.copy_(gamma_t)\n    bn.bias.copy_(beta_t)\n"
           "bn.train()" + Note(Tr("export.image.bn_train")) +
           "y_t = bn(x_t)\n";
      break;
    case NormVariant::Layer:
      s += Line(Tr("export.image.layer_weight")) +
           "y_t = F.layer_norm(x_t, (" + Int(in.c) + ", " + Int(in.h) + ", " + Int(in.w) + "), eps=" + eps +
           ") * gamma_t.view(1, -1, 1, 1) + beta_t.view(1, -1, 1, 1)\n";
      break;
    case NormVariant::Instance:
      s += "y_t = F.instance_norm(x_t, weight=gamma_t, bias=beta_t, eps=" + eps + ")\n";
      break;
    case NormVariant::Group:
      s += "y_t = F.group_norm(x_t, " + Int(in.params.groups) + ", weight=gamma_t, bias=beta_t, eps=" + eps + ")\n";
      break;
    case NormVariant::Ghost:
      s += Line(Tr("export.image.ghost_no_call")) +
           "B = " + Int(in.params.ghost_batch) + "\n"
           "y_t = torch.cat([F.batch_norm(x_t[s:s + B], None, None, gamma_t, beta_t, training=True, eps=" + eps +
           ") for s in range(0, " + Int(in.n) + ", B)])\n";
      break;
    case NormVariant::Renorm: break;
  }
  const bool bn2d = v == NormVariant::Batch;
  if (in.backward) {
    s += "(y_t * torch.from_numpy(dy)).sum().backward()\n";
    s += "dx_t = x_t.grad\n";
    s += bn2d ? "dgamma_t, dbeta_t = bn.weight.grad, bn.bias.grad\n" : "dgamma_t, dbeta_t = gamma_t.grad, beta_t.grad\n";
  }
  if (values) {
    const int k = group < 0 || group >= t.fwd.groups.count ? 0 : group;
    // The first plane of group k: the first (n, c) whose group is k.
    int n0 = 0, c0 = 0;
    for (int n = 0; n < in.n; ++n)
      for (int c = 0; c < in.c; ++c)
        if (GroupOf(t.fwd.groups, n, c) == k && GroupOf(t.fwd.groups, n0, c0) != k) n0 = n, c0 = c;
    s += "# y_t[" + Int(n0) + ", " + Int(c0) + ", 0, :] = " + Elements(t.fwd.y, n0, c0) + "\n";
    if (in.backward) s += "# dx_t[" + Int(n0) + ", " + Int(c0) + ", 0, :] = " + Elements(t.bwd.dx, n0, c0) + "\n";
  }
  return s;
}

std::string ImageToNotebook(const NormTrace& t) {
  const ImageLabInput& in = t.in;
  Notebook nb;
  nb.Markdown("# " + Tr("export.image.title", {{"variant", NormVariantName(in.params.variant)}}) + " (bnlab)\n\n" +
              Tr("export.image.shape", {{"shape", "N × C × H × W = " + Int(in.n) + " × " + Int(in.c) + " × " +
                                                      Int(in.h) + " × " + Int(in.w)},
                                         {"eps", "ε = " + Param(in.eps)},
                                         {"grouping", NormGroupingText(t.fwd.groups)}}) +
              "\n\n" +
              Tr("export.image.intro", {{"check", "`np.testing.assert_allclose(rtol=" + Py(kNotebookRtol) +
                                                      ", atol=" + Py(kNotebookAtol) + ")`"}}));
  nb.Code(ImageNumpyCode(t, 0, true));
  std::string numbers = Line(Tr("export.image.numbers")) + "bnlab = {}\n";
  numbers += "bnlab[\"mean\"] = " + FlatArray(t.fwd.mean) + "\n";
  numbers += "bnlab[\"var\"] = " + FlatArray(t.fwd.var) + "\n";
  numbers += "bnlab[\"y\"] = " + FlatArray(t.fwd.y.data) + ".reshape(N, C, H, W)\n";
  if (in.backward) {
    numbers += "bnlab[\"dx\"] = " + FlatArray(t.bwd.dx.data) + ".reshape(N, C, H, W)\n";
    numbers += "bnlab[\"dgamma\"] = " + PyArray(t.bwd.dgamma) + "\n";
    numbers += "bnlab[\"dbeta\"] = " + PyArray(t.bwd.dbeta) + "\n";
  }
  nb.Code(numbers);
  nb.Code(Check("mean", "bnlab[\"mean\"]") + Check("var", "bnlab[\"var\"]") + Check("y", "bnlab[\"y\"]"));
  if (in.params.variant != NormVariant::Renorm) {
    nb.Markdown("## " + Tr("export.image.torch_heading"));
    nb.Code(ImageTorchCode(t, 0, true));
    std::string checks = Check("y_t.detach().numpy()", "bnlab[\"y\"]");
    if (in.backward)
      checks += Check("dx_t.numpy()", "bnlab[\"dx\"]") + Check("dgamma_t.numpy()", "bnlab[\"dgamma\"]") +
                Check("dbeta_t.numpy()", "bnlab[\"dbeta\"]");
    checks += "print(" + PyString(Tr("export.notebook.agree")) + ")\n";
    nb.Code(checks);
  }
  return nb.Dump();
}

}  // namespace bn
