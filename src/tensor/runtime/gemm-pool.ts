// The worker pool: large float32 products shared between the main thread and worker threads on the kernels' shared
// wasm memory, where parameters and batches already are, with exactly the bits gemmWasm gives on one thread; and the one
// pool of the process, started on first use.
import type { Worker } from 'node:worker_threads';
import { nodeWorkerThreads } from '../../builtins.js';
import { blockDepth, blockRows, copyOut, gemmWasm, placeOperands, SPARE } from '../kernels/gemm-wasm.js';
import { ThreadChoice } from './thread-choice.js';
import { Slot, workerSource } from './gemm-worker.js';
import { getNumThreads } from './threads.js';
import { gemmInstance, lineUp, type GemmInstance } from './wasm.js';

/**
 * Products under this many flops (2mnk) run on one thread: the main thread alone copies operands in and a worker reads
 * them from its cache, so a second thread pays only on products this large; each further one needs half as much again.
 */
export const PARALLEL_MIN_FLOPS = 4e6;

// Flops per part: small enough that threads finish together, large enough to dwarf a claim (a compare-and-swap).
const PART_FLOPS = 128e3;

export interface GemmPoolOptions {
  /** Threads in all, the main thread included: the pool starts `threads - 1` workers. */
  threads: number;
  /** How long no part may finish before the pool stops and the main thread computes the product. Default 2000 ms. */
  timeoutMs?: number;
  /**
   * How long a worker spins on the next product before it sleeps. Default 2 ms: longer than the gaps between a
   * training step's large products. A worker that finds itself on the main thread's core sleeps at once.
   */
  spinMs?: number;
  /** For the tests of recovery only: each worker exits (or hangs) after claiming its first part. */
  fault?: 'exit' | 'hang';
}

/**
 * Worker threads that share the kernels' wasm memory with the main thread and compute parts of a product, as the
 * main thread does too; `unref`ed, they never keep the process alive. A worker that dies, or leaves a part unfinished
 * for `timeoutMs`, stops the pool: that product and every later one it is given run on the main thread.
 */
export class GemmPool {
  readonly threads: number;
  private stopped: string | null = null;
  private readonly timeoutMs: number;
  private readonly instance: GemmInstance;
  private readonly control: Int32Array;
  /** The float64 parameters of a job (Adam's). */
  private readonly numbers: Float64Array;
  /** 1 for each part of the job finished, by any thread. */
  private readonly doneParts: Uint8Array;
  private readonly workers: Worker[] = [];
  private job = 0;

  constructor({ threads, timeoutMs = 2000, spinMs = 2, fault }: GemmPoolOptions) {
    const instance = gemmInstance();
    if (instance === null || instance.sharedModule === null) throw new Error('GemmPool: the WebAssembly kernels are not loaded on a shared memory (see kernelBackend())');
    this.instance = instance;
    const { sharedModule: module, memory } = instance;
    this.threads = threads;
    this.timeoutMs = timeoutMs;
    this.control = new Int32Array(new SharedArrayBuffer(4 * Slot.size));
    this.numbers = new Float64Array(new SharedArrayBuffer(8 * 16));
    this.doneParts = new Uint8Array(new SharedArrayBuffer(0x10000));
    for (let index = 1; index < threads; index++) {
      const workerData = { module, memory, control: this.control.buffer, numbers: this.numbers.buffer, doneParts: this.doneParts.buffer, index, spinMs, fault };
      // No execArgv: the parent's flags (--input-type=module, an --import hook) are not the worker's business.
      const worker = new (nodeWorkerThreads().Worker)(workerSource, { eval: true, workerData, execArgv: [] });
      worker.unref();
      worker.on('error', (error) => this.stop(`worker ${index} failed: ${error.message}`));
      worker.on('exit', (code) => this.stop(`worker ${index} exited with code ${code}`));
      this.workers.push(worker);
    }
  }

  /** Workers started so far (they start in the background, within tens of milliseconds). */
  get ready(): number {
    return Atomics.load(this.control, Slot.ready);
  }

  /** Why the pool stopped, or null while it runs. */
  get failure(): string | null {
    return this.stopped;
  }

  /** Stops the workers; the pool then computes nothing more (its `gemm` returns false). */
  stop(reason = 'stopped'): void {
    this.stopped ??= reason;
    Atomics.store(this.control, Slot.stopped, 1);
    for (const worker of this.workers) void worker.terminate();
  }

