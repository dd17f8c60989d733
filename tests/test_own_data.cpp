// test_own_data.cpp: a teacher's own points: CSV reading (good files, each kind of bad line, the 1,000-point
// limit), the train/test split, the link text (exact round trip, size), and training on own data.
#include <doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/base/rng.hpp"
#include "core/train/own_data.hpp"
#include "core/train/trainer.hpp"
#include "test_util.hpp"

namespace {

std::string Lines(int n, bool header = true) {
  std::string s = header ? "x,y,label\n" : "";
  for (int i = 0; i < n; ++i) s += std::to_string(i % 7) + ".25," + std::to_string(-i % 5) + ".5," + std::to_string(i % 2) + "\n";
  return s;
}

std::string ErrorOf(const std::string& csv) {
  std::vector<bn::OwnPoint> pts = {{1, 2, 0}};
  std::string err;
  CHECK_FALSE(bn::ParsePointsCsv(csv, &pts, &err));
  CHECK(pts.size() == 1);  // untouched
  return err;
}

}  // namespace

TEST_CASE("own data CSV: good files with and without header, separators, quotes, comments") {
  std::vector<bn::OwnPoint> pts;
  std::string err;
  REQUIRE(bn::ParsePointsCsv(Lines(10), &pts, &err));
  REQUIRE(pts.size() == 10);
  CHECK(pts[3].x == 3.25f);
  CHECK(pts[3].y == -3.5f);  // (-3) % 5 is -3 in C++: "-3" + ".5"
  CHECK(pts[3].label == 1);
  REQUIRE(bn::ParsePointsCsv(Lines(10, false), &pts, &err));
  CHECK(pts.size() == 10);
  // Semicolons with decimal commas (a European spreadsheet), CRLF, BOM, quotes, blank and comment lines.
  const std::string eu = "\xEF\xBB\xBF\"x\";\"y\";\"class\"\r\n# drawn in class\r\n\r\n1,5; -2,25;0\r\n.5;+3.;1\r\n"
                         "0;0;0\r\n1;1;1\r\n2;2;0\r\n3;3;1\r\n4;4;0\r\n5;5;1\r\n";
  REQUIRE(bn::ParsePointsCsv(eu, &pts, &err));
  REQUIRE(pts.size() == 8);
  CHECK(pts[0].x == 1.5f);
  CHECK(pts[0].y == -2.25f);
  CHECK(pts[1].x == 0.5f);
  CHECK(pts[1].y == 3.0f);
  CHECK(pts[1].label == 1);
  const std::string tabs = "1e-3\t2E2\t1\n007\t-0.0\t0\n1\t1\t0\n2\t2\t1\n3\t3\t0\n4\t4\t1\n5\t5\t0\n6\t6\t1";
  REQUIRE(bn::ParsePointsCsv(tabs, &pts, &err));
  CHECK(pts[0].x == 0.001f);
  CHECK(pts[0].y == 200.0f);
  CHECK(pts[1].x == 7.0f);
  CHECK_FALSE(std::signbit(pts[1].y));  // -0 is the point 0
  CHECK(pts.size() == 8);  // no newline after the last line
}

TEST_CASE("own data CSV: each kind of bad line is named, and the current data is kept") {
  std::string bad = Lines(20);
  // line 1 is the header, so point i is on line i + 2
  auto replace_line = [](std::string s, int line, const std::string& with) {
    size_t at = 0;
    for (int l = 1; l < line; ++l) at = s.find('\n', at) + 1;
    return s.replace(at, s.find('\n', at) - at, with);
  };
  CHECK(ErrorOf(replace_line(bad, 17, "abc,1,0")) == "line 17: 'abc' is not a number");
  CHECK(ErrorOf(replace_line(bad, 5, "1,2")) == "line 5: expected 3 fields (x, y, label), found 2");
  CHECK(ErrorOf(replace_line(bad, 6, "1,5,2,5,1")) ==
        "line 6: expected 3 fields (x, y, label), found 5 (a decimal comma? use ';' between fields)");
  CHECK(ErrorOf(replace_line(bad, 7, "1,2,2")) == "line 7: label '2' must be 0 or 1");
  CHECK(ErrorOf(replace_line(bad, 8, "1,2,red")) == "line 8: 'red' is not a number (the label must be 0 or 1)");
  CHECK(ErrorOf(replace_line(bad, 9, "1,,0")) == "line 9: the y field is empty");
  CHECK(ErrorOf(replace_line(bad, 10, "1e9,0,1")) == "line 10: x = 1e9 is too large (at most 1000000 in size)");
  CHECK(ErrorOf(replace_line(bad, 11, "nan,0,1")) == "line 11: 'nan' is not a number");
  CHECK(ErrorOf(replace_line(bad, 12, "1,inf,1")) == "line 12: 'inf' is not a number");
  CHECK(ErrorOf(replace_line(bad, 13, "1,1e999,1")) == "line 13: y = 1e999 is too large (at most 1000000 in size)");
  CHECK(ErrorOf(replace_line(bad, 14, "0x10,1,1")) == "line 14: '0x10' is not a number");
  CHECK(ErrorOf("x,y,label\n1,2,0\n3,4,1\n") == "only 2 points; training needs at least 8");
  CHECK(ErrorOf("") == "only 0 points; training needs at least 8");
  CHECK(ErrorOf("1,1,1\n2,2,1\n3,3,1\n4,4,1\n5,5,1\n6,6,1\n7,7,1\n8,8,1\n") ==
        "every point has label 1; the data needs both classes, 0 and 1");
  // a header only on the first line: a word later is an error
  CHECK(ErrorOf("1,1,0\nx,y,label\n") == "line 2: 'x' is not a number");
}

