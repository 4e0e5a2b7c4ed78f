// accuracy, confusionMatrix and precisionRecallF1 against values published by scikit-learn (docstrings and
// sklearn/metrics/tests/test_classification.py) and hand-countable edge cases.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { accuracy, confusionMatrix, precisionRecallF1 } from '../src/index.js';

/** Label arrays with the given confusion matrix (rows true, columns predicted). */
function fromConfusionMatrix(matrix: number[][]): { yTrue: number[]; yPred: number[] } {
  const yTrue: number[] = [];
  const yPred: number[] = [];
  matrix.forEach((row, t) => row.forEach((count, p) => {
    for (let i = 0; i < count; i++) yTrue.push(t), yPred.push(p);
  }));
  return { yTrue, yPred };
}

// sklearn's test_classification.py scores the predictions of its `make_prediction` helper (an SVC on iris);
// test_confusion_matrix_multiclass prints their confusion matrix. Every score below depends on the labels
// only through this matrix, so arrays built from it reproduce what those tests assert.
const irisMatrix = [[19, 4, 1], [4, 3, 24], [0, 2, 18]];
const iris = fromConfusionMatrix(irisMatrix);
// test_confusion_matrix_binary: make_prediction(binary=True).
const binary = fromConfusionMatrix([[22, 3], [8, 17]]);

describe('accuracy', () => {
  test.each([
    // sklearn accuracy_score docstring: accuracy_score([0, 1, 2, 3], [0, 2, 1, 3]) == 0.5
    ['the accuracy_score docstring example', [0, 1, 2, 3], [0, 2, 1, 3], 0.5],
    // make_prediction(binary=False): accuracy row 0.53333 of test_classification_report_multiclass_with_digits
    ['sklearn make_prediction, multiclass (40 of 75)', iris.yTrue, iris.yPred, 40 / 75],
    ['perfect predictions', [2, 0, 1, 1], [2, 0, 1, 1], 1],
    ['no correct prediction', [0, 1], [1, 0], 0],
    ['a single sample', [3], [3], 1],
  ])('%s', (_name, yTrue, yPred, expected) => {
    expect(accuracy(yTrue, yPred)).toBe(expected);
  });

  test('accepts typed arrays, such as the Int32Array argmax returns', () => {
    expect(accuracy(Int32Array.from([0, 1, 2, 2]), Float64Array.from([0, 1, 1, 2]))).toBe(0.75);
  });
});

describe('confusionMatrix: rows are true classes, columns predicted', () => {
  test.each([
    // sklearn confusion_matrix docstring, first example
    ['the confusion_matrix docstring example', [2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], undefined, [[2, 0, 0], [0, 0, 1], [1, 0, 2]]],
    // the docstring's string example, with LabelEncoder's sorted order ant=0, bird=1, cat=2
    ['the docstring example with strings, encoded', [2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], 3, [[2, 0, 0], [0, 0, 1], [1, 0, 2]]],
    // docstring: tn, fp, fn, tp = confusion_matrix([0, 1, 0, 1], [1, 1, 1, 0]).ravel() == (0, 2, 1, 1)
    ['the binary docstring example (tn, fp / fn, tp)', [0, 1, 0, 1], [1, 1, 1, 0], undefined, [[0, 2], [1, 1]]],
    ['sklearn make_prediction, multiclass', iris.yTrue, iris.yPred, undefined, irisMatrix],
    ['numClasses adds the rows and columns of absent classes', [0, 1], [1, 1], 4, [[0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]],
    ['a class absent from predictions has a zero column', [0, 1, 2], [0, 0, 2], undefined, [[1, 0, 0], [1, 0, 0], [0, 0, 1]]],
    ['perfect predictions are diagonal', [1, 0, 1], [1, 0, 1], undefined, [[1, 0], [0, 2]]],
  ])('%s', (_name, yTrue, yPred, numClasses, expected) => {
    expect(confusionMatrix(yTrue, yPred, numClasses)).toEqual(expected);
  });

  test('row sums are the true class counts and column sums the predicted counts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { minLength: 1, maxLength: 40 }), (pairs) => {
        const yTrue = pairs.map(([t]) => t);
        const yPred = pairs.map(([, p]) => p);
        const matrix = confusionMatrix(yTrue, yPred, 5);
        for (let k = 0; k < 5; k++) {
          expect(matrix[k].reduce((a, b) => a + b, 0)).toBe(yTrue.filter((t) => t === k).length);
          expect(matrix.reduce((a, row) => a + row[k], 0)).toBe(yPred.filter((p) => p === k).length);
        }
      }),
    );
  });
});

