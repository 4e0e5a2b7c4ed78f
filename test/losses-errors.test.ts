// Invalid input to the losses is an error that names the op, the place and the values.
import { describe, expect, test } from 'vitest';
import {
  ShapeError,
  Tensor,
  ValueError,
  logSoftmax,
  mseLoss,
  sigmoidBinaryCrossEntropy,
  softmax,
  softmaxCrossEntropy,
  tensor,
  type Reduction,
} from '../src/index.js';

const logits = tensor([
  [1, 2, 3, 4],
  [0, 0, 0, 0],
]);

describe('softmaxCrossEntropy rejects invalid input', () => {
  test.each([
    ['a class index at or above C', () => softmaxCrossEntropy(logits, [1, 4]), ValueError, 'softmaxCrossEntropy: target[1] = 4 is outside [0, 4) and is not ignoreIndex (-100)'],
    ['a negative class index', () => softmaxCrossEntropy(logits, Int32Array.from([-1, 0])), ValueError, 'softmaxCrossEntropy: target[0] = -1 is outside [0, 4) and is not ignoreIndex (-100)'],
    ['a class index next to a custom ignoreIndex', () => softmaxCrossEntropy(logits, [-100, 2], { ignoreIndex: -1 }), ValueError, 'target[0] = -100 is outside [0, 4) and is not ignoreIndex (-1)'],
    ['a non-integer class index', () => softmaxCrossEntropy(logits, [0, 1.5]), ValueError, 'softmaxCrossEntropy: target[1] = 1.5 is not an integer class index'],
    ['a NaN class index', () => softmaxCrossEntropy(logits, [NaN, 1]), ValueError, 'target[0] = NaN is not an integer class index'],
    ['too few class indices', () => softmaxCrossEntropy(logits, [0]), ShapeError, 'softmaxCrossEntropy: target has 1 class indices but logits [2,4] have 2 rows'],
    ['logits that are not 2-D', () => softmaxCrossEntropy(tensor([1, 2, 3]), [0]), ShapeError, 'softmaxCrossEntropy: logits must be [N, C], got shape [3]'],
    ['a probability target of another shape', () => softmaxCrossEntropy(logits, tensor([[0.5, 0.5]])), ShapeError, 'probability target shape [1,2] differs from logits shape [2,4]'],
    ['class indices passed as a tensor', () => softmaxCrossEntropy(logits, tensor([0, 1])), ShapeError, '(pass class indices as an Int32Array or number[])'],
    ['a probability above 1', () => softmaxCrossEntropy(logits, tensor([[0, 0, 0, 1.5], [1, 0, 0, 0]])), ValueError, 'softmaxCrossEntropy: target[3] = 1.5 is outside [0, 1]'],
    ['a negative probability', () => softmaxCrossEntropy(logits, tensor([[0, 0, 0, 1], [1, 0, -0.25, 0]])), ValueError, 'target[6] = -0.25 is outside [0, 1]'],
    ['a weight list of the wrong length', () => softmaxCrossEntropy(logits, [0, 1], { weight: [1, 2, 3] }), ShapeError, 'softmaxCrossEntropy: weight has 3 values, expected 4 values (one per class of logits [2,4])'],
    ['a weight tensor that is not 1-D', () => softmaxCrossEntropy(logits, [0, 1], { weight: tensor([[1, 2], [3, 4]]) }), ShapeError, 'weight has shape [2,2], expected 4 values'],
    ['labelSmoothing above 1', () => softmaxCrossEntropy(logits, [0, 1], { labelSmoothing: 1.5 }), ValueError, 'softmaxCrossEntropy: labelSmoothing must be in [0, 1], got 1.5'],
    ['an unknown reduction', () => softmaxCrossEntropy(logits, [0, 1], { reduction: 'avg' as Reduction }), ValueError, "softmaxCrossEntropy: reduction must be 'mean', 'sum' or 'none', got 'avg'"],
  ])('%s', (_name, call, errorClass, message) => {
    expect(call).toThrow(errorClass);
    expect(call).toThrow(message);
  });
});

describe('sigmoidBinaryCrossEntropy rejects invalid input', () => {
  const x = tensor([
    [1, -2, 3],
    [0, 5, -1],
  ]);
  test.each([
    ['a target above 1', () => sigmoidBinaryCrossEntropy(x, [0, 1, 1.5, 0, 0, 1]), ValueError, 'sigmoidBinaryCrossEntropy: targets[2] = 1.5 is outside [0, 1]'],
    ['a negative target', () => sigmoidBinaryCrossEntropy(x, tensor([[0, 1, 1], [0, -0.5, 1]])), ValueError, 'targets[4] = -0.5 is outside [0, 1]'],
    ['a NaN target', () => sigmoidBinaryCrossEntropy(x, [0, NaN, 1, 0, 0, 1]), ValueError, 'targets[1] = NaN is outside [0, 1]'],
    ['a target tensor of another shape', () => sigmoidBinaryCrossEntropy(x, tensor([0, 1, 1, 0, 0, 1])), ShapeError, 'sigmoidBinaryCrossEntropy: target shape [6] differs from input shape [2,3]'],
    ['a target list of another length', () => sigmoidBinaryCrossEntropy(x, [0, 1, 1]), ShapeError, 'sigmoidBinaryCrossEntropy: target has 3 values, input of shape [2,3] has 6'],
    ['a weight that does not broadcast', () => sigmoidBinaryCrossEntropy(x, [0, 1, 1, 0, 0, 1], { weight: [1, 2] }), ShapeError, 'sigmoidBinaryCrossEntropy: [2] and [2,3] do not broadcast'],
    ['a weight that would grow the input', () => sigmoidBinaryCrossEntropy(x, [0, 1, 1, 0, 0, 1], { weight: tensor([[[1, 2, 3]], [[1, 2, 3]]]) }), ShapeError, 'weight of shape [2,1,3] does not broadcast to the input shape [2,3]'],
    ['a posWeight of the wrong length', () => sigmoidBinaryCrossEntropy(x, [0, 1, 1, 0, 0, 1], { posWeight: [1, 2] }), ShapeError, 'sigmoidBinaryCrossEntropy: posWeight has 2 values, expected 3 values (one per label, the last dimension of input [2,3])'],
    ['an unknown reduction', () => sigmoidBinaryCrossEntropy(x, [0, 1, 1, 0, 0, 1], { reduction: 'batchmean' as Reduction }), ValueError, "got 'batchmean'"],
  ])('%s', (_name, call, errorClass, message) => {
    expect(call).toThrow(errorClass);
    expect(call).toThrow(message);
  });
});

describe('mseLoss, softmax and logSoftmax reject invalid input', () => {
  test.each([
    ['mseLoss with shapes that differ', () => mseLoss(tensor([[1, 2]]), tensor([1, 2])), ShapeError, 'mseLoss: target shape [2] differs from input shape [1,2]'],
    ['mseLoss with an unknown reduction', () => mseLoss(tensor([1]), [1], { reduction: 'all' as Reduction }), ValueError, "mseLoss: reduction must be 'mean', 'sum' or 'none', got 'all'"],
    ['softmax along an axis the tensor lacks', () => softmax(tensor([[1, 2]]), 2), ShapeError, 'softmax: axis 2 is out of range for a tensor of rank 2'],
    ['logSoftmax of a scalar', () => logSoftmax(new Tensor(new Float32Array(1), [])), ShapeError, 'logSoftmax: axis -1 is out of range for a tensor of rank 0'],
  ])('%s', (_name, call, errorClass, message) => {
    expect(call).toThrow(errorClass);
    expect(call).toThrow(message);
  });
});
