// `softgrad cv`: stratified k-fold cross-validation of the classifier the flags describe.
import { crossValidate, type CrossValidation } from '../train/cross-validate.js';
import { SCORE_NAMES, type Scores } from '../train/fold-scores.js';
import { wholeNumber } from './args.js';
import { threadsFlag, withThreadSetting } from './threads-flag.js';
import { command } from './command.js';
import { classifierOptions, columnFlags, columnOptions, delimiterFlag, modelFlags } from './model-flags.js';
import { inMemory } from './train-sources.js';

export const cvFlags = {
  label: { value: '<column>', help: 'label column name', default: 'the last column' },
  folds: { value: '<k>', parse: wholeNumber(2, 1000), help: 'number of stratified, shuffled folds (seeded by --seed)', default: '5' },
  ...modelFlags,
  ...columnFlags,
  ...delimiterFlag,
  json: { help: 'print one JSON object: folds (each fold\'s scores), mean and std' },
  ...threadsFlag,
};

/** The scores' names as a terminal table heads them. */
export const SCORE_HEADINGS: Record<keyof Scores, string> = { accuracy: 'accuracy', balancedAccuracy: 'balanced acc', macroF1: 'macro F1', logLoss: 'log-loss' };

export const cvCommand = command({
  positionals: ['<file.csv>'],
  summary: 'fit and score on k folds: mean and spread',
  flags: cvFlags,
  run: ([file], flags, io) =>
    withThreadSetting(flags.threads, async () => {
      const started = performance.now();
      const k = flags.folds ?? 5;
      const columns = columnOptions(flags);
      const data = await inMemory.read(file, flags.label, columns, flags.delimiter);
      for (const w of data.warnings ?? []) io.stderr(`warning: ${w}\n`);
      const options = { ...classifierOptions(flags), columns };
      const cv = await crossValidate(options, data, { folds: k, seed: options.seed ?? 0 });
      const seconds = (performance.now() - started) / 1000;
      if (flags.json) io.stdout(JSON.stringify({ folds: cv.folds, mean: cv.mean, std: cv.std, seconds }) + '\n');
      else io.stdout(`${k}-fold cross-validation of ${file} (${data.y.length} rows, ${data.classes.length} classes; stratified, seed ${options.seed ?? 0})\n${formatScoresTable(cv)}${seconds.toFixed(2)} s\n`);
    }),
});

/** Each fold's scores, then mean ± std, as a table. */
export function formatScoresTable(cv: CrossValidation): string {
  const width = 18;
  const row = (head: string, cells: string[]) => `${head.padEnd(6)}${cells.map((c) => c.padStart(width)).join('')}\n`;
  return [
    row('fold', SCORE_NAMES.map((name) => SCORE_HEADINGS[name])),
    ...cv.folds.map((fold, i) => row(String(i + 1), SCORE_NAMES.map((name) => fold[name].toFixed(4)))),
    row('mean', SCORE_NAMES.map((name) => `${cv.mean[name].toFixed(4)} ± ${cv.std[name].toFixed(4)}`)),
  ].join('');
}
