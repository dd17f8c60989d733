// test_lab_hash.cpp: the lab's cell reader (ParseFloat32) and the URL hash (ApplyLabHash / FormatLabHash).
#include <doctest.h>

#include <string>

#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_input.hpp"

namespace {

bn::TraceInput Default3() {
  bn::TraceInput in;
  in.x = bn::Mat::Zero(4, 3);
  in.gamma = bn::Row::Ones(3);
  in.beta = bn::Row::Zero(3);
  in.running = bn::MakeRunningStats(3);
  return in;
}

}  // namespace

TEST_CASE("ParseFloat32 accepts finite float32 numbers and rounds to float32") {
  double v = 0;
  std::string err;
  CHECK(bn::ParseFloat32("  -2.5 ", &v, &err));
  CHECK(v == -2.5);
  CHECK(bn::ParseFloat32("3e-2", &v, &err));
  CHECK(v == static_cast<double>(0.03f));
  CHECK(bn::ParseFloat32("\xE2\x88\x92" "1.25", &v, &err));  // Unicode minus, as the lab prints it
  CHECK(v == -1.25);
  CHECK(bn::ParseFloat32("0.1", &v, &err));
  CHECK(v == static_cast<double>(0.1f));
  CHECK(v != 0.1);
}

TEST_CASE("ParseFloat32 refuses what is not a finite float32 and keeps the value") {
  const char* bad[] = {"abc", "1e40", "", "   ", "nan", "inf", "-inf", "1.5x", "0x10", "1,5", "--1", "1e", "."};
  for (const char* text : bad) {
    double v = 7.0;
    std::string err;
    CAPTURE(text);
    CHECK_FALSE(bn::ParseFloat32(text, &v, &err));
    CHECK(v == 7.0);
    CHECK_FALSE(err.empty());
  }
  double v = 0;
  std::string err;
  CHECK_FALSE(bn::ParseFloat32("1e40", &v, &err));
  CHECK(err.find("too large") != std::string::npos);
  CHECK_FALSE(bn::ParseFloat32("abc", &v, &err));
  CHECK(err.find("not a number") != std::string::npos);
}

TEST_CASE("ApplyLabHash reads the example link of the issue") {
  bn::TraceInput in = Default3();
  int step = 0;
  std::string err;
  REQUIRE(bn::ApplyLabHash("#x=1,2,3;4,5,6&gamma=1,1,1&beta=0,0,0&eps=0.00001&mode=train&step=5", &in, &step, &err));
  CHECK(in.x.rows() == 2);
  CHECK(in.x.cols() == 3);
  CHECK(in.x(1, 2) == 6.0);
  CHECK(in.eps == static_cast<double>(1e-5f));
  CHECK(in.mode == bn::Mode::Train);
  CHECK(step == 5);
  CHECK(in.gamma.size() == 3);
}

TEST_CASE("ApplyLabHash: every key is optional; a new width resets per-feature settings") {
  bn::TraceInput in = Default3();
  in.gamma << 2, 3, 4;
  int step = 3;
  std::string err;
  REQUIRE(bn::ApplyLabHash("mode=eval", &in, &step, &err));
  CHECK(in.mode == bn::Mode::Eval);
  CHECK(step == 3);
  CHECK(in.gamma(1) == 3.0);
  REQUIRE(bn::ApplyLabHash("x=1,2;3,4;5,6", &in, &step, &err));
  CHECK(in.x.cols() == 2);
  CHECK(in.gamma.size() == 2);
  CHECK(in.gamma(0) == 1.0);
  CHECK(in.running.var.size() == 2);
  REQUIRE(bn::ApplyLabHash("x=1%2C2%3B3%2C4", &in, &step, &err));  // percent-escaped , and ;
  CHECK(in.x.rows() == 2);
  CHECK(in.x(1, 1) == 4.0);
}

TEST_CASE("ApplyLabHash refuses bad links whole, with a message, and keeps the state") {
  const char* bad[] = {
      "x=1,2;3",               // ragged
      "x=1,abc",               // not a number
      "x=1e40,1",              // too large
      "gamma=1,2",             // wrong length
      "eps=-1",                // negative eps
      "mode=test",             // unknown mode
      "step=-2",               // negative step
      "step=abc",
      "foo=1",                 // unknown key
      "x",                     // no '='
      "x=1,2&x=3,4",           // twice
      "x=%zz",                 // bad escape
      "x=1,2,3,4,5,6,7,8,9",   // too many features
      "dy=1,2",                // dy of another shape
      "momentum=2",
      "running_var=1,-1,1",
      "x=<script>alert(1)</script>",
  };
  for (const char* hash : bad) {
    bn::TraceInput in = Default3();
    in.x(0, 0) = 42.0;
    int step = 2;
    std::string err;
    CAPTURE(hash);
    CHECK_FALSE(bn::ApplyLabHash(hash, &in, &step, &err));
    CHECK_FALSE(err.empty());
    CHECK(in.x(0, 0) == 42.0);
    CHECK(in.x.cols() == 3);
    CHECK(step == 2);
  }
  // 17 rows, and a hash longer than the limit.
  std::string rows = "x=1";
  for (int i = 0; i < 16; ++i) rows += ";1";
  bn::TraceInput in = Default3();
  int step = 0;
  std::string err;
  CHECK_FALSE(bn::ApplyLabHash(rows, &in, &step, &err));
  CHECK(err.find("at most 16") != std::string::npos);
  CHECK_FALSE(bn::ApplyLabHash("x=" + std::string(10000, '1'), &in, &step, &err));
  CHECK(err.find("too long") != std::string::npos);
}

TEST_CASE("FormatLabHash and ApplyLabHash round-trip") {
  bn::TraceInput in = Default3();
  in.x << 0.1, -2.5, 1000.125, 3, 4, 5, 6, 7, 8, 1e-7, 2, 3;
  for (Eigen::Index k = 0; k < in.x.size(); ++k) in.x.data()[k] = static_cast<float>(in.x.data()[k]);
  in.gamma << 1, 2, 0.5;
  in.beta << 0, 1, -1;
  in.eps = static_cast<float>(1e-3);
  in.mode = bn::Mode::Eval;
  in.has_dy = true;
  in.dy = bn::Mat::Constant(4, 3, 0.25);
  in.running.mean << 1, 2, 3;
  const std::string hash = bn::FormatLabHash(in, 7);
  CHECK(hash.find("x=0.1,-2.5,1000.125;") == 0);
  bn::TraceInput back = Default3();
  int step = 0;
  std::string err;
  REQUIRE(bn::ApplyLabHash(hash, &back, &step, &err));
  CHECK(back.x == in.x);
  CHECK(back.gamma == in.gamma);
  CHECK(back.beta == in.beta);
  CHECK(back.eps == in.eps);
  CHECK(back.mode == in.mode);
  CHECK(back.has_dy);
  CHECK(back.dy == in.dy);
  CHECK(back.running.mean == in.running.mean);
  CHECK(step == 7);
  CHECK(bn::ShortestFloat32(0.1) == "0.1");
  CHECK(bn::ShortestFloat32(1e-5) == "1e-05");
}
