// How many threads softgrad may use for one large product: the process-wide setting, as in PyTorch.
import { nodeOs } from '../../builtins.js';
import { ValueError } from '../../errors.js';

// 'auto' uses every core up to this many: each thread beyond the second needs as much work again to pay.
const MAX_AUTO_THREADS = 4;

let setting: number | 'auto' | undefined;
// Asked once: 'auto' is read for every large product, and availableParallelism() calls into the system each time.
let cores: number | undefined;

/**
 * Sets how many threads (the main thread included) a large float32 matrix product may use, like
 * `torch.set_num_threads`. `'auto'`, the default, uses the cores available (up to 4). Products under 4 MFLOP always run
 * on the main thread; larger ones use threads only while that proves faster for their shape (on a busy machine it may
 * not). Results are bit-identical for any number of threads. Before the first call, `SOFTGRAD_THREADS` in the
 * environment (`'auto'` or a positive integer) gives the setting; `SOFTGRAD_THREADS=1` there keeps the process on one
 * thread for good (the kernels then take a memory no worker can share). Worker threads never keep the process alive.
 * @example
 * setNumThreads(1); // everything on the main thread
 * setNumThreads('auto');
 */
export function setNumThreads(threads: number | 'auto'): void {
  setting = parse(threads, 'setNumThreads');
}

/**
 * Threads a large product may use: as set by `setNumThreads` or `SOFTGRAD_THREADS`; for `'auto'`, the cores (up to 4).
 * @example
 * console.log(getNumThreads()); // 2 on a two-core machine
 */
export function getNumThreads(): number {
  setting ??= parse(globalThis.process?.env?.SOFTGRAD_THREADS || 'auto', 'SOFTGRAD_THREADS');
  if (setting !== 'auto') return setting;
  return Math.max(1, Math.min(coreCount(), MAX_AUTO_THREADS));
}

/** @internal The cores Node reports (asked once); one in a browser, where threads are Node's worker_threads. */
export function coreCount(): number {
  cores ??= globalThis.process?.versions?.node ? nodeOs().availableParallelism() : 1;
  return cores;
}

/** @internal `threads` checked as `setNumThreads` checks it, for a caller that applies it later (fit). */
export function checkNumThreads(threads: unknown, where: string): number | 'auto' {
  return parse(threads, where);
}

/**
 * @internal Makes `threads` (checked) the setting and returns the one it replaces, for the caller to put back:
 * fit scopes its `threads` to its own synchronous steps this way, so fits running concurrently (each awaiting
 * between steps) never see each other's setting; `softgrad train --threads` sets it for the whole command.
 */
export function swapNumThreads(threads: number | 'auto' | undefined): number | 'auto' | undefined {
  const previous = setting;
  setting = threads;
  return previous;
}

function parse(value: unknown, where: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const threads = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1) {
    throw new ValueError(`${where}: threads must be a positive integer or 'auto', got ${JSON.stringify(value)}`);
  }
  return threads;
}
