// GFLOP/s of the TypeScript GEMM kernel (the fallback where WebAssembly SIMD is missing) in the three forms backprop uses, on [128,784] x [784,128].
import { gemmTs as gemm } from '../src/tensor/kernels/gemm.js';
import { randn } from '../src/index.js';
import type { DType } from '../src/index.js';
import { timeIt } from './timing.js';

const forms = [
  { name: 'A B     [128,784]x[784,128]', transA: false, transB: false },
  { name: 'A B^T   [128,784]x[128,784]^T', transA: false, transB: true },
  { name: 'A^T B   [784,128]^T x[784,128]', transA: true, transB: false },
];

/** Prints one line per form for `dtype`. Run each dtype in a fresh process: V8 specialises the kernel on the first array type it sees. */
export function run(dtype: DType): void {
  const m = 128, k = 784, n = 128;
  const a = randn([m * k], 1, { dtype }).data;
  const b = randn([k * n], 2, { dtype }).data;
  const c = randn([m * n], 3, { dtype }).data;
  for (const f of forms) {
    const t = timeIt(() => gemm(f.transA, f.transB, m, n, k, a, b, c, false), { warmup: 20, repeats: 9, inner: 10 });
    const gflops = (2 * m * n * k) / t.median / 1e9;
    console.log(
      `matmul ${dtype.padEnd(7)} ${f.name.padEnd(32)} ${gflops.toFixed(2).padStart(6)} GFLOP/s  (median ${(t.median * 1e6).toFixed(0)} us, min ${(t.min * 1e6).toFixed(0)}, max ${(t.max * 1e6).toFixed(0)})`,
    );
  }
}
