// General matrix multiply over typed arrays, for all four transpose forms: which kernel runs which product.
import { gemmParallel } from '../runtime/gemm-pool.js';
import type { Gemm } from './gemm-operands.js';
import { gemmPacked } from './gemm-packed.js';
import { gemmThin } from './gemm-thin.js';
import { gemmTiny } from './gemm-tiny.js';
import { fitsWasm, gemmWasm } from './gemm-wasm.js';

// Products of at most this many multiply-adds run on the plain triple loop, in both backends: it is optimised far
// sooner than the other kernels, which is what a run of many tiny products waits for.
const TINY_PRODUCT = 256;
// Products with at most this many rows or columns of C run on the thin kernel, which beats the packed one there.
const THIN_SIDE = 10;

/**
 * The GEMM contract (see gemm-operands.ts). Tiny products run on `gemmTiny`; other float32 products on the wasm SIMD
 * kernels when loaded and the product fits (on several threads when large, `gemmParallel`); the rest on `gemmTs`. The
 * same inputs give the same bits on every run, whatever the number of threads.
 */
export const gemm: Gemm = (transA, transB, m, n, k, a, b, c, accumulate) => {
  if (isTinyProduct(m, n, k)) {
    gemmTiny(transA, transB, m, n, k, a, b, c, accumulate);
  } else if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array && fitsWasm(transA, transB, m, n, k)) {
    if (!gemmParallel(transA, transB, m, n, k, a, b, c, accumulate)) gemmWasm(transA, transB, m, n, k, a, b, c, accumulate);
  } else { gemmTs(transA, transB, m, n, k, a, b, c, accumulate); }
};

/**
 * The TypeScript kernels behind `gemm` (chosen by `tsKernelFor`): the fallback without WebAssembly SIMD, the
 * kernels for float64, and the oracle the wasm kernels are tested against. They sum in float64, so a float32
 * product past the tiny size gets other last bits than on the wasm kernels (README, "What you can rely on"):
 * matching their float32 order would take a `Math.fround` after every multiply and add, too slow to be worth it.
 */
export const gemmTs: Gemm = (transA, transB, m, n, k, a, b, c, accumulate) => tsKernelFor(m, n, k)(transA, transB, m, n, k, a, b, c, accumulate);

function isTinyProduct(m: number, n: number, k: number): boolean {
  return m * n * k <= TINY_PRODUCT;
}

/** @internal Which TypeScript kernel `gemmTs` runs a product of this shape on. */
export function tsKernelFor(m: number, n: number, k: number): Gemm {
  if (isTinyProduct(m, n, k)) return gemmTiny;
  return m <= THIN_SIDE || n <= THIN_SIDE ? gemmThin : gemmPacked;
}
