// The optimizer updates on the WebAssembly kernels (assembly/optimizers.ts): where a parameter, its gradient and its
// state are all held in wasm memory (see allocateResident), the update runs there in place, with the TypeScript loop's bits.
import type { FloatArray } from '../tensor/dtype.js';
import { adamParallel } from '../tensor/runtime/gemm-pool.js';
import { gemmInstance, residentOffset } from '../tensor/runtime/wasm.js';

/** Adam's hyperparameters for one update, as `AdamBase.step` derives them for the parameter's step. */
export interface AdamStep {
  beta1: number;
  beta2: number;
  stepSize: number;
  biasCorrection2Sqrt: number;
  eps: number;
  /** AdamW's `1 - lr*weightDecay` (1: none). */
  shrink: number;
  /** Adam's weight decay, added to the gradient (0: none). */
  l2: number;
  maximize: boolean;
}

/** Adam's update of float32 parameters on the wasm kernels; false (nothing done) unless every array is held in wasm memory. */
export function adamUpdateInPlace(p: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, vMax: FloatArray | null, s: AdamStep): boolean {
  // The parameter first: most small models' are not held there, and this runs for each of them every step.
  const pAt = residentOffset(p);
  if (pAt < 0) return false;
  const gAt = held(g, p), mAt = held(m, p), vAt = held(v, p), maxAt = vMax === null ? 0 : held(vMax, p);
  if (gAt < 0 || mAt < 0 || vAt < 0 || maxAt < 0) return false;
  // The kernel takes them as float32 (rounded to nearest, as Math.fround does).
  const numbers = [s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, -s.stepSize, s.biasCorrection2Sqrt, s.eps, s.shrink, s.l2] as const;
  // Each value's update is its own: the worker threads, where they run, take a share.
  if (adamParallel(p.length, pAt, gAt, mAt, vAt, maxAt, vMax !== null, s.maximize, numbers)) return true;
  gemmInstance()!.exports.adamUpdate(p.length, pAt, gAt, mAt, vAt, maxAt, vMax !== null, s.maximize, ...numbers);
  return true;
}

/** SGD's hyperparameters for one update, as `SGD.step` holds them. */
export interface SgdStep {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
  /** The momentum buffer starts from this step's gradient. */
  firstStep: boolean;
}

/** SGD's update on the wasm kernels; false (nothing done) unless every array is held in wasm memory. */
export function sgdUpdateInPlace(p: FloatArray, g: FloatArray, buffer: FloatArray | null, s: SgdStep): boolean {
  const pAt = residentOffset(p);
  if (pAt < 0) return false;
  const gAt = held(g, p), bufferAt = buffer === null ? 0 : held(buffer, p);
  if (gAt < 0 || bufferAt < 0) return false;
  const momentum = buffer === null ? 0 : s.momentum;
  gemmInstance()!.exports.sgdUpdate(p.length, pAt, gAt, bufferAt, s.lr, momentum, s.dampening, s.weightDecay, s.nesterov, s.maximize, s.firstStep);
  return true;
}

/** `x`'s byte offset in wasm memory if it is held there and as long as `like`, else -1. */
function held(x: FloatArray, like: FloatArray): number {
  return x.length === like.length ? residentOffset(x) : -1;
}
