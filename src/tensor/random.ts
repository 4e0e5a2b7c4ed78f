// Seeded randomness: every random draw in softgrad comes from a seedrandom stream passed in explicitly.
import seedrandom from 'seedrandom';
import { portableCos, portableLog } from './portable-math.js';

/** A source of uniform numbers in [0, 1), such as `seedrandom('42')`. */
export type Rng = () => number;

/** A seed (number or string) or an RNG to draw from. */
export type SeedOrRng = number | string | Rng;

/** An RNG from a seed (seedrandom's ARC4 stream: the same numbers on every machine), or the RNG itself. */
export function makeRng(seed: SeedOrRng): Rng {
  return typeof seed === 'function' ? seed : seedrandom(String(seed));
}

/** One standard normal draw (Box-Muller); `1 - u` keeps the log away from 0. */
export function normalSample(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * portableLog(u)) * portableCos(2 * Math.PI * v);
}
