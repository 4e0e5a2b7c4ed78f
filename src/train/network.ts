// The networks a Classifier trains and a model file holds: Linear layers with an activation between each two.
import { LeakyReLU, ReLU, Sigmoid, Tanh } from '../layers/activations.js';
import { Linear } from '../layers/linear.js';
import type { Module } from '../layers/module.js';
import { Sequential } from '../layers/sequential.js';
import { makeRng } from '../tensor/random.js';
import { sizeOf } from '../tensor/shape.js';

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'leakyRelu'] as const;

/** Hidden-layer activations a Classifier can use. */
export type ActivationName = (typeof ACTIVATIONS)[number];

const ACTIVATION_LAYERS: Record<ActivationName, new () => Module> = {
  relu: ReLU,
  tanh: Tanh,
  sigmoid: Sigmoid,
  leakyRelu: LeakyReLU,
};

// The most parameters a network (and so any one tensor) may have: the model-file limit, checked before allocating.
export const MAX_PARAMETERS = 1 << 28;

/**
 * `Sequential(Linear, act, ..., Linear)`, each Linear seeded from one stream derived from `seed`.
 * @example
 * const mlp = buildNetwork(4, [16], 3, 'relu', 0); // 4 features, one hidden layer of 16, 3 classes
 */
export function buildNetwork(inputs: number, hidden: readonly number[], outputs: number, activation: ActivationName, seed: number): Sequential {
  const rng = makeRng(`softgrad-network-${seed}`);
  const layers: Module[] = [];
  let width = inputs;
  for (const h of hidden) {
    layers.push(new Linear(width, h, { seed: rng }), new ACTIVATION_LAYERS[activation]());
    width = h;
  }
  layers.push(new Linear(width, outputs, { seed: rng }));
  return new Sequential(...layers);
}

/** The names and shapes of `buildNetwork`'s parameters, computed without building it. */
export function networkShapes(inputs: number, hidden: readonly number[], outputs: number): [string, number[]][] {
  const widths = [inputs, ...hidden, outputs];
  const shapes: [string, number[]][] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    // Linear layers sit at even positions of the Sequential, each followed by its activation.
    shapes.push([`${2 * i}.weight`, [widths[i + 1], widths[i]]], [`${2 * i}.bias`, [widths[i + 1]]]);
  }
  return shapes;
}

export function parameterCount(shapes: [string, number[]][]): number {
  return shapes.reduce((total, [, shape]) => total + sizeOf(shape), 0);
}
