// rocAuc against scikit-learn's published values (roc_auc_score docstring, sklearn/metrics/tests/
// test_ranking.py::test_roc_curve_toydata) and the pair-counting definition of the area, ties counting half.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { rocAuc } from '../src/index.js';

/**
 * The area under the ROC curve counted over (positive, negative) pairs: a pair ranked right scores 1, a
 * tie 1/2. The trapezoidal area under sklearn's ROC curve equals this (Mann-Whitney U / (P N)).
 */
function pairCountingAuc(yTrue: number[], scores: number[]): number {
  let twiceWins = 0, pairs = 0;
  yTrue.forEach((y, i) => {
    if (y !== 1) return;
    yTrue.forEach((z, j) => {
      if (z !== 0) return;
      pairs++;
      twiceWins += scores[i] > scores[j] ? 2 : scores[i] === scores[j] ? 1 : 0;
    });
  });
  return twiceWins / (2 * pairs);
}

describe('rocAuc', () => {
  test.each([
    // roc_auc_score docstring (<= 1.0) and user guide: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    ['the roc_auc_score docstring example', [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.75],
    // test_roc_curve_toydata, in order
    ['toydata: [0, 1] scored [0, 1]', [0, 1], [0, 1], 1],
    ['toydata: [0, 1] scored [1, 0]', [0, 1], [1, 0], 0],
    ['toydata: [1, 0] scored [1, 1] (a tie)', [1, 0], [1, 1], 0.5],
    ['toydata: [1, 0] scored [1, 0]', [1, 0], [1, 0], 1],
    ['toydata: [1, 0] scored [0.5, 0.5] (a tie)', [1, 0], [0.5, 0.5], 0.5],
    // hand-counted: 2 positives x 2 negatives; pairs (0.8, 0.3) and (0.8, 0.5) win, (0.5, 0.5) ties, (0.5, 0.3) wins
    ['a tie across classes counts one half', [1, 1, 0, 0], [0.8, 0.5, 0.5, 0.3], 3.5 / 4],
    ['ties within one class change nothing', [1, 1, 0, 0], [0.7, 0.7, 0.2, 0.2], 1],
    ['every score equal', [0, 1, 1, 0, 1], [3, 3, 3, 3, 3], 0.5],
    ['scores need not be probabilities', [0, 0, 1, 1], [-10, 4e9, 2, 5e9], 0.75],
  ])('%s', (_name, yTrue, scores, expected) => {
    expect(rocAuc(yTrue, scores)).toBe(expected);
  });

  test('equals the pair-counting area, ties counting half, on random tie-heavy data', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1), fc.integer({ min: -3, max: 3 })), { minLength: 2, maxLength: 60 }), (samples) => {
        const yTrue = samples.map(([y]) => y);
        const scores = samples.map(([, s]) => s / 2);
        fc.pre(yTrue.includes(0) && yTrue.includes(1));
        // both are (integer) / (2 P N), so they agree to the last bit
        expect(rocAuc(yTrue, scores)).toBe(pairCountingAuc(yTrue, scores));
      }),
    );
  });

  test('depends only on the ranking, and swapping the classes gives 1 - AUC', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1), fc.integer({ min: -20, max: 20 })), { minLength: 2, maxLength: 40 }), (samples) => {
        const yTrue = samples.map(([y]) => y);
        const scores = samples.map(([, s]) => s);
        fc.pre(yTrue.includes(0) && yTrue.includes(1));
        const auc = rocAuc(yTrue, scores);
        // the sigmoid is strictly increasing, and distinct on these integers even in floating point
        expect(rocAuc(yTrue, scores.map((s) => 1 / (1 + Math.exp(-s))))).toBe(auc);
        expect(rocAuc(yTrue.map((y) => 1 - y), scores)).toBeCloseTo(1 - auc, 14);
      }),
    );
  });

  test('accepts typed arrays', () => {
    expect(rocAuc(Int32Array.from([0, 0, 1, 1]), Float32Array.from([0.1, 0.4, 0.35, 0.8]))).toBe(0.75);
  });

  test.each([
    // test_roc_curve_toydata: roc_auc_score([0, 0], ...) and ([1, 1], ...) raise ValueError ("Only one class
    // present in y_true. ROC AUC score is not defined in that case.")
    ['only negatives', [0, 0], [0.25, 0.75], /^rocAuc: only one class present in yTrue \(all 2 labels are 0\); ROC AUC is not defined in that case$/],
    ['only positives', [1, 1], [0.25, 0.75], /^rocAuc: only one class present in yTrue \(all 2 labels are 1\); ROC AUC is not defined in that case$/],
    ['a label that is not 0 or 1', [0, 2, 1], [0.1, 0.2, 0.3], /^rocAuc: yTrue\[1\] = 2 is not a binary label \(0 or 1\)$/],
    ['a NaN score', [0, 1], [0.1, NaN], /^rocAuc: scores\[1\] = NaN is not a finite number$/],
    ['an infinite score', [0, 1], [-Infinity, 0], /^rocAuc: scores\[0\] = -Infinity is not a finite number$/],
    ['a length mismatch', [0, 1, 1], [0.1, 0.2], /^rocAuc: yTrue and scores differ in length \(3 vs 2\)$/],
    ['no samples', [], [], /^rocAuc: yTrue and scores are empty; a metric needs at least one sample$/],
  ])('throws a ValueError for %s', (_name, yTrue, scores, message) => {
    expect(() => rocAuc(yTrue, scores)).toThrow(message);
    expect(() => rocAuc(yTrue, scores)).toThrow(expect.objectContaining({ name: 'ValueError' }));
  });
});
