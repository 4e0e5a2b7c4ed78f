// The WebAssembly SIMD GEMM against the TypeScript kernel (the oracle), the dispatch in gemm, and the
// choice of backend (SOFTGRAD_KERNELS=js, no WebAssembly, no SIMD) in child processes.
import { spawnSync } from 'node:child_process';
import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { gemm, gemmTs } from '../src/tensor/kernels/gemm.js';
import { gemmWasm } from '../src/tensor/kernels/gemm-wasm.js';
import { gemmInstance, kernelBackend, WasmArrays } from '../src/tensor/runtime/wasm.js';
import { random, sameBits, forcedJs } from './helpers/kernels.js';

const forms = [[false, false], [false, true], [true, false], [true, true]] as const;
const formName = (tA: boolean, tB: boolean): string => `${tA ? 'A^T' : 'A'} ${tB ? 'B^T' : 'B'}`;

/**
 * Runs gemmWasm and checks it against gemmTs. The wasm kernel sums in float32, so each element may
 * differ from the (float64-summed, then rounded) oracle by the bound on a float32 sum of k products,
 * (k + 2) u (|A| |B| + |C|)_ij with u = 2^-24, plus the oracle's own rounding, which that covers.
 */
function checkAgainstOracle(
  transA: boolean, transB: boolean, m: number, n: number, k: number, accumulate: boolean, seed: number,
): void {
  const a = random(m * k, seed);
  const b = random(k * n, seed + 1);
  const before = random(m * n, seed + 2);
  const got = Float32Array.from(before);
  gemmWasm(transA, transB, m, n, k, a, b, got, accumulate);
  const want = Float64Array.from(before);
  gemmTs(transA, transB, m, n, k, Float64Array.from(a), Float64Array.from(b), want, accumulate);
  const bound = accumulate ? Float64Array.from(before, Math.abs) : new Float64Array(m * n);
  gemmTs(transA, transB, m, n, k, Float64Array.from(a, Math.abs), Float64Array.from(b, Math.abs), bound, accumulate);
  for (let i = 0; i < m * n; i++) {
    const tol = (k + 2) * 2 ** -24 * bound[i];
    if (!(Math.abs(got[i] - want[i]) <= tol)) {
      expect.fail(`${formName(transA, transB)} m=${m} n=${n} k=${k} accumulate=${accumulate}: C[${i}] = ${got[i]}, want ${want[i]} (tolerance ${tol})`);
    }
  }
}

// Under SOFTGRAD_KERNELS=js (the suite is also run that way) the wasm kernels are not loaded here;

test('the WebAssembly kernels are active on Node 20 unless SOFTGRAD_KERNELS=js', () => {
  expect(kernelBackend()).toBe(forcedJs ? 'js' : 'wasm');
});

