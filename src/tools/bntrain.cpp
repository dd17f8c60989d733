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

#include "core/train/network_json.hpp"
#include "core/train/own_data.hpp"
#include "core/train/torch_script.hpp"
#include "core/train/trainer.hpp"

namespace {

const char* kUsage =
    "usage: bntrain [options]\n"
    "Trains copies of one small network (same weights, same batches) on a 2-D data set and writes CSV:\n"
    "step,network,train_loss,train_acc,test_loss,test_acc, then the experiment's own columns.\n"
    "\n"
    "  --experiment NAME  basic | lr | distributions | noisy | ics | landscape | init | regularization\n"
    "                     (sets the experiment's preset; later options override it)\n"
    "  --dataset NAME     spirals | moons | circles | xor | blobs\n"
    "  --data-csv FILE    train on your own points instead: lines x,y,label (label 0 or 1, header optional,\n"
    "                     8 to 1000 points), split by --test-fraction and --seed\n"
    "  --noise X          data noise, 0 to 2\n"
    "  --count N          points in the data set, 8 to 100000\n"
    "  --test-fraction X  share of the points held out for testing, in (0, 1) (default 0.3)\n"
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
    "  --watch-layer N    hidden layer watched by distributions, noisy and ics, 1 to depth\n"
    "                     (default: the experiment's, or the last layer if the network is shallower)\n"
    "  --watch-unit N     unit watched by distributions and noisy, 1 to width (default 1)\n"
    "  --sweep LIST       comma-separated learning rates (lr) or init scales (init): final losses per value\n"
    "  --out FILE         write the CSV to FILE instead of standard output\n"
    "  --save FILE        after training, write the trained networks as JSON to FILE (the lab's\n"
    "                     Share > Import network opens it; the format is in src/core/train/network_json.hpp)\n"
    "  --script FILE      also write the run as a self-contained PyTorch script to FILE: the same plain and BN\n"
    "                     networks, starting weights, data and batches, trained --steps steps; it prints this\n"
    "                     CSV's first six columns (noisy BN is left out)\n"
    "  --bench            print steps per second for the default lab network and exit\n"
    "\n"
    "Extra columns: distributions, noisy: p15,p50,p85 (the watched unit's input to its nonlinearity over the\n"
    "last batch); ics: grad_l2_change,grad_cosine; landscape: loss_range,grad_change,beta_smoothness\n"
    "(grad_change: the largest gradient change along the step; smaller = more predictive, Santurkar et al.);\n"
    "regularization: loss_gap,acc_gap (test − train loss, train − test accuracy). Exit status 2 on a bad option.\n";

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
  std::string out_path, sweep, save_path, csv_path, script_path;
  bool bench = false, watch_layer_set = false, watch_unit_set = false;
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
    } else if (opt == "--test-fraction") {
      if (!ParseNumber(v, &x) || x <= 0 || x >= 1) return Fail("--test-fraction: expected a number between 0 and 1");
      config.data.test_fraction = x;
    } else if (opt == "--watch-layer") {
      if (!ParseWhole(v, 1, 8, &n)) return Fail("--watch-layer: expected a whole number from 1 to the depth");
      config.watch_layer = static_cast<int>(n) - 1;
      watch_layer_set = true;
    } else if (opt == "--watch-unit") {
      if (!ParseWhole(v, 1, 64, &n)) return Fail("--watch-unit: expected a whole number from 1 to the width");
      config.watch_unit = static_cast<int>(n) - 1;
      watch_unit_set = true;
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
    } else if (opt == "--data-csv") {
      csv_path = v;
    } else if (opt == "--save") {
      save_path = v;
    } else if (opt == "--script") {
      script_path = v;
    } else {
      return Fail("unknown option '" + opt + "' (see --help)");
    }
  }
  // Settings that depend on one another: checked here so that the message names the option.
  if (config.watch_layer >= config.net.depth) {
    if (watch_layer_set) return Fail("--watch-layer: the network has only " + std::to_string(config.net.depth) + " hidden layers");
    config.watch_layer = config.net.depth - 1;  // the preset watched its last layer: keep watching the last one
  }
  if (config.watch_unit >= config.net.width) {
    if (watch_unit_set) return Fail("--watch-unit: the layers have only " + std::to_string(config.net.width) + " units");
    config.watch_unit = 0;
  }
  Dataset own;
  if (!csv_path.empty()) {
    if (!sweep.empty()) return Fail("--data-csv: not with --sweep");
    FILE* f = std::fopen(csv_path.c_str(), "rb");
    if (f == nullptr) return Fail("--data-csv: cannot read '" + csv_path + "'");
    std::string text;
    char buf[1 << 16];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() < (1u << 24)) text.append(buf, got);
    std::fclose(f);
    std::vector<OwnPoint> points;
    std::string why;
    if (!ParsePointsCsv(text, &points, &why)) return Fail(csv_path + ": " + why);
    own = SplitOwnData(points, config.data.test_fraction, config.data.seed);
    const long n_train = own.train_x.rows();
    if (config.batch > n_train)
      return Fail("--batch: " + std::to_string(config.batch) + " is more than the " + std::to_string(n_train) +
                  " training points of " + csv_path);
  }
  try {
    const long n_train = csv_path.empty() ? MakeDataset(config.data).train_x.rows() : config.batch;
    if (config.batch > n_train)
      return Fail("--batch: " + std::to_string(config.batch) + " is more than the " + std::to_string(n_train) +
                  " training points (see --count, --test-fraction)");
  } catch (const std::invalid_argument& err) {
    return Fail(std::string("data set: ") + err.what());
  }
  FILE* save = nullptr;
  if (!save_path.empty()) {
    if (bench || !sweep.empty()) return Fail("--save: only with a training run (not with --bench or --sweep)");
    save = std::fopen(save_path.c_str(), "w");  // opened now: a bad path fails before training
    if (save == nullptr) return Fail("--save: cannot write '" + save_path + "'");
  }
  if (!script_path.empty() && (bench || !sweep.empty()))
    return Fail("--script: only with a training run (not with --bench or --sweep)");
  FILE* out = stdout;
  if (!out_path.empty() && !bench) {
    out = std::fopen(out_path.c_str(), "w");
    if (out == nullptr) return Fail("--out: cannot write '" + out_path + "'");
  }
  try {
    if (bench) {
      // CPU time per lockstep step (every network takes one SGD step on the same batch), no logging.
      const TrainConfig c = presets[0].config;
      auto steps_per_second = [&](const std::vector<NormKind>& nets) {
        Trainer t(c, nets);
        t.Step(50);  // warm up
        const int n_steps = 4000;
        const auto t0 = std::clock();
        t.Step(n_steps);
        return n_steps / (double(std::clock() - t0) / CLOCKS_PER_SEC);
      };
      std::printf("default lab network: %s, %d×%d %s, batch %d (SGD steps per second, one core)\n",
                  DatasetName(c.data.kind), c.net.depth, c.net.width, ActivationName(c.net.activation), c.batch);
      std::printf("  plain alone        %8.0f steps/s\n", steps_per_second({NormKind::None}));
      std::printf("  bn alone           %8.0f steps/s\n", steps_per_second({NormKind::Batch}));
      std::printf("  noisy alone        %8.0f steps/s\n", steps_per_second({NormKind::Noisy}));
      std::printf("  plain + bn         %8.0f steps/s (the lab's default pair)\n",
                  steps_per_second({NormKind::None, NormKind::Batch}));
      std::printf("  plain + bn + noisy %8.0f steps/s\n",
                  steps_per_second({NormKind::None, NormKind::Batch, NormKind::Noisy}));
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
    Trainer t = csv_path.empty() ? Trainer(config, norms) : Trainer(config, norms, own);
    if (!script_path.empty()) {
      if (steps < 1) return Fail("--script: needs --steps of at least 1");
      if (steps > 1000000) return Fail("--script: at most 1000000 steps (their batches are embedded)");
      TorchScriptOptions so;
      so.steps = static_cast<int>(steps);
      so.log_every = static_cast<int>(std::min(log_every, steps));
      const std::string py = TorchTrainingScript(t, so);
      FILE* f = std::fopen(script_path.c_str(), "w");
      if (f == nullptr) return Fail("--script: cannot write '" + script_path + "'");
      const bool ok = std::fwrite(py.data(), 1, py.size(), f) == py.size();
      if (std::fclose(f) != 0 || !ok) {
        std::fprintf(stderr, "bntrain: --script: writing '%s' failed\n", script_path.c_str());
        return 1;
      }
    }
    std::fprintf(out, "step,network,train_loss,train_acc,test_loss,test_acc");
    const Experiment e = config.experiment;
    if (e == Experiment::Distributions || e == Experiment::Noisy) std::fprintf(out, ",p15,p50,p85");
    if (e == Experiment::CovariateShift) std::fprintf(out, ",grad_l2_change,grad_cosine");
    if (e == Experiment::Landscape) std::fprintf(out, ",loss_range,grad_change,beta_smoothness");
    if (e == Experiment::Regularization) std::fprintf(out, ",loss_gap,acc_gap");
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
        if (e == Experiment::Regularization)
          std::fprintf(out, ",%.5g,%.4g", row.test_loss - row.train_loss, row.train_acc - row.test_acc);
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
    if (save != nullptr) {
      std::vector<const Mlp<float>*> nets;
      for (const Run& r : t.runs()) nets.push_back(&r.net);
      const std::string json = NetworksToJson(nets, t.step(), csv_path.empty() ? DatasetName(config.data.kind) : "own");
      const bool ok = std::fwrite(json.data(), 1, json.size(), save) == json.size();
      if (std::fclose(save) != 0 || !ok) {
        std::fprintf(stderr, "bntrain: --save: writing '%s' failed\n", save_path.c_str());
        return 1;
      }
    }
  } catch (const std::invalid_argument& err) {
    return Fail(err.what());
  } catch (const std::exception& err) {  // e.g. out of memory: not a bad option
    std::fprintf(stderr, "bntrain: %s\n", err.what());
    return 1;
  }
  if (out != stdout) std::fclose(out);
  return 0;
}
