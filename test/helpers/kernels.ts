// Shared by the GEMM kernel tests (wasm, threads): inputs, bit comparison, waiting, and the backend in use.
import { randn } from '../../src/index.js';

/** `length` seeded standard-normal float32 values. */
export function random(length: number, seed: number): Float32Array {
  return randn([length], seed).data as Float32Array;
}

/** Whether two float32 arrays hold the same bits (NaN payloads and -0 included). */
export function sameBits(x: Float32Array, y: Float32Array): boolean {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
}

/** Resolves once `condition()` holds; throws naming `what` after 20 s. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// Under SOFTGRAD_KERNELS=js (the suite is also run that way) there are no wasm kernels.
export const forcedJs = process.env.SOFTGRAD_KERNELS === 'js';
