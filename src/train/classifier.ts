// The estimator for the common case: standardise, build a softmax/logistic regression or an MLP, train, save.
import { CsvError, RowError, ShapeError, ValueError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import { quote } from '../data/number-cell.js';
import { canStratify, trainTestSplit } from '../data/split.js';
import { StandardScaler } from '../data/standard-scaler.js';
import { cellPlace, isLabelledTable, isTable, tableRows, type LabelledTable, type Table } from '../data/table/table.js';
import { TableEncoder, type TableEncoderOptions } from '../data/table/table-encoder.js';
import { isTableStream } from '../data/table/stream-table.js';
import { tableFromRecords, type RecordValue } from '../data/table/records.js';
import { isStreamingDataset, mapFeatures, type StreamingDataset } from '../data/stream-dataset.js';
import { scalerFromStatistics, streamStatistics } from '../data/stream-statistics.js';
import type { Module } from '../layers/module.js';
import { Adam } from '../optim/adam.js';
import { AdamW } from '../optim/adamw.js';
import type { Optimizer } from '../optim/optimizer.js';
import { SGD } from '../optim/sgd.js';
import { tensor } from '../tensor/create.js';
import { allocate } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { fit, type Callbacks, type FitOptions, type History } from './fit.js';
import { modelFileOf, parseModelFile, parseModelText, readModelFile, writeModelFile, type SavedModel } from './model-file.js';
import { ACTIVATIONS, buildNetwork, MAX_PARAMETERS, networkShapes, parameterCount, type ActivationName } from './network.js';
import { outputsFor, type LossName } from './objective.js';
import { evaluate, predict, predictProba, type Evaluation, type InferenceOptions } from './evaluate.js';
import { relabel } from './relabel.js';
import { definedEntries } from './settings-given.js';

/** Options of `Classifier`. The defaults are the ones the README explains. */
export interface ClassifierOptions {
  /** Hidden layer sizes: `[]` (default) is softmax (or logistic) regression, `[32]` a one-hidden-layer MLP. */
  hidden?: number[];
  /** Activation after each hidden layer. Default `'relu'`. */
  activation?: ActivationName;
  /** `'ce'` (default): softmax cross-entropy; `'bce'`: one logit with sigmoid BCE, for two classes. */
  loss?: LossName;
  /** Default `'adam'`. */
  optimizer?: 'adam' | 'adamw' | 'sgd';
  /** Learning rate. Default 0.03. */
  lr?: number;
  /** SGD momentum. Default 0.9. */
  momentum?: number;
  /**
   * Penalty on the weights (never the biases), as the optimizer's weightDecay: an L2 term for sgd and
   * adam, decoupled for adamw. Default `'auto'`: 1/N for the N rows fitted (after the validation slice),
   * the penalty of scikit-learn's `LogisticRegression()` (C = 1) on a mean loss.
   */
  weightDecay?: number | 'auto';
  /** Most epochs to train. Default 500. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Seeds the initial weights, the validation split and the batch order. Default 0. */
  seed?: number;
  /** Standardise features with a StandardScaler fitted on the training rows (saved with the model). Default true. */
  standardize?: boolean;
  /** Fraction of the training rows held out for early stopping; 0 trains on every row for `epochs`. Default 0.15. */
  validationSplit?: number;
  /** Epochs without improvement of the validation loss before stopping. Default 30. */
  patience?: number;
  /** Per-class loss weights, or `'balanced'` (n / (classes * count), as scikit-learn). */
  classWeight?: number[] | 'balanced';
  /** For a table (`readTable`): missing spellings, and columns declared categorical, numeric or ignored. */
  columns?: TableEncoderOptions;
  callbacks?: Callbacks;
}

type Settings = Required<Omit<ClassifierOptions, 'classWeight' | 'callbacks' | 'columns'>> & { classWeight?: number[] | 'balanced'; columns?: TableEncoderOptions };

const DEFAULTS: Settings = {
  hidden: [],
  activation: 'relu',
  loss: 'ce',
  optimizer: 'adam',
  lr: 0.03,
  momentum: 0.9,
  weightDecay: 'auto',
  epochs: 500,
  batchSize: 32,
  seed: 0,
  standardize: true,
  validationSplit: 0.15,
  patience: 30,
};

/** How `Classifier.fit` reads its rows: records' label key, and a weight per row. */
export interface FitRowsOptions {
  /** The key of the label, for records. */
  label?: string;
  /** A weight per row, scikit-learn's `sample_weight` (in memory only; see `fit`). */
  sampleWeight?: ArrayLike<number>;
}

/**
 * What `Classifier.predict` and friends accept: a `[N, D]` tensor, rows of numbers, a dataset, or (for a model
 * trained on a table) a table of text cells.
 */
export type Rows = Tensor | readonly (readonly number[])[] | Dataset | Table | LabelledTable | readonly Record<string, RecordValue>[];

/**
 * A classifier in three lines: softmax regression, logistic regression or an MLP, with standardisation,
 * early stopping and a model file.
 * @example
 * const clf = new Classifier({ hidden: [], optimizer: 'adam', lr: 0.05, epochs: 200, seed: 0 });
 * await clf.fit(train);
 * clf.predict(test); clf.predictProba(test); clf.evaluate(test).accuracy;
 */
export class Classifier {
  readonly settings: Settings;
  /** The network, once fitted or loaded. */
  model: Module | null = null;
  scaler: StandardScaler | null = null;
  /** The column handling of a model trained on a table: kinds, fills, categories, scaling. */
  encoder: TableEncoder | null = null;
  classes: string[] = [];
  featureNames: string[] = [];
  labelName = '';
  history: History | null = null;
  /** The weight decay the last `fit` used (`'auto'` resolved to 1/N). */
  effectiveWeightDecay = 0;
  private callbacks?: Callbacks;

  constructor(options: ClassifierOptions = {}) {
    const { callbacks, ...rest } = options;
    this.settings = { ...DEFAULTS, ...definedEntries(rest) };
    // Own copies: a later change to the caller's array (or to the defaults) must not change this model.
    this.settings.hidden = [...this.settings.hidden];
    if (Array.isArray(this.settings.classWeight)) this.settings.classWeight = [...this.settings.classWeight];
    this.callbacks = callbacks;
    validateSettings(this.settings);
  }

  /**
   * Trains on a labelled dataset (e.g. from `readCsv`) and returns the per-epoch history.
   *
   * A StreamingDataset (from `streamCsv`) trains in memory that does not grow with the file: the scaler comes from
   * one streaming pass (Welford's; `streamCsv` makes it while checking the file), every epoch reads the rows through
   * `fit`'s shuffle buffer, and the validation rows are held out by a seeded hash of their position (`streamSplit`).
   * A table stream (`streamTable`) brings its own column plan, fitted on its first pass, which the model keeps.
   *
   * `sampleWeight` weighs each row's loss (scikit-learn's `sample_weight`, for data in memory): with `weightDecay:
   * 'auto'` the penalty is then 1 / (the weights' sum), as `LogisticRegression(C=1).fit(X, y, sample_weight)`.
   * @example
   * await new Classifier({ epochs: 3 }).fit(await streamCsv('big.csv'));
   * await new Classifier().fit(train, { sampleWeight: train.y.map((c) => (c === 0 ? 2 : 1)) });
   */
  async fit(rows: Dataset | StreamingDataset | LabelledTable | readonly Record<string, RecordValue>[], { label, sampleWeight }: FitRowsOptions = {}): Promise<History> {
    if (Array.isArray(rows) && label === undefined) throw new ValueError('Classifier.fit: records need the key of their label: fit(records, { label })');
    const table = Array.isArray(rows) ? tableFromRecords(rows as readonly Record<string, RecordValue>[], { label }) : (rows as Dataset | StreamingDataset | LabelledTable);
    // A table's columns are typed and encoded (and standardised) by its own encoder.
    const encoder = isLabelledTable(table) ? new TableEncoder(this.settings.columns).fit(table.table) : isTableStream(table) ? table.encoder : null;
    const data = isLabelledTable(table) ? encodedDataset(table, encoder!) : table;
    const s = encoder ? { ...this.settings, standardize: false } : this.settings;
    // Read with label: null (or labelOptional, and none in the file), a dataset or stream has rows but no classes.
    if (data.classes.length === 0) throw new ValueError('Classifier.fit: the training data has no labels');
    const outputs = outputsFor(s.loss, data.classes.length);
    const { train, validation, rows: count, inputs, scaler, classCounts, weights } = await prepare(data, s, sampleWeight);
    checkSize(inputs, s.hidden, outputs);
    this.scaler = scaler;
    this.encoder = encoder;
    this.model = buildNetwork(inputs, s.hidden, outputs, s.activation, s.seed);
    this.classes = [...data.classes];
    this.featureNames = [...data.featureNames];
    this.labelName = data.labelName;
    this.effectiveWeightDecay = weightDecayFor(s, count, weights);
    const optimizer = buildOptimizer(this.model, s, this.effectiveWeightDecay);
    this.history = await fit(this.model, train, { ...this.fitOptions(optimizer, classCounts, validation), sampleWeight: weights });
    return this.history;
  }

  /** Class probabilities `[N, C]`, columns in the order of `classes`. */
  predictProba(rows: Rows): Tensor {
    return this.scoring(rows, (model, x, options) => predictProba(model, x, this.settings.loss, options));
  }

  /** The predicted class index of each row (an index into `classes`). */
  predict(rows: Rows): Int32Array {
    return this.scoring(rows, (model, x, options) => predict(model, x, this.settings.loss, options));
  }

  /** The predicted class name of each row. */
  predictLabels(rows: Rows): string[] {
    return Array.from(this.predict(rows), (c) => this.classes[c]);
  }

  /** Loss, accuracy, F1, confusion matrix and a classification report on a labelled dataset. */
  evaluate(data: Dataset | LabelledTable): Evaluation {
    const labels = isLabelledTable(data) ? { y: data.y, classes: data.classes, source: data.table.source } : data;
    const { featureNames, labelName } = this;
    return this.scoring(data, (model, x, options) =>
      evaluate(model, { x, y: relabel(labels, this.classes, 'Classifier.evaluate'), classes: this.classes, featureNames, labelName }, this.settings.loss, options),
    );
  }

  /**
   * The rows as the network's input features, in the model's column order, before standardisation: a table's
   * columns encoded by the model's column handling, a dataset's columns matched by name.
   * @example
   * clf.features(test).shape; // [rows, clf.featureNames.length]
   */
  features(rows: Rows): Tensor {
    return this.columns(rows);
  }

  /** The model file's content: format version, architecture, names, scaler, exact weights, and a checksum of it all. */
  toJSON(): object {
    const network = this.fitted();
    const { hidden, activation, loss } = this.settings;
    const { labelName, classes, featureNames, scaler, encoder, settings } = this;
    return modelFileOf({ hidden, activation, loss, labelName, classes, featureNames, scaler, encoder, network, settings });
  }

  /**
   * Writes the model file; a crash mid-write leaves any previous file at `path` whole.
   * @example
   * clf.save('iris.json');
   * const same = Classifier.load('iris.json');
   */
  save(path: string): void {
    writeModelFile(path, this.toJSON());
  }

  /** Reads and validates a model file; a damaged or foreign file is a ModelFileError and nothing in it is executed. */
  static load(path: string): Classifier {
    return Classifier.fromSaved(readModelFile(path));
  }

  /**
   * A classifier from `toJSON()`'s output, or a model file's text, validated field by field; `source` names the file in
   * errors. With `toJSON`, a model moves without a file system: fetched in a browser, kept in a database.
   * @example
   * const text = JSON.stringify(clf.toJSON());
   * const same = Classifier.fromJSON(text);
   */
  static fromJSON(json: unknown, source = '<model>'): Classifier {
    return Classifier.fromSaved(parseModelFile(typeof json === 'string' ? parseModelText(json, source) : json, source));
  }

  /** A classifier of a model file's network and names, with the file's training settings where they are valid. */
  private static fromSaved(saved: SavedModel): Classifier {
    const { hidden, activation, loss } = saved;
    const clf = new Classifier({ ...pickSettings(saved.settings as Record<string, unknown>), hidden, activation, loss });
    const { network: model, scaler, encoder, classes, featureNames, labelName } = saved;
    return Object.assign(clf, { model, scaler, encoder, classes, featureNames, labelName });
  }

  /** What `fit` is told besides the model and the rows: the settings, early stopping and the class weights. */
  private fitOptions(optimizer: Optimizer, classCounts: number[], validationData: Dataset | undefined): FitOptions {
    const s = this.settings;
    const validate = s.validationSplit > 0;
    return {
      optimizer,
      loss: s.loss,
      epochs: s.epochs,
      batchSize: s.batchSize,
      seed: s.seed,
      validationSplit: validate && !validationData ? s.validationSplit : undefined,
      validationData,
      earlyStopping: validate ? { monitor: 'valLoss', patience: s.patience, restoreBest: true } : false,
      classWeight: s.classWeight === 'balanced' ? balancedWeights(classCounts) : s.classWeight,
      callbacks: this.callbacks,
    };
  }

  private fitted(): Module {
    if (this.model === null) throw new ValueError('Classifier: not fitted yet: call fit() or Classifier.load() first');
    return this.model;
  }

  /**
   * `score` of the rows in the model's column order, standardised chunk by chunk (never a standardised copy of them
   * all); a RowError about a dataset's row is re-thrown naming the row's file, line and column.
   */
  private scoring<T>(rows: Rows, score: (model: Module, x: Tensor, options: InferenceOptions) => T): T {
    const scaler = this.scaler;
    try {
      return score(this.fitted(), this.columns(rows), scaler ? { transform: (x) => scaler.transform(x) } : {});
    } catch (error) {
      if (!(error instanceof RowError) || rows instanceof Tensor || Array.isArray(rows)) throw error;
      const data = isLabelledTable(rows) ? rows.table : (rows as Dataset | Table);
      const row = data.lines && data.source ? `${data.source}:${data.lines.lineOf(error.row)}` : `${data.source ?? 'the data'}: row ${error.row + 1}`;
      const column = error.feature === null ? '' : `: column ${quote(this.featureNames[error.feature])}`;
      throw new RowError(error.detail, error.row, error.feature, row + column);
    }
  }

  /** The rows as an `[N, D]` tensor, columns in the model's order. */
  private columns(rows: Rows): Tensor {
    let x: Tensor;
    if (rows instanceof Tensor) x = rows;
    else if (isRecords(rows)) x = this.encoded(tableFromRecords(rows).table);
    else if (Array.isArray(rows)) x = tensor(rows as number[][]);
    else if (isLabelledTable(rows) || isTable(rows)) x = this.encoded(isLabelledTable(rows) ? rows.table : rows);
    else x = this.columnsByName(rows as Dataset);
    if (x.rank === 1 && x.size === this.featureNames.length) x = x.reshape([1, x.size]);
    if (x.rank !== 2 || x.shape[1] !== this.featureNames.length) {
      throw new ShapeError(`Classifier: expected rows of ${this.featureNames.length} features (${this.featureNames.map(quote).join(', ')}), got shape [${x.shape.join(',')}]`);
    }
    return x;
  }

  /**
   * A table's rows encoded by this model's column handling; for a model trained on numbers, its feature columns
   * (matched by name) read as numbers, a cell that is none a CsvError naming it.
   */
  private encoded(table: Table): Tensor {
    if (this.encoder !== null) return this.encoder.transform(table).x;
    const n = tableRows(table);
    const d = this.featureNames.length;
    const x = new Float32Array(n * d);
    this.featureNames.forEach((name, k) => {
      const j = table.names.indexOf(name);
      if (j < 0) throw new CsvError(`${table.source ?? 'the table'}: no column named ${quote(name)}, which the model needs`);
      const column = table.columns[j];
      for (let row = 0; row < n; row++) {
        x[row * d + k] = column.valueAt(row);
        if (!Number.isFinite(x[row * d + k])) throw new CsvError(`${cellPlace(table, row, j)}: ${quote(column.cell(row))} is not a number (the model was trained on numbers)`);
      }
    });
    return new Tensor(x, [n, d]);
  }

  /** A dataset's features in the model's column order, matched by name (a file may order its columns differently). */
  private columnsByName(data: Dataset): Tensor {
    const names = data.featureNames;
    if (names.length === this.featureNames.length && names.every((n, i) => n === this.featureNames[i])) return data.x;
    const position = new Map(names.map((n, i) => [n, i]));
    const columns = this.featureNames.map((n) => position.get(n));
    if (columns.some((c) => c === undefined)) {
      throw new ShapeError(
        `Classifier: ${data.source ?? 'the data'} has the features ${names.map(quote).join(', ')}; the model needs ${this.featureNames.map(quote).join(', ')}`,
      );
    }
    const [n, d] = [data.x.shape[0], names.length];
    const out = allocate(data.x.dtype, n * columns.length);
    for (let i = 0; i < n; i++) for (let j = 0; j < columns.length; j++) out[i * columns.length + j] = data.x.data[i * d + columns[j]!];
    return new Tensor(out, [n, columns.length]);
  }
}

/**
 * The rows to train on and to validate on (standardised if asked), their number and width, the scaler, and the class
 * counts. A stream's validation rows are held out by `fit`.
 */
async function prepare(data: Dataset | StreamingDataset, s: Settings, sampleWeight: ArrayLike<number> | undefined) {
  const balanced = s.classWeight === 'balanced';
  if (isStreamingDataset(data)) {
    if (sampleWeight !== undefined) throw new ValueError('Classifier.fit: sampleWeight needs the rows in memory, not a stream');
    const stats = s.standardize || balanced ? await streamStatistics(data) : null;
    const scaler = stats && s.standardize ? scalerFromStatistics(stats) : null;
    const train = scaler ? mapFeatures(data, (x) => scaler.transform(x)) : data;
    return { train, validation: undefined, rows: data.rows, inputs: data.featureNames.length, scaler, classCounts: stats?.classCounts ?? [], weights: undefined };
  }
  if (data.x.rank !== 2) throw new ShapeError(`Classifier.fit: features must be [N, D], got [${data.x.shape.join(',')}]`);
  const scaler = s.standardize ? new StandardScaler().fit(data.x) : null;
  const standardised = (rows: Dataset, copy: boolean): Dataset => (scaler ? { ...rows, x: scaler.transform(rows.x, { copy }) } : rows);
  const shape = { rows: data.x.shape[0], inputs: data.x.shape[1], scaler, classCounts: balanced ? countClasses(data) : [] };
  if (sampleWeight !== undefined && sampleWeight.length !== data.x.shape[0]) {
    throw new ValueError(`Classifier.fit: sampleWeight has ${sampleWeight.length} weights for ${data.x.shape[0]} rows`);
  }
  if (s.validationSplit === 0) return { train: standardised(data, true), validation: undefined, ...shape, weights: sampleWeight };
  // fit's own split of standardised rows gives the same rows; splitting first and standardising the split's copies
  // in place spares a standardised copy of every row (the memory peak on a large file).
  const { train, test, trainIndices } = trainTestSplit(data, { testSize: s.validationSplit, seed: s.seed, stratify: canStratify(data, s.validationSplit) });
  const weights = sampleWeight && Float64Array.from(trainIndices, (row) => sampleWeight[row]);
  return { train: standardised(train, false), validation: standardised(test, false), ...shape, weights };
}

function checkSize(inputs: number, hidden: readonly number[], outputs: number): void {
  const size = parameterCount(networkShapes(inputs, hidden, outputs));
  if (size > MAX_PARAMETERS) {
    throw new ValueError(`Classifier: hidden layers [${hidden.join(', ')}] on ${inputs} features make ${size} parameters, more than ${MAX_PARAMETERS}`);
  }
}

/** `'auto'` is 1/N over the rows actually fitted, i.e. without the validation slice; with sample weights, 1/(their sum). */
function weightDecayFor(s: Settings, rows: number, weights: ArrayLike<number> | undefined): number {
  if (s.weightDecay !== 'auto') return s.weightDecay;
  if (weights !== undefined) {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    return total > 0 && Number.isFinite(total) ? 1 / total : 1;
  }
  const fitted = s.validationSplit > 0 ? rows - Math.ceil(s.validationSplit * rows) : rows;
  return 1 / Math.max(1, fitted);
}

/** Weights decay, biases do not (as scikit-learn penalises only coefficients). */
function buildOptimizer(model: Module, s: Settings, weightDecay: number): Optimizer {
  const named = model.namedParameters();
  const groups = [
    { params: named.filter(([n]) => !n.endsWith('bias')).map(([, t]) => t), weightDecay },
    { params: named.filter(([n]) => n.endsWith('bias')).map(([, t]) => t), weightDecay: 0 },
  ];
  switch (s.optimizer) {
    case 'adam':
      return new Adam(groups, { lr: s.lr });
    case 'adamw':
      return new AdamW(groups, { lr: s.lr });
    case 'sgd':
      return new SGD(groups, { lr: s.lr, momentum: s.momentum });
  }
}

function countClasses(data: Dataset): number[] {
  const counts = new Array<number>(data.classes.length).fill(0);
  for (const c of data.y) counts[c]++;
  return counts;
}

/** scikit-learn's 'balanced' weights: rows / (classes * rows of the class). */
function balancedWeights(counts: readonly number[]): number[] {
  const rows = counts.reduce((sum, n) => sum + n, 0);
  return counts.map((n) => (n === 0 ? 0 : rows / (counts.length * n)));
}

function validateSettings(s: Settings): void {
  const positiveInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`Classifier: ${name} must be a positive whole number, got ${v}`);
  };
  positiveInt('epochs', s.epochs);
  positiveInt('batchSize', s.batchSize);
  s.hidden.forEach((h) => positiveInt('hidden layer size', h));
  if (!(s.lr > 0 && Number.isFinite(s.lr))) throw new ValueError(`Classifier: lr must be a positive number, got ${s.lr}`);
  if (s.weightDecay !== 'auto' && !(s.weightDecay >= 0 && Number.isFinite(s.weightDecay))) {
    throw new ValueError(`Classifier: weightDecay must be 'auto' or a number >= 0, got ${s.weightDecay}`);
  }
  if (!(s.validationSplit >= 0 && s.validationSplit < 1)) throw new ValueError(`Classifier: validationSplit must be in [0, 1), got ${s.validationSplit}`);
  if (!Number.isInteger(s.patience) || s.patience < 0) throw new ValueError(`Classifier: patience must be a whole number >= 0, got ${s.patience}`);
  if (!['adam', 'adamw', 'sgd'].includes(s.optimizer)) throw new ValueError(`Classifier: unknown optimizer '${s.optimizer}' (adam, adamw or sgd)`);
  if (!['ce', 'bce'].includes(s.loss)) throw new ValueError(`Classifier: unknown loss '${s.loss}' (ce or bce)`);
  if (!ACTIVATIONS.includes(s.activation)) throw new ValueError(`Classifier: unknown activation '${s.activation}'`);
}

