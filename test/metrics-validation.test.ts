// Bad label inputs to the count-based metrics: each is a ValueError naming the function, the argument and
// the offending values.
import { describe, expect, test } from 'vitest';
import { accuracy, classificationReport, confusionMatrix, precisionRecallF1 } from '../src/index.js';

type LabelMetric = (yTrue: number[], yPred: number[]) => unknown;

const metrics: [string, LabelMetric][] = [
  ['accuracy', (t, p) => accuracy(t, p)],
  ['confusionMatrix', (t, p) => confusionMatrix(t, p)],
  ['precisionRecallF1', (t, p) => precisionRecallF1(t, p)],
  ['classificationReport', (t, p) => classificationReport(t, p)],
];

const badPairs: [string, number[], number[], string][] = [
  ['a length mismatch', [0, 1, 1], [0, 1], 'yTrue and yPred differ in length (3 vs 2)'],
  ['empty inputs', [], [], 'yTrue and yPred are empty; a metric needs at least one sample'],
  ['a fractional label', [0, 1, 1], [0, 1.5, 1], 'yPred[1] = 1.5 is not a class index (a non-negative integer)'],
  ['a negative label', [0, -1], [0, 1], 'yTrue[1] = -1 is not a class index (a non-negative integer)'],
  ['a NaN label', [NaN, 1], [0, 1], 'yTrue[0] = NaN is not a class index (a non-negative integer)'],
  ['an infinite label', [0, 1], [Infinity, 1], 'yPred[0] = Infinity is not a class index (a non-negative integer)'],
];

describe.each(metrics)('%s rejects bad labels', (name, metric) => {
  test.each(badPairs)('%s', (_case, yTrue, yPred, message) => {
    expect(() => metric(yTrue, yPred)).toThrow(`${name}: ${message}`);
    expect(() => metric(yTrue, yPred)).toThrow(expect.objectContaining({ name: 'ValueError' }));
  });
});

describe('numClasses and options', () => {
  test.each([
    ['confusionMatrix', () => confusionMatrix([0, 3], [0, 1], 3), 'confusionMatrix: yTrue[1] = 3 is out of range for numClasses = 3 (expected 0..2)'],
    ['precisionRecallF1', () => precisionRecallF1([0, 1], [0, 2], { numClasses: 2 }), 'precisionRecallF1: yPred[1] = 2 is out of range for numClasses = 2 (expected 0..1)'],
    ['classificationReport', () => classificationReport([0, 2], [0, 1], { classNames: ['a', 'b'] }), 'classificationReport: yTrue[1] = 2 is out of range for 2 classNames (expected 0..1)'],
    ['confusionMatrix', () => confusionMatrix([0], [0], 0), 'confusionMatrix: numClasses must be a positive integer, got 0'],
    ['precisionRecallF1', () => precisionRecallF1([0], [0], { numClasses: 2.5 }), 'precisionRecallF1: numClasses must be a positive integer, got 2.5'],
    ['precisionRecallF1', () => precisionRecallF1([0], [0], { zeroDivision: 0.5 }), 'precisionRecallF1: zeroDivision must be 0, 1 or NaN, got 0.5'],
    ['classificationReport', () => classificationReport([0], [0], { digits: -1 }), 'classificationReport: digits must be an integer in [0, 20], got -1'],
    ['classificationReport', () => classificationReport([0], [0], { classNames: ['a', 'b'], numClasses: 3 }), 'classificationReport: numClasses = 3 does not match the 2 classNames'],
    ['classificationReport', () => classificationReport([0], [0], { classNames: [] }), 'classificationReport: classNames is empty'],
  ])('%s: %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
