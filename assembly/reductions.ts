// Reductions over float32 arrays in this memory, each giving the bits of its TypeScript loop in src/tensor.

/**
 * `db[j] += sum_i g[i, j]` for the `rows` x `cols` float32 at `g`: each column summed in float64 from row 0 on, then
 * added to db's value in float64 and rounded once, as src/tensor/kernels/column-sums.ts. Eight columns at a time, in
 * f64x2 lanes, so the rows are read once, in order.
 */
export function addColumnSums(rows: i32, cols: i32, g: usize, db: usize): void {
  const ld = <usize>cols << 2;
  let j = 0;
  for (; j + 8 <= cols; j += 8) {
    let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0;
    let at = g + (<usize>j << 2);
    for (let i = 0; i < rows; i++, at += ld) {
      const lo = v128.load(at), hi = v128.load(at, 16);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(lo));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(lo, lo, 2, 3, 0, 1)));
      s2 = f64x2.add(s2, f64x2.promote_low_f32x4(hi));
      s3 = f64x2.add(s3, f64x2.promote_low_f32x4(v128.shuffle<f32>(hi, hi, 2, 3, 0, 1)));
    }
    const d = db + (<usize>j << 2);
    v128.store(d, addRounded(v128.load(d), s0, s1));
    v128.store(d, addRounded(v128.load(d, 16), s2, s3), 16);
  }
  for (; j < cols; j++) {
    let sum: f64 = 0;
    let at = g + (<usize>j << 2);
    for (let i = 0; i < rows; i++, at += ld) sum += <f64>load<f32>(at);
    const d = db + (<usize>j << 2);
    store<f32>(d, <f32>(<f64>load<f32>(d) + sum));
  }
}

/** The four float32 of `d` plus the float64 sums `lo` (lanes 0, 1) and `hi` (lanes 2, 3), each rounded once. */
@inline function addRounded(d: v128, lo: v128, hi: v128): v128 {
  const a = f32x4.demote_f64x2_zero(f64x2.add(f64x2.promote_low_f32x4(d), lo));
  const b = f32x4.demote_f64x2_zero(f64x2.add(f64x2.promote_low_f32x4(v128.shuffle<f32>(d, d, 2, 3, 0, 1)), hi));
  return v128.shuffle<f32>(a, b, 0, 1, 4, 5);
}
