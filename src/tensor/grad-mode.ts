// Whether ops record the graph. A counter, not a flag, so nested noGrad calls restore correctly.
let disabledDepth = 0;

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
