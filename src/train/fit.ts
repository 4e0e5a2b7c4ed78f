// The training loop: mini-batches, loss, backward, optimizer step; validation, early stopping, callbacks.
import { DivergenceError, ValueError } from '../errors.js';
import { Batches, batches, type PendingBatch } from '../data/batches.js';
import { numRows, type Dataset } from '../data/dataset.js';
import { canStratify, trainTestSplit } from '../data/split.js';
import { streamBatches } from '../data/stream-batches.js';
import { isStreamingDataset, type StreamingDataset } from '../data/stream-dataset.js';
import { streamSplit } from '../data/stream-split.js';
import { keepsNoTensors } from '../layers/keeps-no-tensors.js';
import type { Module } from '../layers/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import { noGrad } from '../tensor/grad-mode.js';
import { checkNumThreads, swapNumThreads } from '../tensor/kernels/threads.js';
import { StepBuffers, useStepBuffers } from '../tensor/step-buffers.js';
import { FusedStep } from './fused-step.js';
import type { Tensor } from '../tensor/tensor.js';
import { batchLoss, countCorrect, type LossFunction, type LossName } from './objective.js';
import { evaluateLoss } from './predict.js';
import { allFinite, ParameterSnapshot } from './snapshot.js';

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
  /** The optimizer over the model's parameters. */
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
   * Streaming data only: rows in the shuffle buffer that draws each epoch's order (see `streamBatches`).
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
  /** Stepped once per epoch, after the epoch's last optimizer step. */
  scheduler?: EpochScheduler;
  /**
   * A batch loss more than this many times the first batch's (or 1, if larger) counts as divergence,
   * like a non-finite one: a loss that explodes is garbage even while it is still finite. Default 1000;
   * `Infinity` stops only on non-finite losses.
   */
  divergenceFactor?: number;
  /**
   * Threads (the main thread included) that large products may use in this fit's steps and validation, or
   * `'auto'` (the cores available, up to 4): as `setNumThreads`, but only while fit's own code runs, so other
   * code (callbacks, another fit running at the same time) keeps the process-wide setting. Default: the
   * process-wide setting (`'auto'` unless changed). The trained weights are bit-identical for any number.
   */
  threads?: number | 'auto';
}

/** Per-epoch metrics of a run, and how it ended. */
export interface History {
  epochs: EpochLogs[];
  /** Why training ended. */
  stopReason: 'epochs' | 'earlyStopping' | 'callback';
  /** The epoch whose weights the model holds at the end (the best one under early stopping with restoreBest). */
  bestEpoch: number;
}

/**
 * Trains `model` on `data`. Each step is `zeroGrad → forward → loss → backward → step`, as a PyTorch
 * loop. A non-finite or exploding loss (see `divergenceFactor`), or a step that makes a weight
 * non-finite, stops training with a DivergenceError naming the epoch and batch; the model keeps the
 * weights from before the step that caused it.
 *
 * `data` may be a StreamingDataset (e.g. from `streamCsv`): each epoch then reads it in chunks through a seeded
 * shuffle buffer (`shuffleBuffer` rows), in memory that does not grow with the data. The steps are the same
 * code: with `shuffle: false`, or a buffer that holds every row, a stream trains to the same weights, bit for
 * bit, as the same rows in memory.
 *
 * In memory, the shuffled rows of each step are gathered into the same `x` and `y` arrays, overwritten by
 * the next step: a model or loss function that keeps its `x` or `y` beyond its step must copy them. The
 * scratch arrays of the backward pass (gradients of intermediate results, what the loss saves for its
 * backward) are reused from step to step as well, and so are the layer outputs when the model is made only
 * of softgrad's own layers and the loss is `'ce'` or `'bce'`: then no other code sees them. A model of
 * your own modules, or a loss function, gets fresh outputs every step, so tensors it keeps stay intact.
 *
 * The usual model, a Sequential (or a single Linear) of `Linear`, `ReLU`, `LeakyReLU`, `Sigmoid` and `Tanh`
 * under `'ce'` (or `'bce'` without `classWeight`), steps without building a graph: the same kernels run in the
 * same order straight over buffers kept for the whole fit, so the weights are bit-identical to a graph step's,
 * at a fraction of its overhead per step (W1: 2.6x a hand-written loop's time with the graph, 1.5-2.0x without).
 * @example
 * const model = new Sequential(new Linear(4, 3, { seed: 0 }));
 * const history = await fit(model, train, { optimizer: new Adam(model.parameters(), { lr: 0.05 }), epochs: 100 });
 */
