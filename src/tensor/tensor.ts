// The tensor type and reverse-mode autograd: each op's output records its parents and a backward closure.
import { GradError, ShapeError } from '../errors.js';
import { allocate, dtypeOf, type DType, type FloatArray } from './dtype.js';
import { allocateLike, zeroValues } from './runtime/wasm.js';
import { isGradEnabled, recordingOutputs } from './grad-mode.js';
import { formatShape, sizeOf, type Shape } from './shape.js';
import { add, sub, mul, div, neg } from './arithmetic.js';
import { exp, log, relu, sigmoid, tanh } from './unary.js';
import { sum, mean, argmax, type ReduceOptions } from './reduce.js';
import { reshape, transpose } from './view.js';
import { matmul } from './matmul.js';

/** Receives the gradient of the output (same shape as the output) and adds into the parents' gradients. */
export type BackwardFn = (gradOutput: FloatArray) => void;

/**
 * @internal What an op computes, kept on its output so that a recorded step (see `RecordedStep`) can run it again.
 * `forward` recomputes the output, and whatever the backward reads, from the parents' current data (and the
 * arrays in `args`), into the same arrays; `backward` adds the output's gradient into the parents' gradients.
 */
export interface OpDefinition {
  /** The op's name: two recordings match only op for op. */
  readonly name: string;
  /**
   * What the forward reads besides its parents, for comparing two recordings: numbers and strings by value,
   * arrays and functions (a target array, a random stream) by identity, since the forward reads them again.
   */
  readonly args?: readonly unknown[];
  /** Tensors the forward reads but never differentiates (a loss's weights): recorded like parents, no gradient. */
  readonly reads?: readonly Tensor[];
  readonly forward: () => void;
  readonly backward: BackwardFn;
}

/** A nested array of numbers, as `tensor()` accepts and `toArray()` returns. */
export type NestedArray = number | NestedArray[];

/**
 * A row-major, contiguous n-dimensional array of float32 or float64 numbers, with reverse-mode autograd.
 * Create tensors with `tensor`, `zeros`, `ones`, `full`, `randn`, `rand` or `uniform`.
 */
export class Tensor {
  // Declared, then all assigned by the constructor in one order: field initializers would cost a call per tensor.
  /** The elements, row-major: element `[i][j]` of a 2-D tensor is `data[i * shape[1] + j]`. */
  declare readonly data: FloatArray;
  declare readonly shape: readonly number[];
  declare readonly size: number;
  declare readonly dtype: DType;
  /** Whether ops on this tensor are recorded so that `backward()` reaches it. */
  declare requiresGrad: boolean;
  /** The accumulated gradient, after `backward()`; same shape and dtype as the tensor. */
  declare grad: Tensor | null;
  /** False for the output of an op that recorded a graph; true for tensors a user created. */
  declare readonly isLeaf: boolean;
  /** @internal The inputs this tensor was computed from (null for a leaf or once the graph is released). */
  declare parents: readonly Tensor[] | null;
  /** @internal Sends this tensor's gradient to its parents (null when no parent requires grad, or once released). */
  declare backwardFn: BackwardFn | null;
  /** @internal The op that computed this tensor outside `noGrad`, for recording a step; null for a tensor no op made. */
  declare op: OpDefinition | null;
  /** @internal The array a recorded step keeps for this tensor's gradient, which `gradBuffer` hands out (zeroed). */
  declare spareGrad: Tensor | null;

