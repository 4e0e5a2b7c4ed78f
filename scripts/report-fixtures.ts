// Made-up but plausible training runs for the report's tests: smooth curves, a confusion matrix and its scores.
import type { EpochLogs } from '../src/train/fit.js';
import type { ReportInput, ReportTestMetrics, TuneReportInput } from '../src/report/index.js';

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

/** A small seeded generator (mulberry32), so every fixture is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A made-up two-class test set: labels and a somewhat overconfident model's probabilities of the positive class. */
export function sampleScores(rows = 240, seed = 7): { labels: number[]; scores: number[] } {
  const next = random(seed);
  const labels: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < rows; i++) {
    const label = next() < 0.4 ? 1 : 0;
    const logit = (label === 1 ? 1.5 : -1.5) + 2.6 * (next() + next() + next() - 1.5);
    labels.push(label);
    scores.push(1 / (1 + Math.exp(-1.25 * logit)));
  }
  return { labels, scores };
}

/** ROC and precision-recall curves of `sampleScores`, built as scikit-learn's roc_curve and precision_recall_curve. */
export function sampleCurves(positive = 'Chinstrap'): NonNullable<ReportInput['curves']> {
  const { labels, scores } = sampleScores();
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  const fpr = [0];
  const tpr = [0];
  const precision: number[] = [];
  const recall: number[] = [];
  let [tp, fp] = [0, 0];
  order.forEach((i, k) => {
    if (labels[i] === 1) tp++;
    else fp++;
    if (k + 1 < order.length && scores[order[k + 1]] === scores[i]) return;
    fpr.push(fp / negatives);
    tpr.push(tp / positives);
    precision.push(tp / (tp + fp));
    recall.push(tp / positives);
  });
  let auc = 0;
  for (let k = 1; k < fpr.length; k++) auc += ((fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1])) / 2;
  // scikit-learn's order: recall falling to 0, where precision is 1.
  precision.reverse().push(1);
  recall.reverse().push(0);
  let averagePrecision = 0;
  for (let k = 0; k + 1 < recall.length; k++) averagePrecision += (recall[k] - recall[k + 1]) * precision[k];
  return { positive, roc: { fpr, tpr, auc }, pr: { recall, precision, averagePrecision, prevalence: positives / labels.length } };
}

/** Ten equal-width bins of `sampleScores`, their Brier score and ECE. */
export function sampleCalibration(of = 'probability of "Chinstrap"'): NonNullable<ReportInput['calibration']> {
  const { labels, scores } = sampleScores();
  const bins = Array.from({ length: 10 }, () => ({ sum: 0, positive: 0, count: 0 }));
  scores.forEach((p, i) => {
    const bin = bins[Math.min(9, Math.floor(p * 10))];
    bin.sum += p;
    bin.positive += labels[i];
    bin.count++;
  });
  const filled = bins.filter((b) => b.count > 0).map((b) => ({ meanPredicted: b.sum / b.count, fractionPositive: b.positive / b.count, count: b.count }));
  const brier = scores.reduce((sum, p, i) => sum + (p - labels[i]) ** 2, 0) / scores.length;
  const ece = filled.reduce((sum, b) => sum + (b.count / scores.length) * Math.abs(b.fractionPositive - b.meanPredicted), 0);
  return { bins: filled, brier, ece, of };
}

/** Permutation importance of the penguins' columns, one of them of no use. */
export function sampleImportance(): NonNullable<ReportInput['importance']> {
  return {
    metric: 'accuracy',
    repeats: 10,
    columns: [
      { name: 'island', mean: 0.041, std: 0.012 },
      { name: 'bill_length_mm', mean: 0.262, std: 0.031 },
      { name: 'bill_depth_mm', mean: 0.118, std: 0.022 },
      { name: 'flipper_length_mm', mean: 0.087, std: 0.019 },
      { name: 'body_mass_g', mean: 0.006, std: 0.008 },
      { name: 'sex', mean: -0.004, std: 0.006 },
      { name: 'year', mean: 0, std: 0 },
    ],
  };
}

/** A softmax regression's standardised weights over the penguins' features, one-hot columns named `column=value`. */
export function sampleCoefficients(): NonNullable<ReportInput['coefficients']> {
  const features = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'island=Biscoe', 'island=Dream', 'island=Torgersen', 'sex=female', 'sex=male', 'year'];
  const values = [
    [-3.12, 1.41, -0.62, 0.08, -0.35, -0.21, 0.56, 0.11, -0.11, 0.02],
    [2.71, 0.34, -0.18, -0.94, -0.77, 1.18, -0.41, 0.27, -0.27, -0.03],
    [0.41, -1.75, 0.8, 0.86, 1.12, -0.97, -0.15, -0.38, 0.38, 0.01],
  ];
  return { classes: ['Adelie', 'Chinstrap', 'Gentoo'], features, values };
}

/** A random search of `trials` trials over five settings, ranked by accuracy; weight decay is 0 in some. */
export function sampleTune(trials = 24): TuneReportInput {
  const next = random(11);
  const hiddens = [[], [16], [32], [64, 32]];
  const rows = Array.from({ length: trials }, () => {
    const lr = 10 ** (-4 + 3 * next());
    const weightDecay = next() < 0.3 ? 0 : 10 ** (-6 + 4 * next());
    const hidden = hiddens[Math.floor(next() * hiddens.length)];
    const batchSize = [16, 32, 64, 128][Math.floor(next() * 4)];
    const optimizer = next() < 0.5 ? 'adam' : 'sgd';
    const accuracy = Math.min(0.995, 0.97 - 0.09 * Math.abs(Math.log10(lr) + 2) ** 2 + (optimizer === 'adam' ? 0.01 : -0.01) + 0.02 * (next() - 0.5));
    const std = 0.008 + 0.02 * next();
    return {
      params: { lr, weightDecay, hidden, batchSize, optimizer },
      cv: {
        mean: { accuracy, balancedAccuracy: accuracy - 0.01, macroF1: accuracy - 0.012, logLoss: 0.08 + (1 - accuracy) * 2 },
        std: { accuracy: std, balancedAccuracy: std * 1.1, macroF1: std * 1.2, logLoss: std * 3 },
      },
    };
  });
  const best = rows.reduce((b, row, i) => (row.cv.mean.accuracy > rows[b].cv.mean.accuracy ? i : b), 0);
  return {
    title: 'softgrad tune: penguins.csv',
    metric: 'accuracy',
    params: ['lr', 'weightDecay', 'hidden', 'batchSize', 'optimizer'],
    trials: rows,
    best,
    test: { accuracy: 0.9767, balancedAccuracy: 0.9712, macroF1: 0.9731, logLoss: 0.0842 },
    settings: [['file', 'penguins.csv'], ['label', 'species'], ['search', 'random'], ['trials', trials], ['folds', 5], ['seed', 0]],
    seconds: 48.3,
    generatedAt: '2025-01-02 03:04 UTC',
  };
}

/** `sampleRun` with every optional section: calibration, ROC and precision-recall, importance and coefficients. */
export function sampleFullRun(): ReportInput {
  return {
    ...sampleRun({ classes: ['Adelie', 'Chinstrap', 'Gentoo'] }),
    title: 'softgrad: penguins.csv',
    calibration: sampleCalibration('top-label confidence'),
    importance: sampleImportance(),
    coefficients: sampleCoefficients(),
  };
}
