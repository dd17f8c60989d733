// norm_notes.cpp: the image lab's words: one note per normalization variant (when it is used, and how it
// behaves in training versus inference) and the help beside each step's formula. Our own words.
#include "ui/norm_notes.hpp"

namespace bnlab {

const char* NormNote(bn::NormVariant v) {
  switch (v) {
    case bn::NormVariant::Batch:
      return "BatchNorm in a convolutional layer keeps one mean and one variance per channel, pooled over every "
             "sample and every pixel of that channel: a channel counts as one feature seen N·H·W times, so the "
             "effective batch is m·p·q values (Ioffe & Szegedy, §3.2). One γ and one β per channel follow. It is the "
             "default for CNNs trained with batches of a reasonable size. Training uses the batch's statistics and "
             "updates running averages; inference uses the running averages instead, so one image gives the same "
             "output whatever else is in its batch.";
    case bn::NormVariant::Layer:
      return "LayerNorm takes one mean and variance per sample, over all of its channels and pixels. No other "
             "sample takes part, so it works the same for a batch of one, for any batch size, and in training and "
             "inference alike: there are no running statistics to keep. That is why Transformers and recurrent "
             "networks use it on sequences. On images it makes every channel of a sample share one scale, which is "
             "often a stronger constraint than wanted.";
    case bn::NormVariant::Instance:
      return "InstanceNorm normalizes each channel of each sample on its own, over its pixels only. It removes the "
             "per-channel brightness and contrast of every image, which is exactly what style transfer and image "
             "generation want, since much of an image's style lives in those statistics. It needs no batch and "
             "keeps no running statistics, so training and inference compute the same thing. With H·W = 1 there is "
             "a single value per group and nothing to normalize.";
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
             "widens the limits. Inference uses the running statistics.";
  }
  return "";
}

const char* NormStepHelp(const std::string& key) {
  if (key == "mean")
    return "Sₖ is the set of values that share statistics group k (coloured alike in the picture). The mean is their "
           "average; which values belong together is the only thing that differs between the variants.";
  if (key == "var")
    return "The biased variance of group k: the average squared distance from its mean, dividing by M, not M − 1, as "
           "every framework does when it normalizes.";
  if (key == "inv_std")
    return "ε keeps the division finite when a group is constant. Multiplying by 1/√(σ² + ε) is what the backward "
           "pass reuses, so it is worth keeping.";
  if (key == "xhat_b")
    return "The plain BatchNorm value, with this batch's statistics per channel. Renorm corrects it next.";
  if (key == "r")
    return "r rescales from the batch's spread to the running spread. It is clipped to [1/r_max, r_max] and gets no "
           "gradient: the network cannot learn to lean on it.";
  if (key == "d")
    return "d shifts from the batch's mean to the running mean, in units of the running standard deviation, clipped "
           "to [−d_max, d_max] and held constant in the backward pass.";
  if (key == "xhat")
    return "Each value becomes its distance from its group's mean in units of the group's standard deviation: every "
           "group now has mean 0 and variance just under 1.";
  if (key == "y")
    return "γ and β are learned, one pair per channel for every variant here (as PyTorch's group_norm and "
           "instance_norm do), so the network can undo the normalization where that helps.";
  if (key == "dy") return "The gradient arriving from the layers above; here a fixed random pattern of small integers.";
  if (key == "dbeta") return "β is added to every value of its channel, so its gradient sums dy over (N, H, W).";
  if (key == "dgamma") return "γ multiplies x̂, so its gradient sums dy·x̂ over the channel's values.";
  if (key == "dxhat") return "Through y = γ·x̂ + β, each x̂ receives dy times its channel's γ.";
  if (key == "dx")
    return "Every x moved its group's mean and variance, so its gradient has three parts: its own dx̂, minus the "
           "group's average dx̂, minus x̂ times the group's average dx̂·x̂, all scaled by 1/σ. For Renorm r multiplies "
           "in front and r, d pass no gradient.";
  return "One step of the normalization.";
}

}  // namespace bnlab