  constructor(data: FloatArray, shape: Shape, options?: { requiresGrad?: boolean; isLeaf?: boolean }) {
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new ShapeError(`tensor: ${data.length} values do not fill shape ${formatShape(shape)} (${size} elements)`);
    }
    this.data = data;
    // Another tensor's shape is frozen already, and can be shared rather than copied.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.size = size;
    this.dtype = dtypeOf(data);
    this.requiresGrad = options?.requiresGrad ?? false;
    this.grad = null;
    this.isLeaf = options?.isLeaf ?? true;
    this.parents = null;
    this.backwardFn = null;
    this.op = null;
    this.spareGrad = null;
  }

  get rank(): number {
    return this.shape.length;
  }

  /**
   * Computes the gradient of this tensor with respect to every tensor it was computed from that requires grad,
   * adding it into their `.grad`. Walks the graph once, iteratively, in reverse topological order, then releases it.
   * `gradient` is required unless this tensor has exactly one element.
   */
  backward(gradient?: Tensor | FloatArray | readonly number[]): void {
    if (!this.requiresGrad) {
      throw new GradError('backward: this tensor does not require grad (no input required grad, or it was computed in noGrad)');
    }
    if (!this.isLeaf && this.backwardFn === null) {
      throw new GradError('backward: the graph behind this tensor was already released by an earlier backward()');
    }
    const seed = allocate(this.dtype, this.size);
    if (gradient === undefined) {
      if (this.size !== 1) {
        throw new ShapeError(`backward: a gradient is needed for a non-scalar output of shape ${formatShape(this.shape)}`);
      }
      seed[0] = 1;
    } else {
      const values = gradient instanceof Tensor ? gradient.data : gradient;
      if (values.length !== this.size) {
        throw new ShapeError(`backward: gradient has ${values.length} elements, output ${formatShape(this.shape)} has ${this.size}`);
      }
      for (let i = 0; i < this.size; i++) seed[i] = values[i];
    }
    if (this.isLeaf) {
      const g = gradBuffer(this);
      for (let i = 0; i < g.length; i++) g[i] += seed[i];
      return;
    }
    const order = topologicalOrder(this);
    this.grad = new Tensor(seed, this.shape);
    for (let n = order.length - 1; n >= 0; n--) {
      const node = order[n];
      if (node.grad !== null) node.backwardFn!(node.grad.data);
      // Release as we go: PyTorch keeps no gradient of intermediate results, and the memory is reusable.
      node.backwardFn = null;
      node.parents = null;
      node.op = null;
      node.grad = null;
    }
  }

  /** A tensor sharing this one's data, cut off from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, not 1`);
    return this.data[0];
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.shape.length) return this.data[offset];
      const stride = sizeOf(this.shape.slice(axis + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[axis]; i++) out.push(build(axis + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  toString(): string {
    return `Tensor(${formatShape(this.shape)}, ${this.dtype}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  add(other: Tensor | number): Tensor {
    return add(this, other);
  }
  sub(other: Tensor | number): Tensor {
    return sub(this, other);
  }
  mul(other: Tensor | number): Tensor {
    return mul(this, other);
  }
  div(other: Tensor | number): Tensor {
    return div(this, other);
  }
  neg(): Tensor {
    return neg(this);
  }
  exp(): Tensor {
    return exp(this);
  }
  log(): Tensor {
    return log(this);
  }
  relu(): Tensor {
    return relu(this);
  }
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  tanh(): Tensor {
    return tanh(this);
  }
  sum(options?: ReduceOptions): Tensor {
    return sum(this, options);
  }
  mean(options?: ReduceOptions): Tensor {
    return mean(this, options);
  }
  argmax(axis?: number): Int32Array {
    return argmax(this, axis);
  }
  reshape(shape: readonly number[]): Tensor {
    return reshape(this, shape);
  }
  transpose(): Tensor {
    return transpose(this);
  }
  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }
}

/**
 * Runs `op.forward` once into `data` and returns the output. When some parent requires grad (outside `noGrad`),
 * the output does too, with `op.backward` as its backward, and keeps its parents and `op`, so that a recorded step
 * can run the op again; while a step is recorded (`recordingOps`) every output keeps them, and is listed there.
 */
export function opResult(data: FloatArray, shape: Shape, parents: readonly Tensor[], op: OpDefinition): Tensor {
  op.forward();
  const recorded = recordingOutputs();
  let track = false;
  if (isGradEnabled()) for (let i = 0; i < parents.length; i++) if (parents[i].requiresGrad) track = true;
  if (!track && recorded === null) return new Tensor(data, shape);
  const out = new Tensor(data, shape, track ? { requiresGrad: true, isLeaf: false } : undefined);
  out.parents = op.reads ? [...parents, ...op.reads] : parents;
  out.op = op;
  if (track) out.backwardFn = op.backward;
  recorded?.push(out);
  return out;
}

/** `t`'s gradient buffer, zeroed on first use (`t.spareGrad` if a recorded step set one); backwards add into it. */
export function gradBuffer(t: Tensor): FloatArray {
  if (t.grad === null) {
    const spare = t.spareGrad;
    if (spare !== null) zeroValues(spare.data);
    t.grad = spare ?? new Tensor(allocateLike(t.data, t.size), t.shape);
  }
  return t.grad.data;
}

/** Nodes with a backward, parents before children. */
function topologicalOrder(root: Tensor): Tensor[] {
  return postorder(root, (parent) => {
    if (parent.backwardFn === null && !parent.isLeaf && parent.requiresGrad) {
      // Its graph went with an earlier backward(): going on would silently drop the gradient behind it.
      throw new GradError('backward: part of this graph was already released by an earlier backward() (an intermediate result was used again)');
    }
    return parent.backwardFn !== null;
  });
}

/**
 * @internal `root` and the tensors behind it that `follow` accepts, parents before children: depth first, each
 * node's parents in order, on an explicit stack so that a deep graph cannot overflow the call stack.
 */
export function postorder(root: Tensor, follow: (parent: Tensor) => boolean): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const parents = stack[top].parents!;
    if (next[top] < parents.length) {
      const parent = parents[next[top]++];
      if (!visited.has(parent) && follow(parent)) {
        visited.add(parent);
        stack.push(parent);
        next.push(0);
      }
    } else {
      order.push(stack.pop()!);
      next.pop();
    }
  }
  return order;
}
