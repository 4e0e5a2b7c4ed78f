// The two ways `softgrad train` reads its file, in memory or streamed (--stream): all that differs between them.
import { readCsv } from '../data/csv.js';
import { numRows, type Dataset } from '../data/dataset.js';
import { NotANumberError } from '../data/csv-schema.js';
import { canStratify, trainTestIndices, trainTestSplit } from '../data/split.js';
import { DEFAULT_MISSING_VALUES } from '../data/table/missing-cells.js';
import { readTable } from '../data/table/read-table.js';
import { isLabelledTable, takeTableRows, type LabelledTable } from '../data/table/table.js';
import { streamCsv } from '../data/stream-csv.js';
import { isTableStream, streamTable } from '../data/table/stream-table.js';
import { recordFormatOf } from '../data/table/read-json.js';
import { UsageError } from './args.js';
import type { TableEncoderOptions } from '../data/table/table-encoder.js';
import { mapFeatures, type StreamingDataset } from '../data/stream-dataset.js';
import type { Classifier } from '../train/classifier.js';
import { evaluateStreamLoss } from '../train/evaluate.js';

/** The training rows and the test set (if any), and the report's words for that test set. */
export type Split<D> = { train: D; test: Dataset | LabelledTable | null; testDescribed: string };

/** Rows in memory: numbers, or a table of text cells. */
export type InMemory = Dataset | LabelledTable;

export interface Source<D extends InMemory | StreamingDataset> {
  /** The file's rows; with declared `columns` (or when a cell is not a number) read as a table of text. */
  read(file: string, label: string | undefined, columns: TableEncoderOptions | undefined, delimiter?: string): Promise<D>;
  /** The split when no --test file is given. */
  holdOut(data: D, testSize: number, seed: number): Split<D>;
  /** Loss and accuracy of the fitted model on the training rows, and how many rows that is. */
  measure(clf: Classifier, train: D): Promise<{ loss: number; accuracy: number; rows: number }>;
  streamed: boolean;
  /** Where early stopping's validation rows come from, for the report. */
  validation(split: number): string;
  /** Why there can be no --test-size, if there cannot. */
  refusesTestSize?: string;
}

/**
 * Reads the file in memory: as numbers (readCsv) while every cell is one, else (or when columns are declared) as a
 * table whose columns the classifier types and encodes.
 */
export const inMemory: Source<InMemory> = {
  read: async (file, label, columns, delimiter) => {
    // Records (JSON, JSON Lines) are a table whatever they hold.
    if (columns || recordFormatOf(file) !== null) return readTable(file, { label, delimiter, missingValues: columns?.missingValues });
    try {
      return await readCsv(file, { label, delimiter, missingLabels: DEFAULT_MISSING_VALUES });
    } catch (error) {
      if (error instanceof NotANumberError) return readTable(file, { label, delimiter });
      throw error;
    }
  },
  holdOut: (data, testSize, seed) => {
    const testDescribed = `${testSize} of the file, stratified`;
    if (!isLabelledTable(data)) return { ...trainTestSplit(data, { testSize, seed, stratify: canStratify(data, testSize) }), testDescribed };
    const { trainIndices, testIndices } = trainTestIndices({ ...data, rows: data.y.length }, { testSize, seed, stratify: canStratify(data, testSize) });
    return { train: takeTableRows(data, trainIndices), test: takeTableRows(data, testIndices), testDescribed };
  },
  measure: async (clf, train) => ({ ...clf.evaluate(train), rows: isLabelledTable(train) ? train.y.length : numRows(train) }),
  streamed: false,
  validation: (split) => `on a ${split} validation slice`,
};

/** The test file, read as the training rows were: a table when they are one, else numbers with their feature names. */
export async function readTestSet(file: string, train: InMemory | StreamingDataset, missingValues: string[] | undefined, delimiter?: string): Promise<InMemory> {
  const { labelName, classes } = train;
  return isLabelledTable(train) || isTableStream(train)
    ? readTable(file, { label: labelName, classes, missingValues, delimiter })
    : readCsv(file, { label: labelName, features: (train as Dataset).featureNames, classes, delimiter, missingLabels: missingValues ?? DEFAULT_MISSING_VALUES });
}

/**
 * Trains without loading the file (see streamCsv, and streamTable for a table). A stratified hold-out needs the rows
 * in memory, so the test set is --test or none, and the training metrics come from one more streaming pass.
 */
export const streamed: Source<StreamingDataset> = {
  read: async (file, label, columns, delimiter) => {
    if (recordFormatOf(file) === 'json') throw new UsageError(`--stream reads JSON Lines (.jsonl), a record per line; ${file} is one JSON array, which is read whole: drop --stream, or write it as JSON Lines`);
    if (columns || recordFormatOf(file) !== null) return streamTable(file, { label, delimiter, ...columns });
    try {
      return await streamCsv(file, { label, delimiter, missingLabels: DEFAULT_MISSING_VALUES });
    } catch (error) {
      if (error instanceof NotANumberError) return streamTable(file, { label, delimiter });
      throw error;
    }
  },
  holdOut: (data) => ({ train: data, test: null, testDescribed: 'none (training metrics only)' }),
  measure: async (clf, train) => {
    const scaler = clf.scaler;
    const scaled = scaler ? mapFeatures(train, (x) => scaler.transform(x)) : train;
    return { ...(await evaluateStreamLoss(clf.model!, scaled, clf.settings.loss)), rows: train.rows };
  },
  streamed: true,
  validation: (split) => `on about ${split} of the rows (held out by a seeded hash)`,
  refusesTestSize: 'cannot be used with --stream (a stratified hold-out needs the file in memory); give --test <test.csv>, or no test for training metrics only',
};
