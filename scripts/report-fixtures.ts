// Made-up but plausible training runs for the report's tests: smooth curves, a confusion matrix and its scores.
import type { EpochLogs } from '../src/train/fit.js';
import type { ReportInput, ReportTestMetrics } from '../src/report/index.js';

export interface SampleRunOptions {
  classes?: string[];
  epochs?: number;
  validation?: boolean;
  /** Rows: true class; default: each class right 12 times, one row of class 2 mistaken for class 1. */
  confusionMatrix?: number[][];
}

/** Loss falling from about 1.1 to 0.1 and accuracy rising towards 0.97, per epoch, with or without validation. */
export function sampleHistory(epochs: number, validation = true): EpochLogs[] {
  return Array.from({ length: epochs }, (_, i) => {
    const progress = 1 - Math.exp(-(i + 1) / Math.max(1, epochs / 6));
    const logs: EpochLogs = { epoch: i + 1, loss: 1.1 - progress, accuracy: 0.33 + 0.64 * progress, lr: 0.01 };
    if (validation) Object.assign(logs, { valLoss: 1.15 - 0.95 * progress, valAccuracy: 0.3 + 0.6 * progress });
    return logs;
  });
}

/** Precision, recall, F1 and support from a confusion matrix (rows true), with 0 for an empty denominator. */
export function scoresOf(matrix: number[][]): ReportTestMetrics {
  const n = matrix.length;
  const support = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = matrix[0].map((_, p) => matrix.reduce((sum, row) => sum + row[p], 0));
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const precision = matrix.map((row, k) => ratio(row[k], predicted[k]));
  const recall = matrix.map((row, k) => ratio(row[k], support[k]));
  const f1 = precision.map((p, k) => ratio(2 * p * recall[k], p + recall[k]));
  const total = support.reduce((a, b) => a + b, 0);
  return {
    loss: 0.0825,
    accuracy: matrix.reduce((sum, row, k) => sum + row[k], 0) / total,
    macroF1: f1.reduce((a, b) => a + b, 0) / n,
    confusionMatrix: matrix,
    precision,
    recall,
    f1,
    support,
  };
}

/** A whole report input for a run over `classes`. */
export function sampleRun(options: SampleRunOptions = {}): ReportInput {
  const classes = options.classes ?? ['setosa', 'versicolor', 'virginica'];
  const matrix = options.confusionMatrix ?? classes.map((_, t) => classes.map((_, p) => (t === p ? (t === 2 ? 11 : 12) : t === 2 && p === 1 ? 1 : 0)));
  const history = sampleHistory(options.epochs ?? 120, options.validation ?? true);
  return {
    title: 'softgrad: iris.csv',
    settings: [['file', 'iris.csv'], ['label', 'species'], ['hidden', 'none'], ['optimizer', 'adam'], ['lr', 0.01], ['epochs', 500], ['batch size', 32], ['standardize', true], ['seed', 0]],
    history,
    bestEpoch: Math.max(1, history.length - 30),
    stopReason: 'earlyStopping',
    classes,
    test: scoresOf(matrix),
    train: { loss: 0.093, accuracy: 0.955 },
    seconds: 0.42,
    generatedAt: '2025-01-02 03:04 UTC',
  };
}
