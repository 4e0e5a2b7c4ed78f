// Arrays for an elementwise or reduction kernel of the WebAssembly module: read where they are held in its memory,
// copied in above the held arrays where they are not (from STAGE_MIN values on, a copy in and out costs less than the
// scalar loop it replaces).
import { gemmInstance, instanceFor, lineUp, residentOffset, type GemmInstance } from '../runtime/wasm.js';

/** Arrays shorter than this stay on the TypeScript loops: a call into wasm would cost what they do. */
export const STAGE_MIN = 1024;

/** Bytes a staged array of `length` float32 takes above the held arrays. */
export function stagedBytes(length: number): number {
  return lineUp(4 * length);
}

/**
 * An instance of the kernels with `bytes` free above its held arrays, or null for fewer than `STAGE_MIN` values or
 * without WebAssembly (then the TypeScript loop runs).
 */
export function stagingFor(length: number, bytes: number): GemmInstance | null {
  return length < STAGE_MIN || gemmInstance() === null ? null : instanceFor(bytes);
}

/** The byte offset of `x` in `instance`'s memory: where it is held, else `free`, with x's values copied there if `copyIn`. */
export function staged(instance: GemmInstance, x: Float32Array, free: number, copyIn: boolean): number {
  const held = instance === gemmInstance() ? residentOffset(x) : -1;
  if (held >= 0) return held;
  if (copyIn) instance.heap.set(x, free >> 2);
  return free;
}

/** Copies `x`'s values back from `at`, unless x is held there. */
export function unstage(instance: GemmInstance, x: Float32Array, at: number): void {
  if (at !== x.byteOffset || !instance.buffers.has(x.buffer)) x.set(instance.heap.subarray(at >> 2, (at >> 2) + x.length));
}