export async function fit(model: Module, data: Dataset | StreamingDataset, options: FitOptions): Promise<History> {
  const { optimizer, loss = 'ce', epochs = 100, batchSize = 32, seed = 0, shuffle = true, callbacks = {}, divergenceFactor = 1000 } = options;
  if (!Number.isInteger(epochs) || epochs < 1) throw new ValueError(`fit: epochs must be a positive whole number, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`fit: batchSize must be a positive whole number, got ${batchSize}`);
  const rows = isStreamingDataset(data) ? data.rows : numRows(data);
  if (rows === 0) throw new ValueError(`fit: the training data${data.source ? ` (${data.source})` : ''} has no rows`);
  if (!isStreamingDataset(data) && data.y.length !== rows) throw new ValueError('fit: the training data has no labels');
  checkClassWeight(options.classWeight, data.classes.length);
  const threads = options.threads === undefined ? undefined : checkNumThreads(options.threads, 'fit');

  let train = data;
  let validation = options.validationData;
  if (options.validationSplit !== undefined) {
    if (validation) throw new ValueError('fit: give validationData or validationSplit, not both');
    const split = options.validationSplit;
    if (!(split > 0 && split < 1)) throw new ValueError(`fit: validationSplit must be between 0 and 1, got ${split}`);
    if (isStreamingDataset(data)) ({ train, test: validation } = streamSplit(data, { testSize: split, seed }));
    else ({ train, test: validation } = trainTestSplit(data, { testSize: split, seed, stratify: canStratify(data, split) }));
  }
  const stopping = earlyStoppingSettings(options.earlyStopping, validation !== undefined);

  const params = model.parameters();
  const lastFinite = new ParameterSnapshot(params);
  const best = stopping ? new ParameterSnapshot(params) : null;
  let bestValue = Infinity;
  let bestEpoch = 0;
  let waited = 0;
  const loader = isStreamingDataset(train)
    ? streamBatches(train, { batchSize, shuffle, seed, shuffleBuffer: options.shuffleBuffer })
    : batches(train, { batchSize, shuffle, seed });
  // Layer outputs too, when no code but softgrad's can see them: built-in layers and a built-in loss.
  const stepBuffers = new StepBuffers(typeof loss === 'string' && keepsNoTensors(model));
  // The usual model (Linear and activation layers, a built-in loss) steps without a graph: see FusedStep.
  const fused = FusedStep.plan(model, loss, options.classWeight);
  const history: History = { epochs: [], stopReason: 'epochs', bestEpoch: 0 };
  let lossLimit = Infinity;

  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    // The first group's rate: groups may differ, and a schedule may move them apart.
    const lr = optimizer.paramGroups[0].lr;
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let batch = 0;
    let stop = false;
    // One step on one batch; returns what onBatchEnd returned, which runs with the caller's thread setting.
    const step = (x: Tensor, y: Int32Array, pending: PendingBatch | null): ReturnType<NonNullable<Callbacks['onBatchEnd']>> => {
      batch++;
      const lossValue = threads === undefined ? trainStep(x, y, pending) : withThreads(threads, () => trainStep(x, y, pending));
      lossSum += lossValue * y.length;
      seen += y.length;
      return callbacks.onBatchEnd?.({ epoch, batch, batches: loader.length, loss: lossValue, size: y.length });
    };
    // Throws a DivergenceError for a non-finite or exploding batch loss, with the weights from before the last step put back.
    const checkLoss = (lossValue: number): void => {
      if (lossLimit === Infinity) lossLimit = divergenceFactor * Math.max(Math.abs(lossValue), 1);
      if (Number.isFinite(lossValue) && lossValue <= lossLimit) return;
      // The weights that gave this loss came from the last step: put back the ones from before it.
      lastFinite.restore();
      const what = Number.isFinite(lossValue)
        ? `the loss rose to ${lossValue.toPrecision(3)}, more than ${divergenceFactor} times its starting value`
        : `the loss is ${lossValue}`;
      throw diverged(what, epoch, batch, lr);
    };
    // The optimizer's step, with the weights from before it kept: put back, with a DivergenceError, if it made them non-finite.
    const optimizerStep = (): void => {
      lastFinite.save();
      optimizer.step();
      if (!allFinite(params)) {
        lastFinite.restore();
        throw diverged('the step made the weights non-finite', epoch, batch, lr);
      }
    };
    // zeroGrad, forward, loss, backward, optimizer step; counts the batch's right predictions; returns its loss.
    // `pending`: a batch from `loader` whose rows are not in `x` yet (see Batches.reusingBuffers).
    const trainStep = (x: Tensor, y: Int32Array, pending: PendingBatch | null): number => {
      if (fused !== null && fused.accepts(x, y)) return fusedStep(fused, x, y, pending);
      if (pending !== null) (loader as Batches).fillRows(pending);
      optimizer.zeroGrad();
      // Autograd's scratch arrays (and the outputs, see stepBuffers) come from buffers the next step reuses;
      // the optimizer's code runs outside, so even an optimizer of a user's own is never handed one.
      stepBuffers.recycle();
      const outer = useStepBuffers(stepBuffers);
      let logits: Tensor;
      let lossValue: number;
      try {
        logits = model.forward(x);
        const value = batchLoss(loss, logits, y, options.classWeight);
        lossValue = value.item();
        checkLoss(lossValue);
        value.backward();
      } finally {
        useStepBuffers(outer);
      }
      optimizerStep();
      correct += countCorrect(loss, logits.data, logits.shape[0], logits.shape[1], y);
      return lossValue;
    };
    // trainStep on FusedStep: the same step, checks and errors, with no graph.
    const fusedStep = (step: FusedStep, x: Tensor, y: Int32Array, pending: PendingBatch | null): number => {
      optimizer.zeroGrad();
      const lossValue = pending?.pending ? step.forwardRows((train as Dataset).x.data, pending.indices, y) : step.forward(x, y);
      checkLoss(lossValue);
      step.backward();
      optimizerStep();
      correct += step.correct;
      return lossValue;
    };
    if (loader instanceof Batches) {
      // In memory the batches come synchronously, and `for await` would wait a turn of the microtask queue
      // per step (W1: 67 -> 62 ms without): a promise is awaited only when onBatchEnd returns one.
      // fit is done with a batch before it takes the next, so the batches can share their arrays.
      // With a fused step, shuffled rows are left where they are until the step has seen the batch: it gathers
      // them itself (into wasm memory, where its products read them in place) or reads them where they are.
      for (const batch of loader.reusingBuffers(fused !== null)) {
        const result = step(batch.x, batch.y, batch);
        if ((isPromiseLike(result) ? await result : result) === 'stop') {
          stop = true;
          break;
        }
      }
    } else {
      for await (const { x, y } of loader) {
        if ((await step(x, y, null)) === 'stop') {
          stop = true;
          break;
        }
      }
    }
    const logs: EpochLogs = { epoch, loss: lossSum / seen, accuracy: correct / seen, lr };
    if (validation) {
      model.eval();
      const validationData = validation;
      const v = isStreamingDataset(validationData)
        ? await streamLoss(model, validationData, loss, threads)
        : withThreads(threads, () => noGrad(() => evaluateLoss(model, validationData, loss)));
      logs.valLoss = v.loss;
      logs.valAccuracy = v.accuracy;
    }
    history.epochs.push(logs);
    history.bestEpoch = epoch;
    options.scheduler?.step(stopping ? (logs[stopping.monitor] as number) : logs.valLoss ?? logs.loss);
    // Awaited only when it returns a promise: a run with no callback never waits a turn per epoch.
    const epochEnd = callbacks.onEpochEnd?.(logs);
    if ((isPromiseLike(epochEnd) ? await epochEnd : epochEnd) === 'stop' || stop) {
      history.stopReason = 'callback';
      break;
    }
    if (stopping && best) {
      const monitored = signedMetric(logs, stopping.monitor);
      if (monitored < bestValue - stopping.minDelta) {
        bestValue = monitored;
        bestEpoch = epoch;
        waited = 0;
        best.save();
      } else if (++waited >= stopping.patience) {
        history.stopReason = 'earlyStopping';
        break;
      }
    }
  }
  if (stopping?.restoreBest && best && bestEpoch > 0) {
    best.restore();
    history.bestEpoch = bestEpoch;
  }
  model.eval();
  return history;
}

/**
 * Mean (unweighted) loss and accuracy over a labelled stream, one pass in chunks: `evaluateLoss` for data
 * that is not held in memory.
 */
export async function evaluateStreamLoss(
  model: Module,
  data: StreamingDataset,
  loss: LossName | LossFunction = 'ce',
): Promise<{ loss: number; accuracy: number }> {
  return streamLoss(model, data, loss, undefined);
}

/** `evaluateStreamLoss` with fit's `threads` (undefined: the process-wide setting) for each chunk's products. */
async function streamLoss(
  model: Module,
  data: StreamingDataset,
  loss: LossName | LossFunction,
  threads: number | 'auto' | undefined,
): Promise<{ loss: number; accuracy: number }> {
  let total = 0;
  let correct = 0;
  let rows = 0;
  for await (const { x, y } of data.chunks()) {
    const chunk = { x, y, classes: data.classes, featureNames: data.featureNames, labelName: data.labelName };
    const measured = withThreads(threads, () => noGrad(() => evaluateLoss(model, chunk, loss)));
    total += measured.loss * y.length;
    correct += measured.correct;
    rows += y.length;
  }
  if (rows === 0) throw new ValueError(`evaluate: the stream${data.source ? ` (${data.source})` : ''} has no rows`);
  return { loss: total / rows, accuracy: correct / rows };
}

interface StoppingSettings {
  monitor: NonNullable<EarlyStoppingOptions['monitor']>;
  patience: number;
  minDelta: number;
  restoreBest: boolean;
}

function earlyStoppingSettings(option: FitOptions['earlyStopping'], hasValidation: boolean): StoppingSettings | null {
  if (!option) return null;
  const o = option === true ? {} : option;
  const monitor = o.monitor ?? (hasValidation ? 'valLoss' : 'loss');
  if (monitor.startsWith('val') && !hasValidation) {
    throw new ValueError(`fit: earlyStopping monitors '${monitor}' but there is no validationData or validationSplit`);
  }
  const patience = o.patience ?? 10;
  if (!Number.isInteger(patience) || patience < 0) throw new ValueError(`fit: earlyStopping.patience must be a whole number >= 0, got ${patience}`);
  return { monitor, patience, minDelta: o.minDelta ?? 0, restoreBest: o.restoreBest ?? true };
}

/** The monitored metric as a number to minimise (accuracies are negated). */
function signedMetric(logs: EpochLogs, monitor: StoppingSettings['monitor']): number {
  const value = logs[monitor] as number;
  return monitor === 'accuracy' || monitor === 'valAccuracy' ? -value : value;
}

function checkClassWeight(classWeight: readonly number[] | undefined, classes: number): void {
  if (classWeight === undefined) return;
  if (classWeight.length !== classes) {
    throw new ValueError(`fit: classWeight has ${classWeight.length} weights for ${classes} classes`);
  }
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

function diverged(what: string, epoch: number, batch: number, lr: number): DivergenceError {
  return new DivergenceError(
    `training diverged at epoch ${epoch}, batch ${batch}: ${what}. The model keeps the weights from before the step that caused it; try a lower learning rate (it was ${lr}).`,
    epoch,
    batch,
  );
}