TEST_CASE("own data CSV: 1,000 points are taken, 1,001 are refused naming the line") {
  std::vector<bn::OwnPoint> pts;
  std::string err;
  REQUIRE(bn::ParsePointsCsv(Lines(1000), &pts, &err));
  CHECK(pts.size() == 1000);
  CHECK(ErrorOf(Lines(1001)) == "line 1002: more than 1000 points; the lab takes at most 1000");
}

TEST_CASE("own data CSV: PointsToCsv reads back to the same float32 bits") {
  bn::Rng rng(5);
  std::vector<bn::OwnPoint> pts;
  for (int i = 0; i < 500; ++i)
    pts.push_back({static_cast<float>(rng.Normal() * std::pow(10.0, rng.Uniform(-8, 5))),
                   static_cast<float>(rng.Uniform(-2, 2)), i % 2});
  std::vector<bn::OwnPoint> back;
  std::string err;
  REQUIRE(bn::ParsePointsCsv(bn::PointsToCsv(pts), &back, &err));
  REQUIRE(back.size() == pts.size());
  for (size_t i = 0; i < pts.size(); ++i) CHECK(back[i] == pts[i]);
}

TEST_CASE("own data split: every point once, seeded, test fraction respected") {
  std::vector<bn::OwnPoint> pts;
  for (int i = 0; i < 50; ++i) pts.push_back({float(i), float(-i), i % 2});
  const bn::Dataset d = bn::SplitOwnData(pts, 0.3, 9);
  CHECK(d.test_x.rows() == 15);
  CHECK(d.train_x.rows() == 35);
  std::vector<int> seen(50, 0);
  for (int k = 0; k < d.train_x.rows(); ++k) {
    const int i = static_cast<int>(d.train_x(k, 0));
    ++seen[i];
    CHECK(d.train_x(k, 1) == -float(i));
    CHECK(d.train_y(k) == i % 2);
  }
  for (int k = 0; k < d.test_x.rows(); ++k) ++seen[static_cast<int>(d.test_x(k, 0))];
  for (int s : seen) CHECK(s == 1);
  const bn::Dataset again = bn::SplitOwnData(pts, 0.3, 9), other = bn::SplitOwnData(pts, 0.3, 10);
  CHECK(again.train_x == d.train_x);
  CHECK_FALSE(other.train_x == d.train_x);
  // tiny sets keep 2 training points and at least 1 test point
  pts.resize(8);
  CHECK(bn::SplitOwnData(pts, 0.01, 1).test_x.rows() == 1);
  CHECK(bn::SplitOwnData(pts, 0.99, 1).train_x.rows() == 2);
  pts.resize(7);
  CHECK_THROWS_AS(bn::SplitOwnData(pts, 0.3, 1), std::invalid_argument);
}

