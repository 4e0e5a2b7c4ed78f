// softgrad's WebAssembly: modules compiled from assembly/ at build time, shipped base64-encoded, instantiated on first
// use; and the instance of the kernels (GEMM, optimizers, elementwise, softmax, bulk memory), with its memory, that every
// float32 product on this thread uses.
import { base64ToBytes } from '../base64.js';
import { allocate, dtypeOf, type DType, type FloatArray } from '../dtype.js';
import { recordingOutputs } from '../grad-mode.js';
import { coreCount } from './threads.js';
import { sharedKernelsBase64 } from './shared-kernels-binary.js';
import { wasmKernelsBase64 } from './wasm-kernels-binary.js';

/** A WebAssembly memory, as far as it is used here. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

/** The part of the WebAssembly API used here (tsconfig's ES2022 lib does not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/** This runtime's WebAssembly, or null where there is none or `SOFTGRAD_KERNELS=js` asks for the TypeScript kernels. */
function webAssembly(): WasmApi | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return !wasm || globalThis.process?.env?.SOFTGRAD_KERNELS === 'js' ? null : wasm;
}

/**
 * @internal The exports of the module `base64` encodes, instantiated synchronously with no imports; null where this
 * runtime has no WebAssembly or rejects the module (compiling it is the feature test: a module with SIMD instructions
 * is rejected exactly where SIMD is unknown), and under `SOFTGRAD_KERNELS=js`.
 */
export function instantiateKernels<Exports>(base64: string): Exports | null {
  const wasm = webAssembly();
  if (wasm === null) return null;
  let module: object;
  try {
    module = new wasm.Module(base64ToBytes(base64));
  } catch {
    return null;
  }
  return new wasm.Instance(module, {}).exports as Exports;
}

/** The kernels module's exports (assembly/kernels.ts and the files it exports). */
export interface KernelExports {
  heapBase(): number;
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: number, b: number, c: number, scratch: number, accumulate: boolean): void;
  scratchBytes(m: number, n: number, k: number): number;
  packPanels(transB: boolean, n: number, k: number, b: number, dst: number, j0: number, j1: number): void;
  gemmTiles(
    transA: boolean, m: number, n: number, k: number, a: number, b: number, panelBytes: number, step: number, c: number,
    accumulate: boolean, i0: number, i1: number, j0: number, j1: number,
  ): void;
  addTo(n: number, dst: number, src: number): void;
  allFinite(n: number, x: number): number;
  reluForward(n: number, x: number, y: number): void;
  reluBackward(n: number, g: number, ga: number, x: number): void;
  addColumnSums(rows: number, cols: number, g: number, db: number): void;
  zeroBytes(at: number, bytes: number): void;
  copyBytes(dst: number, src: number, bytes: number): void;
  fdlibmExpPair(x0: number, x1: number, out: number): void;
  rowExpSums(n: number, c: number, x: number, shift: number, sums: number, exps: number): void;
  adamUpdate(
    n: number, p: number, g: number, m: number, v: number, vMax: number, amsgrad: boolean, maximize: boolean,
    beta1: number, c1: number, beta2: number, c2: number, negStep: number, biasCorrection2Sqrt: number, eps: number,
    shrink: number, l2: number,
  ): void;
  sgdUpdate(
    n: number, p: number, g: number, buffer: number, lr: number, momentum: number, dampening: number, weightDecay: number,
    nesterov: boolean, maximize: boolean, firstStep: boolean,
  ): void;
}

/** @internal An instance of the kernels and a float32 view of its memory, kept current as the memory grows. */
export interface GemmInstance {
  readonly exports: KernelExports;
  readonly memory: WasmMemory;
  /**
   * The compiled module when `memory` is shared (see `sharedKernelsBase64`): worker threads instantiate it on the same
   * memory and compute in place (gemm-pool.ts). null for a memory of the instance's own.
   */
  readonly sharedModule: object | null;
  /** The first byte after the module's own data, on a cache line: where arrays and operands may start. */
  readonly heapStart: number;
  /** The arrays held in this memory (WasmArrays, allocateResident): byte offset to length; and the first byte above them all. */
  readonly arrays: Map<number, number>;
  arraysEnd: number;
  /**
   * A view of all of memory, replaced when it grows. Growing an own memory detaches every view of it, so it grows only
   * while no array is held; a shared memory never detaches, but each size has its buffer object: `buffers` has them all.
   */
  heap: Float32Array;
  readonly buffers: Set<ArrayBufferLike>;
}

// Pages of memory to start with: 16 MiB, so that the usual model never grows it: growing an own memory detaches its
// views, which slows typed arrays for the rest of the process (bench/workloads/README.md). Untouched pages cost nothing.
const INITIAL_PAGES = 256;
// As the shared module declares (scripts/build-wasm.mjs): under 2 GiB, so the kernels' 32-bit offsets stay positive.
const MAX_PAGES = 32767;