  /**
   * `C = op(A) op(B)` (or `C += ...`) on float32 operands, as `gemmWasm`, on up to `threads` threads. Returns
   * false, doing nothing, when the pool has stopped or for a matrix-vector product (which gemmWasm sums in another
   * order). A product the workers fail to finish is computed by `gemmWasm`, and the pool stops.
   */
  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean, threads = this.threads,
  ): boolean {
    if (this.failure !== null || m < 2 || n < 2 || k < 1) return false;
    threads = Math.max(1, Math.min(threads, this.threads, this.ready + 1));
    if (!transA) {
      // Blocks of rows, as gemmWasm: each is a product of its own.
      const rows = blockRows(n, k);
      for (let i = 0; i < m; i += rows) {
        const mb = Math.min(rows, m - i);
        const ab = a.subarray(i * k, (i + mb) * k);
        const cb = c.subarray(i * n, (i + mb) * n);
        if (mb < 2 || !this.product(false, transB, mb, n, k, ab, b, cb, accumulate, threads, true, true)) {
          gemmWasm(false, transB, mb, n, k, ab, b, cb, accumulate);
        }
      }
      return true;
    }
    const depth = transB ? k : blockDepth(m, n);
    // Blocks of k for A^T B, as gemmWasm: C stays in wasm memory and gathers the blocks' sums in turn.
    for (let p = 0; p < k; p += depth) {
      const kb = Math.min(depth, k - p);
      const ab = transB ? a : a.subarray(p * m, (p + kb) * m);
      const bb = transB ? b : b.subarray(p * n, (p + kb) * n);
      if (!this.product(true, transB, m, n, kb, ab, bb, c, accumulate || p > 0, threads, p === 0, p + kb >= k)) {
        gemmWasm(transA, transB, m, n, k, a, b, c, accumulate);
        return true;
      }
    }
    return true;
  }

  /**
   * One block: places the operands in wasm memory (in place where they are held there; C's values only if `cIn`),
   * packs them, shares the parts of C out among `threads` threads, waits for them, and copies C out if `cOut`. False if
   * the workers did not finish, with `c` untouched (a held C is written only once every part is done).
   */
  private product(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean, threads: number, cIn: boolean, cOut: boolean,
  ): boolean {
    if (this.failure !== null) return false;
    // A block of several (a deep A^T B) works on a copy of C: if a later block fails, C must be as it was.
    const placed = placeOperands(m, n, k, a, b, c, accumulate && cIn, cIn && cOut);
    if (placed.instance !== this.instance) return false;
    const kernels = this.instance.exports;
    const heap = this.instance.heap;
    // The threads write a C held in wasm memory (a gradient, say) only through this thread, once every part is done: a
    // part computed late by a worker the pool gave up on then lands in scratch. So they compute into scratch, `into`.
    const into = placed.cHeld ? placed.scratch : placed.c;
    const packedB = placed.cHeld ? lineUp(into + 4 * m * n + SPARE) : placed.scratch;
    const sum = accumulate && !placed.cHeld;
    if (placed.cHeld || cIn) heap.fill(0, (into >> 2) + m * n, ((into + SPARE) >> 2) + m * n);
    // The tiles read the spare bytes after A at its edges (see assembly/gemm.ts), kept zero as the kernel's gemm does.
    heap.fill(0, (placed.a >> 2) + m * k, ((placed.a + SPARE) >> 2) + m * k);
    // Bands of 8 columns (the kernel's tile width) where there are enough for every thread to take several: each part
    // packs its own panels of op(B), so no thread waits on another's packing. Else bands of 4 rows (its tile height),
    // which need every panel: op(B) is packed by the threads together first, a share of the panels per part.
    const panels = Math.ceil(n / 8);
    const byRows = panels < 4 * threads;
    const packParts = byRows ? Math.min(2 * threads, panels) : 0;
    const packCols = byRows ? 8 * Math.ceil(panels / packParts) : 0;
    const unit = byRows ? 4 : 8;
    const unitFlops = 2 * unit * (byRows ? n : m) * k;
    const extent = byRows ? m : n;
    let size = unit * Math.max(1, Math.round(PART_FLOPS / unitFlops));
    size = Math.max(size, unit * Math.ceil(extent / 0xffff / unit)); // at most 0xffff parts
    const parts = packParts + Math.ceil(extent / size);

    const ctl = this.control;
    ctl[Slot.transA] = transA ? 1 : 0;
    ctl[Slot.transB] = transB ? 1 : 0;
    ctl[Slot.srcB] = placed.b;
    ctl[Slot.packParts] = packParts;
    ctl[Slot.packCols] = packCols;
    ctl[Slot.m] = m;
    ctl[Slot.n] = n;
    ctl[Slot.k] = k;
    ctl[Slot.a] = placed.a;
    ctl[Slot.b] = packedB;
    ctl[Slot.c] = into;
    ctl[Slot.accumulate] = sum ? 1 : 0;
    ctl[Slot.byRows] = byRows ? 1 : 0;
    ctl[Slot.kind] = 0;
    const finished = this.run(parts, size, threads, (part) => {
      if (part < packParts) {
        const j0 = Math.min(part * packCols, n);
        kernels.packPanels(transB, n, k, placed.b, packedB, j0, Math.min(j0 + packCols, n));
        Atomics.add(ctl, Slot.packed, 1);
        return true;
      }
      if (Atomics.load(ctl, Slot.packed) < packParts && !this.awaitCount(Slot.packed, packParts)) return false;
      const lo = (part - packParts) * size;
      const hi = Math.min(lo + size, extent);
      if (!byRows) kernels.packPanels(transB, n, k, placed.b, packedB, lo, hi);
      kernels.gemmTiles(transA, m, n, k, placed.a, packedB, 32 * k, 32, into, sum, byRows ? lo : 0, byRows ? hi : m, byRows ? 0 : lo, byRows ? n : hi);
      return true;
    });
    if (!finished) return false;
    if (placed.cHeld && accumulate) kernels.addTo(m * n, placed.c, into);
    else if (placed.cHeld) kernels.copyBytes(placed.c, into, 4 * m * n);
    if (cOut) copyOut(placed, c, m * n);
    return true;
  }

  /**
   * Adam's update (assembly/optimizers.ts `adamUpdate`) of `count` values whose arrays are at the byte addresses given,
   * a share of the values per thread: each value's update is its own, so the bits are one thread's. `numbers` are
   * `adamUpdate`'s float32 scalars, beta1 to l2. False, doing nothing, when the pool has stopped;
   * if the workers fail to finish it, this thread updates what they left (a part is never updated twice).
   */
  adam(count: number, p: number, g: number, m: number, v: number, vMax: number, amsgrad: boolean, maximize: boolean, numbers: readonly number[]): boolean {
    if (this.failure !== null) return false;
    const threads = Math.min(this.threads, this.ready + 1);
    const ctl = this.control;
    // Parts of 4096 values (a multiple of 4, so each starts on 16 bytes): a thread's share stays even as they finish.
    const size = 4096;
    ctl[Slot.kind] = 1;
    [ctl[Slot.p], ctl[Slot.g], ctl[Slot.expAvg], ctl[Slot.expAvgSq], ctl[Slot.maxExpAvgSq]] = [p, g, m, v, vMax];
    ctl[Slot.flags] = (amsgrad ? 1 : 0) | (maximize ? 2 : 0);
    ctl[Slot.count] = count;
    this.numbers.set(numbers);
    const kernels = this.instance.exports;
    const [beta1, c1, beta2, c2, negStep, bc2, eps, shrink, l2] = numbers;
    const update = (part: number): boolean => {
      const at = 4 * part * size;
      kernels.adamUpdate(Math.min(size, count - part * size), p + at, g + at, m + at, v + at, vMax + at, amsgrad, maximize, beta1, c1, beta2, c2, negStep, bc2, eps, shrink, l2);
      Atomics.store(this.doneParts, part, 1);
      return true;
    };
    const parts = Math.ceil(count / size);
    // An update is not idempotent: what the workers left undone (and only that) is done here.
    if (!this.run(parts, size, threads, update)) for (let part = 0; part < parts; part++) if (Atomics.load(this.doneParts, part) === 0) update(part);
    return true;
  }

  /**
   * Starts a job of `parts` parts (of `size` each) on up to `threads` threads, whose other parameters the caller has
   * written, claims parts on this thread with `compute` (false: give up) like any worker, and waits for the rest. False,
   * and the pool stops, if they do not finish.
   */
  private run(parts: number, size: number, threads: number, compute: (part: number) => boolean): boolean {
    const ctl = this.control;
    ctl[Slot.partSize] = size;
    ctl[Slot.parts] = parts;
    ctl[Slot.threads] = threads;
    Atomics.store(ctl, Slot.finished, 0);
    Atomics.store(ctl, Slot.packed, 0);
    this.doneParts.fill(0, 0, parts);
    this.job = (this.job + 1) & 0x7fffffff;
    const tag = (this.job & 0x7fff) << 16;
    Atomics.store(ctl, Slot.claim, tag);
    Atomics.store(ctl, Slot.job, this.job);
    if (Atomics.load(ctl, Slot.sleepingWorkers) > 0) Atomics.notify(ctl, Slot.job);
    // If the workers are slow to wake, this thread does more.
    let done = 0;
    for (;;) {
      const word = Atomics.load(ctl, Slot.claim);
      const part = word & 0xffff;
      if (part >= parts) break;
      if (Atomics.compareExchange(ctl, Slot.claim, word, word + 1) !== word) continue;
      done++;
      if (!compute(part)) return false;
    }
    return Atomics.add(ctl, Slot.finished, done) + done >= parts || this.awaitCount(Slot.finished, parts);
  }

  /**
   * Waits until the count at `slot` (parts finished, or packed) reaches `parts`: spins a short while (a worker's part
   * is shorter than waking from a wait takes), then sleeps. False, and the pool stops, if it does not move for
   * `timeoutMs`.
   */
  private awaitCount(slot: number, parts: number): boolean {
    const ctl = this.control;
    const spinUntil = performance.now() + 0.2;
    let finished = Atomics.load(ctl, slot);
    for (let i = 1; finished < parts; i++) {
      if ((i & 255) === 0 && performance.now() > spinUntil) break;
      finished = Atomics.load(ctl, slot);
    }
    while (finished < parts) {
      Atomics.store(ctl, Slot.mainSleeping, 1);
      Atomics.wait(ctl, slot, finished, this.timeoutMs);
      Atomics.store(ctl, Slot.mainSleeping, 0);
      const now = Atomics.load(ctl, slot);
      if (now === finished) {
        this.stop(`a worker left a part unfinished for ${this.timeoutMs} ms`);
        return false;
      }
      finished = now;
    }
    return true;
  }
}

