// own_data.hpp: a teacher's own 2-D, two-class data for the training lab: CSV in and out, the train/test split,
// and a compact, lossless text form for links.
//
// Index
//   OwnPoint, limits           one labelled point; at most kOwnDataMaxPoints
//   ParsePointsCsv             "x,y,label" lines -> points, or one message naming the line and what is wrong
//   PointsToCsv                points -> CSV with a header (reads back to the same float32 values)
//   SplitOwnData               points -> Dataset (seeded shuffle, then train/test split)
//   EncodeOwnData, DecodeOwnData   points <-> a URL-safe string (base64url of varints), exact
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/train/datasets.hpp"

namespace bn {

struct OwnPoint {
  float x = 0, y = 0;
  int label = 0;  // class 0 or 1
  bool operator==(const OwnPoint& o) const;  // bitwise on x and y
};

constexpr int kOwnDataMaxPoints = 1000;
constexpr int kOwnDataMinPoints = 8;          // what training needs (as the built-in data sets)
constexpr double kOwnDataMaxAbs = 1e6;        // |x|, |y| at most this
// Longest EncodeOwnData text a link carries: the whole link must stay under kLabMaxHashLength (8192).
constexpr size_t kOwnDataMaxLinkChars = 6000;

// Parses CSV text: one point per line "x,y,label" (label 0 or 1). Separators: ',' — or ';' or a tab when the
// first data line has one (with ';', a decimal comma "1,5" is read as 1.5). An optional header line (first
// field not a number), blank lines and lines starting with '#' are skipped; fields may be quoted and padded
// with spaces; a UTF-8 byte-order mark and CRLF line ends are accepted. "-0" is read as 0.
// All or nothing: on the first problem returns false, leaves *points untouched and sets *error to one line
// naming the line, e.g. "line 17: 'abc' is not a number". Also refuses more than kOwnDataMaxPoints points,
// fewer than kOwnDataMinPoints, and data without both classes.
bool ParsePointsCsv(const std::string& text, std::vector<OwnPoint>* points, std::string* error);

// The data set choice "own (your points)" as a learner reads it, in the current language (the key data.set.own;
// the link's, the JSON's and the commands' name for it stays "own").
const std::string& OwnDataTitle();

// "x,y,label\n" then one line per point, numbers as their shortest float32 text.
std::string PointsToCsv(const std::vector<OwnPoint>& points);

// A drawn coordinate: rounded to 2 decimals (the link stores such points in about 7 characters), never -0.
float RoundDrawn(double v);

// The square the lab's maps show for these points: [−1.8, 1.8]² (the built-in data sets' square, room to draw)
// when every point is inside it, else the points' bounding square with a 10% margin, centred on them.
struct DataView {
  float x0 = -1.8f, x1 = 1.8f, y0 = -1.8f, y1 = 1.8f;
};
DataView OwnDataView(const std::vector<OwnPoint>& points);

// The points through ShuffleSplit (datasets.hpp) with Rng(seed): round(n·test_fraction) of them (at least 1) held
// out for testing, at least 2 kept for training. Throws std::invalid_argument on fewer than kOwnDataMinPoints
// points, a test fraction outside (0, 1), or a label other than 0/1.
Dataset SplitOwnData(const std::vector<OwnPoint>& points, double test_fraction, uint64_t seed);

// A URL-safe text for the points (characters A–Z a–z 0–9 - _), lossless: the same float32 values and labels
// come back. Values on a decimal grid (k ≤ 6 decimals) take 1–4 bytes each, others 4; drawn points (2 decimals
// in [−1.5, 1.5]) take about 7 characters each.
std::string EncodeOwnData(const std::vector<OwnPoint>& points);
// All or nothing; false with a one-line reason for text that EncodeOwnData did not write (or was cut short).
bool DecodeOwnData(const std::string& text, std::vector<OwnPoint>* points, std::string* error);

}  // namespace bn
