// bntrain: the training lab's experiments without a window, as CSV (one row per logged step and network).
//   bntrain [options]        see --help
//
// Index
//   Usage          --help: the settings table's options (core/train/train_settings.hpp) between bntrain's own
//   Options        ParseOptions (the experiment first, then each option), CheckOptions (settings that depend on
//                  one another, the CSV data)
//   Bench, Sweep, Train   the three runs; main picks one
#include <algorithm>
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
#include "core/train/train_settings.hpp"
#include "core/train/trainer.hpp"

namespace {

using namespace bn;

const char* kUsageHead =
    "usage: bntrain [options]\n"
    "Trains copies of one small network (same weights, same batches) on a 2-D data set and writes CSV:\n"
    "step,network,train_loss,train_acc,test_loss,test_acc, then the experiment's own columns.\n"
    "\n"
    "  --experiment NAME  basic | lr | distributions | noisy | ics | landscape | init | regularization\n"
    "                     (sets the experiment's preset; later options override it)\n"
    "  --dataset NAME     spirals | moons | circles | xor | blobs\n"
    "  --data-csv FILE    train on your own points instead: lines x,y,label (label 0 or 1, header optional,\n"
    "                     8 to 1000 points), split by --test-fraction and --seed\n"
    "  --activation NAME  sigmoid | tanh | relu\n";
// Then one line per row of the settings table (the lab's ranges), then:
const char* kUsageTail =
    "  --steps N          SGD steps (default 1000)\n"
    "  --log-every N      log every N steps (default 50)\n"
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
    "Defaults are the basic experiment's; --experiment sets its own.\n"
    "Extra columns: distributions, noisy: p15,p50,p85 (the watched unit's input to its nonlinearity over the\n"
    "last batch); ics: grad_l2_change,grad_cosine; landscape: loss_range,grad_change,beta_smoothness\n"
    "(grad_change: the largest gradient change along the step; smaller = more predictive, Santurkar et al.);\n"
    "regularization: loss_gap,acc_gap (test − train loss, train − test accuracy). Exit status 2 on a bad option.\n";

std::string Usage() {
  std::string text = kUsageHead;
  for (const TrainSetting& s : TrainSettings()) {
    std::string usage = std::string("  ") + s.flag + " " + s.arg;
    usage.resize(std::max<size_t>(usage.size() + 1, 21), ' ');
    text += usage + s.help + ", " + FormatTrainSetting(s, s.lo) + " to " + FormatTrainSetting(s, s.hi) +
            " (default " + FormatTrainSetting(s, s.def) + ")\n";
  }
  return text + kUsageTail;
}

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

// ---------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------

struct Options {
  TrainConfig config;
  std::vector<NormKind> norms;
  long steps = 1000, log_every = 50;
  std::string out_path, sweep, save_path, csv_path, script_path;
  bool bench = false, help = false, watch_layer_set = false, watch_unit_set = false;
};

// Every option into *o, the experiment's preset first. "" or the message for a bad option.
std::string ParseOptions(int argc, char** argv, Options* o) {
  const std::vector<ExperimentInfo> presets = Experiments();
  o->config = presets[0].config;
  o->norms = presets[0].norms;
  for (int a = 1; a + 1 < argc; ++a)
    if (std::strcmp(argv[a], "--experiment") == 0) {
      Experiment e;
      if (!ParseExperiment(argv[a + 1], &e)) return std::string("--experiment: unknown experiment '") + argv[a + 1] + "'";
      for (const ExperimentInfo& p : presets)
        if (p.experiment == e) {
          o->config = p.config;
          o->norms = p.norms;
        }
    }
  TrainConfig& config = o->config;
  for (int a = 1; a < argc; ++a) {
    const std::string opt = argv[a];
    if (opt == "--help" || opt == "-h") {
      o->help = true;
      return "";
    }
    if (opt == "--bench") {
      o->bench = true;
      continue;
    }
    if (a + 1 >= argc) return opt + " needs a value (see --help)";
    const char* v = argv[++a];
    long n = 0;
    std::string error;
    if (const TrainSetting* s = FindTrainSettingFlag(opt)) {  // the lab's settings, with the lab's ranges
      double x = 0;
      if (!ParseTrainSetting(*s, v, opt, &x, &error)) return error;
      s->set(&config, x);
    } else if (opt == "--experiment") {
      continue;  // handled above
    } else if (opt == "--dataset") {
      if (!ParseDatasetKind(v, &config.data.kind)) return std::string("--dataset: unknown data set '") + v + "'";
    } else if (opt == "--activation") {
      if (!ParseActivation(v, &config.net.activation)) return std::string("--activation: unknown '") + v + "'";
    } else if (opt == "--watch-layer") {
      if (!ParseWhole(v, 1, 8, &n)) return "--watch-layer: expected a whole number from 1 to the depth";
      config.watch_layer = static_cast<int>(n) - 1;
      o->watch_layer_set = true;
    } else if (opt == "--watch-unit") {
      if (!ParseWhole(v, 1, 64, &n)) return "--watch-unit: expected a whole number from 1 to the width";
      config.watch_unit = static_cast<int>(n) - 1;
      o->watch_unit_set = true;
    } else if (opt == "--steps") {
      if (!ParseWhole(v, 0, 10000000, &o->steps)) return "--steps: expected a whole number from 0 to 10000000";
    } else if (opt == "--log-every") {
      if (!ParseWhole(v, 1, 10000000, &o->log_every)) return "--log-every: expected a whole number from 1";
    } else if (opt == "--bn") {
      const std::string m = v;
      if (m == "off") o->norms = {NormKind::None};
      else if (m == "on") o->norms = {NormKind::Batch};
      else if (m == "noisy") o->norms = {NormKind::Noisy};
      else if (m == "all") o->norms = {NormKind::None, NormKind::Batch, NormKind::Noisy};
      else return "--bn: expected off, on, noisy or all";
    } else if (opt == "--sweep") {
      o->sweep = v;
    } else if (opt == "--out") {
      o->out_path = v;
    } else if (opt == "--data-csv") {
      o->csv_path = v;
    } else if (opt == "--save") {
      o->save_path = v;
    } else if (opt == "--script") {
      o->script_path = v;
    } else {
      return "unknown option '" + opt + "' (see --help)";
    }
  }
  return "";
}

// Settings that depend on one another (checked here so that the message names the option), and the CSV data
// into *own. "" or the message.
std::string CheckOptions(Options* o, Dataset* own) {
  TrainConfig& config = o->config;
  if (config.watch_layer >= config.net.depth) {
    if (o->watch_layer_set) return "--watch-layer: the network has only " + std::to_string(config.net.depth) + " hidden layers";
    config.watch_layer = config.net.depth - 1;  // the preset watched its last layer: keep watching the last one
  }
  if (config.watch_unit >= config.net.width) {
    if (o->watch_unit_set) return "--watch-unit: the layers have only " + std::to_string(config.net.width) + " units";
    config.watch_unit = 0;
  }
  if (!o->csv_path.empty() && !o->sweep.empty()) return "--data-csv: not with --sweep";
  try {
    if (!o->csv_path.empty()) {
      FILE* f = std::fopen(o->csv_path.c_str(), "rb");
      if (f == nullptr) return "--data-csv: cannot read '" + o->csv_path + "'";
      std::string text;
      char buf[1 << 16];
      size_t got;
      while ((got = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() < (1u << 24)) text.append(buf, got);
      std::fclose(f);
      std::vector<OwnPoint> points;
      std::string why;
      if (!ParsePointsCsv(text, &points, &why)) return o->csv_path + ": " + why;
      *own = SplitOwnData(points, config.data.test_fraction, config.data.seed);
    }
    const long n_train = o->csv_path.empty() ? MakeDataset(config.data).train_x.rows() : own->train_x.rows();
    if (config.batch > n_train)
      return "--batch: " + std::to_string(config.batch) + " is more than the " + std::to_string(n_train) +
             " training points " + (o->csv_path.empty() ? "(see --count, --test-fraction)" : "of " + o->csv_path);
  } catch (const std::invalid_argument& err) {
    return std::string("data set: ") + err.what();
  }
  if (!o->save_path.empty() && (o->bench || !o->sweep.empty()))
    return "--save: only with a training run (not with --bench or --sweep)";
  if (!o->script_path.empty() && (o->bench || !o->sweep.empty()))
    return "--script: only with a training run (not with --bench or --sweep)";
  return "";
}

// ---------------------------------------------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------------------------------------------

// CPU time per lockstep step (every network takes one SGD step on the same batch), no logging.
int Bench() {
  const TrainConfig c = Experiments()[0].config;
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
  std::printf("  plain + bn + noisy %8.0f steps/s\n", steps_per_second({NormKind::None, NormKind::Batch, NormKind::Noisy}));
  return 0;
}

int Sweep(const Options& o, FILE* out) {
  std::vector<double> values;
  size_t start = 0;
  while (start <= o.sweep.size()) {
    const size_t comma = o.sweep.find(',', start);
    const std::string item = o.sweep.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    double x = 0;
    if (!ParseNumber(item.c_str(), &x) || x <= 0) return Fail("--sweep: '" + item + "' is not a positive number");
    values.push_back(x);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  const bool init = o.config.experiment == Experiment::Init;
  const auto result = RunSweep(o.config, o.norms, values, init, static_cast<int>(o.steps));
  std::fprintf(out, "%s,network,final_train_loss\n", init ? "init_scale" : "lr");
  for (size_t v = 0; v < values.size(); ++v)
    for (size_t r = 0; r < o.norms.size(); ++r)
      std::fprintf(out, "%g,%s,%.6g\n", values[v], NormName(o.norms[r]), result[v][r]);
  return 0;
}

bool WriteFile(const std::string& path, const std::string& text) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

// The CSV rows of the step just logged, one per network that has not diverged.
void WriteRows(FILE* out, const Trainer& t) {
  const Experiment e = t.config().experiment;
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
}

int Train(const Options& o, const Dataset& own, FILE* out, FILE* save) {
  Trainer t = o.csv_path.empty() ? Trainer(o.config, o.norms) : Trainer(o.config, o.norms, own);
  if (!o.script_path.empty()) {
    if (o.steps < 1) return Fail("--script: needs --steps of at least 1");
    if (o.steps > 1000000) return Fail("--script: at most 1000000 steps (their batches are embedded)");
    TorchScriptOptions so;
    so.steps = static_cast<int>(o.steps);
    so.log_every = static_cast<int>(std::min(o.log_every, o.steps));
    if (!WriteFile(o.script_path, TorchTrainingScript(t, so))) {
      std::fprintf(stderr, "bntrain: --script: writing '%s' failed\n", o.script_path.c_str());
      return 1;
    }
  }
  std::fprintf(out, "step,network,train_loss,train_acc,test_loss,test_acc");
  const Experiment e = o.config.experiment;
  if (e == Experiment::Distributions || e == Experiment::Noisy) std::fprintf(out, ",p15,p50,p85");
  if (e == Experiment::CovariateShift) std::fprintf(out, ",grad_l2_change,grad_cosine");
  if (e == Experiment::Landscape) std::fprintf(out, ",loss_range,grad_change,beta_smoothness");
  if (e == Experiment::Regularization) std::fprintf(out, ",loss_gap,acc_gap");
  std::fprintf(out, "\n");
  t.Log();
  WriteRows(out, t);
  for (long s = 0; s < o.steps; s += o.log_every) {
    t.Step(static_cast<int>(std::min(o.log_every, o.steps - s)));
    t.Log();
    WriteRows(out, t);
  }
  for (const Run& r : t.runs())
    if (r.diverged) std::fprintf(stderr, "bntrain: %s diverged at step %d\n", NormName(r.norm), r.diverged_at);
  if (save != nullptr) {
    std::vector<const Mlp<float>*> nets;
    for (const Run& r : t.runs()) nets.push_back(&r.net);
    const std::string json = NetworksToJson(nets, t.step(), o.csv_path.empty() ? DatasetName(o.config.data.kind) : "own");
    const bool ok = std::fwrite(json.data(), 1, json.size(), save) == json.size();
    if (std::fclose(save) != 0 || !ok) {
      std::fprintf(stderr, "bntrain: --save: writing '%s' failed\n", o.save_path.c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  Dataset own;
  std::string error = ParseOptions(argc, argv, &o);
  if (error.empty() && o.help) {
    std::fputs(Usage().c_str(), stdout);
    return 0;
  }
  if (error.empty()) error = CheckOptions(&o, &own);
  if (!error.empty()) return Fail(error);
  FILE* save = nullptr;
  if (!o.save_path.empty()) {
    save = std::fopen(o.save_path.c_str(), "w");  // opened now: a bad path fails before training
    if (save == nullptr) return Fail("--save: cannot write '" + o.save_path + "'");
  }
  FILE* out = stdout;
  if (!o.out_path.empty() && !o.bench) {
    out = std::fopen(o.out_path.c_str(), "w");
    if (out == nullptr) return Fail("--out: cannot write '" + o.out_path + "'");
  }
  int status = 0;
  try {
    status = o.bench ? Bench() : !o.sweep.empty() ? Sweep(o, out) : Train(o, own, out, save);
  } catch (const std::invalid_argument& err) {
    status = Fail(err.what());
  } catch (const std::exception& err) {  // e.g. out of memory: not a bad option
    std::fprintf(stderr, "bntrain: %s\n", err.what());
    status = 1;
  }
  if (out != stdout) std::fclose(out);
  return status;
}
