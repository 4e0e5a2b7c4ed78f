// Loading softgrad's own WebAssembly modules: compiled from assembly/ at build time, shipped base64-encoded.

/** The part of the WebAssembly API used here (tsconfig's ES2022 lib does not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/**
 * @internal The exports of the module `base64` encodes, instantiated synchronously with no imports; null where
 * this runtime has no WebAssembly or rejects the module (validating it is the feature test: a module with SIMD
 * instructions is rejected exactly where SIMD is unknown), and under `SOFTGRAD_KERNELS=js`, which keeps softgrad
 * to TypeScript alone.
 */
export function instantiateKernels<Exports>(base64: string): Exports | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm || globalThis.process?.env?.SOFTGRAD_KERNELS === 'js') return null;
  const bytes = Buffer.from(base64, 'base64');
  if (!wasm.validate(bytes)) return null;
  return new wasm.Instance(new wasm.Module(bytes), {}).exports as Exports;
}
