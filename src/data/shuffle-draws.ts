// The random numbers of one shuffle: seedrandom's Alea, stepped here (in WebAssembly where it loads).
import seedrandom from 'seedrandom';
import { instantiateKernels } from '../tensor/runtime/wasm.js';
import { wasmShuffleBase64 } from './wasm-shuffle-binary.js';

interface ShuffleExports {
  memory: { readonly buffer: ArrayBuffer };
  stateAt(): number;
  offsetsAt(): number;
  offsetsMax(): number;
  fisherYatesOffsets(from: number, count: number, n: number): void;
}

/** How many Fisher-Yates offsets `ShuffleDraws.offsets` gives at most per call (as assembly/shuffle.ts holds). */
export const OFFSETS_MAX = 4096;

interface WasmDraws {
  exports: ShuffleExports;
  state: Float64Array;
  offsets: Int32Array;
}

// undefined until the first shuffle asks for it.
let wasmDraws: WasmDraws | null | undefined;

/** assembly/shuffle.ts with views of its state and offsets (its memory never grows, so they never detach), or null. */
function loadWasmDraws(): WasmDraws | null {
  if (wasmDraws !== undefined) return wasmDraws;
  const exports = instantiateKernels<ShuffleExports>(wasmShuffleBase64);
  if (exports === null || exports.offsetsMax() !== OFFSETS_MAX) return (wasmDraws = null);
  const { buffer } = exports.memory;
  return (wasmDraws = { exports, state: new Float64Array(buffer, exports.stateAt(), 4), offsets: new Int32Array(buffer, exports.offsetsAt(), OFFSETS_MAX) });
}

/**
 * @internal The numbers of one shuffle: seedrandom's Alea seeded with `seed`, read 53 bits at a time as its
 * `double()` reads them, bit for bit. `next()` gives one number; `offsets` a run of Fisher-Yates steps, in
 * WebAssembly where it loads, whose float64 arithmetic allocates no heap number per result as JavaScript does
 * before it is optimised. Both continue the same sequence, in any mix.
 */
export class ShuffleDraws {
  /** Alea's s0, s1, s2 and c, as seedrandom keeps them. */
  private readonly state = new Float64Array(4);
  /** The offsets when drawn in TypeScript. */
  private offsetsOut: Int32Array | null = null;

  constructor(
    seed: string,
    private readonly useWasm = loadWasmDraws() !== null,
  ) {
    const { s0, s1, s2, c } = seedrandom.alea(seed, { state: true }).state();
    this.state.set([s0, s1, s2, c]);
  }

  /** The next number in [0, 1): seedrandom's `alea(seed).double()`. */
  next(): number {
    const high = this.step();
    return high + ((this.step() * 0x200000) | 0) * 1.1102230246251565e-16; // 2^-53
  }

  /**
   * The offsets `j - i` of the Fisher-Yates steps at positions `i = from .. from + count - 1` of `n`, each
   * `j = i + floor(next() * (n - i))`; `count` at most OFFSETS_MAX. The array returned is valid until the
   * next call of `offsets` on any ShuffleDraws (they share it).
   */
  offsets(from: number, count: number, n: number): Int32Array {
    if (count > OFFSETS_MAX) throw new RangeError(`ShuffleDraws.offsets: at most ${OFFSETS_MAX} offsets a call, asked for ${count}`);
    // The module takes n as an int32: larger orders (8 GiB of Int32Array) draw in TypeScript.
    const wasm = this.useWasm ? loadWasmDraws() : null;
    if (wasm !== null && n <= 0x7fffffff) {
      // The state goes in and comes back out: any number of orders can draw, each from its own generator.
      wasm.state.set(this.state);
      wasm.exports.fisherYatesOffsets(from, count, n);
      this.state.set(wasm.state);
      return wasm.offsets;
    }
    const out = (this.offsetsOut ??= new Int32Array(OFFSETS_MAX));
    for (let k = 0; k < count; k++) out[k] = Math.floor(this.next() * (n - from - k));
    return out;
  }

  /** Alea's step: `t = 2091639 s0 + c 2^-32`, then the state moves down one and `c = t | 0`. */
  private step(): number {
    const s = this.state;
    const t = 2091639 * s[0] + s[3] * 2.3283064365386963e-10; // 2^-32
    s[0] = s[1];
    s[1] = s[2];
    s[3] = t | 0;
    return (s[2] = t - s[3]);
  }
}
