// `softgrad train`: read, split, train with progress, evaluate, save, report.
import { numRows, type Dataset } from '../data/dataset.js';
import { readCsv } from '../data/csv.js';
import { canStratify, trainTestSplit } from '../data/split.js';
import { streamCsv } from '../data/stream-csv.js';
import { mapFeatures } from '../data/stream-dataset.js';
import { renderReport, type ReportSetting } from '../report/index.js';
import { writeFileAtomic } from '../train/atomic-write.js';
import { swapNumThreads } from '../tensor/kernels/threads.js';
import { Classifier, type ClassifierOptions } from '../train/classifier.js';
import { evaluateStreamLoss } from '../train/fit.js';
import { checkOutputs } from './outputs.js';
import { choice, layerSizes, number, orAuto, UsageError, wholeNumber } from './args.js';
import { command, type FlagValues } from './command.js';
import { evaluationJson, formatAccuracy, formatEvaluation } from './format.js';
import type { CliIO } from './io.js';
import { endProgress, progressCallbacks } from './progress.js';

const TEST_SIZE = 0.25;

const trainFlags = {
  label: { value: '<column>', help: 'label column name', default: 'the last column' },
  test: { value: '<test.csv>', help: 'evaluate on this file, or' },
  'test-size': { value: '<0..1>', parse: number('a fraction between 0 and 1', (n) => n > 0 && n < 1), help: 'hold out this fraction of the file, stratified', default: String(TEST_SIZE) },
  hidden: { value: '<32,16>', parse: layerSizes, help: 'hidden layer sizes', default: 'none, i.e. softmax/logistic regression' },
  loss: { value: 'ce|bce', parse: choice(['ce', 'bce'] as const), help: 'softmax cross-entropy, or sigmoid BCE for two classes', default: 'ce' },
  optimizer: { value: 'sgd|adam|adamw', parse: choice(['sgd', 'adam', 'adamw'] as const), help: 'the optimizer', default: 'adam' },
  lr: { value: '<number>', parse: number('a number > 0', (n) => n > 0), help: 'learning rate', default: '0.03' },
  epochs: { value: '<n>', parse: wholeNumber(1, 10_000_000), help: 'most epochs; early stopping usually ends sooner', default: '500' },
  'batch-size': { value: '<n>', parse: wholeNumber(1), help: 'rows per training step', default: '32' },
  'weight-decay': { value: '<n>', parse: orAuto(number('a number >= 0', (n) => n >= 0)), help: "L2 penalty on the weights, or auto: 1/rows, as scikit-learn's C=1", default: 'auto' },
  seed: { value: '<n>', parse: wholeNumber(0), help: 'seeds weights, splits and batch order', default: '0' },
  patience: { value: '<n>', parse: wholeNumber(0), help: 'early-stopping patience in epochs on a 15% validation slice; 0 turns early stopping off', default: '30' },
  save: { value: '<model.json>', help: 'write the trained model' },
  report: { value: '<report.html>', help: 'write an HTML report with curves and a confusion matrix' },
  json: { help: 'print one JSON object with the results on stdout' },
  quiet: { help: 'no progress output' },
  threads: { value: '<n|auto>', parse: orAuto(wholeNumber(1, 1024)), help: 'threads for large matrix products; auto is the cores, up to 4; same results for any n', default: 'SOFTGRAD_THREADS, else auto' },
  stream: {
    help: 'train from the file in chunks, never loading it (for files larger than memory): one pass checks it and measures the scaling, then each epoch ' +
      'streams through a 10000-row seeded shuffle buffer; early stopping holds out rows by a seeded hash. Test with --test <test.csv>, or give no test to report training metrics only',
  },
};

export type TrainFlags = FlagValues<typeof trainFlags>;

export const trainCommand = command({
  positionals: ['<file.csv>'],
  summary: 'train, evaluate on a test set, optionally save',
  flags: trainFlags,
  run: ([file], flags, io) => train(file, flags, io),
});

export async function train(file: string, flags: TrainFlags, io: CliIO): Promise<void> {
  // The setting is process-wide: put it back afterwards, for callers that run commands in-process.
  const outer = flags.threads === undefined ? undefined : swapNumThreads(flags.threads);
  try {
    await trainFromFile(file, flags, io);
  } finally {
    if (flags.threads !== undefined) swapNumThreads(outer);
  }
}