// undefined until first asked for; null when the kernels cannot load (see instantiateKernels).
let gemm: GemmInstance | null | undefined;
// A second instance, for a product too large for an own memory while it holds arrays it must not detach.
let overflow: GemmInstance | undefined;

/**
 * The kernels on a shared memory where this runtime has one (Node, cross-origin isolated pages) and worker threads
 * could help, else on a memory of their own: with one core, or `SOFTGRAD_THREADS=1` in the environment, since
 * `TypedArray.prototype.set` into a shared memory (fit's batch gather) is about a quarter slower.
 */
function instantiateGemm(): GemmInstance | null {
  const wasm = webAssembly();
  if (wasm === null) return null;
  if (coreCount() > 1 && !/^\s*1\s*$/.test(globalThis.process?.env?.SOFTGRAD_THREADS ?? '')) {
    try {
      const memory = new wasm.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true });
      const module = new wasm.Module(base64ToBytes(sharedKernelsBase64));
      return made(new wasm.Instance(module, { env: { memory } }).exports as KernelExports, memory, module);
    } catch {
      // no shared memory here (or no threads proposal): the module with a memory of its own
    }
  }
  return instantiateOwn();
}

/** The kernels on a memory of their own (the module that declares one), or null where they cannot load. */
function instantiateOwn(): GemmInstance | null {
  const exports = instantiateKernels<KernelExports & { memory: WasmMemory }>(wasmKernelsBase64);
  return exports === null ? null : made(exports, exports.memory, null);
}

function made(exports: KernelExports, memory: WasmMemory, sharedModule: object | null): GemmInstance {
  const heapStart = Math.ceil(exports.heapBase() / 64) * 64;
  const heap = new Float32Array(memory.buffer);
  return { exports, memory, sharedModule, heapStart, arrays: new Map(), arraysEnd: heapStart, heap, buffers: new Set([heap.buffer]) };
}

/** @internal The kernels' instance, loaded on first use; null without WebAssembly SIMD or under `SOFTGRAD_KERNELS=js`. */
export function gemmInstance(): GemmInstance | null {
  if (gemm === undefined) gemm = instantiateGemm();
  return gemm;
}

/** Whether `instance`'s memory may grow now: a shared memory always may, an own memory while it holds no array. */
function mayGrow(instance: GemmInstance): boolean {
  return instance.sharedModule !== null || instance.arrays.size === 0;
}

/**
 * @internal An instance whose memory holds `bytes` above its arrays: the kernels' instance, grown if need be, unless
 * growing it would detach arrays, in which case a second instance (the same kernels: the same bits).
 */
export function instanceFor(bytes: number): GemmInstance {
  const instance = gemmInstance()!;
  if (instance.arraysEnd + bytes <= instance.heap.byteLength || mayGrow(instance)) return grown(instance, instance.arraysEnd + bytes);
  overflow ??= instantiateOwn()!;
  return grown(overflow, overflow.arraysEnd + bytes);
}

function grown(instance: GemmInstance, bytes: number): GemmInstance {
  if (bytes > instance.heap.byteLength) {
    instance.memory.grow(Math.ceil((bytes - instance.heap.byteLength) / 65536));
    instance.heap = new Float32Array(instance.memory.buffer);
    if (instance.sharedModule === null) instance.buffers.clear();
    instance.buffers.add(instance.heap.buffer);
  }
  return instance;
}