describe.skipIf(forcedJs)('gemmWasm against the TypeScript kernel', () => {
  // [m, n, k]: one row or column, sizes around the 4 x 8 tile and the 4-wide edge, k = 0 and 1,
  // the n = 1 and m = 1 special paths, and the main benchmark shapes.
  const awkward: [number, number, number][] = [
    [1, 1, 1], [1, 1, 0], [3, 5, 0], [1, 7, 1], [7, 1, 1], [1, 13, 9], [13, 1, 9], [1, 1, 37],
    [4, 8, 16], [5, 9, 3], [3, 4, 5], [6, 10, 7], [9, 12, 1], [2, 17, 2], [17, 19, 23], [33, 35, 37],
    [4, 3, 8], [8, 5, 8], [4, 6, 4], [4, 7, 4], [12, 15, 4], [12, 16, 4], [12, 20, 6],
    [128, 10, 128], [256, 1, 100], [1, 256, 100], [100, 16, 1], [64, 128, 784],
  ];
  for (const [tA, tB] of forms) {
    test.each(awkward)(`${formName(tA, tB)}: m=%i n=%i k=%i, overwrite and accumulate`, (m, n, k) => {
      checkAgainstOracle(tA, tB, m, n, k, false, m * 1000 + n * 10 + k);
      checkAgainstOracle(tA, tB, m, n, k, true, m * 1000 + n * 10 + k + 5);
    });
  }

  test('random shapes, every form, overwrite and accumulate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.integer({ min: 0, max: 10_000 }),
        (m, n, k, form, accumulate, seed) => checkAgainstOracle(forms[form][0], forms[form][1], m, n, k, accumulate, seed),
      ),
      { numRuns: 400 },
    );
  });

  test('a product larger than wasm memory grows it, and products before and after stay right', () => {
    checkAgainstOracle(false, false, 9, 11, 13, true, 1);
    // A 20 MB B (and as much again packed): beyond the module's initial 16 MiB.
    checkAgainstOracle(false, true, 4, 2000, 2500, true, 2);
    checkAgainstOracle(true, false, 9, 11, 13, true, 3);
    checkAgainstOracle(false, false, 1000, 300, 700, false, 4);
  });

  // 4 MiB blocks: rows of A for A B and A B^T (here 1320 rows a block), values of p for A^T B (7598).
  test.each([
    [false, false, 3000, 10, 784],
    [false, true, 3000, 10, 784],
    [true, false, 128, 10, 20_000],
  ] as const)('a product larger than a block is done in blocks: %s %s m=%i n=%i k=%i', (tA, tB, m, n, k) => {
    checkAgainstOracle(tA, tB, m, n, k, false, 11);
    checkAgainstOracle(tA, tB, m, n, k, true, 12);
  });

  test('operands may be views into larger arrays; C beyond m x n is left alone', () => {
    const m = 5, n = 6, k = 7;
    const a = random(m * k + 20, 1).subarray(3, 3 + m * k + 4); // longer than m x k, at an offset
    const b = random(k * n + 10, 2).subarray(10);
    const c = random(m * n + 8, 3).subarray(2);
    const tail = Float32Array.from(c.subarray(m * n));
    const want = Float32Array.from(c);
    gemmWasm(false, true, m, n, k, Float32Array.from(a.subarray(0, m * k)), Float32Array.from(b), want, true);
    gemmWasm(false, true, m, n, k, a, b, c, true);
    expect(sameBits(c, want)).toBe(true);
    expect(sameBits(c.subarray(m * n), tail)).toBe(true);
  });

  test.each([1, 3, 5, 8, 9, 13])('a NaN in one column of B reaches only that column of C (n=%i)', (n) => {
    const m = 6, k = 5;
    for (let col = 0; col < n; col++) {
      const b = random(k * n, col);
      b[2 * n + col] = NaN;
      const c = new Float32Array(m * n);
      gemmWasm(false, false, m, n, k, random(m * k, 7), b, c, false);
      for (let i = 0; i < m * n; i++) expect(Number.isNaN(c[i]), `C[${i}]`).toBe(i % n === col);
    }
  });
});

describe.skipIf(forcedJs)('gemmWasm is deterministic', () => {
  test('the same inputs give the same bits, whatever ran before and however memory grew between', () => {
    for (const [tA, tB] of forms) {
      const m = 37, n = 29, k = 51;
      const a = random(m * k, 1), b = random(k * n, 2), c0 = random(m * n, 3);
      const first = Float32Array.from(c0);
      gemmWasm(tA, tB, m, n, k, a, b, first, true);
      gemmWasm(true, true, 3, 5, 7, random(21, 4), random(35, 5), new Float32Array(15), false);
      gemmWasm(false, false, 400, 400, 400, random(160_000, 6), random(160_000, 7), new Float32Array(160_000), false);
      const second = Float32Array.from(c0);
      gemmWasm(tA, tB, m, n, k, a, b, second, true);
      expect(sameBits(first, second), formName(tA, tB)).toBe(true);
    }
  });
});

describe.skipIf(forcedJs)('arrays in wasm memory (WasmArrays), which products read in place', () => {
  // The product of copies of `a` and `b` against the same product reading them where they are.
  function both(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, seed: number): [Float32Array, Float32Array] {
    const before = random(m * n, seed);
    const copied = Float32Array.from(before), inPlace = Float32Array.from(before);
    gemmWasm(transA, transB, m, n, k, a.slice(), b.slice(), copied, true);
    gemmWasm(transA, transB, m, n, k, a, b, inPlace, true);
    return [copied, inPlace];
  }

  test('as A, as B or both, in every form, give the bits of copied operands and stay as they were', () => {
    const arrays = new WasmArrays();
    try {
      const [m, n, k] = [70, 33, 129];
      const a = arrays.float32(m * k)!, b = arrays.float32(k * n)!;
      a.set(random(m * k, 1));
      b.set(random(k * n, 2));
      const [aBefore, bBefore] = [a.slice(), b.slice()];
      for (const [tA, tB] of forms) {
        for (const [x, y] of [[a, random(k * n, 3)], [random(m * k, 4), b], [a, b]] as const) {
          const [copied, inPlace] = both(tA, tB, m, n, k, x, y, 5);
          expect(sameBits(inPlace, copied), formName(tA, tB)).toBe(true);
        }
      }
      expect(sameBits(a, aBefore) && sameBits(b, bBefore)).toBe(true);
    } finally {
      arrays.release();
    }
  });

  test('while they are held, a product too large for memory grows it if shared (else runs on a second instance), and they stay valid', () => {
    const arrays = new WasmArrays();
    const instance = gemmInstance()!;
    try {
      const a = arrays.float32(64 * 100)!;
      const values = random(64 * 100, 6);
      a.set(values);
      const bytes = instance.heap.byteLength;
      // B alone is larger than the memory: growing an own memory would detach `a`; a shared one never detaches.
      const k = 100, n = Math.ceil(bytes / 4 / k) + 1000;
      const b = random(k * n, 7);
      const [copied, inPlace] = both(false, false, 64, n, k, a, b, 8);
      expect(sameBits(inPlace, copied)).toBe(true);
      if (instance.sharedModule === null) expect(instance.heap.byteLength).toBe(bytes);
      else expect(instance.heap.byteLength).toBeGreaterThan(bytes);
      expect(a.length).toBe(64 * 100);
      expect(sameBits(a, values)).toBe(true);
    } finally {
      arrays.release();
    }
  });

  test('small arrays are not placed there; released ones give their space back', () => {
    const instance = gemmInstance()!;
    const start = instance.arraysEnd;
    const arrays = new WasmArrays();
    expect(arrays.float32(1000)).toBeNull();
    const first = arrays.float32(5000)!;
    expect(first.buffer).toBe(instance.heap.buffer);
    expect(instance.arraysEnd).toBeGreaterThan(start);
    arrays.release();
    expect(instance.arraysEnd).toBe(start);
  });
});