describe('precisionRecallF1', () => {
  test('the precision_recall_fscore_support docstring example', () => {
    // y_true = [cat, dog, pig, cat, dog, pig], y_pred = [cat, pig, dog, cat, cat, dog], encoded cat=0, dog=1,
    // pig=2. The docstring prints macro (0.22..., 0.33..., 0.26...), micro (0.33..., 0.33..., 0.33...),
    // weighted (0.22..., 0.33..., 0.26...) and, for labels=['pig', 'dog', 'cat'], precision [0, 0, 0.66...],
    // recall [0, 0, 1], F [0, 0, 0.8], support [2, 2, 2]. Exactly: cat has tp 2 of 3 predicted, 2 true.
    const r = precisionRecallF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
    expect(r.precision).toEqual([2 / 3, 0, 0]);
    expect(r.recall).toEqual([1, 0, 0]);
    expect(r.f1).toEqual([0.8, 0, 0]);
    expect(r.support).toEqual([2, 2, 2]);
    expectScores(r.macro, 2 / 9, 1 / 3, 0.8 / 3);
    expectScores(r.weighted, 2 / 9, 1 / 3, 0.8 / 3);
    expectScores(r.micro, 1 / 3, 1 / 3, 1 / 3);
    expect(r.accuracy).toBe(1 / 3);
  });

  test.each([
    // precision_score docstring: y_pred = [0]*6 -> [0.33..., 0, 0]; with zero_division=1 -> [0.33..., 1, 1];
    // with zero_division=np.nan -> [0.33..., nan, nan]
    ['zero_division=0: a never-predicted class has precision 0', 0, [1 / 3, 0, 0]],
    ['zero_division=1: a never-predicted class has precision 1', 1, [1 / 3, 1, 1]],
    ['zero_division=NaN: a never-predicted class has precision NaN', NaN, [1 / 3, NaN, NaN]],
  ])('precision_score docstring, %s', (_name, zeroDivision, expected) => {
    const r = precisionRecallF1([0, 1, 2, 0, 1, 2], [0, 0, 0, 0, 0, 0], { zeroDivision });
    expect(r.precision).toEqual(expected);
  });

  test.each([
    // recall_score docstring: y_true = [0]*6, y_pred = [0, 2, 1, 0, 0, 1] -> [0.5, 0, 0]; zero_division=1 ->
    // [0.5, 1, 1]; zero_division=np.nan -> [0.5, nan, nan]
    ['zero_division=0: a class with no true samples has recall 0', 0, [0.5, 0, 0]],
    ['zero_division=1: a class with no true samples has recall 1', 1, [0.5, 1, 1]],
    ['zero_division=NaN: a class with no true samples has recall NaN', NaN, [0.5, NaN, NaN]],
  ])('recall_score docstring, %s', (_name, zeroDivision, expected) => {
    const r = precisionRecallF1([0, 0, 0, 0, 0, 0], [0, 2, 1, 0, 0, 1], { zeroDivision });
    expect(r.recall).toEqual(expected);
  });

  test.each([
    // f1_score docstring: f1_score([0]*6, [0]*6) == 0.0 (binary, so class 1 absent from both is reported);
    // zero_division=1.0 -> 1.0; zero_division=np.nan -> nan
    ['0', 0, 0],
    ['1', 1, 1],
    ['NaN', NaN, NaN],
  ])('f1_score docstring: a class absent from yTrue and yPred has F1 = zeroDivision = %s', (_name, zeroDivision, expected) => {
    const r = precisionRecallF1([0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], { numClasses: 2, zeroDivision });
    expect(r.f1[1]).toEqual(expected);
    expect(r.precision[1]).toEqual(expected);
    expect(r.recall[1]).toEqual(expected);
  });

  test('NaN scores are left out of the macro and weighted averages (sklearn >= 1.3)', () => {
    // recall is NaN for classes 1 and 2 (no true samples); only class 0's recall 3/6 is averaged.
    const r = precisionRecallF1([0, 0, 0, 0, 0, 0], [0, 2, 1, 0, 0, 1], { zeroDivision: NaN });
    expect(r.macro.recall).toBe(0.5);
    expect(r.weighted.recall).toBe(0.5);
    // precision 1, 0, 0 and F1 2*3/(6+3), 0, 0 are all defined
    expect(r.macro.precision).toBe(1 / 3);
    expect(r.macro.f1).toBeCloseTo((2 / 3) / 3, 15);
  });

  test('a weighted average whose non-NaN scores all have zero support is their plain mean, as sklearn', () => {
    const r = precisionRecallF1([0, 0], [1, 1], { zeroDivision: NaN, numClasses: 2 });
    // precision: class 0 never predicted -> NaN, class 1 predicted twice, never right -> 0
    expect(r.precision).toEqual([NaN, 0]);
    // weighted: class 1 (the only non-NaN) has support 0, so sklearn's _nanaverage falls back to the plain mean
    expect(r.weighted.precision).toBe(0);
    // recall: class 0 -> 0/2, class 1 no true samples -> NaN
    expect(r.recall).toEqual([0, NaN]);
  });

  test('sklearn make_prediction, multiclass: per-class and averaged scores', () => {
    const r = precisionRecallF1(iris.yTrue, iris.yPred);
    // test_precision_recall_f1_score_multiclass, to 2 decimals
    expectClose2(r.precision, [0.83, 0.33, 0.42]);
    expectClose2(r.recall, [0.79, 0.09, 0.9]);
    expectClose2(r.f1, [0.81, 0.15, 0.57]);
    expect(r.support).toEqual([24, 31, 20]);
    // test_classification_report_multiclass_with_digits prints these to 5 decimals
    expectClose5([r.macro.precision, r.macro.recall, r.macro.f1], [0.52601, 0.59615, 0.50998]);
    expectClose5([r.weighted.precision, r.weighted.recall, r.weighted.f1], [0.51375, 0.53333, 0.4731]);
    expectClose5([r.micro.precision, r.micro.recall, r.micro.f1, r.accuracy], [0.53333, 0.53333, 0.53333, 0.53333]);
  });

  test('sklearn make_prediction, binary: both classes', () => {
    const r = precisionRecallF1(binary.yTrue, binary.yPred);
    // test_precision_recall_f1_score_binary: f [0.80, 0.76], support [25, 25]; class 1 precision 0.85,
    // recall 0.68 (average='binary')
    expectClose2(r.f1, [0.8, 0.76]);
    expect(r.support).toEqual([25, 25]);
    expectClose2([r.precision[1], r.recall[1]], [0.85, 0.68]);
    // exact, from the matrix: class 0 tp 22 of 30 predicted and 25 true
    expect([r.precision[0], r.recall[0], r.f1[0]]).toEqual([22 / 30, 22 / 25, 44 / 55]);
  });

  test.each([
    ['perfect predictions', [0, 1, 2, 2], [0, 1, 2, 2], [1, 1, 1], [1, 1, 1], [1, 1, 1]],
    // class 1 is never predicted: precision is 0/0 -> 0, recall 0/2, F1 0/(2+0)
    ['one class absent from predictions', [0, 1, 1, 2], [0, 0, 2, 2], [1 / 2, 0, 1 / 2], [1, 0, 1], [2 / 3, 0, 2 / 3]],
    // class 2 only predicted: recall is 0/0 -> 0, precision 0/1
    ['a predicted class absent from yTrue', [0, 1], [0, 2], [1, 0, 0], [1, 0, 0], [1, 0, 0]],
  ])('%s', (_name, yTrue, yPred, precision, recall, f1) => {
    const r = precisionRecallF1(yTrue, yPred);
    expect(r.precision).toEqual(precision);
    expect(r.recall).toEqual(recall);
    expect(r.f1).toEqual(f1);
  });

  test('weighted recall equals accuracy, and F1 is the harmonic mean of precision and recall', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { minLength: 1, maxLength: 40 }), (pairs) => {
        const yTrue = pairs.map(([t]) => t);
        const yPred = pairs.map(([, p]) => p);
        const r = precisionRecallF1(yTrue, yPred, { numClasses: 4 });
        expect(r.weighted.recall).toBeCloseTo(r.accuracy, 14);
        r.f1.forEach((f, k) => {
          const [p, q] = [r.precision[k], r.recall[k]];
          expect(f).toBeCloseTo(p + q === 0 ? 0 : (2 * p * q) / (p + q), 14);
        });
      }),
    );
  });
});

function expectScores(got: { precision: number; recall: number; f1: number }, precision: number, recall: number, f1: number): void {
  expect(got.precision).toBeCloseTo(precision, 15);
  expect(got.recall).toBeCloseTo(recall, 15);
  expect(got.f1).toBeCloseTo(f1, 15);
}

/** As numpy's assert_array_almost_equal(got, want, decimal): |got - want| < 1.5 * 10^-decimal. */
function expectAlmostEqual(got: readonly number[], want: readonly number[], decimal: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]), `element ${i}: ${g} vs ${want[i]}`).toBeLessThan(1.5 * 10 ** -decimal));
}
const expectClose2 = (got: readonly number[], want: readonly number[]): void => expectAlmostEqual(got, want, 2);
// Values printed with 5 decimals are within half a unit of the 5th decimal.
const expectClose5 = (got: readonly number[], want: readonly number[]): void =>
  got.forEach((g, i) => expect(Math.abs(g - want[i]), `element ${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(0.5e-5));
