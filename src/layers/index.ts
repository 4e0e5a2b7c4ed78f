export { Module } from './module.js';
export { Linear, linear, type LinearOptions } from './linear.js';
export { ReLU, Sigmoid, Tanh, LeakyReLU } from './activations.js';
export { Dropout, dropout, type DropoutOptions } from './dropout.js';
export { Sequential } from './sequential.js';
export {
  calculateGain, xavierUniform, xavierNormal, glorotUniform, glorotNormal, kaimingUniform, kaimingNormal,
  type Initializer, type Nonlinearity, type XavierOptions, type KaimingOptions,
} from './init.js';
