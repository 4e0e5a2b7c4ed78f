// The code each worker of the parallel GEMM runs, as a string for `new Worker(code, { eval: true })`: it starts
// alike from dist/ and from the sources under vitest or tsx, with no file to find and nothing for a bundler to miss.

/**
 * Indices of the control words (an Int32Array on a SharedArrayBuffer) of all threads. The claim word and the finished
 * count, which every thread writes, each have a cache line of their own, away from the job number idle workers spin on.
 */
export const Slot = {
  /** The job number, bumped to start a product; workers spin on it, then wait on it. */
  job: 0,
  // The product's parameters (wasm byte addresses of the operands as stored, of where they are packed, and of C; sizes;
  // flags), written before `job` is bumped.
  transA: 1, transB: 12, srcB: 15, m: 2, n: 3, k: 4, a: 5, b: 6, c: 7, accumulate: 8,
  /** 1 when the parts are bands of rows of C, 0 when they are bands of columns (each packing its own panels of op(B)). */
  byRows: 9,
  /**
   * Rows (or columns) of C per part, and the number of parts in all: by rows, first `packParts` parts that pack
   * `packCols` columns of op(B) each (from `srcB` into panels at `b`), then the parts of C, which start once `packed`
   * counts them; by columns, no packing parts (0), and each part packs its own columns first.
   */
  partSize: 10, parts: 11, packParts: 53, packCols: 55,
  /** Threads that may take part: workers with an index this high or higher leave the product alone. */
  threads: 14,
  /** (job & 0x7fff) << 16 | the next unclaimed part. */
  claim: 16,
  /** Parts of the current job finished. */
  finished: 32,
  /** Workers started. */
  ready: 48,
  /**
   * Workers asleep on `job`, and 1 while the main thread is asleep on `finished` or `packed`: Atomics.notify
   * costs the waker dearly when there is a thread to wake, so only a sleeper is woken.
   */
  sleepingWorkers: 49, mainSleeping: 50,
  /** Never notified: what a worker told to hang waits on. */
  never: 51,
  /** 1 once the pool has stopped: a worker that claimed a part before then leaves it, since the memory has moved on. */
  stopped: 52,
  /** What the job is: 0 a product (the words above), 1 Adam's update of `count` values, a part of `partSize` each. */
  kind: 56,
  // Adam's arrays (byte addresses), its flags (1: amsgrad, 2: maximize) and count; its numbers are in the float64 words.
  p: 57, g: 58, expAvg: 59, expAvgSq: 60, maxExpAvgSq: 61, flags: 62, count: 63,
  /** Packing parts finished. */
  packed: 64,
  /** Words in all. */
  size: 80,
} as const;

/**
 * The worker's source. `workerData` holds the compiled `module`, the shared wasm `memory`, the `control` words
 * (see `Slot`), the float64 `numbers` of a job, the `doneParts` flags, the worker's `index` (1 and up), `spinMs`, and
 * the recovery tests' `fault`.
 *
 * The protocol: the main thread writes a product's parameters, resets the claim word to (job, 0) and bumps
 * `Slot.job`. Every thread, main included, then claims parts by compare-and-swap on the claim word, which carries
 * the job number, so a worker that wakes late cannot claim a part of a later job with an earlier one's parameters.
 */
