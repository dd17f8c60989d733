// lesson.cpp: the twelve chapters, their labs and answers, and the learner's progress.
//
// Index
//   1. The chapters (every sentence checked against /work/shared/teaching-facts.md; the source beside it)
//   2. WordCount, ChapterStepInput, ChapterImageInput, LessonNumericAnswer
//   3. Progress: NewLessonProgress, counts, Format/Parse
//   4. OpenChapter, AnswerLesson
//
// The path follows the seed article's order (inputs, why normalize inside, the two steps, m, ε, γ/β,
// inference, small batches, why BN helps, internal covariate shift, the landscape, convolutions) and
// corrects it where teaching-facts.md lists its slips: m, ε's place, min–max versus standardizing, and
// "solves internal covariate shift".
#include "core/learn/lesson.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_presets.hpp"
#include "core/learn/practice.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. The chapters
// ---------------------------------------------------------------------------------------------
namespace {

LessonQuestion Numeric(std::string prompt, std::string source, int i, int j, std::string explain) {
  LessonQuestion q;
  q.prompt = std::move(prompt);
  q.source = std::move(source);
  q.i = i;
  q.j = j;
  q.explain = std::move(explain);
  return q;
}

LessonQuestion Choice(std::string prompt, std::vector<std::string> choices, int correct, std::string explain) {
  LessonQuestion q;
  q.prompt = std::move(prompt);
  q.choices = std::move(choices);
  q.correct = correct;
  q.explain = std::move(explain);
  return q;
}

std::vector<Chapter> MakeChapters() {
  std::vector<Chapter> L;

  // 1 ------------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "Scaling inputs: min–max or standardize";
    // Min–max versus standardizing: teaching-facts.md, "The seed article's slips" (its FAQ calls normalization
    // scaling to 0..1, which is min–max; BN standardizes). BN's statistics are the mini-batch's: Ioffe &
    // Szegedy 2015, Algorithm 1.
    c.text =
        "Before training, inputs are usually rescaled so that no feature dominates just because of its units. "
        "Two recipes are easy to mix up. Min–max scaling maps each feature onto the range 0 to 1: subtract the "
        "smallest value and divide by the range. Standardizing subtracts the feature's mean and divides by its "
        "standard deviation, so the feature gets mean 0 and variance 1; its values are not confined to any "
        "range. Batch Normalization standardizes, and it uses the statistics of the current mini-batch, not of "
        "the whole data set. The lab holds a batch of 4 samples with 2 features in very different units and "
        "stops at the normalized values x̂.";
    c.formula = "min–max: (x − min) / (max − min)      standardize: (x − μ) / σ";
    c.link = "x=2,50;4,70;6,60;8,100&gamma=1,1&beta=0,0&eps=0.00001&mode=train&step=8";
    c.step_key = "xhat";
    // Feature 2 is 50, 70, 60, 100: μ = 70, σ² = 350, so x̂ runs from −1.07 to 1.60 (checked in test_learn.cpp).
    c.look_at = "The x̂ table: feature 2's values 50 to 100 become numbers between about −1.07 and 1.60, on the same "
                "scale as feature 1's.";
    c.questions.push_back(Numeric("Min–max scale x₂,₁ = 4 within feature 1 (its values are 2, 4, 6, 8).", "minmax",
                                  1, 0, "(4 − 2) / (8 − 2) = 1/3: min–max keeps the values in [0, 1]."));
    c.questions.push_back(Numeric("Standardize the same value: what is x̂₂,₁?", "trace:xhat", 1, 0,
                                  "(4 − 5) / √(5 + ε): a value below the mean becomes negative."));
    c.questions.push_back(Choice("What does BN do to each feature of a batch?",
                                 {"maps it onto the range 0 to 1", "gives it mean 0 and variance 1 over the batch",
                                  "divides it by its largest value"},
                                 1, "BN standardizes with the batch's mean and variance (Algorithm 1 of the paper)."));
    L.push_back(c);
  }

