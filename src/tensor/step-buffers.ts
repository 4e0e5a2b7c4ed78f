// Buffers for the intermediate results of a training step, reused by the next step instead of left to the GC.
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
 * @internal A pool of the typed arrays a training step computes into (op outputs, gradients of
 * intermediate results, what a backward saves), that `fit` hands back at the start of every step.
 *
 * Why: a step of a 784-128-10 network produces about 0.4 MB of such arrays, all dead when the step
 * ends. Left to the garbage collector, the memory behind them is returned only when V8 gets round to
 * collecting their small JavaScript objects, and tens of megabytes of dead arrays pile up first (peak
 * RSS 30-40 MB higher on W3 of the benchmark). Reusing them also saves the allocation and zeroing.
 *
 * Only code that knows the array dies with the step asks for one (through `intermediate`): op outputs
 * and non-leaf gradients. Parameters, their gradients and optimizer state are allocated as usual.
 */
export class StepBuffers {
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
    for (const shelf of this.shelves.values()) for (const a of shelf.arrays) total += a.byteLength;
    return total;
  }
}

let active: StepBuffers | null = null;

/**
 * A zero-filled array for an intermediate result: from the active `StepBuffers` while `withStepBuffers`
 * runs, else freshly allocated (as `allocate`).
 */
export function intermediate(dtype: DType, length: number): FloatArray {
  return active === null ? allocate(dtype, length) : active.take(dtype, length);
}

/** `intermediate` for float64 scratch a kernel saves for its backward. */
export function intermediateFloat64(length: number): Float64Array {
  return (active === null ? new Float64Array(length) : active.take('float64', length)) as Float64Array;
}

/**
 * @internal Makes `buffers` serve `intermediate` (null: plain allocation again) and returns what served it
 * before. Every intermediate array created meanwhile may be overwritten after the buffers' next `recycle()`,
 * so the code that runs must not let one escape: fit's step keeps only numbers.
 */
export function useStepBuffers(buffers: StepBuffers | null): StepBuffers | null {
  const previous = active;
  active = buffers;
  return previous;
}
