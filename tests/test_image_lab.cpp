// test_image_lab.cpp: the image-batch lab's model (core/image_lab): the seeded batch and its edits, the step
// trace of every variant checked against sums done here by brute force, the formulas written out in numbers,
// and the URL hash (round trip, and every refusal leaving the state as it was).
//
//   Batch        seeded values, edits, resizing
//   Trace        step keys per variant; μ, σ², x̂, y, dβ, dγ recomputed by brute force; GroupNorm's equivalences
//   Formulas     NormSubstituted shows the group's numbers and the step's value
//   Hash         round trip; refusals
#include <doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/lab/image_lab.hpp"
#include "core/lab/image_link.hpp"

using bn::NormVariant;

namespace {

bn::ImageLabInput With(NormVariant v, int groups = 1, int ghost = 1) {
  bn::ImageLabInput in = bn::DefaultImageLabInput();
  in.params.variant = v;
  in.params.groups = groups;
  in.params.ghost_batch = ghost;
  return in;
}

std::vector<std::string> Keys(const bn::NormTrace& t) {
  std::vector<std::string> k;
  for (const bn::NormStep& s : t.steps) k.push_back(s.key);
  return k;
}

size_t At(const bn::ImageLabInput& in, int n, int c, int h, int w) {
  return ((static_cast<size_t>(n) * in.c + c) * in.h + h) * in.w + w;
}

}  // namespace

TEST_CASE("image lab: the seeded batch is small integers, channel c near 2c, and edits sit on top") {
  bn::ImageLabInput in = bn::DefaultImageLabInput();
  const bn::Tensor4 x = bn::ImageTensor(in);
  REQUIRE(x.data.size() == 2u * 3 * 4 * 4);
  for (int n = 0; n < 2; ++n)
    for (int c = 0; c < 3; ++c)
      for (int k = 0; k < 16; ++k) {
        const double v = x.data[At(in, n, c, k / 4, k % 4)];
        CHECK(v == std::round(v));
        CHECK(std::abs(v - 2.0 * c) <= 3.0);
      }
  CHECK(bn::ImageTensor(in).data == x.data);  // the same seed gives the same batch
  in.seed = 2;
  CHECK(bn::ImageTensor(in).data != x.data);
  in.seed = 1;

  bn::SetImageValue(&in, 5, 2.5);
  bn::SetImageValue(&in, 17, -1.0);
  CHECK(in.edits.size() == 2);
  CHECK(bn::ImageTensor(in).data[5] == 2.5);
  bn::SetImageValue(&in, 5, x.data[5]);  // back to the seeded value: no longer an edit
  CHECK(in.edits.size() == 1);
  CHECK_THROWS_WITH_AS(bn::SetImageValue(&in, 96, 1.0), "element 96 is outside the 96-value batch", std::invalid_argument);
  CHECK_THROWS_AS(bn::SetImageValue(&in, 0, std::nan("")), std::invalid_argument);
  for (int k = 0; k < 95 && static_cast<int>(in.edits.size()) < bn::kImageMaxEdits; ++k) bn::SetImageValue(&in, k, 100.0 + k);
  CHECK(static_cast<int>(in.edits.size()) == bn::kImageMaxEdits);
  CHECK_THROWS_AS(bn::SetImageValue(&in, 95, 1000.0), std::invalid_argument);
  CHECK(static_cast<int>(in.edits.size()) == bn::kImageMaxEdits);  // the refusal changed nothing
}

TEST_CASE("image lab: resizing keeps edits that still fit, per-channel values, and a G and B that divide") {
  bn::ImageLabInput in = With(NormVariant::Group, 3, 2);
  in.gamma << 2, 3, 4;
  bn::SetImageValue(&in, static_cast<int>(At(in, 1, 2, 3, 3)), 50.0);  // last element
  bn::SetImageValue(&in, static_cast<int>(At(in, 0, 1, 0, 0)), 40.0);
  bn::ResizeImageLab(&in, 2, 2, 2, 2);
  REQUIRE(in.edits.size() == 1);
  CHECK(in.edits[0].first == static_cast<int>(At(in, 0, 1, 0, 0)));
  CHECK(bn::ImageTensor(in).data[At(in, 0, 1, 0, 0)] == 40.0);
  CHECK(in.gamma.size() == 2);
  CHECK(in.gamma(1) == 3.0);
  CHECK(in.params.groups == 2);  // 3 does not divide C = 2
  bn::ResizeImageLab(&in, 3, 8, 1, 20);
  CHECK(in.params.ghost_batch == 1);  // 2 does not divide N = 3
  CHECK(in.w == bn::kImageMaxDim);
  CHECK(in.gamma.size() == 8);
  CHECK(in.gamma(7) == 1.0);
}

