// Ops record nothing in noGrad, those that require grad by default, all in recordingOps; calls nest.
import type { Tensor } from './tensor.js';

let disabledDepth = 0;
let recorded: Tensor[] | null = null;

/** True unless inside `noGrad`. */
export function isGradEnabled(): boolean {
  return disabledDepth === 0;
}

/**
 * Runs `fn` without recording any graph: results do not require grad, and nothing is kept for backward.
 * @example
 * const logits = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  disabledDepth++;
  try {
    return fn();
  } finally {
    disabledDepth--;
  }
}

/** @internal The outputs of the ops run inside `recordingOps` so far, or null outside it. */
export function recordingOutputs(): Tensor[] | null {
  return recorded;
}

/**
 * @internal Runs `fn` (a step's forward and loss) with every op's output keeping its parents and op, so that
 * `RecordedStep.record` finds the ops on tensors that need no gradient too (an input normalised in the model);
 * returns `fn`'s result and those outputs, in the order the ops ran.
 */
export function recordingOps<T>(fn: () => T): [T, Tensor[]] {
  const outer = recorded;
  const outputs: Tensor[] = (recorded = []);
  try {
    return [fn(), outputs];
  } finally {
    recorded = outer;
  }
}
