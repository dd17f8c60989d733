// mlp.glsl: the training lab's network in inference mode, read from a float texture (core/train/folded.hpp):
// per hidden layer z = in*w, pre = z*scale + shift (BN folded with its running statistics; plain: scale 1,
// shift b), a = act(pre); the output layer gives two logits. Weights may be moved along the two landscape
// directions: w + alpha*d1 + beta*d2 (texel = (w, d1, d2, 0)). NET_T, defined by the program before this text, is
// float (one point per call: the boundary) or vec4 (four points per call, so every weight fetched serves four
// training points: the landscape).
//
// Texture layout (PackNetwork): layer l's unit j starts at texel start_l + j*(I+1); texels start..start+I-1 hold
// its I incoming weights, texel start+I holds (scale, shift). Texel k sits at (k % 256, k / 256).
uniform sampler2D u_net;
uniform int u_depth;       // hidden layers, 1-8
uniform int u_width;       // units per hidden layer, 2-64
uniform int u_activation;  // 0 sigmoid, 1 tanh, 2 relu

vec4 NetTexel(int k) {
  return texelFetch(u_net, ivec2(k & 255, k >> 8), 0);
}

NET_T Activate(NET_T v) {
  if (u_activation == 0) return 1.0 / (1.0 + exp(-v));
  if (u_activation == 1) {
    // tanh(v) = 1 - 2/(exp(2v) + 1), written out so large |v| saturates instead of overflowing to NaN
    return 1.0 - 2.0 / (exp(2.0 * clamp(v, -40.0, 40.0)) + 1.0);
  }
  return max(v, 0.0);
}

// The two logits of the point(s) (x0, x1).
void NetLogits(NET_T x0, NET_T x1, float alpha, float beta, out NET_T logit0, out NET_T logit1) {
  NET_T a[64];
  NET_T next[64];
  a[0] = x0;
  a[1] = x1;
  int fan_in = 2;
  int start = 0;
  for (int l = 0; l < u_depth; ++l) {
    for (int j = 0; j < u_width; ++j) {
      int unit = start + j * (fan_in + 1);
      NET_T z = NET_T(0.0);  // z = sum_i in_i*w_ij
      for (int i = 0; i < fan_in; ++i) {
        vec4 t = NetTexel(unit + i);
        z += a[i] * (t.x + alpha * t.y + beta * t.z);
      }
      vec4 ss = NetTexel(unit + fan_in);
      next[j] = Activate(z * ss.x + ss.y);
    }
    for (int j = 0; j < u_width; ++j) a[j] = next[j];
    start += u_width * (fan_in + 1);
    fan_in = u_width;
  }
  NET_T out2[2];
  for (int j = 0; j < 2; ++j) {
    int unit = start + j * (fan_in + 1);
    NET_T z = NET_T(0.0);
    for (int i = 0; i < fan_in; ++i) {
      vec4 t = NetTexel(unit + i);
      z += a[i] * (t.x + alpha * t.y + beta * t.z);
    }
    vec4 ss = NetTexel(unit + fan_in);
    out2[j] = z * ss.x + ss.y;
  }
  logit0 = out2[0];
  logit1 = out2[1];
}
