// Elementwise kernels over float32 arrays in this memory, each giving the bits of its TypeScript loop in src/tensor.

/** 1 if none of the `n` float32 at `x` is NaN or infinite (an exponent of all ones), else 0. */
export function allFinite(n: i32, x: usize): i32 {
  const exponent = i32x4.splat(0x7f800000);
  let bad = i32x4.splat(0);
  const end = <usize>n << 2, end4 = <usize>(n & ~3) << 2;
  let q: usize = 0;
  for (; q < end4; q += 16) bad = v128.or(bad, i32x4.eq(v128.and(v128.load(x + q), exponent), exponent));
  let tail = 0;
  for (; q < end; q += 4) tail |= i32((load<u32>(x + q) & 0x7f800000) == 0x7f800000);
  return i32(!v128.any_true(bad) && tail == 0);
}

/** `y = x > 0 ? x : 0` for `n` float32 (NaN gives 0, as the comparison is false). */
export function reluForward(n: i32, x: usize, y: usize): void {
  const zero = f32x4.splat(0);
  const end = <usize>n << 2, end4 = <usize>(n & ~3) << 2;
  let q: usize = 0;
  // pmax(0, v) is `0 < v ? v : 0`: exactly the comparison above, lane by lane.
  for (; q < end4; q += 16) v128.store(y + q, f32x4.pmax(zero, v128.load(x + q)));
  for (; q < end; q += 4) {
    const v = load<f32>(x + q);
    store<f32>(y + q, v > 0 ? v : 0);
  }
}

/**
 * ReLU's backward for `n` float32: `ga += g * (x > 0 ? 1 : 0)` where every `g` is finite, else `ga += g` only where
 * `x > 0` (a non-finite g times 0 would be NaN where PyTorch passes 0), as src/tensor/unary.ts does.
 */
export function reluBackward(n: i32, g: usize, ga: usize, x: usize): void {
  const zero = f32x4.splat(0), one = f32x4.splat(1);
  const end = <usize>n << 2, end4 = <usize>(n & ~3) << 2;
  const finite = allFinite(n, g) == 1;
  let q: usize = 0;
  for (; q < end4; q += 16) {
    const positive = f32x4.gt(v128.load(x + q), zero), a = v128.load(ga + q), d = v128.load(g + q);
    const sum = finite ? f32x4.add(a, f32x4.mul(d, v128.and(positive, one))) : v128.bitselect(f32x4.add(a, d), a, positive);
    v128.store(ga + q, sum);
  }
  for (; q < end; q += 4) {
    const positive = load<f32>(x + q) > 0, d = load<f32>(g + q);
    if (finite) store<f32>(ga + q, load<f32>(ga + q) + d * f32(positive));
    else if (positive) store<f32>(ga + q, load<f32>(ga + q) + d);
  }
}
