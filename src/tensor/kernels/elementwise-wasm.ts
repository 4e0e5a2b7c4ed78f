// Elementwise kernels on the WebAssembly SIMD module (assembly/elementwise.ts), with the TypeScript loops' bits: arrays
// held in wasm memory are read in place, float32 arrays elsewhere are copied in and out (see staging.ts). Each returns
// null or false, doing nothing, where the TypeScript loop must run (float64, short arrays, no WebAssembly).
import type { FloatArray } from '../dtype.js';
import { gemmInstance, residentOffset } from '../runtime/wasm.js';
import { staged, stagedBytes, stagingFor, unstage } from './staging.js';

/** Whether the first `size` values are all finite; null unless the array is held in wasm memory. */
export function allFiniteInPlace(values: FloatArray, size: number): boolean | null {
  const at = size === values.length ? residentOffset(values) : -1;
  return at < 0 ? null : gemmInstance()!.exports.allFinite(size, at) === 1;
}

/** `y = x > 0 ? x : 0`; false where the TypeScript loop must run. */
export function reluForwardWasm(x: FloatArray, y: FloatArray): boolean {
  if (!(x instanceof Float32Array) || !(y instanceof Float32Array) || x.length !== y.length) return false;
  const bytes = stagedBytes(x.length);
  const instance = stagingFor(x.length, 2 * bytes);
  if (instance === null) return false;
  const xAt = staged(instance, x, instance.arraysEnd, true);
  const yAt = staged(instance, y, instance.arraysEnd + bytes, false);
  instance.exports.reluForward(x.length, xAt, yAt);
  unstage(instance, y, yAt);
  return true;
}

/** ReLU's backward into `ga` (see src/tensor/unary.ts); false where the TypeScript loop must run. */
export function reluBackwardWasm(g: FloatArray, ga: FloatArray, x: FloatArray): boolean {
  if (!(g instanceof Float32Array) || !(ga instanceof Float32Array) || !(x instanceof Float32Array)) return false;
  if (g.length !== ga.length || g.length !== x.length) return false;
  const bytes = stagedBytes(g.length);
  const instance = stagingFor(g.length, 3 * bytes);
  if (instance === null) return false;
  const free = instance.arraysEnd;
  const gAt = staged(instance, g, free, true);
  const gaAt = staged(instance, ga, free + bytes, true);
  const xAt = staged(instance, x, free + 2 * bytes, true);
  instance.exports.reluBackward(g.length, gAt, gaAt, xAt);
  unstage(instance, ga, gaAt);
  return true;
}
