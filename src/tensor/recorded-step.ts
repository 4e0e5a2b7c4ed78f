// A step's ops recorded from the graph behind its loss, then run again, op by op, without building a graph.
import { allocateResident } from './runtime/wasm.js';
import { isGradEnabled } from './grad-mode.js';
import { sameShape } from './shape.js';
import { gradBuffer, postorder, Tensor, type BackwardFn, type OpDefinition } from './tensor.js';

/**
 * The ops that computed a loss, taken from its graph before `backward()` releases it (as tinygrad's TinyJit captures a
 * step). `run()` runs each forward again into the arrays it first wrote, reading the leaves and given arrays as they
 * are now, and `backward()` the backwards. Each op is defined once (see `opResult`), so a run gives bit for bit what
 * rebuilding the graph would, as long as the code would build the same graph (`matches` compares two recordings).
 * Computation outside softgrad's ops (touching `.data`, drawing its own random numbers) is not seen, and not run again.
 */
export class RecordedStep {
  /** Whether the nodes that require grad have their gradient arrays (see `Tensor.spareGrad`) yet. */
  private spared = false;

  private constructor(
    /** The recorded loss: `run()` writes its value there. */
    readonly loss: Tensor,
    /** The nodes (op outputs), parents before children; the loss last. */
    private readonly nodes: readonly Tensor[],
    private readonly ops: readonly OpDefinition[],
    private readonly backwards: readonly (BackwardFn | null)[],
    /** Each node's parents: `i >= 0` is node i, `-1 - k` is leaf k. */
    private readonly inputs: readonly (readonly number[])[],
    /** The tensors no recorded op made, and whether each required grad when recorded. */
    private readonly leaves: readonly Tensor[],
    private readonly leafGrads: readonly boolean[],
  ) {}

  /**
   * The step behind `loss` (a one-element tensor computed outside `noGrad`) of the ops that made `outputs` (see
   * `recordingOps`), or null when it cannot be run again as it ran: `loss` is no op's output, an op ran that the loss
   * does not need (a run would skip it: what it updates or draws), or two ops that do not depend on each other draw
   * from one random stream (which draws first is the order the code ran them in, which the graph does not keep).
   */
  static record(loss: Tensor, outputs: readonly Tensor[]): RecordedStep | null {
    if (loss.op === null || loss.size !== 1 || !loss.requiresGrad) return null;
    // The nodes in the order Tensor.backward walks those that require grad.
    const nodes = postorder(loss, (parent) => parent.op !== null);
    const index = new Map(nodes.map((node, i) => [node, i]));
    const leaves: Tensor[] = [];
    const leafIndex = new Map<Tensor, number>();
    const inputs = nodes.map((node) =>
      node.parents!.map((parent) => {
        if (parent.op !== null) return index.get(parent)!;
        if (!leafIndex.has(parent)) leafIndex.set(parent, leaves.push(parent) - 1);
        return -1 - leafIndex.get(parent)!;
      }),
    );
    if (outputs.some((t) => !index.has(t))) return null;
    const ops = nodes.map((node) => node.op!);
    const step = new RecordedStep(loss, nodes, ops, nodes.map((node) => node.backwardFn), inputs, leaves, leaves.map((leaf) => leaf.requiresGrad));
    return step.drawsInOrder() ? step : null;
  }

  /** Whether `other` recorded the same ops, with the same shapes, leaves, arrays and numbers. */
  matches(other: RecordedStep): boolean {
    const { nodes, ops, inputs, leaves } = this;
    if (nodes.length !== other.nodes.length || leaves.length !== other.leaves.length) return false;
    for (let k = 0; k < leaves.length; k++) {
      if (leaves[k] !== other.leaves[k] || this.leafGrads[k] !== other.leafGrads[k]) return false;
    }
    for (let i = 0; i < nodes.length; i++) {
      const [a, b] = [nodes[i], other.nodes[i]];
      // A node in both was made before the step (and is kept by the model): a new graph would not compute it again.
      if (a === b) return false;
      if (ops[i].name !== other.ops[i].name || a.dtype !== b.dtype || a.requiresGrad !== b.requiresGrad || !sameShape(a.shape, b.shape)) return false;
      if (!sameValues(inputs[i], other.inputs[i]) || !sameValues(ops[i].args ?? [], other.ops[i].args ?? [])) return false;
    }
    return true;
  }

  /** Whether a run now computes what the graph would: grad mode is on and every leaf requires grad as recorded. */
  canRun(): boolean {
    if (!isGradEnabled()) return false;
    for (let k = 0; k < this.leaves.length; k++) if (this.leaves[k].requiresGrad !== this.leafGrads[k]) return false;
    return true;
  }

  /** Runs every op's forward, in order: the loss and every tensor the step computed get their new values. */
  run(): void {
    for (let i = 0; i < this.ops.length; i++) this.ops[i].forward();
  }

  /**
   * `loss.backward()` for the last `run()`, step for step as `Tensor.backward` walks the graph: a node's backward
   * runs when a gradient has reached it, into arrays kept from run to run, adding into the leaves' `.grad`.
   */
  backward(): void {
    const { nodes, backwards } = this;
    if (!this.spared) {
      for (let i = 0; i < nodes.length; i++) {
        if (backwards[i] !== null) nodes[i].spareGrad = new Tensor(allocateResident(nodes[i].dtype, nodes[i].size), nodes[i].shape);
      }
      this.spared = true;
    }
    for (let i = 0; i < nodes.length; i++) nodes[i].grad = null;
    gradBuffer(this.loss)[0] = 1;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      const backward = backwards[i];
      if (backward !== null && node.grad !== null) backward(node.grad.data);
      // As the graph's backward: no gradient of an intermediate result stays behind.
      node.grad = null;
    }
  }

  /**
   * Whether every random stream the ops draw from (a function among their args) is drawn by ops that depend on
   * one another, whose order is then the same in any order the step could have run in.
   */
  private drawsInOrder(): boolean {
    const drawers = new Map<unknown, number[]>();
    this.ops.forEach((op, i) => {
      for (const arg of op.args ?? []) if (typeof arg === 'function') drawers.set(arg, [...(drawers.get(arg) ?? []), i]);
    });
    for (const list of drawers.values()) {
      for (let k = 1; k < list.length; k++) if (!this.dependsOn(list[k], list[k - 1])) return false;
    }
    return true;
  }

  /** Whether node `later` was computed from node `earlier`. */
  private dependsOn(later: number, earlier: number): boolean {
    const seen = new Set<number>();
    const pending = [later];
    while (pending.length > 0) {
      for (const i of this.inputs[pending.pop()!]) {
        if (i === earlier) return true;
        if (i >= 0 && !seen.has(i)) {
          seen.add(i);
          pending.push(i);
        }
      }
    }
    return false;
  }
}

/** Element by element: numbers and strings by value, anything else by identity. */
function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
