// teach_commands.hpp: the teacher's command handlers for practice sheets and files. Their rows are in the one
// command table in state/commands.cpp (the own-data and network-file commands: state/train_commands.hpp).
#pragma once

#include <string>

#include "state/app_state.hpp"

namespace bnlab {

bool SheetCommand(AppState& app, const std::string& arg, std::string* error);   // sheet:K,SEED,N,D,DIFF
bool SaveCommand(AppState& app, const std::string& arg, std::string* error);    // save:WHAT
bool NoticeCommand(AppState& app, const std::string& arg, std::string* error);  // notice:TEXT

}  // namespace bnlab
