// mlp.glsl: the training lab's network in inference mode (core/train/folded.hpp): per hidden layer z = in*w,
// pre = z*scale + shift (BN folded with its running statistics; plain: scale 1, shift b), a = act(pre); the output
// layer gives two logits. Weights may be moved along the two landscape directions: w + alpha*d1 + beta*d2.
//
// The program defines before this text (src/gfx/gpu_views.cpp), so loops have constant bounds and unroll:
//   NET_T           float (one point per call: the boundary) or vec4 (four training points per call, so every
//                   weight read serves four: the landscape)
//   NET_DEPTH       hidden layers, 1-8;  NET_WIDTH  units per hidden layer, 2-64
//   NET_ACTIVATION  0 sigmoid, 1 tanh, 2 relu
//   NET_TEXELS      how many texels the network has; NET_IN_BLOCK 1 when they fit a uniform block (at most 1024
//                   vec4, WebGL2's guaranteed 16 KB), else they come from the texture u_net.
//   NET_BATCH_STATS 1: BN with batch statistics (bn_scale, bn_shift, set by landscape.frag) instead of the
//                   running ones folded into (scale, shift)
// Texel layout (PackNetwork): texel k = (w, d1, d2, 0) or (scale, shift, gamma, beta); layer l's unit j starts at
// start_l + j*(I+1): its I incoming weights, then the affine texel. In the texture, texel k is at (k % 256, k / 256).
#if NET_IN_BLOCK
layout(std140) uniform NetBlock {
  vec4 net_texels[NET_TEXELS];
};
vec4 NetTexel(int k) {
  return net_texels[k];
}
#else
uniform sampler2D u_net;
vec4 NetTexel(int k) {
  return texelFetch(u_net, ivec2(k & 255, k >> 8), 0);
}
#endif

NET_T Activate(NET_T v) {
#if NET_ACTIVATION == 0
  return 1.0 / (1.0 + exp(-v));
#elif NET_ACTIVATION == 1
  // tanh(v) = 1 - 2/(exp(2v) + 1), written out so large |v| saturates instead of overflowing to NaN
  return 1.0 - 2.0 / (exp(2.0 * clamp(v, -40.0, 40.0)) + 1.0);
#else
  return max(v, 0.0);
#endif
}

#if NET_BATCH_STATS
// BN with statistics of a batch (landscape.frag computes them, layer by layer, over the whole training set):
// pre = z*bn_scale + bn_shift with bn_scale = gamma/sqrt(var + eps), bn_shift = beta - mean*bn_scale.
float bn_scale[NET_DEPTH * NET_WIDTH];
float bn_shift[NET_DEPTH * NET_WIDTH];
#endif

// The hidden layers' values for the point(s) being evaluated, kept in globals rather than passed as array
// arguments (which some shader compilers copy at every call).
NET_T net_a[NET_WIDTH];     // activations of the last hidden layer run
NET_T net_z[NET_WIDTH];     // its z, before the affine map
NET_T net_next[NET_WIDTH];  // the layer being computed

// The texel index where hidden layer l (or l = NET_DEPTH, the output layer) starts.
int LayerStart(int l) {
  return l == 0 ? 0 : NET_WIDTH * 3 + (l - 1) * NET_WIDTH * (NET_WIDTH + 1);
}

// pre = z*scale + shift for unit j of hidden layer l, whose (scale, shift, gamma, beta) texel is `ss`.
NET_T Affine(NET_T z, int l, int j, vec4 ss) {
#if NET_BATCH_STATS
  return z * bn_scale[l * NET_WIDTH + j] + bn_shift[l * NET_WIDTH + j];
#else
  return z * ss.x + ss.y;
#endif
}

// One unit's z = sum_i in_i * (w_ij + alpha*d1_ij + beta*d2_ij) over its incoming weights, which start at texel
// `unit` (the texel after them holds the affine map). ZOfInputs for the first layer (2 inputs), ZOfHidden for
// the others (inputs: net_a).
NET_T ZOfInputs(NET_T x0, NET_T x1, int unit, float alpha, float beta) {
  vec4 t0 = NetTexel(unit), t1 = NetTexel(unit + 1);
  NET_T z = NET_T(0.0);
  z += x0 * (t0.x + alpha * t0.y + beta * t0.z);
  z += x1 * (t1.x + alpha * t1.y + beta * t1.z);
  return z;
}
NET_T ZOfHidden(int unit, float alpha, float beta) {
  NET_T z = NET_T(0.0);
  for (int i = 0; i < NET_WIDTH; ++i) {
    vec4 t = NetTexel(unit + i);
    z += net_a[i] * (t.x + alpha * t.y + beta * t.z);
  }
  return z;
}

// Hidden layers 0..layers-1 for the point(s) (x0, x1): net_a = the last one's activations, net_z = its z before
// the affine map (what BN's statistics are taken of).
void NetHidden(NET_T x0, NET_T x1, float alpha, float beta, int layers) {
  for (int j = 0; j < NET_WIDTH; ++j) {
    net_z[j] = ZOfInputs(x0, x1, j * 3, alpha, beta);
    net_a[j] = Activate(Affine(net_z[j], 0, j, NetTexel(j * 3 + 2)));
  }
  for (int l = 1; l < layers; ++l) {
    int start = LayerStart(l);
    for (int j = 0; j < NET_WIDTH; ++j) {
      int unit = start + j * (NET_WIDTH + 1);
      net_z[j] = ZOfHidden(unit, alpha, beta);
      net_next[j] = Activate(Affine(net_z[j], l, j, NetTexel(unit + NET_WIDTH)));
    }
    for (int j = 0; j < NET_WIDTH; ++j) net_a[j] = net_next[j];
  }
}

// The two logits of the point(s) (x0, x1).
void NetLogits(NET_T x0, NET_T x1, float alpha, float beta, out NET_T logit0, out NET_T logit1) {
  NetHidden(x0, x1, alpha, beta, NET_DEPTH);
  int start = LayerStart(NET_DEPTH);
  vec4 ss0 = NetTexel(start + NET_WIDTH), ss1 = NetTexel(start + 2 * NET_WIDTH + 1);
  logit0 = ZOfHidden(start, alpha, beta) * ss0.x + ss0.y;
  logit1 = ZOfHidden(start + NET_WIDTH + 1, alpha, beta) * ss1.x + ss1.y;
}
