// The optimizer updates and elementwise kernels that run in wasm memory give the TypeScript loops' bits: Adam, AdamW
// and SGD in every variant, ReLU forward and backward (arrays in wasm memory or copied in), bias gradients, the
// finiteness check; and Adam's update on the worker pool gives one thread's, even when a worker dies in the middle of
// it; and a model trained on several threads has one thread's bits.
import { afterAll, describe, expect, test } from 'vitest';
import { Adam, AdamW, Linear, ReLU, SGD, Sequential, Tensor, fit } from '../src/index.js';
import { gradBuffer } from '../src/tensor/tensor.js';
import { recordingOps } from '../src/tensor/grad-mode.js';
import { allFiniteValues } from '../src/tensor/finite.js';
import { relu, reluBackwardTs, reluForwardTs } from '../src/tensor/unary.js';
import { addColumnSums, addColumnSumsTs } from '../src/tensor/kernels/column-sums.js';
import { GemmPool, parallelGemmCounts } from '../src/tensor/runtime/gemm-pool.js';
import { setNumThreads } from '../src/tensor/runtime/threads.js';
import { gemm } from '../src/tensor/kernels/gemm.js';
import { gemmWasm } from '../src/tensor/kernels/gemm-wasm.js';
import { allocateResident, copyValues, gemmInstance, residentOffset, zeroValues } from '../src/tensor/runtime/wasm.js';
import { forcedJs, random, sameBits, until } from './helpers/kernels.js';
import type { Optimizer } from '../src/optim/optimizer.js';

// Odd, so every kernel's tail runs; past 1024, so the arrays are resident.
const SIZE = 5003;

/** Values with the awkward ones mixed in: zeros of both signs, tiny, huge. */
function awkward(seed: number): Float32Array {
  const x = random(SIZE, seed);
  const specials = [0, -0, 1e-30, -1e-30, 3e38, -3e38, 1e-45];
  for (let i = 0; i < specials.length; i++) x[(i * 719 + seed) % SIZE] = specials[i];
  return x;
}

/** A parameter with `values` and gradient `grad`, its arrays in wasm memory or not. */
function param(values: Float32Array, resident: boolean): Tensor {
  const data = resident ? allocateResident('float32', SIZE) : new Float32Array(SIZE);
  data.set(values);
  const p = new Tensor(data, [SIZE], { requiresGrad: true });
  return p;
}

/** The parameter's values and every state array after `steps` steps with the same gradients. */
function trained(make: (p: Tensor) => Optimizer, resident: boolean): Float32Array[] {
  const p = param(awkward(1), resident);
  const opt = make(p);
  for (let step = 0; step < 4; step++) {
    opt.zeroGrad();
    gradBuffer(p).set(awkward(10 + step).map((g) => g * 0.1));
    opt.step();
  }
  expect(residentOffset(p.data) >= 0).toBe(resident);
  const state = (opt.stateDict().state[0] ?? {}) as Record<string, unknown>;
  const arrays = Object.values(state).filter((v): v is number[] => Array.isArray(v)).map((v) => Float32Array.from(v));
  return [Float32Array.from(p.data), ...arrays];
}

