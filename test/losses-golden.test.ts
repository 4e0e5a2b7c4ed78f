// Every case of cross_entropy.json, bce.json and softmax.json through the public API, in float64 and float32.
import { describe, expect, test } from 'vitest';
import {
  Tensor,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  logSigmoid,
  logSoftmax,
  neg,
  sigmoid,
  sigmoidBinaryCrossEntropy,
  softmax,
  softmaxCrossEntropy,
  type DType,
} from '../src/index.js';
import { expectClose, fromGolden, readGolden, tolerance, type GoldenTensor } from './helpers/golden.js';

const dtypes: DType[] = ['float64', 'float32'];
const named = <T extends { name: string }>(cases: T[]): [string, T][] => cases.map((c) => [c.name, c]);

/** The gradient a golden case states: of the loss, or of the sum of the per-element losses for 'none'. */
function backwardAsGolden(loss: Tensor, gradOf: string): void {
  if (gradOf === 'loss.sum()') loss.backward(new Float64Array(loss.size).fill(1));
  else loss.backward();
}

function expectLoss(loss: Tensor, want: number | GoldenTensor, dtype: DType): void {
  if (typeof want === 'number') {
    expect(loss.shape).toEqual([]);
    expectClose(loss.item(), want, tolerance[dtype], 'loss');
  } else {
    expect(loss.shape).toEqual(want.shape);
    expectClose(loss.data, want, tolerance[dtype], 'loss');
  }
}

interface CrossEntropyCase {
  name: string;
  logits: GoldenTensor;
  target_type: string;
  target: GoldenTensor;
  options: { reduction: 'mean' | 'sum' | 'none'; weight: number[] | null; label_smoothing: number; ignore_index: number | null };
  loss: number | GoldenTensor;
  grad_logits: GoldenTensor;
  grad_of: string;
}

const crossEntropyCases: CrossEntropyCase[] = readGolden('cross_entropy.json').cases;

describe.each(dtypes)('softmaxCrossEntropy reproduces torch F.cross_entropy (%s)', (dtype) => {
  test.each(named(crossEntropyCases))('%s: loss and gradient', (_name, c) => {
    const logits = fromGolden(c.logits, dtype, true);
    const { reduction, weight, label_smoothing, ignore_index } = c.options;
    // Class indices go in as number[] in float64 and as Int32Array in float32, so both forms are covered.
    const target = c.target_type === 'probabilities' ? fromGolden(c.target, dtype) : dtype === 'float64' ? c.target.data : Int32Array.from(c.target.data);
    const loss = softmaxCrossEntropy(logits, target, {
      reduction,
      weight: weight === null ? undefined : fromGolden({ shape: [weight.length], data: weight }, dtype),
      labelSmoothing: label_smoothing,
      ignoreIndex: ignore_index ?? undefined,
    });
    expectLoss(loss, c.loss, dtype);
    backwardAsGolden(loss, c.grad_of);
    expectClose(logits.grad!.data, c.grad_logits, tolerance[dtype], 'grad_logits');
  });
});

test.each(named(crossEntropyCases))('%s: weight as a number[] and crossEntropy as an alias give the same result', (_name, c) => {
  const logits = fromGolden(c.logits, 'float64');
  const { reduction, weight, label_smoothing } = c.options;
  const loss = crossEntropy(logits, c.target.data, { reduction, weight: weight ?? undefined, labelSmoothing: label_smoothing });
  expectLoss(loss, c.loss, 'float64');
});

interface BinaryCrossEntropyCase {
  name: string;
  logits: GoldenTensor;
  target: GoldenTensor;
  options: { reduction: 'mean' | 'sum' | 'none'; weight: GoldenTensor | null; pos_weight: GoldenTensor | null };
  loss: number | GoldenTensor;
  grad_logits: GoldenTensor;
  grad_of: string;
}

const bceCases: BinaryCrossEntropyCase[] = readGolden('bce.json').cases;

describe.each(dtypes)('sigmoidBinaryCrossEntropy reproduces torch F.binary_cross_entropy_with_logits (%s)', (dtype) => {
  test.each(named(bceCases))('%s: loss and gradient', (_name, c) => {
    const logits = fromGolden(c.logits, dtype, true);
    const { reduction, weight, pos_weight } = c.options;
    const loss = sigmoidBinaryCrossEntropy(logits, fromGolden(c.target, dtype), {
      reduction,
      weight: weight === null ? undefined : fromGolden(weight, dtype),
      posWeight: pos_weight === null ? undefined : fromGolden(pos_weight, dtype),
    });
    expectLoss(loss, c.loss, dtype);
    backwardAsGolden(loss, c.grad_of);
    expectClose(logits.grad!.data, c.grad_logits, tolerance[dtype], 'grad_logits');
  });
});

test.each(named(bceCases))('%s: plain number[] targets and options, through the torch-named alias', (_name, c) => {
  const logits = fromGolden(c.logits, 'float64', true);
  const { reduction, weight, pos_weight } = c.options;
  const loss = binaryCrossEntropyWithLogits(logits, c.target.data, {
    reduction,
    weight: weight === null ? undefined : fromGolden(weight),
    posWeight: pos_weight?.data,
  });
  expectLoss(loss, c.loss, 'float64');
  backwardAsGolden(loss, c.grad_of);
  expectClose(logits.grad!.data, c.grad_logits, tolerance.float64, 'grad_logits');
});

interface SoftmaxCase {
  name: string;
  kind: 'softmax';
  x: GoldenTensor;
  softmax: GoldenTensor;
  log_softmax: GoldenTensor;
}

interface SigmoidCase {
  name: string;
  kind: 'sigmoid';
  x: GoldenTensor;
  sigmoid: GoldenTensor;
  log_sigmoid: GoldenTensor;
  log_one_minus_sigmoid: GoldenTensor;
}

const softmaxGolden: (SoftmaxCase | SigmoidCase)[] = readGolden('softmax.json').cases;
const softmaxCases = softmaxGolden.filter((c): c is SoftmaxCase => c.kind === 'softmax');
const sigmoidCases = softmaxGolden.filter((c): c is SigmoidCase => c.kind === 'sigmoid');

describe.each(dtypes)('softmax, logSoftmax and logSigmoid reproduce torch (%s)', (dtype) => {
  test.each(named(softmaxCases))('%s: softmax and log_softmax over the last axis', (_name, c) => {
    const x = fromGolden(c.x, dtype);
    expectClose(softmax(x).data, c.softmax, tolerance[dtype], 'softmax');
    expectClose(logSoftmax(x).data, c.log_softmax, tolerance[dtype], 'log_softmax');
    expectClose(logSoftmax(x, 1).data, c.log_softmax, tolerance[dtype], 'log_softmax, axis 1');
  });

  test.each(named(sigmoidCases))('%s: sigmoid, log sigmoid and log(1 - sigmoid)', (_name, c) => {
    const x = fromGolden(c.x, dtype);
    expectClose(sigmoid(x).data, c.sigmoid, tolerance[dtype], 'sigmoid');
    expectClose(logSigmoid(x).data, c.log_sigmoid, tolerance[dtype], 'log_sigmoid');
    expectClose(logSigmoid(neg(x)).data, c.log_one_minus_sigmoid, tolerance[dtype], 'log_one_minus_sigmoid');
  });
});