TEST_CASE("image lab: each variant's steps, and its statistics recomputed by brute force") {
  struct Case { NormVariant v; int groups, ghost; };
  const Case cases[] = {{NormVariant::Batch, 1, 1}, {NormVariant::Layer, 1, 1}, {NormVariant::Instance, 1, 1},
                        {NormVariant::Group, 3, 1}, {NormVariant::Ghost, 1, 1}, {NormVariant::Ghost, 2, 2},
                        {NormVariant::Renorm, 1, 1}};
  for (const Case& cs : cases) {
    const std::string name = bn::NormVariantName(cs.v);
    CAPTURE(name);
    CAPTURE(cs.ghost);
    bn::ImageLabInput in = With(cs.v, cs.groups, cs.ghost);
    in.gamma << 1.5, -0.5, 2;
    in.beta << 0.25, 1, -3;
    in.backward = true;
    const bn::NormTrace t = bn::BuildNormTrace(in);
    const bool renorm = cs.v == NormVariant::Renorm;
    const std::vector<std::string> expect =
        renorm ? std::vector<std::string>{"mean", "var", "inv_std", "xhat_b", "r", "d", "xhat", "y", "dy", "dbeta",
                                          "dgamma", "dxhat", "dx"}
               : std::vector<std::string>{"mean", "var", "inv_std", "xhat", "y", "dy", "dbeta", "dgamma", "dxhat", "dx"};
    CHECK(Keys(t) == expect);
    const bn::NormGroups& g = t.fwd.groups;
    // Brute force: gather each group's members with the variant's rule, written out here.
    auto member = [&](int n, int c) {
      switch (cs.v) {
        case NormVariant::Batch: case NormVariant::Renorm: return c;
        case NormVariant::Ghost: return (n / cs.ghost) * 3 + c;  // sub-batches of B samples
        case NormVariant::Layer: return n;
        case NormVariant::Instance: return n * 3 + c;
        case NormVariant::Group: return n * 3 + c;  // G = C = 3
      }
      return -1;
    };
    std::vector<double> sum(g.count, 0.0), sq(g.count, 0.0);
    std::vector<int> size(g.count, 0);
    for (int n = 0; n < 2; ++n)
      for (int c = 0; c < 3; ++c)
        for (int k = 0; k < 16; ++k) {
          const int grp = member(n, c);
          REQUIRE(grp < g.count);
          sum[grp] += t.x.data[At(in, n, c, k / 4, k % 4)];
          ++size[grp];
        }
    for (int k = 0; k < g.count; ++k) {
      CHECK(size[k] == g.size);
      CHECK(t.steps[0].value[k] == doctest::Approx(sum[k] / size[k]).epsilon(1e-12));
    }
    for (int n = 0; n < 2; ++n)
      for (int c = 0; c < 3; ++c)
        for (int k = 0; k < 16; ++k) {
          const int grp = member(n, c);
          const double d = t.x.data[At(in, n, c, k / 4, k % 4)] - sum[grp] / size[grp];
          sq[grp] += d * d;
        }
    double dbeta0 = 0.0, dgamma0 = 0.0;
    const std::vector<double>& y = t.steps[t.index_of("y")].value;
    const std::vector<double>& xhat = t.steps[t.index_of("xhat")].value;
    for (int n = 0; n < 2; ++n)
      for (int c = 0; c < 3; ++c)
        for (int k = 0; k < 16; ++k) {
          const size_t i = At(in, n, c, k / 4, k % 4);
          const int grp = member(n, c);
          const double var = sq[grp] / size[grp];
          double xh = (t.x.data[i] - sum[grp] / size[grp]) / std::sqrt(var + in.eps);
          if (renorm) xh = xh * t.fwd.r[c] + t.fwd.d[c];
          CHECK(xhat[i] == doctest::Approx(xh).epsilon(1e-12));
          CHECK(y[i] == doctest::Approx(in.gamma(c) * xh + in.beta(c)).epsilon(1e-12));
          if (c == 0) dbeta0 += t.dy.data[i], dgamma0 += t.dy.data[i] * xh;
        }
    for (int k = 0; k < g.count; ++k) CHECK(t.steps[1].value[k] == doctest::Approx(sq[k] / size[k]).epsilon(1e-12));
    CHECK(t.steps[t.index_of("dbeta")].value[0] == doctest::Approx(dbeta0).epsilon(1e-12));
    CHECK(t.steps[t.index_of("dgamma")].value[0] == doctest::Approx(dgamma0).epsilon(1e-12));
    // dx sums to zero over every group: moving all of a group's values together changes no x̂ (Renorm: r·that).
    std::vector<double> dx_sum(g.count, 0.0);
    const std::vector<double>& dx = t.steps.back().value;
    for (int n = 0; n < 2; ++n)
      for (int c = 0; c < 3; ++c)
        for (int k = 0; k < 16; ++k) dx_sum[member(n, c)] += dx[At(in, n, c, k / 4, k % 4)];
    for (double s : dx_sum) CHECK(std::abs(s) < 1e-9);
  }
}

