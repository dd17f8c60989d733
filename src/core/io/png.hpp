// png.hpp: a PNG writer for pictures the lab saves (decision maps, curves), pure C++ without zlib: the image
// data goes into stored (uncompressed) deflate blocks, so any PNG reader opens it; a 600×400 picture is ~1 MB.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bn {

// 8-bit RGBA, rows top to bottom, width·height·4 bytes. Throws std::invalid_argument on a size mismatch or
// a side of 0 or over 16384.
std::string EncodePng(int width, int height, const std::vector<uint8_t>& rgba);

// Flips rows (OpenGL reads the framebuffer bottom row first).
void FlipRows(int width, int height, std::vector<uint8_t>* rgba);

}  // namespace bn
