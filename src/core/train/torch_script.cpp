// torch_script.cpp: TorchTrainingScript, TrainerBatchIndices.
#include "core/train/torch_script.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

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
  if (options.steps < 1) throw std::invalid_argument("the script needs at least one step");
  if (options.log_every < 1) throw std::invalid_argument("log_every must be at least 1");
  const TrainConfig& c = trainer.config();
  const Dataset& data = trainer.data();
  std::vector<std::string> names;
  bool noisy_left_out = false;
  for (const Run& r : trainer.runs()) {
    if (r.norm == NormKind::Noisy) noisy_left_out = true;
    else names.push_back(NormName(r.norm));
  }
  if (names.empty()) throw std::invalid_argument("the script has plain and BN networks only (noisy BN is left out)");

  // The starting weights: Mlp draws them from net.seed alone, the same for every NormKind.
  const Mlp<float> start(c.net);
  const int n_train = static_cast<int>(data.train_x.rows());
  const std::vector<int> batches = TrainerBatchIndices(c, n_train, options.steps);

  std::string s;
  s += "#!/usr/bin/env python3\n";
  s += "# The training lab of bnlab as a PyTorch script: the same networks, starting weights, data and\n";
  s += "# mini-batches as the lab, trained with the lab's settings. Run:  python3 THIS_FILE [STEPS] [--float64]\n";
  s += "# It prints the curves as CSV, as bnlab's `bntrain` writes them and the lab draws them:\n";
  s += "#   step,network,train_loss,train_acc,test_loss,test_acc\n";
  s += "# measured in eval mode (BN with its running statistics) on the whole training and test sets,\n";
  s += "# at step 0 and every LOG_EVERY steps. float32 throughout, like bnlab; the sums run in another order,\n";
  s += "# so the losses agree with bnlab's to about 1e-6 at first; training feeds the rounding back into the\n";
  s += "# weights, and where training is unstable it grows. --float64 trains in double precision: how far\n";
  s += "# that run is from the float32 one shows how much of any difference is float32 rounding.\n";
  if (noisy_left_out)
    s += "# The lab also trains a noisy-BN network; it is left out here (its noise comes from bnlab's own\n"
         "# random generator).\n";
  s += "import math\nimport sys\n\nimport torch\nfrom torch import nn\nimport torch.nn.functional as F\n\n";
  s += "torch.set_num_threads(1)  # small networks: one thread is fastest, and the sums keep one order\n\n";
  s += "# ---- The lab's settings\n";
  s += "DEPTH = " + std::to_string(c.net.depth) + "          # hidden layers\n";
  s += "WIDTH = " + std::to_string(c.net.width) + "         # units per hidden layer\n";
  s += std::string("ACTIVATION = ") + TorchActivation(c.net.activation) + "\n";
  s += "INIT_SCALE = " + D(c.net.init_scale) + "  # weights were drawn ~ N(0, INIT_SCALE^2 / fan_in), biases 0\n";
  s += "BATCH = " + std::to_string(c.batch) + "         # mini-batch size (drawn with replacement)\n";
  s += "LR = " + D(c.lr) + "\n";
  s += "MOMENTUM = " + D(c.momentum) + "  # SGD: v = MOMENTUM*v + grad; w = w - LR*v (torch.optim.SGD's rule)\n";
  s += "BN_EPS = " + D(c.net.bn_eps) + "\n";
  s += "BN_MOMENTUM = " + D(c.net.bn_momentum) +
       "  # running = (1 - m)*running + m*batch statistic (unbiased variance)\n";
  s += "STEPS = " + std::to_string(options.steps) + "\n";
  s += "LOG_EVERY = " + std::to_string(options.log_every) + "\n";
  s += "DIVERGED_LOSS = 100.0  # bnlab stops a network whose batch loss is not finite or above this\n";
  s += "NETWORKS = [";
  for (size_t k = 0; k < names.size(); ++k) s += (k ? ", \"" : "\"") + names[k] + "\"";
  s += "]  # plain: Linear with bias; bn: Linear without bias, then BatchNorm1d (its beta replaces the bias)\n\n";

  s += "# ---- The data (" + std::to_string(n_train) + " training and " + std::to_string(data.test_x.rows()) +
       " test points: x, y and the class 0 or 1)\n";
  s += "TRAIN_X = " + MatrixText(data.train_x, "    ") + "\n";
  s += "TRAIN_Y = " + LabelsText(data.train_y) + "\n";
  s += "TEST_X = " + MatrixText(data.test_x, "    ") + "\n";
  s += "TEST_Y = " + LabelsText(data.test_y) + "\n\n";

  s += "# ---- The starting weights, as bnlab stores them: fan_in x fan_out (z = x @ W), hidden layers in\n";
  s += "# order, then the output layer. nn.Linear keeps the transpose. Biases, BN's beta: 0; BN's gamma: 1.\n";
  s += "WEIGHTS = [\n";
  for (const auto& l : start.hidden()) s += "    " + MatrixText(l.w, "     ") + ",\n";
  s += "    " + MatrixText(start.output().w, "     ") + ",\n]\n\n";

  s += "# ---- The mini-batches: step s (from 1) trains on the training points BATCHES[s - 1]\n";
  s += "BATCHES = [\n";
  for (int step = 0; step < options.steps; ++step) {
    s += "    [";
    for (int i = 0; i < c.batch; ++i)
      s += (i ? "," : "") + std::to_string(batches[static_cast<size_t>(step) * c.batch + i]);
    s += "],\n";
  }
  s += "]\n\n";

  s += R"PY(
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
    """Loss (mean softmax cross-entropy) and accuracy in eval mode: BN uses its running statistics."""
    net.eval()
    with torch.no_grad():
        logits = net(x)
        loss = F.cross_entropy(logits, y)
        p = torch.softmax(logits, dim=1)
        acc = ((p[:, 1] > p[:, 0]) == (y == 1)).sum().float() / len(y)
    net.train()
    return loss.item(), acc.item()


