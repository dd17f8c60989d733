// step_help.cpp: StepHelp. One short paragraph per step of the trace.
#include "ui/step_help.hpp"

namespace bnlab {

const char* StepHelp(const std::string& key, bool eval_mode) {
  if (key == "sum") return "Add up the feature's values over every sample of the batch. BN always works down a "
                           "column: each feature gets its own statistics.";
  if (key == "mean") {
    return eval_mode ? "In eval mode the mean is not measured on this batch: BN uses the running mean it "
                       "accumulated during training, so each sample is treated the same whatever its batch."
                     : "The batch mean: the sum divided by m, the number of values of the feature in the batch "
                       "(m = N samples here; N·H·W in a conv layer). Subtracting it centres the feature at 0.";  // Ioffe & Szegedy 2015, Alg. 1 and §3.2
  }
  if (key == "dev") return "How far each value lies from its feature's mean. These deviations always add up to 0.";
  if (key == "sq") return "Square each deviation, so values above and below the mean both count as spread.";
  if (key == "var") {
    return eval_mode ? "In eval mode the variance is the running variance stored during training."
                     : "The batch variance: the average squared deviation, dividing by m. This biased estimate is "
                       "what normalizes in training. For inference the paper estimates the variance with the "
                       "unbiased m/(m−1)·σ², and PyTorch's running variance stores that one.";  // Ioffe & Szegedy 2015, Alg. 1; Alg. 2 step 10; PyTorch docs: BatchNorm1d
  }
  if (key == "var_eps") return "Add the small constant ε. Without it a feature with no spread (σ² = 0) would divide "
                               "by zero in the next steps.";
  if (key == "std") return "The square root turns the variance into a standard deviation, in the feature's own units.";
  // Ioffe & Szegedy 2015, Alg. 1: x̂ divides by √(σ² + ε), not by σ
  if (key == "inv_std") return "One over √(σ²+ε). Multiplying by it divides by √(σ²+ε), not by σ itself (ε sits "
                               "inside the root), and the backward pass reuses it.";
  if (key == "xhat") return "The normalized value: deviation times 1/√(σ²+ε). Over the batch, each feature now has "
                            "mean 0 and variance σ²/(σ²+ε): just under 1 when σ² is much larger than ε, ½ when σ² = ε, "
                            "and near 0 when σ² is far below ε.";  // Ioffe & Szegedy 2015, Alg. 1
  // Ioffe & Szegedy 2015, §3 (γ, β restore what the network can represent) and §3.2 (BN normalizes x = Wu)
  if (key == "gx") return "Scale by the learned γ. Normalizing alone would force the input of every nonlinearity "
                          "(x = Wu) to unit spread; γ lets the network choose the spread it wants.";
  if (key == "y") {
    return eval_mode ? "Shift by the learned β. In eval mode μ and σ² are constants, so BN is one affine map per "
                       "feature, y = a·x + b with a = γ/√(σ²+ε) and b = β − a·μ, which folds into the previous "
                       "layer's weights and bias. With γ = √(σ²+ε) and β = μ it gives back its input exactly."
                     : "Shift by the learned β. BN goes before the nonlinearity, and the linear layer before it "
                       "needs no bias: β takes its role. With γ = √(σ²+ε) and β = μ, BN gives back this batch "
                       "exactly; but μ and σ² change from batch to batch, so in training that holds for one batch "
                       "only. At inference, with fixed statistics, it is exact.";
    // Ioffe & Szegedy 2015, §3 (identity), §3.1 Alg. 2 step 11 (fold), §3.2 (BN before g, bias dropped)
  }
  if (key == "running_mean") return "Training also keeps an exponential moving average of the batch means, for use "
                                    "at inference. PyTorch: new = (1 − momentum)·old + momentum·batch, momentum 0.1 "
                                    "by default: about the last 10 batches.";  // PyTorch docs: BatchNorm1d
  if (key == "running_var") return "The same moving average for the variance, of the unbiased batch variance "
                                   "m/(m−1)·σ² in PyTorch, as the paper's inference estimate (Algorithm 2, step 10). "
                                   "Keras 3 averages the biased σ² instead.";  // PyTorch docs: BatchNorm1d; Ioffe & Szegedy 2015, Alg. 2; Keras 3 source
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
                       "is the gradient the layer below receives. Per feature Σᵢ dxᵢ = 0 for any ε: shifting the "
                       "whole column changes nothing, and a dy that is the same for every sample gives dx = 0 (the "
                       "mean of y is β whatever x is). Σᵢ dxᵢ·x̂ᵢ = 0 holds exactly only when ε = 0, where scaling "
                       "the column changes nothing too; with ε it is small while σ² is much larger than ε.";
    // Ioffe & Szegedy 2015, §3 (backward pass): dx = (dx̂ − mean dx̂ − x̂·mean(dx̂·x̂))/√(σ²+ε), so Σ dx = 0 for
    // any ε and Σ dx·x̂ = ε/(σ²+ε)·Σ dx̂·x̂/√(σ²+ε) (tests/test_texts.cpp checks both)
  }
  return "A step of Batch Normalization.";
}

}  // namespace bnlab
