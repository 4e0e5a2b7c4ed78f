// The training loop: epochs of mini-batch steps, validation, early stopping, callbacks.
import { DivergenceError, RowError, ValueError } from '../errors.js';
import { batches, type Batch, type Batches } from '../data/batches.js';
import { numRows, type Dataset } from '../data/dataset.js';
import { canStratify, trainTestSplit } from '../data/split.js';
import { isStreamingDataset, type StreamingDataset } from '../data/stream-dataset.js';
import { streamSplit } from '../data/stream-split.js';
import type { Module } from '../layers/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import { allocate, type DType, type FloatArray } from '../tensor/dtype.js';
import { noGrad } from '../tensor/grad-mode.js';
import { WasmArrays } from '../tensor/runtime/wasm.js';
import { checkNumThreads, swapNumThreads } from '../tensor/runtime/threads.js';
import { evaluateLoss, evaluateStreamLoss } from './evaluate.js';
import type { LossFunction, LossName } from './objective.js';
import { ParameterSnapshot } from './snapshot.js';
import { TrainingStep } from './training-step.js';

/** What an epoch measured; `val*` only when there is validation data. */
export interface EpochLogs {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size), as Keras reports it. */
  loss: number;
  /** Training accuracy over the epoch's batches, measured as they were trained. */
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** The learning rate the epoch ran with. */
  lr: number;
}

