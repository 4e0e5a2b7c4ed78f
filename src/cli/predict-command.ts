// `softgrad predict` and `softgrad evaluate`: a saved model applied to a CSV file.
import { readCsv } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { quote } from '../data/number-cell.js';
import { DEFAULT_MISSING_VALUES } from '../data/table/missing-cells.js';
import { readTable } from '../data/table/read-table.js';
import { recordFormatOf } from '../data/table/read-json.js';
import type { Table } from '../data/table/table.js';
import { writeFileAtomic } from '../train/atomic-write.js';
import { Classifier } from '../train/classifier.js';
import { command } from './command.js';
import { delimiterFlag } from './model-flags.js';
import { checkOutputs } from './outputs.js';
import { evaluationJson, formatEvaluation } from './format.js';
import type { CliIO } from './io.js';

export const predictCommand = command({
  positionals: ['<model.json>', '<file.csv>'],
  summary: 'the predicted class of every row, as CSV',
  flags: {
    proba: { help: 'add a column p_<class> with the probability of each class' },
    out: { value: '<preds.csv>', help: 'write the predictions to this file instead of stdout' },
    ...delimiterFlag,
  },
  run: predict,
});

export const evaluateCommand = command({
  positionals: ['<model.json>', '<file.csv>'],
  summary: 'metrics, confusion matrix, classification report',
  flags: { json: { help: 'print one JSON object with the metrics on stdout' }, ...delimiterFlag },
  run: evaluate,
});

/** Writes `row,predicted[,p_<class>...]` for every row of `file`; the label column may be absent. */
async function predict([modelPath, file]: string[], flags: { proba?: boolean; out?: string; delimiter?: string }, io: CliIO): Promise<void> {
  checkOutputs([['--out', flags.out]], [modelPath, file]);
  const clf = Classifier.load(modelPath);
  const data = await rowsFor(clf, file, flags.delimiter, io);
  const classes = clf.classes;
  const predicted = clf.predict(data);
  const proba = flags.proba ? clf.predictProba(data).data : null;
  const header = ['row', 'predicted', ...(proba ? classes.map((name) => `p_${name}`) : [])].map(csvField).join(',') + '\n';
  const text = predictionLines(header, predicted, classes, proba);
  if (flags.out === undefined) for (const piece of text) io.stdout(piece);
  else {
    writeFileAtomic(flags.out, text);
    io.stderr(`${predicted.length} predictions written to ${flags.out}\n`);
  }
}

/** The CSV of the predictions in pieces of about 64 KB: the whole of a large one is longer than a string can be. */
function* predictionLines(header: string, predicted: Int32Array, classes: string[], proba: ArrayLike<number> | null): Generator<string> {
  const c = classes.length;
  let piece = header;
  for (let i = 0; i < predicted.length; i++) {
    piece += `${i + 1},${csvField(classes[predicted[i]])}`;
    if (proba) for (let k = i * c; k < (i + 1) * c; k++) piece += `,${proba[k]}`;
    piece += '\n';
    if (piece.length > 1 << 16) {
      yield piece;
      piece = '';
    }
  }
  yield piece;
}

/** Prints loss, accuracy, macro F1, the confusion matrix and the classification report (or JSON). */
async function evaluate([modelPath, file]: string[], flags: { json?: boolean; delimiter?: string }, io: CliIO): Promise<void> {
  const clf = Classifier.load(modelPath);
  const options = { label: clf.labelName, classes: clf.classes, delimiter: flags.delimiter, missingLabels: DEFAULT_MISSING_VALUES };
  const records = recordFormatOf(file) !== null;
  const e = clf.encoder || records ? clf.evaluate(await readTable(file, options)) : clf.evaluate(await readCsv(file, { ...options, features: clf.featureNames }));
  if (flags.json) io.stdout(JSON.stringify({ classes: clf.classes, ...evaluationJson(e) }) + '\n');
  else io.stdout([`${file}: ${e.predictions.length} rows`, ...formatEvaluation('', e, clf.classes)].join('\n'));
}

/**
 * The rows of `file` as `clf` reads them: a table (any columns, in any order, counting cells never seen in training)
 * for a model trained on one, else its feature columns as numbers. Any label column is left unread: a file to predict
 * on may hold placeholders there.
 */
async function rowsFor(clf: Classifier, file: string, delimiter: string | undefined, io: CliIO): Promise<Table | Dataset> {
  if (clf.encoder === null && recordFormatOf(file) === null) return readCsv(file, { label: null, features: clf.featureNames, delimiter });
  const { table } = await readTable(file, { label: null, delimiter });
  if (clf.encoder === null) return table;
  const unseen = clf.encoder.transform(table).unseen;
  if (unseen.length > 0) {
    const counts = unseen.map(({ column, cells }) => `${quote(column)} ${cells}`).join(', ');
    io.stderr(`note: cells with a value never seen in training, encoded as all zeros: ${counts}\n`);
  }
  return table;
}

/** Quotes a CSV field when it holds a comma, quote or line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