/** The training settings of a model file that are well-formed; anything else falls back to the default. */
function pickSettings(saved: Record<string, unknown>): ClassifierOptions {
  const out: Record<string, unknown> = {};
  for (const key of ['optimizer', 'lr', 'momentum', 'weightDecay', 'epochs', 'batchSize', 'seed', 'standardize', 'validationSplit', 'patience'] as const) {
    const matches = typeof saved[key] === typeof DEFAULTS[key] || (key === 'weightDecay' && typeof saved[key] === 'number');
    if (Object.hasOwn(saved, key) && matches) out[key] = saved[key];
  }
  try {
    validateSettings({ ...DEFAULTS, ...out } as Settings);
    return out as ClassifierOptions;
  } catch {
    return {};
  }
}

/** A table's rows as the dataset its encoder makes of them. */
function encodedDataset(data: LabelledTable, encoder: TableEncoder): Dataset {
  const { table, y, classes, labelName, warnings } = data;
  return { x: encoder.transform(table).x, y, classes, featureNames: encoder.featureNames, labelName, source: table.source, lines: table.lines, warnings };
}

/** Whether `rows` are JavaScript records (objects of named values), not rows of numbers. */
function isRecords(rows: Rows): rows is readonly Record<string, RecordValue>[] {
  return Array.isArray(rows) && rows.length > 0 && typeof rows[0] === 'object' && rows[0] !== null && !Array.isArray(rows[0]);
}
