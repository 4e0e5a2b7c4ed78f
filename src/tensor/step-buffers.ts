// Scratch arrays of a training step that no user code can see, reused by the next step instead of left to the GC.
import { allocate, type DType, type FloatArray } from './dtype.js';

/**
 * The arrays handed out during one step, by length and type, in the order they were asked for: a step
 * asks for the same arrays in the same order as the step before it, so after the first step every
 * request is served from the list without allocating.
 */
interface Shelf {
  arrays: FloatArray[];
  /** How many of `arrays` the current step has taken. */
  taken: number;
}

/**
 * @internal A pool of the scratch arrays of a training step, that `fit` hands back at the start of every step:
 * the gradients of intermediate results (released by `backward` as it goes), the seed of `backward`, and what
 * a node saves for its own backward (a loss's exponentials, a product's gradient term). No user code holds
 * one. Op outputs are a tensor's `data`, which a model may keep from step to step: they come from here only
 * when every layer and the loss are softgrad's own (`forOutputs`), which keep nothing.
 *
 * Why: a step of a 784-128-10 network makes about 0.15 MB of such arrays, dead when its backward is done.
 * Left to the garbage collector, their memory comes back only when V8 gets round to collecting the small
 * JavaScript objects that hold them, and megabytes of dead arrays pile up first. Reusing them also saves
 * allocating and zeroing. Parameters, their gradients and optimizer state are allocated as usual.
 */
export class StepBuffers {
  /**
   * @param forOutputs Serve `outputArray` too: only for a step whose code is all softgrad's own (built-in
   * layers and loss, see fit), where no tensor computed in the step outlives it.
   */
  constructor(readonly forOutputs = false) {}

  private readonly shelves = new Map<number, Shelf>();
  /** The shelves again, as an array: `recycle` runs every step, and an array loop is cheap even uninterpreted. */
  private readonly allShelves: Shelf[] = [];

  /** A zero-filled array of `dtype` and `length`, valid until the next `recycle()`. */
  take(dtype: DType, length: number): FloatArray {
    // One number per (length, type): no string built per request.
    const key = length * 2 + (dtype === 'float64' ? 1 : 0);
    let shelf = this.shelves.get(key);
    if (shelf === undefined) {
      shelf = { arrays: [], taken: 0 };
      this.shelves.set(key, shelf);
      this.allShelves.push(shelf);
    }
    if (shelf.taken < shelf.arrays.length) {
      const array = shelf.arrays[shelf.taken++];
      array.fill(0);
      return array;
    }
    const array = allocate(dtype, length);
    shelf.arrays.push(array);
    shelf.taken++;
    return array;
  }

  /** Makes every array handed out so far available again: whatever held them must be done with them. */
  recycle(): void {
    for (let i = 0; i < this.allShelves.length; i++) this.allShelves[i].taken = 0;
  }

  /** Bytes held, for tests and diagnostics. */
  get bytes(): number {
    let total = 0;
    for (const shelf of this.allShelves) for (const a of shelf.arrays) total += a.byteLength;
    return total;
  }
}

let active: StepBuffers | null = null;

/**
 * A zero-filled scratch array that only autograd's own code will see (see `StepBuffers`): from the active
 * `StepBuffers` during a step of `fit`, else freshly allocated (as `allocate`).
 */
export function scratch(dtype: DType, length: number): FloatArray {
  return active === null ? allocate(dtype, length) : active.take(dtype, length);
}

/**
 * A zero-filled array for an op's output: from the active `StepBuffers` when it serves outputs (a step of
 * `fit` on a model of built-in layers only), else freshly allocated (as `allocate`).
 */
export function outputArray(dtype: DType, length: number): FloatArray {
  return active !== null && active.forOutputs ? active.take(dtype, length) : allocate(dtype, length);
}

/** `scratch` for the float64 values a node saves for its backward. */
export function scratchFloat64(length: number): Float64Array {
  return (active === null ? new Float64Array(length) : active.take('float64', length)) as Float64Array;
}

/**
 * @internal Makes `buffers` serve `scratch` (null: plain allocation again) and returns what served it before.
 * Every scratch array handed out meanwhile may be overwritten after the buffers' next `recycle()`.
 */
export function useStepBuffers(buffers: StepBuffers | null): StepBuffers | null {
  const previous = active;
  active = buffers;
  return previous;
}