DTYPE = torch.float32  # bnlab's precision


def main():
    global DTYPE
    args = [a for a in sys.argv[1:] if a != "--float64"]
    if len(args) < len(sys.argv) - 1:
        DTYPE = torch.float64
        torch.set_default_dtype(DTYPE)  # the layers' parameters and buffers too
    steps = int(args[0]) if args else STEPS
    if not 0 <= steps <= STEPS:
        sys.exit("steps: 0 to %d (the batches embedded here)" % STEPS)
    train_x = torch.tensor(TRAIN_X, dtype=DTYPE)  # the float32 values of the lab, exactly
    train_y = torch.tensor(TRAIN_Y, dtype=torch.long)
    test_x = torch.tensor(TEST_X, dtype=DTYPE)
    test_y = torch.tensor(TEST_Y, dtype=torch.long)
    nets = [make_network(kind) for kind in NETWORKS]
    optimizers = [torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM) for net in nets]
    diverged = [False] * len(nets)

    def log(step):
        for kind, net, gone in zip(NETWORKS, nets, diverged):
            if gone:
                continue  # its curve ends where it diverged
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
            loss = F.cross_entropy(net(xb), yb)  # train mode: BN normalizes by the batch, updates running stats
            if not math.isfinite(loss.item()) or loss.item() > DIVERGED_LOSS:
                diverged[k] = True
                print("# %s diverged at step %d" % (NETWORKS[k], step), file=sys.stderr)
                continue
            opt.zero_grad()
            loss.backward()
            opt.step()
            if not all(torch.isfinite(p).all() for p in net.parameters()):
                diverged[k] = True
                print("# %s diverged at step %d" % (NETWORKS[k], step), file=sys.stderr)
        if step % LOG_EVERY == 0 or step == steps:
            log(step)


if __name__ == "__main__":
    main()
)PY";
  return s;
}

}  // namespace bn