  // 2 ------------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "Why normalize inside the network";
    // Ioffe & Szegedy 2015, §4.1 and Figure 1: a 3-layer, 100-unit sigmoid MNIST network; the 15th/50th/85th
    // percentiles of one sigmoid input move less with BN (more stable, not fixed). The lab's experiment 2
    // (trainer.cpp, Experiment::Distributions) measures the same percentiles on a small 2-D data set.
    c.text =
        "Scaled inputs help only the first layer. Every later layer receives the outputs of the layers below it, "
        "and those change whenever the weights are updated: their mean and spread drift as training goes on. "
        "Ioffe and Szegedy watched this in a small MNIST network with sigmoid units. The 15th, 50th and 85th "
        "percentiles of one unit's input moved during training, and moved less when that input was batch-"
        "normalized (their Figure 1). BN applies the standardization of chapter 1 to the input of a layer, at "
        "every training step, with the current mini-batch. The training lab repeats the measurement on a small "
        "network with sigmoid units and a two-feature data set, plain and with BN.";
    c.lab = ChapterLab::Training;
    c.commands = {"tab-train", "experiment:distributions"};
    c.look_at = "Press Start. Compare the three percentile curves of the plain network with those of the BN network.";
    c.questions.push_back(Choice("In the paper's Figure 1, what did BN do to the percentiles of a sigmoid's input?",
                                 {"held them exactly fixed", "made them move less than without BN",
                                  "made them move more"},
                                 1, "More stable, not fixed: the batch statistics still change a little from batch "
                                    "to batch."));
    c.questions.push_back(Choice("During training, which statistics does BN standardize a layer's input with?",
                                 {"those of the whole training set", "those of the current mini-batch",
                                  "fixed values chosen before training"},
                                 1, "The mini-batch's mean and variance (Algorithm 1); stored averages are used at "
                                    "inference (chapter 7)."));
    L.push_back(c);
  }

  // 3 ------------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "The two steps: normalize, then scale and shift";
    // Ioffe & Szegedy 2015, Algorithm 1: μ = (1/m) Σ x, σ² = (1/m) Σ (x − μ)² (biased), x̂ = (x − μ)/√(σ² + ε),
    // y = γ x̂ + β with γ, β learned per activation; §3: γ and β restore what normalizing alone would remove.
    c.text =
        "BN works on one feature at a time, over the m values that feature takes in the batch. First it "
        "normalizes: the batch mean μ, the batch variance σ² (the mean of the squared deviations, dividing by m, "
        "not m − 1), then x̂ = (x − μ) / √(σ² + ε). Then it scales and shifts: y = γ x̂ + β. The network learns "
        "γ and β like its weights, one pair per feature. Without them every normalized input would be forced to "
        "mean 0 and variance 1; with them the network can keep another scale and offset if that serves it "
        "better. The lab shows a 4×3 batch with γ = 2, 0.5, 1 and β = 1, 0, −1, at the output y.";
    c.formula = "μ = (1/m) Σᵢ xᵢ    σ² = (1/m) Σᵢ (xᵢ − μ)²    x̂ = (x − μ)/√(σ² + ε)    y = γ x̂ + β";
    c.link = "x=1,120,-0.5;2,80,0.5;3,100,-1.5;6,140,1.5&gamma=2,0.5,1&beta=1,0,-1&eps=0.00001&mode=train&step=10";
    c.step_key = "y";
    c.look_at = "Step back through the list: μ, σ², √(σ² + ε), x̂, then γx̂ and y. Feature 1's y has mean β₁ = 1.";
    c.questions.push_back(Numeric("What is μ₁, the batch mean of feature 1 (values 1, 2, 3, 6)?", "trace:mean", -1, 0,
                                  "(1 + 2 + 3 + 6) / 4 = 3."));
    c.questions.push_back(Numeric("What is y₁,₁ = γ₁ x̂₁,₁ + β₁?", "trace:y", 0, 0,
                                  "x̂₁,₁ = (1 − 3)/√(3.5 + ε) ≈ −1.069, then 2 · (−1.069) + 1."));
    c.questions.push_back(Choice("Without γ and β, what would every feature of the output have over the batch?",
                                 {"mean 0 and variance 1 (just under 1, because of ε)", "its original mean and variance",
                                  "values between 0 and 1"},
                                 0, "γ and β let the network choose another mean and spread for each feature."));
    L.push_back(c);
  }

  // 4 ------------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "What m counts";
    // teaching-facts.md, seed article's slips: m is the number of values per feature in the batch, not "the number
    // of neurons". Ioffe & Szegedy 2015, Algorithm 1 (m = mini-batch size) and §3.2 (conv: m' = m·p·q).
    c.text =
        "The m in BN's formulas is the number of values one feature takes in the batch: the values its mean and "
        "variance are computed over. In a fully connected layer each of the N samples gives one value per "
        "feature, so m = N, the batch size. In a convolutional layer a feature is a channel, and it has a value "
        "at every position of every sample, so m = N·H·W. Some tutorials call m the number of neurons in the "
        "layer. That is a different count, the number of features, and BN never averages across features. The "
        "image lab holds a batch of 3 samples with 2 channels of 2×2 pixels; colours mark the values that share "
        "one mean.";
    c.formula = "dense: m = N        convolution: m = N·H·W";
    c.lab = ChapterLab::Image;
    c.link = "lab=image&shape=3,2,2,2&norm=batch&seed=1&step=0";
    c.step_key = "mean";
    c.look_at = "The tensor picture: every value of channel 1, in all three samples, has the same colour.";
    c.questions.push_back(Numeric("How many values does channel 1's mean average in this 3×2×2×2 batch (N×C×H×W)?",
                                  "image:m", -1, 0, "m = N·H·W = 3·2·2 = 12."));
    c.questions.push_back(Numeric("What is μ of channel 1?", "image:mean", 0, 0,
                                  "The mean of the 12 values of channel 1, over all samples and positions."));
    c.questions.push_back(Choice("A dense layer with 100 units sees a batch of 32 samples. What is m for each unit?",
                                 {"100", "32", "3200"}, 1,
                                 "Each unit (feature) has one value per sample: 32 values, whatever the width."));
    L.push_back(c);
  }

  // 5 ------------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "Where ε goes";
    // Ioffe & Szegedy 2015, Algorithm 1: ε inside the root. PyTorch BatchNorm eps 1e-5, Keras 3 epsilon 1e-3
    // (teaching-facts.md, Libraries). The seed article's slip: ε added to the standard deviation.
    c.text =
        "A feature that takes the same value throughout the batch has σ² = 0, and dividing by √σ² would divide "
        "by zero. A small constant ε prevents that. The paper, PyTorch and Keras all add ε to the variance, "
        "inside the square root: x̂ = (x − μ) / √(σ² + ε). Some tutorials write (x − μ) / (σ + ε), ε added to "
        "the standard deviation; that is a different number. With σ² = 0 and ε = 0.00001 the library form "
        "divides by √ε ≈ 0.00316, the other by 0.00001. The defaults differ as well: PyTorch uses ε = 1e-5, "
        "Keras 1e-3. In the lab, feature 2 is constant (5, 5, 5, 5).";
    c.formula = "x̂ = (x − μ) / √(σ² + ε)      not (x − μ) / (σ + ε)";
    c.link = "x=1,5;2,5;3,5;4,5&gamma=1,1&beta=0,0&eps=0.00001&mode=train&step=7";
    c.step_key = "inv_std";
    c.look_at = "Feature 2: σ² = 0, so 1/√(σ² + ε) = 1/√ε, large but finite; one step later x̂ = 0.";
    c.questions.push_back(Numeric("What is 1/√(σ₂² + ε) for the constant feature 2?", "trace:inv_std", -1, 1,
                                  "σ₂² = 0, so 1/√(0 + 0.00001) ≈ 316.2."));
    c.questions.push_back(Numeric("And x̂₁,₂, sample 1's normalized value in feature 2?", "trace:xhat", 0, 1,
                                  "x − μ = 5 − 5 = 0, and 0 times anything finite is 0."));
    c.questions.push_back(Choice("Keras's default ε is", {"1e-5", "1e-3", "0"}, 1,
                                 "Keras uses 1e-3, PyTorch 1e-5: the same model gives slightly different x̂."));
    L.push_back(c);
  }

  // 6 ------------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "γ and β can undo the normalization";
    // Ioffe & Szegedy 2015, §3: γ = √Var[x], β = E[x] recover the activation ("represent the identity").
    // teaching-facts.md: with batch statistics that holds for one batch; with fixed (inference) statistics exactly.
    c.text =
        "γ and β can give back the input. Choose γ = √(σ² + ε) and β = μ: then y = γ (x − μ)/√(σ² + ε) + μ = x. "
        "So inserting BN does not take away anything the layer could represent before. But the identity is "
        "exact only when μ and σ² are fixed numbers. At inference they are: BN uses the stored running "
        "statistics. In training they are the current batch's, and a γ and β that undo one batch do not undo "
        "the next, whose mean and variance differ. The lab is in eval mode with running mean 2 and 100, running "
        "variance 4 and 400, γ = √(σ² + ε) and β = μ for those numbers.";
    c.formula = "γ = √(σ² + ε),  β = μ   ⇒   y = x";
    c.link = "x=1,120;2,80;3,100;6,140&gamma=2.0000024,20&beta=2,100&eps=0.00001&mode=eval&running_mean=2,100&"
             "running_var=4,400&step=8";
    c.step_key = "y";
    c.look_at = "Compare y with x: equal up to float32 rounding. Then switch the mode to train and watch y change.";
    c.questions.push_back(Numeric("What is y₁,₁ in eval mode?", "trace:y", 0, 0,
                                  "(1 − 2)/√(4 + ε) · 2.0000024 + 2 = 1: the input comes back."));
    c.questions.push_back(Numeric("And y₄,₂?", "trace:y", 3, 1, "140 again: the identity holds for every value."));
    c.questions.push_back(Choice("In train mode this batch's own statistics are μ = 3, 110 and σ² = 3.5, 500. Is y "
                                 "still x?",
                                 {"yes, γ and β always undo BN", "no: γ and β match the running statistics, not this "
                                  "batch's"},
                                 1, "In training μ and σ² come from the batch, so the same γ and β give x back only "
                                    "for a batch with exactly those statistics."));
    L.push_back(c);
  }

  // 7 ------------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "Training versus inference";
    // teaching-facts.md, Libraries: PyTorch momentum 0.1, running ← (1 − m)·running + m·batch, stores the unbiased
    // variance; Keras 3 momentum 0.99, moving ← m·moving + (1 − m)·batch, biased variance; 0.1 and 0.99 average
    // over roughly the last 10 and 100 batches. Ioffe & Szegedy 2015, Algorithm 2: unbiased variance at inference.
    c.text =
        "At inference a prediction must not depend on which other samples share its batch, so BN switches to "
        "statistics stored during training: after every training batch a running mean and variance are updated "
        "by a moving average. PyTorch writes running ← (1 − momentum)·running + momentum·batch with momentum "
        "0.1. Keras writes moving ← momentum·moving + (1 − momentum)·batch with momentum 0.99. The same word "
        "weighs opposite terms: 0.1 and 0.99 average over roughly the last 10 and 100 batches. PyTorch stores "
        "the unbiased variance m/(m − 1)·σ², as the paper's Algorithm 2 uses at inference; Keras 3 stores the "
        "biased one. In PyTorch, model.eval() switches to the running statistics.";
    c.formula = "PyTorch: μ_run ← 0.9·μ_run + 0.1·μ      σ²_run ← 0.9·σ²_run + 0.1·m/(m − 1)·σ²";
    c.link = "x=1,120;2,80;3,100;6,140&gamma=1,1&beta=0,0&eps=0.00001&mode=train&momentum=0.1&step=12";
    c.step_key = "running_var";
    c.look_at = "The last two steps: the running statistics start at 0 and 1 and take one step towards this batch's.";
    c.questions.push_back(Numeric("After this batch, what is μ_run₁ (it started at 0; μ₁ = 3)?", "trace:running_mean",
                                  -1, 0, "0.9 · 0 + 0.1 · 3 = 0.3."));
    c.questions.push_back(Numeric("And σ²_run₁ (it started at 1; σ₁² = 3.5, m = 4)?", "trace:running_var", -1, 0,
                                  "0.9 · 1 + 0.1 · 4/3 · 3.5 ≈ 1.367: PyTorch stores the unbiased variance."));
    c.questions.push_back(Choice("Keras's momentum 0.99 is the same setting as which PyTorch momentum?",
                                 {"0.99", "0.01", "0.1"}, 1,
                                 "Keras's momentum weighs the old value, PyTorch's the new batch: 1 − 0.99 = 0.01."));
    L.push_back(c);
  }

  // 8 ------------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "Small batches";
    // teaching-facts.md, Libraries: PyTorch raises "Expected more than 1 value per channel when training". Wu & He
    // 2018: GroupNorm's error stays flat as the batch shrinks, BN's grows (Fig. 1). Ba et al. 2016: LayerNorm per
    // sample. With two values, x − μ = ±half the gap and σ = half the gap: x̂ = ±σ/√(σ² + ε).
    c.text =
        "BN's mean and variance are estimates from m values, and few values make noisy estimates: the same "
        "sample is normalized differently depending on its batch mates. With two samples, x̂ is always close to "
        "−1 and +1 whatever the two values are, since each lies half the gap from the mean and σ is half the "
        "gap. With a single value per feature there is no spread at all: PyTorch refuses to train then "
        "(\"Expected more than 1 value per channel when training\"), and so does this lab. Normalizations that "
        "compute their statistics inside each sample do not depend on the batch: LayerNorm over a sample's "
        "features, GroupNorm over groups of channels. Wu and He show GroupNorm's error staying flat as the batch "
        "shrinks, while BN's grows.";
    c.link = "x=3,-1;7,4&gamma=1,1&beta=0,0&eps=0.00001&mode=train&step=8";
    c.step_key = "xhat";
    c.look_at = "x̂ of the two samples: about −1 and +1 in both features. Edit a value and they stay there.";
    c.questions.push_back(Numeric("What is x̂₁,₁ (feature 1 holds 3 and 7)?", "trace:xhat", 0, 0,
                                  "(3 − 5)/√(4 + ε): just above −1."));
    c.questions.push_back(Numeric("And x̂₂,₂ (feature 2 holds −1 and 4)?", "trace:xhat", 1, 1,
                                  "(4 − 1.5)/√(6.25 + ε): just under +1."));
    c.questions.push_back(Choice("Which normalizations still work on a single sample in training?",
                                 {"BatchNorm", "LayerNorm and GroupNorm", "none of them"}, 1,
                                 "They compute statistics within the sample; the image lab's Norm menu shows them."));
    L.push_back(c);
  }

  // 9 ------------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "Why BN helps: larger steps, less care at the start";
    // Ioffe & Szegedy 2015, abstract (higher learning rates, less careful initialization) and §3.3:
    // BN(Wu) = BN((aW)u); ∂BN((aW)u)/∂(aW) = (1/a)·∂BN(Wu)/∂W. The lab's experiments 1 (lr) and 6 (init).
    c.text =
        "Ioffe and Szegedy found that with BN a network trains at much higher learning rates and needs less "
        "care in choosing its initial weights. One reason is in their section 3.3: scaling a layer's weights W "
        "by a number a > 0 does not change BN's output, BN((aW)u) = BN(Wu), because the scale cancels in "
        "x̂. The gradient with respect to the scaled weights is 1/a times the old one, so weights that grow "
        "receive smaller updates, which keeps the growth in check. The training lab's experiment 1 trains "
        "the same network twice from the same weights at learning rate 3, plain and with BN. Experiment 6 "
        "varies the scale of the initial weights.";
    c.formula = "BN((aW)u) = BN(Wu)      ∂BN((aW)u)/∂(aW) = (1/a) · ∂BN(Wu)/∂W";
    c.lab = ChapterLab::Training;
    c.commands = {"tab-train", "experiment:lr"};
    c.look_at = "Press Start and compare the two loss curves at this large learning rate.";
    c.questions.push_back(Choice("Scaling a layer's weights W by a > 0 changes BN(Wu) how?",
                                 {"not at all", "by a factor a", "by a factor 1/a"}, 0,
                                 "μ and σ scale by a as well, and the scale cancels in x̂ (up to ε)."));
    c.questions.push_back(Choice("And the gradient with respect to the scaled weights aW?",
                                 {"a times larger", "1/a times the old one", "unchanged"}, 1,
                                 "Larger weights get smaller gradients (§3.3)."));
    L.push_back(c);
  }

  // 10 -----------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "Internal covariate shift, and a newer view";
    // Ioffe & Szegedy 2015 (title, §2: reducing internal covariate shift). Santurkar et al. 2018: noisy BN (noise
    // with non-zero mean and non-unit variance, re-drawn every step, after BN layers) trains as well as BN;
    // ICS measured through gradient change is not reduced by BN (can increase). teaching-facts.md: frame the
    // second as the newer understanding.
    c.text =
        "The original paper explained BN by internal covariate shift: each layer's input distribution changes "
        "as the layers below learn, and BN was meant to reduce that change. Tutorials often say BN solves it. "
        "Santurkar and colleagues tested the idea in 2018. They added random noise after the BN layers, with a "
        "non-zero mean and a non-unit variance drawn afresh at every step, so the distributions became even "
        "less stable than without BN. The noisy network still trained about as well as with standard BN. When "
        "they measured the shift as the change in a layer's gradient caused by updating the earlier layers, "
        "BN did not reduce it, and sometimes increased it. Stable distributions do not explain BN's benefit.";
    c.lab = ChapterLab::Training;
    c.commands = {"tab-train", "experiment:noisy"};
    c.look_at = "Press Start: the noisy-BN network's loss against plain BN's and the plain network's.";
    c.questions.push_back(Choice("With noise added after BN, the layers' input distributions were",
                                 {"more stable than with standard BN", "less stable, yet training went about as well"},
                                 1, "So stability of the distributions is not what makes BN work."));
    c.questions.push_back(Choice("Measured through the change of a layer's gradient, does BN reduce internal "
                                 "covariate shift?",
                                 {"yes, strongly", "no; it can even increase it"}, 1,
                                 "Santurkar et al. 2018; the lab's experiment 4 measures the same quantity."));
    L.push_back(c);
  }

  // 11 -----------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "A smoother loss landscape";
    // Santurkar et al. 2018: along the gradient g, the variation of L(x − ηg), the gradient predictiveness
    // ‖∇L(x) − ∇L(x − ηg)‖ and the effective β-smoothness, the largest ratio of that to ‖ηg‖; BN makes the
    // loss and gradient change more gently. Lab experiment 5 (Experiment::Landscape) measures the three.
    c.text =
        "Santurkar and colleagues proposed another explanation: BN makes the loss and its gradient change more "
        "gently. At the current weights, take steps of several lengths η along the gradient g and measure three "
        "things. How much the loss L(x − ηg) varies. How much the gradient changes, ‖∇L(x) − ∇L(x − ηg)‖, "
        "which they call gradient predictiveness (smaller means the gradient here predicts the gradient there "
        "better). And the largest ratio of that change to the step length ‖ηg‖, an effective β-smoothness. "
        "With BN all three were smaller. A landscape that changes gently makes a long step safe, which fits the "
        "higher learning rates of chapter 9.";
    c.formula = "‖∇L(x) − ∇L(x − ηg)‖      max over η of ‖∇L(x) − ∇L(x − ηg)‖ / ‖ηg‖";
    c.lab = ChapterLab::Training;
    c.commands = {"tab-train", "experiment:landscape"};
    c.look_at = "Press Start: the loss range, gradient change and smoothness curves of the two networks.";
    c.questions.push_back(Choice("A smaller ‖∇L(x) − ∇L(x − ηg)‖ means",
                                 {"the gradient changes little over the step", "the loss is smaller",
                                  "the learning rate is smaller"},
                                 0, "The gradient at x then predicts the gradient a step away."));
    L.push_back(c);
  }

  // 12 -----------------------------------------------------------------------------------------
  {
    Chapter c;
    c.title = "BN in convolutional networks";
    // Ioffe & Szegedy 2015, §3.2: for convolutions one γ, β per feature map, statistics over all m·p·q values of
    // the map. Group/Layer/Instance Norm groupings: teaching-facts.md, The relatives.
    c.text =
        "A convolution applies the same filter at every position of the image, so BN treats all positions of a "
        "channel alike: one mean and one variance per channel, computed over the N samples and all H·W "
        "positions, and one γ and one β per channel. In PyTorch that is BatchNorm2d on an N×C×H×W tensor. The "
        "image lab shows a batch of 2 samples with 3 channels of 4×4 pixels, coloured by the values that share "
        "statistics: with BatchNorm a colour is one channel across the whole batch. Change the Norm menu to see "
        "the relatives: LayerNorm groups a sample's whole C×H×W, InstanceNorm one channel of one sample, "
        "GroupNorm a group of channels of one sample.";
    c.formula = "μ_c = (1/(N·H·W)) Σ over n, h, w of x(n, c, h, w)";
    c.lab = ChapterLab::Image;
    c.link = "lab=image&shape=2,3,4,4&norm=batch&seed=1&step=3";
    c.step_key = "xhat";
    c.look_at = "Pick a value in the picture: its x̂ uses the μ and σ² of its channel, shared with 31 other values.";
    c.questions.push_back(Numeric("What is μ of channel 2?", "image:mean", 1, 0,
                                  "The mean of the 2·4·4 = 32 values of channel 2."));
    c.questions.push_back(Numeric("And σ² of channel 2?", "image:var", 1, 0,
                                  "The mean of the squared deviations of those 32 values (dividing by 32)."));
    c.questions.push_back(Choice("How many means does BatchNorm2d compute for a 2×3×4×4 tensor?",
                                 {"3, one per channel", "2, one per sample", "96, one per value"}, 0,
                                 "One per channel, each over N·H·W = 32 values."));
    L.push_back(c);
  }
  return L;
}

}  // namespace

