// The flags that set a classifier and how it reads a table's columns: shared by train, cv and tune.
import type { TableEncoderOptions } from '../data/table/table-encoder.js';
import type { ClassifierOptions } from '../train/classifier.js';
import { choice, layerSizes, nameList, number, orAuto, wholeNumber, type Parser } from './args.js';
import type { FlagTable, FlagValues } from './command.js';

export const modelFlags = {
  hidden: { value: '<32,16>', parse: layerSizes, help: 'hidden layer sizes', default: 'none, i.e. softmax/logistic regression' },
  loss: { value: 'ce|bce', parse: choice(['ce', 'bce'] as const), help: 'softmax cross-entropy, or sigmoid BCE for two classes', default: 'ce' },
  optimizer: { value: 'sgd|adam|adamw', parse: choice(['sgd', 'adam', 'adamw'] as const), help: 'the optimizer', default: 'adam' },
  lr: { value: '<number>', parse: number('a number > 0', (n) => n > 0), help: 'learning rate', default: '0.03' },
  epochs: { value: '<n>', parse: wholeNumber(1, 10_000_000), help: 'most epochs; early stopping usually ends sooner', default: '500' },
  'batch-size': { value: '<n>', parse: wholeNumber(1), help: 'rows per training step', default: '32' },
  'weight-decay': { value: '<n>', parse: orAuto(number('a number >= 0', (n) => n >= 0)), help: "L2 penalty on the weights, or auto: 1/rows, as scikit-learn's C=1", default: 'auto' },
  'class-weight': { value: 'balanced', parse: choice(['balanced'] as const), help: "weigh each class's rows by rows / (classes x the class's rows), as scikit-learn's class_weight='balanced'" },
  seed: { value: '<n>', parse: wholeNumber(0), help: 'seeds weights, splits and batch order', default: '0' },
  patience: { value: '<n>', parse: wholeNumber(0), help: 'early-stopping patience in epochs on a 15% validation slice; 0 turns early stopping off', default: '30' },
} satisfies FlagTable;

/** How a delimited file separates its cells: one character, or `tab`. */
export const delimiter: Parser<string> = {
  rule: "one character (not a quote or a line break), or 'tab'",
  read: (text) => (text === 'tab' || text === '\\t' ? '\t' : [...text].length === 1 && !/["\r\n]/.test(text) ? text : undefined),
};

/** The delimiter flag every command that reads a file takes. */
export const delimiterFlag = {
  delimiter: { value: '<c>', parse: delimiter, help: "the cells' separator in a delimited file: one character, or tab", default: 'comma; tab for .tsv' },
} satisfies FlagTable;

export const columnFlags = {
  categorical: { value: '<a,b>', parse: nameList, help: 'read these columns as categories (one-hot), whatever they hold' },
  numeric: { value: '<c,d>', parse: nameList, help: 'these columns must be numbers (a word in one is an error naming its line)' },
  ignore: { value: '<e,f>', parse: nameList, help: 'leave these columns out' },
  'missing-values': { value: '<NA,?>', parse: nameList, help: 'the spellings of a missing cell', default: "empty, NA, N/A, n/a, NaN, nan, null, NULL, #N/A, ?" },
} satisfies FlagTable;

/** The classifier settings the flags give; --patience 0 turns early stopping off, and with it the validation rows. */
export function classifierOptions(flags: FlagValues<typeof modelFlags>): ClassifierOptions {
  const { hidden, loss, optimizer, lr, epochs, seed, patience, 'batch-size': batchSize, 'weight-decay': weightDecay, 'class-weight': classWeight } = flags;
  const early = patience === 0 ? { validationSplit: 0 } : { patience };
  return { hidden, loss, optimizer, lr, epochs, seed, batchSize, weightDecay, classWeight, ...early };
}

/** The column declarations given, or undefined when none is: a run on numbers must save the model file it always did. */
export function columnOptions(flags: FlagValues<typeof columnFlags>): TableEncoderOptions | undefined {
  const declared = { categorical: flags.categorical, numeric: flags.numeric, ignore: flags.ignore, missingValues: flags['missing-values'] };
  return Object.values(declared).some((names) => names !== undefined) ? declared : undefined;
}
