// The exponentials of softmax's rows on the WebAssembly kernel (assembly/softmax.ts), with stableLogSumExp's bits.
import { lineUp } from '../runtime/wasm.js';
import { staged, stagedBytes, stagingFor } from './staging.js';

/**
 * For `rows` rows of `length` float32 logits: `shift[i]` = the row's max, `exps[i, j]` = exp(x_ij - shift[i]) where
 * `exps` is given, and `logSum[i]` = the sum of those (the caller takes its log), each as stableLogSumExp
 * (src/losses/softmax.ts) computes them. False, doing nothing, where its TypeScript loop must run (float64 logits,
 * small batches, no WebAssembly).
 */
export function rowExpSumsWasm(
  x: ArrayLike<number>, rows: number, length: number, shift: Float64Array, logSum: Float64Array, exps: Float64Array | null,
): boolean {
  if (!(x instanceof Float32Array) || x.length !== rows * length) return false;
  const xBytes = stagedBytes(x.length), rowBytes = lineUp(8 * rows), expBytes = exps === null ? 0 : lineUp(8 * x.length);
  const instance = stagingFor(x.length, xBytes + 2 * rowBytes + expBytes);
  if (instance === null) return false;
  const xAt = staged(instance, x, instance.arraysEnd, true);
  const shiftAt = instance.arraysEnd + xBytes, sumsAt = shiftAt + rowBytes, expsAt = sumsAt + rowBytes;
  instance.exports.rowExpSums(rows, length, xAt, shiftAt, sumsAt, exps === null ? 0 : expsAt);
  const buffer = instance.heap.buffer;
  shift.set(new Float64Array(buffer, shiftAt, rows));
  logSum.set(new Float64Array(buffer, sumsAt, rows));
  if (exps !== null) exps.set(new Float64Array(buffer, expsAt, x.length));
  return true;
}