const std::vector<Chapter>& LessonChapters() {
  static const std::vector<Chapter> chapters = MakeChapters();  // constant data, built once
  return chapters;
}

// ---------------------------------------------------------------------------------------------
// 2. Words, labs, answers
// ---------------------------------------------------------------------------------------------
int WordCount(const std::string& text) {
  int words = 0;
  bool in_word = false;
  for (char ch : text) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

bool ChapterStepInput(const Chapter& c, TraceInput* in, int* step, std::string* error) {
  if (c.lab != ChapterLab::Step || c.link.empty()) {
    *error = "chapter '" + c.title + "' does not set up the step lab";
    return false;
  }
  TraceInput next = DefaultLabBatch();
  int s = 0;
  if (!ApplyLabHash(c.link, &next, &s, error)) return false;
  *in = next;
  *step = s;
  return true;
}

bool ChapterImageInput(const Chapter& c, ImageLabInput* in, int* step, std::string* error) {
  if (c.lab != ChapterLab::Image || !IsImageHash(c.link)) {
    *error = "chapter '" + c.title + "' does not set up the image lab";
    return false;
  }
  ImageLabInput next = DefaultImageLabInput();
  int s = 0;
  if (!ApplyImageHash(c.link, &next, &s, error)) return false;
  *in = next;
  *step = s;
  return true;
}

namespace {

std::string WithoutResult(const std::string& working) {
  const size_t eq = working.rfind(" = ");
  return eq == std::string::npos ? working : working.substr(0, eq) + " = ?";
}

}  // namespace

bool LessonNumericAnswer(const Chapter& c, const LessonQuestion& q, double* value, double* scale, std::string* hint,
                         std::string* error) {
  if (!q.numeric()) {
    *error = "a choice question has no numeric answer";
    return false;
  }
  try {
    if (q.source.rfind("trace:", 0) == 0 || q.source == "minmax") {
      TraceInput in;
      int step = 0;
      if (!ChapterStepInput(c, &in, &step, error)) return false;
      const Trace t = BuildTrace(in);
      const int d = static_cast<int>(in.x.cols()), m = static_cast<int>(in.x.rows());
      if (q.j < 0 || q.j >= d || q.i >= m) {
        *error = "question index outside the chapter's batch";
        return false;
      }
      if (q.source == "minmax") {
        if (q.i < 0) {
          *error = "minmax needs an element";
          return false;
        }
        const double lo = in.x.col(q.j).minCoeff(), hi = in.x.col(q.j).maxCoeff(), x = in.x(q.i, q.j);
        // min–max scaling: (x − min) / (max − min)
        *value = hi > lo ? (x - lo) / (hi - lo) : 0.0;
        *scale = 1.0;
        *hint = "(x − min) / (max − min) = (" + FormatNumber(x, 6) + " − " + FormatNumber(lo, 6) + ") / (" +
                FormatNumber(hi, 6) + " − " + FormatNumber(lo, 6) + ") = ?";
        return true;
      }
      const std::string key = q.source.substr(6);
      PracticeQuestion pq;
      pq.step = t.index_of(key);
      if (pq.step < 0) {
        *error = "the chapter's batch has no step '" + key + "'";
        return false;
      }
      pq.key = key;
      const bool element = t.steps[pq.step].extent == Extent::PerElement;
      if (element != (q.i >= 0)) {
        *error = "step '" + key + "' needs " + (element ? "an element (i, j)" : "a feature j only");
        return false;
      }
      pq.i = q.i;
      pq.j = q.j;
      pq.truth = element ? t.steps[pq.step].value(q.i, q.j) : t.steps[pq.step].value(0, q.j);
      *value = pq.truth;
      *scale = PracticeScale(t, pq);
      *hint = PracticeHint(t, pq, std::nan(""));
      return true;
    }
    if (q.source.rfind("image:", 0) == 0) {
      ImageLabInput in;
      int step = 0;
      if (!ChapterImageInput(c, &in, &step, error)) return false;
      const NormTrace t = BuildNormTrace(in);
      const std::string key = q.source.substr(6);
      if (key == "m") {
        const NormGroups& g = t.fwd.groups;
        *value = g.size;
        *scale = 1.0;
        *hint = "m = N·H·W = " + std::to_string(g.n) + "·" + std::to_string(g.h) + "·" + std::to_string(g.w) + " = ?";
        return true;
      }
      const int k = t.index_of(key);
      if (k < 0 || q.i < 0 || q.i >= static_cast<int>(t.steps[k].value.size())) {
        *error = "the chapter's image batch has no value " + key + "[" + std::to_string(q.i) + "]";
        return false;
      }
      *value = t.steps[k].value[q.i];
      double s = 0.0;
      for (double v : t.x.data) s = std::max(s, std::fabs(v));
      *scale = s;
      // The element whose formula is written out: for per-group/per-channel steps, sample 0 of channel/group i.
      int ni = 0, ci = 0, hi = 0, wi = 0;
      const NormStep& st = t.steps[k];
      const int hw = in.h * in.w;
      if (st.extent == NormExtent::PerElement) {
        ni = q.i / (in.c * hw);
        ci = (q.i / hw) % in.c;
        hi = (q.i % hw) / in.w;
        wi = q.i % in.w;
      } else if (st.extent == NormExtent::PerChannel || in.params.variant == NormVariant::Batch) {
        ci = q.i;
      }
      *hint = WithoutResult(NormSubstituted(t, k, ni, ci, hi, wi, 6));
      return true;
    }
  } catch (const std::exception& e) {
    *error = e.what();
    return false;
  }
  *error = "unknown answer source '" + q.source + "'";
  return false;
}

// ---------------------------------------------------------------------------------------------
// 3. Progress
// ---------------------------------------------------------------------------------------------
LessonProgress NewLessonProgress() {
  LessonProgress p;
  for (const Chapter& c : LessonChapters()) p.status.push_back(std::string(c.questions.size(), '0'));
  return p;
}

int AnsweredCount(const LessonProgress& p, int chapter) {
  if (chapter < 0 || chapter >= static_cast<int>(p.status.size())) return 0;
  const std::string& s = p.status[chapter];
  return static_cast<int>(std::count_if(s.begin(), s.end(), [](char ch) { return ch != '0'; }));
}

int AnsweredTotal(const LessonProgress& p) {
  int n = 0;
  for (int k = 0; k < static_cast<int>(p.status.size()); ++k) n += AnsweredCount(p, k);
  return n;
}

std::string FormatLessonProgress(const LessonProgress& p) {
  std::string s = "v1;chapter=" + std::to_string(p.chapter + 1) + ";q=";
  for (size_t k = 0; k < p.status.size(); ++k) s += (k ? "." : "") + p.status[k];
  return s;
}

bool ParseLessonProgress(const std::string& text, LessonProgress* out) {
  const std::vector<Chapter>& chapters = LessonChapters();
  const std::string head = "v1;chapter=";
  if (text.compare(0, head.size(), head) != 0) return false;
  const size_t semi = text.find(";q=", head.size());
  if (semi == std::string::npos) return false;
  const std::string num = text.substr(head.size(), semi - head.size());
  if (num.empty() || num.size() > 3 || !std::all_of(num.begin(), num.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return false;
  const int chapter = std::atoi(num.c_str()) - 1;
  if (chapter < 0 || chapter >= static_cast<int>(chapters.size())) return false;
  LessonProgress p;
  p.chapter = chapter;
  const std::string rest = text.substr(semi + 3);
  size_t start = 0;
  for (size_t k = 0; k < chapters.size(); ++k) {
    const size_t dot = rest.find('.', start);
    const bool last = k + 1 == chapters.size();
    if (last != (dot == std::string::npos)) return false;
    const std::string part = rest.substr(start, last ? std::string::npos : dot - start);
    if (part.size() != chapters[k].questions.size()) return false;
    for (char ch : part)
      if (ch < '0' || ch > '3') return false;
    p.status.push_back(part);
    start = dot + 1;
  }
  *out = p;
  return true;
}

// ---------------------------------------------------------------------------------------------
// 4. Answering
// ---------------------------------------------------------------------------------------------
void OpenChapter(LessonSession* s, int chapter) {
  const int n = static_cast<int>(LessonChapters().size());
  s->progress.chapter = std::max(0, std::min(chapter, n - 1));
  const size_t q = LessonChapters()[s->progress.chapter].questions.size();
  s->attempts.assign(q, 0);
  s->hints.assign(q, std::string());
  s->feedback.assign(q, std::string());
}

LessonReply AnswerLesson(LessonSession* s, int question, const std::string& text) {
  LessonReply r;
  const Chapter& c = LessonChapters()[s->progress.chapter];
  if (question < 0 || question >= static_cast<int>(c.questions.size())) {
    r.ok = false;
    r.error = "chapter " + std::to_string(s->progress.chapter + 1) + " has questions 1 to " +
              std::to_string(c.questions.size());
    return r;
  }
  if (s->attempts.size() != c.questions.size()) OpenChapter(s, s->progress.chapter);
  char& status = s->progress.status[s->progress.chapter][question];
  if (status != '0') {
    r.ok = false;
    r.error = "question " + std::to_string(question + 1) + " is already answered";
    return r;
  }
  const LessonQuestion& q = c.questions[question];
  bool correct = false;
  std::string answer_text, hint;
  if (q.numeric()) {
    double v = 0.0, truth = 0.0, scale = 0.0;
    if (!ParseAnswer(text, &v, &r.error)) {
      r.ok = false;
      return r;
    }
    if (!LessonNumericAnswer(c, q, &truth, &scale, &hint, &r.error)) {
      r.ok = false;
      return r;
    }
    correct = AnswerMatches(v, truth, scale);
    answer_text = FormatNumber(truth, 6);
    if (!correct) hint = "Not " + FormatNumber(v, 6) + ". " + hint;
  } else {
    std::string t;
    for (char ch : text)
      if (ch != ' ') t += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const int n = static_cast<int>(q.choices.size());
    if (t.size() != 1 || t[0] < 'a' || t[0] >= 'a' + n) {
      r.ok = false;
      r.error = "choose one letter, a to " + std::string(1, static_cast<char>('a' + n - 1));
      return r;
    }
    const int picked = t[0] - 'a';
    correct = picked == q.correct;
    answer_text = std::string(1, static_cast<char>('a' + q.correct)) + ") " + q.choices[q.correct];
    if (!correct) hint = "Not " + std::string(1, t[0]) + ") " + q.choices[picked] + ". Read the chapter's text again.";
  }
  if (correct) {
    r.correct = true;
    status = s->attempts[question] == 0 ? '1' : '2';
    s->hints[question].clear();
    s->feedback[question] = "Right. " + q.explain;
  } else {
    ++s->attempts[question];
    if (s->attempts[question] >= kAnswerTries) {
      r.shown = true;
      status = '3';
      s->hints[question].clear();
      s->feedback[question] = "The answer: " + answer_text + ". " + q.explain;
    } else {
      s->hints[question] = hint + " (try " + std::to_string(s->attempts[question]) + " of " +
                           std::to_string(kAnswerTries) + ")";
    }
  }
  r.attempts = s->attempts[question];
  return r;
}

}  // namespace bn
