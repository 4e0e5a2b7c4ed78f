// What the report and --importance add to a run: calibration and binary curves of the test set, column importance.
import { averagePrecision } from '../metrics/average-precision.js';
import { brierScore } from '../metrics/brier-score.js';
import { precisionRecallCurve } from '../metrics/precision-recall-curve.js';
import { expectedCalibrationError, reliabilityBins } from '../metrics/reliability.js';
import { rocAuc } from '../metrics/roc-auc.js';
import { rocCurve } from '../metrics/roc-curve.js';
import type { ReportCalibration } from '../report/calibration.js';
import type { ReportCurves } from '../report/binary-curves.js';
import { Tensor } from '../tensor/tensor.js';
import type { PermutationImportance } from '../train/permutation-importance.js';

/**
 * The reliability diagram's bins, the Brier score and the ECE: of the second class's probability for two classes,
 * of the top label's confidence for more.
 */
export function calibrationOf(y: Int32Array, probabilities: Tensor, classes: readonly string[]): ReportCalibration {
  const binary = probabilities.shape[1] === 2;
  const scored = binary ? secondColumn(probabilities) : probabilities;
  const bins = reliabilityBins(y, scored).filter((bin) => bin.count > 0);
  return {
    bins: bins.map(({ meanPredicted, fractionPositive, count }) => ({ meanPredicted, fractionPositive, count })),
    brier: brierScore(y, scored),
    ece: expectedCalibrationError(y, scored),
    of: binary ? `probability of "${classes[1]}"` : 'top-label confidence',
  };
}

/** ROC and precision-recall curves of the second class, for two classes both present in `y`; else null. */
export function binaryCurvesOf(y: Int32Array, probabilities: Tensor, classes: readonly string[]): ReportCurves | null {
  if (probabilities.shape[1] !== 2) return null;
  const positives = y.reduce((sum, c) => sum + c, 0);
  if (positives === 0 || positives === y.length) return null;
  const p = secondColumn(probabilities).data;
  const roc = rocCurve(y, p);
  const pr = precisionRecallCurve(y, p);
  return {
    positive: classes[1],
    roc: { fpr: roc.fpr, tpr: roc.tpr, auc: rocAuc(y, p) },
    pr: { recall: pr.recall, precision: pr.precision, averagePrecision: averagePrecision(y, p), prevalence: positives / y.length },
  };
}

/** Each column's importance as lines, largest first. */
export function formatImportance(importance: PermutationImportance, repeats: number, on: string): string[] {
  const sorted = [...importance.columns].sort((a, b) => b.mean - a.mean);
  const width = Math.max(...sorted.map((c) => c.name.length), 6);
  return [
    `importance: the drop of ${importance.scoring} when a column is shuffled (${repeats} repeats, on ${on}; ${importance.scoring} ${importance.baseline.toFixed(4)} unshuffled)`,
    ...sorted.map((c) => `  ${c.name.padEnd(width)}  ${c.mean >= 0 ? ' ' : ''}${c.mean.toFixed(4)} ± ${c.std.toFixed(4)}`),
    '',
  ];
}

function secondColumn(probabilities: Tensor): Tensor {
  const n = probabilities.shape[0];
  return new Tensor(Float64Array.from({ length: n }, (_, i) => probabilities.data[2 * i + 1]), [n]);
}