// The pool `gemmParallel` uses, started at the first product large enough, and how many pools have
// failed: after three, products stay on the main thread for the rest of the process.
let pool: GemmPool | null = null;
let failedPools = 0;
const MAX_FAILED_POOLS = 3;
const choice = new ThreadChoice();
const counts = { threaded: 0, single: 0 };

/** How many products `gemmParallel` has run on several threads and on one, since the process started. */
export function parallelGemmCounts(): { threaded: number; single: number } {
  return { ...counts };
}

// Adam's updates of fewer values run on one thread: a job's hand-over costs about what 20,000 values' updates take.
const PARALLEL_MIN_VALUES = 65536;

/**
 * @internal Adam's update (see `GemmPool.adam`) on the pool's threads, where there are several, the pool runs (a large
 * product started it) and there are enough values; false, doing nothing, otherwise. The bits are one thread's.
 */
export function adamParallel(
  count: number, p: number, g: number, m: number, v: number, vMax: number, amsgrad: boolean, maximize: boolean, numbers: readonly number[],
): boolean {
  if (count < PARALLEL_MIN_VALUES || pool === null || pool.failure !== null || pool.ready === 0 || getNumThreads() < 2) return false;
  return pool.adam(count, p, g, m, v, vMax, amsgrad, maximize, numbers);
}