export const workerSource = `
'use strict';
// A dynamic import, which works whether Node runs this string as a CommonJS script or as a module.
import('node:worker_threads').then(({ workerData }) => serve(workerData));

function serve({ module, memory, control, numbers, doneParts, index, spinMs, fault }) {
  const ctl = new Int32Array(control);
  const num = new Float64Array(numbers);
  const done = new Uint8Array(doneParts);
  const { gemmTiles, packPanels, adamUpdate } = new WebAssembly.Instance(module, { env: { memory } }).exports;
  Atomics.add(ctl, ${Slot.ready}, 1);

  let seen = Atomics.load(ctl, ${Slot.job});
  let spin = true;
  for (;;) {
    // Spinning catches the next product sooner than waking from a wait (and spares the waker its Atomics.notify). A gap
    // between two looks at the clock far longer than 256 loads take means the scheduler ran something else on this
    // core, perhaps the main thread: then the core is shared, and the worker sleeps rather than take its turns.
    let job = Atomics.load(ctl, ${Slot.job});
    let now = performance.now();
    const until = now + (spin ? spinMs : 0);
    for (let i = 1; job === seen; i++) {
      if ((i & 255) === 0) {
        const last = now;
        now = performance.now();
        if (now > until || now - last > 0.2) break;
      }
      job = Atomics.load(ctl, ${Slot.job});
    }
    if (job === seen) {
      Atomics.add(ctl, ${Slot.sleepingWorkers}, 1);
      Atomics.wait(ctl, ${Slot.job}, seen);
      Atomics.sub(ctl, ${Slot.sleepingWorkers}, 1);
      continue;
    }
    seen = job;
    work(job);
    spin = settles(job);
  }

  /**
   * Whether the main thread finishes the job within 0.1 ms of this worker running out of parts (the
   * part it holds is tens of microseconds of work). If not, it is not running: the scheduler has put
   * this worker on the main thread's core (it does, when another process has the other one), and
   * spinning there would hold the main thread up for the whole spin. So the worker sleeps instead.
   */
  function settles(job) {
    const until = performance.now() + 0.1;
    for (let i = 1; ; i++) {
      if (Atomics.load(ctl, ${Slot.job}) !== job) return true;
      if (Atomics.load(ctl, ${Slot.finished}) >= Atomics.load(ctl, ${Slot.parts})) return true;
      if ((i & 63) === 0 && performance.now() > until) return false;
    }
  }

  /** Computes parts of the job until none is left. */
  function work(job) {
    if (index >= Atomics.load(ctl, ${Slot.threads})) return;
    const tag = (job & 0x7fff) << 16;
    for (;;) {
      let word, part;
      do {
        word = Atomics.load(ctl, ${Slot.claim});
        part = word & 0xffff;
        if ((word & ~0xffff) !== tag || part >= Atomics.load(ctl, ${Slot.parts})) return;
      } while (Atomics.compareExchange(ctl, ${Slot.claim}, word, word + 1) !== word);
      if (fault === 'exit') process.exit(1);
      if (fault === 'hang') Atomics.wait(ctl, ${Slot.never}, 0);
      if (Atomics.load(ctl, ${Slot.stopped}) === 1) return;
      compute(part, job);
      Atomics.store(done, part, 1);
      Atomics.add(ctl, ${Slot.finished}, 1);
      if (Atomics.load(ctl, ${Slot.mainSleeping}) === 1) Atomics.notify(ctl, ${Slot.finished});
    }
  }

  function compute(part, job) {
    if (ctl[${Slot.kind}] === 1) {
      const size = ctl[${Slot.partSize}], at = 4 * part * size, flags = ctl[${Slot.flags}];
      adamUpdate(
        Math.min(size, ctl[${Slot.count}] - part * size), ctl[${Slot.p}] + at, ctl[${Slot.g}] + at, ctl[${Slot.expAvg}] + at,
        ctl[${Slot.expAvgSq}] + at, ctl[${Slot.maxExpAvgSq}] + at, (flags & 1) === 1, (flags & 2) === 2,
        num[0], num[1], num[2], num[3], num[4], num[5], num[6], num[7], num[8],
      );
      return;
    }
    const m = ctl[${Slot.m}], n = ctl[${Slot.n}], size = ctl[${Slot.partSize}], packParts = ctl[${Slot.packParts}];
    if (part < packParts) {
      const cols = ctl[${Slot.packCols}];
      packPanels(ctl[${Slot.transB}] === 1, n, ctl[${Slot.k}], ctl[${Slot.srcB}], ctl[${Slot.b}], Math.min(part * cols, n), Math.min((part + 1) * cols, n));
      Atomics.add(ctl, ${Slot.packed}, 1);
      if (Atomics.load(ctl, ${Slot.mainSleeping}) === 1) Atomics.notify(ctl, ${Slot.packed});
      return;
    }
    // Every operand packed first: those parts were claimed before this one, and take microseconds.
    while (Atomics.load(ctl, ${Slot.packed}) < packParts) {
      if (Atomics.load(ctl, ${Slot.stopped}) === 1 || Atomics.load(ctl, ${Slot.job}) !== job) return;
    }
    part -= packParts;
    const byRows = ctl[${Slot.byRows}] === 1;
    const lo = part * size, hi = Math.min(lo + size, byRows ? m : n);
    if (!byRows) packPanels(ctl[${Slot.transB}] === 1, n, ctl[${Slot.k}], ctl[${Slot.srcB}], ctl[${Slot.b}], lo, hi);
    gemmTiles(
      ctl[${Slot.transA}] === 1, m, n, ctl[${Slot.k}], ctl[${Slot.a}], ctl[${Slot.b}], 32 * ctl[${Slot.k}], 32, ctl[${Slot.c}], ctl[${Slot.accumulate}] === 1,
      byRows ? lo : 0, byRows ? hi : m, byRows ? 0 : lo, byRows ? n : hi,
    );
  }
}
`;