TEST_CASE("image lab: GroupNorm with G = 1 is LayerNorm and with G = C is InstanceNorm, in every step") {
  bn::ImageLabInput in = With(NormVariant::Group, 1);
  in.backward = true;
  bn::ImageLabInput layer = With(NormVariant::Layer);
  layer.backward = true;
  const bn::NormTrace a = bn::BuildNormTrace(in), b = bn::BuildNormTrace(layer);
  REQUIRE(a.steps.size() == b.steps.size());
  for (size_t k = 0; k < a.steps.size(); ++k)
    for (size_t i = 0; i < a.steps[k].value.size(); ++i)
      CHECK(a.steps[k].value[i] == doctest::Approx(b.steps[k].value[i]).epsilon(1e-12));
  in.params.groups = 3;
  bn::ImageLabInput inst = With(NormVariant::Instance);
  inst.backward = true;
  const bn::NormTrace c = bn::BuildNormTrace(in), d = bn::BuildNormTrace(inst);
  for (size_t k = 0; k < c.steps.size(); ++k)
    for (size_t i = 0; i < c.steps[k].value.size(); ++i)
      CHECK(c.steps[k].value[i] == doctest::Approx(d.steps[k].value[i]).epsilon(1e-12));
}

TEST_CASE("image lab: bad settings are refused by the trace with the core's message") {
  bn::ImageLabInput in = With(NormVariant::Group, 2);  // C = 3
  CHECK_THROWS_WITH_AS(bn::BuildNormTrace(in), "groups: C = 3 is not divisible by G = 2", std::invalid_argument);
  in = With(NormVariant::Instance);
  bn::ResizeImageLab(&in, 2, 3, 1, 1);  // H·W = 1
  CHECK_THROWS_AS(bn::BuildNormTrace(in), std::invalid_argument);
  in = With(NormVariant::Batch);
  bn::ResizeImageLab(&in, 1, 3, 1, 1);  // N·H·W = 1
  CHECK_THROWS_AS(bn::BuildNormTrace(in), std::invalid_argument);
}

