// Ways to make a tensor: from values, filled, or drawn from a seeded RNG.
import { ShapeError } from '../errors.js';
import { allocate, type DType, type FloatArray } from './dtype.js';
import { makeRng, normalSample, type SeedOrRng } from './random.js';
import { checkShape, formatShape, sizeOf } from './shape.js';
import { Tensor, type NestedArray } from './tensor.js';

/** Options of the tensor constructors. */
export interface TensorOptions {
  /** Element type; `float32` unless the values are a Float64Array. */
  dtype?: DType;
  /** Record ops on this tensor for `backward()`. */
  requiresGrad?: boolean;
}

/** Options of `tensor()`: a typed array or flat list of values needs `shape` unless it is 1-D. */
export interface FromValuesOptions extends TensorOptions {
  shape?: readonly number[];
}

/**
 * A tensor holding a copy of `values`: a number, nested arrays, or a flat typed array / list with `shape`.
 * To wrap a typed array without copying it, use `new Tensor(data, shape)`.
 * @example
 * const x = tensor([[1, 2], [3, 4]]);
 * const w = tensor(new Float64Array(12), { shape: [3, 4], requiresGrad: true });
 */
export function tensor(values: NestedArray | ArrayLike<number>, options: FromValuesOptions = {}): Tensor {
  const dtype = options.dtype ?? (values instanceof Float64Array ? 'float64' : 'float32');
  let data: FloatArray;
  let shape: number[];
  if (typeof values === 'number') {
    data = allocate(dtype, 1);
    data[0] = values;
    shape = [];
  } else if (ArrayBuffer.isView(values) || !Array.isArray(values) || !values.some(Array.isArray)) {
    const flat = values as ArrayLike<number>;
    data = allocate(dtype, flat.length);
    for (let i = 0; i < flat.length; i++) data[i] = flat[i];
    shape = [flat.length];
  } else {
    shape = nestedShape(values);
    data = allocate(dtype, sizeOf(shape));
    flattenInto(values, shape, 0, data, 0);
  }
  if (options.shape !== undefined) {
    checkShape('tensor', options.shape);
    if (sizeOf(options.shape) !== data.length) {
      throw new ShapeError(`tensor: ${data.length} values do not fill shape ${formatShape(options.shape)}`);
    }
    shape = [...options.shape];
  }
  return new Tensor(data, shape, { requiresGrad: options.requiresGrad });
}

function nestedShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

function flattenInto(values: NestedArray, shape: number[], axis: number, out: FloatArray, offset: number): number {
  if (axis === shape.length) {
    if (typeof values !== 'number') throw new ShapeError(`tensor: nested arrays are ragged: expected a number at depth ${axis}`);
    out[offset] = values;
    return offset + 1;
  }
  if (!Array.isArray(values) || values.length !== shape[axis]) {
    throw new ShapeError(
      `tensor: nested arrays are ragged: expected ${shape[axis]} entries at depth ${axis}, got ${Array.isArray(values) ? values.length : 'a number'}`,
    );
  }
  for (const v of values) offset = flattenInto(v, shape, axis + 1, out, offset);
  return offset;
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  checkShape('full', shape);
  const data = allocate(options.dtype ?? 'float32', sizeOf(shape));
  data.fill(value);
  return new Tensor(data, shape, { requiresGrad: options.requiresGrad });
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

/** A tensor of ones. */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/**
 * Standard normal draws; `seed` (a number, string or `seedrandom` RNG) gives the same numbers on every machine.
 * @example
 * const w = randn([3, 4], 0);
 */
export function randn(shape: readonly number[], seed: SeedOrRng, options: TensorOptions = {}): Tensor {
  checkShape('randn', shape);
  const rng = makeRng(seed);
  const data = allocate(options.dtype ?? 'float32', sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = normalSample(rng);
  return new Tensor(data, shape, { requiresGrad: options.requiresGrad });
}

/** Uniform draws in `[low, high)` from a seed or RNG. */
export function uniform(
  shape: readonly number[],
  low: number,
  high: number,
  seed: SeedOrRng,
  options: TensorOptions = {},
): Tensor {
  checkShape('uniform', shape);
  const rng = makeRng(seed);
  const data = allocate(options.dtype ?? 'float32', sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * rng();
  return new Tensor(data, shape, { requiresGrad: options.requiresGrad });
}

/** Uniform draws in `[0, 1)` from a seed or RNG. */
export function rand(shape: readonly number[], seed: SeedOrRng, options: TensorOptions = {}): Tensor {
  return uniform(shape, 0, 1, seed, options);
}
