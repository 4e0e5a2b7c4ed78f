// The rows of softmax cross-entropy's forward: each row's max and exp(x - max), with fdlibm's exp, the bits of
// src/tensor/portable-math.ts (`fdlibmExp`) and of stableLogSumExp in src/losses/softmax.ts, on every machine (float64
// arithmetic in f64x2 lanes, which wasm rounds as IEEE-754 says; no fused multiply-add).

const LN2_HI: f64 = 6.9314718036912381649e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const TWOM1000: f64 = 9.33263618503218878990e-302;
const P1: f64 = 1.66666666666666019037e-1;
const P2: f64 = -2.77777777770155933842e-3;
const P3: f64 = 6.61375632143793436117e-5;
const P4: f64 = -1.65339022054652515390e-6;
const P5: f64 = 4.13813679705723846039e-8;

/**
 * e^x on both lanes, step for step as `fdlibmExp` in src/tensor/portable-math.ts, with no branch: every lane takes the
 * general reduction, which gives fdlibm's small and k = +-1 paths' bits when k is set as they set it, and the special
 * cases are chosen lane by lane.
 */
function fdlibmExp2(x: v128): v128 {
  const hx = v128.and(i64x2.shr_u(x, 32), i64x2.splat(0x7fffffff));
  const negative = i64x2.lt_s(x, i64x2.splat(0));
  const huge = i64x2.ge_s(hx, i64x2.splat(0x40862e42)), small = i64x2.le_s(hx, i64x2.splat(0x3fd62e42));
  const nearOne = i64x2.lt_s(hx, i64x2.splat(0x3ff0a2b2)), tiny = i64x2.lt_s(hx, i64x2.splat(0x3e300000));
  const half = v128.bitselect(f64x2.splat(-0.5), f64x2.splat(0.5), negative);
  const one = v128.bitselect(f64x2.splat(-1), f64x2.splat(1), negative);
  const rounded = f64x2.convert_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.mul(f64x2.splat(1.44269504088896338700), x), half)));
  const kf = v128.bitselect(f64x2.splat(0), v128.bitselect(one, rounded, nearOne), small);
  const hi = f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(kf, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let p = f64x2.add(f64x2.splat(P4), f64x2.mul(t, f64x2.splat(P5)));
  p = f64x2.add(f64x2.splat(P3), f64x2.mul(t, p));
  p = f64x2.add(f64x2.splat(P2), f64x2.mul(t, p));
  p = f64x2.add(f64x2.splat(P1), f64x2.mul(t, p));
  const c = f64x2.sub(r, f64x2.mul(t, p));
  const y = f64x2.sub(f64x2.splat(1), f64x2.sub(f64x2.sub(lo, f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2), c))), hi));
  const k = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(kf));
  const scaled = i64x2.add(y, i64x2.shl(k, 52));
  const deep = f64x2.mul(i64x2.add(y, i64x2.shl(i64x2.add(k, i64x2.splat(1000)), 52)), f64x2.splat(TWOM1000));
  let e = v128.bitselect(scaled, deep, i64x2.ge_s(k, i64x2.splat(-1021)));
  e = v128.bitselect(f64x2.add(f64x2.splat(1), x), e, tiny);
  // |x| >= 709.78: NaN stays itself, +inf and overflow give +inf, -inf and underflow 0; the rest of that range goes on.
  let special = v128.bitselect(f64x2.splat(0), x, negative);
  special = v128.bitselect(f64x2.splat(Infinity), special, f64x2.gt(x, f64x2.splat(7.09782712893383973096e2)));
  special = v128.bitselect(x, special, f64x2.ne(x, x));
  const settled = v128.or(i64x2.ge_s(hx, i64x2.splat(0x7ff00000)), v128.or(f64x2.gt(x, f64x2.splat(7.09782712893383973096e2)), f64x2.lt(x, f64x2.splat(-7.45133219101941108420e2))));
  return v128.bitselect(special, e, v128.and(huge, settled));
}

/** Both lanes of `fdlibmExp2`, for the tests. */
export function fdlibmExpPair(x0: f64, x1: f64, out: usize): void {
  v128.store(out, fdlibmExp2(f64x2.replace_lane(f64x2.splat(x0), 1, x1)));
}

/**
 * For each of the `n` rows of `c` float32 at `x`: `shift[i]` = the row's max, `exps[i, j]` = exp(x_ij - shift[i])
 * (when `exps` is not 0) and `sums[i]` = their sum, in order from j = 0; float64 results. The caller takes the log.
 */
export function rowExpSums(n: i32, c: i32, x: usize, shift: usize, sums: usize, exps: usize): void {
  for (let i = 0; i < n; i++) {
    const row = x + (<usize>(i * c) << 2);
    let max: f64 = -Infinity;
    for (let j = 0; j < c; j++) {
      const v = <f64>load<f32>(row + (<usize>j << 2));
      if (v > max) max = v;
    }
    let s: f64 = 0;
    const out = exps + (<usize>(i * c) << 3);
    const shiftBy = f64x2.splat(max);
    let j = 0;
    for (; j + 2 <= c; j += 2) {
      const pair = f64x2.promote_low_f32x4(v128.load64_zero(row + (<usize>j << 2)));
      const e = fdlibmExp2(f64x2.sub(pair, shiftBy));
      if (exps != 0) v128.store(out + (<usize>j << 3), e);
      s += f64x2.extract_lane(e, 0);
      s += f64x2.extract_lane(e, 1);
    }
    if (j < c) {
      const e = f64x2.extract_lane(fdlibmExp2(f64x2.splat(<f64>load<f32>(row + (<usize>j << 2)) - max)), 0);
      if (exps != 0) store<f64>(out + (<usize>j << 3), e);
      s += e;
    }
    store<f64>(shift + (<usize>i << 3), max);
    store<f64>(sums + (<usize>i << 3), s);
  }
}
