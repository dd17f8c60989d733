// torch_script.cpp: TorchTrainingScript, TrainerBatchIndices.
// The script's comments, docstring and messages are the catalogs' script.* texts in the current language (the
// code, its names and the CSV it prints are the same in every language).
#include "core/train/torch_script.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "core/i18n/current.hpp"

namespace bn {
namespace {

// A float32 as 9 significant digits: the nearest float32 to that decimal is the float again (a 9-digit
// decimal is far closer to the float than half its spacing, so parsing through a double is exact too).
std::string F(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  return buf;
}

// A double as its shortest text of 15 to 17 digits that reads back the same (0.1, not 0.10000000000000001).
std::string D(double v) {
  char buf[40];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// [[a, b], [c, d], ...] of a row-major float matrix, one row per line after the first.
template <typename M>
std::string MatrixText(const M& m, const std::string& indent) {
  std::string s = "[";
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    if (i > 0) s += ",\n" + indent;
    s += "[";
    for (Eigen::Index j = 0; j < m.cols(); ++j) s += (j ? ", " : "") + F(m(i, j));
    s += "]";
  }
  return s + "]";
}

std::string LabelsText(const Eigen::VectorXi& y) {
  std::string s = "[";
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    if (i > 0) s += (i % 40 == 0) ? ",\n    " : ", ";
    s += std::to_string(y(i));
  }
  return s + "]";
}

// A catalog text as Python comment lines: "# " before each of its lines (a text may hold several).
std::string CommentLines(const std::string& text) {
  std::string s = "# ";
  for (char c : text) s += c == '\n' ? std::string("\n# ") : std::string(1, c);
  return s + "\n";
}
std::string Note(const std::string& text) { return "  # " + text + "\n"; }

// A catalog text inside a Python "..." % (...) format string: " and \ escaped, % doubled, then each {name}
// becomes its printf conversion ("%d", "%s").
std::string PercentString(const std::string& text, const FormatArgs& conversions) {
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
    if (c == '%') escaped += '%';
  }
  return Format(escaped, conversions);
}

const char* TorchActivation(Activation a) {
  switch (a) {
    case Activation::Sigmoid: return "nn.Sigmoid";
    case Activation::Tanh: return "nn.Tanh";
    case Activation::Relu: return "nn.ReLU";
  }
  return "?";
}

}  // namespace

std::vector<int> TrainerBatchIndices(const TrainConfig& config, int train_rows, int steps) {
  // Trainer::DrawBatch: batch_rng_ = Rng(batch_seed), config.batch draws of Below(train rows) per step.
  Rng rng(config.batch_seed);
  std::vector<int> idx(static_cast<size_t>(steps) * static_cast<size_t>(config.batch));
  for (int& k : idx) k = rng.Below(train_rows);
  return idx;
}

