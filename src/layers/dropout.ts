// Inverted dropout: in training, zero each element with probability p and scale the rest by 1 / (1 - p).
import { ValueError } from '../errors.js';
import { allocate } from '../tensor/dtype.js';
import { makeRng, type Rng, type SeedOrRng } from '../tensor/random.js';
import { gradBuffer, opResult, type Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

function checkP(op: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`${op}: p must be in [0, 1], got ${p}`);
}

/**
 * Zeroes each element of `x` with probability `p` (one draw each from `seed`) and scales the others by `1 / (1 - p)`,
 * so the expected value is unchanged: evaluation needs no rescaling. `p = 0` returns `x` itself; `p = 1` gives zeros.
 * @example
 * const y = dropout(x, 0.5, makeRng(0));
 */
export function dropout(x: Tensor, p: number, seed: SeedOrRng): Tensor {
  checkP('dropout', p);
  if (p === 0) return x;
  const rng = makeRng(seed);
  const scale = p === 1 ? 0 : 1 / (1 - p);
  const keep = new Uint8Array(x.size);
  const v = x.data;
  const y = allocate(x.dtype, x.size);
  return opResult(y, x.shape, [x], {
    name: 'dropout',
    // The random stream by identity: each run of the forward draws a new mask from it.
    args: [p, rng],
    forward: () => {
      for (let i = 0; i < y.length; i++) {
        keep[i] = +(rng() >= p);
        y[i] = keep[i] === 1 ? v[i] * scale : 0;
      }
    },
    backward: (g) => {
      const dx = gradBuffer(x);
      for (let i = 0; i < dx.length; i++) if (keep[i] === 1) dx[i] += g[i] * scale;
    },
  });
}

/** Options of `Dropout`. */
export interface DropoutOptions {
  /** Seed (number or string) or RNG for the masks; default 0. Each forward in training mode draws a new mask from it. */
  seed?: SeedOrRng;
}

/**
 * Inverted dropout as a module: active in training, the identity after `eval()`. The same seed gives the same masks.
 * @example
 * const model = new Sequential(new Linear(4, 16, { seed: 1 }), new ReLU(), new Dropout(0.2, { seed: 2 }), new Linear(16, 3, { seed: 3 }));
 */
export class Dropout extends Module {
  private readonly rng: Rng;

  constructor(
    readonly p = 0.5,
    options: DropoutOptions = {},
  ) {
    super();
    checkP('Dropout', p);
    this.rng = makeRng(options.seed ?? 0);
  }

  forward(x: Tensor): Tensor {
    return this.training ? dropout(x, this.p, this.rng) : x;
  }
}
