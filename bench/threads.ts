// `npm run bench -- --threads`: GFLOP/s of the float32 GEMM on 1 thread (gemmWasm) against 2 threads
// (GemmPool), on the products of the workloads, to choose gemm's threshold for threads.
import { availableParallelism } from 'node:os';
import { GemmPool, PARALLEL_MIN_FLOPS } from '../src/tensor/runtime/gemm-pool.js';
import { setNumThreads } from '../src/tensor/runtime/threads.js';
import { gemmWasm } from '../src/tensor/kernels/gemm-wasm.js';
import { kernelBackend } from '../src/tensor/runtime/wasm.js';
import { Adam, Linear, randn, ReLU, Sequential, SGD, softmaxCrossEntropy, type Module, type Tensor } from '../src/index.js';
import type { Timing } from './timing.js';

// [m, k, n, transA, transB, what]: op(A) is m x k, op(B) k x n; the forms as backprop calls them.
const products: [number, number, number, boolean, boolean, string][] = [
  [128, 784, 128, false, false, ''],
  [128, 784, 128, false, true, 'W3 layer 1 forward'],
  [128, 128, 784, true, false, 'W3 layer 1 dW'],
  [128, 128, 10, false, false, ''],
  [128, 128, 10, false, true, 'W3 layer 2 forward'],
  [10, 128, 128, true, false, 'W3 layer 2 dW'],
  [128, 10, 128, false, false, 'W3 layer 2 dX'],
  [128, 784, 10, false, true, 'W2 forward'],
  [10, 128, 784, true, false, 'W2 dW'],
  // Square products around the threshold.
  [64, 64, 64, false, false, ''],
  [80, 80, 80, false, false, ''],
  [100, 100, 100, false, false, ''],
  [128, 128, 128, false, false, ''],
  [160, 160, 160, false, false, ''],
  [200, 200, 200, false, false, ''],
];

/**
 * Seconds per call of `one` and of `two`, interleaved over 15 rounds so that a change in the machine's
 * load hits both alike: each round times a batch of about 5 ms of calls back to back, or with `gapMs`,
 * 10 calls each timed alone after that much busy work (like the other ops of a training step, during
 * which a worker may fall asleep). Warm-up first: V8 compiles wasm lazily.
 */
function compare(one: () => void, two: () => void, gapMs: number): [Timing, Timing] {
  const t0 = performance.now();
  one();
  const once = Math.max((performance.now() - t0) / 1e3, 1e-7);
  const inner = Math.max(1, Math.round(0.005 / once));
  const batch = (call: () => void): number => {
    if (gapMs === 0) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < inner; i++) call();
      return Number(process.hrtime.bigint() - start) / 1e9 / inner;
    }
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const until = performance.now() + gapMs;
      while (performance.now() < until);
      const start = process.hrtime.bigint();
      call();
      times.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    return times.sort((x, y) => x - y)[5];
  };
  for (let i = 0; i < 3; i++) [one, two].forEach(batch);
  const times: [number[], number[]] = [[], []];
  for (let round = 0; round < 15; round++) {
    times[0].push(batch(one));
    times[1].push(batch(two));
  }
  return times.map((t) => {
    t.sort((x, y) => x - y);
    return { median: t[t.length >> 1], min: t[0], max: t[t.length - 1] };
  }) as [Timing, Timing];
}

/** `median (best)` GFLOP/s. */
function gflops(flops: number, t: Timing): string {
  return `${(flops / t.median / 1e9).toFixed(1)} (${(flops / t.min / 1e9).toFixed(1)})`.padStart(12);
}

