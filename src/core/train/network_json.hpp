// network_json.hpp: the training lab's networks as JSON, written and read back exactly (every float32 parameter
// reads back to the same bits, so the imported networks predict the same probabilities to the last bit).
//
//   {"format": "bnlab-networks", "version": 1, "step": 1200, "data": "moons",
//    "networks": [ {"name": "plain", "norm": "plain", "activation": "tanh",
//                   "layers": [ {"kind": "linear", "activation": "tanh", "w": [[..], ..], "b": [..]}, ...,
//                               {"kind": "linear", "activation": "softmax", "w": [[..], [..]], "b": [.., ..]} ]},
//                  {"name": "bn", "norm": "bn", "activation": "tanh", "eps": 1e-05, "momentum": 0.1,
//                   "layers": [ {"kind": "linear+bn", "activation": "tanh", "w": [[..]], "gamma": [..],
//                                "beta": [..], "running_mean": [..], "running_var": [..],
//                                "eps": 1e-05, "momentum": 0.1}, ..., {output as above} ]} ]}
//
// w is I×O (inputs × outputs, z = in·w + b); a BN layer has no bias (β takes its place). The last layer is the
// output layer (2 units, softmax). A noisy-BN network also has "noise": {n_mu, n_sigma, r_mu, r_sigma}.
// Momentum buffers are not saved: an imported network predicts as the saved one; further training restarts
// SGD's momentum from zero.
#pragma once

#include <string>
#include <vector>

#include "core/io/json.hpp"
#include "core/train/mlp.hpp"

namespace bn {

struct SavedNetworks {
  std::vector<Mlp<float>> nets;
  int step = 0;          // training steps when saved ("step"; 0 if absent)
  std::string data;      // data set name when saved ("data"; "" if absent)
};

// One network as a JSON object (the shape above).
Json NetworkToJson(const Mlp<float>& net);
// The whole document, networks in the given order, with 2-space-free compact text and a newline.
std::string NetworksToJson(const std::vector<const Mlp<float>*>& nets, int step, const std::string& data);

// Reads a network object; throws std::invalid_argument naming the field ("networks[1].layers[0].w has 3 rows,
// expected 2"); `where` prefixes the names.
Mlp<float> NetworkFromJson(const Json& j, const std::string& where = "network");
// Reads the whole document (text, or its "networks" value already parsed). Throws std::invalid_argument with
// one line naming the field, or the JSON error's line and column.
SavedNetworks NetworksFromJson(const std::string& text);
SavedNetworks NetworksFromJsonValue(const Json& doc);

}  // namespace bn
