// network_json.cpp: NetworkToJson, NetworksToJson, NetworkFromJson, NetworksFromJson.
//
// Index
//   Exact float text: F (9 significant digits: reads back through JSON's double parser to the same float32)
//   Writer: RowJson, MatJson, NetworkToJson, NetworksToJson
//   Reader: Bad, Member, Num, ReadRow, ReadMat, NetworkFromJson, NetworksFromJson
// The reader's refusals are catalog texts (keys network.*) in the current language; the JSON paths they name
// ("networks[0].layers[1].w") and the file's keys and values stay as they are.
#include "core/train/network_json.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"

namespace bn {
namespace {

// A float32 as a JSON number whose text reads back (as the parser does: to double, then to float) to the same
// bits: 9 significant digits identify every float32, and such a decimal lies far closer to its float than to a
// rounding midpoint, so going through a double rounds back to the same float (tested bit for bit, subnormals too).
// One printf per value: shortest-text search would cost ~10 per value, and state() writes every weight.
Json F(float v) {
  if (!std::isfinite(v)) return Json();  // null: a diverged network (refused on import)
  return Json::Number(static_cast<double>(v), 9);
}

Json RowJson(const Mlp<float>::Row& r) {
  Json a = Json::Array();
  for (Eigen::Index j = 0; j < r.size(); ++j) a.push(F(r(j)));
  return a;
}

Json MatJson(const Mlp<float>::Mat& m) {
  Json a = Json::Array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) a.push(RowJson(m.row(i)));
  return a;
}

[[noreturn]] void Bad(const std::string& what) { throw std::invalid_argument(what); }
const Json& Member(const Json& j, const std::string& key, const std::string& where) {
  const Json* v = j.get(key);
  if (v == nullptr) Bad(Tr("network.no_member", {{"where", where}, {"key", key}}));
  return *v;
}

std::string Str(const Json& j, const std::string& key, const std::string& where) {
  const Json& v = Member(j, key, where);
  if (!v.is_string()) Bad(Tr("network.not_string", {{"name", where + "." + key}}));
  return v.string();
}

double Num(const Json& v, const std::string& where) {
  if (v.is_null()) Bad(Tr("network.null", {{"name", where}}));
  if (!v.is_number()) Bad(Tr("network.not_number", {{"name", where}}));
  if (!FitsFloat32(v.number())) Bad(Tr("network.not_float32", {{"name", where}}));
  return v.number();
}

Mlp<float>::Row ReadRow(const Json& j, const std::string& key, const std::string& where, Eigen::Index size) {
  const Json& v = Member(j, key, where);
  const std::string name = where + "." + key;
  if (!v.is_array()) Bad(Tr("network.not_array", {{"name", name}}));
  if (static_cast<Eigen::Index>(v.items().size()) != size)
    Bad(Tr("network.values",
           {{"name", name}, {"n", std::to_string(v.items().size())}, {"expected", std::to_string(size)}}));
  Mlp<float>::Row r(size);
  for (Eigen::Index k = 0; k < size; ++k)
    r(k) = static_cast<float>(Num(v.items()[k], name + "[" + std::to_string(k) + "]"));
  return r;
}

Mlp<float>::Mat ReadMat(const Json& j, const std::string& key, const std::string& where, Eigen::Index rows,
                        Eigen::Index cols) {
  const Json& v = Member(j, key, where);
  const std::string name = where + "." + key;
  if (!v.is_array()) Bad(Tr("network.not_rows", {{"name", name}}));
  if (static_cast<Eigen::Index>(v.items().size()) != rows)
    Bad(Tr("network.rows",
           {{"name", name}, {"n", std::to_string(v.items().size())}, {"expected", std::to_string(rows)}}));
  Mlp<float>::Mat m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i) {
    const Json& row = v.items()[i];
    const std::string rn = name + "[" + std::to_string(i) + "]";
    if (!row.is_array()) Bad(Tr("network.not_array", {{"name", rn}}));
    if (static_cast<Eigen::Index>(row.items().size()) != cols)
      Bad(Tr("network.values",
             {{"name", rn}, {"n", std::to_string(row.items().size())}, {"expected", std::to_string(cols)}}));
    for (Eigen::Index k = 0; k < cols; ++k)
      m(i, k) = static_cast<float>(Num(row.items()[k], rn + "[" + std::to_string(k) + "]"));
  }
  return m;
}

}  // namespace

