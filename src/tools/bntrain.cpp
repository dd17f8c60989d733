// bntrain: the training lab's experiments without a window, as CSV (one row per logged step and network).
//   bntrain [options]        see --help
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/trainer.hpp"

namespace {

const char* kUsage =
    "usage: bntrain [options]\n"
    "Trains copies of one small network (same weights, same batches) on a 2-D data set and writes CSV:\n"
    "step,network,train_loss,train_acc,test_loss,test_acc, then the experiment's own columns.\n"
    "\n"
    "  --experiment NAME  basic | lr | distributions | noisy | ics | landscape | init | regularization\n"
    "                     (sets the experiment's preset; later options override it)\n"
    "  --dataset NAME     spirals | moons | circles | xor | blobs\n"
    "  --noise X          data noise, 0 to 2\n"
    "  --count N          points in the data set, 8 to 100000\n"
    "  --depth N          hidden layers, 1 to 8\n"
    "  --width N          units per hidden layer, 2 to 64\n"
    "  --activation NAME  sigmoid | tanh | relu\n"
    "  --batch N          mini-batch size, 2 to 1024\n"
    "  --lr X             learning rate (> 0)\n"
    "  --momentum X       SGD momentum in [0, 1)\n"
    "  --init-scale X     initial weight scale (weights ~ N(0, X²/fan_in))\n"
    "  --steps N          SGD steps (default 1000)\n"
    "  --log-every N      log every N steps (default 50)\n"
    "  --seed N           seed for data and weights\n"
    "  --bn MODE          off | on | noisy | all  (which networks; default: the experiment's)\n"
    "  --sweep LIST       comma-separated learning rates (lr) or init scales (init): final losses per value\n"
    "  --out FILE         write the CSV to FILE instead of standard output\n"
    "  --bench            print steps per second for the default lab network and exit\n";

int Fail(const std::string& message) {
  std::fprintf(stderr, "bntrain: %s\n", message.c_str());
  return 2;
}

bool ParseNumber(const char* text, double* out) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

bool ParseWhole(const char* text, long lo, long hi, long* out) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace bn;
  std::vector<ExperimentInfo> presets = Experiments();
  TrainConfig config = presets[0].config;
  std::vector<NormKind> norms = presets[0].norms;
  long steps = 1000, log_every = 50;
  std::string out_path, sweep;
  bool bench = false;
  // The experiment first: its preset is the base the other options change.
  for (int a = 1; a + 1 < argc; ++a)
    if (std::strcmp(argv[a], "--experiment") == 0) {
      Experiment e;
      if (!ParseExperiment(argv[a + 1], &e)) return Fail(std::string("--experiment: unknown experiment '") + argv[a + 1] + "'");
      for (const ExperimentInfo& p : presets)
        if (p.experiment == e) {
          config = p.config;
          norms = p.norms;
        }
    }
  for (int a = 1; a < argc; ++a) {
    const std::string opt = argv[a];
    if (opt == "--help" || opt == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (opt == "--bench") {
      bench = true;
      continue;
    }
    if (a + 1 >= argc) return Fail(opt + " needs a value (see --help)");
    const char* v = argv[++a];
    double x = 0;
    long n = 0;
    if (opt == "--experiment") {
      continue;  // handled above
    } else if (opt == "--dataset") {
      if (!ParseDatasetKind(v, &config.data.kind)) return Fail(std::string("--dataset: unknown data set '") + v + "'");
    } else if (opt == "--noise") {
      if (!ParseNumber(v, &x) || x < 0 || x > 2) return Fail("--noise: expected a number from 0 to 2");
      config.data.noise = x;
    } else if (opt == "--count") {
      if (!ParseWhole(v, 8, 100000, &n)) return Fail("--count: expected a whole number from 8 to 100000");
      config.data.count = static_cast<int>(n);
    } else if (opt == "--depth") {
      if (!ParseWhole(v, 1, 8, &n)) return Fail("--depth: expected a whole number from 1 to 8");
      config.net.depth = static_cast<int>(n);
    } else if (opt == "--width") {
      if (!ParseWhole(v, 2, 64, &n)) return Fail("--width: expected a whole number from 2 to 64");
      config.net.width = static_cast<int>(n);
    } else if (opt == "--activation") {
      if (!ParseActivation(v, &config.net.activation)) return Fail(std::string("--activation: unknown '") + v + "'");
    } else if (opt == "--batch") {
      if (!ParseWhole(v, 2, 1024, &n)) return Fail("--batch: expected a whole number from 2 to 1024");
      config.batch = static_cast<int>(n);
    } else if (opt == "--lr") {
      if (!ParseNumber(v, &x) || x <= 0 || x > 1000) return Fail("--lr: expected a number in (0, 1000]");
      config.lr = x;
    } else if (opt == "--momentum") {
      if (!ParseNumber(v, &x) || x < 0 || x >= 1) return Fail("--momentum: expected a number in [0, 1)");
      config.momentum = x;
    } else if (opt == "--init-scale") {
      if (!ParseNumber(v, &x) || x <= 0 || x > 100) return Fail("--init-scale: expected a number in (0, 100]");
      config.net.init_scale = x;
    } else if (opt == "--steps") {
      if (!ParseWhole(v, 0, 10000000, &steps)) return Fail("--steps: expected a whole number from 0 to 10000000");
    } else if (opt == "--log-every") {
      if (!ParseWhole(v, 1, 10000000, &log_every)) return Fail("--log-every: expected a whole number from 1");
    } else if (opt == "--seed") {
      if (!ParseWhole(v, 0, 2147483647, &n)) return Fail("--seed: expected a whole number from 0");
      config.data.seed = config.net.seed = static_cast<uint64_t>(n);
    } else if (opt == "--bn") {
      const std::string m = v;
      if (m == "off") norms = {NormKind::None};
      else if (m == "on") norms = {NormKind::Batch};
      else if (m == "noisy") norms = {NormKind::Noisy};
      else if (m == "all") norms = {NormKind::None, NormKind::Batch, NormKind::Noisy};
      else return Fail("--bn: expected off, on, noisy or all");
    } else if (opt == "--sweep") {
      sweep = v;
    } else if (opt == "--out") {
      out_path = v;
    } else {
      return Fail("unknown option '" + opt + "' (see --help)");
    }
  }
  FILE* out = stdout;
  if (!out_path.empty() && !bench) {
    out = std::fopen(out_path.c_str(), "w");
    if (out == nullptr) return Fail("--out: cannot write '" + out_path + "'");
  }
  try {
    if (bench) {
      TrainConfig c = presets[0].config;
      Trainer t(c, {NormKind::None, NormKind::Batch});
      t.Step(50);  // warm up
      const int n_steps = 4000;
      const auto t0 = std::clock();
      t.Step(n_steps);
      const double seconds = double(std::clock() - t0) / CLOCKS_PER_SEC;
      std::printf("default lab network (%s, %d×%d %s, batch %d), plain + BN in lockstep: %.0f steps/s "
                  "(%.0f network-steps/s)\n", DatasetName(c.data.kind), c.net.depth, c.net.width,
                  ActivationName(c.net.activation), c.batch, n_steps / seconds, 2 * n_steps / seconds);
      return 0;
    }
    if (!sweep.empty()) {
      std::vector<double> values;
      size_t start = 0;
      while (start <= sweep.size()) {
        const size_t comma = sweep.find(',', start);
        const std::string item = sweep.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        double x = 0;
        if (!ParseNumber(item.c_str(), &x) || x <= 0) return Fail("--sweep: '" + item + "' is not a positive number");
        values.push_back(x);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      const bool init = config.experiment == Experiment::Init;
      const auto result = RunSweep(config, norms, values, init, static_cast<int>(steps));
      std::fprintf(out, "%s,network,final_train_loss\n", init ? "init_scale" : "lr");
      for (size_t v = 0; v < values.size(); ++v)
        for (size_t r = 0; r < norms.size(); ++r)
          std::fprintf(out, "%g,%s,%.6g\n", values[v], NormName(norms[r]), result[v][r]);
      if (out != stdout) std::fclose(out);
      return 0;
    }
    Trainer t(config, norms);
    std::fprintf(out, "step,network,train_loss,train_acc,test_loss,test_acc");
    const Experiment e = config.experiment;
    if (e == Experiment::Distributions || e == Experiment::Noisy) std::fprintf(out, ",p15,p50,p85");
    if (e == Experiment::CovariateShift) std::fprintf(out, ",grad_l2_change,grad_cosine");
    if (e == Experiment::Landscape) std::fprintf(out, ",loss_range,grad_predictiveness,beta_smoothness");
    std::fprintf(out, "\n");
    auto write_rows = [&]() {
      for (const Run& r : t.runs()) {
        if (r.log.empty() || r.log.back().step != t.step()) continue;  // diverged: no more rows
        const LogRow& row = r.log.back();
        std::fprintf(out, "%d,%s,%.6g,%.4g,%.6g,%.4g", row.step, NormName(r.norm), row.train_loss, row.train_acc,
                     row.test_loss, row.test_acc);
        if (e == Experiment::Distributions || e == Experiment::Noisy) std::fprintf(out, ",%.5g,%.5g,%.5g", row.p15, row.p50, row.p85);
        if (e == Experiment::CovariateShift) std::fprintf(out, ",%.5g,%.5g", row.ics_l2, row.ics_cos);
        if (e == Experiment::Landscape) std::fprintf(out, ",%.5g,%.5g,%.5g", row.loss_range, row.grad_pred, row.beta_smooth);
        std::fprintf(out, "\n");
      }
    };
    t.Log();
    write_rows();
    for (long s = 0; s < steps; s += log_every) {
      t.Step(static_cast<int>(std::min(log_every, steps - s)));
      t.Log();
      write_rows();
    }
    for (const Run& r : t.runs())
      if (r.diverged) std::fprintf(stderr, "bntrain: %s diverged at step %d\n", NormName(r.norm), r.diverged_at);
  } catch (const std::invalid_argument& err) {
    return Fail(err.what());
  }
  if (out != stdout) std::fclose(out);
  return 0;
}
