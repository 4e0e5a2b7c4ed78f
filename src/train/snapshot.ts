// Copies of a model's parameters: the last finite weights (to survive divergence) and the best ones (early stopping).
import type { FloatArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

/** A reusable copy of a list of parameters; `save` and `restore` allocate nothing after the first save. */
export class ParameterSnapshot {
  private readonly copies: FloatArray[];

  constructor(private readonly params: readonly Tensor[]) {
    this.copies = params.map((p) => p.data.slice());
  }

  save(): void {
    for (let i = 0; i < this.params.length; i++) this.copies[i].set(this.params[i].data);
  }

  restore(): void {
    for (let i = 0; i < this.params.length; i++) this.params[i].data.set(this.copies[i]);
  }
}

/** True when every element of every tensor is finite. */
export function allFinite(tensors: readonly Tensor[]): boolean {
  for (let k = 0; k < tensors.length; k++) if (!finiteValues(tensors[k].data)) return false;
  return true;
}

/** Whether typed arrays here keep the low byte first, as on every platform Node runs on in practice. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Whether every value of `x` is finite, read from the 16 bits of each value that hold its sign and exponent:
 * an exponent of all ones is an infinity or a NaN. Integer arithmetic only, which V8 runs without allocating
 * even before it optimises the loop; `x[i] * 0` summed (0 for finite values, NaN otherwise) allocates two heap
 * numbers per value in baseline code, 3 MB of garbage a step over W3's 101,770 parameters for its first steps.
 */
function finiteValues(x: FloatArray): boolean {
  if (!LITTLE_ENDIAN) {
    let zero = 0;
    for (let i = 0; i < x.length; i++) zero += x[i] * 0;
    return zero === 0;
  }
  const wide = x.BYTES_PER_ELEMENT === 8;
  const stride = wide ? 4 : 2;
  const exponent = wide ? 0x7ff0 : 0x7f80;
  const halves = new Uint16Array(x.buffer, x.byteOffset, x.length * stride);
  let bad = 0;
  for (let i = stride - 1; i < halves.length; i += stride) bad |= +((halves[i] & exponent) === exponent);
  return bad === 0;
}
