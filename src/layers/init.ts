// Weight initialisers with torch.nn.init's gain and fan conventions; each fills a tensor in place from a seed or RNG.
import { ShapeError, ValueError } from '../errors.js';
import { makeRng, normalSample, type Rng, type SeedOrRng } from '../tensor/random.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** The nonlinearities `calculateGain` knows (torch's names in camelCase). */
export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/** A function that fills a weight in place from a seed or RNG, such as `xavierUniform`. */
export type Initializer = (tensor: Tensor, seed: SeedOrRng) => Tensor;

/**
 * The gain torch.nn.init recommends for a nonlinearity: 1 for linear and sigmoid, 5/3 for tanh,
 * sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leakyRelu (`param` is the negative slope, default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ValueError(`calculateGain: unknown nonlinearity '${nonlinearity as string}'`);
  }
}

/** torch's fans: for a weight `[out, in, ...kernel]`, fanIn = in * kernel size and fanOut = out * kernel size. */
function fans(op: string, t: Tensor): { fanIn: number; fanOut: number } {
  if (t.rank < 2) {
    throw new ShapeError(`${op}: fan in and fan out need a tensor of at least 2 dimensions, got shape ${formatShape(t.shape)}`);
  }
  const receptive = sizeOf(t.shape.slice(2));
  return { fanIn: t.shape[1] * receptive, fanOut: t.shape[0] * receptive };
}

/** Fills `t` with draws from U(-bound, bound). */
export function fillUniform(t: Tensor, bound: number, rng: Rng): Tensor {
  for (let i = 0; i < t.size; i++) t.data[i] = bound * (2 * rng() - 1);
  return t;
}

function fillNormal(t: Tensor, std: number, rng: Rng): Tensor {
  for (let i = 0; i < t.size; i++) t.data[i] = std * normalSample(rng);
  return t;
}

/** Options of the Xavier (Glorot) initialisers. */
export interface XavierOptions {
  /** Scale factor, e.g. `calculateGain('tanh')`. Default 1. */
  gain?: number;
}

/**
 * Fills `tensor` in place from U(-a, a) with `a = gain * sqrt(6 / (fanIn + fanOut))` (Glorot & Bengio, 2010), and returns it.
 * @example
 * const layer = new Linear(4, 3, { init: xavierUniform, seed: 0 });
 * xavierUniform(w, 42, { gain: calculateGain('tanh') });
 */
export function xavierUniform(tensor: Tensor, seed: SeedOrRng, options: XavierOptions = {}): Tensor {
  const { fanIn, fanOut } = fans('xavierUniform', tensor);
  const std = (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return fillUniform(tensor, Math.sqrt(3) * std, makeRng(seed));
}

/** Fills `tensor` in place from N(0, std^2) with `std = gain * sqrt(2 / (fanIn + fanOut))`, and returns it. */
export function xavierNormal(tensor: Tensor, seed: SeedOrRng, options: XavierOptions = {}): Tensor {
  const { fanIn, fanOut } = fans('xavierNormal', tensor);
  return fillNormal(tensor, (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), makeRng(seed));
}

/** Options of the Kaiming (He) initialisers, with torch's defaults. */
export interface KaimingOptions {
  /** The negative slope of the leaky ReLU that follows (used only with `leakyRelu`). Default 0. */
  a?: number;
  /** `'fanIn'` (default) keeps the forward variance, `'fanOut'` the backward one. */
  mode?: 'fanIn' | 'fanOut';
  /** Default `'leakyRelu'` (with `a = 0` that is ReLU's gain, sqrt(2)). */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(op: string, tensor: Tensor, options: KaimingOptions): number {
  const { a = 0, mode = 'fanIn', nonlinearity = 'leakyRelu' } = options;
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new ValueError(`${op}: mode must be 'fanIn' or 'fanOut', got '${mode as string}'`);
  const { fanIn, fanOut } = fans(op, tensor);
  return calculateGain(nonlinearity, a) / Math.sqrt(mode === 'fanIn' ? fanIn : fanOut);
}

/**
 * Fills `tensor` in place from U(-bound, bound) with `bound = gain * sqrt(3 / fan)` (He et al., 2015), and returns it.
 * With `{ a: Math.sqrt(5) }` this is PyTorch's default for `nn.Linear` weights: bound = 1 / sqrt(fanIn).
 * @example
 * kaimingUniform(w, 0, { nonlinearity: 'relu' });
 */
export function kaimingUniform(tensor: Tensor, seed: SeedOrRng, options: KaimingOptions = {}): Tensor {
  return fillUniform(tensor, Math.sqrt(3) * kaimingStd('kaimingUniform', tensor, options), makeRng(seed));
}

/** Fills `tensor` in place from N(0, std^2) with `std = gain / sqrt(fan)`, and returns it. */
export function kaimingNormal(tensor: Tensor, seed: SeedOrRng, options: KaimingOptions = {}): Tensor {
  return fillNormal(tensor, kaimingStd('kaimingNormal', tensor, options), makeRng(seed));
}

/** `xavierUniform` under its other name. */
export const glorotUniform = xavierUniform;
/** `xavierNormal` under its other name. */
export const glorotNormal = xavierNormal;
