// The worker pool never hangs a product and never keeps a process alive: a worker that dies or hangs
// holding a part is given up on and the product computed on the main thread, with the same bits; and
// the setting of the thread count, from setNumThreads or SOFTGRAD_THREADS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, test, expect } from 'vitest';
import { GemmPool } from '../src/tensor/runtime/gemm-pool.js';
import { getNumThreads, setNumThreads } from '../src/tensor/runtime/threads.js';
import { gemmWasm } from '../src/tensor/kernels/gemm-wasm.js';
import { ValueError } from '../src/errors.js';
import { random, sameBits, until, forcedJs } from './helpers/kernels.js';





describe.skipIf(forcedJs)('a worker that dies or hangs holding a part', () => {
  const [m, n, k] = [128, 128, 784];
  const a = random(m * k, 1), b = random(n * k, 2), before = random(m * n, 3);
  const want = Float32Array.from(before);
  beforeAll(() => gemmWasm(false, true, m, n, k, a, b, want, true));

  test.each([
    { fault: 'exit', failure: /worker left a part unfinished for 300 ms|worker 1 exited/ },
    { fault: 'hang', failure: /worker left a part unfinished for 300 ms/ },
  ] as const)('$fault: the product is finished on the main thread with the same bits, and the pool stops', async ({ fault, failure }) => {
    const pool = new GemmPool({ threads: 2, timeoutMs: 300, fault });
    await until(() => pool.ready === 1, 'the worker to start');
    // The worker claims a part as soon as it wakes; the main thread may finish a product alone before then.
    for (let round = 0; round < 50 && pool.failure === null; round++) {
      const c = Float32Array.from(before);
      const started = performance.now();
      expect(pool.gemm(false, true, m, n, k, a, b, c, true)).toBe(true);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(sameBits(c, want)).toBe(true);
    }
    expect(pool.failure).toMatch(failure);
    expect(pool.gemm(false, true, m, n, k, a, b, Float32Array.from(before), true)).toBe(false);
  });

  test('a pool whose worker was stopped leaves products to the caller at once', async () => {
    const pool = new GemmPool({ threads: 3 });
    await until(() => pool.ready === 2, 'the workers to start');
    pool.stop('stopped by the test');
    const started = performance.now();
    expect(pool.gemm(false, true, m, n, k, a, b, Float32Array.from(before), true)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
    expect(pool.failure).toBe('stopped by the test');
  });
});

describe('a process whose products used worker threads exits normally', () => {
  // A child process runs large products on 2 threads until one is shared out, then returns from its
  // script: the idle (unref'ed) worker must not keep it alive. Run from the TypeScript sources (as
  // under vitest and tsx, with --input-type=module, which would make a CommonJS worker script fail) and
  // from JavaScript compiled by tsc as for dist/ (here into a temporary folder, so it is never stale).
  const child = (base: string, ext: string): string => `
    import { gemm } from '${base}tensor/kernels/gemm.${ext}';
    import { parallelGemmCounts } from '${base}tensor/runtime/gemm-pool.${ext}';
    import { setNumThreads } from '${base}tensor/runtime/threads.${ext}';
    setNumThreads(2);
    const a = new Float32Array(128 * 784).fill(0.5), b = new Float32Array(784 * 128).fill(0.25), c = new Float32Array(128 * 128);
    const deadline = Date.now() + 20000;
    let shared = false;
    while (!shared && Date.now() < deadline) {
      gemm(false, false, 128, 128, 784, a, b, c, false);
      shared = parallelGemmCounts().threaded > 0;
      if (!shared) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    console.log(JSON.stringify({ shared, c0: c[0] }));`;

  const outDirs: string[] = [];
  afterAll(() => outDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  function compiled(): string {
    const outDir = mkdtempSync(join(tmpdir(), 'softgrad-threads-'));
    outDirs.push(outDir);
    const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
    const project = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
    spawnSync(process.execPath, [tsc, '-p', project, '--outDir', outDir, '--declaration', 'false', '--sourceMap', 'false'], { encoding: 'utf8' });
    expect(existsSync(join(outDir, 'tensor/runtime/gemm-worker.js')), `tsc emitted nothing into ${outDir}`).toBe(true);
    return pathToFileURL(outDir).href + '/';
  }

  test.skipIf(forcedJs).each([
    { from: 'the TypeScript sources', flags: ['--import', 'tsx'], base: () => new URL('../src/', import.meta.url).href, ext: 'ts' },
    { from: 'JavaScript compiled by tsc', flags: [], base: compiled, ext: 'js' },
  ])('from $from', ({ flags, base, ext }) => {
    const script = child(base(), ext);
    const started = performance.now();
    const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, SOFTGRAD_KERNELS: '' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ shared: true, c0: 784 * 0.125 });
    expect(performance.now() - started).toBeLessThan(25_000);
  });
});

describe('the thread setting', () => {
  test.each([
    [0, "setNumThreads: threads must be a positive integer or 'auto', got 0"],
    [1.5, "setNumThreads: threads must be a positive integer or 'auto', got 1.5"],
    [-2, "setNumThreads: threads must be a positive integer or 'auto', got -2"],
    ['two', "setNumThreads: threads must be a positive integer or 'auto', got \"two\""],
  ] as const)('setNumThreads(%j) is a ValueError', (threads, message) => {
    expect(() => setNumThreads(threads as number)).toThrow(ValueError);
    expect(() => setNumThreads(threads as number)).toThrow(message);
  });

  test("setNumThreads sets getNumThreads; 'auto' is the cores available, up to 4", () => {
    setNumThreads(3);
    expect(getNumThreads()).toBe(3);
    setNumThreads('auto');
    expect(getNumThreads()).toBe(Math.min(availableParallelism(), 4));
  });

  // The environment is read at the first getNumThreads, in a child process here.
  const threads = new URL('../src/tensor/runtime/threads.ts', import.meta.url).href;
  const errors = new URL('../src/errors.ts', import.meta.url).href;
  test.each([
    { env: '1', result: { threads: 1 } },
    { env: '3', result: { threads: 3 } },
    { env: 'auto', result: { threads: Math.min(availableParallelism(), 4) } },
    { env: '', result: { threads: Math.min(availableParallelism(), 4) } },
    { env: '0', result: { error: "ValueError: SOFTGRAD_THREADS: threads must be a positive integer or 'auto', got \"0\"" } },
    { env: 'many', result: { error: "ValueError: SOFTGRAD_THREADS: threads must be a positive integer or 'auto', got \"many\"" } },
  ])('SOFTGRAD_THREADS=$env', ({ env, result }) => {
    const script = `
      import { getNumThreads } from '${threads}';
      import { ValueError } from '${errors}';
      try { console.log(JSON.stringify({ threads: getNumThreads() })); }
      catch (e) { console.log(JSON.stringify({ error: (e instanceof ValueError ? 'ValueError: ' : '') + e.message })); }`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, SOFTGRAD_THREADS: env },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(result);
  });
});
