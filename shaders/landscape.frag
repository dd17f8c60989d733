// landscape.frag: the training loss on a 2-D slice of weight space, one pixel per point (alpha, beta):
// L(theta + alpha*d1 + beta*d2) = (1/N) sum_n [logsumexp(logits_n) - logits_n[y_n]], the mean cross-entropy over the
// training set, which sits in u_data as texels (x0, x1, y, 0), texel n at (n % 256, n / 256), four at a time.
// Pixel (c, r) of a res x res target is alpha = -range + 2*range*(c + 1/2)/res, beta likewise from r (bottom row
// first), as SliceCoord in core/train/landscape.hpp. Output: the loss's 32 bits in the pixel's bytes.
// BN in inference mode (running statistics, folded), or with NET_BATCH_STATS the statistics of the whole training
// set at these weights (the loss full-batch training lowers).
uniform sampler2D u_data;
uniform int u_count;   // N training points
uniform float u_range;
uniform int u_res;
uniform float u_eps;   // BN's epsilon (NET_BATCH_STATS)
out vec4 frag_colour;

vec4 DataTexel(int n) {
  return texelFetch(u_data, ivec2(n & 255, n >> 8), 0);
}

// The four training points from n on: coordinates and labels.
void Points(int n, out vec4 x0s, out vec4 x1s, out vec4 ys, out vec4 valid) {
  vec4 s0 = DataTexel(n), s1 = DataTexel(n + 1), s2 = DataTexel(n + 2), s3 = DataTexel(n + 3);
  x0s = vec4(s0.x, s1.x, s2.x, s3.x);
  x1s = vec4(s0.y, s1.y, s2.y, s3.y);
  ys = vec4(s0.z, s1.z, s2.z, s3.z);
  valid = vec4(lessThan(ivec4(n, n + 1, n + 2, n + 3), ivec4(u_count)));
}

void main() {
  vec2 ab = -u_range + 2.0 * u_range * gl_FragCoord.xy / float(u_res);
#if NET_BATCH_STATS
  for (int i = 0; i < NET_DEPTH * NET_WIDTH; ++i) {
    bn_scale[i] = 1.0;
    bn_shift[i] = 0.0;
  }
  // BN's statistics over the whole training set, layer by layer (layer l's need layers 0..l-1's):
  // mean = K + s1/N, var = s2/N - (s1/N)^2 with s1 = sum(z - K), s2 = sum((z - K)^2), K = the first point's z
  // (shifting by K keeps the difference of sums from cancelling), biased variance as BN in training.
  for (int l = 0; l < NET_DEPTH; ++l) {
    float k[NET_WIDTH];
    float s1[NET_WIDTH];
    float s2[NET_WIDTH];
    for (int n = 0; n < u_count; n += 4) {
      vec4 x0s, x1s, ys, valid;
      Points(n, x0s, x1s, ys, valid);
      NetHidden(x0s, x1s, ab.x, ab.y, l + 1);
      for (int j = 0; j < NET_WIDTH; ++j) {
        if (n == 0) {
          k[j] = net_z[j].x;
          s1[j] = 0.0;
          s2[j] = 0.0;
        }
        vec4 d = (net_z[j] - k[j]) * valid;
        s1[j] += d.x + d.y + d.z + d.w;
        s2[j] += dot(d, d);
      }
    }
    int start = LayerStart(l), fan_in = l == 0 ? 2 : NET_WIDTH;
    for (int j = 0; j < NET_WIDTH; ++j) {
      float m1 = s1[j] / float(u_count);
      float mean = k[j] + m1, var = max(s2[j] / float(u_count) - m1 * m1, 0.0);
      vec4 ss = NetTexel(start + j * (fan_in + 1) + fan_in);  // (., ., gamma, beta)
      bn_scale[l * NET_WIDTH + j] = ss.z * inversesqrt(var + u_eps);
      bn_shift[l * NET_WIDTH + j] = ss.w - mean * bn_scale[l * NET_WIDTH + j];
    }
  }
#endif
  float total = 0.0;
  for (int n = 0; n < u_count; n += 4) {
    vec4 x0s, x1s, ys, valid;
    Points(n, x0s, x1s, ys, valid);
    vec4 logit0, logit1;
    NetLogits(x0s, x1s, ab.x, ab.y, logit0, logit1);
    vec4 m = max(logit0, logit1);
    vec4 lse = m + log(exp(logit0 - m) + exp(logit1 - m));
    vec4 ce = lse - mix(logit0, logit1, ys);  // -log p[y]
    total += dot(ce, valid);
  }
  frag_colour = EncodeFloat(total / float(u_count));
}
