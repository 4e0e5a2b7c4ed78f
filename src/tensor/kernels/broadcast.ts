// Elementwise loops over broadcast operands, read through strides that are 0 along broadcast axes: never copied.

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

/** Where row `row` (a run of the innermost axis) of `shape` starts in an operand with broadcast `strides`. */
function rowStart(row: number, shape: readonly number[], strides: readonly number[]): number {
  let offset = 0;
  for (let axis = shape.length - 2; axis >= 0 && row > 0; axis--) {
    const index = row % shape[axis];
    offset += index * strides[axis];
    row = (row - index) / shape[axis];
  }
  return offset;
}

/** `out = a op b` over `shape` through broadcast strides (see `broadcastStrides`), with a tight inner loop per op. */
export function binaryBroadcast(
  op: BinaryOp,
  a: ArrayLike<number>,
  aStrides: readonly number[],
  b: ArrayLike<number>,
  bStrides: readonly number[],
  out: { [i: number]: number; length: number },
  shape: readonly number[],
): void {
  const rank = shape.length;
  if (out.length === 0) return;
  if (rank === 0) {
    out[0] = applyOp(op, a[0], b[0]);
    return;
  }
  const inner = shape[rank - 1];
  const sa = aStrides[rank - 1];
  const sb = bStrides[rank - 1];
  const rows = out.length / inner;
  for (let r = 0, o = 0; r < rows; r++, o += inner) {
    const offA = rowStart(r, shape, aStrides);
    const offB = rowStart(r, shape, bStrides);
    switch (op) {
      case 'add':
        for (let t = 0, ia = offA, ib = offB; t < inner; t++, ia += sa, ib += sb) out[o + t] = a[ia] + b[ib];
        break;
      case 'sub':
        for (let t = 0, ia = offA, ib = offB; t < inner; t++, ia += sa, ib += sb) out[o + t] = a[ia] - b[ib];
        break;
      case 'mul':
        for (let t = 0, ia = offA, ib = offB; t < inner; t++, ia += sa, ib += sb) out[o + t] = a[ia] * b[ib];
        break;
      case 'div':
        for (let t = 0, ia = offA, ib = offB; t < inner; t++, ia += sa, ib += sb) out[o + t] = a[ia] / b[ib];
        break;
    }
  }
}

function applyOp(op: BinaryOp, x: number, y: number): number {
  switch (op) {
    case 'add':
      return x + y;
    case 'sub':
      return x - y;
    case 'mul':
      return x * y;
    case 'div':
      return x / y;
  }
}

/**
 * `dst[..] += scale * src[i]` for every element of `src` (shaped `shape`), with `dstStrides` the smaller destination's
 * broadcast strides: the backward of broadcasting, summing a gradient over the axes it was repeated along.
 */
export function sumBroadcastInto(
  src: ArrayLike<number>,
  shape: readonly number[],
  dst: { [i: number]: number },
  dstStrides: readonly number[],
  scale = 1,
): void {
  const rank = shape.length;
  if (src.length === 0) return;
  if (rank === 0) {
    dst[0] += scale * src[0];
    return;
  }
  const inner = shape[rank - 1];
  const sd = dstStrides[rank - 1];
  const rows = src.length / inner;
  for (let r = 0, o = 0; r < rows; r++, o += inner) {
    const offD = rowStart(r, shape, dstStrides);
    if (sd === 0) {
      let s = 0;
      for (let t = 0; t < inner; t++) s += src[o + t];
      dst[offD] += scale * s;
    } else { for (let t = 0, id = offD; t < inner; t++, id += sd) dst[id] += scale * src[o + t]; }
  }
}