TEST_CASE("own data link text: exact round trip, drawn points compact, damage refused") {
  bn::Rng rng(3);
  // drawn points: two decimals in [-1.5, 1.5]
  std::vector<bn::OwnPoint> drawn;
  for (int i = 0; i < 1000; ++i)
    drawn.push_back({bn::RoundDrawn(rng.Uniform(-1.5, 1.5)), bn::RoundDrawn(rng.Uniform(-1.5, 1.5)), rng.Below(2)});
  const std::string enc = bn::EncodeOwnData(drawn);
  MESSAGE("1000 drawn points: " << enc.size() << " characters");
  CHECK(enc.size() <= bn::kOwnDataMaxLinkChars);
  CHECK(enc.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
  std::vector<bn::OwnPoint> back;
  std::string err;
  REQUIRE(bn::DecodeOwnData(enc, &back, &err));
  REQUIRE(back.size() == drawn.size());
  for (size_t i = 0; i < drawn.size(); ++i) CHECK(back[i] == drawn[i]);
  // arbitrary float32 values (raw bytes), negative zero included: still exact
  std::vector<bn::OwnPoint> raw = {{-0.0f, 1e-7f, 1}, {3.14159265f, -123456.7f, 0}, {1.0f / 3, 2.0f / 3, 1}};
  REQUIRE(bn::DecodeOwnData(bn::EncodeOwnData(raw), &back, &err));
  REQUIRE(back.size() == 3);
  for (size_t i = 0; i < raw.size(); ++i) CHECK(back[i] == raw[i]);
  CHECK(std::signbit(back[0].x));
  // CSV data with 3 decimals up to 1000: exact too, at 2 to 4 bytes per value
  std::vector<bn::OwnPoint> csv;
  for (int i = 0; i < 300; ++i)
    csv.push_back({static_cast<float>(std::round(rng.Uniform(-1000, 1000) * 1000) / 1000) + 0.0f,
                   static_cast<float>(std::round(rng.Uniform(0, 5) * 1000) / 1000) + 0.0f, i % 2});
  const std::string csv_enc = bn::EncodeOwnData(csv);
  REQUIRE(bn::DecodeOwnData(csv_enc, &back, &err));
  for (size_t i = 0; i < csv.size(); ++i) CHECK(back[i] == csv[i]);
  MESSAGE("300 CSV points with 3 decimals: " << csv_enc.size() << " characters");
  // damage
  CHECK_FALSE(bn::DecodeOwnData(enc.substr(0, enc.size() - 4), &back, &err));
  CHECK(err == "the data in the link is cut short");
  CHECK_FALSE(bn::DecodeOwnData(enc + "AAAA", &back, &err));
  CHECK(err == "the data in the link has extra bytes after the last point");
  CHECK_FALSE(bn::DecodeOwnData("ab*d", &back, &err));
  CHECK(err == "the data in the link is damaged (not base64url)");
  CHECK_FALSE(bn::DecodeOwnData("", &back, &err));
  // 1001 points in a link are refused
  std::vector<bn::OwnPoint> many(1001, bn::OwnPoint{0, 0, 0});
  CHECK_FALSE(bn::DecodeOwnData(bn::EncodeOwnData(many), &back, &err));
  CHECK(err == "the link holds 1001 points; the lab takes at most 1000");
  CHECK(back.size() == 300);  // untouched by every failure since the last good decode
}

TEST_CASE("own data trains: an easy two-cluster set is learned by the plain and the BN network") {
  std::vector<bn::OwnPoint> pts;
  bn::Rng rng(11);
  for (int i = 0; i < 200; ++i) {
    const int c = i % 2;
    pts.push_back({static_cast<float>((c ? 1.0 : -1.0) + 0.3 * rng.Normal()),
                   static_cast<float>((c ? -0.5 : 0.5) + 0.3 * rng.Normal()), c});
  }
  bn::TrainConfig cfg;
  bn::Trainer t(cfg, {bn::NormKind::None, bn::NormKind::Batch}, bn::SplitOwnData(pts, 0.25, 1));
  CHECK(t.data().train_x.rows() == 150);
  t.Step(300);
  t.Log();
  for (const bn::Run& r : t.runs()) {
    MESSAGE(std::string(bn::NormName(r.norm)) << ": test accuracy " << r.log.back().test_acc);
    CHECK(r.log.back().test_acc >= 0.95f);
  }
}

TEST_CASE("bntrain --data-csv trains on a CSV file and names a bad line") {
  std::string csv = "x,y,label\n";
  for (int i = 0; i < 40; ++i) csv += std::to_string(i % 2 ? 1 : -1) + "." + std::to_string(i % 10) + ",0.5," + std::to_string(i % 2) + "\n";
  {
    std::ofstream f("own_data_test.csv");
    f << csv;
  }
  const std::string bntrain = BNTRAIN_PATH;
  CHECK(std::system((bntrain + " --data-csv own_data_test.csv --batch 16 --steps 300 --log-every 300 --out own_data_test.out").c_str()) == 0);
  const std::string out = testutil::ReadFile("own_data_test.out");
  // the last row of each network: step 300 and test accuracy 1 (the classes are split by the sign of x)
  CHECK(out.find("300,plain,") != std::string::npos);
  CHECK(out.find("300,bn,") != std::string::npos);
  {
    std::ofstream f("own_data_test.csv");
    f << csv << "1,abc,0\n";
  }
  const int rc = std::system((bntrain + " --data-csv own_data_test.csv --steps 1 2> own_data_test.err >/dev/null").c_str());
  CHECK(WEXITSTATUS(rc) == 2);
  CHECK(testutil::ReadFile("own_data_test.err") == "bntrain: own_data_test.csv: line 42: 'abc' is not a number\n");
  std::remove("own_data_test.csv");
  std::remove("own_data_test.out");
  std::remove("own_data_test.err");
}

TEST_CASE("own data view: the lab's square when the points fit, else their bounding square") {
  std::vector<bn::OwnPoint> pts = {{-1, 1, 0}, {1.5f, -1.7f, 1}};
  bn::DataView v = bn::OwnDataView(pts);
  CHECK(v.x0 == -1.8f);
  CHECK(v.y1 == 1.8f);
  pts = {{150, 40, 0}, {190, 100, 1}, {170, 70, 0}};  // height (cm), weight (kg)
  v = bn::OwnDataView(pts);
  CHECK(v.x1 - v.x0 == doctest::Approx(66.0));  // 60 (the wider side) + 10%
  CHECK(v.y1 - v.y0 == doctest::Approx(66.0));
  CHECK((v.x0 + v.x1) / 2 == doctest::Approx(170.0));
  CHECK((v.y0 + v.y1) / 2 == doctest::Approx(70.0));
  for (const bn::OwnPoint& p : pts) CHECK((p.x > v.x0 && p.x < v.x1 && p.y > v.y0 && p.y < v.y1));
}