/** What a batch measured. */
export interface BatchLogs {
  epoch: number;
  /** 1-based within the epoch. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  loss: number;
  size: number;
}

/** Called as training goes; returning `'stop'` (or a promise of it) ends training after the current step. */
export interface Callbacks {
  onBatchEnd?(logs: BatchLogs): void | 'stop' | Promise<void | 'stop'>;
  onEpochEnd?(logs: EpochLogs): void | 'stop' | Promise<void | 'stop'>;
}

/** Keras's EarlyStopping, with its names in camelCase. */
export interface EarlyStoppingOptions {
  /** The metric to watch. Default `'valLoss'` when there is validation data, else `'loss'`. */
  monitor?: 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy';
  /** Epochs without improvement before stopping. Default 10. */
  patience?: number;
  /** The least change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Put back the weights of the best epoch when training stops. Default true (Keras's default is false). */
  restoreBest?: boolean;
}

/** Anything with an epoch `step`, such as `StepLR`; `ReduceLROnPlateau.step(metric)` receives the monitored value. */
export interface EpochScheduler {
  step(metric?: number): void;
}

/** Options of `fit`. */
export interface FitOptions {
  optimizer: Optimizer;
  /** `'ce'` (softmax cross-entropy, default), `'bce'` (one logit, two classes) or a function. */
  loss?: LossName | LossFunction;
  /** Default 100. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Seeds the batch order (and the validation split): the same seed gives the same run, bit for bit. Default 0. */
  seed?: number;
  /** Reshuffle the rows every epoch. Default true. */
  shuffle?: boolean;
  /**
   * Streaming data only: rows in the shuffle buffer that draws each epoch's order (see `batches`).
   * Default 10000; a buffer as large as the data gives exactly the in-memory order for the same seed.
   */
  shuffleBuffer?: number;
  /** Data to measure `valLoss`/`valAccuracy` on after every epoch (in memory, or a stream read once per epoch). */
  validationData?: Dataset | StreamingDataset;
  /**
   * Or: hold out this fraction of `data` for validation: stratified and seeded in memory (`trainTestSplit`);
   * for a stream, each row by a seeded hash of its position (`streamSplit`: about this fraction, not stratified),
   * measured by a pass over the held-out rows after every epoch.
   */
  validationSplit?: number;
  /** Stop when the monitored metric stops improving; `true` for the defaults. */
  earlyStopping?: EarlyStoppingOptions | boolean;
  callbacks?: Callbacks;
  /** A weight per class for the loss, e.g. to balance rare classes. */
  classWeight?: readonly number[];
  /**
   * A weight per row of `data` (scikit-learn's `sample_weight`): each row's loss counts that many times, and a batch's
   * loss is the weighted mean (times the class weights, if any). Data in memory only. Validation is unweighted.
   */
  sampleWeight?: ArrayLike<number>;
  /** Stepped once per epoch, after the epoch's last optimizer step. */
  scheduler?: EpochScheduler;
  /**
   * A batch loss more than this many times the first batch's (or 1, if larger) counts as divergence, like a
   * non-finite one: an exploding loss is garbage while finite. Default 1000; `Infinity` stops only on non-finite ones.
   */
  divergenceFactor?: number;
  /**
   * Threads (the main thread included) that large products may use in this fit's steps and validation, or
   * `'auto'`: as `setNumThreads`, but only while fit's own code runs, so callbacks and concurrent fits keep the
   * process-wide setting. Default: that setting. The trained weights are bit-identical for any number.
   */
  threads?: number | 'auto';
  /**
   * Build the graph by running the model's forward on every step, as a PyTorch loop does (Keras's `run_eagerly`).
   * Default false: fit replays a step's recorded ops (see `fit`). Set it when your model's `forward` does work
   * that is not softgrad's ops and must happen every step.
   */
  eager?: boolean;
}

/** Per-epoch metrics of a run, and how it ended. */
export interface History {
  epochs: EpochLogs[];
  stopReason: 'epochs' | 'earlyStopping' | 'callback';
  /** The epoch whose weights the model holds at the end (the best one under early stopping with restoreBest). */
  bestEpoch: number;
}

/**
 * Trains `model` on `data`. Each step is `zeroGrad → forward → loss → backward → step`, as a PyTorch loop. A
 * non-finite or exploding loss (see `divergenceFactor`), or a step that makes a weight non-finite, stops training
 * with a DivergenceError naming the epoch and batch; the model keeps the weights from before the step that caused it.
 * Outputs that are no longer finite on a validation row stop it the same way, with the epoch's weights.
 *
 * `data` may be a StreamingDataset (e.g. from `streamCsv`): each epoch then reads it in chunks through a seeded
 * shuffle buffer (`shuffleBuffer` rows), in memory that does not grow with the data. The steps are the same code: with
 * `shuffle: false`, or a buffer that holds every row, a stream trains to the same weights, bit for bit, as in memory.
 *
 * Each step's rows are gathered into the same `x` and `y` arrays, overwritten by the next step: a model or loss
 * function that keeps its `x` or `y` beyond its step must copy them.
 *
 * fit records the ops that `forward` and the loss run on the first steps of each batch size. Once two steps in a
 * row ran the same ops on the same tensors and arrays, with the same numbers, later steps replay them without calling
 * `forward` or building a graph, while the training mode of every registered module and each parameter's
 * `requiresGrad` stay: the graph's weights, bit for bit, at a fraction of its cost (a step running an op the loss does
 * not use is never replayed). What `forward` does outside softgrad's ops (touching `.data`, changing settings) is not
 * repeated then; pass `eager: true` for a model that needs it.
 * @example
 * const model = new Sequential(new Linear(4, 3, { seed: 0 }));
 * const history = await fit(model, train, { optimizer: new Adam(model.parameters(), { lr: 0.05 }), epochs: 100 });
 */
export async function fit(model: Module, data: Dataset | StreamingDataset, options: FitOptions): Promise<History> {
  const { optimizer, loss = 'ce', epochs = 100, batchSize = 32, seed = 0, shuffle = true, callbacks = {} } = options;
  if (!Number.isInteger(epochs) || epochs < 1) throw new ValueError(`fit: epochs must be a positive whole number, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`fit: batchSize must be a positive whole number, got ${batchSize}`);
  const rows = isStreamingDataset(data) ? data.rows : numRows(data);
  if (rows === 0) throw new ValueError(`fit: the training data${data.source ? ` (${data.source})` : ''} has no rows`);
  if (!isStreamingDataset(data) && data.y.length !== rows) throw new ValueError('fit: the training data has no labels');
  checkClassWeight(options.classWeight, data.classes.length);
  const threads = options.threads === undefined ? undefined : checkNumThreads(options.threads, 'fit');
  const { train, validation, trainRows } = validationSplit(data, options.validationData, options.validationSplit, seed);
  const sampleWeight = options.sampleWeight && trainWeights(checkSampleWeight(options.sampleWeight, data), trainRows);
  const stopping = EarlyStopping.of(options.earlyStopping, validation !== undefined, model);

  // The batches' rows live in wasm memory while fit runs, where the products read them without copying them in.
  const wasmArrays = new WasmArrays();
  const place = (dtype: DType, length: number): FloatArray => (dtype === 'float32' && wasmArrays.float32(length)) || allocate(dtype, length);
  const loader = batches(train, { batchSize, shuffle, seed, shuffleBuffer: options.shuffleBuffer, reuse: true, allocate: place });
  const step = new TrainingStep(model, optimizer, loss, options.classWeight, options.divergenceFactor ?? 1000, options.eager ?? false, sampleWeight);
  const history: History = { epochs: [], stopReason: 'epochs', bestEpoch: 0 };
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      model.train();
      // The first group's rate: groups may differ, and a schedule may move them apart.
      const lr = optimizer.paramGroups[0].lr;
      const { logs, stopped } = await trainEpoch(step, loader, isStreamingDataset(train), { epoch, lr, threads, callbacks });
      if (validation) Object.assign(logs, await validate(model, validation, loss, threads, { epoch, batch: loader.length, lr }));
      history.epochs.push(logs);
      history.bestEpoch = epoch;
      options.scheduler?.step(stopping ? (logs[stopping.monitor] as number) : logs.valLoss ?? logs.loss);
      const epochEnd = callbacks.onEpochEnd?.(logs);
      if ((isPromiseLike(epochEnd) ? await epochEnd : epochEnd) === 'stop' || stopped) {
        history.stopReason = 'callback';
        break;
      }
      if (stopping?.update(logs) === 'stop') {
        history.stopReason = 'earlyStopping';
        break;
      }
    }
  } finally {
    wasmArrays.release();
  }
  stopping?.restoreBest(history);
  model.eval();
  return history;
}

/** One epoch of steps over `loader`: its training loss and accuracy, and whether onBatchEnd asked to stop. */
async function trainEpoch(
  step: TrainingStep,
  loader: Batches,
  streamed: boolean,
  { epoch, lr, threads, callbacks }: { epoch: number; lr: number; threads: number | 'auto' | undefined; callbacks: Callbacks },
): Promise<{ logs: EpochLogs; stopped: boolean }> {
  let lossSum = 0, correct = 0, seen = 0, batch = 0;
  const trainOn = ({ x, y, indices }: Batch): ReturnType<NonNullable<Callbacks['onBatchEnd']>> => {
    batch++;
    const lossValue = threads === undefined ? step.run(x, y, indices, epoch, batch, lr) : withThreads(threads, () => step.run(x, y, indices, epoch, batch, lr));
    lossSum += lossValue * y.length;
    correct += step.correct;
    seen += y.length;
    return callbacks.onBatchEnd?.({ epoch, batch, batches: loader.length, loss: lossValue, size: y.length });
  };
  let stopped = false;
  if (streamed) {
    for await (const b of loader) if ((stopped = (await trainOn(b)) === 'stop')) break;
  } else {
    // In memory the batches come synchronously: a promise is awaited only when onBatchEnd returns one, since
    // `for await` would wait a turn of the microtask queue per step.
    for (const b of loader) {
      const result = trainOn(b);
      if ((stopped = (isPromiseLike(result) ? await result : result) === 'stop')) break;
    }
  }
  return { logs: { epoch, loss: lossSum / seen, accuracy: correct / seen, lr }, stopped };
}

/** The rows to train on and those to validate on: `validationData`, or a `validationSplit` of `data`. */
function validationSplit(
  data: Dataset | StreamingDataset,
  validationData: Dataset | StreamingDataset | undefined,
  split: number | undefined,
  seed: number,
): { train: Dataset | StreamingDataset; validation: Dataset | StreamingDataset | undefined; trainRows?: Int32Array } {
  if (split === undefined) return { train: data, validation: validationData };
  if (validationData) throw new ValueError('fit: give validationData or validationSplit, not both');
  if (!(split > 0 && split < 1)) throw new ValueError(`fit: validationSplit must be between 0 and 1, got ${split}`);
  if (isStreamingDataset(data)) {
    const { train, test } = streamSplit(data, { testSize: split, seed });
    return { train, validation: test };
  }
  const { train, test, trainIndices } = trainTestSplit(data, { testSize: split, seed, stratify: canStratify(data, split) });
  return { train, validation: test, trainRows: trainIndices };
}

/** The sample weights checked: one finite weight >= 0 per row of data in memory, not all zero. */
function checkSampleWeight(weights: ArrayLike<number>, data: Dataset | StreamingDataset): Float64Array {
  if (isStreamingDataset(data)) throw new ValueError('fit: sampleWeight needs the data in memory; a stream has no row numbers to weigh');
  if (weights.length !== numRows(data)) throw new ValueError(`fit: sampleWeight has ${weights.length} weights for ${numRows(data)} rows`);
  const out = Float64Array.from(weights);
  const bad = out.findIndex((w) => !(w >= 0 && Number.isFinite(w)));
  if (bad >= 0) throw new ValueError(`fit: sampleWeight[${bad}] = ${weights[bad]} must be finite and >= 0`);
  if (out.every((w) => w === 0)) throw new ValueError('fit: every sampleWeight is 0; no row would count');
  return out;
}

/** The weights of the rows trained on, when fit held some out for validation. */
function trainWeights(weights: Float64Array, trainRows: Int32Array | undefined): Float64Array {
  return trainRows === undefined ? weights : Float64Array.from(trainRows, (row) => weights[row]);
}

/**
 * The validation loss and accuracy after an epoch, with fit's `threads` for the synchronous work. Outputs that are
 * not finite on a validation row end training with a DivergenceError (the row's index is into the validation rows).
 */
async function validate(
  model: Module,
  data: Dataset | StreamingDataset,
  loss: LossName | LossFunction,
  threads: number | 'auto' | undefined,
  at: { epoch: number; batch: number; lr: number },
): Promise<{ valLoss: number; valAccuracy: number }> {
  model.eval();
  const within = <T>(work: () => T): T => withThreads(threads, () => noGrad(work));
  try {
    const v = isStreamingDataset(data) ? await evaluateStreamLoss(model, data, loss, within) : within(() => evaluateLoss(model, data, loss));
    return { valLoss: v.loss, valAccuracy: v.accuracy };
  } catch (error) {
    if (!(error instanceof RowError)) throw error;
    throw new DivergenceError(
      `training diverged at epoch ${at.epoch}: the model's outputs on validation row ${error.row + 1} are not finite. The weights have grown too large (try a lower learning rate, it was ${at.lr}), or the row is far outside the training data.`,
      at.epoch,
      at.batch,
    );
  }
}

