/** Element types a tensor can hold. `float32` is the default; `float64` serves gradient checks. */
export type DType = 'float32' | 'float64';

/** The typed array behind a tensor. */
export type FloatArray = Float32Array | Float64Array;

/** A zero-filled typed array of `dtype` with `length` elements. */
export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/**
 * A typed array of `dtype` with `length` elements whose values are whatever its memory held: only for an array the
 * caller writes whole before anyone reads it (a batch's gathered rows). In Node, a large one skips the zero-filling
 * `allocate` does (`Buffer.allocUnsafeSlow`); elsewhere, and for small arrays, it is `allocate`.
 */
export function allocateUninitialized(dtype: DType, length: number): FloatArray {
  const bytesPer = dtype === 'float64' ? 8 : 4;
  const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
  if (NodeBuffer === undefined || length * bytesPer < UNINITIALIZED_MIN_BYTES) return allocate(dtype, length);
  const { buffer } = NodeBuffer.allocUnsafeSlow(length * bytesPer);
  return dtype === 'float64' ? new Float64Array(buffer, 0, length) : new Float32Array(buffer, 0, length);
}

// Below this, zeroing costs less than asking Node for memory (a call into C++ and a Buffer object).
const UNINITIALIZED_MIN_BYTES = 65536;

export function dtypeOf(array: FloatArray): DType {
  return array instanceof Float64Array ? 'float64' : 'float32';
}

/** The dtype two operands combine to, as PyTorch promotes: float64 wins. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}
