// test_code_export.cpp: the code view and the notebooks (core/lab/code_export, state/code_share): the code holds
// the lab's ε, momentum and mode; every value comment equals the trace's numbers; the notebook's cells are exactly
// the code view's texts; hidden values stay hidden; share-notebook saves a notebook and names it.
#include <doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "core/io/json.hpp"
#include "core/lab/code_export.hpp"
#include "core/lab/image_lab.hpp"
#include "core/lab/lab_hash.hpp"
#include "state/app_state.hpp"
#include "state/code_share.hpp"
#include "state/commands.hpp"

namespace {

bn::TraceInput Batch(const std::string& hash) {
  bn::TraceInput in = bnlab::DefaultLabInput();
  int step = 0;
  std::string error;
  REQUIRE_MESSAGE(bn::ApplyLabHash(hash, &in, &step, &error), error);
  return in;
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The numbers after the last " = " of the comment line that starts with "# feature": "2.5" or "[1, -2, 3]".
std::vector<double> CommentValues(const std::string& code) {
  const size_t line = code.rfind("# feature ");
  REQUIRE(line != std::string::npos);
  const size_t eq = code.find(" = ", line);
  REQUIRE(eq != std::string::npos);
  std::vector<double> v;
  const char* p = code.c_str() + eq + 3;
  while (*p != '\0' && *p != '\n') {
    if (*p == '[' || *p == ',' || *p == ' ' || *p == ']') {
      ++p;
      continue;
    }
    char* end = nullptr;
    v.push_back(std::strtod(p, &end));
    REQUIRE(end != p);
    p = end;
  }
  return v;
}

// Every step's NumPy and PyTorch comment, for every feature, equals the trace's values (6 significant digits).
void CommentsMatchTrace(const bn::Trace& t) {
  for (const bn::TraceStep& s : t.steps) {
    for (int j = 0; j < static_cast<int>(s.value.cols()); ++j) {
      CAPTURE(s.key);
      CAPTURE(j);
      for (const std::string& code : {bn::StepNumpyCode(t, s.key, j, true), bn::StepTorchCode(t, s.key, j, true)}) {
        const std::vector<double> got = CommentValues(code);
        REQUIRE(got.size() == static_cast<size_t>(s.value.rows()));
        for (size_t i = 0; i < got.size(); ++i)
          CHECK(got[i] == doctest::Approx(s.value(static_cast<Eigen::Index>(i), j)).epsilon(1e-5).scale(1e-12));
      }
    }
  }
}

// The notebook's code cells' sources, in order.
std::vector<std::string> CodeCells(const std::string& notebook) {
  const bn::Json nb = bn::Json::Parse(notebook);
  REQUIRE(nb.get("nbformat") != nullptr);
  CHECK(nb.get("nbformat")->number() == 4);
  std::vector<std::string> cells;
  for (const bn::Json& c : nb.get("cells")->items())
    if (c.get("cell_type")->string() == "code") cells.push_back(c.get("source")->string());
  return cells;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

std::string g_saved_name, g_saved_bytes;
std::string CatchFile(const std::string& name, const std::string&, const std::string& bytes) {
  g_saved_name = name;
  g_saved_bytes = bytes;
  return "/tmp/" + name;
}

}  // namespace

TEST_CASE("code export: the default train batch: eps, momentum and mode in the code, comments equal the trace") {
  const bn::Trace t = bn::BuildTrace(bnlab::DefaultLabInput());
  const std::string setup = bn::StepSetupCode(t.in);
  CHECK(Has(setup, "eps = 1e-05\n"));
  CHECK(Has(setup, "momentum = 0.1  # PyTorch's convention"));
  CHECK(Has(setup, "mode = \"train\""));
  CHECK(bn::StepNumpyCode(t, "mean", 0, false) == "mean = x_sum / m  # m = N values per feature\n");
  CHECK(bn::StepNumpyCode(t, "var", 0, false) == "var = sq.sum(axis=0) / m  # biased (1/m), as np.var(x, axis=0)\n");
  CHECK(Has(bn::StepTorchCode(t, "var", 0, false), "x_t.var(dim=0, unbiased=False)"));
  CHECK(Has(bn::StepNumpyCode(t, "running_var", 0, false), "momentum * var * m / (m - 1)"));
  const std::string lib = bn::LibraryCallCode(t, 1, true);
  CHECK(Has(lib, "torch.nn.BatchNorm1d(" + std::to_string(t.in.x.cols()) + ", eps=1e-05, momentum=0.1, dtype=torch.float64)"));
  CHECK(Has(lib, "bn.train()"));
  CHECK(!Has(lib, "bn.eval()"));
  CHECK(bn::StepNumpyCode(t, "dgamma", 0, true).empty() == !t.in.has_dy);  // a step the trace lacks: no code
  CommentsMatchTrace(t);
  // The comment of the mean for feature 2 is exactly the trace's number.
  char want[64];
  std::snprintf(want, sizeof want, "# feature 2: mean[1] = %.6g\n", t.fwd.mean(0, 1));
  CHECK(Has(bn::StepNumpyCode(t, "mean", 1, true), want));
  CHECK(!Has(bn::StepNumpyCode(t, "mean", 1, false), "# feature"));
}

TEST_CASE("code export: eval, backward and Keras's convention follow the lab's settings") {
  const bn::Trace eval = bn::BuildTrace(Batch("x=1,2;3,6;0,1&mode=eval&eps=0.001&running_mean=2,0.5"
                                              "&running_var=1.5,4&momentum=0.2&dy=1,0;0.5,-1;2,1"));
  CHECK(Has(bn::StepNumpyCode(eval, "mean", 0, false), "mean = running_mean  # eval"));
  CHECK(Has(bn::StepNumpyCode(eval, "dx", 0, false), "dx = dxhat * inv_std  # eval"));
  const std::string lib = bn::LibraryCallCode(eval, 0, true);
  CHECK(Has(lib, "eps=0.001, momentum=0.2"));
  CHECK(Has(lib, "bn.eval()"));
  CHECK(Has(lib, "training=False, momentum=0.2, eps=0.001)"));
  CHECK(Has(lib, "(y_lib * dy_t).sum().backward()"));
  CHECK(Has(bn::StepTorchCode(eval, "dx", 0, false), "(y_g * dy_t).sum().backward()"));
  CommentsMatchTrace(eval);

  bn::TraceInput k = Batch("x=1,2;3,6;0,1;4,-2&dy=1,0;0.5,-1;2,1;-1,3");
  k.running.convention = bn::MomentumConvention::Keras;
  k.running.momentum = 0.99;
  k.eps = 1e-3;
  const bn::Trace keras = bn::BuildTrace(k);
  CHECK(Has(bn::StepSetupCode(k), "momentum = 0.99  # Keras's convention"));
  CHECK(Has(bn::StepNumpyCode(keras, "running_mean", 0, false), "momentum * running_mean + (1 - momentum) * mean"));
  CHECK(Has(bn::StepNumpyCode(keras, "running_var", 0, false), "(1 - momentum) * var\n"));
  CHECK(Has(bn::LibraryCallCode(keras, 0, false), "eps=0.001, momentum=1 - 0.99"));
  CHECK(Has(bn::LibraryCallCode(keras, 0, false), "unbiased"));
  CommentsMatchTrace(keras);
  // PyTorch's running_var (the library's comment) = bnlab's Keras value + (1 − momentum)·σ²/(m − 1).
  char want[80];
  std::snprintf(want, sizeof want, "bn.running_var[0] = %.6g",
                keras.running_after.var(0, 0) + 0.01 * keras.fwd.var(0, 0) / 3.0);
  CHECK(Has(bn::LibraryCallCode(keras, 0, true), want));
}

TEST_CASE("code export: the notebook runs exactly the code view's texts and embeds bnlab's numbers") {
  const bn::Trace t = bn::BuildTrace(Batch("x=1,2,5;3,6,5;0,1,5;4,-2,5&dy=1,0,2;0.5,-1,1;2,1,0;-1,3,1"));
  const std::string notebook = bn::TraceToNotebook(t, 2);
  const std::vector<std::string> cells = CodeCells(notebook);
  REQUIRE(cells.size() == 2 + 3 * t.steps.size() + 2);
  CHECK(cells[0] == Trimmed(bn::StepSetupCode(t.in)));
  for (size_t k = 0; k < t.steps.size(); ++k) {
    CAPTURE(t.steps[k].key);
    CHECK(cells[2 + 3 * k] == Trimmed(bn::StepCodeView(t, t.steps[k].key, 0, 2, true, true)));
    CHECK(cells[3 + 3 * k] == Trimmed(bn::StepTorchCode(t, t.steps[k].key, 2, true)));
    CHECK(Has(cells[4 + 3 * k], "np.testing.assert_allclose("));
  }
  // The PyTorch view is the step, then the library call: both are cells of the notebook.
  const std::string view = bn::StepCodeView(t, "y", 1, 2, true, true);
  CHECK(view == bn::StepTorchCode(t, "y", 2, true) + "\n" + bn::LibraryCallCode(t, 2, true));
  CHECK(cells[cells.size() - 2] == Trimmed(bn::LibraryCallCode(t, 2, true)));
  CHECK(Has(cells.back(), "x_lib.grad.numpy(), bnlab[\"dx\"], rtol=1e-07, atol=1e-09"));
  // bnlab's numbers: the constant feature's x̂ is 0, its variance 0; dβ exactly.
  CHECK(Has(cells[1], "bnlab[\"var\"] = np.array([2.5, 8.1875, 0], dtype=np.float64)"));
  CHECK(Has(cells[1], "bnlab[\"dbeta\"] = np.array([2.5, 3, 4], dtype=np.float64)"));
}

TEST_CASE("code export: the image lab's one call and statistics per group") {
  bn::ImageLabInput in = bn::DefaultImageLabInput();
  in.backward = true;
  const bn::NormTrace batch = bn::BuildNormTrace(in);
  CHECK(Has(bn::ImageTorchCode(batch, 0, false), "torch.nn.BatchNorm2d(3, eps=1e-05, dtype=torch.float64)"));
  CHECK(Has(bn::ImageTorchCode(batch, 0, false), "(y_t * torch.from_numpy(dy)).sum().backward()"));
  CHECK(Has(bn::ImageNumpyCode(batch, 0, false), "xg = x.transpose(1, 0, 2, 3).reshape(C, -1)"));
  char want[80];
  std::snprintf(want, sizeof want, "mean[1] = %.6g, var[1] = %.6g", batch.fwd.mean[1], batch.fwd.var[1]);
  CHECK(Has(bn::ImageNumpyCode(batch, 1, true), want));
  CHECK(!Has(bn::ImageNumpyCode(batch, 1, false), "mean[1] ="));

  in.backward = false;
  in.eps = 1e-3;
  in.params.variant = bn::NormVariant::Group;
  in.params.groups = 3;
  CHECK(Has(bn::ImageTorchCode(bn::BuildNormTrace(in), 0, false), "F.group_norm(x_t, 3, weight=gamma_t, bias=beta_t, eps=0.001)"));
  in.params.variant = bn::NormVariant::Layer;
  CHECK(Has(bn::ImageTorchCode(bn::BuildNormTrace(in), 0, false), "F.layer_norm(x_t, (3, 4, 4), eps=0.001)"));
  in.params.variant = bn::NormVariant::Instance;
  const bn::NormTrace inst = bn::BuildNormTrace(in);
  CHECK(Has(bn::ImageTorchCode(inst, 0, false), "F.instance_norm(x_t, weight=gamma_t, bias=beta_t, eps=0.001)"));
  std::snprintf(want, sizeof want, "mean[4] = %.6g, var[4] = %.6g", inst.fwd.mean[4], inst.fwd.var[4]);
  CHECK(Has(bn::ImageNumpyCode(inst, 4, true), want));
  const std::vector<std::string> cells = CodeCells(bn::ImageToNotebook(inst));
  REQUIRE(cells.size() == 5);
  CHECK(cells[0] == Trimmed(bn::ImageNumpyCode(inst, 0, true)));
  CHECK(cells[3] == Trimmed(bn::ImageTorchCode(inst, 0, true)));
}

TEST_CASE("code view and share-notebook: hidden values stay hidden; the command saves the notebook and names it") {
  bnlab::AppState app;
  app.host.save_file = CatchFile;
  app.step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(app);
  bnlab::RunCommand(app, "next");
  const int step = app.step_lab.step;
  CHECK(Has(bnlab::StepCodeText(app.step_lab, bnlab::CodeLang::NumPy), "# feature 1: "));
  CHECK(Has(bnlab::StepCodeText(app.step_lab, bnlab::CodeLang::PyTorch), "# feature 1: y_lib[:, 0] = "));
  CHECK(Has(bnlab::StepCodeText(app.step_lab, bnlab::CodeLang::Batch), "eps = 1e-05"));

  g_saved_name.clear();
  const std::string reply = bnlab::RunCommand(app, "share-notebook");
  CHECK(reply == "{\"ok\":true,\"step\":" + std::to_string(step) + ",\"file\":\"bnlab-batch.ipynb\"}");
  CHECK(g_saved_name == "bnlab-batch.ipynb");
  CHECK(g_saved_bytes == bn::TraceToNotebook(app.step_lab.trace, app.step_lab.view.sel_col));

  // An open lesson question hides this step on: no value comment in the code, no library output, no notebook.
  app.step_lab.hidden_from = step;
  const std::string numpy = bnlab::StepCodeText(app.step_lab, bnlab::CodeLang::NumPy);
  CHECK(!numpy.empty());
  CHECK(!Has(numpy, "# feature"));
  CHECK(!Has(bnlab::StepCodeText(app.step_lab, bnlab::CodeLang::PyTorch), "# feature"));
  g_saved_name.clear();
  const std::string refused = bnlab::RunCommand(app, "share-notebook");
  CHECK(Has(refused, "\"ok\":false"));
  CHECK(Has(refused, "answer the open question first"));
  CHECK(g_saved_name.empty());
  app.step_lab.hidden_from = -1;

  // The image lab: its notebook named after the variant; hidden values keep the comments out.
  bnlab::RecomputeImage(app);
  CHECK(Has(bnlab::RunCommand(app, "image:norm=group"), "\"ok\":true"));
  CHECK(bnlab::RunCommand(app, "share-image-notebook").find("\"file\":\"bnlab-image-group.ipynb\"") != std::string::npos);
  CHECK(g_saved_bytes == bn::ImageToNotebook(app.image.trace));
  CHECK(Has(bnlab::ImageCodeText(app.image, bnlab::CodeLang::PyTorch), "F.group_norm("));
  CHECK(Has(bnlab::ImageCodeText(app.image, bnlab::CodeLang::NumPy), "# group 1 ("));
  app.image.hidden_from = 0;
  CHECK(!Has(bnlab::ImageCodeText(app.image, bnlab::CodeLang::NumPy), "# group 1 ("));
  CHECK(Has(bnlab::RunCommand(app, "share-image-notebook"), "\"ok\":false"));

  // Practice mode asks for the step on screen: its value comment, the library's output and the notebook wait.
  CHECK(Has(bnlab::RunCommand(app, "practice:on"), "\"ok\":true"));
  REQUIRE(app.step_lab.practice.session.on);
  CHECK(!Has(bnlab::StepCodeText(app.step_lab, bnlab::CodeLang::NumPy), "# feature"));
  CHECK(!Has(bnlab::StepCodeText(app.step_lab, bnlab::CodeLang::PyTorch), "y_lib[:, 0] ="));
  CHECK(Has(bnlab::StepCodeText(app.step_lab, bnlab::CodeLang::PyTorch), "torch.nn.BatchNorm1d("));
  CHECK(Has(bnlab::RunCommand(app, "share-notebook"), "\"ok\":false"));
  CHECK(Has(bnlab::RunCommand(app, "practice:off"), "\"ok\":true"));
  CHECK(Has(bnlab::StepCodeText(app.step_lab, bnlab::CodeLang::PyTorch), "y_lib[:, 0] ="));

  // code: opens the view on a tab.
  CHECK(Has(bnlab::RunCommand(app, "code:pytorch"), "\"ok\":true"));
  CHECK(app.ui.code_open);
  CHECK(app.ui.code_lang == 1);
  CHECK(Has(bnlab::RunCommand(app, "code:cobol"), "code takes numpy, pytorch, batch or off"));
  CHECK(Has(bnlab::RunCommand(app, "code:off"), "\"ok\":true"));
  CHECK(!app.ui.code_open);
}
