// train_commands.hpp: the training lab's command handlers (lab 3). Their rows, with the names and help, are in the
// one command table in state/commands.cpp, under "Lab 3, training".
#pragma once

#include <string>

#include "state/app_state.hpp"

namespace bnlab {

// Running: train-start, train-pause, train-steps:N (StepTraining, state/advance.hpp), train-reset, train-max-speed.
bool TrainStartCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainPauseCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainStepsCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainResetCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainMaxSpeedCommand(AppState& app, const std::string& arg, std::string* error);
// Settings: experiment:NAME, train-data:NAME, and the settings table's numbers (core/train/train_settings.hpp):
// train-set:KEY=V for any row, train-count:N for the count row.
bool ExperimentCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainDataCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainSetCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainCountCommand(AppState& app, const std::string& arg, std::string* error);
// The teacher's own points and network files (state/teach.hpp).
bool TrainCsvCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainPointCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainUndoCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainClearCommand(AppState& app, const std::string& arg, std::string* error);
bool TrainNetworksCommand(AppState& app, const std::string& arg, std::string* error);
// The pictures (state/train_gpu_state.hpp): train-view:, landscape:K=V, gpu:break, gpu:fix, gpu:readback:WHAT.
bool TrainViewCommand(AppState& app, const std::string& arg, std::string* error);
bool LandscapeCommand(AppState& app, const std::string& arg, std::string* error);
bool GpuBreakCommand(AppState& app, const std::string& arg, std::string* error);
bool GpuFixCommand(AppState& app, const std::string& arg, std::string* error);
bool GpuReadbackCommand(AppState& app, const std::string& arg, std::string* error);

}  // namespace bnlab
