// Checks and conversions the loss nodes share: the reduction, weight vectors, target tensors.
import { ShapeError, ValueError } from '../errors.js';
import { broadcastShapes, broadcastStrides, formatShape, sameShape, sizeOf } from '../tensor/shape.js';
import { binaryBroadcast } from '../tensor/kernels/broadcast.js';
import { Tensor } from '../tensor/tensor.js';

/** How a loss combines its per-element terms: their mean, their sum, or none (the terms themselves). */
export type Reduction = 'mean' | 'sum' | 'none';

export function checkReduction(op: string, reduction: string): void {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ValueError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${reduction}'`);
  }
}

// A loss's weight options are read again each time its forward runs (into the array they were first read into),
// so that a recorded step uses the values they hold then, as a new graph would.

/** A per-class or per-label option (a 1-D tensor or a list) as float64 values in `into`, checked to hold `length`. */
export function vectorOption(
  op: string,
  name: string,
  value: Tensor | readonly number[],
  length: number,
  what: string,
  into: Float64Array = new Float64Array(length),
): Float64Array {
  const values = value instanceof Tensor ? value.data : value;
  if ((value instanceof Tensor && value.rank !== 1) || values.length !== length) {
    const got = value instanceof Tensor ? `shape ${formatShape(value.shape)}` : `${values.length} values`;
    throw new ShapeError(`${op}: ${name} has ${got}, expected ${length} values (${what})`);
  }
  into.set(values);
  return into;
}

/** An element-weight option broadcast to `shape` (never growing it: the loss keeps its input's shape), in `into`. */
export function elementWeights(
  op: string,
  name: string,
  value: Tensor | readonly number[],
  shape: readonly number[],
  into: Float64Array = new Float64Array(sizeOf(shape)),
): Float64Array {
  const weightShape = value instanceof Tensor ? value.shape : [value.length];
  const grown = broadcastShapes(op, weightShape, shape);
  if (!sameShape(grown, shape)) {
    throw new ShapeError(`${op}: ${name} of shape ${formatShape(weightShape)} does not broadcast to the input shape ${formatShape(shape)}`);
  }
  const values = value instanceof Tensor ? value.data : value;
  binaryBroadcast('mul', values, broadcastStrides(weightShape, shape), [1], shape.map(() => 0), into, shape);
  return into;
}

/** The options that are tensors: a loss's forward reads them (see `OpDefinition.reads`), never differentiates them. */
export function optionTensors(...options: (Tensor | readonly number[] | undefined)[]): Tensor[] {
  return options.filter((o): o is Tensor => o instanceof Tensor);
}

/** The option among a recording's args when it is a list, which the forward reads again by identity. */
export function optionLists(...options: (Tensor | readonly number[] | undefined)[]): (readonly number[] | null)[] {
  return options.map((o) => (o === undefined || o instanceof Tensor ? null : o));
}

/** The values of a target that must have the input's shape: a tensor of that shape, or a flat row-major list. */
export function targetValues(op: string, target: Tensor | ArrayLike<number>, input: Tensor): ArrayLike<number> {
  if (target instanceof Tensor) {
    if (!sameShape(target.shape, input.shape)) {
      throw new ShapeError(`${op}: target shape ${formatShape(target.shape)} differs from input shape ${formatShape(input.shape)}`);
    }
    return target.data;
  }
  if (target.length !== input.size) {
    throw new ShapeError(
      `${op}: target has ${target.length} values, input of shape ${formatShape(input.shape)} has ${input.size}`,
    );
  }
  return target;
}

/** Throws a ValueError naming the first value outside [0, 1] (NaN included). */
export function checkProbabilities(op: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 1)) throw new ValueError(`${op}: ${name}[${i}] = ${v} is outside [0, 1]`);
  }
}
