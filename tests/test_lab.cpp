// test_lab.cpp: the step-through lab's pure parts: presets, exports, and the running-statistics stream.
#include <doctest.h>

#include <cmath>
#include <string>

#include "core/lab/lab_presets.hpp"
#include "core/lab/running_stream.hpp"
#include "core/lab/trace_export.hpp"

TEST_CASE("the default batch has the statistics its comment promises") {
  const bn::Trace t = bn::BuildTrace(bn::DefaultLabBatch());
  REQUIRE(t.fwd.mean.size() == 3);
  CHECK(t.fwd.mean(0) == doctest::Approx(3.0));
  CHECK(t.fwd.mean(1) == doctest::Approx(110.0));
  CHECK(t.fwd.mean(2) == doctest::Approx(0.0));
  CHECK(t.fwd.var(0) == doctest::Approx(3.5));
  CHECK(t.fwd.var(1) == doctest::Approx(500.0));
  CHECK(t.fwd.var(2) == doctest::Approx(1.25));
}

TEST_CASE("every preset runs, except the batch of 1 in train mode, which is refused as PyTorch does") {
  for (const bn::LabPreset& p : bn::LabPresets(7)) {
    CAPTURE(p.name);
    CHECK_FALSE(p.lesson.empty());
    if (p.input.x.rows() == 1) {
      CHECK_THROWS_AS(bn::BuildTrace(p.input), std::invalid_argument);
      bn::TraceInput eval = p.input;
      eval.mode = bn::Mode::Eval;
      CHECK_NOTHROW(bn::BuildTrace(eval));
    } else {
      const bn::Trace t = bn::BuildTrace(p.input);
      // x̂ has mean 0 per feature; variance 1 unless the feature is constant (then x̂ = 0).
      const bn::Mat& xhat = t.fwd.xhat;
      for (Eigen::Index j = 0; j < xhat.cols(); ++j) {
        CHECK(std::fabs(xhat.col(j).mean()) < 1e-9);
        const double v = (xhat.col(j).array() - xhat.col(j).mean()).square().mean();
        if (t.fwd.var(j) > 1e-3) CHECK(v == doctest::Approx(1.0).epsilon(1e-3));
      }
    }
  }
  // The constant feature: σ² = 0, ε keeps 1/√(σ²+ε) finite, x̂ = 0.
  const bn::Trace c = bn::BuildTrace(bn::LabPresets()[3].input);
  CHECK(c.fwd.var(1) == 0.0);
  CHECK(c.fwd.inv_std(1) == doctest::Approx(1.0 / std::sqrt(static_cast<double>(static_cast<float>(1e-5)))));
  CHECK(c.fwd.xhat.col(1).cwiseAbs().maxCoeff() == 0.0);
  // Same seed, same random batch; another seed, another batch.
  CHECK(bn::LabPresets(3)[1].input.x == bn::LabPresets(3)[1].input.x);
  CHECK(bn::LabPresets(3)[1].input.x != bn::LabPresets(4)[1].input.x);
}

TEST_CASE("Markdown and LaTeX exports hold every step and the numbers") {
  bn::TraceInput in = bn::DefaultLabBatch();
  in.has_dy = true;
  in.dy = bn::Mat::Ones(4, 3);
  const bn::Trace t = bn::BuildTrace(in);
  const std::string md = bn::TraceToMarkdown(t);
  const std::string tex = bn::TraceToLatex(t);
  for (const bn::TraceStep& s : t.steps) {
    CAPTURE(s.key);
    CHECK(md.find(s.title) != std::string::npos);
    CHECK(tex.find(bn::LatexSymbol(s.key)) != std::string::npos);
  }
  CHECK(md.find("| μ | 3 | 110 | 0 |") != std::string::npos);   // the means, one row
  CHECK(md.find("| σ² | 3.5 | 500 | 1.25 |") != std::string::npos);
  CHECK(tex.find("\\begin{tabular}{lrrr}") != std::string::npos);
  CHECK(tex.find("$110$") != std::string::npos);
}

TEST_CASE("the running statistics converge to the stream's true mean and unbiased variance") {
  bn::StreamConfig c;
  c.true_mean = 5.0;
  c.true_std = 2.0;
  c.batch_size = 4;  // small B: biased batch variance averages 3/4·σ*², unbiased averages σ*²
  c.momentum = 0.01;
  bn::BatchStream s(c);
  double sum_biased = 0, sum_unbiased = 0;
  const int steps = 4000;
  for (int k = 0; k < steps; ++k) {
    s.Step();
    sum_biased += s.history().back().batch_var;
    sum_unbiased += s.history().back().batch_var_unbiased;
  }
  CHECK(s.steps_done() == steps);
  CHECK(s.history().size() == bn::BatchStream::kMaxHistory);
  CHECK(sum_biased / steps == doctest::Approx(3.0).epsilon(0.05));    // (B−1)/B · 4
  CHECK(sum_unbiased / steps == doctest::Approx(4.0).epsilon(0.05));
  CHECK(s.running().mean(0) == doctest::Approx(5.0).epsilon(0.05));
  CHECK(s.running().var(0) == doctest::Approx(4.0).epsilon(0.15));
  // One step by hand: PyTorch's update with the unbiased variance.
  const bn::StreamRecord before = s.history().back();
  s.Step();
  const bn::StreamRecord after = s.history().back();
  CHECK(after.running_mean == doctest::Approx(0.99 * before.running_mean + 0.01 * after.batch_mean));
  CHECK(after.running_var == doctest::Approx(0.99 * before.running_var + 0.01 * after.batch_var_unbiased));
  CHECK(after.batch_var_unbiased == doctest::Approx(after.batch_var * 4.0 / 3.0));
}

TEST_CASE("Keras's convention weights the old value by momentum and keeps the biased variance") {
  bn::StreamConfig c;
  c.convention = bn::MomentumConvention::Keras;
  c.momentum = 0.99;
  bn::BatchStream s(c);
  s.Step();
  const bn::StreamRecord r = s.history().back();
  CHECK(r.running_mean == doctest::Approx(0.99 * 0.0 + 0.01 * r.batch_mean));
  CHECK(r.running_var == doctest::Approx(0.99 * 1.0 + 0.01 * r.batch_var));
  bn::StreamConfig bad = c;
  bad.batch_size = 1;
  CHECK_THROWS_AS(s.Reset(bad), std::invalid_argument);
}
