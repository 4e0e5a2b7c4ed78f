// The rows of softmax cross-entropy's forward: each row's max and exp(x - max), with fdlibm's exp, the bits of
// src/tensor/portable-math.ts (`fdlibmExp`) and of stableLogSumExp in src/losses/softmax.ts, on every machine (scalar
// float64 arithmetic, which wasm rounds as IEEE-754 says).

const LN2_HI: f64 = 6.9314718036912381649e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const TWOM1000: f64 = 9.33263618503218878990e-302;
const P1: f64 = 1.66666666666666019037e-1;
const P2: f64 = -2.77777777770155933842e-3;
const P3: f64 = 6.61375632143793436117e-5;
const P4: f64 = -1.65339022054652515390e-6;
const P5: f64 = 4.13813679705723846039e-8;

/** e^x, fdlibm's `exp`, step for step as `fdlibmExp` in src/tensor/portable-math.ts. */
export function fdlibmExp(x: f64): f64 {
  const high = <i32>(reinterpret<i64>(x) >>> 32);
  const hx = high & 0x7fffffff;
  const negative = high < 0;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78...: NaN, infinities, overflow and underflow.
    if (hx >= 0x7ff00000) return x != x ? x : negative ? 0 : x;
    if (x > 7.09782712893383973096e2) return Infinity;
    if (x < -7.45133219101941108420e2) return 0;
  }
  if (hx <= 0x3fd62e42) {
    // |x| <= ln2 / 2: no reduction (below 2^-28, 1 + x).
    if (hx < 0x3e300000) return 1 + x;
    const t = x * x;
    const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    return 1 - ((x * c) / (c - 2) - x);
  }
  // Reduce x to r = x - k ln2, |r| <= ln2 / 2, as hi - lo.
  let hi: f64, lo: f64, k: i32;
  if (hx < 0x3ff0a2b2) {
    hi = negative ? x + LN2_HI : x - LN2_HI;
    lo = negative ? -LN2_LO : LN2_LO;
    k = negative ? -1 : 1;
  } else {
    k = <i32>(1.44269504088896338700 * x + (negative ? -0.5 : 0.5));
    hi = x - <f64>k * LN2_HI;
    lo = <f64>k * LN2_LO;
  }
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  // y * 2^k, by adding k to the exponent.
  if (k >= -1021) return reinterpret<f64>(reinterpret<i64>(y) + (<i64>k << 52));
  return reinterpret<f64>(reinterpret<i64>(y) + (<i64>(k + 1000) << 52)) * TWOM1000;
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
    for (let j = 0; j < c; j++) {
      const e = fdlibmExp(<f64>load<f32>(row + (<usize>j << 2)) - max);
      if (exps != 0) store<f64>(out + (<usize>j << 3), e);
      s += e;
    }
    store<f64>(shift + (<usize>i << 3), max);
    store<f64>(sums + (<usize>i << 3), s);
  }
}
