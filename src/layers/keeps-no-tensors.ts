// Which models fit may hand reused arrays for their layer outputs: those made only of softgrad's own layers.
import { LeakyReLU, ReLU, Sigmoid, Tanh } from './activations.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import type { Module } from './module.js';
import { Sequential } from './sequential.js';

// None of these keeps a tensor it computed beyond its forward (nor hands one to other code): their outputs
// go back to the caller, and Sequential's to fit alone.
const builtIn: ReadonlySet<object> = new Set([Sequential, Linear, ReLU, Sigmoid, Tanh, LeakyReLU, Dropout].map((c) => c.prototype));

/**
 * @internal Whether `module` and everything in it are instances of softgrad's own layer classes exactly, with
 * their own `forward` (a subclass, or a forward patched onto an instance, may keep anything), so that no code
 * but softgrad's sees the tensors its forward computes.
 */
export function keepsNoTensors(module: Module): boolean {
  if (!builtIn.has(Object.getPrototypeOf(module) as object) || Object.hasOwn(module, 'forward')) return false;
  // A Sequential runs its `layers` array (which user code can change without registering a module), not its
  // registered children.
  const inside = module instanceof Sequential ? module.layers : module.children();
  return inside.every(keepsNoTensors);
}