async function trainFromFile(file: string, flags: TrainFlags, io: CliIO): Promise<void> {
  // Check every flag before reading any data, so a typo fails at once.
  if (flags.test !== undefined && flags['test-size'] !== undefined) throw new UsageError('give --test or --test-size, not both');
  const testSize = flags['test-size'] ?? TEST_SIZE;
  const { patience, seed = 0 } = flags;
  const options: ClassifierOptions = {
    hidden: flags.hidden,
    loss: flags.loss,
    optimizer: flags.optimizer,
    lr: flags.lr,
    epochs: flags.epochs,
    batchSize: flags['batch-size'],
    weightDecay: flags['weight-decay'],
    seed,
    patience: patience === 0 ? undefined : patience,
    validationSplit: patience === 0 ? 0 : undefined,
  };
  checkOutputs([['--save', flags.save], ['--report', flags.report]], [file, ...(flags.test === undefined ? [] : [flags.test])]);
  if (flags.stream) {
    if (flags['test-size'] !== undefined) {
      throw new UsageError('--test-size cannot be used with --stream (a stratified hold-out needs the file in memory); give --test <test.csv>, or no test for training metrics only');
    }
    return trainStreamed(file, flags, options, io);
  }

  const started = performance.now();
  const data = await readCsv(file, { label: flags.label });
  for (const w of data.warnings ?? []) io.stderr(`warning: ${w}\n`);
  let train: Dataset;
  let test: Dataset;
  if (flags.test !== undefined) {
    train = data;
    test = await readCsv(flags.test, { label: data.labelName, features: data.featureNames, classes: data.classes });
  } else {
    ({ train, test } = trainTestSplit(data, { testSize, seed, stratify: canStratify(data, testSize) }));
  }

  const clf = new Classifier({ ...options, callbacks: flags.quiet || flags.json ? undefined : progressCallbacks(io, options.epochs ?? 500) });
  const history = await clf.fit(train);
  endProgress(io);
  const seconds = (performance.now() - started) / 1000;
  const trainEval = clf.evaluate(train);
  const testEval = clf.evaluate(test);

  if (flags.save !== undefined) clf.save(flags.save);
  if (flags.report !== undefined) {
    writeFileAtomic(
      flags.report,
      renderReport({
        title: `softgrad: ${file}`,
        settings: [
          ['training file', file],
          ['test', flags.test ?? `${testSize} of the file, stratified`],
          ['label', data.labelName],
          ['rows (train / test)', `${numRows(train)} / ${numRows(test)}`],
          ['features', data.featureNames.join(', ')],
          ...modelSettings(clf, `on a ${clf.settings.validationSplit} validation slice`),
        ],
        history: history.epochs,
        bestEpoch: history.bestEpoch,
        stopReason: history.stopReason,
        classes: clf.classes,
        test: testEval,
        train: { loss: trainEval.loss, accuracy: trainEval.accuracy },
        seconds,
        generatedAt: new Date().toISOString(),
      }),
    );
  }

  if (flags.json) {
    io.stdout(
      JSON.stringify({
        classes: clf.classes,
        epochs: history.epochs.length,
        bestEpoch: history.bestEpoch,
        train: { loss: trainEval.loss, accuracy: trainEval.accuracy },
        test: evaluationJson(testEval),
        seconds,
      }) + '\n',
    );
    return;
  }
  const stopped = history.stopReason === 'earlyStopping' ? `, stopped early; weights of epoch ${history.bestEpoch} kept` : '';
  io.stdout(
    [
      `trained on ${numRows(train)} rows of ${file} (${data.featureNames.length} features, classes ${clf.classes.join(', ')})`,
      `${history.epochs.length} epochs in ${seconds.toFixed(2)} s${stopped}`,
      `train loss ${trainEval.loss.toFixed(4)}  accuracy ${formatAccuracy(trainEval.accuracy, numRows(train))}`,
      ...formatEvaluation('test  ', testEval, clf.classes),
    ].join('\n'),
  );
  if (flags.save !== undefined) io.stdout(`model saved to ${flags.save}\n`);
  if (flags.report !== undefined) io.stdout(`report written to ${flags.report}\n`);
}

