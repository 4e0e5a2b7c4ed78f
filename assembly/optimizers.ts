// Optimizer updates over float32 arrays in this memory, as src/optim computes them in JavaScript. SGD runs in float64,
// the same operations in the same order, rounded to float32 where JavaScript stores into a Float32Array and read back
// from there, two elements at a time in f64x2 lanes. Adam runs in float32, operation by operation as torch computes it
// (src/optim/adam.ts rounds after each), four at a time: its square root and two divisions per value, in float64, took
// most of a training step's time outside the products.

/** Two float32 at `at` (one, the other lane zero, when `!pair`) as float64 lanes. */
@inline function read(at: usize, pair: bool): v128 {
  return f64x2.promote_low_f32x4(pair ? v128.load64_zero(at) : v128.load32_zero(at));
}

/** Rounds the lanes to float32 (IEEE round to nearest, as a Float32Array store), stores them, returns what was stored. */
@inline function write(at: usize, x: v128, pair: bool): v128 {
  const f = f32x4.demote_f64x2_zero(x);
  if (pair) v128.store64_lane(at, f, 0);
  else v128.store32_lane(at, f, 0);
  return f64x2.promote_low_f32x4(f);
}

/**
 * Adam's update of `n` float32 parameters, the arrays at byte addresses `p`, `g`, `m`, `v` (and `vMax` when `amsgrad`),
 * each operation in float32, in the order of `adamUpdateFloat32` in src/optim/adam.ts: `shrink` is AdamW's
 * `1 - lr*weightDecay` (1: none), `l2` Adam's weight decay (0: none), `negStep` is `-lr/(1 - beta1^t)`, `c1` and `c2`
 * are `1 - beta1` and `1 - beta2` (each rounded to float32 from float64, as torch's scalars are).
 */
export function adamUpdate(
  n: i32, p: usize, g: usize, m: usize, v: usize, vMax: usize, amsgrad: bool, maximize: bool,
  beta1: f32, c1: f32, beta2: f32, c2: f32, negStep: f32, biasCorrection2Sqrt: f32, eps: f32, shrink: f32, l2: f32,
): void {
  const b1 = f32x4.splat(beta1), k1 = f32x4.splat(c1), b2 = f32x4.splat(beta2), k2 = f32x4.splat(c2);
  const step = f32x4.splat(negStep), bc2 = f32x4.splat(biasCorrection2Sqrt), e = f32x4.splat(eps);
  const decay = f32x4.splat(shrink), penalty = f32x4.splat(l2);
  const end = <usize>n << 2, end4 = <usize>(n & ~3) << 2;
  let q: usize = 0;
  for (; q < end4; q += 16) {
    let pv = v128.load(p + q);
    if (shrink != 1) pv = f32x4.mul(pv, decay);
    let gv = v128.load(g + q);
    if (maximize) gv = f32x4.neg(gv);
    if (l2 != 0) gv = f32x4.add(gv, f32x4.mul(penalty, pv));
    const mv = f32x4.add(f32x4.mul(v128.load(m + q), b1), f32x4.mul(gv, k1));
    let vv = f32x4.add(f32x4.mul(v128.load(v + q), b2), f32x4.mul(f32x4.mul(k2, gv), gv));
    v128.store(m + q, mv);
    v128.store(v + q, vv);
    // the maximum of the raw v, before bias correction
    if (amsgrad) v128.store(vMax + q, (vv = f32x4.max(v128.load(vMax + q), vv)));
    const denominator = f32x4.add(f32x4.div(f32x4.sqrt(vv), bc2), e);
    v128.store(p + q, f32x4.add(pv, f32x4.mul(step, f32x4.div(mv, denominator))));
  }
  for (; q < end; q += 4) {
    let pv = load<f32>(p + q);
    if (shrink != 1) pv *= shrink;
    let gv = load<f32>(g + q);
    if (maximize) gv = -gv;
    if (l2 != 0) gv += l2 * pv;
    const mv = load<f32>(m + q) * beta1 + gv * c1;
    let vv = load<f32>(v + q) * beta2 + c2 * gv * gv;
    store<f32>(m + q, mv);
    store<f32>(v + q, vv);
    if (amsgrad) store<f32>(vMax + q, (vv = max(load<f32>(vMax + q), vv)));
    store<f32>(p + q, pv + negStep * (mv / (sqrt<f32>(vv) / biasCorrection2Sqrt + eps)));
  }
}

/**
 * SGD's update of `n` parameters, the arrays at byte addresses `p`, `g` (and the momentum buffer `buffer` when
 * `momentum` is not 0), as the loop in src/optim/sgd.ts; `firstStep` starts the buffer from the gradient.
 */
export function sgdUpdate(
  n: i32, p: usize, g: usize, buffer: usize, lr: f64, momentum: f64, dampening: f64, weightDecay: f64,
  nesterov: bool, maximize: bool, firstStep: bool,
): void {
  const rate = f64x2.splat(lr), mu = f64x2.splat(momentum), damp = f64x2.splat(1 - dampening), wd = f64x2.splat(weightDecay);
  const moves = momentum != 0, decays = weightDecay != 0;
  const end = <usize>n << 2, pairsEnd = <usize>(n & ~1) << 2;
  let q: usize = 0;
  // Plain SGD (PyTorch's default) in a loop of its own, without the options' tests (bench/workloads/README.md).
  if (!moves && !decays && !maximize) {
    for (; q < pairsEnd; q += 8) sgdAt(q, true, p, g, buffer, rate, mu, damp, wd, false, false, false, false, false);
  } else {
    for (; q < pairsEnd; q += 8) sgdAt(q, true, p, g, buffer, rate, mu, damp, wd, moves, decays, nesterov, maximize, firstStep);
  }
  if (q < end) sgdAt(q, false, p, g, buffer, rate, mu, damp, wd, moves, decays, nesterov, maximize, firstStep);
}

/** SGD's update of the two parameters at byte offset `q` (one, when `!pair`); see `sgdUpdate`. */
@inline function sgdAt(
  q: usize, pair: bool, p: usize, g: usize, buffer: usize, rate: v128, mu: v128, damp: v128, wd: v128,
  moves: bool, decays: bool, nesterov: bool, maximize: bool, firstStep: bool,
): void {
  const pd = read(p + q, pair);
  let d = read(g + q, pair);
  if (maximize) d = f64x2.neg(d);
  if (decays) d = f64x2.add(d, f64x2.mul(wd, pd));
  if (moves) {
    const next = firstStep ? d : f64x2.add(f64x2.mul(mu, read(buffer + q, pair)), f64x2.mul(damp, d));
    const b = write(buffer + q, next, pair);
    d = nesterov ? f64x2.add(d, f64x2.mul(mu, b)) : b;
  }
  write(p + q, f64x2.sub(pd, f64x2.mul(rate, d)), pair);
}
