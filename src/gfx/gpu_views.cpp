// gpu_views.cpp: see gpu_views.hpp. Each program is GlslVersionLine() + common.glsl + (for the network programs)
// the shape's #defines and mlp.glsl + its own fragment shader; fullscreen.vert draws one triangle over the target.
#include "gfx/gpu_views.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "bnlab_shaders.hpp"
#include "core/train/folded.hpp"
#include "gfx/gl_api.hpp"

namespace bnlab {
namespace {

constexpr char kBreak[] = "#error shader compilation made to fail on purpose (gpu:break)\n";

void BindTexture(int unit, unsigned texture) {
  glActiveTexture(GL_TEXTURE0 + unit);
  glBindTexture(GL_TEXTURE_2D, texture);
}

// The programs for the network's shape, built the first time; nullptr (with g->log and g->ok set) on failure.
const NetPrograms* ProgramsFor(GpuViews* g, const GpuNet& net) {
  const bool in_block = net.texels <= kMaxBlockTexels;
  for (const NetPrograms& p : g->programs)
    if (p.depth == net.depth && p.width == net.width && p.activation == net.activation && p.texels == net.texels &&
        p.in_block == in_block && (p.landscape_batch != 0) == net.batch_norm)
      return &p;
  NetPrograms p;
  p.depth = net.depth;
  p.width = net.width;
  p.activation = net.activation;
  p.texels = net.texels;
  p.in_block = in_block;
  const std::string shape = "#define NET_DEPTH " + std::to_string(net.depth) + "\n#define NET_WIDTH " +
                            std::to_string(net.width) + "\n#define NET_ACTIVATION " + std::to_string(net.activation) +
                            "\n#define NET_TEXELS " + std::to_string(std::max(net.texels, 1)) +
                            "\n#define NET_IN_BLOCK " + (in_block ? "1" : "0") + "\n";
  const std::string boundary_defs = shape + "#define NET_T float\n#define NET_BATCH_STATS 0\n",
                    landscape_defs = shape + "#define NET_T vec4\n#define NET_BATCH_STATS 0\n",
                    batch_defs = shape + "#define NET_T vec4\n#define NET_BATCH_STATS 1\n";
  const char* brk = g->broken_on_purpose ? kBreak : "";
  const std::vector<const char*> vertex = {shaders::common_glsl, shaders::fullscreen_vert};
  std::string log;
  p.boundary = BuildProgram(vertex, {shaders::common_glsl, brk, boundary_defs.c_str(), shaders::mlp_glsl,
                                     shaders::boundary_frag}, &log);
  if (!log.empty()) g->log += "boundary.frag (" + std::to_string(net.depth) + "×" + std::to_string(net.width) + "): " + log;
  log.clear();
  p.landscape = BuildProgram(vertex, {shaders::common_glsl, brk, landscape_defs.c_str(), shaders::mlp_glsl,
                                      shaders::landscape_frag}, &log);
  if (!log.empty()) g->log += "landscape.frag (" + std::to_string(net.depth) + "×" + std::to_string(net.width) + "): " + log;
  log.clear();
  const bool batch = net.batch_norm;
  if (batch) {
    p.landscape_batch = BuildProgram(vertex, {shaders::common_glsl, brk, batch_defs.c_str(), shaders::mlp_glsl,
                                              shaders::landscape_frag}, &log);
    if (!log.empty())
      g->log += "landscape.frag, batch statistics (" + std::to_string(net.depth) + "×" + std::to_string(net.width) + "): " + log;
  }
  if (!p.boundary || !p.landscape || (batch && !p.landscape_batch)) {
    for (unsigned program : {p.boundary, p.landscape, p.landscape_batch})
      if (program) glDeleteProgram(program);
    g->ok = false;
    return nullptr;
  }
  for (unsigned program : {p.boundary, p.landscape, p.landscape_batch}) {
    if (in_block && program) glUniformBlockBinding(program, glGetUniformBlockIndex(program, "NetBlock"), 0);
  }
  g->programs.push_back(p);
  return &g->programs.back();
}

void BindNet(unsigned program, const NetPrograms& p, const GpuNet& net) {
  if (p.in_block) {
    glBindBufferBase(GL_UNIFORM_BUFFER, 0, net.block);
  } else {
    BindTexture(0, net.texture);
    glUniform1i(glGetUniformLocation(program, "u_net"), 0);
  }
}

}  // namespace

bool StartGpuViews(GpuViews* g, bool break_on_purpose) {
  StopGpuViews(g);
  g->started = true;
  g->ok = true;
  g->broken_on_purpose = break_on_purpose;
  glGenVertexArrays(1, &g->vertex_array);  // attribute-less drawing still needs a vertex array on desktop GL
  std::string log;
  g->view = BuildProgram({shaders::common_glsl, shaders::fullscreen_vert},
                         {shaders::common_glsl, break_on_purpose ? kBreak : "", shaders::landscape_view_frag}, &log);
  if (!g->view) {
    g->log += "landscape_view.frag: " + log;
    g->ok = false;
  }
  // The lab's default network: 3 hidden layers of 16 tanh units (PackNetwork: 16·3 + 2·16·17 + 2·17 texels).
  GpuNet default_net;
  default_net.depth = 3;
  default_net.width = 16;
  default_net.activation = 1;
  default_net.texels = 16 * 3 + 2 * 16 * 17 + 2 * 17;
  default_net.batch_norm = true;
  ProgramsFor(g, default_net);
  return g->ok;
}

void StopGpuViews(GpuViews* g) {
  for (const NetPrograms& p : g->programs)
    for (unsigned program : {p.boundary, p.landscape, p.landscape_batch})
      if (program) glDeleteProgram(program);
  if (g->view) glDeleteProgram(g->view);
  if (g->vertex_array) glDeleteVertexArrays(1, &g->vertex_array);
  *g = GpuViews{};
}

void UploadNet(GpuNet* n, const bn::Mlp<float>& net, const Eigen::VectorXf& d1, const Eigen::VectorXf& d2) {
  const bn::NetTexture tex = bn::PackNetwork(net, d1, d2);
  n->depth = net.config().depth;
  n->width = net.config().width;
  n->activation = static_cast<int>(net.config().activation);  // Sigmoid 0, Tanh 1, Relu 2
  n->texels = tex.layer_start.back() + 2 * (n->width + 1);
  n->batch_norm = net.config().norm != bn::NormKind::None;
  n->eps = static_cast<float>(net.config().bn_eps);  // the output layer's start and its 2·(W+1) texels
  if (n->texels <= kMaxBlockTexels) {
    // std140 vec4 array: 16 bytes per texel, the texture's layout as it is
    if (!n->block) glGenBuffers(1, &n->block);
    glBindBuffer(GL_UNIFORM_BUFFER, n->block);
    glBufferData(GL_UNIFORM_BUFFER, static_cast<GLsizeiptr>(n->texels) * 16, tex.rgba.data(), GL_DYNAMIC_DRAW);
    glBindBuffer(GL_UNIFORM_BUFFER, 0);
  } else {
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    n->texture = UploadFloatTexture(n->texture, tex.width, tex.height, tex.rgba.data());
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
  }
}

void FreeNet(GpuNet* n) {
  if (n->texture) glDeleteTextures(1, &n->texture);
  if (n->block) glDeleteBuffers(1, &n->block);
  *n = GpuNet{};
}

void UploadData(GpuData* d, const bn::PointsF& x, const Eigen::VectorXi& y) {
  // texel n = (x0, x1, y, 0) at (n % 256, n / 256); padded with zeros to whole rows
  const int n = static_cast<int>(x.rows()), width = 256, height = std::max(1, (n + width - 1) / width);
  std::vector<float> rgba(static_cast<size_t>(width) * height * 4, 0.0f);
  for (int i = 0; i < n; ++i) {
    rgba[4 * i + 0] = x(i, 0);
    rgba[4 * i + 1] = x(i, 1);
    rgba[4 * i + 2] = static_cast<float>(y(i));
  }
  GLint previous = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  d->texture = UploadFloatTexture(d->texture, width, height, rgba.data());
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
  d->count = n;
}

void DrawBoundary(GpuViews* g, const GpuNet& net, RenderTarget* target, int width, int height, float x0, float x1,
                  float y0, float y1, bool values, float line_px) {
  if (!g->ok || net.texels == 0 || width <= 0 || height <= 0) return;
  GlStateGuard guard;
  const NetPrograms* p = ProgramsFor(g, net);
  if (!p) return;
  EnsureTarget(target, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, target->framebuffer);
  glViewport(0, 0, width, height);
  glUseProgram(p->boundary);
  glBindVertexArray(g->vertex_array);
  BindNet(p->boundary, *p, net);
  glUniform2f(glGetUniformLocation(p->boundary, "u_origin"), x0, y0);
  glUniform2f(glGetUniformLocation(p->boundary, "u_step"), (x1 - x0) / width, (y1 - y0) / height);
  glUniform1i(glGetUniformLocation(p->boundary, "u_mode"), values ? 1 : 0);
  glUniform1f(glGetUniformLocation(p->boundary, "u_line_px"), line_px);
  glDrawArrays(GL_TRIANGLES, 0, 3);
}

void ComputeLandscapeRows(GpuViews* g, const GpuNet& net, const GpuData& data, float range, RenderTarget* target,
                          int res, int row0, int row1, bool batch_stats) {
  if (!g->ok || net.texels == 0 || !data.texture || res <= 0 || row1 <= row0) return;
  GlStateGuard guard;
  const NetPrograms* p = ProgramsFor(g, net);
  if (!p) return;
  const unsigned program = batch_stats && p->landscape_batch ? p->landscape_batch : p->landscape;
  EnsureTarget(target, res, res);
  glBindFramebuffer(GL_FRAMEBUFFER, target->framebuffer);
  glViewport(0, 0, res, res);
  glEnable(GL_SCISSOR_TEST);  // only these rows (the guard turns it off again)
  glScissor(0, row0, res, row1 - row0);
  glUseProgram(program);
  glBindVertexArray(g->vertex_array);
  BindNet(program, *p, net);
  BindTexture(1, data.texture);
  glUniform1i(glGetUniformLocation(program, "u_data"), 1);
  glUniform1i(glGetUniformLocation(program, "u_count"), data.count);
  glUniform1f(glGetUniformLocation(program, "u_range"), range);
  glUniform1i(glGetUniformLocation(program, "u_res"), res);
  glUniform1f(glGetUniformLocation(program, "u_eps"), net.eps);
  glDrawArrays(GL_TRIANGLES, 0, 3);
}

void DrawLandscapeView(const GpuViews& g, const RenderTarget& loss, RenderTarget* view, int width, int height, float lo,
                       float hi, bool log_scale, float levels) {
  if (!g.ok || !loss.texture || width <= 0 || height <= 0) return;
  GlStateGuard guard;
  EnsureTarget(view, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, view->framebuffer);
  glViewport(0, 0, width, height);
  glUseProgram(g.view);
  glBindVertexArray(g.vertex_array);
  BindTexture(0, loss.texture);
  glUniform1i(glGetUniformLocation(g.view, "u_loss"), 0);
  glUniform1i(glGetUniformLocation(g.view, "u_res"), loss.width);
  glUniform2f(glGetUniformLocation(g.view, "u_size"), static_cast<float>(width), static_cast<float>(height));
  glUniform1f(glGetUniformLocation(g.view, "u_lo"), lo);
  glUniform1f(glGetUniformLocation(g.view, "u_hi"), hi);
  glUniform1i(glGetUniformLocation(g.view, "u_log"), log_scale ? 1 : 0);
  glUniform1f(glGetUniformLocation(g.view, "u_levels"), levels);
  glDrawArrays(GL_TRIANGLES, 0, 3);
}

}  // namespace bnlab
