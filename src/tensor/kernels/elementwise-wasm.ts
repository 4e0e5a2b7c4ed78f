// Elementwise kernels on the WebAssembly SIMD module (assembly/elementwise.ts), for arrays held in wasm memory: the
// TypeScript loops' bits. Each returns null or false, doing nothing, when an array is not held there.
import type { FloatArray } from '../dtype.js';
import { gemmInstance, residentOffset } from '../runtime/wasm.js';

/** Whether the first `size` values are all finite; null unless the array is held in wasm memory. */
export function allFiniteInPlace(values: FloatArray, size: number): boolean | null {
  const at = size === values.length ? residentOffset(values) : -1;
  return at < 0 ? null : gemmInstance()!.exports.allFinite(size, at) === 1;
}

/** `y = x > 0 ? x : 0`; false unless both arrays are held in wasm memory. */
export function reluForwardInPlace(x: FloatArray, y: FloatArray): boolean {
  const xAt = residentOffset(x), yAt = x.length === y.length ? residentOffset(y) : -1;
  if (xAt < 0 || yAt < 0) return false;
  gemmInstance()!.exports.reluForward(x.length, xAt, yAt);
  return true;
}

/** ReLU's backward into `ga` (see src/tensor/unary.ts); false unless every array is held in wasm memory. */
export function reluBackwardInPlace(g: FloatArray, ga: FloatArray, x: FloatArray): boolean {
  const same = g.length === ga.length && g.length === x.length;
  const gAt = same ? residentOffset(g) : -1, gaAt = residentOffset(ga), xAt = residentOffset(x);
  if (gAt < 0 || gaAt < 0 || xAt < 0) return false;
  gemmInstance()!.exports.reluBackward(g.length, gAt, gaAt, xAt);
  return true;
}
