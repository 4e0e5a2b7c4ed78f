// `npm run bench -- --kernels`: GFLOP/s of the float32 GEMM kernels, WebAssembly SIMD against TypeScript,
// in the three forms backprop uses, on the products of the workloads.
import { gemmTs } from '../src/tensor/kernels/gemm.js';
import { gemmWasm } from '../src/tensor/kernels/gemm-wasm.js';
import { kernelBackend } from '../src/tensor/runtime/wasm.js';
import { randn } from '../src/index.js';
import { timeIt, type Timing } from './timing.js';

type Kernel = typeof gemmTs;

// [m, k, n]: op(A) is m x k, op(B) k x n. The workloads' products: Linear's forward is A B^T, its
// weight gradient A^T B (so W2's [10,128] x [128,784]); the thin and tiny ones run on their own
// TypeScript kernels (gemm-thin.ts, gemm-tiny.ts).
const shapes: [number, number, number][] = [
  [128, 784, 128], // W3 layer 1
  [128, 784, 10], // W2 forward
  [10, 128, 784], // W2 weight gradient
  [128, 128, 10], // W3 layer 2
  [256, 100, 1], // W4 forward
  [1, 256, 100], // W4 weight gradient
  [16, 4, 3], // W1 forward
  [3, 16, 4], // W1 weight gradient
];

// A^T B^T is not listed: backprop never needs it.
const forms = [
  { name: 'A B', transA: false, transB: false },
  { name: 'A B^T', transA: false, transB: true },
  { name: 'A^T B', transA: true, transB: false },
];

/**
 * Seconds per call, with about 0.1 s of warm-up first (V8 compiles wasm lazily and optimises hot
 * functions later), then 9 timed batches of about 10 ms each.
 */
function time(call: () => void): Timing {
  const t0 = process.hrtime.bigint();
  call();
  const once = Math.max(Number(process.hrtime.bigint() - t0) / 1e9, 1e-7);
  const inner = Math.max(1, Math.round(0.01 / once));
  return timeIt(call, { warmup: 10 * inner, repeats: 9, inner });
}

/** `median (best-worst)` in GFLOP/s for `flops` per call. */
function gflops(flops: number, t: Timing): string {
  const g = (s: number): string => (flops / s / 1e9).toFixed(1);
  return `${g(t.median).padStart(5)} (${g(t.max)}-${g(t.min)})`.padEnd(20);
}

export function run(): void {
  console.log(`GEMM kernels, float32, GFLOP/s: median of 9 (worst-best); gemm uses '${kernelBackend()}'`);
  console.log('[m,k]x[k,n] is op(A) op(B): A B^T reads B stored [n,k], A^T B reads A stored [k,m]');
  console.log(`${'product'.padEnd(22)}${'form'.padEnd(8)}${'wasm'.padEnd(20)}${'TypeScript'.padEnd(20)}wasm/TS`);
  for (const [m, k, n] of shapes) {
    const a = randn([m * k], 1).data as Float32Array;
    const b = randn([k * n], 2).data as Float32Array;
    const c = new Float32Array(m * n);
    for (const f of forms) {
      const call = (kernel: Kernel) => () => kernel(f.transA, f.transB, m, n, k, a, b, c, false);
      const wasm = kernelBackend() === 'wasm' ? time(call(gemmWasm as Kernel)) : null;
      const ts = time(call(gemmTs));
      const flops = 2 * m * n * k;
      console.log(
        `${`[${m},${k}]x[${k},${n}]`.padEnd(22)}${f.name.padEnd(8)}${wasm ? gflops(flops, wasm) : 'n/a'.padEnd(20)}` +
          `${gflops(flops, ts)}${wasm ? `${(ts.median / wasm.median).toFixed(1)}x` : ''}`,
      );
    }
  }
}
