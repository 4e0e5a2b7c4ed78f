// --threads of the commands that train: the process-wide thread setting of large products, for one command.
import { swapNumThreads } from '../tensor/runtime/threads.js';
import { orAuto, wholeNumber } from './args.js';
import type { FlagTable } from './command.js';

export const threadsFlag = {
  threads: { value: '<n|auto>', parse: orAuto(wholeNumber(1, 1024)), help: 'threads for large matrix products; auto is the cores, up to 4; same results for any n', default: 'SOFTGRAD_THREADS, else auto' },
} satisfies FlagTable;

/** Runs `work` with `threads` as the setting (undefined: as it is), then puts back the caller's: commands also run in-process. */
export async function withThreadSetting<T>(threads: number | 'auto' | undefined, work: () => Promise<T>): Promise<T> {
  const outer = threads === undefined ? undefined : swapNumThreads(threads);
  try {
    return await work();
  } finally {
    if (threads !== undefined) swapNumThreads(outer);
  }
}
