// landscape.frag: the training loss on a 2-D slice of weight space, one pixel per point (alpha, beta):
// L(theta + alpha*d1 + beta*d2) = (1/N) sum_n [logsumexp(logits_n) - logits_n[y_n]], the mean cross-entropy over the
// training set, which sits in u_data as texels (x0, x1, y, 0), texel n at (n % 256, n / 256), four at a time.
// Pixel (c, r) of a resxres target is alpha = -range + 2*range*(c + 1/2)/res, beta likewise from r (bottom row
// first), as SliceCoord in core/train/landscape.hpp. Output: the loss's 32 bits in the pixel's bytes.
uniform sampler2D u_data;
uniform int u_count;   // N training points
uniform float u_range;
uniform int u_res;
out vec4 frag_colour;

vec4 DataTexel(int n) {
  return texelFetch(u_data, ivec2(n & 255, n >> 8), 0);
}

void main() {
  vec2 ab = -u_range + 2.0 * u_range * gl_FragCoord.xy / float(u_res);
  float total = 0.0;
  for (int n = 0; n < u_count; n += 4) {
    vec4 s0 = DataTexel(n), s1 = DataTexel(n + 1), s2 = DataTexel(n + 2), s3 = DataTexel(n + 3);
    vec4 x0s = vec4(s0.x, s1.x, s2.x, s3.x), x1s = vec4(s0.y, s1.y, s2.y, s3.y), ys = vec4(s0.z, s1.z, s2.z, s3.z);
    vec4 logit0, logit1;
    NetLogits(x0s, x1s, ab.x, ab.y, logit0, logit1);
    vec4 m = max(logit0, logit1);
    vec4 lse = m + log(exp(logit0 - m) + exp(logit1 - m));
    vec4 ce = lse - mix(logit0, logit1, ys);  // -log p[y]
    vec4 valid = vec4(lessThan(ivec4(n, n + 1, n + 2, n + 3), ivec4(u_count)));
    total += dot(ce, valid);
  }
  frag_colour = EncodeFloat(total / float(u_count));
}