Json NetworkToJson(const Mlp<float>& net) {
  const MlpConfig& c = net.config();
  const bool norm = c.norm != NormKind::None;
  Json j = Json::Object();
  j.set("name", Json::String(NormName(c.norm)));
  j.set("norm", Json::String(NormName(c.norm)));
  j.set("activation", Json::String(ActivationName(c.activation)));
  if (norm) {
    j.set("eps", Json::Number(c.bn_eps));
    j.set("momentum", Json::Number(c.bn_momentum));
  }
  if (c.norm == NormKind::Noisy) {
    Json noise = Json::Object();
    noise.set("n_mu", Json::Number(c.noise.n_mu));
    noise.set("n_sigma", Json::Number(c.noise.n_sigma));
    noise.set("r_mu", Json::Number(c.noise.r_mu));
    noise.set("r_sigma", Json::Number(c.noise.r_sigma));
    j.set("noise", noise);
  }
  Json layers = Json::Array();
  for (const auto& l : net.hidden()) {
    Json o = Json::Object();
    o.set("kind", Json::String(norm ? "linear+bn" : "linear"));
    o.set("activation", Json::String(ActivationName(c.activation)));
    o.set("w", MatJson(l.w));
    if (norm) {
      o.set("gamma", RowJson(l.gamma));
      o.set("beta", RowJson(l.beta));
      o.set("running_mean", RowJson(l.running_mean));
      o.set("running_var", RowJson(l.running_var));
      o.set("eps", Json::Number(c.bn_eps));
      o.set("momentum", Json::Number(c.bn_momentum));
    } else {
      o.set("b", RowJson(l.b));
    }
    layers.push(o);
  }
  Json out = Json::Object();
  out.set("kind", Json::String("linear"));
  out.set("activation", Json::String("softmax"));
  out.set("w", MatJson(net.output().w));
  out.set("b", RowJson(net.output().b));
  layers.push(out);
  j.set("layers", layers);
  return j;
}

std::string NetworksToJson(const std::vector<const Mlp<float>*>& nets, int step, const std::string& data) {
  Json doc = Json::Object();
  doc.set("format", Json::String("bnlab-networks"));
  doc.set("version", Json::Number(1));
  doc.set("step", Json::Number(step));
  if (!data.empty()) doc.set("data", Json::String(data));
  Json list = Json::Array();
  for (const Mlp<float>* n : nets) list.push(NetworkToJson(*n));
  doc.set("networks", list);
  return doc.Dump() + "\n";
}

