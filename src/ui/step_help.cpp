// step_help.cpp: StepHelp. One short paragraph per step of the trace.
#include "ui/step_help.hpp"

namespace bnlab {

const char* StepHelp(const std::string& key, bool eval_mode) {
  if (key == "sum") return "Add up the feature's values over every sample of the batch. BN always works down a "
                           "column: each feature gets its own statistics.";
  if (key == "mean") {
    return eval_mode ? "In eval mode the mean is not measured on this batch: BN uses the running mean it "
                       "accumulated during training, so each sample is treated the same whatever its batch."
                     : "The batch mean: the sum divided by the number of samples N. Subtracting it centres the "
                       "feature at 0.";
  }
  if (key == "dev") return "How far each value lies from its feature's mean. These deviations always add up to 0.";
  if (key == "sq") return "Square each deviation, so values above and below the mean both count as spread.";
  if (key == "var") {
    return eval_mode ? "In eval mode the variance is the running variance stored during training."
                     : "The batch variance: the average squared deviation, dividing by N. This biased estimate "
                       "is what normalizes; PyTorch stores the unbiased one (N−1) in the running variance.";
  }
  if (key == "var_eps") return "Add the small constant ε. Without it a feature with no spread (σ² = 0) would divide "
                               "by zero in the next steps.";
  if (key == "std") return "The square root turns the variance into a standard deviation, in the feature's own units.";
  if (key == "inv_std") return "One over the standard deviation. Multiplying by it is the same as dividing by σ, and "
                               "the backward pass reuses it.";
  if (key == "xhat") return "The normalized value: deviation times 1/√(σ²+ε). Over the batch, each feature now has "
                            "mean 0 and variance 1 (slightly less when ε matters).";
  if (key == "gx") return "Scale by the learned γ. Normalizing alone would force every layer's input to unit "
                          "spread; γ lets the network choose the spread it wants.";
  if (key == "y") return "Shift by the learned β. With γ = √(σ²+ε) and β = μ, BN could give back its input "
                         "exactly, so adding BN never takes expressive power away.";
  if (key == "running_mean") return "Training also keeps an exponential moving average of the batch means, for use "
                                    "at inference. PyTorch: new = (1 − momentum)·old + momentum·batch.";
  if (key == "running_var") return "The same moving average for the variance, but PyTorch stores the unbiased batch "
                                   "variance N/(N−1)·σ² here.";
  if (key == "dy") return "The upstream gradient ∂L/∂y that arrives from the layers above. For the loss "
                          "L = Σ wᵢⱼ·yᵢⱼ it is simply w; edit it in the batch panel.";
  if (key == "dbeta") return "β is added to every sample of its feature, so its gradient is the sum of the upstream "
                             "gradients of that feature.";
  if (key == "dgamma") return "γ multiplies x̂, so each sample contributes dy·x̂ to γ's gradient.";
  if (key == "dxhat") return "Through y = γ·x̂ + β, the gradient reaching x̂ is dy times γ.";
  if (key == "dvar") return "Every x̂ of the feature depends on σ² through 1/√(σ²+ε); this collects that dependence: "
                            "derivative of (σ²+ε)^(−½) is −½(σ²+ε)^(−3/2).";
  if (key == "dmean") return "μ reaches the loss through every deviation directly and through σ². The second term "
                             "is 0 up to rounding, because deviations add up to 0.";
  if (key == "dx") {
    return eval_mode ? "In eval mode μ and σ² are constants, so the gradient is only dx̂ scaled by 1/√(σ²+ε)."
                     : "Three paths from x to the loss: directly through x̂, through σ², and through μ. Their sum "
                       "is the gradient the layer below receives.";
  }
  return "A step of Batch Normalization.";
}

}  // namespace bnlab
