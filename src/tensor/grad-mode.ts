// Ops record nothing in noGrad, those that require grad by default, all in recordingOps; counters let calls nest.
let disabledDepth = 0;
let recordingDepth = 0;

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

/** @internal Whether every op's output keeps its parents and op, even with no parent that requires grad. */
export function isRecordingOps(): boolean {
  return recordingDepth > 0;
}

/**
 * @internal Runs `fn` (a step's forward and loss) with every op's output keeping its parents and op, so that
 * `RecordedStep.record` finds the ops on tensors that need no gradient too (an input normalised in the model).
 */
export function recordingOps<T>(fn: () => T): T {
  recordingDepth++;
  try {
    return fn();
  } finally {
    recordingDepth--;
  }
}
