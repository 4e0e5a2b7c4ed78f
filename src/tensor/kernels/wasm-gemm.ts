// The WebAssembly SIMD float32 GEMM (compiled from assembly/gemm.ts), loaded synchronously at import.
import { wasmGemmBase64 } from './wasm-gemm-binary.js';
import { instantiateKernels } from './wasm-instance.js';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface GemmExports {
  memory: WasmMemory;
  heapBase(): number;
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: number, b: number, c: number, scratch: number, accumulate: boolean): void;
}

/** The kernels, or null when `SOFTGRAD_KERNELS=js` or this runtime lacks WebAssembly SIMD (see instantiateKernels). */
const kernels = instantiateKernels<GemmExports>(wasmGemmBase64);

/**
 * Which kernels `gemm` runs on float32 operands: `'wasm'` (WebAssembly SIMD) or `'js'` (the TypeScript
 * kernels, used where WebAssembly SIMD is missing or when the environment variable `SOFTGRAD_KERNELS=js`
 * is set before softgrad is imported). float64 always runs on the TypeScript kernels.
 *
 * @example
 * ```ts
 * console.log(kernelBackend()); // 'wasm' on Node 20
 * ```
 */
export function kernelBackend(): 'wasm' | 'js' {
  return kernels ? 'wasm' : 'js';
}

// Bytes after each operand in wasm memory that the kernel may read past it and overwrite.
const SPARE = 32;
const PAGE = 65536;

// A float32 view of wasm memory and its size, kept here so a call need not ask the memory (a slow
// getter). Only reserve() grows the memory, and it re-creates the view: growing detaches the old one.
let heap = new Float32Array(kernels ? kernels.memory.buffer : new ArrayBuffer(0));
const heapStart = kernels ? align(kernels.heapBase()) : 0;

/** `bytes` rounded up to a cache line. */
function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** Grows wasm memory to at least `bytes`. */
function reserve(memory: WasmMemory, bytes: number): void {
  if (bytes <= heap.byteLength) return;
  memory.grow(Math.ceil((bytes - heap.byteLength) / PAGE));
  heap = new Float32Array(memory.buffer);
}

// The staging array (see wasmStaging) takes the bytes at heapStart, at most STAGING_MAX of them; a product's
// operands go after it. fitsWasm counts the most it may take, so what is staged never changes which kernel
// runs a product.
const STAGING_MAX = 16 << 20;
let stagingBytes = 0;
/** How many values the staging array holds now: its last request's length. */
let stagedLength = 0;

/**
 * @internal A float32 array of `length` values in wasm memory, for an operand that several products read in
 * place: fit's fused step gathers its shuffled batch here, and `gemmWasm` then reads it where it is in a
 * product of one block that uses all of it (W4: two 100 KB copies a step saved), and copies it like any
 * operand otherwise. There is one such array, at a fixed address, shared by every caller: its values last
 * only until the next call (by anyone), so a caller must use it within one synchronous step. Growing wasm
 * memory (which any product may do) detaches the view but keeps the values: call this again, with the same
 * length, for a view that reads them, before each product that takes it. Null when the wasm kernels are not
 * loaded, when `length` values would take more than 16 MB, or when the memory cannot grow.
 */
export function wasmStaging(length: number): Float32Array | null {
  if (!kernels) return null;
  // SPARE after the values: the kernel zeroes the bytes after each operand.
  const bytes = align(4 * length + SPARE);
  if (bytes > STAGING_MAX) return null;
  if (bytes > stagingBytes) {
    try {
      reserve(kernels.memory, heapStart + bytes);
    } catch {
      return null;
    }
    stagingBytes = bytes;
  }
  stagedLength = length;
  return heap.subarray(heapStart >> 2, (heapStart >> 2) + length);
}

/** @internal Whether `x` is a view of wasm memory (in practice, of the staging array), which the threaded GEMM must not take. */
export function viewsWasmMemory(x: Float32Array): boolean {
  return x.buffer === heap.buffer;
}

/** Whether `x` is the staging array, all of it, and a product reads exactly its `count` values. */
function isWholeStaging(x: Float32Array, count: number): boolean {
  return x.buffer === heap.buffer && x.byteOffset === heapStart && x.length === stagedLength && count === stagedLength;
}

/**
 * Bytes of wasm memory a product needs: the operands, after the staging array (`operandsAt`), each followed
 * by SPARE bytes, and scratch.
 */
function bytesFor(m: number, n: number, k: number, operandsAt = heapStart + stagingBytes): number {
  return align(align(align(operandsAt + 4 * m * k + SPARE) + 4 * k * n + SPARE) + 4 * m * n + SPARE) + 16 * k + 4 * k * n + 96;
}

// Operand bytes copied into wasm memory per block of a large product. Wasm memory never shrinks, so
// this bounds what a product as large as a whole dataset leaves behind (about this plus B).
const BLOCK_BYTES = 4 << 20;

/** Rows of A and C per block when A is not transposed (a multiple of 4, so tiles stay whole). */
function blockRows(n: number, k: number): number {
  return Math.max(64, Math.floor(BLOCK_BYTES / (4 * (k + n)) / 4) * 4);
}

