// gpu_views.cpp: see gpu_views.hpp. Each program is GlslVersionLine() + common.glsl (+ NET_T and mlp.glsl) + its
// own fragment shader; fullscreen.vert draws one triangle over the target.
#include "gfx/gpu_views.hpp"

#include <algorithm>
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

void SetNetUniforms(unsigned program, const GpuNet& net) {
  BindTexture(0, net.texture);
  glUniform1i(glGetUniformLocation(program, "u_net"), 0);
  glUniform1i(glGetUniformLocation(program, "u_depth"), net.depth);
  glUniform1i(glGetUniformLocation(program, "u_width"), net.width);
  glUniform1i(glGetUniformLocation(program, "u_activation"), net.activation);
}

}  // namespace

bool StartGpuViews(GpuViews* g, bool break_on_purpose) {
  StopGpuViews(g);
  g->started = true;
  g->log.clear();
  const char* brk = break_on_purpose ? kBreak : "";
  const std::vector<const char*> vertex = {shaders::common_glsl, shaders::fullscreen_vert};
  std::string log;
  g->boundary = BuildProgram(vertex, {shaders::common_glsl, brk, "#define NET_T float\n", shaders::mlp_glsl,
                                      shaders::boundary_frag}, &log);
  if (!log.empty()) g->log += "boundary.frag: " + log;
  log.clear();
  g->landscape = BuildProgram(vertex, {shaders::common_glsl, brk, "#define NET_T vec4\n", shaders::mlp_glsl,
                                       shaders::landscape_frag}, &log);
  if (!log.empty()) g->log += "landscape.frag: " + log;
  log.clear();
  g->view = BuildProgram(vertex, {shaders::common_glsl, brk, shaders::landscape_view_frag}, &log);
  if (!log.empty()) g->log += "landscape_view.frag: " + log;
  glGenVertexArrays(1, &g->vertex_array);  // attribute-less drawing still needs a vertex array on desktop GL
  g->ok = g->boundary && g->landscape && g->view;
  return g->ok;
}

void StopGpuViews(GpuViews* g) {
  for (unsigned* p : {&g->boundary, &g->landscape, &g->view})
    if (*p) glDeleteProgram(*p);
  if (g->vertex_array) glDeleteVertexArrays(1, &g->vertex_array);
  *g = GpuViews{};
}

void UploadNet(GpuNet* n, const bn::Mlp<float>& net, const Eigen::VectorXf& d1, const Eigen::VectorXf& d2) {
  const bn::NetTexture tex = bn::PackNetwork(net, d1, d2);
  n->texture = UploadFloatTexture(n->texture, tex.width, tex.height, tex.rgba.data());
  n->depth = net.config().depth;
  n->width = net.config().width;
  n->activation = static_cast<int>(net.config().activation);  // Sigmoid 0, Tanh 1, Relu 2
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
  d->texture = UploadFloatTexture(d->texture, width, height, rgba.data());
  d->count = n;
}

void DrawBoundary(const GpuViews& g, const GpuNet& net, RenderTarget* target, int width, int height, float x0, float x1,
                  float y0, float y1, bool values, float line_px) {
  if (!g.ok || !net.texture || width <= 0 || height <= 0) return;
  GlStateGuard guard;
  EnsureTarget(target, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, target->framebuffer);
  glViewport(0, 0, width, height);
  glUseProgram(g.boundary);
  glBindVertexArray(g.vertex_array);
  SetNetUniforms(g.boundary, net);
  glUniform2f(glGetUniformLocation(g.boundary, "u_origin"), x0, y0);
  glUniform2f(glGetUniformLocation(g.boundary, "u_step"), (x1 - x0) / width, (y1 - y0) / height);
  glUniform1i(glGetUniformLocation(g.boundary, "u_mode"), values ? 1 : 0);
  glUniform1f(glGetUniformLocation(g.boundary, "u_line_px"), line_px);
  glDrawArrays(GL_TRIANGLES, 0, 3);
}

void ComputeLandscapeRows(const GpuViews& g, const GpuNet& net, const GpuData& data, float range, RenderTarget* target,
                          int res, int row0, int row1) {
  if (!g.ok || !net.texture || !data.texture || res <= 0 || row1 <= row0) return;
  GlStateGuard guard;
  EnsureTarget(target, res, res);
  glBindFramebuffer(GL_FRAMEBUFFER, target->framebuffer);
  glViewport(0, 0, res, res);
  glEnable(GL_SCISSOR_TEST);  // only these rows (the guard turns it off again)
  glScissor(0, row0, res, row1 - row0);
  glUseProgram(g.landscape);
  glBindVertexArray(g.vertex_array);
  SetNetUniforms(g.landscape, net);
  BindTexture(1, data.texture);
  glUniform1i(glGetUniformLocation(g.landscape, "u_data"), 1);
  glUniform1i(glGetUniformLocation(g.landscape, "u_count"), data.count);
  glUniform1f(glGetUniformLocation(g.landscape, "u_range"), range);
  glUniform1i(glGetUniformLocation(g.landscape, "u_res"), res);
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
