// test_exports.cpp: the PNG writer (a standard reader decodes the same pixels) and the curves CSV.
#include <doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "core/io/png.hpp"
#include "core/train/curves_csv.hpp"
#include "test_util.hpp"

TEST_CASE("PNG: Python's zlib reads back the same pixels, CRCs right, any size") {
  if (std::system("python3 -c 'import zlib' 2>/dev/null") != 0) {
    MESSAGE("python3 not available: PNG decode check skipped");
    return;
  }
  for (int w : {1, 7, 300}) {
    const int h = w == 300 ? 250 : 3;  // 300×250×4 = 300 KB: several stored blocks
    std::vector<uint8_t> rgba(static_cast<size_t>(w) * h * 4);
    for (size_t k = 0; k < rgba.size(); ++k) rgba[k] = static_cast<uint8_t>((k * 2654435761u) >> 13);
    std::ofstream("test_png.png", std::ios::binary) << bn::EncodePng(w, h, rgba);
    std::ofstream("test_png.raw", std::ios::binary).write(reinterpret_cast<const char*>(rgba.data()), rgba.size());
    // A small PNG reader: chunks with CRC check, zlib inflate, filter bytes all 0, pixels equal.
    const char* check = R"(python3 -c "
import struct, zlib, sys
d = open('test_png.png','rb').read(); raw = open('test_png.raw','rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n'
p = 8; idat = b''; w = h = 0
while p < len(d):
    n, t = struct.unpack('>I4s', d[p:p+8]); body = d[p+8:p+8+n]
    assert struct.unpack('>I', d[p+8+n:p+12+n])[0] == zlib.crc32(t + body) & 0xffffffff, 'crc'
    if t == b'IHDR': w, h = struct.unpack('>II', body[:8]); assert body[8:] == bytes([8, 6, 0, 0, 0])
    if t == b'IDAT': idat += body
    p += 12 + n
px = zlib.decompress(idat); s = w * 4 + 1
assert all(px[y * s] == 0 for y in range(h))
assert b''.join(px[y * s + 1:(y + 1) * s] for y in range(h)) == raw
")";
    CHECK(std::system(check) == 0);
  }
  std::remove("test_png.png");
  std::remove("test_png.raw");
  CHECK_THROWS_AS(bn::EncodePng(2, 2, std::vector<uint8_t>(15)), std::invalid_argument);
  CHECK_THROWS_AS(bn::EncodePng(0, 2, {}), std::invalid_argument);
  std::vector<uint8_t> rows = {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3};  // 1×3
  bn::FlipRows(1, 3, &rows);
  CHECK(rows == std::vector<uint8_t>{3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1});
}

TEST_CASE("curves CSV: one row per logged step and network, the logged numbers exactly") {
  const bn::ExperimentInfo p = bn::Experiments()[0];
  bn::Trainer t(p.config, p.norms);
  t.Log();
  t.Step(50);
  t.Log();
  const std::string csv = bn::CurvesToCsv(t.runs());
  CHECK(csv.rfind("step,network,train_loss,train_acc,test_loss,test_acc\n", 0) == 0);
  int lines = 0;
  for (char c : csv) lines += c == '\n';
  CHECK(lines == 1 + 2 * 2);
  const bn::LogRow& last = t.runs()[1].log.back();
  CHECK(csv.find("50,bn," + bn::Json::Float32Text(last.train_loss) + "," + bn::Json::Float32Text(last.train_acc)) !=
        std::string::npos);
}
