// png.cpp: EncodePng. Chunks IHDR, IDAT (zlib stream of stored deflate blocks, each row with filter 0), IEND;
// CRC-32 per chunk (PNG spec §5.3, polynomial 0xEDB88320) and Adler-32 over the image data (RFC 1950).
#include "core/io/png.hpp"

#include <algorithm>
#include <stdexcept>

namespace bn {
namespace {

uint32_t Crc32(const std::string& bytes, size_t from) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = from; i < bytes.size(); ++i) {
    c ^= static_cast<uint8_t>(bytes[i]);
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}

void Be32(std::string& s, uint32_t v) {
  for (int sh = 24; sh >= 0; sh -= 8) s += static_cast<char>((v >> sh) & 0xFF);
}

void Chunk(std::string& png, const char* type, const std::string& data) {
  Be32(png, static_cast<uint32_t>(data.size()));
  const size_t start = png.size();
  png += type;
  png += data;
  Be32(png, Crc32(png, start));
}

}  // namespace

void FlipRows(int width, int height, std::vector<uint8_t>* rgba) {
  const size_t stride = static_cast<size_t>(width) * 4;
  for (int y = 0; y < height / 2; ++y)
    for (size_t k = 0; k < stride; ++k)
      std::swap((*rgba)[y * stride + k], (*rgba)[(height - 1 - y) * stride + k]);
}

std::string EncodePng(int width, int height, const std::vector<uint8_t>& rgba) {
  if (width < 1 || height < 1 || width > 16384 || height > 16384)
    throw std::invalid_argument("picture size must be 1 to 16384 pixels a side");
  const size_t stride = static_cast<size_t>(width) * 4;
  if (rgba.size() != stride * height) throw std::invalid_argument("picture data does not match its size");
  // The raw image data: each row is a filter byte (0, none) and its pixels.
  std::string raw;
  raw.reserve((stride + 1) * height);
  for (int y = 0; y < height; ++y) {
    raw += '\0';
    raw.append(reinterpret_cast<const char*>(rgba.data() + y * stride), stride);
  }
  // zlib: header 0x78 0x01, stored blocks of at most 65535 bytes, Adler-32.
  std::string z = "\x78\x01";
  for (size_t at = 0; at < raw.size() || at == 0; at += 65535) {
    const size_t len = std::min<size_t>(65535, raw.size() - at);
    const bool last = at + len >= raw.size();
    z += static_cast<char>(last ? 1 : 0);
    z += static_cast<char>(len & 0xFF);
    z += static_cast<char>(len >> 8);
    z += static_cast<char>(~len & 0xFF);
    z += static_cast<char>((~len >> 8) & 0xFF);
    z.append(raw, at, len);
    if (last) break;
  }
  uint32_t a = 1, b = 0;
  for (unsigned char c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  Be32(z, (b << 16) | a);
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  Be32(ihdr, static_cast<uint32_t>(width));
  Be32(ihdr, static_cast<uint32_t>(height));
  ihdr += std::string("\x08\x06\x00\x00\x00", 5);  // 8 bits, RGBA, deflate, adaptive filtering, no interlace
  Chunk(png, "IHDR", ihdr);
  Chunk(png, "IDAT", z);
  Chunk(png, "IEND", "");
  return png;
}

}  // namespace bn
