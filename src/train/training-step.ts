// fit's optimizer step: the graph the model's forward builds, or the step recorded from it run again; divergence checks.
import { DivergenceError } from '../errors.js';
import type { Module } from '../layers/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import { recordingOps } from '../tensor/grad-mode.js';
import { RecordedStep } from '../tensor/recorded-step.js';
import type { Tensor } from '../tensor/tensor.js';
import { batchLoss, predictedClasses, type LossFunction, type LossName } from './objective.js';
import { allFinite, ParameterSnapshot } from './snapshot.js';

/** What fit knows of the steps on one batch tensor (the batcher refills one tensor per batch size). */
interface Recordings {
  /** The labels array the batcher pairs with the tensor. */
  y: Int32Array;
  /** The last step recorded on it. */
  last: RecordedStep | null;
  /** A step recorded twice alike in a row, which runs again while the model's modes and grad flags hold. */
  replay: RecordedStep | null;
  /** The model's output in `replay`, whose values each run rewrites. */
  logits: Tensor | null;
  /** Every module, and its training flag, when `replay` was recorded. */
  modules: Module[];
  modes: boolean[];
}

/**
 * `zeroGrad → forward → loss → backward → step` on one batch, as a PyTorch loop writes it. Once two steps in a row on
 * a batch tensor recorded the same ops (see `RecordedStep.matches`), later steps run that recording instead of the
 * model's forward: the graph's values, bit for bit (`eager` builds the graph every step). A non-finite or exploding
 * loss, or a step that leaves a weight non-finite, throws a DivergenceError with the weights from before it put back.
 */
export class TrainingStep {
  private readonly params: Tensor[];
  private readonly lastFinite: ParameterSnapshot;
  private readonly recordings = new Map<Tensor, Recordings>();
  private lossLimit = Infinity;
  /** How many rows the last step's logits predicted right, and the predicted classes it counted. */
  correct = 0;
  private predictions = new Int32Array(0);
  /** A batch's sample weights, one array per batch's label array (fit reuses those), so that a replay reads them. */
  private readonly batchWeights = new Map<Int32Array, Float64Array>();

  constructor(
    private readonly model: Module,
    private readonly optimizer: Optimizer,
    private readonly loss: LossName | LossFunction,
    private readonly classWeight: readonly number[] | undefined,
    private readonly divergenceFactor: number,
    private readonly eager: boolean,
    /** The sample weight of each training row, looked up by a batch's row indices. */
    private readonly sampleWeight?: Float64Array,
  ) {
    this.params = model.parameters();
    this.lastFinite = new ParameterSnapshot(this.params);
  }

  /**
   * One step on batch `x` with labels `y` (rows `rows` of the training data), the `batch`th of epoch `epoch` at rate
   * `lr`; returns its loss.
   */
  run(x: Tensor, y: Int32Array, rows: Int32Array, epoch: number, batch: number, lr: number): number {
    const rowWeight = this.sampleWeight && this.weightsOf(y, rows, this.sampleWeight);
    const recordings = this.recordings.get(x);
    const replay = recordings?.replay;
    this.optimizer.zeroGrad();
    let logits: Tensor;
    let lossValue: number;
    if (replay && recordings.y === y && replay.canRun() && modesAre(recordings)) {
      replay.run();
      lossValue = replay.loss.item();
      this.checkLoss(lossValue, epoch, batch, lr);
      replay.backward();
      logits = recordings.logits!;
    } else {
      const forward = (): [Tensor, Tensor] => {
        const z = this.model.forward(x);
        return [z, batchLoss(this.loss, z, y, this.classWeight, rowWeight)];
      };
      const [[z, loss], outputs] = this.eager ? [forward(), null] : recordingOps(forward);
      logits = z;
      lossValue = loss.item();
      this.checkLoss(lossValue, epoch, batch, lr);
      if (outputs) {
        this.remember(x, y, logits, RecordedStep.record(loss, outputs));
        // What only the recording kept goes, as backward() releases the graph: a tensor the model keeps links no step to the next.
        for (const t of outputs) if (t.backwardFn === null) t.parents = t.op = null;
      }
      loss.backward();
    }
    this.lastFinite.save();
    this.optimizer.step();
    if (!allFinite(this.params)) {
      this.lastFinite.restore();
      throw diverged('the step made the weights non-finite', epoch, batch, lr);
    }
    if (this.predictions.length < y.length) this.predictions = new Int32Array(y.length);
    this.correct = predictedClasses(this.loss, logits, this.predictions, y);
    return lossValue;
  }

  /** The batch's sample weights, in the array kept for its label array. */
  private weightsOf(y: Int32Array, rows: Int32Array, sampleWeight: Float64Array): Float64Array {
    let weights = this.batchWeights.get(y);
    if (weights === undefined || weights.length !== y.length) this.batchWeights.set(y, (weights = new Float64Array(y.length)));
    for (let i = 0; i < rows.length; i++) weights[i] = sampleWeight[rows[i]];
    return weights;
  }

  /** Keeps the step just recorded on `x`; it replays from the next step when it matches the one before. */
  private remember(x: Tensor, y: Int32Array, logits: Tensor, step: RecordedStep | null): void {
    let recordings = this.recordings.get(x);
    if (recordings === undefined) {
      recordings = { y, last: null, replay: null, logits: null, modules: [], modes: [] };
      this.recordings.set(x, recordings);
    }
    const alike = step !== null && recordings.last !== null && recordings.y === y && step.matches(recordings.last);
    recordings.replay = alike ? step : null;
    recordings.logits = alike ? logits : null;
    // Every module as it is now (one registered since the last recording counts too), and its training flag.
    recordings.modules = descendants(this.model);
    recordings.modes = recordings.modules.map((m) => m.training);
    recordings.last = step;
    recordings.y = y;
  }

  /** Throws a DivergenceError for a non-finite loss, or one past `divergenceFactor` times the first batch's. */
  private checkLoss(lossValue: number, epoch: number, batch: number, lr: number): void {
    if (this.lossLimit === Infinity) this.lossLimit = this.divergenceFactor * Math.max(Math.abs(lossValue), 1);
    if (Number.isFinite(lossValue) && lossValue <= this.lossLimit) return;
    // The weights that gave this loss came from the last step: put back the ones from before it.
    this.lastFinite.restore();
    const what = Number.isFinite(lossValue)
      ? `the loss rose to ${lossValue.toPrecision(3)}, more than ${this.divergenceFactor} times its starting value`
      : `the loss is ${lossValue}`;
    throw diverged(what, epoch, batch, lr);
  }
}

/** Whether every module is in the training mode it was in when the step was recorded. */
function modesAre({ modules, modes }: Recordings): boolean {
  for (let i = 0; i < modes.length; i++) if (modules[i].training !== modes[i]) return false;
  return true;
}

/** `module` and every module registered below it. */
function descendants(module: Module): Module[] {
  return [module, ...module.children().flatMap(descendants)];
}

function diverged(what: string, epoch: number, batch: number, lr: number): DivergenceError {
  return new DivergenceError(
    `training diverged at epoch ${epoch}, batch ${batch}: ${what}. The model keeps the weights from before the step that caused it; try a lower learning rate (it was ${lr}).`,
    epoch,
    batch,
  );
}
