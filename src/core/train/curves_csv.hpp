// curves_csv.hpp: the training lab's loss and accuracy curves as CSV, for slides and spreadsheets.
#pragma once

#include <string>
#include <vector>

#include "core/train/trainer.hpp"

namespace bn {

// "step,network,train_loss,train_acc,test_loss,test_acc" then one row per logged step and network (the same
// columns as bntrain writes), numbers as their shortest float32 text.
std::string CurvesToCsv(const std::vector<Run>& runs);

}  // namespace bn
