// Node's built-in modules that only some uses of softgrad need, loaded when first needed rather than at import.
import { createRequire } from 'node:module';

// Importing a built-in makes an ES module of all its exports, and most of them load more of Node's own code, which
// every process that imports softgrad would pay for, though a run that trains on arrays in memory on one thread
// uses none of them. `require` of a built-in is cached by Node after the first.
const require = createRequire(import.meta.url);

/** @internal node:fs, on first use. */
export const nodeFs = (): typeof import('node:fs') => require('node:fs') as typeof import('node:fs');

/** @internal node:fs/promises, on first use. */
export const nodeFsPromises = (): typeof import('node:fs/promises') => require('node:fs/promises') as typeof import('node:fs/promises');

/** @internal node:path, on first use. */
export const nodePath = (): typeof import('node:path') => require('node:path') as typeof import('node:path');

/** @internal node:os, on first use. */
export const nodeOs = (): typeof import('node:os') => require('node:os') as typeof import('node:os');

/** @internal node:worker_threads, on first use. */
export const nodeWorkerThreads = (): typeof import('node:worker_threads') =>
  require('node:worker_threads') as typeof import('node:worker_threads');

/** @internal node:crypto, on first use. */
export const nodeCrypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');
