// GFLOP/s of the TypeScript GEMM kernels (the fallback where WebAssembly SIMD is missing, and float64's kernels):
// [128,784] x [784,128] in the three forms backprop uses, then the thin products of W2 and W4.
import { gemmTs as gemm } from '../src/tensor/kernels/gemm.js';
import { randn } from '../src/index.js';
import type { DType } from '../src/index.js';
import { timeIt } from './timing.js';

// [m, n, k]: C is m x n, op(A) m x k.
const products = [
  { name: 'A B     [128,784]x[784,128]', transA: false, transB: false, m: 128, n: 128, k: 784 },
  { name: 'A B^T   [128,784]x[128,784]^T', transA: false, transB: true, m: 128, n: 128, k: 784 },
  { name: 'A^T B   [784,128]^T x[784,128]', transA: true, transB: false, m: 128, n: 128, k: 784 },
  { name: 'A B^T   [128,784]x[10,784]^T', transA: false, transB: true, m: 128, n: 10, k: 784 },
  { name: 'A^T B   [128,10]^T x[128,784]', transA: true, transB: false, m: 10, n: 784, k: 128 },
  { name: 'A B^T   [256,100]x[1,100]^T', transA: false, transB: true, m: 256, n: 1, k: 100 },
  { name: 'A^T B   [256,1]^T x[256,100]', transA: true, transB: false, m: 1, n: 100, k: 256 },
];

/** Prints one line per product for `dtype`. Run each dtype in a fresh process: V8 specialises the kernels on the first array type they see. */
export function run(dtype: DType): void {
  for (const { name, transA, transB, m, n, k } of products) {
    const a = randn([m * k], 1, { dtype }).data;
    const b = randn([k * n], 2, { dtype }).data;
    const c = randn([m * n], 3, { dtype }).data;
    // Timed batches of about 10 million multiply-adds (a few ms), whatever the size of the product.
    const inner = Math.max(1, Math.round(1e7 / (m * n * k)));
    const t = timeIt(() => gemm(transA, transB, m, n, k, a, b, c, false), { warmup: 10 * inner, repeats: 9, inner });
    const gflops = (2 * m * n * k) / t.median / 1e9;
    console.log(
      `matmul ${dtype.padEnd(7)} ${name.padEnd(32)} ${gflops.toFixed(2).padStart(6)} GFLOP/s  (median ${(t.median * 1e6).toFixed(0)} us, min ${(t.min * 1e6).toFixed(0)}, max ${(t.max * 1e6).toFixed(0)})`,
    );
  }
}
