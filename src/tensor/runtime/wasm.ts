// softgrad's WebAssembly: modules compiled from assembly/ at build time, shipped base64-encoded, instantiated on first
// use; and the one instance of the GEMM kernels, with its memory, that every float32 product on this thread uses.
import { wasmGemmBase64 } from './wasm-gemm-binary.js';

/** The part of the WebAssembly API used here (tsconfig's ES2022 lib does not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/**
 * @internal The exports of the module `base64` encodes, instantiated synchronously with no imports. Null without
 * WebAssembly, where the runtime rejects the module (validation is the SIMD feature test), or under
 * `SOFTGRAD_KERNELS=js`, which keeps softgrad to TypeScript alone.
 */
export function instantiateKernels<Exports>(base64: string): Exports | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm || globalThis.process?.env?.SOFTGRAD_KERNELS === 'js') return null;
  const bytes = Buffer.from(base64, 'base64');
  if (!wasm.validate(bytes)) return null;
  return new wasm.Instance(new wasm.Module(bytes), {}).exports as Exports;
}

/** The GEMM module's exports (assembly/gemm.ts). */
export interface GemmExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: number, b: number, c: number, scratch: number, accumulate: boolean): void;
}

/** @internal The GEMM instance and a float32 view of its memory, kept current as the memory grows. */
export interface GemmInstance {
  readonly exports: GemmExports;
  /** The first byte the kernels' operands may use, on a cache line. */
  readonly heapStart: number;
  /** A view of all of memory; `reserve` replaces it when it grows the memory, which detaches the old one. */
  heap: Float32Array;
}

// undefined until first asked for; null when the kernels cannot load (see instantiateKernels).
let gemm: GemmInstance | null | undefined;

/** @internal The GEMM instance, loaded on first use; null without WebAssembly SIMD or under `SOFTGRAD_KERNELS=js`. */
export function gemmInstance(): GemmInstance | null {
  if (gemm === undefined) {
    const exports = instantiateKernels<GemmExports>(wasmGemmBase64);
    gemm = exports && { exports, heapStart: Math.ceil(exports.heapBase() / 64) * 64, heap: new Float32Array(exports.memory.buffer) };
  }
  return gemm;
}

/** @internal Grows the GEMM instance's memory to at least `bytes`, and its view with it. */
export function reserve(instance: GemmInstance, bytes: number): void {
  if (bytes <= instance.heap.byteLength) return;
  instance.exports.memory.grow(Math.ceil((bytes - instance.heap.byteLength) / 65536));
  instance.heap = new Float32Array(instance.exports.memory.buffer);
}

/**
 * Which kernels `gemm` runs on float32 operands: `'wasm'` (WebAssembly SIMD) or `'js'` (the TypeScript
 * kernels, used where WebAssembly SIMD is missing or when the environment variable `SOFTGRAD_KERNELS=js`
 * is set before the first product). float64 always runs on the TypeScript kernels.
 *
 * @example
 * ```ts
 * console.log(kernelBackend()); // 'wasm' on Node 20
 * ```
 */
export function kernelBackend(): 'wasm' | 'js' {
  return gemmInstance() ? 'wasm' : 'js';
}