/** Keras's EarlyStopping: watches a metric, says when to stop, and puts back the best epoch's weights. */
class EarlyStopping {
  private bestValue = Infinity;
  private bestEpoch = 0;
  private waited = 0;
  private readonly best: ParameterSnapshot;

  private constructor(
    readonly monitor: NonNullable<EarlyStoppingOptions['monitor']>,
    private readonly patience: number,
    private readonly minDelta: number,
    private readonly restoreBestWeights: boolean,
    model: Module,
  ) {
    this.best = new ParameterSnapshot(model.parameters());
  }

  static of(option: FitOptions['earlyStopping'], hasValidation: boolean, model: Module): EarlyStopping | null {
    if (!option) return null;
    const o = option === true ? {} : option;
    const monitor = o.monitor ?? (hasValidation ? 'valLoss' : 'loss');
    if (monitor.startsWith('val') && !hasValidation) {
      throw new ValueError(`fit: earlyStopping monitors '${monitor}' but there is no validationData or validationSplit`);
    }
    const patience = o.patience ?? 10;
    if (!Number.isInteger(patience) || patience < 0) throw new ValueError(`fit: earlyStopping.patience must be a whole number >= 0, got ${patience}`);
    return new EarlyStopping(monitor, patience, o.minDelta ?? 0, o.restoreBest ?? true, model);
  }