describe('gemm dispatch', () => {
  const m = 12, n = 10, k = 9;
  test.skipIf(forcedJs)('float32 products run on wasm, float64 products and tiny ones on the TypeScript kernel', () => {
    const a = random(m * k, 1), b = random(k * n, 2);
    const viaGemm = new Float32Array(m * n), viaWasm = new Float32Array(m * n), viaTs = new Float32Array(m * n);
    gemm(false, true, m, n, k, a, b, viaGemm, false);
    gemmWasm(false, true, m, n, k, a, b, viaWasm, false);
    gemmTs(false, true, m, n, k, a, b, viaTs, false);
    expect(sameBits(viaGemm, viaWasm)).toBe(true);
    expect(sameBits(viaWasm, viaTs)).toBe(false); // float32 sums against float64 sums

    const a64 = Float64Array.from(a), b64 = Float64Array.from(b);
    const g64 = new Float64Array(m * n), t64 = new Float64Array(m * n);
    gemm(false, true, m, n, k, a64, b64, g64, false);
    gemmTs(false, true, m, n, k, a64, b64, t64, false);
    expect(g64).toEqual(t64);

    const tinyGemm = new Float32Array(4), tinyTs = new Float32Array(4);
    gemm(false, false, 2, 2, 3, a, b, tinyGemm, false);
    gemmTs(false, false, 2, 2, 3, a, b, tinyTs, false);
    expect(sameBits(tinyGemm, tinyTs)).toBe(true);
  });

  // A child process imports the kernels under `flags` and `env`, and reports which backend it chose
  // and whether gemm on float32 then matches the TypeScript kernel bit for bit.
  const kernels = new URL('../src/tensor/kernels/gemm.ts', import.meta.url).href;
  const wasmGemm = new URL('../src/tensor/runtime/wasm.ts', import.meta.url).href;
  const child = `
    import { gemm, gemmTs } from ${JSON.stringify(kernels)};
    import { kernelBackend } from ${JSON.stringify(wasmGemm)};
    const a = Float32Array.from({ length: ${m * k} }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: ${k * n} }, (_, i) => Math.cos(i));
    const c1 = new Float32Array(${m * n}), c2 = new Float32Array(${m * n});
    gemm(false, false, ${m}, ${n}, ${k}, a, b, c1, false);
    gemmTs(false, false, ${m}, ${n}, ${k}, a, b, c2, false);
    console.log(JSON.stringify({ backend: kernelBackend(), likeTs: c1.every((x, i) => Object.is(x, c2[i])) }));`;

  function runChild(flags: string[], env: Record<string, string>): { backend: string; likeTs: boolean } {
    const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', child], {
      encoding: 'utf8',
      env: { ...process.env, SOFTGRAD_KERNELS: '', ...env },
    });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  }

  test.each([
    { when: 'by default on Node 20', flags: [], env: {}, backend: 'wasm', likeTs: false },
    { when: 'with SOFTGRAD_KERNELS=js', flags: [], env: { SOFTGRAD_KERNELS: 'js' }, backend: 'js', likeTs: true },
    { when: 'without WebAssembly (node --jitless)', flags: ['--jitless'], env: {}, backend: 'js', likeTs: true },
    {
      when: 'where the runtime rejects the SIMD module',
      flags: ['--import', "data:text/javascript,WebAssembly.Module=class{constructor(){throw new WebAssembly.CompileError('SIMD')}}"],
      env: {},
      backend: 'js',
      likeTs: true,
    },
  ])('backend $backend $when', ({ flags, env, backend, likeTs }) => {
    expect(runChild(flags, env)).toEqual({ backend, likeTs });
  });
});
