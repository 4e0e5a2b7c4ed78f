// Seeded Fisher-Yates shuffles: the one source of row order for splits, folds and batches.
import type { Rng } from '../tensor/random.js';
import { OFFSETS_MAX, ShuffleDraws } from './shuffle-draws.js';

/**
 * The numbers of one shuffle: seedrandom's Alea keyed by the next number of `rng`, read 53 bits at a time. Not
 * `rng` itself: seedrandom's default ARC4 spends about seven bytes of its stream per number, slow for long
 * shuffles. The order still follows from the seed, and takes one number of `rng` however long it is.
 */
export function shuffleDraws(rng: Rng): ShuffleDraws {
  return new ShuffleDraws(String(rng()));
}

/**
 * The numbers 0 .. n-1 in a random order (Fisher-Yates from the front: every order equally likely), settled
 * a stretch at a time as they are needed. Settling in pieces gives the same order as all at once, so a loader
 * settles each batch's rows when it reaches them and its first batch does not wait for the whole epoch.
 */
export class RandomOrder {
  /** Settled positions hold the order, the rest (number - position): a new array's zeros already stand for 0 .. n-1. */
  readonly order: Int32Array;
  private settled = 0;

  constructor(
    n: number,
    private readonly draws: ShuffleDraws,
  ) {
    this.order = new Int32Array(n);
  }

  /** Settles every position before `end` (at most n). */
  settleTo(end: number): void {
    const to = Math.min(end, this.order.length);
    if (to <= this.settled) return;
    for (let from = this.settled; from < to; from += OFFSETS_MAX) {
      const count = Math.min(OFFSETS_MAX, to - from);
      settle(this.order, from, count, this.draws.offsets(from, count, this.order.length));
    }
    this.settled = to;
  }
}

/**
 * Fisher-Yates steps `from` to `from + count - 1`: position i takes the number at j = i + offsets[i - from],
 * drawn uniformly from i .. n-1 (see ShuffleDraws.offsets), and j takes the number i held. With 53-bit draws,
 * `floor(u * m)` favours no j by more than m / 2^53 (1e-10 for a million rows). Integer arithmetic only, so no
 * step allocates a heap number even before the code is optimised.
 */
function settle(order: Int32Array, from: number, count: number, offsets: Int32Array): void {
  for (let k = 0; k < count; k++) {
    const i = from + k;
    const j = i + offsets[k];
    // Unsettled positions p hold (number - p); see RandomOrder.order.
    const drawn = order[j] + j;
    order[j] = order[i] + i - j;
    order[i] = drawn;
  }
}

/** `0 .. n-1` in a random order, drawn with one number of `rng`. */
export function permutation(n: number, rng: Rng): Int32Array {
  const random = new RandomOrder(n, shuffleDraws(rng));
  random.settleTo(n);
  return random.order;
}

/** Puts `items` in a random order (as `permutation` orders `0 .. n-1`) and returns them. */
export function shuffleInPlace(items: Int32Array, rng: Rng): Int32Array {
  const order = permutation(items.length, rng);
  const before = items.slice();
  for (let i = 0; i < items.length; i++) items[i] = before[order[i]];
  return items;
}
