// The worker pool: large float32 products shared between the main thread and worker threads over one shared wasm
// memory, with exactly the bits gemmWasm gives on one thread; and the one pool of the process, started on first use.
import type { Worker } from 'node:worker_threads';
import { nodeWorkerThreads } from '../../builtins.js';
import { blockDepth, blockRows, gemmWasm } from '../kernels/gemm-wasm.js';
import { base64ToBytes } from '../base64.js';
import { parallelGemmBase64 } from './parallel-gemm-binary.js';
import { ThreadChoice } from './thread-choice.js';
import { Slot, workerSource } from './gemm-worker.js';
import { getNumThreads } from './threads.js';
import { kernelBackend } from './wasm.js';

// The part of the WebAssembly API used here (tsconfig's ES2022 lib does not declare it).
interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

interface PartExports {
  heapBase(): number;
  scratchBytes(m: number, n: number, k: number): number;
  pack(transA: boolean, transB: boolean, m: number, n: number, k: number, a: number, b: number, dst: number): number;
  gemmTiles(
    m: number, n: number, k: number, packedA: number, packedB: number, c: number, accumulate: boolean,
    i0: number, i1: number, j0: number, j1: number,
  ): void;
}

/**
 * Products under this many flops (2mnk) run on one thread: the main thread alone copies operands in and a worker reads
 * them from its cache, so a second thread pays only on products this large; each further one needs half as much again.
 */
export const PARALLEL_MIN_FLOPS = 4e6;

const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
const PAGE = 65536;
const MAX_PAGES = 32767; // as declared by the module (scripts/build-wasm.mjs)
// Bytes after each operand that the kernels may read, and that are kept zero (see assembly/gemm.ts).
const SPARE = 32;
// Flops per part: small enough that threads finish together, large enough to dwarf a claim (a compare-and-swap).
const PART_FLOPS = 128e3;

/** `bytes` rounded up to a cache line. */
function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

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
 * Worker threads that share one wasm memory with the main thread and compute parts of a product, as the main
 * thread does too; `unref`ed, they never keep the process alive. A worker that dies, or leaves a part unfinished
 * for `timeoutMs`, stops the pool: that product and every later one it is given run on the main thread.
 */
export class GemmPool {
  readonly threads: number;
  private stopped: string | null = null;
  private readonly timeoutMs: number;
  private readonly memory: WasmMemory;
  private readonly kernels: PartExports;
  private readonly control: Int32Array;
  private readonly workers: Worker[] = [];
  private heap: Float32Array;
  private readonly heapStart: number;
  private job = 0;

