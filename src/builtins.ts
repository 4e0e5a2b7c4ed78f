// Node's built-in modules that only some uses of softgrad need, loaded when first needed rather than at import.
import { createRequire } from 'node:module';

// A static import would load each module, and Node code behind it, in every process; a run on in-memory arrays on
// one thread needs none of them. Node caches a `require`d built-in.
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

/** @internal node:v8, on first use. */
export const nodeV8 = (): typeof import('node:v8') => require('node:v8') as typeof import('node:v8');

/** @internal node:buffer, on first use. */
export const nodeBuffer = (): typeof import('node:buffer') => require('node:buffer') as typeof import('node:buffer');
