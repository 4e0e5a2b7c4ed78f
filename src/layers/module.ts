// The Module base class: named parameters and child modules, train/eval mode, and state dicts.
import { ShapeError, ValueError } from '../errors.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A layer or a model: a `forward` function plus the parameters and child modules it registered. Parameter names are
 * dotted paths, as in PyTorch: `weight`, or `0.weight` for the weight of the first module of a `Sequential`.
 * @example
 * class TwoLayer extends Module {
 *   readonly hidden = this.registerModule('hidden', new Linear(4, 8, { seed: 1 }));
 *   readonly out = this.registerModule('out', new Linear(8, 3, { seed: 2 }));
 *   forward(x: Tensor): Tensor {
 *     return this.out.forward(relu(this.hidden.forward(x)));
 *   }
 * }
 * const model = new TwoLayer();
 * model.namedParameters().map(([name]) => name); // ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
 */
export abstract class Module {
  /** True in training mode (the default), false after `eval()`; `Dropout` is active only in training mode. */
  training = true;
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly childModules = new Map<string, Module>();

  /** The module's output for the input `x`. */
  abstract forward(x: Tensor): Tensor;

  /** Registers `tensor` as a trainable parameter (it will require grad) under `name`, and returns it. */
  protected registerParameter(name: string, tensor: Tensor): Tensor {
    this.checkNewName(name);
    tensor.requiresGrad = true;
    this.ownParameters.set(name, tensor);
    return tensor;
  }

  /** Registers `module` as a child under `name`, so its parameters and mode follow this module's; returns it. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkNewName(name);
    this.childModules.set(name, module);
    return module;
  }

  private checkNewName(name: string): void {
    if (name === '' || name.includes('.')) throw new ValueError(`Module: invalid name '${name}': it must be non-empty and contain no '.'`);
    if (this.ownParameters.has(name) || this.childModules.has(name)) {
      throw new ValueError(`Module: the name '${name}' is already registered`);
    }
  }

  /** The direct child modules, in registration order. */
  children(): Module[] {
    return [...this.childModules.values()];
  }

  /**
   * Every parameter with its dotted name: this module's own first, then each child's, in registration
   * order. A tensor registered twice (a shared weight) is listed once, under its first name.
   */
  namedParameters(): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    const visit = (module: Module, prefix: string): void => {
      for (const [name, t] of module.ownParameters) {
        if (seen.has(t)) continue;
        seen.add(t);
        out.push([prefix + name, t]);
      }
      for (const [name, child] of module.childModules) visit(child, `${prefix}${name}.`);
    };
    visit(this, '');
    return out;
  }

  /** Every parameter, in the order of `namedParameters()`: what an optimizer takes. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Sets training mode (or evaluation mode for `mode = false`) on this module and all its descendants. */
  train(mode = true): this {
    this.training = mode;
    for (const child of this.childModules.values()) child.train(mode);
    return this;
  }

  /** Sets evaluation mode on this module and all its descendants: `Dropout` becomes the identity. */
  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient (sets it to null, as PyTorch's `zero_grad()` does by default). */
  zeroGrad(): void {
    for (const t of this.parameters()) t.grad = null;
  }

  /** A copy of every parameter, by dotted name; later training does not change it. */
  stateDict(): Record<string, Tensor> {
    const state: Record<string, Tensor> = {};
    for (const [name, t] of this.namedParameters()) state[name] = new Tensor(t.data.slice(), t.shape);
    return state;
  }

  /**
   * Copies `state` into the parameters of the same names (converting the dtype if needed). Names must match exactly and
   * every shape agree; otherwise nothing is copied, and a ValueError (names) or ShapeError (a shape) says which.
   */
  loadStateDict(state: Record<string, Tensor>): void {
    const params = this.namedParameters();
    const expected = new Set(params.map(([name]) => name));
    const missing = params.map(([name]) => name).filter((name) => !Object.hasOwn(state, name));
    const unexpected = Object.keys(state).filter((name) => !expected.has(name));
    if (missing.length > 0 || unexpected.length > 0) {
      const parts = [];
      if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
      if (unexpected.length > 0) parts.push(`unexpected ${unexpected.join(', ')}`);
      throw new ValueError(`loadStateDict: ${parts.join('; ')} (the module has ${[...expected].join(', ')})`);
    }
    for (const [name, t] of params) {
      const value = state[name];
      if (!(value instanceof Tensor)) throw new ValueError(`loadStateDict: ${name} is not a Tensor`);
      if (!sameShape(value.shape, t.shape)) {
        throw new ShapeError(
          `loadStateDict: ${name} has shape ${formatShape(value.shape)} in the state but ${formatShape(t.shape)} in the module`,
        );
      }
    }
    for (const [name, t] of params) t.data.set(state[name].data);
  }
}
