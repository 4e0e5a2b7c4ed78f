// The four training workloads (W1-W4), as data every system reads the same way.

export type WorkloadName = 'W1' | 'W2' | 'W3' | 'W4';

export interface Workload {
  name: WorkloadName;
  title: string;
  /** Rows, features, classes of the synthetic data. */
  n: number;
  d: number;
  classes: number;
  /** Hidden layer widths (ReLU after each); empty for a linear model. */
  hidden: number[];
  /** `'ce'`: softmax cross-entropy over `classes` logits; `'bce'`: one logit, sigmoid binary cross-entropy. */
  loss: 'ce' | 'bce';
  optimizer: 'sgd' | 'adam';
  lr: number;
  batchSize: number;
  epochs: number;
}

export const workloads: Record<WorkloadName, Workload> = {
  W1: { name: 'W1', title: 'iris-like softmax regression', n: 150, d: 4, classes: 3, hidden: [], loss: 'ce', optimizer: 'adam', lr: 0.05, batchSize: 16, epochs: 100 },
  W2: { name: 'W2', title: 'MNIST-shaped softmax regression', n: 60000, d: 784, classes: 10, hidden: [], loss: 'ce', optimizer: 'sgd', lr: 0.1, batchSize: 128, epochs: 1 },
  W3: { name: 'W3', title: 'MLP 784-128-10', n: 60000, d: 784, classes: 10, hidden: [128], loss: 'ce', optimizer: 'adam', lr: 1e-3, batchSize: 128, epochs: 1 },
  W4: { name: 'W4', title: 'binary logistic regression', n: 100000, d: 100, classes: 2, hidden: [], loss: 'bce', optimizer: 'sgd', lr: 0.1, batchSize: 256, epochs: 1 },
};

/** Layer widths from input to output, e.g. [784, 128, 10]. */
export function layerSizes(w: Workload): number[] {
  return [w.d, ...w.hidden, w.loss === 'bce' ? 1 : w.classes];
}

/**
 * Floating-point operations one training run needs, counting a multiply-add as 2: per sample, the
 * forward product (2 per weight), the weight gradient (2 per weight) and the input gradient of every
 * layer but the first (2 per weight; no one needs the gradient of the data). Biases, activations, the
 * loss and the optimizer are left out: they are O(outputs), not O(weights).
 */
export function trainingFlops(w: Workload): number {
  const sizes = layerSizes(w);
  let perSample = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const weights = sizes[l] * sizes[l + 1];
    perSample += (l === 0 ? 4 : 6) * weights;
  }
  return perSample * w.n * w.epochs;
}