std::string TorchTrainingScript(const Trainer& trainer, const TorchScriptOptions& options) {
  if (options.steps < 1) throw std::invalid_argument(Tr("script.error.steps"));
  if (options.log_every < 1) throw std::invalid_argument(Tr("script.error.log_every"));
  const TrainConfig& c = trainer.config();
  const Dataset& data = trainer.data();
  std::vector<std::string> names;
  bool noisy_left_out = false;
  for (const Run& r : trainer.runs()) {
    if (r.norm == NormKind::Noisy) noisy_left_out = true;
    else names.push_back(NormName(r.norm));
  }
  if (names.empty()) throw std::invalid_argument(Tr("script.error.networks"));

  // The starting weights: Mlp draws them from net.seed alone, the same for every NormKind.
  const Mlp<float> start(c.net);
  const int n_train = static_cast<int>(data.train_x.rows());
  const std::vector<int> batches = TrainerBatchIndices(c, n_train, options.steps);

  std::string s;
  s += "#!/usr/bin/env python3\n";
  s += CommentLines(Tr("script.intro"));
  s += "#   step,network,train_loss,train_acc,test_loss,test_acc\n";
  s += CommentLines(Tr("script.measured"));
  if (noisy_left_out) s += CommentLines(Tr("script.noisy"));
  s += "import math\nimport sys\n\nimport torch\nfrom torch import nn\nimport torch.nn.functional as F\n\n";
  s += "torch.set_num_threads(1)" + Note(Tr("script.threads")) + "\n";
  s += CommentLines("---- " + Tr("script.settings"));
  s += "DEPTH = " + std::to_string(c.net.depth) + "        " + Note(Tr("script.depth"));
  s += "WIDTH = " + std::to_string(c.net.width) + "       " + Note(Tr("script.width"));
  s += std::string("ACTIVATION = ") + TorchActivation(c.net.activation) + "\n";
  s += "INIT_SCALE = " + D(c.net.init_scale) + Note(Tr("script.init_scale"));
  s += "BATCH = " + std::to_string(c.batch) + "       " + Note(Tr("script.batch"));
  s += "LR = " + D(c.lr) + "\n";
  s += "MOMENTUM = " + D(c.momentum) + Note(Tr("script.momentum"));
  s += "BN_EPS = " + D(c.net.bn_eps) + "\n";
  s += "BN_MOMENTUM = " + D(c.net.bn_momentum) + Note(Tr("script.bn_momentum"));
  s += "STEPS = " + std::to_string(options.steps) + "\n";
  s += "LOG_EVERY = " + std::to_string(options.log_every) + "\n";
  s += "DIVERGED_LOSS = 100.0" + Note(Tr("script.diverged_loss"));
  s += "NETWORKS = [";
  for (size_t k = 0; k < names.size(); ++k) s += (k ? ", \"" : "\"") + names[k] + "\"";
  s += "]" + Note(Tr("script.networks")) + "\n";

  s += CommentLines("---- " + Tr("script.data", {{"train", std::to_string(n_train)},
                                                 {"test", std::to_string(data.test_x.rows())}}));
  s += "TRAIN_X = " + MatrixText(data.train_x, "    ") + "\n";
  s += "TRAIN_Y = " + LabelsText(data.train_y) + "\n";
  s += "TEST_X = " + MatrixText(data.test_x, "    ") + "\n";
  s += "TEST_Y = " + LabelsText(data.test_y) + "\n\n";

  s += CommentLines("---- " + Tr("script.weights"));
  s += "WEIGHTS = [\n";
  for (const auto& l : start.hidden()) s += "    " + MatrixText(l.w, "     ") + ",\n";
  s += "    " + MatrixText(start.output().w, "     ") + ",\n]\n\n";

  s += CommentLines("---- " + Tr("script.batches"));
  s += "BATCHES = [\n";
  for (int step = 0; step < options.steps; ++step) {
    s += "    [";
    for (int i = 0; i < c.batch; ++i)
      s += (i ? "," : "") + std::to_string(batches[static_cast<size_t>(step) * c.batch + i]);
    s += "],\n";
  }
  s += "]\n\n";

  // The code below is the same in every language; its comments, docstring and messages are {placeholders}.
  const std::string code = R"PY(
def make_network(kind):
    layers, fan_in = [], 2
    for _ in range(DEPTH):
        layers.append(nn.Linear(fan_in, WIDTH, bias=(kind == "plain")))
        if kind == "bn":
            layers.append(nn.BatchNorm1d(WIDTH, eps=BN_EPS, momentum=BN_MOMENTUM))
        layers.append(ACTIVATION())
        fan_in = WIDTH
    layers.append(nn.Linear(fan_in, 2))
    net = nn.Sequential(*layers)
    linears = [m for m in net if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for linear, w in zip(linears, WEIGHTS):
            linear.weight.copy_(torch.tensor(w, dtype=DTYPE).T)
            if linear.bias is not None:
                linear.bias.zero_()
    return net


def evaluate(net, x, y):
    """{evaluate_doc}"""
    net.eval()
    with torch.no_grad():
        logits = net(x)
        loss = F.cross_entropy(logits, y)
        p = torch.softmax(logits, dim=1)
        acc = ((p[:, 1] > p[:, 0]) == (y == 1)).sum().float() / len(y)
    net.train()
    return loss.item(), acc.item()


DTYPE = torch.float32  # {dtype}


def main():
    global DTYPE
    args = [a for a in sys.argv[1:] if a != "--float64"]
    if len(args) < len(sys.argv) - 1:
        DTYPE = torch.float64
        torch.set_default_dtype(DTYPE)  # {default_dtype}
    steps = int(args[0]) if args else STEPS
    if not 0 <= steps <= STEPS:
        sys.exit("{steps_range}" % STEPS)
    train_x = torch.tensor(TRAIN_X, dtype=DTYPE)  # {exact}
    train_y = torch.tensor(TRAIN_Y, dtype=torch.long)
    test_x = torch.tensor(TEST_X, dtype=DTYPE)
    test_y = torch.tensor(TEST_Y, dtype=torch.long)
    nets = [make_network(kind) for kind in NETWORKS]
    optimizers = [torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM) for net in nets]
    diverged = [False] * len(nets)

    def log(step):
        for kind, net, gone in zip(NETWORKS, nets, diverged):
            if gone:
                continue  # {curve_ends}
            train_loss, train_acc = evaluate(net, train_x, train_y)
            test_loss, test_acc = evaluate(net, test_x, test_y)
            print("%d,%s,%.9g,%.9g,%.9g,%.9g" % (step, kind, train_loss, train_acc, test_loss, test_acc))

    print("step,network,train_loss,train_acc,test_loss,test_acc")
    log(0)
    for step in range(1, steps + 1):
        rows = torch.tensor(BATCHES[step - 1], dtype=torch.long)
        xb, yb = train_x[rows], train_y[rows]
        for k, (net, opt) in enumerate(zip(nets, optimizers)):
            if diverged[k]:
                continue
            loss = F.cross_entropy(net(xb), yb)  # {train_mode}
            if not math.isfinite(loss.item()) or loss.item() > DIVERGED_LOSS:
                diverged[k] = True
                print("# {diverged}" % (NETWORKS[k], step), file=sys.stderr)
                continue
            opt.zero_grad()
            loss.backward()
            opt.step()
            if not all(torch.isfinite(p).all() for p in net.parameters()):
                diverged[k] = True
                print("# {diverged}" % (NETWORKS[k], step), file=sys.stderr)
        if step % LOG_EVERY == 0 or step == steps:
            log(step)


if __name__ == "__main__":
    main()
)PY";
  s += Format(code, {{"evaluate_doc", Tr("script.evaluate_doc")},
                     {"dtype", Tr("script.dtype")},
                     {"default_dtype", Tr("script.default_dtype")},
                     {"steps_range", PercentString(Tr("script.steps_range"), {{"max", "%d"}})},
                     {"exact", Tr("script.exact")},
                     {"curve_ends", Tr("script.curve_ends")},
                     {"train_mode", Tr("script.train_mode")},
                     {"diverged", PercentString(Tr("script.diverged"), {{"network", "%s"}, {"step", "%d"}})}});
  return s;
}

}  // namespace bn