/** Threads `gemmParallel` would lend this product (below 2: one thread); the pool and `ThreadChoice` then decide. */
function threadsFor(m: number, n: number, k: number): number {
  const flops = 2 * m * n * k;
  if (flops < PARALLEL_MIN_FLOPS || m < 2 || n < 2) return 1;
  // Each thread needs half the threshold's work; a pool larger than the setting lends fewer threads.
  return Math.min(getNumThreads(), Math.floor((2 * flops) / PARALLEL_MIN_FLOPS));
}

/**
 * `gemm`'s path for large float32 products. Returns false, doing nothing, for a product that belongs on one thread
 * (under `PARALLEL_MIN_FLOPS`, one thread set, or a matrix-vector product). Otherwise computes it, on several
 * threads where that has lately been faster for this shape (see `ThreadChoice`), timing either way, and returns
 * true; the bits are `gemmWasm`'s either way.
 */
export function gemmParallel(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean,
): boolean {
  const threads = threadsFor(m, n, k);
  // Without a shared memory (one core, SOFTGRAD_THREADS=1, a page that is not cross-origin isolated) no worker can help.
  if (threads < 2 || gemmInstance()?.sharedModule == null) return false;
  const setting = getNumThreads();
  if (pool && (pool.failure !== null || pool.threads < setting)) {
    if (pool.failure !== null) failedPools++;
    pool.stop();
    pool = null;
  }
  if (failedPools >= MAX_FAILED_POOLS) return false;
  pool ??= new GemmPool({ threads: setting });
  const key = `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} ${m} ${n} ${k}`;
  const start = performance.now();
  if (pool.ready > 0 && choice.useThreads(key) && pool.gemm(transA, transB, m, n, k, a, b, c, accumulate, threads)) {
    choice.record(key, true, performance.now() - start);
    counts.threaded++;
  } else {
    gemmWasm(transA, transB, m, n, k, a, b, c, accumulate);
    choice.record(key, false, performance.now() - start);
    counts.single++;
  }
  return true;
}
