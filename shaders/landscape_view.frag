// landscape_view.frag: a computed landscape (res x res losses, 32-bit floats in RGBA8 pixels) drawn at display
// size: values interpolated bilinearly between pixel centres, on a sequential colour map over [u_lo, u_hi]
// (the same for the plain and the BN network), optionally of log10(loss), with contour lines every u_levels-th
// of the range.
uniform sampler2D u_loss;
uniform int u_res;
uniform vec2 u_size;      // the target's size in pixels
uniform float u_lo, u_hi; // colour scale limits (log10 of the loss when u_log is 1)
uniform int u_log;
uniform float u_levels;   // contour lines at lo + k*(hi - lo)/levels
out vec4 frag_colour;

float LossAt(ivec2 p) {
  return DecodeFloat(texelFetch(u_loss, clamp(p, ivec2(0), ivec2(u_res - 1)), 0));
}

// A dark-blue -> teal -> yellow ramp (perceptually ordered, close to viridis), t in [0, 1].
vec3 Ramp(float t) {
  vec3 c0 = vec3(0.267, 0.005, 0.329), c1 = vec3(0.229, 0.322, 0.546), c2 = vec3(0.128, 0.567, 0.551);
  vec3 c3 = vec3(0.369, 0.789, 0.383), c4 = vec3(0.993, 0.906, 0.144);
  t = clamp(t, 0.0, 1.0) * 4.0;
  if (t < 1.0) return mix(c0, c1, t);
  if (t < 2.0) return mix(c1, c2, t - 1.0);
  if (t < 3.0) return mix(c2, c3, t - 2.0);
  return mix(c3, c4, t - 3.0);
}

void main() {
  // position in loss pixels, measured between pixel centres (display y grows upwards like the slice's beta)
  vec2 g = gl_FragCoord.xy / u_size * float(u_res) - 0.5;
  ivec2 i0 = ivec2(floor(g));
  vec2 f = g - vec2(i0);
  float v00 = LossAt(i0), v10 = LossAt(i0 + ivec2(1, 0)), v01 = LossAt(i0 + ivec2(0, 1)), v11 = LossAt(i0 + ivec2(1, 1));
  if (!IsFinite(v00) || !IsFinite(v10) || !IsFinite(v01) || !IsFinite(v11)) {
    frag_colour = vec4(0.55, 0.55, 0.55, 1.0);  // not a finite loss (the network overflows there)
    return;
  }
  float v = mix(mix(v00, v10, f.x), mix(v01, v11, f.x), f.y);
  if (u_log == 1) v = log(max(v, 1e-30)) / log(10.0);
  float t = (v - u_lo) / max(u_hi - u_lo, 1e-30);
  vec3 colour = Ramp(t);
  // contour lines: distance to the nearest level in pixels ~ distance in levels / change in levels per pixel
  float level = t * u_levels;
  float px = abs(level - floor(level + 0.5)) / max(fwidth(level), 1e-6);
  float line = (t > 0.0 && t < 1.0) ? 1.0 - smoothstep(0.5, 1.5, px) : 0.0;
  frag_colour = vec4(mix(colour, vec3(1.0), 0.65 * line), 1.0);
}