TEST_CASE("image lab: formulas written out with the group's own numbers") {
  bn::ImageLabInput in = With(NormVariant::Instance);
  in.backward = true;
  const bn::NormTrace t = bn::BuildNormTrace(in);
  // Element (sample 2, channel 3, row 1, column 2) is in group 2·3 = 6 (1-based): its 16 pixels.
  const std::string mean = bn::NormSubstituted(t, 0, 1, 2, 0, 1);
  const size_t first = At(in, 1, 2, 0, 0);
  const std::string expect_start = "μ₆ = (" + bn::FormatNumber(t.x.data[first]) + " + ";
  CHECK(mean.rfind(expect_start, 0) == 0);
  CHECK(mean.find("…) / 16 = " + bn::FormatNumber(t.fwd.mean[5])) != std::string::npos);
  const std::string xhat = bn::NormSubstituted(t, t.index_of("xhat"), 1, 2, 0, 1);
  const size_t i = At(in, 1, 2, 0, 1);
  CHECK(xhat.find("= " + bn::FormatNumber(t.fwd.xhat.data[i])) == xhat.size() - ("= " + bn::FormatNumber(t.fwd.xhat.data[i])).size());
  CHECK(xhat.find("μ₆") != std::string::npos);
  const std::string y = bn::NormSubstituted(t, t.index_of("y"), 1, 2, 0, 1);
  CHECK(y.find("γ₃") != std::string::npos);
  CHECK(bn::NormSubstituted(t, 99, 0, 0, 0, 0).empty());
  for (int k = 0; k < static_cast<int>(t.steps.size()); ++k) {  // every step ends with its own value
    const std::string s = bn::NormSubstituted(t, k, 1, 2, 3, 3);
    CHECK(s.find(" = ") != std::string::npos);
  }
  CHECK(bn::NormGroupLabel(t.fwd.groups, 5) == "sample 2, channel 3");
  const bn::NormGroups group = bn::MakeNormGroups(2, 4, 2, 2, NormVariant::Group, 2);
  CHECK(bn::NormGroupLabel(group, 3) == "sample 2, group 2 (channels 3–4)");
}

TEST_CASE("image lab: the URL hash round-trips and refuses bad links without touching the state") {
  bn::ImageLabInput in = With(NormVariant::Group, 3);
  in.gamma << 2, 0.5, -1;
  in.backward = true;
  in.seed = 7;
  bn::SetImageValue(&in, 5, 2.5);
  const std::string hash = bn::FormatImageHash(in, 4);
  CHECK(bn::IsImageHash(hash));
  CHECK(bn::IsImageHash("#" + hash));
  CHECK_FALSE(bn::IsImageHash("x=1,2;3,4"));
  CHECK_FALSE(bn::IsImageHash("lab=imagex"));
  bn::ImageLabInput back = bn::DefaultImageLabInput();
  int step = 0;
  std::string error;
  REQUIRE(bn::ApplyImageHash(hash, &back, &step, &error));
  CHECK(step == 4);
  CHECK(back.params.variant == NormVariant::Group);
  CHECK(back.params.groups == 3);
  CHECK(back.gamma == in.gamma);
  CHECK(back.edits == in.edits);
  CHECK(back.seed == 7);
  CHECK(back.backward);
  CHECK(bn::ImageTensor(back).data == bn::ImageTensor(in).data);

  const std::pair<const char*, const char*> bad[] = {
      {"lab=image&shape=9,3,4,4", "shape N must be a whole number from 1 to 8 (got '9')"},
      {"lab=image&shape=2,3,4", "shape must be four whole numbers N,C,H,W (got '2,3,4')"},
      {"lab=image&norm=weight", "norm must be batch, layer, instance, group, ghost or renorm (got 'weight')"},
      {"lab=image&groups=0", "groups must be a whole number from 1 to 8 (got '0')"},
      {"lab=image&edit=96:1", "edit index must be a whole number from 0 to 95 (got '96')"},
      {"lab=image&edit=3", "edit '3' is not index:value"},
      {"lab=image&edit=3:1e40", "edit value: '1e40' is too large for a float32 (|x| <= 3.4e38)"},
      {"lab=image&running_var=1,-1,1", "running_var must not be negative"},
      {"lab=image&gamma=1,2", "gamma has 2 values, the batch has C = 3 channels"},
      {"lab=image&r_max=0.5", "r_max must be 1 or more (got 0.5)"},
      {"lab=image&eps=-1", "eps must be 0 or more (got -1)"},
      {"lab=image&colour=red", nullptr},
      {"lab=image&step=x", "step must be a whole number from 0 to 100 (got 'x')"},
      {"lab=image&seed=1&seed=2", "key 'seed' appears twice"},
  };
  for (const auto& b : bad) {
    CAPTURE(b.first);
    bn::ImageLabInput keep = in;
    int keep_step = 4;
    error.clear();
    CHECK_FALSE(bn::ApplyImageHash(b.first, &keep, &keep_step, &error));
    if (b.second) CHECK(error == b.second);
    CHECK_FALSE(error.empty());
    CHECK(keep_step == 4);
    CHECK(keep.seed == 7);
    CHECK(keep.edits == in.edits);
  }
}
