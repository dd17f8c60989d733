// gl_program.cpp: see gl_program.hpp.
#include "gfx/gl_program.hpp"

#include <cstring>

#include "gfx/gl_api.hpp"

namespace bnlab {
namespace {

std::string ShaderLog(GLuint shader) {
  GLint length = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::string log(length > 0 ? static_cast<size_t>(length) : 0u, '\0');
  if (length > 0) glGetShaderInfoLog(shader, length, nullptr, &log[0]);
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

GLuint Compile(GLenum stage, const std::vector<const char*>& parts, std::string* log) {
  std::vector<const char*> texts = {GlslVersionLine()};
  texts.insert(texts.end(), parts.begin(), parts.end());
  const GLuint shader = glCreateShader(stage);
  glShaderSource(shader, static_cast<GLsizei>(texts.size()), texts.data(), nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    *log += std::string(stage == GL_VERTEX_SHADER ? "vertex" : "fragment") + " shader did not compile:\n" +
            ShaderLog(shader) + "\n";
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

}  // namespace

const char* GlslVersionLine() {
#ifdef __EMSCRIPTEN__
  return "#version 300 es\n";
#else
  return "#version 330 core\n";
#endif
}

unsigned BuildProgram(const std::vector<const char*>& vertex_parts, const std::vector<const char*>& fragment_parts,
                      std::string* log) {
  const GLuint vs = Compile(GL_VERTEX_SHADER, vertex_parts, log);
  const GLuint fs = Compile(GL_FRAGMENT_SHADER, fragment_parts, log);
  if (!vs || !fs) {
    if (vs) glDeleteShader(vs);
    if (fs) glDeleteShader(fs);
    return 0;
  }
  const GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    GLint length = 0;
    glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
    std::string text(length > 0 ? static_cast<size_t>(length) : 0u, '\0');
    if (length > 0) glGetProgramInfoLog(program, length, nullptr, &text[0]);
    *log += "program did not link:\n" + text + "\n";
    glDeleteProgram(program);
    return 0;
  }
  return program;
}

unsigned UploadFloatTexture(unsigned texture, int width, int height, const float* rgba) {
  GLuint id = texture;
  if (id == 0) {
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  glBindTexture(GL_TEXTURE_2D, id);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, width, height, 0, GL_RGBA, GL_FLOAT, rgba);
  return id;
}

bool EnsureTarget(RenderTarget* t, int width, int height) {
  if (t->texture && t->width == width && t->height == height) return true;
  if (!t->texture) glGenTextures(1, &t->texture);
  if (!t->framebuffer) glGenFramebuffers(1, &t->framebuffer);
  glBindTexture(GL_TEXTURE_2D, t->texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glBindFramebuffer(GL_FRAMEBUFFER, t->framebuffer);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t->texture, 0);
  const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  t->width = width;
  t->height = height;
  return complete;
}

void FreeTarget(RenderTarget* t) {
  if (t->texture) glDeleteTextures(1, &t->texture);
  if (t->framebuffer) glDeleteFramebuffers(1, &t->framebuffer);
  *t = RenderTarget{};
}

std::vector<unsigned char> ReadBackRgba(const RenderTarget& t) {
  std::vector<unsigned char> bytes(static_cast<size_t>(t.width) * t.height * 4);
  GLint previous = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
  glBindFramebuffer(GL_FRAMEBUFFER, t.framebuffer);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glReadPixels(0, 0, t.width, t.height, GL_RGBA, GL_UNSIGNED_BYTE, bytes.data());
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
  return bytes;
}

std::vector<float> ReadBackFloats(const RenderTarget& t) {
  const std::vector<unsigned char> bytes = ReadBackRgba(t);
  std::vector<float> v(bytes.size() / 4);
  for (size_t k = 0; k < v.size(); ++k) {
    // byte 0 (red) is the lowest: the float's bits, little end first (EncodeFloat)
    const uint32_t u = uint32_t(bytes[4 * k]) | uint32_t(bytes[4 * k + 1]) << 8 | uint32_t(bytes[4 * k + 2]) << 16 |
                       uint32_t(bytes[4 * k + 3]) << 24;
    std::memcpy(&v[k], &u, sizeof u);
  }
  return v;
}

void WaitForGpu(const RenderTarget& t) {
  unsigned char pixel[4];
  GLint previous = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
  glBindFramebuffer(GL_FRAMEBUFFER, t.framebuffer);
  glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
}

GlStateGuard::GlStateGuard() {
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &framebuffer_);
  glGetIntegerv(GL_CURRENT_PROGRAM, &program_);
  glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vertex_array_);
  glGetIntegerv(GL_ACTIVE_TEXTURE, &active_texture_);
  glActiveTexture(GL_TEXTURE0);
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &texture_);
  glGetIntegerv(GL_VIEWPORT, viewport_);
  blend_ = glIsEnabled(GL_BLEND);
  scissor_ = glIsEnabled(GL_SCISSOR_TEST);
  depth_ = glIsEnabled(GL_DEPTH_TEST);
  cull_ = glIsEnabled(GL_CULL_FACE);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DITHER);  // the encoded floats must reach the bytes unchanged
}

GlStateGuard::~GlStateGuard() {
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(framebuffer_));
  glUseProgram(static_cast<GLuint>(program_));
  glBindVertexArray(static_cast<GLuint>(vertex_array_));
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(texture_));
  glActiveTexture(static_cast<GLenum>(active_texture_));
  glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
  auto set = [](GLenum cap, bool on) { on ? glEnable(cap) : glDisable(cap); };
  set(GL_BLEND, blend_);
  set(GL_SCISSOR_TEST, scissor_);
  set(GL_DEPTH_TEST, depth_);
  set(GL_CULL_FACE, cull_);
}

}  // namespace bnlab
