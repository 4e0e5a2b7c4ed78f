// exp, log, log1p, sin and cos computed by softgrad itself, so that every JavaScript engine gives the same bits.
//
// Engines' Math.exp, Math.log and Math.sin differ by an ulp on some inputs (measured in bench/workloads/README.md,
// "Engines"), and a trained model follows every bit of its losses. These are ports of fdlibm (Sun
// Microsystems, 1993: "Permission to use, copy, modify, and distribute this software is freely granted, provided
// that this notice is preserved"), whose results are within an ulp of the exact value; they use only IEEE-754
// double arithmetic, which every engine rounds alike. Where a probe at load finds the engine's Math.exp, Math.log or
// Math.log1p equal to the port (Node's are fdlibm's), the engine's runs: it costs less before code is optimised.

const float = new Float64Array(1);
const words = new Int32Array(float.buffer);
// The high word of a double is the second int32 on a little-endian machine, the first on a big-endian one.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function highWord(x: number): number {
  float[0] = x;
  return words[HI];
}

function lowWord(x: number): number {
  float[0] = x;
  return words[LO];
}

function withHighWord(x: number, high: number): number {
  float[0] = x;
  words[HI] = high;
  return float[0];
}

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const TWO54 = 1.8014398509481984e16;
const TWOM1000 = 9.33263618503218878990e-302;

const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;

/**
 * e^x, within an ulp, the same on every engine (fdlibm's `exp`).
 * @example
 * fdlibmExp(1); // 2.718281828459045
 */
export function fdlibmExp(x: number): number {
  // The words of x are read and the result's exponent set in place, with no helper calls, which cost most before
  // code is optimised.
  float[0] = x;
  const hx = words[HI] & 0x7fffffff;
  const negative = words[HI] < 0;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78...: NaN, infinities, overflow and underflow.
    if (hx >= 0x7ff00000) return Number.isNaN(x) ? x : negative ? 0 : x;
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
  let hi: number;
  let lo: number;
  let k: number;
  if (hx < 0x3ff0a2b2) {
    hi = negative ? x + LN2_HI : x - LN2_HI;
    lo = negative ? -LN2_LO : LN2_LO;
    k = negative ? -1 : 1;
  } else {
    k = (1.44269504088896338700 * x + (negative ? -0.5 : 0.5)) | 0;
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
  }
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  float[0] = 1 - (lo - (r * c) / (2 - c) - hi);
  // y * 2^k, by adding k to the exponent.
  if (k >= -1021) {
    words[HI] += k << 20;
    return float[0];
  }
  words[HI] += (k + 1000) << 20;
  return float[0] * TWOM1000;
}

const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/**
 * The natural logarithm, within an ulp, the same on every engine (fdlibm's `log`).
 * @example
 * fdlibmLog(Math.E); // 1
 */
export function fdlibmLog(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative, or subnormal (scaled up).
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  // x, or x / 2, normalised into [sqrt(2)/2, sqrt(2)).
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20.
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
}

/**
 * ln(1 + x), accurate for x near 0, the same on every engine (fdlibm's `log1p`).
 * @example
 * fdlibmLog1p(1e-20); // 1e-20
 */
export function fdlibmLog1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) {
    // x < 0.41422.
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN;
    if (ax < 0x3e200000) {
      // |x| < 2^-29.
      return ax < 0x3c900000 ? x : x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec3 | 0)) {
      // -0.2929 < x < 0.41422: no reduction.
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      // The rounding error of 1 + x, as a correction.
      c = (k > 0 ? 1 - (u - x) : x - (u - 1)) / u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000);
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20.
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + (c + k * LN2_LO);
    const r = hfsq * (1 - 0.66666666666666666 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - (hfsq - (s * (hfsq + r) + (k * LN2_LO + c)) - f);
}

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

/** sin(x + y) for |x| <= pi/4, y the tail of x's reduction (fdlibm's `__kernel_sin`). */
function kernelSin(x: number, y: number, tail: boolean): number {
  if ((highWord(x) & 0x7fffffff) < 0x3e400000) return x;
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return tail ? x - (z * (0.5 * y - v * r) - y - v * S1) : x + v * (S1 + z * r);
}

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;

/** cos(x + y) for |x| <= pi/4 (fdlibm's `__kernel_cos`). */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y));
  // x / 4 with its low word cleared, or 0.28125 beyond 0.78125.
  const qx = ix > 0x3fe90000 ? 0.28125 : withHighWord(0, ix - 0x00200000);
  const hz = 0.5 * z - qx;
  return 1 - qx - (hz - (z * r - x * y));
}

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;
// Beyond about 2^19 pi/2, the reduction needs pi to more bits than these three parts (fdlibm's large case).
const MEDIUM_LIMIT = 0x413921fb;

// The high words of n pi / 2 for n = 1 .. 32: where x's differs, the first round has no cancellation to fear.
const NPIO2_HW = Int32Array.from({ length: 32 }, (_, i) => highWord(((i + 1) * Math.PI) / 2));