export async function run(): Promise<void> {
  if (kernelBackend() !== 'wasm') {
    console.log('threads: the WebAssembly kernels are not loaded (SOFTGRAD_KERNELS=js?); nothing to measure');
    return;
  }
  const pool = new GemmPool({ threads: 2 });
  while (pool.ready < 1) await new Promise((resolve) => setTimeout(resolve, 5));
  console.log(`GEMM float32 GFLOP/s, 1 thread (gemmWasm) against 2 (GemmPool), ${availableParallelism()} cores: median (best) of 15 interleaved rounds`);
  console.log(`gemm uses threads from ${PARALLEL_MIN_FLOPS / 1e6} MFLOP. "after 1 ms": each product timed alone after 1 ms of other work, as in training`);
  console.log(`${''.padEnd(36)}${'back to back'.padEnd(34)}after 1 ms of other work`);
  console.log(`${'product'.padEnd(22)}${'form'.padEnd(7)}${'MFLOP'.padStart(7)}${'1 thread'.padStart(12)}${'2 threads'.padStart(12)}${'speedup'.padStart(9)}${'1 thread'.padStart(12)}${'2 threads'.padStart(12)}${'speedup'.padStart(9)}  workload`);
  for (const [m, k, n, transA, transB, what] of products) {
    const a = randn([m * k], 1).data as Float32Array;
    const b = randn([k * n], 2).data as Float32Array;
    const c = new Float32Array(m * n);
    const flops = 2 * m * n * k;
    let cols = '';
    for (const gapMs of [0, 1]) {
      const [one, two] = compare(
        () => gemmWasm(transA, transB, m, n, k, a, b, c, true),
        () => pool.gemm(transA, transB, m, n, k, a, b, c, true, 2),
        gapMs,
      );
      cols += `${gflops(flops, one)}${gflops(flops, two)}${`${(one.median / two.median).toFixed(2)}x`.padStart(9)}`;
    }
    const form = `${transA ? 'A^T' : 'A'} ${transB ? 'B^T' : 'B'}`;
    console.log(`${`[${m},${k}]x[${k},${n}]`.padEnd(22)}${form.padEnd(7)}${(flops / 1e6).toFixed(2).padStart(7)}${cols}  ${what}`);
  }
  pool.stop();
  await trainingSteps();
}

/**
 * Milliseconds per training step (zeroGrad, forward, loss, backward, step) of the W2 and W3 models on
 * batches of 128, through `gemm` as training uses it, at 1 thread and at 2 (`setNumThreads`),
 * alternated over 5 rounds of 200 steps so that a change in the machine's load hits both alike.
 */
async function trainingSteps(): Promise<void> {
  const batches = Array.from({ length: 8 }, (_, i) => ({
    x: randn([128, 784], 100 + i),
    y: Int32Array.from({ length: 128 }, (_, r) => (r * 7 + i) % 10),
  }));
  console.log('\nTraining steps, batch 128, ms per step: median of 5 rounds of 200 steps (min-max)');
  const models: [string, () => { net: Module & { forward(x: Tensor): Tensor }; step: () => void; zero: () => void }][] = [
    ['W2 softmax regression, SGD', () => {
      const net = new Sequential(new Linear(784, 10, { seed: 1 }));
      const opt = new SGD(net.parameters(), { lr: 0.1 });
      return { net, step: () => opt.step(), zero: () => opt.zeroGrad() };
    }],
    ['W3 MLP 784-128-10, Adam', () => {
      const net = new Sequential(new Linear(784, 128, { seed: 1 }), new ReLU(), new Linear(128, 10, { seed: 2 }));
      const opt = new Adam(net.parameters(), { lr: 1e-3 });
      return { net, step: () => opt.step(), zero: () => opt.zeroGrad() };
    }],
  ];
  for (const [name, make] of models) {
    const { net, step, zero } = make();
    const run = (steps: number): number => {
      const start = process.hrtime.bigint();
      for (let s = 0; s < steps; s++) {
        const { x, y } = batches[s % batches.length];
        zero();
        softmaxCrossEntropy(net.forward(x), y).backward();
        step();
      }
      return Number(process.hrtime.bigint() - start) / 1e6 / steps;
    };
    const times: Record<number, number[]> = { 1: [], 2: [] };
    for (const threads of [1, 2]) {
      setNumThreads(threads);
      run(100); // warm-up; at 2 threads, this also starts the worker
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (let round = 0; round < 5; round++) {
      for (const threads of [1, 2]) {
        setNumThreads(threads);
        times[threads].push(run(200));
      }
    }
    const show = (t: number[]): string => {
      t.sort((x, y) => x - y);
      return `${t[2].toFixed(3)} (${t[0].toFixed(3)}-${t[4].toFixed(3)})`;
    };
    console.log(`${name.padEnd(28)} 1 thread ${show(times[1])}   2 threads ${show(times[2])}   ${(times[1][2] / times[2][2]).toFixed(2)}x`);
  }
  setNumThreads('auto');
}