describe.skipIf(forcedJs)('updates in wasm memory give the TypeScript loops\' bits', () => {
  const variants: [string, (p: Tensor) => Optimizer][] = [
    ['Adam', (p) => new Adam([p], { lr: 0.01 })],
    ['Adam, weight decay, amsgrad', (p) => new Adam([p], { lr: 0.01, weightDecay: 0.1, amsgrad: true })],
    ['Adam, maximize', (p) => new Adam([p], { lr: 0.01, maximize: true, betas: [0.5, 0.6], eps: 1e-3 })],
    ['AdamW', (p) => new AdamW([p], { lr: 0.01 })],
    ['AdamW, amsgrad, maximize', (p) => new AdamW([p], { lr: 0.3, weightDecay: 0.5, amsgrad: true, maximize: true })],
    ['SGD', (p) => new SGD([p], { lr: 0.1 })],
    ['SGD, weight decay', (p) => new SGD([p], { lr: 0.1, weightDecay: 0.01 })],
    ['SGD, maximize', (p) => new SGD([p], { lr: 0.1, maximize: true })],
    ['SGD, momentum, dampening, weight decay', (p) => new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.3, weightDecay: 0.01 })],
    ['SGD, Nesterov, maximize', (p) => new SGD([p], { lr: 0.1, momentum: 0.8, nesterov: true, maximize: true })],
  ];
  test.each(variants)('%s', (_, make) => {
    const inWasm = trained(make, true), inJs = trained(make, false);
    expect(inWasm.length).toBe(inJs.length);
    inWasm.forEach((x, i) => expect(sameBits(x, inJs[i]), `array ${i}`).toBe(true));
  });

  /** ReLU's output and input gradient: arrays in wasm memory (as a step recorded for replay has them), copied in, or the TypeScript loops. */
  function reluOf(x: Float32Array, g: Float32Array, path: 'resident' | 'copied' | 'ts'): Float32Array[] {
    const resident = path === 'resident';
    const input = param(x, resident);
    const gradient = gradBuffer(input);
    gradient.set(random(SIZE, 7)); // backward adds into what is there
    if (path === 'ts') {
      const y = new Float32Array(SIZE);
      reluForwardTs(input.data, y);
      reluBackwardTs(g, gradient, input.data);
      return [y, Float32Array.from(gradient)];
    }
    // While a step is recorded, an op's output is made in wasm memory.
    const y = resident ? recordingOps(() => relu(input))[0] : relu(input);
    expect(residentOffset(y.data) >= 0).toBe(resident);
    const upstream = resident ? allocateResident('float32', SIZE) : new Float32Array(SIZE);
    upstream.set(g);
    y.backwardFn!(upstream);
    return [Float32Array.from(y.data), Float32Array.from(input.grad!.data)];
  }

  test.each([
    ['finite upstream gradients', awkward(20)],
    ['an infinite upstream gradient (added only where x > 0)', Float32Array.from(awkward(21), (v, i) => (i === 4000 ? -Infinity : v))],
  ])('ReLU forward and backward, %s', (_, g) => {
    const x = awkward(22);
    x[3] = NaN;
    x[5000] = -Infinity;
    x[5001] = Infinity;
    const [yJs, gJs] = reluOf(x, g, 'ts');
    for (const path of ['resident', 'copied'] as const) {
      const [yWasm, gWasm] = reluOf(x, g, path);
      expect(sameBits(yWasm, yJs), path).toBe(true);
      expect(Array.from(gWasm).map(String), path).toEqual(Array.from(gJs).map(String));
    }
  });

  test.each([
    [128, 128, 'eight columns at a time'],
    [61, 37, 'and the last five one at a time'],
    [3, 1000, 'one row of many'],
  ])('bias gradients (column sums) of %i x %i, %s', (rows, cols) => {
    const g = random(rows * cols, rows + cols).map((v, i) => (i % 97 === 0 ? v * 1e30 : i % 89 === 0 ? v * 1e-30 : v));
    const before = random(cols, 5);
    const viaTs = Float32Array.from(before);
    addColumnSumsTs(g, viaTs, rows, cols);
    for (const resident of [false, true]) {
      const db = resident ? allocateResident('float32', cols) : new Float32Array(cols);
      db.set(before);
      const gradient = resident ? allocateResident('float32', rows * cols) : Float32Array.from(g);
      gradient.set(g);
      addColumnSums(gradient, db, rows, cols);
      expect(sameBits(db, viaTs), `resident: ${resident}`).toBe(true);
    }
  });

  test('zeroing and copying arrays in wasm memory (memory.fill, memory.copy) and outside it', () => {
    const values = awkward(30);
    for (const resident of [true, false]) {
      const x = resident ? allocateResident('float32', SIZE) : new Float32Array(SIZE);
      x.set(values);
      const copy = resident ? allocateResident('float32', SIZE) : new Float32Array(SIZE);
      copyValues(copy, x);
      expect(sameBits(copy, values), `copy, resident: ${resident}`).toBe(true);
      const plain = new Float32Array(SIZE);
      copyValues(plain, x); // out of wasm memory (or not)
      expect(sameBits(plain, values)).toBe(true);
      zeroValues(x);
      expect(x.every((v) => Object.is(v, 0)), `zeroed, resident: ${resident}`).toBe(true);
      copyValues(x, plain); // back in
      expect(sameBits(x, values)).toBe(true);
    }
  });

  test.each([
    ['all finite', -1, true],
    ['an infinity in the SIMD part', 17, false],
    ['a NaN in the tail', SIZE - 1, false],
    ['the largest finite value', -2, true],
  ])('allFiniteValues: %s', (_, at, want) => {
    const x = allocateResident('float32', SIZE);
    x.set(random(SIZE, 3));
    if (at === -2) x[100] = 3.4028234663852886e38;
    else if (at >= 0) x[at] = at === 17 ? Infinity : NaN;
    expect(residentOffset(x)).toBeGreaterThanOrEqual(0);
    expect(allFiniteValues(x)).toBe(want);
    expect(allFiniteValues(Float32Array.from(x))).toBe(want);
  });
});

