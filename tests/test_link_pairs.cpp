// test_link_pairs.cpp: a link split into its pairs once (SplitHashPairs) and the value readers the step, image and
// training links share (core/lab/link_pairs.hpp); each link format read from pairs as from its text.
#include <doctest.h>

#include <string>
#include <vector>

#include "core/lab/image_link.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_presets.hpp"
#include "core/lab/link_pairs.hpp"
#include "core/lab/train_link.hpp"

TEST_CASE("SplitHashPairs: decoded pairs in order; LinkValue and LinkLab find keys") {
  bn::LinkPairs pairs;
  std::string error;
  REQUIRE(bn::SplitHashPairs("#x=1%2C2%3B3%2C4&&lab=image&empty=", &pairs, &error));
  REQUIRE(pairs.size() == 3);
  CHECK(pairs[0] == std::make_pair(std::string("x"), std::string("1,2;3,4")));
  CHECK(pairs[1] == std::make_pair(std::string("lab"), std::string("image")));
  CHECK(pairs[2] == std::make_pair(std::string("empty"), std::string()));
  REQUIRE(bn::LinkValue(pairs, "x") != nullptr);
  CHECK(*bn::LinkValue(pairs, "x") == "1,2;3,4");
  CHECK(bn::LinkValue(pairs, "y") == nullptr);
  CHECK(bn::LinkLab(pairs) == "image");
  REQUIRE(bn::SplitHashPairs("", &pairs, &error));
  CHECK(pairs.empty());
  CHECK(bn::LinkLab(pairs).empty());
  // Refusals, one line each.
  CHECK_FALSE(bn::SplitHashPairs("a=1&b", &pairs, &error));
  CHECK(error == "'b' has no '=' (expected key=value)");
  CHECK_FALSE(bn::SplitHashPairs("a=1&a=2", &pairs, &error));
  CHECK(error == "key 'a' appears twice");
  CHECK_FALSE(bn::SplitHashPairs("a=%4", &pairs, &error));
  CHECK(error == "a '%' escape at position 0 is not %XX");
  CHECK_FALSE(bn::SplitHashPairs(std::string(bn::kLabMaxHashLength + 1, 'a'), &pairs, &error));
  CHECK(error == "the link is too long (8193 characters; at most 8192)");
}

TEST_CASE("the shared value readers: lists, rows, whole numbers, float32 numbers, numbers in a range") {
  CHECK(bn::SplitLinkList("a,b,,c", ',') == std::vector<std::string>{"a", "b", "", "c"});
  CHECK(bn::SplitLinkList("", ';') == std::vector<std::string>{""});
  bn::Row row;
  std::string error;
  REQUIRE(bn::ParseHashRow("1,-2.5,3e-2", "gamma", &row, &error));
  REQUIRE(row.size() == 3);
  CHECK(row(1) == -2.5);
  CHECK(row(2) == static_cast<double>(0.03f));
  CHECK_FALSE(bn::ParseHashRow("1,x", "gamma", &row, &error));
  CHECK(error == "gamma value 2: 'x' is not a number");
  CHECK_FALSE(bn::ParseHashRow("1,2,3,4,5,6,7,8,9", "beta", &row, &error));
  CHECK(error == "beta has 9 values; at most 8 features");

  long whole = -1;
  CHECK(bn::ParseLinkWhole("42", 0, 100, &whole));
  CHECK(whole == 42);
  for (const char* bad : {"", "101", "-1", "4x", "1.5", "x"}) {
    CAPTURE(bad);
    CHECK_FALSE(bn::ParseLinkWhole(bad, 0, 100, &whole));
  }
  CHECK(whole == 42);  // untouched by a refusal
  int v = 0;
  CHECK(bn::ParseLinkInt("groups", "3", 1, 8, &v, &error));
  CHECK(v == 3);
  CHECK_FALSE(bn::ParseLinkInt("groups", "9", 1, 8, &v, &error));
  CHECK(error == "groups must be a whole number from 1 to 8 (got '9')");
  double d = 0;
  CHECK(bn::ParseLinkNumber("eps", "0.001", &d, &error));
  CHECK(d == static_cast<double>(0.001f));
  CHECK_FALSE(bn::ParseLinkNumber("eps", "abc", &d, &error));
  CHECK(error == "eps: 'abc' is not a number");
  CHECK(bn::ParseLinkNumberIn("lr", "0.5", 1e-6, 1000, false, &d, &error));
  CHECK(d == 0.5);
  CHECK_FALSE(bn::ParseLinkNumberIn("depth", "2.5", 1, 8, true, &d, &error));
  CHECK(error == "depth must be a whole number from 1 to 8 (got 2.5)");
  CHECK_FALSE(bn::ParseLinkNumberIn("lr", "1,2", 1e-6, 1000, false, &d, &error));
  CHECK(error == "lr must be a number from 1e-06 to 1000 (got 1,2)");
}

TEST_CASE("each link format reads the same from its pairs as from its text") {
  std::string error;
  // The step lab's.
  const std::string step_link = "x=1,2;3,4&gamma=2,3&eps=0.01&mode=eval&step=3";
  bn::LinkPairs pairs;
  REQUIRE(bn::SplitHashPairs(step_link, &pairs, &error));
  bn::TraceInput a = bn::DefaultLabBatch(), b = bn::DefaultLabBatch();
  int sa = 0, sb = 0;
  REQUIRE(bn::ApplyLabHash(step_link, &a, &sa, &error));
  REQUIRE(bn::ApplyLabPairs(pairs, &b, &sb, &error));
  CHECK(bn::FormatLabHash(a, sa) == bn::FormatLabHash(b, sb));
  CHECK(sb == 3);
  // The image lab's.
  const std::string image_link = "lab=image&shape=2,4,2,2&norm=group&groups=2&edit=3:1.5&step=2";
  REQUIRE(bn::SplitHashPairs(image_link, &pairs, &error));
  bn::ImageLabInput ia = bn::DefaultImageLabInput(), ib = bn::DefaultImageLabInput();
  REQUIRE(bn::ApplyImageHash(image_link, &ia, &sa, &error));
  REQUIRE(bn::ApplyImagePairs(pairs, &ib, &sb, &error));
  CHECK(bn::FormatImageHash(ia, sa) == bn::FormatImageHash(ib, sb));
  CHECK(ib.params.groups == 2);
  CHECK(ib.edits.size() == 1);
  // The training lab's.
  const std::vector<bn::ExperimentInfo> ex = bn::Experiments();
  const std::string train_link = "lab=train&exp=lr&depth=2&lr=0.5";
  REQUIRE(bn::SplitHashPairs(train_link, &pairs, &error));
  bn::TrainLink ta, tb;
  REQUIRE(bn::ApplyTrainHash(train_link, ex, &ta, &error));
  REQUIRE(bn::ApplyTrainPairs(pairs, ex, &tb, &error));
  bool left_out = false;
  CHECK(bn::FormatTrainHash(ta, ex, &left_out) == bn::FormatTrainHash(tb, ex, &left_out));
  CHECK(tb.config.net.depth == 2);
  CHECK(tb.config.lr == 0.5);
}
