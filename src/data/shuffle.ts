// Seeded Fisher-Yates shuffles: the one source of row order for splits, folds and batches.
import type { Rng } from '../tensor/random.js';

/** Shuffles `items` in place with `rng` (Fisher-Yates: every order equally likely) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(items: T, rng: Rng): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const held = items[i];
    items[i] = items[j];
    items[j] = held;
  }
  return items;
}

/** `0 .. n-1` in a random order. */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, rng);
}
