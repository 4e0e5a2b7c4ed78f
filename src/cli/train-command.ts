// `softgrad train`: read (in memory or streamed), choose the test set, train with progress, measure, save, report.
import { isLabelledTable, type LabelledTable } from '../data/table/table.js';
import { isTableStream } from '../data/table/stream-table.js';
import { TableEncoder, type TableEncoderOptions } from '../data/table/table-encoder.js';
import { writeFileAtomic } from '../train/atomic-write.js';
import { Classifier } from '../train/classifier.js';
import { number, UsageError } from './args.js';
import { threadsFlag, withThreadSetting } from './threads-flag.js';
import { classifierOptions, columnFlags, columnOptions, delimiterFlag, modelFlags } from './model-flags.js';
import { command, type FlagValues } from './command.js';
import type { CliIO } from './io.js';
import { checkOutputs } from './outputs.js';
import { endProgress, progressCallbacks } from './progress.js';
import { columnSummary, missingCellsOf } from './column-summary.js';
import { printResults, renderRunReport, type TrainRun } from './train-output.js';
import { binaryCurvesOf, calibrationOf } from './test-insights.js';
import { permutationImportance } from '../train/permutation-importance.js';
import type { StreamingDataset } from '../data/stream-dataset.js';
import { inMemory, readTestSet, streamed, type InMemory, type Source, type Split } from './train-sources.js';

const TEST_SIZE = 0.25;
const IMPORTANCE_REPEATS = 5;

const trainFlags = {
  label: { value: '<column>', help: 'label column name', default: 'the last column' },
  test: { value: '<test.csv>', help: 'evaluate on this file, or' },
  'test-size': { value: '<0..1>', parse: number('a fraction between 0 and 1', (n) => n > 0 && n < 1), help: 'hold out this fraction of the file, stratified', default: String(TEST_SIZE) },
  ...modelFlags,
  save: { value: '<model.json>', help: 'write the trained model' },
  report: { value: '<report.html>', help: 'write an HTML report with curves and a confusion matrix' },
  json: { help: 'print one JSON object with the results on stdout' },
  importance: { help: 'permutation importance of each column: the drop of accuracy when it is shuffled (5 seeded repeats), on the test set' },
  quiet: { help: 'no progress output' },
  ...columnFlags,
  ...delimiterFlag,
  ...threadsFlag,
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
  await withThreadSetting(flags.threads, () => (flags.stream ? trainOn(streamed, file, flags, io) : trainOn(inMemory, file, flags, io)));
}

/**
 * The file's rows split into training and test rows, read as a table when `columns` are declared; the whole
 * file is not held once split (it is the memory peak).
 */
async function readSplit<D extends InMemory | StreamingDataset>(source: Source<D>, file: string, flags: TrainFlags, seed: number, columns: TableEncoderOptions | undefined, io: CliIO): Promise<Split<D>> {
  const data: D = await source.read(file, flags.label, columns, flags.delimiter);
  for (const w of data.warnings ?? []) io.stderr(`warning: ${w}\n`);
  if (flags.test === undefined) return source.holdOut(data, flags['test-size'] ?? TEST_SIZE, seed);
  return { train: data, test: await readTestSet(flags.test, data, flags['missing-values'], flags.delimiter), testDescribed: flags.test };
}

async function trainOn<D extends InMemory | StreamingDataset>(source: Source<D>, file: string, flags: TrainFlags, io: CliIO): Promise<void> {
  // Check everything before reading any data, so a mistake fails at once.
  if (flags.test !== undefined && flags['test-size'] !== undefined) throw new UsageError('give --test or --test-size, not both');
  if (flags['test-size'] !== undefined && source.refusesTestSize) throw new UsageError(`--test-size ${source.refusesTestSize}`);
  if (flags.importance && source.streamed && flags.test === undefined) throw new UsageError('--importance with --stream needs a test set in memory: give --test <test.csv>');
  const columns = columnOptions(flags);
  checkOutputs([['--save', flags.save], ['--report', flags.report]], [file, ...(flags.test === undefined ? [] : [flags.test])]);
  // The settings have the library's defaults filled in: the progress bar needs the epoch budget, the split the seed.
  const settings = new Classifier({ ...classifierOptions(flags), columns }).settings;

  const started = performance.now();
  const { train, test, testDescribed } = await readSplit(source, file, flags, settings.seed, columns, io);
  // The columns' kinds, before the work: a column typed wrongly is seen at once (the classifier fits the same plan),
  // and so is a test cell the plan cannot read (a word among numbers), not after the training.
  const plan = isLabelledTable(train) ? new TableEncoder(columns).fit(train.table) : isTableStream(train) ? train.encoder : null;
  if (plan !== null) {
    const missingCells = isTableStream(train) ? (name: string) => train.missingCells.get(name) ?? 0 : missingCellsOf(plan, (train as LabelledTable).table);
    if (!flags.json) io.stdout(columnSummary(plan, file, missingCells));
    if (test !== null && isLabelledTable(test)) plan.transform(test.table);
  }
  const clf = new Classifier({ ...settings, callbacks: flags.quiet || flags.json ? undefined : progressCallbacks(io, settings.epochs) });
  const history = await clf.fit(train);
  endProgress(io);
  const seconds = (performance.now() - started) / 1000;
  const run: TrainRun = { file, source, clf, history, seconds, testDescribed, train: await source.measure(clf, train), test: null };
  // The training is done: a test row that cannot be scored, or an output that cannot be written, must not cost
  // the other outputs or the results, which are printed naming only what was written; the first error follows.
  const failures: unknown[] = [];
  const written: { json?: boolean; save?: string; report?: string } = { json: flags.json };
  const attempt = (work: () => void) => {
    try {
      work();
    } catch (error) {
      failures.push(error);
    }
  };
  if (test !== null) attempt(() => void (run.test = clf.evaluate(test)));
  run.testFailed = failures.length > 0;
  const { save, report } = flags;
  if (test !== null && !run.testFailed && report !== undefined) {
    attempt(() => {
      const probabilities = clf.predictProba(test);
      run.calibration = calibrationOf(test.y, probabilities, clf.classes);
      run.curves = binaryCurvesOf(test.y, probabilities, clf.classes) ?? undefined;
    });
  }
  if (flags.importance && !run.testFailed) {
    const rows = test ?? (source.streamed ? null : (train as InMemory));
    const on = test !== null ? `the test set (${testDescribed})` : 'the training rows (no test set)';
    if (rows !== null) attempt(() => void (run.importance = { ...permutationImportance(clf, rows, { seed: settings.seed, nRepeats: IMPORTANCE_REPEATS }), repeats: IMPORTANCE_REPEATS, on }));
  }
  if (save !== undefined) {
    attempt(() => {
      clf.save(save);
      written.save = save;
    });
  }
  // A report without its test metrics would look complete.
  if (report !== undefined && !run.testFailed) {
    attempt(() => {
      writeFileAtomic(report, renderRunReport(run));
      written.report = report;
    });
  }
  printResults(run, written, io);
  if (failures.length > 0) throw failures[0];
}
