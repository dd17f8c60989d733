// lab_hash.cpp: ApplyLabHash / FormatLabHash.
//
// Index
//   ParseMatrix                  "1,2;3,4" with float32 checks (rows: ParseHashRow, link_pairs.cpp)
//   ApplyLabHash, ApplyLabPairs  key by key into a copy, then committed
//   ShortestFloat32, FormatLabHash
// The refusals are catalog texts (assets/i18n, keys link.*) in the current language; the keys stay English.
#include "core/lab/lab_hash.hpp"

#include <vector>

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"
#include "core/io/json.hpp"

namespace bn {
namespace {

// "1,2;3,4" → 2×2, rows of equal length, within the lab's limits.
bool ParseMatrix(const std::string& text, const std::string& key, Mat* m, std::string* error) {
  const std::vector<std::string> rows = SplitLinkList(text, ';');
  if (rows.size() > static_cast<size_t>(kLabMaxSamples)) {
    *error = Tr("link.too_many_rows",
                {{"key", key}, {"n", std::to_string(rows.size())}, {"max", std::to_string(kLabMaxSamples)}});
    return false;
  }
  std::vector<Row> parsed(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string row_name = Tr("link.row_name", {{"key", key}, {"row", std::to_string(i + 1)}});
    if (!ParseHashRow(rows[i], row_name, &parsed[i], error)) return false;
    if (parsed[i].size() != parsed[0].size()) {
      *error = Tr("link.row_length", {{"key", key},
                                       {"row", std::to_string(i + 1)},
                                       {"n", std::to_string(parsed[i].size())},
                                       {"first", std::to_string(parsed[0].size())}});
      return false;
    }
  }
  m->resize(static_cast<Eigen::Index>(rows.size()), parsed[0].size());
  for (size_t i = 0; i < rows.size(); ++i) m->row(static_cast<Eigen::Index>(i)) = parsed[i];
  return true;
}

}  // namespace

bool ApplyLabHash(const std::string& hash, TraceInput* in, int* step, std::string* error) {
  LinkPairs pairs;
  return SplitHashPairs(hash, &pairs, error) && ApplyLabPairs(pairs, in, step, error);
}

bool ApplyLabPairs(const LinkPairs& pairs, TraceInput* in, int* step, std::string* error) {
  TraceInput next = *in;
  int next_step = *step;
  if (pairs.empty()) return true;
  // x first, because it fixes D for the other keys.
  for (const auto& kv : pairs) {
    if (kv.first != "x") continue;
    if (!ParseMatrix(kv.second, "x", &next.x, error)) return false;
    const Eigen::Index d = next.x.cols();
    if (d != in->x.cols()) {  // a new width: per-feature settings no longer fit
      next.gamma = Row::Ones(d);
      next.beta = Row::Zero(d);
      const double momentum = next.running.momentum;
      const MomentumConvention convention = next.running.convention;
      next.running = MakeRunningStats(static_cast<int>(d));
      next.running.momentum = momentum;
      next.running.convention = convention;
    }
    if (next.x.rows() != in->x.rows() || d != in->x.cols()) next.has_dy = false;
  }
  const Eigen::Index d = next.x.cols();
  auto per_feature = [&](const std::string& key, const std::string& value, Row* row) {
    if (!ParseHashRow(value, key, row, error)) return false;
    if (row->size() != d) {
      *error = Tr("link.per_feature", {{"key", key}, {"n", std::to_string(row->size())}, {"d", std::to_string(d)}});
      return false;
    }
    return true;
  };
  for (const auto& kv : pairs) {
    const std::string& key = kv.first;
    const std::string& value = kv.second;
    if (key == "x") continue;
    if (key == "gamma") {
      if (!per_feature(key, value, &next.gamma)) return false;
    } else if (key == "beta") {
      if (!per_feature(key, value, &next.beta)) return false;
    } else if (key == "running_mean") {
      if (!per_feature(key, value, &next.running.mean)) return false;
    } else if (key == "running_var") {
      if (!per_feature(key, value, &next.running.var)) return false;
      if ((next.running.var.array() < 0).any()) {
        *error = Tr("link.running_var_negative");
        return false;
      }
    } else if (key == "eps" || key == "momentum") {
      double v = 0.0;
      if (!ParseLinkNumber(key, value, &v, error)) return false;
      if (key == "eps") {
        if (v < 0) {
          *error = Tr("link.at_least", {{"key", key}, {"min", "0"}, {"got", bn::Quote(value)}});
          return false;
        }
        next.eps = v;
      } else {
        if (v < 0 || v > 1) {
          *error = Tr("link.momentum_range", {{"got", bn::Quote(value)}});
          return false;
        }
        next.running.momentum = v;
      }
    } else if (key == "mode") {
      if (value == "train") {
        next.mode = Mode::Train;
      } else if (value == "eval") {
        next.mode = Mode::Eval;
      } else {
        *error = Tr("link.mode", {{"got", bn::Quote(value)}});
        return false;
      }
    } else if (key == "step") {
      long v = 0;
      if (!ParseLinkWhole(value, 0, 1000, &v)) {
        *error = Tr("link.step", {{"got", bn::Quote(value)}});
        return false;
      }
      next_step = static_cast<int>(v);
    } else if (key == "dy") {
      Mat dy;
      if (!ParseMatrix(value, "dy", &dy, error)) return false;
      if (dy.rows() != next.x.rows() || dy.cols() != d) {
        *error = Tr("link.dy_shape", {{"rows", std::to_string(dy.rows())},
                                      {"cols", std::to_string(dy.cols())},
                                      {"n", std::to_string(next.x.rows())},
                                      {"d", std::to_string(d)}});
        return false;
      }
      next.dy = dy;
      next.has_dy = true;
    } else {
      *error = Tr("link.unknown_key", {{"key", bn::Quote(key)},
                                        {"known", "x, gamma, beta, eps, mode, step, dy, running_mean, running_var, "
                                                  "momentum"}});
      return false;
    }
  }
  *in = next;
  *step = next_step;
  return true;
}

std::string ShortestFloat32(double v) { return Json::Float32Text(v); }

std::string FormatRow(const Row& r) {
  std::string s;
  for (Eigen::Index j = 0; j < r.size(); ++j) s += (j ? "," : "") + ShortestFloat32(r(j));
  return s;
}

namespace {

std::string FormatMatrix(const Mat& m) {
  std::string s;
  for (Eigen::Index i = 0; i < m.rows(); ++i) s += (i ? ";" : "") + FormatRow(m.row(i));
  return s;
}

}  // namespace

std::string FormatLabHash(const TraceInput& in, int step) {
  std::string h = "x=" + FormatMatrix(in.x) + "&gamma=" + FormatRow(in.gamma) + "&beta=" + FormatRow(in.beta) +
                  "&eps=" + ShortestFloat32(in.eps) + "&mode=" + (in.mode == Mode::Train ? "train" : "eval");
  if (in.has_dy) h += "&dy=" + FormatMatrix(in.dy);
  const RunningStats defaults = MakeRunningStats(static_cast<int>(in.x.cols()));
  if (in.running.mean.size() == defaults.mean.size() && in.running.mean != defaults.mean) {
    h += "&running_mean=" + FormatRow(in.running.mean);
  }
  if (in.running.var.size() == defaults.var.size() && in.running.var != defaults.var) {
    h += "&running_var=" + FormatRow(in.running.var);
  }
  if (in.running.momentum != defaults.momentum) h += "&momentum=" + ShortestFloat32(in.running.momentum);
  h += "&step=" + std::to_string(step);
  return h;
}

}  // namespace bn
