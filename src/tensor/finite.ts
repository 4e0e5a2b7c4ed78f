// Whether an array's values are all finite, in integer arithmetic.
import type { FloatArray } from './dtype.js';
import { allFiniteInPlace } from './kernels/elementwise-wasm.js';

/** Whether typed arrays here keep the low byte first, as on every platform Node runs on in practice. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * @internal Whether none of the first `size` values is NaN or infinite (an exponent of all ones), read from the
 * 16 bits of each that hold sign and exponent. Integer arithmetic allocates nothing even before optimisation,
 * where summing `v * 0` would allocate a heap number per value.
 */
export function allFiniteValues(values: FloatArray, size = values.length): boolean {
  const inPlace = allFiniteInPlace(values, size);
  if (inPlace !== null) return inPlace;
  if (!LITTLE_ENDIAN) {
    let zero = 0;
    for (let i = 0; i < size; i++) zero += values[i] * 0;
    return zero === 0;
  }
  const wide = values.BYTES_PER_ELEMENT === 8;
  const stride = wide ? 4 : 2;
  const exponent = wide ? 0x7ff0 : 0x7f80;
  const halves = new Uint16Array(values.buffer, values.byteOffset, size * stride);
  let bad = 0;
  for (let i = stride - 1; i < halves.length; i += stride) bad |= +((halves[i] & exponent) === exponent);
  return bad === 0;
}
