// torch_script.hpp: the training lab as a self-contained PyTorch script (Share > PyTorch training script,
// bntrain --script). The script builds the lab's plain and BN networks with nn.Linear / nn.BatchNorm1d, loads
// the exact starting weights, data and mini-batches (embedded), trains with torch.optim.SGD in float32 and
// prints the curves as bntrain's CSV: step,network,train_loss,train_acc,test_loss,test_acc, measured in eval
// mode (BN with its running statistics) on the whole training and test sets, as the lab logs them.
//
// Noisy BN (experiment 3) is left out: its noise comes from bnlab's own generator, which PyTorch does not have.
#pragma once

#include <string>

#include "core/train/trainer.hpp"

namespace bn {

struct TorchScriptOptions {
  int steps = 200;      // SGD steps the script trains (its batches are embedded: steps × batch indices)
  int log_every = 25;   // a row at step 0 and every log_every steps (and after the last step)
};

// The script for trainer's settings, data and networks (its plain and BN runs), from step 0: the starting
// weights are drawn again from the trainer's seed, the batches from its batch seed, exactly as Trainer does.
// Throws std::invalid_argument when steps < 1, log_every < 1 or the trainer has neither a plain nor a BN run.
std::string TorchTrainingScript(const Trainer& trainer, const TorchScriptOptions& options);

// The mini-batch row indices Trainer draws for steps 1..steps, step after step (steps × config.batch).
std::vector<int> TrainerBatchIndices(const TrainConfig& config, int train_rows, int steps);

}  // namespace bn