/** @internal `bytes` rounded up to a cache line: where arrays, operands and scratch in wasm memory start. */
export function lineUp(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** The first byte after an array of `length` float32 at `start`, with the spare bytes a kernel may overwrite. */
function arrayEnd(start: number, length: number): number {
  return lineUp(start + 4 * length + 32);
}

/**
 * A zeroed array of `length` float32 in the kernels' memory, in the first gap between the arrays held there that fits
 * it below `limit`, or null where none does (or there is no WebAssembly). An own memory grows only while it holds no
 * array (growing detaches every view of it); a shared one whenever it must.
 */
function place(length: number, limit = 2 ** 31 - 65536): Float32Array | null {
  const instance = gemmInstance();
  if (instance === null) return null;
  const bytes = arrayEnd(0, length);
  let start = instance.heapStart;
  for (const [at, held] of [...instance.arrays].sort((x, y) => x[0] - y[0])) {
    if (at - start >= bytes) break;
    start = Math.max(start, arrayEnd(at, held));
  }
  const end = start + bytes;
  if (end > limit || (!mayGrow(instance) && end > instance.heap.byteLength)) return null;
  try {
    grown(instance, end).exports.zeroBytes(start, end - start);
  } catch {
    return null; // the memory could not grow
  }
  instance.arrays.set(start, length);
  instance.arraysEnd = Math.max(instance.arraysEnd, end);
  return new Float32Array(instance.heap.buffer, start, length);
}

/** Gives back the array at `start`: the space above the highest array still held is free for products again. */
function free(start: number): void {
  const instance = gemmInstance()!;
  instance.arrays.delete(start);
  let end = instance.heapStart;
  for (const [at, length] of instance.arrays) end = Math.max(end, arrayEnd(at, length));
  instance.arraysEnd = end;
}

/**
 * @internal Float32 arrays in the kernels' memory, which its products read where they are instead of copying them in
 * (see gemmWasm): fit gathers its batches there. An own memory never grows while any array is held there (that would
 * detach them), so there an array is made only where it fits without growing, but for the first, which may grow it.
 */
export class WasmArrays {
  private readonly offsets: number[] = [];

  /**
   * A zeroed array of `length` values in wasm memory, or null where there is no room (or no WebAssembly), and for
   * fewer than 1024 values, which cost nothing to copy in (and may feed no product that loads the kernels at all).
   */
  float32(length: number): Float32Array | null {
    const array = length < 1024 ? null : place(length);
    if (array !== null) this.offsets.push(array.byteOffset);
    return array;
  }

  /** Gives the arrays back: they must not be used afterwards. */
  release(): void {
    for (const start of this.offsets) free(start);
    this.offsets.length = 0;
  }
}

// A resident array's space is given back when its view is collected: nothing can read it through that view then.
const residentArrays = new FinalizationRegistry<number>(free);
// Resident arrays stay below this, so that models made one after another in a loop that never yields to the event
// loop (whose collected arrays the registry cannot free until it does) cannot grow the memory without bound.
const RESIDENT_LIMIT = 512 * 2 ** 20;

/**
 * @internal A zeroed array for a value that lives as long as its model: a parameter, its gradient, an optimizer's state.
 * float32 arrays of 1024 values or more go to wasm memory where there is room, so that products and optimizer updates
 * read and write them in place (see `residentOffset`); the space comes back when the array is garbage collected.
 */
export function allocateResident(dtype: DType, length: number): FloatArray {
  const array = dtype === 'float32' && length >= 1024 ? place(length, RESIDENT_LIMIT) : null;
  if (array === null) return allocate(dtype, length);
  residentArrays.register(array, array.byteOffset);
  return array;
}

/**
 * @internal An op's output array: resident (see `allocateResident`) while a step is being recorded, since a recorded
 * step runs again into the arrays it recorded, many times; otherwise an ordinary array, as a graph built every step
 * would fill wasm memory faster than the collector gives it back.
 */
export function allocateOutput(dtype: DType, length: number): FloatArray {
  return recordingOutputs() !== null ? allocateResident(dtype, length) : allocate(dtype, length);
}

/** @internal An array for a value of `like`'s: resident (see `allocateResident`) where `like` is. */
export function allocateLike(like: FloatArray, length: number): FloatArray {
  return residentOffset(like) >= 0 ? allocateResident('float32', length) : allocate(dtypeOf(like), length);
}

/** @internal The byte offset of `x` in the GEMM instance's memory if it is a whole array held there (see `WasmArrays`, `allocateResident`), else -1. */
export function residentOffset(x: FloatArray): number {
  const instance = gemm;
  if (!instance || !(x instanceof Float32Array) || !instance.buffers.has(x.buffer)) return -1;
  return instance.arrays.get(x.byteOffset) === x.length ? x.byteOffset : -1;
}

/** Whether `x` is a view of the kernels' memory (whole array held there or not). */
function inKernelMemory(instance: GemmInstance | null | undefined, x: FloatArray): instance is GemmInstance {
  return !!instance && x instanceof Float32Array && instance.buffers.has(x.buffer);
}

/**
 * @internal Sets every value of `x` to 0: by the kernels' `memory.fill` where x is in their memory (a typed array's
 * `fill` on a shared memory goes value by value), else by `fill`.
 */
export function zeroValues(x: FloatArray): void {
  if (inKernelMemory(gemm, x)) gemm.exports.zeroBytes(x.byteOffset, x.byteLength);
  else x.fill(0);
}

/**
 * @internal `dst.set(src)` for arrays of one length: by the kernels' `memory.copy` where both are in their memory (a
 * typed array's `set` on a shared memory goes value by value), else by `set`.
 */
export function copyValues(dst: FloatArray, src: FloatArray): void {
  if (inKernelMemory(gemm, dst) && inKernelMemory(gemm, src) && dst.length === src.length) {
    gemm.exports.copyBytes(dst.byteOffset, src.byteOffset, dst.byteLength);
  } else dst.set(src);
}

/**
 * Which kernels `gemm` runs on float32 operands: `'wasm'` (WebAssembly SIMD) or `'js'` (the TypeScript
 * kernels, used where WebAssembly SIMD is missing or when the environment variable `SOFTGRAD_KERNELS=js`
 * is set before the first product). float64 always runs on the TypeScript kernels.
 * @example
 * console.log(kernelBackend()); // 'wasm' on Node 20
 */
export function kernelBackend(): 'wasm' | 'js' {
  return gemmInstance() ? 'wasm' : 'js';
}