/** Rows of the stored A and B (values of p) per block for A^T B. */
function blockDepth(m: number, n: number): number {
  return Math.max(64, Math.floor(BLOCK_BYTES / (4 * (m + n))));
}

// The kernels address memory with 32-bit integers; staying under 2 GiB keeps every byte offset positive.
const MAX_BYTES = 2 ** 31 - PAGE;

/** Whether `gemmWasm` can take this product: its largest block must fit in wasm memory. */
export function fitsWasm(transA: boolean, transB: boolean, m: number, n: number, k: number): boolean {
  if (!transA) m = Math.min(m, blockRows(n, k));
  else if (!transB) k = Math.min(k, blockDepth(m, n));
  return kernels !== null && bytesFor(m, n, k, heapStart + STAGING_MAX) <= MAX_BYTES;
}

/**
 * `C = op(A) op(B)` (or `C += ...` when `accumulate`) on float32 operands, with the same contract as
 * `gemm` in gemm.ts. Operands are copied into wasm memory and C back out: a few percent of a large
 * product, and tensors stay in ordinary typed arrays. A large product is done in blocks (of rows of A
 * and C, or of k when A is stored transposed, whose rows of A and B are contiguous) to bound the
 * memory; the blocks depend only on the shapes. Throws if the wasm kernels are not loaded or a block
 * does not fit (see `fitsWasm`).
 *
 * Each element of C is a float32 sum in a fixed order, so results are bit-identical from run to run,
 * but not to the TypeScript kernel's (which sums in float64).
 */
export function gemmWasm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  accumulate: boolean,
): void {
  if (!kernels) throw new Error('gemmWasm: the WebAssembly kernels are not loaded (see kernelBackend())');
  if (!fitsWasm(transA, transB, m, n, k)) {
    throw new RangeError(`gemmWasm: a [${m},${k}] x [${k},${n}] product does not fit in wasm memory`);
  }
  const oneBlock = transA ? transB || k <= blockDepth(m, n) : m <= blockRows(n, k);
  // The staging array is read in place by a product of one block that reads all of it: the kernel zeroes
  // the bytes after an operand, which are the staging array's spare bytes only then. Any other view of wasm
  // memory is copied out first, before a block can grow the memory and detach it.
  const aInPlace = oneBlock && isWholeStaging(a, m * k);
  const bInPlace = oneBlock && isWholeStaging(b, k * n);
  if (!aInPlace && a.buffer === heap.buffer) a = a.slice();
  if (!bInPlace && b.buffer === heap.buffer) b = b.slice();
  if (oneBlock) {
    gemmBlock(kernels, transA, transB, m, n, k, a, b, c, accumulate, aInPlace, bInPlace);
  } else if (!transA) {
    const rows = blockRows(n, k);
    for (let i = 0; i < m; i += rows) {
      const mb = Math.min(rows, m - i);
      gemmBlock(kernels, transA, transB, mb, n, k, a.subarray(i * k, (i + mb) * k), b, c.subarray(i * n, (i + mb) * n), accumulate, false, false);
    }
  } else {
    const depth = blockDepth(m, n);
    for (let p = 0; p < k; p += depth) {
      const kb = Math.min(depth, k - p);
      gemmBlock(kernels, transA, transB, m, n, kb, a.subarray(p * m, (p + kb) * m), b.subarray(p * n, (p + kb) * n), c, accumulate || p > 0, false, false);
    }
  }
}

/** One product through wasm memory: copy the operands in (but not those read in place), run the kernel, copy C out. */
function gemmBlock(
  kernels: GemmExports,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  accumulate: boolean,
  aInPlace: boolean,
  bInPlace: boolean,
): void {
  // A staged operand's address, taken before reserve() may grow the memory, which keeps the values there.
  // The others follow the staging array, with no room left for one read in place: the same pages serve
  // as they would without staging, so staging adds no memory that a product touches.
  const operandsAt = heapStart + stagingBytes;
  const aAt = aInPlace ? a.byteOffset : operandsAt;
  const afterA = aInPlace ? operandsAt : align(operandsAt + 4 * m * k + SPARE);
  const bAt = bInPlace ? b.byteOffset : afterA;
  const cAt = bInPlace ? afterA : align(afterA + 4 * k * n + SPARE);
  const scratchAt = align(cAt + 4 * m * n + SPARE);
  reserve(kernels.memory, bytesFor(m, n, k));
  if (!aInPlace) heap.set(a.length === m * k ? a : a.subarray(0, m * k), aAt >> 2);
  if (!bInPlace) heap.set(b.length === k * n ? b : b.subarray(0, k * n), bAt >> 2);
  if (accumulate) heap.set(c.length === m * n ? c : c.subarray(0, m * n), cAt >> 2);
  kernels.gemm(transA, transB, m, n, k, aAt, bAt, cAt, scratchAt, accumulate);
  c.set(heap.subarray(cAt >> 2, (cAt >> 2) + m * n));
}
