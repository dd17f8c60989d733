// torch_share.hpp: Share > PyTorch training script (.py): the training lab's run as a PyTorch script
// (core/train/torch_script.hpp), saved through Host::SaveFile. GL-free.
#pragma once

#include <string>

#include "core/io/json.hpp"

namespace bnlab {

struct AppState;

// The script's file name: "bnlab-training-DATA.py" (DATA: the data set's name, or "own").
std::string TorchScriptFileName(const AppState& app);

// Writes the script for the training lab's settings, data and networks (plain and BN; noisy BN is left out),
// for the steps trained so far (at least 200, at most 20000: the batches are embedded), logging as the lab
// does. Returns the file name, or "" with *error set (no networks, only noisy BN, or the file not saved).
std::string SaveTorchScript(AppState& app, std::string* error);

// The command share-torch-script: saves it; the reply's "file" is the file name.
bool ShareTorchScriptCommand(AppState& app, const std::string& arg, bn::Json* reply, std::string* error);

}  // namespace bnlab
