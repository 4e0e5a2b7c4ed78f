// The Optimizer base: parameter groups, zeroGrad, a settable lr, and a state dict that resumes a run bit for bit.
import { ValueError } from '../errors.js';
import { zeroValues } from '../tensor/runtime/wasm.js';
import { Tensor } from '../tensor/tensor.js';
import { describe, readArray, readBoolean, readInteger, readNumber, readObject } from './state-dict.js';
import type { SavedArray } from './state-dict.js';

/** A hyperparameter value: a number, a flag, or a pair such as Adam's `betas`. */
export type Hyperparameter = number | boolean | readonly number[];

/** The hyperparameters every optimizer's groups carry. */
export interface BaseHyperparameters {
  lr: number;
}

/**
 * One parameter group (torch's `param_groups[i]`): its tensors and the hyperparameters that apply to them.
 * Schedules change `lr` here; `initialLr` is the lr the first schedule attached to the optimizer started from.
 */
export type ParamGroup<H extends BaseHyperparameters = BaseHyperparameters> = H & {
  params: Tensor[];
  initialLr?: number;
};

/** A parameter group as given to a constructor: its tensors and any hyperparameters that differ from the defaults. */
export type ParamGroupInput<H> = Partial<H> & { params: Tensor | Iterable<Tensor> };

/** What an optimizer optimizes: tensors (e.g. `model.parameters()`), or parameter groups with their own options. */
export type OptimizerParams<H> = Iterable<Tensor> | Iterable<ParamGroupInput<H>>;

/** Options of `zeroGrad`. */
export interface ZeroGradOptions {
  /** Drop the gradients (`grad = null`) instead of zeroing them: torch's `set_to_none`. Default false. */
  setToNone?: boolean;
}

/** The saved state of one parameter: step counters and buffers, as numbers and arrays of numbers. */
export type SavedParamState = Record<string, number | SavedArray>;

/** The saved hyperparameters of one group, and the indices into `state` of its parameters. */
export interface SavedParamGroup {
  params: number[];
  initialLr?: number;
  [key: string]: Hyperparameter | undefined;
}

/**
 * Everything an optimizer needs to continue a run exactly: plain numbers and arrays, so `JSON.stringify`
 * carries it without loss (every float64, and so every float32, survives a JSON round trip bit for bit).
 */
export interface OptimizerStateDict {
  /** The class that saved it, e.g. `'Adam'`. */
  optimizer: string;
  /** One entry per parameter, in group order; `null` for a parameter that has no state yet. */
  state: (SavedParamState | null)[];
  paramGroups: SavedParamGroup[];
}

/**
 * The base of SGD, Adam and AdamW: holds the parameter groups and the per-parameter state (momentum buffers,
 * moments), allocated on a parameter's first update and then reused, so a step allocates nothing. State buffers
 * have the parameter's dtype, as in torch. Adam computes float32 parameters in float32, operation by operation as torch
 * does; SGD, and Adam on float64, compute in float64 and round once on store.
 */
export abstract class Optimizer<H extends BaseHyperparameters = BaseHyperparameters, S = unknown> {
  /** The parameter groups, each with its own hyperparameters (torch's `param_groups`). */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state, created on the parameter's first update. */
  protected readonly state = new Map<Tensor, S>();

  protected constructor(
    /** The optimizer's class name, used in error messages and saved in the state dict. */
    readonly name: string,
    params: OptimizerParams<H>,
    /** The hyperparameters a group takes when it does not give its own. */
    readonly defaults: H,
  ) {
    const list: unknown[] = Array.from(params as Iterable<unknown>);
    if (list.length === 0) throw new ValueError(`${name}: got an empty parameter list`);
    const tensors = list.filter((p) => p instanceof Tensor).length;
    if (tensors === list.length) {
      this.addGroup({ params: list }, name);
    } else if (tensors === 0) {
      for (const group of list) this.addParamGroup(group as ParamGroupInput<H>);
    } else {
      throw new ValueError(`${name}: params must be all tensors or all parameter groups, got ${tensors} tensors among ${list.length} entries`);
    }
  }

  /** Updates every parameter that has a gradient; parameters whose `grad` is null are skipped, as in torch. */
  abstract step(): void;

  /** Checks a group's hyperparameters, throwing a ValueError that starts with `where` and names the option and value. */
  protected abstract validate(hyperparameters: H, where: string): void;

  /** One parameter's state as plain numbers and arrays. */
  protected abstract saveParamState(state: S): SavedParamState;

