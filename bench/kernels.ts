// `npm run bench -- --kernels`: GFLOP/s of every product the workloads' training steps run, on the float32 kernels
// `gemm` dispatches to, with the operands copied in from ordinary arrays and with them held in wasm memory (as a
// replayed training step holds its batch, parameters, gradients and activations), against the TypeScript kernels.
import { gemm, gemmTs } from '../src/tensor/kernels/gemm.js';
import { kernelBackend, WasmArrays } from '../src/tensor/runtime/wasm.js';
import { randn } from '../src/index.js';
import { timeIt, type Timing } from './timing.js';

interface Product {
  what: string;
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
}

/** A Linear layer's products for a batch of `rows`: Y = X W^T, dW = G^T X and, past the first layer, dX = G W. */
function layer(name: string, rows: number, inF: number, outF: number, first: boolean): Product[] {
  const products = [
    { what: `${name} forward`, transA: false, transB: true, m: rows, n: outF, k: inF },
    { what: `${name} weight gradient`, transA: true, transB: false, m: outF, n: inF, k: rows },
  ];
  if (!first) products.push({ what: `${name} input gradient`, transA: false, transB: false, m: rows, n: inF, k: outF });
  return products;
}

const products: Product[] = [
  ...layer('W2 784-10', 128, 784, 10, true),
  ...layer('W3 784-128', 128, 784, 128, true),
  ...layer('W3 128-10', 128, 128, 10, false),
  ...layer('W4 100-1', 256, 100, 1, true),
  // The square shapes the kernel does best on: the reference for "near peak".
  { what: 'square 256', transA: false, transB: false, m: 256, n: 256, k: 256 },
  { what: 'square 512', transA: false, transB: false, m: 512, n: 512, k: 512 },
];

/** Seconds per call: about 0.1 s of warm-up (V8 compiles wasm lazily, optimises later), then 9 batches of about 10 ms. */
function time(call: () => void): Timing {
  const t0 = process.hrtime.bigint();
  call();
  const once = Math.max(Number(process.hrtime.bigint() - t0) / 1e9, 1e-7);
  const inner = Math.max(1, Math.round(0.01 / once));
  return timeIt(call, { warmup: 10 * inner, repeats: 9, inner });
}

/** `median (worst-best)` in GFLOP/s for `flops` per call. */
function gflops(flops: number, t: Timing | null): string {
  if (t === null) return 'n/a'.padEnd(19);
  const g = (s: number): string => (flops / s / 1e9).toFixed(1);
  return `${g(t.median).padStart(5)} (${g(t.max)}-${g(t.min)})`.padEnd(19);
}

export function run(): void {
  const wasm = kernelBackend() === 'wasm';
  console.log(`GEMM, float32, GFLOP/s: median of 9 (worst-best), one thread; gemm uses '${kernelBackend()}'`);
  console.log('copied: operands in ordinary arrays; in place: all three held in wasm memory, as a replayed training step has them');
  console.log(`${'product'.padEnd(26)}${'form'.padEnd(8)}${'[m,n,k]'.padEnd(16)}${'wasm, copied'.padEnd(19)}${'wasm, in place'.padEnd(19)}TypeScript`);
  for (const { what, transA, transB, m, n, k } of products) {
    const a = randn([m * k], 1).data as Float32Array;
    const b = randn([k * n], 2).data as Float32Array;
    const c = new Float32Array(m * n);
    const arrays = new WasmArrays();
    const held = wasm ? [arrays.float32(m * k), arrays.float32(k * n), arrays.float32(m * n)] : [];
    const inPlace = held.length === 3 && held.every((x) => x !== null) ? (held as Float32Array[]) : null;
    inPlace?.[0].set(a);
    inPlace?.[1].set(b);
    const flops = 2 * m * n * k;
    const copied = wasm ? time(() => gemm(transA, transB, m, n, k, a, b, c, true)) : null;
    const placed = inPlace ? time(() => gemm(transA, transB, m, n, k, inPlace[0], inPlace[1], inPlace[2], true)) : null;
    arrays.release();
    const ts = time(() => gemmTs(transA, transB, m, n, k, a, b, c, true));
    const form = `${transA ? 'A^T' : 'A'} ${transB ? 'B^T' : 'B'}`;
    console.log(`${what.padEnd(26)}${form.padEnd(8)}${`[${m},${n},${k}]`.padEnd(16)}${gflops(flops, copied)}${gflops(flops, placed)}${gflops(flops, ts)}`);
  }
}