Mlp<float> NetworkFromJson(const Json& j, const std::string& where) {
  if (!j.is_object()) Bad(Tr("network.not_object", {{"name", where}}));
  MlpConfig c;
  const std::string norm = Str(j, "norm", where);
  if (norm == "plain") c.norm = NormKind::None;
  else if (norm == "bn") c.norm = NormKind::Batch;
  else if (norm == "noisy") c.norm = NormKind::Noisy;
  else Bad(Tr("network.norm", {{"where", where}, {"got", Quote(norm)}}));
  const std::string act = Str(j, "activation", where);
  if (!ParseActivation(act, &c.activation)) Bad(Tr("network.activation", {{"where", where}, {"got", Quote(act)}}));
  const bool has_norm = c.norm != NormKind::None;
  if (has_norm) {
    c.bn_eps = Num(Member(j, "eps", where), where + ".eps");
    c.bn_momentum = Num(Member(j, "momentum", where), where + ".momentum");
    if (!(c.bn_eps >= 0)) Bad(Tr("network.eps", {{"where", where}}));
    if (!(c.bn_momentum >= 0 && c.bn_momentum <= 1)) Bad(Tr("network.momentum", {{"where", where}}));
  }
  if (c.norm == NormKind::Noisy) {
    const Json& nz = Member(j, "noise", where);
    const std::string nw = where + ".noise";
    c.noise.n_mu = Num(Member(nz, "n_mu", nw), nw + ".n_mu");
    c.noise.n_sigma = Num(Member(nz, "n_sigma", nw), nw + ".n_sigma");
    c.noise.r_mu = Num(Member(nz, "r_mu", nw), nw + ".r_mu");
    c.noise.r_sigma = Num(Member(nz, "r_sigma", nw), nw + ".r_sigma");
  }
  const Json& layers = Member(j, "layers", where);
  if (!layers.is_array()) Bad(Tr("network.not_array", {{"name", where + ".layers"}}));
  const int n_layers = static_cast<int>(layers.items().size());
  if (n_layers < 2 || n_layers > 9)
    Bad(Tr("network.layer_count", {{"where", where}, {"n", std::to_string(n_layers)}}));
  c.depth = n_layers - 1;
  // The width: the first layer's w is 2×W.
  const Json& w0 = Member(layers.items()[0], "w", where + ".layers[0]");
  if (!w0.is_array() || w0.items().empty() || !w0.items()[0].is_array())
    Bad(Tr("network.not_rows", {{"name", where + ".layers[0].w"}}));
  c.width = static_cast<int>(w0.items()[0].items().size());
  try {
    ValidateMlpConfig(c);
  } catch (const std::invalid_argument& e) {
    Bad(Tr("network.where_why", {{"where", where}, {"why", e.what()}}));
  }
  Mlp<float> net(c);
  int fan_in = 2;
  for (int k = 0; k <= c.depth; ++k) {
    const Json& l = layers.items()[k];
    const std::string lw = where + ".layers[" + std::to_string(k) + "]";
    if (!l.is_object()) Bad(Tr("network.not_object", {{"name", lw}}));
    const bool output = k == c.depth;
    const std::string kind = Str(l, "kind", lw);
    const std::string want_kind = output || !has_norm ? "linear" : "linear+bn";
    if (kind != want_kind)
      Bad(Tr("network.expected", {{"name", lw + ".kind"}, {"got", Quote(kind)}, {"expected", want_kind}}));
    const std::string la = Str(l, "activation", lw);
    const std::string want_act = output ? "softmax" : ActivationName(c.activation);
    if (la != want_act)
      Bad(Tr("network.expected", {{"name", lw + ".activation"}, {"got", Quote(la)}, {"expected", want_act}}));
    const int outs = output ? 2 : c.width;
    auto& layer = output ? net.output() : net.hidden()[k];
    layer.w = ReadMat(l, "w", lw, fan_in, outs);
    if (!output && has_norm) {
      layer.gamma = ReadRow(l, "gamma", lw, outs);
      layer.beta = ReadRow(l, "beta", lw, outs);
      layer.running_mean = ReadRow(l, "running_mean", lw, outs);
      layer.running_var = ReadRow(l, "running_var", lw, outs);
      for (Eigen::Index u = 0; u < outs; ++u)
        if (!(layer.running_var(u) >= 0))
          Bad(Tr("network.negative", {{"name", lw + ".running_var[" + std::to_string(u) + "]"}}));
      if (l.get("eps") && Num(*l.get("eps"), lw + ".eps") != c.bn_eps)
        Bad(Tr("network.differs", {{"name", lw + ".eps"}, {"other", where + ".eps"}}));
      if (l.get("momentum") && Num(*l.get("momentum"), lw + ".momentum") != c.bn_momentum)
        Bad(Tr("network.differs", {{"name", lw + ".momentum"}, {"other", where + ".momentum"}}));
    } else {
      layer.b = ReadRow(l, "b", lw, outs);
    }
    fan_in = outs;
  }
  return net;
}

SavedNetworks NetworksFromJsonValue(const Json& doc) {
  if (!doc.is_object()) Bad(Tr("network.not_a_file_object"));
  const Json* format = doc.get("format");
  if (format == nullptr || !format->is_string() || format->string() != "bnlab-networks")
    Bad(Tr("network.not_a_file_format"));
  const Json* version = doc.get("version");
  if (version == nullptr || !version->is_number() || version->number() != 1)
    Bad(Tr("network.version"));
  SavedNetworks s;
  if (const Json* step = doc.get("step")) {
    if (!step->is_number() || !(step->number() >= 0 && step->number() <= 2e9) ||
        step->number() != std::floor(step->number()))
      Bad(Tr("network.step"));
    s.step = static_cast<int>(step->number());
  }
  if (const Json* data = doc.get("data")) {
    if (!data->is_string()) Bad(Tr("network.not_string", {{"name", "data"}}));
    s.data = data->string();
  }
  if (doc.get("networks") == nullptr) Bad(Tr("network.no_networks"));  // Member's refusal, worded for the file
  const Json& nets = *doc.get("networks");
  if (!nets.is_array() || nets.items().empty()) Bad(Tr("network.networks_empty"));
  if (nets.items().size() > 8) Bad(Tr("network.networks_too_many"));
  for (size_t k = 0; k < nets.items().size(); ++k)
    s.nets.push_back(NetworkFromJson(nets.items()[k], "networks[" + std::to_string(k) + "]"));
  return s;
}

SavedNetworks NetworksFromJson(const std::string& text) {
  Json doc;
  try {
    doc = Json::Parse(text);
  } catch (const JsonError& e) {
    Bad(Tr("network.not_json", {{"why", e.what()}}));
  }
  return NetworksFromJsonValue(doc);
}

}  // namespace bn
