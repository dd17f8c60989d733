// common.glsl: the lines every bnlab shader starts with, after the #version line the program adds
// ("#version 300 es" for WebGL2, "#version 330 core" for desktop OpenGL 3.3; see src/gfx/gl_program.cpp).
// The shader text is ASCII only (desktop GLSL's character set is a subset of ASCII, even in comments).
// Precision qualifiers are required by GLSL ES and accepted (and ignored) by desktop GLSL.
precision highp float;
precision highp int;
precision highp sampler2D;

// A float's 32 bits in the four bytes of an RGBA8 pixel (byte 0 in red), so a value read back with
// glReadPixels(GL_RGBA, GL_UNSIGNED_BYTE) is the exact float the shader computed, on every device.
vec4 EncodeFloat(float v) {
  uint u = floatBitsToUint(v);
  return vec4(float(u & 255u), float((u >> 8u) & 255u), float((u >> 16u) & 255u), float(u >> 24u)) / 255.0;
}
float DecodeFloat(vec4 c) {
  uvec4 b = uvec4(c * 255.0 + 0.5);
  return uintBitsToFloat(b.r | (b.g << 8u) | (b.b << 16u) | (b.a << 24u));
}
bool IsFinite(float v) {
  return !(isnan(v) || isinf(v));
}
