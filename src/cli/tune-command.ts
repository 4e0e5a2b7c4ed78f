// `softgrad tune`: search the classifier's settings by cross-validation, refit the best, test, save, report.
import { writeFileAtomic } from '../train/atomic-write.js';
import type { Classifier } from '../train/classifier.js';
import type { Evaluation } from '../train/evaluate.js';
import { SCORE_NAMES } from '../train/fold-scores.js';
import { PARAM_NAMES, type SearchSpace, type TrialParams } from '../train/search-space.js';
import { tune, type Trial } from '../train/tune.js';
import { renderTuneReport } from '../report/tune-report.js';
import { choice, orAuto, wholeNumber } from './args.js';
import { hiddenChoices, optimizers, penalties, rates, wholeNumbers } from './search-flags.js';
import { command, type FlagValues } from './command.js';
import { evaluationJson, formatEvaluation } from './format.js';
import type { CliIO } from './io.js';
import { columnFlags, columnOptions, delimiterFlag, modelFlags } from './model-flags.js';
import { checkOutputs } from './outputs.js';
import { inMemory, readTestSet } from './train-sources.js';

const { loss, epochs, patience, seed, 'class-weight': classWeight } = modelFlags;

export const tuneFlags = {
  label: { value: '<column>', help: 'label column name', default: 'the last column' },
  trials: { value: '<n>', parse: wholeNumber(1, 100_000), help: 'settings to try', default: '30' },
  folds: { value: '<k>', parse: wholeNumber(2, 1000), help: 'cross-validation folds scoring each trial', default: '5' },
  search: { value: 'random|grid', parse: choice(['random', 'grid'] as const), help: 'seeded random draws (the defaults first), or every combination of the values (a seeded sample of --trials of them if more)', default: 'random' },
  lr: { value: '<a:b|a,b>', parse: rates, help: 'learning rates: a range drawn log-uniformly, or values', default: '0.001:0.3' },
  'weight-decay': { value: '<a:b|a,b>', parse: penalties, help: 'weight decays: a range, or values (0 and auto allowed)', default: '1e-6:0.1' },
  hidden: { value: '<0,16,32x16>', parse: hiddenChoices, help: 'hidden layers to try: 0 for none, 32x16 for two layers', default: '0,16,32,64,32x16' },
  'batch-size': { value: '<16,32>', parse: wholeNumbers, help: 'batch sizes to try', default: '16,32,64,128' },
  optimizer: { value: '<adam,sgd>', parse: optimizers, help: 'optimizers to try', default: 'adam,adamw,sgd' },
  loss, epochs, patience, seed, 'class-weight': classWeight,
  ...columnFlags,
  ...delimiterFlag,
  test: { value: '<test.csv>', help: 'score the refitted best model on this file' },
  save: { value: '<model.json>', help: 'write the best settings refitted on every row' },
  report: { value: '<report.html>', help: 'write an HTML report comparing the trials' },
  json: { help: 'print one JSON object: trials (params and cv), best, and test with --test' },
  quiet: { help: 'no progress output' },
  threads: { value: '<n|auto>', parse: orAuto(wholeNumber(1, 1024)), help: 'worker threads running trials side by side; auto is every core; same results for any n', default: 'auto' },
};

export const tuneCommand = command({
  positionals: ['<file.csv>'],
  summary: 'search settings by cross-validation',
  flags: tuneFlags,
  run: ([file], flags, io) => runTune(file, flags, io),
});

