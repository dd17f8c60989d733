// gl_program.hpp: small OpenGL helpers for the shaders in shaders/: compiling and linking a program from several
// pieces of text with the log kept, float textures, RGBA8 render targets and reading them back as floats.
// The same code runs on WebGL2 and desktop OpenGL 3.3; only the #version line differs (GlslVersionLine).
//
// Index
//   GlslVersionLine       "#version 300 es" (web) or "#version 330 core" (desktop)
//   BuildProgram          compile + link; on failure the compiler's and linker's log, with stage names
//   UploadFloatTexture    RGBA32F, nearest, read by texelFetch
//   RenderTarget          an RGBA8 texture with its framebuffer; EnsureTarget, ReadBackFloats, ReadBackRgba
//   GlStateGuard          saves and restores what a pass changes (framebuffer, viewport, program, capabilities)
#pragma once

#include <string>
#include <vector>

namespace bnlab {

const char* GlslVersionLine();

// Compiles the vertex and fragment shaders, each the concatenation of its parts after GlslVersionLine(), and
// links them. Returns the program (0 on failure, with *log saying which stage failed and why).
unsigned BuildProgram(const std::vector<const char*>& vertex_parts, const std::vector<const char*>& fragment_parts,
                      std::string* log);

// Creates (texture == 0) or refills a width×height RGBA32F texture (nearest, clamped). Returns its name.
unsigned UploadFloatTexture(unsigned texture, int width, int height, const float* rgba);

struct RenderTarget {
  unsigned texture = 0, framebuffer = 0;
  int width = 0, height = 0;
};
// (Re)allocates `t` as width×height RGBA8 (linear filtering for display). False if the framebuffer is incomplete.
bool EnsureTarget(RenderTarget* t, int width, int height);
void FreeTarget(RenderTarget* t);
// The target's pixels as the floats the shader encoded in their bytes (shaders/common.glsl EncodeFloat),
// row 0 at the bottom.
std::vector<float> ReadBackFloats(const RenderTarget& t);
// The target's pixels as RGBA8, row 0 at the bottom.
std::vector<unsigned char> ReadBackRgba(const RenderTarget& t);
// Waits until the GPU has finished what it was given (reads one pixel of `t`); for timing.
void WaitForGpu(const RenderTarget& t);

// Saves the GL state a pass changes; the destructor puts it back (ImGui's renderer and main's glClear follow).
class GlStateGuard {
 public:
  GlStateGuard();
  ~GlStateGuard();
  GlStateGuard(const GlStateGuard&) = delete;
  GlStateGuard& operator=(const GlStateGuard&) = delete;

 private:
  int framebuffer_ = 0, program_ = 0, vertex_array_ = 0, texture_ = 0, active_texture_ = 0;
  int viewport_[4] = {0, 0, 0, 0};
  bool blend_ = false, scissor_ = false, depth_ = false, cull_ = false;
};

}  // namespace bnlab