/** x - n pi/2 as [y0 + y1, n], for |x| up to about 2^19 pi/2 (fdlibm's `__ieee754_rem_pio2`, but its large case). */
function reduce(x: number): [number, number, number] {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3pi/4: n is 1 or -1, and x - pi/2 is exact enough in two parts, three near pi/2.
    const sign = hx > 0 ? 1 : -1;
    let z = x - sign * PIO2_1;
    if (ix !== 0x3ff921fb) {
      const y0 = z - sign * PIO2_1T;
      return [y0, z - y0 - sign * PIO2_1T, sign];
    }
    z -= sign * PIO2_2;
    const y0 = z - sign * PIO2_2T;
    return [y0, z - y0 - sign * PIO2_2T, sign];
  }
  const t0 = Math.abs(x);
  const n = (t0 * INV_PIO2 + 0.5) | 0;
  let r = t0 - n * PIO2_1;
  // First round: good to 85 bits.
  let w = n * PIO2_1T;
  let y0 = r - w;
  const j = ix >> 20;
  if ((n >= 32 || ix === NPIO2_HW[n - 1]) && j - ((highWord(y0) >> 20) & 0x7ff) > 16) {
    // Cancellation: a second round, good to 118 bits.
    let t = r;
    w = n * PIO2_2;
    r = t - w;
    w = n * PIO2_2T - (t - r - w);
    y0 = r - w;
    if (j - ((highWord(y0) >> 20) & 0x7ff) > 49) {
      // A third, good to 151 bits.
      t = r;
      w = n * PIO2_3;
      r = t - w;
      w = n * PIO2_3T - (t - r - w);
      y0 = r - w;
    }
  }
  const y1 = r - y0 - w;
  return hx < 0 ? [-y0, -y1, -n] : [y0, y1, n];
}

/**
 * sin(x), within an ulp, the same on every engine for |x| below about 8e5 (fdlibm's `sin`); beyond, Math.sin.
 * @example
 * portableSin(Math.PI / 6); // 0.49999999999999994
 */
export function portableSin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, false);
  if (ix >= 0x7ff00000) return NaN;
  if (ix > MEDIUM_LIMIT) return Math.sin(x);
  const [y0, y1, n] = reduce(x);
  switch (n & 3) {
    case 0:
      return kernelSin(y0, y1, true);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, true);
    default:
      return -kernelCos(y0, y1);
  }
}

/**
 * cos(x), within an ulp, the same on every engine for |x| below about 8e5 (fdlibm's `cos`); beyond, Math.cos.
 * @example
 * portableCos(0); // 1
 */
export function portableCos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return NaN;
  if (ix > MEDIUM_LIMIT) return Math.cos(x);
  const [y0, y1, n] = reduce(x);
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1, true);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1, true);
  }
}

// Dekker's splitter for doubles: 2^27 + 1.
const SPLITTER = 134217729;

/**
 * `base ** n` for a whole `n` >= 0, the same on every engine (engines' `**` differ in the last bit): by
 * squaring in double-double arithmetic (Dekker's exact products, no fused multiply-add), so the one rounding is the
 * last and the result is within half an ulp but for products of more than about 2^40 factors. Nothing is allocated:
 * Adam calls it for every parameter at every step.
 * @example
 * portablePowInt(0.9, 3); // 0.729
 */
export function portablePowInt(base: number, n: number): number {
  // result = rh + rl and square = sh + sl, each a double-double.
  let rh = 1;
  let rl = 0;
  let sh = base;
  let sl = 0;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) {
      const p = rh * sh;
      const err = exactProductError(rh, sh, p) + (rh * sl + rl * sh);
      rh = p + err;
      rl = err - (rh - p);
    }
    if (k > 1) {
      const p = sh * sh;
      const err = exactProductError(sh, sh, p) + 2 * sh * sl;
      sh = p + err;
      sl = err - (sh - p);
    }
  }
  const value = rh + rl;
  // Beyond double's range, Dekker's splitting overflows: the engine's power, which is then 0 or infinite alike.
  return Number.isFinite(value) ? value : base ** n;
}

/** a * b - p exactly, where p is a * b rounded (Dekker's TwoProduct, by splitting each factor in halves). */
function exactProductError(a: number, b: number, p: number): number {
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * Whether this engine's `f` is fdlibm's `port` on `count` inputs spread over `[low, high)`, by a fixed sequence.
 */
function engineAgrees(f: (x: number) => number, port: (x: number) => number, low: number, high: number, count: number): boolean {
  let state = 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const x = low + ((high - low) * state) / 2 ** 32;
    if (!Object.is(f(x), port(x))) return false;
  }
  return true;
}

// Probed once, at load: where the engine's function is fdlibm's on 512 inputs (as Node's are), it is used; elsewhere
// softgrad's port. Either way every engine gives fdlibm's bits.
const ENGINE_EXP = engineAgrees(Math.exp, fdlibmExp, -40, 40, 512) && engineAgrees(Math.exp, fdlibmExp, -745, 709, 64);
const ENGINE_LOG = engineAgrees(Math.log, fdlibmLog, 1e-9, 1e3, 512);
const ENGINE_LOG1P = engineAgrees(Math.log1p, fdlibmLog1p, -0.5, 4, 512);

/**
 * e^x as fdlibm computes it, on every engine: within an ulp, and the same bits in Node and in a browser.
 * @example
 * portableExp(1); // 2.718281828459045
 */
export const portableExp: (x: number) => number = ENGINE_EXP ? Math.exp : fdlibmExp;

/**
 * The natural logarithm as fdlibm computes it, on every engine.
 * @example
 * portableLog(Math.E); // 1
 */
export const portableLog: (x: number) => number = ENGINE_LOG ? Math.log : fdlibmLog;

/**
 * ln(1 + x) as fdlibm computes it, on every engine.
 * @example
 * portableLog1p(1e-20); // 1e-20
 */
export const portableLog1p: (x: number) => number = ENGINE_LOG1P ? Math.log1p : fdlibmLog1p;
