// norm_notes.cpp: the image lab's words: one note per normalization variant (when it is used, and how it
// behaves in training versus inference) and the help beside each step's formula. Our own words.
#include "ui/norm_notes.hpp"

namespace bnlab {

const char* NormNote(bn::NormVariant v) {
  switch (v) {
    case bn::NormVariant::Batch:
      return "BatchNorm in a convolutional layer keeps one mean and one variance per channel, pooled over every "
             "sample and every pixel of that channel: a channel counts as one feature seen N·H·W times, so its "
             "statistics average m = N·H·W values, the paper's effective mini-batch for convolutions (Ioffe & "
             "Szegedy, §3.2). One γ and one β per channel follow. It is the "
             "default for CNNs trained with batches of a reasonable size. Training uses the batch's statistics and "
             "updates running averages; inference uses the running averages instead, so one image gives the same "
             "output whatever else is in its batch. With small batches the statistics get noisy and differ more "
             "from the running ones, so the gap between training and inference grows; the usual remedies are "
             "GroupNorm (no batch dimension), Batch Renormalization, or synchronized BN, which pools the "
             "statistics of the batches on all devices.";  // Wu & He 2018, Fig. 1; Ioffe 2017, §1; Hoffer et al. 2017 (sync BN: the opposite of Ghost BN)
    case bn::NormVariant::Layer:
      // Ba, Kiros & Hinton 2016; PyTorch docs: LayerNorm (normalized_shape, elementwise_affine)
      return "LayerNorm here takes one mean and variance per sample, over all of its channels and pixels (C, H, W). "
             "No other sample takes part, so it works the same for a batch of one, for any batch size, and in "
             "training and inference alike: there are no running statistics to keep. Transformers use it per "
             "token: each token is normalized over its own d_model features, never across the sequence or the "
             "batch. PyTorch's nn.LayerNorm(normalized_shape) learns one γ and β per element of normalized_shape; "
             "the lab, like group_norm(x, 1), learns one pair per channel. On images it makes every channel of a "
             "sample share one scale, which is often a stronger constraint than wanted.";
    case bn::NormVariant::Instance:
      return "InstanceNorm normalizes each channel of each sample on its own, over its pixels only. It removes the "
             "per-channel brightness and contrast of every image, which is exactly what style transfer and image "
             "generation want, since much of an image's style lives in those statistics. It needs no batch and "
             "keeps no running statistics, so training and inference compute the same thing. With H·W = 1 there is "
             "a single value per group and nothing to normalize. PyTorch's nn.InstanceNorm2d has affine=False and "
             "track_running_stats=False by default: no γ, β unless asked for (the lab shows one pair per "
             "channel).";  // Ulyanov et al. 2016; PyTorch docs: InstanceNorm2d
    case bn::NormVariant::Group:
      return "GroupNorm splits each sample's channels into G groups and normalizes each group over its channels and "
             "pixels. G = 1 gives LayerNorm and G = C gives InstanceNorm (try both: the numbers match). Values in "
             "between, often 32, work well when memory allows only a few images per device, as in detection and "
             "segmentation. It never looks across samples, so training and inference are the same and there are no "
             "running statistics.";
    case bn::NormVariant::Ghost:
      return "Ghost BatchNorm cuts the batch into virtual sub-batches of B samples and computes BatchNorm's "
             "statistics for each one separately. Smaller statistics batches are noisier, and that noise "
             "regularizes large-batch training; it is also what happens when a batch is split across devices. "
             "Each sub-batch updates the running averages, and inference uses them exactly as BatchNorm does.";
    case bn::NormVariant::Renorm:
      return "Batch Renormalization starts from BatchNorm's batch statistics, then corrects x̂ with r = σ_B/σ_run and "
             "d = (μ_B − μ_run)/σ_run, both clipped and treated as constants in the backward pass. When the clips do "
             "not bite, x̂ equals (x − μ_run)/σ_run: training then normalizes as inference will, which helps with "
             "small or non-i.i.d. batches. Training usually starts at r_max = 1, d_max = 0 (plain BatchNorm) and "
             "widens the limits. Inference uses the running statistics. Here they are updated as BatchNorm's (mean and "
             "variance); the paper keeps moving averages of μ and of σ, the standard deviation.";
    // Ioffe 2017 (Batch Renorm), §3: r, d not learned; its moving averages are of μ and σ (teaching-facts.md)
  }
  return "";
}

const char* NormStepHelp(const std::string& key) {
  if (key == "mean")
    return "Sₖ is the set of values that share statistics group k (coloured alike in the picture). The mean is their "
           "average; which values belong together is the only thing that differs between the variants.";
  if (key == "var")
    return "The biased variance of group k: the average squared distance from its mean, dividing by its m values, "
           "not m − 1, as every framework does when it normalizes in training.";  // Ioffe & Szegedy 2015, Alg. 1
  if (key == "inv_std")
    return "ε keeps the division finite when a group is constant. Multiplying by 1/√(σ² + ε) is what the backward "
           "pass reuses, so it is worth keeping.";
  if (key == "xhat_b")
    return "The plain BatchNorm value, with this batch's statistics per channel. Renorm corrects it next.";
  if (key == "r")
    return "r rescales from the batch's spread to the running spread, clipped to [1/r_max, r_max]. It is not learned: "
           "it is computed from the statistics, and the backward pass treats r (and d) as constants, so the "
           "gradient still flows through the batch's μ_B and σ_B as in BatchNorm.";  // Ioffe 2017 (Batch Renorm), §3
  if (key == "d")
    return "d shifts from the batch's mean to the running mean, in units of the running standard deviation, clipped "
           "to [−d_max, d_max] and held constant in the backward pass.";
  if (key == "xhat")
    return "Each value becomes its distance from its group's mean in units of √(σ² + ε): every group now has mean 0 "
           "and variance σ²/(σ² + ε): just under 1 when σ² is much larger than ε, far under it when σ² is near or "
           "below ε (0 for a constant group). For Batch Renormalization this step is the corrected "
           "x̂ = r·x̂_B + d: its mean is d and its spread about r, so it is 0 and 1 only when r = 1 and d = 0.";  // Ioffe & Szegedy 2015, Alg. 1; Ioffe 2017 (Batch Renorm), §3
  if (key == "y")
    return "γ and β are learned, one pair per channel for every variant here (as PyTorch's group_norm and "
           "instance_norm take them), so the network can undo the normalization where that helps. nn.LayerNorm "
           "learns a pair per element instead, and nn.InstanceNorm2d none by default.";  // PyTorch docs: LayerNorm, InstanceNorm2d
  if (key == "dy") return "The gradient arriving from the layers above; here a fixed random pattern of small integers.";
  if (key == "dbeta") return "β is added to every value of its channel, so its gradient sums dy over (N, H, W).";
  if (key == "dgamma") return "γ multiplies x̂, so its gradient sums dy·x̂ over the channel's values.";
  if (key == "dxhat") return "Through y = γ·x̂ + β, each x̂ receives dy times its channel's γ.";
  if (key == "dx")
    return "Every x moved its group's mean and variance, so its gradient has three parts: its own dx̂, minus the "
           "group's average dx̂, minus x̂ times the group's average dx̂·x̂, all scaled by 1/√(σ² + ε). So over each "
           "group Σ dx = 0 for any ε, Σ dx·x̂ = 0 exactly only when ε = 0, and a dy that is the same for every "
           "value of a group gives dx = 0. For Renorm r multiplies in front, x̂_B takes x̂'s place, and r, d are "
           "constants.";  // Ioffe & Szegedy 2015, §3 (backward): Σ dx = 0 for any ε, Σ dx·x̂ = ε/(σ²+ε)·…
  return "One step of the normalization.";
}

}  // namespace bnlab
