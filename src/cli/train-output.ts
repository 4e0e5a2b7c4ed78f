// What a training run shows: its results on stdout (one JSON object, or text lines) and the HTML report.
import { renderReport } from '../report/index.js';
import { describeEncoding } from './column-summary.js';
import type { Classifier } from '../train/classifier.js';
import type { History } from '../train/fit.js';
import type { Evaluation } from '../train/evaluate.js';
import { evaluationJson, formatAccuracy, formatEvaluation } from './format.js';
import type { CliIO } from './io.js';
import type { ReportCalibration } from '../report/calibration.js';
import type { ReportCurves } from '../report/binary-curves.js';
import { linearCoefficients } from '../train/coefficients.js';
import type { PermutationImportance } from '../train/permutation-importance.js';
import { formatImportance } from './test-insights.js';

export interface TrainRun {
  file: string;
  source: { streamed: boolean; validation(split: number): string };
  clf: Classifier;
  history: History;
  train: { loss: number; accuracy: number; rows: number };
  test: Evaluation | null;
  /** The report's words for the test set. */
  testDescribed: string;
  /** The test set was given but could not be scored (the error is reported after the results). */
  testFailed?: boolean;
  seconds: number;
  /** For the report: the test set's calibration, and for two classes its ROC and precision-recall curves. */
  calibration?: ReportCalibration;
  curves?: ReportCurves;
  /** With --importance: each column's, the repeats, and which rows it was measured on. */
  importance?: PermutationImportance & { repeats: number; on: string };
}

/** Prints the results: `--json`'s object (its `test` null without a test set), or the summary and test metrics. */
export function printResults(run: TrainRun, flags: { json?: boolean; save?: string; report?: string }, io: CliIO): void {
  const { clf, history, train, test } = run;
  const coefficients = linearCoefficients(clf);
  if (flags.json) {
    const results = {
      classes: clf.classes,
      ...(clf.encoder ? { columns: clf.encoder.columns } : {}),
      epochs: history.epochs.length,
      bestEpoch: history.bestEpoch,
      train: { loss: train.loss, accuracy: train.accuracy },
      test: test && evaluationJson(test),
      ...(run.importance ? { importance: importanceJson(run.importance) } : {}),
      ...(coefficients ? { coefficients } : {}),
      seconds: run.seconds,
    };
    io.stdout(JSON.stringify(results) + '\n');
    return;
  }
  const stopped = history.stopReason === 'earlyStopping' ? `, stopped early; weights of epoch ${history.bestEpoch} kept` : '';
  const lines = [
    `trained on ${train.rows} rows of ${run.file}${run.source.streamed ? ', streamed' : ''} (${clf.featureNames.length} features, classes ${clf.classes.join(', ')})`,
    `${history.epochs.length} epochs in ${run.seconds.toFixed(2)} s${stopped}`,
    `train loss ${train.loss.toFixed(4)}  accuracy ${formatAccuracy(train.accuracy, train.rows)}`,
    ...(test !== null ? formatEvaluation('test  ', test, clf.classes)
      : run.testFailed ? [`test set ${run.testDescribed} not scored: see the error below`, '']
      : ['no test set (give --test <test.csv> to evaluate on one)', '']),
  ];
  if (run.importance) lines.push(...formatImportance(run.importance, run.importance.repeats, run.importance.on));
  io.stdout(lines.join('\n'));
  if (flags.save !== undefined) io.stdout(`model saved to ${flags.save}\n`);
  if (flags.report !== undefined) io.stdout(`report written to ${flags.report}\n`);
}

/** The HTML report: the run's data and settings, its curves and (with a test set) the test metrics. */
export function renderRunReport(run: TrainRun): string {
  const { clf, history } = run;
  const s = clf.settings;
  return renderReport({
    title: `softgrad: ${run.file}`,
    settings: [
      ['training file', run.source.streamed ? `${run.file} (streamed)` : run.file],
      ['test', run.testDescribed],
      ['label', clf.labelName],
      ['rows (train / test)', `${run.train.rows} / ${run.test?.predictions.length ?? 0}`],
      ['features', clf.featureNames.join(', ')],
      ['hidden layers', s.hidden.length ? s.hidden.join(', ') : 'none (linear model)'],
      ['loss', s.loss],
      ['optimizer', s.optimizer],
      ['learning rate', s.lr],
      ['weight decay', s.weightDecay === 'auto' ? `auto (1/N = ${clf.effectiveWeightDecay.toPrecision(3)})` : s.weightDecay],
      ['batch size', s.batchSize],
      ['epoch budget', s.epochs],
      ['early stopping', s.validationSplit > 0 ? `patience ${s.patience} ${run.source.validation(s.validationSplit)}` : 'off'],
      ['class weight', s.classWeight === undefined ? 'none' : String(s.classWeight)],
      ['standardise', s.standardize],
      ['seed', s.seed],
    ],
    history: history.epochs,
    bestEpoch: history.bestEpoch,
    stopReason: history.stopReason,
    classes: clf.classes,
    columns: clf.encoder?.columns.map((e) => [e.name, e.kind, describeEncoding(e)] as const),
    test: run.test ?? undefined,
    calibration: run.calibration,
    curves: run.curves,
    importance: run.importance && { metric: run.importance.scoring, repeats: run.importance.repeats, columns: run.importance.columns },
    coefficients: linearCoefficients(clf) ?? undefined,
    train: run.train,
    seconds: run.seconds,
    generatedAt: new Date().toISOString(),
  });
}

/** The importance as --json gives it: the score, its value unshuffled, and each column's mean and std drop. */
function importanceJson(importance: PermutationImportance & { repeats: number; on: string }) {
  const { scoring, baseline, repeats, columns } = importance;
  return { scoring, baseline, repeats, columns: columns.map(({ name, mean, std }) => ({ name, mean, std })) };
}
