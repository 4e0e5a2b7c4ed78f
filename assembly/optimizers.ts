// Optimizer updates over float32 arrays in this memory, as src/optim computes them in JavaScript: each in float64,
// the same operations in the same order, rounded to float32 where JavaScript stores into a Float32Array and read back
// from there. Two elements at a time in f64x2 lanes: the TypeScript loops' bits, sooner.

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
 * Adam's update of `n` parameters, the arrays at byte addresses `p`, `g`, `m`, `v` (and `vMax` when `amsgrad`), as the
 * loop in src/optim/adam.ts: `shrink` is AdamW's `1 - lr*weightDecay` (1: none), `l2` Adam's weight decay (0: none).
 */
export function adamUpdate(
  n: i32, p: usize, g: usize, m: usize, v: usize, vMax: usize, amsgrad: bool, maximize: bool,
  beta1: f64, beta2: f64, stepSize: f64, biasCorrection2Sqrt: f64, eps: f64, shrink: f64, l2: f64,
): void {
  const b1 = f64x2.splat(beta1), b2 = f64x2.splat(beta2), c1 = f64x2.splat(1 - beta1), c2 = f64x2.splat(1 - beta2);
  const negStep = f64x2.splat(-stepSize), bc2 = f64x2.splat(biasCorrection2Sqrt), e = f64x2.splat(eps);
  const decay = f64x2.splat(shrink), penalty = f64x2.splat(l2);
  const end = <usize>n << 2;
  for (let q: usize = 0; q < end; q += 8) {
    const pair = q + 8 <= end;
    let pd = read(p + q, pair);
    if (shrink != 1) pd = write(p + q, f64x2.mul(pd, decay), pair);
    let gd = read(g + q, pair);
    if (maximize) gd = f64x2.neg(gd);
    if (l2 != 0) gd = f64x2.add(gd, f64x2.mul(penalty, pd));
    const md = write(m + q, f64x2.add(f64x2.mul(b1, read(m + q, pair)), f64x2.mul(c1, gd)), pair);
    let vd = write(v + q, f64x2.add(f64x2.mul(b2, read(v + q, pair)), f64x2.mul(f64x2.mul(c2, gd), gd)), pair);
    // the maximum of the raw v, before bias correction
    if (amsgrad) vd = write(vMax + q, f64x2.max(read(vMax + q, pair), vd), pair);
    const denominator = f64x2.add(f64x2.div(f64x2.sqrt(vd), bc2), e);
    write(p + q, f64x2.add(pd, f64x2.div(f64x2.mul(negStep, md), denominator)), pair);
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
  const end = <usize>n << 2;
  for (let q: usize = 0; q < end; q += 8) {
    const pair = q + 8 <= end;
    const pd = read(p + q, pair);
    let d = read(g + q, pair);
    if (maximize) d = f64x2.neg(d);
    if (weightDecay != 0) d = f64x2.add(d, f64x2.mul(wd, pd));
    if (momentum != 0) {
      const next = firstStep ? d : f64x2.add(f64x2.mul(mu, read(buffer + q, pair)), f64x2.mul(damp, d));
      const b = write(buffer + q, next, pair);
      d = nesterov ? f64x2.add(d, f64x2.mul(mu, b)) : b;
    }
    write(p + q, f64x2.sub(pd, f64x2.mul(rate, d)), pair);
  }
}
