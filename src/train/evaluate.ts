// Inference in fixed-size chunks, in memory or over a stream: probabilities, classes, loss and metrics.
import { RowError, ValueError } from '../errors.js';
import { numRows, type Dataset } from '../data/dataset.js';
import { inChunk, type StreamingDataset } from '../data/stream-dataset.js';
import type { Module } from '../layers/module.js';
import { classificationReport } from '../metrics/classification-report.js';
import { confusionMatrix } from '../metrics/confusion-matrix.js';
import { precisionRecallF1 } from '../metrics/precision-recall-f1.js';
import { noGrad } from '../tensor/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';
import { batchLoss, predictedClasses, probabilitiesFromLogits, type LossFunction, type LossName } from './objective.js';

// Rows per forward pass: bounds the memory of inference on a large file.
const CHUNK = 4096;

/** How inference reads rows. */
export interface InferenceOptions {
  /**
   * Makes a chunk of rows the model's input (e.g. a scaler's `transform`): applied chunk by chunk, so that no
   * transformed copy of all the rows is ever held. Default: the rows as they are.
   */
  transform?: (rows: Tensor) => Tensor;
}

/**
 * Calls `visit` with the logits of consecutive chunks of rows of `x` (`[N, D]`), in eval mode and without a graph. A
 * row whose logits are not finite is a RowError: its probabilities would be NaN, and its class an arbitrary one.
 */
function forEachChunk(model: Module, x: Tensor, visit: (logits: Tensor, start: number) => void, { transform }: InferenceOptions = {}): void {
  const [n, d] = x.shape;
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let start = 0; start < n; start += CHUNK) {
        const end = Math.min(n, start + CHUNK);
        const rows = new Tensor(x.data.subarray(start * d, end * d), [end - start, d]);
        const logits = model.forward(transform ? inChunk(start, () => transform(rows)) : rows);
        const bad = logits.data.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) throw new RowError(`the model's outputs are not finite (${logits.data[bad]}): the row's values are too far from the training data`, start + Math.floor(bad / (logits.size / (end - start))));
        visit(logits, start);
      }
    });
  } finally {
    model.train(wasTraining);
  }
}

/** The mean loss and accuracy of labelled rows measured chunk by chunk. */
class LossMeter {
  private total = 0;
  private correct = 0;
  private rows = 0;

  constructor(private readonly loss: LossName | LossFunction) {}

  /** Adds a chunk's logits and labels; writes its predicted classes into `predictions`. */
  add(logits: Tensor, y: Int32Array, predictions: Int32Array): void {
    this.total += batchLoss(this.loss, logits, y).item() * y.length;
    this.correct += predictedClasses(this.loss, logits, predictions, y);
    this.rows += y.length;
  }

  result(): { loss: number; accuracy: number; correct: number } {
    return { loss: this.total / this.rows, accuracy: this.correct / this.rows, correct: this.correct };
  }
}

/** Class probabilities `[N, C]` (float64) for the rows of `x`, from a model trained with `loss`. */
export function predictProba(model: Module, x: Tensor, loss: LossName | LossFunction = 'ce', options: InferenceOptions = {}): Tensor {
  let out: Float64Array | null = null;
  let classes = 0;
  forEachChunk(model, x, (logits, start) => {
    const p = probabilitiesFromLogits(loss, logits);
    classes = p.length / logits.shape[0];
    out ??= new Float64Array(x.shape[0] * classes);
    out.set(p, start * classes);
  }, options);
  return new Tensor(out ?? new Float64Array(0), [x.shape[0], classes]);
}

/** The predicted class index of each row of `x`. */
export function predict(model: Module, x: Tensor, loss: LossName | LossFunction = 'ce', options: InferenceOptions = {}): Int32Array {
  const out = new Int32Array(x.shape[0]);
  forEachChunk(model, x, (logits, start) => predictedClasses(loss, logits, out.subarray(start)), options);
  return out;
}

/** Mean (unweighted) loss, accuracy and the predicted classes over a labelled dataset. */
export function evaluateLoss(
  model: Module,
  data: Dataset,
  loss: LossName | LossFunction = 'ce',
  options: InferenceOptions = {},
): { loss: number; accuracy: number; correct: number; predictions: Int32Array } {
  const y = data.y;
  if (y.length !== numRows(data)) throw new ValueError('evaluate: the dataset has no labels');
  const predictions = new Int32Array(y.length);
  const meter = new LossMeter(loss);
  forEachChunk(model, data.x, (logits, start) => {
    const end = start + logits.shape[0];
    meter.add(logits, y.subarray(start, end), predictions.subarray(start, end));
  }, options);
  return { ...meter.result(), predictions };
}

/**
 * Mean (unweighted) loss and accuracy over a labelled stream, in one pass of chunks: `evaluateLoss` for data that
 * is not held in memory. `within` runs each chunk's synchronous work (fit runs it under its thread setting).
 * @example
 * const { loss, accuracy } = await evaluateStreamLoss(model, await streamCsv('big.csv'));
 */
export async function evaluateStreamLoss(
  model: Module,
  data: StreamingDataset,
  loss: LossName | LossFunction = 'ce',
  within: <T>(work: () => T) => T = (work) => work(),
): Promise<{ loss: number; accuracy: number }> {
  const meter = new LossMeter(loss);
  let rows = 0;
  for await (const { x, y, start: chunkStart } of data.chunks()) {
    if (y.length !== x.shape[0]) throw new ValueError(`evaluate: the stream${data.source ? ` (${data.source})` : ''} has no labels`);
    inChunk(chunkStart, () => within(() => forEachChunk(model, x, (logits, start) => meter.add(logits, y.subarray(start, start + logits.shape[0]), new Int32Array(logits.shape[0])))));
    rows += y.length;
  }
  if (rows === 0) throw new ValueError(`evaluate: the stream${data.source ? ` (${data.source})` : ''} has no rows`);
  const { loss: meanLoss, accuracy } = meter.result();
  return { loss: meanLoss, accuracy };
}

/** Everything `evaluate` measures. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  /** Rows: true class; columns: predicted class (scikit-learn's layout). */
  confusionMatrix: number[][];
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  /** A text table like scikit-learn's `classification_report`. */
  report: string;
  predictions: Int32Array;
}

/**
 * Loss, accuracy, confusion matrix, per-class precision/recall/F1 and a classification report for a labelled dataset.
 * @example
 * const { accuracy, report } = evaluate(model, test);
 */
export function evaluate(model: Module, data: Dataset, loss: LossName | LossFunction = 'ce', options: InferenceOptions = {}): Evaluation {
  const { loss: meanLoss, predictions } = evaluateLoss(model, data, loss, options);
  const numClasses = data.classes.length;
  const scores = precisionRecallF1(data.y, predictions, { numClasses });
  return {
    loss: meanLoss,
    accuracy: scores.accuracy,
    macroF1: scores.macro.f1,
    weightedF1: scores.weighted.f1,
    confusionMatrix: confusionMatrix(data.y, predictions, numClasses),
    precision: Array.from(scores.precision),
    recall: Array.from(scores.recall),
    f1: Array.from(scores.f1),
    support: Array.from(scores.support),
    report: classificationReport(data.y, predictions, { classNames: data.classes }),
    predictions,
  };
}