describe.skipIf(forcedJs)('Adam on the worker pool', () => {
  const pools: GemmPool[] = [];
  afterAll(() => pools.forEach((p) => p.stop()));
  const count = 3 * 4096 + 5;

  /** Adam's arrays in wasm memory, seeded alike; `run` updates them; returns them after. */
  function updated(run: (at: number[]) => void): Float32Array[] {
    const arrays = [random(count, 1), random(count, 2), new Float32Array(count), random(count, 4).map(Math.abs), random(count, 5).map(Math.abs)];
    const held = arrays.map((values) => {
      const x = allocateResident('float32', count);
      x.set(values);
      return x;
    });
    run(held.map((x) => x.byteOffset));
    return held.map((x) => Float32Array.from(x));
  }
  // beta1, 1 - beta1, beta2, 1 - beta2, -lr/bc1, sqrt(bc2), eps, AdamW's shrink, Adam's weight decay
  const numbers = [0.9, 0.1, 0.999, 0.001, -0.01, 0.3, 1e-8, 0.99, 0.01] as const;
  const oneThread = (): Float32Array[] => updated(([p, g, m, v, vMax]) => gemmInstance()!.exports.adamUpdate(count, p, g, m, v, vMax, true, false, ...numbers));

  test.each([2, 3])('%i threads give one thread\'s bits', async (threads) => {
    const pool = new GemmPool({ threads });
    pools.push(pool);
    await until(() => pool.ready === threads - 1, 'the workers to start');
    const want = oneThread();
    for (let round = 0; round < 20; round++) {
      const got = updated(([p, g, m, v, vMax]) => expect(pool.adam(count, p, g, m, v, vMax, true, false, numbers)).toBe(true));
      got.forEach((x, i) => expect(sameBits(x, want[i]), `array ${i}`).toBe(true));
    }
  });

  test('a worker that dies holding a part: every value is still updated exactly once', async () => {
    const pool = new GemmPool({ threads: 2, timeoutMs: 300, fault: 'exit' });
    pools.push(pool);
    await until(() => pool.ready === 1, 'the worker to start');
    const want = oneThread();
    // The worker claims a part as soon as it wakes; the main thread may finish a job alone before then.
    for (let round = 0; round < 500 && pool.failure === null; round++) {
      const got = updated(([p, g, m, v, vMax]) => pool.adam(count, p, g, m, v, vMax, true, false, numbers));
      got.forEach((x, i) => expect(sameBits(x, want[i]), `array ${i}`).toBe(true));
      if (round % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(pool.failure).not.toBeNull();
  });
});

describe.skipIf(forcedJs)('an MLP large enough for the pool', () => {
  test('trains to the same bits on 1, 2 and 3 threads, with its products and Adam shared out', async () => {
    const rows = 520, features = 784;
    const x = random(rows * features, 31);
    const y = Int32Array.from({ length: rows }, (_, i) => (i * 7919) % 10);
    const data = { x: new Tensor(x, [rows, features]), y, classes: Array.from({ length: 10 }, (_, c) => String(c)), featureNames: Array.from({ length: features }, (_, j) => `x${j}`), labelName: 'y' };
    const trainWith = async (threads: number): Promise<Float32Array[]> => {
      const model = new Sequential(new Linear(features, 128, { seed: 1 }), new ReLU(), new Linear(128, 10, { seed: 2 }));
      await fit(model, data, { optimizer: new Adam(model.parameters(), { lr: 1e-3 }), epochs: 2, batchSize: 128, seed: 0, threads });
      return model.parameters().map((p) => Float32Array.from(p.data));
    };
    // The pool starts at the first large product, its workers a few milliseconds later: wait for them first.
    setNumThreads(3);
    const [m, n, k] = [128, 128, 784];
    const [a, b, c] = [random(m * k, 1), random(k * n, 2), new Float32Array(m * n)];
    const before = parallelGemmCounts().threaded;
    await until(() => {
      gemm(false, true, m, n, k, a, b, c, false);
      return parallelGemmCounts().threaded > before;
    }, 'a product on the worker threads');
    setNumThreads('auto');
    const one = await trainWith(1);
    for (const threads of [2, 3]) {
      const many = await trainWith(threads);
      many.forEach((w, i) => expect(sameBits(w, one[i]), `${threads} threads, parameter ${i}`).toBe(true));
    }
  });
});

describe.skipIf(forcedJs)('products into a C held in wasm memory, on the pool', () => {
  const pools: GemmPool[] = [];
  afterAll(() => pools.forEach((p) => p.stop()));
  // A deep A^T B (k past blockDepth) runs in blocks of k; a worker dying in a later block must leave C as it was.
  const [m, n, k] = [10, 784, 2700];
  const a = random(k * m, 41), b = random(k * n, 42), before = random(m * n, 43);

  test.each(['none', 'exit'] as const)('A^T B in blocks of k, worker fault %s: the bits of gemmWasm', async (fault) => {
    const want = Float32Array.from(before);
    gemmWasm(true, false, m, n, k, a, b, want, true);
    const pool = new GemmPool({ threads: 2, timeoutMs: 300, ...(fault === 'none' ? {} : { fault }) });
    pools.push(pool);
    await until(() => pool.ready === 1, 'the worker to start');
    for (let round = 0; round < 30; round++) {
      const c = allocateResident('float32', m * n) as Float32Array;
      c.set(before);
      expect(residentOffset(c)).toBeGreaterThanOrEqual(0);
      pool.gemm(true, false, m, n, k, a, b, c, true);
      expect(sameBits(c, want), `round ${round}`).toBe(true);
      if (pool.failure !== null) break;
    }
    if (fault === 'exit') expect(pool.failure).not.toBeNull();
  });
});