  /** One parameter's state read back from `saved`, checked against the parameter's size. */
  protected abstract loadParamState(saved: Record<string, unknown>, param: Tensor, hyperparameters: H, where: string): S;

  /**
   * Adds a group of parameters with its own hyperparameters (missing ones come from the defaults).
   * @example
   * opt.addParamGroup({ params: head.parameters(), lr: 0.01 });
   */
  addParamGroup(input: ParamGroupInput<H>): void {
    this.addGroup(input, `${this.name} parameter group ${this.paramGroups.length}`);
  }

  private addGroup(input: unknown, where: string): void {
    const fields = readObject(where, input);
    const source = fields.params;
    if (!(source instanceof Tensor) && !isIterable(source)) {
      throw new ValueError(`${where}: params must be a tensor or a list of tensors, got ${describe(source)}`);
    }
    const params: unknown[] = source instanceof Tensor ? [source] : Array.from(source);
    const seen = new Set<Tensor>(this.paramGroups.flatMap((group) => group.params));
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new ValueError(`${where}: params[${i}] is ${describe(p)}, not a Tensor`);
      if (!p.isLeaf) {
        throw new ValueError(`${where}: params[${i}] is not a leaf tensor (an op computed it); optimize the tensors it was computed from`);
      }
      if (seen.has(p)) throw new ValueError(`${where}: params[${i}] appears in more than one place; a parameter can be optimized only once`);
      seen.add(p);
    });
    const group: Record<string, unknown> = { ...(this.defaults as object), params };
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'params' || value === undefined) continue;
      if (!(key in this.defaults) && key !== 'initialLr') {
        throw new ValueError(`${where}: unknown option '${key}' (${this.name} takes ${Object.keys(this.defaults).join(', ')})`);
      }
      group[key] = value;
    }
    // Each group owns its pairs (betas), so changing one group's never changes another's or the defaults.
    for (const [key, value] of Object.entries(group)) if (key !== 'params' && Array.isArray(value)) group[key] = [...value];
    this.validate(group as unknown as H, where);
    this.paramGroups.push(group as unknown as ParamGroup<H>);
  }

  /**
   * Sets every existing gradient to zero, keeping the buffers so the next `backward()` adds into them without
   * allocating: torch's `set_to_none=False`. A parameter the next backward does not reach then keeps a zero
   * gradient, not null, so `step()` still applies weight decay and momentum to it. Pass `{ setToNone: true }` for
   * torch's default since 2.0.
   * @example
   * opt.zeroGrad();
   * loss.backward();
   * opt.step();
   */
  zeroGrad(options?: ZeroGradOptions): void {
    const setToNone = options?.setToNone ?? false;
    // Index loops, not for-of: this runs every step, and iterators are slow in code not yet optimised.
    for (let g = 0; g < this.paramGroups.length; g++) {
      const params = this.paramGroups[g].params;
      for (let i = 0; i < params.length; i++) {
        const param = params[i];
        if (param.grad === null) continue;
        if (setToNone) param.grad = null;
        else zeroValues(param.grad.data);
      }
    }
  }

  /** The learning rate shared by all groups; throws if the groups' rates differ (read `paramGroups[i].lr` then). */
  get lr(): number {
    const rates = this.paramGroups.map((group) => group.lr);
    if (rates.some((lr) => lr !== rates[0])) {
      throw new ValueError(`${this.name}.lr: the parameter groups have different learning rates (${rates.join(', ')}); read paramGroups[i].lr`);
    }
    return rates[0];
  }

  /** Sets the learning rate of every group. */
  set lr(value: number) {
    if (!(value >= 0)) throw new ValueError(`${this.name}.lr: lr must be >= 0, got ${value}`);
    for (const group of this.paramGroups) group.lr = value;
  }

  /**
   * The optimizer's state (per-parameter buffers and counters, per-group hyperparameters) as plain data, copied.
   * Save it beside the parameters; `loadStateDict` on a new optimizer over the same parameters continues exactly.
   * @example
   * const saved = JSON.stringify(opt.stateDict());
   * const resumed = new Adam(model.parameters());
   * resumed.loadStateDict(JSON.parse(saved));
   */
  stateDict(): OptimizerStateDict {
    const state: (SavedParamState | null)[] = [];
    const paramGroups = this.paramGroups.map((group) => {
      const saved: SavedParamGroup = { params: [] };
      for (const [key, value] of Object.entries(group)) {
        if (key === 'params') continue;
        saved[key] = Array.isArray(value) ? [...value] : (value as Hyperparameter);
      }
      for (const param of group.params) {
        saved.params.push(state.length);
        const paramState = this.state.get(param);
        state.push(paramState === undefined ? null : this.saveParamState(paramState));
      }
      return saved;
    });
    return { optimizer: this.name, state, paramGroups };
  }

  /**
   * Restores a state from `stateDict()` (also after a JSON round trip): buffers, counters and every group's
   * hyperparameters. The groups must have as many parameters, of the same sizes, as when it was saved.
   * Everything is checked before anything changes, so a state that does not fit leaves this optimizer as it was.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const where = `${this.name}.loadStateDict`;
    const saved = readObject(where, stateDict);
    if (saved.optimizer !== this.name) {
      const from = typeof saved.optimizer === 'string' ? saved.optimizer : describe(saved.optimizer);
      throw new ValueError(`${where}: the state is from ${from}, not ${this.name}`);
    }
    const savedGroups = saved.paramGroups;
    if (!Array.isArray(savedGroups) || savedGroups.length !== this.paramGroups.length) {
      const count = Array.isArray(savedGroups) ? savedGroups.length : describe(savedGroups);
      throw new ValueError(`${where}: the state has ${count} parameter groups, this optimizer has ${this.paramGroups.length}`);
    }
    const savedStates = saved.state;
    if (!Array.isArray(savedStates)) throw new ValueError(`${where}: state: expected an array, got ${describe(savedStates)}`);

    const loadedGroups = this.paramGroups.map((group, g) => {
      const at = `${where}: paramGroups[${g}]`;
      const savedGroup = readObject(at, savedGroups[g]);
      const hyperparameters = this.readHyperparameters(at, savedGroup, group);
      const initialLr = savedGroup.initialLr === undefined ? undefined : readNumber(`${at}.initialLr`, savedGroup.initialLr);
      const indices = savedGroup.params;
      if (!Array.isArray(indices) || indices.length !== group.params.length) {
        const count = Array.isArray(indices) ? indices.length : describe(indices);
        throw new ValueError(`${at}: the state has ${count} parameters in this group, the optimizer has ${group.params.length}`);
      }
      const states = group.params.map((param, i) => {
        const index = readInteger(`${at}.params[${i}]`, indices[i]);
        if (index >= savedStates.length) {
          throw new ValueError(`${at}.params[${i}]: index ${index} is past the end of state (${savedStates.length} entries)`);
        }
        const entry: unknown = savedStates[index];
        if (entry === null) return undefined;
        const stateAt = `${where}: state[${index}]`;
        return this.loadParamState(readObject(stateAt, entry), param, hyperparameters, stateAt);
      });
      return { hyperparameters, initialLr, states };
    });

    this.state.clear();
    this.paramGroups.forEach((group, g) => {
      const { hyperparameters, initialLr, states } = loadedGroups[g];
      Object.assign(group, hyperparameters);
      if (initialLr === undefined) delete group.initialLr;
      else group.initialLr = initialLr;
      group.params.forEach((param, i) => { if (states[i] !== undefined) this.state.set(param, states[i]); });
    });
  }

  /** A saved group's hyperparameters, each of the same kind as the current group's, then validated. */
  private readHyperparameters(where: string, saved: Record<string, unknown>, current: ParamGroup<H>): H {
    const values: Record<string, Hyperparameter> = {};
    for (const [key, now] of Object.entries(current)) {
      if (key === 'params' || key === 'initialLr') continue;
      const value = saved[key];
      const at = `${where}.${key}`;
      if (value === undefined) throw new ValueError(`${at}: missing`);
      if (typeof now === 'boolean') values[key] = readBoolean(at, value);
      else if (typeof now === 'number') values[key] = readNumber(at, value);
      else values[key] = Array.from(readArray(at, value, (now as readonly number[]).length));
    }
    for (const key of Object.keys(saved)) {
      if (!(key in values) && key !== 'params' && key !== 'initialLr') {
        throw new ValueError(`${where}: unknown hyperparameter '${key}' for ${this.name}`);
      }
    }
    this.validate(values as unknown as H, where);
    return values as unknown as H;
  }
}

/** Throws `ValueError('<where>: <option> must be <rule>, got <value>')` unless `ok`; NaN fails every `>=` rule. */
export function checkOption(ok: boolean, where: string, option: string, rule: string, value: unknown): void {
  if (!ok) throw new ValueError(`${where}: ${option} must be ${rule}, got ${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}`);
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value;
}
