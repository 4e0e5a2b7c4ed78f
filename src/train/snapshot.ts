// Copies of a model's parameters: the last finite weights (to survive divergence) and the best ones (early stopping).
import type { FloatArray } from '../tensor/dtype.js';
import { allFiniteValues } from '../tensor/finite.js';
import { allocateLike, copyValues } from '../tensor/runtime/wasm.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * A reusable copy of a list of parameters; `save` and `restore` allocate nothing after the first save. A copy of a
 * parameter held in wasm memory is held there too, so that both copy by `memory.copy`.
 */
export class ParameterSnapshot {
  private readonly copies: FloatArray[];

  constructor(private readonly params: readonly Tensor[]) {
    this.copies = params.map((p) => {
      const copy = allocateLike(p.data, p.size);
      copyValues(copy, p.data);
      return copy;
    });
  }

  save(): void {
    for (let i = 0; i < this.params.length; i++) copyValues(this.copies[i], this.params[i].data);
  }

  restore(): void {
    for (let i = 0; i < this.params.length; i++) copyValues(this.params[i].data, this.copies[i]);
  }
}

export function allFinite(tensors: readonly Tensor[]): boolean {
  for (let k = 0; k < tensors.length; k++) if (!allFiniteValues(tensors[k].data)) return false;
  return true;
}