/**
 * `softgrad train --stream`: trains from the file without loading it (streamCsv: one checking pass that also
 * measures the scaler's statistics, then each epoch through a shuffle buffer). The test set is `--test`, read
 * into memory, or none: then the training loss and accuracy of the final model, from one more streaming pass,
 * are all that is reported.
 */
async function trainStreamed(file: string, flags: TrainFlags, options: ClassifierOptions, io: CliIO): Promise<void> {
  const started = performance.now();
  const data = await streamCsv(file, { label: flags.label });
  for (const w of data.warnings) io.stderr(`warning: ${w}\n`);
  const test = flags.test === undefined ? null : await readCsv(flags.test, { label: data.labelName, features: data.featureNames, classes: data.classes });

  const clf = new Classifier({ ...options, callbacks: flags.quiet || flags.json ? undefined : progressCallbacks(io, options.epochs ?? 500) });
  const history = await clf.fit(data);
  endProgress(io);
  const scaler = clf.scaler;
  const seconds = (performance.now() - started) / 1000;
  const trainEval = await evaluateStreamLoss(clf.model!, scaler ? mapFeatures(data, (x) => scaler.transform(x)) : data, clf.settings.loss);
  const testEval = test === null ? null : clf.evaluate(test);

  if (flags.save !== undefined) clf.save(flags.save);
  if (flags.report !== undefined) {
    const settings: ReportSetting[] = [
      ['training file', `${file} (streamed)`],
      ['test', flags.test ?? 'none (training metrics only)'],
      ['label', data.labelName],
      ['rows (train / test)', `${data.rows} / ${test === null ? 0 : numRows(test)}`],
      ['features', data.featureNames.join(', ')],
      ...modelSettings(clf, `on about ${clf.settings.validationSplit} of the rows (held out by a seeded hash)`),
    ];
    writeFileAtomic(
      flags.report,
      renderReport({
        title: `softgrad: ${file}`,
        settings,
        history: history.epochs,
        bestEpoch: history.bestEpoch,
        stopReason: history.stopReason,
        classes: clf.classes,
        test: testEval ?? undefined,
        train: trainEval,
        seconds,
        generatedAt: new Date().toISOString(),
      }),
    );
  }

  if (flags.json) {
    io.stdout(JSON.stringify({ classes: clf.classes, epochs: history.epochs.length, bestEpoch: history.bestEpoch, train: trainEval, test: testEval && evaluationJson(testEval), seconds }) + '\n');
    return;
  }
  const stopped = history.stopReason === 'earlyStopping' ? `, stopped early; weights of epoch ${history.bestEpoch} kept` : '';
  const lines = [
    `trained on ${data.rows} rows of ${file}, streamed (${data.featureNames.length} features, classes ${clf.classes.join(', ')})`,
    `${history.epochs.length} epochs in ${seconds.toFixed(2)} s${stopped}`,
    `train loss ${trainEval.loss.toFixed(4)}  accuracy ${formatAccuracy(trainEval.accuracy, data.rows)}`,
  ];
  if (testEval === null) lines.push('no test set (give --test <test.csv> to evaluate on one)', '');
  else lines.push(...formatEvaluation('test  ', testEval, clf.classes));
  io.stdout(lines.join('\n'));
  if (flags.save !== undefined) io.stdout(`model saved to ${flags.save}\n`);
  if (flags.report !== undefined) io.stdout(`report written to ${flags.report}\n`);
}

/** The report's rows for the model and training settings; `validation` says where early stopping's rows come from. */
function modelSettings(clf: Classifier, validation: string): ReportSetting[] {
  const s = clf.settings;
  return [
    ['hidden layers', s.hidden.length ? s.hidden.join(', ') : 'none (linear model)'],
    ['loss', s.loss],
    ['optimizer', s.optimizer],
    ['learning rate', s.lr],
    ['weight decay', s.weightDecay === 'auto' ? `auto (1/N = ${clf.effectiveWeightDecay.toPrecision(3)})` : s.weightDecay],
    ['batch size', s.batchSize],
    ['epoch budget', s.epochs],
    ['early stopping', s.validationSplit > 0 ? `patience ${s.patience} ${validation}` : 'off'],
    ['standardise', s.standardize],
    ['seed', s.seed],
  ];
}


