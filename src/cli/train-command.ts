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
import { choiceFlag, hiddenFlag, intFlag, numberFlag, threadsFlag, UsageError } from './args.js';
import { evaluationJson, formatAccuracy, formatEvaluation } from './format.js';
import type { CliIO } from './io.js';
import { endProgress, progressCallbacks } from './progress.js';

/** The values `softgrad train` accepts, as parseArgs returns them. */
export interface TrainFlags {
  label?: string;
  test?: string;
  'test-size'?: string;
  hidden?: string;
  loss?: string;
  optimizer?: string;
  lr?: string;
  epochs?: string;
  'batch-size'?: string;
  'weight-decay'?: string;
  seed?: string;
  patience?: string;
  save?: string;
  report?: string;
  json?: boolean;
  quiet?: boolean;
  stream?: boolean;
  threads?: string;
}

export const trainOptions = {
  label: { type: 'string' },
  test: { type: 'string' },
  'test-size': { type: 'string' },
  hidden: { type: 'string' },
  loss: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'weight-decay': { type: 'string' },
  seed: { type: 'string' },
  patience: { type: 'string' },
  save: { type: 'string' },
  report: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  stream: { type: 'boolean' },
  threads: { type: 'string' },
} as const;

export async function trainCommand(file: string, flags: TrainFlags, io: CliIO): Promise<void> {
  const threads = threadsFlag(flags.threads);
  if (threads === undefined) return trainFromFile(file, flags, io);
  // The setting is process-wide: put it back afterwards, for callers that run commands in-process.
  const outer = swapNumThreads(threads);
  try {
    await trainFromFile(file, flags, io);
  } finally {
    swapNumThreads(outer);
  }
}

async function trainFromFile(file: string, flags: TrainFlags, io: CliIO): Promise<void> {
  // Check every flag before reading any data, so a typo fails at once.
  if (flags.test !== undefined && flags['test-size'] !== undefined) throw new UsageError('give --test or --test-size, not both');
  const testSize = numberFlag('test-size', flags['test-size'], (n) => n > 0 && n < 1, 'a fraction between 0 and 1') ?? 0.25;
  const patience = intFlag('patience', flags.patience, 0);
  const seed = intFlag('seed', flags.seed, 0) ?? 0;
  const options: ClassifierOptions = {
    hidden: hiddenFlag(flags.hidden),
    loss: choiceFlag('loss', flags.loss, ['ce', 'bce'] as const),
    optimizer: choiceFlag('optimizer', flags.optimizer, ['sgd', 'adam', 'adamw'] as const),
    lr: numberFlag('lr', flags.lr, (n) => n > 0, 'a number > 0'),
    epochs: intFlag('epochs', flags.epochs, 1, 10_000_000),
    batchSize: intFlag('batch-size', flags['batch-size'], 1),
    weightDecay: flags['weight-decay'] === 'auto' ? 'auto' : numberFlag('weight-decay', flags['weight-decay'], (n) => n >= 0, "'auto' or a number >= 0"),
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