  /** Records an epoch's logs; 'stop' once the metric has not improved for `patience` epochs. */
  update(logs: EpochLogs): 'stop' | undefined {
    const value = logs[this.monitor] as number;
    // Accuracies are maximised: negated, every metric is minimised.
    const signed = this.monitor === 'accuracy' || this.monitor === 'valAccuracy' ? -value : value;
    if (signed < this.bestValue - this.minDelta) {
      this.bestValue = signed;
      this.bestEpoch = logs.epoch;
      this.waited = 0;
      this.best.save();
    } else if (++this.waited >= this.patience) { return 'stop'; }
    return undefined;
  }

  /** Puts back the best epoch's weights (with `restoreBest`) and names that epoch in `history`. */
  restoreBest(history: History): void {
    if (!this.restoreBestWeights || this.bestEpoch === 0) return;
    this.best.restore();
    history.bestEpoch = this.bestEpoch;
  }
}

function checkClassWeight(classWeight: readonly number[] | undefined, classes: number): void {
  if (classWeight === undefined) return;
  if (classWeight.length !== classes) throw new ValueError(`fit: classWeight has ${classWeight.length} weights for ${classes} classes`);
  for (const w of classWeight) if (!(w >= 0 && Number.isFinite(w))) throw new ValueError(`fit: classWeight ${w} must be finite and >= 0`);
}

/**
 * Runs `fn` with `threads` as the thread setting (undefined: as it is) and puts the caller's back: `fn` must be
 * synchronous, so that another fit awaiting in between never runs under this one's setting.
 */
function withThreads<T>(threads: number | 'auto' | undefined, fn: () => T): T {
  if (threads === undefined) return fn();
  const outer = swapNumThreads(threads);
  try {
    return fn();
  } finally {
    swapNumThreads(outer);
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}
