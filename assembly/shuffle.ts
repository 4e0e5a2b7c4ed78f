// The draws of a seeded Fisher-Yates shuffle: seedrandom's Alea generator (its lib/alea.js) and the step
// j = i + floor(u (n - i)), in the float64 arithmetic JavaScript does them in, so the same state gives the
// same draws bit for bit. src/data/shuffle-draws.ts calls this, or does the same steps in TypeScript where
// WebAssembly is missing. Wasm runs at full speed from its first call; the same loop in JavaScript allocates
// a heap number per arithmetic result until V8 optimises it, a few dozen batches into a run.

/** Alea's state, read and written by the caller between calls: s0, s1, s2 and c, as f64. */
const STATE: usize = memory.data(32, 8);

/** How many offsets one call writes at most. */
const OFFSETS_MAX: i32 = 4096;
const OFFSETS: usize = memory.data(OFFSETS_MAX << 2, 16);

/** The byte address of the state. */
export function stateAt(): usize {
  return STATE;
}

/** The byte address of the offsets, `offsetsMax()` i32s. */
export function offsetsAt(): usize {
  return OFFSETS;
}

export function offsetsMax(): i32 {
  return OFFSETS_MAX;
}

/**
 * The offsets j - i of the Fisher-Yates steps at positions i = from .. from + count - 1 of n (count at most
 * offsetsMax()), each from one 53-bit draw u of Alea, as seedrandom's `prng.double()` makes it:
 * `prng() + (prng() * 0x200000 | 0) * 2^-53`, where `prng()` is
 * `t = 2091639 s0 + c 2^-32; s0 = s1; s1 = s2; c = t | 0; return s2 = t - c`.
 */
export function fisherYatesOffsets(from: i32, count: i32, n: i32): void {
  let s0 = load<f64>(STATE);
  let s1 = load<f64>(STATE, 8);
  let s2 = load<f64>(STATE, 16);
  let c = load<f64>(STATE, 24);
  for (let k = 0; k < count; k++) {
    // t is in [0, 2091640), so truncation is JavaScript's `t | 0`.
    let t = 2091639.0 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = <f64>(<i32>t);
    s2 = t - c;
    const high = s2;
    t = 2091639.0 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = <f64>(<i32>t);
    s2 = t - c;
    const u = high + <f64>(<i32>(s2 * 2097152.0)) * 1.1102230246251565e-16;
    store<i32>(OFFSETS + (<usize>k << 2), <i32>Math.floor(u * <f64>(n - from - k)));
  }
  store<f64>(STATE, s0);
  store<f64>(STATE, s1, 8);
  store<f64>(STATE, s2, 16);
  store<f64>(STATE, c, 24);
}
