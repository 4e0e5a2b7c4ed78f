// Reductions along one axis of a row-major array viewed as [outer, length, inner].

/** `out[o, i] = scale * sum_j x[o, j, i]`. Rows are summed in index order, so results are reproducible. */
export function sumAxis(
  x: ArrayLike<number>,
  outer: number,
  length: number,
  inner: number,
  out: { [i: number]: number },
  scale: number,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * length * inner;
    if (inner === 1) {
      let s = 0;
      for (let j = 0; j < length; j++) s += x[base + j];
      out[o] = s * scale;
      continue;
    }
    const ob = o * inner;
    for (let i = 0; i < inner; i++) out[ob + i] = 0;
    for (let j = 0; j < length; j++) {
      const row = base + j * inner;
      for (let i = 0; i < inner; i++) out[ob + i] += x[row + i];
    }
    if (scale !== 1) for (let i = 0; i < inner; i++) out[ob + i] *= scale;
  }
}

/** The backward of `sumAxis`: `dx[o, j, i] += scale * g[o, i]` for every j. */
export function spreadAxis(
  g: ArrayLike<number>,
  outer: number,
  length: number,
  inner: number,
  dx: { [i: number]: number },
  scale: number,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * length * inner;
    const ob = o * inner;
    for (let j = 0; j < length; j++) {
      const row = base + j * inner;
      for (let i = 0; i < inner; i++) dx[row + i] += scale * g[ob + i];
    }
  }
}
