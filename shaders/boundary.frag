// boundary.frag: the decision boundary of one network, one pixel per point of the plane.
// u_mode 0: colour: P(class 1) on the lab's diverging map (class 0 blue, undecided dark, class 1 orange) with the
//           0.5 contour drawn as a light line about u_line_px pixels wide;
// u_mode 1: the probability itself, its 32 bits in the pixel's bytes (for the comparison with the CPU).
// Pixel (c, r) of the target (r from the bottom) shows the point u_origin + (c + 1/2, r + 1/2)*u_step.
uniform vec2 u_origin;  // plane coordinates of the target's bottom-left corner
uniform vec2 u_step;    // plane units per pixel
uniform int u_mode;
uniform float u_line_px;
out vec4 frag_colour;

void main() {
  vec2 x = u_origin + gl_FragCoord.xy * u_step;
  float logit0, logit1;
  NetLogits(x.x, x.y, 0.0, 0.0, logit0, logit1);
  float p = 1.0 / (1.0 + exp(logit0 - logit1));  // softmax(logits)[1]
  if (u_mode == 1) {
    frag_colour = EncodeFloat(p);
    return;
  }
  float q = IsFinite(p) ? p : 0.5;
  vec3 colour = vec3(40.0 + 200.0 * q, 70.0 + 50.0 * (1.0 - abs(2.0 * q - 1.0)) + 30.0 * q, 40.0 + 200.0 * (1.0 - q)) / 255.0;
  // the 0.5 contour: distance to it in pixels ~ |logit difference| / its change per pixel
  float d = logit1 - logit0;
  float px = abs(d) / max(fwidth(d), 1e-6);
  float line = 1.0 - smoothstep(0.5 * u_line_px, 0.5 * u_line_px + 1.0, px);
  frag_colour = vec4(mix(colour, vec3(0.96), line), 1.0);
}