async function runTune(file: string, flags: FlagValues<typeof tuneFlags>, io: CliIO): Promise<void> {
  checkOutputs([['--save', flags.save], ['--report', flags.report]], [file, ...(flags.test === undefined ? [] : [flags.test])]);
  const started = performance.now();
  const columns = columnOptions(flags);
  const data = await inMemory.read(file, flags.label, columns, flags.delimiter);
  for (const w of data.warnings ?? []) io.stderr(`warning: ${w}\n`);
  const testData = flags.test === undefined ? null : await readTestSet(flags.test, data, flags['missing-values'], flags.delimiter);
  const space: SearchSpace = { lr: flags.lr, weightDecay: flags['weight-decay'], hidden: flags.hidden, batchSize: flags['batch-size'], optimizer: flags.optimizer };
  const early = flags.patience === 0 ? { validationSplit: 0 } : { patience: flags.patience };
  const base = { loss: flags.loss, epochs: flags.epochs, classWeight: flags['class-weight'], columns, ...early };
  const trials = flags.trials ?? 30;
  let finished = 0;
  const progress = flags.quiet || flags.json ? undefined : (index: number, trial: Trial) => io.stderr(`trial ${String(++finished).padStart(String(trials).length)}/${trials}  ${describeTrial(trial)}  (#${index + 1})\n`);
  const result = await tune(data, { trials, folds: flags.folds, search: flags.search, space, seed: flags.seed, base, threads: flags.threads, onTrial: progress });
  const test = testData === null ? null : result.model.evaluate(testData);
  const seconds = (performance.now() - started) / 1000;
  const written: string[] = [];
  if (flags.save !== undefined) {
    result.model.save(flags.save);
    written.push(`model saved to ${flags.save}`);
  }
  if (flags.report !== undefined) {
    writeFileAtomic(flags.report, tuneReport(file, flags, result, test, seconds));
    written.push(`report written to ${flags.report}`);
  }
  const best = result.trials[result.best];
  if (flags.json) {
    const json = { trials: result.trials, best: { index: result.best, ...best }, ...(test ? { test: evaluationJson(test) } : {}), seconds };
    io.stdout(JSON.stringify(json) + '\n');
    return;
  }
  const ranked = rankedTrials(result.trials);
  io.stdout([
    `${result.trials.length} trials of ${flags.folds ?? 5}-fold cross-validation on ${file} in ${seconds.toFixed(1)} s; the best ${Math.min(5, ranked.length)}:`,
    ...ranked.slice(0, 5).map((i) => `  #${String(i + 1).padEnd(4)} ${describeTrial(result.trials[i])}`),
    `best: #${result.best + 1}, refitted on all ${data.y.length} rows`,
    ...(test ? ['', ...formatEvaluation('test  ', test, result.model.classes)] : ['']),
    ...written,
  ].join('\n') + '\n');
}

/** `acc 0.9884 ± 0.0058  lr 0.03  weightDecay auto  hidden none  batchSize 32  optimizer adam`. */
export function describeTrial(trial: Trial): string {
  const score = trial.cv ? `acc ${trial.cv.mean.accuracy.toFixed(4)} ± ${trial.cv.std.accuracy.toFixed(4)}` : `failed: ${trial.error?.split('\n')[0]}`;
  return `${score}  ${PARAM_NAMES.map((name) => `${name} ${formatParam(trial.params[name])}`).join('  ')}`;
}

function formatParam(value: TrialParams[keyof TrialParams]): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join('x');
  return String(value);
}

/** Trial indices, best first (failed trials last). */
function rankedTrials(trials: readonly Trial[]): number[] {
  const key = (t: Trial) => (t.cv ? [t.cv.mean.accuracy, -t.cv.mean.logLoss] : [-Infinity, -Infinity]);
  return trials.map((_, i) => i).sort((a, b) => {
    const [ka, kb] = [key(trials[a]), key(trials[b])];
    return kb[0] - ka[0] || kb[1] - ka[1] || a - b;
  });
}

function tuneReport(file: string, flags: FlagValues<typeof tuneFlags>, result: { trials: Trial[]; best: number; model: Classifier }, test: Evaluation | null, seconds: number): string {
  const scored = result.trials.filter((t) => t.cv !== null);
  return renderTuneReport({
    title: `softgrad tune: ${file}`,
    metric: 'accuracy',
    params: PARAM_NAMES,
    trials: scored.map((t) => ({ params: { ...t.params }, cv: { mean: { ...t.cv!.mean }, std: { ...t.cv!.std } } })),
    best: scored.indexOf(result.trials[result.best]),
    test: test ? Object.fromEntries(SCORE_NAMES.filter((n) => n !== 'balancedAccuracy' && n !== 'logLoss').map((n) => [n, test[n as 'accuracy' | 'macroF1']])) : undefined,
    settings: [
      ['file', file],
      ['label', result.model.labelName],
      ['search', flags.search ?? 'random'],
      ['trials', result.trials.length],
      ['failed trials', result.trials.length - scored.length],
      ['folds', flags.folds ?? 5],
      ['seed', flags.seed ?? 0],
      ['test', flags.test ?? 'none'],
    ],
    seconds,
    generatedAt: new Date().toISOString(),
  });
}
