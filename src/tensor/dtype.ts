/** Element types a tensor can hold. `float32` is the default; `float64` serves gradient checks. */
export type DType = 'float32' | 'float64';

/** The typed array behind a tensor. */
export type FloatArray = Float32Array | Float64Array;

/** A zero-filled typed array of `dtype` with `length` elements. */
export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

export function dtypeOf(array: FloatArray): DType {
  return array instanceof Float64Array ? 'float64' : 'float32';
}

/** The dtype two operands combine to, as PyTorch promotes: float64 wins. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}