  constructor({ threads, timeoutMs = 2000, spinMs = 2, fault }: GemmPoolOptions) {
    if (!wasm || kernelBackend() !== 'wasm') throw new Error('GemmPool: the WebAssembly kernels are not loaded (see kernelBackend())');
    this.threads = threads;
    this.timeoutMs = timeoutMs;
    const module = new wasm.Module(base64ToBytes(parallelGemmBase64));
    this.memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    this.kernels = new wasm.Instance(module, { env: { memory: this.memory } }).exports as PartExports;
    this.heap = new Float32Array(this.memory.buffer);
    this.heapStart = align(this.kernels.heapBase());
    this.control = new Int32Array(new SharedArrayBuffer(4 * Slot.size));
    for (let index = 1; index < threads; index++) {
      const workerData = { module, memory: this.memory, control: this.control.buffer, index, spinMs, fault };
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
   * One block: copies the operands in (C only if `cIn`), shares the parts of C out among `threads`
   * threads, waits for them, and copies C out if `cOut`. False if the workers did not finish, with
   * `c` untouched (a caller whose earlier block copied nothing out can start over).
   */
  private product(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean, threads: number, cIn: boolean, cOut: boolean,
  ): boolean {
    if (this.failure !== null) return false;
    // C first, where it stays put while the k blocks of an A^T B product change the other sizes.
    const cAt = this.heapStart;
    const aAt = align(cAt + 4 * m * n + SPARE);
    const bAt = align(aAt + 4 * m * k + SPARE);
    const packedAt = align(bAt + 4 * k * n + SPARE);
    if (!this.reserve(packedAt + this.kernels.scratchBytes(m, n, k))) return false;
    const heap = this.heap;
    copyIn(heap, a, aAt, m * k);
    copyIn(heap, b, bAt, k * n);
    if (cIn) {
      if (accumulate) heap.set(c.subarray(0, m * n), cAt >> 2);
      heap.fill(0, (cAt >> 2) + m * n, ((cAt + SPARE) >> 2) + m * n);
    }
    // Packed once, on this thread: every part's tiles read the same bands of op(A) and panels of op(B).
    const packedB = this.kernels.pack(transA, transB, m, n, k, aAt, bAt, packedAt);

    // Bands of 4 rows (the kernel's tile height) or 8 columns (its width) of C, whichever gives more.
    const byRows = m >= 32 || m >= n;
    const unit = byRows ? 4 : 8;
    const unitFlops = 2 * unit * (byRows ? n : m) * k;
    const extent = byRows ? m : n;
    let size = unit * Math.max(1, Math.round(PART_FLOPS / unitFlops));
    size = Math.max(size, unit * Math.ceil(extent / 0xffff / unit)); // at most 0xffff parts
    const parts = Math.ceil(extent / size);

    const ctl = this.control;
    ctl[Slot.m] = m;
    ctl[Slot.n] = n;
    ctl[Slot.k] = k;
    ctl[Slot.a] = packedAt;
    ctl[Slot.b] = packedB;
    ctl[Slot.c] = cAt;
    ctl[Slot.accumulate] = accumulate ? 1 : 0;
    ctl[Slot.byRows] = byRows ? 1 : 0;
    ctl[Slot.partSize] = size;
    ctl[Slot.parts] = parts;
    ctl[Slot.threads] = threads;
    Atomics.store(ctl, Slot.finished, 0);
    this.job = (this.job + 1) & 0x7fffffff;
    const tag = (this.job & 0x7fff) << 16;
    Atomics.store(ctl, Slot.claim, tag);
    Atomics.store(ctl, Slot.job, this.job);
    if (Atomics.load(ctl, Slot.sleepingWorkers) > 0) Atomics.notify(ctl, Slot.job);

    // The main thread claims parts like any worker: if the workers are slow to wake, it does more.
    let done = 0;
    for (;;) {
      const word = Atomics.load(ctl, Slot.claim);
      const part = word & 0xffff;
      if (part >= parts) break;
      if (Atomics.compareExchange(ctl, Slot.claim, word, word + 1) !== word) continue;
      const lo = part * size;
      const hi = Math.min(lo + size, extent);
      this.kernels.gemmTiles(
        m, n, k, packedAt, packedB, cAt, accumulate,
        byRows ? lo : 0, byRows ? hi : m, byRows ? 0 : lo, byRows ? n : hi,
      );
      done++;
    }
    if (Atomics.add(ctl, Slot.finished, done) + done < parts && !this.awaitParts(parts)) return false;
    if (cOut) c.set(heap.subarray(cAt >> 2, (cAt >> 2) + m * n));
    return true;
  }

  /**
   * Waits until all `parts` are finished: spins for up to 0.2 ms (a worker's part is shorter than waking from a
   * wait takes), then sleeps. False, and the pool stops, if no part finishes for `timeoutMs`.
   */
  private awaitParts(parts: number): boolean {
    const ctl = this.control;
    const spinUntil = performance.now() + 0.2;
    let finished = Atomics.load(ctl, Slot.finished);
    for (let i = 1; finished < parts; i++) {
      if ((i & 255) === 0 && performance.now() > spinUntil) break;
      finished = Atomics.load(ctl, Slot.finished);
    }
    while (finished < parts) {
      Atomics.store(ctl, Slot.mainSleeping, 1);
      Atomics.wait(ctl, Slot.finished, finished, this.timeoutMs);
      Atomics.store(ctl, Slot.mainSleeping, 0);
      const now = Atomics.load(ctl, Slot.finished);
      if (now === finished) {
        this.stop(`a worker left a part unfinished for ${this.timeoutMs} ms`);
        return false;
      }
      finished = now;
    }
    return true;
  }

  /** Grows the shared memory to at least `bytes`; false if it cannot grow that far. */
  private reserve(bytes: number): boolean {
    if (bytes <= this.heap.byteLength) return true;
    const pages = Math.ceil((bytes - this.heap.byteLength) / PAGE);
    if (this.heap.byteLength / PAGE + pages > MAX_PAGES) return false;
    this.memory.grow(pages);
    // Growing a shared memory detaches nothing, but the old view keeps its old length.
    this.heap = new Float32Array(this.memory.buffer);
    return true;
  }
}

/** The first `length` values of `src` into the heap at byte address `at`, then SPARE zero bytes. */
function copyIn(heap: Float32Array, src: Float32Array, at: number, length: number): void {
  heap.set(src.length === length ? src : src.subarray(0, length), at >> 2);
  heap.fill(0, (at >> 2) + length, ((at + SPARE) >> 2) + length);
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
  if (threads < 2) return false;
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
