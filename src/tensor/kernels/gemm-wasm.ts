// float32 products on the WebAssembly SIMD kernels (assembly/gemm.ts): operands held in the kernels' memory read in
// place, the others copied in.
import { gemmInstance, instanceFor, lineUp, residentOffset, type GemmInstance } from '../runtime/wasm.js';

/**
 * @internal Bytes after each operand in wasm memory that the kernel's edge tiles may read past it and overwrite
 * (assembly/gemm.ts); the parallel GEMM keeps them zero too.
 */
export const SPARE = 32;

/**
 * Bytes of wasm memory a product needs above the arrays (which end on a cache line): operands, C, and the scratch
 * the kernel packs op(B) into (panels of 8 columns; assembly/gemm.ts `scratchBytes`).
 */
function bytesFor(m: number, n: number, k: number): number {
  const packed = 4 * k * 8 * Math.ceil(n / 8) + 192;
  return lineUp(lineUp(lineUp(4 * m * k + SPARE) + 4 * k * n + SPARE) + 4 * m * n + SPARE) + packed;
}

// Operand bytes copied into wasm memory per block of a large product. Wasm memory never shrinks, so
// this bounds what a product as large as a whole dataset leaves behind (about this plus B).
const BLOCK_BYTES = 4 << 20;

/**
 * @internal Rows of A and C per block when A is not transposed (a multiple of 4, so tiles stay whole). How a
 * product is cut can change its bits, so the parallel GEMM cuts it the same way.
 */
export function blockRows(n: number, k: number): number {
  return Math.max(64, Math.floor(BLOCK_BYTES / (4 * (k + n)) / 4) * 4);
}

/** @internal Rows of the stored A and B (values of p) per block for A^T B (the blocks' partial sums add up in C). */
export function blockDepth(m: number, n: number): number {
  return Math.max(64, Math.floor(BLOCK_BYTES / (4 * (m + n))));
}

// The kernels address memory with 32-bit integers; staying under 2 GiB keeps every byte offset positive.
const MAX_BYTES = 2 ** 31 - 65536;

/** Whether `gemmWasm` can take this product: the kernels are loaded and its largest block fits in wasm memory. */
export function fitsWasm(transA: boolean, transB: boolean, m: number, n: number, k: number): boolean {
  const instance = gemmInstance();
  if (!transA) m = Math.min(m, blockRows(n, k));
  else if (!transB) k = Math.min(k, blockDepth(m, n));
  return instance !== null && instance.heapStart + bytesFor(m, n, k) <= MAX_BYTES;
}

/**
 * `gemm`'s contract (see gemm-operands.ts) on float32 operands, copied into wasm memory and C back out, so tensors
 * stay ordinary typed arrays; but a product of one block reads and writes the arrays held in wasm memory where they
 * are. A large product runs in blocks that depend only on the shapes (rows of A and C, or k when A is stored
 * transposed, which keeps a block's rows contiguous), to bound the memory. Throws if the kernels
 * are not loaded or a block does not fit (see `fitsWasm`). Each element of C is a float32 sum in a fixed order:
 * the same bits from run to run, though not the TypeScript kernels' (which sum in float64).
 */
export function gemmWasm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean): void {
  if (gemmInstance() === null) throw new Error('gemmWasm: the WebAssembly kernels are not loaded (see kernelBackend())');
  if (!fitsWasm(transA, transB, m, n, k)) throw new RangeError(`gemmWasm: a [${m},${k}] x [${k},${n}] product does not fit in wasm memory`);
  if (transA ? transB || k <= blockDepth(m, n) : m <= blockRows(n, k)) {
    gemmBlock(transA, transB, m, n, k, a, b, c, accumulate);
  } else if (!transA) {
    const rows = blockRows(n, k);
    for (let i = 0; i < m; i += rows) {
      const mb = Math.min(rows, m - i);
      gemmBlock(transA, transB, mb, n, k, a.subarray(i * k, (i + mb) * k), b, c.subarray(i * n, (i + mb) * n), accumulate);
    }
  } else {
    const depth = blockDepth(m, n);
    for (let p = 0; p < k; p += depth) {
      const kb = Math.min(depth, k - p);
      gemmBlock(transA, transB, m, n, kb, a.subarray(p * m, (p + kb) * m), b.subarray(p * n, (p + kb) * n), c, accumulate || p > 0);
    }
  }
}

/** @internal Where a product's operands are in wasm memory, and where its scratch starts. */
export interface PlacedOperands {
  instance: GemmInstance;
  a: number;
  b: number;
  c: number;
  /** Whether C is an array held in wasm memory, written in place (else copied out afterwards). */
  cHeld: boolean;
  scratch: number;
}

/**
 * @internal Places a product's operands in wasm memory: arrays held there (see `residentOffset`) where they are, the
 * others copied in above the held arrays, C first (so that it stays put while the blocks of an A^T B product change
 * the other sizes), C's values only when `copyC`, and C too when not `holdC`; then the kernel's scratch. The instance
 * is the kernels' own where the memory is shared or may grow (else a second one, see `instanceFor`, which copies
 * everything).
 */
export function placeOperands(
  m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, copyC: boolean, holdC = true,
): PlacedOperands {
  const instance = instanceFor(bytesFor(m, n, k));
  // No closures: this runs for every product, and most of a short run's before it is optimised (bench/workloads/README.md).
  const main = instance === gemmInstance();
  const cHeld = holdC && main && c.length === m * n ? residentOffset(c) : -1;
  const aHeld = main && a.length === m * k ? residentOffset(a) : -1;
  const bHeld = main && b.length === k * n ? residentOffset(b) : -1;
  let at = instance.arraysEnd;
  const cAt = cHeld >= 0 ? cHeld : at;
  if (cHeld < 0) at = lineUp(at + 4 * m * n + SPARE);
  const aAt = aHeld >= 0 ? aHeld : at;
  if (aHeld < 0) at = lineUp(at + 4 * m * k + SPARE);
  const bAt = bHeld >= 0 ? bHeld : at;
  if (bHeld < 0) at = lineUp(at + 4 * k * n + SPARE);
  const heap = instance.heap;
  if (copyC && cHeld < 0) heap.set(c.length === m * n ? c : c.subarray(0, m * n), cAt >> 2);
  if (aHeld < 0) heap.set(a.length === m * k ? a : a.subarray(0, m * k), aAt >> 2);
  if (bHeld < 0) heap.set(b.length === k * n ? b : b.subarray(0, k * n), bAt >> 2);
  return { instance, a: aAt, b: bAt, c: cAt, cHeld: cHeld >= 0, scratch: at };
}

/** @internal Copies C out of wasm memory, unless it was computed in place. */
export function copyOut(placed: PlacedOperands, c: Float32Array, size: number): void {
  if (!placed.cHeld) c.set(placed.instance.heap.subarray(placed.c >> 2, (placed.c >> 2) + size));
}

/** One product through wasm memory (see `placeOperands`). */
function gemmBlock(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean): void {
  const placed = placeOperands(m, n, k, a, b, c, accumulate);
  placed.instance.exports.gemm(transA, transB, m, n, k, placed.a, placed.b, placed.c, placed.scratch, accumulate);
  copyOut(placed, c, m * n);
}
